#!/usr/bin/env bash
# Step 3: make the revision under test reachable by Argo CD. In-tree Applications say
# `targetRevision: HEAD` of https://github.com/neuroscale/neuroscale.git; Argo would deploy the
# default branch, not this change. We commit a rewritten copy to a throw-away branch
# (repoURL → E2E_REPO_URL, HEAD → E2E_BRANCH) and push it. Needs a token allowed to push
# (same-repo PRs); the teardown step deletes the branch.
source "$(dirname "$0")/lib.sh"
: "${E2E_REPO_URL:?set E2E_REPO_URL to the https URL of this repository}"
: "${E2E_BRANCH:?set E2E_BRANCH to a throw-away branch name, e.g. ci/e2e-\$GITHUB_RUN_ID}"
log "publishing the tree under test as $E2E_BRANCH"
work="$E2E_WORK/publish"
rm -rf "$work"
git -C "$REPO_ROOT" worktree add --detach "$work" HEAD
node "$REPO_ROOT/scripts/e2e/rewrite-revisions.mjs" "$work/gitops" "$E2E_REPO_URL_IN_TREE" "$E2E_REPO_URL" "$E2E_BRANCH"
git -C "$work" -c user.name=neuroscale-e2e -c user.email=e2e@neuroscale.invalid commit -qam "e2e: pin sources to $E2E_BRANCH"
git -C "$work" push --force origin "HEAD:refs/heads/$E2E_BRANCH"
cp "$work/gitops/bootstrap/root-app.yaml" "$E2E_WORK/root-app.yaml"
grep -q "targetRevision: $E2E_BRANCH" "$E2E_WORK/root-app.yaml" || fail "root app was not rewritten"
git -C "$REPO_ROOT" worktree remove --force "$work"
