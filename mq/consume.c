/* mq/consume.c: the consumer group: dispatch under the rate limit and the in-flight
 * cap, ack, nack with RocketMQ's delay levels, the dead-letter queue, and the
 * consumer's faults.
 *
 * Dispatch never polls: it runs when something may have made a delivery possible
 * (store, ack, nack, due redelivery, ready, recovery) and, when the only thing
 * missing is a rate token, schedules one wake-up at the token's time. Redeliveries
 * wait in one FIFO per delay level: every message in a level waits the same time, so
 * each FIFO is ordered by due time and one timer at the earliest head suffices. */
#include "mq/internal.h"

static void list_push_back(struct mq *q, struct mq__list *l, uint32_t i)
{
    q->nodes[i].next = MQ__NIL;
    if (l->tail != MQ__NIL)
        q->nodes[l->tail].next = i;
    else
        l->head = i;
    l->tail = i;
}

static void list_push_front(struct mq *q, struct mq__list *l, uint32_t i)
{
    q->nodes[i].next = l->head;
    l->head = i;
    if (l->tail == MQ__NIL)
        l->tail = i;
}

static uint32_t list_pop(struct mq *q, struct mq__list *l)
{
    uint32_t i = l->head;
    l->head = q->nodes[i].next;
    if (l->head == MQ__NIL)
        l->tail = MQ__NIL;
    return i;
}

static uint64_t handle_of(const struct mq *q, uint32_t i)
{
    return ((uint64_t)q->nodes[i].gen << 32) | ((uint64_t)i + 1);
}

/* The in-flight node of a handle, or MQ__NIL. */
static uint32_t node_of(const struct mq *q, uint64_t handle)
{
    uint64_t low = handle & UINT32_MAX;
    if (low == 0 || low > q->nodes_len)
        return MQ__NIL;
    uint32_t i = (uint32_t)(low - 1);
    const struct mq__node *n = &q->nodes[i];
    if (n->state != MQ__NODE_INFLIGHT || n->gen != (uint32_t)(handle >> 32))
        return MQ__NIL;
    return i;
}

static bool can_deliver(const struct mq *q)
{
    return q->deliver && !q->consumer_stopped && !q->broker_down && !q->refused &&
           q->st.inflight < q->cfg.max_inflight &&
           (q->ready.head != MQ__NIL || q->next_deliver != q->next_offset);
}

static void ev_wake(struct sim_engine *e, void *ctx, uint64_t arg)
{
    (void)e;
    (void)arg;
    struct mq *q = ctx;
    q->wake_ev = 0;
    mq__dispatch(q);
}

static void arm_wake(struct mq *q, sim_time at)
{
    if (q->wake_ev) {
        if (q->wake_at <= at)
            return;
        sim_cancel(q->engine, q->wake_ev);
    }
    q->wake_at = at;
    q->wake_ev = sim_schedule(q->engine, at, ev_wake, q, 0);
    if (!q->wake_ev)
        q->st.error = SIM_ENOMEM;
}

/* Take the next message out of line into an in-flight node: a due redelivery first,
 * else the log's first. MQ__NIL when the pool cannot grow. */
static uint32_t take_next(struct mq *q)
{
    if (q->ready.head != MQ__NIL) {
        q->st.retrying--;
        return list_pop(q, &q->ready);
    }
    uint32_t i = mq__node_alloc(q);
    if (i == MQ__NIL)
        return MQ__NIL;
    const struct mq__stored *m = &q->ring[q->next_deliver & (q->ring_cap - 1)];
    struct mq__node *n = &q->nodes[i];
    n->key = m->key;
    n->born = m->born;
    n->offset = q->next_deliver;
    n->attempt = 1;
    q->next_deliver++;
    return i;
}

/* Undo take_next after a refusal: the message is first in line again. */
static void put_back(struct mq *q, uint32_t i)
{
    struct mq__node *n = &q->nodes[i];
    if (n->attempt > 1) {
        n->state = MQ__NODE_READY;
        list_push_front(q, &q->ready, i);
        q->st.retrying++;
        return;
    }
    /* The slot before the log's first is free (the ring held this message a moment
     * ago), but the ring may have been re-laid out by a send inside the callback. */
    q->next_deliver--;
    struct mq__stored *m = &q->ring[q->next_deliver & (q->ring_cap - 1)];
    m->key = n->key;
    m->born = n->born;
    mq__node_free(q, i);
}

/* Deliver the next message if a token allows it now. False to stop dispatching. */
static bool deliver_one(struct mq *q)
{
    sim_time now = sim_now(q->engine);
    sim_time epoch = q->token_epoch;
    uint64_t k = q->token_k;
    if (!mq__token_take(&q->token_epoch, &q->token_k, q->cfg.rate_limit_per_s, now)) {
        arm_wake(q, mq__token_at(q->token_epoch, q->token_k, q->cfg.rate_limit_per_s));
        return false;
    }
    uint32_t i = take_next(q);
    if (i == MQ__NIL) {
        q->token_epoch = epoch;
        q->token_k = k;
        q->st.error = SIM_ENOMEM;
        return false;
    }
    struct mq__node *n = &q->nodes[i];
    n->state = MQ__NODE_INFLIGHT;
    n->gen++;
    struct mq_msg m = {.key = n->key, .born = n->born, .attempt = n->attempt, .offset = n->offset};
    uint64_t handle = handle_of(q, i);
    bool redelivery = m.attempt > 1;
    q->st.inflight++;
    q->st.redelivered += redelivery;
    uint64_t ready_calls = q->ready_calls;
    if (q->deliver(q->deliver_ctx, &m, handle) == 0 || node_of(q, handle) != i)
        return true; /* taken (or, against the contract, refused but settled) */
    q->st.inflight--;
    q->st.redelivered -= redelivery;
    put_back(q, i);
    q->token_epoch = epoch;
    q->token_k = k;
    if (q->ready_calls == ready_calls) /* no mq_consumer_ready during the call */
        q->refused = true;
    return true;
}

void mq__dispatch(struct mq *q)
{
    if (q->dispatching) /* called back from inside deliver: the loop below goes on */
        return;
    q->dispatching = true;
    while (can_deliver(q) && deliver_one(q))
        ;
    q->dispatching = false;
}

static void ev_retry(struct sim_engine *e, void *ctx, uint64_t arg);

/* One timer at the earliest due among the level FIFOs' heads. */
static void arm_retry(struct mq *q)
{
    sim_time at = SIM_TIME_NEVER;
    for (int l = 0; l < MQ_DELAY_LEVELS; l++)
        if (q->levels[l].head != MQ__NIL && q->nodes[q->levels[l].head].due < at)
            at = q->nodes[q->levels[l].head].due;
    if (q->retry_ev && q->retry_at == at)
        return;
    sim_cancel(q->engine, q->retry_ev);
    q->retry_ev = 0;
    if (at == SIM_TIME_NEVER)
        return;
    q->retry_at = at;
    q->retry_ev = sim_schedule(q->engine, at, ev_retry, q, 0);
    if (!q->retry_ev)
        q->st.error = SIM_ENOMEM;
}

/* Move every due redelivery into the ready line, earliest due first (ties: the
 * shorter level first), then deliver. */
static void ev_retry(struct sim_engine *e, void *ctx, uint64_t arg)
{
    (void)arg;
    struct mq *q = ctx;
    sim_time now = sim_now(e);
    q->retry_ev = 0;
    for (;;) {
        int best = -1;
        for (int l = 0; l < MQ_DELAY_LEVELS; l++) {
            uint32_t h = q->levels[l].head;
            if (h != MQ__NIL && q->nodes[h].due <= now &&
                (best < 0 || q->nodes[h].due < q->nodes[q->levels[best].head].due))
                best = l;
        }
        if (best < 0)
            break;
        uint32_t i = list_pop(q, &q->levels[best]);
        q->nodes[i].state = MQ__NODE_READY;
        list_push_back(q, &q->ready, i);
    }
    arm_retry(q);
    mq__dispatch(q);
}

int mq_ack(struct mq *q, uint64_t handle)
{
    uint32_t i = node_of(q, handle);
    if (i == MQ__NIL)
        return SIM_ENOENT;
    mq__node_free(q, i);
    q->st.inflight--;
    q->st.acked++;
    mq__backlog_changed(q);
    mq__dispatch(q);
    return 0;
}

int mq_nack(struct mq *q, uint64_t handle)
{
    uint32_t i = node_of(q, handle);
    if (i == MQ__NIL)
        return SIM_ENOENT;
    struct mq__node *n = &q->nodes[i];
    q->st.inflight--;
    /* Broker's consumerSendMsgBack: reconsumeTimes (= attempt - 1) >= max -> DLQ. */
    if (n->attempt - 1 >= q->cfg.max_reconsume) {
        mq__node_free(q, i);
        q->st.dlq++;
        mq__backlog_changed(q);
    } else {
        uint32_t level = mq__delay_level(n->attempt);
        n->due = mq__sat_add(sim_now(q->engine), mq_redelivery_delay(n->attempt));
        n->attempt++;
        n->state = MQ__NODE_WAITING;
        list_push_back(q, &q->levels[level - 1], i);
        q->st.retrying++;
        arm_retry(q);
    }
    mq__dispatch(q);
    return 0;
}

void mq_set_consumer(struct mq *q, mq_deliver_fn deliver, void *ctx)
{
    q->deliver = deliver;
    q->deliver_ctx = ctx;
    mq__dispatch(q);
}

void mq_consumer_ready(struct mq *q)
{
    q->ready_calls++;
    q->refused = false;
    mq__dispatch(q);
}

void mq_set_consumer_stopped(struct mq *q, bool stopped)
{
    q->consumer_stopped = stopped;
    mq__dispatch(q);
}
