/* tests/test_ord_config.c: defaults, deep copy and names of orders/scenario/config.h. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "orders/scenario/config.h"
#include "sim/error.h"

/* The flash-spike numbers are the defaults. */
static void test_defaults(void **state)
{
    (void)state;
    struct ord_config c;
    assert_int_equal(ord_config_default(&c), 0);
    assert_int_equal(c.seed, 42);
    assert_int_equal(c.duration, 60 * SIM_S);
    assert_int_equal(c.drain, 30 * SIM_S);
    assert_int_equal(c.interval, SIM_S);
    assert_int_equal(c.load.arrivals, ORD_ARRIVALS_POISSON);
    assert_int_equal(c.load.nphases, 1);
    assert_int_equal(c.load.phases[0].at, 0);
    assert_true(c.load.phases[0].rate_per_s == 1000);
    assert_null(c.load.times);
    assert_null(c.load.trace);
    assert_int_equal(c.a.instances, 20);
    assert_int_equal(c.a.threads, 200);
    assert_int_equal(c.a.service.kind, SIM_DIST_CONST);
    assert_int_equal(c.a.service.mean, 20 * SIM_MS);
    assert_int_equal(c.b.instances, 20);
    assert_int_equal(c.b.threads, 100);
    assert_int_equal(c.b.service.mean, 190 * SIM_MS);
    assert_int_equal(c.b.accept_queue, 1000);
    assert_int_equal(c.b.timeout, 3 * SIM_S);
    assert_int_equal(c.b.retries, 0);
    assert_int_equal(c.b.backoff, 100 * SIM_MS);
    assert_int_equal(c.b.backoff_max, 10 * SIM_S);
    assert_int_equal(c.db.connections, 60);
    assert_int_equal(c.db.query.mean, 10 * SIM_MS);
    assert_int_equal(c.db.queue_timeout, SIM_S);
    struct mq_config mq;
    mq_config_default(&mq);
    assert_int_equal(c.mq.send, mq.send);
    assert_int_equal(c.mq.send_timeout, mq.send_timeout);
    assert_int_equal(c.mq.send_retries, mq.send_retries);
    assert_true(c.mq.send_queue == mq.send_queue);
    assert_true(c.mq.broker_rate_per_s == mq.broker_rate_per_s);
    assert_true(c.mq.rate_limit_per_s == 6000);
    assert_true(c.mq.max_inflight == 1200);
    assert_int_equal(c.mq.max_reconsume, 16);
    assert_int_equal(c.mq.send, 5 * SIM_MS);
    assert_int_equal(c.nvariants, 2);
    assert_int_equal(c.variants[0], ORD_VARIANT_SYNC);
    assert_int_equal(c.variants[1], ORD_VARIANT_ASYNC);
    assert_int_equal(c.nfaults, 0);
    assert_int_equal(c.ncommands, 0);
    assert_non_null(c.name);
    assert_non_null(c.title);
    ord_config_free(&c);
    /* Freeing twice is harmless: free zeroes the config. */
    ord_config_free(&c);
    assert_null(c.name);
}

static void test_copy_is_deep(void **state)
{
    (void)state;
    struct ord_config a, b;
    assert_int_equal(ord_config_default(&a), 0);
    struct ord_fault f = {.at = SIM_S, .length = SIM_S, .target = ORD_TARGET_B};
    a.faults = malloc(sizeof f);
    assert_non_null(a.faults);
    a.faults[0] = f;
    a.nfaults = 1;
    a.commands = calloc(2, sizeof *a.commands);
    assert_non_null(a.commands);
    a.commands[1].at = 7;
    a.ncommands = 2;
    a.load.trace = strdup("traces/x.csv");
    a.notes = strdup("notes");
    assert_int_equal(ord_config_copy(&b, &a), 0);
    assert_ptr_not_equal(a.name, b.name);
    assert_string_equal(a.name, b.name);
    assert_ptr_not_equal(a.load.phases, b.load.phases);
    assert_memory_equal(a.load.phases, b.load.phases, sizeof *a.load.phases);
    assert_ptr_not_equal(a.faults, b.faults);
    assert_memory_equal(a.faults, b.faults, sizeof f);
    assert_ptr_not_equal(a.commands, b.commands);
    assert_int_equal(b.commands[1].at, 7);
    assert_string_equal(b.load.trace, "traces/x.csv");
    assert_string_equal(b.notes, "notes");
    ord_config_free(&a);
    /* b survives a's release. */
    assert_string_equal(b.load.trace, "traces/x.csv");
    assert_true(b.load.phases[0].rate_per_s == 1000);
    ord_config_free(&b);
}

static void test_names(void **state)
{
    (void)state;
    assert_string_equal(ord_variant_name(ORD_VARIANT_SYNC), "sync");
    assert_string_equal(ord_variant_name(ORD_VARIANT_ASYNC), "async");
    assert_int_equal(ord_variant_find("sync"), ORD_VARIANT_SYNC);
    assert_int_equal(ord_variant_find("async"), ORD_VARIANT_ASYNC);
    assert_int_equal(ord_variant_find("asynk"), -1);
    assert_int_equal(ord_variant_find(NULL), -1);
    for (int v = 0; v < ORD_NVARIANT_KINDS; v++) {
        assert_int_equal(ord_variant_find(ord_variant_name((enum ord_variant)v)), v);
        assert_true(strlen(ord_variant_doc((enum ord_variant)v)) > 0);
    }
    assert_string_equal(ord_variant_name((enum ord_variant)99), "?");
    assert_string_equal(ord_target_name(ORD_TARGET_B), "b");
    assert_string_equal(ord_target_name(ORD_TARGET_DB), "database");
    assert_string_equal(ord_target_name(ORD_TARGET_MQ), "mq");
    assert_string_equal(ord_target_name(ORD_TARGET_LOAD), "load");
    assert_string_equal(ord_fault_kind_name(ORD_FAULT_DOWN), "down");
    assert_string_equal(ord_fault_kind_name(ORD_FAULT_HANG), "hang");
    assert_string_equal(ord_fault_kind_name(ORD_FAULT_SLOW), "slow");
    assert_string_equal(ord_fault_kind_name(ORD_FAULT_SPIKE), "spike");
    assert_string_equal(ord_arrivals_name(ORD_ARRIVALS_POISSON), "poisson");
    assert_string_equal(ord_arrivals_name(ORD_ARRIVALS_EVEN), "even");
    assert_string_equal(ord_arrivals_name(ORD_ARRIVALS_TIMES), "times");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_defaults),
        cmocka_unit_test(test_copy_is_deep),
        cmocka_unit_test(test_names),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
