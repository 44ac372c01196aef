#include "ui/live/tui_live.h"

#include <langinfo.h>
#include <locale.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <curses.h>
#include <uv.h>

#include "sim/error.h"
#include "ui/export/export.h"
#include "ui/live/tui_session.h"
#include "ui/live/tui_term.h"

struct live {
    uv_loop_t loop;
    uv_poll_t input;
    uv_signal_t sig_winch, sig_int, sig_term, sig_quit, sig_hup;
    struct ui_tui_session sess;
    struct ui_tui_view view;
    struct ui_tui_opts opts;
    const struct ui_tui_front *front; /* or NULL */
    struct ui_tui_cells frame; /* this frame */
    struct ui_tui_term term;
    uv_handle_t *open[6]; /* 5 signals + input whose init succeeded: the only ones closed */
    int nopen;
    bool loop_open, force, quit;
    int signal; /* SIGINT/SIGTERM that ended it, or 0 */
    int error;  /* a failure that ended it, or 0 */
    char why[512];
    /* The state the last frame was drawn from: nothing changed, nothing to draw. */
    sim_time drawn_now;
    uint64_t drawn_key;
};

static uint64_t view_key(const struct live *L, const struct ui_tui_snapshot *s)
{
    const struct ui_tui_view *v = &L->view;
    uint64_t k = (uint64_t)s->done | (uint64_t)s->paused << 1 | (uint64_t)v->log << 2 |
                 (uint64_t)v->help << 3 | (uint64_t)v->notes << 4 | (uint64_t)v->flow << 5 | (uint64_t)s->faults << 8;
    k ^= (uint64_t)s->ncmds << 40 ^ (uint64_t)(s->speed * 100) << 24;
    k ^= (uint64_t)COLS << 48 ^ (uint64_t)LINES << 56;
    if (L->front && L->front->state)
        k ^= L->front->state(L->front->ctx) * 0x9E3779B97F4A7C15ull;
    return k;
}

static bool scales_settling(const struct ui_tui_view *v)
{
    return v->lat.fit_since >= 0 || v->backlog.fit_since >= 0 || v->dbps.fit_since >= 0 ||
           v->thr.fit_since >= 0;
}

static void draw(struct live *L)
{
    struct ui_tui_snapshot s;
    ui_tui_session_snapshot(&L->sess, &s);
    uint64_t key = view_key(L, &s);
    if (!L->force && s.res->now == L->drawn_now && key == L->drawn_key &&
        !scales_settling(&L->view))
        return;
    int rc = ui_tui_cells_resize(&L->frame, COLS, LINES);
    if (!rc && L->front)
        rc = L->front->render(L->front->ctx, &L->frame, &L->view, &s, &L->opts,
                              (int64_t)uv_hrtime());
    else if (!rc)
        rc = ui_tui_screen_render(&L->frame, &L->view, &s, &L->opts, (int64_t)uv_hrtime());
    if (rc) {
        L->error = rc;
        snprintf(L->why, sizeof L->why, "%s", sim_strerror(rc));
        L->quit = true;
        uv_stop(&L->loop);
        return;
    }
    L->drawn_now = s.res->now;
    L->drawn_key = key;
    ui_tui_term_show(&L->term, &L->frame, L->force);
    L->force = false;
}

/* ---- libuv callbacks ---------------------------------------------------------------- */

static void stop(struct live *L)
{
    uv_stop(&L->loop);
}

/* The frame's time budget: a frame comes every 33 ms; the model may use 20 ms of it
 * (in steps of about a millisecond), so that drawing and the keys always get their
 * turn, at any speed and load: keys are read between frames, many times a second, and
 * `q` is seen within a frame. */
#define FRAME_BUDGET_NS (20 * 1000 * 1000)

/* Advance the model toward target within the budget. A model slower than the speed
 * asked falls behind: the pace is put back to where the model is, so that the lag
 * does not pile up (the view then runs as fast as the model can). */
static int advance_within_budget(struct live *L, sim_time target)
{
    struct ui_tui_session *s = &L->sess;
    int rc = ui_tui_session_advance_within(s, target, FRAME_BUDGET_NS);
    sim_time end = ord_run_result(&s->run)->end;
    if (!rc && ord_run_now(&s->run) < (target < end ? target : end))
        ui_pace_reset(&s->pace, ord_run_now(&s->run));
    return rc;
}

static void on_frame(struct ui_pace *p, sim_time target, void *ud)
{
    struct live *L = ud;
    (void)p;
    int rc = advance_within_budget(L, target);
    if (rc) {
        L->error = rc;
        snprintf(L->why, sizeof L->why, "the model stopped: %s",
                 ord_run_strerror(&L->sess.run, rc));
        L->quit = true;
        stop(L);
        return;
    }
    draw(L);
}

static void resize(struct live *L)
{
    struct winsize ws;
    if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_row > 0 && ws.ws_col > 0)
        resizeterm(ws.ws_row, ws.ws_col);
    clearok(curscr, TRUE); /* repaint everything: no garbage from the old size */
    L->force = true;
    draw(L);
}

static void on_input(uv_poll_t *h, int status, int events)
{
    struct live *L = h->data;
    (void)events;
    if (status < 0) {
        L->quit = true;
        stop(L);
        return;
    }
    int ch;
    while ((ch = getch()) != ERR) {
        if (ch == KEY_RESIZE) {
            /* resizeterm() (on SIGWINCH) queues this: the size is already known; a
             * second resizeterm here would queue another, forever. */
            L->force = true;
            continue;
        }
        if (L->front && !(L->view.help || L->view.notes)) {
            int used = L->front->key(L->front->ctx, &L->sess, &L->view, ch, &L->quit);
            if (used < 0) {
                L->error = used;
                snprintf(L->why, sizeof L->why, "%s", sim_strerror(used));
                L->quit = true;
            }
            if (L->quit) {
                stop(L);
                return;
            }
            if (used)
                continue;
        }
        const struct ui_tui_key *k = ui_tui_key_find(ch);
        bool any_overlay = L->view.help || L->view.notes;
        if (!k && !any_overlay)
            continue;
        int rc = ui_tui_dispatch(&L->sess, &L->view, k ? k->action : UI_TUI_ACT_NONE, &L->quit);
        if (rc) {
            L->error = rc;
            snprintf(L->why, sizeof L->why, "%s",
                     rc == SIM_EIO ? L->sess.record_err : sim_strerror(rc));
            L->quit = true;
        }
        if (L->quit) {
            stop(L);
            return;
        }
    }
    draw(L);
}

static void on_signal(uv_signal_t *h, int signum)
{
    struct live *L = h->data;
    if (signum == SIGWINCH) {
        resize(L);
        return;
    }
    L->signal = signum;
    L->quit = true;
    stop(L);
}

/* ---- setting up and tearing down ---------------------------------------------------- */

static int start_curses(struct live *L, const struct ui_tui_live_opts *o)
{
    L->force = true;
    return ui_tui_term_open(&L->term, o->no_color, L->why, sizeof L->why);
}

static void stop_curses(struct live *L) { ui_tui_term_close(&L->term); }

/* A libuv call failed: say which and why (for the message after the terminal is back). */
static int loop_fail(struct live *L, const char *call, int uv_rc)
{
    snprintf(L->why, sizeof L->why, "cannot start the event loop: %s: %s", call,
             uv_strerror(uv_rc));
    return SIM_EIO;
}

/* The loop, the signal handles and the keyboard poll, each call checked on its
 * own: a handle is started only after its init succeeded, and only initialised handles
 * are remembered for close_loop. */
static int start_loop(struct live *L)
{
    int rc = uv_loop_init(&L->loop);
    if (rc)
        return loop_fail(L, "uv_loop_init", rc);
    L->loop_open = true;
    /* Ctrl-C, Ctrl-\, kill and a closed terminal all end the view the same way: the
     * terminal restored, then exit 128 + the signal. */
    uv_signal_t *sigs[] = {&L->sig_winch, &L->sig_int, &L->sig_term, &L->sig_quit, &L->sig_hup};
    const int nums[] = {SIGWINCH, SIGINT, SIGTERM, SIGQUIT, SIGHUP};
    for (int i = 0; i < 5; i++) {
        if ((rc = uv_signal_init(&L->loop, sigs[i])) != 0)
            return loop_fail(L, "uv_signal_init", rc);
        L->open[L->nopen++] = (uv_handle_t *)sigs[i];
        sigs[i]->data = L;
        if ((rc = uv_signal_start(sigs[i], on_signal, nums[i])) != 0)
            return loop_fail(L, "uv_signal_start", rc);
    }
    if ((rc = uv_poll_init(&L->loop, &L->input, STDIN_FILENO)) != 0)
        return loop_fail(L, "uv_poll_init", rc);
    L->open[L->nopen++] = (uv_handle_t *)&L->input;
    L->input.data = L;
    if ((rc = uv_poll_start(&L->input, UV_READABLE, on_input)) != 0)
        return loop_fail(L, "uv_poll_start", rc);
    return 0;
}

static void close_loop(struct live *L, bool session)
{
    for (int i = 0; i < L->nopen; i++)
        if (!uv_is_closing(L->open[i]))
            uv_close(L->open[i], NULL);
    L->nopen = 0;
    if (session)
        ui_tui_session_close(&L->sess);
    /* Let the close callbacks run; then the loop must have nothing left. */
    uv_run(&L->loop, UV_RUN_DEFAULT);
    int rc = uv_loop_close(&L->loop);
    if (rc)
        fprintf(stderr, "ordersim: the event loop did not close: %s\n", uv_strerror(rc));
    L->loop_open = false;
}

/* After the terminal is back: finish the run and write what was asked. */
static int write_outputs(struct live *L, const struct ui_tui_live_opts *o)
{
    char err[512];
    int status = 0;
    if (o->record && ui_tui_session_save(&L->sess, o->record, err, sizeof err)) {
        fprintf(stderr, "ordersim %s: %s\n", o->cmd, err);
        status = 1;
    }
    if (!o->csv_out && !o->json_out)
        return status;
    int rc = ui_tui_session_finish(&L->sess);
    if (rc) {
        fprintf(stderr, "ordersim %s: the model stopped: %s\n", o->cmd,
                ord_run_strerror(&L->sess.run, rc));
        return 1;
    }
    const struct ord_result *r = ord_run_result(&L->sess.run);
    if (o->csv_out && ui_csv_save(r, o->csv_out, err, sizeof err)) {
        fprintf(stderr, "ordersim %s: %s\n", o->cmd, err);
        status = 1;
    }
    if (o->json_out && ui_json_save(r, o->json_out, err, sizeof err)) {
        fprintf(stderr, "ordersim %s: %s\n", o->cmd, err);
        status = 1;
    }
    return status;
}

bool ui_tui_locale_utf8(void)
{
    /* The user's locale for the terminal's encoding, but C numbers for the files. */
    setlocale(LC_ALL, "");
    setlocale(LC_NUMERIC, "C");
    const char *cs = nl_langinfo(CODESET);
    return cs && (strcmp(cs, "UTF-8") == 0 || strcmp(cs, "utf8") == 0);
}

int ui_tui_live_run(struct ord_config *cfg, const struct ui_tui_live_opts *o)
{
    if (!isatty(STDOUT_FILENO) || !isatty(STDIN_FILENO)) {
        ord_config_free(cfg);
        fprintf(stderr,
                "ordersim %s: needs a terminal; for a run without one use 'ordersim run' or "
                "'ordersim replay --headless'\n",
                o->cmd);
        return 2;
    }
    struct live *L = calloc(1, sizeof *L);
    if (!L) {
        ord_config_free(cfg);
        fprintf(stderr, "ordersim %s: out of memory\n", o->cmd);
        return 1;
    }
    bool utf8 = ui_tui_locale_utf8();
    L->opts.mode = utf8 && !o->ascii ? UI_TUI_BRAILLE : UI_TUI_ASCII;
    /* Chinese needs UTF-8; an ASCII terminal gets English. */
    L->opts.lang = L->opts.mode == UI_TUI_ASCII ? UI_TUI_EN : o->lang;
    ui_tui_view_init(&L->view);
    int rc = start_loop(L); /* sets L->why on failure */
    if (rc) {
        ord_config_free(cfg);
    } else {
        rc = ui_tui_session_init(&L->sess, cfg, &L->loop, NULL, NULL, o->speed);
        if (rc)
            snprintf(L->why, sizeof L->why, "cannot start the run: %s", sim_strerror(rc));
    }
    bool session = rc == 0;
    if (session && o->record) {
        L->sess.record_path = o->record;
        if (ui_tui_session_save(&L->sess, o->record, L->why, sizeof L->why))
            rc = SIM_EIO; /* better now than after an hour of teaching */
    }
    L->front = o->front;
    if (!rc && L->front && L->front->start) {
        rc = L->front->start(L->front->ctx, &L->sess, &L->view);
        if (rc)
            snprintf(L->why, sizeof L->why, "cannot start: %s", sim_strerror(rc));
    }
    if (!rc)
        rc = start_curses(L, o);
    if (!rc && (rc = ui_pace_start(&L->sess.pace, 33, on_frame, L)) != 0)
        snprintf(L->why, sizeof L->why, "cannot start the frame timer: %s", sim_strerror(rc));
    if (!rc) {
        draw(L);
        if (!L->quit)
            uv_run(&L->loop, UV_RUN_DEFAULT);
        ui_pace_stop(&L->sess.pace);
    }
    stop_curses(L);
    int status = rc || L->error ? 1 : 0;
    if (status)
        fprintf(stderr, "ordersim %s: %s\n", o->cmd, L->why[0] ? L->why : sim_strerror(rc));
    if (session && !status)
        status = write_outputs(L, o);
    if (L->loop_open)
        close_loop(L, session);
    ui_tui_cells_free(&L->frame);
    ui_tui_cells_free(&L->term.shown);
    ui_tui_view_free(&L->view);
    if (!status && L->signal)
        status = 128 + L->signal;
    free(L);
    return status;
}
