/* compare: each run's key figures (sidecar or CSV rule) and the side-by-side table. */
#include "ui/chart/compare.h"

#include <jansson.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "sim/error.h"

const struct ui_figure_info ui_figure_info[UI_NFIGURES] = {
#define UI_FIG_INFO(e, key, label, dec, meta, rule) [UI_FIG_##e] = {key, label, dec, meta, rule},
    UI_FIGURES(UI_FIG_INFO)
#undef UI_FIG_INFO
};

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* Median of the positive values of col (0 means nobody was answered) into *out.
 * Returns 0 or SIM_ENOMEM. */
static int median_positive(const struct ui_variant_data *v, enum ui_col col, double *out)
{
    double *tmp = malloc(sizeof *tmp * (v->n ? v->n : 1));
    if (!tmp)
        return SIM_ENOMEM;
    size_t k = 0;
    for (size_t i = 0; i < v->n; i++)
        if (v->col[col][i] > 0)
            tmp[k++] = v->col[col][i];
    double m = NAN;
    if (k) {
        qsort(tmp, k, sizeof *tmp, cmp_double);
        m = k % 2 ? tmp[k / 2] : (tmp[k / 2 - 1] + tmp[k / 2]) / 2;
    }
    free(tmp);
    *out = m;
    return 0;
}

static double col_max(const struct ui_variant_data *v, enum ui_col col, size_t *at)
{
    double m = 0;
    if (at)
        *at = 0;
    for (size_t i = 0; i < v->n; i++)
        if (v->col[col][i] > m) {
            m = v->col[col][i];
            if (at)
                *at = i;
        }
    return m;
}

static double col_sum(const struct ui_variant_data *v, enum ui_col col)
{
    double s = 0;
    for (size_t i = 0; i < v->n; i++)
        s += v->col[col][i];
    return s;
}

static double drained_from_csv(const struct ui_variant_data *v, double step)
{
    size_t at;
    if (col_max(v, UI_COL_BACKLOG, &at) <= 0)
        return 0; /* never backed up: the model's convention */
    for (size_t i = at + 1; i < v->n; i++)
        if (v->col[UI_COL_BACKLOG][i] == 0)
            return v->col[UI_COL_TIME][i] + step;
    return INFINITY;
}

static int from_csv(const struct ui_run_data *d, const struct ui_variant_data *v,
                    struct ui_figures *f)
{
    double step = ui_rundata_interval(d);
    f->v[UI_FIG_RUN_AVERAGE] = v->n ? col_sum(v, UI_COL_COMPLETED) / (double)v->n : NAN;
    double load_end = isfinite(d->meta.duration_s) ? d->meta.duration_s : INFINITY, sum = 0;
    size_t rows = 0;
    for (size_t i = 0; i < v->n; i++)
        if (v->col[UI_COL_TIME][i] < load_end) {
            sum += v->col[UI_COL_COMPLETED][i];
            rows++;
        }
    f->v[UI_FIG_THROUGHPUT] = rows ? sum / (double)rows : NAN;
    f->v[UI_FIG_LATENCY_P99] = col_max(v, UI_COL_LATENCY_P99, NULL);
    f->v[UI_FIG_REJECTED] = round(col_sum(v, UI_COL_REJECTED) * step);
    f->v[UI_FIG_FAILED] = round(col_sum(v, UI_COL_FAILED) * step);
    f->v[UI_FIG_BACKLOG_MAX] = col_max(v, UI_COL_BACKLOG, NULL);
    f->v[UI_FIG_DRAINED_AT] = drained_from_csv(v, step);
    f->v[UI_FIG_DB_MAX] = col_max(v, UI_COL_DB_QPS, NULL);
    for (int i = 0; i < UI_NFIGURES; i++)
        f->from_csv[i] = true;
    return median_positive(v, UI_COL_LATENCY_P50, &f->v[UI_FIG_LATENCY_P50]);
}

static void use(struct ui_figures *f, enum ui_figure k, double v)
{
    if (!isnan(v)) {
        f->v[k] = v;
        f->from_csv[k] = false;
    }
}

int ui_figures_compute(const struct ui_run_data *d, int vi, struct ui_figures *f)
{
    int rc = from_csv(d, &d->v[vi], f);
    const struct ui_variant_meta *m = ui_rundata_meta_find(d, d->v[vi].name);
    if (rc || !d->meta.present || !m)
        return rc;
    double tp = m->completed_per_s, span = d->meta.duration_s + d->meta.drain_s;
    if (isnan(tp) && !isnan(m->completed) && span > 0)
        tp = m->completed / span;
    use(f, UI_FIG_RUN_AVERAGE, tp);
    use(f, UI_FIG_THROUGHPUT, m->completed_load_per_s);
    use(f, UI_FIG_LATENCY_P50, m->latency.p50);
    use(f, UI_FIG_LATENCY_P99, m->latency.p99);
    use(f, UI_FIG_REJECTED, m->rejected);
    use(f, UI_FIG_FAILED, m->failed);
    use(f, UI_FIG_BACKLOG_MAX, m->backlog_max);
    use(f, UI_FIG_DRAINED_AT, m->drained_at_s);
    use(f, UI_FIG_DB_MAX, m->db_qps_max);
    return 0;
}

double ui_figure_diff(double a, double b)
{
    return isfinite(a) && isfinite(b) ? b - a : NAN;
}

double ui_figure_ratio(double a, double b)
{
    return isfinite(a) && isfinite(b) && a != 0 ? b / a : NAN;
}

void ui_compare_print_diff(FILE *f, double a, double b, int decimals)
{
    char d[48] = "-", q[32] = "-";
    double diff = ui_figure_diff(a, b), ratio = ui_figure_ratio(a, b);
    if (!isnan(diff))
        snprintf(d, sizeof d, "%+.*f", decimals, diff);
    if (!isnan(ratio))
        snprintf(q, sizeof q, "%.2f", ratio);
    fprintf(f, " %10s %7s", d, q);
}

/* Every variant name of the runs, in order of first appearance. */
static int variant_union(const struct ui_run_data *runs, int n, const char **names, int max)
{
    int k = 0;
    for (int r = 0; r < n; r++)
        for (int vi = 0; vi < runs[r].nvariants; vi++) {
            int seen = 0;
            for (int j = 0; j < k; j++)
                seen |= strcmp(names[j], runs[r].v[vi].name) == 0;
            if (!seen && k < max)
                names[k++] = runs[r].v[vi].name;
        }
    return k;
}

static void fmt_value(char *buf, size_t n, enum ui_figure k, double v, bool present, bool approx,
                      double backlog_max)
{
    if (!present || isnan(v))
        snprintf(buf, n, "-");
    else if (k == UI_FIG_DRAINED_AT && backlog_max <= 0)
        snprintf(buf, n, "-"); /* nothing to drain */
    else if (isinf(v))
        snprintf(buf, n, "never");
    else
        snprintf(buf, n, "%.*f%s", ui_figure_info[k].decimals, v, approx ? "~" : "");
}

static void print_runs(const struct ui_run_data *runs, int n, FILE *f)
{
    fprintf(f, "runs:\n");
    for (int r = 0; r < n; r++) {
        const struct ui_run_data *d = &runs[r];
        if (d->meta.present)
            fprintf(f, "  %-12s %s + %s: figures from the sidecar\n", d->label, d->source,
                    d->meta_source[0] ? d->meta_source : "meta");
        else
            fprintf(f, "  %-12s %s: no sidecar, figures computed from the CSV (see --help)\n",
                    d->label, d->source);
    }
    ui_compare_print_services(runs, n, f);
    if (n > 1)
        fprintf(f, "diff = run - %s, ratio = run / %s\n", runs[0].label, runs[0].label);
}

/* Figures of variant name in every run; present[r] false where run r lacks it. */
static int figures_of(const struct ui_run_data *runs, int n, const char *name,
                      struct ui_figures *fig, bool *present)
{
    for (int r = 0; r < n; r++) {
        int vi = ui_rundata_find(&runs[r], name);
        present[r] = vi >= 0;
        int rc = vi >= 0 ? ui_figures_compute(&runs[r], vi, &fig[r]) : 0;
        if (rc)
            return rc;
    }
    return 0;
}

static int print_variant(const struct ui_run_data *runs, int n, const char *name, int width,
                         FILE *f, bool *approx_any)
{
    struct ui_figures fig[n];
    bool present[n];
    int rc = figures_of(runs, n, name, fig, present);
    if (rc)
        return rc;
    fprintf(f, "\n%-30s", name);
    for (int r = 0; r < n; r++) {
        fprintf(f, " %*s", width, runs[r].label);
        if (r > 0)
            fprintf(f, " %10s %7s", "diff", "ratio");
    }
    fputc('\n', f);
    for (int k = 0; k < UI_NFIGURES; k++) {
        fprintf(f, "  %-28s", ui_figure_info[k].label);
        for (int r = 0; r < n; r++) {
            char v[48];
            bool approx = present[r] && runs[r].meta.present && fig[r].from_csv[k];
            *approx_any |= approx;
            double bmax = present[r] ? fig[r].v[UI_FIG_BACKLOG_MAX] : 0;
            fmt_value(v, sizeof v, (enum ui_figure)k, present[r] ? fig[r].v[k] : NAN, present[r],
                      approx, bmax);
            fprintf(f, " %*s", width, v);
            bool shown = r > 0 && present[0] && present[r] && strcmp(v, "-") != 0;
            if (r > 0)
                ui_compare_print_diff(f, shown ? fig[0].v[k] : NAN, shown ? fig[r].v[k] : NAN,
                                      ui_figure_info[k].decimals);
        }
        fputc('\n', f);
    }
    ui_compare_print_service_blocks(runs, n, name, width, f, approx_any);
    return 0;
}

int ui_compare_print(const struct ui_run_data *runs, int n, FILE *f)
{
    print_runs(runs, n, f);
    int width = 11;
    for (int r = 0; r < n; r++)
        if ((int)strlen(runs[r].label) > width)
            width = (int)strlen(runs[r].label);
    const char *names[UI_RUN_MAX_VARIANTS * 8];
    int nv = variant_union(runs, n, names, (int)(sizeof names / sizeof names[0]));
    bool approx_any = false;
    for (int i = 0; i < nv; i++) {
        int rc = print_variant(runs, n, names[i], width, f, &approx_any);
        if (rc)
            return rc;
    }
    if (approx_any)
        fprintf(f, "\n~ not in the sidecar: computed from the CSV (see --help)\n");
    return 0;
}

static json_t *num(enum ui_figure k, double v)
{
    if (!isfinite(v))
        return json_null();
    if (ui_figure_info[k].decimals == 0 && fabs(v) < 9e15 && v == floor(v))
        return json_integer((json_int_t)v);
    return json_real(v);
}

/* {"values": [...], "diff": [...], "ratio": [...], "from_csv": [...]} of figure k. */
static json_t *figure_json(const struct ui_figures *fig, const bool *present, int n,
                           enum ui_figure k)
{
    json_t *o = json_object(), *vals = json_array(), *diff = json_array(), *ratio = json_array(),
           *csv = json_array();
    int bad = !o | !vals | !diff | !ratio | !csv;
    for (int r = 0; r < n && !bad; r++) {
        double v = present[r] ? fig[r].v[k] : NAN;
        double a = present[0] ? fig[0].v[k] : NAN;
        bad |= json_array_append_new(vals, num(k, v));
        bad |= json_array_append_new(diff, r ? num(k, ui_figure_diff(a, v)) : json_null());
        bad |= json_array_append_new(ratio, r && isfinite(ui_figure_ratio(a, v))
                                                ? json_real(ui_figure_ratio(a, v))
                                                : json_null());
        bad |=
            json_array_append_new(csv, present[r] ? json_boolean(fig[r].from_csv[k]) : json_null());
    }
    if (!bad && o) {
        bad |= json_object_set(o, "values", vals) | json_object_set(o, "diff", diff);
        bad |= json_object_set(o, "ratio", ratio) | json_object_set(o, "from_csv", csv);
    }
    json_decref(vals);
    json_decref(diff);
    json_decref(ratio);
    json_decref(csv);
    if (bad) {
        json_decref(o);
        return NULL;
    }
    return o;
}

static json_t *variant_json(const struct ui_run_data *runs, int n, const char *name, int *rc)
{
    struct ui_figures fig[n];
    bool present[n];
    *rc = figures_of(runs, n, name, fig, present);
    json_t *o = json_object(), *pres = json_array();
    int bad = *rc || !o || !pres;
    for (int r = 0; r < n && !bad; r++)
        bad |= json_array_append_new(pres, json_boolean(present[r]));
    if (!bad) {
        bad |= json_object_set_new(o, "present", pres);
        pres = NULL; /* owned by o now, even when setting failed */
    }
    for (int k = 0; k < UI_NFIGURES && !bad; k++)
        bad |= json_object_set_new(o, ui_figure_info[k].key,
                                   figure_json(fig, present, n, (enum ui_figure)k));
    const char *svcs[1];
    if (!bad && ui_services_union(runs, n, svcs, 1) > 0) /* only with per-service figures */
        bad |= json_object_set_new(o, "services", ui_compare_services_json(runs, n, name));
    json_decref(pres);
    if (bad) {
        json_decref(o);
        *rc = *rc ? *rc : SIM_ENOMEM;
        return NULL;
    }
    return o;
}

static json_t *runs_json(const struct ui_run_data *runs, int n)
{
    json_t *a = json_array();
    int bad = !a;
    for (int r = 0; r < n && !bad; r++) {
        const struct ui_run_data *d = &runs[r];
        json_t *o = json_object();
        bad |= !o;
        if (o) {
            bad |= json_object_set_new(o, "label", json_string(d->label));
            bad |= json_object_set_new(o, "csv", json_string(d->source));
            bad |= json_object_set_new(
                o, "sidecar", d->meta_source[0] ? json_string(d->meta_source) : json_null());
            const char *svcs[1];
            if (ui_services_union(runs, n, svcs, 1) > 0) /* [] for a one-service run */
                bad |= json_object_set_new(o, "services", ui_run_services_json(d));
        }
        bad |= json_array_append_new(a, o);
    }
    if (bad) {
        json_decref(a);
        return NULL;
    }
    return a;
}

int ui_compare_json(const struct ui_run_data *runs, int n, FILE *f)
{
    json_t *root = json_object(), *vars = json_object();
    int rc = 0, bad = !root || !vars;
    const char *names[UI_RUN_MAX_VARIANTS * 8];
    int nv = variant_union(runs, n, names, (int)(sizeof names / sizeof names[0]));
    for (int i = 0; i < nv && !bad; i++)
        bad |= json_object_set_new(vars, names[i], variant_json(runs, n, names[i], &rc));
    if (!bad) {
        bad |= json_object_set_new(root, "baseline", json_string(runs[0].label));
        bad |= json_object_set_new(root, "runs", runs_json(runs, n));
        bad |= json_object_set(root, "variants", vars);
    }
    json_decref(vars);
    if (!bad && json_dumpf(root, f, JSON_INDENT(2) | JSON_REAL_PRECISION(10)) != 0)
        rc = SIM_EIO;
    if (!bad && !rc && fputc('\n', f) == EOF)
        rc = SIM_EIO;
    json_decref(root);
    return bad ? (rc ? rc : SIM_ENOMEM) : rc;
}
