/* tests/test_ui_tui_util.h: what the live view's screen tests share (the screen and the
 * flow diagram): a session on a fake clock run to a time, rendering it to text, and
 * golden files that only --update-golden (make golden) rewrites. Include after
 * <cmocka.h> and the ui/live headers. */
#ifndef TEST_UI_TUI_UTIL_H
#define TEST_UI_TUI_UTIL_H

#include <stdbool.h>

struct fixture {
    struct ui_tui_session sess;
    struct ui_tui_view view;
    struct ui_tui_cells cells;
    uint64_t clock_ns;
};

static uint64_t fake_clock(void *ctx)
{
    return *(uint64_t *)ctx;
}

/* scenario (NULL: the built-in default) run to t (no terminal, no loop). */
static void ui_test_start(struct fixture *f, const char *scenario, sim_time t)
{
    struct ord_config cfg;
    struct ord_diag d;
    memset(f, 0, sizeof *f);
    int rc = ord_scenario_resolve(&cfg, scenario, &d);
    if (rc)
        ord_diag_print(&d, stderr);
    assert_int_equal(rc, 0);
    assert_int_equal(ui_tui_session_init(&f->sess, &cfg, NULL, fake_clock, &f->clock_ns, 5), 0);
    assert_int_equal(ui_tui_session_advance(&f->sess, t), 0);
    ui_tui_view_init(&f->view);
}

static void stop(struct fixture *f)
{
    ui_tui_cells_free(&f->cells);
    ui_tui_view_free(&f->view);
    ui_tui_session_close(&f->sess);
}

/* Render at w x h and return the dump (malloc'ed). */
static char *render(struct fixture *f, int w, int h, enum ui_tui_plot_mode mode,
                    enum ui_tui_lang lang)
{
    struct ui_tui_snapshot s;
    struct ui_tui_opts o = {mode, lang};
    ui_tui_session_snapshot(&f->sess, &s);
    assert_int_equal(ui_tui_cells_resize(&f->cells, w, h), 0);
    assert_int_equal(ui_tui_screen_render(&f->cells, &f->view, &s, &o, 0), 0);
    char *text = NULL;
    size_t len = 0;
    FILE *m = open_memstream(&text, &len);
    assert_non_null(m);
    ui_tui_cells_dump(&f->cells, m);
    fclose(m);
    return text;
}

static char *read_all(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    char *buf = NULL;
    size_t len = 0, cap = 0, n;
    char chunk[4096];
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) {
        if (len + n + 1 > cap) {
            cap = (len + n + 1) * 2;
            buf = realloc(buf, cap);
            assert_non_null(buf);
        }
        memcpy(buf + len, chunk, n);
        len += n;
    }
    fclose(f);
    if (!buf)
        buf = calloc(1, 1);
    buf[len] = '\0';
    return buf;
}

static bool update_golden; /* --update-golden: write the screens instead of comparing */

static void golden(const char *name, const char *text)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/tests/golden/%s", ORD_SOURCE_DIR, name);
    if (update_golden) {
        FILE *f = fopen(path, "wb");
        if (!f)
            fail_msg("cannot write %s", path);
        int bad = fputs(text, f) < 0;
        bad |= fclose(f) != 0;
        if (bad)
            fail_msg("cannot write %s", path);
        printf("wrote %s\n", path);
        return;
    }
    char *want = read_all(path);
    if (!want)
        fail_msg("missing golden file %s (make golden writes it)", path);
    if (strcmp(want, text) != 0) {
        fprintf(stderr, "--- %s differs; the screen now:\n%s", name, text);
        free(want);
        fail_msg("screen differs from %s", path);
    }
    free(want);
}

#endif
