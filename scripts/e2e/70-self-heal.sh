#!/usr/bin/env bash
# Step 7: delete an object Argo CD manages and wait for self-heal to put it back.
source "$(dirname "$0")/lib.sh"
ns=team-ml-platform
obj=$(kubectl -n "$ns" get resourcequota -o name | head -n1)
[ -n "$obj" ] || fail "no ResourceQuota in $ns to delete"
old_uid=$(kubectl -n "$ns" get "$obj" -o jsonpath='{.metadata.uid}')
log "deleting $ns/$obj (uid $old_uid); Argo CD must restore it"
kubectl -n "$ns" delete "$obj" --wait=true
restored() {
  local uid
  uid=$(kubectl -n "$ns" get "$obj" -o jsonpath='{.metadata.uid}' 2>/dev/null) || return 1
  [ -n "$uid" ] && [ "$uid" != "$old_uid" ]
}
retry 300 5 "$obj restored by self-heal" -- restored
echo "restored with uid $(kubectl -n "$ns" get "$obj" -o jsonpath='{.metadata.uid}')"
