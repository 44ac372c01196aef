/* Tests for lab/result.c: what the lab measured becomes the model's record with the
 * model's meanings (an order completes when its row is written; failed orders' rows
 * count as queries only; the backlog's peak and drain), and the exactly-once figures
 * count every accepted async order once; B's busy workers as sampled. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "lab/lab_internal.h"
#include "orders/scenario/scenario.h"
#include "sim/error.h"

static struct ord_config cfg;

static int setup(void **state)
{
    (void)state;
    struct ord_diag d;
    if (ord_scenario_resolve(&cfg, "flash-spike", &d))
        return -1;
    cfg.duration = 4 * SIM_S;
    cfg.drain = 2 * SIM_S;
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    ord_config_free(&cfg);
    return 0;
}

#define SYNC 0
#define ASYNC 1

static void test_record_as_model_result(void **state)
{
    (void)state;
    assert_int_equal(cfg.variants[SYNC], ORD_VARIANT_SYNC);
    assert_int_equal(cfg.variants[ASYNC], ORD_VARIANT_ASYNC);
    /* arrivals 0..4, each sent to both wirings; ids LAB_ID(arrival, variant) */
    struct lab_order orders[5 * ORD_MAX_VARIANTS];
    for (size_t i = 0; i < 5 * ORD_MAX_VARIANTS; i++)
        orders[i] = (struct lab_order){.sched = -1};
    sim_time ms = SIM_MS;
    for (int a = 0; a < 5; a++) {
        struct lab_order *s = &orders[LAB_ID(a, SYNC)], *as = &orders[LAB_ID(a, ASYNC)];
        *s = (struct lab_order){a * 500 * ms, a * 500 * ms + 220 * ms, 0, SYNC, LAB_ANSWERED};
        *as = (struct lab_order){a * 500 * ms, a * 500 * ms + 25 * ms, 0, ASYNC, LAB_ANSWERED};
    }
    orders[LAB_ID(3, SYNC)].outcome = LAB_REJECTED;
    orders[LAB_ID(4, SYNC)].outcome = LAB_FAILED; /* B wrote it after A gave up */
    /* async: 0 and 1 written (1 twice), 2 dead-lettered, 3 written, 4 missing */
    struct lab_row rows[] = {
        {LAB_ID(0, SYNC), 215 * ms, 0},         {LAB_ID(1, SYNC), 715 * ms, 0},
        {LAB_ID(2, SYNC), 1215 * ms, 0},        {LAB_ID(4, SYNC), 2300 * ms, 0},
        {LAB_ID(0, ASYNC), 300 * ms, 0},        {LAB_ID(1, ASYNC), 2500 * ms, 1},
        {LAB_ID(3, ASYNC), 3000 * ms, 0},
    };
    struct lab_mark dlq[] = {{2800 * ms, LAB_ID(2, ASYNC)}};
    struct lab_mark redelivered[] = {{2400 * ms, LAB_ID(1, ASYNC)}};
    struct lab_sample samples[] = {{100 * ms, 0}, {1100 * ms, 3}, {1900 * ms, 1},
                                   {3100 * ms, 0}, {3200 * ms, 0}};
    /* B's busy workers as sampled: sync peaks at 7 in bucket 0 and holds 4 into bucket 1
     * (a level carries on until the next sample); async is 2 then 0 */
    struct lab_busy busy[] = {{200 * ms, SYNC, 3},  {600 * ms, SYNC, 7},  {900 * ms, SYNC, 4},
                              {200 * ms, ASYNC, 2}, {2100 * ms, ASYNC, 0}};
    struct lab_record rec = {orders, 5 * ORD_MAX_VARIANTS, rows, 7, dlq, redelivered, 1, 1,
                             samples, 5, busy, 5};
    struct lab_run run;
    memset(&run, 0, sizeof run);
    assert_int_equal(lab_build_result(&run, &cfg, &rec), 0);
    const struct ord_result *r = &run.result;
    assert_int_equal(r->nvariants, 2);
    assert_int_equal(r->end, 6 * SIM_S);

    const struct ord_totals *s = &r->v[SYNC].totals;
    assert_int_equal(s->offered, 5);
    assert_int_equal(s->rejected, 1);
    assert_int_equal(s->accepted, 4);
    assert_int_equal(s->answered, 3);
    assert_int_equal(s->failed, 1);
    assert_int_equal(s->completed, 3); /* the failed order's row is a query, not a completion */
    assert_int_equal(s->db_queries, 4);
    assert_int_equal(s->in_flight, 0);
    char why[320];
    assert_int_equal(ord_check_totals(s, why, sizeof why), 0);

    const struct ord_totals *t = &r->v[ASYNC].totals;
    assert_int_equal(t->offered, 5);
    assert_int_equal(t->accepted, 5);
    assert_int_equal(t->answered, 5);
    assert_int_equal(t->completed, 3);
    assert_int_equal(t->dlq, 1);
    assert_int_equal(t->in_flight, 1); /* order 4: neither written nor dead-lettered */
    assert_int_equal(t->db_queries, 4); /* order 1 was written twice */
    assert_int_equal(t->redelivered, 1);
    assert_int_equal(ord_check_totals(t, why, sizeof why), 0);

    /* latency from the scheduled time; the backlog's peak and when it drained */
    assert_int_equal(sim_hist_parts_count(ord_latency_of(&r->v[ASYNC])), 5);
    assert_true(sim_hist_parts_percentile(ord_latency_of(&r->v[ASYNC]), 50) >= 24 * ms &&
                sim_hist_parts_percentile(ord_latency_of(&r->v[ASYNC]), 50) <= 26 * ms);
    assert_int_equal(r->v[ASYNC].backlog_max, 3);
    assert_int_equal(r->v[ASYNC].backlog_max_at, 1100 * ms);
    assert_int_equal(r->v[ASYNC].drained_at, 3100 * ms);
    assert_int_equal(r->v[SYNC].backlog_max, 0);
    /* the series: bucket 0 holds arrivals 0 and 1 */
    assert_int_equal(sim_series_get(&r->v[SYNC].series, 0, ORD_COL_OFFERED), 2);
    assert_int_equal(sim_series_get(&r->v[ASYNC].series, 2, ORD_COL_DB_QUERIES), 2);
    assert_int_equal(r->v[ASYNC].phases[0].offered, 5);
    /* B's busy workers: the largest sample of each bucket, the level carried on */
    assert_int_equal(sim_series_get(&r->v[SYNC].series, 0, ORD_COL_B_BUSY), 7);
    assert_int_equal(sim_series_get(&r->v[SYNC].series, 1, ORD_COL_B_BUSY), 4);
    assert_int_equal(sim_series_get(&r->v[ASYNC].series, 1, ORD_COL_B_BUSY), 2);
    assert_int_equal(sim_series_get(&r->v[ASYNC].series, 2, ORD_COL_B_BUSY), 2); /* 2 at its start */
    assert_int_equal(sim_series_get(&r->v[ASYNC].series, 3, ORD_COL_B_BUSY), 0);

    /* exactly once: 5 accepted = 3 written + 1 dead-lettered + 1 missing */
    assert_int_equal(run.report.async_accepted, 5);
    assert_int_equal(run.report.async_written, 3);
    assert_int_equal(run.report.async_dlq, 1);
    assert_int_equal(run.report.async_missing, 1);
    assert_int_equal(run.report.duplicates, 1);
    lab_run_close(&run);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_record_as_model_result),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
