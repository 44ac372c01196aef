/* ui/run_chart.c: `ordersim run --chart`: the chart of a run in memory, drawn by the
 * same code as `ordersim chart RUN.csv`, from the same recorded series. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "sim/error.h"
#include "ui/chart.h"
#include "ui/chart_data.h"

#include "orders/model.h"

int ui_run_chart(const struct ord_result *r, const char *path, const char *lang);
/* Fill d from r: every closed bucket of every variant, and the meta the sidecar
 * JSON would carry. Returns 0 or SIM_ENOMEM. */
int ui_rundata_from_result(struct ui_run_data *d, const struct ord_result *r);

static double sec(sim_time t) { return sim_time_to_s(t); }

static int fill_meta(struct ui_run_data *d, const struct ord_result *r)
{
    const struct ord_config *c = r->cfg;
    struct ui_run_meta *m = &d->meta;
    m->present = true;
    snprintf(m->scenario, sizeof m->scenario, "%s", c->name ? c->name : "");
    snprintf(m->title, sizeof m->title, "%s", c->title ? c->title : "");
    m->has_seed = true;
    m->seed = c->seed;
    m->duration_s = sec(c->duration);
    m->drain_s = sec(c->drain);
    m->interval_s = sec(c->interval);
    double q = sim_dist_mean(&c->db.query);
    m->db_capacity_qps = q > 0 ? (double)c->db.connections * 1e9 / q : NAN;
    for (size_t i = 0; i < c->load.nphases; i++) {
        struct ui_phase_meta p = {
            sec(c->load.phases[i].at),
            i + 1 < c->load.nphases ? sec(c->load.phases[i + 1].at) : sec(c->duration),
            c->load.phases[i].rate_per_s};
        if (ui_rundata_add_phase(d, &p))
            return SIM_ENOMEM;
    }
    for (size_t i = 0; i < c->nfaults; i++) {
        const struct ord_fault *f = &c->faults[i];
        struct ui_fault_meta fm = {.from_s = sec(f->at), .factor = NAN, .rate_per_s = NAN};
        snprintf(fm.target, sizeof fm.target, "%s", ord_target_name(f->target));
        snprintf(fm.kind, sizeof fm.kind, "%s", ord_fault_kind_name(f->kind));
        fm.to_s = f->length == SIM_TIME_NEVER ? INFINITY : sec(f->at + f->length);
        if (f->kind == ORD_FAULT_SLOW)
            fm.factor = f->factor;
        if (f->kind == ORD_FAULT_SPIKE)
            fm.rate_per_s = f->rate_per_s;
        if (ui_rundata_add_fault(d, &fm))
            return SIM_ENOMEM;
    }
    for (int i = 0; i < r->nvariants; i++) {
        struct ord_summary s;
        ord_summarize(&r->v[i], c, &s);
        struct ui_variant_meta *vm = ui_rundata_meta_variant(d, r->v[i].name);
        if (!vm)
            return SIM_ENOMEM;
        vm->offered = (double)s.totals.offered;
        vm->completed = (double)s.totals.completed;
        vm->rejected = (double)s.totals.rejected;
        vm->failed = (double)s.totals.failed;
        vm->completed_per_s = s.completed_per_s;
        vm->latency = (struct ui_stats_ms){sim_time_to_ms(s.latency.mean),
                                           sim_time_to_ms(s.latency.p50),
                                           sim_time_to_ms(s.latency.p90),
                                           sim_time_to_ms(s.latency.p99),
                                           sim_time_to_ms(s.latency.p999),
                                           sim_time_to_ms(s.latency.max)};
        vm->lag = (struct ui_stats_ms){sim_time_to_ms(s.lag.mean), sim_time_to_ms(s.lag.p50),
                                       sim_time_to_ms(s.lag.p90),  sim_time_to_ms(s.lag.p99),
                                       sim_time_to_ms(s.lag.p999), sim_time_to_ms(s.lag.max)};
        vm->db_qps_max = s.db_qps_max;
        vm->backlog_max = (double)s.backlog_max;
        vm->backlog_max_at_s = s.backlog_max > 0 ? sec(s.backlog_max_at) : NAN;
        vm->drained_at_s = s.backlog_max <= 0             ? NAN
                           : s.drained_at == SIM_TIME_NEVER ? INFINITY
                                                            : sec(s.drained_at);
        vm->ideal_latency_ms = sim_time_to_ms(ord_ideal_latency(c, r->v[i].kind));
    }
    return 0;
}

int ui_rundata_from_result(struct ui_run_data *d, const struct ord_result *r)
{
    for (int i = 0; i < r->nvariants; i++) {
        const struct ord_variant_result *v = &r->v[i];
        const struct sim_series *s = &v->series;
        double interval_s = sim_time_to_s(s->interval);
        int vi = ui_rundata_variant(d, v->name);
        if (vi < 0)
            return vi;
        for (size_t b = 0; b < sim_series_closed(s); b++) {
            struct sim_hist_summary lat = sim_series_hist(s, b, ORD_H_LATENCY);
            struct sim_hist_summary lag = sim_series_hist(s, b, ORD_H_LAG);
            double row[UI_NCOLS];
            row[UI_COL_TIME] = sec(sim_series_start(s, b));
            row[UI_COL_OFFERED] = (double)sim_series_get(s, b, ORD_COL_OFFERED) / interval_s;
            row[UI_COL_ACCEPTED] = (double)sim_series_get(s, b, ORD_COL_ACCEPTED) / interval_s;
            row[UI_COL_REJECTED] = (double)sim_series_get(s, b, ORD_COL_REJECTED) / interval_s;
            row[UI_COL_FAILED] = (double)sim_series_get(s, b, ORD_COL_FAILED) / interval_s;
            row[UI_COL_COMPLETED] = (double)sim_series_get(s, b, ORD_COL_COMPLETED) / interval_s;
            row[UI_COL_LATENCY_P50] = sim_time_to_ms(lat.p50);
            row[UI_COL_LATENCY_P99] = sim_time_to_ms(lat.p99);
            row[UI_COL_LATENCY_MAX] = sim_time_to_ms(lat.max);
            row[UI_COL_LAG_P50] = sim_time_to_ms(lag.p50);
            row[UI_COL_LAG_P99] = sim_time_to_ms(lag.p99);
            row[UI_COL_BACKLOG] = (double)sim_series_get(s, b, ORD_COL_BACKLOG);
            row[UI_COL_INFLIGHT] = (double)sim_series_get(s, b, ORD_COL_INFLIGHT);
            row[UI_COL_DB_QPS] = (double)sim_series_get(s, b, ORD_COL_DB_QUERIES) / interval_s;
            int rc = ui_rundata_append(d, vi, row);
            if (rc)
                return rc;
        }
    }
    return fill_meta(d, r);
}

int ui_run_chart(const struct ord_result *r, const char *path, const char *lang)
{
    struct ui_chart_opts o;
    ui_chart_opts_init(&o);
    if (lang && ui_chart_parse_lang(&o.lang, lang)) {
        fprintf(stderr, "ordersim run: --lang must be en or zh\n");
        return 2;
    }
    if (!ui_chart_format_ok(path)) {
        fprintf(stderr, "ordersim run: %s: unsupported chart format (use %s)\n", path,
                ui_chart_formats);
        return 2;
    }
    ui_chart_release_at_exit();
    struct ui_run_data d;
    ui_rundata_init(&d, r->cfg->name);
    int rc = ui_rundata_from_result(&d, r);
    char err[512] = "";
    if (rc == 0)
        rc = ui_chart_save(&d, 1, &o, path, err, sizeof err);
    else
        snprintf(err, sizeof err, "%s", sim_strerror(rc));
    ui_rundata_free(&d);
    if (rc) {
        fprintf(stderr, "ordersim run: %s\n", err);
        return rc == SIM_EINVAL ? 2 : 1;
    }
    return 0;
}
