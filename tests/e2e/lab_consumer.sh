#!/usr/bin/env bash
# End to end: `ordersim lab consumer` when the broker goes away and comes back. The
# lab runs its own redis-server and PostgreSQL (tests/fixtures/lab/consumer.yaml:
# the broker paused for 5 s, mq down) and a consumer joins from a second process.
# The consumer says it lost Redis, tries again until the broker answers, says it is
# back and goes on writing rows; every accepted order is written once; no process
# and no directory of the lab is left.
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

"$ORDERSIM" lab "$FIX/consumer.yaml" --scale 1 >"$WORK/out" 2>"$WORK/err" &
LAB=$!
lab_join_consumer "$FIX/consumer.yaml" "$WORK/err"
# the broker is paused from 2 s to 7 s; the lab ends at 13 s
for ((i = 0; i < 200; i++)); do
    grep -q "is back after" "$WORK/cerr" 2>/dev/null && break
    sleep 0.1
done
sleep 3 # it consumes again
kill -TERM "$CONSUMER" 2>/dev/null
wait "$CONSUMER"
cst=$?
CONSUMER=""
wait "$LAB"
st=$?
check "lab exits 0 (got $st)" [ "$st" -eq 0 ]
[ "$st" -eq 0 ] || sed 's/^/    /' "$WORK/err" | head -5
show() { sed 's/^/    | /' "$WORK/cerr"; }
check "the consumer joined" grep -q "joined group 'b'" "$WORK/cerr"
check "the consumer says it lost Redis, and why" \
    grep -Eq "lost Redis at unix://.* \(no answer for 3.0 s\); trying again" "$WORK/cerr"
check "the consumer says Redis is back" grep -q "Redis at unix://.* is back after" "$WORK/cerr"
check "a signal ends the consumer with status 0 (got $cst)" [ "$cst" -eq 0 ]
before=$(sed -n 's/.* is back after .*; in group .b. again, \([0-9]*\) rows written so far.*/\1/p' "$WORK/cerr" | tail -1)
total=$(sed -n "s/.* wrote \([0-9]*\) rows; leaving group 'b'/\1/p" "$WORK/cerr")
wrote_after() { [ -n "$before" ] && [ -n "$total" ] && [ "$total" -gt "$before" ]; }
check "the consumer wrote rows after Redis came back ($before before, $total in all)" wrote_after
wrote_after || show
line=$(grep '^lab: async orders accepted' "$WORK/out")
check "every accepted order written once: $line" \
    bash -c "echo '$line' | grep -Eq 'accepted ([1-9][0-9]*): written once \\1, dead-lettered 0, missing 0'"
show
nothing_left "after the consumer's outage"

finish
