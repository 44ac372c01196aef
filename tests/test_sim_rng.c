/* Tests for sim/rng.h.
 *
 * Statistical checks use fixed seeds (so they are deterministic) and tolerances of
 * 5 standard errors of the statistic for the sample size: a correct generator fails
 * such a bound with probability below 1e-6, while the defects they guard against
 * (a biased below(), correlated streams, a broken seeding) move the statistic by far
 * more than that at n = 1e5. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <math.h>

#include <cmocka.h>

#include "sim/rng.h"

#define N 100000

static void test_reference_vectors(void **state)
{
    (void)state;
    /* xoshiro256** from the state {1, 2, 3, 4}: the reference implementation's
     * first outputs (prng.di.unimi.it/xoshiro256starstar.c). */
    struct sim_rng r = {{1, 2, 3, 4}};
    assert_int_equal(sim_rng_u64(&r), 11520u);
    assert_int_equal(sim_rng_u64(&r), 0u);
    assert_int_equal(sim_rng_u64(&r), 1509978240u);
    assert_int_equal(sim_rng_u64(&r), 1215971899390074240u);
    /* FNV-1a 64 test vectors (Fowler/Noll/Vo). */
    assert_int_equal(sim_rng_stream_id(""), 0xcbf29ce484222325u);
    assert_int_equal(sim_rng_stream_id("a"), 0xaf63dc4c8601ec8cu);
    assert_int_equal(sim_rng_stream_id("foobar"), 0x85944171f73967e8u);
    /* The seeding scheme of rng.c, computed by an independent implementation, so a
     * change that would silently reshuffle every saved run is caught. */
    sim_rng_init(&r, 12345, 67);
    assert_int_equal(sim_rng_u64(&r), 0x5d8d81330e136c91u);
    assert_int_equal(sim_rng_u64(&r), 0x5c1c266029103851u);
}

static void test_reproducible(void **state)
{
    (void)state;
    struct sim_rng a, b, c, d;
    sim_rng_init(&a, 2024, sim_rng_stream_id("arrivals"));
    sim_rng_init(&b, 2024, sim_rng_stream_id("arrivals"));
    sim_rng_init(&c, 2025, sim_rng_stream_id("arrivals"));
    sim_rng_init(&d, 2024, sim_rng_stream_id("arrivalz"));
    int same_c = 0, same_d = 0;
    for (int i = 0; i < 1000; i++) {
        uint64_t x = sim_rng_u64(&a);
        assert_int_equal(x, sim_rng_u64(&b));
        same_c += x == sim_rng_u64(&c);
        same_d += x == sim_rng_u64(&d);
    }
    assert_int_equal(same_c, 0);
    assert_int_equal(same_d, 0);
    assert_int_equal(sim_rng_derive_seed(77, 0), 77);
    assert_int_not_equal(sim_rng_derive_seed(77, 1), sim_rng_derive_seed(77, 2));
    assert_int_not_equal(sim_rng_derive_seed(77, 1), 77);
    assert_int_not_equal(sim_rng_derive_seed(77, 1), sim_rng_derive_seed(78, 1));
}

/* Pearson correlation of n pairs of unit draws from two streams. For independent
 * streams it is approximately N(0, 1/n): |r| < 4/sqrt(n) fails with p < 1e-4. The
 * lag-1 correlation of one stream is checked the same way. */
static double correlation(struct sim_rng *x, struct sim_rng *y)
{
    double sx = 0, sy = 0, sxx = 0, syy = 0, sxy = 0;
    for (int i = 0; i < N; i++) {
        double a = sim_rng_unit(x), b = sim_rng_unit(y);
        sx += a;
        sy += b;
        sxx += a * a;
        syy += b * b;
        sxy += a * b;
    }
    double cov = sxy / N - (sx / N) * (sy / N);
    double vx = sxx / N - (sx / N) * (sx / N), vy = syy / N - (sy / N) * (sy / N);
    return cov / sqrt(vx * vy);
}

static void test_independent_streams(void **state)
{
    (void)state;
    double bound = 4 / sqrt(N);
    struct sim_rng a, b;
    /* Adjacent stream ids, adjacent seeds, and derived replication seeds: the cases a
     * weak seeding would correlate. */
    uint64_t pairs[][4] = {
        {1, 0, 1, 1},
        {1, 5, 2, 5},
        {sim_rng_derive_seed(9, 1), 3, sim_rng_derive_seed(9, 2), 3},
        {42, sim_rng_stream_id("a.service"), 42, sim_rng_stream_id("b.service")},
    };
    for (size_t i = 0; i < sizeof pairs / sizeof pairs[0]; i++) {
        sim_rng_init(&a, pairs[i][0], pairs[i][1]);
        sim_rng_init(&b, pairs[i][2], pairs[i][3]);
        double rho = correlation(&a, &b);
        assert_true(fabs(rho) < bound);
    }
    sim_rng_init(&a, 1, 1);
    b = a;
    (void)sim_rng_u64(&b); /* lag 1 */
    assert_true(fabs(correlation(&a, &b)) < bound);
}

static void test_uniform(void **state)
{
    (void)state;
    enum { BINS = 100 };
    unsigned long bins[BINS] = {0};
    struct sim_rng r;
    sim_rng_init(&r, 7, 7);
    double sum = 0, sumsq = 0;
    for (int i = 0; i < N; i++) {
        double u = sim_rng_unit(&r);
        assert_true(u >= 0 && u < 1);
        double v = sim_rng_open01(&r);
        assert_true(v > 0 && v < 1);
        bins[(int)(u * BINS)]++;
        sum += u;
        sumsq += (u - 0.5) * (u - 0.5);
    }
    /* Chi-square with 99 degrees of freedom: mean 99, sd sqrt(198) = 14.1; the
     * bound is mean + 5 sd. */
    double expect = (double)N / BINS, chi2 = 0;
    for (int i = 0; i < BINS; i++)
        chi2 += ((double)bins[i] - expect) * ((double)bins[i] - expect) / expect;
    assert_true(chi2 < 99 + 5 * sqrt(198));
    /* Mean 1/2 with se sqrt(1/12 / n); variance 1/12 with se sqrt(1/180 / n)
     * (Var[(U - 1/2)^2] = 1/80 - 1/144 = 1/180). */
    assert_true(fabs(sum / N - 0.5) < 5 * sqrt(1.0 / 12 / N));
    assert_true(fabs(sumsq / N - 1.0 / 12) < 5 * sqrt(1.0 / 180 / N));
}

static void test_below(void **state)
{
    (void)state;
    struct sim_rng r;
    sim_rng_init(&r, 11, 0);
    assert_int_equal(sim_rng_below(&r, 0), 0);
    assert_int_equal(sim_rng_below(&r, 1), 0);
    /* Small n: chi-square over 6 faces (5 df: mean 5, sd sqrt(10)). */
    unsigned long faces[6] = {0};
    for (int i = 0; i < N; i++) {
        uint64_t x = sim_rng_below(&r, 6);
        assert_true(x < 6);
        faces[x]++;
    }
    double chi2 = 0, expect = N / 6.0;
    for (int i = 0; i < 6; i++)
        chi2 += ((double)faces[i] - expect) * ((double)faces[i] - expect) / expect;
    assert_true(chi2 < 5 + 5 * sqrt(10));
    /* Large n = ceil(2^65 / 3): with a plain x % n the values below 2^64 - n (about
     * n/2) would come twice as often, so P(x < n/2) would be 2/3, not 1/2. */
    uint64_t n = UINT64_MAX / 3 * 2 + 1;
    unsigned long low = 0;
    for (int i = 0; i < N; i++) {
        uint64_t x = sim_rng_below(&r, n);
        assert_true(x < n);
        low += x < n / 2;
    }
    assert_true(fabs((double)low / N - 0.5) < 5 * sqrt(0.25 / N));
}

static void test_normal(void **state)
{
    (void)state;
    struct sim_rng r;
    sim_rng_init(&r, 13, 0);
    double sum = 0, sumsq = 0;
    int beyond2 = 0;
    for (int i = 0; i < N; i++) {
        double z = sim_rng_normal(&r);
        sum += z;
        sumsq += z * z;
        beyond2 += fabs(z) > 2;
    }
    /* Mean 0 (se 1/sqrt(n)), second moment 1 (se sqrt(2/n)); P(|Z| > 2) = 0.0455
     * (se sqrt(p(1-p)/n)), which a wrong shape would miss. */
    assert_true(fabs(sum / N) < 5 / sqrt(N));
    assert_true(fabs(sumsq / N - 1) < 5 * sqrt(2.0 / N));
    double p = 0.0455003;
    assert_true(fabs((double)beyond2 / N - p) < 5 * sqrt(p * (1 - p) / N));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_reference_vectors),
        cmocka_unit_test(test_reproducible),
        cmocka_unit_test(test_independent_streams),
        cmocka_unit_test(test_uniform),
        cmocka_unit_test(test_below),
        cmocka_unit_test(test_normal),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
