/* The handout's text wrapping (ui/lesson/handout.c): lines break at spaces and beside
 * CJK characters only, never after a slash ("queries/ s"), inside a number ("6 / 000")
 * or a word, at every width, for every text of the built-in lessons in both languages.
 * The PDF's text: tests/test_ui_handout_pdf.c. */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "ui/lesson/handout.h"
#include "ui/lesson/lesson.h"

/* The code point that starts at s[i] (UTF-8), and the one that ends just before it. */
static uint32_t cp_at(const char *s, size_t i)
{
    const unsigned char *p = (const unsigned char *)s + i;
    if (p[0] < 0x80)
        return p[0];
    if ((p[0] & 0xE0) == 0xC0)
        return (uint32_t)(p[0] & 0x1F) << 6 | (p[1] & 0x3F);
    if ((p[0] & 0xF0) == 0xE0)
        return (uint32_t)(p[0] & 0x0F) << 12 | (uint32_t)(p[1] & 0x3F) << 6 | (p[2] & 0x3F);
    return (uint32_t)(p[0] & 0x07) << 18 | (uint32_t)(p[1] & 0x3F) << 12 |
           (uint32_t)(p[2] & 0x3F) << 6 | (p[3] & 0x3F);
}

static uint32_t cp_before(const char *s, size_t i)
{
    size_t k = i - 1;
    while (k > 0 && ((unsigned char)s[k] & 0xC0) == 0x80)
        k--;
    return cp_at(s, k);
}

static bool wide(uint32_t c)
{
    return (c >= 0x2E80 && c <= 0x9FFF) || (c >= 0xAC00 && c <= 0xD7AF) ||
           (c >= 0xF900 && c <= 0xFAFF) || (c >= 0xFE30 && c <= 0xFE4F) ||
           (c >= 0xFF00 && c <= 0xFFEF) || (c >= 0x20000 && c <= 0x3FFFF);
}

/* Every line of s wrapped at width starts after a space or beside a CJK character,
 * and never between two digits. Returns the number of line breaks. */
static size_t check_breaks(const char *s, enum ui_tui_lang lang, double size, double width)
{
    size_t at[512];
    size_t n = ui_lesson_handout_breaks(s, lang, size, width, at, 512);
    for (size_t i = 0; i < n && i < 512; i++) {
        assert_true(at[i] > 0 && at[i] <= strlen(s));
        if (at[i] == strlen(s))
            continue;
        uint32_t before = cp_before(s, at[i]), after = cp_at(s, at[i]);
        bool ok = before == ' ' || before == '\n' || wide(before) || wide(after);
        bool in_number = before == ' ' && at[i] >= 2 && s[at[i] - 2] >= '0' &&
                         s[at[i] - 2] <= '9' && after >= '0' && after <= '9';
        if (!ok || in_number)
            fail_msg("width %.0f breaks \"%.*s\" | \"%.20s\"", width, (int)at[i], s, s + at[i]);
    }
    return n;
}

/* The case from a handout page: "queries/s" was cut after the slash. */
static void test_slash_and_numbers(void **state)
{
    (void)state;
    static const char s[] = "When 10 000 orders/s arrive, the database takes 6 000 queries/s at "
                            "most: sync users wait 667 ms, async users 25.0 ms (A + MQ send).";
    size_t total = 0;
    for (double w = 40; w <= 420; w += 1)
        total += check_breaks(s, UI_TUI_EN, 11.5, w);
    assert_true(total > 100); /* it did wrap, at many widths */
}

/* Chinese wraps between characters (there are no spaces), mixed text keeps its
 * numbers and units whole. */
static void test_chinese(void **state)
{
    (void)state;
    static const char s[] =
        "峰值时每秒到达 10 000 个订单，数据库每秒只能处理 6 000 个查询（queries/s），"
        "同步用户等待 667 ms；异步用户只等 25.0 ms，消息在 MQ 里排队。";
    size_t total = 0;
    for (double w = 60; w <= 420; w += 1)
        total += check_breaks(s, UI_TUI_ZH, 11.5, w);
    assert_true(total > 100);
}

/* Every title, question and reveal of every built-in lesson, at the handout's sizes and
 * width (A4 less the margins) and narrower. */
static void test_builtin_lessons(void **state)
{
    (void)state;
    for (int b = 0; b < ui_lesson_builtin_count; b++) {
        struct ui_lesson l;
        struct ord_diag d;
        assert_int_equal(ui_lesson_resolve(&l, ui_lesson_builtins[b].name, &d), 0);
        for (size_t i = 0; i < l.nscenes; i++) {
            const struct ui_lesson_scene *sc = &l.scenes[i];
            const struct ui_lesson_text *texts[] = {&sc->title, &sc->question, &sc->reveal};
            for (int lang = 0; lang < UI_TUI_NLANG; lang++)
                for (size_t t = 0; t < 3; t++)
                    for (double w = 200; w <= UI_HANDOUT_W - 84; w += 31)
                        check_breaks(ui_lesson_text_in(texts[t], (enum ui_tui_lang)lang),
                                     (enum ui_tui_lang)lang, 11.5, w);
        }
        ui_lesson_free(&l);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_slash_and_numbers),
        cmocka_unit_test(test_chinese),
        cmocka_unit_test(test_builtin_lessons),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
