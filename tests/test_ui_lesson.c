/* Lessons: loading (every error class with file:line:col), the built-in lesson, the
 * card's figures (the same text as `ordersim run`'s summary), playing a lesson
 * through its keys without a terminal, block digits. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "sim/error.h"
#include "ui/export/export.h"
#include "ui/lesson/lesson.h"
#include "ui/lesson/lesson_play.h"
#include "ui/lesson/lesson_screen.h"

#define FIX ORD_SOURCE_DIR "/tests/fixtures/lessons/"

/* Every error class: the file, where the error is, and what the message says. */
static void test_errors(void **state)
{
    (void)state;
    static const struct {
        const char *file;
        int line, col;
        const char *says;
    } cases[] = {
        {"syntax.yaml", 3, 1, "YAML: found unexpected end of stream"},
        {"not-a-mapping.yaml", 1, 1, "a lesson is a mapping"},
        {"unknown-key.yaml", 1, 1, "unknown key `titel` in the lesson (did you mean `title`?)"},
        {"duplicate-key.yaml", 5, 5, "`title` appears twice (first at line 3)"},
        {"missing-scenes.yaml", 1, 1, "the lesson needs `scenes`"},
        {"empty-scenes.yaml", 2, 9, "`scenes` must be a list of at least one scene"},
        {"empty.yaml", 1, 1, "the lesson is empty"},
        {"scene-not-mapping.yaml", 3, 5, "scene 1 must be a mapping"},
        {"missing-question.yaml", 3, 5, "scene 1 needs `question`"},
        {"bad-text.yaml", 1, 23, "unknown key `fr` in title"},
        {"unknown-scenario.yaml", 4, 15, "no built-in scenario or file `b-outge` (did you mean "
                                         "`b-outage`?)"},
        {"bad-scenario-file.yaml", 4, 15,
         "does not load: " FIX "scenarios/bad.yaml:2:25: database.connections"},
        {"bad-set.yaml", 5, 34, "unknown key `database.conections` (did you mean `connections`?)"},
        {"bad-command.yaml", 7, 9, "commands.1.kind: unknown value `dwn`"},
        {"unknown-figure.yaml", 5, 25, "unknown figure `backlog_mxa` (did you mean `backlog_max`?)"},
        {"bad-bool.yaml", 5, 14, "`diagram` must be true or false, not `yes`"},
        {"bad-speed.yaml", 5, 12, "`speed` must be a number from 0.1 to 100"},
        {"alias.yaml", 1, 8, "anchors and aliases"},
        {"duplicate-scene.yaml", 8, 11, "two scenes are called `same`"},
        {"bad-name.yaml", 1, 7, "`name` must be a name"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char path[1024];
        snprintf(path, sizeof path, FIX "%s", cases[i].file);
        struct ui_lesson l;
        struct ord_diag d;
        int rc = ui_lesson_load_file(&l, path, &d);
        if (rc != SIM_EPARSE || d.line != cases[i].line || d.col != cases[i].col ||
            !strstr(d.msg, cases[i].says) || strcmp(d.file, path) != 0)
            fail_msg("%s: rc %d, got %s:%d:%d: %s; want %d:%d: %s", cases[i].file, rc, d.file,
                     d.line, d.col, d.msg, cases[i].line, cases[i].col, cases[i].says);
    }
}

static void test_missing_file(void **state)
{
    (void)state;
    struct ui_lesson l;
    struct ord_diag d;
    assert_int_equal(ui_lesson_load_file(&l, FIX "no-such.yaml", &d), SIM_ENOENT);
    assert_int_equal(ui_lesson_resolve(&l, "mq-basic", &d), SIM_ENOENT);
    assert_non_null(strstr(d.msg, "did you mean `mq-basics`?"));
}

static void test_ok_file(void **state)
{
    (void)state;
    struct ui_lesson l;
    struct ord_diag d;
    int rc = ui_lesson_load_file(&l, FIX "ok.yaml", &d);
    if (rc)
        ord_diag_print(&d, stderr);
    assert_int_equal(rc, 0);
    assert_string_equal(l.name, "ok");
    assert_int_equal(l.nscenes, 1);
    const struct ui_lesson_scene *s = &l.scenes[0];
    assert_string_equal(ui_lesson_text_in(&s->title, UI_TUI_ZH), "一");
    assert_string_equal(ui_lesson_text_in(&s->reveal, UI_TUI_ZH), "This."); /* one text for both */
    assert_int_equal(s->cfg.drain, 2 * SIM_S);
    assert_int_equal(s->cfg.ncommands, 1);
    assert_int_equal(s->cfg.commands[0].at, SIM_S);
    assert_int_equal(s->ncard, 2);
    assert_int_equal(s->card[1], UI_LESSON_FIG_FAILED);
    assert_true(s->diagram);
    assert_true(s->speed == 2);
    char cmd[1024];
    ui_lesson_run_command(s, cmd, sizeof cmd);
    assert_string_equal(cmd, "ordersim run ../scenarios/times-ok.yaml --set drain=2s --set "
                             "'commands=[{at: \"1s\", do: \"fault\", target: \"b\", kind: "
                             "\"down\", for: \"1s\"}]'");
    ui_lesson_free(&l);
}

/* The built-in lesson follows the course; every text in both languages. */
static void test_builtin(void **state)
{
    (void)state;
    assert_true(ui_lesson_builtin_count >= 1);
    struct ui_lesson l;
    struct ord_diag d;
    int rc = ui_lesson_resolve(&l, NULL, &d);
    if (rc)
        ord_diag_print(&d, stderr);
    assert_int_equal(rc, 0);
    assert_string_equal(l.name, UI_LESSON_DEFAULT);
    static const char *const names[] = {"latency",  "b-down",     "add-subscriber",
                                        "peak-shaving", "overload", "duplicates",
                                        "broker-crash"};
    assert_true(l.nscenes >= sizeof names / sizeof names[0]);
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        size_t k = 0;
        while (k < l.nscenes && strcmp(l.scenes[k].name, names[i]) != 0)
            k++;
        assert_true(k < l.nscenes);
    }
    for (size_t i = 0; i < l.nscenes; i++) {
        const struct ui_lesson_scene *s = &l.scenes[i];
        for (int lang = 0; lang < UI_TUI_NLANG; lang++) {
            assert_non_null(s->title.t[lang]);
            assert_non_null(s->question.t[lang]);
            assert_non_null(s->reveal.t[lang]);
        }
    }
    assert_non_null(l.title.t[UI_TUI_ZH]);
    ui_lesson_free(&l);
}

/* Each card figure is a row of the summary table (one formatter for both). */
static void test_figures_are_summary_rows(void **state)
{
    (void)state;
    struct ord_summary s;
    memset(&s, 0, sizeof s);
    for (int f = 0; f < UI_LESSON_NFIGS; f++) {
        char buf[64];
        if (ui_summary_cell(ui_lesson_figs[f].label[UI_TUI_EN], &s, buf, sizeof buf) != 0)
            fail_msg("figure %s: no summary row `%s`", ui_lesson_figs[f].name,
                     ui_lesson_figs[f].label[UI_TUI_EN]);
    }
    assert_int_equal(ui_summary_cell("no such row", &s, (char[8]){0}, 8), -1);
}

/* The figures the built-in lesson's texts state, from headless runs of its scenes:
 * sum[variant index] in the scene's order (sync first when it runs). */
static int run_scene(const struct ui_lesson *l, const char *name, struct ord_summary sum[2],
                     enum ord_variant kinds[2])
{
    size_t i = 0;
    while (i < l->nscenes && strcmp(l->scenes[i].name, name) != 0)
        i++;
    assert_true(i < l->nscenes);
    struct ord_run run;
    assert_int_equal(ord_run_init(&run, &l->scenes[i].cfg), 0);
    assert_int_equal(ord_run_finish(&run), 0);
    const struct ord_result *r = ord_run_result(&run);
    assert_true(r->nvariants >= 1 && r->nvariants <= 2);
    for (int v = 0; v < r->nvariants; v++) {
        ord_summarize(&r->v[v], r->cfg, &sum[v]);
        kinds[v] = r->v[v].kind;
    }
    int n = r->nvariants;
    ord_run_close(&run);
    return n;
}

static void test_course_figures(void **state)
{
    (void)state;
    struct ui_lesson l;
    struct ord_diag d;
    assert_int_equal(ui_lesson_resolve(&l, "mq-basics", &d), 0);
    struct ord_summary s[2];
    enum ord_variant k[2];
    /* Latency: 220 ms against 25 ms (constant service times: exact to the histogram's
     * 0.1 %). */
    assert_int_equal(run_scene(&l, "latency", s, k), 2);
    assert_int_equal(k[0], ORD_VARIANT_SYNC);
    assert_true(s[0].latency.p50 > 219 * SIM_MS && s[0].latency.p50 < 221 * SIM_MS);
    assert_true(s[1].latency.p50 > 24 * SIM_MS && s[1].latency.p50 < 26 * SIM_MS);
    /* B down: sync orders fail, async users do not notice, nothing lost, drained. */
    run_scene(&l, "b-down", s, k);
    assert_true(s[0].totals.failed > 9000); /* ~1000/s for 10 s */
    assert_int_equal(s[1].totals.failed, 0);
    assert_int_equal(s[1].totals.completed, s[1].totals.offered);
    assert_true(s[1].latency.p99 < 26 * SIM_MS);
    assert_true(s[1].drained_at != SIM_TIME_NEVER);
    /* A subscriber added: sync users wait 275 ms after it (p99), async 25 ms throughout. */
    run_scene(&l, "add-subscriber", s, k);
    assert_true(s[0].latency.p99 > 273 * SIM_MS && s[0].latency.p99 < 277 * SIM_MS);
    assert_true(s[0].latency.p50 > 219 * SIM_MS && s[0].latency.p50 < 277 * SIM_MS);
    assert_true(s[1].latency.p99 < 26 * SIM_MS);
    /* Peak shaving: ~ (10 000 - 6000) x 10 = 40 000 held, drained at ~5000/s. */
    run_scene(&l, "peak-shaving", s, k);
    assert_true(s[1].backlog_max > 36000 && s[1].backlog_max < 44000);
    assert_true(s[0].totals.rejected > 0 && s[1].totals.rejected == 0);
    assert_true(s[1].drained_at > s[1].backlog_max_at &&
                s[1].drained_at < s[1].backlog_max_at + 10 * SIM_S);
    /* Overload: async answers fast, rejects nothing, but its backlog grows ~1000/s for
     * the whole load (60 s) and drains only after it, with a lag near 10 s. */
    run_scene(&l, "overload", s, k);
    assert_true(s[1].latency.p50 < 26 * SIM_MS);
    assert_int_equal(s[1].totals.rejected, 0);
    assert_true(s[0].totals.rejected > 0);
    assert_true(s[1].backlog_max > 50000 && s[1].backlog_max < 70000);
    assert_true(s[1].drained_at > 60 * SIM_S);
    assert_true(s[1].lag.p99 > 8 * SIM_S && s[1].lag.p99 < 12 * SIM_S);
    /* Duplicates: about 900 orders written twice (by the non-idempotent consumer). */
    assert_int_equal(run_scene(&l, "duplicates", s, k), 1);
    assert_true(s[0].totals.duplicates > 700 && s[0].totals.duplicates < 1100);
    assert_true(s[0].totals.redelivered > 0);
    /* The broker crash: ~5000 orders fail while it is down, ~400 acknowledged ones lost. */
    assert_int_equal(run_scene(&l, "broker-crash", s, k), 1);
    assert_true(s[0].totals.failed > 4500 && s[0].totals.failed < 5500);
    assert_true(s[0].totals.lost > 300 && s[0].totals.lost < 500);
    ui_lesson_free(&l);
}

/* ---- playing without a terminal ----------------------------------------------------- */

struct play_fx {
    struct ui_lesson l;
    struct ui_lesson_play p;
    struct ui_tui_session sess;
    struct ui_tui_view view;
    struct ui_tui_cells cells;
    uint64_t clock_ns;
};

static uint64_t fake_clock(void *ctx)
{
    return *(uint64_t *)ctx;
}

static void play_start(struct play_fx *f)
{
    struct ord_diag d;
    memset(f, 0, sizeof *f);
    assert_int_equal(ui_lesson_resolve(&f->l, NULL, &d), 0);
    struct ord_config cfg;
    assert_int_equal(ord_config_copy(&cfg, &f->l.scenes[0].cfg), 0);
    assert_int_equal(ui_tui_session_init(&f->sess, &cfg, NULL, fake_clock, &f->clock_ns, 1), 0);
    ui_tui_view_init(&f->view);
    ui_lesson_play_init(&f->p, &f->l, 0, false);
    assert_int_equal(ui_lesson_play_start(&f->p, &f->sess, &f->view), 0);
}

static void play_stop(struct play_fx *f)
{
    ui_tui_cells_free(&f->cells);
    ui_tui_view_free(&f->view);
    ui_tui_session_close(&f->sess);
    ui_lesson_free(&f->l);
}

static int key(struct play_fx *f, int ch)
{
    bool quit = false;
    int used = ui_lesson_play_key(&f->p, &f->sess, &f->view, ch, &quit);
    assert_false(quit);
    return used;
}

static char *screen(struct play_fx *f, int w, int h, enum ui_tui_lang lang)
{
    struct ui_tui_snapshot s;
    struct ui_tui_opts o = {UI_TUI_BRAILLE, lang};
    ui_tui_session_snapshot(&f->sess, &s);
    assert_int_equal(ui_tui_cells_resize(&f->cells, w, h), 0);
    assert_int_equal(ui_lesson_play_render(&f->p, &f->cells, &f->view, &s, &o, 0), 0);
    char *text = NULL;
    size_t len = 0;
    FILE *m = open_memstream(&text, &len);
    assert_non_null(m);
    ui_tui_cells_dump(&f->cells, m);
    fclose(m);
    return text;
}

/* Advance the fake wall clock by ms and play a frame. */
static void frame(struct play_fx *f, uint64_t ms)
{
    f->clock_ns += ms * 1000000ull;
    assert_int_equal(ui_tui_session_frame(&f->sess), 0);
}

/* The summary cell of figure fig for variant v of a headless run of scene i. */
static void headless_cell(const struct ui_lesson_scene *sc, int v, enum ui_lesson_fig fig,
                          char *buf, size_t n)
{
    struct ord_run run;
    assert_int_equal(ord_run_init(&run, &sc->cfg), 0);
    assert_int_equal(ord_run_finish(&run), 0);
    const struct ord_result *r = ord_run_result(&run);
    struct ord_summary s;
    ord_summarize(&r->v[v], r->cfg, &s);
    assert_int_equal(ui_summary_cell(ui_lesson_figs[fig].label[UI_TUI_EN], &s, buf, n), 0);
    ord_run_close(&run);
}

static void test_play_steps(void **state)
{
    (void)state;
    struct play_fx f;
    play_start(&f);
    /* The question: the run has not started, and time does not move. */
    assert_int_equal(f.p.step, UI_LESSON_QUESTION);
    frame(&f, 2000);
    assert_int_equal(ord_run_now(&f.sess.run), 0);
    char *q = screen(&f, 80, 24, UI_TUI_EN);
    assert_non_null(strstr(q, "Question for the class"));
    assert_non_null(strstr(q, "Predict: how long"));
    assert_non_null(strstr(q, "scene 1 / "));
    free(q);
    /* The key starts the run, at the scene's speed, with its diagram. */
    assert_int_equal(key(&f, ui_lesson_key_right), 1);
    assert_int_equal(f.p.step, UI_LESSON_RUN);
    assert_true(f.view.flow == f.l.scenes[0].diagram);
    frame(&f, 1000);
    assert_true(ord_run_now(&f.sess.run) > 0);
    char *r = screen(&f, 80, 24, UI_TUI_EN);
    assert_non_null(strstr(r, "t 4.0 / 25.0 s"));
    assert_non_null(strstr(r, "key numbers"));
    free(r);
    /* p pauses; live keys pass through to the live table. */
    assert_int_equal(key(&f, 'p'), 1);
    assert_true(f.sess.pace.paused);
    assert_int_equal(key(&f, 'p'), 1);
    assert_int_equal(key(&f, 's'), 0);
    /* Next: the card, the run finished, its numbers those of a headless run. */
    assert_int_equal(key(&f, ' '), 1);
    assert_int_equal(f.p.step, UI_LESSON_CARD);
    assert_true(ord_run_done(&f.sess.run));
    char *c = screen(&f, 80, 24, UI_TUI_EN);
    const struct ui_lesson_scene *sc = &f.l.scenes[0];
    for (int k = 0; k < sc->ncard; k++)
        for (int v = 0; v < 2; v++) {
            char want[64];
            headless_cell(sc, v, sc->card[k], want, sizeof want);
            if (!strstr(c, want))
                fail_msg("card lacks %s (%s):\n%s", want, ui_lesson_figs[sc->card[k]].name, c);
        }
    assert_non_null(strstr(c, "What happened"));
    free(c);
    /* Back shows the finished run; next the card again, then scene 2's question. */
    key(&f, ui_lesson_key_left);
    assert_int_equal(f.p.step, UI_LESSON_RUN);
    key(&f, ui_lesson_key_right);
    assert_int_equal(f.p.step, UI_LESSON_CARD);
    key(&f, ui_lesson_key_right);
    assert_int_equal(f.p.step, UI_LESSON_QUESTION);
    assert_int_equal(f.p.scene, 1);
    assert_int_equal(ord_run_now(&f.sess.run), 0);
    /* Back from a question: the previous scene's card. */
    key(&f, ui_lesson_key_left);
    assert_int_equal(f.p.scene, 0);
    assert_int_equal(f.p.step, UI_LESSON_CARD);
    /* r replays the scene from 0 s. */
    key(&f, 'r');
    assert_int_equal(f.p.step, UI_LESSON_RUN);
    assert_int_equal(ord_run_now(&f.sess.run), 0);
    /* Walk to the end. */
    for (size_t i = 0; i < 3 * f.l.nscenes && f.p.step != UI_LESSON_END; i++)
        key(&f, ui_lesson_key_right);
    assert_int_equal(f.p.step, UI_LESSON_END);
    char *e = screen(&f, 80, 24, UI_TUI_ZH);
    assert_non_null(strstr(e, "本课结束"));
    free(e);
    bool quit = false;
    ui_lesson_play_key(&f.p, &f.sess, &f.view, 'q', &quit);
    assert_true(quit);
    play_stop(&f);
}

/* A key given live is on the card as a warning: its numbers are not a plain run's. */
static void test_live_command_warned(void **state)
{
    (void)state;
    struct play_fx f;
    play_start(&f);
    key(&f, ' ');
    frame(&f, 500);
    assert_int_equal(ui_tui_session_command(&f.sess, UI_TUI_ACT_SPIKE), 0);
    key(&f, ' ');
    char *c = screen(&f, 80, 24, UI_TUI_EN);
    assert_non_null(strstr(c, "live commands were given"));
    free(c);
    play_stop(&f);
}

/* Chinese at 80x24: the question and the card's labels. */
static void test_zh(void **state)
{
    (void)state;
    struct play_fx f;
    play_start(&f);
    char *q = screen(&f, 80, 24, UI_TUI_ZH);
    assert_non_null(strstr(q, "请大家预测"));
    assert_non_null(strstr(q, "场景 1 / "));
    free(q);
    key(&f, ' ');
    key(&f, ' ');
    char *c = screen(&f, 80, 24, UI_TUI_ZH);
    assert_non_null(strstr(c, "关键数字"));
    assert_non_null(strstr(c, "用户等待 p50"));
    assert_non_null(strstr(c, "220 ms"));
    free(c);
    play_stop(&f);
}

/* --big: block digits on the card where the terminal is large enough. */
static void test_big(void **state)
{
    (void)state;
    assert_int_equal(ui_lesson_big_text(NULL, 0, 0, UI_TUI_ST_BOLD, true, "667"), 11);
    assert_int_equal(ui_lesson_big_text(NULL, 0, 0, UI_TUI_ST_BOLD, true, "25.0"), 3 + 1 + 3 + 1 +
                                                                                     1 + 1 + 3);
    assert_int_equal(ui_lesson_big_text(NULL, 0, 0, UI_TUI_ST_BOLD, true, "ms"), -1);
    struct play_fx f;
    play_start(&f);
    f.p.big = true;
    key(&f, ' ');
    key(&f, ' ');
    char *big = screen(&f, 120, 40, UI_TUI_EN);
    assert_non_null(strstr(big, "███"));
    assert_non_null(strstr(big, "sync latency p50"));
    free(big);
    char *small = screen(&f, 80, 24, UI_TUI_EN);
    assert_null(strstr(small, "███")); /* no room: the plain card */
    free(small);
    f.p.big = false;
    char *plain = screen(&f, 120, 40, UI_TUI_EN);
    assert_null(strstr(plain, "███"));
    free(plain);
    /* During the run: the last second's latency in the free rows beside the charts. */
    f.p.big = true;
    key(&f, 'r');
    f.view.flow = false;
    frame(&f, 2000);
    char *run = screen(&f, 120, 40, UI_TUI_EN);
    assert_non_null(strstr(run, "███"));
    assert_non_null(strstr(run, "sync latency p50"));
    free(run);
    char *run_small = screen(&f, 80, 24, UI_TUI_EN);
    assert_null(strstr(run_small, "███"));
    free(run_small);
    play_stop(&f);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_errors),
        cmocka_unit_test(test_missing_file),
        cmocka_unit_test(test_ok_file),
        cmocka_unit_test(test_builtin),
        cmocka_unit_test(test_figures_are_summary_rows),
        cmocka_unit_test(test_course_figures),
        cmocka_unit_test(test_play_steps),
        cmocka_unit_test(test_live_command_warned),
        cmocka_unit_test(test_zh),
        cmocka_unit_test(test_big),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
