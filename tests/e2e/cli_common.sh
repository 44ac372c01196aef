#!/usr/bin/env bash
# End to end: what every subcommand shares (ui/base/cmd.h, ui/cli/commands.c).
#  1. Standard output is checked at exit: with stdout on /dev/full every command that
#     writes to it exits 1 and says "standard output: ..." on stderr.
#  2. "-" is standard output, and a table or summary then goes to stderr: the CSV or
#     JSON on stdout is clean.
#  3. One mapping of errors to exit statuses: a directory named as input is bad input
#     (2) for every command that reads a file, as is a missing file; an unknown option
#     is 2 everywhere.
# Env: ORDERSIM (the binary), SRC (source dir).
. "$(dirname "$0")/lib.bash"
RUNS="$SRC/tests/fixtures/runs"
SHORT=(--set duration=5s --set drain=2s)
# Every command of the table, as `ordersim --help` lists them.
mapfile -t CMDS < <("$ORDERSIM" --help | awk '/^commands:/ { on = 1; next } on && /^  [a-z]/ { print $1 }')
check "the command list is read from --help" test "${#CMDS[@]}" -ge 8
"$ORDERSIM" scenarios show steady |
    sed 's/^duration: .*/duration: 5s/; s/^drain: .*/drain: 2s/' >"$WORK/steady.yaml"

# 1. stdout on /dev/full
full() { # DESCRIPTION ARGS...
    local what=$1; shift
    "$ORDERSIM" "$@" >/dev/full 2>"$WORK/err"
    local got=$?
    if [ "$got" -eq 1 ] && grep -q "standard output: No space left on device" "$WORK/err"; then
        ok
    else
        bad "$what > /dev/full: exit $got, want 1 and a message; stderr:"
        sed 's/^/    /' "$WORK/err" | head -3
    fi
}
full "run" run steady "${SHORT[@]}"
full "run --csv -" run steady "${SHORT[@]}" --quiet --csv -
full "run --json -" run steady "${SHORT[@]}" --quiet --json -
full "run -r 2" run steady "${SHORT[@]}" -r 2
full "run -r 2 --json -" run steady "${SHORT[@]}" -r 2 --quiet --json -
full "scenarios" scenarios
full "scenarios show" scenarios show flash-spike
full "scenarios keys" scenarios keys
full "lessons" lessons
full "validate" validate "$WORK/steady.yaml"
full "compare" compare "$RUNS/a.csv" "$RUNS/b.csv"
full "compare --json -" compare "$RUNS/a.csv" "$RUNS/b.csv" --json -
full "sweep" sweep steady "${SHORT[@]}" --vary database.connections=10:20:10
full "sweep --csv -" sweep steady "${SHORT[@]}" --vary database.connections=10:20:10 -q --csv -
full "replay --headless" replay --headless "$WORK/steady.yaml"
full "replay --headless --csv -" replay --headless "$WORK/steady.yaml" -q --csv -
full "--help" --help
full "--version" --version
for c in "${CMDS[@]}"; do
    full "$c --help" "$c" --help
done
# A command that writes nothing to stdout is not failed by it.
expect_status 0 "chart (nothing on stdout) > /dev/full" \
    bash -c '"$0" chart "$1" -o "$2" >/dev/full' "$ORDERSIM" "$RUNS/a.csv" "$WORK/a.png"

# 2. "-": the file alone on stdout, the summary or table on stderr
header='time_s,variant,offered_qps,accepted_qps,rejected_qps,failed_qps,completed_qps,latency_p50_ms,latency_p99_ms,latency_max_ms,lag_p50_ms,lag_p99_ms,backlog,inflight,db_qps'
expect_status 0 "run --csv -" "$ORDERSIM" run steady "${SHORT[@]}" --csv -
check "run --csv -: stdout starts with the header" test "$(head -1 "$WORK/out")" = "$header"
check "run --csv -: stdout is only CSV rows" \
    test "$(grep -cv '^[0-9.]*,\(sync\|async\),' "$WORK/out")" -eq 1
check "run --csv -: the summary is on stderr" grep -q "latency p50" "$WORK/err"
expect_status 0 "run --json -" "$ORDERSIM" run steady "${SHORT[@]}" --json -
check "run --json -: stdout is one JSON document" \
    python3 -c 'import json,sys; json.load(open(sys.argv[1]))' "$WORK/out"
check "run --json -: the summary is on stderr" grep -q "latency p50" "$WORK/err"
expect_status 0 "run -r 2 --json -" "$ORDERSIM" run steady "${SHORT[@]}" -r 2 --json -
check "run -r 2 --json -: stdout is one JSON document" \
    python3 -c 'import json,sys; json.load(open(sys.argv[1]))' "$WORK/out"
check "run -r 2 --json -: the table is on stderr" grep -q "replications" "$WORK/err"
expect_status 0 "sweep --csv -" "$ORDERSIM" sweep steady "${SHORT[@]}" \
    --vary database.connections=10:20:10 --csv -
check "sweep --csv -: stdout is only CSV" \
    test "$(head -1 "$WORK/out")" = "database.connections,variant,figure,mean,ci95,min,max,n"
check "sweep --csv -: the table is on stderr" grep -q "latency p50 ms" "$WORK/err"
expect_status 0 "replay --headless --csv -" "$ORDERSIM" replay --headless "$WORK/steady.yaml" --csv -
check "replay --csv -: stdout starts with the header" test "$(head -1 "$WORK/out")" = "$header"
check "replay --csv -: the summary is on stderr" grep -q "latency p50" "$WORK/err"
expect_status 0 "compare --json -" "$ORDERSIM" compare "$RUNS/a.csv" "$RUNS/b.csv" --json -
check "compare --json -: stdout is one JSON document" \
    python3 -c 'import json,sys; json.load(open(sys.argv[1]))' "$WORK/out"

# 3. exit statuses
mkdir "$WORK/dir"
expect_status 2 "run DIR" "$ORDERSIM" run "$WORK/dir"
expect_status 2 "replay --headless DIR" "$ORDERSIM" replay --headless "$WORK/dir"
expect_status 2 "validate DIR" "$ORDERSIM" validate "$WORK/dir"
expect_status 2 "sweep DIR" "$ORDERSIM" sweep "$WORK/dir" --vary database.connections=10:20:10
expect_status 2 "live DIR" "$ORDERSIM" live "$WORK/dir"
expect_status 2 "chart DIR" "$ORDERSIM" chart "$WORK/dir" -o "$WORK/d.png"
expect_status 2 "compare DIR DIR" "$ORDERSIM" compare "$WORK/dir" "$WORK/dir"
expect_status 2 "run MISSING" "$ORDERSIM" run "$WORK/missing.yaml"
expect_status 2 "replay --headless MISSING" "$ORDERSIM" replay --headless "$WORK/missing.yaml"
expect_status 2 "chart MISSING" "$ORDERSIM" chart "$WORK/missing.csv" -o "$WORK/m.png"
for c in "${CMDS[@]}"; do
    expect_status 2 "$c --no-such-option" "$ORDERSIM" "$c" --no-such-option
    check "$c --no-such-option: says so" grep -q "unknown option" "$WORK/err"
done
# --lang takes en or zh in every command that has it, refused the same way elsewhere
# (run and sweep used to accept any value and draw English).
for c in "${CMDS[@]}"; do
    "$ORDERSIM" "$c" --help | grep -q -- '--lang' || continue
    expect_status 2 "$c --lang fr" "$ORDERSIM" "$c" --lang fr
    check "$c --lang fr: says what it takes" grep -q -- "--lang: expected en or zh, got 'fr'" \
        "$WORK/err"
done
expect_status 2 "run --seed 5x" "$ORDERSIM" run steady --seed 5x
expect_status 2 "live --speed 1e400" "$ORDERSIM" live steady --speed 1e400
check "a number option out of range says which option" \
    grep -q -- "--speed: expected a number, got '1e400'" "$WORK/err"
expect_status 2 "unknown command" "$ORDERSIM" no-such-command
finish
