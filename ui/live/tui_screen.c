#include "ui/live/tui_screen.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "ui/base/text.h"

#include "sim/error.h"
#include "ui/live/tui_chart.h"
#include "ui/live/tui_keys.h"
#include "ui/live/tui_plot.h"

void ui_tui_view_init(struct ui_tui_view *v)
{
    memset(v, 0, sizeof *v);
    v->log = true;
    ui_tui_view_reset_scales(v);
}

void ui_tui_view_free(struct ui_tui_view *v)
{
    ui_tui_canvas_free(&v->cv);
}

void ui_tui_view_reset_scales(struct ui_tui_view *v)
{
    ui_tui_scale_init(&v->lat, v->log, 1);
    v->lat.hi = 0;
    ui_tui_scale_init(&v->backlog, false, 0);
    ui_tui_scale_init(&v->dbps, false, 0);
    ui_tui_scale_init(&v->thr, false, 0);
}

/* ---- figures ---------------------------------------------------------------------- */

/* How fast the backlog fell, per second, over up to three of the last closed buckets
 * in which it fell every time; 0 when it did not fall in the last one. */
static double drain_rate(const struct sim_series *s, size_t last, double interval_s)
{
    size_t k = 0;
    while (k < 3 && last >= k + 1 &&
           sim_series_get(s, last - k - 1, ORD_COL_BACKLOG) >
               sim_series_get(s, last - k, ORD_COL_BACKLOG))
        k++;
    if (k == 0)
        return 0;
    double fell = (double)(sim_series_get(s, last - k, ORD_COL_BACKLOG) -
                           sim_series_get(s, last, ORD_COL_BACKLOG));
    return fell / ((double)k * interval_s);
}

void ui_tui_vfigs_read(const struct ui_tui_snapshot *s, int i, struct ui_tui_vfigs *out)
{
    const struct ord_result *r = s->res;
    const struct ord_variant_result *v = &r->v[i];
    const struct sim_series *ser = &v->series;
    double iv = sim_time_to_s(r->cfg->interval);
    memset(out, 0, sizeof *out);
    out->present = true;
    out->rejected = v->totals.rejected;
    out->failed = v->totals.failed;
    out->completed = v->totals.completed;
    out->in_flight = v->totals.in_flight;
    out->dlq = v->totals.dlq;
    out->drained_at = SIM_TIME_NEVER;
    size_t closed = sim_series_closed(ser);
    if (closed > 0 && iv > 0) {
        size_t b = closed - 1;
        struct sim_hist_summary lat = sim_series_hist(ser, b, ORD_H_LATENCY);
        struct sim_hist_summary lag = sim_series_hist(ser, b, ORD_H_LAG);
        out->have_latency = lat.count > 0;
        out->p50 = lat.p50;
        out->p99 = lat.p99;
        out->have_lag = lag.count > 0;
        out->lag_p99 = lag.p99;
        out->offered_ps = (double)sim_series_get(ser, b, ORD_COL_OFFERED) / iv;
        out->completed_ps = (double)sim_series_get(ser, b, ORD_COL_COMPLETED) / iv;
        out->rejected_ps = (double)sim_series_get(ser, b, ORD_COL_REJECTED) / iv;
        out->failed_ps = (double)sim_series_get(ser, b, ORD_COL_FAILED) / iv;
        out->db_ps = (double)sim_series_get(ser, b, ORD_COL_DB_QUERIES) / iv;
        out->backlog = sim_series_get(ser, b, ORD_COL_BACKLOG);
        out->drain_ps = drain_rate(ser, b, iv);
        if (b > 0 && out->backlog > sim_series_get(ser, b - 1, ORD_COL_BACKLOG))
            out->grow_ps =
                (double)(out->backlog - sim_series_get(ser, b - 1, ORD_COL_BACKLOG)) / iv;
    }
    if (s->done) {
        struct ord_summary sum;
        ord_summarize(v, r->cfg, &sum);
        out->run_p99 = sum.latency.p99;
        out->backlog_max = sum.backlog_max;
        out->drained_at = sum.drained_at;
    }
}

void ui_tui_facts_read(const struct ui_tui_snapshot *s, struct ui_tui_facts *out)
{
    const struct ord_result *r = s->res;
    memset(out, 0, sizeof *out);
    out->done = s->done;
    out->now = r->now;
    out->end = r->end;
    out->rate_now = s->rate_now;
    out->db_cap_ps = ord_db_capacity(r->cfg);
    out->timeout = r->cfg->b.timeout;
    out->b_down = s->faults & UI_TUI_FAULT_BIT(ORD_TARGET_B, ORD_FAULT_DOWN);
    out->b_hang = s->faults & UI_TUI_FAULT_BIT(ORD_TARGET_B, ORD_FAULT_HANG);
    out->db_slow = s->faults & UI_TUI_FAULT_BIT(ORD_TARGET_DB, ORD_FAULT_SLOW);
    out->mq_down = s->faults & UI_TUI_FAULT_BIT(ORD_TARGET_MQ, ORD_FAULT_DOWN);
    out->spike = s->faults & UI_TUI_FAULT_BIT(ORD_TARGET_LOAD, ORD_FAULT_SPIKE);
    for (int i = 0; i < r->nvariants; i++) {
        if (sim_series_closed(&r->v[i].series) > 0)
            out->started = true;
        if (r->v[i].kind == ORD_VARIANT_SYNC && !out->sync.present)
            ui_tui_vfigs_read(s, i, &out->sync);
        else if (r->v[i].kind == ORD_VARIANT_ASYNC && !out->async.present)
            ui_tui_vfigs_read(s, i, &out->async);
    }
}

/* ---- header, caption, panel, footer ---------------------------------------------- */

/* Active faults as words: "B down, DB slow". */
static void fault_list(const struct ui_tui_snapshot *s, enum ui_tui_lang lang, char *buf, size_t n)
{
    size_t used = 0;
    buf[0] = '\0';
    for (int t = ORD_TARGET_B; t <= ORD_TARGET_LOAD; t++)
        for (int k = ORD_FAULT_DOWN; k <= ORD_FAULT_SPIKE; k++) {
            if (!(s->faults & UI_TUI_FAULT_BIT(t, k)))
                continue;
            char label[32];
            ui_tui_fault_label(label, sizeof label, t, k, false, lang);
            int w = snprintf(buf + used, n - used, "%s%s", used ? ", " : "", label);
            if (w < 0 || (size_t)w >= n - used)
                return;
            used += (size_t)w;
        }
}

static void draw_header(struct ui_tui_cells *b, const struct ui_tui_snapshot *s,
                        const struct ui_tui_opts *o)
{
    const struct ord_result *r = s->res;
    enum ui_tui_lang lang = o->lang;
    bool utf8 = o->mode == UI_TUI_BRAILLE;
    ui_tui_cells_fill(b, 0, 0, b->w, 1, UI_TUI_ST_HEADER, " ");
    char now[24], end[24], speed[24], right[160], faults[128];
    ui_fmt_clock(now, sizeof now, r->now, 0);
    ui_fmt_clock(end, sizeof end, r->end, 0);
    snprintf(speed, sizeof speed, "%g", s->speed);
    const char *state = s->done     ? ui_tui_word(UI_TUI_W_DONE, lang)
                        : s->paused ? ui_tui_word(UI_TUI_W_PAUSED, lang)
                                    : ui_tui_word(UI_TUI_W_RUNNING, lang);
    const char *icon = s->done     ? (utf8 ? "■" : "[]")
                       : s->paused ? (utf8 ? "❚❚" : "||")
                                   : (utf8 ? "▶" : ">");
    snprintf(right, sizeof right, "t %s / %s s   %sx   %s %s ", now, end, speed, icon, state);
    int rw = ui_tui_text_width(right, -1, NULL);
    /* The active faults are news: they keep their room and the title gives way. */
    fault_list(s, lang, faults, sizeof faults);
    char f[160] = "";
    if (faults[0])
        snprintf(f, sizeof f, " ! %s ", faults);
    int fw = ui_tui_text_width(f, -1, NULL);
    char left[256];
    const char *title = r->cfg->title ? r->cfg->title : r->cfg->name;
    int room = b->w - rw - fw - 2;
    snprintf(left, sizeof left, " ordersim · %s", title);
    if (ui_tui_text_width(left, -1, NULL) > room)
        snprintf(left, sizeof left, " %s", title); /* the scenario before the program */
    int lw = ui_tui_cells_put(b, 0, 0, room, UI_TUI_ST_HEADER, left);
    if (fw)
        ui_tui_cells_put(b, lw + 1, 0, b->w - rw - lw - 1, UI_TUI_ST_WARN, f);
    ui_tui_cells_put(b, b->w - rw, 0, rw, UI_TUI_ST_HEADER, right);
}

struct wrap_ctx {
    struct ui_tui_cells *b;
    int x, y, w, max, n;
    enum ui_tui_style st;
};

static void wrap_line(const char *s, size_t len, void *ctx)
{
    struct wrap_ctx *c = ctx;
    if (c->n < c->max) {
        char line[1024];
        if (len >= sizeof line)
            len = sizeof line - 1;
        memcpy(line, s, len);
        line[len] = '\0';
        ui_tui_cells_put(c->b, c->x, c->y + c->n, c->w, c->st, line);
    }
    c->n++;
}

static void draw_caption(struct ui_tui_cells *b, const struct ui_tui_snapshot *s,
                         const struct ui_tui_opts *o, int y, int h)
{
    struct ui_tui_facts f;
    char text[1024];
    ui_tui_facts_read(s, &f);
    ui_tui_caption(&f, o->lang, text, sizeof text);
    struct wrap_ctx c = {b, 1, y, b->w - 2, h, 0, UI_TUI_ST_BOLD};
    ui_tui_wrap(text, b->w - 2, wrap_line, &c);
}

/* One panel row: a label, then one value per variant right-aligned in its column. */
static void panel_row(struct ui_tui_cells *b, int x, int y, int label_w, int col_w,
                      const char *label, const char values[][24], int n,
                      const enum ui_tui_style *st)
{
    ui_tui_cells_put(b, x, y, label_w, UI_TUI_ST_DIM, label);
    for (int i = 0; i < n; i++) {
        int vw = ui_tui_text_width(values[i], col_w, NULL);
        ui_tui_cells_put(b, x + label_w + (i + 1) * (col_w + 1) - vw, y, vw, st[i], values[i]);
    }
}

enum panel_field { F_P50, F_P99, F_DONE, F_REJ, F_FAIL, F_BACKLOG, F_LAG, F_DB, F_INFL, NF };

/* A variant's panel figures: the last closed bucket while running; the whole run's
 * (ord_summarize) once it is done. */
struct panel_figs {
    bool have_latency, have_lag, has_mq;
    sim_time p50, p99, lag_p99;
    double completed_ps, db_ps;
    int64_t backlog;
    uint64_t rejected, failed, in_flight;
};

static void panel_figs_read(const struct ui_tui_snapshot *s, int i, struct panel_figs *p)
{
    const struct ord_variant_result *v = &s->res->v[i];
    memset(p, 0, sizeof *p);
    p->has_mq = v->kind != ORD_VARIANT_SYNC;
    if (s->done) {
        struct ord_summary sum;
        ord_summarize(v, s->res->cfg, &sum);
        p->have_latency = sum.totals.answered > 0;
        p->p50 = sum.latency.p50;
        p->p99 = sum.latency.p99;
        p->have_lag = sum.totals.completed > 0;
        p->lag_p99 = sum.lag.p99;
        p->completed_ps = sum.completed_per_s;
        p->db_ps = sum.db_qps_max;
        p->backlog = sum.backlog_max;
        p->rejected = sum.totals.rejected;
        p->failed = sum.totals.failed + sum.totals.dlq;
        p->in_flight = sum.totals.in_flight;
        return;
    }
    struct ui_tui_vfigs f;
    ui_tui_vfigs_read(s, i, &f);
    p->have_latency = f.have_latency;
    p->p50 = f.p50;
    p->p99 = f.p99;
    p->have_lag = f.have_lag;
    p->lag_p99 = f.lag_p99;
    p->completed_ps = f.completed_ps;
    p->db_ps = f.db_ps;
    p->backlog = f.backlog;
    p->rejected = f.rejected;
    p->failed = f.failed + f.dlq;
    p->in_flight = f.in_flight;
}

static void fmt_lat_or_dash(char *buf, size_t n, bool have, sim_time t)
{
    if (have)
        ui_fmt_duration(buf, n, t);
    else
        snprintf(buf, n, "-");
}

static void panel_value(const struct panel_figs *f, enum panel_field k, char *buf, size_t n,
                        int width)
{
    switch (k) {
    case F_P50:
        fmt_lat_or_dash(buf, n, f->have_latency, f->p50);
        return;
    case F_P99:
        fmt_lat_or_dash(buf, n, f->have_latency, f->p99);
        return;
    case F_LAG:
        fmt_lat_or_dash(buf, n, f->have_lag, f->lag_p99);
        return;
    case F_DONE:
        ui_fmt_count_fit(buf, n, f->completed_ps, width);
        return;
    case F_REJ:
        ui_fmt_count_fit(buf, n, (double)f->rejected, width);
        return;
    case F_FAIL:
        ui_fmt_count_fit(buf, n, (double)f->failed, width);
        return;
    case F_BACKLOG:
        if (!f->has_mq)
            snprintf(buf, n, "-"); /* no MQ in this wiring */
        else
            ui_fmt_count_fit(buf, n, (double)f->backlog, width);
        return;
    case F_DB:
        ui_fmt_count_fit(buf, n, f->db_ps, width);
        return;
    case F_INFL:
        ui_fmt_count_fit(buf, n, (double)f->in_flight, width);
        return;
    case NF:
        break;
    }
    buf[0] = '\0';
}

static void draw_panel(struct ui_tui_cells *b, const struct ui_tui_snapshot *s,
                       const struct ui_tui_opts *o, const struct ui_tui_layout *L)
{
    static const enum ui_tui_word labels[2][NF] = {
        {UI_TUI_W_P50, UI_TUI_W_P99, UI_TUI_W_COMPLETED_PS, UI_TUI_W_REJECTED, UI_TUI_W_FAILED,
         UI_TUI_W_BACKLOG_SHORT, UI_TUI_W_LAG, UI_TUI_W_DBPS, UI_TUI_W_INFLIGHT},
        {UI_TUI_W_P50, UI_TUI_W_P99, UI_TUI_W_COMPLETED_PS, UI_TUI_W_REJECTED, UI_TUI_W_FAILED,
         UI_TUI_W_BACKLOG_MAX, UI_TUI_W_LAG, UI_TUI_W_DBPS_MAX, UI_TUI_W_INFLIGHT},
    };
    const struct ord_result *r = s->res;
    int n = r->nvariants < 3 ? r->nvariants : 3; /* more wirings than room: the first 3 */
    int x = L->panel_x, y = L->panel_y, col_w = 7, label_w = L->panel_w - n * (col_w + 1);
    struct panel_figs f[3];
    enum ui_tui_style st[3];
    char vals[3][24];
    for (int i = 0; i < n; i++) {
        panel_figs_read(s, i, &f[i]);
        st[i] = ui_tui_variant_pen(r->v[i].kind, UI_TUI_PEN_MAIN).style;
        snprintf(vals[i], sizeof vals[i], "%s", ui_tui_variant_label(&r->v[i], o->lang));
    }
    panel_row(b, x, y, label_w, col_w,
              ui_tui_word(s->done ? UI_TUI_W_WHOLE_RUN : UI_TUI_W_LAST_S, o->lang),
              (const char(*)[24])vals, n, st);
    for (int k = 0; k < NF && y + 1 + k < L->panel_y + L->panel_h; k++) {
        enum ui_tui_style vst[3];
        for (int i = 0; i < n; i++) {
            panel_value(&f[i], (enum panel_field)k, vals[i], sizeof vals[i], col_w);
            bool bad = (k == F_REJ && f[i].rejected) || (k == F_FAIL && f[i].failed);
            vst[i] = bad ? UI_TUI_ST_WARN : UI_TUI_ST_BOLD;
        }
        panel_row(b, x, y + 1 + k, label_w, col_w, ui_tui_word(labels[s->done][k], o->lang),
                  (const char(*)[24])vals, n, vst);
    }
    /* Below the table: the load and the database's capacity, the active faults. */
    char line[160], num[32], faults[128];
    int yy = y + 2 + NF;
    ui_fmt_count_fit(num, sizeof num, s->rate_now, 0);
    snprintf(line, sizeof line, "%s %s/s", ui_tui_word(UI_TUI_W_ARRIVALS, o->lang), num);
    ui_tui_cells_put(b, x, yy++, L->panel_w, UI_TUI_ST_OFFERED, line);
    ui_fmt_count_fit(num, sizeof num, ord_db_capacity(r->cfg), 0);
    snprintf(line, sizeof line, "%s %s/s", ui_tui_word(UI_TUI_W_CAP, o->lang), num);
    ui_tui_cells_put(b, x, yy++, L->panel_w, UI_TUI_ST_REF, line);
    fault_list(s, o->lang, faults, sizeof faults);
    snprintf(line, sizeof line, "%s: %s", ui_tui_word(UI_TUI_W_FAULTS, o->lang),
             faults[0] ? faults : ui_tui_word(UI_TUI_W_NONE, o->lang));
    if (yy < L->panel_y + L->panel_h)
        ui_tui_cells_put(b, x, yy, L->panel_w, faults[0] ? UI_TUI_ST_WARN : UI_TUI_ST_DIM, line);
}

static void draw_footer(struct ui_tui_cells *b, const struct ui_tui_opts *o, int y)
{
    char text[512];
    ui_tui_footer(text, sizeof text, b->w - 2, o->lang);
    ui_tui_cells_put(b, 1, y, b->w - 2, UI_TUI_ST_NORMAL, text);
    /* The key names stand out: re-style each "cap" the footer starts an item with. */
    for (int x = 1; x < b->w - 1; x++) {
        bool start = x == 1 ||
                     (ui_tui_cells_blank(b, x - 1, y) && x >= 3 && ui_tui_cells_blank(b, x - 2, y));
        if (!start || ui_tui_cells_blank(b, x, y))
            continue;
        for (int k = x; k < b->w - 1 && !ui_tui_cells_blank(b, k, y); k++)
            ui_tui_cells_at(b, k, y)->style = UI_TUI_ST_KEY;
    }
}

/* ---- overlays and the too-small screen ------------------------------------------- */

static void draw_box(struct ui_tui_cells *b, const struct ui_tui_opts *o, int x, int y, int w,
                     int h, const char *title)
{
    bool utf8 = o->mode == UI_TUI_BRAILLE;
    ui_tui_cells_fill(b, x, y, w, h, UI_TUI_ST_NORMAL, " ");
    ui_tui_cells_fill(b, x, y, w, 1, UI_TUI_ST_DIM, utf8 ? "─" : "-");
    ui_tui_cells_fill(b, x, y + h - 1, w, 1, UI_TUI_ST_DIM, utf8 ? "─" : "-");
    ui_tui_cells_fill(b, x, y, 1, h, UI_TUI_ST_DIM, utf8 ? "│" : "|");
    ui_tui_cells_fill(b, x + w - 1, y, 1, h, UI_TUI_ST_DIM, utf8 ? "│" : "|");
    ui_tui_cells_put(b, x, y, 1, UI_TUI_ST_DIM, utf8 ? "┌" : "+");
    ui_tui_cells_put(b, x + w - 1, y, 1, UI_TUI_ST_DIM, utf8 ? "┐" : "+");
    ui_tui_cells_put(b, x, y + h - 1, 1, UI_TUI_ST_DIM, utf8 ? "└" : "+");
    ui_tui_cells_put(b, x + w - 1, y + h - 1, 1, UI_TUI_ST_DIM, utf8 ? "┘" : "+");
    char t[96];
    snprintf(t, sizeof t, " %s ", title);
    ui_tui_cells_put(b, x + 2, y, w - 4, UI_TUI_ST_TITLE, t);
}

static void draw_help(struct ui_tui_cells *b, const struct ui_tui_opts *o)
{
    int w = 64 < b->w - 4 ? 64 : b->w - 4, h = ui_tui_nkeys + 4;
    int x = (b->w - w) / 2, y = (b->h - h) / 2;
    draw_box(b, o, x, y, w, h, ui_tui_word(UI_TUI_W_HELP_TITLE, o->lang));
    for (int i = 0; i < ui_tui_nkeys; i++) {
        char line[256];
        ui_tui_help_line(line, sizeof line, i, o->lang);
        ui_tui_cells_put(b, x + 3, y + 1 + i, w - 5, UI_TUI_ST_NORMAL, line);
        ui_tui_cells_style(b, x + 3, y + 1 + i, 6, 1, UI_TUI_ST_KEY);
    }
    ui_tui_cells_put(b, x + 3, y + h - 2, w - 6, UI_TUI_ST_DIM,
                     ui_tui_word(UI_TUI_W_CLOSE, o->lang));
}

static void draw_notes(struct ui_tui_cells *b, const struct ui_tui_snapshot *s,
                       const struct ui_tui_opts *o)
{
    char notes[4096];
    if (!ui_tui_notes_text(s->res->cfg->notes, o->lang, notes, sizeof notes))
        snprintf(notes, sizeof notes, "%s", ui_tui_word(UI_TUI_W_NO_NOTES, o->lang));
    int w = 76 < b->w - 4 ? 76 : b->w - 4, max_h = b->h - 2;
    struct wrap_ctx count = {b, 0, 0, w - 6, 0, 0, UI_TUI_ST_NORMAL};
    int lines = ui_tui_wrap(notes, w - 6, wrap_line, &count);
    int h = lines + 4 < max_h ? lines + 4 : max_h;
    int x = (b->w - w) / 2, y = (b->h - h) / 2;
    draw_box(b, o, x, y, w, h, ui_tui_word(UI_TUI_W_NOTES_TITLE, o->lang));
    struct wrap_ctx c = {b, x + 3, y + 1, w - 6, h - 3, 0, UI_TUI_ST_NORMAL};
    ui_tui_wrap(notes, w - 6, wrap_line, &c);
    ui_tui_cells_put(b, x + 3, y + h - 2, w - 6, UI_TUI_ST_DIM,
                     ui_tui_word(UI_TUI_W_CLOSE, o->lang));
}

static void draw_too_small(struct ui_tui_cells *b, const struct ui_tui_opts *o)
{
    char size[64];
    snprintf(size, sizeof size, "(%s %dx%d)", ui_tui_word(UI_TUI_W_NOW_SIZE, o->lang), b->w, b->h);
    const char *msg = ui_tui_word(UI_TUI_W_ENLARGE, o->lang);
    struct wrap_ctx c = {b, 1, b->h / 2 - 1, b->w - 2, 3, 0, UI_TUI_ST_BOLD};
    ui_tui_wrap(msg, b->w - 2, wrap_line, &c);
    ui_tui_cells_put(b, 1, b->h / 2 - 1 + c.n, b->w - 2, UI_TUI_ST_DIM, size);
}

int ui_tui_screen_render(struct ui_tui_cells *b, struct ui_tui_view *v,
                         const struct ui_tui_snapshot *s, const struct ui_tui_opts *o,
                         int64_t wall_ns)
{
    b->ascii = o->mode == UI_TUI_ASCII;
    ui_tui_cells_clear(b);
    if (b->w < UI_TUI_MIN_W || b->h < UI_TUI_MIN_H) {
        draw_too_small(b, o);
        return 0;
    }
    struct ui_tui_layout L;
    ui_tui_layout(b->w, b->h, &L);
    draw_header(b, s, o);
    draw_caption(b, s, o, L.caption_y, L.caption_h);
    int rc = ui_tui_chart_latency(b, v, s, o, &L, wall_ns);
    if (!rc)
        rc = ui_tui_chart_backlog(b, v, s, o, &L, wall_ns);
    if (!rc)
        rc = ui_tui_chart_throughput(b, v, s, o, &L, wall_ns);
    if (rc)
        return rc;
    ui_tui_chart_xaxis(b, s, o, &L);
    draw_panel(b, s, o, &L);
    draw_footer(b, o, L.footer_y);
    if (v->help)
        draw_help(b, o);
    else if (v->notes)
        draw_notes(b, s, o);
    return 0;
}
