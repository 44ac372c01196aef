#include "ui/live/tui_screen.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "ui/base/text.h"

#include "sim/error.h"
#include "ui/live/tui_chart.h"
#include "ui/live/tui_flow.h"
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

/* ---- header, caption, panel, footer ---------------------------------------------- */

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
    /* the faults in force now (a key's fault is on from the moment it is pressed) */
    ui_tui_active_faults(r->cfg, s->spans, s->nspans, r->now + 1, NULL, lang, faults,
                         sizeof faults);
    char f[160] = "";
    if (faults[0])
        snprintf(f, sizeof f, " ! %s ", faults);
    int fw = ui_tui_text_width(f, -1, NULL);
    char left[256];
    const char *title = lang == UI_TUI_ZH && r->cfg->title_zh ? r->cfg->title_zh
                        : r->cfg->title                       ? r->cfg->title
                                                              : r->cfg->name;
    int room = b->w - rw - fw - 2;
    /* Faults pressed live change the story the title tells: say so. */
    const char *live = s->ncmds > 0 ? ui_tui_word(UI_TUI_W_LIVE_FAULTS, lang) : "";
    snprintf(left, sizeof left, " ordersim · %s%s", title, live);
    if (ui_tui_text_width(left, -1, NULL) > room)
        snprintf(left, sizeof left, " %s%s", title, live); /* the scenario before the program */
    if (ui_tui_text_width(left, -1, NULL) > room && live[0] && r->cfg->name)
        snprintf(left, sizeof left, " %s%s", r->cfg->name, live); /* the news before the title */
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

int ui_tui_put_wrapped(struct ui_tui_cells *b, int x, int y, int w, int max,
                       enum ui_tui_style st, const char *text)
{
    struct wrap_ctx c = {b, x, y, w, max, 0, st};
    ui_tui_wrap(text, w, wrap_line, &c);
    return c.n < max ? c.n : max;
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

/* The panel's rows. Each row reads one figure of one wiring; the blocks say which
 * moment they describe (the time base, the episode, the run so far). */
enum panel_src { NOW, EPISODE, TOTAL, WHOLE };
struct panel_row_def {
    enum ui_tui_word label;
    enum panel_src src;
    int field;
};
static void dur_or_dash(char *buf, size_t n, bool have, sim_time t)
{
    if (have)
        ui_fmt_duration(buf, n, t);
    else
        snprintf(buf, n, "-");
}

enum { F_P50, F_P99, F_DONE, F_DB, F_BACKLOG, F_INFL, F_LAG, F_REJ, F_FAIL, F_DLQ, F_ERR99 };

static void panel_value(const struct ui_tui_vfigs *f, const struct ord_summary *sum, int k,
                        enum panel_src src, char *buf, size_t n, int width)
{
    bool whole = src == WHOLE;
    switch (k) {
    case F_P50:
    case F_P99: {
        bool have = whole ? sum->totals.answered > 0 : f->have_latency;
        sim_time t = whole ? (k == F_P50 ? sum->latency.p50 : sum->latency.p99)
                           : (k == F_P50 ? f->p50 : f->p99);
        dur_or_dash(buf, n, have, t);
        return;
    }
    case F_LAG: {
        bool have = whole ? sum->totals.completed > 0 : f->have_lag;
        dur_or_dash(buf, n, have, whole ? sum->lag.p99 : f->lag_p99);
        return;
    }
    case F_ERR99: /* users who got an error waited too (whole run only) */
        dur_or_dash(buf, n, whole && sum->errored > 0, sum->err_latency.p99);
        return;
    case F_DONE:
        ui_fmt_count_fit(buf, n, whole ? sum->completed_load_per_s : f->completed_ps, width);
        return;
    case F_DB:
        ui_fmt_count_fit(buf, n, whole ? sum->db_qps_max : f->db_ps, width);
        return;
    case F_BACKLOG:
        if (!f->has_mq)
            snprintf(buf, n, "-"); /* no MQ in this wiring */
        else
            ui_fmt_count_fit(buf, n, (double)(whole ? sum->backlog_max : f->backlog), width);
        return;
    case F_INFL:
        ui_fmt_count_fit(buf, n, (double)(whole ? (int64_t)sum->totals.in_flight : f->in_flight),
                         width);
        return;
    }
    uint64_t v = 0;
    if (whole)
        v = k == F_REJ ? sum->totals.rejected : k == F_FAIL ? sum->totals.failed : sum->totals.dlq;
    else if (src == EPISODE)
        v = k == F_REJ ? f->ep_rejected : k == F_FAIL ? f->ep_failed : f->ep_dlq;
    else
        v = k == F_REJ ? f->rejected : k == F_FAIL ? f->failed : f->dlq;
    ui_fmt_count_fit(buf, n, (double)v, width);
}

static const struct panel_row_def running_rows[] = {
    {UI_TUI_W_P50, NOW, F_P50},          {UI_TUI_W_P99, NOW, F_P99},
    {UI_TUI_W_COMPLETED_PS, NOW, F_DONE}, {UI_TUI_W_DBPS, NOW, F_DB},
    {UI_TUI_W_BACKLOG_SHORT, NOW, F_BACKLOG}, {UI_TUI_W_INFLIGHT, NOW, F_INFL},
    {UI_TUI_W_LAG, NOW, F_LAG},          {UI_TUI_W_NONE, EPISODE, -1},
    {UI_TUI_W_REJECTED, EPISODE, F_REJ}, {UI_TUI_W_FAILED, EPISODE, F_FAIL},
    {UI_TUI_W_NONE, TOTAL, -1},          {UI_TUI_W_REJECTED, TOTAL, F_REJ},
    {UI_TUI_W_FAILED, TOTAL, F_FAIL},
};
static const struct panel_row_def done_rows[] = {
    {UI_TUI_W_P50, WHOLE, F_P50},          {UI_TUI_W_P99, WHOLE, F_P99},
    {UI_TUI_W_ERR_P99, WHOLE, F_ERR99},
    {UI_TUI_W_THROUGHPUT_LOAD, WHOLE, F_DONE}, {UI_TUI_W_DBPS_MAX, WHOLE, F_DB},
    {UI_TUI_W_BACKLOG_MAX, WHOLE, F_BACKLOG},  {UI_TUI_W_INFLIGHT_END, WHOLE, F_INFL},
    {UI_TUI_W_LAG, WHOLE, F_LAG},          {UI_TUI_W_REJECTED, WHOLE, F_REJ},
    {UI_TUI_W_FAILED, WHOLE, F_FAIL},      {UI_TUI_W_DLQ, WHOLE, F_DLQ},
};

/* A block's heading: "at 22.0 s, last 1 s", "B down since 20.1 s", "run to 22.0 s". */
static void block_title(const struct ui_tui_facts *fa, enum panel_src src, enum ui_tui_lang lang,
                        char *buf, size_t n)
{
    char t[32], name[64], iv[32];
    if (src == NOW || src == TOTAL) {
        ui_fmt_clock(t, sizeof t, fa->at, 1);
        ui_fmt_duration(iv, sizeof iv, fa->interval);
        snprintf(buf, n, ui_tui_word(src == NOW ? UI_TUI_W_AT : UI_TUI_W_RUN_TO, lang), t, iv);
    } else if (src == EPISODE) {
        ui_tui_episode_name(name, sizeof name, &fa->ep, lang);
        ui_fmt_clock(t, sizeof t, fa->ep.counted_from, 1);
        snprintf(buf, n, ui_tui_word(UI_TUI_W_EP_SINCE, lang), name, t);
    } else {
        snprintf(buf, n, "%s", ui_tui_word(UI_TUI_W_WHOLE_RUN, lang));
    }
}

/* A duration in at most 6 columns: "223 ms", "2.13 s", "25.0ms". */
static void short_duration(char *buf, size_t n, sim_time t)
{
    char d[32];
    ui_fmt_duration(d, sizeof d, t);
    char *sp = strchr(d, ' ');
    if (strlen(d) > 6 && sp)
        memmove(sp, sp + 1, strlen(sp));
    snprintf(buf, n, "%s", d);
}

/* With several services: a block of one row per service (of the wiring with an MQ, or
 * the first): running, its writes per second, its group's backlog and its completion
 * lag p99 in the bucket of the time base; done, over the whole run, what it wrote, its
 * largest backlog and its lag p99. At most max rows, the header included; services
 * that do not fit are counted on the last row. Returns the rows used. */
static int draw_services(struct ui_tui_cells *b, const struct ui_tui_snapshot *s,
                         const struct ui_tui_opts *o, int x, int y, int w, int max,
                         sim_time at)
{
    enum { NAME_W = 6, DONE_W = 5, BACKLOG_W = 7, LAG_W = 6 };
    const struct ord_result *r = s->res;
    int vi = 0;
    for (int i = 0; i < r->nvariants; i++)
        if (r->v[i].kind == ORD_VARIANT_ASYNC) {
            vi = i;
            break;
        }
    const struct ord_variant_result *v = &r->v[vi];
    if (v->nservices < 2 || max < 2)
        return 0;
    int cols[3] = {x + w - LAG_W - 1 - BACKLOG_W - 1 - DONE_W, x + w - LAG_W - 1 - BACKLOG_W,
                   x + w - LAG_W};
    const int widths[3] = {DONE_W, BACKLOG_W, LAG_W};
    char vals[3][32];
    bool zh = o->lang == UI_TUI_ZH;
    static const char *const heads[2][2][3] = {{{"/s", "backlog", "lag"}, {"/s", "积压", "落库"}},
                                               {{"done", "peak", "lag"}, {"写入", "峰值", "落库"}}};
    ui_tui_cells_put(b, x, y, NAME_W + 2, ui_tui_variant_pen(v->kind, UI_TUI_PEN_MAIN).style,
                     ui_tui_variant_label(v, o->lang));
    for (int c = 0; c < 3; c++) {
        const char *h = heads[s->done][zh][c];
        int hw = ui_tui_text_width(h, widths[c], NULL);
        ui_tui_cells_put(b, cols[c] + widths[c] - hw, y, hw, UI_TUI_ST_DIM, h);
    }
    size_t bucket = (size_t)(at / r->cfg->interval);
    double iv_s = sim_time_to_s(r->cfg->interval);
    int rows = 1;
    for (size_t k = 0; k < v->nservices && rows < max; k++, rows++) {
        const struct ord_service_result *sv = &v->services[k];
        if (rows == max - 1 && k + 1 < v->nservices) {
            char more[64];
            snprintf(more, sizeof more, zh ? "另有 %zu 个：f 看流程图" : "+%zu more: f, the flow",
                     v->nservices - k);
            ui_tui_cells_put(b, x, y + rows, w, UI_TUI_ST_DIM, more);
            rows++;
            break;
        }
        if (s->done) {
            struct ord_latency_figures lag;
            ord_latency_figures_of(ord_service_lag_of(sv), &lag);
            ui_fmt_count_fit(vals[0], sizeof vals[0], (double)sv->completed, DONE_W);
            ui_fmt_count_fit(vals[1], sizeof vals[1], (double)sv->backlog_max, BACKLOG_W);
            if (sv->completed)
                short_duration(vals[2], sizeof vals[2], lag.p99);
            else
                snprintf(vals[2], sizeof vals[2], "-");
        } else if (bucket == 0 || bucket > sim_series_closed(&sv->series)) {
            for (int c = 0; c < 3; c++)
                snprintf(vals[c], sizeof vals[c], "-");
        } else {
            size_t bk = bucket - 1;
            ui_fmt_count_fit(vals[0], sizeof vals[0],
                             (double)sim_series_get(&sv->series, bk, ORD_SC_COMPLETED) / iv_s,
                             DONE_W);
            if (v->kind == ORD_VARIANT_ASYNC)
                ui_fmt_count_fit(vals[1], sizeof vals[1],
                                 (double)sim_series_get(&sv->series, bk, ORD_SC_BACKLOG),
                                 BACKLOG_W);
            else
                snprintf(vals[1], sizeof vals[1], "-");
            struct sim_hist_summary h = sim_series_hist(&sv->series, bk, ORD_SH_LAG);
            if (h.count)
                short_duration(vals[2], sizeof vals[2], h.p99);
            else
                snprintf(vals[2], sizeof vals[2], "-");
        }
        ui_tui_cells_put(b, x, y + rows, NAME_W, UI_TUI_ST_DIM, sv->name);
        for (int c = 0; c < 3; c++) {
            int vw = ui_tui_text_width(vals[c], widths[c], NULL);
            ui_tui_cells_put(b, cols[c] + widths[c] - vw, y + rows, vw, UI_TUI_ST_BOLD, vals[c]);
        }
    }
    return rows;
}

static void draw_panel(struct ui_tui_cells *b, const struct ui_tui_snapshot *s,
                       const struct ui_tui_opts *o, const struct ui_tui_layout *L)
{
    const struct ord_result *r = s->res;
    int n = r->nvariants < 3 ? r->nvariants : 3; /* more wirings than room: the first 3 */
    int x = L->panel_x, y = L->panel_y, col_w = 7, label_w = L->panel_w - n * (col_w + 1);
    int bottom = L->panel_y + L->panel_h - 3;
    struct ui_tui_facts fa;
    ui_tui_facts_read(s, &fa);
    struct ui_tui_vfigs f[3];
    struct ord_summary sum[3];
    enum ui_tui_style st[3];
    char vals[3][24], title[96];
    for (int i = 0; i < n; i++) {
        ui_tui_vfigs_read(s, i, &fa.ep, &f[i]);
        if (s->done)
            ord_summarize(&r->v[i], r->cfg, &sum[i]);
        st[i] = ui_tui_variant_pen(r->v[i].kind, UI_TUI_PEN_MAIN).style;
        snprintf(vals[i], sizeof vals[i], "%s", ui_tui_variant_label(&r->v[i], o->lang));
    }
    const struct panel_row_def *rows = s->done ? done_rows : running_rows;
    size_t nrows = s->done ? sizeof done_rows / sizeof done_rows[0]
                           : sizeof running_rows / sizeof running_rows[0];
    /* Several services: their block takes the run-total rows' place (running), or the
     * room below the table and the arrivals' and capacity's lines (done: the load is
     * over). */
    bool several = r->nvariants > 0 && r->v[0].nservices > 1;
    if (several && !s->done)
        nrows -= 3;
    block_title(&fa, s->done ? WHOLE : NOW, o->lang, title, sizeof title);
    panel_row(b, x, y, label_w, col_w, title, (const char(*)[24])vals, n, st);
    for (size_t k = 0; k < nrows && y + 1 + (int)k < bottom; k++) {
        int yy = y + 1 + (int)k;
        if (rows[k].field < 0) {
            block_title(&fa, rows[k].src, o->lang, title, sizeof title);
            ui_tui_cells_put(b, x, yy, L->panel_w, UI_TUI_ST_DIM, title);
            continue;
        }
        enum ui_tui_style vst[3];
        for (int i = 0; i < n; i++) {
            panel_value(&f[i], &sum[i], rows[k].field, rows[k].src, vals[i], sizeof vals[i],
                        col_w);
            bool bad = (rows[k].field == F_REJ || rows[k].field == F_FAIL ||
                        rows[k].field == F_DLQ) &&
                       strcmp(vals[i], "0") != 0;
            vst[i] = bad ? UI_TUI_ST_WARN : UI_TUI_ST_BOLD;
        }
        bool indent = rows[k].src == EPISODE || rows[k].src == TOTAL;
        char label[64];
        snprintf(label, sizeof label, "%s%s", indent ? " " : "",
                 ui_tui_word(rows[k].label, o->lang));
        panel_row(b, x, yy, label_w, col_w, label, (const char(*)[24])vals, n, vst);
    }
    if (several) {
        int from = y + 1 + (int)nrows;
        int last = s->done ? L->panel_y + L->panel_h - 1 : bottom; /* the faults' line */
        draw_services(b, s, o, x, from, L->panel_w, last - from, fa.at);
    }
    /* Below the table: the load and the database's capacity at the time base, and the
     * faults active then. */
    char line[160], num[32], faults[128];
    int yy = bottom;
    if (several && s->done) {
        yy += 2; /* the services' block has their place */
    } else {
        if (isnan(fa.rate))
            snprintf(num, sizeof num, "-");
        else
            ui_fmt_count_fit(num, sizeof num, fa.rate, 0);
        snprintf(line, sizeof line, "%s %s/s", ui_tui_word(UI_TUI_W_ARRIVALS, o->lang), num);
        ui_tui_cells_put(b, x, yy++, L->panel_w, UI_TUI_ST_OFFERED, line);
        ui_fmt_count_fit(num, sizeof num, fa.db_cap_ps, 0);
        snprintf(line, sizeof line, "%s %s/s", ui_tui_word(UI_TUI_W_CAP, o->lang), num);
        ui_tui_cells_put(b, x, yy++, L->panel_w, UI_TUI_ST_REF, line);
    }
    ui_tui_active_faults(fa.cfg, fa.spans, fa.nspans, fa.at, NULL, o->lang, faults, sizeof faults);
    snprintf(line, sizeof line, "%s: %s", ui_tui_word(UI_TUI_W_FAULTS, o->lang),
             faults[0] ? faults : ui_tui_word(UI_TUI_W_NONE, o->lang));
    if (yy < L->panel_y + L->panel_h)
        ui_tui_cells_put(b, x, yy, L->panel_w, faults[0] ? UI_TUI_ST_WARN : UI_TUI_ST_DIM, line);
}

static void draw_footer(struct ui_tui_cells *b, const struct ui_tui_snapshot *s,
                        const struct ui_tui_opts *o, int y)
{
    char text[512];
    if (s->no_service_left) { /* what the last key (c) could not do, until the next key */
        ui_tui_cells_put(b, 1, y, b->w - 2, UI_TUI_ST_WARN,
                         ui_tui_word(UI_TUI_W_NO_SERVICE, o->lang));
        return;
    }
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
    v->nplaced = v->ndropped = 0;
    if (b->w < UI_TUI_MIN_W || b->h < UI_TUI_MIN_H) {
        draw_too_small(b, o);
        return 0;
    }
    struct ui_tui_layout L;
    ui_tui_layout(b->w, b->h, &L);
    draw_header(b, s, o);
    draw_caption(b, s, o, L.caption_y, L.caption_h);
    if (v->flow) {
        /* The diagram takes the charts' place, and the panel's too when the charts'
         * columns are too narrow for it. */
        int top = L.lat_y, rows = L.xaxis_y + 1 - top;
        if (L.chart_w >= UI_TUI_FLOW_MIN_W) {
            ui_tui_flow_draw(b, s, o, 0, top, L.chart_w, rows);
            draw_panel(b, s, o, &L);
        } else {
            ui_tui_flow_draw(b, s, o, 1, top, b->w - 2, rows);
        }
        draw_footer(b, s, o, L.footer_y);
        if (v->help)
            draw_help(b, o);
        else if (v->notes)
            draw_notes(b, s, o);
        return 0;
    }
    int rc = ui_tui_chart_latency(b, v, s, o, &L, wall_ns);
    if (!rc)
        rc = ui_tui_chart_backlog(b, v, s, o, &L, wall_ns);
    if (!rc)
        rc = ui_tui_chart_throughput(b, v, s, o, &L, wall_ns);
    if (rc)
        return rc;
    ui_tui_chart_xaxis(b, s, o, &L);
    draw_panel(b, s, o, &L);
    draw_footer(b, s, o, L.footer_y);
    if (v->help)
        draw_help(b, o);
    else if (v->notes)
        draw_notes(b, s, o);
    return 0;
}
