/* The TUI's cell buffer, Braille canvas and axis autoscale. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "ui/live/tui_cells.h"
#include "ui/live/tui_scale.h"

/* Unicode numbers Braille dots 1-8 as bits 0-7: dots 1,2,3 down the left column,
 * 4,5,6 down the right, 7 and 8 the bottom row (left, right). */
static void test_braille_bits(void **state)
{
    (void)state;
    assert_int_equal(ui_tui_braille(0), 0x2800);
    assert_int_equal(ui_tui_braille(0xFF), 0x28FF);
    assert_int_equal(ui_tui_braille_bit(0, 0), 0x01); /* dot 1 */
    assert_int_equal(ui_tui_braille_bit(0, 1), 0x02); /* dot 2 */
    assert_int_equal(ui_tui_braille_bit(0, 2), 0x04); /* dot 3 */
    assert_int_equal(ui_tui_braille_bit(1, 0), 0x08); /* dot 4 */
    assert_int_equal(ui_tui_braille_bit(1, 1), 0x10); /* dot 5 */
    assert_int_equal(ui_tui_braille_bit(1, 2), 0x20); /* dot 6 */
    assert_int_equal(ui_tui_braille_bit(0, 3), 0x40); /* dot 7 */
    assert_int_equal(ui_tui_braille_bit(1, 3), 0x80); /* dot 8 */
}

static const char *cell(struct ui_tui_cells *b, int x, int y)
{
    return ui_tui_cells_at(b, x, y)->g;
}

/* Dots set on the canvas come out as the right code points in the right cells. */
static void test_canvas_dots(void **state)
{
    (void)state;
    struct ui_tui_cells b = {0};
    struct ui_tui_canvas cv = {0};
    struct ui_tui_pen pen = {UI_TUI_ST_SYNC, 'S', false, false, 1};
    assert_int_equal(ui_tui_cells_resize(&b, 4, 2), 0);
    assert_int_equal(ui_tui_canvas_reset(&cv, UI_TUI_BRAILLE, 1, 0, 2, 2), 0);
    assert_int_equal(cv.dw, 4);
    assert_int_equal(cv.dh, 8);
    ui_tui_canvas_dot(&cv, 0, 0, &pen); /* cell (0,0), dot 1 */
    ui_tui_canvas_dot(&cv, 1, 3, &pen); /* cell (0,0), dot 8 */
    ui_tui_canvas_dot(&cv, 3, 5, &pen); /* cell (1,1): column 1, row 1 -> dot 5 */
    ui_tui_canvas_dot(&cv, 9, 9, &pen); /* outside: ignored */
    ui_tui_canvas_flush(&cv, &b);
    assert_string_equal(cell(&b, 0, 0), " ");            /* left of the canvas: untouched */
    assert_string_equal(cell(&b, 1, 0), "\xE2\xA2\x81"); /* U+2881 = 0x01 | 0x80 */
    assert_string_equal(cell(&b, 2, 0), " ");
    assert_string_equal(cell(&b, 2, 1), "\xE2\xA0\x90"); /* U+2810 */
    assert_int_equal(ui_tui_cells_at(&b, 1, 0)->style, UI_TUI_ST_SYNC);

    /* A thick pen is a 2x2 block; a dotted one skips odd columns. */
    assert_int_equal(ui_tui_canvas_reset(&cv, UI_TUI_BRAILLE, 0, 0, 2, 1), 0);
    struct ui_tui_pen thick = {UI_TUI_ST_SYNC, 'S', true, false, 1};
    ui_tui_canvas_dot(&cv, 0, 1, &thick);
    ui_tui_cells_clear(&b);
    ui_tui_canvas_flush(&cv, &b);
    assert_string_equal(cell(&b, 0, 0), "\xE2\xA0\xB6"); /* 0x02|0x04|0x10|0x20 = U+2836 */
    struct ui_tui_pen dotted = {UI_TUI_ST_ASYNC, 'a', false, true, 1};
    assert_int_equal(ui_tui_canvas_reset(&cv, UI_TUI_BRAILLE, 0, 0, 2, 1), 0);
    ui_tui_canvas_line(&cv, 0, 0, 3, 0, &dotted);
    ui_tui_cells_clear(&b);
    ui_tui_canvas_flush(&cv, &b);
    assert_string_equal(cell(&b, 0, 0), "\xE2\xA0\x81"); /* only column 0 of cell 0 */
    assert_string_equal(cell(&b, 1, 0), "\xE2\xA0\x81");

    /* ASCII: one character per cell; the higher z wins the cell. */
    assert_int_equal(ui_tui_canvas_reset(&cv, UI_TUI_ASCII, 0, 0, 4, 2), 0);
    struct ui_tui_pen low = {UI_TUI_ST_REF, '-', false, false, 0};
    struct ui_tui_pen high = {UI_TUI_ST_ASYNC, 'A', false, false, 5};
    ui_tui_canvas_line(&cv, 0, 1, 3, 1, &low);
    ui_tui_canvas_dot(&cv, 2, 1, &high);
    ui_tui_canvas_dot(&cv, 2, 1, &low);
    ui_tui_cells_clear(&b);
    ui_tui_canvas_flush(&cv, &b);
    assert_string_equal(cell(&b, 1, 1), "-");
    assert_string_equal(cell(&b, 2, 1), "A");
    assert_int_equal(ui_tui_cells_at(&b, 2, 1)->style, UI_TUI_ST_ASYNC);
    assert_string_equal(cell(&b, 2, 0), " ");
    ui_tui_canvas_free(&cv);
    ui_tui_cells_free(&b);
}

/* Bresenham: a line between two dots sets every dot on its way, no more. */
static void test_canvas_line(void **state)
{
    (void)state;
    struct ui_tui_canvas cv = {0};
    struct ui_tui_pen pen = {UI_TUI_ST_SYNC, 'S', false, false, 1};
    assert_int_equal(ui_tui_canvas_reset(&cv, UI_TUI_BRAILLE, 0, 0, 4, 2), 0);
    ui_tui_canvas_line(&cv, 0, 7, 7, 0, &pen); /* the diagonal of an 8x8 dot square */
    int set = 0;
    for (int i = 0; i < cv.cw * cv.ch; i++)
        set += __builtin_popcount(cv.bits[i]);
    assert_int_equal(set, 8);
    /* The top-right cell holds dot (7,0): its column 1, row 0. */
    assert_int_equal(cv.bits[3] & ui_tui_braille_bit(1, 0), ui_tui_braille_bit(1, 0));
    ui_tui_canvas_free(&cv);
}

/* Text: UTF-8 widths (CJK two columns), clipping, wide glyphs split by overwriting. */
static void test_cells_text(void **state)
{
    (void)state;
    struct ui_tui_cells b = {0};
    assert_int_equal(ui_tui_cells_resize(&b, 10, 1), 0);
    assert_int_equal(ui_tui_text_width("async", -1, NULL), 5);
    assert_int_equal(ui_tui_text_width("同步 sync", -1, NULL), 9);
    size_t bytes;
    assert_int_equal(ui_tui_text_width("同步", 3, &bytes), 2);
    assert_int_equal(bytes, 3);
    assert_int_equal(ui_tui_cells_put(&b, 0, 0, 10, UI_TUI_ST_BOLD, "同步ab"), 6);
    assert_int_equal(ui_tui_cells_at(&b, 0, 0)->width, 2);
    assert_int_equal(ui_tui_cells_at(&b, 1, 0)->width, 0);
    /* Writing over the second half of a wide glyph blanks its first half. */
    ui_tui_cells_put(&b, 1, 0, 1, UI_TUI_ST_NORMAL, "x");
    assert_string_equal(cell(&b, 0, 0), " ");
    assert_string_equal(cell(&b, 1, 0), "x");
    /* A wide glyph that does not fit is not half drawn. */
    assert_int_equal(ui_tui_cells_put(&b, 9, 0, 5, UI_TUI_ST_NORMAL, "步"), 0);
    /* In an ASCII buffer, look-alikes or '?'. */
    b.ascii = true;
    ui_tui_cells_put(&b, 0, 0, 10, UI_TUI_ST_NORMAL, "│·→同");
    assert_string_equal(cell(&b, 0, 0), "|");
    assert_string_equal(cell(&b, 1, 0), ".");
    assert_string_equal(cell(&b, 2, 0), ">");
    assert_string_equal(cell(&b, 3, 0), "?");
    char *text = NULL;
    size_t len = 0;
    FILE *m = open_memstream(&text, &len);
    ui_tui_cells_dump(&b, m);
    fclose(m);
    assert_string_equal(text, "|.>?ab\n"); /* trailing blanks dropped */
    free(text);
    /* A title's control characters (C0, DEL, C1) never reach the terminal: '?'. */
    b.ascii = false;
    ui_tui_cells_put(&b, 0, 0, 10, UI_TUI_ST_NORMAL, "\x1b[1m\x7f\xc2\x9b" "2J\a");
    assert_string_equal(cell(&b, 0, 0), "?");
    assert_string_equal(cell(&b, 1, 0), "[");
    assert_string_equal(cell(&b, 4, 0), "?");
    assert_string_equal(cell(&b, 5, 0), "?");
    assert_string_equal(cell(&b, 8, 0), "?");
    ui_tui_cells_free(&b);
}

/* Nice tops: 1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8 x 10^k (linear), decades (log). */
static void test_nice_ceil(void **state)
{
    (void)state;
    assert_true(ui_tui_nice_ceil(0, false, 1000) == 1000);
    assert_true(ui_tui_nice_ceil(1000, false, 10) == 1000);
    assert_true(ui_tui_nice_ceil(1001, false, 10) == 1200);
    assert_true(ui_tui_nice_ceil(4100, false, 10) == 5000);
    assert_true(ui_tui_nice_ceil(6000, false, 10) == 6000);
    assert_true(ui_tui_nice_ceil(7200, false, 10) == 8000);
    assert_true(ui_tui_nice_ceil(10087, false, 10) == 12000);
    assert_true(ui_tui_nice_ceil(40000, false, 10) == 40000);
    assert_true(ui_tui_nice_ceil(85000, false, 10) == 100000);
    assert_true(ui_tui_nice_ceil(250, true, 1) == 1000);
    assert_true(ui_tui_nice_ceil(100, true, 1) == 100);
    assert_true(ui_tui_nice_ceil(3000, true, 1) == 10000);
}

#define S_NS ((int64_t)1000000000)

/* Grows at once; shrinks only after the data fit half the range for 3 s of wall
 * time without a break. */
static void test_autoscale_hysteresis(void **state)
{
    (void)state;
    struct ui_tui_scale s;
    ui_tui_scale_init(&s, false, 0);
    assert_true(ui_tui_scale_update(&s, 4100, 1000, 0));
    assert_true(s.hi == 5000);
    assert_true(ui_tui_scale_update(&s, 45000, 1000, 1)); /* grows at once */
    assert_true(s.hi == 50000);
    /* 30 000 does not fit in half (25 000): no shrink however long. */
    for (int64_t t = 0; t <= 10; t++)
        assert_false(ui_tui_scale_update(&s, 30000, 1000, 2 + t * S_NS));
    assert_true(s.hi == 50000);
    /* 2 000 fits in half: it takes 3 s. */
    assert_false(ui_tui_scale_update(&s, 2000, 1000, 20 * S_NS));
    assert_false(ui_tui_scale_update(&s, 2000, 1000, 22 * S_NS));
    /* A frame that does not fit resets the clock. */
    assert_false(ui_tui_scale_update(&s, 30000, 1000, 22 * S_NS + 1));
    assert_false(ui_tui_scale_update(&s, 2000, 1000, 23 * S_NS));
    assert_false(ui_tui_scale_update(&s, 2000, 1000, 25 * S_NS));
    assert_true(s.hi == 50000);
    assert_true(ui_tui_scale_update(&s, 2000, 1000, 26 * S_NS));
    assert_true(s.hi == 2000);
    /* The floor holds: never below min_top. */
    assert_false(ui_tui_scale_update(&s, 10, 1000, 27 * S_NS));
    assert_false(ui_tui_scale_update(&s, 10, 1000, 29 * S_NS));
    assert_true(ui_tui_scale_update(&s, 10, 1000, 30 * S_NS));
    assert_true(s.hi == 1000);
    assert_false(ui_tui_scale_update(&s, 10, 1000, 40 * S_NS));
    assert_true(s.hi == 1000);

    /* Log: a decade less counts as fitting in half the range. */
    ui_tui_scale_init(&s, true, 10);
    ui_tui_scale_update(&s, 3000, 330, 0);
    assert_true(s.hi == 10000);
    assert_false(ui_tui_scale_update(&s, 2000, 330, 1)); /* still the 10 s decade */
    assert_false(ui_tui_scale_update(&s, 200, 330, 2));
    assert_true(ui_tui_scale_update(&s, 200, 330, 2 + 3 * S_NS));
    assert_true(s.hi == 1000);
}

static void test_scale_positions(void **state)
{
    (void)state;
    struct ui_tui_scale s;
    ui_tui_scale_init(&s, false, 0);
    s.hi = 100;
    assert_int_equal(ui_tui_scale_pos(&s, 0, 21), 0);
    assert_int_equal(ui_tui_scale_pos(&s, 50, 21), 10);
    assert_int_equal(ui_tui_scale_pos(&s, 100, 21), 20);
    assert_int_equal(ui_tui_scale_pos(&s, 1e9, 21), 20); /* clamped */
    assert_int_equal(ui_tui_scale_pos(&s, -5, 21), 0);
    ui_tui_scale_init(&s, true, 10);
    s.hi = 1000; /* two decades over 21 positions: 100 in the middle */
    assert_int_equal(ui_tui_scale_pos(&s, 100, 21), 10);
    assert_int_equal(ui_tui_scale_pos(&s, 5, 21), 0);
    assert_true(ui_tui_scale_value(&s, 10, 21) > 99.9 && ui_tui_scale_value(&s, 10, 21) < 100.1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_braille_bits),    cmocka_unit_test(test_canvas_dots),
        cmocka_unit_test(test_canvas_line),     cmocka_unit_test(test_cells_text),
        cmocka_unit_test(test_nice_ceil),       cmocka_unit_test(test_autoscale_hysteresis),
        cmocka_unit_test(test_scale_positions),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
