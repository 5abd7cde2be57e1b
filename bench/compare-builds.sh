#!/usr/bin/env bash
# Two builds of the gateway side by side, in alternating rounds (this machine is shared and noisy: compare within a
# round, report the range of the ratios). Each build is a folder inside the project (so that node_modules resolve)
# holding a dist/ and a link to models/, e.g.:
#   git stash && npm run build && mkdir -p .builds/A && cp -r dist .builds/A/ && ln -sfn ../../models .builds/A/models \
#     && ln -sfn ../../package.json .builds/A/package.json
#   git stash pop && npm run build && mkdir -p .builds/B && cp -r dist .builds/B/ && ln -sfn ../../models .builds/B/models \
#     && ln -sfn ../../package.json .builds/B/package.json
#   bench/compare-builds.sh .builds/A .builds/B [rounds=3] [seconds=5] [connections=50] [plain|stream]
# Prints req/s, p99, errors and the gateway's CPU time per call for each build and round, calling
# /v1/chat/completions through a custom endpoint (content guard off) on the fixed-answer upstream
# (bench/upstream.mjs). Uses autocannon from the dev dependencies.
set -u
proj=$(pwd); A=$(cd "$1" && pwd); B=$(cd "$2" && pwd)
rounds=${3:-3}; secs=${4:-5}; conns=${5:-50}; mode=${6:-plain}
ac=$proj/node_modules/.bin/autocannon
work=$(mktemp -d)
node bench/upstream.mjs 19031 & up=$!
start() { local dir=$1 port=$2 data=$3; mkdir -p $data
  AISP_DATA_DIR=$data AISP_PORT=$port AISP_LOG_LEVEL=warn AISP_UPSTREAM_ALLOW_PRIVATE=true \
    AISP_RATE_LIMIT_PER_SECOND=1000000 AISP_RATE_LIMIT_BURST=1000000 AISP_WARM_UP_CLASSIFIER=false \
    node $dir/dist/src/main.js serve > $data.log 2>&1 & echo $!; }
setup() { local port=$1 data=$2; local B=http://127.0.0.1:$port
  for _ in $(seq 1 150); do [ -f $data/bootstrap-credentials.json ] && curl -sf $B/health >/dev/null && break; sleep 0.2; done
  local PASS P T S AG
  PASS=$(jq -r .password $data/bootstrap-credentials.json); P=$(jq -r .project_id $data/bootstrap-credentials.json)
  T=$(curl -si $B/v3/auth/tokens -H 'Content-Type: application/json' -d '{"auth":{"identity":{"methods":["password"],"password":{"user":{"name":"admin","password":"'$PASS'","domain":{"name":"default"}}}},"scope":{"project":{"name":"default"}}}}' | tr -d '\r' | sed -n 's/^x-subject-token: //ip')
  S=$(curl -s $B/v1/$P/services -H "X-Auth-Token: $T" -H 'Content-Type: application/json' -d '{"service_name":"up","upstream_url":"http://127.0.0.1:19031/v1","upstream_model":"m","mount_to_maas_gateway":true}' | jq -r .service_id)
  AG=$(curl -s "$B/v1/$P/maas/compliance/agreements?lang=en" -H "X-Auth-Token: $T" | jq -r .agreement_id)
  curl -s $B/v1/$P/maas/services/custom-endpoint/endpoint -H "X-Auth-Token: $T" -H 'Content-Type: application/json' -d '{"endpoint_name":"chat","source":"custom_from_modelarts_v2","infer_service_id":"'$S'","moderation":false,"agreement_id":"'$AG'"}' >/dev/null
  curl -s $B/v2/$P/maas/api-auth/api-keys -H "X-Auth-Token: $T" -H 'Content-Type: application/json' -d '{"label":"bench","allow_all":true}' | jq -r .api_key; }
pa=$(start $A 19032 $work/a); pb=$(start $B 19033 $work/b)
trap 'kill $up $pa $pb 2>/dev/null; rm -rf $work' EXIT
KA=$(setup 19032 $work/a); KB=$(setup 19033 $work/b)
body='{"model":"chat","messages":[{"role":"user","content":"Hello, how are you today?"}]}'
[ "$mode" = stream ] && body='{"model":"chat","stream":true,"messages":[{"role":"user","content":"Hello, how are you today?"}]}'
# CPU time of the gateway process per call (user + system, from /proc): steadier than req/s on a shared machine,
# where the other tenants change how much of the two cores the gateway gets from one run to the next.
cpu() { [ -r /proc/$1/stat ] && awk '{print $14+$15}' /proc/$1/stat || echo 0; }
tick=$(getconf CLK_TCK)
run() { local port=$1 key=$2 pid=$3 c0 c1 out; c0=$(cpu $pid)
  out=$($ac -j -c $conns -d $secs -m POST -b "$body" -H 'Content-Type: application/json' -H "Authorization: Bearer $key" \
    http://127.0.0.1:$port/v1/chat/completions 2>/dev/null)
  c1=$(cpu $pid)
  echo "$out" | jq -r --argjson cpu $(( c1 - c0 )) --argjson tick $tick \
    '"\(.requests.average|floor) req/s\tp99 \(.latency.p99) ms\terrors \(.errors + .non2xx)\tCPU \(if .requests.total > 0 then ($cpu * 1000000 / $tick / .requests.total | floor) else 0 end) µs/call"'; }
# A short run of each first, not printed: the JIT compiles the hot path in the first seconds.
secs_main=$secs; secs=2; run 19032 $KA $pa >/dev/null; run 19033 $KB $pb >/dev/null; secs=$secs_main
for r in $(seq 1 $rounds); do echo "round $r A: $(run 19032 $KA $pa)"; echo "round $r B: $(run 19033 $KB $pb)"; done
