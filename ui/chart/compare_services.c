/* compare, several services: each service's figures per run (sidecar or CSV rule), the
 * services each run has, and their rows in the table and the JSON. */
#include <jansson.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "sim/error.h"
#include "ui/chart/compare.h"

const struct ui_figure_info ui_svc_figure_info[UI_NSVC_FIGURES] = {
#define UI_SVC_FIG_INFO(e, key, label, dec, meta, rule) [UI_SVC_FIG_##e] = {key, label, dec, meta, rule},
    UI_SVC_FIGURES(UI_SVC_FIG_INFO)
#undef UI_SVC_FIG_INFO
};

int ui_run_services(const struct ui_run_data *d, const char **names, int max)
{
    int n = 0;
    for (int k = 0; k < d->nsvc && n < max; k++)
        names[n++] = d->svc[k];
    for (int i = 0; i < d->meta.nvariants; i++) /* the sidecar's (the services form) */
        for (int k = 0; k < d->meta.variants[i].nsvc; k++) {
            const char *name = d->meta.variants[i].svc[k].name;
            bool seen = false;
            for (int j = 0; j < n; j++)
                seen |= strcmp(names[j], name) == 0;
            if (!seen && n < max)
                names[n++] = name;
        }
    return n;
}

static int svc_column(const struct ui_run_data *d, const char *name)
{
    for (int k = 0; k < d->nsvc; k++)
        if (strcmp(d->svc[k], name) == 0)
            return k;
    return -1;
}

static double max_of(const double *y, size_t n, size_t *at)
{
    double m = 0;
    *at = 0;
    for (size_t i = 0; i < n; i++)
        if (y[i] > m) {
            m = y[i];
            *at = i;
        }
    return m;
}

/* The CSV rules of UI_SVC_FIGURES over service column k of variant v. */
static void svc_from_csv(const struct ui_run_data *d, const struct ui_variant_data *v, int k,
                         struct ui_svc_figures *f)
{
    double step = ui_rundata_interval(d), sum = 0;
    const double *done = v->scol[k * UI_NSVC_COLS + UI_SC_COMPLETED];
    const double *lag = v->scol[k * UI_NSVC_COLS + UI_SC_LAG_P99];
    const double *backlog = v->scol[k * UI_NSVC_COLS + UI_SC_BACKLOG];
    const double *db = v->scol[k * UI_NSVC_COLS + UI_SC_DB_QPS];
    size_t at;
    for (size_t i = 0; i < v->n; i++)
        sum += done[i];
    f->v[UI_SVC_FIG_COMPLETED] = round(sum * step);
    f->v[UI_SVC_FIG_LAG_P99] = max_of(lag, v->n, &at);
    f->v[UI_SVC_FIG_BACKLOG_MAX] = max_of(backlog, v->n, &at);
    f->v[UI_SVC_FIG_DRAINED_AT] = 0; /* never backed up: the model's convention */
    if (f->v[UI_SVC_FIG_BACKLOG_MAX] > 0) {
        f->v[UI_SVC_FIG_DRAINED_AT] = INFINITY;
        for (size_t i = at + 1; i < v->n; i++)
            if (backlog[i] == 0) {
                f->v[UI_SVC_FIG_DRAINED_AT] = v->col[UI_COL_TIME][i] + step;
                break;
            }
    }
    f->v[UI_SVC_FIG_DB_MAX] = max_of(db, v->n, &at);
    for (int i = 0; i < UI_NSVC_FIGURES; i++)
        f->from_csv[i] = true;
}

static void use(struct ui_svc_figures *f, enum ui_svc_figure k, double v)
{
    if (!isnan(v)) {
        f->v[k] = v;
        f->from_csv[k] = false;
    }
}

bool ui_svc_figures_compute(const struct ui_run_data *d, int vi, const char *name,
                            struct ui_svc_figures *f)
{
    for (int i = 0; i < UI_NSVC_FIGURES; i++) {
        f->v[i] = NAN;
        f->from_csv[i] = false;
    }
    int k = svc_column(d, name);
    const struct ui_variant_meta *vm = ui_rundata_meta_find(d, d->v[vi].name);
    const struct ui_service_meta *m = d->meta.present ? ui_variant_meta_service(vm, name) : NULL;
    if (k < 0 && !m)
        return false;
    if (k >= 0)
        svc_from_csv(d, &d->v[vi], k, f);
    if (m) {
        use(f, UI_SVC_FIG_COMPLETED, m->completed);
        use(f, UI_SVC_FIG_FAILED, m->failed);
        use(f, UI_SVC_FIG_LAG_P99, m->lag.p99);
        use(f, UI_SVC_FIG_BACKLOG_MAX, m->backlog_max);
        use(f, UI_SVC_FIG_DRAINED_AT, m->drained_at_s);
        use(f, UI_SVC_FIG_DB_MAX, m->db_qps_max);
    }
    return true;
}

/* Every service name of the runs, in order of first appearance. */
int ui_services_union(const struct ui_run_data *runs, int n, const char **names, int max)
{
    int k = 0;
    for (int r = 0; r < n; r++) {
        const char *own[UI_CSV_MAX_SERVICES];
        int m = ui_run_services(&runs[r], own, UI_CSV_MAX_SERVICES);
        for (int i = 0; i < m; i++) {
            bool seen = false;
            for (int j = 0; j < k; j++)
                seen |= strcmp(names[j], own[i]) == 0;
            if (!seen && k < max)
                names[k++] = own[i];
        }
    }
    return k;
}

void ui_compare_print_services(const struct ui_run_data *runs, int n, FILE *f)
{
    const char *names[UI_CSV_MAX_SERVICES * 4];
    int ns = ui_services_union(runs, n, names, (int)(sizeof names / sizeof names[0]));
    if (ns == 0)
        return;
    fprintf(f, "services:\n");
    for (int r = 0; r < n; r++) {
        const char *own[UI_CSV_MAX_SERVICES];
        int m = ui_run_services(&runs[r], own, UI_CSV_MAX_SERVICES);
        fprintf(f, "  %-12s ", runs[r].label);
        if (m == 0)
            fprintf(f, "one, without figures of its own: the variant's are its\n");
        for (int i = 0; i < m; i++)
            fprintf(f, "%s%s", own[i], i + 1 < m ? ", " : "\n");
    }
}

static void fmt(char *buf, size_t n, enum ui_svc_figure k, double v, bool approx, double bmax)
{
    if (isnan(v))
        snprintf(buf, n, "-");
    else if (k == UI_SVC_FIG_DRAINED_AT && !(bmax > 0))
        snprintf(buf, n, "-"); /* nothing to drain */
    else if (isinf(v))
        snprintf(buf, n, "never");
    else
        snprintf(buf, n, "%.*f%s", ui_svc_figure_info[k].decimals, v, approx ? "~" : "");
}

/* The block of service name in variant name: one row per figure, a column per run. */
static void print_block(const struct ui_run_data *runs, int n, const char *variant,
                        const char *name, int width, FILE *f, bool *approx_any)
{
    struct ui_svc_figures fig[n];
    bool present[n], any = false;
    for (int r = 0; r < n; r++) {
        int vi = ui_rundata_find(&runs[r], variant);
        present[r] = vi >= 0 && ui_svc_figures_compute(&runs[r], vi, name, &fig[r]);
        any |= present[r];
    }
    if (!any)
        return;
    char head[96];
    snprintf(head, sizeof head, "%s, service %s", variant, name);
    fprintf(f, "\n%-30s", head);
    for (int r = 0; r < n; r++) {
        fprintf(f, " %*s", width, runs[r].label);
        if (r > 0)
            fprintf(f, " %10s %7s", "diff", "ratio");
    }
    fputc('\n', f);
    for (int k = 0; k < UI_NSVC_FIGURES; k++) {
        fprintf(f, "  %-28s", ui_svc_figure_info[k].label);
        for (int r = 0; r < n; r++) {
            char v[48] = "-";
            bool approx = present[r] && runs[r].meta.present && fig[r].from_csv[k];
            *approx_any |= approx;
            if (present[r])
                fmt(v, sizeof v, (enum ui_svc_figure)k, fig[r].v[k], approx,
                    fig[r].v[UI_SVC_FIG_BACKLOG_MAX]);
            fprintf(f, " %*s", width, v);
            bool shown = r > 0 && present[0] && present[r] && strcmp(v, "-") != 0;
            if (r > 0)
                ui_compare_print_diff(f, shown ? fig[0].v[k] : NAN, shown ? fig[r].v[k] : NAN,
                                      ui_svc_figure_info[k].decimals);
        }
        fputc('\n', f);
    }
}

void ui_compare_print_service_blocks(const struct ui_run_data *runs, int n, const char *variant,
                                     int width, FILE *f, bool *approx_any)
{
    const char *names[UI_CSV_MAX_SERVICES * 4];
    int ns = ui_services_union(runs, n, names, (int)(sizeof names / sizeof names[0]));
    for (int i = 0; i < ns; i++)
        print_block(runs, n, variant, names[i], width, f, approx_any);
}

static json_t *num(enum ui_svc_figure k, double v)
{
    if (!isfinite(v))
        return json_null();
    if (ui_svc_figure_info[k].decimals == 0 && fabs(v) < 9e15 && v == floor(v))
        return json_integer((json_int_t)v);
    return json_real(v);
}

/* {"present": [...], figure: {"values", "diff", "ratio", "from_csv"}, ...} */
static json_t *service_json(const struct ui_run_data *runs, int n, const char *variant,
                            const char *name)
{
    struct ui_svc_figures fig[n];
    bool present[n];
    json_t *o = json_object(), *pres = json_array();
    int bad = !o || !pres;
    for (int r = 0; r < n; r++) {
        int vi = ui_rundata_find(&runs[r], variant);
        present[r] = vi >= 0 && ui_svc_figures_compute(&runs[r], vi, name, &fig[r]);
        bad |= json_array_append_new(pres, json_boolean(present[r]));
    }
    bad |= json_object_set_new(o, "present", pres);
    for (int k = 0; k < UI_NSVC_FIGURES && !bad; k++) {
        json_t *fo = json_object(), *vals = json_array(), *diff = json_array(),
               *ratio = json_array(), *csv = json_array();
        bad |= !fo || !vals || !diff || !ratio || !csv;
        for (int r = 0; r < n && !bad; r++) {
            double v = present[r] ? fig[r].v[k] : NAN, a = present[0] ? fig[0].v[k] : NAN;
            double q = ui_figure_ratio(a, v);
            bad |= json_array_append_new(vals, num((enum ui_svc_figure)k, v));
            bad |= json_array_append_new(
                diff, r ? num((enum ui_svc_figure)k, ui_figure_diff(a, v)) : json_null());
            bad |= json_array_append_new(ratio, r && isfinite(q) ? json_real(q) : json_null());
            bad |= json_array_append_new(csv, present[r] ? json_boolean(fig[r].from_csv[k])
                                                         : json_null());
        }
        bad |= json_object_set_new(fo, "values", vals) | json_object_set_new(fo, "diff", diff);
        bad |= json_object_set_new(fo, "ratio", ratio) | json_object_set_new(fo, "from_csv", csv);
        bad |= json_object_set_new(o, ui_svc_figure_info[k].key, fo);
    }
    if (bad) {
        json_decref(o);
        return NULL;
    }
    return o;
}

json_t *ui_compare_services_json(const struct ui_run_data *runs, int n, const char *variant)
{
    const char *names[UI_CSV_MAX_SERVICES * 4];
    int ns = ui_services_union(runs, n, names, (int)(sizeof names / sizeof names[0]));
    json_t *o = json_object();
    int bad = !o;
    for (int i = 0; i < ns && !bad; i++)
        bad |= json_object_set_new(o, names[i], service_json(runs, n, variant, names[i]));
    if (bad) {
        json_decref(o);
        return NULL;
    }
    return o;
}

json_t *ui_run_services_json(const struct ui_run_data *d)
{
    const char *own[UI_CSV_MAX_SERVICES];
    int m = ui_run_services(d, own, UI_CSV_MAX_SERVICES);
    json_t *a = json_array();
    for (int i = 0; a && i < m; i++)
        if (json_array_append_new(a, json_string(own[i]))) {
            json_decref(a);
            return NULL;
        }
    return a;
}
