#!/usr/bin/env bash
# Shared helpers for the k3d end-to-end steps. Each step is a script that checks its own result
# and exits non-zero on failure, so the job (or a local run) stops at the first broken step.
set -euo pipefail

E2E_CLUSTER="${E2E_CLUSTER:-neuroscale-e2e}"
E2E_K3S_IMAGE="${E2E_K3S_IMAGE:-rancher/k3s:v1.33.1-k3s1}"
E2E_ARGOCD_VERSION="${E2E_ARGOCD_VERSION:-v3.0.23}"          # bundles helm 3.17 / kustomize 5.6 (render parity)
E2E_REPO_URL_IN_TREE="https://github.com/neuroscale/neuroscale.git"
E2E_WORK="${E2E_WORK:-${RUNNER_TEMP:-/tmp}/neuroscale-e2e}"
E2E_MODEL="${E2E_MODEL:-ai-model-alpha}"
E2E_MODEL_NS="model-${E2E_MODEL}"
REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
mkdir -p "$E2E_WORK"

log() { printf '\n\033[1m==> %s\033[0m\n' "$*"; }
fail() { printf 'E2E FAILED: %s\n' "$*" >&2; exit 1; }

need() {
  command -v "$1" >/dev/null 2>&1 || fail "$1 is required on PATH ($2)"
}

# retry <seconds> <interval> <description> -- command...
retry() {
  local deadline=$(( $(date +%s) + $1 )) interval=$2 what=$3
  shift 4
  until "$@"; do
    [ "$(date +%s)" -lt "$deadline" ] || fail "timed out after $1s waiting for: $what"
    sleep "$interval"
  done
}
