/* A retry storm is metastable. The numbers of scenarios/retry-storm.yaml, built in C
 * (sync only): 4800 orders/s (80 % of the database's 6000/s), A 20 x 1000 threads,
 * B's call timeout 1 s, 3 retries after 50 ms doubling up to 400 ms; at 20 s the
 * database is 3x slower for 5 s.
 *
 * In the trigger the database takes 2000/s: B's threads and accept queue fill, calls
 * wait past A's 1 s and are retried while B still works on the abandoned ones. Once
 * the accept queue holds more than 1 s of work (6000 calls) every call times out,
 * so up to 4 x 4800 = 19 200 calls/s arrive for 6000/s of capacity: the queue stays
 * full of dead calls and goodput stays near 0 long after the trigger, with the
 * database busy at 6000/s on wasted work. Without the trigger the same load runs
 * fine; with the trigger but no retries the queue drains (at 6000 - 4800 = 1200/s)
 * and goodput comes back. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "test_ord_model_util.h"

#define RATE 4800

static void storm(struct ord_config *c, bool trigger, uint32_t retries)
{
    util_steady(c, RATE, 60 * SIM_S, 2 * SIM_S);
    c->variants[0] = ORD_VARIANT_SYNC;
    c->nvariants = 1;
    c->a.threads = 1000;
    c->b.timeout = 1 * SIM_S;
    c->b.retries = retries;
    c->b.backoff = 50 * SIM_MS;
    c->b.backoff_max = 400 * SIM_MS;
    if (trigger)
        util_fault(c, (struct ord_fault){.at = 20 * SIM_S,
                                         .length = 5 * SIM_S,
                                         .target = ORD_TARGET_DB,
                                         .kind = ORD_FAULT_SLOW,
                                         .factor = 3});
}

/* Smallest and largest goodput (answered per bucket) over buckets [from, to). */
static void goodput(const struct ord_variant_result *v, size_t from, size_t to, int64_t *lo,
                    int64_t *hi)
{
    *lo = INT64_MAX;
    *hi = 0;
    for (size_t b = from; b < to; b++) {
        int64_t x = sim_series_get(&v->series, b, ORD_COL_ANSWERED);
        *lo = x < *lo ? x : *lo;
        *hi = x > *hi ? x : *hi;
    }
}

static void test_storm_stays_down(void **state)
{
    (void)state;
    struct ord_config c;
    storm(&c, true, 3);
    struct ord_run r;
    util_run(&r, &c);
    const struct ord_variant_result *v = util_variant(&r, ORD_VARIANT_SYNC);
    int64_t lo, hi;
    goodput(v, 2, 20, &lo, &hi);
    assert_true(lo > RATE * 0.9); /* before: fine */
    goodput(v, 30, 60, &lo, &hi);
    if (hi > RATE / 20) /* after: collapsed, 35 s after the database recovered */
        fail_msg("goodput came back to %lld/s after the trigger", (long long)hi);
    for (size_t b = 30; b < 60; b++) /* while the database works at full speed */
        assert_true(sim_series_get(&v->series, b, ORD_COL_DB_QUERIES) >= 5900);
    assert_true(v->totals.failed > v->totals.completed);
    ord_run_close(&r);
    ord_config_free(&c);
}

static void test_no_trigger_no_storm(void **state)
{
    (void)state;
    struct ord_config c;
    storm(&c, false, 3);
    struct ord_run r;
    util_run(&r, &c);
    const struct ord_variant_result *v = util_variant(&r, ORD_VARIANT_SYNC);
    int64_t lo, hi;
    goodput(v, 2, 60, &lo, &hi);
    assert_true(lo > RATE * 0.9);
    assert_int_equal(v->totals.failed, 0);
    ord_run_close(&r);
    ord_config_free(&c);
}

static void test_no_retries_recovers(void **state)
{
    (void)state;
    struct ord_config c;
    storm(&c, true, 0);
    struct ord_run r;
    util_run(&r, &c);
    const struct ord_variant_result *v = util_variant(&r, ORD_VARIANT_SYNC);
    int64_t lo, hi;
    goodput(v, 50, 60, &lo, &hi);
    assert_true(lo > RATE * 0.9);
    ord_run_close(&r);
    ord_config_free(&c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_storm_stays_down),
        cmocka_unit_test(test_no_trigger_no_storm),
        cmocka_unit_test(test_no_retries_recovers),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
