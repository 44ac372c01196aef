/* orders/sync.c: the sync wiring. A calls B and waits; the A thread is held for the
 * whole call, retries and backoffs included.
 *
 * A call that finds every B thread busy waits in B's accept queue (bounded; full ->
 * refused). A gives up on a call after b.timeout; B does not know and keeps working on
 * it (wasted work, what makes retry storms last). A failed, refused or timed-out call is
 * retried up to b.retries times after a capped exponential backoff with full jitter:
 * uniform on [0, min(backoff_max, backoff x 2^(attempt-1))]. */
#include <stdio.h>

#include "orders/internal.h"
#include "sim/error.h"

static void call_b(struct ord__variant *v, struct ord__order *o);

static void order_done(struct ord__variant *v, struct ord__order *o)
{
    v->res->totals.in_flight--;
    ord__inflight_changed(v);
    ord__a_release(v);
    ord__order_free(v, o);
}

static void order_failed(struct ord__variant *v, struct ord__order *o)
{
    v->res->totals.failed++;
    ord__rec_add(v, ORD_COL_FAILED, 1);
    order_done(v, o);
}

/* B answered with success: the order is written (now) and the user has the answer. */
static void order_succeeded(struct ord__variant *v, struct ord__order *o)
{
    struct ord_totals *t = &v->res->totals;
    t->answered++;
    t->completed++;
    ord__rec_add(v, ORD_COL_ANSWERED, 1);
    ord__rec_add(v, ORD_COL_COMPLETED, 1);
    ord__rec_answered(v, o);
    ord__rec_completed(v, o->arrival);
    order_done(v, o);
}

static void retry_event(struct sim_engine *e, void *ctx, uint64_t arg)
{
    (void)e, (void)arg;
    struct ord__order *o = ctx;
    call_b(o->v, o);
}

static sim_time backoff_cap(const struct ord_b_config *b, uint32_t attempt)
{
    sim_time cap = b->backoff;
    for (uint32_t i = 1; i < attempt && cap < b->backoff_max; i++)
        cap = cap > SIM_TIME_NEVER / 2 ? SIM_TIME_NEVER : 2 * cap;
    return cap < b->backoff_max ? cap : b->backoff_max;
}

/* The current attempt failed (refused, error, or timed out). */
static void call_failed(struct ord__variant *v, struct ord__order *o)
{
    const struct ord_b_config *b = &v->cfg->b;
    if (o->attempt > b->retries) {
        order_failed(v, o);
        return;
    }
    sim_time cap = backoff_cap(b, o->attempt);
    sim_time delay = (sim_time)sim_rng_below(&v->rng_retry, (uint64_t)cap + 1);
    if (!sim_schedule_in(v->e, delay, retry_event, o, 0))
        ord__run_fail(v->run, SIM_ENOMEM);
}

/* ---- A's call timeouts: one timer for a FIFO of deadlines ------------------------- */
/* Every call has the same timeout, so deadlines come in the order calls are made. The
 * FIFO keeps (job, generation, deadline); entries of calls that already ended are
 * skipped when they reach the head. */

static bool call_waiting(const struct ord__slot *s)
{
    const struct ord__job *j = s->item;
    return j->gen == s->gen && j->order != NULL;
}

static void timeout_event(struct sim_engine *e, void *ctx, uint64_t arg);

static void arm_timeouts(struct ord__variant *v)
{
    while (v->timeouts.len && !call_waiting(ord__ring_front(&v->timeouts)))
        ord__ring_pop(&v->timeouts);
    if (!v->timeouts.len || v->timeout_timer)
        return;
    v->timeout_timer = sim_schedule(v->e, ord__ring_front(&v->timeouts)->t, timeout_event, v, 0);
    if (!v->timeout_timer)
        ord__run_fail(v->run, SIM_ENOMEM);
}

static void timeout_event(struct sim_engine *e, void *ctx, uint64_t arg)
{
    (void)arg;
    struct ord__variant *v = ctx;
    v->timeout_timer = 0;
    while (v->timeouts.len) {
        struct ord__slot *s = ord__ring_front(&v->timeouts);
        if (call_waiting(s) && s->t > e->now)
            break;
        struct ord__job *j = s->item;
        bool expired = call_waiting(s);
        ord__ring_pop(&v->timeouts);
        if (expired) {
            struct ord__order *o = j->order;
            j->order = NULL; /* B keeps the job: its work is now wasted */
            o->job = NULL;
            call_failed(v, o);
        }
    }
    arm_timeouts(v);
}

/* ---- the call ------------------------------------------------------------------------ */

static void call_b(struct ord__variant *v, struct ord__order *o)
{
    o->attempt++;
    bool full = v->b.busy >= v->b.cap && v->b.queue.len >= v->b.queue_cap;
    if (v->b.down || full) {
        call_failed(v, o); /* refused at once */
        return;
    }
    struct ord__job *j = ord__job_new(v);
    if (!j)
        return;
    j->order = o;
    j->arrival = o->arrival;
    o->job = j;
    sim_time timeout = v->cfg->b.timeout;
    if (timeout != SIM_TIME_NEVER) {
        sim_time now = v->e->now;
        sim_time deadline = now > SIM_TIME_NEVER - timeout ? SIM_TIME_NEVER : now + timeout;
        if (ord__ring_push(&v->timeouts, j, deadline, j->gen) != 0)
            ord__run_fail(v->run, SIM_ENOMEM);
        else if (!v->timeout_timer)
            arm_timeouts(v);
    }
    if (v->b.busy < v->b.cap)
        ord__b_start(v, j);
    else if (ord__ring_push(&v->b.queue, j, v->e->now, 0) != 0)
        ord__run_fail(v->run, SIM_ENOMEM);
}

void ord__sync_a_done(struct ord__variant *v, struct ord__order *o)
{
    call_b(v, o);
}

void ord__sync_b_done(struct ord__variant *v, struct ord__job *j, int status)
{
    struct ord__order *o = j->order;
    ord__job_free(v, j);
    if (!o)
        return; /* A gave up on this call earlier */
    o->job = NULL;
    if (status == 0)
        order_succeeded(v, o);
    else
        call_failed(v, o);
}

void ord__sync_b_thread_free(struct ord__variant *v)
{
    while (v->b.busy < v->b.cap && v->b.queue.len) {
        struct ord__job *j = ord__ring_front(&v->b.queue)->item;
        ord__ring_pop(&v->b.queue);
        ord__b_start(v, j);
    }
}

/* B down: the calls waiting in its accept queue are refused with it. Calls B is
 * already working on finish (their database query fails if the database is down). */
void ord__sync_b_down(struct ord__variant *v, bool down)
{
    while (down && v->b.queue.len) {
        struct ord__job *j = ord__ring_front(&v->b.queue)->item;
        ord__ring_pop(&v->b.queue);
        ord__sync_b_done(v, j, SIM_EDOWN);
    }
}

/* Every accepted order not yet finished is an order record (A holds it). */
int ord__sync_check(struct ord__variant *v, char *why, size_t why_len)
{
    if (v->orders.live == v->res->totals.in_flight)
        return 0;
    snprintf(why, why_len, "orders in flight (%llu) are not the orders A holds (%zu)",
             (unsigned long long)v->res->totals.in_flight, v->orders.live);
    return SIM_EINVARIANT;
}
