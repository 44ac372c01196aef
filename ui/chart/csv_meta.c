/* The JSON sidecar of a run (`ordersim run --json`), read with jansson. Every key is
 * optional so that a sidecar from an older or newer ordersim still charts; a key
 * that is present must have the right type. */
#include <errno.h>
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "sim/error.h"
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
    *out = json_number_value(v);
    return 0;
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
    } rows[] = {{"mean", &s->mean}, {"p50", &s->p50},   {"p90", &s->p90},
                {"p99", &s->p99},   {"p999", &s->p999}, {"max", &s->max}};
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        int rc = get_num(m, v, rows[i].name, key, rows[i].dst, NAN);
        if (rc)
            return rc;
    }
    return 0;
}

static int read_variant(const struct meta_ctx *m, struct ui_run_data *d, const char *name,
                        json_t *v)
{
    char where[96];
    snprintf(where, sizeof where, "variants.%s", name);
    if (!json_is_object(v))
        return type_err(m, where, "an object");
    struct ui_variant_meta *vm = ui_rundata_meta_variant(d, name);
    if (!vm) {
        snprintf(m->err, m->errlen, "%s: key %s: bad variant name or more than %d variants",
                 m->path, where, UI_RUN_MAX_VARIANTS);
        return SIM_EPARSE;
    }
    struct {
        const char *name;
        double *dst;
        double null_value;
    } rows[] = {
        {"offered", &vm->offered, NAN},
        {"completed", &vm->completed, NAN},
        {"rejected", &vm->rejected, NAN},
        {"failed", &vm->failed, NAN},
        {"completed_per_s", &vm->completed_per_s, NAN},
        {"db_qps_max", &vm->db_qps_max, NAN},
        {"backlog_max", &vm->backlog_max, NAN},
        {"backlog_max_at_s", &vm->backlog_max_at_s, NAN},
        {"drained_at_s", &vm->drained_at_s, INFINITY},
        {"ideal_latency_ms", &vm->ideal_latency_ms, NAN},
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        int rc = get_num(m, v, rows[i].name, where, rows[i].dst, rows[i].null_value);
        if (rc)
            return rc;
    }
    int rc = get_stats(m, v, "latency_ms", where, &vm->latency);
    return rc ? rc : get_stats(m, v, "completion_lag_ms", where, &vm->lag);
}

static int read_phases(const struct meta_ctx *m, struct ui_run_data *d, json_t *arr)
{
    if (!arr)
        return 0;
    if (!json_is_array(arr))
        return type_err(m, "load_phases", "an array");
    size_t i;
    json_t *e;
    json_array_foreach(arr, i, e)
    {
        char where[48];
        snprintf(where, sizeof where, "load_phases[%zu]", i);
        if (!json_is_object(e))
            return type_err(m, where, "an object");
        struct ui_phase_meta p = {0, INFINITY, NAN};
        int rc = get_num(m, e, "from_s", where, &p.from_s, NAN);
        rc = rc ? rc : get_num(m, e, "to_s", where, &p.to_s, INFINITY);
        rc = rc ? rc : get_num(m, e, "rate_per_s", where, &p.rate_per_s, NAN);
        rc = rc ? rc : ui_rundata_add_phase(d, &p);
        if (rc)
            return rc == SIM_ENOMEM ? oom(m) : rc;
    }
    return 0;
}

static int read_faults(const struct meta_ctx *m, struct ui_run_data *d, json_t *arr)
{
    if (!arr)
        return 0;
    if (!json_is_array(arr))
        return type_err(m, "faults", "an array");
    size_t i;
    json_t *e;
    json_array_foreach(arr, i, e)
    {
        char where[48];
        snprintf(where, sizeof where, "faults[%zu]", i);
        if (!json_is_object(e))
            return type_err(m, where, "an object");
        struct ui_fault_meta f = {"", "", 0, INFINITY, NAN, NAN};
        int rc = get_str(m, e, "target", where, f.target, sizeof f.target);
        rc = rc ? rc : get_str(m, e, "kind", where, f.kind, sizeof f.kind);
        rc = rc ? rc : get_num(m, e, "from_s", where, &f.from_s, NAN);
        rc = rc ? rc : get_num(m, e, "to_s", where, &f.to_s, INFINITY);
        rc = rc ? rc : get_num(m, e, "factor", where, &f.factor, NAN);
        rc = rc ? rc : get_num(m, e, "rate_per_s", where, &f.rate_per_s, NAN);
        rc = rc ? rc : ui_rundata_add_fault(d, &f);
        if (rc)
            return rc == SIM_ENOMEM ? oom(m) : rc;
    }
    return 0;
}

static int read_seed(const struct meta_ctx *m, struct ui_run_meta *mm, json_t *root)
{
    json_t *v = json_object_get(root, "seed");
    if (!v)
        return 0;
    if (json_is_integer(v) && json_integer_value(v) >= 0) {
        mm->seed = (uint64_t)json_integer_value(v);
    } else if (json_is_real(v) && json_real_value(v) >= 0 && json_real_value(v) < 0x1p64 &&
               floor(json_real_value(v)) == json_real_value(v)) {
        mm->seed = (uint64_t)json_real_value(v); /* above INT64_MAX jansson reads reals */
    } else {
        return type_err(m, "seed", "a whole number >= 0");
    }
    mm->has_seed = true;
    return 0;
}

static int read_root(const struct meta_ctx *m, struct ui_run_data *d, json_t *root)
{
    struct ui_run_meta *mm = &d->meta;
    if (!json_is_object(root))
        return type_err(m, "(top level)", "an object");
    int rc = get_str(m, root, "scenario", "", mm->scenario, sizeof mm->scenario);
    rc = rc ? rc : get_str(m, root, "title", "", mm->title, sizeof mm->title);
    rc = rc ? rc : read_seed(m, mm, root);
    rc = rc ? rc : get_num(m, root, "duration_s", "", &mm->duration_s, NAN);
    rc = rc ? rc : get_num(m, root, "drain_s", "", &mm->drain_s, NAN);
    rc = rc ? rc : get_num(m, root, "interval_s", "", &mm->interval_s, NAN);
    rc = rc ? rc : get_num(m, root, "db_capacity_qps", "", &mm->db_capacity_qps, NAN);
    rc = rc ? rc : read_phases(m, d, json_object_get(root, "load_phases"));
    rc = rc ? rc : read_faults(m, d, json_object_get(root, "faults"));
    if (rc)
        return rc;
    json_t *vars = json_object_get(root, "variants");
    if (vars && !json_is_object(vars))
        return type_err(m, "variants", "an object");
    const char *name;
    json_t *v;
    json_object_foreach(vars, name, v)
    {
        rc = read_variant(m, d, name, v);
        if (rc)
            return rc;
    }
    if (isfinite(mm->interval_s) && mm->interval_s <= 0)
        return type_err(m, "interval_s", "a number > 0");
    mm->present = true;
    return 0;
}

int ui_rundata_load_meta(struct ui_run_data *d, const char *path, char *err, size_t errlen)
{
    struct meta_ctx m = {path, err, errlen};
    FILE *f = fopen(path, "r");
    if (!f) {
        int e = errno;
        snprintf(err, errlen, "%s: cannot open: %s", path, strerror(e));
        return e == ENOENT || e == ENOTDIR ? SIM_ENOENT : SIM_EIO;
    }
    json_error_t jerr;
    json_t *root = json_loadf(f, JSON_REJECT_DUPLICATES, &jerr);
    fclose(f);
    if (!root) {
        snprintf(err, errlen, "%s:%d:%d: %s", path, jerr.line < 1 ? 1 : jerr.line,
                 jerr.column < 1 ? 1 : jerr.column, jerr.text);
        return SIM_EPARSE;
    }
    int rc = read_root(&m, d, root);
    json_decref(root);
    return rc;
}
