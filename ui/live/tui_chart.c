#include "ui/live/tui_chart.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "ui/base/text.h"

#include "ui/live/tui_plot.h"

void ui_tui_layout(int w, int h, struct ui_tui_layout *L)
{
    memset(L, 0, sizeof *L);
    L->w = w;
    L->h = h;
    L->caption_y = 1;
    L->caption_h = 3;
    L->footer_y = h - 1;
    L->xaxis_y = h - 2;
    int top = L->caption_y + L->caption_h;
    int plot_rows = L->xaxis_y - top - 3; /* three title rows */
    L->bl_h = plot_rows / 3;
    L->thr_h = plot_rows / 3;
    L->lat_h = plot_rows - 2 * (plot_rows / 3);
    L->lat_y = top;
    L->bl_y = L->lat_y + 1 + L->lat_h;
    L->thr_y = L->bl_y + 1 + L->bl_h;
    L->panel_w = w >= 110 ? 34 : 27;
    L->panel_x = w - L->panel_w;
    L->panel_y = top;
    L->panel_h = L->xaxis_y - top;
    L->chart_x = 0;
    L->chart_w = L->panel_x - 1;
    L->plot_x = L->chart_x + UI_TUI_AXIS_W;
    L->gutter_w = UI_TUI_GUTTER_W;
    L->plot_w = L->chart_w - UI_TUI_AXIS_W - L->gutter_w;
    L->gutter_x = L->plot_x + L->plot_w;
}

struct ui_tui_window ui_tui_window_of(const struct ord_result *r)
{
    /* From 0 s to a span that grows in steps as the run goes on, with a fifth of it
     * still ahead, so a short run keeps its detail early and its whole story later;
     * a run over ten minutes gets a five-minute window that moves a minute at a time. */
    static const int64_t spans_s[] = {30, 60, 90, 120, 180, 240, 300, 420, 600};
    const sim_time whole = 10 * SIM_MIN, window = 5 * SIM_MIN, step = SIM_MIN;
    struct ui_tui_window win = {0, r->end};
    if (r->end <= 0 || r->end == SIM_TIME_NEVER || r->end > whole) {
        sim_time t0 = r->now - 4 * SIM_MIN;
        win.t0 = t0 < 0 ? 0 : t0 / step * step;
        win.span = window;
        return win;
    }
    for (size_t i = 0; i < sizeof spans_s / sizeof spans_s[0]; i++) {
        sim_time span = spans_s[i] * SIM_S;
        if (span >= r->end)
            break;
        if (r->now * 5 <= span * 4) {
            win.span = span;
            break;
        }
    }
    return win;
}

static void add_marker(struct ui_tui_marker *out, int *n, int max, sim_time at, const char *label,
                       enum ui_tui_style st)
{
    if (*n >= max)
        return;
    out[*n].at = at;
    snprintf(out[*n].label, sizeof out[*n].label, "%s", label);
    out[*n].style = st;
    (*n)++;
}

static void fault_markers(const struct ord_config *cfg, const struct ord_fault *f, sim_time at,
                          enum ui_tui_lang lang, struct ui_tui_marker *out, int *n, int max)
{
    char label[ORD_NAME_MAX + 8];
    const char *unit = ui_tui_unit_name(cfg, (int)f->target, f->unit); /* "sms down" */
    ui_tui_fault_label_unit(label, sizeof label, (int)f->target, (int)f->kind, unit, false, lang);
    add_marker(out, n, max, at, label, UI_TUI_ST_WARN);
    if (f->length != SIM_TIME_NEVER && f->length > 0) {
        ui_tui_fault_label_unit(label, sizeof label, (int)f->target, (int)f->kind, unit, true,
                                lang);
        add_marker(out, n, max, at + f->length, label, UI_TUI_ST_WARN);
    }
}

static void command_markers(const struct ord_config *cfg, const struct ord_command *c, size_t nc,
                            enum ui_tui_lang lang, struct ui_tui_marker *out, int *n, int max)
{
    char label[ORD_NAME_MAX + 8];
    for (size_t i = 0; i < nc; i++) {
        if (c[i].kind == ORD_CMD_JOIN) { /* "+points": a service joins */
            struct ord_service svc;
            ord_config_service(cfg, c[i].fault.unit, &svc);
            snprintf(label, sizeof label, "+%s", svc.name);
            add_marker(out, n, max, c[i].at, label, UI_TUI_ST_WARN);
        } else if (c[i].kind == ORD_CMD_FAULT) {
            fault_markers(cfg, &c[i].fault, c[i].at, lang, out, n, max);
        } else {
            /* "B up" after B down, "B ok" after a hang: the fault it ends. */
            int kind = -1;
            for (size_t j = i; j-- > 0 && kind < 0;)
                if (c[j].kind == ORD_CMD_FAULT && c[j].fault.target == c[i].fault.target &&
                    c[j].fault.unit == c[i].fault.unit)
                    kind = (int)c[j].fault.kind;
            ui_tui_fault_label_unit(label, sizeof label, (int)c[i].fault.target, kind,
                                    ui_tui_unit_name(cfg, (int)c[i].fault.target,
                                                     c[i].fault.unit),
                                    true, lang);
            add_marker(out, n, max, c[i].at, label, UI_TUI_ST_WARN);
        }
    }
}

int ui_tui_markers(const struct ui_tui_snapshot *s, enum ui_tui_lang lang,
                   struct ui_tui_marker *out, int max)
{
    const struct ord_config *c = s->res->cfg;
    int n = 0;
    char label[32];
    for (size_t i = 1; i < c->load.nphases; i++) {
        char rate[24];
        ui_fmt_axis_count(rate, sizeof rate, c->load.phases[i].rate_per_s);
        snprintf(label, sizeof label, "%s/s", rate);
        add_marker(out, &n, max, c->load.phases[i].at, label, UI_TUI_ST_DIM);
    }
    for (size_t i = 0; i < c->nfaults; i++)
        fault_markers(c, &c->faults[i], c->faults[i].at, lang, out, &n, max);
    command_markers(c, c->commands, c->ncommands, lang, out, &n, max);
    command_markers(c, s->cmds, s->ncmds, lang, out, &n, max);
    /* By time, stable (insertion sort: a handful of markers). */
    for (int i = 1; i < n; i++)
        for (int j = i; j > 0 && out[j].at < out[j - 1].at; j--) {
            struct ui_tui_marker t = out[j];
            out[j] = out[j - 1];
            out[j - 1] = t;
        }
    return n;
}

/* ---- the three charts ----------------------------------------------------------- */

static double lat_ms(sim_time t)
{
    return sim_time_to_ms(t);
}

int ui_tui_chart_latency(struct ui_tui_cells *b, struct ui_tui_view *v,
                         const struct ui_tui_snapshot *s, const struct ui_tui_opts *o,
                         const struct ui_tui_layout *L, int64_t wall_ns)
{
    const struct ord_result *r = s->res;
    double ref_s = lat_ms(ord_ideal_latency(r->cfg, ORD_VARIANT_SYNC)),
           ref_a = lat_ms(ord_ideal_latency(r->cfg, ORD_VARIANT_ASYNC));
    double lo = ref_a > 0 ? pow(10, floor(log10(ref_a))) : 1;
    if (v->lat.hi == 0 || v->lat.log != v->log)
        ui_tui_scale_init(&v->lat, v->log, v->log ? lo : 0);

    struct ui_tui_plot p;
    int rc = ui_tui_plot_begin(&p, b, v, s, o, L->plot_x, L->lat_y + 1, L->plot_w, L->lat_h);
    if (rc)
        return rc;
    double top = 0;
    for (int i = 0; i < r->nvariants; i++) {
        top = fmax(top, ui_tui_plot_max(&p, i, UI_TUI_M_P99));
        top = fmax(top, ui_tui_plot_max(&p, i, UI_TUI_M_P50));
    }
    ui_tui_scale_update(&v->lat, top, fmax(ref_s, ref_a) * 1.5, wall_ns);

    struct ui_tui_pen ref = {UI_TUI_ST_REF, '-', false, true, 0};
    char t1[16], t2[16];
    ui_tui_plot_hline(&p, &v->lat, ref_s, &ref, ui_fmt_axis_ms(t1, sizeof t1, ref_s));
    ui_tui_plot_hline(&p, &v->lat, ref_a, &ref, ui_fmt_axis_ms(t2, sizeof t2, ref_a));
    for (int i = 0; i < r->nvariants; i++) {
        struct ui_tui_pen p99 = ui_tui_variant_pen(r->v[i].kind, UI_TUI_PEN_P99);
        ui_tui_plot_series(&p, &v->lat, i, UI_TUI_M_P99, &p99, false, NULL);
    }
    for (int i = 0; i < r->nvariants; i++) {
        struct ui_tui_pen p50 = ui_tui_variant_pen(r->v[i].kind, UI_TUI_PEN_MAIN);
        ui_tui_plot_series(&p, &v->lat, i, UI_TUI_M_P50, &p50, false,
                           ui_tui_variant_label(&r->v[i], o->lang));
    }
    ui_tui_plot_end(&p, &v->lat, UI_TUI_AXIS_MS);

    char title[160];
    snprintf(title, sizeof title, "%s (%s)", ui_tui_word(UI_TUI_W_LATENCY, o->lang),
             ui_tui_word(v->log ? UI_TUI_W_LOG : UI_TUI_W_LINEAR, o->lang));
    ui_tui_plot_title(b, o, L, L->lat_y, title, r, true);
    return 0;
}

int ui_tui_chart_backlog(struct ui_tui_cells *b, struct ui_tui_view *v,
                         const struct ui_tui_snapshot *s, const struct ui_tui_opts *o,
                         const struct ui_tui_layout *L, int64_t wall_ns)
{
    const struct ord_result *r = s->res;
    /* One quantity on one axis: the MQ backlog (messages) of the wirings with an MQ;
     * the database's rate and capacity (queries/s) stay in the side panel. A scenario
     * without an MQ has no backlog: the chart shows the database's rate and its
     * capacity instead, both in queries/s. */
    bool any_mq = false;
    for (int i = 0; i < r->nvariants; i++)
        any_mq |= r->v[i].kind != ORD_VARIANT_SYNC;

    struct ui_tui_plot p;
    int rc = ui_tui_plot_begin(&p, b, v, s, o, L->plot_x, L->bl_y + 1, L->plot_w, L->bl_h);
    if (rc)
        return rc;
    char title[160];
    if (any_mq) {
        if (v->backlog.hi == 0)
            ui_tui_scale_init(&v->backlog, false, 0);
        double top = 0;
        for (int i = 0; i < r->nvariants; i++)
            if (r->v[i].kind != ORD_VARIANT_SYNC)
                top = fmax(top, ui_tui_plot_max(&p, i, UI_TUI_M_BACKLOG));
        ui_tui_scale_update(&v->backlog, top, 1000, wall_ns);
        for (int i = 0; i < r->nvariants; i++) {
            if (r->v[i].kind == ORD_VARIANT_SYNC)
                continue;
            struct ui_tui_pen line = {UI_TUI_ST_ASYNC, '#', true, false, 2};
            ui_tui_plot_series(&p, &v->backlog, i, UI_TUI_M_BACKLOG, &line, false,
                               ui_tui_word(UI_TUI_W_BACKLOG_SHORT, o->lang));
        }
        ui_tui_plot_end(&p, &v->backlog, UI_TUI_AXIS_COUNT);
        snprintf(title, sizeof title, "%s", ui_tui_word(UI_TUI_W_BACKLOG, o->lang));
    } else {
        double cap = ord_db_capacity(r->cfg);
        if (v->dbps.hi == 0)
            ui_tui_scale_init(&v->dbps, false, 0);
        double dbtop = 0;
        for (int i = 0; i < r->nvariants; i++)
            dbtop = fmax(dbtop, ui_tui_plot_max(&p, i, UI_TUI_M_DBPS));
        ui_tui_scale_update(&v->dbps, dbtop, cap * 1.2, wall_ns);
        /* The database's capacity as a step line: slow faults move it (so does `d`). */
        struct ui_tui_pen ref = {UI_TUI_ST_REF, '-', false, true, 0};
        struct ui_tui_facts fa;
        ui_tui_facts_read(s, &fa);
        char capl[48], num[24];
        ui_fmt_count_fit(num, sizeof num, fa.db_cap_ps, 0);
        snprintf(capl, sizeof capl, "%s %s/s", ui_tui_word(UI_TUI_W_CAP, o->lang), num);
        if (fa.started)
            ui_tui_plot_series(&p, &v->dbps, 0, UI_TUI_M_DBCAP, &ref, false, NULL);
        else
            ui_tui_plot_hline(&p, &v->dbps, cap, &ref, NULL);
        for (int i = 0; i < r->nvariants; i++) {
            struct ui_tui_pen db = {UI_TUI_ST_OFFERED, '*', false, false, 3};
            ui_tui_plot_series(&p, &v->dbps, i, UI_TUI_M_DBPS, &db, false,
                               ui_tui_word(UI_TUI_W_DBPS, o->lang));
        }
        ui_tui_plot_label_at(&p, &v->dbps, fa.db_cap_ps, capl, UI_TUI_ST_REF);
        ui_tui_plot_end(&p, &v->dbps, UI_TUI_AXIS_RATE);
        snprintf(title, sizeof title, "%s", ui_tui_word(UI_TUI_W_DBQPS, o->lang));
    }
    ui_tui_plot_title(b, o, L, L->bl_y, title, r, false);
    return 0;
}

int ui_tui_chart_throughput(struct ui_tui_cells *b, struct ui_tui_view *v,
                            const struct ui_tui_snapshot *s, const struct ui_tui_opts *o,
                            const struct ui_tui_layout *L, int64_t wall_ns)
{
    const struct ord_result *r = s->res;
    if (v->thr.hi == 0)
        ui_tui_scale_init(&v->thr, false, 0);
    struct ui_tui_plot p;
    int rc = ui_tui_plot_begin(&p, b, v, s, o, L->plot_x, L->thr_y + 1, L->plot_w, L->thr_h);
    if (rc)
        return rc;
    double top = 0;
    for (int i = 0; i < r->nvariants; i++) {
        top = fmax(top, ui_tui_plot_max(&p, i, UI_TUI_M_OFFERED));
        top = fmax(top, ui_tui_plot_max(&p, i, UI_TUI_M_COMPLETED));
        top = fmax(top, ui_tui_plot_max(&p, i, UI_TUI_M_ERRORS));
    }
    /* The axis follows the orders/s drawn here: the database's capacity (queries/s)
     * has no line on this chart, so it does not set its top either. */
    ui_tui_scale_update(&v->thr, top, 10, wall_ns);

    /* Labels are placed in drawing order: the lines that matter most first. */
    for (int i = 0; i < r->nvariants; i++) {
        struct ui_tui_pen done = ui_tui_variant_pen(r->v[i].kind, UI_TUI_PEN_MAIN);
        ui_tui_plot_series(&p, &v->thr, i, UI_TUI_M_COMPLETED, &done, false,
                           ui_tui_variant_label(&r->v[i], o->lang));
    }
    if (r->nvariants > 0) { /* every variant sees the same arrivals: one line */
        struct ui_tui_pen off = {UI_TUI_ST_OFFERED, 'o', false, false, 1};
        ui_tui_plot_series(&p, &v->thr, 0, UI_TUI_M_OFFERED, &off, false,
                           ui_tui_word(UI_TUI_W_OFFERED, o->lang));
    }
    for (int i = 0; i < r->nvariants; i++) {
        if (ui_tui_plot_max(&p, i, UI_TUI_M_ERRORS) <= 0)
            continue; /* no errors: no line lying on the axis, no label */
        char label[48];
        struct ui_tui_pen err = ui_tui_variant_pen(r->v[i].kind, UI_TUI_PEN_ERR);
        snprintf(label, sizeof label, "%s %s", ui_tui_variant_label(&r->v[i], o->lang),
                 ui_tui_word(UI_TUI_W_ERRORS, o->lang));
        ui_tui_plot_series(&p, &v->thr, i, UI_TUI_M_ERRORS, &err, true, label);
    }
    ui_tui_plot_end(&p, &v->thr, UI_TUI_AXIS_RATE);

    char title[160];
    snprintf(title, sizeof title, "%s: %s · %s · %s", ui_tui_word(UI_TUI_W_THROUGHPUT, o->lang),
             ui_tui_word(UI_TUI_W_OFFERED, o->lang), ui_tui_word(UI_TUI_W_DONE_PS, o->lang),
             ui_tui_word(UI_TUI_W_ERRORS, o->lang));
    ui_tui_plot_title(b, o, L, L->thr_y, title, r, false);
    return 0;
}

/* ---- the time axis -------------------------------------------------------------- */

static int time_col(const struct ui_tui_window *win, const struct ui_tui_layout *L, sim_time t)
{
    if (t < win->t0 || t > win->t0 + win->span || win->span <= 0)
        return -1;
    double f = (double)(t - win->t0) / (double)win->span;
    int c = (int)floor(f * L->plot_w);
    return c >= L->plot_w ? L->plot_w - 1 : c;
}

void ui_tui_chart_xaxis(struct ui_tui_cells *b, const struct ui_tui_snapshot *s,
                        const struct ui_tui_opts *o, const struct ui_tui_layout *L)
{
    struct ui_tui_window win = ui_tui_window_of(s->res);
    int y = L->xaxis_y;
    /* Markers first: they say what happened; ticks fill the room left. */
    struct ui_tui_marker m[64];
    int nm = ui_tui_markers(s, o->lang, m, 64), taken_to = -1;
    bool used[512] = {false};
    for (int i = 0; i < nm; i++) {
        int c = time_col(&win, L, m[i].at);
        if (c < 0 || c <= taken_to)
            continue;
        char text[sizeof m[i].label + 8];
        snprintf(text, sizeof text, "%s%s", o->mode == UI_TUI_BRAILLE ? "↑" : "^", m[i].label);
        int w = ui_tui_cells_put(b, L->plot_x + c, y, L->w - L->plot_x - c, m[i].style, text);
        for (int k = c; k < c + w + 1 && k < 512; k++)
            used[k] = true;
        taken_to = c + w;
    }
    static const int steps_s[] = {1, 2, 5, 10, 15, 20, 30, 60, 120, 300, 600, 1800, 3600};
    double span_s = sim_time_to_s(win.span);
    int step = steps_s[sizeof steps_s / sizeof steps_s[0] - 1];
    for (size_t i = 0; i < sizeof steps_s / sizeof steps_s[0]; i++)
        if (span_s / steps_s[i] * 9 <= L->plot_w) {
            step = steps_s[i];
            break;
        }
    for (int64_t t = (win.t0 / SIM_S + step - 1) / step * step; t * SIM_S <= win.t0 + win.span;
         t += step) {
        int c = time_col(&win, L, t * SIM_S);
        char text[24];
        if (t % 60 == 0 && t >= 120)
            snprintf(text, sizeof text, "%lldm", (long long)(t / 60));
        else
            snprintf(text, sizeof text, "%llds", (long long)t);
        int w = (int)strlen(text);
        bool free_room = c >= 0 && c + w <= L->plot_w + L->gutter_w;
        for (int k = c - 1; free_room && k <= c + w && k < 512; k++)
            if (k >= 0 && used[k])
                free_room = false;
        if (!free_room)
            continue;
        ui_tui_cells_put(b, L->plot_x + c, y, w, UI_TUI_ST_DIM, text);
    }
    ui_tui_cells_put(b, L->chart_x, y, UI_TUI_AXIS_W - 1, UI_TUI_ST_DIM,
                     ui_tui_word(UI_TUI_W_TIME, o->lang));
}
