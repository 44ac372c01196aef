/* The model's behaviours, one small scenario each, with counts worked out by hand
 * from evenly spaced arrivals and constant service times (A 20 ms, B 190 ms, DB 10 ms
 * unless said otherwise): A rejects, B's accept queue refuses, A's call times out,
 * the database's queue times out, B down / hung (sync fails, async does not), the MQ
 * down (async fails), retries with capped backoff. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "test_ord_model_util.h"

/* Ten orders, at 0, 100, ..., 900 ms. */
static void ten_orders(struct ord_config *c)
{
    util_steady(c, 10, 1 * SIM_S, 60 * SIM_S);
    c->load.arrivals = ORD_ARRIVALS_EVEN;
}

static double ms(sim_time t)
{
    return sim_time_to_ms(t);
}

/* A has 2 threads held 1 s each: the orders at 0 and 100 ms take them, the other
 * eight find A full and are rejected at once. */
static void test_a_rejects(void **state)
{
    (void)state;
    struct ord_config c;
    ten_orders(&c);
    c.a.instances = 1;
    c.a.threads = 2;
    assert_int_equal(sim_dist_const(&c.a.service, 1 * SIM_S), 0);
    struct ord_run r;
    util_run(&r, &c);
    for (int i = 0; i < 2; i++) {
        const struct ord_variant_result *v = &ord_run_result(&r)->v[i];
        assert_int_equal(v->totals.offered, 10);
        assert_int_equal(v->totals.accepted, 2);
        assert_int_equal(v->totals.rejected, 8);
        assert_int_equal(v->totals.completed, 2);
        assert_int_equal(sim_series_get(&v->series, 0, ORD_COL_REJECTED), 8);
        assert_int_equal(sim_series_get(&v->series, 0, ORD_COL_A_BUSY), 2);
    }
    ord_run_close(&r);
    ord_config_free(&c);
}

/* B: one thread, held 1 s per call, an accept queue of 2. The call at 20 ms takes the
 * thread, those at 120 and 220 ms wait, the other seven are refused: they fail at
 * once. The waiting ones are served at 1.02 and 2.02 s. */
static void test_b_accept_queue_full(void **state)
{
    (void)state;
    struct ord_config c;
    ten_orders(&c);
    c.nvariants = 1; /* sync */
    c.b.instances = 1;
    c.b.threads = 1;
    c.b.accept_queue = 2;
    c.b.timeout = SIM_TIME_NEVER;
    assert_int_equal(sim_dist_const(&c.b.service, 990 * SIM_MS), 0);
    struct ord_run r;
    util_run(&r, &c);
    const struct ord_variant_result *v = util_variant(&r, ORD_VARIANT_SYNC);
    assert_int_equal(v->totals.accepted, 10);
    assert_int_equal(v->totals.failed, 7);
    assert_int_equal(v->totals.completed, 3);
    assert_int_equal(sim_series_get(&v->series, 0, ORD_COL_FAILED), 7);
    /* the third call waited for two before it: 3.02 s - 0.2 s */
    assert_in_range(sim_hist_parts_max(ord_latency_of(v)), 2818 * SIM_MS, 2822 * SIM_MS);
    ord_run_close(&r);
    ord_config_free(&c);
}

/* B takes 5 s, A waits 1 s: every order fails, 1 s after its call (1.02 .. 1.92 s),
 * while B finishes every abandoned call anyway (wasted database writes). */
static void test_b_timeout(void **state)
{
    (void)state;
    struct ord_config c;
    ten_orders(&c);
    c.nvariants = 1;
    c.b.timeout = 1 * SIM_S;
    assert_int_equal(sim_dist_const(&c.b.service, 5 * SIM_S), 0);
    struct ord_run r;
    util_run(&r, &c);
    const struct ord_variant_result *v = util_variant(&r, ORD_VARIANT_SYNC);
    assert_int_equal(v->totals.failed, 10);
    assert_int_equal(v->totals.completed, 0);
    assert_int_equal(sim_hist_parts_count(ord_latency_of(v)), 0);
    assert_int_equal(sim_series_get(&v->series, 0, ORD_COL_FAILED), 0);
    assert_int_equal(sim_series_get(&v->series, 1, ORD_COL_FAILED), 10);
    assert_int_equal(v->totals.db_queries, 10);
    assert_int_equal(sim_series_get(&v->series, 5, ORD_COL_DB_QUERIES), 10);
    ord_run_close(&r);
    ord_config_free(&c);
}

/* One connection, 1 s per query, 450 ms of patience. Queries reach the database at
 * 210 + 100 k ms. Query 0 holds the connection until 1.21 s; queries 1-5 give up
 * (at 760 .. 1160 ms) before it frees; query 6 (810 ms, patient until 1.26 s) gets
 * it and holds it until 2.21 s, so 7, 8, 9 give up too. Sync: 2 completed, 8 failed.
 * Async: the 8 failed deliveries are nacked and redelivered later. */
static void test_db_queue_timeout(void **state)
{
    (void)state;
    struct ord_config c;
    ten_orders(&c);
    c.db.connections = 1;
    c.db.queue_timeout = 450 * SIM_MS;
    assert_int_equal(sim_dist_const(&c.db.query, 1 * SIM_S), 0);
    struct ord_run r;
    util_run(&r, &c);
    const struct ord_variant_result *v = util_variant(&r, ORD_VARIANT_SYNC);
    assert_int_equal(v->totals.completed, 2);
    assert_int_equal(v->totals.failed, 8);
    sim_time longest = sim_hist_parts_max(ord_latency_of(v));
    assert_in_range(longest, 1608 * SIM_MS, 1612 * SIM_MS); /* 2.21-0.6 */
    const struct ord_variant_result *a = util_variant(&r, ORD_VARIANT_ASYNC);
    assert_int_equal(a->totals.answered, 10);
    assert_int_equal(a->totals.failed, 0);
    assert_true(a->totals.redelivered >= 8);
    assert_int_equal(a->totals.completed + a->totals.in_flight + a->totals.dlq, 10);
    ord_run_close(&r);
    ord_config_free(&c);
}

/* B down for 10 s at 1000 orders/s: sync orders calling in the window fail at once
 * (~10 000, Poisson sd 100); async users are still answered in 25 ms, the messages
 * wait (backlog ~10 000) and drain at 6000 - 1000 = 5000/s: empty at ~22 s. */
static void test_b_down(void **state)
{
    (void)state;
    struct ord_config c;
    util_steady(&c, 1000, 40 * SIM_S, 20 * SIM_S);
    util_fault(&c, (struct ord_fault){.at = 10 * SIM_S,
                                      .length = 10 * SIM_S,
                                      .target = ORD_TARGET_B,
                                      .kind = ORD_FAULT_DOWN});
    struct ord_run r;
    util_run(&r, &c);
    const struct ord_variant_result *s = util_variant(&r, ORD_VARIANT_SYNC);
    assert_in_range(s->totals.failed, 9500, 10500);
    assert_in_range(sim_hist_parts_max(ord_latency_of(s)), 219 * SIM_MS, 221 * SIM_MS);
    const struct ord_variant_result *a = util_variant(&r, ORD_VARIANT_ASYNC);
    assert_int_equal(a->totals.failed, 0);
    assert_int_equal(a->totals.completed, a->totals.offered);
    assert_true(ms(sim_hist_parts_max(ord_latency_of(a))) <= 25.03); /* histogram: 0.1 % */
    assert_in_range(a->backlog_max, 9500, 10500);
    assert_in_range(a->backlog_max_at, 19900 * SIM_MS, 20100 * SIM_MS);
    assert_in_range(a->drained_at, 21500 * SIM_MS, 22500 * SIM_MS);
    ord_run_close(&r);
    ord_config_free(&c);
}

/* B hung for 2 s: sync calls made in it time out after 3 s and fail; async users are
 * answered in 25 ms, the hung deliveries are nacked after the consume timeout (3 s)
 * and redelivered 10 s later. */
static void test_b_hang(void **state)
{
    (void)state;
    struct ord_config c;
    util_steady(&c, 1000, 20 * SIM_S, 30 * SIM_S);
    util_fault(&c, (struct ord_fault){.at = 5 * SIM_S,
                                      .length = 2 * SIM_S,
                                      .target = ORD_TARGET_B,
                                      .kind = ORD_FAULT_HANG});
    struct ord_run r;
    util_run(&r, &c);
    const struct ord_variant_result *s = util_variant(&r, ORD_VARIANT_SYNC);
    assert_in_range(s->totals.failed, 1800, 2200);
    assert_int_equal(util_col_sum(s, ORD_COL_FAILED, 0, 8 * SIM_S), 0);
    assert_int_equal(util_col_sum(s, ORD_COL_FAILED, 11 * SIM_S, SIM_TIME_NEVER), 0);
    const struct ord_variant_result *a = util_variant(&r, ORD_VARIANT_ASYNC);
    assert_int_equal(a->totals.failed, 0);
    assert_true(ms(sim_hist_parts_max(ord_latency_of(a))) <= 25.03);
    assert_true(a->totals.redelivered > 1000);
    assert_int_equal(util_col_sum(a, ORD_COL_REDELIVERED, 0, 18 * SIM_S), 0);
    assert_int_equal(a->totals.completed, a->totals.offered);
    ord_run_close(&r);
    ord_config_free(&c);
}

/* The MQ down for 10 s: async sends fail, so those orders fail at A; sync is not
 * touched. */
static void test_mq_down(void **state)
{
    (void)state;
    struct ord_config c;
    util_steady(&c, 1000, 30 * SIM_S, 10 * SIM_S);
    util_fault(&c, (struct ord_fault){.at = 10 * SIM_S,
                                      .length = 10 * SIM_S,
                                      .target = ORD_TARGET_MQ,
                                      .kind = ORD_FAULT_DOWN});
    struct ord_run r;
    util_run(&r, &c);
    const struct ord_variant_result *s = util_variant(&r, ORD_VARIANT_SYNC);
    assert_int_equal(s->totals.failed, 0);
    const struct ord_variant_result *a = util_variant(&r, ORD_VARIANT_ASYNC);
    assert_in_range(a->totals.failed, 9500, 10500);
    assert_int_equal(a->totals.completed, a->totals.answered);
    assert_int_equal(a->totals.completed + a->totals.failed, a->totals.offered);
    assert_true(ms(sim_hist_parts_max(ord_latency_of(a))) <= 25.03);
    ord_run_close(&r);
    ord_config_free(&c);
}

/* The database down for 2 s: sync orders querying in it fail; async deliveries in it
 * are nacked and everything is written in the end. */
static void test_db_down(void **state)
{
    (void)state;
    struct ord_config c;
    util_steady(&c, 1000, 10 * SIM_S, 30 * SIM_S);
    util_fault(&c, (struct ord_fault){.at = 4 * SIM_S,
                                      .length = 2 * SIM_S,
                                      .target = ORD_TARGET_DB,
                                      .kind = ORD_FAULT_DOWN});
    struct ord_run r;
    util_run(&r, &c);
    const struct ord_variant_result *s = util_variant(&r, ORD_VARIANT_SYNC);
    assert_in_range(s->totals.failed, 1800, 2200);
    const struct ord_variant_result *a = util_variant(&r, ORD_VARIANT_ASYNC);
    assert_int_equal(a->totals.failed, 0);
    assert_in_range(a->totals.redelivered, 1800, 2200);
    assert_int_equal(a->totals.completed, a->totals.offered);
    ord_run_close(&r);
    ord_config_free(&c);
}

/* B slow x2: sync users wait 20 + 380 + 10 = 410 ms. */
static void test_b_slow(void **state)
{
    (void)state;
    struct ord_config c;
    util_steady(&c, 1000, 10 * SIM_S, 5 * SIM_S);
    c.nvariants = 1;
    util_fault(&c, (struct ord_fault){.at = 3 * SIM_S,
                                      .length = 3 * SIM_S,
                                      .target = ORD_TARGET_B,
                                      .kind = ORD_FAULT_SLOW,
                                      .factor = 2});
    struct ord_run r;
    util_run(&r, &c);
    const struct ord_variant_result *s = util_variant(&r, ORD_VARIANT_SYNC);
    assert_in_range(sim_series_hist(&s->series, 1, ORD_H_LATENCY).p50, 219 * SIM_MS, 221 * SIM_MS);
    assert_in_range(sim_series_hist(&s->series, 5, ORD_H_LATENCY).p50, 409 * SIM_MS, 411 * SIM_MS);
    assert_in_range(sim_series_hist(&s->series, 8, ORD_H_LATENCY).max, 219 * SIM_MS, 221 * SIM_MS);
    ord_run_close(&r);
    ord_config_free(&c);
}

/* B down for 1 s at 1000/s. Without retries ~1000 orders fail. With 3 retries and a
 * backoff of 200 ms doubling, capped at 300 ms, the three waits are uniform on
 * [0, 200], [0, 300], [0, 300] ms (sum D: mean 400, at most 800 ms). An order calling
 * x into the window fails if x + D < 1 s: always for x < 200 ms, else with
 * P(D < 1 s - x); over the window that is 1000/s x (0.2 s + E[0.8 s - D]) = 600
 * orders (Poisson and binomial spread ~40). A retried order waits at most
 * A 20 + backoffs 800 + B and DB 200 = 1020 ms. */
static void test_retries(void **state)
{
    (void)state;
    uint64_t failed[2];
    for (int retries = 0; retries < 2; retries++) {
        struct ord_config c;
        util_steady(&c, 1000, 20 * SIM_S, 5 * SIM_S);
        c.nvariants = 1;
        c.b.retries = retries ? 3 : 0;
        c.b.backoff = 200 * SIM_MS;
        c.b.backoff_max = 300 * SIM_MS;
        util_fault(&c, (struct ord_fault){.at = 10 * SIM_S,
                                          .length = 1 * SIM_S,
                                          .target = ORD_TARGET_B,
                                          .kind = ORD_FAULT_DOWN});
        struct ord_run r;
        util_run(&r, &c);
        const struct ord_variant_result *s = util_variant(&r, ORD_VARIANT_SYNC);
        failed[retries] = s->totals.failed;
        if (retries) {
            assert_true(sim_hist_parts_max(ord_latency_of(s)) > 400 * SIM_MS);
            assert_true(ms(sim_hist_parts_max(ord_latency_of(s))) <= 1020 * 1.001);
        } else {
            assert_in_range(sim_hist_parts_max(ord_latency_of(s)), 219 * SIM_MS, 221 * SIM_MS);
        }
        ord_run_close(&r);
        ord_config_free(&c);
    }
    assert_in_range(failed[0], 900, 1100);
    assert_in_range(failed[1], 450, 750);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_a_rejects), cmocka_unit_test(test_b_accept_queue_full),
        cmocka_unit_test(test_b_timeout), cmocka_unit_test(test_db_queue_timeout),
        cmocka_unit_test(test_b_down),    cmocka_unit_test(test_b_hang),
        cmocka_unit_test(test_mq_down),   cmocka_unit_test(test_db_down),
        cmocka_unit_test(test_b_slow),    cmocka_unit_test(test_retries),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
