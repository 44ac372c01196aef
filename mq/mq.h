/* mq/mq.h: the message queue (one topic, one consumer group), on the sim engine.
 *
 * Knows nothing of orders: a message is a 64-bit key and the time it was stored.
 * Modelled on RocketMQ:
 *  - producer send takes `send` (round trip); it fails when the broker is down, or is
 *    busy (its bounded send queue is full: SYSTEM_BUSY); a failed attempt is retried
 *    up to send_retries times while within send_timeout, then reported failed;
 *  - the topic is an append-only log with offsets; memory grows with the backlog only
 *    (a compact ring of {key, born} per stored message);
 *  - one consumer group pulls in offset order, at most rate_limit_per_s and with at
 *    most max_inflight delivered-but-unacked messages, and hands each message to the
 *    deliver callback (the consumer, e.g. system B);
 *  - ack removes a message; nack (handling failed) schedules a redelivery after
 *    RocketMQ's delay level for that attempt (10 s, 30 s, 1 m, 2 m, 3 m, ... 2 h);
 *    after max_reconsume failed attempts the message goes to the dead-letter queue.
 * Caller-owned storage: mq_init/mq_close. Never blocks; all waiting is virtual time.
 *
 * Timing of a send (t = when an attempt starts; half = send / 2 rounded down):
 *  - broker down when the attempt starts, or when it reaches the broker, or while it
 *    waits in the broker's send queue: the attempt fails at that moment (connection
 *    refused/reset: no round trip), SIM_EDOWN;
 *  - otherwise the attempt reaches the broker at t + half. If the broker can store it
 *    (unlimited rate, or a storing slot is free and nobody waits) it is stored then:
 *    born = t + half, and the success reaches the producer at born + (send - half).
 *    A rate-limited broker stores at most broker_rate_per_s, evenly spaced (store k
 *    of a busy stretch at its start + floor(k * 1e9 / rate) ns); an attempt that
 *    cannot be stored at once waits in the broker's FIFO send queue if fewer than
 *    send_queue wait, else it is refused SYSTEM_BUSY: counted in stats.busy, the
 *    producer learns it at t + send;
 *  - the broker's store is bounded: while it holds store_limit messages (stored, not
 *    yet acked or dead-lettered: the backlog plus those in consumers' hands) an
 *    attempt is refused SYSTEM_BUSY as above (RocketMQ refuses writes when its store
 *    is full), counted in stats.busy and stats.store_full. This bounds the memory a
 *    queue can use whatever the load;
 *  - a failed attempt (SIM_EDOWN, SIM_EBUSY) is retried at once, up to send_retries
 *    more attempts; then done gets the last attempt's status;
 *  - deadline = start of the send + send_timeout. An attempt (first or retry) is made
 *    only if its success could reach the producer by the deadline (now + send <=
 *    deadline), and a waiting attempt leaves the broker's queue, unstored, once that
 *    is no longer possible (as RocketMQ's broker drops requests that waited too
 *    long); either way the send reports SIM_ETIMEOUT at the deadline;
 *  - done is always called from an engine event, never from inside mq_send. A
 *    failure by SIM_EDOWN/SIM_EBUSY is reported at the time of the last attempt's
 *    failure (an event at that time).
 *
 * Delivery: a delivered message leaves the log (offsets below the consumer's position
 * are trimmed) and lives in an in-flight record until ack/nack. Due redeliveries are
 * delivered before messages never delivered; the rate limit and the in-flight cap
 * apply to both. The rate limit is a token bucket of depth 1: during a busy stretch
 * delivery k happens at the stretch's start + floor(k * 1e9 / rate) ns, so a rate of
 * 6000/s gives exactly 6000 deliveries per second of backlog, evenly spaced.
 *
 * Re-entrancy: the deliver callback may be called from engine events and from inside
 * mq_ack, mq_nack, mq_consumer_ready, mq_set_consumer, mq_set_broker_down(q, false)
 * and mq_set_consumer_stopped(q, false); it may itself call any mq_ function but
 * mq_close. */
#ifndef MQ_MQ_H
#define MQ_MQ_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "sim/engine.h"
#include "sim/time.h"

#define MQ_UNLIMITED UINT64_MAX
/* The largest (and default) store_limit: 16 bytes a stored message, 48 one waiting for
 * a redelivery; with the model's other limits it keeps a run within 1 GB. */
#define MQ_STORE_LIMIT_MAX 5000000u
#define MQ_MAX_STORE_PEERS 15

struct mq_config {
    sim_time send;            /* producer -> broker -> ack round trip (5 ms) */
    sim_time send_timeout;    /* one send, retries included (3 s) */
    uint32_t send_retries;    /* extra attempts after a failed one (2) */
    uint64_t send_queue;      /* broker's pending-send bound (MQ_UNLIMITED) */
    double broker_rate_per_s; /* sends the broker stores per second (0 = unlimited) */
    double rate_limit_per_s;  /* consumer pulls per second (6000; 0 = unlimited) */
    uint64_t max_inflight;    /* delivered, not yet acked (1200; MQ_UNLIMITED) */
    uint32_t max_reconsume;   /* failed attempts before the DLQ (16) */
    /* Flushing the commit log to disk. Async (RocketMQ's default): the broker acks a
     * send once stored in memory and flushes every flush_interval (500 ms), so a
     * crash loses what was stored since the last flush. Sync: the ack waits for the
     * flush, adding flush_time to each send's reply; nothing acked is ever lost. */
    bool flush_sync;
    sim_time flush_interval;
    sim_time flush_time;
    uint64_t store_limit;     /* messages the broker holds at most (5 000 000) */
};

/* RocketMQ defaults above, as the scenario defaults. */
void mq_config_default(struct mq_config *c);

/* RocketMQ's messageDelayLevel "1s 5s 10s 30s 1m 2m 3m 4m 5m 6m 7m 8m 9m 10m 20m 30m
 * 1h 2h" (levels 1..18). */
#define MQ_DELAY_LEVELS 18
/* The wait before redelivering a message whose delivery `attempt` (1 = first) was
 * nacked: RocketMQ's broker uses level 3 + reconsumeTimes (= attempt + 2), capped at
 * level 18; so 10 s, 30 s, 1 m, 2 m, ... 30 m, 1 h, 2 h, 2 h, ... (attempt 0 is
 * treated as 1). */
sim_time mq_redelivery_delay(uint32_t attempt);

struct mq_msg {
    uint64_t key;     /* the producer's key (e.g. an order id) */
    sim_time born;    /* when the broker stored it */
    uint32_t attempt; /* 1 on first delivery, 2 on the first redelivery, ... */
    uint64_t offset;  /* position in the topic's log: 0, 1, 2, ... in store order */
};

/* Result of a send, given to the producer's callback when the send completes. */
typedef void (*mq_send_fn)(void *ctx, uint64_t key,
                           int status /* 0, SIM_EDOWN, SIM_EBUSY, SIM_ETIMEOUT */);
/* Delivery of a message to the consumer. Return 0 if taken: the consumer must later
 * call mq_ack or mq_nack with `handle`. Return nonzero if the consumer cannot take
 * it now: the message stays first in line and delivery pauses until mq_consumer_ready.
 * *m is valid only during the call. */
typedef int (*mq_deliver_fn)(void *ctx, const struct mq_msg *m, uint64_t handle);
/* Called after every change of the backlog (store, ack, DLQ) with the new value, at
 * the current virtual time. It may read mq_get_stats but must not call other mq_
 * functions. */
typedef void (*mq_backlog_fn)(void *ctx, uint64_t backlog);
/* Called for every message a queue stores (see mq_set_store_watch). */
typedef void (*mq_store_fn)(void *ctx, uint64_t key, sim_time born);

struct mq_stats {
    uint64_t produced;    /* messages stored */
    uint64_t acked;       /* messages acked (consumed successfully) */
    uint64_t dlq;         /* messages moved to the dead-letter queue */
    uint64_t redelivered; /* redeliveries (attempt >= 2) made */
    uint64_t send_failed; /* sends reported failed to the producer */
    uint64_t busy;        /* attempts refused as SYSTEM_BUSY */
    uint64_t lost;        /* stored, then lost by a broker crash before flushing */
    uint64_t store_full;  /* of the busy ones, refused because the store was full */
    uint64_t backlog;     /* produced - acked - dlq - lost */
    uint64_t inflight;    /* delivered, not acked/nacked */
    uint64_t lag;         /* stored, never yet delivered (consumer lag, messages) */
    sim_time lag_time;    /* now - born of the oldest never-delivered one; 0 if none */
    uint64_t retrying;    /* nacked, waiting for (or due for) redelivery */
    uint64_t sending;     /* sends started, done not yet called */
    int error;            /* 0, or SIM_ENOMEM once an allocation inside an engine
                             event failed: a delivery then waits for the next
                             trigger, or a send ends at once with SIM_ENOMEM */
};

struct mq__stored; /* private: {key, born} of a never-delivered message */
struct mq__node;   /* private: an in-flight or retrying message */
struct mq__send;   /* private: a send in progress */

/* A FIFO linked through pool indices (private). */
struct mq__list {
    uint32_t head, tail; /* MQ__NIL when empty */
};

/* A delay line of sends (private, mq/send.c): sends whose next step is a constant
 * delay away, due in the order they were put on it, behind one engine event. */
struct mq__due; /* private: {due time, send index} */
struct mq__line {
    struct mq__due *items; /* a ring: cap a power of two (or 0), [head, head + len) */
    uint32_t head, len, cap;
    sim_event_id ev; /* at the head's due time, while not firing */
    bool firing;
};

/* struct mq is defined here (caller-owned storage); its fields are private. */
struct mq {
    struct sim_engine *engine;
    struct mq_config cfg;
    sim_time half; /* producer -> broker: send / 2; broker -> producer: send - half */

    /* The topic's log: offsets [next_deliver, next_offset) are in the ring. */
    struct mq__stored *ring;
    uint64_t ring_cap; /* a power of two */
    uint64_t next_deliver, next_offset;

    /* Delivered or nacked messages, in a pool with a free list. */
    struct mq__node *nodes;
    uint32_t nodes_len, nodes_cap, nodes_free;
    struct mq__list levels[MQ_DELAY_LEVELS]; /* waiting redeliveries, per delay level */
    struct mq__list ready;                   /* due redeliveries, in due order */
    sim_event_id retry_ev;                   /* at the earliest level head's due */
    sim_time retry_at;

    /* Consumer. */
    mq_deliver_fn deliver;
    void *deliver_ctx;
    bool consumer_stopped, refused, dispatching;
    uint64_t ready_calls; /* mq_consumer_ready calls, to spot one made mid-deliver */
    sim_time token_epoch; /* start of the current busy stretch of the rate limit */
    uint64_t token_k;     /* deliveries since token_epoch */
    sim_event_id wake_ev; /* at the next token, only when a message waits for it */
    sim_time wake_at;

    /* Producer and broker. */
    struct mq__send *sends;
    uint32_t sends_len, sends_cap, sends_free;
    struct mq__line to_broker;    /* attempts on their way to the broker (half) */
    struct mq__line to_producer;  /* answers on their way back (send - half) */
    struct mq__list broker_queue; /* attempts waiting for a storing slot */
    uint64_t broker_waiting;
    bool broker_down;
    bool in_send; /* inside mq_send: a failure goes to its caller */
    sim_time store_epoch; /* the broker's rate limit, like the consumer's */
    uint64_t store_k;
    sim_event_id store_ev;

    const struct mq *store_peers[MQ_MAX_STORE_PEERS]; /* other groups: one store */
    int nstore_peers;

    mq_backlog_fn backlog_fn;
    void *backlog_ctx;
    mq_store_fn store_fn;
    void *store_ctx;
    struct mq_stats st; /* counters; backlog, lag, lag_time filled by mq_get_stats */
};

/* Returns 0, SIM_EINVAL or SIM_ENOMEM (then nothing needs closing). The engine must
 * outlive the queue. */
int mq_init(struct mq *q, struct sim_engine *e, const struct mq_config *c);
/* Frees the queue's memory and cancels its pending events: sends in progress are
 * dropped without calling done. */
void mq_close(struct mq *q);

/* Set (or replace) the consumer; delivery starts at once if messages wait. */
void mq_set_consumer(struct mq *q, mq_deliver_fn deliver, void *ctx);
/* Optional: watch the backlog (fn NULL to stop). The model records the level at each
 * call; this is cheaper and more exact than polling mq_get_stats. */
void mq_set_backlog_watch(struct mq *q, mq_backlog_fn fn, void *ctx);

/* Send key now; done(ctx, key, status) is called exactly once, later (never from
 * inside mq_send). Returns 0 or SIM_ENOMEM (then done is never called). */
int mq_send(struct mq *q, uint64_t key, mq_send_fn done, void *ctx);

/* The consumer finished a delivered message: ack = success, nack = failed (redeliver
 * after the delay level, or DLQ). Unknown/used handles return SIM_ENOENT. */
int mq_ack(struct mq *q, uint64_t handle);
int mq_nack(struct mq *q, uint64_t handle);

/* The consumer can take messages again after refusing one. */
void mq_consumer_ready(struct mq *q);

/* Faults: broker down (sends fail, nothing delivered); consumers stopped (nothing
 * delivered; messages wait). Both take effect now; on recovery delivery resumes by
 * itself. Acks and nacks are accepted throughout (the client retries them until the
 * broker answers; the model applies them at once). Taking the broker down fails the
 * attempts waiting in its send queue (SIM_EDOWN after their retries). Stopping the
 * consumer does not clear a refusal: mq_consumer_ready still does that. */
void mq_set_broker_down(struct mq *q, bool down);
void mq_set_consumer_stopped(struct mq *q, bool stopped);

/* Consumer groups: one topic, several groups. Each group is its own struct mq (its
 * own offset, rate limit, in-flight cap, redelivery, DLQ, backlog); the producer
 * sends to one of them, whose store watch (called for every message it stores,
 * before its own delivery) appends a copy to the others with mq_append. */
void mq_set_store_watch(struct mq *q, mq_store_fn fn, void *ctx);
/* Another group of the same topic (its copies count against q's store_limit: q
 * refuses sends while all the groups together hold store_limit messages). At most
 * MQ_MAX_STORE_PEERS; more are ignored. peer must outlive q. */
void mq_add_store_peer(struct mq *q, const struct mq *peer);
/* Store a message as the broker stored it at `born` (no send, no reply). 0 or
 * SIM_ENOMEM. */
int mq_append(struct mq *q, uint64_t key, sim_time born);

/* The broker crashes now: messages acknowledged to their producer (stored at least
 * one reply time ago) after flushed_upto (async flush: the last flush; sync flush:
 * now, so nothing) and never delivered leave the log, counted in stats.lost, lost(ctx,
 * key) called for each; delivered ones stay with their consumer. Returns how many
 * were lost. The caller takes the broker down with mq_set_broker_down. */
uint64_t mq_crash(struct mq *q, sim_time flushed_upto, void (*lost)(void *ctx, uint64_t key),
                  void *ctx);
/* The last periodic flush at or before now (async flush), or now (sync flush). */
sim_time mq_flushed_upto(const struct mq *q);

/* O(1). */
void mq_get_stats(const struct mq *q, struct mq_stats *out);
/* What waits in the group: backlog - inflight of mq_get_stats (stored, and neither
 * settled nor in a consumer's hands), for a caller that reads it after every change
 * without copying the stats. O(1). */
uint64_t mq_waiting(const struct mq *q);
/* The error of mq_get_stats. */
int mq_error(const struct mq *q);

#endif
