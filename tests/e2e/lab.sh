#!/usr/bin/env bash
# End to end: `ordersim lab` against its own redis-server and PostgreSQL.
#  1. A short scenario with a spike, and a second process joining B's consumer group
#     (`ordersim lab consumer`): CSV and JSON as `run` writes them, every accepted async
#     order written once, rows written by both consumers.
#  2. B's process killed mid-spike and started again: no accepted async order lost.
#  3. SIGINT and SIGTERM in the middle of a run: exit 130, everything stopped.
#  4. A failure (a broker that is not there): exit 1, a clear message.
# After each: no process and no directory of the lab is left (checked).
# Skipped (77) only when redis-server or PostgreSQL's programs are not installed.
. "$(dirname "$0")/lib.bash"
. "$(dirname "$0")/lab_lib.bash"
CONSUMER=""
cleanup() {
    [ -n "$CONSUMER" ] && kill "$CONSUMER" 2>/dev/null
    lab_stop_all
    rm -rf "$WORK"
}
trap cleanup EXIT

# 1. short run + a consumer joining from a second process
"$ORDERSIM" lab "$FIX/short.yaml" --scale 1 --csv "$WORK/lab.csv" --json "$WORK/lab.json" \
    >"$WORK/out1" 2>"$WORK/err1" &
LAB=$!
# the consumer joins once the lab has set up the stream and the table (it says where
# A and B listen then)
lab_join_consumer "$FIX/short.yaml" "$WORK/err1"
# Prometheus metrics on A and B while the lab runs
ports=$(grep -o '127.0.0.1:[0-9]*' "$WORK/err1" | cut -d: -f2 | tr '\n' ' ')
a_sync="" a_async="" b_port=""
read -r a_sync a_async b_port <<<"$ports"
check "the lab says where A and B listen" [ -n "$b_port" ]
sleep 1.5 # into the spike
curl -s "http://127.0.0.1:$a_async/metrics" >"$WORK/a.metrics"
curl -s "http://127.0.0.1:$b_port/metrics" >"$WORK/b.metrics"
curl -s "http://127.0.0.1:$b_port/busy" >"$WORK/b.busy"
check "B's /busy says its busy workers per wiring (the lab samples it: b_busy)" \
    bash -c "grep -Eq '^sync [0-9]+$' '$WORK/b.busy' && grep -Eq '^async [0-9]+$' '$WORK/b.busy'"
check "A's /metrics counts requests" \
    grep -Eq '^ordersim_a_requests_total\{variant="async",outcome="ok"\} [1-9]' "$WORK/a.metrics"
check "A's /metrics has a latency histogram" \
    grep -q '^ordersim_a_request_seconds_bucket{variant="async",le="+Inf"}' "$WORK/a.metrics"
check "B's /metrics has its jobs and in-flight messages" \
    bash -c "grep -q '^ordersim_b_jobs_total{variant=\"sync\",outcome=\"ok\"}' '$WORK/b.metrics' &&
             grep -q '^ordersim_b_inflight' '$WORK/b.metrics' &&
             grep -q '^ordersim_mq_backlog [0-9]' '$WORK/b.metrics'"
wait "$LAB"
st=$?
check "lab exits 0 (got $st)" [ "$st" -eq 0 ]
[ "$st" -eq 0 ] || sed 's/^/    /' "$WORK/err1" | head -5
# the lab stopped its redis-server: the consumer says so and waits for it to come
# back (tests/e2e/lab_consumer.sh); here it is told to stop
for ((i = 0; i < 100; i++)); do
    grep -q "lost Redis" "$WORK/cerr" && break
    sleep 0.1
done
check "the consumer says it lost Redis when the lab stopped it" grep -q "lost Redis" "$WORK/cerr"
kill -TERM "$CONSUMER" 2>/dev/null
wait "$CONSUMER" 2>/dev/null
CONSUMER=""
check "the consumer said it joined" grep -q "joined group 'b'" "$WORK/cerr"
grep -q "joined group 'b'" "$WORK/cerr" || sed 's/^/    /' "$WORK/cerr" | head -5
check "CSV header as run writes it" \
    bash -c "head -1 '$WORK/lab.csv' | grep -q '^time_s,variant,offered_qps'"
check "CSV has rows for both variants" \
    bash -c "grep -c ',sync,' '$WORK/lab.csv' | grep -q '^[1-9]' && grep -c ',async,' '$WORK/lab.csv' | grep -q '^[1-9]'"
check "JSON parses" jq -e . "$WORK/lab.json" >/dev/null
check "async answered fast (p50 < 60 ms)" \
    bash -c "grep -E '^latency p50' '$WORK/out1' | awk '{ if (\$NF == \"ms\" && \$(NF-1) < 60) exit 0; exit 1 }'"
line=$(grep '^lab: async orders accepted' "$WORK/out1")
check "every accepted async order written once: $line" \
    bash -c "echo '$line' | grep -Eq 'accepted ([1-9][0-9]*): written once \\1, dead-lettered 0, missing 0'"
writers=$(grep '^lab: rows written by' "$WORK/out1")
check "rows written by two B processes: $writers" \
    bash -c "echo '$writers' | grep -Eq 'by b-[^ ]+ [1-9][0-9]*, b-[^ ]+ [1-9][0-9]*'"
check "compare reads the lab run" "$ORDERSIM" compare "$WORK/lab.csv" "$WORK/lab.csv"
nothing_left "after a run and a consumer"

# 2. B killed mid-spike, the broker paused, the database slow
expect_status 0 "lab with B killed mid-spike" "$ORDERSIM" lab "$FIX/b-down.yaml" --scale 1 \
    --json "$WORK/down.json"
check "sync orders failed while B was down" \
    jq -e '.variants.sync.failed > 0' "$WORK/down.json"
check "async answers waited for the paused broker (max > 400 ms)" \
    jq -e '.variants.async.latency_ms.max > 400' "$WORK/down.json"
line=$(grep '^lab: async orders accepted' "$WORK/out")
check "nothing lost with B killed: $line" \
    bash -c "echo '$line' | grep -Eq 'accepted [1-9][0-9]*: .* missing 0'"
check "B was started again" grep -q "B was started again 1 time" "$WORK/out"
nothing_left "after B killed"

# 3. signals
for sig in INT TERM; do
    "$ORDERSIM" lab "$FIX/short.yaml" --scale 1 --quiet >"$WORK/sout" 2>"$WORK/serr" &
    LAB=$!
    for ((i = 0; i < 200; i++)); do
        pgrep -f -- "lab serve a $TMPDIR/" >/dev/null && break
        sleep 0.1
    done
    sleep 0.5
    kill -"$sig" "$LAB"
    wait "$LAB"
    st=$?
    check "SIG$sig: exit 130 (got $st)" [ "$st" -eq 130 ]
    check "SIG$sig: says interrupted" grep -q "interrupted" "$WORK/serr"
    nothing_left "after SIG$sig"
done

# 4. a broker that is not there
expect_status 1 "missing broker" "$ORDERSIM" lab "$FIX/short.yaml" --redis "unix://$WORK/none.sock" \
    --postgres "postgresql:///postgres?host=$WORK/none"
check "missing broker: clear message" grep -q "cannot connect to Redis" "$WORK/err"
nothing_left "after a failure"
expect_status 2 "lab consumer without URLs" "$ORDERSIM" lab consumer
expect_status 2 "--scale 0" "$ORDERSIM" lab "$FIX/short.yaml" --scale 0

finish
