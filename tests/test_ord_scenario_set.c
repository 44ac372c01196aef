/* tests/test_ord_scenario_set.c: --set overrides (ord_scenario_set). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "orders/scenario/scenario.h"
#include "sim/error.h"

static struct ord_config load(const char *name)
{
    struct ord_config c;
    struct ord_diag d;
    int rc = ord_scenario_resolve(&c, name, &d);
    if (rc != 0)
        ord_diag_print(&d, stderr);
    assert_int_equal(rc, 0);
    return c;
}

static void set_ok(struct ord_config *c, const char *a)
{
    struct ord_diag d;
    int rc = ord_scenario_set(c, a, &d);
    if (rc != 0)
        ord_diag_print(&d, stderr);
    assert_int_equal(rc, 0);
}

static void test_set_values(void **state)
{
    (void)state;
    struct ord_config c = load("flash-spike");
    set_ok(&c, "database.connections=30");
    assert_int_equal(c.db.connections, 30);
    set_ok(&c, "load.phases.1.rate=20000/s");
    assert_true(c.load.phases[1].rate_per_s == 20000);
    assert_int_equal(c.load.nphases, 3);
    set_ok(&c, "variants=[async]");
    assert_int_equal(c.nvariants, 1);
    assert_int_equal(c.variants[0], ORD_VARIANT_ASYNC);
    set_ok(&c, "variants.1=sync"); /* the length appends */
    assert_int_equal(c.nvariants, 2);
    assert_int_equal(c.variants[1], ORD_VARIANT_SYNC);
    set_ok(&c, "a.service={dist: exp, mean: 20ms}");
    assert_int_equal(c.a.service.kind, SIM_DIST_EXP);
    set_ok(&c, "title='Two words: and a colon'");
    assert_string_equal(c.title, "Two words: and a colon");
    set_ok(&c, "load.phases.3={at: 30s, rate: 0}");
    assert_int_equal(c.load.nphases, 4);
    set_ok(&c, "mq.rate_limit=unlimited");
    assert_true(c.mq.rate_limit_per_s == 0);
    set_ok(&c, "duration=0.5s");
    assert_int_equal(c.duration, 500 * SIM_MS);
    /* What was not set is kept, including the name and notes. */
    assert_string_equal(c.name, "flash-spike");
    assert_non_null(strstr(c.notes, "6000"));
    assert_int_equal(c.b.threads, 100);
    ord_config_free(&c);

    c = load("b-outage");
    set_ok(&c, "faults.0.at=5s");
    assert_int_equal(c.faults[0].at, 5 * SIM_S);
    assert_int_equal(c.faults[0].length, 10 * SIM_S);
    set_ok(&c, "faults.1={at: 1s, target: load, kind: spike, rate: 9000/s}");
    assert_int_equal(c.nfaults, 2);
    assert_int_equal(c.faults[1].kind, ORD_FAULT_SPIKE);
    set_ok(&c, "faults=[]");
    assert_int_equal(c.nfaults, 0);
    ord_config_free(&c);
}

/* The load's source can be switched: trace, phases or times. */
static void test_set_load_source(void **state)
{
    (void)state;
    struct ord_config c = load("flash-spike");
    /* A trace given on the command line is relative to the current directory. */
    set_ok(&c, "load.trace=fixtures/scenarios/traces/times.csv");
    assert_int_equal(c.load.arrivals, ORD_ARRIVALS_TIMES);
    assert_int_equal(c.load.ntimes, 4);
    assert_int_equal(c.load.times[1], 1250 * SIM_MS);
    set_ok(&c, "seed=7"); /* rebuilding reads it again from the same place */
    assert_int_equal(c.load.ntimes, 4);
    set_ok(&c, "load.phases=[{at: 0s, rate: 5/s}]");
    assert_int_equal(c.load.arrivals, ORD_ARRIVALS_POISSON);
    assert_null(c.load.trace);
    assert_null(c.load.times);
    assert_int_equal(c.load.nphases, 1);
    set_ok(&c, "load.times=[1s, 2s]");
    assert_int_equal(c.load.arrivals, ORD_ARRIVALS_TIMES);
    assert_int_equal(c.load.ntimes, 2);
    ord_config_free(&c);
    /* A config from ord_config_default takes overrides too. */
    assert_int_equal(ord_config_default(&c), 0);
    set_ok(&c, "load.phases.0.rate=2000/s");
    assert_true(c.load.phases[0].rate_per_s == 2000);
    ord_config_free(&c);
}

static const struct {
    const char *set;
    int col;
    const char *msg;
    int rc;
} bad_sets[] = {
    {"database.conections=30", 10,
     "unknown key `database.conections` (did you mean `connections`?)", SIM_EPARSE},
    {"databse.connections=30", 1, "unknown key `databse` (did you mean `database`?)", SIM_EPARSE},
    {"database.connections=-1", 22, "must not be negative", SIM_EPARSE},
    {"database.connections=0", 22, "database.connections must be more than 0", SIM_EPARSE},
    {"a.threads=1000001", 11, "a.threads is too large: at most 1000000", SIM_EPARSE},
    {"load.phases.7.rate=1/s", 13, "`load.phases` is a list of 3 items", SIM_EPARSE},
    {"load.phases.x.rate=1/s", 13, "`load.phases` is a list of 3 items", SIM_EPARSE},
    {"seed.x=1", 6, "`seed` is a single value: it has no `x`", SIM_EPARSE},
    {"faults.0.at=1s", 8, "`faults` is a list of 0 items", SIM_EPARSE},
    {"nokey", 1, "expected key=value", SIM_EPARSE},
    {"=5", 1, "expected key=value", SIM_EPARSE},
    {"a..threads=5", 3, "bad key", SIM_EPARSE},
    {"variants=[sync, asynk]", 17, "did you mean `async`?", SIM_EPARSE},
    {"variants=[sync, sync]", 17, "listed twice", SIM_EPARSE},
    {"duration=", 10, "missing value", SIM_EPARSE},
    {"duration=60 s", 10, "bad duration `60 s`", SIM_EPARSE},
    {"a.threads=[1", 13, "malformed YAML", SIM_EPARSE},
    {"a.threads=*x", 11, "aliases", SIM_EPARSE},
    {"load.phases.1.at=70s", 18, "phases out of order: load.phases.2.at (20s)", SIM_EPARSE},
    {"load.phases.0.at=1s", 18, "the first phase must start at 0s", SIM_EPARSE},
    {"interval=0.5ms", 10, "interval must be at least 1ms", SIM_EPARSE},
    {"drain=168h", 7, "time buckets", SIM_EPARSE},
    {"b.backoff=20s", 11, "b.backoff_max (10s) must be at least b.backoff (20s)", SIM_EPARSE},
    {"load.trace=no/such.csv", 12, "cannot read no/such.csv", SIM_ENOENT},
    {"a.service.mean=1ms", 11, "`a.service` is a single value", SIM_EPARSE},
    {"load.arrivals=times", 15, "times needs load.times", SIM_EPARSE},
    {"faults.0={at: 1s, target: mq, kind: slow, factor: 2}", 37, "target mq cannot be slow",
     SIM_EPARSE},
};

/* Errors name --set and the column in the argument; the config is left as it was. */
static void test_set_errors(void **state)
{
    (void)state;
    struct ord_config c = load("flash-spike"), before;
    assert_int_equal(ord_config_copy(&before, &c), 0);
    for (size_t i = 0; i < sizeof bad_sets / sizeof bad_sets[0]; i++) {
        struct ord_diag d;
        int rc = ord_scenario_set(&c, bad_sets[i].set, &d);
        int want = bad_sets[i].rc;
        if (rc != want || d.col != bad_sets[i].col || !strstr(d.msg, bad_sets[i].msg)) {
            fprintf(stderr, "--set %s: rc %d, ", bad_sets[i].set, rc);
            ord_diag_print(&d, stderr);
        }
        assert_int_equal(rc, want);
        assert_string_equal(d.file, "--set");
        assert_int_equal(d.line, 1);
        assert_int_equal(d.col, bad_sets[i].col);
        assert_non_null(strstr(d.msg, bad_sets[i].msg));
        assert_int_equal(c.db.connections, before.db.connections);
        assert_int_equal(c.load.nphases, before.load.nphases);
        assert_int_equal(c.nvariants, before.nvariants);
        assert_int_equal(c.duration, before.duration);
        assert_string_equal(c.title, before.title);
    }
    ord_config_free(&before);
    ord_config_free(&c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_set_values),
        cmocka_unit_test(test_set_load_source),
        cmocka_unit_test(test_set_errors),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
