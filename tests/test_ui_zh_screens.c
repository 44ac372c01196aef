/* Chinese screens say nothing in English (issue 11, point 11): every screen of the
 * built-in lesson (question, run with its charts and with the flow diagram, card, end)
 * and the live flow diagram of every built-in scenario, with live faults pressed, at
 * 80x24 and 120x40, rendered with --lang zh. Every run of Latin letters on them must
 * be a proper name, a unit or a symbol of the list below, a key's name, or a name the
 * scenario itself gives (its services'); anything else is English left untranslated. */
#include <ctype.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "orders/scenario/scenario.h"
#include "ui/lesson/lesson.h"
#include "ui/lesson/lesson_play.h"
#include "ui/live/tui_keys.h"
#include "ui/live/tui_screen.h"
#include "ui/live/tui_session.h"

#include "test_ui_tui_util.h"

/* Latin words a Chinese screen may show, and why. */
static const char *const allowed[] = {
    "A",        "B", "MQ",      /* the systems' names, as the course draws them */
    "ordersim",                 /* the program */
    "Broker",                   /* RocketMQ's name for the MQ server (broker-crash's title) */
    "ms",       "s", "k",  "M", /* units and number suffixes: 25 ms, 6 000/s, 4.0k */
    "p",        "t", "x",       /* p50 / p99, "t 25.0 / 90.0 s", 5x speed and "B x3" */
    "rho",      "D", "c",       /* queueing theory: M/M/1, M/D/1, M/M/c at rho = 0.8 */
};

/* A word the scenario gives: its services' names ("points", "sms"). */
static bool scenario_name(const struct ord_config *c, const char *w, size_t len)
{
    for (size_t i = 0; i < c->nservices; i++)
        if (strlen(c->services[i].name) == len && memcmp(c->services[i].name, w, len) == 0)
            return true;
    return false;
}

static bool key_name(const char *w, size_t len)
{
    for (int i = 0; i < ui_tui_nkeys; i++) {
        const char *caps[2] = {ui_tui_keys[i].cap, ui_tui_keys[i].fcap};
        for (int k = 0; k < 2; k++)
            if (caps[k] && strlen(caps[k]) == len && memcmp(caps[k], w, len) == 0)
                return true;
    }
    /* the lesson's own keys, named on its cards */
    static const char *const lesson_keys[] = {"space", "p", "r", "q", "Esc", "PgUp", "PgDn"};
    for (size_t i = 0; i < sizeof lesson_keys / sizeof lesson_keys[0]; i++)
        if (strlen(lesson_keys[i]) == len && memcmp(lesson_keys[i], w, len) == 0)
            return true;
    return false;
}

static long words_checked;

static bool is_word_char(char ch)
{
    return isalnum((unsigned char)ch) || ch == '-' || ch == '_';
}

static bool in_list(const char *w, size_t n)
{
    for (size_t k = 0; k < sizeof allowed / sizeof allowed[0]; k++)
        if (strlen(allowed[k]) == n && memcmp(allowed[k], w, n) == 0)
            return true;
    return false;
}

/* X's at the end of w[0, n): a failed box's border ("XX B XXXXXX", "2 017/sXX") is a
 * drawing, not a word. Returns n without them when there are at least two (or the
 * word is nothing else). */
static size_t strip_border(const char *w, size_t n)
{
    size_t xs = 0;
    while (xs < n && w[n - 1 - xs] == 'X')
        xs++;
    return xs >= 2 || xs == n ? n - xs : n;
}

/* The first Latin word of screen that is not allowed (its length in *len), or NULL.
 * Letters right after a digit are a unit or suffix ("4.0k", "5x", "6 000/s" has its own
 * word "s"). Otherwise a word runs from a letter over letters, digits, '-' and '_'
 * ("flash-spike", "p99"): the scenario's name and its services' names are proper names;
 * else its trailing digits go ("p99" is p, "x3" is x). A setting written as on the
 * command line ("mq.flush=sync") is code, not English. */
static const char *first_english(const char *screen, const struct ord_config *c, size_t *len)
{
    for (const char *p = screen; *p;) {
        if (!isalpha((unsigned char)*p)) {
            p++;
            continue;
        }
        size_t n = 0;
        if (p > screen && isdigit((unsigned char)p[-1])) {
            while (isalpha((unsigned char)p[n]))
                n++;
            size_t w = strip_border(p, n);
            if (w > 0 && !in_list(p, w)) {
                *len = w;
                return p;
            }
            words_checked++;
            p += n;
            continue;
        }
        while (is_word_char(p[n]))
            n++;
        const char *code = p + n;
        while (*code == '.' || *code == '=' || is_word_char(*code))
            code++;
        size_t span = (size_t)(code - p);
        if (memchr(p, '.', span) && memchr(p, '=', span)) {
            words_checked++; /* "mq.flush=sync": a setting */
            p = code;
            continue;
        }
        const char *next = p + n;
        bool named =
            c && ((strlen(c->name) == n && memcmp(c->name, p, n) == 0) || scenario_name(c, p, n));
        while (n > 1 && isdigit((unsigned char)p[n - 1]))
            n--;
        n = strip_border(p, n);
        if (!named && n > 0 && !key_name(p, n) && !in_list(p, n)) {
            *len = n;
            return p;
        }
        words_checked++;
        p = next;
    }
    return NULL;
}

static void check_screen(const char *screen, const struct ord_config *c, const char *what)
{
    size_t len;
    const char *w = first_english(screen, c, &len);
    if (w)
        fail_msg("%s: English \"%.*s\" on a Chinese screen:\n%s", what, (int)len, w, screen);
}

/* ---- the live flow diagram -------------------------------------------------------- */

static void flow_screens(const char *scenario)
{
    struct fixture f;
    ui_test_start(&f, scenario, 0);
    f.view.flow = true;
    static const struct {
        int at_s;
        enum ui_tui_action key; /* pressed then */
    } steps[] = {{6, UI_TUI_ACT_NONE},     {12, UI_TUI_ACT_B_DOWN},  {15, UI_TUI_ACT_B_DOWN},
                 {18, UI_TUI_ACT_B_HANG},  {21, UI_TUI_ACT_B_HANG},  {24, UI_TUI_ACT_DB_SLOW},
                 {27, UI_TUI_ACT_MQ_DOWN}, {31, UI_TUI_ACT_MQ_DOWN}, {35, UI_TUI_ACT_NONE}};
    for (size_t i = 0; i < sizeof steps / sizeof steps[0]; i++) {
        assert_int_equal(ui_tui_session_advance(&f.sess, steps[i].at_s * SIM_S), 0);
        if (steps[i].key != UI_TUI_ACT_NONE)
            assert_int_equal(ui_tui_session_command(&f.sess, steps[i].key), 0);
        char what[128];
        snprintf(what, sizeof what, "%s flow at %d s", scenario, steps[i].at_s);
        for (int big = 0; big <= 1; big++) {
            char *t = render(&f, big ? 120 : 80, big ? 40 : 24, UI_TUI_BRAILLE, UI_TUI_ZH);
            check_screen(t, &f.sess.cfg, what);
            free(t);
        }
    }
    stop(&f);
}

static void test_flow(void **state)
{
    (void)state;
    static const char *const names[] = {
        "flash-spike",    "b-outage",     "db-slow",      "mq-outage", "b-hang", "retry-storm",
        "steady",         "broker-crash", "fan-out",      "overload",  "ramp",   "flash-sale",
        "add-subscriber", "duplicates",   "black-friday", "mm1",       "md1",    "mmc"};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        flow_screens(names[i]);
    print_message("# %ld words on Chinese flow screens, all allowed\n", words_checked);
}

/* ---- the lesson ------------------------------------------------------------------ */

struct play_fx {
    struct ui_lesson l;
    struct ui_lesson_play p;
    struct ui_tui_session sess;
    struct ui_tui_view view;
    struct ui_tui_cells cells;
    uint64_t clock_ns;
};

static void lesson_screen(struct play_fx *f, const char *what)
{
    struct ui_tui_opts o = {UI_TUI_BRAILLE, UI_TUI_ZH};
    for (int big = 0; big <= 1; big++) {
        struct ui_tui_snapshot s;
        ui_tui_session_snapshot(&f->sess, &s);
        assert_int_equal(ui_tui_cells_resize(&f->cells, big ? 120 : 80, big ? 40 : 24), 0);
        assert_int_equal(ui_lesson_play_render(&f->p, &f->cells, &f->view, &s, &o, 0), 0);
        char *text = NULL;
        size_t len = 0;
        FILE *m = open_memstream(&text, &len);
        assert_non_null(m);
        ui_tui_cells_dump(&f->cells, m);
        fclose(m);
        check_screen(text, &f->sess.cfg, what);
        free(text);
    }
}

static void test_lesson(void **state)
{
    (void)state;
    struct play_fx *f = calloc(1, sizeof *f);
    assert_non_null(f);
    struct ord_diag d;
    assert_int_equal(ui_lesson_resolve(&f->l, NULL, &d), 0);
    struct ord_config cfg;
    assert_int_equal(ord_config_copy(&cfg, &f->l.scenes[0].cfg), 0);
    assert_int_equal(ui_tui_session_init(&f->sess, &cfg, NULL, fake_clock, &f->clock_ns, 1), 0);
    ui_tui_view_init(&f->view);
    ui_lesson_play_init(&f->p, &f->l, 0, false);
    assert_int_equal(ui_lesson_play_start(&f->p, &f->sess, &f->view), 0);
    long before = words_checked;
    int screens = 0;
    bool quit = false;
    for (int guard = 0; guard < 200 && f->p.step != UI_LESSON_END; guard++) {
        char what[96];
        snprintf(what, sizeof what, "lesson scene %zu step %d", f->p.scene + 1, (int)f->p.step);
        if (f->p.step == UI_LESSON_RUN) {
            /* a few moments of the run, with its diagram and with its charts */
            for (int k = 0; k < 3; k++) {
                f->clock_ns += 1500ull * 1000000ull;
                assert_int_equal(ui_tui_session_frame(&f->sess), 0);
                for (int flow = 0; flow <= 1; flow++) {
                    bool was = f->view.flow;
                    f->view.flow = flow;
                    lesson_screen(f, what);
                    f->view.flow = was;
                    screens += 2;
                }
            }
        } else {
            lesson_screen(f, what);
            screens += 2;
        }
        ui_lesson_play_key(&f->p, &f->sess, &f->view, ui_lesson_key_right, &quit);
        assert_false(quit);
    }
    assert_int_equal(f->p.step, UI_LESSON_END);
    lesson_screen(f, "lesson end");
    print_message("# %d lesson screens, %ld words, all allowed\n", screens + 2,
                  words_checked - before);
    assert_true(screens >= (int)f->l.nscenes * 14);
    ui_tui_cells_free(&f->cells);
    ui_tui_view_free(&f->view);
    ui_tui_session_close(&f->sess);
    ui_lesson_free(&f->l);
    free(f);
}

/* The check itself: an English screen fails it. */
static void test_check_finds_english(void **state)
{
    (void)state;
    struct fixture f;
    ui_test_start(&f, "steady", 5 * SIM_S);
    f.view.flow = true;
    char *t = render(&f, 80, 24, UI_TUI_BRAILLE, UI_TUI_EN);
    size_t len;
    assert_non_null(first_english(t, &f.sess.cfg, &len));
    free(t);
    t = render(&f, 80, 24, UI_TUI_BRAILLE, UI_TUI_ZH);
    assert_null(first_english(t, &f.sess.cfg, &len));
    free(t);
    stop(&f);
}

int main(void)
{
    (void)golden; /* the shared fixture's golden files: not used here */
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_check_finds_english),
        cmocka_unit_test(test_flow),
        cmocka_unit_test(test_lesson),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
