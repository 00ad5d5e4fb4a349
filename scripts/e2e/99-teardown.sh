#!/usr/bin/env bash
# Always: delete the cluster and the throw-away branch.
source "$(dirname "$0")/lib.sh"
set +e
log "tearing down"
k3d cluster delete "$E2E_CLUSTER"
if [ -n "${E2E_BRANCH:-}" ]; then git -C "$REPO_ROOT" push origin --delete "$E2E_BRANCH"; fi
exit 0
