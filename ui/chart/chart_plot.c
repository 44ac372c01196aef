/* Axes, ticks and items of the plotting layer (drawing is in chart_plot_draw.c). */
#include "ui/chart/chart_plot.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "sim/error.h"
#include "ui/chart/chart_plot_internal.h"

const unsigned ui_okabe_ito[UI_OI_N] = {
    [UI_OI_BLACK] = 0x000000,      [UI_OI_ORANGE] = 0xE69F00, [UI_OI_SKY_BLUE] = 0x56B4E9,
    [UI_OI_GREEN] = 0x009E73,      [UI_OI_YELLOW] = 0xF0E442, [UI_OI_BLUE] = 0x0072B2,
    [UI_OI_VERMILLION] = 0xD55E00, [UI_OI_PURPLE] = 0xCC79A7,
};

void ui_axis_init(struct ui_axis *a, enum ui_scale s, const char *label)
{
    memset(a, 0, sizeof *a);
    a->scale = s;
    snprintf(a->label, sizeof a->label, "%s", label ? label : "");
    a->include_zero = true;
    a->min_span = 1;
    a->target_ticks = 5;
    a->data_lo = INFINITY;
    a->data_hi = -INFINITY;
    a->lo = 0;
    a->hi = 1;
}

void ui_axis_include(struct ui_axis *a, double v)
{
    if (!isfinite(v) || (a->scale == UI_SCALE_LOG && v <= 0))
        return;
    /* The readers refuse larger values; clamped here too, so that no value can make
     * the axis arithmetic overflow (hi + 4 % of 1.7e308 is infinite). */
    if (fabs(v) > UI_AXIS_MAX_ABS)
        v = v < 0 ? -UI_AXIS_MAX_ABS : UI_AXIS_MAX_ABS;
    if (v < a->data_lo)
        a->data_lo = v;
    if (v > a->data_hi)
        a->data_hi = v;
}

/* The nice number near x: 1, 2, 2.5 or 5 x 10^k (Heckbert, Graphics Gems, 1990). */
static double nice_step(double x)
{
    double e = floor(log10(x)), f = x / pow(10, e);
    double nf = f < 1.5 ? 1 : f < 2.25 ? 2 : f < 3.5 ? 2.5 : f < 7.5 ? 5 : 10;
    return nf * pow(10, e);
}

int ui_nice_ticks(double lo, double hi, int target, double *ticks, int max, double *step)
{
    if (!(hi > lo) || target < 1) {
        *step = 1;
        if (max > 0)
            ticks[0] = lo;
        return max > 0 ? 1 : 0;
    }
    double s = nice_step((hi - lo) / target);
    /* Each pass at least doubles s: 2100 passes cover every finite double. */
    for (int pass = 0; (hi - lo) / s + 1 > max && pass < 2100; pass++)
        s = nice_step(s * 2.01);
    int n = 0;
    for (double k = ceil(lo / s - 1e-9); k * s <= hi + s * 1e-9 && n < max; k++)
        ticks[n++] = fabs(k * s) < s * 1e-9 ? 0 : k * s;
    *step = s;
    return n;
}

static void log_ticks(struct ui_axis *a)
{
    int d0 = (int)floor(log10(a->lo) + 1e-9), d1 = (int)ceil(log10(a->hi) - 1e-9);
    bool fine = log10(a->hi / a->lo) <= 3.01; /* few decades: label 2 and 5 too */
    a->nticks = a->nminor = 0;
    for (int d = d0; d <= d1; d++) {
        for (int m = 1; m <= 9; m++) {
            double v = m * pow(10, d);
            if (v < a->lo * (1 - 1e-9) || v > a->hi * (1 + 1e-9))
                continue;
            bool major = m == 1 || (fine && (m == 2 || m == 5));
            if (major && a->nticks < UI_AXIS_MAX_TICKS)
                a->ticks[a->nticks++] = v;
            else if (!major && a->nminor < UI_AXIS_MAX_TICKS * 4)
                a->minor[a->nminor++] = v;
        }
    }
    a->step = 0;
}

void ui_axis_fix(struct ui_axis *a, double lo, double hi)
{
    a->fixed = true;
    a->lo = lo;
    a->hi = hi > lo ? hi : lo + (a->scale == UI_SCALE_LOG ? lo * 9 : 1);
    if (a->scale == UI_SCALE_LOG) {
        log_ticks(a);
        return;
    }
    a->nminor = 0;
    a->nticks = ui_nice_ticks(a->lo, a->hi, a->target_ticks, a->ticks, UI_AXIS_MAX_TICKS, &a->step);
}

/* The largest 1-2-5 x 10^k at or below v (down) or the smallest at or above (up). */
static double step125(double v, bool up)
{
    static const double m[] = {1, 2, 5, 10};
    double d = pow(10, floor(log10(v) + 1e-9));
    if (up) {
        for (int i = 0; i < 4; i++)
            if (m[i] * d >= v * (1 - 1e-9))
                return m[i] * d;
        return 10 * d;
    }
    for (int i = 3; i >= 0; i--)
        if (m[i] * d <= v * (1 + 1e-9))
            return m[i] * d;
    return d;
}

static void fit_log(struct ui_axis *a)
{
    double lo = a->data_lo, hi = a->data_hi;
    if (!(lo <= hi)) {
        lo = 1;
        hi = 10;
    }
    /* Ends on 1-2-5 steps, not whole decades: a line at 1010 ms does not need an
     * empty decade up to 10 000 above it. */
    a->lo = step125(lo, false);
    a->hi = step125(hi * 1.05, true);
    if (a->hi <= a->lo)
        a->hi = step125(a->lo * 2.01, true);
    log_ticks(a);
}

void ui_axis_fit(struct ui_axis *a)
{
    if (a->fixed) {
        ui_axis_fix(a, a->lo, a->hi);
        return;
    }
    if (a->scale == UI_SCALE_LOG) {
        fit_log(a);
        return;
    }
    double lo = a->data_lo, hi = a->data_hi;
    if (!(lo <= hi))
        lo = hi = 0;
    if (a->include_zero && lo >= 0)
        lo = 0;
    if (hi - lo < a->min_span)
        hi = lo + a->min_span;
    hi += (hi - lo) * 0.04; /* headroom: a line at the maximum stays off the frame */
    double step = nice_step((hi - lo) / a->target_ticks);
    a->lo = floor(lo / step + 1e-9) * step;
    a->hi = ceil(hi / step - 1e-9) * step;
    a->nminor = 0;
    /* Ticks on the same step the ends were rounded to, so both ends carry one. */
    a->step = step;
    a->nticks = 0;
    /* Bounded by the tick count, not by k: past 2^53, k++ no longer changes k. */
    for (double k = round(a->lo / step);
         k * step <= a->hi + step * 1e-9 && a->nticks < UI_AXIS_MAX_TICKS; k++)
        a->ticks[a->nticks++] = fabs(k * step) < step * 1e-9 ? 0 : k * step;
}

double ui_axis_frac(const struct ui_axis *a, double v)
{
    if (!isfinite(v))
        return NAN;
    if (a->scale == UI_SCALE_LOG) {
        if (v <= 0)
            return NAN;
        return (log10(v) - log10(a->lo)) / (log10(a->hi) - log10(a->lo));
    }
    return (v - a->lo) / (a->hi - a->lo);
}

static int decimals_for(double step)
{
    for (int d = 0; d < 6; d++) {
        double x = step * pow(10, d);
        if (fabs(x - round(x)) < 1e-6 * (x > 1 ? x : 1))
            return d;
    }
    return 6;
}

void ui_format_number(double v, double step, char *buf, size_t n)
{
    int d = step > 0 ? decimals_for(step) : (v != floor(v) ? decimals_for(fabs(v)) : 0);
    if (d > 0 || fabs(v) < 10000 || fabs(v) >= 1e15) {
        snprintf(buf, n, "%.*f", d, v);
        return;
    }
    /* Group by three with U+202F (narrow no-break space). */
    char digits[32];
    snprintf(digits, sizeof digits, "%.0f", fabs(v));
    size_t len = strlen(digits), o = 0;
    char out[64];
    if (v < 0)
        out[o++] = '-';
    for (size_t i = 0; i < len; i++) {
        if (i && (len - i) % 3 == 0) {
            memcpy(out + o, "\xE2\x80\xAF", 3);
            o += 3;
        }
        out[o++] = digits[i];
    }
    out[o] = '\0';
    snprintf(buf, n, "%s", out);
}

void ui_plot_init(struct ui_plot *p, struct ui_canvas *cv)
{
    memset(p, 0, sizeof *p);
    p->cv = cv;
    ui_axis_init(&p->xa, UI_SCALE_LINEAR, "");
    ui_axis_init(&p->ya, UI_SCALE_LINEAR, "");
    ui_axis_init(&p->y2, UI_SCALE_LINEAR, "");
    p->x_tick_labels = p->x_title = true;
}

static struct ui_axis *yaxis(struct ui_plot *p, int axis)
{
    return axis == 1 ? &p->y2 : &p->ya;
}

static struct ui_plot_item *new_item(struct ui_plot *p, enum ui_plot_item_kind kind,
                                     const char *label)
{
    if (p->nitems >= UI_PLOT_MAX_ITEMS)
        return NULL;
    struct ui_plot_item *it = &p->items[p->nitems++];
    memset(it, 0, sizeof *it);
    it->kind = kind;
    snprintf(it->label, sizeof it->label, "%s", label ? label : "");
    return it;
}

int ui_plot_add_series(struct ui_plot *p, const struct ui_plot_series *s)
{
    struct ui_plot_item *it = new_item(p, UI_ITEM_SERIES, s->label);
    if (!it)
        return SIM_ERANGE;
    it->s = *s;
    it->s.label = NULL; /* the copy in it->label is the one used */
    struct ui_axis *ya = yaxis(p, s->axis);
    if (s->axis == 1)
        p->use_y2 = true;
    for (size_t i = 0; i < s->n; i++) {
        if (!isfinite(s->y[i]) || !isfinite(s->x[i]))
            continue;
        ui_axis_include(&p->xa, s->x[i] + s->x_shift);
        ui_axis_include(ya, s->y[i]);
        if (s->ylo && s->yhi) {
            ui_axis_include(ya, s->ylo[i]);
            ui_axis_include(ya, s->yhi[i]);
        }
    }
    if (s->fill && ya->scale == UI_SCALE_LINEAR)
        ui_axis_include(ya, 0);
    return 0;
}

int ui_plot_add_hline(struct ui_plot *p, int axis, double y, const struct ui_line_style *st,
                      const char *label)
{
    struct ui_plot_item *it = new_item(p, UI_ITEM_HLINE, label);
    if (!it)
        return SIM_ERANGE;
    it->s.axis = axis;
    it->s.style = *st;
    it->value = y;
    if (axis == 1)
        p->use_y2 = true;
    ui_axis_include(yaxis(p, axis), y);
    return 0;
}

int ui_plot_add_band(struct ui_plot *p, double x0, double x1, enum ui_band_style style,
                     struct ui_rgba color, const char *label)
{
    struct ui_plot_item *it = new_item(p, UI_ITEM_BAND, label);
    if (!it)
        return SIM_ERANGE;
    it->x0 = x0;
    it->x1 = x1;
    it->band = style;
    it->band_color = color;
    return 0;
}

void ui_plot_fit(struct ui_plot *p)
{
    ui_axis_fit(&p->xa);
    ui_axis_fit(&p->ya);
    if (p->use_y2)
        ui_axis_fit(&p->y2);
}

void ui_plot_set_rect(struct ui_plot *p, double x, double y, double w, double h)
{
    p->x = x;
    p->y = y;
    p->w = w;
    p->h = h;
}

double ui_plot_px(const struct ui_plot *p, double x)
{
    return p->x + ui_axis_frac(&p->xa, x) * p->w;
}

double ui_plot_py(const struct ui_plot *p, int axis, double y)
{
    return p->y + p->h - ui_axis_frac(axis == 1 ? &p->y2 : &p->ya, y) * p->h;
}

/* Widest tick label of a y axis. */
static double tick_label_width(struct ui_plot *p, const struct ui_axis *a)
{
    double best = 0, w, h;
    char buf[64];
    for (int i = 0; i < a->nticks; i++) {
        ui_format_number(a->ticks[i], a->step, buf, sizeof buf);
        ui_text_size(p->cv, buf, p->cv->font_tick, 0, &w, &h);
        if (w > best)
            best = w;
    }
    return best;
}

double ui__plot_band_strip(struct ui_plot *p)
{
    for (int i = 0; i < p->nitems; i++)
        if (p->items[i].kind == UI_ITEM_BAND && p->items[i].label[0]) {
            double w, h;
            ui_text_size(p->cv, p->items[i].label, p->cv->font_small, UI_TEXT_BOLD, &w, &h);
            return h + 2 * p->cv->unit;
        }
    return 0;
}

void ui_plot_gutters(struct ui_plot *p, double *left, double *right, double *top, double *bottom)
{
    struct ui_canvas *c = p->cv;
    double u = c->unit, w, h, tick = 8 * u, pad = 8 * u;
    ui_text_size(c, "0", c->font_axis, 0, &w, &h);
    double axis_h = h;
    *left = tick + pad + tick_label_width(p, &p->ya) + (p->ya.label[0] ? pad + axis_h : 0);
    *right = p->use_y2
                 ? tick + pad + tick_label_width(p, &p->y2) + (p->y2.label[0] ? pad + axis_h : 0)
                 : 4 * u;
    *top = 4 * u + ui__plot_band_strip(p);
    if (p->title[0]) {
        ui_text_size(c, p->title, c->font_panel, UI_TEXT_BOLD, &w, &h);
        *top += h + 2 * u;
    }
    *bottom = 4 * u;
    if (p->x_tick_labels) {
        ui_text_size(c, "0", c->font_tick, 0, &w, &h);
        *bottom = tick + 4 * u + h;
    }
    if (p->x_title && p->xa.label[0])
        *bottom += pad + axis_h;
}
