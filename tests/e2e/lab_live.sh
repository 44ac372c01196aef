#!/usr/bin/env bash
# End to end: `ordersim lab --live` in a real terminal (tmux) against the lab's own
# redis-server and PostgreSQL, at a small scale (tests/fixtures/lab/live.yaml, 0.01).
#  1. The live view draws the lab's figures with the lab's keys in the footer.
#     b: B's process is killed: async completions stop while A still answers async
#     orders; b again: B is started and they resume. s: a spike, at the run's scale.
#     q: exit 0, the JSON's faults list the keys pressed as scheduled ones are listed,
#     the CSV shows B's outage; no process and no directory of the lab is left.
#  2. Without a terminal, --live says why and exits 2, starting nothing.
# Skipped (77) only when redis-server or PostgreSQL's programs are not installed.
. "$(dirname "$0")/lib.bash"
. "$(dirname "$0")/lab_lib.bash"

SOCK="ordersim-lab-e2e-$$"
tm() { tmux -L "$SOCK" -f /dev/null "$@"; }
cleanup() {
    tm kill-server 2>/dev/null
    lab_stop_all
    rm -rf "$WORK"
}
trap cleanup EXIT

screen() { tm capture-pane -p -t lab; }
# wait_for PATTERN SECONDS [LINES]: poll the screen (its first LINES lines) until
# grep -E finds PATTERN.
wait_for() {
    local i
    for ((i = 0; i < $2 * 4; i++)); do
        screen | head -"${3:-100}" | grep -Eq -- "$1" && return 0
        sleep 0.25
    done
    echo "  (waited $2 s for '$1'; the screen:)"
    screen | sed 's/^/    | /'
    return 1
}
wait_header_lacks() {
    local i
    for ((i = 0; i < $2 * 4; i++)); do
        screen | head -1 | grep -q -- "$1" || return 0
        sleep 0.25
    done
    return 1
}

# 1. the live view and its keys
cmd="env TMPDIR=$TMPDIR LC_ALL=C.UTF-8 TERM=xterm-256color $(printf '%q ' "$ORDERSIM" lab \
    "$FIX/live.yaml" --scale 0.01 --live --json "$WORK/live.json" --csv "$WORK/live.csv")"
cmd+=" 2>$WORK/live.err; echo \$? >$WORK/live.status; sleep 600"
tm new-session -d -s lab -x 120 -y 40 "sh -c '$cmd'"
check "the footer lists the lab's keys" wait_for 's spike +b B down +h B hang +d DB slow +m MQ down' 40
# the panel's rows: "completed/s   SYNC   ASYNC", "latency p50   SYNC   ASYNC"
check "both wirings complete orders" wait_for 'completed/s +[1-9][0-9]* +[1-9][0-9]* *$' 15
tm send-keys -t lab b
check "b: the header says B down" wait_for '! B down' 3 1
check "b: nothing completes while A still answers async orders" \
    wait_for 'completed/s +0 +0 *$' 8
check "b: async users still get answers" wait_for 'latency p50 +(-|[0-9.]+ m?s) +[0-9.]+ ms *$' 3
tm send-keys -t lab b
check "b again: B is back" wait_header_lacks 'B down' 3
check "b again: async completions resume" wait_for 'completed/s +[0-9]+ +[1-9][0-9]* *$' 10
tm send-keys -t lab s
check "s: a spike" wait_for 'spike' 3 1
tm send-keys -t lab q
for ((i = 0; i < 120; i++)); do
    [ -s "$WORK/live.status" ] && break
    sleep 0.25
done
st=$(cat "$WORK/live.status" 2>/dev/null)
check "q: exit 0 (got '$st')" [ "$st" = 0 ]
[ "$st" = 0 ] || sed 's/^/    /' "$WORK/live.err" | head -5
check "the summary follows the view" wait_for '^lab \(scale 0.01\)' 5
check "JSON: the keys pressed are faults: B down once, ended by the second b" \
    jq -e '[.faults[] | select(.target == "b" and .kind == "down" and .to_s > .from_s)] | length == 1' \
    "$WORK/live.json" >/dev/null
check "JSON: the spike at the run's scale (100/s)" \
    jq -e '[.faults[] | select(.kind == "spike" and .rate_per_s == 100)] | length == 1' \
    "$WORK/live.json" >/dev/null
from=$(jq '.faults[] | select(.kind == "down") | .from_s' "$WORK/live.json")
to=$(jq '.faults[] | select(.kind == "down") | .to_s' "$WORK/live.json")
# CSV fields: 1 time_s, 2 variant, 7 completed_qps, 8 latency_p50_ms
outage() {
    awk -F, -v from="$from" -v to="$to" '
        $2 == "async" && $1 >= from && $1 + 1 <= to { n++; if ($7 == 0 && $8 > 0) good++ }
        END { exit !(n >= 1 && good == n) }' "$WORK/live.csv"
}
check "CSV: in every second B was down ($from-$to s) async answered, none completed" outage
after() {
    awk -F, -v to="$to" '$2 == "async" && $1 + 1 > to && $7 > 0 { n++ } END { exit !(n >= 1) }' \
        "$WORK/live.csv"
}
check "CSV: async completions after B came back" after
nothing_left "after q"

# 2. no terminal
expect_status 2 "--live without a terminal" "$ORDERSIM" lab "$FIX/live.yaml" --scale 0.01 --live
check "--live without a terminal says why" grep -q "needs a terminal" "$WORK/err"
nothing_left "after --live without a terminal"

finish
