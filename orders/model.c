/* orders/model.c: the run driver. One engine, one arrival stream, one model instance
 * per variant; a sampling event at every bucket boundary closes the buckets, so the
 * record depends on event times only, never on how ord_run_advance is called.
 *
 * The run covers virtual time [0, end) with end = duration + drain: events at exactly
 * end are not processed. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "orders/internal.h"
#include "sim/error.h"

/* The wirings, one row per enum ord_variant. A new wiring is a new row. */
const struct ord__wiring ord__wirings[ORD_NVARIANT_KINDS] = {
    [ORD_VARIANT_SYNC] =
        {
            .uses_mq = false,
            .arrive = ord__a_arrive,
            .a_done = ord__sync_a_done,
            .b_done = ord__sync_b_done,
            .b_thread_free = ord__sync_b_thread_free,
            .b_down = ord__sync_b_down,
            .b_crash = ord__sync_b_crash,
            .poll = NULL,
            .check = ord__sync_check,
        },
    [ORD_VARIANT_ASYNC] =
        {
            .uses_mq = true,
            .arrive = ord__a_arrive,
            .a_done = ord__async_a_done,
            .b_done = ord__async_b_done,
            .b_thread_free = ord__async_b_thread_free,
            .b_down = ord__async_b_down,
            .b_crash = ord__async_b_crash,
            .poll = ord__async_poll,
            .check = ord__async_check,
        },
};

void ord__run_fail(struct ord__run *run, int err)
{
    if (!run->err)
        run->err = err;
    sim_stop(&run->engine);
}

uint32_t ord__phase_entry(const struct ord__run *run, size_t phase)
{
    size_t np = run->cfg->load.nphases;
    if (np <= run->nphase_stats)
        return (uint32_t)phase;
    return (uint32_t)(phase * run->nphase_stats / np);
}

/* instances x threads, saturating at ORD_UNLIMITED x anything = unlimited. */
static uint64_t capacity(uint32_t instances, uint32_t per_instance)
{
    if (instances == ORD_UNLIMITED || per_instance == ORD_UNLIMITED)
        return UINT64_MAX;
    return (uint64_t)instances * per_instance;
}

/* Threads or accept queue of a station: `unlimited` is ORD_UNLIMITED_IN_ALL in all. */
static uint64_t bounded_capacity(uint32_t instances, uint32_t per_instance)
{
    return per_instance == ORD_UNLIMITED ? ORD_UNLIMITED_IN_ALL : capacity(instances, per_instance);
}

static void rng_init(struct sim_rng *r, const struct ord_config *cfg, enum ord_variant kind,
                     const char *part)
{
    char name[96];
    snprintf(name, sizeof name, "%s.%s", ord_variant_name(kind), part);
    sim_rng_init(r, cfg->seed, sim_rng_stream_id(name));
}

/* Streams of the single form keep their names ("sync.b", "sync.db"): a service named
 * b and a database named main use those, the others their own ("sync.b.points"). */
static void part_name(char *buf, size_t n, const char *part, const char *name, const char *own)
{
    if (strcmp(name, own) == 0)
        snprintf(buf, n, "%s", part);
    else
        snprintf(buf, n, "%s.%s", part, name);
}

static void svc_init(struct ord__variant *v, uint32_t i)
{
    const struct ord_config *cfg = v->cfg;
    struct ord__svc *s = &v->svc[i];
    char part[64];
    s->v = v;
    s->index = i;
    ord_config_service(cfg, i, &s->cfg);
    s->b.cap = bounded_capacity(s->cfg.b.instances, s->cfg.b.threads);
    s->b.queue_cap = bounded_capacity(s->cfg.b.instances, s->cfg.b.accept_queue);
    s->db = &v->dbs[s->cfg.db < v->ndbs ? s->cfg.db : 0];
    s->res = &v->res->services[i];
    s->res->name = cfg->nservices ? cfg->services[i].name : "b";
    part_name(part, sizeof part, "b", s->cfg.name, "b");
    rng_init(&s->rng, cfg, v->kind, part);
    part_name(part, sizeof part, "retry", s->cfg.name, "b");
    rng_init(&s->rng_retry, cfg, v->kind, part);
}

static void db_init(struct ord__variant *v, uint32_t i)
{
    struct ord__dbst *d = &v->dbs[i];
    char part[64];
    d->v = v;
    d->cfg = *ord_config_database(v->cfg, i, &d->cfg);
    d->db.cap = d->cfg.db.connections == ORD_UNLIMITED ? UINT64_MAX : d->cfg.db.connections;
    part_name(part, sizeof part, "db", d->cfg.name, "main");
    rng_init(&d->rng, v->cfg, v->kind, part);
}

/* Service k joins now: orders accepted from now on go to it too. */
static void join_event(struct sim_engine *e, void *ctx, uint64_t k)
{
    (void)e;
    struct ord__variant *v = ctx;
    v->active |= (uint8_t)(1u << k);
}

int ord__command_apply(struct ord__run *run, const struct ord_command *c)
{
    switch (c->kind) {
    case ORD_CMD_FAULT:
        return ord__fault_start(run, &c->fault);
    case ORD_CMD_CLEAR:
        return ord__faults_clear(run, c->fault.target, c->fault.unit);
    case ORD_CMD_JOIN:
        if (c->fault.target != ORD_TARGET_B || c->fault.unit >= ord_config_nservices(run->cfg))
            return SIM_EINVAL;
        for (int i = 0; i < run->nvars; i++)
            join_event(&run->engine, &run->vars[i], c->fault.unit);
        return 0;
    }
    return SIM_EINVAL;
}

int ord_run_join(struct ord_run *r, uint32_t service)
{
    if (!r->p)
        return SIM_EINVAL;
    struct ord_command c = {.kind = ORD_CMD_JOIN};
    c.fault.target = ORD_TARGET_B;
    c.fault.unit = service;
    int rc = ord__command_apply(r->p, &c);
    for (int i = 0; i < r->p->nvars; i++)
        ord__rec_push(&r->p->vars[i]);
    return rc;
}

bool ord_run_joined(const struct ord_run *r, uint32_t service)
{
    return r->p && r->p->nvars > 0 && service < ORD_MAX_SERVICES &&
           (r->p->vars[0].active & (1u << service));
}

static int variant_init(struct ord__run *run, int i)
{
    const struct ord_config *cfg = run->cfg;
    struct ord__variant *v = &run->vars[i];
    v->run = run;
    v->kind = cfg->variants[i];
    v->w = &ord__wirings[v->kind];
    v->res = &run->result.v[i];
    v->e = &run->engine;
    v->cfg = cfg;
    ord__pool_init(&v->orders, sizeof(struct ord__order), 1024);
    ord__pool_init(&v->jobs, sizeof(struct ord__job), 1024);
    v->a_cap = bounded_capacity(cfg->a.instances, cfg->a.threads);
    v->ndbs = (uint32_t)ord_config_ndatabases(cfg);
    v->nsvc = (uint32_t)ord_config_nservices(cfg);
    for (uint32_t k = 0; k < v->ndbs; k++)
        db_init(v, k);
    v->res->nservices = v->nsvc;
    for (uint32_t k = 0; k < v->nsvc; k++) {
        svc_init(v, k);
        if (v->svc[k].cfg.start == 0)
            v->active |= (uint8_t)(1u << k);
        else if (v->svc[k].cfg.start < run->end &&
                 !sim_schedule(v->e, v->svc[k].cfg.start, join_event, v, k))
            return SIM_ENOMEM;
    }
    ord__stations_init(v);
    for (uint32_t k = 0; k < v->nsvc; k++)
        ord__b_set_slow(&v->svc[k], 1.0);
    for (uint32_t k = 0; k < v->ndbs; k++)
        ord__db_set_slow(&v->dbs[k], 1.0);
    rng_init(&v->rng_a, cfg, v->kind, "a");
    int rc = ord__rec_init(run, v);
    if (rc == 0 && v->w->uses_mq)
        rc = ord__async_init(v);
    return rc;
}

static void variant_close(struct ord__variant *v)
{
    for (uint32_t k = 0; k < v->nsvc; k++) {
        if (v->svc[k].has_mq)
            mq_close(&v->svc[k].mq);
        v->svc[k].has_mq = false;
    }
    ord__stations_close(v);
    ord__pool_close(&v->orders);
    ord__pool_close(&v->jobs);
    ord__pool_close(&v->msgs);
    ord__rec_close(v);
}

static int config_valid(const struct ord_config *cfg)
{
    if (!cfg || cfg->interval <= 0 || cfg->duration < 0 || cfg->drain < 0)
        return 0;
    if (cfg->nvariants < 1 || cfg->nvariants > ORD_MAX_VARIANTS)
        return 0;
    for (int i = 0; i < cfg->nvariants; i++) {
        if ((unsigned)cfg->variants[i] >= ORD_NVARIANT_KINDS ||
            !ord__wirings[cfg->variants[i]].a_done) /* a variant without its wiring row */
            return 0;
        for (int k = 0; k < i; k++)
            if (cfg->variants[k] == cfg->variants[i])
                return 0;
    }
    const struct ord_load *l = &cfg->load;
    for (size_t i = 0; i < l->nphases; i++)
        if (!(l->phases[i].rate_per_s >= 0) ||
            (i ? l->phases[i].at <= l->phases[i - 1].at : l->phases[i].at != 0))
            return 0;
    if (l->arrivals == ORD_ARRIVALS_TIMES)
        for (size_t i = 0; i < l->ntimes; i++)
            if (l->times[i] < 0 || (i && l->times[i] < l->times[i - 1]))
                return 0;
    if (cfg->b.timeout < 0 || cfg->b.backoff < 0 || cfg->b.backoff_max < 0 ||
        cfg->db.queue_timeout < 0)
        return 0;
    return 1;
}

static void sample_event(struct sim_engine *e, void *ctx, uint64_t arg);

static void schedule_sample(struct ord__run *run, uint64_t k)
{
    sim_time interval = run->cfg->interval;
    if (k > (uint64_t)((run->end - 1) / interval))
        return;
    if (!sim_schedule(&run->engine, (sim_time)k * interval, sample_event, run, k))
        ord__run_fail(run, SIM_ENOMEM);
}

static int run_check(struct ord__run *run, char *why, size_t why_len);

/* The end of bucket k - 1: close it in every variant's series. */
static void sample_event(struct sim_engine *e, void *ctx, uint64_t k)
{
    (void)e;
    struct ord__run *run = ctx;
    for (int i = 0; i < run->nvars; i++) {
        struct ord__variant *v = &run->vars[i];
        ord__rec_sample(v);
        if (v->w->poll)
            v->w->poll(v);
        ord__rec_bucket_end(v);
    }
#ifdef ORD_CHECK_EVERY_BUCKET
    char why[sizeof run->why - 64];
    if (run_check(run, why, sizeof why) != 0) {
        snprintf(run->why, sizeof run->why, "%s at %.3f s: %s", sim_strerror(SIM_EINVARIANT),
                 sim_time_to_s(e->now), why);
        ord__run_fail(run, SIM_EINVARIANT);
    }
#endif
    schedule_sample(run, k + 1);
}

int ord_run_init(struct ord_run *r, const struct ord_config *cfg)
{
    r->p = NULL;
    if (!config_valid(cfg))
        return SIM_EINVAL;
    struct ord__run *run = calloc(1, sizeof *run);
    if (!run)
        return SIM_ENOMEM;
    int rc = sim_engine_init(&run->engine);
    if (rc != 0) {
        free(run);
        return rc;
    }
    run->cfg = cfg;
    run->end =
        cfg->duration > SIM_TIME_NEVER - cfg->drain ? SIM_TIME_NEVER : cfg->duration + cfg->drain;
    run->nphase_stats = ord_phase_entries(cfg);
    run->result.cfg = cfg;
    run->result.end = run->end;
    run->result.nvariants = cfg->nvariants;
    ord__a_line_init(run);
    r->p = run;
    for (int i = 0; i < cfg->nvariants && rc == 0; i++) {
        run->nvars = i + 1;
        rc = variant_init(run, i);
    }
    if (rc == 0)
        rc = ord__faults_schedule(run);
    if (rc == 0)
        rc = ord__load_start(run);
    if (rc == 0)
        schedule_sample(run, 1);
    if (rc == 0)
        rc = run->err;
    if (rc != 0)
        ord_run_close(r);
    return rc;
}

void ord_run_close(struct ord_run *r)
{
    struct ord__run *run = r->p;
    if (!run)
        return;
    for (int i = 0; i < run->nvars; i++)
        variant_close(&run->vars[i]);
    ord__line_close(&run->a_line);
    sim_engine_close(&run->engine);
    ord__faults_free(run);
    free(run);
    r->p = NULL;
}

/* The config's recorded commands up to target, each applied after every event at or
 * before its time, as the live session that recorded it did. */
static void run_commands(struct ord__run *run, sim_time target)
{
    const struct ord_config *cfg = run->cfg;
    while (!run->err && run->next_command < cfg->ncommands) {
        const struct ord_command *c = &cfg->commands[run->next_command];
        if (c->at > target || c->at >= run->end)
            return;
        sim_run_until(&run->engine, c->at);
        run->next_command++;
        int rc = ord__command_apply(run, c);
        if (rc != 0)
            ord__run_fail(run, rc);
    }
}

int ord_run_advance(struct ord_run *r, sim_time until)
{
    struct ord__run *run = r->p;
    if (!run)
        return SIM_EINVAL;
    if (run->err)
        return run->err;
    sim_time target = until < run->end ? until : run->end;
    if (target > run->result.now) {
        run_commands(run, target);
        /* events at exactly end belong to no bucket of the run */
        if (!run->err)
            sim_run_until(&run->engine, target < run->end ? target : run->end - 1);
        if (!run->err)
            run->result.now = target;
    }
    for (int i = 0; i < run->nvars; i++)
        ord__rec_push(&run->vars[i]);
    return run->err;
}

int ord_run_advance_bounded(struct ord_run *r, sim_time until, uint64_t max_events)
{
    struct ord__run *run = r->p;
    if (!run)
        return SIM_EINVAL;
    if (run->err)
        return run->err;
    const struct ord_config *cfg = run->cfg;
    sim_time target = until < run->end ? until : run->end;
    uint64_t fired = 0;
    /* The same events in the same order as ord_run_advance (a recorded command after
     * the events at its time), one at a time so that the count can stop it. */
    while (!run->err && run->result.now < target) {
        const struct ord_command *c = NULL;
        sim_time stop = target;
        if (run->next_command < cfg->ncommands) {
            c = &cfg->commands[run->next_command];
            if (c->at <= target && c->at < run->end)
                stop = c->at;
            else
                c = NULL;
        }
        /* events at exactly end belong to no bucket of the run */
        sim_time last = stop < run->end ? stop : run->end - 1;
        while (!run->err && fired < max_events && sim_next_time(&run->engine) <= last) {
            sim_step(&run->engine);
            fired++;
        }
        if (run->err)
            break;
        if (sim_next_time(&run->engine) <= last) {
            /* out of events for this call: the run is complete up to the last one */
            if (run->engine.now > run->result.now)
                run->result.now = run->engine.now;
            break;
        }
        sim_run_until(&run->engine, last); /* nothing left to fire: sets the clock */
        if (c) {
            run->next_command++;
            int rc = ord__command_apply(run, c);
            if (rc != 0)
                ord__run_fail(run, rc);
        }
        if (!run->err)
            run->result.now = stop;
    }
    for (int i = 0; i < run->nvars; i++)
        ord__rec_push(&run->vars[i]);
    return run->err;
}

/* The invariants of every variant, in the totals and against the model's state. */
static int run_check(struct ord__run *run, char *why, size_t why_len)
{
    for (int i = 0; i < run->nvars; i++) {
        struct ord__variant *v = &run->vars[i];
        const struct ord_totals *t = &v->res->totals;
        int rc = ord_check_totals(t, why, why_len);
        uint64_t busy = 0, queued = 0;
        for (uint32_t k = 0; k < v->nsvc; k++) {
            busy += v->svc[k].b.busy;
            queued += v->svc[k].b.queue.len;
            if (rc == 0)
                rc = ord_check_service(v->svc[k].res, why, why_len);
        }
        if (rc == 0 && v->jobs.live != busy + queued) {
            snprintf(why, why_len,
                     "the services' jobs (%zu) are not their busy threads (%llu) + queued "
                     "calls (%llu)",
                     v->jobs.live, (unsigned long long)busy, (unsigned long long)queued);
            rc = SIM_EINVARIANT;
        }
        if (rc == 0)
            rc = v->w->check(v, why, why_len);
        if (rc != 0) {
            size_t n = strlen(why);
            snprintf(why + n, why_len - n, " [%s]", v->res->name);
            return rc;
        }
    }
    return 0;
}

int ord_run_finish(struct ord_run *r)
{
    int rc = ord_run_advance(r, SIM_TIME_NEVER);
    if (rc != 0 || r->p->finished)
        return rc;
    struct ord__run *run = r->p;
    run->finished = true;
    for (int i = 0; i < run->nvars; i++) {
        struct ord__variant *v = &run->vars[i];
        ord__rec_sample(v);
        if (v->w->poll)
            v->w->poll(v);
        ord__rec_finish(v, run->end);
    }
    if (run->err)
        return run->err;
    char why[sizeof run->why - 64];
    if (run_check(run, why, sizeof why) != 0) {
        snprintf(run->why, sizeof run->why, "%s at the end of the run: %s",
                 sim_strerror(SIM_EINVARIANT), why);
        run->err = SIM_EINVARIANT;
    }
    return run->err;
}

bool ord_run_done(const struct ord_run *r)
{
    return !r->p || r->p->result.now >= r->p->end;
}

sim_time ord_run_now(const struct ord_run *r)
{
    return r->p ? r->p->result.now : 0;
}

const struct ord_result *ord_run_result(const struct ord_run *r)
{
    return r->p ? &r->p->result : NULL;
}

const char *ord_run_strerror(const struct ord_run *r, int err)
{
    if (err == SIM_EINVARIANT && r && r->p && r->p->why[0])
        return r->p->why;
    return sim_strerror(err);
}

int ord_run_stations(const struct ord_run *r, int variant, int service, struct ord_stations *out)
{
    if (!r->p || variant < 0 || variant >= r->p->nvars)
        return SIM_EINVAL;
    const struct ord__variant *v = &r->p->vars[variant];
    if (service >= 0 && (uint32_t)service >= v->nsvc)
        return SIM_EINVAL;
    ord__stations_read(v, service, out);
    return 0;
}

double ord_run_rate_now(const struct ord_run *r)
{
    return r->p ? ord__load_rate_now(r->p) : 0.0;
}

void ord_run_on_arrival(struct ord_run *r, ord_arrival_fn fn, void *ud)
{
    r->p->on_arrival = fn;
    r->p->on_arrival_ud = ud;
}
