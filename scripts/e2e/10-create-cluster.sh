#!/usr/bin/env bash
# Step 1: a k3d cluster (one server, one agent, no traefik: KServe RawDeployment is reached by port-forward).
source "$(dirname "$0")/lib.sh"
log "creating k3d cluster $E2E_CLUSTER ($E2E_K3S_IMAGE)"
k3d cluster create "$E2E_CLUSTER" --image "$E2E_K3S_IMAGE" --agents 1 \
  --k3s-arg "--disable=traefik@server:0" --wait --timeout 180s
kubectl config use-context "k3d-$E2E_CLUSTER"
retry 120 5 "nodes Ready" -- kubectl wait --for=condition=Ready nodes --all --timeout=10s
kubectl get nodes -o wide
