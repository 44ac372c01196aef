/* tests/test_mq_send.c: the producer and the broker's storing side: broker down,
 * SYSTEM_BUSY with a bounded send queue, retries, the send deadline, and closing a
 * queue with work in progress. The timing rules are in mq/mq.h. */
#include "test_mq_util.h"

static struct tq *with_broker(double rate, uint64_t send_queue, uint32_t retries, sim_time timeout)
{
    struct mq_config c;
    mq_config_default(&c);
    c.broker_rate_per_s = rate;
    c.send_queue = send_queue;
    c.send_retries = retries;
    c.send_timeout = timeout;
    return tq_new(&c, TQ_ACK);
}

static void test_down_fails_at_once(void **state)
{
    (void)state;
    struct tq *t = tq_new(NULL, TQ_ACK);
    sim_run_until(&t->e, 1 * SIM_S);
    mq_set_broker_down(&t->q, true);
    for (uint64_t k = 0; k < 5; k++)
        tq_send(t, k);
    assert_int_equal(t->done_calls, 0); /* never from inside mq_send */
    sim_run(&t->e);
    for (uint64_t k = 0; k < 5; k++) {
        assert_int_equal(t->done_per_key[k], 1);
        assert_int_equal(t->status_per_key[k], SIM_EDOWN);
        assert_int_equal(t->done_at_key[k], 1 * SIM_S);
    }
    struct mq_stats s = tq_stats(t);
    assert_int_equal(s.produced, 0);
    assert_int_equal(s.send_failed, 5);
    assert_int_equal(s.backlog, 0);
    assert_int_equal(s.sending, 0);
    assert_int_equal(t->delivered, 0);
    assert_int_equal(t->watch_calls, 0);
    /* Recovery: sends succeed again. */
    mq_set_broker_down(&t->q, false);
    tq_send(t, 9);
    sim_run(&t->e);
    assert_int_equal(t->status_per_key[9], 0);
    assert_int_equal(t->done_at_key[9], 1 * SIM_S + 5 * SIM_MS);
    assert_int_equal(t->delivered, 1);
    tq_free(t);
}

/* The broker goes down while the attempt travels: it fails on arrival. */
static void test_down_in_flight(void **state)
{
    (void)state;
    struct tq *t = tq_new(NULL, TQ_ACK);
    tq_send(t, 1);
    sim_run_until(&t->e, 1 * SIM_MS);
    mq_set_broker_down(&t->q, true);
    sim_run(&t->e);
    assert_int_equal(t->status_per_key[1], SIM_EDOWN);
    assert_int_equal(t->done_at_key[1], 2500 * SIM_US);
    assert_int_equal(tq_stats(t).produced, 0);
    tq_free(t);
}

/* Attempts waiting in the broker's send queue fail when it goes down; the broker's
 * rate resumes after recovery. */
static void test_down_while_queued(void **state)
{
    (void)state;
    struct tq *t = with_broker(1, MQ_UNLIMITED, 2, 3 * SIM_S);
    for (uint64_t k = 0; k < 3; k++)
        tq_send(t, k);
    sim_run_until(&t->e, 500 * SIM_MS);
    mq_set_broker_down(&t->q, true);
    sim_run_until(&t->e, 1 * SIM_S);
    assert_int_equal(t->status_per_key[0], 0);
    assert_int_equal(t->done_at_key[0], 5 * SIM_MS);
    for (uint64_t k = 1; k < 3; k++) {
        assert_int_equal(t->status_per_key[k], SIM_EDOWN);
        assert_int_equal(t->done_at_key[k], 500 * SIM_MS);
    }
    assert_int_equal(tq_stats(t).produced, 1);
    mq_set_broker_down(&t->q, false);
    tq_send(t, 3);
    sim_run(&t->e);
    assert_int_equal(t->status_per_key[3], 0);
    assert_int_equal(t->done_at_key[3], 1 * SIM_S + 5 * SIM_MS);
    assert_int_equal(tq_stats(t).produced, 2);
    tq_free(t);
}

/* Broker stores 100/s with 2 waiting at most: of 10 sends at once, 1 is stored at
 * once, 2 wait (stored 10 ms apart), 7 get SYSTEM_BUSY after the round trip. */
static void test_busy(void **state)
{
    (void)state;
    struct tq *t = with_broker(100, 2, 0, 3 * SIM_S);
    for (uint64_t k = 0; k < 10; k++)
        tq_send(t, k);
    sim_run(&t->e);
    const sim_time ok_at[] = {5 * SIM_MS, 15 * SIM_MS, 25 * SIM_MS};
    for (uint64_t k = 0; k < 3; k++) {
        assert_int_equal(t->status_per_key[k], 0);
        assert_int_equal(t->done_at_key[k], ok_at[k]);
    }
    for (uint64_t k = 3; k < 10; k++) {
        assert_int_equal(t->status_per_key[k], SIM_EBUSY);
        assert_int_equal(t->done_at_key[k], 5 * SIM_MS);
    }
    struct mq_stats s = tq_stats(t);
    assert_int_equal(s.busy, 7);
    assert_int_equal(s.send_failed, 7);
    assert_int_equal(s.produced, 3);
    assert_int_equal(t->log[1].born, 12500 * SIM_US);
    assert_int_equal(t->log[2].born, 22500 * SIM_US);
    tq_free(t);
}

/* A full store refuses sends SYSTEM_BUSY (counted apart in store_full) until a
 * message leaves it: store_limit 3, a consumer that holds what it gets (in its hands
 * still counts: stored, not acked), 5 sends without retries, then one ack frees a
 * place for one more. */
static void test_store_limit(void **state)
{
    (void)state;
    struct mq_config c;
    mq_config_default(&c);
    c.send_retries = 0;
    c.store_limit = 3;
    c.rate_limit_per_s = 0;
    struct tq *t = tq_new(&c, TQ_HOLD);
    for (uint64_t k = 0; k < 5; k++)
        tq_send(t, k);
    sim_run(&t->e);
    for (uint64_t k = 0; k < 3; k++)
        assert_int_equal(t->status_per_key[k], 0);
    for (uint64_t k = 3; k < 5; k++)
        assert_int_equal(t->status_per_key[k], SIM_EBUSY);
    struct mq_stats s = tq_stats(t);
    assert_int_equal(s.produced, 3);
    assert_int_equal(s.busy, 2);
    assert_int_equal(s.store_full, 2);
    assert_int_equal(t->nheld, 3);
    assert_int_equal(mq_ack(&t->q, t->held[0]), 0);
    tq_send(t, 5);
    tq_send(t, 6);
    sim_run(&t->e);
    assert_int_equal(t->status_per_key[5], 0);
    assert_int_equal(t->status_per_key[6], SIM_EBUSY);
    s = tq_stats(t);
    assert_int_equal(s.produced, 4);
    assert_int_equal(s.store_full, 3);
    tq_free(t);
}

/* With 2 retries, busy attempts retry one round trip later. At 12.5 ms the broker
 * stores one waiting send first (its wake-up was scheduled earlier), so the first
 * retry arriving then finds a free place in the queue. */
static void test_busy_retries(void **state)
{
    (void)state;
    struct tq *t = with_broker(100, 2, 2, 3 * SIM_S);
    for (uint64_t k = 0; k < 10; k++)
        tq_send(t, k);
    sim_run(&t->e);
    for (uint64_t k = 0; k < 4; k++)
        assert_int_equal(t->status_per_key[k], 0);
    assert_int_equal(t->done_at_key[3], 35 * SIM_MS);
    for (uint64_t k = 4; k < 10; k++) {
        assert_int_equal(t->status_per_key[k], SIM_EBUSY);
        assert_int_equal(t->done_at_key[k], 15 * SIM_MS);
    }
    struct mq_stats s = tq_stats(t);
    assert_int_equal(s.busy, 7 + 7 + 6);
    assert_int_equal(s.send_failed, 6);
    assert_int_equal(s.produced, 4);
    tq_free(t);
}

/* Broker stores 1/s, queue unbounded, timeout 3 s: stored at 2.5 ms, 1.0025 s,
 * 2.0025 s; the next slot (3.0025 s) is too late, so the other 7 leave the queue
 * and time out exactly at 3 s. Expired sends use no storing slot. */
static void test_timeout_in_queue(void **state)
{
    (void)state;
    struct tq *t = with_broker(1, MQ_UNLIMITED, 2, 3 * SIM_S);
    for (uint64_t k = 0; k < 10; k++)
        tq_send(t, k);
    sim_run_until(&t->e, 3500 * SIM_MS);
    for (uint64_t k = 0; k < 3; k++) {
        assert_int_equal(t->status_per_key[k], 0);
        assert_int_equal(t->done_at_key[k], (sim_time)k * SIM_S + 5 * SIM_MS);
    }
    for (uint64_t k = 3; k < 10; k++) {
        assert_int_equal(t->done_per_key[k], 1);
        assert_int_equal(t->status_per_key[k], SIM_ETIMEOUT);
        assert_int_equal(t->done_at_key[k], 3 * SIM_S);
    }
    struct mq_stats s = tq_stats(t);
    assert_int_equal(s.produced, 3);
    assert_int_equal(s.send_failed, 7);
    assert_int_equal(s.busy, 0);
    tq_send(t, 10);
    sim_run(&t->e);
    assert_int_equal(t->status_per_key[10], 0);
    assert_int_equal(t->done_at_key[10], 3505 * SIM_MS);
    tq_free(t);
}

static void test_timeout_shorter_than_send(void **state)
{
    (void)state;
    struct tq *t = with_broker(0, MQ_UNLIMITED, 2, 4 * SIM_MS);
    tq_send(t, 1);
    sim_run(&t->e);
    assert_int_equal(t->status_per_key[1], SIM_ETIMEOUT);
    assert_int_equal(t->done_at_key[1], 4 * SIM_MS);
    assert_int_equal(tq_stats(t).produced, 0);
    assert_int_equal(t->delivered, 0);
    tq_free(t);
}

/* The deadline passes between retries: SIM_ETIMEOUT, not the last SIM_EBUSY. */
static void test_timeout_between_retries(void **state)
{
    (void)state;
    struct tq *t = with_broker(1, 0, 5, 12 * SIM_MS);
    tq_send(t, 0);
    tq_send(t, 1);
    sim_run(&t->e);
    assert_int_equal(t->status_per_key[0], 0);
    assert_int_equal(t->status_per_key[1], SIM_ETIMEOUT);
    assert_int_equal(t->done_at_key[1], 12 * SIM_MS);
    assert_int_equal(tq_stats(t).busy, 2); /* answered at 5 and 10 ms; 10 + 5 > 12 */
    tq_free(t);
}

/* Closing with sends travelling and queued, a rate wake-up and a redelivery timer
 * pending: nothing of the queue fires afterwards. */
static void test_close_with_work(void **state)
{
    (void)state;
    struct mq_config c;
    mq_config_default(&c);
    c.broker_rate_per_s = 1;
    c.rate_limit_per_s = 1;
    struct tq *t = tq_new(&c, TQ_NACK);
    for (uint64_t k = 0; k < 5; k++)
        tq_send(t, k);
    sim_run_until(&t->e, 1 * SIM_MS);
    tq_send(t, 5);
    sim_run_until(&t->e, 1003 * SIM_MS);
    assert_true(sim_pending(&t->e) > 0);
    uint64_t calls = t->done_calls, delivered = t->delivered;
    mq_close(&t->q);
    assert_int_equal(sim_pending(&t->e), 0);
    sim_run(&t->e);
    assert_int_equal(t->done_calls, calls);
    assert_int_equal(t->delivered, delivered);
    tq_free(t); /* closing twice is harmless */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_down_fails_at_once),
        cmocka_unit_test(test_down_in_flight),
        cmocka_unit_test(test_down_while_queued),
        cmocka_unit_test(test_busy),
        cmocka_unit_test(test_busy_retries),
        cmocka_unit_test(test_store_limit),
        cmocka_unit_test(test_timeout_in_queue),
        cmocka_unit_test(test_timeout_shorter_than_send),
        cmocka_unit_test(test_timeout_between_retries),
        cmocka_unit_test(test_close_with_work),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
