/* The canonical flash spike end to end, against the figures of the course and of an
 * independent SimPy model of exactly this scenario:
 *  - sync: 220 ms before the spike (A 20 + B 190 + DB 10); in the spike A's 4000
 *    threads are all busy and the orders go through at the database's 6000/s, so by
 *    Little's law a thread is held 4000 / 6000 s = 667 ms; about 4000/s are rejected
 *    for 10 s, less the ~1 s it takes to fill A (SimPy: ~37 000);
 *  - async: 25 ms for everybody (A 20 + send 5); the consumer pulls <= 6000/s, so the
 *    backlog grows at 10 000 - 6000 = 4000/s for 10 s (40 000; Poisson spread
 *    sqrt(100 000) = 316, under 1 %) and drains at 6000 - 1000 = 5000/s: empty again
 *    at 20 + 40 000 / 5000 = 28 s. SimPy: 39 800 at ~20 s, drained at ~28 s, lag p99
 *    ~6.8 s;
 *  - the database never does more than 60 connections / 10 ms = 6000 queries/s. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "test_ord_model_util.h"

static struct ord_config cfg;
static struct ord_run run;

static int setup(void **state)
{
    (void)state;
    util_canonical(&cfg);
    util_run(&run, &cfg);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    ord_run_close(&run);
    ord_config_free(&cfg);
    return 0;
}

static double ms(sim_time t)
{
    return sim_time_to_ms(t);
}

static void assert_near(double got, double want, double tol, const char *what)
{
    if (got < want - tol || got > want + tol)
        fail_msg("%s: %.3f, expected %.3f +- %.3f", what, got, want, tol);
}

static void test_database_cap(void **state)
{
    (void)state;
    for (int i = 0; i < ord_run_result(&run)->nvariants; i++) {
        const struct ord_variant_result *v = &ord_run_result(&run)->v[i];
        for (size_t b = 0; b < sim_series_len(&v->series); b++)
            if (sim_series_get(&v->series, b, ORD_COL_DB_QUERIES) > 6000)
                fail_msg("%s: %lld queries in bucket %zu", v->name,
                         (long long)sim_series_get(&v->series, b, ORD_COL_DB_QUERIES), b);
        struct ord_summary s;
        ord_summarize(v, &cfg, &s);
        assert_true(s.db_qps_max <= 6000.0);
        assert_true(s.db_qps_max >= 5900.0); /* and it is the bottleneck in the spike */
    }
}

static void test_sync(void **state)
{
    (void)state;
    const struct ord_variant_result *v = util_variant(&run, ORD_VARIANT_SYNC);
    assert_int_equal(v->nphases, 3);
    /* before the spike everybody waits A + B + DB = 220 ms (histogram: 0.1 %) */
    assert_near(ms(sim_hist_percentile(&v->phases[0].latency, 50)), 220, 2.2, "sync p50 base");
    assert_near(ms(sim_hist_percentile(&v->phases[0].latency, 99)), 220, 2.2, "sync p99 base");
    /* in the spike: Little's law, 4000 threads / 6000 per s */
    assert_near(ms(sim_hist_percentile(&v->phases[1].latency, 50)), 667, 66.7, "sync p50 spike");
    /* rejected: ~4000/s for ~9 s */
    assert_in_range(v->totals.rejected, 30000, 45000);
    assert_int_equal(v->totals.failed, 0); /* nobody waits 3 s: no timeouts */
    assert_int_equal(v->totals.completed, v->totals.accepted);
    assert_int_equal(v->totals.in_flight, 0);
    assert_int_equal(v->backlog_max, 0);
}

static void test_async(void **state)
{
    (void)state;
    const struct ord_variant_result *v = util_variant(&run, ORD_VARIANT_ASYNC);
    struct ord_summary s;
    ord_summarize(v, &cfg, &s);
    assert_int_equal(s.totals.rejected, 0);
    assert_int_equal(s.totals.failed, 0);
    assert_int_equal(s.totals.completed, s.totals.offered);
    assert_near(ms(s.latency.p50), 25, 0.25, "async p50");
    assert_true(ms(s.latency.p99) <= 30);
    for (int p = 0; p < 2; p++) {
        assert_near(ms(sim_hist_percentile(&v->phases[p].latency, 50)), 25, 0.25,
                    "async p50 in phase");
        assert_true(ms(sim_hist_percentile(&v->phases[p].latency, 99)) <= 30);
    }
    assert_near((double)s.backlog_max, 40000, 2000, "backlog max");
    assert_near(sim_time_to_s(s.backlog_max_at), 20, 0.5, "backlog max at");
    assert_true(s.drained_at != SIM_TIME_NEVER);
    assert_near(sim_time_to_s(s.drained_at), 28, 1, "drained at");
    /* the last of the spike's messages waits ~ 40 000 / 6000 s: lag p99 ~ 6.8 s */
    assert_near(sim_time_to_s(s.lag.p99), 6.8, 0.68, "lag p99");
}

/* The series' buckets add up to the totals, and the backlog gauge shows the peak. */
static void test_series_matches_totals(void **state)
{
    (void)state;
    for (int i = 0; i < ord_run_result(&run)->nvariants; i++) {
        const struct ord_variant_result *v = &ord_run_result(&run)->v[i];
        assert_int_equal(sim_series_len(&v->series), 90);
        assert_int_equal(sim_series_closed(&v->series), 90);
        const struct ord_totals *t = &v->totals;
        assert_int_equal(util_col_sum(v, ORD_COL_OFFERED, 0, SIM_TIME_NEVER), t->offered);
        assert_int_equal(util_col_sum(v, ORD_COL_REJECTED, 0, SIM_TIME_NEVER), t->rejected);
        assert_int_equal(util_col_sum(v, ORD_COL_COMPLETED, 0, SIM_TIME_NEVER), t->completed);
        assert_int_equal(util_col_sum(v, ORD_COL_ANSWERED, 0, SIM_TIME_NEVER), t->answered);
        assert_int_equal(util_col_sum(v, ORD_COL_DB_QUERIES, 0, SIM_TIME_NEVER), t->db_queries);
        int64_t peak = 0;
        uint64_t answered = 0;
        for (size_t b = 0; b < sim_series_len(&v->series); b++) {
            int64_t x = sim_series_get(&v->series, b, ORD_COL_BACKLOG_PEAK);
            peak = x > peak ? x : peak;
            answered += sim_series_hist(&v->series, b, ORD_H_LATENCY).count;
        }
        assert_int_equal(peak, v->backlog_max);
        assert_int_equal(answered, t->answered);
        assert_int_equal(sim_series_get(&v->series, 89, ORD_COL_INFLIGHT), 0);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_database_cap),
        cmocka_unit_test(test_sync),
        cmocka_unit_test(test_async),
        cmocka_unit_test(test_series_matches_totals),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
