/* mq/send.c: the producer (attempts, retries, deadline) and the broker's storing side
 * (rate, bounded send queue, SYSTEM_BUSY, down). The timing rules are in mq/mq.h.
 *
 * Every send is one record with at most one pending step: an engine event, or a place
 * on one of two delay lines. Events and lines carry the record's index, never a
 * pointer, because a callback may grow the pool (mq_send inside deliver or done) and
 * move it.
 *
 * The two legs of an attempt take a constant time (half the send there, the rest
 * back), so the attempts on a leg come due in the order they started: a FIFO with one
 * engine event at its head's due time (as orders/line.c does for A, B and the
 * database) replaces an engine event per send in flight, and keeps the engine's heap
 * small. Reports at other times (at the deadline, or at once) get their own engine
 * event. Steps due at the same time on one line run in the order they were taken. */
#include <stdlib.h>

#include "mq/internal.h"

static sim_time ret_time(const struct mq *q)
{
    return q->cfg.send - q->half + (q->cfg.flush_sync ? q->cfg.flush_time : 0);
}

static uint32_t send_alloc(struct mq *q)
{
    uint32_t i = q->sends_free;
    if (i != MQ__NIL) {
        q->sends_free = q->sends[i].next;
        return i;
    }
    if (q->sends_len == q->sends_cap) {
        if (q->sends_cap >= MQ__NIL / 2)
            return MQ__NIL;
        uint32_t cap = q->sends_cap * 2;
        struct mq__send *s = realloc(q->sends, (size_t)cap * sizeof *s);
        if (!s)
            return MQ__NIL;
        q->sends = s;
        q->sends_cap = cap;
    }
    return q->sends_len++;
}

static void send_free(struct mq *q, uint32_t i)
{
    q->sends[i].state = MQ__SEND_FREE;
    q->sends[i].ev = 0;
    q->sends[i].next = q->sends_free;
    q->sends_free = i;
    q->st.sending--;
}

static void report(struct mq *q, uint32_t i);

/* Schedule the record's one event. mq_send reserved room in the engine for it, so
 * this fails only if something else took that room. Inside mq_send the failure goes
 * to its caller (the record is freed); inside an event the send ends now, done
 * getting SIM_ENOMEM (never dropped without its done call), and stats.error says so. */
static bool send_schedule(struct mq *q, uint32_t i, sim_time at, sim_event_fn fn)
{
    sim_event_id ev = sim_schedule(q->engine, at, fn, q, i);
    q->sends[i].ev = ev;
    if (ev)
        return true;
    q->st.error = SIM_ENOMEM;
    if (q->in_send) {
        send_free(q, i);
    } else {
        q->sends[i].state = MQ__SEND_REPORT;
        q->sends[i].status = SIM_ENOMEM;
        report(q, i);
    }
    return false;
}

/* ---- delay lines ------------------------------------------------------------------ */

enum { TO_BROKER, TO_PRODUCER };

static struct mq__line *line_of(struct mq *q, int leg)
{
    return leg == TO_BROKER ? &q->to_broker : &q->to_producer;
}

/* Room for need entries, so that a push inside an event never allocates. */
static int line_reserve(struct mq__line *l, uint64_t need)
{
    if (need <= l->cap)
        return 0;
    uint64_t cap = l->cap ? l->cap : 64;
    while (cap < need)
        cap *= 2;
    if (cap > UINT32_MAX / 2 + 1)
        return SIM_ENOMEM;
    struct mq__due *items = malloc((size_t)cap * sizeof *items);
    if (!items)
        return SIM_ENOMEM;
    for (uint32_t k = 0; k < l->len; k++)
        items[k] = l->items[(l->head + k) & (l->cap - 1)];
    free(l->items);
    l->items = items;
    l->cap = (uint32_t)cap;
    l->head = 0;
    return 0;
}

static void line_event(struct sim_engine *e, void *ctx, uint64_t leg);

static void line_arm(struct mq *q, int leg)
{
    struct mq__line *l = line_of(q, leg);
    if (l->ev || l->firing || !l->len)
        return;
    l->ev = sim_schedule(q->engine, l->items[l->head].at, line_event, q, (uint64_t)leg);
    if (!l->ev)
        q->st.error = SIM_ENOMEM;
}

static void ev_arrive(struct sim_engine *e, void *ctx, uint64_t arg);
static void ev_back(struct sim_engine *e, void *ctx, uint64_t arg);

/* The send's next step on leg, due at `at` (not before now). */
static bool line_put(struct mq *q, int leg, uint32_t i, sim_time at)
{
    struct mq__line *l = line_of(q, leg);
    q->sends[i].ev = 0;
    if (l->len == l->cap || (l->len && at < l->items[(l->head + l->len - 1) & (l->cap - 1)].at))
        return send_schedule(q, i, at, leg == TO_BROKER ? ev_arrive : ev_back);
    l->items[(l->head + l->len) & (l->cap - 1)] = (struct mq__due){at, i};
    l->len++;
    line_arm(q, leg);
    return true;
}

static void arrive(struct mq *q, uint32_t i);
static void back(struct mq *q, uint32_t i);

static void line_event(struct sim_engine *e, void *ctx, uint64_t leg)
{
    struct mq *q = ctx;
    struct mq__line *l = line_of(q, (int)leg);
    l->ev = 0;
    l->firing = true;
    /* re-read every turn: a step may put sends on this line or grow it */
    while (l->len && l->items[l->head].at <= e->now) {
        uint32_t i = l->items[l->head].send;
        l->head = (l->head + 1) & (l->cap - 1);
        l->len--;
        if (leg == TO_BROKER)
            arrive(q, i);
        else
            back(q, i);
    }
    l->firing = false;
    line_arm(q, (int)leg);
}

/* ---- steps ------------------------------------------------------------------------ */

static void report(struct mq *q, uint32_t i)
{
    struct mq__send s = q->sends[i];
    send_free(q, i); /* first: done may send again and reuse the record */
    if (s.status)
        q->st.send_failed++;
    if (s.done)
        s.done(s.ctx, s.key, s.status);
}

/* The send is over: done(status) at time `at` (never before now). Not on a line: a
 * report at the deadline would hold every later answer off it until then. */
static bool finish(struct mq *q, uint32_t i, int status, sim_time at)
{
    sim_time now = sim_now(q->engine);
    q->sends[i].state = MQ__SEND_REPORT;
    q->sends[i].status = status;
    return send_schedule(q, i, at > now ? at : now, ev_back);
}

/* A new attempt now. One that could not bring its success back by the deadline is
 * not made: the send times out at the deadline (RocketMQ checks the elapsed time
 * before each retry and gives the RPC only the time left). While the broker is down
 * this attempt and every retry left fail at once, so the send fails now.
 * Returns false if the engine could not schedule (the send is lost). */
static bool attempt_start(struct mq *q, uint32_t i)
{
    struct mq__send *s = &q->sends[i];
    sim_time now = sim_now(q->engine);
    if (mq__sat_add(now, q->cfg.send) > s->deadline)
        return finish(q, i, SIM_ETIMEOUT, s->deadline);
    if (q->broker_down) {
        s->failed = q->cfg.send_retries + 1;
        return finish(q, i, SIM_EDOWN, now);
    }
    s->state = MQ__SEND_FLIGHT;
    return line_put(q, TO_BROKER, i, now + q->half);
}

/* An attempt failed now with status: retry at once, or report the last status. */
static void attempt_failed(struct mq *q, uint32_t i, int status)
{
    struct mq__send *s = &q->sends[i];
    s->ev = 0;
    if (++s->failed > q->cfg.send_retries)
        finish(q, i, status, sim_now(q->engine));
    else
        attempt_start(q, i);
}

static void store(struct mq *q, uint32_t i)
{
    struct mq__send *s = &q->sends[i];
    sim_time now = sim_now(q->engine);
    /* mq_send reserved a slot for every send in progress, so this cannot overflow. */
    struct mq__stored *m = &q->ring[q->next_offset & (q->ring_cap - 1)];
    m->key = s->key;
    m->born = now;
    q->next_offset++;
    q->st.produced++;
    s->state = MQ__SEND_REPORT;
    s->status = 0;
    line_put(q, TO_PRODUCER, i, now + ret_time(q));
    mq__backlog_changed(q);
    if (q->store_fn)
        q->store_fn(q->store_ctx, m->key, now);
    mq__dispatch(q);
}

static void queue_remove(struct mq *q, uint32_t i)
{
    struct mq__send *s = &q->sends[i];
    if (s->prev != MQ__NIL)
        q->sends[s->prev].next = s->next;
    else
        q->broker_queue.head = s->next;
    if (s->next != MQ__NIL)
        q->sends[s->next].prev = s->prev;
    else
        q->broker_queue.tail = s->prev;
    q->broker_waiting--;
}

static void queue_append(struct mq *q, uint32_t i)
{
    struct mq__send *s = &q->sends[i];
    s->prev = q->broker_queue.tail;
    s->next = MQ__NIL;
    if (s->prev != MQ__NIL)
        q->sends[s->prev].next = i;
    else
        q->broker_queue.head = i;
    q->broker_queue.tail = i;
    q->broker_waiting++;
}

/* Can a success stored now still reach the producer by the deadline? */
static bool in_time(const struct mq *q, uint32_t i)
{
    return mq__sat_add(sim_now(q->engine), ret_time(q)) <= q->sends[i].deadline;
}

static void ev_store_wake(struct sim_engine *e, void *ctx, uint64_t arg);

/* The store holds store_limit messages: nothing more is stored until some leave. */
static uint64_t held(const struct mq *q)
{
    return q->st.produced - q->st.acked - q->st.dlq - q->st.lost;
}

static bool store_full(const struct mq *q)
{
    uint64_t n = held(q);
    for (int i = 0; i < q->nstore_peers; i++)
        n += held(q->store_peers[i]);
    return n >= q->cfg.store_limit;
}

void mq_add_store_peer(struct mq *q, const struct mq *peer)
{
    if (q->nstore_peers < MQ_MAX_STORE_PEERS)
        q->store_peers[q->nstore_peers++] = peer;
}

/* Refuse attempt i now (SYSTEM_BUSY): the producer learns it a return trip later. */
static void refuse_busy(struct mq *q, uint32_t i, bool full)
{
    q->st.busy++;
    if (full)
        q->st.store_full++;
    q->sends[i].state = MQ__SEND_BUSY;
    line_put(q, TO_PRODUCER, i, sim_now(q->engine) + ret_time(q));
}

/* Store waiting attempts while the broker has storing slots; one wake-up at the next
 * slot when some still wait. The head is re-read every turn: store() runs the
 * consumer, which may send, take the broker down, or grow the pool. */
static void broker_drain(struct mq *q)
{
    sim_time now = sim_now(q->engine);
    while (q->broker_queue.head != MQ__NIL && !q->broker_down) {
        uint32_t i = q->broker_queue.head;
        if (!in_time(q, i)) {
            queue_remove(q, i);
            sim_cancel(q->engine, q->sends[i].ev);
            finish(q, i, SIM_ETIMEOUT, q->sends[i].deadline);
            continue;
        }
        if (!mq__token_take(&q->store_epoch, &q->store_k, q->cfg.broker_rate_per_s, now)) {
            if (!q->store_ev) {
                sim_time at = mq__token_at(q->store_epoch, q->store_k, q->cfg.broker_rate_per_s);
                q->store_ev = sim_schedule(q->engine, at, ev_store_wake, q, 0);
                if (!q->store_ev)
                    q->st.error = SIM_ENOMEM;
            }
            return;
        }
        queue_remove(q, i);
        sim_cancel(q->engine, q->sends[i].ev);
        q->sends[i].ev = 0;
        if (store_full(q))
            refuse_busy(q, i, true);
        else
            store(q, i);
    }
}

static void ev_store_wake(struct sim_engine *e, void *ctx, uint64_t arg)
{
    (void)e;
    (void)arg;
    struct mq *q = ctx;
    q->store_ev = 0;
    broker_drain(q);
}

/* A waiting attempt whose success could no longer arrive in time leaves the queue. */
static void ev_expire(struct sim_engine *e, void *ctx, uint64_t arg)
{
    (void)e;
    struct mq *q = ctx;
    uint32_t i = (uint32_t)arg;
    queue_remove(q, i);
    finish(q, i, SIM_ETIMEOUT, q->sends[i].deadline);
}


/* The broker takes an attempt: store it, queue it, or refuse it (SYSTEM_BUSY). */
static void broker_accept(struct mq *q, uint32_t i)
{
    sim_time now = sim_now(q->engine);
    if (store_full(q)) {
        refuse_busy(q, i, true);
        return;
    }
    if (q->broker_waiting == 0 &&
        mq__token_take(&q->store_epoch, &q->store_k, q->cfg.broker_rate_per_s, now)) {
        store(q, i);
        return;
    }
    if (q->broker_waiting < q->cfg.send_queue) {
        /* Expiry first: if it cannot be scheduled the record is freed, not linked. */
        sim_time deadline = q->sends[i].deadline, r = ret_time(q);
        q->sends[i].ev = 0;
        if (deadline != SIM_TIME_NEVER &&
            !send_schedule(q, i, deadline - r + (r > 0 ? 1 : 0), ev_expire))
            return;
        q->sends[i].state = MQ__SEND_QUEUED;
        queue_append(q, i);
        broker_drain(q);
        return;
    }
    refuse_busy(q, i, false);
}

/* An attempt reaches the broker. */
static void arrive(struct mq *q, uint32_t i)
{
    q->sends[i].ev = 0;
    if (q->broker_down)
        attempt_failed(q, i, SIM_EDOWN);
    else
        broker_accept(q, i);
}

/* An answer reaches the producer: the send's report, or a SYSTEM_BUSY refusal. */
static void back(struct mq *q, uint32_t i)
{
    if (q->sends[i].state == MQ__SEND_BUSY)
        attempt_failed(q, i, SIM_EBUSY);
    else
        report(q, i);
}

static void ev_arrive(struct sim_engine *e, void *ctx, uint64_t arg)
{
    (void)e;
    arrive(ctx, (uint32_t)arg);
}

static void ev_back(struct sim_engine *e, void *ctx, uint64_t arg)
{
    (void)e;
    back(ctx, (uint32_t)arg);
}

int mq_send(struct mq *q, uint64_t key, mq_send_fn done, void *ctx)
{
    uint32_t i = send_alloc(q);
    if (i == MQ__NIL)
        return SIM_ENOMEM;
    q->st.sending++;
    /* Every send in progress may store one message: reserve its slot now, so storing
     * (inside an event) never allocates. */
    uint64_t lag = q->next_offset - q->next_deliver, need = lag + q->st.sending;
    /* Never more than the store holds: a store happens only below store_limit, and the
     * ring holds only part of what the store holds. ... and room for its events: one
     * per send at a time, the two lines' and the broker's wake-up. */
    if (mq__ring_reserve(q, need < q->cfg.store_limit ? need : q->cfg.store_limit) != 0 ||
        line_reserve(&q->to_broker, q->st.sending) != 0 ||
        line_reserve(&q->to_producer, q->st.sending) != 0 ||
        sim_reserve(q->engine, (size_t)q->st.sending + 3) != 0) {
        send_free(q, i);
        return SIM_ENOMEM;
    }
    sim_time now = sim_now(q->engine);
    q->sends[i] = (struct mq__send){
        .key = key,
        .done = done,
        .ctx = ctx,
        .deadline = mq__sat_add(now, q->cfg.send_timeout),
        .prev = MQ__NIL,
        .next = MQ__NIL,
    };
    int error_before = q->st.error;
    q->in_send = true;
    bool started = attempt_start(q, i);
    q->in_send = false;
    if (!started) {
        q->st.error = error_before; /* reported to the caller instead; record freed */
        return SIM_ENOMEM;
    }
    return 0;
}

void mq_set_broker_down(struct mq *q, bool down)
{
    if (down == q->broker_down)
        return;
    q->broker_down = down;
    if (!down) {
        broker_drain(q);
        mq__dispatch(q);
        return;
    }
    sim_cancel(q->engine, q->store_ev);
    q->store_ev = 0;
    /* Attempts waiting in the broker fail now; their retries fail at once too. */
    while (q->broker_queue.head != MQ__NIL) {
        uint32_t i = q->broker_queue.head;
        queue_remove(q, i);
        sim_cancel(q->engine, q->sends[i].ev);
        attempt_failed(q, i, SIM_EDOWN);
    }
}
