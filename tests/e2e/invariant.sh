#!/usr/bin/env bash
# e2e: a broken model invariant is reported with its sentence (which check, when, which
# variant), exit 1, by every command that runs the model headless: run, run with
# replications, sweep, replay --headless. The test build ordersim-hooked
# (tests/hooks.c) breaks the totals check on request (ORD_TEST_BREAK_INVARIANT=1).
# Env: BUILD (build dir); cwd is tests/.
set -uo pipefail
HOOKED="${BUILD:?}/ordersim-hooked"
if [ ! -x "$HOOKED" ]; then
    echo "FAIL: $HOOKED is missing (built with the tests)"
    exit 1
fi
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
FAILS=0
# Debug builds check at every bucket (the first, at 1 s), others at the end of the run.
WANT_END="model invariant violated at the end of the run: the test hook broke this check on purpose [sync]"
WANT_BUCKET="model invariant violated at 1.000 s: the test hook broke this check on purpose [sync]"

# expect_broken PREFIX ARGS...: exit 1 and stderr "PREFIX$WANT_...", nothing else.
expect_broken() {
    local prefix=$1
    shift
    ORD_TEST_BREAK_INVARIANT=1 "$HOOKED" "$@" >"$WORK/out" 2>"$WORK/err"
    local rc=$?
    if [ "$rc" -ne 1 ]; then
        echo "FAIL: $*: exit $rc, want 1"
        FAILS=$((FAILS + 1))
    elif [ "$(cat "$WORK/err")" != "$prefix$WANT_END" ] &&
        [ "$(cat "$WORK/err")" != "$prefix$WANT_BUCKET" ]; then
        echo "FAIL: $*: stderr is"
        sed 's/^/    /' "$WORK/err"
        FAILS=$((FAILS + 1))
    fi
}

short=(--set duration=2s --set drain=1s --quiet)
expect_broken "ordersim run: run failed: " run steady "${short[@]}"
expect_broken "ordersim: a run failed: " run steady -r 2 "${short[@]}"
expect_broken "ordersim: a run failed: " sweep steady "${short[@]}" \
    --vary load.phases.0.rate=100:200:100
"$HOOKED" scenarios show steady |
    sed 's/^duration: .*/duration: 2s/; s/^drain: .*/drain: 1s/' >"$WORK/steady.yaml"
expect_broken "ordersim replay: run failed: " replay "$WORK/steady.yaml" --headless

# Without the request the same binary runs clean: the hook is what broke it.
if ! "$HOOKED" run steady "${short[@]}" >"$WORK/out" 2>&1; then
    echo "FAIL: the hooked binary fails without ORD_TEST_BREAK_INVARIANT"
    FAILS=$((FAILS + 1))
fi
echo "$FAILS failed"
[ "$FAILS" -eq 0 ]
