/* Tests for sim/dist.h.
 *
 * Sample means and variances are compared with theory within 5 standard errors of
 * the estimator at the sample size: se(mean) = sd / sqrt(n) and, for the sample
 * variance, se(s^2) = sigma^2 sqrt((kappa - 1) / n), kappa being the distribution's
 * kurtosis E[(X - mu)^4] / sigma^4. With fixed seeds the tests are deterministic; a
 * correct sampler would fail a 5-se bound with probability below 1e-6. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <math.h>

#include <cmocka.h>

#include "sim/dist.h"
#include "sim/error.h"

#define N 200000

struct moments {
    double mean, var;
    sim_time min, max;
};

static struct moments sample_moments(const struct sim_dist *d, uint64_t seed)
{
    struct sim_rng r;
    sim_rng_init(&r, seed, 1);
    double sum = 0, sumsq = 0;
    struct moments m = {0, 0, SIM_TIME_NEVER, 0};
    for (int i = 0; i < N; i++) {
        sim_time x = sim_dist_sample(d, &r);
        sum += (double)x;
        sumsq += (double)x * (double)x;
        m.min = x < m.min ? x : m.min;
        m.max = x > m.max ? x : m.max;
    }
    m.mean = sum / N;
    m.var = (sumsq - sum * sum / N) / (N - 1);
    return m;
}

/* Check mean and variance of d against its theory, given its kurtosis. */
static void check_moments(const struct sim_dist *d, double kurtosis, uint64_t seed)
{
    struct moments m = sample_moments(d, seed);
    double mu = sim_dist_mean(d), var = sim_dist_variance(d);
    assert_true(fabs(m.mean - mu) <= 5 * sqrt(var / N));
    assert_true(fabs(m.var - var) <= 5 * var * sqrt((kurtosis - 1) / N));
    assert_true(m.min >= 0);
}

static void test_const(void **state)
{
    (void)state;
    struct sim_dist d;
    struct sim_rng r;
    sim_rng_init(&r, 1, 1);
    assert_int_equal(sim_dist_const(&d, 20 * SIM_MS), 0);
    for (int i = 0; i < 100; i++)
        assert_int_equal(sim_dist_sample(&d, &r), 20 * SIM_MS);
    assert_true(sim_dist_variance(&d) == 0);
    assert_true(sim_dist_mean(&d) == 20 * SIM_MS);
}

static void test_exp(void **state)
{
    (void)state;
    struct sim_dist d;
    assert_int_equal(sim_dist_exp(&d, 10 * SIM_MS), 0);
    assert_true(sim_dist_mean(&d) == 10 * SIM_MS);
    assert_true(sim_dist_variance(&d) == 1e14);
    check_moments(&d, 9, 2); /* exponential: kurtosis 9 */
    /* The shape too: P(X > mean) = 1/e. */
    struct sim_rng r;
    sim_rng_init(&r, 3, 3);
    int above = 0;
    for (int i = 0; i < N; i++)
        above += sim_dist_sample(&d, &r) > 10 * SIM_MS;
    double p = exp(-1);
    assert_true(fabs((double)above / N - p) < 5 * sqrt(p * (1 - p) / N));
}

static void test_uniform(void **state)
{
    (void)state;
    struct sim_dist d;
    assert_int_equal(sim_dist_uniform(&d, 5 * SIM_MS, 15 * SIM_MS), 0);
    assert_true(sim_dist_mean(&d) == 10 * SIM_MS);
    check_moments(&d, 9.0 / 5, 4); /* uniform: kurtosis 9/5 */
    struct moments m = sample_moments(&d, 5);
    assert_true(m.min >= 5 * SIM_MS && m.max <= 15 * SIM_MS);
    /* Both ends of a two-point range come up about half the time each. */
    assert_int_equal(sim_dist_uniform(&d, 0, 1), 0);
    m = sample_moments(&d, 6);
    assert_int_equal(m.min, 0);
    assert_int_equal(m.max, 1);
    assert_true(fabs(m.mean - 0.5) < 5 * sqrt(0.25 / N));
}

static void test_lognormal(void **state)
{
    (void)state;
    struct sim_dist d;
    double cvs[] = {0.25, 0.5, 1.0};
    for (size_t i = 0; i < 3; i++) {
        sim_time mean = 190 * SIM_MS;
        sim_time sd = (sim_time)(cvs[i] * (double)mean);
        assert_int_equal(sim_dist_lognormal(&d, mean, sd), 0);
        assert_true(sim_dist_mean(&d) == (double)mean);
        assert_true(fabs(sim_dist_variance(&d) - (double)sd * (double)sd) < 1);
        /* Lognormal kurtosis: e^{4s2} + 2e^{3s2} + 3e^{2s2} - 3, s2 = sigma^2. */
        double s2 = d.sigma * d.sigma;
        double kurt = exp(4 * s2) + 2 * exp(3 * s2) + 3 * exp(2 * s2) - 3;
        check_moments(&d, kurt, 10 + i);
    }
    /* The median is e^mu: half the samples fall below it. */
    assert_int_equal(sim_dist_lognormal(&d, 100 * SIM_MS, 50 * SIM_MS), 0);
    struct sim_rng r;
    sim_rng_init(&r, 20, 0);
    sim_time median = (sim_time)exp(d.mu);
    int below = 0;
    for (int i = 0; i < N; i++)
        below += sim_dist_sample(&d, &r) < median;
    assert_true(fabs((double)below / N - 0.5) < 5 * sqrt(0.25 / N));
}

static void test_zero_and_never(void **state)
{
    (void)state;
    struct sim_dist d[4];
    struct sim_rng r;
    sim_rng_init(&r, 1, 2);
    assert_int_equal(sim_dist_const(&d[0], 0), 0);
    assert_int_equal(sim_dist_exp(&d[1], 0), 0);
    assert_int_equal(sim_dist_uniform(&d[2], 0, 0), 0);
    assert_int_equal(sim_dist_lognormal(&d[3], 0, 5), 0);
    for (int k = 0; k < 4; k++)
        for (int i = 0; i < 100; i++)
            assert_int_equal(sim_dist_sample(&d[k], &r), 0);
    assert_int_equal(sim_dist_const(&d[0], SIM_TIME_NEVER), 0);
    assert_int_equal(sim_dist_exp(&d[1], SIM_TIME_NEVER), 0);
    assert_int_equal(sim_dist_uniform(&d[2], SIM_MS, SIM_TIME_NEVER), 0);
    assert_int_equal(sim_dist_lognormal(&d[3], SIM_TIME_NEVER, SIM_MS), 0);
    for (int k = 0; k < 4; k++) {
        for (int i = 0; i < 100; i++)
            assert_int_equal(sim_dist_sample(&d[k], &r), SIM_TIME_NEVER);
        assert_true(sim_dist_variance(&d[k]) == 0);
    }
}

static void test_invalid(void **state)
{
    (void)state;
    struct sim_dist d;
    assert_int_equal(sim_dist_const(&d, -1), SIM_EINVAL);
    assert_int_equal(sim_dist_exp(&d, -1), SIM_EINVAL);
    assert_int_equal(sim_dist_uniform(&d, -1, 5), SIM_EINVAL);
    assert_int_equal(sim_dist_uniform(&d, 6, 5), SIM_EINVAL);
    assert_int_equal(sim_dist_lognormal(&d, 5, -1), SIM_EINVAL);
    assert_int_equal(sim_dist_lognormal(&d, -5, 1), SIM_EINVAL);
    assert_string_equal(sim_dist_kind_name(SIM_DIST_CONST), "const");
    assert_string_equal(sim_dist_kind_name(SIM_DIST_EXP), "exp");
    assert_string_equal(sim_dist_kind_name(SIM_DIST_UNIFORM), "uniform");
    assert_string_equal(sim_dist_kind_name(SIM_DIST_LOGNORMAL), "lognormal");
}

static void test_scaled(void **state)
{
    (void)state;
    struct sim_dist d, s;
    /* "B slow x 3": mean and spread triple, the shape is kept. */
    assert_int_equal(sim_dist_exp(&d, 10 * SIM_MS), 0);
    s = sim_dist_scaled(&d, 3);
    assert_int_equal(s.kind, SIM_DIST_EXP);
    assert_true(sim_dist_mean(&s) == 30 * SIM_MS);
    check_moments(&s, 9, 30);
    assert_int_equal(sim_dist_lognormal(&d, 100 * SIM_MS, 40 * SIM_MS), 0);
    s = sim_dist_scaled(&d, 2.5);
    assert_true(sim_dist_mean(&s) == 250 * SIM_MS);
    assert_true(fabs(sqrt(sim_dist_variance(&s)) - 100 * SIM_MS) < 1);
    assert_true(fabs(s.sigma - d.sigma) < 1e-12);
    assert_int_equal(sim_dist_uniform(&d, 10, 20), 0);
    s = sim_dist_scaled(&d, 10);
    assert_int_equal(s.min, 100);
    assert_int_equal(s.max, 200);
    assert_int_equal(sim_dist_const(&d, 7 * SIM_MS), 0);
    s = sim_dist_scaled(&d, 0.5);
    assert_int_equal(s.mean, 3500 * SIM_US);
    /* Factor 0 gives always 0; an unlimited distribution stays unlimited. */
    struct sim_rng r;
    sim_rng_init(&r, 1, 1);
    s = sim_dist_scaled(&d, 0);
    assert_int_equal(sim_dist_sample(&s, &r), 0);
    assert_int_equal(sim_dist_exp(&d, SIM_TIME_NEVER), 0);
    s = sim_dist_scaled(&d, 4);
    assert_int_equal(sim_dist_sample(&s, &r), SIM_TIME_NEVER);
    /* A huge factor saturates instead of overflowing. */
    assert_int_equal(sim_dist_const(&d, SIM_HOUR), 0);
    s = sim_dist_scaled(&d, 1e12);
    assert_int_equal(sim_dist_sample(&s, &r), SIM_TIME_NEVER);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_const),          cmocka_unit_test(test_exp),
        cmocka_unit_test(test_uniform),        cmocka_unit_test(test_lognormal),
        cmocka_unit_test(test_zero_and_never), cmocka_unit_test(test_invalid),
        cmocka_unit_test(test_scaled),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
