/* mq/mq.c: configuration, lifetime, storage pools and statistics of the queue.
 * The producer/broker side is in send.c, the consumer group in consume.c. */
#include <stdlib.h>
#include <string.h>

#include "mq/internal.h"

/* Initial pool sizes; each doubles on demand and never shrinks. */
#define MQ__RING_MIN 64
#define MQ__NODES_MIN 64
#define MQ__SENDS_MIN 64

void mq_config_default(struct mq_config *c)
{
    *c = (struct mq_config){
        .send = 5 * SIM_MS,
        .send_timeout = 3 * SIM_S,
        .send_retries = 2,
        .send_queue = MQ_UNLIMITED,
        .broker_rate_per_s = 0,
        .rate_limit_per_s = 6000,
        .max_inflight = 1200,
        .max_reconsume = 16,
        .flush_sync = false,
        .flush_interval = 500 * SIM_MS,
        .flush_time = 2 * SIM_MS,
        .store_limit = MQ_STORE_LIMIT_MAX,
    };
}

/* RocketMQ's default messageDelayLevel, levels 1..18. */
static const sim_time mq_delay_levels[MQ_DELAY_LEVELS] = {
    1 * SIM_S,   5 * SIM_S,    10 * SIM_S,   30 * SIM_S,   1 * SIM_MIN,  2 * SIM_MIN,
    3 * SIM_MIN, 4 * SIM_MIN,  5 * SIM_MIN,  6 * SIM_MIN,  7 * SIM_MIN,  8 * SIM_MIN,
    9 * SIM_MIN, 10 * SIM_MIN, 20 * SIM_MIN, 30 * SIM_MIN, 1 * SIM_HOUR, 2 * SIM_HOUR,
};

uint32_t mq__delay_level(uint32_t attempt)
{
    /* Broker's consumerSendMsgBack: delayLevel = 3 + reconsumeTimes, where
     * reconsumeTimes = attempt - 1; levels above the last use the last. */
    uint64_t level = (uint64_t)(attempt ? attempt : 1) + 2;
    return level > MQ_DELAY_LEVELS ? MQ_DELAY_LEVELS : (uint32_t)level;
}

sim_time mq_redelivery_delay(uint32_t attempt)
{
    return mq_delay_levels[mq__delay_level(attempt) - 1];
}

static bool config_ok(const struct mq_config *c)
{
    return c->send >= 0 && c->send_timeout >= 0 && c->flush_interval > 0 && c->flush_time >= 0 &&
           c->broker_rate_per_s >= 0 && c->rate_limit_per_s >= 0 && c->max_inflight >= 1 &&
           c->store_limit >= 1;
}

int mq_init(struct mq *q, struct sim_engine *e, const struct mq_config *c)
{
    memset(q, 0, sizeof *q);
    if (!e || !c || !config_ok(c)) /* the >= tests also reject NaN rates */
        return SIM_EINVAL;
    q->engine = e;
    q->cfg = *c;
    q->half = c->send / 2;
    q->ring = calloc(MQ__RING_MIN, sizeof *q->ring);
    q->nodes = calloc(MQ__NODES_MIN, sizeof *q->nodes);
    q->sends = calloc(MQ__SENDS_MIN, sizeof *q->sends);
    if (!q->ring || !q->nodes || !q->sends) {
        free(q->ring);
        free(q->nodes);
        free(q->sends);
        memset(q, 0, sizeof *q);
        return SIM_ENOMEM;
    }
    q->ring_cap = MQ__RING_MIN;
    q->nodes_cap = MQ__NODES_MIN;
    q->sends_cap = MQ__SENDS_MIN;
    q->nodes_free = MQ__NIL;
    q->sends_free = MQ__NIL;
    q->ready.head = q->ready.tail = MQ__NIL;
    q->broker_queue.head = q->broker_queue.tail = MQ__NIL;
    for (int l = 0; l < MQ_DELAY_LEVELS; l++)
        q->levels[l].head = q->levels[l].tail = MQ__NIL;
    return 0;
}

void mq_close(struct mq *q)
{
    if (!q->engine)
        return;
    sim_cancel(q->engine, q->wake_ev);
    sim_cancel(q->engine, q->retry_ev);
    sim_cancel(q->engine, q->store_ev);
    for (uint32_t i = 0; i < q->sends_len; i++)
        if (q->sends[i].state != MQ__SEND_FREE && q->sends[i].ev)
            sim_cancel(q->engine, q->sends[i].ev);
    sim_cancel(q->engine, q->to_broker.ev);
    sim_cancel(q->engine, q->to_producer.ev);
    free(q->to_broker.items);
    free(q->to_producer.items);
    free(q->ring);
    free(q->nodes);
    free(q->sends);
    memset(q, 0, sizeof *q);
}

void mq_set_backlog_watch(struct mq *q, mq_backlog_fn fn, void *ctx)
{
    q->backlog_fn = fn;
    q->backlog_ctx = ctx;
}

static uint64_t backlog_of(const struct mq *q)
{
    return q->st.produced - q->st.acked - q->st.dlq - q->st.lost;
}

void mq__backlog_changed(struct mq *q)
{
    if (q->backlog_fn)
        q->backlog_fn(q->backlog_ctx, backlog_of(q));
}

uint64_t mq_waiting(const struct mq *q)
{
    return backlog_of(q) - q->st.inflight;
}

int mq_error(const struct mq *q)
{
    return q->st.error;
}

void mq_get_stats(const struct mq *q, struct mq_stats *out)
{
    *out = q->st;
    out->backlog = backlog_of(q);
    out->lag = q->next_offset - q->next_deliver;
    out->lag_time = 0;
    if (out->lag) {
        const struct mq__stored *m = &q->ring[q->next_deliver & (q->ring_cap - 1)];
        out->lag_time = sim_now(q->engine) - m->born;
    }
}

/* Make room for `need` never-delivered messages. Entries keep their offsets; a new
 * buffer is laid out by offset modulo the new capacity. */
int mq__ring_reserve(struct mq *q, uint64_t need)
{
    if (need <= q->ring_cap)
        return 0;
    uint64_t cap = q->ring_cap;
    while (cap < need) {
        if (cap > (UINT64_MAX / 2) / sizeof *q->ring)
            return SIM_ENOMEM;
        cap *= 2;
    }
    struct mq__stored *ring = malloc(cap * sizeof *ring);
    if (!ring)
        return SIM_ENOMEM;
    for (uint64_t off = q->next_deliver; off != q->next_offset; off++)
        ring[off & (cap - 1)] = q->ring[off & (q->ring_cap - 1)];
    free(q->ring);
    q->ring = ring;
    q->ring_cap = cap;
    return 0;
}

uint32_t mq__node_alloc(struct mq *q)
{
    uint32_t i = q->nodes_free;
    if (i != MQ__NIL) {
        q->nodes_free = q->nodes[i].next;
        return i;
    }
    if (q->nodes_len == q->nodes_cap) {
        if (q->nodes_cap >= MQ__NIL / 2)
            return MQ__NIL;
        uint32_t cap = q->nodes_cap * 2;
        struct mq__node *n = realloc(q->nodes, (size_t)cap * sizeof *n);
        if (!n)
            return MQ__NIL;
        q->nodes = n;
        q->nodes_cap = cap;
    }
    i = q->nodes_len++;
    q->nodes[i] = (struct mq__node){.next = MQ__NIL};
    return i;
}

void mq__node_free(struct mq *q, uint32_t i)
{
    q->nodes[i].state = MQ__NODE_FREE;
    q->nodes[i].next = q->nodes_free;
    q->nodes_free = i;
}

void mq_set_store_watch(struct mq *q, mq_store_fn fn, void *ctx)
{
    q->store_fn = fn;
    q->store_ctx = ctx;
}

int mq_append(struct mq *q, uint64_t key, sim_time born)
{
    uint64_t lag = q->next_offset - q->next_deliver;
    if (mq__ring_reserve(q, lag + q->st.sending + 1) != 0) {
        q->st.error = SIM_ENOMEM;
        return SIM_ENOMEM;
    }
    struct mq__stored *m = &q->ring[q->next_offset & (q->ring_cap - 1)];
    m->key = key;
    m->born = born;
    q->next_offset++;
    q->st.produced++;
    mq__backlog_changed(q);
    if (q->store_fn)
        q->store_fn(q->store_ctx, key, born);
    mq__dispatch(q);
    return 0;
}

sim_time mq_flushed_upto(const struct mq *q)
{
    sim_time now = sim_now(q->engine);
    if (q->cfg.flush_sync)
        return now;
    return now / q->cfg.flush_interval * q->cfg.flush_interval;
}

uint64_t mq_crash(struct mq *q, sim_time flushed_upto, void (*lost)(void *ctx, uint64_t key),
                  void *ctx)
{
    /* The log is in store order: [first, keep) is flushed or delivered, [cut, end)
     * not yet acknowledged to its producer (its reply is on the way), and what lies
     * between is lost. */
    sim_time now = sim_now(q->engine);
    sim_time reply = q->cfg.send - q->half + (q->cfg.flush_sync ? q->cfg.flush_time : 0);
    uint64_t mask = q->ring_cap - 1, end = q->next_offset, cut = end, from;
    while (cut != q->next_deliver && q->ring[(cut - 1) & mask].born > now - reply)
        cut--;
    from = cut;
    while (from != q->next_deliver && q->ring[(from - 1) & mask].born > flushed_upto)
        from--;
    uint64_t n = cut - from;
    if (n == 0)
        return 0;
    for (uint64_t off = from; off != cut; off++)
        if (lost)
            lost(ctx, q->ring[off & mask].key);
    for (uint64_t off = cut; off != end; off++)
        q->ring[(off - n) & mask] = q->ring[off & mask];
    q->next_offset -= n;
    q->st.lost += n;
    mq__backlog_changed(q);
    return n;
}
