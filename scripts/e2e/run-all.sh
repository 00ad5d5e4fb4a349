#!/usr/bin/env bash
# Local entry point (where Docker exists): every step in order, diagnostics and teardown always.
#   E2E_REPO_URL=https://github.com/<you>/<fork>.git E2E_BRANCH=e2e/$(whoami) scripts/e2e/run-all.sh
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
status=0
for step in 00-prerequisites 10-create-cluster 20-install-argocd 30-publish-revision 40-bootstrap 50-wait-healthy 60-predict 70-self-heal 80-kyverno-denies; do
  if ! bash "$here/$step.sh"; then
    echo "step $step failed" >&2
    status=1
    break
  fi
done
[ "$status" -eq 0 ] || bash "$here/90-collect-diagnostics.sh"
[ "${E2E_KEEP_CLUSTER:-0}" = "1" ] || bash "$here/99-teardown.sh"
exit "$status"
