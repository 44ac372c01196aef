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
    p->v = v;
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

static bool add_label(struct ui_tui_plot *p, int cx, int cy, bool gutter, const char *text,
                      enum ui_tui_style st)
{
    if (p->nlabels >= UI_TUI_MAX_LABELS || !text)
        return false;
    struct ui_tui_plot_label *l = &p->labels[p->nlabels++];
    l->cx = cx;
    l->cy = cy;
    l->gutter = gutter;
    l->nalt = 0;
    l->peak = false;
    snprintf(l->text, sizeof l->text, "%s", text);
    l->style = st;
    return true;
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
        /* A dotted pen leaves out odd dot columns (one cell each in ASCII): the label
         * goes beside a dot that is drawn. */
        bool drawn = !pen->dotted || !(dx & 1);
        if (drawn && (!at_peak || lx < 0 || dy < ly)) {
            lx = dx;
            ly = dy;
        }
        px = dx;
        py = dy;
    }
    if (!label || lx < 0)
        return;
    if (!add_label(p, cell_of(p, lx, false), cell_of(p, ly, true), false, label, pen->style) ||
        !at_peak)
        return;
    p->labels[p->nlabels - 1].peak = true;
    /* Other points fit to carry the label: the peak's plateau first, then the line's
     * other drawn cells, nearest the peak's row first (in a crowded panel the label
     * of errors may have to sit where they were lower). */
    struct ui_tui_plot_label *l = &p->labels[p->nlabels - 1];
    for (int drow = 0; drow < p->h && l->nalt < UI_TUI_MAX_ALT; drow++)
        for (int dx = 0; dx < p->cv->dw && l->nalt < UI_TUI_MAX_ALT; dx += 2) {
            double val; /* even columns: a dotted pen draws only those */
            int cx = cell_of(p, dx, false);
            if (cx == l->cx || (l->nalt > 0 && l->alt[l->nalt - 1].cx == cx) ||
                !column_value(p, i, m, dx, &val))
                continue;
            int cy = cell_of(p, dot_row(p, sc, val), true);
            if (cy - l->cy == drow)
                l->alt[l->nalt++] = (struct ui_tui_cell_xy){cx, cy};
        }
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
    /* Above the line when there is room, so the line itself stays visible (see
     * place_one). */
    add_label(p, -1, cell_of(p, dot_row(p, sc, value), true), false, text, st);
}

/* A label's or leader's cells, so that later labels keep clear of them. */
struct taken {
    int row, x0, x1; /* cells x0 .. x1 - 1 */
    int ax;          /* a label's point's column; -1: a leader */
};

/* Does cells x0 .. x1 - 1 of row touch anything taken (but the labels of the point
 * column skip_ax)? Touching counts: two labels need a blank between them. */
static bool taken_near(const struct taken *t, int n, int row, int x0, int x1, int skip_ax)
{
    for (int k = 0; k < n; k++)
        if (t[k].row == row && (t[k].ax < 0 || t[k].ax != skip_ax) && x0 <= t[k].x1 &&
            x1 >= t[k].x0)
            return true;
    return false;
}

/* Can a leader run in column x over rows a .. b (inclusive)? Only over cells no label
 * took that are blank or hold a marker's dotted line: it must not hide a line. */
static bool leader_free(const struct ui_tui_plot *p, const struct taken *t, int n, int x, int a,
                        int b, bool over_lines)
{
    if (x < 0 || x >= p->w)
        return false;
    for (int row = a; row <= b; row++) {
        struct ui_tui_cell *c = ui_tui_cells_at(p->b, p->x + x, p->y + row);
        bool marker = strcmp(c->g, p->o->mode == UI_TUI_BRAILLE ? "┊" : ":") == 0;
        if ((!marker && !over_lines && !ui_tui_cells_blank(p->b, p->x + x, p->y + row)) ||
            taken_near(t, n, row, x, x + 1, -2))
            return false;
    }
    return true;
}

static void record(struct ui_tui_plot *p, const struct ui_tui_plot_label *l, int x0, int row,
                   int len, int lx, int ly0, int ly1, bool joined)
{
    struct ui_tui_view *v = p->v;
    if (v->nplaced >= UI_TUI_MAX_PLACED)
        return;
    struct ui_tui_placed_label *r = &v->placed[v->nplaced++];
    r->ax = p->x + (l->cx < 0 ? x0 - 1 : l->cx);
    r->ay = p->y + l->cy;
    r->x = p->x + x0;
    r->y = p->y + row;
    r->w = len;
    r->leader_x = p->x + lx;
    r->leader_y0 = p->y + ly0;
    r->leader_y1 = p->y + ly1;
    r->joined = joined;
    snprintf(r->text, sizeof r->text, "%s", l->text);
}

/* Lines that end at the same point (offered and completed in a calm second): the
 * label joins the one already beside that point, "sync·offered", on a row within one
 * of its own point's. */
static bool join_one(struct ui_tui_plot *p, const struct ui_tui_plot_label *l, bool right, int len,
                     struct taken *t, int *nt)
{
    const char *sep = p->o->mode == UI_TUI_BRAILLE ? "·" : ",";
    for (int d = 0; d <= 1; d++)
        for (int sgn = -1; sgn <= 1; sgn += 2) {
            int row = l->cy + sgn * d, lo = p->w, hi = -1;
            if (d == 0 && sgn > 0)
                continue;
            for (int k = 0; k < *nt; k++)
                if (t[k].row == row && t[k].ax == l->cx) {
                    lo = t[k].x0 < lo ? t[k].x0 : lo;
                    hi = t[k].x1 > hi ? t[k].x1 : hi;
                }
            if (hi < 0 || (right ? lo <= l->cx : hi > l->cx))
                continue; /* no label of this point on that row, on this side */
            int x0 = right ? hi + 1 : lo - 1 - len, sx = right ? hi : lo - 1;
            if (x0 < 0 || x0 + len > p->w || taken_near(t, *nt, row, x0, x0 + len, l->cx))
                continue;
            ui_tui_cells_put(p->b, p->x + sx, p->y + row, 1, UI_TUI_ST_DIM, sep);
            ui_tui_cells_put(p->b, p->x + x0, p->y + row, p->w - x0, l->style, l->text);
            t[(*nt)++] = (struct taken){row, right ? sx : x0, right ? x0 + len : sx + 1, l->cx};
            record(p, l, x0, row, len, 0, 1, 0, true);
            return true;
        }
    return false;
}

/* Put line label l beside its point (cx, l->cy): right of it (left when there is no
 * room), on the point's row, else the row above or below (stage 0); else after a label
 * already beside the same point (stage 1); else farther, with a leader, a column of
 * "│" in the cell beside the point from the point's row to the label's (stage 2).
 * Nearer rows first, above before below. Returns false when nothing fits. */
static bool place_at(struct ui_tui_plot *p, const struct ui_tui_plot_label *l, int cx, int stage,
                     bool left, struct taken *t, int *nt)
{
    struct ui_tui_plot_label at = *l;
    at.cx = cx;
    int len = ui_tui_text_width(l->text, -1, NULL);
    bool right = cx < 0 || (cx + 1 + len <= p->w && !left);
    if (stage == 1)
        return cx >= 0 && join_one(p, &at, right, len, t, nt);
    int x0 = cx < 0 ? 1 : right ? cx + 1 : cx - len;
    if (x0 < 0)
        return false; /* no room on either side: never over its own point */
    int lx = right ? x0 : x0 + len - 1; /* the leader's column: beside the point */
    /* A reference line's label (no point: cx < 0) goes above or below the line before
     * on it, so the line stays visible; it never gets a leader. */
    static const int ref_rows[] = {-1, 1, 0};
    int dmin = stage == 0 ? 0 : 2, dmax = stage == 0 ? 1 : p->h - 1;
    if (cx < 0)
        dmin = dmax = stage == 0 ? 0 : -1;
    for (int d = dmin; d <= dmax; d++)
        for (int sgn = -1; sgn <= 1; sgn += (cx < 0 ? 1 : 2)) {
            int row = cx < 0 ? l->cy + ref_rows[sgn + 1] : l->cy + sgn * d;
            if ((d == 0 && sgn > 0 && cx >= 0) || row < 0 || row >= p->h ||
                taken_near(t, *nt, row, x0, x0 + len, -2))
                continue;
            int ly0 = 1, ly1 = 0; /* no leader */
            if (d >= 2) {
                ly0 = sgn < 0 ? row + 1 : l->cy;
                ly1 = sgn < 0 ? l->cy : row - 1;
                if (!leader_free(p, t, *nt, lx, ly0, ly1, stage == 3))
                    continue;
            }
            ui_tui_cells_put(p->b, p->x + x0, p->y + row, p->w - x0, l->style, l->text);
            t[(*nt)++] = (struct taken){row, x0, x0 + len, cx < 0 ? -3 : cx};
            for (int r = ly0; r <= ly1; r++) {
                ui_tui_cells_put(p->b, p->x + lx, p->y + r, 1, l->style,
                                 p->o->mode == UI_TUI_BRAILLE ? "│" : "|");
                t[(*nt)++] = (struct taken){r, lx, lx + 1, -1};
            }
            record(p, &at, x0, row, len, lx, ly0, ly1, false);
            return true;
        }
    return false;
}

/* The stages over the label's point and, for a peak, its other points: beside it or
 * joined to a label there, on the right (where the line's past stays visible), then
 * on the left; only then with a leader, over blank cells, and last (stage 3) over
 * other lines' cells too: an unlabelled line is worse than a cell of another hidden. */
static bool place_one(struct ui_tui_plot *p, const struct ui_tui_plot_label *l, struct taken *t,
                      int *nt)
{
    static const struct {
        int stage;
        bool left;
    } order[] = {{0, false}, {1, false}, {0, true}, {1, true},
                 {2, false}, {2, true},  {3, false}, {3, true}};
    for (size_t i = 0; i < sizeof order / sizeof order[0]; i++) {
        if (order[i].left && l->cx < 0)
            continue;
        if (place_at(p, l, l->cx, order[i].stage, order[i].left, t, nt))
            return true;
        for (int k = 0; k < l->nalt; k++) {
            struct ui_tui_plot_label alt = *l;
            alt.cy = l->alt[k].cy;
            if (place_at(p, &alt, l->alt[k].cx, order[i].stage, order[i].left, t, nt))
                return true;
        }
    }
    return false;
}

static void place_labels(struct ui_tui_plot *p)
{
    /* every label's cells plus a leader of at most p->h cells each */
    struct taken t[UI_TUI_MAX_LABELS * 2 + 64];
    int nt = 0;
    for (int i = 0; i < p->nlabels; i++) {
        struct ui_tui_plot_label *l = &p->labels[i];
        if (l->gutter) {
            if (l->cy >= 0 && l->cy < p->h)
                ui_tui_cells_put(p->b, p->x + p->w + 1, p->y + l->cy, UI_TUI_GUTTER_W - 1, l->style,
                                 l->text);
            continue;
        }
        if (nt + 1 + p->h > (int)(sizeof t / sizeof t[0]) || !place_one(p, l, t, &nt))
            p->v->ndropped++;
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
