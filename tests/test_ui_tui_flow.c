/* The flow diagram: golden screens (80x24 and 120x40, en and zh, UTF-8 and ASCII) and
 * what it must say whatever its details: the boxes, the live rates read from the
 * record, a failed component marked in words. The golden files are compared byte for
 * byte; only `test_ui_tui_flow --update-golden` (make golden) rewrites them. */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "orders/scenario/scenario.h"
#include "sim/error.h"
#include "ui/base/text.h"
#include "ui/live/tui_flow.h"
#include "ui/live/tui_keys.h"
#include "ui/live/tui_session.h"

#include "test_ui_tui_util.h"

/* The canonical fixture, rendering and golden files: tests/test_ui_tui_util.h. */
static void start(struct fixture *f, const char *scenario, sim_time t)
{
    ui_test_start(f, scenario, t);
    f->view.flow = true;
}

static void must_have(const char *screen, const char *const *parts, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (!strstr(screen, parts[i]))
            fail_msg("screen lacks \"%s\":\n%s", parts[i], screen);
}

/* Mid-spike of the canonical scenario, and mid-outage of b-outage. */
static void test_golden(void **state)
{
    (void)state;
    static const struct {
        const char *file, *scenario;
        sim_time t;
        int w, h;
        enum ui_tui_plot_mode mode;
        enum ui_tui_lang lang;
    } cases[] = {
        {"flow_80x24_en.txt", "flash-spike", 15 * SIM_S, 80, 24, UI_TUI_BRAILLE, UI_TUI_EN},
        {"flow_80x24_zh.txt", "flash-spike", 15 * SIM_S, 80, 24, UI_TUI_BRAILLE, UI_TUI_ZH},
        {"flow_80x24_ascii.txt", "flash-spike", 15 * SIM_S, 80, 24, UI_TUI_ASCII, UI_TUI_EN},
        {"flow_120x40_en.txt", "b-outage", 35 * SIM_S, 120, 40, UI_TUI_BRAILLE, UI_TUI_EN},
        {"flow_120x40_zh.txt", "b-outage", 35 * SIM_S, 120, 40, UI_TUI_BRAILLE, UI_TUI_ZH},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct fixture f;
        start(&f, cases[i].scenario, cases[i].t);
        char *text = render(&f, cases[i].w, cases[i].h, cases[i].mode, cases[i].lang);
        golden(cases[i].file, text);
        free(text);
        stop(&f);
    }
}

/* Mid-spike: the boxes, the arrival rate on the users' arrow and the DB rate on
 * B's, the figures of the record's last closed bucket. */
static void test_spike_figures(void **state)
{
    (void)state;
    struct fixture f;
    start(&f, "flash-spike", 15 * SIM_S);
    char *u = render(&f, 80, 24, UI_TUI_BRAILLE, UI_TUI_EN);
    static const char *const must[] = {" A ", " B ", " MQ ", " DB ", "users", "threads",
                                       "messages", "sync", "async", "6 000/s", "▶"};
    must_have(u, must, sizeof must / sizeof must[0]);
    /* The last closed bucket (14-15 s) offered about 10 000 orders. */
    const struct ord_result *r = ord_run_result(&f.sess.run);
    size_t b = sim_series_closed(&r->v[0].series) - 1;
    int64_t offered = sim_series_get(&r->v[0].series, b, ORD_COL_OFFERED);
    assert_true(offered > 9000 && offered < 11000);
    char want[32];
    ui_fmt_count_fit(want, sizeof want, (double)offered, 5);
    assert_non_null(strstr(u, want));
    /* Sync A is full mid-spike: 4.0k of 4.0k threads busy. */
    assert_non_null(strstr(u, "4.0k/4.0k"));
    free(u);
    stop(&f);
}

/* B down: the box says DOWN next to an X, in ASCII too (no colour needed). */
static void test_failed_component(void **state)
{
    (void)state;
    struct fixture f;
    start(&f, "b-outage", 35 * SIM_S);
    char *a = render(&f, 80, 24, UI_TUI_ASCII, UI_TUI_EN);
    assert_non_null(strstr(a, "X DOWN"));
    for (const unsigned char *p = (const unsigned char *)a; *p; p++)
        assert_true(*p < 0x80);
    free(a);
    char *z = render(&f, 80, 24, UI_TUI_BRAILLE, UI_TUI_ZH);
    assert_non_null(strstr(z, "X 宕机"));
    free(z);
    stop(&f);
    /* After the outage, no box is marked. */
    start(&f, "b-outage", 50 * SIM_S);
    char *u = render(&f, 80, 24, UI_TUI_BRAILLE, UI_TUI_EN);
    assert_null(strstr(u, "DOWN"));
    free(u);
    stop(&f);
}

/* Fan-out: several services share the B box (their threads together) and each has a
 * line with its own totals; a fault on one service marks that one only. */
static void test_fanout(void **state)
{
    (void)state;
    static const char text[] = "name: fan\nduration: 30s\ndrain: 10s\n"
                               "services:\n  - {name: b}\n"
                               "  - {name: points, service: 50ms, threads: 50}\n"
                               "faults:\n  - {at: 10s, for: 10s, target: b, kind: down}\n";
    struct ord_config cfg;
    struct ord_diag d;
    int rc = ord_scenario_load_text(&cfg, text, sizeof text - 1, "fan", NULL, &d);
    if (rc)
        ord_diag_print(&d, stderr);
    assert_int_equal(rc, 0);
    struct fixture f;
    memset(&f, 0, sizeof f);
    assert_int_equal(ui_tui_session_init(&f.sess, &cfg, NULL, fake_clock, &f.clock_ns, 5), 0);
    assert_int_equal(ui_tui_session_advance(&f.sess, 15 * SIM_S), 0);
    ui_tui_view_init(&f.view);
    f.view.flow = true;
    char *u = render(&f, 80, 24, UI_TUI_BRAILLE, UI_TUI_EN);
    static const char *const must[] = {"B x2", "└▶ b: written", "└▶ points: written", "3.0k"};
    must_have(u, must, sizeof must / sizeof must[0]);
    /* The outage is b's (unit 0): its line says so, points' does not. */
    const char *b_line = strstr(u, "└▶ b: written");
    const char *p_line = strstr(u, "└▶ points: written");
    assert_non_null(strstr(b_line, "X DOWN"));
    assert_true(strstr(b_line, "X DOWN") < p_line);
    const char *p_end = strchr(p_line, '\n');
    assert_true(strstr(p_line, "X DOWN") == NULL || strstr(p_line, "X DOWN") > p_end);
    /* Each line's written count is the service's own total. */
    const struct ord_result *r = ord_run_result(&f.sess.run);
    assert_int_equal(r->v[1].nservices, 2);
    char want[64], n[24];
    ui_fmt_count(n, sizeof n, (int64_t)r->v[1].services[1].completed);
    snprintf(want, sizeof want, "points: written %s", n);
    assert_non_null(strstr(u, want));
    free(u);
    stop(&f);
}

/* A scenario given as text, run to t, with the diagram on. */
static void start_text(struct fixture *f, const char *text, sim_time t)
{
    struct ord_config cfg;
    struct ord_diag d;
    int rc = ord_scenario_load_text(&cfg, text, strlen(text), "text", NULL, &d);
    if (rc)
        ord_diag_print(&d, stderr);
    assert_int_equal(rc, 0);
    memset(f, 0, sizeof *f);
    assert_int_equal(ui_tui_session_init(&f->sess, &cfg, NULL, fake_clock, &f->clock_ns, 5), 0);
    assert_int_equal(ui_tui_session_advance(&f->sess, t), 0);
    ui_tui_view_init(&f->view);
    f->view.flow = true;
}

/* The database down marks the DB box, nothing else; B crashing says CRASH. */
static void test_db_down_and_crash(void **state)
{
    (void)state;
    struct fixture f;
    start_text(&f, "duration: 20s\nfaults:\n  - {at: 5s, for: 10s, target: database, kind: down}\n",
               8 * SIM_S);
    char *u = render(&f, 80, 24, UI_TUI_ASCII, UI_TUI_EN);
    assert_non_null(strstr(u, "X DOWN"));
    assert_null(strstr(u, "CRASH"));
    /* the X DOWN is in the DB box, the last box of the row */
    const char *down = strstr(u, "X DOWN");
    const char *line = down;
    while (line > u && line[-1] != '\n')
        line--;
    assert_true(down - line > 60);
    free(u);
    stop(&f);
    start_text(&f, "duration: 20s\nfaults:\n  - {at: 5s, for: 10s, target: b, kind: crash}\n",
               8 * SIM_S);
    u = render(&f, 80, 24, UI_TUI_ASCII, UI_TUI_EN);
    assert_non_null(strstr(u, "X CRASH"));
    free(u);
    stop(&f);
}

/* The f key toggles the diagram and is in the key table (footer, help, --help). */
static void test_key(void **state)
{
    (void)state;
    const struct ui_tui_key *k = ui_tui_key_find('f');
    assert_non_null(k);
    assert_int_equal(k->action, UI_TUI_ACT_FLOW);
    struct fixture f;
    start(&f, "flash-spike", 15 * SIM_S);
    bool quit = false;
    assert_int_equal(ui_tui_dispatch(&f.sess, &f.view, UI_TUI_ACT_FLOW, &quit), 0);
    assert_false(f.view.flow);
    char *charts = render(&f, 80, 24, UI_TUI_BRAILLE, UI_TUI_EN);
    assert_null(strstr(charts, "Flow:"));
    assert_non_null(strstr(charts, "User latency"));
    free(charts);
    assert_int_equal(ui_tui_dispatch(&f.sess, &f.view, UI_TUI_ACT_FLOW, &quit), 0);
    char *flow = render(&f, 80, 24, UI_TUI_BRAILLE, UI_TUI_EN);
    assert_non_null(strstr(flow, "Flow:"));
    assert_null(strstr(flow, "User latency"));
    free(flow);
    stop(&f);
}

int main(int argc, char **argv)
{
    if (argc == 2 && strcmp(argv[1], "--update-golden") == 0) {
        update_golden = true;
        const struct CMUnitTest update[] = {cmocka_unit_test(test_golden)};
        return cmocka_run_group_tests(update, NULL, NULL);
    }
    if (argc != 1) {
        fprintf(stderr, "usage: test_ui_tui_flow [--update-golden]\n");
        return 2;
    }
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_golden),
        cmocka_unit_test(test_spike_figures),
        cmocka_unit_test(test_failed_component),
        cmocka_unit_test(test_key),
        cmocka_unit_test(test_fanout),
        cmocka_unit_test(test_db_down_and_crash),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
