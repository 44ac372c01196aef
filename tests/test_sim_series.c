/* Tests for sim/series.h: bucket edges, carried levels, histogram summaries. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <math.h>

#include <cmocka.h>

#include "sim/error.h"
#include "sim/series.h"

enum { COL_DONE, COL_BACKLOG, COL_BUSY_PEAK, NCOLS };
static const enum sim_col_kind kinds[NCOLS] = {SIM_COL_COUNT, SIM_COL_GAUGE, SIM_COL_PEAK};

static void test_init(void **state)
{
    (void)state;
    struct sim_series s;
    assert_int_equal(sim_series_init(&s, 0, NCOLS, kinds, 1), SIM_EINVAL);
    assert_int_equal(sim_series_init(&s, -SIM_S, NCOLS, kinds, 1), SIM_EINVAL);
    assert_int_equal(sim_series_init(&s, SIM_S, NCOLS, kinds, 1), 0);
    assert_int_equal(sim_series_len(&s), 1); /* bucket 0 open from the start */
    assert_int_equal(sim_series_closed(&s), 0);
    assert_int_equal(sim_series_get(&s, 0, COL_DONE), 0);
    assert_int_equal(sim_series_start(&s, 3), 3 * SIM_S);
    sim_series_close(&s);
    /* No columns, no histograms: still a valid (if dull) series. */
    assert_int_equal(sim_series_init(&s, SIM_MS, 0, NULL, 0), 0);
    assert_int_equal(sim_series_close_until(&s, 10 * SIM_MS), 0);
    assert_int_equal(sim_series_closed(&s), 10);
    sim_series_close(&s);
}

static void test_edges(void **state)
{
    (void)state;
    struct sim_series s;
    assert_int_equal(sim_series_init(&s, SIM_S, NCOLS, kinds, 0), 0);
    assert_int_equal(sim_series_add(&s, 0, COL_DONE, 1), 0);
    assert_int_equal(sim_series_add(&s, SIM_S - 1, COL_DONE, 2), 0); /* last ns of 0 */
    assert_int_equal(sim_series_len(&s), 1);
    assert_int_equal(sim_series_add(&s, SIM_S, COL_DONE, 4), 0); /* on the edge: bucket 1 */
    assert_int_equal(sim_series_len(&s), 2);
    assert_int_equal(sim_series_closed(&s), 1);
    assert_int_equal(sim_series_get(&s, 0, COL_DONE), 3);
    assert_int_equal(sim_series_get(&s, 1, COL_DONE), 4); /* open bucket: so far */
    assert_int_equal(sim_series_add(&s, 2 * SIM_S - 1, COL_DONE, 8), 0);
    assert_int_equal(sim_series_get(&s, 1, COL_DONE), 12);
    sim_series_close(&s);
}

static void test_levels_carried(void **state)
{
    (void)state;
    struct sim_series s;
    assert_int_equal(sim_series_init(&s, SIM_S, NCOLS, kinds, 0), 0);
    sim_series_level(&s, SIM_S / 4, COL_BACKLOG, 10);
    sim_series_level(&s, SIM_S / 2, COL_BACKLOG, 7); /* the value at the end counts */
    sim_series_level(&s, SIM_S / 4, COL_BUSY_PEAK, 9);
    sim_series_level(&s, SIM_S / 2, COL_BUSY_PEAK, 4); /* the peak stays 9 */
    sim_series_add(&s, SIM_S / 2, COL_DONE, 5);
    /* Jump to bucket 4: buckets 1..3 are empty but exist. */
    sim_series_add(&s, 4 * SIM_S + 1, COL_DONE, 1);
    assert_int_equal(sim_series_len(&s), 5);
    assert_int_equal(sim_series_closed(&s), 4);
    assert_int_equal(sim_series_get(&s, 0, COL_BACKLOG), 7);
    assert_int_equal(sim_series_get(&s, 0, COL_BUSY_PEAK), 9);
    assert_int_equal(sim_series_get(&s, 0, COL_DONE), 5);
    for (size_t b = 1; b <= 3; b++) {
        assert_int_equal(sim_series_get(&s, b, COL_DONE), 0);
        assert_int_equal(sim_series_get(&s, b, COL_BACKLOG), 7);   /* carried */
        assert_int_equal(sim_series_get(&s, b, COL_BUSY_PEAK), 4); /* the level, not 9 */
    }
    /* A peak in bucket 4 starts from the carried level and rises. */
    sim_series_level(&s, 4 * SIM_S + 2, COL_BUSY_PEAK, 2);
    assert_int_equal(sim_series_get(&s, 4, COL_BUSY_PEAK), 4);
    sim_series_level(&s, 4 * SIM_S + 3, COL_BUSY_PEAK, 12);
    sim_series_level(&s, 4 * SIM_S + 4, COL_BUSY_PEAK, 1);
    assert_int_equal(sim_series_get(&s, 4, COL_BUSY_PEAK), 12);
    sim_series_add(&s, 5 * SIM_S, COL_DONE, 1);
    assert_int_equal(sim_series_get(&s, 5, COL_BUSY_PEAK), 1);
    sim_series_close(&s);
}

static void test_histogram_summaries(void **state)
{
    (void)state;
    struct sim_series s;
    assert_int_equal(sim_series_init(&s, SIM_S, NCOLS, kinds, 2), 0);
    /* Bucket 0, histogram 0: 1 .. 1000 ms. p50 is the 500th value, p99 the 990th,
     * each within the histogram's 0.1 % bound. */
    for (sim_time v = 1; v <= 1000; v++)
        sim_series_record(&s, v * SIM_MS / 2, 0, v * SIM_MS);
    struct sim_hist_summary open = sim_series_hist(&s, 0, 0);
    assert_int_equal(open.count, 1000);
    sim_series_record(&s, 2 * SIM_S + 5, 1, 42 * SIM_US); /* bucket 2, histogram 1 */
    struct sim_hist_summary h0 = sim_series_hist(&s, 0, 0);
    assert_int_equal(h0.count, 1000);
    assert_true(fabs((double)(h0.p50 - 500 * SIM_MS)) <= 0.001 * 500 * SIM_MS);
    assert_true(fabs((double)(h0.p99 - 990 * SIM_MS)) <= 0.001 * 990 * SIM_MS);
    assert_int_equal(h0.max, 1000 * SIM_MS);
    struct sim_hist_summary h1 = sim_series_hist(&s, 0, 1);
    assert_int_equal(h1.count, 0);
    assert_int_equal(h1.p50, 0);
    assert_int_equal(h1.max, 0);
    /* The empty bucket 1 and the reset histogram: nothing left over from bucket 0. */
    assert_int_equal(sim_series_hist(&s, 1, 0).count, 0);
    assert_int_equal(sim_series_hist(&s, 2, 0).count, 0);
    struct sim_hist_summary h21 = sim_series_hist(&s, 2, 1); /* the open bucket */
    assert_int_equal(h21.count, 1);
    assert_int_equal(h21.p50, 42 * SIM_US);
    assert_int_equal(h21.p99, 42 * SIM_US);
    sim_series_close(&s);
}

static void test_close_until_and_finish(void **state)
{
    (void)state;
    struct sim_series s;
    /* A run of exactly 5 s: five buckets, no sixth empty one. */
    assert_int_equal(sim_series_init(&s, SIM_S, NCOLS, kinds, 1), 0);
    sim_series_level(&s, 0, COL_BACKLOG, 3);
    sim_series_record(&s, 4 * SIM_S + 10, 0, SIM_MS);
    assert_int_equal(sim_series_close_until(&s, 5 * SIM_S), 0);
    assert_int_equal(sim_series_closed(&s), 5);
    assert_int_equal(sim_series_len(&s), 5);
    assert_int_equal(sim_series_hist(&s, 4, 0).count, 1);
    assert_int_equal(sim_series_finish(&s), 0);
    assert_int_equal(sim_series_len(&s), 5);
    sim_series_close(&s);
    /* A run of 5.5 s: the last partial bucket exists and is closed by finish(). */
    assert_int_equal(sim_series_init(&s, SIM_S, NCOLS, kinds, 1), 0);
    sim_series_level(&s, 0, COL_BACKLOG, 3);
    assert_int_equal(sim_series_close_until(&s, 5 * SIM_S + SIM_S / 2), 0);
    assert_int_equal(sim_series_closed(&s), 5);
    assert_int_equal(sim_series_len(&s), 6);
    assert_int_equal(sim_series_finish(&s), 0);
    assert_int_equal(sim_series_closed(&s), 6);
    assert_int_equal(sim_series_len(&s), 6);
    assert_int_equal(sim_series_get(&s, 5, COL_BACKLOG), 3);
    assert_int_equal(sim_series_get(&s, 6, COL_BACKLOG), 0); /* out of range */
    sim_series_close(&s);
}

static void test_memory_follows_time_only(void **state)
{
    (void)state;
    struct sim_series s;
    assert_int_equal(sim_series_init(&s, SIM_S, NCOLS, kinds, 1), 0);
    size_t cap = s.cap;
    /* 1e5 records within 10 buckets: the bucket store does not grow. */
    for (int i = 0; i < 100000; i++) {
        sim_time t = (sim_time)i * 100 * SIM_US;
        assert_int_equal(sim_series_add(&s, t, COL_DONE, 1), 0);
        assert_int_equal(sim_series_record(&s, t, 0, (sim_time)i), 0);
    }
    assert_int_equal(sim_series_len(&s), 10);
    assert_int_equal(s.cap, cap);
    for (size_t b = 0; b < 9; b++) {
        assert_int_equal(sim_series_get(&s, b, COL_DONE), 10000);
        assert_int_equal(sim_series_hist(&s, b, 0).count, 10000);
    }
    /* Many buckets: grows, keeping the old ones. */
    assert_int_equal(sim_series_add(&s, 1000 * SIM_S, COL_DONE, 1), 0);
    assert_int_equal(sim_series_len(&s), 1001);
    assert_int_equal(sim_series_get(&s, 5, COL_DONE), 10000);
    assert_int_equal(sim_series_get(&s, 1000, COL_DONE), 1);
    /* A record for an already closed bucket counts in the current one. */
    assert_int_equal(sim_series_add(&s, 3 * SIM_S, COL_DONE, 1), 0);
    assert_int_equal(sim_series_get(&s, 3, COL_DONE), 10000);
    assert_int_equal(sim_series_get(&s, 1000, COL_DONE), 2);
    sim_series_close(&s);
}

/* The whole run's histogram, read at any time (closed buckets plus the open one),
 * is the histogram of every value recorded, although each is recorded once. */
static void assert_whole(const struct sim_series *s, int h, const struct sim_hist *all)
{
    struct sim_hist_parts w = sim_series_whole(s, h);
    assert_int_equal(sim_hist_parts_count(w), sim_hist_count(all));
    assert_int_equal(sim_hist_parts_min(w), sim_hist_min(all));
    assert_int_equal(sim_hist_parts_max(w), sim_hist_max(all));
    assert_int_equal(sim_hist_parts_mean(w), sim_hist_mean(all));
    for (double p = 0; p <= 100; p += 2.5)
        assert_int_equal(sim_hist_parts_percentile(w, p), sim_hist_percentile(all, p));
}

static void test_whole_run(void **state)
{
    (void)state;
    struct sim_series s;
    struct sim_hist all;
    assert_int_equal(sim_series_init(&s, SIM_S, NCOLS, kinds, 2), 0);
    assert_int_equal(sim_hist_init(&all), 0);
    assert_int_equal(sim_series_whole(&s, 2).n, 0); /* out of range: nothing */
    assert_int_equal(sim_series_whole(&s, -1).n, 0);
    assert_whole(&s, 0, &all);
    uint64_t x = 88172645463325252u; /* xorshift: values over five decades */
    for (int i = 0; i < 20000; i++) {
        x ^= x << 13, x ^= x >> 7, x ^= x << 17;
        sim_time t = (sim_time)i * 350 * SIM_US, v = (sim_time)(x % 5000000000u) + 1;
        assert_int_equal(sim_series_record(&s, t, 0, v), 0);
        sim_hist_record(&all, v);
        if (i % 997 == 0) /* closed buckets plus part of the open one */
            assert_whole(&s, 0, &all);
    }
    assert_whole(&s, 0, &all);
    /* a record stamped in a closed bucket counts in the open one, and in the whole */
    assert_int_equal(sim_series_record(&s, SIM_S, 0, 7), 0);
    sim_hist_record(&all, 7);
    assert_whole(&s, 0, &all);
    assert_int_equal(sim_series_close_until(&s, 9 * SIM_S), 0);
    assert_whole(&s, 0, &all);
    assert_int_equal(sim_series_finish(&s), 0);
    assert_int_equal(sim_series_whole(&s, 0).n, 1); /* all merged: no open bucket */
    assert_whole(&s, 0, &all);
    sim_hist_reset(&all);
    assert_whole(&s, 1, &all); /* nothing recorded into histogram 1 */
    sim_hist_close(&all);
    sim_series_close(&s);
}

/* The open bucket's end as a cached bound: with buckets so long that the end would
 * pass the largest time, every later time still lands in the right bucket. */
static void test_huge_interval(void **state)
{
    (void)state;
    struct sim_series s;
    sim_time half = INT64_MAX / 2 + 1;
    assert_int_equal(sim_series_init(&s, half, NCOLS, kinds, 1), 0);
    assert_int_equal(sim_series_add(&s, half - 1, COL_DONE, 1), 0);
    assert_int_equal(sim_series_len(&s), 1);
    assert_int_equal(sim_series_add(&s, half, COL_DONE, 2), 0); /* bucket 1 ends past max */
    assert_int_equal(sim_series_add(&s, INT64_MAX, COL_DONE, 4), 0);
    assert_int_equal(sim_series_len(&s), 2);
    assert_int_equal(sim_series_get(&s, 0, COL_DONE), 1);
    assert_int_equal(sim_series_get(&s, 1, COL_DONE), 6);
    sim_series_close(&s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_init),
        cmocka_unit_test(test_edges),
        cmocka_unit_test(test_levels_carried),
        cmocka_unit_test(test_histogram_summaries),
        cmocka_unit_test(test_close_until_and_finish),
        cmocka_unit_test(test_memory_follows_time_only),
        cmocka_unit_test(test_whole_run),
        cmocka_unit_test(test_huge_interval),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
