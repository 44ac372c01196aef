/* ui/cli/sweep_chart.c: the sweep's curve (x = the first varied key, y = figures per
 * variant, 95 % CI error bars), drawn with the chart layer's plot (ui/chart/chart_plot.h). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "sim/error.h"
#include "ui/base/file.h"
#include "sim/stats.h"
#include "ui/chart/chart.h"
#include "ui/base/text.h"
#include "ui/chart/chart_plot.h"
#include "ui/base/cmd.h"
#include "ui/cli/sweep.h"

#define MAX_FIGS 12
#define UI_RUN_MAX_DB 8 /* the databases of a scenario (ORD_MAX_DATABASES) */
#define MAX_SERIES 32

/* A figure drawn: figure fig of ord_figures (svc -1), or of ord_svc_figures for
 * service svc. */
struct sweep_fig {
    int svc, fig;
};

struct sweep_draw {
    const struct ui_sweep *s;
    struct sweep_fig figs[MAX_FIGS];
    int nfigs;
    int zh;
    /* series data: x, mean, lo, hi per series */
    double *buf;
    int nseries;
};

static const char *tr(const struct sweep_draw *d, const char *en, const char *zh)
{
    return d->zh ? zh : en;
}

/* Is the first varied key an arrival rate (so the DB capacity belongs on x)? */
static int x_is_rate(const struct ui_sweep *s)
{
    return strstr(s->vary[0].key, "rate") != NULL && strncmp(s->vary[0].key, "load.", 5) == 0;
}

static const char *fig_unit(const struct sweep_fig *f)
{
    return f->svc < 0 ? ord_figures[f->fig].unit : ord_svc_figures[f->fig].unit;
}

static int all_ms(const struct sweep_draw *d)
{
    for (int i = 0; i < d->nfigs; i++)
        if (strcmp(fig_unit(&d->figs[i]), "ms") != 0)
            return 0;
    return 1;
}

/* A varied key in words: "arrival rate" for load.phases.N.rate, ... */
static const char *key_words(const struct sweep_draw *d, const char *key)
{
    static const struct {
        const char *prefix, *en, *zh;
    } words[] = {
        {"load.phases.", "arrival rate", "到达速率"},
        {"database.connections", "database connections", "数据库连接数"},
        {"database.query", "database query time", "数据库查询时间"},
        {"b.threads", "B's threads", "B 的线程数"},
        {"b.timeout", "A's timeout for B", "A 调用 B 的超时"},
        {"a.threads", "A's threads", "A 的线程数"},
        {"mq.rate_limit", "MQ consumer rate", "MQ 消费速率"},
    };
    for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
        if (strncmp(key, words[i].prefix, strlen(words[i].prefix)) == 0)
            return d->zh ? words[i].zh : words[i].en;
    return key;
}

/* A figure in words, in the chart's language; a service's with its name first
 * ("points completion lag p99"). */
static const char *figure_words(const struct sweep_draw *d, int fi);
static void fig_words(const struct sweep_draw *d, const struct sweep_fig *f, char *buf, size_t n)
{
    static const struct {
        const char *key, *zh;
    } zh[] = {
        {"completed", "写入"},          {"failed", "失败"},
        {"lag_p99_ms", "落库延迟 p99"}, {"backlog_max", "积压峰值"},
        {"backlog_at_load_end", "负载结束时的积压"}, {"drained_at_s", "清空时间"},
        {"db_qps_max", "数据库峰值"},
    };
    if (f->svc < 0) {
        snprintf(buf, n, "%s", figure_words(d, f->fig));
        return;
    }
    const char *words = ord_svc_figures[f->fig].label;
    for (size_t i = 0; d->zh && i < sizeof zh / sizeof zh[0]; i++)
        if (strcmp(ord_svc_figures[f->fig].name, zh[i].key) == 0)
            words = zh[i].zh;
    snprintf(buf, n, "%s %s", d->s->base->services[f->svc].name, words);
}

static const char *figure_words(const struct sweep_draw *d, int fi)
{
    static const struct {
        const char *key, *zh;
    } zh[] = {
        {"latency_p50_ms", "用户等待 p50"},    {"latency_p99_ms", "用户等待 p99"},
        {"latency_mean_ms", "用户等待均值"},   {"lag_p99_ms", "落库延迟 p99"},
        {"completed_load_per_s", "吞吐量"},     {"rejected", "拒绝"},
        {"failed", "失败"},                    {"backlog_max", "积压峰值"},
        {"db_qps_max", "数据库峰值"},
    };
    if (d->zh)
        for (size_t i = 0; i < sizeof zh / sizeof zh[0]; i++)
            if (strcmp(ord_figures[fi].name, zh[i].key) == 0)
                return zh[i].zh;
    return ord_figures[fi].label;
}

static int draw(cairo_t *cr, void *ctx)
{
    struct sweep_draw *d = ctx;
    const struct ui_sweep *s = d->s;
    int W = 1600, H = 900;
    struct ui_canvas cv;
    ui_canvas_init(&cv, cr, 1.0);
    struct ui_plot p;
    ui_plot_init(&p, &cv);
    char xl[160], yl[112];
    const char *unit = s->vary[0].unit;
    if (!unit[0] && x_is_rate(s))
        unit = tr(d, "orders/s", "订单/s");
    const char *xname = key_words(d, s->vary[0].key);
    snprintf(xl, sizeof xl, "%s%s%s%s", xname, unit[0] ? " (" : "", unit, unit[0] ? ")" : "");
    int log_y = all_ms(d);
    char first[96];
    fig_words(d, &d->figs[0], first, sizeof first);
    snprintf(yl, sizeof yl, "%s (%s)",
             log_y ? tr(d, "user latency and completion lag", "用户等待与落库延迟") : first,
             fig_unit(&d->figs[0]));
    ui_axis_init(&p.xa, UI_SCALE_LINEAR, xl);
    p.xa.include_zero = false;
    ui_axis_init(&p.ya, log_y ? UI_SCALE_LOG : UI_SCALE_LINEAR, yl);
    size_t np = s->points, per_x = (size_t)s->vary[0].count;
    size_t others = np / per_x; /* combinations of the other varied keys */
    const struct ord_job *j0 = &s->jobs[0];
    static const enum ui_dash dashes[] = {UI_DASH_SOLID, UI_DASH_DASHED, UI_DASH_DOTTED,
                                          UI_DASH_DASHDOT};
    double ymin = INFINITY, ymax = -INFINITY;
    d->nseries = 0;
    for (size_t o = 0; o < others && o < 4; o++) {
        for (int v = 0; v < j0->nvariants; v++) {
            for (int f = 0; f < d->nfigs && d->nseries < MAX_SERIES; f++) {
                double *x = d->buf + (size_t)d->nseries * 4 * per_x, *y = x + per_x,
                       *lo = y + per_x, *hi = lo + per_x;
                for (size_t i = 0; i < per_x; i++) {
                    /* the first key is the slowest-moving index: point = i*others + o */
                    struct sim_stat st;
                    if (d->figs[f].svc < 0)
                        ui_sweep_stat(s, i * others + o, v, d->figs[f].fig, &st);
                    else
                        ui_sweep_svc_stat(s, i * others + o, v, d->figs[f].svc, d->figs[f].fig,
                                          &st);
                    x[i] = ui_vary_value(&s->vary[0], (int)i);
                    y[i] = st.mean;
                    lo[i] = st.mean - st.ci95;
                    hi[i] = st.mean + st.ci95;
                    if (log_y && lo[i] <= 0)
                        lo[i] = st.mean / 2 > 0 ? st.mean / 2 : NAN;
                    if (y[i] > 0) {
                        ymin = fmin(ymin, y[i]);
                        ymax = fmax(ymax, hi[i]);
                    }
                }
                int is_sync = j0->kinds[v] == ORD_VARIANT_SYNC;
                char label[112], words[96];
                fig_words(d, &d->figs[f], words, sizeof words);
                snprintf(label, sizeof label, "%s %s%s",
                         d->zh ? (is_sync ? "同步" : "异步") : ord_variant_name(j0->kinds[v]),
                         words, others > 1 ? " ·" : "");
                if (others > 1) {
                    size_t len = strlen(label);
                    snprintf(label + len, sizeof label - len, " #%zu", o + 1);
                }
                struct ui_plot_series ser = {
                    .x = x, .y = y, .n = per_x, .ylo = s->reps > 1 ? lo : NULL,
                    .yhi = s->reps > 1 ? hi : NULL, .axis = 0,
                    .style = {.color = ui_rgb(ui_okabe_ito[is_sync ? UI_OI_VERMILLION
                                                                   : UI_OI_BLUE]),
                              .width = 3.0,
                              .dash = dashes[(f + (int)o) % 4],
                              .marker = is_sync ? UI_MARKER_CIRCLE : UI_MARKER_SQUARE,
                              .marker_every = 1},
                    .label = label};
                if (d->figs[f].svc >= 0) { /* a service's: thinner, its own marker */
                    static const enum ui_marker m[] = {UI_MARKER_TRIANGLE, UI_MARKER_DIAMOND,
                                                       UI_MARKER_CROSS};
                    ser.style.width = 2.2;
                    ser.style.marker = m[d->figs[f].svc % 3];
                }
                if (ui_plot_add_series(&p, &ser))
                    return SIM_ERANGE;
                d->nseries++;
            }
        }
    }
    /* Where x is the arrival rate, each database's capacity as a vertical line (the one
     * database's, or with several each one's, named) */
    size_t ndb = s->base->nservices > 0 ? ord_config_ndatabases(s->base) : 1;
    double capx[UI_RUN_MAX_DB][2], capy[UI_RUN_MAX_DB][2];
    for (size_t k = 0; k < ndb && k < UI_RUN_MAX_DB; k++) {
        double cap = ndb > 1 ? ord_database_capacity(s->base, k) : ord_db_capacity(s->base);
        if (!(x_is_rate(s) && cap > 0 && cap >= s->vary[0].from && cap <= s->vary[0].to &&
              ymin < ymax))
            continue;
        capx[k][0] = capx[k][1] = cap;
        capy[k][0] = ymin;
        capy[k][1] = ymax;
        char label[112], num[32];
        ui_fmt_count(num, sizeof num, (int64_t)llround(cap));
        if (ndb > 1) {
            struct ord_database buf;
            snprintf(label, sizeof label, "%s %s %s/s",
                     ord_config_database(s->base, k, &buf)->name,
                     tr(d, "capacity", "上限"), num);
        } else {
            snprintf(label, sizeof label, "%s %s/s", tr(d, "database capacity", "数据库上限"),
                     num);
        }
        static const enum ui_dash cap_dashes[] = {UI_DASH_LONG, UI_DASH_DOTTED, UI_DASH_DASHDOT};
        struct ui_plot_series cs = {.x = capx[k], .y = capy[k], .n = 2,
                                    .style = {.color = ui_rgb(ui_okabe_ito[UI_OI_BLACK]),
                                              .width = 2.0,
                                              .dash = cap_dashes[k % 3]},
                                    .label = label};
        if (ui_plot_add_series(&p, &cs))
            return SIM_ERANGE;
    }
    ui_plot_fit(&p);
    double l, r, t, b, lw, lh;
    ui_plot_gutters(&p, &l, &r, &t, &b);
    ui_plot_legend_size(&p, &lw, &lh);
    double pad = 28, top = 90;
    double w = W - 2 * pad - l - r - lw - 20, h = H - top - t - b - 60;
    ui_plot_set_rect(&p, pad + l, top + t, w, h);
    cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_paint(cr);
    char title[300];
    if (d->zh)
        snprintf(title, sizeof title, "%s随%s变化：同步与异步",
                 log_y ? "用户等待与落库延迟" : first, xname);
    else
        snprintf(title, sizeof title, "%s against %s, sync vs async",
                 log_y ? "User latency and completion lag" : first, xname);
    ui_text_draw(&cv, title, pad + l, 30, cv.font_title, UI_TEXT_BOLD, 0, 0, 0, cv.ink);
    ui_plot_draw(&p);
    ui_plot_draw_legend(&p, pad + l + w + r + 20, top + t);
    char footer[300];
    snprintf(footer, sizeof footer, "%s · seed %llu · %d %s%s%s", s->base->name ? s->base->name : "",
             (unsigned long long)s->base->seed, s->reps,
             tr(d, "replications, mean ± 95% CI", "次重复，均值 ± 95% 置信区间"),
             log_y ? " · " : "", log_y ? tr(d, "log scale", "对数坐标") : "");
    ui_text_draw(&cv, footer, pad + l, H - 20, cv.font_small, 0, 0, 1, 0, cv.muted);
    return 0;
}

int ui_sweep_chart(const struct ui_sweep *s, const char *path, const char *figures,
                   const char *lang)
{
    struct sweep_draw d = {.s = s};
    if (lang && strcmp(lang, "zh") != 0 && strcmp(lang, "en") != 0) {
        fprintf(stderr, "ordersim sweep: --lang must be en or zh\n");
        return UI_EXIT_USAGE;
    }
    d.zh = lang && strcmp(lang, "zh") == 0;
    char buf[256];
    /* By default the user's wait beside the order's: past the database's capacity
     * async users still wait 25 ms while its completion lag grows without bound; with
     * several services, each one's completion lag too. */
    size_t len = (size_t)snprintf(buf, sizeof buf, "%s",
                                  figures ? figures : "latency_p99_ms,lag_p99_ms");
    for (int k = 0; !figures && k < s->jobs[0].nservices && len < sizeof buf; k++)
        len += (size_t)snprintf(buf + len, sizeof buf - len, ",%s_lag_p99_ms",
                                s->base->services[k].name);
    for (char *sv = NULL, *t = strtok_r(buf, ",", &sv); t && d.nfigs < MAX_FIGS;
         t = strtok_r(NULL, ",", &sv)) {
        struct sweep_fig *f = &d.figs[d.nfigs];
        if (ui_sweep_figure_parse(s->base, t, &f->svc, &f->fig) == 0)
            d.nfigs++;
    }
    ui_chart_release_at_exit();
    d.buf = calloc((size_t)MAX_SERIES * 4 * (size_t)s->vary[0].count, sizeof *d.buf);
    if (!d.buf) {
        fprintf(stderr, "ordersim sweep: out of memory\n");
        return UI_EXIT_FAILURE;
    }
    char err[512];
    int rc = ui_chart_save_drawing(path, 1600, 900, draw, &d, err, sizeof err);
    free(d.buf);
    if (rc) {
        fprintf(stderr, "ordersim sweep: %s\n", err);
        return ui_exit_status(rc);
    }
    return 0;
}
