/* Tests for orders/experiment: parallel replications are deterministic, and the 95 %
 * confidence half-width shrinks as 1/sqrt(N). */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "orders/experiment.h"
#include "sim/error.h"
#include "sim/rng.h"
#include "sim/stats.h"

/* A short noisy scenario: exponential A service makes every replication's mean
 * latency differ. */
static void small_config(struct ord_config *c)
{
    assert_int_equal(ord_config_default(c), 0);
    c->duration = 3 * SIM_S;
    c->drain = 1 * SIM_S;
    assert_int_equal(sim_dist_exp(&c->a.service, 20 * SIM_MS), 0);
    c->load.phases[0].rate_per_s = 500;
}

static struct ord_job *make_jobs(const struct ord_config *base, int n)
{
    struct ord_job *jobs = calloc((size_t)n, sizeof *jobs);
    assert_non_null(jobs);
    for (int i = 0; i < n; i++) {
        assert_int_equal(ord_config_copy(&jobs[i].cfg, base), 0);
        jobs[i].cfg.seed = sim_rng_derive_seed(base->seed, (uint64_t)i);
    }
    return jobs;
}

static void free_jobs(struct ord_job *jobs, int n)
{
    for (int i = 0; i < n; i++)
        ord_config_free(&jobs[i].cfg);
    free(jobs);
}

static double ci_of(const struct ord_job *jobs, int n, int fig)
{
    double x[n];
    for (int i = 0; i < n; i++)
        x[i] = ord_figures[fig].get(&jobs[i].sum[0]);
    struct sim_stat st;
    sim_stat_compute(x, n, &st);
    return st.ci95;
}

static void threads_do_not_change_results(void **state)
{
    (void)state;
    struct ord_config base;
    small_config(&base);
    struct ord_job *a = make_jobs(&base, 6), *b = make_jobs(&base, 6);
    assert_int_equal(ord_experiment_run(a, 6, 1, NULL, NULL, NULL), 0);
    assert_int_equal(ord_experiment_run(b, 6, 3, NULL, NULL, NULL), 0);
    for (int i = 0; i < 6; i++) {
        assert_int_equal(a[i].nvariants, 2);
        assert_memory_equal(&a[i].sum[0].latency, &b[i].sum[0].latency,
                            sizeof a[i].sum[0].latency);
        assert_memory_equal(&a[i].sum[1].totals, &b[i].sum[1].totals, sizeof a[i].sum[1].totals);
    }
    /* different seeds give different replications */
    assert_true(a[0].sum[0].latency.mean != a[1].sum[0].latency.mean);
    free_jobs(a, 6);
    free_jobs(b, 6);
    ord_config_free(&base);
}

/* Half-width = t(n-1) s / sqrt(n): from n = 8 to n = 32 it shrinks by
 * t(7)/t(31) * 2 = 2.3646/2.0395 * 2 = 2.32 on average. The sample sd of 8 draws has
 * a relative sd of about 1/sqrt(2*7) = 27 %, of 32 draws 13 %, so the ratio lies in
 * [1.4, 3.8] with far more than 99 % probability; the seeds are fixed, so the test is
 * deterministic. */
static void ci_shrinks_as_one_over_sqrt_n(void **state)
{
    (void)state;
    struct ord_config base;
    small_config(&base);
    int fig = ord_figure_find("latency_mean_ms");
    assert_true(fig >= 0);
    struct ord_job *jobs = make_jobs(&base, 32);
    assert_int_equal(ord_experiment_run(jobs, 32, 2, NULL, NULL, NULL), 0);
    double ci8 = ci_of(jobs, 8, fig), ci32 = ci_of(jobs, 32, fig);
    assert_true(ci8 > 0 && ci32 > 0);
    double ratio = ci8 / ci32;
    print_message("ci95 n=8 %.4f ms, n=32 %.4f ms, ratio %.2f (theory 2.32)\n", ci8, ci32, ratio);
    assert_true(ratio > 1.4 && ratio < 3.8);
    free_jobs(jobs, 32);
    ord_config_free(&base);
}

static void cancel_stops_early(void **state)
{
    (void)state;
    struct ord_config base;
    small_config(&base);
    struct ord_job *jobs = make_jobs(&base, 4);
    volatile sig_atomic_t cancel = 1;
    assert_int_equal(ord_experiment_run(jobs, 4, 2, &cancel, NULL, NULL), SIM_EINTR);
    for (int i = 0; i < 4; i++)
        assert_int_equal(jobs[i].status, SIM_EINTR);
    free_jobs(jobs, 4);
    ord_config_free(&base);
}

static void figures_table(void **state)
{
    (void)state;
    for (int i = 0; i < ord_nfigures; i++) {
        assert_int_equal(ord_figure_find(ord_figures[i].name), i);
        assert_non_null(ord_figures[i].get);
    }
    assert_int_equal(ord_figure_find("nope"), -1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(threads_do_not_change_results),
        cmocka_unit_test(ci_shrinks_as_one_over_sqrt_n),
        cmocka_unit_test(cancel_stops_early),
        cmocka_unit_test(figures_table),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
