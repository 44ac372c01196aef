/* ui/cli/run_chart.c: `ordersim run --chart`: the chart of a run in memory, drawn by the
 * same code as `ordersim chart RUN.csv`, from the same recorded series. */
#include <math.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>

#include "sim/error.h"
#include "ui/base/file.h"
#include "ui/chart/chart.h"
#include "ui/chart/chart_data.h"
#include "ui/cli/cli.h"

#include "orders/model.h"
#include "ui/export/export.h"




static double sec(sim_time t) { return sim_time_to_s(t); }

static struct ui_stats_ms ms_stats(const struct ord_latency_figures *f)
{
    return (struct ui_stats_ms){sim_time_to_ms(f->mean), sim_time_to_ms(f->p50),
                                sim_time_to_ms(f->p90),  sim_time_to_ms(f->p99),
                                sim_time_to_ms(f->p999), sim_time_to_ms(f->max)};
}

/* A service's figures as the JSON writes them (variants.<v>.services.<name>). */
static void fill_service(struct ui_service_meta *sm, const struct ord_service_result *sv,
                         const struct ord_config *c)
{
    sm->accepted = (double)sv->accepted;
    sm->completed = (double)sv->completed;
    sm->failed = (double)sv->failed;
    sm->dlq = (double)sv->dlq;
    sm->lost = (double)sv->lost;
    sm->duplicates = (double)sv->duplicates;
    sm->backlog_max = (double)sv->backlog_max;
    sm->backlog_max_at_s = sv->backlog_max > 0 ? sec(sv->backlog_max_at) : NAN;
    sm->drained_at_s = sv->backlog_max <= 0               ? NAN
                       : sv->drained_at == SIM_TIME_NEVER ? INFINITY
                                                          : sec(sv->drained_at);
    sm->db_qps_max = ord_service_db_qps_max(sv, c);
    struct ord_latency_figures lag;
    ord_latency_figures_of(ord_service_lag_of(sv), &lag);
    sm->lag = ms_stats(&lag);
}

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
    double cap = ord_db_capacity(c);
    m->db_capacity_qps = cap > 0 ? cap : NAN;
    for (size_t k = 0; c->nservices > 0 && k < ord_config_ndatabases(c); k++) {
        struct ord_database buf;
        struct ui_database_meta *db =
            ui_rundata_add_database(d, ord_config_database(c, k, &buf)->name);
        if (!db)
            return SIM_EINVAL;
        double dcap = ord_database_capacity(c, k);
        db->capacity_qps = dcap > 0 ? dcap : NAN;
        for (size_t i = 0; i < c->nservices; i++)
            if (c->services[i].db == k)
                snprintf(db->services[db->nservices++], UI_RUN_NAME_MAX, "%s",
                         c->services[i].name);
    }
    for (size_t i = 0; i < c->load.nphases; i++) {
        struct ui_phase_meta p = {
            sec(c->load.phases[i].at),
            i + 1 < c->load.nphases ? sec(c->load.phases[i + 1].at) : sec(c->duration),
            c->load.phases[i].rate_per_s};
        if (ui_rundata_add_phase(d, &p))
            return SIM_ENOMEM;
    }
    /* Every fault as it happened, a recorded session's commands too (shaded then). */
    struct ord_span *spans = NULL;
    size_t nspans = 0;
    if (ord_fault_spans(c, NULL, 0, &spans, &nspans))
        return SIM_ENOMEM;
    for (size_t i = 0; i < nspans; i++) {
        const struct ord_fault *f = &spans[i].f;
        struct ui_fault_meta fm = {.from_s = sec(f->at), .factor = NAN, .rate_per_s = NAN};
        snprintf(fm.target, sizeof fm.target, "%s", ui_fault_target(c, f));
        snprintf(fm.kind, sizeof fm.kind, "%s", ord_span_kind_name(&spans[i]));
        if (f->target == ORD_TARGET_DB && c->nservices > 0) {
            struct ord_database buf;
            snprintf(fm.database, sizeof fm.database, "%s",
                     ord_config_database(c, f->unit, &buf)->name);
        }
        fm.to_s = spans[i].to >= r->end ? INFINITY : sec(spans[i].to);
        if (f->kind == ORD_FAULT_SLOW)
            fm.factor = f->factor;
        if (f->kind == ORD_FAULT_SPIKE)
            fm.rate_per_s = f->rate_per_s;
        if (ui_rundata_add_fault(d, &fm)) {
            free(spans);
            return SIM_ENOMEM;
        }
    }
    free(spans);
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
        vm->completed_load_per_s = s.completed_load_per_s;
        vm->latency = ms_stats(&s.latency);
        vm->lag = ms_stats(&s.lag);
        vm->db_qps_max = s.db_qps_max;
        vm->backlog_max = (double)s.backlog_max;
        vm->backlog_max_at_s = s.backlog_max > 0 ? sec(s.backlog_max_at) : NAN;
        vm->drained_at_s = s.backlog_max <= 0             ? NAN
                           : s.drained_at == SIM_TIME_NEVER ? INFINITY
                                                            : sec(s.drained_at);
        vm->ideal_latency_ms = sim_time_to_ms(ord_ideal_latency(c, r->v[i].kind));
        for (size_t k = 0; c->nservices > 0 && k < r->v[i].nservices; k++) {
            const struct ord_service_result *sv = &r->v[i].services[k];
            struct ui_service_meta *sm = ui_variant_meta_add_service(vm, sv->name);
            if (!sm)
                return SIM_EINVAL;
            fill_service(sm, sv, c);
        }
    }
    return 0;
}

int ui_rundata_from_result(struct ui_run_data *d, const struct ord_result *r)
{
    const char *names[ORD_MAX_SERVICES];
    int nsvc = r->nvariants ? ui_csv_services(&r->v[0], names) : 0;
    int rc = ui_rundata_services(d, names, nsvc);
    if (rc)
        return rc;
    for (int i = 0; i < r->nvariants; i++) {
        const struct ord_variant_result *v = &r->v[i];
        int vi = ui_rundata_variant(d, v->name);
        if (vi < 0)
            return vi;
        for (size_t b = 0; b < sim_series_closed(&v->series); b++) {
            double row[UI_NCOLS], svc[UI_CSV_MAX_SERVICES * UI_NSVC_COLS];
            ui_bucket_row(v, b, row);
            for (int k = 0; k < nsvc && k < (int)v->nservices; k++)
                ui_svc_bucket_row(&v->services[k], b, &svc[k * UI_NSVC_COLS]);
            for (int k = (int)v->nservices; k < nsvc; k++)
                for (int c = 0; c < UI_NSVC_COLS; c++)
                    svc[k * UI_NSVC_COLS + c] = 0;
            rc = ui_rundata_append_services(d, vi, row, svc);
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
        return UI_EXIT_USAGE;
    }
    if (!ui_chart_format_ok(path)) {
        fprintf(stderr, "ordersim run: %s: unsupported chart format (use %s)\n", path,
                ui_chart_formats);
        return UI_EXIT_USAGE;
    }
    ui_chart_release_at_exit();
    struct ui_run_data d;
    ui_rundata_init(&d, r->cfg->name);
    int rc = ui_rundata_from_result(&d, r);
    if (rc == 0 && o.lang == UI_LANG_ZH && r->cfg->title_zh) /* the title a class reads */
        snprintf(d.meta.title, sizeof d.meta.title, "%s", r->cfg->title_zh);
    char err[512] = "";
    if (rc == 0)
        rc = ui_chart_save(&d, 1, &o, path, err, sizeof err);
    else
        snprintf(err, sizeof err, "%s", sim_strerror(rc));
    ui_rundata_free(&d);
    if (rc) {
        fprintf(stderr, "ordersim run: %s\n", err);
        return ui_exit_status(rc);
    }
    return 0;
}
