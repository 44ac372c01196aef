/* ui/export/export.c: CSV and JSON of a run's record, and the summary table. */
#include "ui/export/export.h"

#include <jansson.h>
#include <math.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "sim/error.h"
#include "ui/base/file.h"
#include "ui/base/json_text.h"

/* A number with at most 3 decimals, trailing zeros trimmed ("1000", "666.667"). */
static void put_num(FILE *f, double x)
{
    char buf[64];
    if (!isfinite(x))
        x = 0;
    snprintf(buf, sizeof buf, "%.3f", x);
    char *dot = strchr(buf, '.');
    if (dot) {
        char *end = buf + strlen(buf) - 1;
        while (end > dot && *end == '0')
            *end-- = '\0';
        if (end == dot)
            *end = '\0';
    }
    if (strcmp(buf, "-0") == 0)
        strcpy(buf, "0");
    fputs(buf, f);
}

/* One bucket's histogram figures, each summarised once however many columns use it. */
struct bucket_hists {
    const struct sim_series *s;
    size_t b;
    bool have[ORD_NHIST];
    struct sim_hist_summary sum[ORD_NHIST];
};

static const struct sim_hist_summary *bucket_hist(struct bucket_hists *h, enum ord_hist_id id)
{
    if (!h->have[id]) {
        h->sum[id] = sim_series_hist(h->s, h->b, (int)id);
        h->have[id] = true;
    }
    return &h->sum[id];
}

void ui_bucket_row(const struct ord_variant_result *v, size_t b, double row[UI_NCOLS])
{
    const struct sim_series *s = &v->series;
    double interval_s = sim_time_to_s(s->interval);
    struct bucket_hists h = {.s = s, .b = b};
/* The recipes of UI_RUN_COLUMNS (ui/base/schema.h). */
#define UI_SRC_START() sim_time_to_s(sim_series_start(s, b))
#define UI_SRC_PER_S(counter) ((double)sim_series_get(s, b, ORD_COL_##counter) / interval_s)
#define UI_SRC_LEVEL(counter) ((double)sim_series_get(s, b, ORD_COL_##counter))
#define UI_SRC_MS(hist, figure) sim_time_to_ms(bucket_hist(&h, ORD_H_##hist)->figure)
#define UI_COL_VALUE(e, name, kind, recipe) row[UI_COL_##e] = recipe;
    UI_RUN_COLUMNS(UI_COL_VALUE)
#undef UI_COL_VALUE
#undef UI_SRC_START
#undef UI_SRC_PER_S
#undef UI_SRC_LEVEL
#undef UI_SRC_MS
}

void ui_svc_bucket_row(const struct ord_service_result *sr, size_t b, double row[UI_NSVC_COLS])
{
    const struct sim_series *s = &sr->series;
    double interval_s = sim_time_to_s(s->interval);
    struct sim_hist_summary h[ORD_SVC_NHIST];
    for (int i = 0; i < ORD_SVC_NHIST; i++)
        h[i] = sim_series_hist(s, b, i);
/* The recipes of UI_SVC_COLUMNS (ui/base/schema.h). */
#define UI_SRC_SVC_PER_S(counter) ((double)sim_series_get(s, b, ORD_SC_##counter) / interval_s)
#define UI_SRC_SVC_LEVEL(counter) ((double)sim_series_get(s, b, ORD_SC_##counter))
#define UI_SRC_SVC_MS(hist, figure) sim_time_to_ms(h[ORD_SH_##hist].figure)
#define UI_SC_VALUE(e, suffix, kind, recipe) row[UI_SC_##e] = recipe;
    UI_SVC_COLUMNS(UI_SC_VALUE)
#undef UI_SC_VALUE
#undef UI_SRC_SVC_PER_S
#undef UI_SRC_SVC_LEVEL
#undef UI_SRC_SVC_MS
}

int ui_csv_services(const struct ord_variant_result *v, const char **names)
{
    int n = v->nservices >= 2 ? (int)v->nservices : 0;
    for (int k = 0; k < n; k++)
        names[k] = v->services[k].name;
    return n;
}

int ui_csv_write(const struct ord_result *r, FILE *f)
{
    const char *names[ORD_MAX_SERVICES];
    int nsvc = r->nvariants ? ui_csv_services(&r->v[0], names) : 0;
    ui_csv_header_write_services(f, names, nsvc);
    if (r->nvariants == 0)
        return ferror(f) ? SIM_EIO : 0;
    size_t n = sim_series_closed(&r->v[0].series);
    for (size_t b = 0; b < n; b++) {
        for (int i = 0; i < r->nvariants; i++) {
            const struct ord_variant_result *v = &r->v[i];
            if (b >= sim_series_closed(&v->series))
                continue;
            double row[UI_NCOLS];
            ui_bucket_row(v, b, row);
            for (int k = 0; k < UI_CSV_NFIELDS; k++) {
                int c = ui_csv_field_col(k);
                if (k)
                    fputc(',', f);
                if (c < 0)
                    fputs(v->name, f);
                else
                    put_num(f, row[c]);
            }
            for (int k = 0; k < nsvc && k < (int)v->nservices; k++) {
                double srow[UI_NSVC_COLS];
                ui_svc_bucket_row(&v->services[k], b, srow);
                for (int c = 0; c < UI_NSVC_COLS; c++) {
                    fputc(',', f);
                    put_num(f, srow[c]);
                }
            }
            fputc('\n', f);
        }
    }
    return ferror(f) ? SIM_EIO : 0;
}

/* Milliseconds rounded to microseconds, as a JSON number. */
static json_t *jms(sim_time t) { return json_real(round(sim_time_to_ms(t) * 1000.0) / 1000.0); }
static json_t *js(sim_time t) { return json_real(round(sim_time_to_s(t) * 1e6) / 1e6); }
static json_t *jnum(double x) { return json_real(round(x * 1000.0) / 1000.0); }

static json_t *jfigures(const struct ord_latency_figures *l)
{
    json_t *o = json_object();
#define UI_JSON_STAT_SET(field) json_object_set_new(o, #field, jms(l->field));
    UI_JSON_STATS(UI_JSON_STAT_SET)
#undef UI_JSON_STAT_SET
    return o;
}

/* One service's figures: variants.<v>.services.<name>. */
static json_t *jservice(const struct ord_result *r, const struct ord_service_result *sv)
{
    json_t *o = json_object();
    const struct {
        enum ui_json_key key;
        uint64_t value;
    } counts[] = {
        {UI_JK_ACCEPTED, sv->accepted},
        {UI_JK_COMPLETED, sv->completed},
        {UI_JK_FAILED, sv->failed},
        {UI_JK_IN_FLIGHT_END, sv->in_flight},
        {UI_JK_DLQ, sv->dlq},
        {UI_JK_REDELIVERED, sv->redelivered},
        {UI_JK_DUPLICATES, sv->duplicates},
        {UI_JK_DUPLICATES_SKIPPED, sv->duplicates_skipped},
        {UI_JK_LOST, sv->lost},
        {UI_JK_DB_WRITES, sv->db_writes},
    };
    for (size_t i = 0; i < sizeof counts / sizeof counts[0]; i++)
        json_object_set_new(o, ui_json_keys[counts[i].key], json_integer((json_int_t)counts[i].value));
    json_object_set_new(o, ui_json_key(BACKLOG_MAX), json_integer((json_int_t)sv->backlog_max));
    json_object_set_new(o, ui_json_key(BACKLOG_MAX_AT_S),
                        sv->backlog_max > 0 ? js(sv->backlog_max_at) : json_null());
    json_object_set_new(o, ui_json_key(DRAINED_AT_S), sv->backlog_max > 0 && sv->drained_at != SIM_TIME_NEVER
                                               ? js(sv->drained_at)
                                               : json_null());
    json_object_set_new(o, ui_json_key(DB_QPS_MAX), jnum(ord_service_db_qps_max(sv, r->cfg)));
    struct ord_latency_figures lag;
    ord_latency_figures_of(ord_service_lag_of(sv), &lag);
    json_object_set_new(o, ui_json_key(COMPLETION_LAG_MS), jfigures(&lag));
    return o;
}

static json_t *jvariant(const struct ord_result *r, const struct ord_variant_result *v)
{
    struct ord_summary s;
    ord_summarize(v, r->cfg, &s);
    json_t *o = json_object();
    json_object_set_new(o, ui_json_key(OFFERED), json_integer((json_int_t)s.totals.offered));
    json_object_set_new(o, ui_json_key(ACCEPTED), json_integer((json_int_t)s.totals.accepted));
    json_object_set_new(o, ui_json_key(REJECTED), json_integer((json_int_t)s.totals.rejected));
    json_object_set_new(o, ui_json_key(FAILED), json_integer((json_int_t)s.totals.failed));
    json_object_set_new(o, ui_json_key(COMPLETED), json_integer((json_int_t)s.totals.completed));
    json_object_set_new(o, ui_json_key(ANSWERED), json_integer((json_int_t)s.totals.answered));
    json_object_set_new(o, ui_json_key(IN_FLIGHT_END), json_integer((json_int_t)s.totals.in_flight));
    json_object_set_new(o, ui_json_key(DLQ), json_integer((json_int_t)s.totals.dlq));
    json_object_set_new(o, ui_json_key(REDELIVERED), json_integer((json_int_t)s.totals.redelivered));
    json_object_set_new(o, ui_json_key(MQ_STORE_FULL),
                        json_integer((json_int_t)s.totals.mq_store_full));
    json_object_set_new(o, ui_json_key(LATENCY_MS), jfigures(&s.latency));
    json_object_set_new(o, ui_json_key(ERRORED), json_integer((json_int_t)s.errored));
    json_object_set_new(o, ui_json_key(ERROR_LATENCY_MS),
                        s.errored ? jfigures(&s.err_latency) : json_null());
    json_object_set_new(o, ui_json_key(COMPLETION_LAG_MS), jfigures(&s.lag));
    json_object_set_new(o, ui_json_key(COMPLETED_PER_S), jnum(s.completed_per_s));
    json_object_set_new(o, ui_json_key(COMPLETED_DURING_LOAD_PER_S), jnum(s.completed_load_per_s));
    json_object_set_new(o, ui_json_key(IDEAL_LATENCY_MS), jms(ord_ideal_latency(r->cfg, v->kind)));
    json_object_set_new(o, ui_json_key(DB_QPS_MAX), jnum(s.db_qps_max));
    json_object_set_new(o, ui_json_key(BACKLOG_MAX), json_integer((json_int_t)s.backlog_max));
    json_object_set_new(o, ui_json_key(BACKLOG_MAX_AT_S), s.backlog_max > 0 ? js(s.backlog_max_at)
                                                                   : json_null());
    json_object_set_new(o, ui_json_key(DRAINED_AT_S),
                        s.backlog_max > 0 && s.drained_at != SIM_TIME_NEVER ? js(s.drained_at)
                                                                            : json_null());
    json_t *phases = json_array();
    for (size_t i = 0; i < v->nphases; i++) {
        const struct ord_phase_stats *p = &v->phases[i];
        struct ord_latency_figures l;
        ord_latency_figures_of(sim_hist_one(&p->latency), &l);
        json_t *po = json_object();
        json_object_set_new(po, ui_json_key(FROM_S), js(p->from));
        json_object_set_new(po, ui_json_key(TO_S), js(p->to));
        json_object_set_new(po, ui_json_key(OFFERED), json_integer((json_int_t)p->offered));
        json_object_set_new(po, ui_json_key(ANSWERED), json_integer((json_int_t)sim_hist_count(&p->latency)));
        json_object_set_new(po, ui_json_key(LATENCY_MS), jfigures(&l));
        json_array_append_new(phases, po);
    }
    json_object_set_new(o, ui_json_key(PHASES), phases);
    if (r->cfg->nservices > 0) { /* the services form (the b: form's JSON is unchanged) */
        json_object_set_new(o, ui_json_key(LOST), json_integer((json_int_t)s.totals.lost));
        json_object_set_new(o, ui_json_key(DUPLICATES),
                            json_integer((json_int_t)s.totals.duplicates));
        json_t *svcs = json_object();
        for (size_t i = 0; i < v->nservices; i++)
            json_object_set_new(svcs, v->services[i].name, jservice(r, &v->services[i]));
        json_object_set_new(o, ui_json_key(SERVICES), svcs);
    }
    return o;
}

/* A fault's target as the scenario names it: a service or database after the first
 * by its own name. */
const char *ui_fault_target(const struct ord_config *c, const struct ord_fault *f)
{
    if (f->target == ORD_TARGET_B && f->unit > 0 && f->unit < c->nservices)
        return c->services[f->unit].name;
    if (f->target == ORD_TARGET_DB && f->unit > 0 && f->unit < c->ndatabases)
        return c->databases[f->unit].name;
    return ord_target_name(f->target);
}

/* The services form's databases: {"main": {"capacity_qps": 6000, "services": ["b"]}, ...}
 * in config order (the single form's one database is db_capacity_qps alone). */
static json_t *jdatabases(const struct ord_config *c)
{
    json_t *o = json_object();
    for (size_t d = 0; d < ord_config_ndatabases(c); d++) {
        struct ord_database buf;
        json_t *db = json_object(), *svcs = json_array();
        for (size_t i = 0; i < c->nservices; i++)
            if (c->services[i].db == d)
                json_array_append_new(svcs, json_string(c->services[i].name));
        double cap = ord_database_capacity(c, d);
        json_object_set_new(db, ui_json_key(CAPACITY_QPS), cap > 0 ? jnum(cap) : json_null());
        json_object_set_new(db, ui_json_key(SERVICES), svcs);
        json_object_set_new(o, ord_config_database(c, d, &buf)->name, db);
    }
    return o;
}

static json_t *jmeta(const struct ord_result *r)
{
    const struct ord_config *c = r->cfg;
    json_t *o = json_object();
    json_object_set_new(o, ui_json_key(SCENARIO), json_string(c->name ? c->name : ""));
    json_object_set_new(o, ui_json_key(TITLE), json_string(c->title ? c->title : ""));
    json_object_set_new(o, ui_json_key(SEED), ui_json_u64(c->seed));
    json_object_set_new(o, ui_json_key(DURATION_S), js(c->duration));
    json_object_set_new(o, ui_json_key(DRAIN_S), js(c->drain));
    json_object_set_new(o, ui_json_key(INTERVAL_S), js(c->interval));
    double cap = ord_db_capacity(c);
    json_object_set_new(o, ui_json_key(DB_CAPACITY_QPS), cap > 0 ? jnum(cap) : json_null());
    if (c->nservices > 0)
        json_object_set_new(o, ui_json_key(DATABASES), jdatabases(c));
    json_t *phases = json_array();
    for (size_t i = 0; i < c->load.nphases; i++) {
        json_t *p = json_object();
        sim_time to = i + 1 < c->load.nphases ? c->load.phases[i + 1].at : c->duration;
        json_object_set_new(p, ui_json_key(FROM_S), js(c->load.phases[i].at));
        json_object_set_new(p, ui_json_key(TO_S), js(to));
        json_object_set_new(p, ui_json_key(RATE_PER_S), jnum(c->load.phases[i].rate_per_s));
        json_array_append_new(phases, p);
    }
    json_object_set_new(o, ui_json_key(LOAD_PHASES), phases);
    /* Every fault as it happened: scheduled ones and the commands of a recorded live
     * session, with the moment each ended (a clear, its length or the run's end). */
    json_t *faults = json_array();
    struct ord_span *spans = NULL;
    size_t nspans = 0;
    if (ord_fault_spans(c, NULL, 0, &spans, &nspans) != 0) {
        json_decref(faults);
        json_decref(o);
        return NULL;
    }
    for (size_t i = 0; i < nspans; i++) {
        const struct ord_fault *f = &spans[i].f;
        json_t *fo = json_object();
        json_object_set_new(fo, ui_json_key(TARGET), json_string(ui_fault_target(c, f)));
        json_object_set_new(fo, ui_json_key(KIND), json_string(ord_span_kind_name(&spans[i])));
        json_object_set_new(fo, ui_json_key(FROM_S), js(f->at));
        json_object_set_new(fo, ui_json_key(TO_S), js(spans[i].to < r->end ? spans[i].to : r->end));
        if (f->kind == ORD_FAULT_SLOW)
            json_object_set_new(fo, ui_json_key(FACTOR), jnum(f->factor));
        if (f->kind == ORD_FAULT_SPIKE)
            json_object_set_new(fo, ui_json_key(RATE_PER_S), jnum(f->rate_per_s));
        if (f->target == ORD_TARGET_DB && c->nservices > 0) { /* which one, by its name */
            struct ord_database buf;
            json_object_set_new(fo, ui_json_key(DATABASE),
                                json_string(ord_config_database(c, f->unit, &buf)->name));
        }
        if (f->target == ORD_TARGET_DB)
            json_object_set_new(
                fo, ui_json_key(DB_CAPACITY_QPS),
                jnum(ord_database_capacity_at(c, spans, nspans, f->unit, f->at)));
        json_array_append_new(faults, fo);
    }
    free(spans);
    json_object_set_new(o, ui_json_key(FAULTS), faults);
    return o;
}

int ui_json_write(const struct ord_result *r, FILE *f)
{
    json_t *root = jmeta(r);
    if (!root)
        return SIM_ENOMEM;
    json_t *vars = json_object();
    for (int i = 0; i < r->nvariants; i++)
        json_object_set_new(vars, r->v[i].name, jvariant(r, &r->v[i]));
    json_object_set_new(root, ui_json_key(VARIANTS), vars);
    int rc = ui_json_dump(root, f, JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(15));
    json_decref(root);
    return rc;
}

json_t *ui_json_u64(uint64_t v)
{
    if (v <= (uint64_t)INT64_MAX)
        return json_integer((json_int_t)v);
    char buf[32];
    return json_string(ui_json_u64_mark(v, buf, sizeof buf));
}

int ui_json_dump(json_t *root, FILE *f, size_t flags)
{
    char *text = json_dumps(root, flags);
    if (!text)
        return SIM_ENOMEM;
    ui_json_u64_unmark(text);
    int rc = fputs(text, f) == EOF || fputc('\n', f) == EOF || ferror(f) ? SIM_EIO : 0;
    free(text);
    return rc;
}

struct save_adapter {
    int (*fn)(FILE *f, void *ctx);
    void *ctx;
};

static int adapt(FILE *f, void *ctx, char *why, size_t n)
{
    (void)why;
    (void)n;
    struct save_adapter *a = ctx;
    return a->fn(f, a->ctx);
}

int ui_save_atomic(const char *path, int (*fn)(FILE *f, void *ctx), void *ctx, char *errbuf,
                   size_t errlen)
{
    struct save_adapter a = {fn, ctx};
    return ui_write_atomic(path, adapt, &a, errbuf, errlen);
}

static int csv_cb(FILE *f, void *ctx) { return ui_csv_write(ctx, f); }
static int json_cb(FILE *f, void *ctx) { return ui_json_write(ctx, f); }

int ui_csv_save(const struct ord_result *r, const char *path, char *errbuf, size_t errlen)
{
    return ui_save_atomic(path, csv_cb, (void *)r, errbuf, errlen);
}

int ui_json_save(const struct ord_result *r, const char *path, char *errbuf, size_t errlen)
{
    return ui_save_atomic(path, json_cb, (void *)r, errbuf, errlen);
}
