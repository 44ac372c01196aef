/* tests/test_ord_commands.c: what the live commands do to the model with several
 * services: a crash of a sync service, a clear that names one service, and a service
 * that joins by a command (the live view's c key, and its built-in subscribers). */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <cmocka.h>

#include "test_ord_model_util.h"

/* A sync-only steady run of 1000/s for 20 s with fault f (one service, b). */
static void sync_with(struct ord_run *r, struct ord_config *c, struct ord_fault f)
{
    util_steady(c, 1000, 20 * SIM_S, 5 * SIM_S);
    c->variants[0] = ORD_VARIANT_SYNC;
    c->nvariants = 1;
    util_fault(c, f);
    util_run(r, c);
}

/* Sync, B crashes at 10 s for 5 s: every call A waits on at B fails at once, where a
 * down lets them finish. At 1000/s with 200 ms per call (190 ms of work, a 10 ms
 * query, nothing queues) about 200 calls are in B at 10 s (Little's law; Poisson: sd
 * about 14): the crash fails that many more orders than the down, and completes that
 * many fewer, in the bucket of the crash. */
static void sync_crash_fails_calls_in_flight(void **state)
{
    (void)state;
    struct ord_fault f = {.at = 10 * SIM_S, .length = 5 * SIM_S, .target = ORD_TARGET_B,
                          .kind = ORD_FAULT_DOWN, .factor = 1};
    struct ord_config cd, cc;
    struct ord_run down, crash;
    sync_with(&down, &cd, f);
    f.kind = ORD_FAULT_CRASH;
    sync_with(&crash, &cc, f);
    const struct ord_variant_result *vd = util_variant(&down, ORD_VARIANT_SYNC);
    const struct ord_variant_result *vc = util_variant(&crash, ORD_VARIANT_SYNC);
    int64_t fail_d = util_col_sum(vd, ORD_COL_FAILED, 10 * SIM_S, 11 * SIM_S);
    int64_t fail_c = util_col_sum(vc, ORD_COL_FAILED, 10 * SIM_S, 11 * SIM_S);
    int64_t extra = fail_c - fail_d;
    print_message("failed in 10-11 s: down %lld, crash %lld\n", (long long)fail_d,
                  (long long)fail_c);
    assert_in_range(extra, 150, 250);
    /* those are the calls the down let finish: completed fewer by as many */
    assert_int_equal((int64_t)(vd->totals.completed - vc->totals.completed), extra);
    /* and they fail at 10 s, not later: no A waits on B after it crashed */
    assert_int_equal(util_col_sum(vc, ORD_COL_COMPLETED, 10 * SIM_S + SIM_S, 15 * SIM_S), 0);
    /* after the crash the service is down for `for`, then serves again */
    assert_true(util_col_sum(vc, ORD_COL_COMPLETED, 16 * SIM_S, 20 * SIM_S) > 3500);
    ord_run_close(&down);
    ord_run_close(&crash);
    ord_config_free(&cd);
    ord_config_free(&cc);
}

/* Sync with retries: the crashed calls are retried after their backoff (the service
 * is down then, so they fail). Every count still adds up at the end. */
static void sync_crash_with_retries_keeps_invariants(void **state)
{
    (void)state;
    struct ord_config c;
    struct ord_run r;
    util_steady(&c, 1000, 20 * SIM_S, 5 * SIM_S);
    c.b.retries = 2;
    util_fault(&c, (struct ord_fault){.at = 10 * SIM_S, .length = 2 * SIM_S,
                                      .target = ORD_TARGET_B, .kind = ORD_FAULT_CRASH,
                                      .factor = 1});
    util_run(&r, &c); /* ord_run_finish checks the invariants */
    const struct ord_variant_result *v = util_variant(&r, ORD_VARIANT_SYNC);
    assert_true(v->totals.failed > 0);
    assert_int_equal(v->totals.in_flight, 0);
    ord_run_close(&r);
    ord_config_free(&c);
}

/* Two services, b and points, each on its own database. */
static void two_services(struct ord_config *c)
{
    util_steady(c, 1000, 20 * SIM_S, 5 * SIM_S);
    size_t k;
    assert_int_equal(ord_config_add_subscriber(c, &k), 0); /* points, joins by a command */
    assert_int_equal(k, 1);
    c->services[1].start = 0; /* here: from the start */
}

static void add_command(struct ord_config *c, struct ord_command cmd)
{
    struct ord_command *a = realloc(c->commands, (c->ncommands + 1) * sizeof *a);
    assert_non_null(a);
    cmd.fault.at = cmd.at;
    if (cmd.fault.length == 0)
        cmd.fault.length = SIM_TIME_NEVER;
    a[c->ncommands++] = cmd;
    c->commands = a;
}

/* b and points down at 5 s; a clear of points at 10 s ends only points' fault: sync
 * orders (which call both) keep failing until b's ends too, and the timeline says so. */
static void clear_names_one_service(void **state)
{
    (void)state;
    struct ord_config c;
    two_services(&c);
    struct ord_command b_down = {.at = 5 * SIM_S, .kind = ORD_CMD_FAULT,
                                 .fault = {.target = ORD_TARGET_B, .kind = ORD_FAULT_DOWN,
                                           .factor = 1, .unit = 0, .length = SIM_TIME_NEVER}};
    struct ord_command p_down = b_down;
    p_down.fault.unit = 1;
    struct ord_command p_clear = {.at = 10 * SIM_S, .kind = ORD_CMD_CLEAR,
                                  .fault = {.target = ORD_TARGET_B, .unit = 1}};
    add_command(&c, b_down);
    add_command(&c, p_down);
    add_command(&c, p_clear);
    struct ord_run r;
    util_run(&r, &c);
    const struct ord_variant_result *v = util_variant(&r, ORD_VARIANT_SYNC);
    /* b is still down after 10 s: every sync order fails, none completes */
    assert_true(util_col_sum(v, ORD_COL_FAILED, 11 * SIM_S, 20 * SIM_S) > 8000);
    assert_int_equal(util_col_sum(v, ORD_COL_COMPLETED, 11 * SIM_S, 20 * SIM_S), 0);
    /* points serves again: async's points group writes from 10 s on */
    const struct ord_variant_result *va = util_variant(&r, ORD_VARIANT_ASYNC);
    assert_true(va->services[1].completed > 15000);
    /* the timeline: b's span runs to the end, points' is cleared at 10 s */
    struct ord_span *sp;
    size_t n;
    assert_int_equal(ord_fault_spans(&c, NULL, 0, &sp, &n), 0);
    assert_int_equal(n, 2);
    for (size_t i = 0; i < n; i++) {
        if (sp[i].f.unit == 0) {
            assert_false(sp[i].cleared);
            assert_int_equal(sp[i].to, c.duration + c.drain);
        } else {
            assert_true(sp[i].cleared);
            assert_int_equal(sp[i].to, 10 * SIM_S);
        }
    }
    free(sp);
    /* live: ord_run_clear of points leaves b down */
    struct ord_run live;
    struct ord_config lc;
    two_services(&lc);
    assert_int_equal(ord_run_init(&live, &lc), 0);
    assert_int_equal(ord_run_advance(&live, 5 * SIM_S), 0);
    assert_int_equal(ord_run_fault(&live, &b_down.fault), 0);
    assert_int_equal(ord_run_fault(&live, &p_down.fault), 0);
    assert_int_equal(ord_run_advance(&live, 10 * SIM_S), 0);
    assert_int_equal(ord_run_clear(&live, ORD_TARGET_B, 1), 0);
    assert_true(ord_run_fault_active(&live, ORD_TARGET_B, ORD_FAULT_DOWN));
    assert_int_equal(ord_run_clear(&live, ORD_TARGET_B, 0), 0);
    assert_false(ord_run_fault_active(&live, ORD_TARGET_B, ORD_FAULT_DOWN));
    ord_run_close(&live);
    ord_config_free(&lc);
    ord_run_close(&r);
    ord_config_free(&c);
}

/* The built-in subscribers: points, sms, stock in that order, each with a database of
 * its own; the b: form becomes service b on database main; then none is left. */
static void builtin_subscribers(void **state)
{
    (void)state;
    struct ord_config c;
    assert_int_equal(ord_config_default(&c), 0);
    double cap = ord_db_capacity(&c);
    size_t k;
    static const char *const want[] = {"points", "sms", "stock"};
    for (size_t i = 0; i < 3; i++) {
        assert_int_equal(ord_config_add_subscriber(&c, &k), 0);
        assert_int_equal(k, i + 1);
        assert_string_equal(c.services[k].name, want[i]);
        assert_string_equal(c.services[k].database, want[i]);
        assert_string_equal(c.databases[c.services[k].db].name, want[i]);
        assert_int_equal(c.services[k].start, SIM_TIME_NEVER);
    }
    assert_int_equal(ord_config_add_subscriber(&c, &k), SIM_ERANGE);
    assert_int_equal(c.nservices, 4);
    assert_string_equal(c.services[0].name, "b");
    assert_string_equal(c.databases[0].name, "main");
    assert_true(ord_db_capacity(&c) == cap); /* the first service's database */
    /* points: 50 ms of work, 20 connections of 5 ms */
    assert_int_equal((sim_time)sim_dist_mean(&c.services[1].b.service), 50 * SIM_MS);
    assert_int_equal(c.databases[1].db.connections, 20);
    ord_config_free(&c);
}

/* points (start unlimited) joins by a command at 20 s. Before that the run is the run
 * without points, bucket by bucket (what lets the live view rebuild a run with a new
 * service and replay it to now); after it, sync's users wait points' 55 ms more and
 * async's A does not change by a nanosecond. */
static void join_command(void **state)
{
    (void)state;
    struct ord_config base, c;
    util_steady(&base, 1000, 40 * SIM_S, 5 * SIM_S);
    util_steady(&c, 1000, 40 * SIM_S, 5 * SIM_S);
    size_t k;
    assert_int_equal(ord_config_add_subscriber(&c, &k), 0);
    add_command(&c, (struct ord_command){.at = 20 * SIM_S, .kind = ORD_CMD_JOIN,
                                         .fault = {.target = ORD_TARGET_B, .unit = 1}});
    struct ord_run rb, rj;
    util_run(&rb, &base);
    util_run(&rj, &c);
    for (int vi = 0; vi < 2; vi++) {
        const struct ord_variant_result *a = &ord_run_result(&rb)->v[vi];
        const struct ord_variant_result *b = &ord_run_result(&rj)->v[vi];
        for (size_t bk = 0; bk < 20; bk++)
            for (int col = 0; col < ORD_NCOLS; col++)
                if (sim_series_get(&a->series, bk, col) != sim_series_get(&b->series, bk, col))
                    fail_msg("%s bucket %zu column %d differs before the join", a->name, bk, col);
    }
    const struct ord_variant_result *s = util_variant(&rj, ORD_VARIANT_SYNC);
    const struct ord_variant_result *as = util_variant(&rj, ORD_VARIANT_ASYNC);
    const struct ord_variant_result *sb = util_variant(&rb, ORD_VARIANT_SYNC);
    const struct ord_variant_result *ab = util_variant(&rb, ORD_VARIANT_ASYNC);
    struct sim_hist_summary before = sim_series_hist(&s->series, 10, ORD_H_LATENCY);
    struct sim_hist_summary after = sim_series_hist(&s->series, 30, ORD_H_LATENCY);
    assert_int_equal(before.p50 / SIM_MS, 220);
    assert_int_equal(after.p50 / SIM_MS, 275);
    for (size_t bk = 0; bk < 40; bk++) {
        struct sim_hist_summary x = sim_series_hist(&as->series, bk, ORD_H_LATENCY);
        struct sim_hist_summary y = sim_series_hist(&ab->series, bk, ORD_H_LATENCY);
        assert_int_equal(x.max, y.max);
        assert_int_equal(x.p50, y.p50);
    }
    /* points gets exactly the orders accepted from 20 s on */
    int64_t from20 = util_col_sum(s, ORD_COL_ACCEPTED, 20 * SIM_S, 40 * SIM_S);
    assert_int_equal((int64_t)s->services[1].accepted, from20);
    assert_int_equal((int64_t)as->services[1].completed, from20);
    assert_int_equal(sb->totals.accepted, s->totals.accepted);
    /* the timeline: one join span, from 20 s to the end */
    struct ord_span *sp;
    size_t n;
    assert_int_equal(ord_fault_spans(&c, NULL, 0, &sp, &n), 0);
    assert_int_equal(n, 1);
    assert_true(sp[0].join);
    assert_int_equal(sp[0].f.unit, 1);
    assert_int_equal(sp[0].f.at, 20 * SIM_S);
    assert_string_equal(ord_span_kind_name(&sp[0]), "join");
    free(sp);
    /* live: ord_run_join at 20 s gives the same run */
    struct ord_config lc;
    assert_int_equal(ord_config_copy(&lc, &c), 0);
    lc.ncommands = 0;
    struct ord_run live;
    assert_int_equal(ord_run_init(&live, &lc), 0);
    assert_int_equal(ord_run_advance(&live, 20 * SIM_S), 0);
    assert_false(ord_run_joined(&live, 1));
    assert_int_equal(ord_run_join(&live, 1), 0);
    assert_true(ord_run_joined(&live, 1));
    assert_int_equal(ord_run_finish(&live), 0);
    assert_int_equal(util_variant(&live, ORD_VARIANT_SYNC)->services[1].accepted,
                     s->services[1].accepted);
    assert_int_equal(ord_run_join(&live, 9), SIM_EINVAL);
    ord_run_close(&live);
    ord_config_free(&lc);
    ord_run_close(&rb);
    ord_run_close(&rj);
    ord_config_free(&base);
    ord_config_free(&c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(sync_crash_fails_calls_in_flight),
        cmocka_unit_test(sync_crash_with_retries_keeps_invariants),
        cmocka_unit_test(clear_names_one_service),
        cmocka_unit_test(builtin_subscribers),
        cmocka_unit_test(join_command),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
