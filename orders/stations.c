/* orders/stations.c: A, the downstream services and the databases, shared by every wiring.
 *
 * A: instances x threads; an order that finds every thread busy is rejected at once.
 * A service: instances x threads; a job (sync call or MQ message) holds a thread for
 *    its work and one query on its database. Hung, it holds the thread for its
 *    timeout, then gives up.
 * Database: connections; a query waits for one in FIFO order, at most queue_timeout.
 * What happens around a job (queueing a call, acking a message) is the wiring's. */
#include <string.h>

#include "orders/internal.h"
#include "sim/error.h"

/* Schedule fn after delay; a delay of SIM_TIME_NEVER means the event never happens. */
static void schedule_in(struct ord__variant *v, sim_time delay, sim_event_fn fn, void *ctx)
{
    if (delay == SIM_TIME_NEVER)
        return;
    if (!sim_schedule_in(v->e, delay, fn, ctx, 0))
        ord__run_fail(v->run, SIM_ENOMEM);
}

struct ord__order *ord__order_new(struct ord__variant *v)
{
    struct ord__order *o = ord__pool_get(&v->orders);
    if (!o) {
        ord__run_fail(v->run, SIM_ENOMEM);
        return NULL;
    }
    o->v = v;
    o->next = 0;
    o->pending = 0;
    o->members = v->active;
    o->resolved = (uint8_t)~v->active;
    o->written = 0;
    o->failed = false;
    for (uint32_t i = 0; i < v->nsvc; i++) {
        o->job[i] = NULL;
        o->attempt[i] = 0;
    }
    return o;
}

void ord__order_free(struct ord__variant *v, struct ord__order *o)
{
    o->gen++;
    ord__pool_put(&v->orders, o);
}

struct ord__job *ord__job_new(struct ord__svc *s)
{
    struct ord__job *j = ord__pool_get(&s->v->jobs);
    if (!j) {
        ord__run_fail(s->v->run, SIM_ENOMEM);
        return NULL;
    }
    j->s = s;
    j->order = NULL;
    j->owner = NULL;
    j->msg = NULL;
    j->handle = 0;
    j->dead = false;
    j->hung = false;
    return j;
}

void ord__job_free(struct ord__svc *s, struct ord__job *j)
{
    j->gen++;
    ord__pool_put(&s->v->jobs, j);
}

/* ---- per-service counting ------------------------------------------------------------ */

void ord__svc_outcome(struct ord__svc *s, uint8_t *resolved, uint64_t *counter)
{
    uint8_t bit = (uint8_t)(1u << s->index);
    if (*resolved & bit)
        return;
    *resolved |= bit;
    s->res->in_flight--;
    (*counter)++;
}

bool ord__svc_write(struct ord__svc *s, uint8_t *written, uint8_t *resolved, sim_time arrival)
{
    uint8_t bit = (uint8_t)(1u << s->index);
    struct ord_service_result *r = s->res;
    if ((*written | *resolved) & bit) {
        if ((*written & bit) && s->cfg.consumer.idempotent) {
            r->duplicates_skipped++; /* the write found the order already there */
            return false;
        }
        r->duplicates++;
        s->v->res->totals.duplicates++;
        r->db_writes++;
        ord__rec_svc_write(s);
        return false;
    }
    *written |= bit;
    r->db_writes++;
    ord__rec_svc_write(s);
    ord__rec_svc_completed(s, arrival);
    ord__svc_outcome(s, resolved, &r->completed);
    return true;
}

/* ---- A ------------------------------------------------------------------------------ */

static void a_done(void *item)
{
    struct ord__order *o = item;
    o->v->w->a_done(o->v, o);
}

void ord__a_arrive(struct ord__variant *v, uint32_t phase)
{
    struct ord_totals *t = &v->res->totals;
    t->offered++;
    ord__rec_add(v, ORD_COL_OFFERED, 1);
    v->res->phases[phase].offered++;
    if (v->a_busy >= v->a_cap) {
        t->rejected++;
        ord__rec_add(v, ORD_COL_REJECTED, 1);
        return;
    }
    struct ord__order *o = ord__order_new(v);
    if (!o)
        return;
    o->arrival = v->e->now;
    o->phase = phase;
    t->accepted++;
    t->in_flight++;
    for (uint32_t i = 0; i < v->nsvc; i++) {
        if (o->members & (1u << i)) {
            v->svc[i].res->in_flight++;
            v->svc[i].res->accepted++;
        }
    }
    ord__rec_add(v, ORD_COL_ACCEPTED, 1);
    ord__inflight_changed(v);
    v->a_busy++;
    ord__rec_level(v, ORD_COL_A_BUSY, (int64_t)v->a_busy);
    ord__line_after(&v->run->a_line, sim_dist_sample(&v->cfg->a.service, &v->rng_a), o);
}

void ord__a_release(struct ord__variant *v)
{
    v->a_busy--;
    ord__rec_level(v, ORD_COL_A_BUSY, (int64_t)v->a_busy);
}

/* ---- database --------------------------------------------------------------------- */

static void db_start(struct ord__dbst *d, struct ord__job *j)
{
    d->db.busy++;
    if (d->db.hang) {
        if (ord__ring_push(&d->db.stuck, j, d->v->e->now, 0) != 0)
            ord__run_fail(d->v->run, SIM_ENOMEM);
        return;
    }
    ord__line_after(&d->line, sim_dist_sample(&d->db.query, &d->rng), j);
}

/* Hand free connections to waiting queries, oldest first. */
static void db_next(struct ord__dbst *d)
{
    while (d->db.busy < d->db.cap && d->db.queue.len) {
        struct ord__job *j = ord__ring_front(&d->db.queue)->item;
        ord__ring_pop(&d->db.queue);
        db_start(d, j);
    }
}

static void db_done(void *item)
{
    struct ord__job *j = item;
    struct ord__svc *s = j->s;
    struct ord__variant *v = s->v;
    v->res->totals.db_queries++;
    ord__rec_add(v, ORD_COL_DB_QUERIES, 1);
    ord__rec_svc_query(s);
    s->db->db.busy--;
    db_next(s->db);
    ord__b_finish(s, j, 0);
}

static sim_time add_sat(sim_time a, sim_time b)
{
    return a > SIM_TIME_NEVER - b ? SIM_TIME_NEVER : a + b;
}

static void db_timer_event(struct sim_engine *e, void *ctx, uint64_t arg);

/* One timer for the whole queue: the queue is FIFO and the timeout the same for all,
 * so the head is always the first to expire. */
static void db_arm(struct ord__dbst *d)
{
    sim_time limit = d->cfg.db.queue_timeout;
    if (d->db.timer || !d->db.queue.len || limit == SIM_TIME_NEVER)
        return;
    sim_time at = add_sat(ord__ring_front(&d->db.queue)->t, limit);
    d->db.timer = sim_schedule(d->v->e, at, db_timer_event, d, 0);
    if (!d->db.timer)
        ord__run_fail(d->v->run, SIM_ENOMEM);
}

static void db_timer_event(struct sim_engine *e, void *ctx, uint64_t arg)
{
    (void)arg;
    struct ord__dbst *d = ctx;
    sim_time limit = d->cfg.db.queue_timeout;
    d->db.timer = 0;
    while (d->db.queue.len && add_sat(ord__ring_front(&d->db.queue)->t, limit) <= e->now) {
        struct ord__job *j = ord__ring_front(&d->db.queue)->item;
        ord__ring_pop(&d->db.queue);
        ord__b_finish(j->s, j, SIM_ETIMEOUT);
    }
    db_arm(d);
}

static void db_query(struct ord__dbst *d, struct ord__job *j)
{
    if (d->db.down) {
        ord__b_finish(j->s, j, SIM_EDOWN);
    } else if (d->db.busy < d->db.cap) {
        db_start(d, j);
    } else if (ord__ring_push(&d->db.queue, j, d->v->e->now, 0) != 0) {
        ord__run_fail(d->v->run, SIM_ENOMEM);
    } else {
        db_arm(d);
    }
}

void ord__db_set_down(struct ord__dbst *d, bool down)
{
    d->db.down = down;
    while (down && d->db.queue.len) {
        struct ord__job *j = ord__ring_front(&d->db.queue)->item;
        ord__ring_pop(&d->db.queue);
        ord__b_finish(j->s, j, SIM_EDOWN);
    }
}

/* A hang ends: the stuck queries fail (their connections are reset) and the freed
 * connections serve the queue. */
void ord__db_set_hang(struct ord__dbst *d, bool hang)
{
    d->db.hang = hang;
    if (hang)
        return;
    while (d->db.stuck.len) {
        struct ord__job *j = ord__ring_front(&d->db.stuck)->item;
        ord__ring_pop(&d->db.stuck);
        d->db.busy--;
        ord__b_finish(j->s, j, SIM_EIO);
    }
    db_next(d);
}

void ord__db_set_slow(struct ord__dbst *d, double factor)
{
    d->db.slow = factor;
    d->db.query = factor == 1.0 ? d->cfg.db.query : sim_dist_scaled(&d->cfg.db.query, factor);
}

/* ---- the services ------------------------------------------------------------------- */

/* A job's own work is done: its query, unless its consumer crashed meanwhile. */
static void b_work_done(void *item)
{
    struct ord__job *j = item;
    if (j->dead) {
        ord__b_finish(j->s, j, SIM_EIO);
        return;
    }
    db_query(j->s->db, j);
}

static void b_hang_event(struct sim_engine *e, void *ctx, uint64_t arg)
{
    (void)e, (void)arg;
    struct ord__job *j = ctx;
    ord__b_finish(j->s, j, SIM_ETIMEOUT);
}

void ord__b_start(struct ord__svc *s, struct ord__job *j)
{
    struct ord__variant *v = s->v;
    s->b.busy++;
    v->b_busy++;
    ord__b_busy_changed(v);
    if (s->b.hang) {
        j->hung = true;
        schedule_in(v, s->cfg.b.timeout, b_hang_event, j);
    } else {
        ord__line_after(&s->line, sim_dist_sample(&s->b.service, &s->rng), j);
    }
}

/* The service is done with j (status 0: written): free the thread, then let the
 * wiring end j. */
void ord__b_finish(struct ord__svc *s, struct ord__job *j, int status)
{
    struct ord__variant *v = s->v;
    s->b.busy--;
    v->b_busy--;
    ord__b_busy_changed(v);
    v->w->b_thread_free(s);
    v->w->b_done(s, j, status);
}

void ord__b_set_slow(struct ord__svc *s, double factor)
{
    s->b.slow = factor;
    s->b.service = factor == 1.0 ? s->cfg.b.service : sim_dist_scaled(&s->cfg.b.service, factor);
}

/* Capacity for ord_stations: 0 for unlimited. */
static uint64_t total_of(uint64_t cap, uint32_t per_instance)
{
    return per_instance == ORD_UNLIMITED || cap == UINT64_MAX ? 0 : cap;
}

static void db_read(const struct ord__dbst *d, struct ord_stations *out, bool *unlimited)
{
    uint64_t conns = total_of(d->db.cap, d->cfg.db.connections);
    out->db_busy += d->db.busy;
    out->db_queue += d->db.queue.len;
    out->db_connections += conns;
    *unlimited |= conns == 0;
}

void ord__stations_read(const struct ord__variant *v, int service, struct ord_stations *out)
{
    bool unlimited_b = false, unlimited_db = false;
    memset(out, 0, sizeof *out);
    out->a_busy = v->a_busy;
    out->a_threads = total_of(v->a_cap, v->cfg->a.threads);
    for (uint32_t i = 0; i < v->nsvc; i++) {
        const struct ord__svc *s = &v->svc[i];
        if (service >= 0 && (uint32_t)service != i)
            continue;
        uint64_t threads = total_of(s->b.cap, s->cfg.b.threads);
        out->b_busy += s->b.busy;
        out->b_queue += s->b.queue.len;
        out->b_threads += threads;
        unlimited_b |= threads == 0;
    }
    if (service >= 0)
        db_read(v->svc[service].db, out, &unlimited_db);
    else
        for (uint32_t i = 0; i < v->ndbs; i++)
            db_read(&v->dbs[i], out, &unlimited_db);
    if (unlimited_b)
        out->b_threads = 0;
    if (unlimited_db)
        out->db_connections = 0;
}

void ord__a_line_init(struct ord__run *run)
{
    ord__line_init(&run->a_line, run, a_done);
}

void ord__stations_init(struct ord__variant *v)
{
    for (uint32_t i = 0; i < v->nsvc; i++)
        ord__line_init(&v->svc[i].line, v->run, b_work_done);
    for (uint32_t i = 0; i < v->ndbs; i++)
        ord__line_init(&v->dbs[i].line, v->run, db_done);
}

void ord__stations_close(struct ord__variant *v)
{
    for (uint32_t i = 0; i < v->nsvc; i++) {
        ord__line_close(&v->svc[i].line);
        ord__ring_free(&v->svc[i].b.queue);
        ord__ring_free(&v->svc[i].timeouts);
    }
    for (uint32_t i = 0; i < v->ndbs; i++) {
        ord__line_close(&v->dbs[i].line);
        ord__ring_free(&v->dbs[i].db.queue);
        ord__ring_free(&v->dbs[i].db.stuck);
    }
}
