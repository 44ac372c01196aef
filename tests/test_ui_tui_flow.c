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

/* Mid-spike of the canonical scenario, mid-outage of b-outage, mid-hang of b-hang, and
 * fan-out's three services while sms is down. */
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
        {"flow_120x40_ascii.txt", "b-hang", 33 * SIM_S, 120, 40, UI_TUI_ASCII, UI_TUI_EN},
        {"flow_80x24_fanout_en.txt", "fan-out", 35 * SIM_S, 80, 24, UI_TUI_BRAILLE, UI_TUI_EN},
        {"flow_80x24_fanout_zh.txt", "fan-out", 35 * SIM_S, 80, 24, UI_TUI_BRAILLE, UI_TUI_ZH},
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
    static const char *const must[] = {" A ",      " B ",  " MQ ",  " DB ",    "users", "threads",
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
    static const char *const must[] = {"B x2", "└▶ b:", "└▶ points:", "3.0k"};
    must_have(u, must, sizeof must / sizeof must[0]);
    /* The outage is b's (unit 0): its line says so, points' does not. */
    const char *b_line = strstr(u, "└▶ b:");
    const char *p_line = strstr(u, "└▶ points:");
    assert_non_null(strstr(b_line, "X DOWN"));
    assert_true(strstr(b_line, "X DOWN") < p_line);
    const char *p_end = strchr(p_line, '\n');
    assert_true(strstr(p_line, "X DOWN") == NULL || strstr(p_line, "X DOWN") > p_end);
    /* Each line's written count is the service's own total. */
    const struct ord_result *r = ord_run_result(&f.sess.run);
    assert_int_equal(r->v[1].nservices, 2);
    char want[64], n[24];
    ui_fmt_count(n, sizeof n, (int64_t)r->v[1].services[1].completed);
    snprintf(want, sizeof want, "written %s", n);
    assert_non_null(strstr(p_line, want));
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

/* ---- the boxes' gauges against the model's state ------------------------------------- */

/* The text inside box `name` of wiring `wiring` (0 the first drawn, sync) at row `row`
 * (1 figure, 2 word, 3 waiting) of an ASCII English screen, trimmed, into out. */
static void box_text(const char *screen, int wiring, const char *name, int row, char *out, size_t n)
{
    char pat[2][32];
    snprintf(pat[0], sizeof pat[0], "+- %s ", name); /* a box */
    snprintf(pat[1], sizeof pat[1], "XX %s ", name); /* a failed one */
    const char *line = screen;
    int seen = -1;
    const char *at = NULL;
    while (line && *line) {
        const char *end = strchr(line, '\n');
        char copy[512];
        snprintf(copy, sizeof copy, "%.*s", (int)(end ? end - line : (long)strlen(line)), line);
        if (strstr(copy, "+- A ") && ++seen == wiring) {
            for (int k = 0; k < 2 && !at; k++) {
                const char *hit = strstr(copy, pat[k]);
                at = hit ? line + (hit - copy) : NULL;
            }
            break;
        }
        line = end ? end + 1 : NULL;
    }
    if (!at)
        fail_msg("no box %s in wiring %d:\n%s", name, wiring, screen);
    size_t col = (size_t)(at - line);
    for (int r = 0; r < row; r++) {
        line = strchr(line, '\n');
        assert_non_null(line);
        line++;
    }
    const char *end = strchr(line, '\n');
    assert_true(end && (size_t)(end - line) >= col + 10);
    const char *p = line + col + 1, *q = line + col + 10;
    while (p < q && *p == ' ')
        p++;
    while (q > p && q[-1] == ' ')
        q--;
    snprintf(out, n, "%.*s", (int)(q - p), p);
}

static void want_box(const char *screen, int wiring, const char *name, int row, const char *want)
{
    char got[64];
    box_text(screen, wiring, name, row, got, sizeof got);
    if (strcmp(got, want) != 0)
        fail_msg("wiring %d box %s row %d shows \"%s\", the model \"%s\":\n%s", wiring, name, row,
                 got, want, screen);
}

static void fmt_of_test(char *buf, size_t n, uint64_t busy, uint64_t total)
{
    char a[16], b[16]; /* as the flow diagram's: fits the callers' 32 bytes */
    ui_fmt_count_fit(a, sizeof a, (double)busy, 4);
    ui_fmt_count_fit(b, sizeof b, (double)total, 4);
    if (total)
        snprintf(buf, n, "%s/%s", a, b);
    else
        snprintf(buf, n, "%s", a);
}

static void fmt_wait_test(char *buf, size_t n, uint64_t waiting)
{
    char a[24];
    ui_fmt_count_fit(a, sizeof a, (double)waiting, 4);
    snprintf(buf, n, "wait %s", a);
}

/* Run to just before t (every event of the bucket ending at t, none after), read the
 * model's stations, run to t and check the boxes: the database's busy/total connections
 * and its queue, B's accept queue (sync). Returns the readings. */
static void check_gauges(struct fixture *f, sim_time t, struct ord_stations st[2])
{
    assert_int_equal(ui_tui_session_advance(&f->sess, t - 1), 0);
    const struct ord_result *r = ord_run_result(&f->sess.run);
    for (int i = 0; i < r->nvariants && i < 2; i++)
        assert_int_equal(ord_run_stations(&f->sess.run, i, -1, &st[i]), 0);
    assert_int_equal(ui_tui_session_advance(&f->sess, t), 0);
    char *a = render(f, 80, 24, UI_TUI_ASCII, UI_TUI_EN);
    for (int i = 0; i < r->nvariants && i < 2; i++) {
        char want[64];
        /* the series holds the same reading for the bucket that ends at t */
        const struct sim_series *ser = &r->v[i].series;
        size_t b = sim_series_closed(ser) - 1;
        assert_int_equal(sim_series_start(ser, b + 1), t);
        assert_int_equal(sim_series_get(ser, b, ORD_COL_DB_BUSY), (int64_t)st[i].db_busy);
        assert_int_equal(sim_series_get(ser, b, ORD_COL_DB_QUEUE), (int64_t)st[i].db_queue);
        assert_int_equal(sim_series_get(ser, b, ORD_COL_B_QUEUE), (int64_t)st[i].b_queue);
        fmt_of_test(want, sizeof want, st[i].db_busy, st[i].db_connections);
        want_box(a, i, "DB", 1, want);
        fmt_wait_test(want, sizeof want, st[i].db_queue);
        want_box(a, i, "DB", 3, want);
        if (r->v[i].kind == ORD_VARIANT_SYNC) {
            fmt_wait_test(want, sizeof want, st[i].b_queue);
            want_box(a, i, "B", 3, want);
        } else { /* async: the MQ holds what waits for B, B has no accept queue */
            assert_int_equal(st[i].b_queue, 0);
            want_box(a, i, "B", 3, "");
        }
    }
    free(a);
}

/* Mid-spike: sync's database has every connection busy and a queue, and so has B (its
 * accept queue); async's B pulls what the database takes, so nothing waits at B. */
static void test_gauges_spike(void **state)
{
    (void)state;
    struct fixture f;
    struct ord_stations st[2];
    ui_test_start(&f, "flash-spike", 14 * SIM_S);
    f.view.flow = true;
    check_gauges(&f, 15 * SIM_S, st);
    assert_int_equal(st[0].db_connections, 60);
    assert_int_equal(st[0].db_busy, 60);
    assert_true(st[0].db_queue > 0);
    assert_true(st[0].b_queue > 0);
    assert_int_equal(st[0].b_busy, st[0].b_threads); /* B full: calls wait */
    char *u = render(&f, 80, 24, UI_TUI_BRAILLE, UI_TUI_EN);
    assert_non_null(strstr(u, "60/60"));
    assert_non_null(strstr(u, "≤6.0k/s")); /* the database's capacity under its arrow */
    free(u);
    stop(&f);
}

/* Under faults the boxes still read the model: B down (sync refuses calls, its queue
 * is flushed; async's consumers stop), B hung (threads held, calls pile up in the
 * accept queue), the database slow, down and hung (its connections held). */
static void test_gauges_faults(void **state)
{
    (void)state;
    static const struct {
        const char *scenario, *text;
        sim_time at;
    } cases[] = {
        {"b-outage", NULL, 35 * SIM_S},
        {"b-outage", NULL, 42 * SIM_S},
        {"b-hang", NULL, 33 * SIM_S},
        {"db-slow", NULL, 30 * SIM_S},
        {NULL, "duration: 20s\nfaults:\n  - {at: 5s, for: 10s, target: database, kind: down}\n",
         8 * SIM_S},
        {NULL, "duration: 20s\nfaults:\n  - {at: 5s, for: 10s, target: database, kind: hang}\n",
         8 * SIM_S},
    };
    struct ord_stations hang_b[2] = {0}, db_hang[2] = {0};
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct fixture f;
        struct ord_stations st[2];
        if (cases[i].scenario)
            ui_test_start(&f, cases[i].scenario, 5 * SIM_S);
        else
            start_text(&f, cases[i].text, 5 * SIM_S);
        f.view.flow = true;
        check_gauges(&f, cases[i].at, st);
        if (i == 3) { /* db-slow, 3x slower: the capacity under its arrow follows */
            char *u = render(&f, 80, 24, UI_TUI_BRAILLE, UI_TUI_EN);
            int rows = 0; /* the DB box's word row, SLOW, beside the capacity */
            for (char *line = strtok(u, "\n"); line; line = strtok(NULL, "\n"))
                if (strstr(line, "SLOW")) {
                    rows++;
                    assert_non_null(strstr(line, "≤2.0k/s"));
                    assert_null(strstr(line, "≤6.0k/s"));
                }
            assert_int_equal(rows, 2); /* sync and async */
            free(u);
        }
        if (i == 2)
            memcpy(hang_b, st, sizeof st);
        if (i == 5)
            memcpy(db_hang, st, sizeof st);
        stop(&f);
    }
    /* b-hang: sync's calls wait behind hung threads */
    assert_true(hang_b[0].b_queue > 0);
    /* a hung database: its connections are held (busy), queries wait */
    assert_int_equal(db_hang[0].db_busy, db_hang[0].db_connections);
    assert_true(db_hang[0].db_queue > 0);
}

/* With several services each line shows that service's threads and accept queue and
 * its database's connections and queue, as the model holds them at the time base. */
static void test_gauges_services(void **state)
{
    (void)state;
    struct fixture f;
    ui_test_start(&f, "fan-out", 34 * SIM_S);
    f.view.flow = true;
    sim_time t = 35 * SIM_S;
    assert_int_equal(ui_tui_session_advance(&f.sess, t - 1), 0);
    const struct ord_result *r = ord_run_result(&f.sess.run);
    struct ord_stations st[2][ORD_MAX_SERVICES];
    for (int i = 0; i < 2; i++)
        for (size_t k = 0; k < r->v[i].nservices; k++)
            assert_int_equal(ord_run_stations(&f.sess.run, i, (int)k, &st[i][k]), 0);
    assert_int_equal(ord_run_stations(&f.sess.run, 2, -1, &st[0][0]), SIM_EINVAL);
    assert_int_equal(ord_run_stations(&f.sess.run, 0, 3, &st[0][0]), SIM_EINVAL);
    assert_int_equal(ui_tui_session_advance(&f.sess, t), 0);
    char *u = render(&f, 120, 40, UI_TUI_ASCII, UI_TUI_EN);
    const char *from = u;
    for (int i = 0; i < 2; i++)
        for (size_t k = 0; k < r->v[i].nservices; k++) {
            char head[64], want[128], g[32], q[32];
            snprintf(head, sizeof head, "`> %s:", r->v[i].services[k].name);
            const char *line = strstr(from, head);
            if (!line)
                fail_msg("no line \"%s\" for variant %d:\n%s", head, i, u);
            const char *end = strchr(line, '\n');
            fmt_of_test(g, sizeof g, st[i][k].b_busy, st[i][k].b_threads);
            fmt_wait_test(q, sizeof q, st[i][k].b_queue);
            if (r->v[i].kind == ORD_VARIANT_SYNC)
                snprintf(want, sizeof want, "threads %s %s", g, q);
            else
                snprintf(want, sizeof want, "threads %s", g);
            const char *hit = strstr(line, want);
            if (!hit || hit > end)
                fail_msg("line \"%s\" lacks \"%s\":\n%s", head, want, u);
            fmt_of_test(g, sizeof g, st[i][k].db_busy, st[i][k].db_connections);
            fmt_wait_test(q, sizeof q, st[i][k].db_queue);
            snprintf(want, sizeof want, "DB %s %s", g, q);
            hit = strstr(line, want);
            if (!hit || hit > end)
                fail_msg("line \"%s\" lacks \"%s\":\n%s", head, want, u);
            from = end;
        }
    /* sms is down (30-40 s): its line says so, and its B is idle */
    assert_non_null(strstr(u, "`> sms: X DOWN"));
    assert_int_equal(st[0][2].b_busy, 0);
    /* each service's database is its own: 60, 20 and 20 connections */
    assert_int_equal(st[0][0].db_connections, 60);
    assert_int_equal(st[0][1].db_connections, 20);
    free(u);
    stop(&f);
}

/* A record without the sampled gauges (the lab's) shows "-", not a made-up 0. */
static void test_gauges_unrecorded(void **state)
{
    (void)state;
    struct fixture f;
    ui_test_start(&f, "flash-spike", 15 * SIM_S);
    f.view.flow = true;
    struct ord_result copy = *ord_run_result(&f.sess.run);
    for (int i = 0; i < copy.nvariants; i++)
        copy.v[i].sampled = false;
    struct ui_tui_snapshot s;
    struct ui_tui_opts o = {UI_TUI_ASCII, UI_TUI_EN};
    ui_tui_session_snapshot(&f.sess, &s);
    s.res = &copy;
    assert_int_equal(ui_tui_cells_resize(&f.cells, 80, 24), 0);
    assert_int_equal(ui_tui_screen_render(&f.cells, &f.view, &s, &o, 0), 0);
    char *text = NULL;
    size_t len = 0;
    FILE *m = open_memstream(&text, &len);
    assert_non_null(m);
    ui_tui_cells_dump(&f.cells, m);
    fclose(m);
    want_box(text, 0, "DB", 1, "-");
    want_box(text, 0, "DB", 3, "wait -");
    want_box(text, 0, "B", 3, "wait -");
    free(text);
    stop(&f);
}

/* Unlimited threads: the boxes show how many are busy, no total. */
static void test_unlimited(void **state)
{
    (void)state;
    struct fixture f;
    struct ord_stations st[2];
    start_text(&f, "duration: 10s\na: {threads: unlimited}\nb: {threads: unlimited}\n", 3 * SIM_S);
    check_gauges(&f, 4 * SIM_S, st);
    assert_int_equal(st[0].a_threads, 0);
    assert_int_equal(st[0].b_threads, 0);
    assert_int_equal(st[0].db_connections, 60); /* connections cannot be unlimited */
    char *a = render(&f, 80, 24, UI_TUI_ASCII, UI_TUI_EN);
    const char *const boxes[] = {"A", "B"};
    for (int w = 0; w < 2; w++)
        for (int k = 0; k < 2; k++) {
            char got[64];
            box_text(a, w, boxes[k], 1, got, sizeof got);
            if (strchr(got, '/') || got[0] < '0' || got[0] > '9')
                fail_msg("box %s shows \"%s\" for an unlimited station:\n%s", boxes[k], got, a);
        }
    free(a);
    stop(&f);
}

/* Chinese: no English word of the diagram is left on a Chinese screen (a missing
 * translation would fall back to English), in every state the diagram draws: boxes,
 * failures of each kind, service lines. */
static void test_zh_no_english(void **state)
{
    (void)state;
    static const char *const english[] = {
        "users",     "threads", "messages", "conns",      "wait", "rejected", "failed",
        "in flight", "Flow",    "busy",     "written",    "DOWN", "HUNG",     "SLOW",
        "CRASH",     "DLQ",     "lost",     "duplicates", "max",  "sync",     "async"};
    static const struct {
        const char *scenario;
        sim_time at;
    } cases[] = {{"flash-spike", 15 * SIM_S}, {"b-outage", 35 * SIM_S},
                 {"b-hang", 35 * SIM_S},      {"db-slow", 30 * SIM_S},
                 {"fan-out", 35 * SIM_S},     {"broker-crash", 40 * SIM_S},
                 {"duplicates", 40 * SIM_S}};
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct fixture f;
        ui_test_start(&f, cases[i].scenario, cases[i].at);
        f.view.flow = true;
        for (int big = 0; big < 2; big++) {
            char *z = render(&f, big ? 120 : 80, big ? 40 : 24, UI_TUI_BRAILLE, UI_TUI_ZH);
            assert_non_null(strstr(z, "流程"));
            /* the rows of the diagram: after the header and caption, before the footer */
            char *body = z;
            for (int r = 0; r < 4 && body; r++)
                body = strchr(body, '\n') + 1;
            char *footer = strrchr(z, '\n');
            while (footer > body && footer[-1] != '\n')
                footer--;
            *footer = '\0';
            for (size_t w = 0; w < sizeof english / sizeof english[0]; w++)
                if (strstr(body, english[w]))
                    fail_msg("%s at %dx%d in Chinese shows \"%s\":\n%s", cases[i].scenario,
                             big ? 120 : 80, big ? 40 : 24, english[w], z);
            free(z);
        }
        stop(&f);
    }
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
        cmocka_unit_test(test_golden),           cmocka_unit_test(test_spike_figures),
        cmocka_unit_test(test_failed_component), cmocka_unit_test(test_key),
        cmocka_unit_test(test_fanout),           cmocka_unit_test(test_db_down_and_crash),
        cmocka_unit_test(test_gauges_spike),     cmocka_unit_test(test_gauges_faults),
        cmocka_unit_test(test_gauges_services),  cmocka_unit_test(test_gauges_unrecorded),
        cmocka_unit_test(test_unlimited),        cmocka_unit_test(test_zh_no_english),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
