/* tests/test_mq_flow.c: the consumer group's flow control: the rate limit, the
 * in-flight cap, refusal and ready, stopped consumers, a down broker, and the
 * peak-shaving run of the canonical demo on the MQ alone. */
#include "test_mq_util.h"

/* A backlog stored at once (sends at 0 are stored at 2.5 ms). */
static struct tq *backlogged(double rate, uint64_t max_inflight, uint64_t n, enum tq_policy p)
{
    struct mq_config c;
    mq_config_default(&c);
    c.rate_limit_per_s = rate;
    c.max_inflight = max_inflight;
    struct tq *t = tq_new(&c, p);
    mq_set_consumer_stopped(&t->q, true);
    for (uint64_t k = 0; k < n; k++)
        tq_send(t, k);
    sim_run_until(&t->e, 1 * SIM_S);
    assert_int_equal(tq_stats(t).lag, n);
    return t;
}

/* 6000/s under backlog: exactly 6000 deliveries per second, delivery k exactly at
 * start + floor(k * 1e9 / 6000); and no busy loop: one wake-up per delivery. */
static void test_rate_exact(void **state)
{
    (void)state;
    struct tq *t = backlogged(6000, MQ_UNLIMITED, 20000, TQ_ACK);
    sim_time start = sim_now(&t->e);
    uint64_t fired_before = t->e.fired;
    mq_set_consumer_stopped(&t->q, false);
    sim_run_until(&t->e, start + 1 * SIM_S - 1);
    assert_int_equal(t->delivered, 6000);
    sim_run_until(&t->e, start + 2 * SIM_S - 1);
    assert_int_equal(t->delivered, 12000);
    for (uint64_t k = 0; k < TQ_LOG_MAX; k++) {
        assert_int_equal(t->log[k].at, start + sim_time_nth(k, 6000));
        assert_int_equal(t->log[k].offset, k);
    }
    /* Gaps are 166 666 or 166 667 ns: evenly spaced to the nanosecond. */
    for (uint64_t k = 1; k < TQ_LOG_MAX; k++) {
        sim_time gap = t->log[k].at - t->log[k - 1].at;
        assert_true(gap == 166666 || gap == 166667);
    }
    /* The first delivery needed no event; each later one exactly one wake-up. */
    assert_int_equal(t->e.fired - fired_before, 11999);
    sim_run(&t->e);
    assert_int_equal(t->delivered, 20000);
    assert_int_equal(sim_pending(&t->e), 0);
    tq_free(t);
}

/* A rate that is not a divisor of 1e9 ns: 7/s gives 70 in 10 s. */
static void test_rate_fractional(void **state)
{
    (void)state;
    struct tq *t = backlogged(7, MQ_UNLIMITED, 200, TQ_ACK);
    sim_time start = sim_now(&t->e);
    mq_set_consumer_stopped(&t->q, false);
    sim_run_until(&t->e, start + 10 * SIM_S - 1);
    assert_int_equal(t->delivered, 70);
    assert_int_equal(t->log[69].at, start + 9857142857);
    tq_free(t);
}

/* Depth-1 bucket: idle time never builds a burst; the first message after idle goes
 * at once, the next ones one spacing apart. */
static void test_rate_no_burst_after_idle(void **state)
{
    (void)state;
    struct mq_config c;
    mq_config_default(&c);
    c.rate_limit_per_s = 100;
    struct tq *t = tq_new(&c, TQ_ACK);
    tq_send(t, 0);
    sim_run_until(&t->e, 5 * SIM_S);
    for (uint64_t k = 1; k <= 5; k++)
        tq_send(t, k);
    sim_run(&t->e);
    assert_int_equal(t->delivered, 6);
    sim_time first = 5 * SIM_S + 2500 * SIM_US;
    for (uint64_t k = 1; k <= 5; k++)
        assert_int_equal(t->log[k].at, first + (sim_time)(k - 1) * 10 * SIM_MS);
    tq_free(t);
}

static void test_inflight_cap(void **state)
{
    (void)state;
    struct tq *t = backlogged(0, 5, 10, TQ_HOLD);
    mq_set_consumer_stopped(&t->q, false);
    sim_run_until(&t->e, 2 * SIM_S);
    assert_int_equal(t->delivered, 5);
    assert_int_equal(tq_stats(t).inflight, 5);
    assert_int_equal(tq_stats(t).lag, 5);
    assert_int_equal(sim_pending(&t->e), 0); /* waiting for an ack, not polling */
    assert_int_equal(mq_ack(&t->q, t->held[2]), 0);
    assert_int_equal(t->delivered, 6); /* at once, from inside mq_ack */
    assert_int_equal(t->log[5].offset, 5);
    assert_int_equal(t->log[5].at, 2 * SIM_S);
    assert_int_equal(mq_nack(&t->q, t->held[0]), 0); /* a nack frees a slot too */
    assert_int_equal(t->delivered, 7);
    assert_int_equal(tq_stats(t).inflight, 5);
    tq_free(t);
}

/* In-flight cap with a rate limit: a slot freed between tokens waits for the token. */
static void test_inflight_cap_and_rate(void **state)
{
    (void)state;
    struct tq *t = backlogged(10, 2, 10, TQ_HOLD);
    sim_time start = sim_now(&t->e);
    mq_set_consumer_stopped(&t->q, false);
    sim_run_until(&t->e, start + 50 * SIM_MS);
    assert_int_equal(t->delivered, 1);
    sim_run_until(&t->e, start + 3 * SIM_S);
    assert_int_equal(t->delivered, 2);
    assert_int_equal(t->log[1].at, start + 100 * SIM_MS);
    assert_int_equal(mq_ack(&t->q, t->held[0]), 0); /* late token: delivered now */
    assert_int_equal(t->delivered, 3);
    assert_int_equal(mq_ack(&t->q, t->held[1]), 0); /* next token 100 ms later */
    assert_int_equal(t->delivered, 3);
    sim_run_until(&t->e, start + 3 * SIM_S + 100 * SIM_MS);
    assert_int_equal(t->delivered, 4);
    assert_int_equal(t->log[3].at, start + 3 * SIM_S + 100 * SIM_MS);
    tq_free(t);
}

static void test_refuse_and_ready(void **state)
{
    (void)state;
    struct tq *t = backlogged(1000, MQ_UNLIMITED, 10, TQ_REFUSE);
    sim_time start = sim_now(&t->e);
    mq_set_consumer_stopped(&t->q, false);
    sim_run_until(&t->e, start + 5 * SIM_S);
    assert_int_equal(t->delivered, 0);
    assert_int_equal(sim_pending(&t->e), 0); /* paused, not polling */
    struct mq_stats s = tq_stats(t);
    assert_int_equal(s.lag, 10);
    assert_int_equal(s.inflight, 0);
    t->policy = TQ_HOLD;
    mq_consumer_ready(&t->q);
    assert_int_equal(t->delivered, 1); /* the refused one, first, at once */
    assert_int_equal(t->log[0].offset, 0);
    assert_int_equal(t->log[0].attempt, 1);
    assert_int_equal(t->log[0].at, start + 5 * SIM_S);
    sim_run_until(&t->e, start + 5 * SIM_S + 1 * SIM_MS);
    assert_int_equal(t->delivered, 2); /* the refusal gave its token back */
    assert_int_equal(t->log[1].offset, 1);
    t->policy = TQ_REFUSE;
    sim_run_until(&t->e, start + 6 * SIM_S);
    assert_int_equal(t->delivered, 2);
    t->policy = TQ_HOLD;
    mq_consumer_ready(&t->q);
    assert_int_equal(t->log[2].offset, 2);
    tq_free(t);
}

/* A consumer that calls ready from inside deliver and then refuses must not stay
 * paused: it said it is ready again. */
static int refusals;

static int refuse_but_ready(void *ctx, const struct mq_msg *m, uint64_t handle)
{
    struct tq *t = ctx;
    if (m->offset == 0 && refusals == 0) {
        refusals++;
        mq_consumer_ready(&t->q);
        return 1;
    }
    return tq_deliver(ctx, m, handle);
}

static void test_ready_inside_deliver(void **state)
{
    (void)state;
    struct tq *t = backlogged(0, MQ_UNLIMITED, 3, TQ_HOLD);
    mq_set_consumer(&t->q, refuse_but_ready, t);
    mq_set_consumer_stopped(&t->q, false);
    assert_int_equal(t->delivered, 3);
    assert_int_equal(refusals, 1);
    assert_int_equal(t->log[0].offset, 0);
    tq_free(t);
}

/* Refusing after sending from inside deliver: the sends regrow the ring while the
 * refused message is out of it; it must come back first, intact. */
static int send_then_refuse(void *ctx, const struct mq_msg *m, uint64_t handle)
{
    struct tq *t = ctx;
    if (m->offset == 0 && m->attempt == 1 && refusals == 1) {
        refusals++;
        for (uint64_t k = 100; k < 300; k++)
            tq_send(t, k);
        return 1;
    }
    return tq_deliver(ctx, m, handle);
}

static void test_refuse_while_ring_grows(void **state)
{
    (void)state;
    struct tq *t = backlogged(0, MQ_UNLIMITED, 10, TQ_ACK);
    size_t cap = t->q.ring_cap;
    refusals = 1;
    mq_set_consumer(&t->q, send_then_refuse, t);
    mq_set_consumer_stopped(&t->q, false);
    assert_int_equal(t->delivered, 0);
    assert_true(t->q.ring_cap > cap);
    mq_consumer_ready(&t->q);
    sim_run(&t->e);
    assert_int_equal(t->delivered, 210);
    for (uint64_t k = 0; k < 210; k++) {
        assert_int_equal(t->log[k].offset, k);
        assert_int_equal(t->log[k].key, k < 10 ? k : k + 90);
    }
    assert_int_equal(t->log[0].born, 2500 * SIM_US);
    tq_free(t);
}

static void test_consumer_stopped(void **state)
{
    (void)state;
    struct tq *t = tq_new(NULL, TQ_ACK);
    struct tq_producer p;
    mq_set_consumer_stopped(&t->q, true);
    tq_produce(&p, t, 0, 100, 300); /* 3 s of sends */
    sim_run_until(&t->e, 2 * SIM_S);
    struct mq_stats s = tq_stats(t);
    assert_int_equal(t->delivered, 0);
    assert_int_equal(s.backlog, 200);
    assert_int_equal(s.lag, 200);
    assert_int_equal(s.lag_time, 2 * SIM_S - 2500 * SIM_US);
    assert_int_equal(t->done_ok, 200); /* producers are not affected */
    mq_set_consumer_stopped(&t->q, false);
    sim_run(&t->e);
    s = tq_stats(t);
    assert_int_equal(t->delivered, 300);
    assert_int_equal(s.backlog, 0);
    for (uint64_t k = 0; k < 300; k++)
        assert_int_equal(t->log[k].offset, k);
    tq_free(t);
}

static void test_broker_down_stops_delivery(void **state)
{
    (void)state;
    struct tq *t = backlogged(100, MQ_UNLIMITED, 50, TQ_ACK);
    sim_time start = sim_now(&t->e);
    mq_set_consumer_stopped(&t->q, false);
    sim_run_until(&t->e, start + 95 * SIM_MS);
    assert_int_equal(t->delivered, 10);
    mq_set_broker_down(&t->q, true);
    sim_run_until(&t->e, start + 10 * SIM_S);
    assert_int_equal(t->delivered, 10);
    assert_int_equal(sim_pending(&t->e), 0);
    mq_set_broker_down(&t->q, false);
    assert_int_equal(t->delivered, 11);
    sim_run(&t->e);
    assert_int_equal(t->delivered, 50);
    tq_free(t);
}

/* The canonical spike on the MQ alone: 10 000/s produced for 10 s, consumed at
 * 6000/s, each acked 200 ms after delivery. Theory: never-delivered messages grow at
 * 10 000 - 6000 = 4000/s, so lag(10 s) = 40 000; the backlog also holds the
 * 6000/s x 0.2 s = 1200 in flight, so backlog(10 s) = 41 200. Then the backlog
 * drains at 6000/s: empty at 10 s + 41 200 / 6000 s ~ 16.87 s. */
static void test_peak_shaving(void **state)
{
    (void)state;
    struct tq *t = tq_new(NULL, TQ_ACK);
    t->ack_delay = 200 * SIM_MS;
    struct tq_producer p;
    tq_produce(&p, t, 0, 10000, 100000);
    sim_run_until(&t->e, 10 * SIM_S);
    struct mq_stats s = tq_stats(t);
    assert_in_range(s.lag, 39600, 40400);
    assert_in_range(s.backlog, 40788, 41612);
    assert_int_equal(s.inflight, 1200);
    assert_int_equal(s.dlq + s.send_failed + s.busy + s.redelivered, 0);
    sim_run_until(&t->e, 16700 * SIM_MS);
    assert_true(tq_stats(t).backlog > 0);
    sim_run_until(&t->e, 17 * SIM_S);
    assert_int_equal(tq_stats(t).backlog, 0);
    assert_int_equal(tq_stats(t).acked, 100000);
    tq_free(t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_rate_exact),
        cmocka_unit_test(test_rate_fractional),
        cmocka_unit_test(test_rate_no_burst_after_idle),
        cmocka_unit_test(test_inflight_cap),
        cmocka_unit_test(test_inflight_cap_and_rate),
        cmocka_unit_test(test_refuse_and_ready),
        cmocka_unit_test(test_ready_inside_deliver),
        cmocka_unit_test(test_refuse_while_ring_grows),
        cmocka_unit_test(test_consumer_stopped),
        cmocka_unit_test(test_broker_down_stops_delivery),
        cmocka_unit_test(test_peak_shaving),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
