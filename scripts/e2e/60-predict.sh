#!/usr/bin/env bash
# Step 6: the InferenceService is Ready and answers a v1 prediction.
source "$(dirname "$0")/lib.sh"
log "waiting for InferenceService $E2E_MODEL"
kubectl -n "$E2E_MODEL_NS" wait "inferenceservice/$E2E_MODEL" --for=condition=Ready --timeout=10m
kubectl -n "$E2E_MODEL_NS" port-forward "svc/${E2E_MODEL}-predictor" 18080:80 >"$E2E_WORK/port-forward.log" 2>&1 &
pf=$!
trap 'kill $pf 2>/dev/null || true' EXIT
retry 60 2 "port-forward" -- curl -s -o /dev/null "http://127.0.0.1:18080/"
body='{"instances": [[6.8, 2.8, 4.8, 1.4], [6.0, 3.4, 4.5, 1.6]]}'
out=$(curl -sf -X POST "http://127.0.0.1:18080/v1/models/${E2E_MODEL}:predict" -H 'Content-Type: application/json' -d "$body")
echo "prediction: $out"
echo "$out" | jq -e '.predictions | length == 2' >/dev/null || fail "unexpected prediction response: $out"
