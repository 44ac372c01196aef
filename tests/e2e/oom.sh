#!/usr/bin/env bash
# e2e: out of memory, in the style of SQLite's test_malloc. For N = 1, 2, ... the Nth
# allocation the project's code makes fails (ordersim-hooked, tests/hooks.c), in a
# scenario load, a canonical run (shortened, with CSV and JSON), a small chart and a
# tiny sweep, until N is past the last allocation the command makes. Each failing
# run must end cleanly: exit 1, "out of memory" on stderr, no output file left
# behind, no crash; in the ASan build any leak or memory error fails it too (ASan
# exits 1 after printing its report, which is then on stderr).
# Env: BUILD (build dir), SRC (source dir); OOM_STRIDE=K tries every Kth N only.
set -uo pipefail
HOOKED="${BUILD:?}/ordersim-hooked"
SRC=${SRC:-$(cd "$(dirname "$0")/../.." && pwd)}
if [ ! -x "$HOOKED" ]; then
    echo "FAIL: $HOOKED is missing (built with the tests)"
    exit 1
fi
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
STRIDE=${OOM_STRIDE:-1}
FAILS=0
# LeakSanitizer's exit code stays 1 (as our out of memory); its report decides.
export ASAN_OPTIONS="${ASAN_OPTIONS:-}:detect_leaks=1:abort_on_error=1"

# loop NAME OUTPUTS... -- ARGS...: the fault loop for one command.
loop() {
    local name=$1
    shift
    local outs=()
    while [ "$1" != "--" ]; do
        outs+=("$1")
        shift
    done
    shift
    local n=1 tried=0
    while :; do
        rm -f "${outs[@]}" "$WORK/report"
        ORD_TEST_FAIL_ALLOC=$n ORD_TEST_ALLOC_REPORT="$WORK/report" \
            "$HOOKED" "$@" >"$WORK/out" 2>"$WORK/err"
        local rc=$? report
        report=$(cat "$WORK/report" 2>/dev/null)
        if [ "$report" = "" ]; then
            echo "FAIL: $name N=$n: exit $rc without a report (crash?)"
            sed 's/^/    /' "$WORK/err" | head -5
            FAILS=$((FAILS + 1))
            break
        fi
        if [ "${report##*failed=}" = 0 ]; then
            # past the last allocation: the command succeeds, outputs complete
            if [ "$rc" -ne 0 ]; then
                echo "FAIL: $name without a failure: exit $rc"
                FAILS=$((FAILS + 1))
            fi
            echo "$name: $tried failing allocations tried (${report%% *})"
            break
        fi
        tried=$((tried + 1))
        if [ "$rc" -ne 1 ] || ! grep -q "out of memory" "$WORK/err" ||
            grep -q "Sanitizer" "$WORK/err"; then
            echo "FAIL: $name N=$n: exit $rc"
            sed 's/^/    /' "$WORK/err" | head -8
            FAILS=$((FAILS + 1))
        fi
        for f in "${outs[@]}"; do
            if [ -e "$f" ]; then
                echo "FAIL: $name N=$n: $f left behind"
                FAILS=$((FAILS + 1))
            fi
        done
        [ "$FAILS" -lt 5 ] || break
        n=$((n + STRIDE))
    done
}

loop load -- validate "$SRC/scenarios/b-outage.yaml"
loop run "$WORK/run.csv" "$WORK/run.json" -- run flash-spike --set duration=3s --set drain=1s \
    --quiet --csv "$WORK/run.csv" --json "$WORK/run.json"
loop chart "$WORK/chart.png" -- chart "$SRC/tests/fixtures/runs/spike.csv" -o "$WORK/chart.png" \
    --size 320x200
loop sweep "$WORK/sweep.csv" -- sweep steady --set duration=1s --set drain=1s \
    --vary load.phases.0.rate=100:200:100 --jobs 2 --quiet --csv "$WORK/sweep.csv"
echo "$FAILS failed"
[ "$FAILS" -eq 0 ]
