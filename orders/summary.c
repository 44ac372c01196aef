/* orders/summary.c: the invariants and the figures of a variant, read from its record. */
#include <stdio.h>

#include "orders/internal.h"
#include "sim/error.h"

int ord_check_totals(const struct ord_totals *t, char *why, size_t why_len)
{
    if (t->offered != t->rejected + t->accepted) {
        if (why && why_len)
            snprintf(why, why_len,
                     "offered orders (%llu) are not rejected (%llu) + accepted (%llu)",
                     (unsigned long long)t->offered, (unsigned long long)t->rejected,
                     (unsigned long long)t->accepted);
        return SIM_EINVARIANT;
    }
    if (t->accepted != t->completed + t->failed + t->in_flight + t->dlq + t->lost) {
        if (why && why_len)
            snprintf(why, why_len,
                     "accepted orders (%llu) are not completed (%llu) + failed (%llu) + "
                     "in flight (%llu) + dead-lettered (%llu) + lost (%llu)",
                     (unsigned long long)t->accepted, (unsigned long long)t->completed,
                     (unsigned long long)t->failed, (unsigned long long)t->in_flight,
                     (unsigned long long)t->dlq, (unsigned long long)t->lost);
        return SIM_EINVARIANT;
    }
    if (why && why_len)
        why[0] = '\0';
    return 0;
}

void ord_latency_figures_of(struct sim_hist_parts h, struct ord_latency_figures *f)
{
    static const double ps[4] = {50, 90, 99, 99.9};
    sim_time at[4];
    sim_hist_parts_percentiles(h, ps, 4, at);
    f->mean = sim_hist_parts_mean(h);
    f->p50 = at[0];
    f->p90 = at[1];
    f->p99 = at[2];
    f->p999 = at[3];
    f->max = sim_hist_parts_max(h);
}

void ord_summarize(const struct ord_variant_result *v, const struct ord_config *cfg,
                   struct ord_summary *out)
{
    out->totals = v->totals;
    ord_latency_figures_of(ord_latency_of(v), &out->latency);
    ord_latency_figures_of(ord_lag_of(v), &out->lag);
    ord_latency_figures_of(sim_hist_one(&v->err_latency), &out->err_latency);
    out->errored = sim_hist_count(&v->err_latency);
    out->duration_s = sim_time_to_s(cfg->duration);
    int64_t most = 0;
    for (size_t b = 0; b < sim_series_len(&v->series); b++) {
        int64_t q = sim_series_get(&v->series, b, ORD_COL_DB_QUERIES);
        if (q > most)
            most = q;
    }
    out->db_qps_max = (double)most / sim_time_to_s(cfg->interval);
    sim_time run = cfg->duration + cfg->drain;
    out->completed_per_s = run > 0 ? (double)v->totals.completed / sim_time_to_s(run) : 0.0;
    /* Throughput while the load lasts: the buckets that start before the load ends. */
    int64_t during = 0;
    size_t nload = 0;
    for (size_t b = 0; b < sim_series_len(&v->series); b++) {
        if (sim_series_start(&v->series, b) >= cfg->duration)
            break;
        during += sim_series_get(&v->series, b, ORD_COL_COMPLETED);
        nload++;
    }
    out->completed_load_per_s =
        nload ? (double)during / (sim_time_to_s(cfg->interval) * (double)nload) : 0.0;
    out->backlog_max = v->backlog_max;
    out->backlog_max_at = v->backlog_max_at;
    out->drained_at = v->drained_at;
}

#define U(x) ((unsigned long long)(x))

int ord_check_service(const struct ord_service_result *s, char *why, size_t why_len)
{
    uint64_t accepted = s->accepted;
    if (accepted != s->completed + s->failed + s->in_flight + s->dlq + s->lost) {
        snprintf(why, why_len,
                 "service %s: accepted orders (%llu) are not its completed (%llu) + failed "
                 "(%llu) + in flight (%llu) + dead-lettered (%llu) + lost (%llu)",
                 s->name, U(accepted), U(s->completed), U(s->failed), U(s->in_flight),
                 U(s->dlq), U(s->lost));
        return SIM_EINVARIANT;
    }
    if (s->db_writes != s->completed + s->duplicates) {
        snprintf(why, why_len,
                 "service %s: database writes (%llu) are not completed (%llu) + duplicates "
                 "(%llu)",
                 s->name, U(s->db_writes), U(s->completed), U(s->duplicates));
        return SIM_EINVARIANT;
    }
    return 0;
}

double ord_service_db_qps_max(const struct ord_service_result *s, const struct ord_config *cfg)
{
    uint64_t most = s->db_writes_bucket_max > s->db_writes_now ? s->db_writes_bucket_max
                                                               : s->db_writes_now;
    return (double)most / sim_time_to_s(cfg->interval);
}
