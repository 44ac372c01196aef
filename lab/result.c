/* lab/result.c: a lab run's record as the model's result type.
 *
 * The load generator knows each order's scheduled time and answer; the database
 * knows when each row was written; Redis knows what was dead-lettered and
 * redelivered, and the sampler what waited in the stream. These are merged in time
 * order into the same series, histograms and totals the model records, with the
 * model's meanings: an order is completed when its row is written (an order whose
 * answer was an error is failed even if B wrote it later, as in the model), and
 * the backlog is what waits in the stream undelivered. */
#include <stdlib.h>
#include <string.h>

#include "lab/lab_internal.h"
#include "sim/error.h"

enum ev_kind { EV_OFFER, EV_END_A, EV_WRITE, EV_DLQ, EV_REDELIVER, EV_BACKLOG, EV_B_BUSY };

struct ev {
    sim_time t;
    uint8_t kind, var;
    uint32_t order; /* index into rec->orders (EV_OFFER, EV_END_A, EV_WRITE, EV_DLQ) */
    int64_t value;  /* EV_BACKLOG: the backlog; EV_WRITE: 1 + duplicates; EV_B_BUSY */
};

static int cmp_ev(const void *a, const void *b)
{
    const struct ev *x = a, *y = b;
    if (x->t != y->t)
        return x->t < y->t ? -1 : 1;
    return x->kind < y->kind ? -1 : x->kind > y->kind;
}

struct order_fate {
    uint8_t written, dlq;
};

static sim_time clamp(sim_time t, sim_time end)
{
    return t < 0 ? 0 : t >= end ? end - 1 : t;
}

/* Index of the order with this id, or -1. */
static long order_of(const struct lab_record *rec, int64_t id)
{
    if (id < 0 || (uint64_t)id >= rec->norders)
        return -1;
    return (long)id;
}

static int async_var(const struct ord_config *cfg)
{
    for (int i = 0; i < cfg->nvariants; i++)
        if (cfg->variants[i] == ORD_VARIANT_ASYNC)
            return i;
    return -1;
}

static void apply(struct lab_run *out, const struct lab_record *rec, const struct ev *e,
                  int64_t *inflight, int64_t *a_busy, int *rc)
{
    struct ord_variant_result *v = &out->result.v[e->var];
    struct ord_totals *tot = &v->totals;
    struct sim_series *s = &v->series;
    const struct lab_order *o = e->kind <= EV_DLQ ? &rec->orders[e->order] : NULL;
    int r = 0;
    switch ((enum ev_kind)e->kind) {
    case EV_OFFER:
        tot->offered++;
        if (o->phase < v->nphases)
            v->phases[o->phase].offered++;
        r |= sim_series_add(s, e->t, ORD_COL_OFFERED, 1);
        if (o->outcome == LAB_REJECTED) {
            tot->rejected++;
            r |= sim_series_add(s, e->t, ORD_COL_REJECTED, 1);
            break;
        }
        tot->accepted++;
        r |= sim_series_add(s, e->t, ORD_COL_ACCEPTED, 1);
        r |= sim_series_level(s, e->t, ORD_COL_INFLIGHT, ++inflight[e->var]);
        r |= sim_series_level(s, e->t, ORD_COL_A_BUSY, ++a_busy[e->var]);
        break;
    case EV_END_A: /* A answered (or failed) an accepted order */
        r |= sim_series_level(s, e->t, ORD_COL_A_BUSY, --a_busy[e->var]);
        if (o->outcome == LAB_ANSWERED) {
            sim_time lat = e->t - o->sched;
            tot->answered++;
            r |= sim_series_add(s, e->t, ORD_COL_ANSWERED, 1);
            r |= sim_series_record(s, e->t, ORD_H_LATENCY, lat);
            if (o->phase < v->nphases)
                sim_hist_record(&v->phases[o->phase].latency, lat);
        } else {
            tot->failed++;
            r |= sim_series_add(s, e->t, ORD_COL_FAILED, 1);
            r |= sim_series_level(s, e->t, ORD_COL_INFLIGHT, --inflight[e->var]);
        }
        break;
    case EV_WRITE:
        tot->db_queries += (uint64_t)e->value;
        r |= sim_series_add(s, e->t, ORD_COL_DB_QUERIES, e->value);
        if (o->outcome == LAB_ANSWERED) {
            sim_time lag = e->t - o->sched;
            tot->completed++;
            r |= sim_series_add(s, e->t, ORD_COL_COMPLETED, 1);
            r |= sim_series_record(s, e->t, ORD_H_LAG, lag);
            r |= sim_series_level(s, e->t, ORD_COL_INFLIGHT, --inflight[e->var]);
        }
        break;
    case EV_DLQ: /* only answered orders' (collect() skips the others) */
        tot->dlq++;
        r |= sim_series_add(s, e->t, ORD_COL_DLQ, 1);
        r |= sim_series_level(s, e->t, ORD_COL_INFLIGHT, --inflight[e->var]);
        break;
    case EV_REDELIVER:
        tot->redelivered++;
        r |= sim_series_add(s, e->t, ORD_COL_REDELIVERED, 1);
        break;
    case EV_BACKLOG:
        r |= sim_series_level(s, e->t, ORD_COL_BACKLOG, e->value);
        r |= sim_series_level(s, e->t, ORD_COL_BACKLOG_PEAK, e->value);
        if (e->value > v->backlog_max) {
            v->backlog_max = e->value;
            v->backlog_max_at = e->t;
            v->drained_at = SIM_TIME_NEVER;
        } else if (e->value == 0 && v->drained_at == SIM_TIME_NEVER) {
            v->drained_at = e->t;
        }
        break;
    case EV_B_BUSY: /* a sample of B's busy workers: the bucket keeps the largest */
        r |= sim_series_level(s, e->t, ORD_COL_B_BUSY, e->value);
        break;
    }
    if (r && !*rc)
        *rc = SIM_ENOMEM;
}

/* The events, unsorted; the orders' fates (written, dead-lettered) in fate. */
static struct ev *collect(const struct ord_config *cfg, const struct lab_record *rec,
                          struct order_fate *fate, size_t *nev, sim_time end)
{
    size_t cap = 2 * rec->norders + rec->nrows + rec->ndlq + rec->nredelivered + rec->nsamples +
                 rec->nbusy;
    struct ev *ev = calloc(cap ? cap : 1, sizeof *ev);
    if (!ev)
        return NULL;
    size_t n = 0;
    for (size_t i = 0; i < rec->norders; i++) {
        const struct lab_order *o = &rec->orders[i];
        if (o->sched < 0) /* no order with this id (fewer variants than ids) */
            continue;
        ev[n++] = (struct ev){clamp(o->sched, end), EV_OFFER, o->var, (uint32_t)i, 0};
        if (o->outcome == LAB_ANSWERED || o->outcome == LAB_FAILED)
            ev[n++] = (struct ev){clamp(o->done, end), EV_END_A, o->var, (uint32_t)i, 0};
    }
    for (size_t i = 0; i < rec->nrows; i++) {
        long k = order_of(rec, rec->rows[i].id);
        if (k < 0 || rec->orders[k].sched < 0 || fate[k].written)
            continue;
        fate[k].written = 1;
        ev[n++] = (struct ev){clamp(rec->rows[i].written, end), EV_WRITE, rec->orders[k].var,
                              (uint32_t)k, 1 + rec->rows[i].dups};
    }
    for (size_t i = 0; i < rec->ndlq; i++) {
        long k = order_of(rec, rec->dlq[i].id);
        if (k < 0 || rec->orders[k].sched < 0 || fate[k].written || fate[k].dlq ||
            rec->orders[k].outcome != LAB_ANSWERED)
            continue;
        fate[k].dlq = 1;
        ev[n++] = (struct ev){clamp(rec->dlq[i].at, end), EV_DLQ, rec->orders[k].var,
                              (uint32_t)k, 0};
    }
    int av = async_var(cfg);
    for (size_t i = 0; av >= 0 && i < rec->nredelivered; i++)
        ev[n++] = (struct ev){clamp(rec->redelivered[i].at, end), EV_REDELIVER, (uint8_t)av, 0, 0};
    for (size_t i = 0; av >= 0 && i < rec->nsamples; i++)
        ev[n++] = (struct ev){clamp(rec->samples[i].at, end), EV_BACKLOG, (uint8_t)av, 0,
                              rec->samples[i].backlog};
    for (size_t i = 0; i < rec->nbusy; i++)
        if (rec->busy[i].var < cfg->nvariants)
            ev[n++] = (struct ev){clamp(rec->busy[i].at, end), EV_B_BUSY, rec->busy[i].var, 0,
                                  rec->busy[i].busy};
    *nev = n;
    return ev;
}

static void exactly_once(struct lab_report *rep, const struct ord_config *cfg,
                         const struct lab_record *rec, const struct order_fate *fate)
{
    int av = async_var(cfg);
    rep->duplicates = 0;
    for (size_t i = 0; i < rec->nrows; i++)
        rep->duplicates += (uint64_t)rec->rows[i].dups;
    for (size_t i = 0; av >= 0 && i < rec->norders; i++) {
        const struct lab_order *o = &rec->orders[i];
        if (o->sched < 0 || o->var != av || o->outcome != LAB_ANSWERED)
            continue;
        rep->async_accepted++;
        if (fate[i].written)
            rep->async_written++;
        else if (fate[i].dlq)
            rep->async_dlq++;
        else
            rep->async_missing++;
    }
}

int lab_build_result(struct lab_run *out, const struct ord_config *cfg,
                     const struct lab_record *rec)
{
    sim_time end = cfg->duration + cfg->drain;
    return lab_build_result_upto(out, cfg, rec, end, end);
}

int lab_build_result_upto(struct lab_run *out, const struct ord_config *cfg,
                          const struct lab_record *rec, sim_time end, sim_time upto)
{
    struct ord_result *res = &out->result;
    if (upto > end)
        upto = end;
    res->cfg = cfg;
    res->now = upto < 0 ? 0 : upto;
    res->end = end;
    res->nvariants = cfg->nvariants;
    int rc = 0;
    for (int i = 0; i < cfg->nvariants; i++) {
        int r = ord_variant_result_init(&res->v[i], cfg, cfg->variants[i]);
        if (r && !rc)
            rc = r;
    }
    struct order_fate *fate = calloc(rec->norders ? rec->norders : 1, sizeof *fate);
    size_t nev = 0;
    struct ev *ev = rc || !fate ? NULL : collect(cfg, rec, fate, &nev, end);
    if (!ev) {
        free(fate);
        lab_run_close(out);
        return SIM_ENOMEM;
    }
    qsort(ev, nev, sizeof *ev, cmp_ev);
    int64_t inflight[ORD_MAX_VARIANTS] = {0}, a_busy[ORD_MAX_VARIANTS] = {0};
    for (size_t i = 0; i < nev; i++)
        apply(out, rec, &ev[i], inflight, a_busy, &rc);
    for (int i = 0; i < cfg->nvariants && !rc; i++) {
        struct ord_variant_result *v = &res->v[i];
        struct ord_totals *t = &v->totals;
        t->in_flight = t->accepted - t->completed - t->failed - t->dlq;
        if (sim_series_close_until(&v->series, upto) ||
            (upto >= end && sim_series_finish(&v->series)))
            rc = SIM_ENOMEM;
    }
    exactly_once(&out->report, cfg, rec, fate);
    free(ev);
    free(fate);
    if (rc)
        lab_run_close(out);
    return rc;
}

void lab_run_close(struct lab_run *r)
{
    for (int i = 0; i < r->result.nvariants; i++)
        ord_variant_result_close(&r->result.v[i]);
    r->result.nvariants = 0;
    if (r->played) {
        ord_config_free(r->played);
        free(r->played);
        r->played = NULL;
    }
}
