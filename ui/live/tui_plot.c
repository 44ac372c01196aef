#include "ui/live/tui_plot.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "ui/base/text.h"

struct ui_tui_pen ui_tui_variant_pen(enum ord_variant kind, enum ui_tui_pen_role role)
{
    bool sync = kind == ORD_VARIANT_SYNC;
    struct ui_tui_pen p = {sync ? UI_TUI_ST_SYNC : UI_TUI_ST_ASYNC, sync ? 'S' : 'A', sync, false,
                           sync ? 4 : 5};
    if (role == UI_TUI_PEN_P99) {
        p.ascii = sync ? 's' : 'a';
        p.thick = false;
        p.dotted = true;
        p.z = 2;
    } else if (role == UI_TUI_PEN_ERR) {
        p.style = UI_TUI_ST_WARN;
        p.ascii = sync ? 'x' : 'y';
        p.thick = false;
        p.dotted = true;
        p.z = 3;
    }
    return p;
}

const char *ui_tui_variant_label(const struct ord_variant_result *v, enum ui_tui_lang lang)
{
    if (v->kind == ORD_VARIANT_SYNC)
        return ui_tui_word(UI_TUI_W_SYNC_NAME, lang);
    if (v->kind == ORD_VARIANT_ASYNC)
        return ui_tui_word(UI_TUI_W_ASYNC_NAME, lang);
    return v->name ? v->name : "?";
}

int ui_tui_plot_begin(struct ui_tui_plot *p, struct ui_tui_cells *b, struct ui_tui_view *v,
                      const struct ui_tui_snapshot *s, const struct ui_tui_opts *o, int x, int y,
                      int w, int h)
{
    memset(p, 0, sizeof *p);
    p->b = b;
    p->cv = &v->cv;
    p->s = s;
    p->r = s->res;
    p->o = o;
    p->win = ui_tui_window_of(s->res);
    p->x = x;
    p->y = y;
    p->w = w;
    p->h = h;
    p->interval_s = sim_time_to_s(s->res->cfg->interval);
    return ui_tui_canvas_reset(p->cv, o->mode, x, y, w, h);
}

static bool bucket_value(const struct ui_tui_plot *p, const struct ord_variant_result *v, size_t b,
                         enum ui_tui_metric m, double *out)
{
    const struct sim_series *s = &v->series;
    switch (m) {
    case UI_TUI_M_P50:
    case UI_TUI_M_P99: {
        struct sim_hist_summary h = sim_series_hist(s, b, ORD_H_LATENCY);
        if (h.count == 0)
            return false;
        *out = sim_time_to_ms(m == UI_TUI_M_P50 ? h.p50 : h.p99);
        return true;
    }
    case UI_TUI_M_BACKLOG:
        *out = (double)sim_series_get(s, b, ORD_COL_BACKLOG);
        return true;
    case UI_TUI_M_DBPS:
        *out = (double)sim_series_get(s, b, ORD_COL_DB_QUERIES) / p->interval_s;
        return true;
    case UI_TUI_M_OFFERED:
        *out = (double)sim_series_get(s, b, ORD_COL_OFFERED) / p->interval_s;
        return true;
    case UI_TUI_M_COMPLETED:
        *out = (double)sim_series_get(s, b, ORD_COL_COMPLETED) / p->interval_s;
        return true;
    case UI_TUI_M_ERRORS: /* no point where there was none: no line lying on the axis */
        *out = (double)(sim_series_get(s, b, ORD_COL_REJECTED) +
                        sim_series_get(s, b, ORD_COL_FAILED)) /
               p->interval_s;
        return *out > 0;
    case UI_TUI_M_DBCAP: /* at the bucket's middle: a step line with the faults */
        *out = ord_db_capacity_at(p->r->cfg, p->s->spans, p->s->nspans,
                                  sim_series_start(s, b) + p->r->cfg->interval / 2);
        return true;
    }
    return false;
}

/* The value in dot column dx: the largest of the closed buckets starting in the
 * column's time range, or the bucket under its middle when columns are narrower
 * than buckets. False when that bucket is not closed yet or has no sample. */
static bool column_value(const struct ui_tui_plot *p, int i, enum ui_tui_metric m, int dx,
                         double *out)
{
    const struct ord_variant_result *v = &p->r->v[i];
    sim_time iv = p->r->cfg->interval;
    int dw = p->cv->dw;
    if (dw <= 0 || iv <= 0)
        return false;
    sim_time lo = p->win.t0 + (sim_time)((double)p->win.span * dx / dw);
    sim_time hi = p->win.t0 + (sim_time)((double)p->win.span * (dx + 1) / dw);
    size_t b0 = (size_t)((lo + iv - 1) / iv), b1 = (size_t)((hi + iv - 1) / iv);
    if (b0 >= b1) {
        b0 = (size_t)((lo + hi) / 2 / iv);
        b1 = b0 + 1;
    }
    size_t closed = sim_series_closed(&v->series);
    if (b1 > closed)
        b1 = closed;
    bool any = false;
    for (size_t b = b0; b < b1; b++) {
        double x;
        if (bucket_value(p, v, b, m, &x) && (!any || x > *out)) {
            *out = x;
            any = true;
        }
    }
    return any;
}

double ui_tui_plot_max(const struct ui_tui_plot *p, int i, enum ui_tui_metric m)
{
    double top = 0, x;
    for (int dx = 0; dx < p->cv->dw; dx++)
        if (column_value(p, i, m, dx, &x) && x > top)
            top = x;
    return top;
}

static int dot_row(const struct ui_tui_plot *p, const struct ui_tui_scale *sc, double value)
{
    return p->cv->dh - 1 - ui_tui_scale_pos(sc, value, p->cv->dh);
}

static int cell_of(const struct ui_tui_plot *p, int d, bool vertical)
{
    if (p->cv->mode == UI_TUI_ASCII)
        return d;
    return vertical ? d / 4 : d / 2;
}

static void add_label(struct ui_tui_plot *p, int cx, int cy, bool gutter, const char *text,
                      enum ui_tui_style st)
{
    if (p->nlabels >= UI_TUI_MAX_LABELS || !text)
        return;
    struct ui_tui_plot_label *l = &p->labels[p->nlabels++];
    l->cx = cx;
    l->cy = cy;
    l->gutter = gutter;
    snprintf(l->text, sizeof l->text, "%s", text);
    l->style = st;
}

void ui_tui_plot_series(struct ui_tui_plot *p, const struct ui_tui_scale *sc, int i,
                        enum ui_tui_metric m, const struct ui_tui_pen *pen, bool at_peak,
                        const char *label)
{
    int px = -1, py = -1, lx = -1, ly = -1; /* the previous point; the labelled one */
    for (int dx = 0; dx < p->cv->dw; dx++) {
        double val;
        if (!column_value(p, i, m, dx, &val)) {
            px = -1; /* a gap: no answered user in that bucket */
            continue;
        }
        int dy = dot_row(p, sc, val);
        if (px >= 0 && !pen->dotted)
            ui_tui_canvas_line(p->cv, px, py, dx, dy, pen);
        else
            ui_tui_canvas_dot(p->cv, dx, dy, pen);
        if (!at_peak || lx < 0 || dy < ly) {
            lx = dx;
            ly = dy;
        }
        px = dx;
        py = dy;
    }
    if (label && lx >= 0)
        add_label(p, cell_of(p, lx, false), cell_of(p, ly, true), false, label, pen->style);
}

static int ticks(const struct ui_tui_scale *sc, double *t, int max);

static bool same_value(double a, double b)
{
    return fabs(a - b) <= 0.01 * fmax(fabs(a), fabs(b));
}

/* How well row suits a reference line at value: 2 when no axis tick of another value
 * nor another reference line is on it and it keeps the lines in the order of their
 * values, 1 when only a tick is in the way, 0 otherwise. */
static int ref_fit(const struct ui_tui_plot *p, const struct ui_tui_scale *sc, double value,
                   int row)
{
    for (int k = 0; k < p->nrefs; k++) {
        const struct ui_tui_plot_ref *r = &p->refs[k];
        if (r->row == row || (value > r->value && row > r->row) ||
            (value < r->value && row < r->row))
            return 0;
    }
    double t[16];
    int n = ticks(sc, t, 16);
    for (int k = 0; k < n; k++)
        if (cell_of(p, dot_row(p, sc, t[k]), true) == row && !same_value(t[k], value))
            return 1;
    return 2;
}

/* The row nearest the value's own with the best fit. */
static int ref_row(const struct ui_tui_plot *p, const struct ui_tui_scale *sc, double value)
{
    int own = cell_of(p, dot_row(p, sc, value), true), best = own, best_fit = -1;
    for (int d = 0; d <= 2; d++)
        for (int sgn = -1; sgn <= 1; sgn += 2) {
            int row = own + sgn * d;
            if (row < 0 || row >= p->h || (d == 0 && sgn > 0))
                continue;
            int fit = ref_fit(p, sc, value, row);
            if (fit > best_fit) {
                best_fit = fit;
                best = row;
            }
        }
    return best;
}

void ui_tui_plot_hline(struct ui_tui_plot *p, const struct ui_tui_scale *sc, double value,
                       const struct ui_tui_pen *pen, const char *label)
{
    if (p->nrefs >= UI_TUI_MAX_REFS)
        return;
    struct ui_tui_plot_ref *r = &p->refs[p->nrefs];
    r->row = ref_row(p, sc, value);
    r->value = value;
    r->style = pen->style;
    p->nrefs++;
    if (label)
        add_label(p, 0, r->row, true, label, pen->style);
}

void ui_tui_plot_label_at(struct ui_tui_plot *p, const struct ui_tui_scale *sc, double value,
                          const char *text, enum ui_tui_style st)
{
    int cy = cell_of(p, dot_row(p, sc, value), true);
    /* Above the line when there is room, so the line itself stays visible. */
    add_label(p, -1, cy > 0 ? cy - 1 : cy, false, text, st);
}

static bool overlaps(const int (*placed)[3], int np, int row, int x0, int x1)
{
    for (int k = 0; k < np; k++)
        if (placed[k][0] == row && x0 <= placed[k][2] && x1 >= placed[k][1] - 1)
            return true;
    return false;
}

/* Line-end labels right of the point (left when there is no room), moved up or down
 * a row when another label is in the way. */
static void place_labels(struct ui_tui_plot *p)
{
    int placed[UI_TUI_MAX_LABELS][3], np = 0;
    static const int tries[] = {0, -1, 1, -2, 2};
    for (int i = 0; i < p->nlabels; i++) {
        struct ui_tui_plot_label *l = &p->labels[i];
        int len = ui_tui_text_width(l->text, -1, NULL);
        if (l->gutter) {
            if (l->cy >= 0 && l->cy < p->h)
                ui_tui_cells_put(p->b, p->x + p->w + 1, p->y + l->cy, UI_TUI_GUTTER_W - 1, l->style,
                                 l->text);
            continue;
        }
        int x0 = l->cx < 0 ? 1 : l->cx + 1;
        if (x0 + len > p->w)
            x0 = l->cx - len;
        if (x0 < 0)
            x0 = 0;
        for (size_t t = 0; t < sizeof tries / sizeof tries[0]; t++) {
            int row = l->cy + tries[t];
            if (row < 0 || row >= p->h || overlaps((const int(*)[3])placed, np, row, x0, x0 + len))
                continue;
            ui_tui_cells_put(p->b, p->x + x0, p->y + row, p->w - x0, l->style, l->text);
            placed[np][0] = row;
            placed[np][1] = x0;
            placed[np][2] = x0 + len;
            np++;
            break;
        }
    }
}

static void draw_markers(struct ui_tui_plot *p)
{
    struct ui_tui_marker m[64];
    int n = ui_tui_markers(p->s, p->o->lang, m, 64);
    const char *glyph = p->o->mode == UI_TUI_BRAILLE ? "┊" : ":";
    for (int i = 0; i < n; i++) {
        if (m[i].at < p->win.t0 || m[i].at > p->win.t0 + p->win.span || p->win.span <= 0)
            continue;
        int c = (int)floor((double)(m[i].at - p->win.t0) / (double)p->win.span * p->w);
        if (c >= p->w)
            c = p->w - 1;
        for (int row = 0; row < p->h; row++)
            if (ui_tui_cells_blank(p->b, p->x + c, p->y + row))
                ui_tui_cells_put(p->b, p->x + c, p->y + row, 1, UI_TUI_ST_DIM, glyph);
    }
}

static void fmt_axis(char *buf, size_t n, double v, enum ui_tui_axis_fmt fmt)
{
    if (fmt == UI_TUI_AXIS_MS)
        ui_fmt_axis_ms(buf, n, v);
    else
        ui_fmt_axis_count(buf, n, v);
}

/* Tick values of a scale: the decades of a log scale, else 0, the middle, the top. */
static int ticks(const struct ui_tui_scale *sc, double *t, int max)
{
    int n = 0;
    if (sc->log) {
        for (double d = sc->lo; d <= sc->hi * 1.0001 && n < max; d *= 10)
            t[n++] = d;
    } else {
        t[n++] = sc->lo;
        t[n++] = (sc->lo + sc->hi) / 2;
        t[n++] = sc->hi;
    }
    return n;
}

static void draw_axis(struct ui_tui_plot *p, const struct ui_tui_scale *sc,
                      enum ui_tui_axis_fmt fmt)
{
    bool utf8 = p->o->mode == UI_TUI_BRAILLE;
    int ax = p->x - 1;
    for (int row = 0; row < p->h; row++)
        ui_tui_cells_put(p->b, ax, p->y + row, 1, UI_TUI_ST_DIM, utf8 ? "│" : "|");
    double t[16];
    int n = ticks(sc, t, 16), last_row = -2;
    for (int k = n - 1; k >= 0; k--) {
        int row = cell_of(p, dot_row(p, sc, t[k]), true);
        if (row == last_row)
            continue;
        last_row = row;
        /* A reference line that found no row of its own: its number, not the tick's. */
        bool ref_here = false;
        for (int r = 0; r < p->nrefs; r++)
            ref_here |= p->refs[r].row == row && !same_value(p->refs[r].value, t[k]);
        if (ref_here)
            continue;
        char text[16];
        fmt_axis(text, sizeof text, t[k], fmt);
        ui_tui_cells_put(p->b, ax, p->y + row, 1, UI_TUI_ST_DIM, utf8 ? "┤" : "+");
        int len = (int)strlen(text);
        ui_tui_cells_put(p->b, ax - (len < 5 ? len : 5), p->y + row, 5, UI_TUI_ST_DIM, text);
    }
}

static void draw_refs(struct ui_tui_plot *p)
{
    bool utf8 = p->o->mode == UI_TUI_BRAILLE;
    for (int k = 0; k < p->nrefs; k++)
        for (int c = 0; c < p->w; c++)
            if ((utf8 || c % 2 == 0) && ui_tui_cells_blank(p->b, p->x + c, p->y + p->refs[k].row))
                ui_tui_cells_put(p->b, p->x + c, p->y + p->refs[k].row, 1, p->refs[k].style,
                                 utf8 ? "┄" : "-");
}

void ui_tui_plot_end(struct ui_tui_plot *p, const struct ui_tui_scale *sc, enum ui_tui_axis_fmt fmt)
{
    ui_tui_canvas_flush(p->cv, p->b);
    draw_refs(p);
    draw_markers(p);
    place_labels(p);
    draw_axis(p, sc, fmt);
}

void ui_tui_plot_title(struct ui_tui_cells *b, const struct ui_tui_opts *o,
                       const struct ui_tui_layout *L, int y, const char *title,
                       const struct ord_result *r, bool legend)
{
    int w = ui_tui_cells_put(b, L->chart_x, y, L->chart_w, UI_TUI_ST_TITLE, title);
    if (!legend)
        return;
    /* The legend at the right: each variant's line sample and name in its style, then
     * the p99 dots. */
    bool utf8 = o->mode == UI_TUI_BRAILLE;
    char items[ORD_MAX_VARIANTS + 1][64];
    enum ui_tui_style st[ORD_MAX_VARIANTS + 1];
    int n = 0, total = 0;
    for (int i = 0; i < r->nvariants && n < ORD_MAX_VARIANTS; i++, n++) {
        struct ui_tui_pen pen = ui_tui_variant_pen(r->v[i].kind, UI_TUI_PEN_MAIN);
        char sample[8] = {pen.ascii, pen.ascii, 0};
        snprintf(items[n], sizeof items[n], " %s %s", utf8 ? (pen.thick ? "━━" : "──") : sample,
                 ui_tui_variant_label(&r->v[i], o->lang));
        st[n] = pen.style;
    }
    snprintf(items[n], sizeof items[n], "  %s p99", utf8 ? "⠄⠄" : "s/a");
    st[n++] = UI_TUI_ST_DIM;
    for (int i = 0; i < n; i++)
        total += ui_tui_text_width(items[i], -1, NULL);
    int end = L->chart_x + L->chart_w - 2; /* apart from the panel's heading */
    int x = end - total;
    if (x <= L->chart_x + w)
        return;
    for (int i = 0; i < n; i++)
        x += ui_tui_cells_put(b, x, y, end - x, st[i], items[i]);
}
