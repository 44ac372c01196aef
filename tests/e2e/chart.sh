#!/usr/bin/env bash
# e2e: `ordersim chart` on the hand-made run fixtures: one file per format (PNG size,
# SVG well-formed with one stroke per series, PDF header), Chinese labels, and bad
# input (file:line:column message, exit 2, no file left behind).
# Env: ORDERSIM (the binary), SRC (source dir), BUILD (build dir); cwd is tests/.
. "$(dirname "$0")/lib.bash" # fails without $ORDERSIM; $WORK is removed at exit
set -euo pipefail
RUNS="$SRC/tests/fixtures/runs"
OUT=$WORK

fail() {
    echo "FAIL: $*" >&2
    exit 1
}

# The PNG's width and height from its IHDR chunk (bytes 16..23, big-endian).
png_size() {
    od -An -tu1 -j16 -N8 "$1" | awk '{printf "%dx%d\n", $1*16777216+$2*65536+$3*256+$4,
                                                        $5*16777216+$6*65536+$7*256+$8}'
}

"$ORDERSIM" chart "$RUNS/spike.csv" -o "$OUT/spike.png" --size 1280x720
[ "$(head -c 8 "$OUT/spike.png" | od -An -tx1 | tr -d ' \n')" = "89504e470d0a1a0a" ] ||
    fail "spike.png: no PNG signature"
[ "$(png_size "$OUT/spike.png")" = "1280x720" ] || fail "spike.png: size $(png_size "$OUT/spike.png")"
[ "$(png_size "$OUT/spike.png")" != "" ] || fail "spike.png: no IHDR"

"$ORDERSIM" chart "$RUNS/spike.csv" -o "$OUT/spike_zh.svg" --lang zh --log
xmllint --noout "$OUT/spike_zh.svg" || fail "spike_zh.svg is not well-formed XML"

# Latency panel only: the sync colour at full width and opacity is stroked by p50,
# p99 and their two legend samples; the same for async.
"$ORDERSIM" chart "$RUNS/a.csv" -o "$OUT/a.svg" --panels latency
strokes() {
    xmllint --xpath "count(//*[local-name()='path'][contains(@style,'stroke-width:3.5;') and \
contains(@style,'stroke:rgb($1);stroke-opacity:1;')])" "$OUT/a.svg"
}
[ "$(strokes '83.529412%,36.862745%,0%')" = "4" ] || fail "a.svg: sync strokes $(strokes '83.529412%,36.862745%,0%')"
[ "$(strokes '0%,44.705882%,69.803922%')" = "4" ] || fail "a.svg: async strokes"

"$ORDERSIM" chart "$RUNS/spike.csv" -o "$OUT/spike.pdf" --title "Flash spike"
[ "$(head -c 5 "$OUT/spike.pdf")" = "%PDF-" ] || fail "spike.pdf: no PDF header"

# Same input, same bytes (DESIGN.md), for every format; --meta names the sidecar.
for ext in png svg pdf; do
    "$ORDERSIM" chart "$RUNS/spike.csv" -o "$OUT/one.$ext"
    "$ORDERSIM" chart "$RUNS/spike.csv" -o "$OUT/two.$ext" --meta "$RUNS/spike.json"
    cmp -s "$OUT/one.$ext" "$OUT/two.$ext" || fail "two renders of spike.csv differ ($ext)"
done

# Without a sidecar: it still draws, and says where the title came from.
"$ORDERSIM" chart "$RUNS/a.csv" -o "$OUT/a.png" 2>"$OUT/err"
grep -q "no JSON sidecar" "$OUT/err" || fail "no note about the missing sidecar"

# Bad input: the message, exit 2, and no output file.
expect_bad() { # file expected-message
    local rc=0
    "$ORDERSIM" chart "$RUNS/bad/$1" -o "$OUT/bad.png" 2>"$OUT/err" || rc=$?
    [ "$rc" -eq 2 ] || fail "$1: exit $rc, expected 2"
    grep -qF -- "$2" "$OUT/err" || fail "$1: expected '$2', got: $(cat "$OUT/err")"
    [ ! -e "$OUT/bad.png" ] || fail "$1: an output file was left"
}
expect_bad number.csv "bad/number.csv:3:22: bad number '1x00' for completed_qps"
expect_bad header.csv "bad/header.csv:1:16: header column 3 is 'offered', expected 'offered_qps'"
expect_bad fields.csv "bad/fields.csv:3:52: expected 15 fields, found 14"
expect_bad empty.csv "bad/empty.csv:1:1: empty file"
expect_bad order.csv "bad/order.csv:3:1: time_s 0 goes backwards"
expect_bad badjson.csv "bad/badjson.json:2:13:"

rc=0
"$ORDERSIM" chart "$RUNS/a.csv" -o "$OUT/a.jpg" 2>"$OUT/err" || rc=$?
[ "$rc" -eq 2 ] || fail "unknown extension: exit $rc, expected 2"
grep -qF ".png, .svg, .pdf" "$OUT/err" || fail "unknown extension: formats not listed"
rc=0
"$ORDERSIM" chart "$RUNS/missing.csv" -o "$OUT/m.png" 2>"$OUT/err" || rc=$?
[ "$rc" -eq 2 ] || fail "missing input: exit $rc, expected 2"

"$ORDERSIM" chart --help | grep -q "throughput" || fail "--help does not list the panels"

# Nothing half-written: only the files asked for (no .name.XXXXXX temporaries).
leftover=$(cd "$OUT" && ls -A | grep '^\.' || true)
[ -z "$leftover" ] || fail "temporary files left: $leftover"
echo "chart e2e: ok"
