#!/usr/bin/env bash
# Step 0: the tools exist (docker engine, k3d, kubectl, jq, curl).
source "$(dirname "$0")/lib.sh"
log "checking prerequisites"
need docker "a running Docker engine"
docker info >/dev/null 2>&1 || fail "the Docker engine is not reachable (docker info failed)"
need k3d "https://k3d.io, v5.x"
need kubectl "v1.31+"
need jq "jq 1.6+"
need curl "curl"
k3d version
kubectl version --client
