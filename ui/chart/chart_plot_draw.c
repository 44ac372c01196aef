/* Drawing for the plotting layer: text (Pango), strokes, markers, panels, legends. */
#include <math.h>
#include <pango/pangocairo.h>
#include <stdio.h>
#include <string.h>

#include "ui/chart/chart_plot.h"
#include "ui/chart/chart_plot_internal.h"

void ui_canvas_init(struct ui_canvas *c, cairo_t *cr, double unit)
{
    memset(c, 0, sizeof *c);
    c->cr = cr;
    c->fonts = "Noto Sans CJK SC, Noto Sans, DejaVu Sans, sans";
    c->unit = unit;
    /* Sizes for a projector at 1600x900: the smallest text is still 17 px. */
    c->font_title = 34 * unit;
    c->font_panel = 23 * unit;
    c->font_axis = 21 * unit;
    c->font_tick = 19 * unit;
    c->font_legend = 19 * unit;
    c->font_small = 17 * unit;
    c->ink = ui_rgb(0x1a1a1a);
    c->muted = ui_rgb(0x555555);
    c->grid = ui_rgb(0xdddddd);
    c->paper = ui_rgb(0xffffff);
    c->text_as_paths = cairo_surface_get_type(cairo_get_target(cr)) == CAIRO_SURFACE_TYPE_PDF;
}

static void set_color(cairo_t *cr, struct ui_rgba c)
{
    cairo_set_source_rgba(cr, c.r, c.g, c.b, c.a);
}

static PangoLayout *make_layout(struct ui_canvas *c, const char *s, double px, int flags)
{
    PangoLayout *l = pango_cairo_create_layout(c->cr);
    /* Unhinted metrics: the same text measures the same on PNG, SVG and PDF and
     * when rotated, so layouts computed once fit everywhere. */
    cairo_font_options_t *fo = cairo_font_options_create();
    cairo_font_options_set_hint_metrics(fo, CAIRO_HINT_METRICS_OFF);
    pango_cairo_context_set_font_options(pango_layout_get_context(l), fo);
    pango_layout_context_changed(l);
    cairo_font_options_destroy(fo);
    PangoFontDescription *fd = pango_font_description_from_string(c->fonts);
    pango_font_description_set_absolute_size(fd, px * PANGO_SCALE);
    if (flags & UI_TEXT_BOLD)
        pango_font_description_set_weight(fd, PANGO_WEIGHT_BOLD);
    pango_layout_set_font_description(l, fd);
    pango_font_description_free(fd);
    pango_layout_set_text(l, s, -1);
    return l;
}

void ui_text_size(struct ui_canvas *c, const char *s, double px, int flags, double *w, double *h)
{
    PangoLayout *l = make_layout(c, s, px, flags);
    PangoRectangle ink, logical;
    pango_layout_get_extents(l, &ink, &logical);
    *w = (double)logical.width / PANGO_SCALE;
    *h = (double)logical.height / PANGO_SCALE;
    g_object_unref(l);
}

void ui_text_draw(struct ui_canvas *c, const char *s, double x, double y, double px, int flags,
                  double ax, double ay, double angle, struct ui_rgba color)
{
    cairo_t *cr = c->cr;
    double w, h;
    ui_text_size(c, s, px, flags, &w, &h);
    cairo_save(cr);
    cairo_translate(cr, x, y);
    cairo_rotate(cr, -angle);
    cairo_move_to(cr, -ax * w, -ay * h);
    PangoLayout *l = make_layout(c, s, px, flags);
    if (flags & UI_TEXT_HALO) {
        pango_cairo_layout_path(cr, l);
        set_color(cr, c->paper);
        cairo_set_line_width(cr, px * 0.28);
        cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND);
        cairo_stroke(cr);
        cairo_move_to(cr, -ax * w, -ay * h);
    }
    set_color(cr, color);
    if (c->text_as_paths) {
        cairo_new_path(cr);
        cairo_move_to(cr, -ax * w, -ay * h);
        pango_cairo_layout_path(cr, l);
        cairo_fill(cr);
    } else {
        pango_cairo_show_layout(cr, l);
    }
    g_object_unref(l);
    cairo_restore(cr);
}

void ui_line_apply(cairo_t *cr, const struct ui_line_style *st)
{
    double w = st->width;
    static const double dashed[] = {3.2, 2.0}, dotted[] = {0, 2.1}, dashdot[] = {5.0, 1.8, 0, 1.8},
                        longd[] = {7.5, 2.6};
    const double *pat = NULL;
    int n = 0;
    switch (st->dash) {
    case UI_DASH_SOLID:
        break;
    case UI_DASH_DASHED:
        pat = dashed, n = 2;
        break;
    case UI_DASH_DOTTED:
        pat = dotted, n = 2;
        break;
    case UI_DASH_DASHDOT:
        pat = dashdot, n = 4;
        break;
    case UI_DASH_LONG:
        pat = longd, n = 2;
        break;
    }
    double scaled[4];
    for (int i = 0; i < n; i++)
        scaled[i] = pat[i] * w;
    cairo_set_dash(cr, scaled, n, 0);
    cairo_set_line_width(cr, w);
    /* Round caps make zero-length dashes dots and isolated points visible. */
    cairo_set_line_cap(cr, CAIRO_LINE_CAP_ROUND);
    cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND);
    set_color(cr, st->color);
}

void ui_marker_path(cairo_t *cr, enum ui_marker m, double x, double y, double size)
{
    double r = size / 2;
    switch (m) {
    case UI_MARKER_NONE:
        break;
    case UI_MARKER_CIRCLE:
        cairo_new_sub_path(cr);
        cairo_arc(cr, x, y, r, 0, 2 * M_PI);
        cairo_close_path(cr);
        break;
    case UI_MARKER_SQUARE:
        cairo_rectangle(cr, x - r * 0.88, y - r * 0.88, r * 1.76, r * 1.76);
        break;
    case UI_MARKER_TRIANGLE:
        cairo_move_to(cr, x, y - r * 1.1);
        cairo_line_to(cr, x + r * 1.05, y + r * 0.75);
        cairo_line_to(cr, x - r * 1.05, y + r * 0.75);
        cairo_close_path(cr);
        break;
    case UI_MARKER_DIAMOND:
        cairo_move_to(cr, x, y - r * 1.2);
        cairo_line_to(cr, x + r * 0.9, y);
        cairo_line_to(cr, x, y + r * 1.2);
        cairo_line_to(cr, x - r * 0.9, y);
        cairo_close_path(cr);
        break;
    case UI_MARKER_CROSS: { /* a filled plus: thick enough to read as a mark */
        double t = r * 0.38;
        cairo_rectangle(cr, x - r, y - t, 2 * r, 2 * t);
        cairo_rectangle(cr, x - t, y - r, 2 * t, 2 * r);
        break;
    }
    }
}

static double marker_size(const struct ui_line_style *st)
{
    return st->marker_size > 0 ? st->marker_size : st->width * 3.4;
}

/* Fill the markers (one path) with a paper-coloured edge so they stand off lines. */
static void fill_markers(struct ui_canvas *c, const struct ui_line_style *st)
{
    cairo_t *cr = c->cr;
    cairo_set_dash(cr, NULL, 0, 0);
    set_color(cr, st->color);
    cairo_set_fill_rule(cr, CAIRO_FILL_RULE_WINDING);
    cairo_fill_preserve(cr);
    set_color(cr, c->paper);
    cairo_set_line_width(cr, 1.4 * c->unit);
    cairo_stroke(cr);
}

static bool point_at(const struct ui_plot *p, const struct ui_plot_series *s, size_t i, double *x,
                     double *y)
{
    *x = ui_plot_px(p, s->x[i] + s->x_shift);
    *y = ui_plot_py(p, s->axis, s->y[i]);
    return isfinite(*x) && isfinite(*y);
}

static void draw_fill(struct ui_plot *p, const struct ui_plot_series *s)
{
    cairo_t *cr = p->cv->cr;
    const struct ui_axis *a = s->axis == 1 ? &p->y2 : &p->ya;
    double base = a->scale == UI_SCALE_LOG ? p->y + p->h : ui_plot_py(p, s->axis, 0);
    double first = NAN, last = NAN, x, y;
    for (size_t i = 0; i <= s->n; i++) {
        bool ok = i < s->n && point_at(p, s, i, &x, &y);
        if (ok) {
            if (isnan(first)) {
                first = x;
                cairo_move_to(cr, x, base);
            }
            cairo_line_to(cr, x, y);
            last = x;
        } else if (!isnan(first)) {
            cairo_line_to(cr, last, base);
            cairo_close_path(cr);
            first = NAN;
        }
    }
    set_color(cr, ui_with_alpha(s->style.color, s->fill_alpha > 0 ? s->fill_alpha : 0.18));
    cairo_fill(cr);
}

static void draw_series(struct ui_plot *p, const struct ui_plot_series *s)
{
    cairo_t *cr = p->cv->cr;
    if (s->fill)
        draw_fill(p, s);
    bool pen = false;
    double x, y;
    for (size_t i = 0; i < s->n; i++) {
        bool ok = point_at(p, s, i, &x, &y);
        bool next_ok = false;
        double nx, ny;
        if (ok && i + 1 < s->n)
            next_ok = point_at(p, s, i + 1, &nx, &ny);
        if (ok && !pen) {
            cairo_move_to(cr, x, y);
            if (!next_ok)
                cairo_line_to(cr, x, y); /* an isolated point: a round dot */
        } else if (ok) {
            cairo_line_to(cr, x, y);
        }
        pen = ok;
    }
    ui_line_apply(cr, &s->style);
    cairo_stroke(cr);
    if (s->ylo && s->yhi) {
        struct ui_line_style bar = s->style;
        bar.dash = UI_DASH_SOLID;
        bar.width = s->style.width * 0.75;
        double cap = marker_size(&s->style) * 0.6;
        for (size_t i = 0; i < s->n; i++) {
            double px = ui_plot_px(p, s->x[i] + s->x_shift);
            double y0 = ui_plot_py(p, s->axis, s->ylo[i]), y1 = ui_plot_py(p, s->axis, s->yhi[i]);
            if (!isfinite(px) || !isfinite(y0) || !isfinite(y1))
                continue;
            cairo_move_to(cr, px, y0);
            cairo_line_to(cr, px, y1);
            cairo_move_to(cr, px - cap, y0);
            cairo_line_to(cr, px + cap, y0);
            cairo_move_to(cr, px - cap, y1);
            cairo_line_to(cr, px + cap, y1);
        }
        ui_line_apply(cr, &bar);
        cairo_stroke(cr);
    }
    if (s->style.marker == UI_MARKER_NONE)
        return;
    size_t every = s->style.marker_every > 0 ? (size_t)s->style.marker_every
                                             : (s->n > 14 ? (s->n + 13) / 14 : 1);
    size_t valid = 0;
    for (size_t i = 0; i < s->n; i++) {
        if (!point_at(p, s, i, &x, &y))
            continue;
        if (valid++ % every == (size_t)s->style.marker_phase % every)
            ui_marker_path(cr, s->style.marker, x, y, marker_size(&s->style));
    }
    fill_markers(p->cv, &s->style);
}

static void draw_band(struct ui_plot *p, const struct ui_plot_item *it)
{
    cairo_t *cr = p->cv->cr;
    double x0 = fmax(ui_plot_px(p, it->x0), p->x), x1 = fmin(ui_plot_px(p, it->x1), p->x + p->w);
    if (!isfinite(it->x1))
        x1 = p->x + p->w;
    if (!(x1 > x0))
        return;
    cairo_save(cr);
    cairo_rectangle(cr, x0, p->y, x1 - x0, p->h);
    if (it->band == UI_BAND_SHADE) {
        set_color(cr, it->band_color);
        cairo_fill(cr);
        cairo_restore(cr);
        return;
    }
    cairo_clip(cr);
    double gap = 14 * p->cv->unit;
    for (double x = x0 - p->h; x < x1; x += gap) {
        cairo_move_to(cr, x, p->y + p->h);
        cairo_line_to(cr, x + p->h, p->y);
    }
    set_color(cr, ui_with_alpha(it->band_color, it->band_color.a * 0.6));
    cairo_set_line_width(cr, 1.5 * p->cv->unit);
    cairo_stroke(cr);
    double dash[] = {6 * p->cv->unit, 4 * p->cv->unit};
    cairo_set_dash(cr, dash, 2, 0);
    cairo_set_line_width(cr, 2 * p->cv->unit);
    set_color(cr, it->band_color);
    cairo_move_to(cr, x0, p->y);
    cairo_line_to(cr, x0, p->y + p->h);
    cairo_move_to(cr, x1, p->y);
    cairo_line_to(cr, x1, p->y + p->h);
    cairo_stroke(cr);
    cairo_restore(cr);
}

static void draw_grid(struct ui_plot *p)
{
    cairo_t *cr = p->cv->cr;
    for (int i = 0; i < p->xa.nticks; i++) {
        double x = ui_plot_px(p, p->xa.ticks[i]);
        cairo_move_to(cr, x, p->y);
        cairo_line_to(cr, x, p->y + p->h);
    }
    for (int i = 0; i < p->ya.nticks; i++) {
        double y = ui_plot_py(p, 0, p->ya.ticks[i]);
        cairo_move_to(cr, p->x, y);
        cairo_line_to(cr, p->x + p->w, y);
    }
    cairo_set_dash(cr, NULL, 0, 0);
    cairo_set_line_width(cr, 1.2 * p->cv->unit);
    set_color(cr, p->cv->grid);
    cairo_stroke(cr);
}

/* Ticks and their labels of one y axis on the side at x (dir -1 left, +1 right). */
static void draw_yticks(struct ui_plot *p, const struct ui_axis *a, int axis, double x, int dir)
{
    struct ui_canvas *c = p->cv;
    double u = c->unit, tick = 8 * u, wmax = 0, w, h;
    char buf[64];
    for (int i = 0; i < a->nminor; i++) {
        double y = ui_plot_py(p, axis, a->minor[i]);
        cairo_move_to(c->cr, x, y);
        cairo_line_to(c->cr, x + dir * tick * 0.55, y);
    }
    for (int i = 0; i < a->nticks; i++) {
        double y = ui_plot_py(p, axis, a->ticks[i]);
        cairo_move_to(c->cr, x, y);
        cairo_line_to(c->cr, x + dir * tick, y);
    }
    set_color(c->cr, c->muted);
    cairo_set_line_width(c->cr, 1.5 * u);
    cairo_stroke(c->cr);
    for (int i = 0; i < a->nticks; i++) {
        ui_format_number(a->ticks[i], a->step, buf, sizeof buf);
        ui_text_size(c, buf, c->font_tick, 0, &w, &h);
        wmax = fmax(wmax, w);
        ui_text_draw(c, buf, x + dir * (tick + 6 * u), ui_plot_py(p, axis, a->ticks[i]),
                     c->font_tick, 0, dir < 0 ? 1 : 0, 0.5, 0, c->ink);
    }
    if (a->label[0])
        ui_text_draw(c, a->label, x + dir * (tick + 14 * u + wmax), p->y + p->h / 2, c->font_axis,
                     0, 0.5, 1, dir < 0 ? M_PI / 2 : -M_PI / 2, c->ink);
}

static void draw_xaxis(struct ui_plot *p)
{
    struct ui_canvas *c = p->cv;
    double u = c->unit, tick = 8 * u, bottom = p->y + p->h, w, h = 0;
    char buf[64];
    for (int i = 0; i < p->xa.nticks; i++) {
        double x = ui_plot_px(p, p->xa.ticks[i]);
        cairo_move_to(c->cr, x, bottom);
        cairo_line_to(c->cr, x, bottom + tick);
    }
    set_color(c->cr, c->muted);
    cairo_set_line_width(c->cr, 1.5 * u);
    cairo_stroke(c->cr);
    if (!p->x_tick_labels)
        return;
    for (int i = 0; i < p->xa.nticks; i++) {
        ui_format_number(p->xa.ticks[i], p->xa.step, buf, sizeof buf);
        ui_text_size(c, buf, c->font_tick, 0, &w, &h);
        ui_text_draw(c, buf, ui_plot_px(p, p->xa.ticks[i]), bottom + tick + 4 * u, c->font_tick, 0,
                     0.5, 0, 0, c->ink);
    }
    if (p->x_title && p->xa.label[0])
        ui_text_draw(c, p->xa.label, p->x + p->w / 2, bottom + tick + 12 * u + h, c->font_axis, 0,
                     0.5, 0, 0, c->ink);
}

/* Reference lines' labels, right-aligned at the plot's right end, above their line (below
 * it when there is no room above). When lines lie close (220 ms and 25 ms on an axis
 * reaching seconds) a label that would touch one already written moves left of it, on
 * its own line still, so none is written over another. Where each went is kept in its
 * item. */
static void draw_hline_labels(struct ui_plot *p)
{
    struct ui_canvas *c = p->cv;
    double u = c->unit;
    struct ui_plot_item *done[UI_PLOT_MAX_ITEMS];
    int ndone = 0;
    for (int i = 0; i < p->nitems; i++) {
        struct ui_plot_item *it = &p->items[i];
        it->label_w = it->label_h = 0;
        double y = ui_plot_py(p, it->s.axis, it->value), w, h;
        if (it->kind != UI_ITEM_HLINE || !it->label[0] || !isfinite(y))
            continue;
        ui_text_size(c, it->label, c->font_small, UI_TEXT_HALO | UI_TEXT_BOLD, &w, &h);
        double top = y - 5 * u - h < p->y ? y + 5 * u : y - 5 * u - h;
        double right = p->x + p->w - 10 * u;
        for (bool moved = true; moved;) {
            moved = false;
            for (int k = 0; k < ndone; k++) {
                const struct ui_plot_item *o = done[k];
                if (top < o->label_y + o->label_h + u && o->label_y < top + h + u &&
                    right - w < o->label_x + o->label_w + 12 * u && o->label_x < right + 12 * u) {
                    right = o->label_x - 12 * u;
                    moved = true;
                }
            }
        }
        struct ui_rgba ink = it->s.style.color;
        ink.a = 1; /* the line may be faint; its label must not be */
        ui_text_draw(c, it->label, right, top, c->font_small, UI_TEXT_HALO | UI_TEXT_BOLD, 1, 0, 0,
                     ink);
        it->label_x = right - w;
        it->label_y = top;
        it->label_w = w;
        it->label_h = h;
        done[ndone++] = it;
    }
}

static void draw_labels(struct ui_plot *p)
{
    struct ui_canvas *c = p->cv;
    double u = c->unit;
    draw_hline_labels(p);
    for (int i = 0; i < p->nitems; i++) {
        const struct ui_plot_item *it = &p->items[i];
        if (!it->label[0])
            continue;
        if (it->kind == UI_ITEM_BAND) {
            double x0 = fmax(ui_plot_px(p, it->x0), p->x);
            double x1 = isfinite(it->x1) ? fmin(ui_plot_px(p, it->x1), p->x + p->w) : p->x + p->w;
            double w, h;
            ui_text_size(c, it->label, c->font_small, UI_TEXT_BOLD, &w, &h);
            double cx = fmin(fmax((x0 + x1) / 2, p->x + w / 2), p->x + p->w - w / 2);
            struct ui_rgba ink = it->band_color;
            ink.a = 1;
            if (it->band == UI_BAND_SHADE)
                ink = c->ink;
            /* In a strip above the rectangle: never over the data or the title. */
            ui_text_draw(c, it->label, cx, p->y - 3 * u, c->font_small, UI_TEXT_BOLD, 0.5, 1, 0,
                         ink);
        }
    }
}

void ui_plot_draw(struct ui_plot *p)
{
    struct ui_canvas *c = p->cv;
    cairo_t *cr = c->cr;
    cairo_save(cr);
    set_color(cr, c->paper);
    cairo_rectangle(cr, p->x, p->y, p->w, p->h);
    cairo_fill(cr);
    for (int i = 0; i < p->nitems; i++)
        if (p->items[i].kind == UI_ITEM_BAND)
            draw_band(p, &p->items[i]);
    draw_grid(p);
    cairo_save(cr);
    cairo_rectangle(cr, p->x, p->y, p->w, p->h);
    cairo_clip(cr);
    for (int i = 0; i < p->nitems; i++) {
        const struct ui_plot_item *it = &p->items[i];
        if (it->kind != UI_ITEM_HLINE)
            continue;
        double y = ui_plot_py(p, it->s.axis, it->value);
        cairo_move_to(cr, p->x, y);
        cairo_line_to(cr, p->x + p->w, y);
        ui_line_apply(cr, &it->s.style);
        cairo_stroke(cr);
    }
    for (int i = 0; i < p->nitems; i++)
        if (p->items[i].kind == UI_ITEM_SERIES)
            draw_series(p, &p->items[i].s);
    cairo_restore(cr);
    cairo_rectangle(cr, p->x, p->y, p->w, p->h);
    cairo_set_dash(cr, NULL, 0, 0);
    cairo_set_line_width(cr, 1.5 * c->unit);
    set_color(cr, c->muted);
    cairo_stroke(cr);
    draw_yticks(p, &p->ya, 0, p->x, -1);
    if (p->use_y2)
        draw_yticks(p, &p->y2, 1, p->x + p->w, 1);
    draw_xaxis(p);
    draw_labels(p);
    if (p->title[0])
        ui_text_draw(c, p->title, p->x, p->y - 6 * c->unit - ui__plot_band_strip(p), c->font_panel,
                     UI_TEXT_BOLD, 0, 1, 0, c->ink);
    cairo_restore(cr);
}

/* Legend geometry in one place so that measuring and drawing agree. */
struct legend_metrics {
    double pad, sample, gap, row;
};

static struct legend_metrics legend_metrics(struct ui_canvas *c)
{
    double w, h;
    ui_text_size(c, "Ag", c->font_legend, 0, &w, &h);
    struct legend_metrics m = {10 * c->unit, 50 * c->unit, 10 * c->unit, h + 6 * c->unit};
    return m;
}

/* The legend's entries per column: all of them, or as many as fit legend_max_h. */
static int legend_rows(const struct ui_plot *p, const struct legend_metrics *m, int entries)
{
    if (p->legend_max_h <= 0 || m->pad * 2 + m->row * entries <= p->legend_max_h)
        return entries;
    int fit = (int)((p->legend_max_h - m->pad * 2) / m->row);
    int cols = (entries + (fit > 1 ? fit : 1) - 1) / (fit > 1 ? fit : 1);
    return (entries + cols - 1) / cols; /* balanced columns */
}

void ui_plot_legend_size(struct ui_plot *p, double *w, double *h)
{
    struct legend_metrics m = legend_metrics(p->cv);
    double wmax = 0, tw, th;
    int entries = 0;
    for (int i = 0; i < p->nitems; i++) {
        const struct ui_plot_item *it = &p->items[i];
        if (it->kind != UI_ITEM_SERIES || !it->label[0])
            continue;
        ui_text_size(p->cv, it->label, p->cv->font_legend, 0, &tw, &th);
        wmax = fmax(wmax, tw);
        entries++;
    }
    int rows = legend_rows(p, &m, entries);
    int cols = rows ? (entries + rows - 1) / rows : 0;
    double col_w = m.sample + m.gap + wmax;
    *w = entries ? m.pad * 2 + col_w * cols + m.pad * 2 * (cols - 1) : 0;
    *h = entries ? m.pad * 2 + m.row * rows : 0;
}

void ui_plot_draw_legend(struct ui_plot *p, double x, double y)
{
    struct ui_canvas *c = p->cv;
    cairo_t *cr = c->cr;
    double w, h;
    ui_plot_legend_size(p, &w, &h);
    if (w <= 0)
        return;
    struct legend_metrics m = legend_metrics(c);
    double wmax = 0, tw, th;
    int entries = 0;
    for (int i = 0; i < p->nitems; i++)
        if (p->items[i].kind == UI_ITEM_SERIES && p->items[i].label[0]) {
            ui_text_size(c, p->items[i].label, c->font_legend, 0, &tw, &th);
            wmax = fmax(wmax, tw);
            entries++;
        }
    int rows = legend_rows(p, &m, entries), row = 0;
    double col_w = m.sample + m.gap + wmax + m.pad * 2;
    cairo_save(cr);
    cairo_rectangle(cr, x, y, w, h);
    set_color(cr, c->paper);
    cairo_fill_preserve(cr);
    cairo_set_dash(cr, NULL, 0, 0);
    cairo_set_line_width(cr, 1.2 * c->unit);
    set_color(cr, c->grid);
    cairo_stroke(cr);
    for (int i = 0; i < p->nitems; i++) {
        const struct ui_plot_item *it = &p->items[i];
        if (it->kind != UI_ITEM_SERIES || !it->label[0])
            continue;
        const struct ui_line_style *st = &it->s.style;
        double cy = y + m.pad + m.row / 2 + m.row * (row % rows);
        double x0 = x + m.pad + col_w * (row / rows), x1 = x0 + m.sample;
        row++;
        if (it->s.fill) {
            cairo_rectangle(cr, x0, cy - m.row * 0.3, m.sample, m.row * 0.6);
            set_color(cr, ui_with_alpha(st->color, it->s.fill_alpha > 0 ? it->s.fill_alpha : 0.18));
            cairo_fill(cr);
        }
        cairo_move_to(cr, x0, cy);
        cairo_line_to(cr, x1, cy);
        ui_line_apply(cr, st);
        cairo_stroke(cr);
        if (st->marker != UI_MARKER_NONE) {
            ui_marker_path(cr, st->marker, (x0 + x1) / 2, cy, marker_size(st));
            fill_markers(c, st);
        }
        ui_text_draw(c, it->label, x1 + m.gap, cy, c->font_legend, 0, 0, 0.5, 0, c->ink);
    }
    cairo_restore(cr);
}
