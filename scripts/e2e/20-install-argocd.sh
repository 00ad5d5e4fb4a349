#!/usr/bin/env bash
# Step 2: Argo CD, pinned, plus the Application health check that makes app-of-apps waves wait.
source "$(dirname "$0")/lib.sh"
log "installing Argo CD $E2E_ARGOCD_VERSION"
kubectl create namespace argocd --dry-run=client -o yaml | kubectl apply -f -
# Server-side apply: the ApplicationSet CRD is over the client-side annotation limit.
kubectl apply -n argocd --server-side --force-conflicts \
  -f "https://raw.githubusercontent.com/argoproj/argo-cd/${E2E_ARGOCD_VERSION}/manifests/install.yaml"
kubectl -n argocd patch configmap argocd-cm --type merge --patch-file "$REPO_ROOT/gitops/bootstrap/argocd/argocd-cm-patch.yaml"
kubectl -n argocd rollout restart statefulset/argocd-application-controller \
  deploy/argocd-applicationset-controller deploy/argocd-repo-server
for w in statefulset/argocd-application-controller deploy/argocd-applicationset-controller \
         deploy/argocd-repo-server deploy/argocd-server deploy/argocd-redis; do
  kubectl -n argocd rollout status "$w" --timeout=5m
done
