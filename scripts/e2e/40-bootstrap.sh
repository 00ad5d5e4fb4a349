#!/usr/bin/env bash
# Step 4: apply the root app-of-apps (the rewritten copy from step 3).
source "$(dirname "$0")/lib.sh"
log "applying the root Application"
kubectl apply -n argocd -f "$E2E_WORK/root-app.yaml"
retry 120 5 "root Application exists" -- kubectl -n argocd get application root
