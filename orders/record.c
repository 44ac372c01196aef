/* orders/record.c: the record every output reads: one sim_series per variant, the
 * whole-run histograms, the per-phase stats and the backlog figures.
 *
 * Counts and levels first go to a small accumulator for the open bucket (the hot path
 * is an array add); the accumulator is pushed into the series when a record lands in a
 * later bucket, at the sampling event of each bucket end, and when ord_run_advance
 * returns. A push adds counts and sets levels, so pushing a bucket in several parts
 * gives the same series as pushing it once: chunking a run never changes its record. */
#include <stdlib.h>
#include <string.h>

#include "orders/internal.h"
#include "sim/error.h"

static const enum sim_col_kind col_kinds[ORD_NCOLS] = {
#define ORD_COL_KIND(e, kind, name, doc) [ORD_COL_##e] = kind,
    ORD_COLUMNS(ORD_COL_KIND)
#undef ORD_COL_KIND
};

static const enum sim_col_kind svc_col_kinds[ORD_SVC_NCOLS] = {
#define ORD_SVC_COL_KIND(e, kind, name, doc) [ORD_SC_##e] = kind,
    ORD_SVC_COLUMNS(ORD_SVC_COL_KIND)
#undef ORD_SVC_COL_KIND
};

static int phases_init(const struct ord_config *cfg, size_t n, struct ord_variant_result *res)
{
    const struct ord_load *load = &cfg->load;
    res->phases = calloc(n, sizeof *res->phases);
    if (!res->phases)
        return SIM_ENOMEM;
    res->nphases = n;
    for (size_t e = 0; e < n; e++) {
        struct ord_phase_stats *ps = &res->phases[e];
        if (sim_hist_init(&ps->latency) != 0)
            return SIM_ENOMEM;
        /* entry e groups config phases [ceil(e*np/n), ceil((e+1)*np/n)) */
        size_t np = load->nphases;
        size_t first = np ? (e * np + n - 1) / n : 0;
        size_t next = np ? ((e + 1) * np + n - 1) / n : 0;
        ps->from = np ? load->phases[first].at : 0;
        ps->to = e + 1 < n ? load->phases[next].at : cfg->duration;
    }
    return 0;
}

size_t ord_phase_entries(const struct ord_config *cfg)
{
    size_t np = cfg->load.nphases;
    return np == 0 ? 1 : np < ORD__MAX_PHASE_STATS ? np : ORD__MAX_PHASE_STATS;
}

int ord_variant_result_init(struct ord_variant_result *res, const struct ord_config *cfg,
                            enum ord_variant kind)
{
    res->kind = kind;
    res->name = ord_variant_name(kind);
    res->backlog_max = 0;
    res->backlog_max_at = 0;
    res->drained_at = 0;
    res->sampled = false;
    int rc = sim_series_init(&res->series, cfg->interval, ORD_NCOLS, col_kinds, ORD_NHIST);
    if (rc != 0)
        return rc;
    if (sim_hist_init(&res->err_latency) != 0)
        return SIM_ENOMEM;
    if ((rc = phases_init(cfg, ord_phase_entries(cfg), res)) != 0)
        return rc;
    for (size_t i = 0; i < res->nservices; i++) {
        struct ord_service_result *sr = &res->services[i];
        const char *name = sr->name;
        memset(sr, 0, sizeof *sr);
        sr->name = name;
        rc = sim_series_init(&sr->series, cfg->interval, ORD_SVC_NCOLS, svc_col_kinds,
                             ORD_SVC_NHIST);
        if (rc != 0)
            return rc;
    }
    return 0;
}

/* On failure the caller still calls ord__rec_close (every part is safe to close). */
int ord__rec_init(struct ord__run *run, struct ord__variant *v)
{
    int rc = ord_variant_result_init(v->res, run->cfg, v->kind);
    if (rc != 0)
        return rc;
    memset(&v->acc, 0, sizeof v->acc);
    v->acc.end = run->cfg->interval;
    v->res->sampled = true;
    return 0;
}

void ord__rec_close(struct ord__variant *v)
{
    if (v->res)
        ord_variant_result_close(v->res);
}

void ord_variant_result_close(struct ord_variant_result *res)
{
    sim_series_close(&res->series);
    sim_hist_close(&res->err_latency);
    for (size_t e = 0; e < res->nphases; e++)
        sim_hist_close(&res->phases[e].latency);
    for (size_t i = 0; i < res->nservices; i++)
        sim_series_close(&res->services[i].series);
    free(res->phases);
    res->phases = NULL;
    res->nphases = 0;
}

static void check(struct ord__variant *v, int rc)
{
    if (rc != 0)
        ord__run_fail(v->run, rc);
}

/* Push what the accumulator holds into its bucket of the series. */
void ord__rec_push(struct ord__variant *v)
{
    struct ord__acc *a = &v->acc;
    struct sim_series *s = &v->res->series;
    sim_time t = (sim_time)a->bucket * s->interval;
    for (int c = 0; a->dirty && c < ORD_NCOLS; c++) {
        if (!(a->dirty & (1u << c)))
            continue;
        a->dirty &= ~(1u << c);
        switch (col_kinds[c]) {
        case SIM_COL_COUNT:
            check(v, sim_series_add(s, t, c, a->count[c]));
            a->count[c] = 0;
            break;
        case SIM_COL_GAUGE:
            check(v, sim_series_level(s, t, c, a->level[c]));
            break;
        case SIM_COL_PEAK:
            /* the bucket keeps the largest level set in it; the level carries on */
            check(v, sim_series_level(s, t, c, a->peak[c]));
            if (a->level[c] != a->peak[c])
                check(v, sim_series_level(s, t, c, a->level[c]));
            a->peak[c] = a->level[c];
            break;
        }
    }
}

/* The engine's time moved into a later bucket than the accumulator's. */
void ord__acc_roll(struct ord__variant *v)
{
    struct ord__acc *a = &v->acc;
    sim_time interval = v->res->series.interval;
    ord__rec_push(v);
    a->bucket = (size_t)(v->e->now / interval);
    a->end = ((sim_time)a->bucket + 1) * interval;
    memcpy(a->peak, a->level, sizeof a->peak);
}

void ord__rec_answered(struct ord__variant *v, const struct ord__order *o)
{
    sim_time now = v->e->now, latency = now - o->arrival;
    if (now >= v->acc.end)
        ord__acc_roll(v);
    check(v, sim_series_record(&v->res->series, now, ORD_H_LATENCY, latency));
    sim_hist_record(&v->res->phases[o->phase].latency, latency);
}

void ord__rec_error(struct ord__variant *v, const struct ord__order *o)
{
    sim_hist_record(&v->res->err_latency, v->e->now - o->arrival);
}

void ord__rec_completed(struct ord__variant *v, sim_time arrival)
{
    sim_time now = v->e->now, lag = now - arrival;
    if (now >= v->acc.end)
        ord__acc_roll(v);
    check(v, sim_series_record(&v->res->series, now, ORD_H_LAG, lag));
}

/* Called after anything that may change the backlog; records only changes. */
void ord__rec_backlog(struct ord__variant *v, int64_t backlog)
{
    struct ord_variant_result *res = v->res;
    if (backlog == v->backlog)
        return;
    v->backlog = backlog;
    ord__rec_level(v, ORD_COL_BACKLOG, backlog);
    ord__rec_level(v, ORD_COL_BACKLOG_PEAK, backlog);
    if (backlog > res->backlog_max) {
        res->backlog_max = backlog;
        res->backlog_max_at = v->e->now;
        res->drained_at = SIM_TIME_NEVER;
    } else if (backlog == 0 && res->drained_at == SIM_TIME_NEVER) {
        res->drained_at = v->e->now;
    }
}

/* A service's group backlog changed (async). */
void ord__rec_svc_backlog(struct ord__svc *s, int64_t backlog)
{
    struct ord_service_result *r = s->res;
    s->backlog = backlog;
    check(s->v, sim_series_level(&r->series, s->v->e->now, ORD_SC_BACKLOG, backlog));
    if (backlog > r->backlog_max) {
        r->backlog_max = backlog;
        r->backlog_max_at = s->v->e->now;
        r->drained_at = SIM_TIME_NEVER;
    } else if (backlog == 0 && r->drained_at == SIM_TIME_NEVER) {
        r->drained_at = s->v->e->now;
    }
}

/* A service wrote to its database: count it in the bucket of now. */
void ord__rec_svc_write(struct ord__svc *s)
{
    struct ord_service_result *r = s->res;
    size_t bucket = (size_t)(s->v->e->now / s->v->cfg->interval);
    if (bucket != r->bucket) {
        if (r->db_writes_now > r->db_writes_bucket_max)
            r->db_writes_bucket_max = r->db_writes_now;
        r->db_writes_now = 0;
        r->bucket = bucket;
    }
    r->db_writes_now++;
}

/* A query of a service finished (the variant's ORD_COL_DB_QUERIES, by service). */
void ord__rec_svc_query(struct ord__svc *s)
{
    check(s->v, sim_series_add(&s->res->series, s->v->e->now, ORD_SC_DB_QUERIES, 1));
}

/* A service wrote an order for the first time: its completions and lag per bucket. */
void ord__rec_svc_completed(struct ord__svc *s, sim_time arrival)
{
    struct sim_series *ss = &s->res->series;
    sim_time now = s->v->e->now;
    check(s->v, sim_series_add(ss, now, ORD_SC_COMPLETED, 1));
    check(s->v, sim_series_record(ss, now, ORD_SH_LAG, now - arrival));
}

void ord__rec_sample(struct ord__variant *v)
{
    struct ord_stations st;
    ord__stations_read(v, -1, &st);
    const struct {
        enum ord_col col;
        uint64_t value;
    } gauges[] = {{ORD_COL_B_QUEUE, st.b_queue},
                  {ORD_COL_DB_BUSY, st.db_busy},
                  {ORD_COL_DB_QUEUE, st.db_queue}};
    /* Into the accumulator as it stands: while it still holds the bucket that ends now,
     * the reading lands there (ord__rec_level would roll it first). */
    for (size_t i = 0; i < sizeof gauges / sizeof gauges[0]; i++) {
        v->acc.level[gauges[i].col] = (int64_t)gauges[i].value;
        v->acc.dirty |= 1u << gauges[i].col;
    }
    /* A service's series: at the last instant of the bucket ending now (the series
     * puts it in its open bucket if that one is already closed). */
    sim_time t = v->e->now > 0 ? v->e->now - 1 : 0;
    for (uint32_t k = 0; k < v->nsvc; k++) {
        struct sim_series *ss = &v->res->services[k].series;
        ord__stations_read(v, (int)k, &st);
        check(v, sim_series_level(ss, t, ORD_SC_B_BUSY, (int64_t)st.b_busy));
        check(v, sim_series_level(ss, t, ORD_SC_B_QUEUE, (int64_t)st.b_queue));
        check(v, sim_series_level(ss, t, ORD_SC_DB_BUSY, (int64_t)st.db_busy));
        check(v, sim_series_level(ss, t, ORD_SC_DB_QUEUE, (int64_t)st.db_queue));
    }
}

/* The sampling event at a bucket boundary (the engine's time is the boundary). */
void ord__rec_bucket_end(struct ord__variant *v)
{
    if (v->e->now >= v->acc.end)
        ord__acc_roll(v);
    check(v, sim_series_close_until(&v->res->series, v->e->now));
    for (size_t i = 0; i < v->res->nservices; i++)
        check(v, sim_series_close_until(&v->res->services[i].series, v->e->now));
}

/* The end of the run: the series covers [0, end) bucket by bucket, quiet ones too. */
void ord__rec_finish(struct ord__variant *v, sim_time end)
{
    ord__rec_push(v);
    check(v, sim_series_close_until(&v->res->series, end));
    check(v, sim_series_finish(&v->res->series));
    for (size_t i = 0; i < v->res->nservices; i++) {
        struct sim_series *ss = &v->res->services[i].series;
        check(v, sim_series_close_until(ss, end));
        check(v, sim_series_finish(ss));
    }
}
