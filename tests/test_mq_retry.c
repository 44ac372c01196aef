/* tests/test_mq_retry.c: nack, RocketMQ's redelivery delays, the order of due
 * redeliveries, flow control on redeliveries, and the dead-letter queue. */
#include "test_mq_util.h"

static struct tq *unlimited(enum tq_policy p, uint32_t max_reconsume)
{
    struct mq_config c;
    mq_config_default(&c);
    c.rate_limit_per_s = 0;
    c.max_inflight = MQ_UNLIMITED;
    c.max_reconsume = max_reconsume;
    return tq_new(&c, p);
}

/* Always failing: redelivered after 10 s, 30 s, 1 m, 2 m, ... 2 h (16 times), then
 * the 17th failure sends it to the DLQ (RocketMQ: reconsumeTimes >= 16). */
static void test_nack_delays_then_dlq(void **state)
{
    (void)state;
    struct tq *t = unlimited(TQ_NACK, 16);
    tq_send(t, 7);
    sim_run_until(&t->e, 5 * SIM_S);
    struct mq_stats s = tq_stats(t);
    assert_int_equal(t->delivered, 1);
    assert_int_equal(s.backlog, 1);
    assert_int_equal(s.retrying, 1);
    assert_int_equal(s.lag + s.inflight, 0);
    sim_run(&t->e);
    assert_int_equal(t->delivered, 17);
    assert_int_equal(t->log[1].at - t->log[0].at, 10 * SIM_S);
    assert_int_equal(t->log[2].at - t->log[1].at, 30 * SIM_S);
    assert_int_equal(t->log[3].at - t->log[2].at, 1 * SIM_MIN);
    assert_int_equal(t->log[4].at - t->log[3].at, 2 * SIM_MIN);
    assert_int_equal(t->log[16].at - t->log[15].at, 2 * SIM_HOUR);
    for (uint32_t a = 1; a <= 17; a++) {
        const struct tq_delivery *d = &t->log[a - 1];
        assert_int_equal(d->attempt, a);
        assert_int_equal(d->key, 7);
        assert_int_equal(d->offset, 0);
        assert_int_equal(d->born, 2500 * SIM_US);
        if (a > 1)
            assert_int_equal(d->at - t->log[a - 2].at, mq_redelivery_delay(a - 1));
    }
    s = tq_stats(t);
    assert_int_equal(s.dlq, 1);
    assert_int_equal(s.redelivered, 16);
    assert_int_equal(s.acked, 0);
    assert_int_equal(s.backlog, 0);
    assert_int_equal(s.retrying, 0);
    assert_int_equal(t->watch_last, 0);
    assert_int_equal(sim_pending(&t->e), 0);
    tq_free(t);
}

static void test_dlq_small_max(void **state)
{
    (void)state;
    struct tq *t = unlimited(TQ_NACK, 2);
    tq_send(t, 1);
    sim_run(&t->e);
    assert_int_equal(t->delivered, 3);
    assert_int_equal(tq_stats(t).dlq, 1);
    assert_int_equal(tq_stats(t).redelivered, 2);
    tq_free(t);
    t = unlimited(TQ_NACK, 0); /* no redelivery at all */
    tq_send(t, 1);
    sim_run(&t->e);
    assert_int_equal(t->delivered, 1);
    assert_int_equal(tq_stats(t).dlq, 1);
    assert_int_equal(sim_now(&t->e), 5 * SIM_MS); /* no 10 s wait: straight to the DLQ */
    tq_free(t);
}

static void test_nack_handles(void **state)
{
    (void)state;
    struct tq *t = unlimited(TQ_HOLD, 16);
    tq_send(t, 1);
    sim_run(&t->e);
    uint64_t h1 = t->held[0];
    assert_int_equal(mq_nack(&t->q, h1), 0);
    assert_int_equal(mq_nack(&t->q, h1), SIM_ENOENT);
    assert_int_equal(mq_ack(&t->q, h1), SIM_ENOENT);
    sim_run(&t->e);
    assert_int_equal(t->nheld, 2);
    uint64_t h2 = t->held[1];
    assert_true(h2 != h1);
    assert_int_equal(mq_ack(&t->q, h1), SIM_ENOENT);
    assert_int_equal(mq_ack(&t->q, h2), 0);
    struct mq_stats s = tq_stats(t);
    assert_int_equal(s.acked, 1);
    assert_int_equal(s.redelivered, 1);
    assert_int_equal(s.backlog, 0);
    tq_free(t);
}

/* Due redeliveries leave in due order across levels (per-level FIFOs merged). */
static void test_redelivery_order(void **state)
{
    (void)state;
    struct tq *t = unlimited(TQ_HOLD, 16);
    for (uint64_t k = 0; k < 3; k++) /* A, B, C = offsets 0, 1, 2 */
        tq_send(t, k);
    sim_run_until(&t->e, 1 * SIM_S);
    assert_int_equal(mq_nack(&t->q, t->held[0]), 0); /* A due 11 s */
    sim_run_until(&t->e, 11 * SIM_S);
    assert_int_equal(t->nheld, 4);
    assert_int_equal(t->log[3].offset, 0);
    assert_int_equal(t->log[3].at, 11 * SIM_S);
    assert_int_equal(mq_nack(&t->q, t->held[3]), 0); /* A again: due 41 s */
    sim_run_until(&t->e, 20 * SIM_S);
    assert_int_equal(mq_nack(&t->q, t->held[2]), 0); /* C due 30 s */
    sim_run_until(&t->e, 35 * SIM_S);
    assert_int_equal(mq_nack(&t->q, t->held[1]), 0); /* B due 45 s */
    sim_run_until(&t->e, 60 * SIM_S);
    assert_int_equal(t->nheld, 7);
    const uint64_t offset[] = {2, 0, 1};
    const sim_time at[] = {30 * SIM_S, 41 * SIM_S, 45 * SIM_S};
    const uint32_t attempt[] = {2, 3, 2};
    for (int i = 0; i < 3; i++) {
        assert_int_equal(t->log[4 + i].offset, offset[i]);
        assert_int_equal(t->log[4 + i].at, at[i]);
        assert_int_equal(t->log[4 + i].attempt, attempt[i]);
    }
    tq_free(t);
}

/* Nacks at the same instant on the same level come back in the same order. */
static void test_same_due_fifo(void **state)
{
    (void)state;
    struct tq *t = unlimited(TQ_HOLD, 16);
    for (uint64_t k = 0; k < 5; k++)
        tq_send(t, k);
    sim_run_until(&t->e, 1 * SIM_S);
    const int order[] = {3, 1, 4, 0, 2};
    for (int i = 0; i < 5; i++)
        assert_int_equal(mq_nack(&t->q, t->held[order[i]]), 0);
    sim_run_until(&t->e, 12 * SIM_S);
    assert_int_equal(t->nheld, 10);
    for (int i = 0; i < 5; i++) {
        assert_int_equal(t->log[5 + i].offset, (uint64_t)order[i]);
        assert_int_equal(t->log[5 + i].at, 11 * SIM_S);
    }
    tq_free(t);
}

/* A redelivery goes back in line: first in line, but it waits for a rate token. */
static void ev_nack_later(struct sim_engine *e, void *ctx, uint64_t handle)
{
    (void)e;
    struct tq *t = ctx;
    assert_int_equal(mq_nack(&t->q, handle), 0);
}

static int nack_first_once(void *ctx, const struct mq_msg *m, uint64_t handle)
{
    struct tq *t = ctx;
    if (m->offset == 0 && m->attempt == 1) {
        tq_deliver(ctx, m, handle); /* logs it; TQ_HOLD keeps the handle */
        assert_true(sim_schedule_in(&t->e, 50 * SIM_MS, ev_nack_later, t, handle) != 0);
        return 0;
    }
    t->policy = TQ_ACK;
    int rc = tq_deliver(ctx, m, handle);
    t->policy = TQ_HOLD;
    return rc;
}

static void test_redelivery_rate_limited(void **state)
{
    (void)state;
    struct mq_config c;
    mq_config_default(&c);
    c.rate_limit_per_s = 10;
    struct tq *t = tq_new(&c, TQ_HOLD);
    mq_set_consumer(&t->q, nack_first_once, t);
    for (uint64_t k = 0; k < 200; k++)
        tq_send(t, k);
    sim_run_until(&t->e, 11 * SIM_S);
    /* Tokens at 2.5 ms + k x 100 ms; the redelivery is due at 10.0525 s and takes the
     * next token, 10.1025 s, ahead of offset 101. */
    assert_int_equal(t->log[100].offset, 100);
    assert_int_equal(t->log[101].offset, 0);
    assert_int_equal(t->log[101].attempt, 2);
    assert_int_equal(t->log[101].at, 10102500 * SIM_US);
    assert_int_equal(t->log[102].offset, 101);
    assert_int_equal(t->log[102].at, 10202500 * SIM_US);
    tq_free(t);
}

/* A due redelivery respects the in-flight cap too. */
static void test_redelivery_inflight_cap(void **state)
{
    (void)state;
    struct mq_config c;
    mq_config_default(&c);
    c.rate_limit_per_s = 0;
    c.max_inflight = 1;
    struct tq *t = tq_new(&c, TQ_HOLD);
    for (uint64_t k = 0; k < 3; k++)
        tq_send(t, k);
    sim_run_until(&t->e, 1 * SIM_S);
    assert_int_equal(mq_nack(&t->q, t->held[0]), 0); /* offset 1 goes out now */
    assert_int_equal(t->nheld, 2);
    assert_int_equal(t->log[1].offset, 1);
    sim_run_until(&t->e, 20 * SIM_S);
    assert_int_equal(t->nheld, 2); /* due at 11 s, but the one slot is taken */
    assert_int_equal(mq_ack(&t->q, t->held[1]), 0);
    assert_int_equal(t->nheld, 3);
    assert_int_equal(t->log[2].offset, 0);
    assert_int_equal(t->log[2].attempt, 2);
    assert_int_equal(t->log[2].at, 20 * SIM_S);
    tq_free(t);
}

/* A nack while the broker is down is taken; the redelivery waits for recovery. */
static void test_nack_broker_down(void **state)
{
    (void)state;
    struct tq *t = unlimited(TQ_HOLD, 16);
    tq_send(t, 0);
    sim_run_until(&t->e, 1 * SIM_S);
    mq_set_broker_down(&t->q, true);
    assert_int_equal(mq_nack(&t->q, t->held[0]), 0);
    sim_run_until(&t->e, 30 * SIM_S);
    assert_int_equal(t->nheld, 1);
    assert_int_equal(tq_stats(t).retrying, 1);
    mq_set_broker_down(&t->q, false);
    assert_int_equal(t->nheld, 2);
    assert_int_equal(t->log[1].at, 30 * SIM_S);
    assert_int_equal(tq_stats(t).retrying, 0);
    tq_free(t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_nack_delays_then_dlq),
        cmocka_unit_test(test_dlq_small_max),
        cmocka_unit_test(test_nack_handles),
        cmocka_unit_test(test_redelivery_order),
        cmocka_unit_test(test_same_due_fifo),
        cmocka_unit_test(test_redelivery_rate_limited),
        cmocka_unit_test(test_redelivery_inflight_cap),
        cmocka_unit_test(test_nack_broker_down),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
