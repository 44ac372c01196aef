#!/usr/bin/env bash
# End to end: the tests themselves can fail.
#  1. Every e2e script fails (non-zero) when the binary is missing, and says so.
#  2. The golden-screen test refuses to run with ORD_UPDATE_GOLDEN set (it used to pass
#     by rewriting the files) and leaves the golden files untouched.
#  3. Golden files are rewritten only by `make golden`, whose recipe does not hide a
#     failure, and `make test` never runs it.
# Env: ORDERSIM (the binary), SRC (source dir), BUILD (build dir).
. "$(dirname "$0")/lib.bash"

for script in "$SRC"/tests/e2e/*.sh; do
    name=$(basename "$script")
    [ "$name" = selftest.sh ] && continue
    expect_status 1 "$name without a binary" \
        env ORDERSIM="$WORK/no-such-ordersim" BUILD="$WORK/no-such-build" bash "$script"
    check "$name without a binary says why" grep -q "^FAIL: .*\(is not an executable binary\|is missing\)" "$WORK/err" "$WORK/out"
done

sums() { (cd "$SRC/tests/golden" && cksum ./*); }
before=$(sums)
expect_status 1 "golden test with ORD_UPDATE_GOLDEN=1" \
    env ORD_UPDATE_GOLDEN=1 "$BUILD/test_ui_tui_screen"
check "ORD_UPDATE_GOLDEN refusal names make golden" grep -q "make golden" "$WORK/err"
check "golden files untouched" test "$before" = "$(sums)"
expect_status 2 "golden test with an unknown argument" "$BUILD/test_ui_tui_screen" --nope

recipe=$(make -s -n -C "$SRC" BUILD="$BUILD" golden 2>/dev/null | grep -- --update-golden)
check "make golden runs --update-golden" test -n "$recipe"
check "make golden does not hide a failure" bash -c "! grep -q '|| *true' <<<'$recipe'"
tests=$(make -s -n -C "$SRC" BUILD="$BUILD" ASAN_BUILD="$BUILD" test 2>/dev/null)
check "make test runs ctest" grep -q ctest <<<"$tests"
check "make test never updates golden files" bash -c "! grep -q update-golden <<<\"\$0\"" "$tests"
finish
