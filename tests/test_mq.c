/* tests/test_mq.c: the queue's basics: config, send timing, offsets and FIFO order,
 * ack, handles, stats invariants, the backlog watch, memory. */
#include <math.h>

#include "test_mq_util.h"

static void test_config_default(void **state)
{
    (void)state;
    struct mq_config c;
    mq_config_default(&c);
    assert_int_equal(c.send, 5 * SIM_MS);
    assert_int_equal(c.send_timeout, 3 * SIM_S);
    assert_int_equal(c.send_retries, 2);
    assert_true(c.send_queue == MQ_UNLIMITED);
    assert_true(c.broker_rate_per_s == 0);
    assert_true(c.rate_limit_per_s == 6000);
    assert_int_equal(c.max_inflight, 1200);
    assert_int_equal(c.max_reconsume, 16);
}

static void test_delay_levels(void **state)
{
    (void)state;
    /* RocketMQ: reconsume k (attempt k + 1 failed) waits level 3 + k of
     * "1s 5s 10s 30s 1m 2m 3m 4m 5m 6m 7m 8m 9m 10m 20m 30m 1h 2h". */
    const sim_time want[] = {10 * SIM_S,   30 * SIM_S,   1 * SIM_MIN,  2 * SIM_MIN,
                             3 * SIM_MIN,  4 * SIM_MIN,  5 * SIM_MIN,  6 * SIM_MIN,
                             7 * SIM_MIN,  8 * SIM_MIN,  9 * SIM_MIN,  10 * SIM_MIN,
                             20 * SIM_MIN, 30 * SIM_MIN, 1 * SIM_HOUR, 2 * SIM_HOUR};
    for (uint32_t a = 1; a <= 16; a++)
        assert_int_equal(mq_redelivery_delay(a), want[a - 1]);
    assert_int_equal(mq_redelivery_delay(17), 2 * SIM_HOUR);
    assert_int_equal(mq_redelivery_delay(1000), 2 * SIM_HOUR);
}

static void test_init_rejects(void **state)
{
    (void)state;
    struct sim_engine e;
    struct mq q;
    struct mq_config c;
    assert_int_equal(sim_engine_init(&e), 0);
    mq_config_default(&c);
    c.max_inflight = 0;
    assert_int_equal(mq_init(&q, &e, &c), SIM_EINVAL);
    mq_config_default(&c);
    c.send = -1;
    assert_int_equal(mq_init(&q, &e, &c), SIM_EINVAL);
    mq_config_default(&c);
    c.rate_limit_per_s = NAN;
    assert_int_equal(mq_init(&q, &e, &c), SIM_EINVAL);
    mq_config_default(&c);
    c.broker_rate_per_s = -5;
    assert_int_equal(mq_init(&q, &e, &c), SIM_EINVAL);
    assert_int_equal(mq_init(&q, NULL, &c), SIM_EINVAL);
    mq_close(&q); /* harmless after a failed init */
    sim_engine_close(&e);
}

/* Stored at send/2, success back at send, done never inside mq_send. */
static void test_send_timing(void **state)
{
    (void)state;
    struct tq *t = tq_new(NULL, TQ_HOLD);
    sim_run_until(&t->e, 7 * SIM_MS);
    tq_send(t, 42);
    assert_int_equal(t->done_calls, 0);
    sim_run_until(&t->e, 7 * SIM_MS + 2500 * SIM_US - 1);
    assert_int_equal(tq_stats(t).produced, 0);
    sim_run_until(&t->e, 7 * SIM_MS + 2500 * SIM_US);
    assert_int_equal(tq_stats(t).produced, 1);
    assert_int_equal(t->delivered, 1); /* the idle consumer takes it at once */
    assert_int_equal(t->log[0].key, 42);
    assert_int_equal(t->log[0].born, 7 * SIM_MS + 2500 * SIM_US);
    assert_int_equal(t->log[0].at, 7 * SIM_MS + 2500 * SIM_US);
    assert_int_equal(t->log[0].attempt, 1);
    assert_int_equal(t->done_calls, 0);
    sim_run(&t->e);
    assert_int_equal(t->done_calls, 1);
    assert_int_equal(t->last_status, 0);
    assert_int_equal(t->last_done_at, 12 * SIM_MS);
    assert_int_equal(tq_stats(t).sending, 0);
    tq_free(t);
}

/* Offsets count up in store order; delivery follows them, keys in send order. */
static void test_offsets_fifo(void **state)
{
    (void)state;
    struct mq_config c;
    mq_config_default(&c);
    c.rate_limit_per_s = 1000; /* a backlog builds: order is the log's, not arrival's */
    c.max_inflight = MQ_UNLIMITED;
    struct tq *t = tq_new(&c, TQ_ACK);
    for (uint64_t k = 0; k < 300; k++) { /* bursts of sends at the same instant */
        tq_send(t, 1000 + k);
        if (k % 7 == 6)
            sim_run_until(&t->e, sim_now(&t->e) + 300 * SIM_US);
    }
    sim_run(&t->e);
    assert_int_equal(t->delivered, 300);
    for (uint64_t k = 0; k < 300; k++) {
        assert_int_equal(t->log[k].offset, k);
        assert_int_equal(t->log[k].key, 1000 + k);
        if (k)
            assert_true(t->log[k].born >= t->log[k - 1].born);
    }
    struct mq_stats s = tq_stats(t);
    assert_int_equal(s.produced, 300);
    assert_int_equal(s.acked, 300);
    assert_int_equal(s.backlog, 0);
    assert_int_equal(s.lag, 0);
    assert_int_equal(s.lag_time, 0);
    tq_free(t);
}

static void test_ack_and_handles(void **state)
{
    (void)state;
    struct tq *t = tq_new(NULL, TQ_HOLD);
    for (uint64_t k = 0; k < 3; k++)
        tq_send(t, k);
    sim_run(&t->e);
    assert_int_equal(t->nheld, 3);
    struct mq_stats s = tq_stats(t);
    assert_int_equal(s.backlog, 3);
    assert_int_equal(s.inflight, 3);
    assert_int_equal(s.lag, 0);
    assert_int_equal(mq_ack(&t->q, t->held[1]), 0);
    assert_int_equal(mq_ack(&t->q, t->held[1]), SIM_ENOENT);
    assert_int_equal(mq_nack(&t->q, t->held[1]), SIM_ENOENT);
    assert_int_equal(mq_ack(&t->q, 0), SIM_ENOENT);
    assert_int_equal(mq_ack(&t->q, UINT64_MAX), SIM_ENOENT);
    assert_int_equal(mq_ack(&t->q, t->held[0] + (1ULL << 32)), SIM_ENOENT); /* wrong gen */
    s = tq_stats(t);
    assert_int_equal(s.backlog, 2);
    assert_int_equal(s.acked, 1);
    assert_int_equal(s.inflight, 2);
    assert_int_equal(mq_ack(&t->q, t->held[0]), 0);
    assert_int_equal(mq_ack(&t->q, t->held[2]), 0);
    s = tq_stats(t);
    assert_int_equal(s.backlog, 0);
    assert_int_equal(s.inflight, 0);
    assert_int_equal(t->watch_calls, 6); /* 3 stores + 3 acks */
    assert_int_equal(t->watch_last, 0);
    tq_free(t);
}

/* lag and lag_time follow the oldest never-delivered message. */
static void test_lag(void **state)
{
    (void)state;
    struct tq *t = tq_new(NULL, TQ_HOLD);
    mq_set_consumer_stopped(&t->q, true);
    tq_send(t, 1);
    sim_run_until(&t->e, 1 * SIM_S);
    tq_send(t, 2);
    sim_run_until(&t->e, 3 * SIM_S);
    struct mq_stats s = tq_stats(t);
    assert_int_equal(s.lag, 2);
    assert_int_equal(s.lag_time, 3 * SIM_S - 2500 * SIM_US);
    tq_free(t);
}

/* A small xorshift: the mix below is the same on every run. */
static uint64_t mix_next(uint64_t *x)
{
    *x ^= *x << 13;
    *x ^= *x >> 7;
    *x ^= *x << 17;
    return *x;
}

struct mix {
    struct tq *t;
    uint64_t rng, checks;
};

static void ev_mix_settle(struct sim_engine *e, void *ctx, uint64_t handle)
{
    (void)e;
    struct mix *m = ctx;
    int rc = mix_next(&m->rng) % 4 == 0 ? mq_nack(&m->t->q, handle) : mq_ack(&m->t->q, handle);
    assert_int_equal(rc, 0);
    tq_check_invariants(m->t);
}

static int mix_deliver(void *ctx, const struct mq_msg *msg, uint64_t handle)
{
    (void)msg;
    struct mix *m = ctx;
    uint64_t r = mix_next(&m->rng);
    if (r % 10 == 0) /* refuse now and then; ready again a little later */
        return 1;
    sim_time delay = (sim_time)(r % 500) * SIM_MS;
    assert_true(sim_schedule_in(&m->t->e, delay, ev_mix_settle, m, handle) != 0);
    return 0;
}

static void ev_mix_tick(struct sim_engine *e, void *ctx, uint64_t n)
{
    struct mix *m = ctx;
    uint64_t r = mix_next(&m->rng);
    for (uint64_t i = 0; i < r % 5; i++)
        tq_send(m->t, n * 8 + i);
    if (r % 3 == 0)
        mq_consumer_ready(&m->t->q);
    mq_set_consumer_stopped(&m->t->q, r % 97 < 3);
    mq_set_broker_down(&m->t->q, r % 89 == 0);
    tq_check_invariants(m->t);
    m->checks++;
    if (n < 20000)
        assert_true(sim_schedule_in(e, (sim_time)(r % 3) * SIM_MS, ev_mix_tick, m, n + 1));
}

/* backlog = produced - acked - dlq = lag + inflight + retrying at every change, and
 * mq_waiting() = backlog - inflight. */
static void test_stats_invariants(void **state)
{
    (void)state;
    struct mq_config c;
    mq_config_default(&c);
    c.rate_limit_per_s = 800;
    c.max_inflight = 50;
    c.max_reconsume = 2;
    c.broker_rate_per_s = 2000;
    c.send_queue = 20;
    struct tq *t = tq_new(&c, TQ_HOLD);
    struct mix m = {.t = t, .rng = 88172645463325252ULL};
    mq_set_consumer(&t->q, mix_deliver, &m);
    assert_true(sim_schedule(&t->e, 0, ev_mix_tick, &m, 0) != 0);
    for (int round = 0; round < 100000 && (sim_pending(&t->e) || tq_stats(t).backlog); round++) {
        sim_run_until(&t->e, sim_now(&t->e) + 100 * SIM_MS);
        mq_consumer_ready(&t->q);
        mq_set_consumer_stopped(&t->q, false);
        mq_set_broker_down(&t->q, false);
    }
    struct mq_stats s = tq_stats(t);
    assert_int_equal(s.backlog, 0);
    assert_true(s.produced > 1000);
    assert_true(s.dlq > 0);
    assert_true(s.redelivered > 0);
    assert_true(s.busy > 0);
    assert_int_equal(s.produced + s.send_failed, t->done_calls);
    assert_int_equal(t->done_ok, s.produced);
    assert_int_equal(t->watch_calls, s.produced + s.acked + s.dlq);
    assert_true(m.checks > 20000);
    tq_free(t);
}

/* 1e6 send + ack cycles: memory holds what is in flight, not what went through. */
static void test_memory_steady(void **state)
{
    (void)state;
    struct tq *t = tq_new(NULL, TQ_ACK);
    t->ack_delay = 100 * SIM_MS;
    struct tq_producer p;
    tq_produce(&p, t, 0, 5000, 1000000);
    sim_run(&t->e);
    struct mq_stats s = tq_stats(t);
    assert_int_equal(s.produced, 1000000);
    assert_int_equal(s.acked, 1000000);
    assert_int_equal(s.backlog, 0);
    /* 5000/s: ~25 sends in progress, lag ~0, 500 in flight (5000/s x 100 ms). */
    assert_true(t->q.ring_cap <= 64);
    assert_true(t->q.sends_cap <= 64);
    assert_true(t->q.nodes_cap <= 1024);
    tq_free(t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_config_default),
        cmocka_unit_test(test_delay_levels),
        cmocka_unit_test(test_init_rejects),
        cmocka_unit_test(test_send_timing),
        cmocka_unit_test(test_offsets_fifo),
        cmocka_unit_test(test_ack_and_handles),
        cmocka_unit_test(test_lag),
        cmocka_unit_test(test_stats_invariants),
        cmocka_unit_test(test_memory_steady),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
