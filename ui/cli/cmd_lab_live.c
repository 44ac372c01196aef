/* ui/cli/cmd_lab_live.c: `ordersim lab --live`: the live view's screen over a lab run.
 *
 * The lab's measured record is turned into the model's result type twice a second
 * (lab_snapshot), so the live view's own renderer (ui_tui_screen_render: header,
 * caption, charts, panel, the flow diagram) draws a lab run as it draws a model run,
 * and the terminal under it is the live view's (ui/live/tui_term.h). Only the footer is
 * the lab's: real time has no pause, speed or restart, so it lists the keys the lab
 * plays. The keys are the live view's (one table, ui/live/tui_keys.c) and mean the
 * same commands (ui_tui_action_command), played on the real parts by lab_command:
 * s spike (scaled as the scenario is), b B down / up, h B hang / recover, d database
 * slow / normal, m MQ down / up (only on the lab's own redis-server), l log scale,
 * f flow diagram, q quit. Everything runs on the lab's loop. */
#include "ui/cli/cmd_lab_live.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <curses.h>

#include "sim/error.h"
#include "ui/live/tui_chart.h"
#include "ui/live/tui_keys.h"
#include "ui/live/tui_screen.h"
#include "ui/live/tui_live.h"
#include "ui/live/tui_session.h"
#include "ui/live/tui_term.h"

/* The live keys a lab run plays, in footer order. */
static const enum ui_tui_action lab_actions[] = {
    UI_TUI_ACT_SPIKE,   UI_TUI_ACT_B_DOWN, UI_TUI_ACT_B_HANG, UI_TUI_ACT_DB_SLOW,
    UI_TUI_ACT_MQ_DOWN, UI_TUI_ACT_LOG,    UI_TUI_ACT_FLOW,   UI_TUI_ACT_QUIT,
};
#define NACTIONS ((int)(sizeof lab_actions / sizeof lab_actions[0]))

#define FRAME_MS 500 /* a new snapshot and frame: the rows are read every 300 ms */

static bool plays(const struct lab_view *v, enum ui_tui_action a)
{
    if (a == UI_TUI_ACT_MQ_DOWN && !v->own_redis)
        return false; /* the lab pauses only its own broker */
    for (int i = 0; i < NACTIONS; i++)
        if (lab_actions[i] == a)
            return true;
    return false;
}

static const struct ui_tui_key *key_of(enum ui_tui_action a)
{
    for (int i = 0; i < ui_tui_nkeys; i++)
        if (ui_tui_keys[i].action == a)
            return &ui_tui_keys[i];
    return NULL;
}

/* The footer: the keys the lab plays, their names in the key style. */
static void draw_footer(struct ui_tui_cells *b, const struct lab_view *v, int y)
{
    ui_tui_cells_fill(b, 0, y, b->w, 1, UI_TUI_ST_NORMAL, " ");
    int x = 1;
    for (int i = 0; i < NACTIONS; i++) {
        const struct ui_tui_key *k = key_of(lab_actions[i]);
        if (!k || !plays(v, lab_actions[i]) || !k->footer[v->opts.lang])
            continue;
        int cw = ui_tui_text_width(k->cap, -1, NULL);
        int ww = ui_tui_text_width(k->footer[v->opts.lang], -1, NULL);
        if (x + cw + 1 + ww >= b->w - 1)
            break;
        ui_tui_cells_put(b, x, y, cw, UI_TUI_ST_KEY, k->cap);
        ui_tui_cells_put(b, x + cw + 1, y, ww, UI_TUI_ST_NORMAL, k->footer[v->opts.lang]);
        x += cw + 1 + ww + 2;
    }
}

static uint32_t fault_bits(const struct lab *l)
{
    uint32_t bits = 0;
    for (int t = ORD_TARGET_B; t <= ORD_TARGET_LOAD; t++)
        for (int k = ORD_FAULT_DOWN; k <= ORD_FAULT_SPIKE; k++)
            if (lab_fault_active(l, (enum ord_target)t, (enum ord_fault_kind)k))
                bits |= UI_TUI_FAULT_BIT(t, k);
    return bits;
}

static void fail(struct lab_view *v, int rc, const char *what)
{
    if (!v->error) {
        v->error = rc;
        snprintf(v->why, sizeof v->why, "%s: %s", what, sim_strerror(rc));
    }
    lab_quit(v->lab);
}

/* Draw the frame from the latest snapshot; new_snapshot: take one first. */
static void draw(struct lab_view *v, bool new_snapshot)
{
    struct lab *l = v->lab;
    if (new_snapshot && !(v->have_snap && v->final)) {
        if (v->have_snap)
            lab_run_close(&v->snap);
        v->have_snap = false;
        int rc = lab_snapshot(l, &v->snap);
        if (rc) {
            fail(v, rc, "cannot take the run's figures");
            return;
        }
        v->have_snap = true;
        /* the scenario over and its last rows read: the figures are final */
        v->final = lab_done(l) && lab_now(l) > v->snap.result.end + 2 * SIM_S;
    }
    if (!v->have_snap)
        return;
    size_t ncmds = 0;
    const struct ord_command *cmds = lab_commands(l, &ncmds);
    const struct ord_config *cfg = v->snap.result.cfg;
    struct ord_span *spans = NULL;
    size_t nspans = 0;
    int rc = ord_fault_spans(cfg, cmds, ncmds, &spans, &nspans);
    struct ui_tui_snapshot s = {
        .res = &v->snap.result,
        .faults = fault_bits(l),
        .done = lab_done(l),
        .speed = 1,
        .cmds = cmds,
        .ncmds = ncmds,
        .spans = spans,
        .nspans = nspans,
    };
    s.rate_now = ord_rate_at(cfg, spans, nspans, v->snap.result.now);
    if (!rc)
        rc = ui_tui_cells_resize(&v->frame, COLS, LINES);
    if (!rc)
        rc = ui_tui_screen_render(&v->frame, &v->view, &s, &v->opts, (int64_t)uv_hrtime());
    free(spans);
    if (rc) {
        fail(v, rc, "cannot draw");
        return;
    }
    if (v->frame.w >= UI_TUI_MIN_W && v->frame.h >= UI_TUI_MIN_H) {
        struct ui_tui_layout L;
        ui_tui_layout(v->frame.w, v->frame.h, &L);
        draw_footer(&v->frame, v, L.footer_y);
    }
    ui_tui_term_show(&v->term, &v->frame, v->force);
    v->force = false;
}

static void on_frame(uv_timer_t *t) { draw(t->data, true); }

/* A key: a command on the real parts, a toggle of the view, or quit. */
static void press(struct lab_view *v, int ch)
{
    const struct ui_tui_key *k = ui_tui_key_find(ch);
    if (!k || !plays(v, k->action))
        return;
    switch (k->action) {
    case UI_TUI_ACT_QUIT:
        lab_quit(v->lab);
        return;
    case UI_TUI_ACT_LOG:
        v->view.log = !v->view.log;
        ui_tui_view_reset_scales(&v->view);
        return;
    case UI_TUI_ACT_FLOW:
        v->view.flow = !v->view.flow;
        return;
    default:
        break;
    }
    struct ord_command c;
    if (!ui_tui_action_command(k->action, fault_bits(v->lab), lab_now(v->lab), &c))
        return;
    if (c.kind == ORD_CMD_FAULT && c.fault.kind == ORD_FAULT_SPIKE)
        c.fault.rate_per_s *= v->scale; /* the spike on the scenario's scale */
    int rc = lab_command(v->lab, &c);
    if (rc && rc != SIM_EINVAL)
        fail(v, rc, "cannot play the key");
}

static void on_input(uv_poll_t *h, int status, int events)
{
    struct lab_view *v = h->data;
    (void)events;
    if (status < 0) { /* the terminal went away */
        lab_quit(v->lab);
        return;
    }
    int ch;
    bool any = false;
    while ((ch = getch()) != ERR) {
        if (ch == KEY_RESIZE) {
            v->force = true;
            continue;
        }
        press(v, ch);
        any = true;
    }
    if (any || v->force)
        draw(v, false);
}

static void on_winch(uv_signal_t *h, int signum)
{
    struct lab_view *v = h->data;
    (void)signum;
    struct winsize ws;
    if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_row > 0 && ws.ws_col > 0)
        resizeterm(ws.ws_row, ws.ws_col);
    clearok(curscr, TRUE);
    v->force = true;
    draw(v, false);
}

static int view_start(void *ud, struct lab *l, uv_loop_t *loop, char *err, size_t errlen)
{
    struct lab_view *v = ud;
    v->lab = l;
    ui_tui_view_init(&v->view);
    v->view_open = true;
    int rc = ui_tui_term_open(&v->term, v->no_color, err, errlen);
    if (rc)
        return rc;
    v->force = true;
    v->frame_timer.data = v->input.data = v->winch.data = v;
    /* only the handles whose init succeeded are closed (view_stop) */
    if (uv_timer_init(loop, &v->frame_timer) == 0)
        v->open[v->nopen++] = (uv_handle_t *)&v->frame_timer;
    if (uv_poll_init(loop, &v->input, STDIN_FILENO) == 0)
        v->open[v->nopen++] = (uv_handle_t *)&v->input;
    if (uv_signal_init(loop, &v->winch) == 0)
        v->open[v->nopen++] = (uv_handle_t *)&v->winch;
    if (v->nopen < 3 || uv_timer_start(&v->frame_timer, on_frame, FRAME_MS, FRAME_MS) ||
        uv_poll_start(&v->input, UV_READABLE, on_input) ||
        uv_signal_start(&v->winch, on_winch, SIGWINCH)) {
        snprintf(err, errlen, "cannot watch the keyboard and the clock");
        return SIM_EIO;
    }
    draw(v, true);
    return 0;
}

static void view_stop(void *ud)
{
    struct lab_view *v = ud;
    for (int i = 0; i < v->nopen; i++)
        uv_close(v->open[i], NULL);
    v->nopen = 0;
    ui_tui_term_close(&v->term);
}

void ui_lab_view_init(struct lab_view *v, struct lab_live *live, double scale, bool own_redis,
                      bool no_color)
{
    memset(v, 0, sizeof *v);
    v->scale = scale;
    v->own_redis = own_redis;
    v->no_color = no_color;
    bool utf8 = ui_tui_locale_utf8();
    v->opts.mode = utf8 ? UI_TUI_BRAILLE : UI_TUI_ASCII;
    v->opts.lang = UI_TUI_EN;
    *live = (struct lab_live){.ud = v, .start = view_start, .stop = view_stop};
}

void ui_lab_view_free(struct lab_view *v)
{
    ui_tui_term_close(&v->term);
    if (v->have_snap)
        lab_run_close(&v->snap);
    v->have_snap = false;
    ui_tui_cells_free(&v->frame);
    ui_tui_cells_free(&v->term.shown);
    if (v->view_open)
        ui_tui_view_free(&v->view);
    v->view_open = false;
}
