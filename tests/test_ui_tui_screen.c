/* Golden screens of the live view, mid-spike of the canonical scenario, and what a
 * screen must show whatever its details. The golden files are compared byte for byte;
 * only `test_ui_tui_screen --update-golden` (make golden) rewrites them, and a run with
 * the old ORD_UPDATE_GOLDEN variable set fails rather than pass without comparing. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "orders/scenario/scenario.h"
#include "sim/error.h"
#include "ui/base/text.h"
#include "ui/live/tui_plot.h"
#include "ui/live/tui_screen.h"
#include "ui/live/tui_session.h"

#include "test_ui_tui_util.h"

/* The canonical scenario run to t (no terminal, no loop); the fixture, rendering and
 * golden files are in tests/test_ui_tui_util.h. */
static void start(struct fixture *f, sim_time t)
{
    ui_test_start(f, NULL, t);
}

static bool has_braille(const char *s)
{
    /* U+2800..U+28FF is E2 A0 80 .. E2 A3 BF in UTF-8. */
    for (const unsigned char *p = (const unsigned char *)s; *p; p++)
        if (p[0] == 0xE2 && p[1] >= 0xA0 && p[1] <= 0xA3)
            return true;
    return false;
}

static bool all_ascii(const char *s)
{
    for (const unsigned char *p = (const unsigned char *)s; *p; p++)
        if (*p >= 0x80)
            return false;
    return true;
}

/* Mid-spike: 15 s into flash-spike, the spike running since 10 s. */
static void test_golden_screens(void **state)
{
    (void)state;
    static const struct {
        const char *file;
        int w, h;
        enum ui_tui_plot_mode mode;
        enum ui_tui_lang lang;
    } cases[] = {
        {"tui_80x24_utf8.txt", 80, 24, UI_TUI_BRAILLE, UI_TUI_EN},
        {"tui_80x24_ascii.txt", 80, 24, UI_TUI_ASCII, UI_TUI_EN},
        {"tui_120x40_utf8.txt", 120, 40, UI_TUI_BRAILLE, UI_TUI_EN},
        {"tui_120x40_ascii.txt", 120, 40, UI_TUI_ASCII, UI_TUI_EN},
        {"tui_80x24_zh.txt", 80, 24, UI_TUI_BRAILLE, UI_TUI_ZH},
        {"tui_60x20_small.txt", 60, 20, UI_TUI_BRAILLE, UI_TUI_EN},
    };
    struct fixture f;
    start(&f, 15 * SIM_S);
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        ui_tui_view_reset_scales(&f.view);
        char *text = render(&f, cases[i].w, cases[i].h, cases[i].mode, cases[i].lang);
        golden(cases[i].file, text);
        free(text);
    }
    stop(&f);
}

/* Several services at 80x24: fan-out mid-outage of sms (b, points and sms each on a
 * row of the panel), its end (the whole run's figures per service), and steady after c
 * made points join at 20 s; in English and Chinese. */
static void test_golden_services(void **state)
{
    (void)state;
    struct fixture f;
    ui_test_start(&f, "fan-out", 35 * SIM_S);
    static const enum ui_tui_lang langs[] = {UI_TUI_EN, UI_TUI_ZH};
    static const char *const fan[] = {"tui_80x24_fanout_en.txt", "tui_80x24_fanout_zh.txt"};
    static const char *const fan_done[] = {"tui_80x24_fanout_done_en.txt",
                                           "tui_80x24_fanout_done_zh.txt"};
    static const char *const join[] = {"tui_80x24_join_en.txt", "tui_80x24_join_zh.txt"};
    for (int l = 0; l < 2; l++) {
        ui_tui_view_reset_scales(&f.view);
        char *text = render(&f, 80, 24, UI_TUI_BRAILLE, langs[l]);
        golden(fan[l], text);
        free(text);
    }
    /* the rows read the record: sms's backlog in the bucket ending at 35 s */
    const struct ord_result *r = ord_run_result(&f.sess.run);
    const struct ord_variant_result *as = &r->v[1];
    char want[96], num[32];
    ui_fmt_count(num, sizeof num, sim_series_get(&as->services[2].series, 34, ORD_SC_BACKLOG));
    snprintf(want, sizeof want, "sms 0 %s -", num); /* down: nothing written, no lag */
    char *text = render(&f, 80, 24, UI_TUI_BRAILLE, UI_TUI_EN);
    /* the panel's row: " sms" then its figures (the header and caption name sms too) */
    char squeezed[96] = "";
    for (char *row = strstr(text, " sms "); row; row = strstr(row + 1, " sms ")) {
        size_t k = 0;
        for (const char *p = row + 1; *p && *p != '\n' && k + 1 < sizeof squeezed; p++)
            if (!(p[0] == ' ' && (k == 0 || squeezed[k - 1] == ' ')))
                squeezed[k++] = *p;
        squeezed[k] = '\0';
        if (squeezed[4] >= '0' && squeezed[4] <= '9')
            break;
    }
    if (strncmp(squeezed, want, strlen(want)) != 0)
        fail_msg("sms's row \"%s\" should start \"%s\"", squeezed, want);
    /* the fault is sms's: header, caption and panel name sms, never B (b is up) */
    assert_non_null(strstr(text, "! sms down"));
    assert_non_null(strstr(text, "sms down since 30.0 s"));
    assert_non_null(strstr(text, "wait in the MQ for sms."));
    assert_null(strstr(text, "! B down"));
    assert_null(strstr(text, "B down since"));
    assert_null(strstr(text, "for B."));
    /* its outage's messages wait for it */
    assert_true(sim_series_get(&as->services[2].series, 34, ORD_SC_BACKLOG) > 1000);
    free(text);
    assert_int_equal(ui_tui_session_finish(&f.sess), 0);
    for (int l = 0; l < 2; l++) {
        ui_tui_view_reset_scales(&f.view);
        text = render(&f, 80, 24, UI_TUI_BRAILLE, langs[l]);
        golden(fan_done[l], text);
        free(text);
    }
    stop(&f);
    ui_test_start(&f, "steady", 20 * SIM_S);
    assert_int_equal(ui_tui_session_join(&f.sess), 0);
    assert_int_equal(ui_tui_session_advance(&f.sess, 25 * SIM_S), 0);
    for (int l = 0; l < 2; l++) {
        ui_tui_view_reset_scales(&f.view);
        text = render(&f, 80, 24, UI_TUI_BRAILLE, langs[l]);
        golden(join[l], text);
        if (l == 0) {
            assert_non_null(strstr(text, "points joined since 20.0 s: sync A must call it"));
            assert_non_null(strstr(text, "latency p50  275 ms 25.0 ms"));
        }
        free(text);
    }
    stop(&f);
}

/* Whatever the details, a screen mid-spike says what a teacher needs. */
static void test_screen_content(void **state)
{
    (void)state;
    struct fixture f;
    start(&f, 15 * SIM_S);
    char *u = render(&f, 80, 24, UI_TUI_BRAILLE, UI_TUI_EN);
    assert_true(has_braille(u));
    static const char *const must[] = {
        "t 15.0 / 90.0 s", "Load up since 10.0 s",      "sync",     "async",  "220ms",  "25ms",
        "MQ backlog",      "DB cap 6 000/s", "Orders/s", "? help", "q quit", "10k/s"};
    for (size_t i = 0; i < sizeof must / sizeof must[0]; i++)
        if (!strstr(u, must[i]))
            fail_msg("80x24 screen lacks \"%s\":\n%s", must[i], u);
    free(u);

    char *a = render(&f, 80, 24, UI_TUI_ASCII, UI_TUI_EN);
    assert_true(all_ascii(a));
    assert_false(has_braille(a));
    assert_non_null(strstr(a, "Load up since 10.0 s"));
    free(a);

    char *small = render(&f, 60, 20, UI_TUI_BRAILLE, UI_TUI_EN);
    assert_non_null(strstr(small, "enlarge the terminal to at least 80x24"));
    assert_non_null(strstr(small, "60x20"));
    free(small);
    stop(&f);
}

static void must_have(const char *screen, const char *const *parts, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (!strstr(screen, parts[i]))
            fail_msg("screen lacks \"%s\":\n%s", parts[i], screen);
}

/* Point 6: `d` moves the database's capacity in the caption, the panel and the chart
 * label; the panel's figures are all at one time base. */
static void test_screen_db_slow_capacity(void **state)
{
    (void)state;
    struct fixture f;
    bool quit = false;
    start(&f, 30 * SIM_S);
    assert_int_equal(ui_tui_dispatch(&f.sess, &f.view, UI_TUI_ACT_DB_SLOW, &quit), 0);
    assert_int_equal(ui_tui_session_advance(&f.sess, 34 * SIM_S), 0);
    char *u = render(&f, 120, 40, UI_TUI_BRAILLE, UI_TUI_EN);
    static const char *const slow[] = {"DB slow (5x) since 30.0 s: it takes 1 200/s now.",
                                       "DB cap 1 200/s", "at 34.0 s", "run total to 34.0 s",
                                       "DB slow (5x) since 30.0 s"};
    must_have(u, slow, sizeof slow / sizeof slow[0]);
    if (strstr(u, "6 000/s"))
        fail_msg("the old capacity is still on screen:\n%s", u);
    free(u);
    stop(&f);
}

/* A key press shows at once in the header, the caption, the panel and as a marker;
 * the end shows the whole run's figures. */
static void test_screen_fault_and_done(void **state)
{
    (void)state;
    struct fixture f;
    bool quit = false;
    start(&f, 30 * SIM_S);
    assert_int_equal(ui_tui_dispatch(&f.sess, &f.view, UI_TUI_ACT_B_DOWN, &quit), 0);
    assert_int_equal(ui_tui_session_advance(&f.sess, 36 * SIM_S), 0);
    char *down = render(&f, 80, 24, UI_TUI_BRAILLE, UI_TUI_EN);
    static const char *const fault[] = {"! B down", "B down since 30.0 s", "faults: B down",
                                        "↑B down", "wait in the MQ for B",
                                        "+ faults pressed live"};
    must_have(down, fault, sizeof fault / sizeof fault[0]);
    free(down);
    assert_int_equal(ui_tui_dispatch(&f.sess, &f.view, UI_TUI_ACT_B_DOWN, &quit), 0);
    assert_int_equal(ui_tui_session_finish(&f.sess), 0);
    char *done = render(&f, 120, 40, UI_TUI_BRAILLE, UI_TUI_EN);
    static const char *const end[] = {"■ done", "Done at 90.0 s. Sync over the whole run: p99",
                                      "whole run", "backlog max", "faults: none"};
    must_have(done, end, sizeof end / sizeof end[0]);
    free(done);
    /* The overlays cover the charts and list every key. */
    assert_int_equal(ui_tui_dispatch(&f.sess, &f.view, UI_TUI_ACT_HELP, &quit), 0);
    char *help = render(&f, 80, 24, UI_TUI_ASCII, UI_TUI_EN);
    static const char *const keys[] = {"space  pause / resume", "q      quit", "any key closes"};
    must_have(help, keys, sizeof keys / sizeof keys[0]);
    free(help);
    stop(&f);
}

/* The dumped row y of a screen (malloc'ed). */
static char *screen_row(const char *screen, int y)
{
    const char *p = screen;
    for (int i = 0; i < y && p; i++) {
        p = strchr(p, '\n');
        if (p)
            p++;
    }
    assert_non_null(p);
    const char *e = strchr(p, '\n');
    size_t n = e ? (size_t)(e - p) : strlen(p);
    char *row = malloc(n + 1);
    assert_non_null(row);
    memcpy(row, p, n);
    row[n] = '\0';
    return row;
}

/* The row of the plot (rows y0.. y0+h-1) holding text, or -1. */
static int row_with(const char *screen, int y0, int h, const char *text)
{
    int found = -1;
    for (int y = y0; y < y0 + h; y++) {
        char *row = screen_row(screen, y);
        if (strstr(row, text))
            found = y;
        free(row);
    }
    return found;
}

/* Reference lines on a log axis from 10 ms to 10 s, five rows high (the 80x24
 * latency chart): drawn as dashes, never as the p99 line's dots; the 25 ms line not on
 * a row labelled "10ms"; two references close in value not on one row. */
static char *plot_refs(struct fixture *f, const double *values, const char *const *labels, int n)
{
    struct ui_tui_snapshot s;
    struct ui_tui_opts o = {UI_TUI_BRAILLE, UI_TUI_EN};
    ui_tui_session_snapshot(&f->sess, &s);
    assert_int_equal(ui_tui_cells_resize(&f->cells, 80, 8), 0);
    struct ui_tui_scale sc;
    ui_tui_scale_init(&sc, true, 10);
    sc.hi = 10000;
    struct ui_tui_plot p;
    assert_int_equal(ui_tui_plot_begin(&p, &f->cells, &f->view, &s, &o, UI_TUI_AXIS_W, 1, 60, 5),
                     0);
    struct ui_tui_pen ref = {UI_TUI_ST_REF, '-', false, true, 0};
    for (int i = 0; i < n; i++)
        ui_tui_plot_hline(&p, &sc, values[i], &ref, labels[i]);
    ui_tui_plot_end(&p, &sc, UI_TUI_AXIS_MS);
    char *text = NULL;
    size_t len = 0;
    FILE *m = open_memstream(&text, &len);
    assert_non_null(m);
    ui_tui_cells_dump(&f->cells, m);
    fclose(m);
    return text;
}

static void test_reference_lines(void **state)
{
    (void)state;
    struct fixture f;
    start(&f, 5 * SIM_S);
    static const double v1[] = {220, 25};
    static const char *const l1[] = {"220ms", "25ms"};
    char *u = plot_refs(&f, v1, l1, 2);
    int r220 = row_with(u, 1, 5, "220ms"), r25 = row_with(u, 1, 5, "25ms"),
        r10 = row_with(u, 1, 5, "10ms"), r100 = row_with(u, 1, 5, "100ms");
    int r1s = row_with(u, 1, 5, " 1s");
    /* No row carries a reference and a tick of another value; the order holds. */
    if (r220 < 0 || r25 < 0 || r25 == r10 || r220 == r100 || r220 == r1s || r25 == r100 ||
        r25 <= r220 || (r100 >= 0 && r100 >= r25) || (r10 >= 0 && r10 < r25))
        fail_msg("reference rows 220ms %d, 25ms %d; ticks 100ms %d, 10ms %d:\n%s", r220, r25,
                 r100, r10, u);
    char *line = screen_row(u, r25);
    if (!strstr(line, "┄┄┄┄") || strstr(line, "⠄"))
        fail_msg("a reference line must be dashes, not the p99 dots: %s", line);
    free(line);
    free(u);

    /* Two references on the same row: the lower value goes a row down. */
    static const double v2[] = {220, 180};
    static const char *const l2[] = {"220ms", "180ms"};
    u = plot_refs(&f, v2, l2, 2);
    r220 = row_with(u, 1, 5, "220ms");
    int r180 = row_with(u, 1, 5, "180ms");
    if (r220 < 0 || r180 < 0 || r180 <= r220)
        fail_msg("220ms on row %d, 180ms on row %d:\n%s", r220, r180, u);
    free(u);
    stop(&f);
}

static int count_of(const char *hay, const char *needle)
{
    int n = 0;
    for (const char *p = strstr(hay, needle); p; p = strstr(p + 1, needle))
        n++;
    return n;
}

/* Point 9: the backlog chart shows messages only; the database's rate and capacity
 * (queries/s) are in the side panel, not on a second axis of the backlog chart. */
static void test_backlog_chart_one_unit(void **state)
{
    (void)state;
    struct fixture f;
    start(&f, 15 * SIM_S);
    char *u = render(&f, 120, 40, UI_TUI_BRAILLE, UI_TUI_EN);
    const char *title = strstr(u, "MQ backlog (messages)");
    assert_non_null(title);
    const char *eol = strchr(title, '\n');
    assert_non_null(eol);
    if (strstr(title, "queries") && strstr(title, "queries") < eol)
        fail_msg("the backlog chart's title names a second quantity:\n%s", u);
    if (strstr(u, "├") || count_of(u, "DB cap") != 1 || count_of(u, "DB/s") != 1)
        fail_msg("DB/s and its capacity belong in the panel only (once each), "
                 "not on a right-hand axis:\n%s",
                 u);
    free(u);
    stop(&f);
}

int main(int argc, char **argv)
{
    if (getenv("ORD_UPDATE_GOLDEN")) {
        fprintf(stderr, "test_ui_tui_screen: ORD_UPDATE_GOLDEN is set, but golden files are "
                        "rewritten only by 'make golden' (--update-golden); unset it\n");
        return 1;
    }
    if (argc == 2 && strcmp(argv[1], "--update-golden") == 0) {
        update_golden = true;
        const struct CMUnitTest update[] = {cmocka_unit_test(test_golden_screens),
                                            cmocka_unit_test(test_golden_services)};
        return cmocka_run_group_tests(update, NULL, NULL);
    }
    if (argc != 1) {
        fprintf(stderr, "usage: test_ui_tui_screen [--update-golden]\n");
        return 2;
    }
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_screen_content),
        cmocka_unit_test(test_screen_fault_and_done),
        cmocka_unit_test(test_screen_db_slow_capacity),
        cmocka_unit_test(test_reference_lines),
        cmocka_unit_test(test_backlog_chart_one_unit),
        cmocka_unit_test(test_golden_screens),
        cmocka_unit_test(test_golden_services),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
