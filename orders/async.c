/* orders/async.c: the async wiring. A does its work, sends one message to the MQ and
 * answers the user as soon as the send succeeds (the A thread is held for A's work and
 * the send's round trip). Every service is its own consumer group: the first group's
 * queue takes the sends, and each message it stores is appended to the other groups'
 * (one topic, one offset per group). A delivered message takes a thread of its service
 * (none free: the delivery is refused and resumed when one frees), runs the service's
 * work and its database query, then acks or nacks (the MQ redelivers later, or moves
 * the message to the group's dead-letter queue).
 *
 * The costs of at-least-once delivery:
 *  - a delivery still being handled after the service's timeout is taken back by the
 *    MQ (nack: redelivered later) while its first attempt goes on and may still write,
 *    so the order can be written twice: a duplicate, unless the service is idempotent
 *    (then the second write finds the order there and is skipped);
 *  - a crashed consumer's deliveries are taken back at once; what it had already sent
 *    to the database is written anyway;
 *  - a broker crash loses what it stored but had not flushed (async flush).
 *
 * An order is completed when every service wrote it, dlq when some service
 * dead-lettered it, lost when a broker crash lost it for some service. The message's
 * key is its record (struct ord__msg), shared by the groups. */
#include <stdint.h>
#include <stdio.h>

#include "orders/internal.h"
#include "sim/error.h"

/* Read a group's state after anything that may have changed it: what waits in it
 * (stored, not acked, not in a consumer's hands). */
static void mq_changed(struct ord__svc *s)
{
    int err = mq_error(&s->mq);
    if (err != 0)
        ord__run_fail(s->v->run, err);
    int64_t backlog = (int64_t)mq_waiting(&s->mq);
    if (backlog == s->backlog)
        return;
    struct ord__variant *v = s->v;
    int64_t total = v->backlog + backlog - s->backlog;
    ord__rec_svc_backlog(s, backlog);
    ord__rec_backlog(v, total);
}

static struct ord__msg *msg_of(uint64_t key)
{
    return (struct ord__msg *)(uintptr_t)key;
}

/* Free the message once every service has its outcome and no job holds it. */
static void msg_release(struct ord__variant *v, struct ord__msg *m)
{
    uint8_t all = (uint8_t)((1u << v->nsvc) - 1);
    if (m->jobs == 0 && m->stored == 0 && (m->resolved & all) == all)
        ord__pool_put(&v->msgs, m);
}

/* Service s has its outcome for m (counter: completed, dlq or lost); when it was the
 * last service, so does the order. */
static void msg_settled(struct ord__variant *v, struct ord__msg *m);

static void msg_outcome(struct ord__svc *s, struct ord__msg *m, uint64_t *counter)
{
    if (m->resolved & (1u << s->index))
        return;
    ord__svc_outcome(s, &m->resolved, counter);
    msg_settled(s->v, m);
}

/* A service's outcome was just counted: if it was the last, the order's is now. */
static void msg_settled(struct ord__variant *v, struct ord__msg *m)
{
    uint8_t all = (uint8_t)((1u << v->nsvc) - 1);
    if ((m->resolved & all) != all)
        return;
    struct ord_totals *t = &v->res->totals;
    t->in_flight--;
    if (m->dlq) {
        t->dlq++;
        ord__rec_add(v, ORD_COL_DLQ, 1);
    } else if (m->lost) {
        t->lost++;
    } else {
        t->completed++;
        ord__rec_add(v, ORD_COL_COMPLETED, 1);
        ord__rec_completed(v, m->arrival);
    }
    ord__inflight_changed(v);
}

static void send_done(void *ctx, uint64_t key, int status)
{
    struct ord__order *o = ctx;
    struct ord__variant *v = o->v;
    struct ord_totals *t = &v->res->totals;
    ord__a_release(v);
    if (status == 0) {
        t->answered++;
        ord__rec_add(v, ORD_COL_ANSWERED, 1);
        ord__rec_answered(v, o);
    } else {
        struct ord__msg *m = msg_of(key);
        struct mq_stats st;
        mq_get_stats(&v->svc[0].mq, &st);
        t->mq_store_full = st.store_full; /* busy refusals change no backlog: read here */
        t->failed++;
        t->in_flight--;
        ord__rec_add(v, ORD_COL_FAILED, 1);
        ord__rec_error(v, o); /* the send failed: the user gets the error now */
        ord__inflight_changed(v);
        for (uint32_t i = 0; i < v->nsvc; i++)
            ord__svc_outcome(&v->svc[i], &m->resolved, &v->svc[i].res->failed);
        msg_release(v, m);
    }
    ord__order_free(v, o);
}

/* A group stored (or acked, or dead-lettered) a message. */
static void backlog_watch(void *ctx, uint64_t backlog)
{
    (void)backlog;
    mq_changed(ctx);
}

/* The first group stored a message: the other groups get it too. */
static void store_watch(void *ctx, uint64_t key, sim_time born)
{
    struct ord__variant *v = ctx;
    struct ord__msg *m = msg_of(key);
    m->stored = m->members;
    for (uint32_t i = 1; i < v->nsvc; i++)
        if ((m->members & (1u << i)) && mq_append(&v->svc[i].mq, key, born) != 0)
            ord__run_fail(v->run, SIM_ENOMEM);
}

void ord__async_a_done(struct ord__variant *v, struct ord__order *o)
{
    struct ord__msg *m = ord__pool_get(&v->msgs);
    if (!m) {
        ord__run_fail(v->run, SIM_ENOMEM);
        return;
    }
    *m = (struct ord__msg){.arrival = o->arrival, .members = o->members,
                           .resolved = (uint8_t)~o->members};
    if (mq_send(&v->svc[0].mq, (uint64_t)(uintptr_t)m, send_done, o) != 0)
        ord__run_fail(v->run, SIM_ENOMEM);
}

/* The jobs holding a live delivery, per service (a crash takes them all back). */
static void held_link(struct ord__svc *s, struct ord__job *j)
{
    j->held_prev = NULL;
    j->held_next = s->held;
    if (s->held)
        s->held->held_prev = j;
    s->held = j;
    s->holding++;
}

static void held_unlink(struct ord__svc *s, struct ord__job *j)
{
    if (j->held_prev)
        j->held_prev->held_next = j->held_next;
    else
        s->held = j->held_next;
    if (j->held_next)
        j->held_next->held_prev = j->held_prev;
    s->holding--;
}

/* Give a delivery back to the MQ (failed, timed out, or its consumer crashed). */
static void take_back(struct ord__svc *s, struct ord__job *j)
{
    struct mq_stats st;
    mq_get_stats(&s->mq, &st);
    uint64_t dlq = st.dlq;
    uint64_t handle = j->handle;
    j->handle = 0;
    held_unlink(s, j);
    mq_nack(&s->mq, handle);
    mq_get_stats(&s->mq, &st);
    if (st.dlq > dlq)
        j->msg->stored &= (uint8_t)~(1u << s->index);
    if (st.dlq > dlq && !(j->msg->resolved & (1u << s->index))) {
        j->msg->dlq = true;
        msg_outcome(s, j->msg, &s->res->dlq);
    }
}

/* ---- consume timeouts: one timer per group, deliveries by deadline ---------------- */

static bool delivery_pending(const struct ord__slot *sl)
{
    const struct ord__job *j = sl->item;
    return j->gen == sl->gen && j->handle != 0;
}

static void consume_timeout_event(struct sim_engine *e, void *ctx, uint64_t arg);

static void arm_consume_timeouts(struct ord__svc *s)
{
    while (s->timeouts.len && !delivery_pending(ord__ring_front(&s->timeouts)))
        ord__ring_pop(&s->timeouts);
    if (!s->timeouts.len || s->timeout_timer)
        return;
    s->timeout_timer =
        sim_schedule(s->v->e, ord__ring_front(&s->timeouts)->t, consume_timeout_event, s, 0);
    if (!s->timeout_timer)
        ord__run_fail(s->v->run, SIM_ENOMEM);
}

static void consume_timeout_event(struct sim_engine *e, void *ctx, uint64_t arg)
{
    (void)arg;
    struct ord__svc *s = ctx;
    s->timeout_timer = 0;
    while (s->timeouts.len) {
        struct ord__slot *sl = ord__ring_front(&s->timeouts);
        if (delivery_pending(sl) && sl->t > e->now)
            break;
        struct ord__job *j = sl->item;
        bool expired = delivery_pending(sl);
        ord__ring_pop(&s->timeouts);
        if (expired)
            take_back(s, j); /* the attempt goes on: it may still write */
    }
    arm_consume_timeouts(s);
    mq_changed(s);
}

static int deliver(void *ctx, const struct mq_msg *mm, uint64_t handle)
{
    struct ord__svc *s = ctx;
    struct ord__variant *v = s->v;
    struct ord__msg *m = msg_of(mm->key);
    uint8_t bit = (uint8_t)(1u << s->index);
    if (s->cfg.consumer.idempotent && (m->written & bit)) {
        /* Already written (by an attempt the MQ had taken back): skip it. */
        s->res->duplicates_skipped++;
        if (mm->attempt >= 2) {
            s->res->redelivered++;
            v->res->totals.redelivered++;
            ord__rec_add(v, ORD_COL_REDELIVERED, 1);
        }
        m->stored &= (uint8_t)~bit;
        mq_ack(&s->mq, handle);
        msg_release(v, m);
        return 0;
    }
    if (s->b.busy >= s->b.cap) {
        s->b.wants_ready = true;
        return 1;
    }
    struct ord__job *j = ord__job_new(s);
    if (!j)
        return 1;
    j->handle = handle;
    j->msg = m;
    j->arrival = m->arrival;
    m->jobs++;
    held_link(s, j);
    if (mm->attempt >= 2) {
        s->res->redelivered++;
        v->res->totals.redelivered++;
        ord__rec_add(v, ORD_COL_REDELIVERED, 1);
    }
    ord__b_start(s, j);
    sim_time timeout = s->cfg.b.timeout;
    if (!j->hung && timeout != SIM_TIME_NEVER) { /* a hung job fails at its timeout */
        sim_time now = v->e->now;
        sim_time deadline = now > SIM_TIME_NEVER - timeout ? SIM_TIME_NEVER : now + timeout;
        if (ord__ring_push(&s->timeouts, j, deadline, j->gen) != 0)
            ord__run_fail(v->run, SIM_ENOMEM);
        else if (!s->timeout_timer)
            arm_consume_timeouts(s);
    }
    mq_changed(s);
    return 0;
}

static int group_init(struct ord__variant *v, struct ord__svc *s)
{
    struct mq_config c = v->cfg->mq;
    c.rate_limit_per_s = s->cfg.consumer.rate_limit_per_s;
    c.max_inflight = s->cfg.consumer.max_inflight;
    c.max_reconsume = s->cfg.consumer.max_reconsume;
    int rc = mq_init(&s->mq, v->e, &c);
    if (rc != 0)
        return rc;
    s->has_mq = true;
    mq_set_backlog_watch(&s->mq, backlog_watch, s);
    mq_set_consumer(&s->mq, deliver, s);
    return 0;
}

int ord__async_init(struct ord__variant *v)
{
    ord__pool_init(&v->msgs, sizeof(struct ord__msg), 1024);
    for (uint32_t i = 0; i < v->nsvc; i++) {
        int rc = group_init(v, &v->svc[i]);
        if (rc != 0)
            return rc;
    }
    mq_set_store_watch(&v->svc[0].mq, store_watch, v);
    /* One store for the topic: the first group refuses sends when the copies held by
     * all the groups together reach mq.store_limit. */
    for (uint32_t i = 1; i < v->nsvc; i++)
        mq_add_store_peer(&v->svc[0].mq, &v->svc[i].mq);
    return 0;
}

void ord__async_b_done(struct ord__svc *s, struct ord__job *j, int status)
{
    struct ord__variant *v = s->v;
    struct ord__msg *m = j->msg;
    /* written, whether or not the MQ still waits for this attempt */
    if (status == 0 && ord__svc_write(s, &m->written, &m->resolved, m->arrival))
        msg_settled(v, m);
    if (j->handle && status == 0) {
        uint64_t handle = j->handle;
        j->handle = 0;
        held_unlink(s, j);
        m->stored &= (uint8_t)~(1u << s->index);
        mq_ack(&s->mq, handle);
    } else if (j->handle) {
        take_back(s, j);
    }
    m->jobs--;
    ord__job_free(s, j);
    msg_release(v, m);
    mq_changed(s);
}

/* The service's consumers crash: every delivery they hold goes back to the MQ now
 * (redelivered later); their work in progress stops, but a query already sent to the
 * database still writes. They restart when the fault ends (it stops them meanwhile). */
void ord__async_b_crash(struct ord__svc *s)
{
    while (s->held) {
        struct ord__job *j = s->held;
        j->dead = true;
        take_back(s, j);
    }
    mq_changed(s);
}

static void lost_one(void *ctx, uint64_t key)
{
    struct ord__svc *s = ctx;
    struct ord__msg *m = msg_of(key);
    m->stored &= (uint8_t)~(1u << s->index);
    if (!(m->resolved & (1u << s->index))) {
        m->lost = true;
        msg_outcome(s, m, &s->res->lost);
    }
    msg_release(s->v, m);
}

/* The broker crashes: every group loses what was stored after the last flush and
 * never delivered (nothing under sync flush). The fault keeps the broker down. */
void ord__async_mq_crash(struct ord__variant *v)
{
    sim_time flushed = mq_flushed_upto(&v->svc[0].mq);
    for (uint32_t i = 0; i < v->nsvc; i++) {
        mq_crash(&v->svc[i].mq, flushed, lost_one, &v->svc[i]);
        mq_changed(&v->svc[i]);
    }
}

void ord__async_b_thread_free(struct ord__svc *s)
{
    if (s->b.wants_ready) {
        s->b.wants_ready = false;
        mq_consumer_ready(&s->mq);
    }
}

/* Down: its consumers stop; messages wait in its group until it is back. Messages it
 * is already handling finish. */
void ord__async_b_down(struct ord__svc *s, bool down)
{
    mq_set_consumer_stopped(&s->mq, down);
}

void ord__async_poll(struct ord__variant *v)
{
    struct mq_stats st;
    mq_get_stats(&v->svc[0].mq, &st);
    v->res->totals.mq_store_full = st.store_full;
    for (uint32_t i = 0; i < v->nsvc; i++)
        mq_changed(&v->svc[i]);
}

#define U(x) ((unsigned long long)(x))

/* Orders are in A (order records) or are messages in the MQ; our view of each group
 * (deliveries held, stored messages) must be the MQ's own. */
int ord__async_check(struct ord__variant *v, char *why, size_t why_len)
{
    const struct ord_totals *t = &v->res->totals;
    uint64_t in_mq = t->answered - t->completed - t->dlq - t->lost;
    if (v->orders.live + in_mq != t->in_flight) {
        snprintf(why, why_len,
                 "orders in flight (%llu) are not orders in A (%zu) + answered "
                 "orders not completed, dead-lettered or lost (%llu)",
                 U(t->in_flight), v->orders.live, U(in_mq));
        return SIM_EINVARIANT;
    }
    for (uint32_t i = 0; i < v->nsvc; i++) {
        const struct ord__svc *s = &v->svc[i];
        struct mq_stats st;
        mq_get_stats(&s->mq, &st);
        if (st.inflight != s->holding) {
            snprintf(why, why_len, "group %s: the MQ has %llu messages in flight, but %llu are held",
                     s->cfg.name, U(st.inflight), U(s->holding));
            return SIM_EINVARIANT;
        }
        if (st.dlq < s->res->dlq) {
            snprintf(why, why_len, "group %s: the MQ dead-lettered %llu, fewer than %llu dlq orders",
                     s->cfg.name, U(st.dlq), U(s->res->dlq));
            return SIM_EINVARIANT;
        }
    }
    return 0;
}
