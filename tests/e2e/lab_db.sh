#!/usr/bin/env bash
# End to end: the database's faults on the lab's own PostgreSQL
# (tests/fixtures/lab/db-down.yaml): database down (PostgreSQL stopped, then started
# again) and database hang (PostgreSQL paused, then resumed). While the database
# cannot write, sync orders fail and no async order completes; afterwards every
# accepted async order is written once; no process and no directory is left. A
# database the lab did not start is never stopped or paused (exit 2).
# Skipped (77) only when redis-server or PostgreSQL's programs are not installed.
. "$(dirname "$0")/lib.bash"
. "$(dirname "$0")/lab_lib.bash"
trap 'lab_stop_all; rm -rf "$WORK"' EXIT

expect_status 0 "lab with the database down, then hung" "$ORDERSIM" lab "$FIX/db-down.yaml" \
    --scale 1 --csv "$WORK/db.csv" --json "$WORK/db.json"
# CSV fields: 1 time_s, 2 variant, 6 failed_qps, 7 completed_qps
field() { awk -F, -v t="$1" -v v="$2" -v f="$3" '$1 == t && $2 == v { print $f }' "$WORK/db.csv"; }
check "down (2-3.5 s): sync orders fail ($(field 2 sync 6)/s)" [ "$(field 2 sync 6)" -gt 0 ]
# at most 2: a write may end in the milliseconds before the stop (40/s otherwise)
check "down (2-3.5 s): async completes at most 2 ($(field 2 async 7)/s)" [ "$(field 2 async 7)" -le 2 ]
check "hang (5-6 s): sync completes at most 2 ($(field 5 sync 7)/s)" [ "$(field 5 sync 7)" -le 2 ]
check "hang (5-6 s): async completes at most 2 ($(field 5 async 7)/s)" [ "$(field 5 async 7)" -le 2 ]
check "after: async completes again ($(field 6 async 7)/s)" [ "$(field 6 async 7)" -gt 0 ]
line=$(grep '^lab: async orders accepted' "$WORK/out")
check "nothing lost: $line" \
    bash -c "echo '$line' | grep -Eq 'accepted ([1-9][0-9]*): written once \\1, dead-lettered 0, missing 0'"
check "JSON: the database's faults" \
    jq -e '[.faults[] | select(.target == "database") | .kind] == ["down", "hang"]' \
    "$WORK/db.json" >/dev/null
nothing_left "after the database's faults"

expect_status 2 "database down on a database the lab did not start" "$ORDERSIM" lab \
    "$FIX/db-down.yaml" --redis "unix://$WORK/none.sock" --postgres "postgresql:///x?host=$WORK"
check "says it stops only its own database" grep -q "only when it runs its own PostgreSQL" "$WORK/err"
nothing_left "after a refusal"

finish
