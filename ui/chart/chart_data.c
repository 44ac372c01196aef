#include "ui/chart/chart_data.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sim/error.h"
#include "ui/base/termsafe.h"

static void copy_str(char *dst, size_t n, const char *src)
{
    snprintf(dst, n, "%s", src ? src : "");
}

static void meta_init(struct ui_run_meta *m)
{
    memset(m, 0, sizeof *m);
    m->duration_s = m->drain_s = m->interval_s = m->db_capacity_qps = NAN;
}

void ui_rundata_init(struct ui_run_data *d, const char *label)
{
    memset(d, 0, sizeof *d);
    char safe[sizeof d->label];
    copy_str(d->label, sizeof d->label, label ? ui_term_safe(label, safe, sizeof safe) : NULL);
    meta_init(&d->meta);
}

void ui_rundata_free(struct ui_run_data *d)
{
    for (int i = 0; i < d->nvariants; i++)
        for (int c = 0; c < UI_NCOLS; c++)
            free(d->v[i].col[c]);
    for (int i = 0; i < d->nvariants; i++)
        for (int c = 0; c < UI_CSV_MAX_SERVICES * UI_NSVC_COLS; c++)
            free(d->v[i].scol[c]);
    free(d->meta.phases);
    free(d->meta.faults);
    char label[UI_RUN_LABEL_MAX];
    memcpy(label, d->label, sizeof label);
    ui_rundata_init(d, label);
}

static bool valid_name(const char *name)
{
    size_t n = strlen(name);
    if (n == 0 || n >= UI_RUN_NAME_MAX)
        return false;
    for (size_t i = 0; i < n; i++) {
        char c = name[i];
        bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                  c == '_' || c == '-' || c == '.';
        if (!ok)
            return false;
    }
    return true;
}

int ui_rundata_find(const struct ui_run_data *d, const char *name)
{
    for (int i = 0; i < d->nvariants; i++)
        if (strcmp(d->v[i].name, name) == 0)
            return i;
    return -1;
}

int ui_rundata_variant(struct ui_run_data *d, const char *name)
{
    if (!valid_name(name))
        return SIM_EINVAL;
    int i = ui_rundata_find(d, name);
    if (i >= 0)
        return i;
    if (d->nvariants >= UI_RUN_MAX_VARIANTS)
        return SIM_ERANGE;
    struct ui_variant_data *v = &d->v[d->nvariants];
    memset(v, 0, sizeof *v);
    copy_str(v->name, sizeof v->name, name);
    return d->nvariants++;
}

/* Grow every column of v (UI_NCOLS fixed, nscol per-service) to hold cap rows; all or
 * nothing. */
static int grow(struct ui_variant_data *v, int nscol, size_t cap)
{
    enum { MAXC = UI_NCOLS + UI_CSV_MAX_SERVICES * UI_NSVC_COLS };
    double *fresh[MAXC] = {0};
    double **old[MAXC];
    int nc = UI_NCOLS + nscol;
    for (int c = 0; c < nc; c++)
        old[c] = c < UI_NCOLS ? &v->col[c] : &v->scol[c - UI_NCOLS];
    for (int c = 0; c < nc; c++) {
        fresh[c] = malloc(sizeof(double) * cap);
        if (!fresh[c]) {
            for (int k = 0; k < c; k++)
                free(fresh[k]);
            return SIM_ENOMEM;
        }
        if (v->n)
            memcpy(fresh[c], *old[c], sizeof(double) * v->n);
    }
    for (int c = 0; c < nc; c++) {
        free(*old[c]);
        *old[c] = fresh[c];
    }
    v->cap = cap;
    return 0;
}

int ui_rundata_services(struct ui_run_data *d, const char *const *names, int n)
{
    if (d->nvariants > 0 || n < 0 || n == 1 || n > UI_CSV_MAX_SERVICES)
        return SIM_EINVAL;
    for (int k = 0; k < n; k++)
        if (!valid_name(names[k]))
            return SIM_EINVAL;
    for (int k = 0; k < n; k++)
        copy_str(d->svc[k], sizeof d->svc[k], names[k]);
    d->nsvc = n;
    return 0;
}

int ui_rundata_append(struct ui_run_data *d, int vi, const double row[UI_NCOLS])
{
    return ui_rundata_append_services(d, vi, row, NULL);
}

int ui_rundata_append_services(struct ui_run_data *d, int vi, const double row[UI_NCOLS],
                               const double *svc)
{
    if (vi < 0 || vi >= d->nvariants)
        return SIM_EINVAL;
    struct ui_variant_data *v = &d->v[vi];
    int nscol = d->nsvc * UI_NSVC_COLS;
    if (v->n == v->cap) {
        int rc = grow(v, nscol, v->cap ? v->cap * 2 : 64);
        if (rc)
            return rc;
    }
    for (int c = 0; c < UI_NCOLS; c++)
        v->col[c][v->n] = row[c];
    for (int c = 0; c < nscol; c++)
        v->scol[c][v->n] = svc ? svc[c] : 0;
    v->n++;
    return 0;
}

int ui_rundata_add_phase(struct ui_run_data *d, const struct ui_phase_meta *p)
{
    struct ui_run_meta *m = &d->meta;
    struct ui_phase_meta *a = realloc(m->phases, sizeof *a * (m->nphases + 1));
    if (!a)
        return SIM_ENOMEM;
    a[m->nphases++] = *p;
    m->phases = a;
    return 0;
}

int ui_rundata_add_fault(struct ui_run_data *d, const struct ui_fault_meta *f)
{
    struct ui_run_meta *m = &d->meta;
    struct ui_fault_meta *a = realloc(m->faults, sizeof *a * (m->nfaults + 1));
    if (!a)
        return SIM_ENOMEM;
    a[m->nfaults++] = *f;
    m->faults = a;
    return 0;
}

const struct ui_variant_meta *ui_rundata_meta_find(const struct ui_run_data *d, const char *name)
{
    for (int i = 0; i < d->meta.nvariants; i++)
        if (strcmp(d->meta.variants[i].name, name) == 0)
            return &d->meta.variants[i];
    return NULL;
}

struct ui_variant_meta *ui_rundata_meta_variant(struct ui_run_data *d, const char *name)
{
    for (int i = 0; i < d->meta.nvariants; i++)
        if (strcmp(d->meta.variants[i].name, name) == 0)
            return &d->meta.variants[i];
    if (!valid_name(name) || d->meta.nvariants >= UI_RUN_MAX_VARIANTS)
        return NULL;
    struct ui_variant_meta *v = &d->meta.variants[d->meta.nvariants++];
    copy_str(v->name, sizeof v->name, name);
    double *nums[] = {&v->offered,         &v->completed,        &v->rejected,
                      &v->failed,          &v->completed_per_s,  &v->db_qps_max,
                      &v->backlog_max,     &v->backlog_max_at_s, &v->drained_at_s,
                      &v->ideal_latency_ms, &v->completed_load_per_s};
    for (size_t i = 0; i < sizeof nums / sizeof nums[0]; i++)
        *nums[i] = NAN;
    struct ui_stats_ms none = {NAN, NAN, NAN, NAN, NAN, NAN};
    v->latency = v->lag = none;
    return v;
}

const struct ui_service_meta *ui_variant_meta_service(const struct ui_variant_meta *vm,
                                                      const char *name)
{
    for (int i = 0; vm && i < vm->nsvc; i++)
        if (strcmp(vm->svc[i].name, name) == 0)
            return &vm->svc[i];
    return NULL;
}

struct ui_service_meta *ui_variant_meta_add_service(struct ui_variant_meta *vm, const char *name)
{
    struct ui_service_meta *s = (struct ui_service_meta *)ui_variant_meta_service(vm, name);
    if (s)
        return s;
    if (!valid_name(name) || vm->nsvc >= UI_CSV_MAX_SERVICES)
        return NULL;
    s = &vm->svc[vm->nsvc++];
    memset(s, 0, sizeof *s);
    copy_str(s->name, sizeof s->name, name);
#define UI_SVC_META_NAN(key, field, null_value) s->field = NAN;
    UI_JSON_SERVICE_FIGURES(UI_SVC_META_NAN)
#undef UI_SVC_META_NAN
    s->lag = (struct ui_stats_ms){NAN, NAN, NAN, NAN, NAN, NAN};
    return s;
}

struct ui_database_meta *ui_rundata_add_database(struct ui_run_data *d, const char *name)
{
    struct ui_run_meta *m = &d->meta;
    if (!valid_name(name) || m->ndatabases >= UI_RUN_MAX_DATABASES)
        return NULL;
    struct ui_database_meta *db = &m->databases[m->ndatabases++];
    memset(db, 0, sizeof *db);
    copy_str(db->name, sizeof db->name, name);
    db->capacity_qps = NAN;
    return db;
}

int ui_rundata_service_database(const struct ui_run_data *d, const char *name)
{
    for (int i = 0; i < d->meta.ndatabases; i++)
        for (int k = 0; k < d->meta.databases[i].nservices; k++)
            if (strcmp(d->meta.databases[i].services[k], name) == 0)
                return i;
    return -1;
}

double ui_rundata_interval(const struct ui_run_data *d)
{
    if (isfinite(d->meta.interval_s) && d->meta.interval_s > 0)
        return d->meta.interval_s;
    double best = INFINITY;
    for (int i = 0; i < d->nvariants; i++) {
        const double *t = d->v[i].col[UI_COL_TIME];
        for (size_t k = 1; k < d->v[i].n; k++)
            if (t[k] - t[k - 1] > 0 && t[k] - t[k - 1] < best)
                best = t[k] - t[k - 1];
    }
    return isfinite(best) ? best : 1.0;
}

double ui_rundata_end(const struct ui_run_data *d)
{
    double end = 0, step = ui_rundata_interval(d);
    for (int i = 0; i < d->nvariants; i++)
        if (d->v[i].n && d->v[i].col[UI_COL_TIME][d->v[i].n - 1] + step > end)
            end = d->v[i].col[UI_COL_TIME][d->v[i].n - 1] + step;
    return end;
}
