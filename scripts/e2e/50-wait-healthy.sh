#!/usr/bin/env bash
# Step 5: every Application Synced and Healthy (the ApplicationSet's model apps included).
source "$(dirname "$0")/lib.sh"
log "waiting for every Application to be Synced and Healthy"
all_healthy() {
  local apps
  apps=$(kubectl -n argocd get applications -o json)
  echo "$apps" | jq -r '.items[] | "\(.metadata.name)\t\(.status.sync.status // "-")\t\(.status.health.status // "-")"'
  echo "$apps" | jq -e --arg m "$E2E_MODEL" '
    (.items | length) > 0
    and any(.items[]; .metadata.name == $m)
    and all(.items[]; .status.sync.status == "Synced" and .status.health.status == "Healthy")' >/dev/null
}
if ! retry 1200 20 "all Applications Synced+Healthy" -- all_healthy; then exit 1; fi
