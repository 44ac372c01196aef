/* mq/internal.h: private to the mq/ sources (shared by the producer and consumer sides). */
#ifndef MQ_INTERNAL_H
#define MQ_INTERNAL_H

#include <stdbool.h>
#include <stdint.h>

#include "mq/mq.h"
#include "sim/engine.h"
#include "sim/error.h"
#include "sim/time.h"

#define MQ__NIL UINT32_MAX

/* One never-delivered message in the topic's log; its offset is its ring position. */
struct mq__stored {
    uint64_t key;
    sim_time born;
};

enum mq__node_state { MQ__NODE_FREE, MQ__NODE_INFLIGHT, MQ__NODE_WAITING, MQ__NODE_READY };

/* A message out of the log: in flight at the consumer, or waiting for redelivery. */
struct mq__node {
    uint64_t key;
    sim_time born;
    sim_time due; /* WAITING: when it becomes due for redelivery */
    uint64_t offset;
    uint32_t attempt; /* the delivery attempt it is in (INFLIGHT) or waits for */
    uint32_t gen;     /* bumped at every delivery: stale handles fail */
    uint32_t next;    /* list link (free list, level FIFO, ready FIFO) */
    uint8_t state;
};

enum mq__send_state {
    MQ__SEND_FREE,
    MQ__SEND_FLIGHT, /* attempt on its way to the broker */
    MQ__SEND_QUEUED, /* waiting in the broker's send queue (ev = its expiry) */
    MQ__SEND_BUSY,   /* SYSTEM_BUSY answer on its way back */
    MQ__SEND_REPORT, /* done(status) scheduled */
};

/* An entry of a delay line (struct mq__line). */
struct mq__due {
    sim_time at;
    uint32_t send;
};

/* A send in progress (one producer call, all its attempts). */
struct mq__send {
    uint64_t key;
    mq_send_fn done;
    void *ctx;
    sim_time deadline;
    sim_event_id ev;     /* the one pending event of this send, or 0 (none, or the
                            send is on a delay line) */
    uint32_t prev, next; /* broker queue links; next is also the free-list link */
    uint32_t failed;     /* failed attempts so far */
    int status;          /* REPORT: the status done will get */
    uint8_t state;
};

/* Token bucket of depth 1 with exact integer-ns spacing: during a busy stretch that
 * began at epoch, token k is available at epoch + floor(k * 1e9 / rate). A token
 * taken late (the stretch was interrupted) starts a new stretch at now, so idle
 * time never builds up a burst. rate <= 0 means unlimited. */
static inline sim_time mq__token_at(sim_time epoch, uint64_t k, double rate)
{
    if (!(rate > 0))
        return epoch;
    sim_time d = sim_time_nth(k, rate);
    if (d >= SIM_TIME_NEVER - epoch)
        return SIM_TIME_NEVER;
    return epoch + d;
}

static inline bool mq__token_take(sim_time *epoch, uint64_t *k, double rate, sim_time now)
{
    if (!(rate > 0))
        return true;
    sim_time at = mq__token_at(*epoch, *k, rate);
    if (now < at)
        return false;
    if (now > at) {
        *epoch = now;
        *k = 0;
    }
    (*k)++;
    return true;
}

static inline sim_time mq__sat_add(sim_time a, sim_time b)
{
    return b >= SIM_TIME_NEVER - a ? SIM_TIME_NEVER : a + b;
}

/* mq.c */
uint32_t mq__delay_level(uint32_t attempt); /* 1..MQ_DELAY_LEVELS */
void mq__backlog_changed(struct mq *q);
int mq__ring_reserve(struct mq *q, uint64_t need);
uint32_t mq__node_alloc(struct mq *q); /* MQ__NIL when out of memory */
void mq__node_free(struct mq *q, uint32_t i);

/* consume.c */
void mq__dispatch(struct mq *q);

#endif
