/* tests/test_ord_fanout_builtins.c: the built-ins of several services (fan-out,
 * add-subscriber, duplicates, broker-crash, overload) say in their notes what a run
 * shows; each test runs the built-in and checks those figures. Ranges are the notes'
 * "about" (the runs are deterministic: same seed, same numbers). */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "orders/scenario/scenario.h"
#include "test_ord_model_util.h"

static void load(struct ord_config *c, const char *name)
{
    struct ord_diag d;
    int rc = ord_scenario_resolve(c, name, &d);
    if (rc != 0)
        ord_diag_print(&d, stderr);
    assert_int_equal(rc, 0);
    assert_non_null(c->notes);
}

static void set(struct ord_config *c, const char *a)
{
    struct ord_diag d;
    int rc = ord_scenario_set(c, a, &d);
    if (rc != 0)
        ord_diag_print(&d, stderr);
    assert_int_equal(rc, 0);
}

static double ms(sim_time t)
{
    return sim_time_to_ms(t);
}

static void invariants(const struct ord_variant_result *v)
{
    char why[256];
    for (size_t i = 0; i < v->nservices; i++)
        if (ord_check_service(&v->services[i], why, sizeof why) != 0)
            fail_msg("%s", why);
}

static void test_fan_out(void **state)
{
    (void)state;
    struct ord_config c;
    load(&c, "fan-out");
    struct ord_run r;
    util_run(&r, &c);
    const struct ord_variant_result *s = util_variant(&r, ORD_VARIANT_SYNC);
    const struct ord_variant_result *a = util_variant(&r, ORD_VARIANT_ASYNC);
    invariants(s);
    invariants(a);
    assert_true(ms(sim_hist_parts_percentile(ord_latency_of(s), 50)) == 310.0);
    assert_in_range(s->totals.failed, 9500, 10500); /* about 10 000 */
    assert_int_equal(s->services[2].failed, s->totals.failed);
    assert_int_equal(s->services[0].failed, 0);
    assert_true(ms(sim_hist_parts_max(ord_latency_of(a))) == 25.0);
    assert_int_equal(a->totals.failed, 0);
    assert_int_equal(a->totals.completed, a->totals.offered);
    const struct ord_service_result *sms = &a->services[2];
    assert_in_range(sms->backlog_max, 9500, 10500);
    assert_true(sms->drained_at - 40 * SIM_S <= 3 * SIM_S);
    assert_true(a->services[0].backlog_max < 100 && a->services[1].backlog_max < 100);
    ord_run_close(&r);
    /* 220 ms with b alone, 275 ms with b and points; async 25 ms either way */
    set(&c, "faults=[]");
    set(&c, "services=[{name: b, service: 190ms}, {name: points, service: 50ms, database: "
            "points}]");
    util_run(&r, &c);
    struct sim_hist_parts sync_lat = ord_latency_of(util_variant(&r, ORD_VARIANT_SYNC));
    struct sim_hist_parts async_lat = ord_latency_of(util_variant(&r, ORD_VARIANT_ASYNC));
    assert_true(ms(sim_hist_parts_percentile(sync_lat, 50)) == 275.0);
    assert_true(ms(sim_hist_parts_max(async_lat)) == 25.0);
    ord_run_close(&r);
    set(&c, "services=[{name: b, service: 190ms}]");
    util_run(&r, &c);
    sync_lat = ord_latency_of(util_variant(&r, ORD_VARIANT_SYNC));
    async_lat = ord_latency_of(util_variant(&r, ORD_VARIANT_ASYNC));
    assert_true(ms(sim_hist_parts_percentile(sync_lat, 50)) == 220.0);
    assert_true(ms(sim_hist_parts_max(async_lat)) == 25.0);
    ord_run_close(&r);
    ord_config_free(&c);
}

static void test_add_subscriber(void **state)
{
    (void)state;
    struct ord_config c, alone;
    load(&c, "add-subscriber");
    assert_int_equal(ord_config_copy(&alone, &c), 0);
    set(&alone, "services=[{name: b, service: 190ms}]");
    struct ord_run r, r1;
    util_run(&r, &c);
    util_run(&r1, &alone);
    const struct ord_variant_result *s = util_variant(&r, ORD_VARIANT_SYNC);
    const struct ord_variant_result *a = util_variant(&r, ORD_VARIANT_ASYNC);
    invariants(s);
    invariants(a);
    assert_true(ms(sim_hist_percentile(&s->phases[0].latency, 0)) == 220.0); /* before 30 s */
    assert_true(ms(sim_hist_parts_max(ord_latency_of(s))) == 275.0);         /* after */
    assert_in_range(a->services[1].accepted, 29000, 31000);                  /* about 30 000 */
    assert_int_equal(a->services[1].completed, a->services[1].accepted);
    /* A does not change: the async latency is the one of b alone, to the nanosecond */
    const struct ord_variant_result *a1 = util_variant(&r1, ORD_VARIANT_ASYNC);
    const struct sim_hist *lat = &a->series.whole[ORD_H_LATENCY]; /* all closed: finished */
    const struct sim_hist *lat1 = &a1->series.whole[ORD_H_LATENCY];
    assert_true(lat->sum == lat1->sum);
    assert_memory_equal(lat->counts, lat1->counts, (size_t)lat->counts_len * sizeof *lat->counts);
    assert_true(ms(sim_hist_parts_max(ord_latency_of(a))) == 25.0);
    ord_run_close(&r);
    ord_run_close(&r1);
    ord_config_free(&alone);
    ord_config_free(&c);
}

static void test_duplicates(void **state)
{
    (void)state;
    struct ord_config c;
    load(&c, "duplicates");
    struct ord_run r;
    util_run(&r, &c);
    const struct ord_variant_result *a = util_variant(&r, ORD_VARIANT_ASYNC);
    invariants(a);
    const struct ord_service_result *ledger = &a->services[0], *points = &a->services[1];
    /* about 13 % (e^-2) of the messages time out */
    double share = (double)ledger->redelivered / (double)a->totals.accepted;
    assert_true(share > 0.12 && share < 0.17);
    assert_in_range(ledger->duplicates, 800, 1000); /* about 900 */
    assert_int_equal(ledger->duplicates_skipped, 0);
    assert_int_equal(points->duplicates, 0);
    assert_in_range(points->duplicates_skipped, 700, 900); /* about 800 */
    assert_int_equal(points->db_writes, points->completed);
    assert_int_equal(ledger->completed, a->totals.accepted);
    assert_int_equal(points->completed, a->totals.accepted);
    ord_run_close(&r);
    ord_config_free(&c);
}

static void test_broker_crash(void **state)
{
    (void)state;
    struct ord_config c;
    load(&c, "broker-crash");
    struct ord_run r;
    util_run(&r, &c);
    const struct ord_variant_result *a = util_variant(&r, ORD_VARIANT_ASYNC);
    invariants(a);
    assert_int_equal(a->totals.lost, 429);
    assert_in_range(a->totals.failed, 4800, 5200); /* about 5000 */
    assert_true(ms(sim_hist_parts_percentile(ord_latency_of(a), 50)) == 25.0);
    ord_run_close(&r);
    set(&c, "mq.flush=sync");
    util_run(&r, &c);
    a = util_variant(&r, ORD_VARIANT_ASYNC);
    invariants(a);
    assert_int_equal(a->totals.lost, 0);
    assert_true(ms(sim_hist_parts_percentile(ord_latency_of(a), 50)) == 27.0);
    ord_run_close(&r);
    ord_config_free(&c);
}

static void test_overload(void **state)
{
    (void)state;
    struct ord_config c;
    load(&c, "overload");
    struct ord_run r;
    util_run(&r, &c);
    const struct ord_variant_result *s = util_variant(&r, ORD_VARIANT_SYNC);
    const struct ord_variant_result *a = util_variant(&r, ORD_VARIANT_ASYNC);
    double rejected = (double)s->totals.rejected / (double)s->totals.offered;
    assert_true(rejected > 0.13 && rejected < 0.15);
    assert_in_range(s->totals.rejected, 55000, 61000);
    assert_true(fabs(ms(sim_hist_parts_percentile(ord_latency_of(s), 50)) - 667) < 2);
    assert_int_equal(a->totals.rejected, 0);
    assert_true(ms(sim_hist_parts_max(ord_latency_of(a))) == 25.0);
    assert_in_range(a->backlog_max, 58000, 64000); /* about 61 000 */
    assert_true(a->backlog_max_at > 59 * SIM_S);    /* growing for as long as the load */
    assert_true(fabs(sim_time_to_s(sim_hist_parts_max(ord_lag_of(a))) - 10) < 1);
    assert_true(a->drained_at - c.duration < 11 * SIM_S);
    struct ord_summary sum;
    ord_summarize(a, &c, &sum);
    assert_true(fabs(sum.db_qps_max - 6000) < 1);
    ord_run_close(&r);
    ord_config_free(&c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_fan_out),        cmocka_unit_test(test_add_subscriber),
        cmocka_unit_test(test_duplicates),     cmocka_unit_test(test_broker_crash),
        cmocka_unit_test(test_overload),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
