/* ui/live/tui_facts.c: the figures the caption and the side panel show, read from the
 * run's record at one time base - the end of the last closed bucket - so that every
 * number on screen belongs to the same moment: rates and percentiles of that bucket,
 * gauges (backlog, in flight) at its end, episode counts and run totals up to it. */
#include <math.h>
#include <string.h>

#include "ui/live/tui_screen.h"

/* Sum of COUNT column col over buckets [0, b]. */
static int64_t cum(const struct sim_series *s, size_t b, int col)
{
    int64_t sum = 0;
    for (size_t k = 0; k <= b; k++)
        sum += sim_series_get(s, k, col);
    return sum;
}

/* How fast the backlog fell, per second, over up to three of the last closed buckets
 * in which it fell every time; 0 when it did not fall in the last one. */
static double drain_rate(const struct sim_series *s, size_t last, double interval_s)
{
    size_t k = 0;
    while (k < 3 && last >= k + 1 &&
           sim_series_get(s, last - k - 1, ORD_COL_BACKLOG) >
               sim_series_get(s, last - k, ORD_COL_BACKLOG))
        k++;
    if (k == 0)
        return 0;
    double fell = (double)(sim_series_get(s, last - k, ORD_COL_BACKLOG) -
                           sim_series_get(s, last, ORD_COL_BACKLOG));
    return fell / ((double)k * interval_s);
}

sim_time ui_tui_time_base(const struct ui_tui_snapshot *s)
{
    const struct ord_result *r = s->res;
    if (s->done)
        return r->end;
    size_t closed = r->nvariants > 0 ? sim_series_closed(&r->v[0].series) : 0;
    sim_time at = (sim_time)closed * r->cfg->interval;
    return at < r->end ? at : r->end;
}

static void episode_counts(const struct sim_series *ser, size_t b, sim_time at,
                           const struct ui_tui_episode *e, int i, struct ui_tui_vfigs *out)
{
    if (e->counted_from >= at)
        return; /* nothing counted yet */
    int64_t rej = cum(ser, b, ORD_COL_REJECTED) - (int64_t)e->base[i].rejected;
    int64_t fail = cum(ser, b, ORD_COL_FAILED) - (int64_t)e->base[i].failed;
    int64_t dlq = cum(ser, b, ORD_COL_DLQ) - (int64_t)e->base[i].dlq;
    out->ep_rejected = rej > 0 ? (uint64_t)rej : 0;
    out->ep_failed = fail > 0 ? (uint64_t)fail : 0;
    out->ep_dlq = dlq > 0 ? (uint64_t)dlq : 0;
    if (e->kind == ORD_FAULT_CRASH && !e->end && e->from < at)
        out->ep_lost = e->crash_lost[i]; /* all at the crash's instant, counted right after */
    int64_t peak = e->base[i].backlog;
    size_t first = (size_t)(e->counted_from / ser->interval);
    for (size_t k = first; k <= b; k++) {
        /* a bucket's peak column covers all of it: only whole buckets of the episode */
        int64_t v = sim_series_start(ser, k) >= e->counted_from
                        ? sim_series_get(ser, k, ORD_COL_BACKLOG_PEAK)
                        : sim_series_get(ser, k, ORD_COL_BACKLOG);
        if (v > peak)
            peak = v;
    }
    out->ep_backlog_start = e->base[i].backlog;
    out->ep_backlog_peak = peak;
}

void ui_tui_vfigs_read(const struct ui_tui_snapshot *s, int i, const struct ui_tui_episode *e,
                       struct ui_tui_vfigs *out)
{
    const struct ord_result *r = s->res;
    const struct ord_variant_result *v = &r->v[i];
    const struct sim_series *ser = &v->series;
    double iv = sim_time_to_s(r->cfg->interval);
    memset(out, 0, sizeof *out);
    out->present = true;
    out->has_mq = v->kind != ORD_VARIANT_SYNC;
    out->drained_at = SIM_TIME_NEVER;
    size_t closed = sim_series_closed(ser);
    sim_time at = ui_tui_time_base(s);
    if (closed > 0 && iv > 0) {
        size_t b = closed - 1;
        struct sim_hist_summary lat = sim_series_hist(ser, b, ORD_H_LATENCY);
        struct sim_hist_summary lag = sim_series_hist(ser, b, ORD_H_LAG);
        out->have_latency = lat.count > 0;
        out->p50 = lat.p50;
        out->p99 = lat.p99;
        out->have_lag = lag.count > 0;
        out->lag_p99 = lag.p99;
        out->offered_ps = (double)sim_series_get(ser, b, ORD_COL_OFFERED) / iv;
        out->completed_ps = (double)sim_series_get(ser, b, ORD_COL_COMPLETED) / iv;
        out->rejected_ps = (double)sim_series_get(ser, b, ORD_COL_REJECTED) / iv;
        out->failed_ps = (double)sim_series_get(ser, b, ORD_COL_FAILED) / iv;
        out->db_ps = (double)sim_series_get(ser, b, ORD_COL_DB_QUERIES) / iv;
        out->backlog = sim_series_get(ser, b, ORD_COL_BACKLOG);
        out->backlog_before = b > 0 ? sim_series_get(ser, b - 1, ORD_COL_BACKLOG) : 0;
        out->in_flight = sim_series_get(ser, b, ORD_COL_INFLIGHT);
        out->drain_ps = drain_rate(ser, b, iv);
        out->rejected = (uint64_t)cum(ser, b, ORD_COL_REJECTED);
        out->failed = (uint64_t)cum(ser, b, ORD_COL_FAILED);
        out->dlq = (uint64_t)cum(ser, b, ORD_COL_DLQ);
        out->completed = (uint64_t)cum(ser, b, ORD_COL_COMPLETED);
        if (e)
            episode_counts(ser, b, at, e, i, out);
    }
    if (s->done) {
        struct ord_summary sum;
        ord_summarize(v, r->cfg, &sum);
        out->run_p99 = sum.latency.p99;
        out->backlog_max = sum.backlog_max;
        out->backlog_max_at = sum.backlog_max_at;
        out->drained_at = sum.drained_at;
    }
}

/* The faults active just before t, as UI_TUI_FAULT_BITs. */
static uint32_t faults_at(const struct ui_tui_snapshot *s, sim_time t)
{
    uint32_t bits = 0;
    for (size_t i = 0; i < s->nspans; i++)
        if (!s->spans[i].join && s->spans[i].f.at < t && t <= s->spans[i].to)
            bits |= UI_TUI_FAULT_BIT(s->spans[i].f.target, s->spans[i].f.kind);
    return bits;
}

/* The joining service's call time and (async) its group's backlog at the time base. */
static void join_facts(const struct ui_tui_snapshot *s, struct ui_tui_facts *out)
{
    const struct ord_result *r = s->res;
    size_t unit = (size_t)out->ep.target;
    struct ord_service svc;
    struct ord_database buf;
    ord_config_service(r->cfg, unit, &svc);
    out->join.call = (sim_time)(sim_dist_mean(&svc.b.service) +
                                sim_dist_mean(&ord_config_database(r->cfg, svc.db, &buf)->db.query));
    out->join.parallel = r->cfg->calls == ORD_CALLS_PARALLEL;
    size_t b = (size_t)(out->at / r->cfg->interval);
    for (int i = 0; i < r->nvariants; i++) {
        const struct ord_variant_result *v = &r->v[i];
        if (v->kind != ORD_VARIANT_ASYNC || unit >= v->nservices || b == 0 ||
            b > sim_series_closed(&v->services[unit].series))
            continue;
        out->join.has_backlog = true;
        out->join.backlog = sim_series_get(&v->services[unit].series, b - 1, ORD_SC_BACKLOG);
    }
}

void ui_tui_facts_read(const struct ui_tui_snapshot *s, struct ui_tui_facts *out)
{
    const struct ord_result *r = s->res;
    memset(out, 0, sizeof *out);
    out->done = s->done;
    out->at = ui_tui_time_base(s);
    out->interval = r->cfg->interval;
    out->end = r->end;
    sim_time before = out->at > 0 ? out->at - 1 : 0;
    out->rate = ord_rate_at(r->cfg, s->spans, s->nspans, before);
    out->db_base_ps = ord_db_capacity(r->cfg);
    out->db_cap_ps = ord_db_capacity_at(r->cfg, s->spans, s->nspans, before);
    out->timeout = r->cfg->b.timeout;
    out->faults = out->at > 0 ? faults_at(s, out->at) : 0;
    out->cfg = r->cfg;
    out->spans = s->spans;
    out->nspans = out->at > 0 ? s->nspans : 0;
    /* the episode in force at `at`: the last to begin before it */
    out->ep.kind = -1;
    for (size_t k = 0; k < s->neps; k++) {
        if (s->eps[k].from < out->at || k == 0) {
            out->ep = s->eps[k];
        } else {
            out->pending = true;
            out->next = s->eps[k];
        }
    }
    for (int i = 0; i < r->nvariants; i++) {
        if (sim_series_closed(&r->v[i].series) > 0)
            out->started = true;
        struct ui_tui_vfigs *vf = r->v[i].kind == ORD_VARIANT_SYNC    ? &out->sync
                                  : r->v[i].kind == ORD_VARIANT_ASYNC ? &out->async
                                                                      : NULL;
        if (vf && !vf->present)
            ui_tui_vfigs_read(s, i, &out->ep, vf);
    }
    if (out->ep.kind == UI_TUI_EP_JOIN)
        join_facts(s, out);
}
