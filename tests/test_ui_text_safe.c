/* ui/base/termsafe and ui/base/json_text: user text made safe for a terminal, and
 * seeds up to 2^64-1 through JSON text. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "ui/base/json_text.h"
#include "ui/base/termsafe.h"

static void escapes_controls(void **state)
{
    (void)state;
    char buf[128];
    assert_string_equal(ui_term_safe("\x1b[31mRED\x1b]0;t\a", buf, sizeof buf),
                        "\\x1b[31mRED\\x1b]0;t\\x07");
    assert_string_equal(ui_term_safe("a\x7f" "b\tc\n", buf, sizeof buf), "a\\x7fb\\x09c\\x0a");
    /* C1 CSI (U+009B) in UTF-8, and bytes that are not UTF-8 at all */
    assert_string_equal(ui_term_safe("x\xc2\x9b" "2J", buf, sizeof buf), "x\\u009b2J");
    /* bidirectional overrides and isolates (U+202E, U+2066) would reorder the line */
    assert_string_equal(ui_term_safe("p99 \xe2\x80\xae" "sm 052 \xe2\x81\xa6x", buf, sizeof buf),
                        "p99 \\u202esm 052 \\u2066x");
    assert_string_equal(ui_term_safe("\x9b\xff\xc0\xaf", buf, sizeof buf), "\\x9b\\xff\\xc0\\xaf");
    /* text in any language passes unchanged */
    assert_string_equal(ui_term_safe("秒杀 ×2 — ok", buf, sizeof buf), "秒杀 ×2 — ok");
    assert_string_equal(ui_term_safe(NULL, buf, sizeof buf), "");
    /* cut to fit, never inside a character or an escape */
    char small[6];
    assert_string_equal(ui_term_safe("秒杀秒", small, sizeof small), "秒");
    assert_string_equal(ui_term_safe("ab\x1b", small, sizeof small), "ab");
}

static void u64_through_json_text(void **state)
{
    (void)state;
    char mark[32];
    ui_json_u64_mark(18446744073709551615ull, mark, sizeof mark);
    uint64_t v = 0;
    assert_true(ui_json_u64_parse(mark, &v));
    assert_true(v == 18446744073709551615ull);
    char text[] = "{\"seed\": \"\\u0001u64:18446744073709551615\", \"x\": \"\\u0001u64:\"}";
    ui_json_u64_unmark(text);
    assert_string_equal(text, "{\"seed\": 18446744073709551615, \"x\": \"\\u0001u64:\"}");
    /* reading: only bare integers above INT64_MAX, never inside strings or reals */
    const char *in = "{\"a\": 18446744073709551615, \"b\": 9223372036854775807, "
                     "\"c\": \"18446744073709551615\", \"d\": 18446744073709551615.5, "
                     "\"e\": -18446744073709551615}";
    size_t len;
    char *out = ui_json_u64_protect(in, strlen(in), &len);
    assert_non_null(out);
    assert_string_equal(out, "{\"a\": \"\\u0001u64:18446744073709551615\", "
                             "\"b\": 9223372036854775807, \"c\": \"18446744073709551615\", "
                             "\"d\": 18446744073709551615.5, \"e\": -18446744073709551615}");
    assert_int_equal(len, strlen(out));
    free(out);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(escapes_controls),
        cmocka_unit_test(u64_through_json_text),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
