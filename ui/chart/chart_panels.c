/* The chart's panels: which series, styles and labels each one shows. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sim/error.h"
#include "ui/chart/chart_internal.h"
#include "ui/chart/compare.h"

static const char *const strings[UI__NSTR][2] = {
#define UI__STR_ROW(e, en, zh) [UI__S_##e] = {en, zh},
    UI__STRINGS(UI__STR_ROW)
#undef UI__STR_ROW
};

const char *ui__tr(const struct ui__chart *c, enum ui__str s)
{
    return strings[s][c->o->lang == UI_LANG_ZH];
}

/* Variants the design names get fixed looks; others take the remaining colours. */
static const struct {
    const char *name, *zh;
    enum ui_okabe_ito color;
    enum ui_marker marker;
} known_looks[] = {
    {"sync", "同步", UI_OI_VERMILLION, UI_MARKER_CIRCLE},
    {"async", "异步", UI_OI_BLUE, UI_MARKER_SQUARE},
};
static const enum ui_okabe_ito other_colors[] = {UI_OI_GREEN, UI_OI_PURPLE, UI_OI_ORANGE,
                                                 UI_OI_SKY_BLUE};
static const enum ui_marker other_markers[] = {UI_MARKER_TRIANGLE, UI_MARKER_DIAMOND,
                                               UI_MARKER_CROSS, UI_MARKER_CIRCLE};
#define NLOOKS (sizeof known_looks / sizeof known_looks[0])

const char *ui__variant_name(const struct ui__chart *c, const char *name)
{
    for (size_t i = 0; i < NLOOKS; i++)
        if (strcmp(name, known_looks[i].name) == 0)
            return c->o->lang == UI_LANG_ZH ? known_looks[i].zh : name;
    return name;
}

struct ui_line_style ui__variant_style(const struct ui__chart *c, const char *name, int index)
{
    struct ui_line_style st = {0};
    st.width = 3.5 * c->cv.unit;
    st.color = ui_rgb(ui_okabe_ito[other_colors[index % 4]]);
    st.marker = other_markers[index % 4];
    for (size_t i = 0; i < NLOOKS; i++)
        if (strcmp(name, known_looks[i].name) == 0) {
            st.color = ui_rgb(ui_okabe_ito[known_looks[i].color]);
            st.marker = known_looks[i].marker;
        }
    return st;
}

static double *scratch(struct ui__chart *c, size_t n)
{
    if (c->nscratch == c->scratch_cap) {
        int cap = c->scratch_cap ? c->scratch_cap * 2 : 32;
        double **a = realloc(c->scratch, sizeof *a * (size_t)cap);
        if (!a)
            return NULL;
        c->scratch = a;
        c->scratch_cap = cap;
    }
    double *d = malloc(sizeof *d * (n ? n : 1));
    if (d)
        c->scratch[c->nscratch++] = d;
    return d;
}

void ui__scratch_free(struct ui__chart *c)
{
    for (int i = 0; i < c->nscratch; i++)
        free(c->scratch[i]);
    free(c->scratch);
    c->scratch = NULL;
    c->nscratch = c->scratch_cap = 0;
}

/* Latency columns hold 0 for "nobody answered": a gap, not a point at 0 ms. */
static const double *zero_as_gap(struct ui__chart *c, const double *y, size_t n)
{
    double *d = scratch(c, n);
    if (d)
        for (size_t i = 0; i < n; i++)
            d[i] = y[i] > 0 ? y[i] : NAN;
    return d;
}

static double col_max(const struct ui_variant_data *v, enum ui_col col)
{
    double m = 0;
    for (size_t i = 0; i < v->n; i++)
        m = fmax(m, v->col[col][i]);
    return m;
}

static bool overlay(const struct ui__chart *c)
{
    return c->nruns > 1;
}

static enum ui_dash run_dash(int r)
{
    static const enum ui_dash d[] = {UI_DASH_SOLID, UI_DASH_DASHED, UI_DASH_DOTTED, UI_DASH_DASHDOT,
                                     UI_DASH_LONG};
    return d[r % 5];
}

/* "sync p99" in a single-run chart, "b · sync p99" in an overlay. */
static void series_label(const struct ui__chart *c, int r, const char *variant, const char *what,
                         char *buf, size_t n)
{
    const char *v = variant ? ui__variant_name(c, variant) : "";
    const char *sep = variant && what[0] ? " " : "";
    /* A label longer than the buffer is cut: the legend has a fixed width anyway. */
    const char *parts[] = {overlay(c) ? c->runs[r].label : "", overlay(c) ? " · " : "", v, sep,
                           what};
    size_t at = 0;
    if (n == 0)
        return;
    for (size_t i = 0; i < sizeof parts / sizeof parts[0]; i++) {
        const char *p = parts[i];
        for (; *p && at + 1 < n; p++)
            buf[at++] = *p;
        if (*p) { /* cut: never in the middle of a UTF-8 sequence */
            while (at > 0 && ((unsigned char)*p & 0xC0) == 0x80) {
                p--;
                at--;
            }
            break;
        }
    }
    buf[at] = '\0';
}

static int add_column(struct ui__chart *c, struct ui_plot *p, int r, int vi, const double *y,
                      enum ui_col col, int axis, const struct ui_line_style *st, const char *label)
{
    const struct ui_run_data *run = &c->runs[r];
    const struct ui_variant_data *v = &run->v[vi];
    double step = ui_rundata_interval(run);
    struct ui_plot_series s = {0};
    s.x = v->col[UI_COL_TIME];
    s.y = y ? y : v->col[col];
    s.n = v->n;
    s.x_shift = ui_col_kinds[col] == UI_COL_LEVEL ? step : step / 2;
    s.axis = axis;
    s.style = *st;
    s.style.marker_every = v->n > 12 ? (int)((v->n + 11) / 12) : 1;
    s.style.marker_phase = s.style.marker_every * vi / (run->nvariants ? run->nvariants : 1);
    s.label = label;
    return ui_plot_add_series(p, &s);
}

/* A service's line in a panel: the variant's colour, thinner; one dash and marker per
 * service in a single run, the run's dash in an overlay (the marker tells the
 * services apart there). Its legend entry is not per line but a key per service
 * (service_keys): the colour says the wiring, the dash and marker the service. */
static struct ui_line_style service_style(const struct ui__chart *c, int r, const char *variant,
                                          int vi, int k)
{
    static const enum ui_dash dashes[] = {UI_DASH_DOTTED, UI_DASH_DASHDOT, UI_DASH_LONG};
    static const enum ui_marker markers[] = {UI_MARKER_TRIANGLE, UI_MARKER_DIAMOND,
                                             UI_MARKER_CROSS};
    struct ui_line_style st = ui__variant_style(c, variant, vi);
    st.width *= 0.75;
    st.dash = overlay(c) ? run_dash(r) : dashes[k % 3];
    st.marker = markers[k % 3];
    return st;
}

/* A legend entry without a line of its own: the key to lines drawn without labels. */
static int legend_key(struct ui_plot *p, const struct ui_line_style *st, const char *label)
{
    struct ui_plot_series s = {0};
    s.style = *st;
    s.label = label;
    return ui_plot_add_series(p, &s);
}

#define KEY_GREY 0x555555

/* The keys of the services drawn (bit k of used): "points p99" in grey with that
 * service's dash (single run) and marker. */
static int service_keys(struct ui__chart *c, struct ui_plot *p, unsigned used, const char *what)
{
    const struct ui_run_data *run = &c->runs[0];
    for (int k = 0; k < UI_CSV_MAX_SERVICES; k++) {
        if (!(used >> k & 1u))
            continue;
        const char *name = NULL;
        for (int r = 0; r < c->nruns && !name; r++)
            if (k < c->runs[r].nsvc)
                name = c->runs[r].svc[k];
        struct ui_line_style st = service_style(c, 0, "", 0, k);
        st.color = ui_rgb(KEY_GREY);
        if (overlay(c))
            st.dash = UI_DASH_SOLID;
        char label[UI_PLOT_LABEL_MAX];
        snprintf(label, sizeof label, "%s%s%s", name ? name : run->svc[k], what[0] ? " " : "",
                 what);
        int rc = legend_key(p, &st, label);
        if (rc)
            return rc;
    }
    return 0;
}

/* The service's column sc of variant vi, NULL without per-service columns. */
static const double *service_col(const struct ui_run_data *run, int vi, int k, enum ui_svc_col sc)
{
    return k < run->nsvc ? run->v[vi].scol[k * UI_NSVC_COLS + (int)sc] : NULL;
}

static double ideal_latency(const struct ui_run_data *run, const char *name, enum ui__str *fmt)
{
    const struct ui_variant_meta *m = ui_rundata_meta_find(run, name);
    *fmt = strcmp(name, "sync") == 0    ? UI__S_SYNC_IDEAL
           : strcmp(name, "async") == 0 ? UI__S_ASYNC_IDEAL
                                        : UI__S_OTHER_IDEAL;
    if (m && isfinite(m->ideal_latency_ms) && m->ideal_latency_ms > 0)
        return m->ideal_latency_ms;
    /* The built-in defaults: sync waits A 20 + B 190 + DB 10 ms, async
     * A 20 + MQ send 5 ms. */
    return *fmt == UI__S_SYNC_IDEAL ? 220 : *fmt == UI__S_ASYNC_IDEAL ? 25 : NAN;
}

static int reference_lines(struct ui__chart *c, struct ui_plot *p)
{
    const struct ui_run_data *run = &c->runs[0];
    for (int vi = 0; vi < run->nvariants; vi++) {
        enum ui__str fmt;
        double ms = ideal_latency(run, run->v[vi].name, &fmt);
        if (!isfinite(ms))
            continue;
        struct ui_line_style st = ui__variant_style(c, run->v[vi].name, vi);
        st.marker = UI_MARKER_NONE;
        st.width = 2.2 * c->cv.unit;
        st.dash = UI_DASH_LONG;
        st.color.a = 0.6;
        char num[32], label[UI_PLOT_LABEL_MAX];
        ui_format_number(ms, 0, num, sizeof num);
        /* several services: sync waits for A and every call (b, points, sms), not "B" */
        if (fmt == UI__S_SYNC_IDEAL && run->nsvc > 1)
            fmt = UI__S_SYNC_IDEAL_N;
        snprintf(label, sizeof label, ui__tr(c, fmt), ui__variant_name(c, run->v[vi].name), num);
        int rc = ui_plot_add_hline(p, 0, ms, &st, label);
        if (rc)
            return rc;
    }
    return 0;
}

/* With several services: each service's own completion lag p99 (arrival to its
 * database write) beside the order's (arrival to the last write). */
static int service_lags(struct ui__chart *c, struct ui_plot *p, int r, int vi, unsigned *used)
{
    const struct ui_run_data *run = &c->runs[r];
    const struct ui_variant_data *v = &run->v[vi];
    for (int k = 0; k < run->nsvc; k++) {
        const double *y = zero_as_gap(c, service_col(run, vi, k, UI_SC_LAG_P99), v->n);
        if (!y)
            return SIM_ENOMEM;
        struct ui_line_style st = service_style(c, r, v->name, vi, k);
        int rc = add_column(c, p, r, vi, y, UI_COL_LAG_P99, 0, &st, "");
        if (rc)
            return rc;
        *used |= 1u << k;
    }
    return 0;
}

static int latency_panel(struct ui__chart *c, struct ui_plot *p, bool lag)
{
    enum ui_col c50 = lag ? UI_COL_LAG_P50 : UI_COL_LATENCY_P50;
    enum ui_col c99 = lag ? UI_COL_LAG_P99 : UI_COL_LATENCY_P99;
    ui_axis_init(&p->ya, c->o->log_latency ? UI_SCALE_LOG : UI_SCALE_LINEAR,
                 ui__tr(c, lag ? UI__S_LAG_AXIS : UI__S_LAT_AXIS));
    p->ya.min_span = 10;
    snprintf(p->title, sizeof p->title, "%s",
             ui__tr(c, lag          ? UI__S_LAG_TITLE
                       : overlay(c) ? UI__S_LAT_TITLE_P99
                                    : UI__S_LAT_TITLE));
    char label[UI_PLOT_LABEL_MAX];
    unsigned used = 0;
    for (int r = 0; r < c->nruns; r++) {
        for (int vi = 0; vi < c->runs[r].nvariants; vi++) {
            const struct ui_variant_data *v = &c->runs[r].v[vi];
            struct ui_line_style st = ui__variant_style(c, v->name, vi);
            const double *y50 = zero_as_gap(c, v->col[c50], v->n);
            const double *y99 = zero_as_gap(c, v->col[c99], v->n);
            if (!y50 || !y99)
                return SIM_ENOMEM;
            int rc = 0;
            if (!overlay(c)) {
                series_label(c, r, v->name, "p50", label, sizeof label);
                rc = add_column(c, p, r, vi, y50, c50, 0, &st, label);
                st.dash = UI_DASH_DASHED;
            } else {
                st.dash = run_dash(r);
            }
            series_label(c, r, v->name, "p99", label, sizeof label);
            rc = rc ? rc : add_column(c, p, r, vi, y99, c99, 0, &st, label);
            if (rc)
                return rc;
            if (lag && (rc = service_lags(c, p, r, vi, &used)) != 0)
                return rc;
        }
    }
    return lag ? service_keys(c, p, used, "p99") : reference_lines(c, p);
}

/* The figures written on the chart: the sidecar's, else the CSV's (compare's rules). */
static int figures_of(const struct ui__chart *c, int r, int vi, struct ui_figures *f)
{
    return ui_figures_compute(&c->runs[r], vi, f);
}

static void clock_text(double s, char *buf, size_t n)
{
    snprintf(buf, n, "%.1f", s);
}

/* With several services (the CSV's per-service columns): a line per service's own
 * backlog for each service whose backlog was ever above zero. */
static int service_backlogs(struct ui__chart *c, struct ui_plot *p, int r, int vi, unsigned *used)
{
    const struct ui_run_data *run = &c->runs[r];
    const struct ui_variant_data *v = &run->v[vi];
    for (int k = 0; k < run->nsvc; k++) {
        const double *y = service_col(run, vi, k, UI_SC_BACKLOG);
        double top = 0;
        for (size_t i = 0; i < v->n; i++)
            top = fmax(top, y[i]);
        if (top <= 0)
            continue;
        struct ui_line_style st = service_style(c, r, v->name, vi, k);
        int rc = add_column(c, p, r, vi, y, UI_COL_BACKLOG, 0, &st, "");
        if (rc)
            return rc;
        *used |= 1u << k;
    }
    return 0;
}

static int backlog_panel(struct ui__chart *c, struct ui_plot *p)
{
    ui_axis_init(&p->ya, UI_SCALE_LINEAR, ui__tr(c, UI__S_BACKLOG_AXIS));
    p->ya.min_span = 10;
    snprintf(p->title, sizeof p->title, "%s", ui__tr(c, UI__S_BACKLOG_TITLE));
    char label[UI_PLOT_LABEL_MAX];
    unsigned svc_used = 0;
    for (int r = 0; r < c->nruns; r++) {
        for (int vi = 0; vi < c->runs[r].nvariants; vi++) {
            const struct ui_variant_data *v = &c->runs[r].v[vi];
            if (col_max(v, UI_COL_BACKLOG) <= 0)
                continue; /* no MQ in this wiring: a flat zero line only adds noise */
            struct ui_line_style st = ui__variant_style(c, v->name, vi);
            st.dash = run_dash(r);
            series_label(c, r, v->name, ui__tr(c, UI__S_BACKLOG), label, sizeof label);
            int rc = add_column(c, p, r, vi, NULL, UI_COL_BACKLOG, 0, &st, label);
            if (rc)
                return rc;
            if (!overlay(c))
                p->items[p->nitems - 1].s.fill = true;
            if ((rc = service_backlogs(c, p, r, vi, &svc_used)) != 0)
                return rc;
            /* The key numbers, written in the title: peak, when, empty again when. */
            struct ui_figures f;
            const struct ui_variant_meta *m = ui_rundata_meta_find(&c->runs[r], v->name);
            if (overlay(c))
                continue;
            if ((rc = figures_of(c, r, vi, &f)) != 0)
                return rc; /* out of memory: no chart rather than one without its numbers */
            char peak[32], at[16], drained[16], line[160];
            ui_format_number(f.v[UI_FIG_BACKLOG_MAX], 0, peak, sizeof peak);
            clock_text(m && isfinite(m->backlog_max_at_s) ? m->backlog_max_at_s : NAN, at,
                       sizeof at);
            clock_text(f.v[UI_FIG_DRAINED_AT], drained, sizeof drained);
            bool never = isinf(f.v[UI_FIG_DRAINED_AT]);
            snprintf(line, sizeof line, ui__tr(c, never ? UI__S_PEAK_NEVER : UI__S_PEAK),
                     ui__variant_name(c, v->name), peak, at, drained);
            size_t used = strlen(p->title);
            snprintf(p->title + used, sizeof p->title - used, " · %s", line);
        }
    }
    return service_keys(c, p, svc_used, ui__tr(c, UI__S_BACKLOG));
}

/* Does fault f hit database d of m? A fault names its database in the services form;
 * otherwise "database" is the first one. */
static bool hits_database(const struct ui_run_meta *m, const struct ui_fault_meta *f, int d)
{
    if (f->database[0])
        return d >= 0 && strcmp(f->database, m->databases[d].name) == 0;
    return (d <= 0) && (strcmp(f->target, "database") == 0 || strcmp(f->target, "db") == 0);
}

/* Database d's capacity at t from the sidecar (d -1: the one database of db_capacity_qps):
 * its capacity divided by the slow factors of the faults on it active at t; 0 while it
 * is down or hung. */
static double capacity_at(const struct ui_run_meta *m, int d, double t)
{
    double cap = d < 0 ? m->db_capacity_qps : m->databases[d].capacity_qps;
    for (size_t i = 0; i < m->nfaults; i++) {
        const struct ui_fault_meta *f = &m->faults[i];
        if (!hits_database(m, f, d) || t < f->from_s || t >= f->to_s)
            continue;
        if (strcmp(f->kind, "slow") == 0 && isfinite(f->factor) && f->factor > 0)
            cap /= f->factor;
        else
            cap = 0;
    }
    return cap;
}

/* A run whose sidecar names several databases and whose CSV has per-service columns:
 * its database panel shows each database's queries (its services' db_qps added up)
 * against that database's capacity. */
static bool per_database(const struct ui_run_data *run)
{
    return run->nsvc >= 2 && run->meta.ndatabases >= 2;
}

/* Database d's look: the variant's colour (black for its capacity); in a single run one
 * dash per database, in an overlay the run's dash and a marker per database. */
static struct ui_line_style database_style(const struct ui__chart *c, int r, const char *variant,
                                           int vi, int d)
{
    static const enum ui_marker markers[] = {UI_MARKER_TRIANGLE, UI_MARKER_DIAMOND,
                                             UI_MARKER_CROSS};
    struct ui_line_style st = {ui_rgb(ui_okabe_ito[UI_OI_BLACK]), 2.4 * c->cv.unit,
                               UI_DASH_DASHDOT, UI_MARKER_NONE, 0, 0, 0};
    if (variant)
        st = ui__variant_style(c, variant, vi);
    st.dash = overlay(c) ? run_dash(r) : run_dash(d);
    if (overlay(c))
        st.marker = markers[d % 3];
    return st;
}

/* Each database's queries/s per variant, its services' db_qps added up; keyed by the
 * wirings' colours (wiring_keys) and the databases' capacities (their dash or marker). */
static int database_lines(struct ui__chart *c, struct ui_plot *p, int r)
{
    const struct ui_run_data *run = &c->runs[r];
    for (int vi = 0; vi < run->nvariants; vi++)
        for (int d = 0; d < run->meta.ndatabases; d++) {
            const struct ui_variant_data *v = &run->v[vi];
            double *y = scratch(c, v->n);
            if (!y)
                return SIM_ENOMEM;
            bool any = false;
            for (size_t i = 0; i < v->n; i++)
                y[i] = 0;
            for (int k = 0; k < run->nsvc; k++) {
                if (ui_rundata_service_database(run, run->svc[k]) != d)
                    continue;
                const double *q = service_col(run, vi, k, UI_SC_DB_QPS);
                for (size_t i = 0; i < v->n; i++)
                    y[i] += q[i];
                any = true;
            }
            if (!any)
                continue; /* no service of the CSV writes to it */
            struct ui_line_style st = database_style(c, r, v->name, vi, d);
            int rc = add_column(c, p, r, vi, y, UI_COL_DB_QPS, 0, &st, "");
            if (rc)
                return rc;
        }
    return 0;
}

/* The keys of the runs with several databases: a wiring's colour ("sync database q/s",
 * once per wiring, here), and in an overlay each database's marker with its capacity
 * in each run ("sms capacity 4000, 2000/s (by run)", database_keys); a single run's
 * capacity lines carry their own labels and are the key to the dashes. */
static int wiring_keys(struct ui__chart *c, struct ui_plot *p)
{
    const char *seen[UI_RUN_MAX_VARIANTS * 4];
    int nseen = 0, rc = 0;
    for (int r = 0; r < c->nruns && !rc; r++)
        for (int vi = 0; per_database(&c->runs[r]) && vi < c->runs[r].nvariants && !rc; vi++) {
            const char *name = c->runs[r].v[vi].name;
            bool dup = false;
            for (int i = 0; i < nseen; i++)
                dup |= strcmp(seen[i], name) == 0;
            if (dup || nseen == (int)(sizeof seen / sizeof seen[0]))
                continue;
            seen[nseen++] = name;
            struct ui_line_style st = ui__variant_style(c, name, vi);
            st.marker = UI_MARKER_NONE;
            char label[UI_PLOT_LABEL_MAX];
            snprintf(label, sizeof label, "%s %s", ui__variant_name(c, name), ui__tr(c, UI__S_DB));
            rc = legend_key(p, &st, label);
        }
    return rc;
}

static int database_keys(struct ui__chart *c, struct ui_plot *p)
{
    const char *dbs[UI_RUN_MAX_DATABASES * 4];
    int ndbs = 0, rc = 0;
    for (int r = 0; overlay(c) && r < c->nruns && !rc; r++)
        for (int d = 0; per_database(&c->runs[r]) && d < c->runs[r].meta.ndatabases && !rc; d++) {
            const char *name = c->runs[r].meta.databases[d].name;
            bool dup = false;
            for (int i = 0; i < ndbs; i++)
                dup |= strcmp(dbs[i], name) == 0;
            if (dup || ndbs == (int)(sizeof dbs / sizeof dbs[0]))
                continue;
            dbs[ndbs++] = name;
            /* its capacity in each run that has it, in run order; one if they agree */
            char caps[UI_PLOT_LABEL_MAX] = "", label[UI_PLOT_LABEL_MAX];
            double first = NAN;
            bool differ = false;
            size_t len = 0;
            for (int q = 0; q < c->nruns; q++) {
                const struct ui_run_meta *m = &c->runs[q].meta;
                for (int e = 0; per_database(&c->runs[q]) && e < m->ndatabases; e++) {
                    if (strcmp(m->databases[e].name, name) != 0 ||
                        !isfinite(m->databases[e].capacity_qps))
                        continue;
                    char num[32];
                    ui_format_number(m->databases[e].capacity_qps, 0, num, sizeof num);
                    differ |= !isnan(first) && first != m->databases[e].capacity_qps;
                    if (isnan(first))
                        first = m->databases[e].capacity_qps;
                    if (len < sizeof caps)
                        len += (size_t)snprintf(caps + len, sizeof caps - len, "%s%s",
                                                len ? ", " : "", num);
                }
            }
            if (isnan(first))
                continue; /* no capacity known: no line drawn */
            if (!differ)
                ui_format_number(first, 0, caps, sizeof caps);
            snprintf(label, sizeof label, ui__tr(c, differ ? UI__S_CAPACITY_BY_RUN : UI__S_CAPACITY_NAMED),
                     name, caps);
            struct ui_line_style st = database_style(c, r, NULL, 0, d);
            st.dash = UI_DASH_SOLID;
            rc = legend_key(p, &st, label);
        }
    return rc;
}

/* Run r's capacity as a step line over its buckets (slow faults move it): database d's,
 * or (d -1) the one database's. */
static int capacity_line(struct ui__chart *c, struct ui_plot *p, int r, int d)
{
    const struct ui_run_data *run = &c->runs[r];
    double cap = d < 0 ? run->meta.db_capacity_qps : run->meta.databases[d].capacity_qps;
    if (!isfinite(cap) || cap <= 0 || run->nvariants == 0)
        return 0;
    const struct ui_variant_data *v = &run->v[0];
    double *y = scratch(c, v->n);
    if (!y)
        return SIM_ENOMEM;
    double step = ui_rundata_interval(run);
    for (size_t i = 0; i < v->n; i++)
        y[i] = capacity_at(&run->meta, d, v->col[UI_COL_TIME][i] + step / 2);
    struct ui_line_style st = database_style(c, r, NULL, 0, d < 0 ? 0 : d);
    if (d < 0) { /* the one database: as it always looked */
        st.dash = overlay(c) ? run_dash(r) : UI_DASH_DASHDOT;
        st.marker = UI_MARKER_NONE;
    }
    char num[32], what[UI_PLOT_LABEL_MAX], label[UI_PLOT_LABEL_MAX];
    ui_format_number(cap, 0, num, sizeof num);
    if (d >= 0 && overlay(c)) /* keyed once per database (database_keys) */
        return add_column(c, p, r, 0, y, UI_COL_DB_QPS, 0, &st, "");
    if (d < 0)
        snprintf(what, sizeof what, ui__tr(c, UI__S_CAPACITY), num);
    else
        snprintf(what, sizeof what, ui__tr(c, UI__S_CAPACITY_NAMED), run->meta.databases[d].name,
                 num);
    series_label(c, r, NULL, what, label, sizeof label);
    return add_column(c, p, r, 0, y, UI_COL_DB_QPS, 0, &st, label);
}

static int database_panel(struct ui__chart *c, struct ui_plot *p)
{
    ui_axis_init(&p->ya, UI_SCALE_LINEAR, ui__tr(c, UI__S_DB_AXIS));
    p->ya.min_span = 10;
    char label[UI_PLOT_LABEL_MAX];
    bool several = false;
    for (int r = 0; r < c->nruns; r++)
        several |= per_database(&c->runs[r]);
    snprintf(p->title, sizeof p->title, "%s",
             ui__tr(c, !several    ? UI__S_DB_TITLE
                       : overlay(c) ? UI__S_DB_TITLE_MARKERS
                                    : UI__S_DB_TITLE_MULTI));
    for (int r = 0; r < c->nruns; r++) {
        if (per_database(&c->runs[r])) {
            int rc = database_lines(c, p, r);
            if (rc)
                return rc;
            continue;
        }
        for (int vi = 0; vi < c->runs[r].nvariants; vi++) {
            struct ui_line_style st = ui__variant_style(c, c->runs[r].v[vi].name, vi);
            st.dash = overlay(c) ? run_dash(r) : UI_DASH_SOLID;
            series_label(c, r, c->runs[r].v[vi].name, ui__tr(c, UI__S_DB), label, sizeof label);
            int rc = add_column(c, p, r, vi, NULL, UI_COL_DB_QPS, 0, &st, label);
            if (rc)
                return rc;
        }
    }
    if (several) {
        int rc = wiring_keys(c, p);
        if (rc)
            return rc;
    }
    /* Each run's capacity, per database where it has several; in an overlay one per
     * run, since the runs may differ in it. */
    for (int r = 0; r < c->nruns; r++) {
        const struct ui_run_data *run = &c->runs[r];
        int first = per_database(run) ? 0 : -1, last = per_database(run) ? run->meta.ndatabases : 0;
        for (int d = first; d < last; d++) {
            int rc = capacity_line(c, p, r, d);
            if (rc)
                return rc;
        }
    }
    return several ? database_keys(c, p) : 0;
}

/* Do all variants of all runs see the same arrivals (the common-random-numbers
 * design)? Then one "offered" line says it. */
static bool same_offered(const struct ui__chart *c)
{
    const struct ui_variant_data *a = &c->runs[0].v[0];
    for (int r = 0; r < c->nruns; r++)
        for (int vi = 0; vi < c->runs[r].nvariants; vi++) {
            const struct ui_variant_data *b = &c->runs[r].v[vi];
            if (b->n != a->n)
                return false;
            for (size_t i = 0; i < a->n; i++)
                if (b->col[UI_COL_OFFERED][i] != a->col[UI_COL_OFFERED][i] ||
                    b->col[UI_COL_TIME][i] != a->col[UI_COL_TIME][i])
                    return false;
        }
    return true;
}

static int offered_lines(struct ui__chart *c, struct ui_plot *p)
{
    char label[UI_PLOT_LABEL_MAX];
    struct ui_line_style st = {
        ui_rgb(0x333333), 2.6 * c->cv.unit, UI_DASH_SOLID, UI_MARKER_NONE, 0, 0, 0};
    if (same_offered(c))
        return add_column(c, p, 0, 0, NULL, UI_COL_OFFERED, 0, &st, ui__tr(c, UI__S_OFFERED));
    for (int r = 0; r < c->nruns; r++)
        for (int vi = 0; vi < c->runs[r].nvariants; vi++) {
            const struct ui_variant_data *v = &c->runs[r].v[vi];
            struct ui_line_style vs = ui__variant_style(c, v->name, vi);
            vs.width = st.width;
            vs.dash = overlay(c) ? run_dash(r) : UI_DASH_LONG;
            vs.marker = UI_MARKER_NONE;
            series_label(c, r, v->name, ui__tr(c, UI__S_OFFERED), label, sizeof label);
            int rc = add_column(c, p, r, vi, NULL, UI_COL_OFFERED, 0, &vs, label);
            if (rc)
                return rc;
        }
    return 0;
}

/* With several services, a single run: each service's own completed/s (orders it
 * wrote) where it differs from the variant's (orders every service wrote) in some
 * interval; a line that only retraces the variant's adds nothing. */
static int service_completions(struct ui__chart *c, struct ui_plot *p)
{
    const struct ui_run_data *run = &c->runs[0];
    unsigned used = 0;
    if (overlay(c))
        return 0;
    for (int vi = 0; vi < run->nvariants; vi++)
        for (int k = 0; k < run->nsvc; k++) {
            const struct ui_variant_data *v = &run->v[vi];
            const double *y = service_col(run, vi, k, UI_SC_COMPLETED);
            bool differs = false;
            for (size_t i = 0; i < v->n && !differs; i++)
                differs = y[i] != v->col[UI_COL_COMPLETED][i];
            if (!differs)
                continue;
            struct ui_line_style st = service_style(c, 0, v->name, vi, k);
            int rc = add_column(c, p, 0, vi, y, UI_COL_COMPLETED, 0, &st, "");
            if (rc)
                return rc;
            used |= 1u << k;
        }
    return service_keys(c, p, used, ui__tr(c, UI__S_COMPLETED));
}

static int throughput_panel(struct ui__chart *c, struct ui_plot *p)
{
    ui_axis_init(&p->ya, UI_SCALE_LINEAR, ui__tr(c, UI__S_TP_AXIS));
    p->ya.min_span = 10;
    snprintf(p->title, sizeof p->title, "%s", ui__tr(c, UI__S_TP_TITLE));
    int rc = offered_lines(c, p);
    char label[UI_PLOT_LABEL_MAX];
    static const struct {
        enum ui_col col;
        enum ui__str name;
        enum ui_dash dash; /* in a single-run chart */
        double fill_alpha; /* errors: an area down to 0 in a single-run chart */
    } rows[] = {{UI_COL_COMPLETED, UI__S_COMPLETED, UI_DASH_SOLID, 0},
                {UI_COL_REJECTED, UI__S_REJECTED, UI_DASH_DASHED, 0.22},
                {UI_COL_FAILED, UI__S_FAILED, UI_DASH_DOTTED, 0.4}};
    for (int r = 0; r < c->nruns && !rc; r++)
        for (int vi = 0; vi < c->runs[r].nvariants && !rc; vi++)
            for (size_t k = 0; k < 3 && !rc; k++) {
                const struct ui_variant_data *v = &c->runs[r].v[vi];
                /* Errors only where there are any; the overlay keeps completed
                 * only (the compare table has the counts). */
                if (k > 0 && (overlay(c) || col_max(v, rows[k].col) <= 0))
                    continue;
                struct ui_line_style st = ui__variant_style(c, v->name, vi);
                st.dash = overlay(c) ? run_dash(r) : rows[k].dash;
                series_label(c, r, v->name, ui__tr(c, rows[k].name), label, sizeof label);
                rc = add_column(c, p, r, vi, NULL, rows[k].col, 0, &st, label);
                /* While B is down every offered order fails: the failed line lies on
                 * the offered one. As a filled area in the wiring's colour the errors
                 * stay visible under it (and inside a fault's hatch). */
                if (!rc && rows[k].fill_alpha > 0 && !overlay(c)) {
                    p->items[p->nitems - 1].s.fill = true;
                    p->items[p->nitems - 1].s.fill_alpha = rows[k].fill_alpha;
                }
            }
    if (!rc)
        rc = service_completions(c, p);
    /* The totals, written in the title: rejected and failed per wiring. */
    for (int vi = 0; vi < c->runs[0].nvariants && !rc && !overlay(c); vi++) {
        struct ui_figures f;
        if ((rc = figures_of(c, 0, vi, &f)) != 0)
            break;
        char rej[32], fail[32], line[128];
        ui_format_number(f.v[UI_FIG_REJECTED], 0, rej, sizeof rej);
        ui_format_number(f.v[UI_FIG_FAILED], 0, fail, sizeof fail);
        snprintf(line, sizeof line, ui__tr(c, UI__S_ERR_TOTALS),
                 ui__variant_name(c, c->runs[0].v[vi].name), rej, fail);
        size_t used = strlen(p->title);
        snprintf(p->title + used, sizeof p->title - used, "%s%s", vi ? "; " : " · ", line);
    }
    return rc;
}

/* "B down", "database slow x3" */
static void fault_label(const struct ui__chart *c, const struct ui_fault_meta *f, char *buf,
                        size_t n)
{
    const char *t = f->target;
    if (strcmp(t, "b") == 0 || strcmp(t, "a") == 0)
        t = strcmp(t, "b") == 0 ? "B" : "A";
    else if (strcmp(t, "mq") == 0)
        t = "MQ";
    else if (strcmp(t, "db") == 0 || strcmp(t, "database") == 0)
        t = ui__tr(c, UI__S_DATABASE);
    const char *k = strcmp(f->kind, "down") == 0   ? ui__tr(c, UI__S_DOWN)
                    : strcmp(f->kind, "hang") == 0 ? ui__tr(c, UI__S_HANG)
                    : strcmp(f->kind, "slow") == 0 ? ui__tr(c, UI__S_SLOW)
                    : strcmp(f->kind, "crash") == 0 ? ui__tr(c, UI__S_CRASH)
                                                   : f->kind;
    if (isfinite(f->factor))
        snprintf(buf, n, "%s %s ×%g", t, k, f->factor);
    else
        snprintf(buf, n, "%s %s", t, k);
}

static int spike_band(struct ui__chart *c, struct ui_plot *p, double from, double to, double rate,
                      bool top)
{
    char num[32], label[UI_PLOT_LABEL_MAX] = "";
    if (top && isfinite(rate)) {
        ui_format_number(rate, 0, num, sizeof num);
        snprintf(label, sizeof label, ui__tr(c, UI__S_SPIKE), num);
    }
    return ui_plot_add_band(p, from, to, UI_BAND_SHADE,
                            ui_with_alpha(ui_rgb(ui_okabe_ito[UI_OI_ORANGE]), 0.2), label);
}

/* At most this many bands of each style per panel, so that the series always have
 * room (UI_PLOT_MAX_ITEMS) however many faults a scenario has. */
#define MAX_BANDS_PER_STYLE 12

struct window {
    double from, to, rate;
    const struct ui_fault_meta *f; /* NULL: a load phase */
    int count;                     /* windows merged into this one */
};

/* More windows than MAX_BANDS_PER_STYLE: merge them into that many bands, one per
 * equal slice of time (by start), each from its first start to its last end. */
static int by_start(const void *a, const void *b)
{
    double x = ((const struct window *)a)->from, y = ((const struct window *)b)->from;
    return x < y ? -1 : x > y;
}

static size_t merge_windows(struct window *w, size_t n)
{
    if (n <= MAX_BANDS_PER_STYLE)
        return n;
    /* First the windows that overlap or touch: one band says it better. */
    qsort(w, n, sizeof *w, by_start);
    size_t m0 = 0;
    for (size_t i = 0; i < n; i++) {
        if (m0 > 0 && w[i].from <= w[m0 - 1].to) {
            w[m0 - 1].to = fmax(w[m0 - 1].to, w[i].to);
            w[m0 - 1].count += w[i].count;
            continue;
        }
        w[m0++] = w[i];
    }
    n = m0;
    if (n <= MAX_BANDS_PER_STYLE)
        return n;
    double lo = w[0].from, hi = w[0].from;
    for (size_t i = 1; i < n; i++) {
        lo = fmin(lo, w[i].from);
        hi = fmax(hi, w[i].from);
    }
    struct window out[MAX_BANDS_PER_STYLE];
    bool used[MAX_BANDS_PER_STYLE] = {false};
    for (size_t i = 0; i < n; i++) {
        double k = hi > lo ? floor((w[i].from - lo) / (hi - lo) * MAX_BANDS_PER_STYLE) : 0;
        int b = k >= MAX_BANDS_PER_STYLE ? MAX_BANDS_PER_STYLE - 1 : k < 0 ? 0 : (int)k;
        if (!used[b]) {
            out[b] = w[i];
            used[b] = true;
            continue;
        }
        if (w[i].from < out[b].from) {
            out[b].from = w[i].from;
            out[b].f = w[i].f;
            out[b].rate = w[i].rate;
        }
        out[b].to = fmax(out[b].to, w[i].to);
        out[b].count += w[i].count;
    }
    size_t m = 0;
    for (int b = 0; b < MAX_BANDS_PER_STYLE; b++)
        if (used[b])
            w[m++] = out[b];
    return m;
}

static int add_windows(struct ui__chart *c, struct ui_plot *p, bool top, struct window *w,
                       size_t n, bool hatch)
{
    n = merge_windows(w, n);
    int rc = 0;
    for (size_t i = 0; i < n && !rc; i++) {
        if (!hatch) {
            rc = spike_band(c, p, w[i].from, w[i].to, w[i].count > 1 ? NAN : w[i].rate, top);
            continue;
        }
        char label[UI_PLOT_LABEL_MAX] = "";
        if (top) {
            fault_label(c, w[i].f, label, sizeof label);
            if (w[i].count > 1) {
                size_t len = strlen(label);
                snprintf(label + len, sizeof label - len, " (+%d)", w[i].count - 1);
            }
        }
        rc = ui_plot_add_band(p, w[i].from, w[i].to, UI_BAND_HATCH,
                              ui_with_alpha(ui_rgb(0x444444), 0.8), label);
    }
    return rc;
}

/* Load spikes shaded, faults hatched: from the first run's sidecar. */
static int windows(struct ui__chart *c, struct ui_plot *p, bool top)
{
    const struct ui_run_meta *m = &c->runs[0].meta;
    size_t cap = m->nphases + m->nfaults, nshade = 0, nhatch = 0;
    if (cap == 0)
        return 0;
    struct window *shade = malloc(cap * sizeof *shade), *hatch = malloc(cap * sizeof *hatch);
    if (!shade || !hatch) {
        free(shade);
        free(hatch);
        return SIM_ENOMEM;
    }
    for (size_t i = 1; i < m->nphases; i++)
        if (m->phases[i].rate_per_s > m->phases[0].rate_per_s && isfinite(m->phases[i].from_s))
            shade[nshade++] = (struct window){m->phases[i].from_s, m->phases[i].to_s,
                                              m->phases[i].rate_per_s, NULL, 1};
    for (size_t i = 0; i < m->nfaults; i++) {
        const struct ui_fault_meta *f = &m->faults[i];
        if (!isfinite(f->from_s))
            continue;
        struct window w = {f->from_s, f->to_s, f->rate_per_s, f, 1};
        if (strcmp(f->kind, "spike") == 0)
            shade[nshade++] = w;
        else
            hatch[nhatch++] = w;
    }
    int rc = add_windows(c, p, top, shade, nshade, false);
    if (!rc)
        rc = add_windows(c, p, top, hatch, nhatch, true);
    free(shade);
    free(hatch);
    return rc;
}

int ui__panel_build(struct ui__chart *c, enum ui_chart_panel panel, struct ui_plot *p, bool top)
{
    int rc = windows(c, p, top);
    if (rc)
        return rc;
    switch (panel) {
    case UI_PANEL_LATENCY:
        return latency_panel(c, p, false);
    case UI_PANEL_LAG:
        return latency_panel(c, p, true);
    case UI_PANEL_BACKLOG:
        return backlog_panel(c, p);
    case UI_PANEL_DATABASE:
        return database_panel(c, p);
    case UI_PANEL_THROUGHPUT:
        return throughput_panel(c, p);
    case UI_CHART_NPANELS:
        break;
    }
    return SIM_EINVAL;
}
