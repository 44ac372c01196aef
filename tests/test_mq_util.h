/* tests/test_mq_util.h: a queue on an engine, a recording consumer and producer,
 * shared by the tests/test_mq*.c executables. */
#ifndef TEST_MQ_UTIL_H
#define TEST_MQ_UTIL_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "mq/mq.h"
#include "sim/engine.h"
#include "sim/error.h"
#include "sim/time.h"

enum tq_policy {
    TQ_HOLD,   /* take it and keep the handle (tq.held) */
    TQ_ACK,    /* take it; ack after ack_delay (0: at once, inside deliver) */
    TQ_NACK,   /* take it; nack after ack_delay (0: at once, inside deliver) */
    TQ_REFUSE, /* refuse it */
};

struct tq_delivery {
    uint64_t key, offset, handle;
    sim_time at, born;
    uint32_t attempt;
};

#define TQ_LOG_MAX 4096
#define TQ_KEYS_MAX 1024

struct tq {
    struct sim_engine e;
    struct mq q;
    /* consumer */
    enum tq_policy policy;
    sim_time ack_delay;
    uint64_t delivered;
    struct tq_delivery log[TQ_LOG_MAX]; /* the first TQ_LOG_MAX deliveries */
    uint64_t held[TQ_LOG_MAX];          /* TQ_HOLD handles, in delivery order */
    size_t nheld;
    /* producer */
    int in_send;
    uint64_t done_calls, done_inside_send, done_ok, done_failed;
    int last_status;
    sim_time last_done_at;
    uint32_t done_per_key[TQ_KEYS_MAX];
    int status_per_key[TQ_KEYS_MAX];
    sim_time done_at_key[TQ_KEYS_MAX];
    /* backlog watch */
    uint64_t watch_calls, watch_last, watch_bad;
};

static inline void tq_check_invariants(const struct tq *t)
{
    struct mq_stats s;
    mq_get_stats(&t->q, &s);
    assert_int_equal(s.backlog, s.produced - s.acked - s.dlq);
    assert_int_equal(s.backlog, s.lag + s.inflight + s.retrying);
    assert_int_equal(mq_waiting(&t->q), s.backlog - s.inflight); /* the cheap reading */
    assert_int_equal(mq_error(&t->q), s.error);
}

static inline void tq_watch(void *ctx, uint64_t backlog)
{
    struct tq *t = ctx;
    struct mq_stats s;
    mq_get_stats(&t->q, &s);
    t->watch_calls++;
    t->watch_last = backlog;
    if (backlog != s.backlog || s.backlog != s.produced - s.acked - s.dlq ||
        s.backlog != s.lag + s.inflight + s.retrying)
        t->watch_bad++;
}

static inline void tq_ev_settle(struct sim_engine *e, void *ctx, uint64_t handle)
{
    (void)e;
    struct tq *t = ctx;
    int rc = t->policy == TQ_NACK ? mq_nack(&t->q, handle) : mq_ack(&t->q, handle);
    assert_int_equal(rc, 0);
}

static inline int tq_deliver(void *ctx, const struct mq_msg *m, uint64_t handle)
{
    struct tq *t = ctx;
    if (t->policy == TQ_REFUSE)
        return 1;
    if (t->delivered < TQ_LOG_MAX)
        t->log[t->delivered] =
            (struct tq_delivery){m->key, m->offset, handle, sim_now(&t->e), m->born, m->attempt};
    t->delivered++;
    if (t->policy == TQ_HOLD) {
        if (t->nheld < TQ_LOG_MAX)
            t->held[t->nheld++] = handle;
    } else if (t->ack_delay == 0) {
        tq_ev_settle(&t->e, t, handle);
    } else {
        assert_true(sim_schedule_in(&t->e, t->ack_delay, tq_ev_settle, t, handle) != 0);
    }
    return 0;
}

static inline void tq_done(void *ctx, uint64_t key, int status)
{
    struct tq *t = ctx;
    t->done_calls++;
    t->done_inside_send += t->in_send != 0;
    t->last_status = status;
    t->last_done_at = sim_now(&t->e);
    if (status == 0)
        t->done_ok++;
    else
        t->done_failed++;
    if (key < TQ_KEYS_MAX) {
        t->done_per_key[key]++;
        t->status_per_key[key] = status;
        t->done_at_key[key] = sim_now(&t->e);
    }
}

/* A queue with config c (NULL: defaults) and the recording consumer. */
static inline struct tq *tq_new(const struct mq_config *c, enum tq_policy policy)
{
    struct tq *t = calloc(1, sizeof *t);
    assert_non_null(t);
    assert_int_equal(sim_engine_init(&t->e), 0);
    struct mq_config d;
    mq_config_default(&d);
    assert_int_equal(mq_init(&t->q, &t->e, c ? c : &d), 0);
    t->policy = policy;
    mq_set_consumer(&t->q, tq_deliver, t);
    mq_set_backlog_watch(&t->q, tq_watch, t);
    return t;
}

static inline void tq_free(struct tq *t)
{
    assert_int_equal(t->watch_bad, 0);
    assert_int_equal(t->done_inside_send, 0);
    mq_close(&t->q);
    sim_engine_close(&t->e);
    free(t);
}

static inline void tq_send(struct tq *t, uint64_t key)
{
    t->in_send = 1;
    assert_int_equal(mq_send(&t->q, key, tq_done, t), 0);
    t->in_send = 0;
}

static inline struct mq_stats tq_stats(const struct tq *t)
{
    struct mq_stats s;
    mq_get_stats(&t->q, &s);
    return s;
}

/* A producer of n messages (keys 0..n-1) at rate_per_s, evenly spaced from `from`. */
struct tq_producer {
    struct tq *t;
    sim_time from;
    double rate_per_s;
    uint64_t n, sent;
};

static inline void tq_ev_produce(struct sim_engine *e, void *ctx, uint64_t k)
{
    struct tq_producer *p = ctx;
    tq_send(p->t, k);
    p->sent++;
    if (k + 1 < p->n)
        assert_true(sim_schedule(e, p->from + sim_time_nth(k + 1, p->rate_per_s), tq_ev_produce, p,
                                 k + 1) != 0);
}

static inline void tq_produce(struct tq_producer *p, struct tq *t, sim_time from, double rate,
                              uint64_t n)
{
    *p = (struct tq_producer){.t = t, .from = from, .rate_per_s = rate, .n = n};
    if (n)
        assert_true(sim_schedule(&t->e, from, tq_ev_produce, p, 0) != 0);
}

#endif
