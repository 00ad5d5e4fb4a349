#!/usr/bin/env bash
# Step 8: admission control: a non-compliant Deployment (:latest, no owner labels, no limits)
# applied directly with kubectl is denied by the Kyverno policy pack (Enforce).
source "$(dirname "$0")/lib.sh"
log "applying a non-compliant Deployment; Kyverno must deny it"
retry 300 10 "Kyverno policies Ready" -- bash -c \
  'kubectl get clusterpolicy -o json | jq -e "(.items|length) > 0 and all(.items[]; .status.ready == true or any(.status.conditions[]?; .type==\"Ready\" and .status==\"True\"))" >/dev/null'
set +e
out=$(kubectl apply -n team-ml-platform -f - 2>&1 <<'YAML'
apiVersion: apps/v1
kind: Deployment
metadata:
  name: e2e-noncompliant
spec:
  selector: {matchLabels: {app: e2e-noncompliant}}
  template:
    metadata: {labels: {app: e2e-noncompliant}}
    spec:
      containers:
        - name: web
          image: nginx:latest
YAML
)
code=$?
set -e
echo "$out"
[ "$code" -ne 0 ] || { kubectl -n team-ml-platform delete deploy e2e-noncompliant --ignore-not-found; fail "the non-compliant Deployment was admitted"; }
echo "$out" | grep -q "admission webhook" || fail "kubectl failed, but not because of admission: $out"
echo "$out" | grep -Eq "require-neuroscale-labels|disallow-latest-tag|require-requests-limits" || fail "denied, but not by the NeuroScale pack: $out"
