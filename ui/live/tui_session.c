#include "ui/live/tui_session.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "orders/scenario/scenario.h"
#include "sim/error.h"
#include "ui/base/text.h"
#include "ui/export/export.h"

/* Free the run's own config (after the run that reads it is closed). */
static void drop_run_cfg(struct ui_tui_session *s)
{
    if (s->run_cfg) {
        ord_config_free(s->run_cfg);
        free(s->run_cfg);
    }
    s->run_cfg = NULL;
}

/* ---- episodes ------------------------------------------------------------------- */

static int spans_refresh(struct ui_tui_session *s)
{
    struct ord_span *sp;
    size_t n;
    int rc = ord_fault_spans(&s->cfg, s->cmds, s->ncmds, &sp, &n);
    if (rc)
        return rc;
    free(s->spans);
    s->spans = sp;
    s->nspans = n;
    return 0;
}

/* Each variant's totals and MQ backlog now, as e's base. */
static void take_base(const struct ui_tui_session *s, struct ui_tui_episode *e)
{
    const struct ord_result *r = ord_run_result(&s->run);
    for (int i = 0; i < r->nvariants && i < ORD_MAX_VARIANTS; i++) {
        const struct ord_variant_result *v = &r->v[i];
        e->base[i].rejected = v->totals.rejected;
        e->base[i].failed = v->totals.failed;
        e->base[i].dlq = v->totals.dlq;
        e->base[i].lost = v->totals.lost;
        e->base[i].backlog = v->series.level ? v->series.level[ORD_COL_BACKLOG] : 0;
    }
}

/* Right after a crash of the MQ began (e, the last episode): what it lost. A crash
 * loses its messages at its instant, so the count is exact. */
static void crash_count(struct ui_tui_session *s)
{
    struct ui_tui_episode *e = &s->eps[s->neps - 1];
    if (e->kind != ORD_FAULT_CRASH || e->end)
        return;
    const struct ord_result *r = ord_run_result(&s->run);
    for (int i = 0; i < r->nvariants && i < ORD_MAX_VARIANTS; i++)
        e->crash_lost[i] = r->v[i].totals.lost - e->base[i].lost;
}

/* Open an episode at `at` (now): fault f begins (end false) or ends (end true); f NULL:
 * the run's start. */
static int episode_open(struct ui_tui_session *s, const struct ord_fault *f, bool end, sim_time at)
{
    if (s->neps == s->eps_cap) {
        size_t cap = s->eps_cap ? s->eps_cap * 2 : 16;
        struct ui_tui_episode *v = realloc(s->eps, cap * sizeof *v);
        if (!v)
            return SIM_ENOMEM;
        s->eps = v;
        s->eps_cap = cap;
    }
    struct ui_tui_episode *e = &s->eps[s->neps++];
    memset(e, 0, sizeof *e);
    e->from = e->counted_from = at;
    e->kind = -1;
    e->length = SIM_TIME_NEVER;
    if (f) {
        e->target = (int)f->target;
        e->kind = (int)f->kind;
        e->end = end;
        e->factor = f->factor;
        e->rate = f->rate_per_s;
        e->length = f->length;
        /* a fault on a service or database other than the classic b / main names it */
        const char *unit = ui_tui_unit_name(&s->cfg, e->target, f->unit);
        snprintf(e->service, sizeof e->service, "%s", unit ? unit : "");
    }
    take_base(s, e);
    return 0;
}

/* e is service `unit` of cfg joining. */
static void join_episode(struct ui_tui_episode *e, const struct ord_config *cfg, uint32_t unit)
{
    struct ord_service svc;
    ord_config_service(cfg, unit, &svc);
    e->kind = UI_TUI_EP_JOIN;
    e->target = (int)unit;
    e->end = false;
    snprintf(e->service, sizeof e->service, "%s", svc.name);
}

/* A load phase begins at `at`, or (at the duration) the load ends. */
static int load_episode(struct ui_tui_session *s, sim_time at)
{
    int rc = episode_open(s, NULL, false, at);
    if (rc)
        return rc;
    struct ui_tui_episode *e = &s->eps[s->neps - 1];
    if (at >= s->cfg.duration) {
        e->kind = UI_TUI_EP_LOAD_END;
        return 0;
    }
    e->kind = UI_TUI_EP_LOAD;
    e->rate = ord_rate_at(&s->cfg, NULL, 0, at);
    e->factor = ord_rate_at(&s->cfg, NULL, 0, at - 1); /* the rate before */
    return 0;
}

/* Is another fault of x's kind on x's target still active when x ends? Then x's end
 * changes nothing (a second spike goes on) and opens no episode. */
static bool still_active(const struct ui_tui_session *s, const struct ord_span *x)
{
    for (size_t i = 0; i < s->nspans; i++) {
        const struct ord_span *y = &s->spans[i];
        if (y != x && y->f.target == x->f.target && y->f.kind == x->f.kind && y->f.at <= x->to &&
            x->to < y->to)
            return true;
    }
    return false;
}

/* The next moment after `after` and at most `until` at which a fault begins or ends
 * by itself (scheduled, or a live spike running out); SIM_TIME_NEVER if none. Live
 * starts and clears open their episode when the key is pressed. */
static sim_time next_boundary(const struct ui_tui_session *s, sim_time after, sim_time until,
                              const struct ord_span **sp, bool *end)
{
    sim_time best = SIM_TIME_NEVER;
    sim_time run_end = ord_run_result(&s->run)->end;
    *sp = NULL;
    const struct ord_load *load = &s->cfg.load;
    if (load->arrivals != ORD_ARRIVALS_TIMES)
        for (size_t i = 1; i < load->nphases; i++)
            if (load->phases[i].at > after && load->phases[i].at <= until &&
                load->phases[i].at < s->cfg.duration && load->phases[i].at < best)
                best = load->phases[i].at;
    if (s->cfg.duration > after && s->cfg.duration <= until && s->cfg.duration < run_end &&
        s->cfg.duration < best)
        best = s->cfg.duration;
    for (size_t i = 0; i < s->nspans; i++) {
        const struct ord_span *x = &s->spans[i];
        if (!x->live && x->f.at > after && x->f.at <= until && x->f.at < best) {
            best = x->f.at;
            *sp = x;
            *end = false;
        }
        if (!x->cleared && x->to > after && x->to <= until && x->to < run_end && x->to < best &&
            !still_active(s, x)) {
            best = x->to;
            *sp = x;
            *end = true;
        }
    }
    return best;
}

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
    rc = spans_refresh(s);
    if (!rc)
        rc = episode_open(s, NULL, false, 0);
    if (rc)
        ui_tui_session_close(s);
    return rc;
}

void ui_tui_session_close(struct ui_tui_session *s)
{
    if (s->pace_open)
        ui_pace_close(&s->pace);
    if (s->run_open)
        ord_run_close(&s->run);
    ord_config_free(&s->cfg);
    drop_run_cfg(s);
    free(s->cmds);
    free(s->spans);
    free(s->eps);
    s->spans = NULL;
    s->eps = NULL;
    s->nspans = s->neps = s->eps_cap = 0;
    /* Not a memset: the pace's timer handle stays in the loop until it has run once
     * more to finish closing it. */
    s->cmds = NULL;
    s->ncmds = s->cap = 0;
    s->run_open = s->pace_open = false;
}

/* Events per bounded step: about a millisecond of work, so a deadline is kept to
 * within that. */
#define EVENTS_PER_STEP 20000

/* Advance the model to t; with a deadline (uv_hrtime ns, 0: none) stop when it
 * passes, leaving *late set and the model short of t. */
static int step_to(struct ui_tui_session *s, sim_time t, uint64_t deadline, bool *late)
{
    if (!deadline)
        return ord_run_advance(&s->run, t);
    sim_time end = ord_run_result(&s->run)->end;
    sim_time goal = t < end ? t : end;
    while (ord_run_now(&s->run) < goal) {
        int rc = ord_run_advance_bounded(&s->run, goal, EVENTS_PER_STEP);
        if (rc)
            return rc;
        if (ord_run_now(&s->run) < goal && uv_hrtime() >= deadline) {
            *late = true;
            return 0;
        }
    }
    return ord_run_advance(&s->run, t); /* nothing left to fire: closes the buckets */
}

int ui_tui_session_advance_within(struct ui_tui_session *s, sim_time target, uint64_t budget_ns)
{
    if (s->finished)
        return 0;
    int rc = 0;
    bool late = false;
    uint64_t deadline = budget_ns ? uv_hrtime() + budget_ns : 0;
    /* Stop just before each fault that begins or ends on its own, so its episode
     * counts from exactly there. Out of time, the next call goes on from where this one
     * stopped: a boundary not yet reached is found again. */
    for (;;) {
        const struct ord_span *sp = NULL;
        bool end = false;
        sim_time now = ord_run_now(&s->run);
        sim_time at = next_boundary(s, now, target, &sp, &end);
        if (at == SIM_TIME_NEVER)
            break;
        if (at - 1 > now && (rc = step_to(s, at - 1, deadline, &late)) != 0)
            return rc;
        if (late)
            return 0;
        if (sp) {
            struct ord_fault f = sp->f;
            rc = episode_open(s, &f, end, at);
            if (!rc && sp->join)
                join_episode(&s->eps[s->neps - 1], &s->cfg, sp->f.unit);
        } else {
            rc = load_episode(s, at);
        }
        if (rc)
            return rc;
        if ((rc = ord_run_advance(&s->run, at)) != 0)
            return rc;
        crash_count(s);
    }
    rc = step_to(s, target, deadline, &late);
    if (rc || late)
        return rc;
    if (ord_run_done(&s->run) || ord_run_now(&s->run) >= ord_run_result(&s->run)->end) {
        rc = ord_run_finish(&s->run);
        s->finished = true;
    }
    return rc;
}

int ui_tui_session_advance(struct ui_tui_session *s, sim_time target)
{
    return ui_tui_session_advance_within(s, target, 0);
}

int ui_tui_session_frame(struct ui_tui_session *s)
{
    return ui_tui_session_advance(s, ui_pace_tick(&s->pace));
}

uint32_t ui_tui_session_faults(const struct ui_tui_session *s)
{
    uint32_t bits = 0;
    for (int t = ORD_TARGET_B; t <= ORD_TARGET_LOAD; t++)
        for (int k = ORD_FAULT_DOWN; k < ORD_NFAULT_KINDS; k++)
            if (ord_run_fault_active(&s->run, (enum ord_target)t, (enum ord_fault_kind)k))
                bits |= UI_TUI_FAULT_BIT(t, k);
    return bits;
}

/* The faults the keys toggle: those on the first service (b) and the first database,
 * the MQ and the load; a fault on another service (sms down) is not b's to clear. */
static uint32_t key_faults(const struct ui_tui_session *s)
{
    uint32_t bits = 0;
    for (int t = ORD_TARGET_B; t <= ORD_TARGET_LOAD; t++)
        for (int k = ORD_FAULT_DOWN; k <= ORD_FAULT_SPIKE; k++)
            if (ord_run_fault_active_on(&s->run, (enum ord_target)t, 0, (enum ord_fault_kind)k))
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
        !ui_tui_action_command(a, key_faults(s), ord_run_now(&s->run), &c))
        return 0;
    /* what the episode is: the fault begins, or (a clear) the active one on the target ends */
    struct ord_fault ef = c.fault;
    if (c.kind == ORD_CMD_CLEAR) /* B down outranks B hang: "B back up" */
        for (size_t i = 0; i < s->nspans; i++)
            if (!s->spans[i].join &&
                ord_clear_ends(c.fault.target, c.fault.unit, &s->spans[i].f) &&
                s->spans[i].f.at <= c.at &&
                c.at < s->spans[i].to && !(ef.kind == ORD_FAULT_DOWN && ef.target == c.fault.target &&
                                           s->spans[i].f.kind != ORD_FAULT_DOWN))
                ef = s->spans[i].f;
    int rc = keep(s, &c); /* first, so that a command applied is always recorded */
    if (rc)
        return rc;
    if ((rc = episode_open(s, &ef, c.kind == ORD_CMD_CLEAR, c.at)) != 0) {
        s->ncmds--;
        return rc;
    }
    rc = c.kind == ORD_CMD_FAULT ? ord_run_fault(&s->run, &c.fault)
                                 : ord_run_clear(&s->run, c.fault.target, c.fault.unit);
    if (rc) {
        s->ncmds--;
        s->neps--;
        return rc;
    }
    crash_count(s);
    if ((rc = spans_refresh(s)) != 0)
        return rc;
    if (s->record_path)
        return ui_tui_session_save(s, s->record_path, s->record_err, sizeof s->record_err);
    return 0;
}

/* Add the next built-in subscriber to the scenario and rebuild the run on it, replayed
 * to now with the commands given so far. *unit: its index. 0, SIM_ERANGE (none left)
 * or an error; on an error the session keeps its scenario and run. */
static int add_subscriber(struct ui_tui_session *s, uint32_t *unit)
{
    struct ord_config cfg;
    size_t k;
    sim_time now = ord_run_now(&s->run);
    struct ord_config *run_cfg = malloc(sizeof *run_cfg);
    if (!run_cfg)
        return SIM_ENOMEM;
    int rc = ord_config_copy(&cfg, &s->cfg);
    if (rc) {
        free(run_cfg);
        return rc;
    }
    if ((rc = ord_config_add_subscriber(&cfg, &k)) != 0) {
        ord_config_free(&cfg);
        free(run_cfg);
        return rc;
    }
    /* the run's config: the scenario with it and the commands given so far */
    struct ord_config keep_cfg = s->cfg;
    s->cfg = cfg;
    rc = ui_tui_session_recording(s, run_cfg);
    s->cfg = keep_cfg;
    if (!rc && s->ncmds > 0) { /* the screen shows the scenario's own title */
        char *title = cfg.title ? strdup(cfg.title) : NULL;
        if (cfg.title && !title) {
            ord_config_free(run_cfg);
            rc = SIM_ENOMEM;
        } else {
            free(run_cfg->title);
            run_cfg->title = title;
        }
    }
    if (rc) {
        ord_config_free(&cfg);
        free(run_cfg);
        return rc;
    }
    struct ord_run fresh = {0};
    if ((rc = ord_run_init(&fresh, run_cfg)) != 0 || (rc = ord_run_advance(&fresh, now)) != 0) {
        ord_run_close(&fresh);
        ord_config_free(run_cfg);
        free(run_cfg);
        ord_config_free(&cfg);
        return rc;
    }
    ord_run_close(&s->run);
    s->run = fresh;
    ord_config_free(&s->cfg);
    s->cfg = cfg;
    drop_run_cfg(s);
    s->run_cfg = run_cfg;
    *unit = (uint32_t)k;
    return 0;
}

int ui_tui_session_join(struct ui_tui_session *s)
{
    if (s->finished)
        return 0;
    uint32_t unit = 0;
    size_t n = ord_config_nservices(&s->cfg);
    for (uint32_t k = 1; k < n && !unit; k++)
        if (!ord_run_joined(&s->run, k))
            unit = k;
    int rc = 0;
    if (!unit && (rc = add_subscriber(s, &unit)) == SIM_ERANGE) {
        s->notice = UI_TUI_NOTICE_NO_SERVICE;
        return 0;
    }
    if (rc)
        return rc;
    struct ord_command c = {.at = ord_run_now(&s->run), .kind = ORD_CMD_JOIN};
    c.fault.at = c.at;
    c.fault.target = ORD_TARGET_B;
    c.fault.unit = unit;
    c.fault.length = SIM_TIME_NEVER;
    c.fault.factor = 1;
    if ((rc = keep(s, &c)) != 0)
        return rc;
    if ((rc = episode_open(s, &c.fault, false, c.at)) != 0) {
        s->ncmds--;
        return rc;
    }
    join_episode(&s->eps[s->neps - 1], &s->cfg, unit);
    if ((rc = ord_run_join(&s->run, unit)) != 0) {
        s->ncmds--;
        s->neps--;
        return rc;
    }
    if ((rc = spans_refresh(s)) != 0)
        return rc;
    if (s->record_path)
        return ui_tui_session_save(s, s->record_path, s->record_err, sizeof s->record_err);
    return 0;
}

void ui_tui_session_zero(struct ui_tui_session *s)
{
    struct ui_tui_episode *e = &s->eps[s->neps - 1];
    e->counted_from = ord_run_now(&s->run);
    take_base(s, e);
}

int ui_tui_session_load(struct ui_tui_session *s, struct ord_config *cfg)
{
    /* The run points at s->cfg: close it before the config under it changes. */
    if (s->run_open)
        ord_run_close(&s->run);
    s->run_open = false;
    drop_run_cfg(s);
    struct ord_config old = s->cfg;
    s->cfg = *cfg;
    memset(cfg, 0, sizeof *cfg);
    int rc = ord_run_init(&s->run, &s->cfg);
    if (rc) { /* keep the old scenario, started over */
        ord_config_free(&s->cfg);
        s->cfg = old;
        int again = ord_run_init(&s->run, &s->cfg);
        if (again)
            return again;
    } else {
        ord_config_free(&old);
    }
    s->run_open = true;
    s->finished = false;
    s->ncmds = 0;
    s->neps = 0;
    ui_pace_set_limit(&s->pace, ord_run_result(&s->run)->end);
    ui_pace_reset(&s->pace, 0);
    int orc = spans_refresh(s);
    if (!orc)
        orc = episode_open(s, NULL, false, 0);
    return rc ? rc : orc;
}

int ui_tui_session_restart(struct ui_tui_session *s)
{
    struct ord_run fresh;
    int rc = ord_run_init(&fresh, &s->cfg);
    if (rc)
        return rc;
    ord_run_close(&s->run);
    s->run = fresh;
    drop_run_cfg(s); /* the old run read it: free it only now */
    s->finished = false;
    s->ncmds = 0;
    s->neps = 0;
    ui_pace_reset(&s->pace, 0);
    if ((rc = spans_refresh(s)) != 0 || (rc = episode_open(s, NULL, false, 0)) != 0)
        return rc;
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
    out->spans = s->spans;
    out->nspans = s->nspans;
    out->eps = s->eps;
    out->neps = s->neps;
    out->no_service_left = s->notice == UI_TUI_NOTICE_NO_SERVICE;
}

/* "<title> + live: B down 12.0-32.0 s, spike 40.0-50.0 s": what the recording holds
 * beyond the scenario, so its replay's title does not claim the scenario's story. */
static int recorded_title(const struct ui_tui_session *s, struct ord_config *out)
{
    char buf[1024];
    const char *base = s->cfg.title ? s->cfg.title : s->cfg.name ? s->cfg.name : "";
    int used = snprintf(buf, sizeof buf, "%s + live:", base);
    bool first = true;
    for (size_t i = 0; i < s->nspans && used > 0 && (size_t)used < sizeof buf; i++) {
        const struct ord_span *sp = &s->spans[i];
        if (!sp->live)
            continue;
        char label[48], from[24], to[24];
        ui_tui_fault_label_unit(label, sizeof label, (int)sp->f.target, (int)sp->f.kind,
                                ui_tui_unit_name(&s->cfg, (int)sp->f.target, sp->f.unit), false,
                                UI_TUI_EN);
        ui_fmt_clock(from, sizeof from, sp->f.at, 0);
        ui_fmt_clock(to, sizeof to, sp->to, 1);
        if (sp->join) {
            struct ord_service svc;
            ord_config_service(&s->cfg, sp->f.unit, &svc);
            snprintf(label, sizeof label, "%s joins", svc.name);
            used += snprintf(buf + used, sizeof buf - (size_t)used, "%s %s %s",
                             first ? "" : ",", label, ui_fmt_clock(from, sizeof from, sp->f.at, 1));
        } else {
            used += snprintf(buf + used, sizeof buf - (size_t)used, "%s %s %s-%s",
                             first ? "" : ",", label, from, to);
        }
        first = false;
    }
    char *t = strdup(buf);
    if (!t)
        return SIM_ENOMEM;
    free(out->title);
    out->title = t;
    return 0;
}

int ui_tui_session_recording(const struct ui_tui_session *s, struct ord_config *out)
{
    int rc = ord_config_copy(out, &s->cfg);
    if (rc)
        return rc;
    if (s->ncmds > 0 && (rc = recorded_title(s, out)) != 0) {
        ord_config_free(out);
        return rc;
    }
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
    s->notice = UI_TUI_NOTICE_NONE;
    switch (a) {
    case UI_TUI_ACT_NONE:
        return 0;
    case UI_TUI_ACT_JOIN:
        return ui_tui_session_join(s);
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
    case UI_TUI_ACT_ZERO:
        ui_tui_session_zero(s);
        return 0;
    case UI_TUI_ACT_LOG:
        v->log = !v->log;
        ui_tui_view_reset_scales(v);
        return 0;
    case UI_TUI_ACT_FLOW:
        v->flow = !v->flow;
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
