#!/usr/bin/env bash
# e2e: one run stays within its 1 GB memory budget. The worst valid scenario (every
# limit that holds orders, calls and messages at its largest, B hanging, 10 000 000
# orders/s, both wirings) peaks below 1 GB; a scenario past the limit is refused with
# file:line:column and exit 2; `unlimited` threads hold at most 1 000 000 orders in all
# and refuse the rest at A.
# Env: ORDERSIM (the binary), SRC (source dir), BUILD; cwd is tests/.
. "$(dirname "$0")/lib.bash" # skips without $ORDERSIM; $WORK is removed at exit
R=$ORDERSIM
cd "$WORK" || exit 1

# The worst valid case: A's threads 1 000 000, B's threads 1 000 000 and its accept
# queue 1 000 000 (3 000 000, the limit), calls that give up after 100 ms so that
# A keeps taking new ones, the MQ store at 5 000 000.
cat > worst.yaml <<'YAML'
name: worst
duration: 3s
drain: 0s
interval: 1s
load: {arrivals: poisson, phases: [{at: 0s, rate: 10000000/s}]}
a: {instances: 1, threads: 1000000, service: 0s}
b: {instances: 1, threads: 1000000, service: 1000s, accept_queue: 1000000, timeout: 100ms,
    retries: 0}
mq: {send: 0s, send_timeout: unlimited, rate_limit: unlimited, max_inflight: unlimited,
     store_limit: 5000000}
variants: [sync, async]
YAML
# Past the limit: 3 services called in parallel by A's 1 000 000 threads.
cat > over.yaml <<'YAML'
name: over
a: {instances: 1, threads: 1000000}
services: [{name: b}, {name: sms}, {name: pts}]
calls: parallel
YAML

expect_status 0 "validate worst.yaml" timeout 20 "$R" validate worst.yaml
expect_status 2 "validate over.yaml" timeout 20 "$R" validate over.yaml
grep -q "^over.yaml:4:8: .*too many orders and calls held at once" "$WORK/err" ||
    bad "over.yaml: message: $(cat "$WORK/err")"
expect_status 2 "run over.yaml" timeout 20 "$R" run over.yaml -q --csv over.csv
check "no CSV for a refused scenario" test ! -e over.csv

# `unlimited` threads: 1 000 000 busy at most, the rest rejected at A.
cat > unl.yaml <<'YAML'
name: unl
duration: 1s
drain: 0s
interval: 1s
load: {arrivals: even, phases: [{at: 0s, rate: 1500000/s}]}
a: {instances: 1, threads: unlimited, service: 1000s}
variants: [sync]
YAML
expect_status 0 "run unl.yaml" timeout 120 "$R" run unl.yaml -q --json unl.json
grep -q '"rejected": 500000' unl.json || bad "unlimited threads: rejected at A: $(grep -o '"rejected": [0-9]*' unl.json | head -2)"

# Peak RSS: meaningless under ASan (shadow memory, quarantine); the normal build only.
if grep -q '^SANITIZE:BOOL=ON' "${BUILD:-.}/CMakeCache.txt" 2>/dev/null; then
    echo "peak memory: not measured under ASan"
else
    /usr/bin/time -f %M -o rss timeout 240 "$R" run worst.yaml -q >/dev/null 2>err
    rc=$?
    [ "$rc" -eq 0 ] || bad "worst.yaml: exit $rc: $(head -3 err)"
    kb=$(tail -1 rss)
    echo "worst valid scenario: peak RSS ${kb} kB"
    [ "${kb:-0}" -gt 0 ] && [ "$kb" -lt 1048576 ] || bad "worst.yaml: peak RSS ${kb} kB, budget 1 GB"
fi
finish
