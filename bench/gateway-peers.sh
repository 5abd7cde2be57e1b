#!/usr/bin/env bash
# Gateway overhead side by side, in one run, same upstream, interleaved rounds:
#   direct    the upstream itself (the limit)
#   minproxy  the floor for any Node proxy: read body, forward on a keep-alive pool, pipe back (no auth, no parsing)
#   ours      this project's /v1/chat/completions with an API key through a custom endpoint (content guard off, as
#             the peers have none)
#   ours-guard  the same through an endpoint with the content guard on (prompt and answer moderated)
#   portkey   Portkey's open-source AI gateway (npm @portkey-ai/gateway), a popular peer
# Usage, from the project's root after `npm run build`:
#   bench/gateway-peers.sh [rounds=3] [seconds=8] [connections=50]      (MODES="plain stream")
# (This is the project's copy of ../shared/tools/bench/gateway-peers.sh, adapted to the cloud's MaaS API: a service,
# two custom endpoints at /v1/{project_id}/maas/services/custom-endpoint/endpoint, a key at /v2/.../api-keys.)
# Prints one line per run: name, req/s, p50, p99, errors, the server's CPU time per call. Compare ratios within
# one run; the machine is noisy.
# If the project's API changes, adapt the setup calls below (token, service, agreement, endpoints, key).
set -u
proj=$(pwd); here=$(cd "$(dirname "$0")" && pwd)
rounds=${1:-3}; secs=${2:-8}; conns=${3:-50}
peer=/tmp/aisp-peer-bench; work=$peer/run; rm -rf $work; mkdir -p $work/data
if [ ! -d $peer/node_modules/@portkey-ai/gateway ]; then
  (cd $peer && npm init -y >/dev/null && npm install --silent @portkey-ai/gateway@1.15.2 autocannon@8 undici@6 >/dev/null 2>&1) || { echo "peer install failed"; exit 1; }
fi
ac=$peer/node_modules/.bin/autocannon
node $here/upstream.mjs 19001 & up=$!
cp $here/minproxy.mjs $peer/minproxy.mjs; node $peer/minproxy.mjs 19004 & mp=$!
node $peer/node_modules/@portkey-ai/gateway/build/start-server.js --port=19002 --headless >$work/portkey.log 2>&1 & pk=$!
AISP_DATA_DIR=$work/data AISP_PORT=19003 AISP_LOG_LEVEL=warn AISP_UPSTREAM_ALLOW_PRIVATE=true \
  AISP_RATE_LIMIT_PER_SECOND=1000000 AISP_RATE_LIMIT_BURST=1000000 AISP_WARM_UP_CLASSIFIER=false \
  node dist/src/main.js serve >$work/aisp.log 2>&1 & gw=$!
trap 'kill $up $mp $pk $gw 2>/dev/null' EXIT
for _ in $(seq 1 150); do curl -sf 127.0.0.1:19003/health >/dev/null && curl -sf 127.0.0.1:19002/ >/dev/null 2>&1; [ -f $work/data/bootstrap-credentials.json ] && curl -sf 127.0.0.1:19003/health >/dev/null && break; sleep 0.2; done
sleep 1
B=http://127.0.0.1:19003; PASS=$(jq -r .password $work/data/bootstrap-credentials.json); P=$(jq -r .project_id $work/data/bootstrap-credentials.json)
T=$(curl -si $B/v3/auth/tokens -H 'Content-Type: application/json' -d '{"auth":{"identity":{"methods":["password"],"password":{"user":{"name":"admin","password":"'$PASS'","domain":{"name":"default"}}}},"scope":{"project":{"name":"default"}}}}' | tr -d '\r' | sed -n 's/^x-subject-token: //ip')
S=$(curl -s $B/v1/$P/services -H "X-Auth-Token: $T" -H 'Content-Type: application/json' -d '{"service_name":"up","upstream_url":"http://127.0.0.1:19001/v1","upstream_model":"m","mount_to_maas_gateway":true}' | jq -r .service_id)
A=$(curl -s "$B/v1/$P/maas/compliance/agreements?lang=en" -H "X-Auth-Token: $T" | jq -r .agreement_id)
E=$B/v1/$P/maas/services/custom-endpoint/endpoint
curl -s $E -H "X-Auth-Token: $T" -H 'Content-Type: application/json' -d '{"endpoint_name":"chat","source":"custom_from_modelarts_v2","infer_service_id":"'$S'","moderation":false,"agreement_id":"'$A'"}' >/dev/null
curl -s $E -H "X-Auth-Token: $T" -H 'Content-Type: application/json' -d '{"endpoint_name":"chat-guard","source":"custom_from_modelarts_v2","infer_service_id":"'$S'"}' >/dev/null
K=$(curl -s $B/v2/$P/maas/api-auth/api-keys -H "X-Auth-Token: $T" -H 'Content-Type: application/json' -d '{"label":"bench","allow_all":true}' | jq -r .api_key)
req_ns='{"model":"chat","messages":[{"role":"user","content":"Hello, how are you today?"}]}'
req_s='{"model":"chat","stream":true,"messages":[{"role":"user","content":"Hello, how are you today?"}]}'
guarded() { echo "$1" | sed 's/"model":"chat"/"model":"chat-guard"/'; }
check() { curl -s -o /dev/null -w '%{http_code}' "$@"; }
echo "sanity (all 200?): direct $(check 127.0.0.1:19001/v1/chat/completions -d "$req_ns") minproxy $(check 127.0.0.1:19004/v1/chat/completions -d "$req_ns") ours $(check $B/v1/chat/completions -H "Authorization: Bearer $K" -H 'Content-Type: application/json' -d "$req_ns") ours-guard $(check $B/v1/chat/completions -H "Authorization: Bearer $K" -H 'Content-Type: application/json' -d "$(guarded "$req_ns")") portkey $(check 127.0.0.1:19002/v1/chat/completions -H 'x-portkey-provider: openai' -H 'x-portkey-custom-host: http://127.0.0.1:19001/v1' -H 'Authorization: Bearer x' -H 'Content-Type: application/json' -d "$req_ns")"
# The server's CPU time per call (user + system, from /proc) next to req/s: how much of the two shared cores each
# one needed, steadier than req/s when other tenants take some of the cores.
cpu() { [ -r /proc/$1/stat ] && awk '{print $14+$15}' /proc/$1/stat || echo 0; }
tick=$(getconf CLK_TCK)
run() { local name=$1 pid=$2 url=$3 body=$4 c0 c1 out; shift 4; c0=$(cpu $pid)
  out=$($ac -j -c $conns -d $secs -m POST -b "$body" -H 'Content-Type: application/json' "$@" "$url" 2>/dev/null)
  c1=$(cpu $pid)
  echo "$out" | jq -r --arg n "$name" --argjson cpu $(( c1 - c0 )) --argjson tick $tick \
    '"\($n)\t\(.requests.average|floor) req/s\tp50 \(.latency.p50) ms\tp99 \(.latency.p99) ms\terrors \(.errors + .non2xx)\tCPU \(if .requests.total > 0 then ($cpu * 1000000 / $tick / .requests.total | floor) else 0 end) µs/call"'; }
for mode in ${MODES:-plain stream}; do
  body=$req_ns; [ $mode = stream ] && body=$req_s
  for r in $(seq 1 $rounds); do
    run "direct-$mode" $up http://127.0.0.1:19001/v1/chat/completions "$body"
    run "minproxy-$mode" $mp http://127.0.0.1:19004/v1/chat/completions "$body"
    run "ours-$mode" $gw $B/v1/chat/completions "$body" -H "Authorization: Bearer $K"
    run "ours-guard-$mode" $gw $B/v1/chat/completions "$(guarded "$body")" -H "Authorization: Bearer $K"
    run "portkey-$mode" $pk http://127.0.0.1:19002/v1/chat/completions "$body" -H 'x-portkey-provider: openai' -H 'x-portkey-custom-host: http://127.0.0.1:19001/v1' -H 'Authorization: Bearer x'
  done
done
