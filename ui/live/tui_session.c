#include "ui/live/tui_session.h"

#include <stdlib.h>
#include <string.h>

#include "orders/scenario/scenario.h"
#include "sim/error.h"
#include "ui/export/export.h"

int ui_tui_session_init(struct ui_tui_session *s, struct ord_config *cfg, uv_loop_t *loop,
                        ui_clock_fn clock, void *clock_ctx, double speed)
{
    memset(s, 0, sizeof *s);
    s->cfg = *cfg;
    memset(cfg, 0, sizeof *cfg);
    int rc = ord_run_init(&s->run, &s->cfg);
    if (rc) {
        ord_config_free(&s->cfg);
        return rc;
    }
    s->run_open = true;
    rc = ui_pace_init(&s->pace, loop, clock, clock_ctx);
    if (rc) {
        ord_run_close(&s->run);
        ord_config_free(&s->cfg);
        return rc;
    }
    s->pace_open = loop != NULL;
    ui_pace_set_limit(&s->pace, ord_run_result(&s->run)->end);
    ui_pace_set_speed(&s->pace, speed > 0 ? speed : 1);
    return 0;
}

void ui_tui_session_close(struct ui_tui_session *s)
{
    if (s->pace_open)
        ui_pace_close(&s->pace);
    if (s->run_open)
        ord_run_close(&s->run);
    ord_config_free(&s->cfg);
    free(s->cmds);
    /* Not a memset: the pace's timer handle stays in the loop until it has run once
     * more to finish closing it. */
    s->cmds = NULL;
    s->ncmds = s->cap = 0;
    s->run_open = s->pace_open = false;
}

int ui_tui_session_advance(struct ui_tui_session *s, sim_time target)
{
    if (s->finished)
        return 0;
    int rc = ord_run_advance(&s->run, target);
    if (rc)
        return rc;
    if (ord_run_done(&s->run) || ord_run_now(&s->run) >= ord_run_result(&s->run)->end) {
        rc = ord_run_finish(&s->run);
        s->finished = true;
    }
    return rc;
}

int ui_tui_session_frame(struct ui_tui_session *s)
{
    return ui_tui_session_advance(s, ui_pace_tick(&s->pace));
}

uint32_t ui_tui_session_faults(const struct ui_tui_session *s)
{
    uint32_t bits = 0;
    for (int t = ORD_TARGET_B; t <= ORD_TARGET_LOAD; t++)
        for (int k = ORD_FAULT_DOWN; k <= ORD_FAULT_SPIKE; k++)
            if (ord_run_fault_active(&s->run, (enum ord_target)t, (enum ord_fault_kind)k))
                bits |= UI_TUI_FAULT_BIT(t, k);
    return bits;
}

static void toggle(struct ord_command *c, bool active, enum ord_target t, enum ord_fault_kind k)
{
    c->kind = active ? ORD_CMD_CLEAR : ORD_CMD_FAULT;
    c->fault.target = t;
    c->fault.kind = k;
    c->fault.length = SIM_TIME_NEVER;
}

bool ui_tui_action_command(enum ui_tui_action a, uint32_t faults, sim_time now,
                           struct ord_command *out)
{
    memset(out, 0, sizeof *out);
    out->at = now;
    out->fault.at = now;
    out->fault.factor = 1;
    switch (a) {
    case UI_TUI_ACT_SPIKE:
        out->kind = ORD_CMD_FAULT;
        out->fault.target = ORD_TARGET_LOAD;
        out->fault.kind = ORD_FAULT_SPIKE;
        out->fault.length = UI_TUI_SPIKE_LENGTH;
        out->fault.rate_per_s = UI_TUI_SPIKE_RATE;
        return true;
    case UI_TUI_ACT_B_DOWN:
        toggle(out, faults & UI_TUI_FAULT_BIT(ORD_TARGET_B, ORD_FAULT_DOWN), ORD_TARGET_B,
               ORD_FAULT_DOWN);
        return true;
    case UI_TUI_ACT_B_HANG:
        toggle(out, faults & UI_TUI_FAULT_BIT(ORD_TARGET_B, ORD_FAULT_HANG), ORD_TARGET_B,
               ORD_FAULT_HANG);
        return true;
    case UI_TUI_ACT_DB_SLOW:
        toggle(out, faults & UI_TUI_FAULT_BIT(ORD_TARGET_DB, ORD_FAULT_SLOW), ORD_TARGET_DB,
               ORD_FAULT_SLOW);
        out->fault.factor = UI_TUI_DB_SLOW_FACTOR;
        return true;
    case UI_TUI_ACT_MQ_DOWN:
        toggle(out, faults & UI_TUI_FAULT_BIT(ORD_TARGET_MQ, ORD_FAULT_DOWN), ORD_TARGET_MQ,
               ORD_FAULT_DOWN);
        return true;
    default:
        return false;
    }
}

static int keep(struct ui_tui_session *s, const struct ord_command *c)
{
    if (s->ncmds == s->cap) {
        size_t cap = s->cap ? s->cap * 2 : 16;
        struct ord_command *v = realloc(s->cmds, cap * sizeof *v);
        if (!v)
            return SIM_ENOMEM;
        s->cmds = v;
        s->cap = cap;
    }
    s->cmds[s->ncmds++] = *c;
    return 0;
}

int ui_tui_session_command(struct ui_tui_session *s, enum ui_tui_action a)
{
    struct ord_command c;
    if (s->finished ||
        !ui_tui_action_command(a, ui_tui_session_faults(s), ord_run_now(&s->run), &c))
        return 0;
    int rc = keep(s, &c); /* first, so that a command applied is always recorded */
    if (rc)
        return rc;
    rc = c.kind == ORD_CMD_FAULT ? ord_run_fault(&s->run, &c.fault)
                                 : ord_run_clear(&s->run, c.fault.target);
    if (rc) {
        s->ncmds--;
        return rc;
    }
    if (s->record_path)
        return ui_tui_session_save(s, s->record_path, s->record_err, sizeof s->record_err);
    return 0;
}

int ui_tui_session_restart(struct ui_tui_session *s)
{
    struct ord_run fresh;
    int rc = ord_run_init(&fresh, &s->cfg);
    if (rc)
        return rc;
    ord_run_close(&s->run);
    s->run = fresh;
    s->finished = false;
    s->ncmds = 0;
    ui_pace_reset(&s->pace, 0);
    if (s->record_path)
        return ui_tui_session_save(s, s->record_path, s->record_err, sizeof s->record_err);
    return 0;
}

void ui_tui_session_snapshot(const struct ui_tui_session *s, struct ui_tui_snapshot *out)
{
    memset(out, 0, sizeof *out);
    out->res = ord_run_result(&s->run);
    out->rate_now = ord_run_rate_now(&s->run);
    out->faults = ui_tui_session_faults(s);
    out->done = s->finished;
    out->paused = s->pace.paused;
    out->speed = s->pace.speed;
    out->cmds = s->cmds;
    out->ncmds = s->ncmds;
}

int ui_tui_session_recording(const struct ui_tui_session *s, struct ord_config *out)
{
    int rc = ord_config_copy(out, &s->cfg);
    if (rc)
        return rc;
    size_t n = s->cfg.ncommands + s->ncmds;
    if (s->ncmds == 0)
        return 0;
    struct ord_command *m = malloc(n * sizeof *m);
    if (!m) {
        ord_config_free(out);
        return SIM_ENOMEM;
    }
    /* Merge by time; at equal times the scenario's own commands first, as the run
     * applied them before any key pressed at that time. */
    size_t i = 0, j = 0, k = 0;
    while (i < s->cfg.ncommands || j < s->ncmds) {
        bool take_cfg =
            j >= s->ncmds || (i < s->cfg.ncommands && s->cfg.commands[i].at <= s->cmds[j].at);
        m[k++] = take_cfg ? s->cfg.commands[i++] : s->cmds[j++];
    }
    free(out->commands);
    out->commands = m;
    out->ncommands = n;
    return 0;
}

static int write_scenario(FILE *f, void *ctx)
{
    return ord_scenario_write(ctx, f);
}

int ui_tui_session_save(const struct ui_tui_session *s, const char *path, char *errbuf,
                        size_t errlen)
{
    struct ord_config rec;
    int rc = ui_tui_session_recording(s, &rec);
    if (rc) {
        snprintf(errbuf, errlen, "%s: %s", path, sim_strerror(rc));
        return SIM_EIO;
    }
    rc = ui_save_atomic(path, write_scenario, &rec, errbuf, errlen);
    ord_config_free(&rec);
    return rc ? SIM_EIO : 0;
}

int ui_tui_session_finish(struct ui_tui_session *s)
{
    if (s->finished)
        return 0;
    int rc = ord_run_finish(&s->run);
    s->finished = rc == 0;
    return rc;
}

int ui_tui_dispatch(struct ui_tui_session *s, struct ui_tui_view *v, enum ui_tui_action a,
                    bool *quit)
{
    if (v->help || v->notes) {
        /* An overlay is open: any key closes it; q still quits. */
        bool was_help = v->help, was_notes = v->notes;
        v->help = v->notes = false;
        if (a == UI_TUI_ACT_QUIT)
            *quit = true;
        else if (a == UI_TUI_ACT_HELP && !was_help)
            v->help = true;
        else if (a == UI_TUI_ACT_NOTES && !was_notes)
            v->notes = true;
        return 0;
    }
    switch (a) {
    case UI_TUI_ACT_NONE:
        return 0;
    case UI_TUI_ACT_PAUSE:
        ui_pace_set_paused(&s->pace, !s->pace.paused);
        return 0;
    case UI_TUI_ACT_FASTER:
    case UI_TUI_ACT_SLOWER:
        ui_pace_set_speed(&s->pace,
                           ui_tui_speed_step(s->pace.speed, a == UI_TUI_ACT_FASTER ? 1 : -1));
        return 0;
    case UI_TUI_ACT_RESTART:
        ui_tui_view_reset_scales(v);
        return ui_tui_session_restart(s);
    case UI_TUI_ACT_LOG:
        v->log = !v->log;
        ui_tui_view_reset_scales(v);
        return 0;
    case UI_TUI_ACT_NOTES:
        v->notes = true;
        return 0;
    case UI_TUI_ACT_HELP:
        v->help = true;
        return 0;
    case UI_TUI_ACT_QUIT:
        *quit = true;
        return 0;
    default:
        return ui_tui_session_command(s, a);
    }
}
