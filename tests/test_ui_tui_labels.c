/* Chart labels stay with their lines (issue 11, point 12: "labels drift from their
 * lines in the orders/s panel"). Over many frames of many built-in scenarios, with
 * live keys pressed, in both plot modes and two terminal sizes, every label the
 * charts place must be written where the view says it put it, beside the point it
 * labels (its line's last point, or its peak), on that point's row or the next one;
 * a label farther away must have a leader, a column of "│" joining the point's row to
 * the label's. Labels left out are counted, and there must be none. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "orders/scenario/scenario.h"
#include "ui/live/tui_screen.h"
#include "ui/live/tui_session.h"

#include "test_ui_tui_util.h"

#define NEAR_ROWS 1 /* rows between a label and its point without a leader */

struct tally {
    long labels, leaders, joined, frames;
};

/* The text at (x, y) of the buffer, cell by cell, as UTF-8. */
static void text_at(struct ui_tui_cells *b, int x, int y, int w, char *out, size_t n)
{
    size_t at = 0;
    out[0] = '\0';
    for (int k = 0; k < w && x + k < b->w; k++) {
        const char *g = ui_tui_cells_at(b, x + k, y)->g;
        size_t len = strlen(g);
        if (at + len + 1 >= n)
            break;
        memcpy(out + at, g, len);
        at += len;
        out[at] = '\0';
    }
}

/* On failure, the screen first: what a reader of the log needs to see. */
#define FAIL(...)                                                                                  \
    do {                                                                                           \
        ui_tui_cells_dump(b, stderr);                                                              \
        fail_msg(__VA_ARGS__);                                                                     \
    } while (0)

static void check_frame(struct fixture *f, const char *what, struct tally *t)
{
    struct ui_tui_cells *b = &f->cells;
    t->frames++;
    if (f->view.ndropped != 0)
        FAIL("%s: %d label(s) left out", what, f->view.ndropped);
    for (int i = 0; i < f->view.nplaced; i++) {
        const struct ui_tui_placed_label *l = &f->view.placed[i];
        t->labels++;
        /* on screen, where the view says: the ASCII buffer transliterates, so compare
         * only when the label is ASCII or the buffer is not */
        char got[256];
        text_at(b, l->x, l->y, l->w, got, sizeof got);
        bool ascii_text = true;
        for (const char *c = l->text; *c; c++)
            ascii_text &= (unsigned char)*c < 0x80;
        if ((ascii_text || !b->ascii) && strcmp(got, l->text) != 0)
            FAIL("%s: label \"%s\" recorded at (%d,%d) but the screen has \"%s\"", what, l->text,
                 l->x, l->y, got);
        if (l->joined) {
            /* after (or before) a label of a line ending at the same point, one
             * separator cell between them, on a row beside its own point */
            bool next_to = false;
            for (int k = 0; k < f->view.nplaced; k++) {
                const struct ui_tui_placed_label *o = &f->view.placed[k];
                next_to |= k != i && o->y == l->y && o->ax == l->ax &&
                           o->ay == l->ay - (l->ay - o->ay) &&
                           (o->x + o->w + 1 == l->x || l->x + l->w + 1 == o->x);
            }
            if (!next_to || abs(l->y - l->ay) > NEAR_ROWS)
                FAIL("%s: joined label \"%s\" at (%d,%d) is not next to a label of its "
                     "point (%d,%d)",
                     what, l->text, l->x, l->y, l->ax, l->ay);
            t->joined++;
            continue;
        }
        /* beside the point: its first cell right after it, or its last right before */
        bool beside = l->x == l->ax + 1 || l->x + l->w == l->ax;
        if (!beside)
            FAIL("%s: label \"%s\" at column %d..%d, its point at column %d", what, l->text, l->x,
                 l->x + l->w - 1, l->ax);
        if (!ui_tui_cells_blank(b, l->ax, l->ay) || l->ax < l->x) {
            /* the point's cell holds its line (or a later label over it) */
        } else {
            FAIL("%s: label \"%s\": nothing drawn at its point (%d,%d)", what, l->text, l->ax,
                 l->ay);
        }
        int dist = abs(l->y - l->ay);
        if (dist <= NEAR_ROWS) {
            assert_true(l->leader_y0 > l->leader_y1); /* no leader needed, none drawn */
            continue;
        }
        /* a leader: beside the point, from the point's row to the row next to the
         * label, every cell a vertical bar */
        t->leaders++;
        int from = l->y < l->ay ? l->y + 1 : l->ay, to = l->y < l->ay ? l->ay : l->y - 1;
        if (l->leader_y0 != from || l->leader_y1 != to || abs(l->leader_x - l->ax) != 1)
            FAIL("%s: label \"%s\" %d rows from its point without a leader joining them", what,
                 l->text, dist);
        for (int y = from; y <= to; y++) {
            const char *g = ui_tui_cells_at(b, l->leader_x, y)->g;
            if (strcmp(g, "│") != 0 && strcmp(g, "|") != 0)
                FAIL("%s: label \"%s\": leader cell (%d,%d) is \"%s\"", what, l->text, l->leader_x,
                     y, g);
        }
    }
}

static void render_all(struct fixture *f, const char *name, struct tally *t)
{
    static const struct {
        int w, h;
        enum ui_tui_plot_mode mode;
        enum ui_tui_lang lang;
    } looks[] = {
        {80, 24, UI_TUI_BRAILLE, UI_TUI_EN},
        {80, 24, UI_TUI_ASCII, UI_TUI_EN},
        {120, 40, UI_TUI_BRAILLE, UI_TUI_ZH},
    };
    struct ui_tui_snapshot s;
    ui_tui_session_snapshot(&f->sess, &s);
    for (size_t k = 0; k < sizeof looks / sizeof looks[0]; k++) {
        char what[128];
        snprintf(what, sizeof what, "%s at %.1f s, %dx%d %s", name, sim_time_to_s(s.res->now),
                 looks[k].w, looks[k].h, looks[k].mode == UI_TUI_ASCII ? "ascii" : "utf8");
        f->clock_ns += 50 * 1000 * 1000;
        char *text = render(f, looks[k].w, looks[k].h, looks[k].mode, looks[k].lang);
        check_frame(f, what, t);
        free(text);
    }
}

/* A scenario frame by frame, with keys pressed at the given seconds. */
struct press {
    int at_s;
    enum ui_tui_action a;
};

static void walk(const char *scenario, const struct press *keys, size_t nkeys, int step_s,
                 struct tally *t)
{
    struct fixture f;
    ui_test_start(&f, scenario, 0);
    struct ui_tui_snapshot s;
    ui_tui_session_snapshot(&f.sess, &s);
    sim_time end = s.res->cfg->duration + s.res->cfg->drain;
    size_t next = 0;
    for (sim_time at = step_s * SIM_S; at <= end; at += step_s * SIM_S) {
        for (; next < nkeys && keys[next].at_s * SIM_S <= at; next++) {
            assert_int_equal(ui_tui_session_advance(&f.sess, keys[next].at_s * SIM_S), 0);
            assert_int_equal(ui_tui_session_command(&f.sess, keys[next].a), 0);
        }
        assert_int_equal(ui_tui_session_advance(&f.sess, at), 0);
        render_all(&f, scenario, t);
    }
    stop(&f);
}

static void test_builtins(void **state)
{
    (void)state;
    static const char *const names[] = {"flash-spike", "b-outage",    "db-slow", "mq-outage",
                                        "b-hang",      "retry-storm", "steady",  "broker-crash",
                                        "fan-out",     "overload",    "ramp",    "flash-sale"};
    struct tally t = {0};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        walk(names[i], NULL, 0, 5, &t);
    printf("# %ld frames, %ld labels, %ld joined, %ld with a leader\n", t.frames, t.labels,
           t.joined, t.leaders);
    assert_true(t.labels > t.frames * 3); /* each frame has several lines labelled */
}

/* Keys a teacher presses: a spike on a spike, B down, the database slow, the MQ down:
 * many lines ending close together in the orders/s panel. */
static void test_keys(void **state)
{
    (void)state;
    static const struct press keys[] = {
        {4, UI_TUI_ACT_SPIKE},    {7, UI_TUI_ACT_SPIKE},    {9, UI_TUI_ACT_B_DOWN},
        {14, UI_TUI_ACT_B_DOWN},  {16, UI_TUI_ACT_DB_SLOW}, {22, UI_TUI_ACT_MQ_DOWN},
        {25, UI_TUI_ACT_MQ_DOWN}, {27, UI_TUI_ACT_DB_SLOW}, {30, UI_TUI_ACT_B_HANG},
        {34, UI_TUI_ACT_B_HANG},
    };
    struct tally t = {0};
    walk("steady", keys, sizeof keys / sizeof keys[0], 1, &t);
    walk("flash-spike", keys, sizeof keys / sizeof keys[0], 3, &t);
    printf("# %ld frames, %ld labels, %ld joined, %ld with a leader\n", t.frames, t.labels,
           t.joined, t.leaders);
    assert_true(t.labels > t.frames * 3);
}

/* The orders/s axis follows the orders/s drawn: steady's 1000/s gets a 1.2k axis, not
 * one sized for the database's capacity (6000 queries/s), which has no line there. */
static void test_throughput_axis(void **state)
{
    (void)state;
    struct fixture f;
    ui_test_start(&f, "steady", 10 * SIM_S);
    char *text = render(&f, 80, 24, UI_TUI_BRAILLE, UI_TUI_EN);
    assert_true(f.view.thr.hi >= 1000 && f.view.thr.hi <= 1500);
    assert_non_null(strstr(text, " 1.2k┤"));
    free(text);
    stop(&f);
}

int main(void)
{
    (void)golden; /* the shared fixture's golden files: not used here */
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_builtins),
        cmocka_unit_test(test_keys),
        cmocka_unit_test(test_throughput_axis),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
