/* orders/sync.c: the sync wiring. A calls the services and waits; the A thread is held
 * for every call, retries and backoffs included. Serial calls go one after another,
 * parallel ones all at once; either way A answers when every call has ended. A call
 * that fails after its retries fails the order, unless its service is optional.
 *
 * A call that finds every thread of its service busy waits in its accept queue
 * (bounded; full -> refused). A gives up on a call after the service's timeout; the
 * service does not know and keeps working on it (wasted work, what makes retry storms
 * last, and a write A never hears of). A failed, refused or timed-out call is retried
 * up to retries times after a capped exponential backoff with full jitter:
 * uniform on [0, min(backoff_max, backoff x 2^(attempt-1))]. */
#include <stdio.h>

#include "orders/internal.h"
#include "sim/error.h"

static void call(struct ord__svc *s, struct ord__order *o);

/* The service's calls (queued or being worked on), so that a crash finds them. */
static void job_link(struct ord__svc *s, struct ord__job *j)
{
    j->held_prev = NULL;
    j->held_next = s->held;
    if (s->held)
        s->held->held_prev = j;
    s->held = j;
}

static void job_unlink(struct ord__svc *s, struct ord__job *j)
{
    if (j->held_prev)
        j->held_prev->held_next = j->held_next;
    else
        s->held = j->held_next;
    if (j->held_next)
        j->held_next->held_prev = j->held_prev;
}

/* Every service without an outcome for o gets one: failed (the order failed before
 * reaching it, or while calling it). */
static void resolve_rest_failed(struct ord__variant *v, struct ord__order *o)
{
    for (uint32_t i = 0; i < v->nsvc; i++)
        ord__svc_outcome(&v->svc[i], &o->resolved, &v->svc[i].res->failed);
}

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
    resolve_rest_failed(v, o);
    ord__rec_error(v, o); /* A gives up: the user gets the error now */
    order_done(v, o);
}

/* Every call ended well: the order is written (now) and the user has the answer. */
static void order_succeeded(struct ord__variant *v, struct ord__order *o)
{
    struct ord_totals *t = &v->res->totals;
    t->answered++;
    t->completed++;
    ord__rec_add(v, ORD_COL_ANSWERED, 1);
    ord__rec_add(v, ORD_COL_COMPLETED, 1);
    ord__rec_answered(v, o);
    ord__rec_completed(v, o->arrival);
    resolve_rest_failed(v, o); /* only optional services that failed are left */
    order_done(v, o);
}

/* The first service of o's from index i on (nsvc when none). */
static uint32_t next_member(const struct ord__order *o, uint32_t i)
{
    while (i < o->v->nsvc && !(o->members & (1u << i)))
        i++;
    return i;
}

/* The call to s has ended for good: ok, or failed after its retries. */
static void call_ended(struct ord__svc *s, struct ord__order *o, bool ok)
{
    struct ord__variant *v = s->v;
    if (!ok)
        ord__svc_outcome(s, &o->resolved, &s->res->failed);
    bool fails_order = !ok && !s->cfg.optional;
    if (v->cfg->calls == ORD_CALLS_PARALLEL && v->nsvc > 1) {
        o->failed |= fails_order;
        if (--o->pending == 0) {
            if (o->failed)
                order_failed(v, o);
            else
                order_succeeded(v, o);
        }
        return;
    }
    if (fails_order) {
        order_failed(v, o);
    } else if (next_member(o, o->next + 1u) < v->nsvc) {
        o->next = (uint8_t)next_member(o, o->next + 1u);
        call(&v->svc[o->next], o);
    } else {
        order_succeeded(v, o);
    }
}

static void retry_event(struct sim_engine *e, void *ctx, uint64_t arg)
{
    (void)e;
    struct ord__order *o = ctx;
    call(&o->v->svc[arg], o);
}

static sim_time backoff_cap(const struct ord_b_config *b, uint32_t attempt)
{
    sim_time cap = b->backoff;
    for (uint32_t i = 1; i < attempt && cap < b->backoff_max; i++)
        cap = cap > SIM_TIME_NEVER / 2 ? SIM_TIME_NEVER : 2 * cap;
    return cap < b->backoff_max ? cap : b->backoff_max;
}

/* The current attempt failed (refused, error, or timed out). */
static void call_failed(struct ord__svc *s, struct ord__order *o)
{
    const struct ord_b_config *b = &s->cfg.b;
    if (o->attempt[s->index] > b->retries) {
        call_ended(s, o, false);
        return;
    }
    sim_time cap = backoff_cap(b, o->attempt[s->index]);
    sim_time delay = (sim_time)sim_rng_below(&s->rng_retry, (uint64_t)cap + 1);
    if (!sim_schedule_in(s->v->e, delay, retry_event, o, s->index))
        ord__run_fail(s->v->run, SIM_ENOMEM);
}

/* ---- A's call timeouts: one timer per service for a FIFO of deadlines ----------- */
/* Every call to a service has the same timeout, so deadlines come in the order calls
 * are made. The FIFO keeps (job, generation, deadline); entries of calls that already
 * ended are skipped when they reach the head. */

static bool call_waiting(const struct ord__slot *sl)
{
    const struct ord__job *j = sl->item;
    return j->gen == sl->gen && j->order != NULL;
}

static void timeout_event(struct sim_engine *e, void *ctx, uint64_t arg);

static void arm_timeouts(struct ord__svc *s)
{
    while (s->timeouts.len && !call_waiting(ord__ring_front(&s->timeouts)))
        ord__ring_pop(&s->timeouts);
    if (!s->timeouts.len || s->timeout_timer)
        return;
    s->timeout_timer = sim_schedule(s->v->e, ord__ring_front(&s->timeouts)->t, timeout_event, s, 0);
    if (!s->timeout_timer)
        ord__run_fail(s->v->run, SIM_ENOMEM);
}

static void timeout_event(struct sim_engine *e, void *ctx, uint64_t arg)
{
    (void)arg;
    struct ord__svc *s = ctx;
    s->timeout_timer = 0;
    while (s->timeouts.len) {
        struct ord__slot *sl = ord__ring_front(&s->timeouts);
        if (call_waiting(sl) && sl->t > e->now)
            break;
        struct ord__job *j = sl->item;
        bool expired = call_waiting(sl);
        ord__ring_pop(&s->timeouts);
        if (expired) {
            struct ord__order *o = j->order;
            j->order = NULL; /* the service keeps the job: its work is now wasted */
            o->job[s->index] = NULL;
            call_failed(s, o);
        }
    }
    arm_timeouts(s);
}

/* ---- the call ------------------------------------------------------------------------ */

static void call(struct ord__svc *s, struct ord__order *o)
{
    struct ord__variant *v = s->v;
    o->attempt[s->index]++;
    bool full = s->b.busy >= s->b.cap && s->b.queue.len >= s->b.queue_cap;
    if (s->b.down || full) {
        call_failed(s, o); /* refused at once */
        return;
    }
    struct ord__job *j = ord__job_new(s);
    if (!j)
        return;
    j->order = o;
    j->owner = o;
    j->owner_gen = o->gen;
    j->arrival = o->arrival;
    o->job[s->index] = j;
    job_link(s, j);
    sim_time timeout = s->cfg.b.timeout;
    if (timeout != SIM_TIME_NEVER) {
        sim_time now = v->e->now;
        sim_time deadline = now > SIM_TIME_NEVER - timeout ? SIM_TIME_NEVER : now + timeout;
        if (ord__ring_push(&s->timeouts, j, deadline, j->gen) != 0)
            ord__run_fail(v->run, SIM_ENOMEM);
        else if (!s->timeout_timer)
            arm_timeouts(s);
    }
    if (s->b.busy < s->b.cap)
        ord__b_start(s, j);
    else if (ord__ring_push(&s->b.queue, j, v->e->now, 0) != 0)
        ord__run_fail(v->run, SIM_ENOMEM);
}

void ord__sync_a_done(struct ord__variant *v, struct ord__order *o)
{
    if (v->cfg->calls == ORD_CALLS_PARALLEL && v->nsvc > 1) {
        o->pending = (uint8_t)__builtin_popcount(o->members);
        for (uint32_t i = 0; i < v->nsvc; i++)
            if (o->members & (1u << i))
                call(&v->svc[i], o);
        return;
    }
    o->next = 0; /* the first service is always a member (it starts at 0) */
    call(&v->svc[0], o);
}

void ord__sync_b_done(struct ord__svc *s, struct ord__job *j, int status)
{
    struct ord__order *o = j->order;
    struct ord__order *owner = j->owner && j->owner->gen == j->owner_gen ? j->owner : NULL;
    sim_time arrival = j->arrival;
    job_unlink(s, j);
    ord__job_free(s, j);
    if (status == 0) {
        /* The write happened, whether or not A still waits for it. */
        uint8_t all = 0xff;
        if (owner)
            ord__svc_write(s, &owner->written, &owner->resolved, arrival);
        else
            ord__svc_write(s, &all, &all, arrival);
    }
    if (!o)
        return; /* A gave up on this call earlier */
    o->job[s->index] = NULL;
    if (status == 0)
        call_ended(s, o, true);
    else
        call_failed(s, o);
}

void ord__sync_b_thread_free(struct ord__svc *s)
{
    while (s->b.busy < s->b.cap && s->b.queue.len) {
        struct ord__job *j = ord__ring_front(&s->b.queue)->item;
        ord__ring_pop(&s->b.queue);
        ord__b_start(s, j);
    }
}

/* Down: the calls waiting in the service's accept queue are refused with it. Calls
 * it is already working on finish (their query fails if the database is down). */
void ord__sync_b_down(struct ord__svc *s, bool down)
{
    while (down && s->b.queue.len) {
        struct ord__job *j = ord__ring_front(&s->b.queue)->item;
        ord__ring_pop(&s->b.queue);
        ord__sync_b_done(s, j, SIM_EDOWN);
    }
}

/* Sync: the service's processes die. Every call A is waiting on there fails now (A's
 * connection is reset: retried after its backoff like any failed call, else the order
 * fails); the work they were doing stops, but a query already sent to the database
 * still writes. The fault then keeps the service down (it refuses new calls and its
 * accept queue) until it ends. */
void ord__sync_b_crash(struct ord__svc *s)
{
    for (struct ord__job *j = s->held; j; j = j->held_next) {
        j->dead = true;
        struct ord__order *o = j->order;
        if (!o)
            continue; /* A gave up on it already */
        j->order = NULL;
        o->job[s->index] = NULL;
        call_failed(s, o);
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
