/* Tests for sim/hist.h: percentiles against exact order statistics, merge, reset. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "sim/dist.h"
#include "sim/hist.h"
#include "sim/rng.h"

#define N 100000

/* The documented bound: 3 significant digits, every reported value within 0.1 % of
 * the exact order statistic (values below 2048 ns are exact). */
#define REL_ERROR 0.001

static int cmp_time(const void *a, const void *b)
{
    sim_time x = *(const sim_time *)a, y = *(const sim_time *)b;
    return (x > y) - (x < y);
}

/* Percentiles in hundredths of a percent, so the exact rank is integer arithmetic:
 * rank = ceil(q * n / 10000), the (rank)-th smallest (rank 0 means the minimum). */
static const uint64_t quantiles[] = {0,    1,    100,  1000, 2500, 5000,
                                     7500, 9000, 9900, 9990, 9999, 10000};

static void check_against_sorted(struct sim_hist *h, sim_time *v, size_t n)
{
    qsort(v, n, sizeof *v, cmp_time);
    for (size_t i = 0; i < sizeof quantiles / sizeof quantiles[0]; i++) {
        uint64_t q = quantiles[i];
        uint64_t rank = (q * n + 9999) / 10000;
        sim_time exact = v[rank == 0 ? 0 : rank - 1];
        sim_time got = sim_hist_percentile(h, (double)q / 100);
        if (fabs((double)(got - exact)) > REL_ERROR * (double)exact)
            fail_msg("p%.2f: histogram %lld, exact %lld", (double)q / 100, (long long)got,
                     (long long)exact);
    }
    long double sum = 0;
    for (size_t i = 0; i < n; i++)
        sum += v[i];
    assert_int_equal(sim_hist_count(h), n);
    assert_int_equal(sim_hist_min(h), v[0]);
    assert_int_equal(sim_hist_max(h), v[n - 1]);
    assert_int_equal(sim_hist_mean(h), (sim_time)llroundl(sum / n));
}

/* Each distribution: 1e5 samples recorded and kept for sorting. */
static void check_dist(const struct sim_dist *d, uint64_t seed)
{
    struct sim_hist h;
    struct sim_rng r;
    sim_time *v = malloc(N * sizeof *v);
    assert_non_null(v);
    assert_int_equal(sim_hist_init(&h), 0);
    sim_rng_init(&r, seed, 0);
    for (size_t i = 0; i < N; i++) {
        v[i] = sim_dist_sample(d, &r);
        sim_hist_record(&h, v[i]);
    }
    check_against_sorted(&h, v, N);
    sim_hist_close(&h);
    free(v);
}

static void test_percentiles_exp(void **state)
{
    (void)state;
    struct sim_dist d;
    assert_int_equal(sim_dist_exp(&d, 10 * SIM_MS), 0);
    check_dist(&d, 1);
}

static void test_percentiles_lognormal(void **state)
{
    (void)state;
    struct sim_dist d;
    assert_int_equal(sim_dist_lognormal(&d, 200 * SIM_MS, 300 * SIM_MS), 0);
    check_dist(&d, 2);
}

static void test_percentiles_small_uniform(void **state)
{
    (void)state;
    struct sim_dist d; /* 0 .. 5000 ns: straddles the exact 0 .. 2047 range */
    assert_int_equal(sim_dist_uniform(&d, 0, 5000), 0);
    check_dist(&d, 3);
}

/* Log-uniform over the whole range 1 ns .. 1 h: every bucket gets used. */
static void test_percentiles_full_range(void **state)
{
    (void)state;
    struct sim_hist h;
    struct sim_rng r;
    sim_time *v = malloc(N * sizeof *v);
    assert_non_null(v);
    assert_int_equal(sim_hist_init(&h), 0);
    sim_rng_init(&r, 4, 0);
    for (size_t i = 0; i < N; i++) {
        v[i] = (sim_time)exp(sim_rng_unit(&r) * log((double)SIM_HOUR));
        sim_hist_record(&h, v[i]);
    }
    check_against_sorted(&h, v, N);
    sim_hist_close(&h);
    free(v);
}

static void test_constant_and_clamping(void **state)
{
    (void)state;
    struct sim_hist h;
    assert_int_equal(sim_hist_init(&h), 0);
    /* About 270 KB: 33 half-buckets of 1024 counters for 1 ns .. 1 h. */
    assert_int_equal(h.counts_len, 33 * 1024);
    assert_int_equal(sim_hist_percentile(&h, 50), 0);
    assert_int_equal(sim_hist_mean(&h), 0);
    /* A constant reads back exactly although its bucket is 2^17 ns wide. */
    sim_hist_record_n(&h, 123456789, 1000);
    for (double p = 0; p <= 100; p += 12.5)
        assert_int_equal(sim_hist_percentile(&h, p), 123456789);
    assert_int_equal(sim_hist_mean(&h), 123456789);
    sim_hist_reset(&h);
    /* Out of range values are clamped and counted. */
    sim_hist_record(&h, -5);
    sim_hist_record(&h, 2 * SIM_HOUR);
    assert_int_equal(sim_hist_count(&h), 2);
    assert_int_equal(sim_hist_min(&h), 0);
    assert_int_equal(sim_hist_max(&h), SIM_HOUR);
    assert_int_equal(sim_hist_percentile(&h, 100), SIM_HOUR);
    assert_int_equal(sim_hist_percentile(&h, 50), 0);
    sim_hist_close(&h);
}

static void fill(struct sim_hist *h, uint64_t seed, sim_time mean, int n)
{
    struct sim_rng r;
    struct sim_dist d;
    sim_rng_init(&r, seed, 0);
    assert_int_equal(sim_dist_exp(&d, mean), 0);
    for (int i = 0; i < n; i++)
        sim_hist_record(h, sim_dist_sample(&d, &r));
}

static void assert_same(const struct sim_hist *a, const struct sim_hist *b)
{
    assert_int_equal(sim_hist_count(a), sim_hist_count(b));
    assert_int_equal(sim_hist_min(a), sim_hist_min(b));
    assert_int_equal(sim_hist_max(a), sim_hist_max(b));
    assert_int_equal(sim_hist_mean(a), sim_hist_mean(b));
    assert_memory_equal(a->counts, b->counts, (size_t)a->counts_len * sizeof *a->counts);
    for (double p = 0; p <= 100; p += 0.5)
        assert_int_equal(sim_hist_percentile(a, p), sim_hist_percentile(b, p));
}

static void test_merge(void **state)
{
    (void)state;
    struct sim_hist a, b, both, empty;
    assert_int_equal(sim_hist_init(&a), 0);
    assert_int_equal(sim_hist_init(&b), 0);
    assert_int_equal(sim_hist_init(&both), 0);
    assert_int_equal(sim_hist_init(&empty), 0);
    fill(&a, 1, 5 * SIM_MS, 20000);
    fill(&b, 2, 500 * SIM_MS, 30000); /* a different range: widens touched bounds */
    fill(&both, 1, 5 * SIM_MS, 20000);
    fill(&both, 2, 500 * SIM_MS, 30000);
    sim_hist_merge(&a, &b);
    assert_same(&a, &both);
    sim_hist_merge(&a, &empty); /* merging nothing changes nothing */
    assert_same(&a, &both);
    sim_hist_merge(&empty, &both); /* into an empty one: a copy */
    assert_same(&empty, &both);
    sim_hist_close(&a);
    sim_hist_close(&b);
    sim_hist_close(&both);
    sim_hist_close(&empty);
}

static void test_reset_and_record_n(void **state)
{
    (void)state;
    struct sim_hist h, fresh, ones;
    assert_int_equal(sim_hist_init(&h), 0);
    assert_int_equal(sim_hist_init(&fresh), 0);
    assert_int_equal(sim_hist_init(&ones), 0);
    fill(&h, 9, 50 * SIM_MS, 10000);
    sim_hist_reset(&h);
    assert_int_equal(sim_hist_count(&h), 0);
    assert_int_equal(sim_hist_min(&h), 0);
    assert_int_equal(sim_hist_max(&h), 0);
    assert_int_equal(sim_hist_percentile(&h, 99), 0);
    assert_memory_equal(h.counts, fresh.counts, (size_t)h.counts_len * sizeof *h.counts);
    /* After a reset it behaves as new. */
    fill(&h, 10, 3 * SIM_MS, 5000);
    fill(&fresh, 10, 3 * SIM_MS, 5000);
    assert_same(&h, &fresh);
    /* record_n(v, n) is n records of v. */
    sim_hist_reset(&h);
    sim_hist_record_n(&h, 77 * SIM_MS, 5);
    sim_hist_record_n(&h, 3, 2);
    sim_hist_record_n(&h, 9, 0);
    for (int i = 0; i < 5; i++)
        sim_hist_record(&ones, 77 * SIM_MS);
    sim_hist_record(&ones, 3);
    sim_hist_record(&ones, 3);
    assert_same(&h, &ones);
    sim_hist_close(&h);
    sim_hist_close(&fresh);
    sim_hist_close(&ones);
}

/* Every figure of parts read as one equals the figure of their merge. */
static void assert_parts_as_merge(struct sim_hist_parts p, const struct sim_hist *merged)
{
    assert_int_equal(sim_hist_parts_count(p), sim_hist_count(merged));
    assert_int_equal(sim_hist_parts_min(p), sim_hist_min(merged));
    assert_int_equal(sim_hist_parts_max(p), sim_hist_max(merged));
    assert_int_equal(sim_hist_parts_mean(p), sim_hist_mean(merged));
    double ps[203];
    sim_time one_pass[203];
    size_t k = 0;
    ps[k++] = -1;
    for (double q = 0; q <= 100; q += 0.5)
        ps[k++] = q;
    ps[k++] = 99.9; /* out of order: still right */
    assert_int_equal(k, 203);
    sim_hist_parts_percentiles(p, ps, k, one_pass);
    for (size_t i = 0; i < k; i++) {
        assert_int_equal(one_pass[i], sim_hist_percentile(merged, ps[i]));
        assert_int_equal(sim_hist_parts_percentile(p, ps[i]), one_pass[i]);
    }
}

/* A whole run read as its closed part and its open bucket gives the merged figures. */
static void test_parts(void **state)
{
    (void)state;
    struct sim_hist a, b, merged, empty;
    assert_int_equal(sim_hist_init(&a), 0);
    assert_int_equal(sim_hist_init(&b), 0);
    assert_int_equal(sim_hist_init(&merged), 0);
    assert_int_equal(sim_hist_init(&empty), 0);
    struct sim_hist_parts none = {{NULL, NULL}, 0};
    assert_parts_as_merge(none, &empty);
    assert_parts_as_merge((struct sim_hist_parts){{&a, &b}, 2}, &empty);
    fill(&a, 5, 300 * SIM_MS, 20000);
    fill(&merged, 5, 300 * SIM_MS, 20000);
    assert_parts_as_merge(sim_hist_one(&a), &a);
    assert_parts_as_merge((struct sim_hist_parts){{&a, &empty}, 2}, &merged);
    assert_parts_as_merge((struct sim_hist_parts){{&empty, &a}, 2}, &merged);
    /* b below, inside and above a's range: min, max and touched range from both */
    fill(&b, 6, 2 * SIM_MS, 3000);
    fill(&merged, 6, 2 * SIM_MS, 3000);
    sim_hist_record(&b, 40 * SIM_S);
    sim_hist_record(&merged, 40 * SIM_S);
    assert_parts_as_merge((struct sim_hist_parts){{&a, &b}, 2}, &merged);
    assert_parts_as_merge((struct sim_hist_parts){{&b, &a}, 2}, &merged);
    sim_hist_merge(&a, &b);
    assert_same(&a, &merged);
    sim_hist_close(&a);
    sim_hist_close(&b);
    sim_hist_close(&merged);
    sim_hist_close(&empty);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_percentiles_exp),
        cmocka_unit_test(test_percentiles_lognormal),
        cmocka_unit_test(test_percentiles_small_uniform),
        cmocka_unit_test(test_percentiles_full_range),
        cmocka_unit_test(test_constant_and_clamping),
        cmocka_unit_test(test_merge),
        cmocka_unit_test(test_reset_and_record_n),
        cmocka_unit_test(test_parts),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
