/* The chart's page: title, stacked panels sharing the time axis, legends, footer;
 * and saving it as PNG, SVG or PDF. */
#include <cairo-pdf.h>
#include <cairo-svg.h>
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sim/error.h"
#include "ui/chart/chart_internal.h"

static const char *const panel_names[UI_CHART_NPANELS] = {
#define UI_CHART_PANEL_NAME(e, name, help) [UI_PANEL_##e] = name,
    UI_CHART_PANELS(UI_CHART_PANEL_NAME)
#undef UI_CHART_PANEL_NAME
};

void ui_chart_opts_init(struct ui_chart_opts *o)
{
    memset(o, 0, sizeof *o);
    o->width = 1600;
    o->height = 900;
    o->lang = UI_LANG_EN;
}

int ui_chart_parse_panels(struct ui_chart_opts *o, const char *list, char *err, size_t errlen)
{
    int n = 0;
    const char *p = list;
    while (*p) {
        size_t len = strcspn(p, ",");
        int found = -1;
        for (int i = 0; i < UI_CHART_NPANELS; i++)
            if (strlen(panel_names[i]) == len && strncmp(panel_names[i], p, len) == 0)
                found = i;
        if (found < 0 || n >= UI_CHART_MAX_PANELS) {
            snprintf(err, errlen, "%s panel '%.*s' (panels: latency, backlog, throughput, lag)",
                     found < 0 ? "unknown" : "too many panels at", (int)len, p);
            return SIM_EINVAL;
        }
        o->panels[n++] = (enum ui_chart_panel)found;
        p += len;
        if (*p == ',')
            p++;
    }
    if (n == 0) {
        snprintf(err, errlen, "no panel named (panels: latency, backlog, throughput, lag)");
        return SIM_EINVAL;
    }
    o->npanels = n;
    return 0;
}

int ui_chart_parse_lang(enum ui_lang *lang, const char *s)
{
    if (strcmp(s, "en") == 0)
        *lang = UI_LANG_EN;
    else if (strcmp(s, "zh") == 0)
        *lang = UI_LANG_ZH;
    else
        return SIM_EINVAL;
    return 0;
}

/* The title: --title, else the first sidecar title, else the labels joined. */
static void page_title(const struct ui__chart *c, char *buf, size_t n)
{
    if (c->o->title) {
        snprintf(buf, n, "%s", c->o->title);
        return;
    }
    if (c->nruns == 1 && c->runs[0].meta.title[0]) {
        snprintf(buf, n, "%s", c->runs[0].meta.title);
        return;
    }
    size_t len = 0;
    buf[0] = '\0';
    for (int r = 0; r < c->nruns && len < n; r++) {
        int k =
            snprintf(buf + len, n - len, "%s%s", r ? ui__tr(c, UI__S_VS) : "", c->runs[r].label);
        len += k > 0 ? (size_t)k : 0;
    }
}

/* Append to buf (always terminated; truncates quietly: it is a footer). */
static void append(char *buf, size_t n, const char *fmt, ...)
{
    size_t len = strlen(buf);
    if (len + 1 >= n)
        return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf + len, n - len, fmt, ap);
    va_end(ap);
}

/* "scenario flash-spike · seed 42 · data run.csv + run.json", per run; parts a
 * run does not have (a run filled in memory has no files) are left out. */
static void footer_text(const struct ui__chart *c, char *buf, size_t n)
{
    buf[0] = '\0';
    for (int r = 0; r < c->nruns; r++) {
        const struct ui_run_data *d = &c->runs[r];
        const char *sep = "";
        if (r)
            append(buf, n, "   |   ");
        if (c->nruns > 1)
            append(buf, n, "%s: ", d->label);
        if (d->meta.scenario[0]) {
            append(buf, n, "%s %s", ui__tr(c, UI__S_SCENARIO), d->meta.scenario);
            sep = " · ";
        }
        if (d->meta.has_seed) {
            append(buf, n, "%s%s %llu", sep, ui__tr(c, UI__S_SEED),
                   (unsigned long long)d->meta.seed);
            sep = " · ";
        }
        if (d->source[0]) {
            append(buf, n, "%s%s %s", sep, ui__tr(c, UI__S_DATA), d->source);
            if (d->meta_source[0])
                append(buf, n, " + %s", d->meta_source);
            else if (!d->meta.present)
                append(buf, n, " (%s)", ui__tr(c, UI__S_NO_SIDECAR));
        }
    }
}

/* Stack the panels: measure every gutter and legend first, then place. */
static void layout(struct ui__chart *c, struct ui_plot *plots, int n, double top, double bottom,
                   double *legend_x)
{
    double u = c->cv.unit, pad = 28 * u, gap = 20 * u, W = c->o->width;
    double left = 0, right = 0, legend_w = 0, tops[UI_CHART_MAX_PANELS], last_bottom = 0;
    for (int i = 0; i < n; i++) {
        double l, r, t, b;
        plots[i].x_tick_labels = plots[i].x_title = i == n - 1;
        ui_plot_gutters(&plots[i], &l, &r, &t, &b);
        left = fmax(left, l);
        right = fmax(right, r);
        tops[i] = t;
        if (i == n - 1)
            last_bottom = b;
    }
    double avail = bottom - top - last_bottom - gap * (n - 1);
    for (int i = 0; i < n; i++)
        avail -= tops[i];
    double h = fmax(avail / n, u); /* tiny sizes: squashed, never inverted */
    /* A legend may reach down to the next panel's; more entries take more columns. */
    for (int i = 0; i < n; i++) {
        double lw, lh;
        plots[i].legend_max_h = h + gap + (i + 1 < n ? tops[i + 1] : last_bottom) - 8 * u;
        ui_plot_legend_size(&plots[i], &lw, &lh);
        legend_w = fmax(legend_w, lw);
    }
    double x = pad + left;
    double w = fmax(W - pad - (legend_w > 0 ? legend_w + gap : 0) - right - x, u), y = top;
    for (int i = 0; i < n; i++) {
        y += tops[i];
        ui_plot_set_rect(&plots[i], x, y, w, h);
        y += h + gap;
    }
    *legend_x = x + w + right + gap;
}

static int check_runs(const struct ui_run_data *runs, int nruns)
{
    if (nruns < 1)
        return SIM_EINVAL;
    for (int r = 0; r < nruns; r++) {
        if (runs[r].nvariants < 1)
            return SIM_EINVAL;
        for (int v = 0; v < runs[r].nvariants; v++)
            if (runs[r].v[v].n == 0)
                return SIM_EINVAL;
    }
    return 0;
}

static void draw_page(struct ui__chart *c, struct ui_plot *plots, int n, const char *title,
                      const char *footer, double title_y, double footer_y, double legend_x)
{
    struct ui_canvas *cv = &c->cv;
    cairo_set_source_rgb(cv->cr, 1, 1, 1);
    cairo_paint(cv->cr);
    ui_text_draw(cv, title, plots[0].x, title_y, cv->font_title, UI_TEXT_BOLD, 0, 0, 0, cv->ink);
    for (int i = 0; i < n; i++) {
        ui_plot_draw(&plots[i]);
        ui_plot_draw_legend(&plots[i], legend_x, plots[i].y);
    }
    ui_text_draw(cv, footer, plots[0].x, footer_y, cv->font_small, 0, 0, 1, 0, cv->muted);
    ui_text_draw(cv, "ordersim", c->o->width - 28 * cv->unit, footer_y, cv->font_small, 0, 1, 1, 0,
                 cv->muted);
}

static void fill_geom(struct ui_chart_geom *g, struct ui_plot *plots, int n,
                      const struct ui_chart_opts *o, double legend_x)
{
    memset(g, 0, sizeof *g);
    g->npanels = n;
    g->x = plots[0].xa;
    for (int i = 0; i < n; i++) {
        double lw, lh;
        ui_plot_legend_size(&plots[i], &lw, &lh);
        g->panel[i] = o->panels[i];
        g->plot[i] = (struct ui_chart_rect){plots[i].x, plots[i].y, plots[i].w, plots[i].h};
        g->legend[i] = (struct ui_chart_rect){legend_x, plots[i].y, lw, lh};
        g->y[i] = plots[i].ya;
        g->y2[i] = plots[i].y2;
    }
}

static int render(struct ui__chart *c, struct ui_plot *plots, struct ui_chart_geom *geom)
{
    const struct ui_chart_opts *o = c->o;
    int n = o->npanels;
    for (int r = 0; r < c->nruns; r++)
        c->end_s = fmax(c->end_s, ui_rundata_end(&c->runs[r]));
    for (int i = 0; i < n; i++) {
        ui_plot_init(&plots[i], &c->cv);
        ui_axis_init(&plots[i].xa, UI_SCALE_LINEAR, ui__tr(c, UI__S_TIME));
        plots[i].xa.target_ticks = 10;
        ui_axis_fix(&plots[i].xa, 0, c->end_s);
        int rc = ui__panel_build(c, o->panels[i], &plots[i], i == 0);
        if (rc)
            return rc;
        /* Short stacked panels: about four labels a side reads best. */
        plots[i].ya.target_ticks = plots[i].y2.target_ticks = 4;
        ui_plot_fit(&plots[i]);
    }
    char title[512], footer[2048];
    page_title(c, title, sizeof title);
    footer_text(c, footer, sizeof footer);
    struct ui_canvas *cv = &c->cv;
    double u = cv->unit, pad = 28 * u, tw, th, fw, fh;
    ui_text_size(cv, title, cv->font_title, UI_TEXT_BOLD, &tw, &th);
    ui_text_size(cv, footer, cv->font_small, 0, &fw, &fh);
    double legend_x;
    layout(c, plots, n, pad * 0.7 + th + 18 * u, o->height - pad * 0.6 - fh - 14 * u, &legend_x);
    draw_page(c, plots, n, title, footer, pad * 0.7, o->height - pad * 0.6, legend_x);
    if (geom)
        fill_geom(geom, plots, n, o, legend_x);
    return 0;
}

int ui_chart_render(cairo_t *cr, const struct ui_run_data *runs, int nruns,
                    const struct ui_chart_opts *o, struct ui_chart_geom *geom)
{
    int rc = check_runs(runs, nruns);
    if (rc)
        return rc;
    struct ui_chart_opts eff = *o;
    if (eff.npanels == 0) {
        char err[8];
        ui_chart_parse_panels(&eff, UI_CHART_DEFAULT_PANELS, err, sizeof err);
    }
    if (eff.width < 1 || eff.height < 1 || eff.npanels > UI_CHART_MAX_PANELS)
        return SIM_EINVAL;
    struct ui__chart c = {.o = &eff, .runs = runs, .nruns = nruns};
    ui_canvas_init(&c.cv, cr, fmin(eff.width / 1600.0, eff.height / 900.0));
    struct ui_plot *plots = calloc((size_t)eff.npanels, sizeof *plots);
    if (!plots)
        return SIM_ENOMEM;
    rc = render(&c, plots, geom);
    free(plots);
    ui__scratch_free(&c);
    return rc;
}
