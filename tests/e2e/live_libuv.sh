#!/usr/bin/env bash
# End to end: `ordersim live` when libuv fails. The test build ordersim-hooked
# (tests/hooks.c) makes one libuv call fail (ORD_TEST_FAIL_UV=NAME); each failure must
# end the session cleanly: exit 1, one message naming what could not start, no crash
# and (in the ASan build) no leak or use of a handle whose init failed. `script` gives
# the live view the terminal it requires.
# Env: BUILD (build dir).
set -uo pipefail
HOOKED="${BUILD:?}/ordersim-hooked"
if [ ! -x "$HOOKED" ]; then
    echo "FAIL: $HOOKED is missing (built with the tests)"
    exit 1
fi
if ! command -v script >/dev/null; then
    echo "FAIL: script (util-linux / bsdutils) is missing: scripts/deps installs it"
    exit 1
fi
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
FAILS=0
PASSES=0

# expect CALL MESSAGE: live with CALL failing exits 1 and stderr is exactly MESSAGE.
expect() {
    local call=$1 want=$2
    rm -f "$WORK/status" "$WORK/err"
    ORD_TEST_FAIL_UV=$call timeout 60 script -qec \
        "'$HOOKED' live --set duration=2s --set drain=0s 2>'$WORK/err'; echo \$? >'$WORK/status'" \
        /dev/null >/dev/null </dev/null
    local got
    got=$(cat "$WORK/status" 2>/dev/null)
    if [ "$got" != 1 ]; then
        echo "FAIL: $call fails: exit '$got', want 1"; sed 's/^/    /' "$WORK/err"
        FAILS=$((FAILS + 1))
    elif [ "$(cat "$WORK/err")" != "$want" ]; then
        echo "FAIL: $call fails: stderr is"; sed 's/^/    /' "$WORK/err"
        FAILS=$((FAILS + 1))
    else
        PASSES=$((PASSES + 1))
    fi
}

for call in uv_loop_init uv_signal_init uv_signal_start uv_poll_init uv_poll_start; do
    expect "$call" "ordersim live: cannot start the event loop: $call: not enough memory"
done
expect uv_timer_init "ordersim live: cannot start the run: input/output error"
expect uv_timer_start "ordersim live: cannot start the frame timer: input/output error"
echo "$PASSES passed, $FAILS failed"
[ "$FAILS" -eq 0 ]
