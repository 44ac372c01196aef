/* orders/async.c: the async wiring. A does its work, sends a message to the MQ and
 * answers the user as soon as the send succeeds (the A thread is held for A's work and
 * the send's round trip). B is the MQ's consumer: a delivered message takes a B thread
 * (none free: the delivery is refused and resumed when one frees), runs B's work and
 * the database query, then acks (the order is complete) or nacks (the MQ redelivers
 * later, or moves the message to the dead-letter queue: the order counts as dlq).
 *
 * The message key is the order's arrival time: all B needs for the completion lag, so
 * nothing per order is kept while its message waits in the MQ. */
#include <stdio.h>

#include "orders/internal.h"
#include "sim/error.h"

/* Read the MQ's state after anything that may have changed it: what waits in it
 * (stored, not acked, not in a consumer's hands) and the messages it moved to the
 * dead-letter queue (each one an order that leaves the system as dlq). */
static void mq_changed(struct ord__variant *v)
{
    struct mq_stats st;
    mq_get_stats(&v->mq, &st);
    struct ord_totals *t = &v->res->totals;
    if (st.error != 0)
        ord__run_fail(v->run, st.error);
    if (st.dlq > t->dlq) {
        uint64_t moved = st.dlq - t->dlq;
        t->dlq += moved;
        t->in_flight -= moved;
        ord__rec_add(v, ORD_COL_DLQ, (int64_t)moved);
        ord__inflight_changed(v);
    }
    ord__rec_backlog(v, (int64_t)(st.backlog - st.inflight));
}

static void send_done(void *ctx, uint64_t key, int status)
{
    (void)key;
    struct ord__order *o = ctx;
    struct ord__variant *v = o->v;
    struct ord_totals *t = &v->res->totals;
    ord__a_release(v);
    if (status == 0) {
        t->answered++;
        ord__rec_add(v, ORD_COL_ANSWERED, 1);
        ord__rec_answered(v, o);
    } else {
        t->failed++;
        t->in_flight--;
        ord__rec_add(v, ORD_COL_FAILED, 1);
        ord__inflight_changed(v);
    }
    ord__order_free(v, o);
}

/* The MQ stored a message, or acked one, or moved one to the dead-letter queue. */
static void backlog_watch(void *ctx, uint64_t backlog)
{
    (void)backlog;
    mq_changed(ctx);
}

void ord__async_a_done(struct ord__variant *v, struct ord__order *o)
{
    if (mq_send(&v->mq, (uint64_t)o->arrival, send_done, o) != 0)
        ord__run_fail(v->run, SIM_ENOMEM);
}

static int deliver(void *ctx, const struct mq_msg *m, uint64_t handle)
{
    struct ord__variant *v = ctx;
    if (v->b.busy >= v->b.cap) {
        v->b.wants_ready = true;
        return 1;
    }
    struct ord__job *j = ord__job_new(v);
    if (!j)
        return 1;
    j->handle = handle;
    j->arrival = (sim_time)m->key;
    if (m->attempt >= 2) {
        v->res->totals.redelivered++;
        ord__rec_add(v, ORD_COL_REDELIVERED, 1);
    }
    ord__b_start(v, j);
    mq_changed(v);
    return 0;
}

int ord__async_init(struct ord__variant *v)
{
    int rc = mq_init(&v->mq, v->e, &v->cfg->mq);
    if (rc != 0)
        return rc;
    v->has_mq = true;
    mq_set_backlog_watch(&v->mq, backlog_watch, v);
    mq_set_consumer(&v->mq, deliver, v);
    return 0;
}

void ord__async_b_done(struct ord__variant *v, struct ord__job *j, int status)
{
    uint64_t handle = j->handle;
    sim_time arrival = j->arrival;
    struct ord_totals *t = &v->res->totals;
    ord__job_free(v, j);
    if (status == 0) {
        t->completed++;
        t->in_flight--;
        ord__rec_add(v, ORD_COL_COMPLETED, 1);
        ord__rec_completed(v, arrival);
        ord__inflight_changed(v);
        mq_ack(&v->mq, handle);
    } else {
        mq_nack(&v->mq, handle);
    }
    mq_changed(v);
}

void ord__async_b_thread_free(struct ord__variant *v)
{
    if (v->b.wants_ready) {
        v->b.wants_ready = false;
        mq_consumer_ready(&v->mq);
    }
}

/* B down: its consumers stop; messages wait in the MQ until B is back. Messages B is
 * already handling finish. */
void ord__async_b_down(struct ord__variant *v, bool down)
{
    mq_set_consumer_stopped(&v->mq, down);
}

void ord__async_poll(struct ord__variant *v)
{
    mq_changed(v);
}

#define U(x) ((unsigned long long)(x))

/* Orders are in A (order records) or are messages in the MQ; our view of the MQ
 * (acks, dead letters, deliveries held by B) must be the MQ's own. */
int ord__async_check(struct ord__variant *v, char *why, size_t why_len)
{
    const struct ord_totals *t = &v->res->totals;
    struct mq_stats st;
    mq_get_stats(&v->mq, &st);
    uint64_t in_mq = t->answered - t->completed - t->dlq;
    if (v->orders.live + in_mq != t->in_flight)
        snprintf(why, why_len,
                 "orders in flight (%llu) are not orders in A (%zu) + answered "
                 "orders not completed or dead-lettered (%llu)",
                 U(t->in_flight), v->orders.live, U(in_mq));
    else if (st.acked != t->completed || st.dlq != t->dlq)
        snprintf(why, why_len,
                 "the MQ acked %llu and dead-lettered %llu messages, but %llu "
                 "orders completed and %llu are dlq",
                 U(st.acked), U(st.dlq), U(t->completed), U(t->dlq));
    else if (st.inflight != v->jobs.live)
        snprintf(why, why_len, "the MQ has %llu messages in flight, but B holds %zu",
                 U(st.inflight), v->jobs.live);
    else if (st.backlog < in_mq || st.backlog > in_mq + st.sending)
        snprintf(why, why_len,
                 "the MQ stores %llu messages, not between the %llu answered "
                 "orders in it and those plus %llu sends in progress",
                 U(st.backlog), U(in_mq), U(st.sending));
    else
        return 0;
    return SIM_EINVARIANT;
}
