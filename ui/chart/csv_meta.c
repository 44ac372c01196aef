/* The JSON sidecar of a run (`ordersim run --json`), read with jansson. Every key is
 * optional so that a sidecar from an older or newer ordersim still charts; a key
 * that is present must have the right type. */
#include <errno.h>
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "sim/error.h"
#include "ui/base/file.h"
#include "ui/base/json_text.h"
#include "ui/chart/csv.h"

struct meta_ctx {
    const char *path;
    char *err;
    size_t errlen;
};

static int type_err(const struct meta_ctx *m, const char *key, const char *want)
{
    snprintf(m->err, m->errlen, "%s: key %s: expected %s", m->path, key, want);
    return SIM_EPARSE;
}

static int oom(const struct meta_ctx *m)
{
    snprintf(m->err, m->errlen, "%s: out of memory", m->path);
    return SIM_ENOMEM;
}

/* Number at obj[name] into *out; absent leaves *out; JSON null gives null_value
 * (NAN: unknown, as `ordersim run --json` writes figures a variant does not have,
 * e.g. the backlog peak time of a wiring without an MQ). */
static int get_num(const struct meta_ctx *m, json_t *obj, const char *name, const char *where,
                   double *out, double null_value)
{
    json_t *v = json_object_get(obj, name);
    if (!v)
        return 0;
    char key[320];
    snprintf(key, sizeof key, "%.200s%s%.64s", where, *where ? "." : "", name);
    if (json_is_null(v)) {
        *out = null_value;
        return 0;
    }
    if (!json_is_number(v) || !isfinite(json_number_value(v)))
        return type_err(m, key, "a number or null");
    if (fabs(json_number_value(v)) > UI_RUN_MAX_VALUE)
        return type_err(m, key, "a number from -1e15 to 1e15 (or null)");
    *out = json_number_value(v);
    return 0;
}

/* One figure of a variant or a service: its key, where it goes, its value for null. */
struct figure_row {
    const char *name;
    double *dst;
    double null_value;
};

static int read_figures(const struct meta_ctx *m, json_t *obj, const char *where,
                        const struct figure_row *rows, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        int rc = get_num(m, obj, rows[i].name, where, rows[i].dst, rows[i].null_value);
        if (rc)
            return rc;
    }
    return 0;
}

/* The writer's null drained_at_s means "never drained" only where there was a backlog;
 * without one (backlog_max 0) there is nothing to drain: unknown. */
static void unknown_drain(double *drained_at_s, double backlog_max)
{
    if (isinf(*drained_at_s) && !(backlog_max > 0))
        *drained_at_s = NAN;
}

static int get_str(const struct meta_ctx *m, json_t *obj, const char *name, const char *where,
                   char *out, size_t n)
{
    json_t *v = json_object_get(obj, name);
    if (!v)
        return 0;
    if (!json_is_string(v)) {
        char key[320];
        snprintf(key, sizeof key, "%.200s%s%.64s", where, *where ? "." : "", name);
        return type_err(m, key, "a string");
    }
    snprintf(out, n, "%s", json_string_value(v));
    return 0;
}

static int get_stats(const struct meta_ctx *m, json_t *obj, const char *name, const char *where,
                     struct ui_stats_ms *s)
{
    json_t *v = json_object_get(obj, name);
    if (!v)
        return 0;
    char key[320];
    snprintf(key, sizeof key, "%.200s.%.64s", where, name);
    if (!json_is_object(v))
        return type_err(m, key, "an object");
    struct {
        const char *name;
        double *dst;
    } rows[] = {
#define UI_JSON_STAT_ROW(field) {#field, &s->field},
        UI_JSON_STATS(UI_JSON_STAT_ROW)
#undef UI_JSON_STAT_ROW
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        int rc = get_num(m, v, rows[i].name, key, rows[i].dst, NAN);
        if (rc)
            return rc;
    }
    return 0;
}

/* variants.<v>.services: each service's figures. */
static int read_services(const struct meta_ctx *m, struct ui_variant_meta *vm, const char *where,
                         json_t *svcs)
{
    char at[160];
    snprintf(at, sizeof at, "%s.%s", where, ui_json_key(SERVICES));
    if (!svcs)
        return 0;
    if (!json_is_object(svcs))
        return type_err(m, at, "an object");
    const char *name;
    json_t *sv;
    json_object_foreach(svcs, name, sv)
    {
        char one[256];
        snprintf(one, sizeof one, "%s.%.64s", at, name);
        if (!json_is_object(sv))
            return type_err(m, one, "an object");
        struct ui_service_meta *s = ui_variant_meta_add_service(vm, name);
        if (!s) {
            snprintf(m->err, m->errlen, "%s: key %s: bad service name or more than %d services",
                     m->path, one, UI_CSV_MAX_SERVICES);
            return SIM_EPARSE;
        }
        const struct figure_row rows[] = {
#define UI_JSON_SVC_ROW(key, field, null_value) {ui_json_key(key), &s->field, null_value},
            UI_JSON_SERVICE_FIGURES(UI_JSON_SVC_ROW)
#undef UI_JSON_SVC_ROW
        };
        int rc = read_figures(m, sv, one, rows, sizeof rows / sizeof rows[0]);
        if (rc)
            return rc;
        unknown_drain(&s->drained_at_s, s->backlog_max);
        rc = get_stats(m, sv, ui_json_key(COMPLETION_LAG_MS), one, &s->lag);
        if (rc)
            return rc;
    }
    return 0;
}

static int read_variant(const struct meta_ctx *m, struct ui_run_data *d, const char *name,
                        json_t *v)
{
    char where[96];
    snprintf(where, sizeof where, "%s.%s", ui_json_key(VARIANTS), name);
    if (!json_is_object(v))
        return type_err(m, where, "an object");
    struct ui_variant_meta *vm = ui_rundata_meta_variant(d, name);
    if (!vm) {
        snprintf(m->err, m->errlen, "%s: key %s: bad variant name or more than %d variants",
                 m->path, where, UI_RUN_MAX_VARIANTS);
        return SIM_EPARSE;
    }
    const struct figure_row rows[] = {
#define UI_JSON_FIGURE_ROW(key, field, null_value) {ui_json_key(key), &vm->field, null_value},
        UI_JSON_VARIANT_FIGURES(UI_JSON_FIGURE_ROW)
#undef UI_JSON_FIGURE_ROW
    };
    int rc = read_figures(m, v, where, rows, sizeof rows / sizeof rows[0]);
    if (rc)
        return rc;
    unknown_drain(&vm->drained_at_s, vm->backlog_max);
    rc = get_stats(m, v, ui_json_key(LATENCY_MS), where, &vm->latency);
    rc = rc ? rc : get_stats(m, v, ui_json_key(COMPLETION_LAG_MS), where, &vm->lag);
    return rc ? rc : read_services(m, vm, where, json_object_get(v, ui_json_key(SERVICES)));
}

/* The services form's databases: {"main": {"capacity_qps": 6000, "services": ["b"]}}. */
static int read_databases(const struct meta_ctx *m, struct ui_run_data *d, json_t *dbs)
{
    if (!dbs)
        return 0;
    if (!json_is_object(dbs))
        return type_err(m, ui_json_key(DATABASES), "an object");
    const char *name;
    json_t *o;
    json_object_foreach(dbs, name, o)
    {
        char where[128];
        snprintf(where, sizeof where, "%s.%.64s", ui_json_key(DATABASES), name);
        if (!json_is_object(o))
            return type_err(m, where, "an object");
        struct ui_database_meta *db = ui_rundata_add_database(d, name);
        if (!db) {
            snprintf(m->err, m->errlen,
                     "%s: key %s: bad database name or more than %d databases", m->path, where,
                     UI_RUN_MAX_DATABASES);
            return SIM_EPARSE;
        }
        int rc = get_num(m, o, ui_json_key(CAPACITY_QPS), where, &db->capacity_qps, NAN);
        if (rc)
            return rc;
        json_t *svcs = json_object_get(o, ui_json_key(SERVICES));
        char at[160];
        snprintf(at, sizeof at, "%s.%s", where, ui_json_key(SERVICES));
        if (svcs && !json_is_array(svcs))
            return type_err(m, at, "an array of service names");
        size_t i;
        json_t *e;
        json_array_foreach(svcs, i, e)
        {
            if (!json_is_string(e) || db->nservices >= UI_CSV_MAX_SERVICES)
                return type_err(m, at, "an array of at most 8 service names");
            snprintf(db->services[db->nservices++], UI_RUN_NAME_MAX, "%s", json_string_value(e));
        }
    }
    return 0;
}

/* Reads one element (an object, named `where` in messages) of an array into d. */
typedef int (*element_fn)(const struct meta_ctx *m, struct ui_run_data *d, json_t *e,
                          const char *where);

/* The array of objects under root's `key` (absent: nothing), element by element. */
static int read_array(const struct meta_ctx *m, struct ui_run_data *d, json_t *root,
                      const char *key, element_fn read_element)
{
    json_t *arr = json_object_get(root, key);
    if (!arr)
        return 0;
    if (!json_is_array(arr))
        return type_err(m, key, "an array");
    size_t i;
    json_t *e;
    json_array_foreach(arr, i, e)
    {
        char where[48];
        snprintf(where, sizeof where, "%s[%zu]", key, i);
        if (!json_is_object(e))
            return type_err(m, where, "an object");
        int rc = read_element(m, d, e, where);
        if (rc)
            return rc == SIM_ENOMEM ? oom(m) : rc;
    }
    return 0;
}

static int read_phase(const struct meta_ctx *m, struct ui_run_data *d, json_t *e, const char *where)
{
    struct ui_phase_meta p = {0, INFINITY, NAN};
    int rc = get_num(m, e, ui_json_key(FROM_S), where, &p.from_s, NAN);
    rc = rc ? rc : get_num(m, e, ui_json_key(TO_S), where, &p.to_s, INFINITY);
    rc = rc ? rc : get_num(m, e, ui_json_key(RATE_PER_S), where, &p.rate_per_s, NAN);
    return rc ? rc : ui_rundata_add_phase(d, &p);
}

static int read_fault(const struct meta_ctx *m, struct ui_run_data *d, json_t *e, const char *where)
{
    struct ui_fault_meta f = {"", "", 0, INFINITY, NAN, NAN, ""};
    int rc = get_str(m, e, ui_json_key(TARGET), where, f.target, sizeof f.target);
    rc = rc ? rc : get_str(m, e, ui_json_key(KIND), where, f.kind, sizeof f.kind);
    rc = rc ? rc : get_str(m, e, ui_json_key(DATABASE), where, f.database, sizeof f.database);
    rc = rc ? rc : get_num(m, e, ui_json_key(FROM_S), where, &f.from_s, NAN);
    rc = rc ? rc : get_num(m, e, ui_json_key(TO_S), where, &f.to_s, INFINITY);
    rc = rc ? rc : get_num(m, e, ui_json_key(FACTOR), where, &f.factor, NAN);
    rc = rc ? rc : get_num(m, e, ui_json_key(RATE_PER_S), where, &f.rate_per_s, NAN);
    return rc ? rc : ui_rundata_add_fault(d, &f);
}

static int read_seed(const struct meta_ctx *m, struct ui_run_meta *mm, json_t *root)
{
    json_t *v = json_object_get(root, ui_json_key(SEED));
    if (!v)
        return 0;
    if (json_is_integer(v) && json_integer_value(v) >= 0) {
        mm->seed = (uint64_t)json_integer_value(v);
    } else if (json_is_string(v) && ui_json_u64_parse(json_string_value(v), &mm->seed)) {
        /* above INT64_MAX: written bare, marked by ui_json_u64_protect() */
    } else {
        return type_err(m, ui_json_key(SEED), "a whole number >= 0");
    }
    mm->has_seed = true;
    return 0;
}

static int read_root(const struct meta_ctx *m, struct ui_run_data *d, json_t *root)
{
    struct ui_run_meta *mm = &d->meta;
    if (!json_is_object(root))
        return type_err(m, "(top level)", "an object");
    int rc = get_str(m, root, ui_json_key(SCENARIO), "", mm->scenario, sizeof mm->scenario);
    rc = rc ? rc : get_str(m, root, ui_json_key(TITLE), "", mm->title, sizeof mm->title);
    rc = rc ? rc : read_seed(m, mm, root);
    rc = rc ? rc : get_num(m, root, ui_json_key(DURATION_S), "", &mm->duration_s, NAN);
    rc = rc ? rc : get_num(m, root, ui_json_key(DRAIN_S), "", &mm->drain_s, NAN);
    rc = rc ? rc : get_num(m, root, ui_json_key(INTERVAL_S), "", &mm->interval_s, NAN);
    rc = rc ? rc : get_num(m, root, ui_json_key(DB_CAPACITY_QPS), "", &mm->db_capacity_qps, NAN);
    rc = rc ? rc : read_databases(m, d, json_object_get(root, ui_json_key(DATABASES)));
    rc = rc ? rc : read_array(m, d, root, ui_json_key(LOAD_PHASES), read_phase);
    rc = rc ? rc : read_array(m, d, root, ui_json_key(FAULTS), read_fault);
    if (rc)
        return rc;
    json_t *vars = json_object_get(root, ui_json_key(VARIANTS));
    if (vars && !json_is_object(vars))
        return type_err(m, ui_json_key(VARIANTS), "an object");
    const char *name;
    json_t *v;
    json_object_foreach(vars, name, v)
    {
        rc = read_variant(m, d, name, v);
        if (rc)
            return rc;
    }
    if (isfinite(mm->interval_s) && mm->interval_s <= 0)
        return type_err(m, ui_json_key(INTERVAL_S), "a number > 0");
    mm->present = true;
    return 0;
}

int ui_rundata_load_meta(struct ui_run_data *d, const char *path, char *err, size_t errlen)
{
    char *raw;
    size_t len;
    int rc = ui_file_read_all(path, UI_RUN_META_MAX_BYTES, &raw, &len, err, errlen);
    if (rc)
        return rc;
    rc = ui_rundata_read_meta(d, raw, len, path, err, errlen);
    free(raw);
    return rc;
}

int ui_rundata_read_meta(struct ui_run_data *d, const char *raw, size_t len, const char *path,
                         char *err, size_t errlen)
{
    struct meta_ctx m = {path, err, errlen};
    int rc;
    /* Seeds above INT64_MAX: jansson refuses such integers, so they become marked
     * strings first (ui/base/json_text.h). */
    char *text = ui_json_u64_protect(raw, len, &len);
    if (!text) {
        snprintf(err, errlen, "%s: out of memory", path);
        return SIM_ENOMEM;
    }
    json_error_t jerr;
    json_t *root = json_loadb(text, len, JSON_REJECT_DUPLICATES, &jerr);
    free(text);
    if (!root) {
        snprintf(err, errlen, "%s:%d:%d: %s", path, jerr.line < 1 ? 1 : jerr.line,
                 jerr.column < 1 ? 1 : jerr.column, jerr.text);
        return SIM_EPARSE;
    }
    rc = read_root(&m, d, root);
    json_decref(root);
    return rc;
}
