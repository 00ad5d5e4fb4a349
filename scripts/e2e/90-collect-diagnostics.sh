#!/usr/bin/env bash
# Always (on failure): what an engineer needs to see why the run failed.
source "$(dirname "$0")/lib.sh"
set +e
out="$E2E_WORK/diagnostics"
mkdir -p "$out"
log "collecting diagnostics into $out"
kubectl get applications,applicationsets -A -o yaml >"$out/argo-apps.yaml"
kubectl get events -A --sort-by=.lastTimestamp >"$out/events.txt"
kubectl -n argocd logs deploy/argocd-repo-server --tail=500 >"$out/repo-server.log"
kubectl -n argocd logs statefulset/argocd-application-controller --tail=500 >"$out/application-controller.log"
kubectl -n kserve logs deploy/kserve-controller-manager --tail=500 >"$out/kserve-controller.log"
kubectl -n kyverno logs deploy/kyverno-admission-controller --tail=500 >"$out/kyverno.log"
kubectl -n "$E2E_MODEL_NS" describe inferenceservice >"$out/isvc-describe.txt"
kubectl get pods -A -o wide >"$out/pods.txt"
exit 0
