/* orders/stations.c: A, B and the database, shared by every wiring.
 *
 * A: instances x threads; an order that finds every thread busy is rejected at once.
 * B: instances x threads; a job (sync call or MQ message) holds a thread for B's work
 *    and one database query. Hung, B holds the thread for b.timeout, then gives up.
 * Database: connections; a query waits for one in FIFO order, at most queue_timeout.
 * What happens around a job (queueing a call, acking a message) is the wiring's. */
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
    o->job = NULL;
    o->attempt = 0;
    return o;
}

void ord__order_free(struct ord__variant *v, struct ord__order *o)
{
    ord__pool_put(&v->orders, o);
}

struct ord__job *ord__job_new(struct ord__variant *v)
{
    struct ord__job *j = ord__pool_get(&v->jobs);
    if (!j) {
        ord__run_fail(v->run, SIM_ENOMEM);
        return NULL;
    }
    j->v = v;
    j->order = NULL;
    j->handle = 0;
    return j;
}

void ord__job_free(struct ord__variant *v, struct ord__job *j)
{
    j->gen++;
    ord__pool_put(&v->jobs, j);
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

static void db_done(void *item);

static void db_start(struct ord__variant *v, struct ord__job *j)
{
    v->db.busy++;
    if (v->db.hang) {
        if (ord__ring_push(&v->db.stuck, j, v->e->now, 0) != 0)
            ord__run_fail(v->run, SIM_ENOMEM);
        return;
    }
    ord__line_after(&v->db_line, sim_dist_sample(&v->db.query, &v->rng_db), j);
}

/* Hand free connections to waiting queries, oldest first. */
static void db_next(struct ord__variant *v)
{
    while (v->db.busy < v->db.cap && v->db.queue.len) {
        struct ord__job *j = ord__ring_front(&v->db.queue)->item;
        ord__ring_pop(&v->db.queue);
        db_start(v, j);
    }
}

static void db_done(void *item)
{
    struct ord__job *j = item;
    struct ord__variant *v = j->v;
    v->res->totals.db_queries++;
    ord__rec_add(v, ORD_COL_DB_QUERIES, 1);
    v->db.busy--;
    db_next(v);
    ord__b_finish(v, j, 0);
}

static sim_time add_sat(sim_time a, sim_time b)
{
    return a > SIM_TIME_NEVER - b ? SIM_TIME_NEVER : a + b;
}

static void db_timer_event(struct sim_engine *e, void *ctx, uint64_t arg);

/* One timer for the whole queue: the queue is FIFO and the timeout the same for all,
 * so the head is always the first to expire. */
static void db_arm(struct ord__variant *v)
{
    sim_time limit = v->cfg->db.queue_timeout;
    if (v->db.timer || !v->db.queue.len || limit == SIM_TIME_NEVER)
        return;
    sim_time at = add_sat(ord__ring_front(&v->db.queue)->t, limit);
    v->db.timer = sim_schedule(v->e, at, db_timer_event, v, 0);
    if (!v->db.timer)
        ord__run_fail(v->run, SIM_ENOMEM);
}

static void db_timer_event(struct sim_engine *e, void *ctx, uint64_t arg)
{
    (void)arg;
    struct ord__variant *v = ctx;
    sim_time limit = v->cfg->db.queue_timeout;
    v->db.timer = 0;
    while (v->db.queue.len && add_sat(ord__ring_front(&v->db.queue)->t, limit) <= e->now) {
        struct ord__job *j = ord__ring_front(&v->db.queue)->item;
        ord__ring_pop(&v->db.queue);
        ord__b_finish(v, j, SIM_ETIMEOUT);
    }
    db_arm(v);
}

static void db_query(struct ord__variant *v, struct ord__job *j)
{
    if (v->db.down) {
        ord__b_finish(v, j, SIM_EDOWN);
    } else if (v->db.busy < v->db.cap) {
        db_start(v, j);
    } else if (ord__ring_push(&v->db.queue, j, v->e->now, 0) != 0) {
        ord__run_fail(v->run, SIM_ENOMEM);
    } else {
        db_arm(v);
    }
}

void ord__db_set_down(struct ord__variant *v, bool down)
{
    v->db.down = down;
    while (down && v->db.queue.len) {
        struct ord__job *j = ord__ring_front(&v->db.queue)->item;
        ord__ring_pop(&v->db.queue);
        ord__b_finish(v, j, SIM_EDOWN);
    }
}

/* A hang ends: the stuck queries fail (their connections are reset) and the freed
 * connections serve the queue. */
void ord__db_set_hang(struct ord__variant *v, bool hang)
{
    v->db.hang = hang;
    if (hang)
        return;
    while (v->db.stuck.len) {
        struct ord__job *j = ord__ring_front(&v->db.stuck)->item;
        ord__ring_pop(&v->db.stuck);
        v->db.busy--;
        ord__b_finish(v, j, SIM_EIO);
    }
    db_next(v);
}

void ord__db_set_slow(struct ord__variant *v, double factor)
{
    v->db.slow = factor;
    v->db.query = factor == 1.0 ? v->cfg->db.query : sim_dist_scaled(&v->cfg->db.query, factor);
}

/* ---- B ------------------------------------------------------------------------------ */

static void b_work_done(void *item)
{
    struct ord__job *j = item;
    db_query(j->v, j);
}

static void b_hang_event(struct sim_engine *e, void *ctx, uint64_t arg)
{
    (void)e, (void)arg;
    struct ord__job *j = ctx;
    ord__b_finish(j->v, j, SIM_ETIMEOUT);
}

void ord__b_start(struct ord__variant *v, struct ord__job *j)
{
    v->b.busy++;
    ord__rec_level(v, ORD_COL_B_BUSY, (int64_t)v->b.busy);
    if (v->b.hang)
        schedule_in(v, v->cfg->b.timeout, b_hang_event, j);
    else
        ord__line_after(&v->b_line, sim_dist_sample(&v->b.service, &v->rng_b), j);
}

/* B is done with j (status 0: written): free the thread, then let the wiring end j. */
void ord__b_finish(struct ord__variant *v, struct ord__job *j, int status)
{
    v->b.busy--;
    ord__rec_level(v, ORD_COL_B_BUSY, (int64_t)v->b.busy);
    v->w->b_thread_free(v);
    v->w->b_done(v, j, status);
}

void ord__b_set_slow(struct ord__variant *v, double factor)
{
    v->b.slow = factor;
    v->b.service = factor == 1.0 ? v->cfg->b.service : sim_dist_scaled(&v->cfg->b.service, factor);
}

void ord__a_line_init(struct ord__run *run)
{
    ord__line_init(&run->a_line, run, a_done);
}

void ord__stations_init(struct ord__variant *v)
{
    ord__line_init(&v->b_line, v->run, b_work_done);
    ord__line_init(&v->db_line, v->run, db_done);
}

void ord__stations_close(struct ord__variant *v)
{
    ord__line_close(&v->b_line);
    ord__line_close(&v->db_line);
    ord__ring_free(&v->b.queue);
    ord__ring_free(&v->db.queue);
    ord__ring_free(&v->db.stuck);
    ord__ring_free(&v->timeouts);
}
