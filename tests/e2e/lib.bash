# Shared helpers for the end-to-end scripts (sourced, not run).
set -u
# A missing binary is a failure, never a skip: a test that passes without the thing it
# tests proves nothing.
if [ -z "${ORDERSIM:-}" ] || [ ! -x "$ORDERSIM" ]; then
    echo "FAIL: \$ORDERSIM ('${ORDERSIM:-}') is not an executable binary" >&2
    exit 1
fi
SRC=${SRC:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
FAILS=0
PASSES=0
ok() { PASSES=$((PASSES + 1)); }
bad() { echo "FAIL: $*"; FAILS=$((FAILS + 1)); }
check() { # check DESCRIPTION COMMAND...
    local what=$1; shift
    if "$@"; then ok; else bad "$what"; fi
}
# expect_status N DESCRIPTION COMMAND...: runs COMMAND, output in $WORK/out, $WORK/err
expect_status() {
    local want=$1 what=$2; shift 2
    "$@" >"$WORK/out" 2>"$WORK/err"
    local got=$?
    if [ "$got" -eq "$want" ]; then ok; else
        bad "$what: exit $got, want $want"; sed 's/^/    /' "$WORK/err" | head -5
    fi
}
finish() {
    echo "$PASSES passed, $FAILS failed"
    [ "$FAILS" -eq 0 ]
}
