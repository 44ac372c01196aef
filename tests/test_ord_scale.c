/* Tests for ord_config_scale (`--scale F`): counts and rates scale, times stay, and a
 * scaled run has the scaled throughput with the same latencies. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "orders/model.h"
#include "orders/scenario/scenario.h"
#include "sim/error.h"

static void test_scales_counts_keeps_times(void **state)
{
    (void)state;
    struct ord_config c, d;
    struct ord_diag diag;
    assert_int_equal(ord_scenario_resolve(&c, "flash-spike", &diag), 0);
    assert_int_equal(ord_config_copy(&d, &c), 0);
    assert_int_equal(ord_config_scale(&d, 0.1), 0);
    assert_true(d.load.phases[1].rate_per_s > 999.9 && d.load.phases[1].rate_per_s < 1000.1);
    assert_int_equal(d.a.threads, 20);   /* 200 x 0.1 */
    assert_int_equal(d.a.instances, c.a.instances);
    assert_int_equal(d.b.threads, 10);
    assert_int_equal(d.b.accept_queue, 100);
    assert_int_equal(d.db.connections, 6);
    assert_true(d.mq.rate_limit_per_s > 599.9 && d.mq.rate_limit_per_s < 600.1);
    assert_int_equal(d.mq.max_inflight, 120);
    /* times unchanged */
    assert_int_equal(d.b.timeout, c.b.timeout);
    assert_int_equal(d.duration, c.duration);
    assert_true(sim_dist_mean(&d.db.query) == sim_dist_mean(&c.db.query));
    /* the database's capacity scales with its connections */
    assert_true(ord_db_capacity(&d) > 599.9 && ord_db_capacity(&d) < 600.1);
    /* never below one */
    assert_int_equal(ord_config_scale(&d, 0.001), 0);
    assert_int_equal(d.db.connections, 1);
    assert_int_equal(ord_config_scale(&d, 0), SIM_ERANGE);
    assert_int_equal(ord_config_scale(&d, -1), SIM_ERANGE);
    ord_config_free(&d);
    ord_config_free(&c);
}

static void test_scaled_run_keeps_latency(void **state)
{
    (void)state;
    struct ord_config c;
    struct ord_diag diag;
    assert_int_equal(ord_scenario_resolve(&c, "steady", &diag), 0);
    assert_int_equal(ord_config_scale(&c, 0.1), 0);
    struct ord_run run;
    assert_int_equal(ord_run_init(&run, &c), 0);
    assert_int_equal(ord_run_finish(&run), 0);
    const struct ord_result *r = ord_run_result(&run);
    for (int i = 0; i < r->nvariants; i++) {
        struct ord_summary s;
        ord_summarize(&r->v[i], &c, &s);
        /* unsaturated: the user's wait is the ideal one at any scale */
        sim_time ideal = ord_ideal_latency(&c, r->v[i].kind);
        assert_true(s.latency.p50 > ideal * 95 / 100 && s.latency.p50 < ideal * 105 / 100);
    }
    ord_run_close(&run);
    ord_config_free(&c);
}

static void test_trace_cannot_scale(void **state)
{
    (void)state;
    struct ord_config c;
    struct ord_diag diag;
    assert_int_equal(ord_scenario_resolve(&c, "steady", &diag), 0);
    c.load.arrivals = ORD_ARRIVALS_TIMES; /* exact times: nothing to scale them by */
    assert_int_equal(ord_config_scale(&c, 0.5), SIM_EINVAL);
    assert_int_equal(ord_config_scale(&c, 1), 0);
    ord_config_free(&c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_scales_counts_keeps_times),
        cmocka_unit_test(test_scaled_run_keeps_latency),
        cmocka_unit_test(test_trace_cannot_scale),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
