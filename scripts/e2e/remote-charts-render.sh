#!/usr/bin/env bash
# With the network: the pipeline renders this repository's remote charts (cert-manager, KServe's two
# charts, Kyverno) instead of reporting them unavailable; then a second, --offline run renders them from
# the cache alone (no pull). Needs node and a built CLI (npx pnpm@10 run build); no cluster.
source "$(dirname "$0")/lib.sh"
need jq "apt-get install jq"
cache="$E2E_WORK/remote-charts-cache"
rm -rf "$cache"
cd "$REPO_ROOT"

log "render with the network on (charts pulled into $cache)"
node packages/cli/dist/bin.cjs render . --no-offline --format json --cache-dir "$cache" >"$E2E_WORK/online.json" || true
for app in cert-manager kserve-crd kserve kyverno; do
  status=$(jq -r --arg a "$app" '.apps[] | select(.name == $a) | .status' "$E2E_WORK/online.json")
  version=$(jq -r --arg a "$app" '.apps[] | select(.name == $a) | .sources[0].chart.version // ""' "$E2E_WORK/online.json")
  objects=$(jq -r --arg a "$app" '[.manifests[] | select(.source.app == $a)] | length' "$E2E_WORK/online.json")
  echo "$app: status=$status chart=$version objects=$objects"
  [ "$status" = rendered ] || fail "$app was not rendered: $(jq -c --arg a "$app" '[.findings[] | select(.object.name == $a) | .message]' "$E2E_WORK/online.json")"
  [ -n "$version" ] || fail "$app has no resolved chart version"
  [ "$objects" -gt 0 ] || fail "$app rendered no objects"
done

log "render again with --offline: the cache alone"
node packages/cli/dist/bin.cjs render . --offline --format json --cache-dir "$cache" >"$E2E_WORK/offline.json" || true
missing=$(jq '[.findings[] | select(.ruleId == "coverage/app-not-rendered")] | length' "$E2E_WORK/offline.json")
[ "$missing" -eq 0 ] || fail "$missing app(s) not rendered from the cache"
a=$(jq '.manifests | length' "$E2E_WORK/online.json")
b=$(jq '.manifests | length' "$E2E_WORK/offline.json")
[ "$a" = "$b" ] || fail "online ($a objects) and cached ($b objects) renders differ"
echo "remote charts rendered online and from the cache: $a objects"
