/* ui/export/export.c: CSV and JSON of a run's record, and the summary table. */
#include "ui/export/export.h"

#include <jansson.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "sim/error.h"
#include "ui/base/file.h"

const char ui_csv_header[] =
    "time_s,variant,offered_qps,accepted_qps,rejected_qps,failed_qps,completed_qps,"
    "latency_p50_ms,latency_p99_ms,latency_max_ms,lag_p50_ms,lag_p99_ms,backlog,inflight,db_qps";

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

void ui_bucket_row(const struct ord_variant_result *v, size_t b, double row[UI_BUCKET_NCOLS])
{
    const struct sim_series *s = &v->series;
    double interval_s = sim_time_to_s(s->interval);
    struct sim_hist_summary lat = sim_series_hist(s, b, ORD_H_LATENCY);
    struct sim_hist_summary lag = sim_series_hist(s, b, ORD_H_LAG);
    static const int rates[] = {ORD_COL_OFFERED, ORD_COL_ACCEPTED, ORD_COL_REJECTED,
                                ORD_COL_FAILED, ORD_COL_COMPLETED};
    const sim_time ms[] = {lat.p50, lat.p99, lat.max, lag.p50, lag.p99};
    int k = 0;
    row[k++] = sim_time_to_s(sim_series_start(s, b));
    for (size_t i = 0; i < sizeof rates / sizeof rates[0]; i++)
        row[k++] = (double)sim_series_get(s, b, rates[i]) / interval_s;
    for (size_t i = 0; i < sizeof ms / sizeof ms[0]; i++)
        row[k++] = sim_time_to_ms(ms[i]);
    row[k++] = (double)sim_series_get(s, b, ORD_COL_BACKLOG);
    row[k++] = (double)sim_series_get(s, b, ORD_COL_INFLIGHT);
    row[k] = (double)sim_series_get(s, b, ORD_COL_DB_QUERIES) / interval_s;
}

int ui_csv_write(const struct ord_result *r, FILE *f)
{
    fprintf(f, "%s\n", ui_csv_header);
    if (r->nvariants == 0)
        return ferror(f) ? SIM_EIO : 0;
    size_t n = sim_series_closed(&r->v[0].series);
    for (size_t b = 0; b < n; b++) {
        for (int i = 0; i < r->nvariants; i++) {
            const struct ord_variant_result *v = &r->v[i];
            if (b >= sim_series_closed(&v->series))
                continue;
            double row[UI_BUCKET_NCOLS];
            ui_bucket_row(v, b, row);
            put_num(f, row[0]);
            fprintf(f, ",%s", v->name);
            for (int k = 1; k < UI_BUCKET_NCOLS; k++) {
                fputc(',', f);
                put_num(f, row[k]);
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
    json_object_set_new(o, "mean", jms(l->mean));
    json_object_set_new(o, "p50", jms(l->p50));
    json_object_set_new(o, "p90", jms(l->p90));
    json_object_set_new(o, "p99", jms(l->p99));
    json_object_set_new(o, "p999", jms(l->p999));
    json_object_set_new(o, "max", jms(l->max));
    return o;
}

static json_t *jvariant(const struct ord_result *r, const struct ord_variant_result *v)
{
    struct ord_summary s;
    ord_summarize(v, r->cfg, &s);
    json_t *o = json_object();
    json_object_set_new(o, "offered", json_integer((json_int_t)s.totals.offered));
    json_object_set_new(o, "accepted", json_integer((json_int_t)s.totals.accepted));
    json_object_set_new(o, "rejected", json_integer((json_int_t)s.totals.rejected));
    json_object_set_new(o, "failed", json_integer((json_int_t)s.totals.failed));
    json_object_set_new(o, "completed", json_integer((json_int_t)s.totals.completed));
    json_object_set_new(o, "answered", json_integer((json_int_t)s.totals.answered));
    json_object_set_new(o, "in_flight_end", json_integer((json_int_t)s.totals.in_flight));
    json_object_set_new(o, "dlq", json_integer((json_int_t)s.totals.dlq));
    json_object_set_new(o, "redelivered", json_integer((json_int_t)s.totals.redelivered));
    json_object_set_new(o, "latency_ms", jfigures(&s.latency));
    json_object_set_new(o, "completion_lag_ms", jfigures(&s.lag));
    json_object_set_new(o, "completed_per_s", jnum(s.completed_per_s));
    json_object_set_new(o, "completed_during_load_per_s", jnum(s.completed_load_per_s));
    json_object_set_new(o, "ideal_latency_ms", jms(ord_ideal_latency(r->cfg, v->kind)));
    json_object_set_new(o, "db_qps_max", jnum(s.db_qps_max));
    json_object_set_new(o, "backlog_max", json_integer((json_int_t)s.backlog_max));
    json_object_set_new(o, "backlog_max_at_s", s.backlog_max > 0 ? js(s.backlog_max_at)
                                                                   : json_null());
    json_object_set_new(o, "drained_at_s",
                        s.backlog_max > 0 && s.drained_at != SIM_TIME_NEVER ? js(s.drained_at)
                                                                            : json_null());
    json_t *phases = json_array();
    for (size_t i = 0; i < v->nphases; i++) {
        const struct ord_phase_stats *p = &v->phases[i];
        struct ord_latency_figures l;
        ord_latency_figures_of(&p->latency, &l);
        json_t *po = json_object();
        json_object_set_new(po, "from_s", js(p->from));
        json_object_set_new(po, "to_s", js(p->to));
        json_object_set_new(po, "offered", json_integer((json_int_t)p->offered));
        json_object_set_new(po, "answered", json_integer((json_int_t)sim_hist_count(&p->latency)));
        json_object_set_new(po, "latency_ms", jfigures(&l));
        json_array_append_new(phases, po);
    }
    json_object_set_new(o, "phases", phases);
    return o;
}

static json_t *jmeta(const struct ord_result *r)
{
    const struct ord_config *c = r->cfg;
    json_t *o = json_object();
    json_object_set_new(o, "scenario", json_string(c->name ? c->name : ""));
    json_object_set_new(o, "title", json_string(c->title ? c->title : ""));
    json_object_set_new(o, "seed", json_integer((json_int_t)c->seed));
    json_object_set_new(o, "duration_s", js(c->duration));
    json_object_set_new(o, "drain_s", js(c->drain));
    json_object_set_new(o, "interval_s", js(c->interval));
    double cap = ord_db_capacity(c);
    json_object_set_new(o, "db_capacity_qps", cap > 0 ? jnum(cap) : json_null());
    json_t *phases = json_array();
    for (size_t i = 0; i < c->load.nphases; i++) {
        json_t *p = json_object();
        sim_time to = i + 1 < c->load.nphases ? c->load.phases[i + 1].at : c->duration;
        json_object_set_new(p, "from_s", js(c->load.phases[i].at));
        json_object_set_new(p, "to_s", js(to));
        json_object_set_new(p, "rate_per_s", jnum(c->load.phases[i].rate_per_s));
        json_array_append_new(phases, p);
    }
    json_object_set_new(o, "load_phases", phases);
    json_t *faults = json_array();
    for (size_t i = 0; i < c->nfaults; i++) {
        const struct ord_fault *f = &c->faults[i];
        json_t *fo = json_object();
        json_object_set_new(fo, "target", json_string(ord_target_name(f->target)));
        json_object_set_new(fo, "kind", json_string(ord_fault_kind_name(f->kind)));
        json_object_set_new(fo, "from_s", js(f->at));
        sim_time end = f->length == SIM_TIME_NEVER ? r->end : f->at + f->length;
        json_object_set_new(fo, "to_s", js(end < r->end ? end : r->end));
        if (f->kind == ORD_FAULT_SLOW)
            json_object_set_new(fo, "factor", jnum(f->factor));
        if (f->kind == ORD_FAULT_SPIKE)
            json_object_set_new(fo, "rate_per_s", jnum(f->rate_per_s));
        json_array_append_new(faults, fo);
    }
    json_object_set_new(o, "faults", faults);
    return o;
}

int ui_json_write(const struct ord_result *r, FILE *f)
{
    json_t *root = jmeta(r);
    json_t *vars = json_object();
    for (int i = 0; i < r->nvariants; i++)
        json_object_set_new(vars, r->v[i].name, jvariant(r, &r->v[i]));
    json_object_set_new(root, "variants", vars);
    int rc = json_dumpf(root, f, JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(15));
    json_decref(root);
    fputc('\n', f);
    return rc == 0 && !ferror(f) ? 0 : SIM_EIO;
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
    if (strcmp(path, "-") == 0) {
        int rc = fn(stdout, ctx);
        if (rc == 0 && fflush(stdout) != 0)
            rc = SIM_EIO;
        if (rc)
            snprintf(errbuf, errlen, "standard output: write failed");
        return rc;
    }
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
