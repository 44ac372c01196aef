/* Tests for sim/stats: Student t quantiles and confidence half-widths. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "sim/rng.h"
#include "sim/stats.h"

static void t_quantiles(void **state)
{
    (void)state;
    /* Table values and the large-df expansion against published quantiles. */
    assert_true(fabs(sim_t975(1) - 12.7062) < 1e-4);
    assert_true(fabs(sim_t975(9) - 2.2622) < 1e-4);
    assert_true(fabs(sim_t975(30) - 2.0423) < 1e-4);
    assert_true(fabs(sim_t975(40) - 2.0211) < 2e-4);
    assert_true(fabs(sim_t975(120) - 1.9799) < 2e-4);
    assert_true(fabs(sim_t975(100000) - 1.95998) < 1e-4);
    for (int df = 1; df < 200; df++)
        assert_true(sim_t975(df + 1) < sim_t975(df)); /* decreasing towards z */
}

static void known_sample(void **state)
{
    (void)state;
    const double x[] = {2, 4, 4, 4, 5, 5, 7, 9};
    struct sim_stat st;
    sim_stat_compute(x, 8, &st);
    assert_int_equal(st.n, 8);
    assert_true(fabs(st.mean - 5.0) < 1e-12);
    assert_true(fabs(st.sd - sqrt(32.0 / 7.0)) < 1e-12);
    assert_true(fabs(st.ci95 - 2.3646 * sqrt(32.0 / 7.0) / sqrt(8.0)) < 1e-9);
    assert_true(st.min == 2 && st.max == 9);
    sim_stat_compute(x, 1, &st);
    assert_true(st.ci95 == 0 && st.mean == 2);
}

/* Coverage: for normal samples of size 10, the 95 % interval holds the true mean in
 * 95 % of 4000 trials; binomial sd is sqrt(.95*.05/4000) = 0.34 %, so 4 sd = 1.4 %. */
static void coverage(void **state)
{
    (void)state;
    struct sim_rng r;
    sim_rng_init(&r, 11, 1);
    int hits = 0, trials = 4000;
    for (int t = 0; t < trials; t++) {
        double x[10];
        for (int i = 0; i < 10; i++)
            x[i] = 3.0 + 2.0 * sim_rng_normal(&r);
        struct sim_stat st;
        sim_stat_compute(x, 10, &st);
        hits += fabs(st.mean - 3.0) <= st.ci95;
    }
    double cover = (double)hits / trials;
    assert_true(fabs(cover - 0.95) < 0.014);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(t_quantiles),
        cmocka_unit_test(known_sample),
        cmocka_unit_test(coverage),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
