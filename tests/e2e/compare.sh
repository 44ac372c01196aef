#!/usr/bin/env bash
# e2e: `ordersim compare` on the hand-made runs a.csv and b.csv (figures worked out
# in tests/test_ui_compare.c): the table, the JSON, the overlay chart, errors.
# Env: ORDERSIM (the binary), SRC (source dir), BUILD (build dir); cwd is tests/.
. "$(dirname "$0")/lib.bash" # fails without $ORDERSIM; $WORK is removed at exit
set -euo pipefail
RUNS="$SRC/tests/fixtures/runs"
OUT=$WORK

fail() {
    echo "FAIL: $*" >&2
    exit 1
}

"$ORDERSIM" compare "$RUNS/a.csv" "$RUNS/b.csv" --label default --label conn120 \
    --json "$OUT/cmp.json" --chart "$OUT/cmp.svg" >"$OUT/table"

# The row of a figure inside a variant's block, squeezed to single spaces.
row() { # variant label
    awk -v v="$1" -v l="$2" '$1 == v && NF >= 3 { inside = 1; next }
                             inside && /^$/ { inside = 0 }
                             inside && index($0, l) { sub(/^ +/, ""); gsub(/ +/, " "); print; exit }' \
        "$OUT/table"
}
[ "$(row sync 'throughput while load runs (completed/s)')" = "throughput while load runs (completed/s) 1500.0 1833.3 +333.3 1.22" ] ||
    fail "sync throughput row: $(row sync 'throughput while load runs (completed/s)')"
[ "$(row sync 'latency p50 (ms)')" = "latency p50 (ms) 300.0 220.0 -80.0 0.73" ] ||
    fail "sync p50 row: $(row sync 'latency p50 (ms)')"
[ "$(row sync 'rejected (orders)')" = "rejected (orders) 2000 0 -2000 0.00" ] ||
    fail "sync rejected row: $(row sync 'rejected (orders)')"
[ "$(row async 'backlog drained at (s)')" = "backlog drained at (s) 6.0 6.0 +0.0 1.00" ] ||
    fail "async drained row: $(row async 'backlog drained at (s)')"
grep -q "no sidecar, figures computed from the CSV" "$OUT/table" || fail "source not stated"

grep -q '"baseline": "default"' "$OUT/cmp.json" || fail "cmp.json: baseline"
grep -q '"latency_p99_ms"' "$OUT/cmp.json" || fail "cmp.json: figures"
xmllint --noout "$OUT/cmp.svg" || fail "cmp.svg is not well-formed XML"

# With a sidecar the figures are the sidecar's.
"$ORDERSIM" compare "$RUNS/spike.csv" "$RUNS/a.csv" >"$OUT/table"
grep -q "figures from the sidecar" "$OUT/table" || fail "sidecar not used"
[ "$(row async 'backlog drained at (s)' | cut -d' ' -f5)" = "28.0" ] ||
    fail "sidecar drained_at: $(row async 'backlog drained at (s)')"

rc=0
"$ORDERSIM" compare "$RUNS/a.csv" "$RUNS/bad/number.csv" 2>"$OUT/err" >/dev/null || rc=$?
[ "$rc" -eq 2 ] || fail "bad csv: exit $rc"
grep -qF "number.csv:3:22:" "$OUT/err" || fail "bad csv: message $(cat "$OUT/err")"
rc=0
"$ORDERSIM" compare "$RUNS/a.csv" 2>/dev/null || rc=$?
[ "$rc" -eq 2 ] || fail "one run: exit $rc"
rc=0
"$ORDERSIM" compare "$RUNS/a.csv" "$RUNS/b.csv" --chart "$OUT/x.tiff" >/dev/null 2>&1 || rc=$?
[ "$rc" -eq 2 ] || fail "bad chart extension: exit $rc"
[ ! -e "$OUT/x.tiff" ] || fail "bad chart extension: file left"

"$ORDERSIM" compare --help | grep -q "median of latency_p50_ms" ||
    fail "--help does not state the CSV rules"
echo "compare e2e: ok"
