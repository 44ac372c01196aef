/* tests/test_ord_scenario_bad.c: bad input gives file:line:column and a reason, and
 * never a crash, a hang or unbounded memory. One fixture file per case in
 * tests/fixtures/scenarios/ (the cwd of tests is tests/). */
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "orders/scenario/scenario.h"
#include "sim/error.h"

#define FIX "fixtures/scenarios/"

static const struct {
    const char *file;
    int rc;
    const char *where; /* "file:line:col" as printed */
    const char *msg;
} cases[] = {
    {"malformed.yaml", SIM_EPARSE, FIX "malformed.yaml:5:2",
     "malformed YAML: did not find expected ',' or '}'"},
    {"unknown-key.yaml", SIM_EPARSE, FIX "unknown-key.yaml:4:3",
     "unknown key `database.queue_timout` (did you mean `queue_timeout`?)"},
    {"wrong-section.yaml", SIM_EPARSE, FIX "wrong-section.yaml:3:3",
     "did you mean `database.queue_timeout`?"},
    {"wrong-type.yaml", SIM_EPARSE, FIX "wrong-type.yaml:2:16",
     "a.instances must be a whole number, not a list"},
    {"negative.yaml", SIM_EPARSE, FIX "negative.yaml:2:25", "must not be negative"},
    {"zero.yaml", SIM_EPARSE, FIX "zero.yaml:3:12", "a.threads must be more than 0"},
    {"bad-unit.yaml", SIM_EPARSE, FIX "bad-unit.yaml:2:11", "unknown time unit"},
    {"phases-order.yaml", SIM_EPARSE, FIX "phases-order.yaml:6:12",
     "phases out of order: load.phases.2.at (5s) must be after load.phases.1.at (10s)"},
    {"absurd-rate.yaml", SIM_EPARSE, FIX "absurd-rate.yaml:4:22",
     "load.phases.0.rate is too large: at most 10000000/s"},
    {"absurd-threads.yaml", SIM_EPARSE, FIX "absurd-threads.yaml:2:14",
     "b.threads is too large: at most 1000000"},
    {"missing-trace.yaml", SIM_ENOENT, FIX "missing-trace.yaml:3:10",
     "load.trace: cannot read " FIX "traces/nope.csv: No such file or directory"},
    {"bad-trace.yaml", SIM_EPARSE, FIX "traces/bad-rows.csv:4:5", "bad rate_per_s `fast`"},
    {"empty.yaml", SIM_EPARSE, FIX "empty.yaml", "empty scenario"},
    {"garbage.bin", SIM_EPARSE, FIX "garbage.bin:1:1", "control characters are not allowed"},
    {"unknown-variant.yaml", SIM_EPARSE, FIX "unknown-variant.yaml:2:18",
     "variants.1: unknown value `asynk` (one of: sync, async); did you mean `async`?"},
    {"unknown-target.yaml", SIM_EPARSE, FIX "unknown-target.yaml:3:22",
     "faults.0.target: unknown value `c`"},
    {"duplicate-key.yaml", SIM_EPARSE, FIX "duplicate-key.yaml:4:1",
     "duplicate key `seed` (first given at line 2)"},
    {"deep.yaml", SIM_EPARSE, FIX "deep.yaml:2:39", "nested too deeply"},
    {"fault-kind.yaml", SIM_EPARSE, FIX "fault-kind.yaml:3:32", "target mq cannot be hang"},
    {"slow-no-factor.yaml", SIM_EPARSE, FIX "slow-no-factor.yaml:3:5",
     "a slow fault needs `factor`"},
    {"alias.yaml", SIM_EPARSE, FIX "alias.yaml:3:4", "aliases (*name) are not supported"},
    {"buckets.yaml", SIM_EPARSE, FIX "buckets.yaml:3:11", "time buckets"},
    {"times-arrivals.yaml", SIM_EPARSE, FIX "times-arrivals.yaml:3:13",
     "load.arrivals is poisson, but the load is a list of arrival times"},
    {"two-docs.yaml", SIM_EPARSE, FIX "two-docs.yaml:2:1", "only one YAML document"},
    {"not-a-mapping.yaml", SIM_EPARSE, FIX "not-a-mapping.yaml:1:1",
     "a scenario must be a mapping of keys"},
    {"service-key.yaml", SIM_EPARSE, FIX "service-key.yaml:3:22", "did you mean `mean`?"},
    {"backoff.yaml", SIM_EPARSE, FIX "backoff.yaml:2:31", "must be at least b.backoff (2s)"},
    {"tab.yaml", SIM_EPARSE, FIX "tab.yaml:3:1", "malformed YAML"},
    {"nope.yaml", SIM_ENOENT, FIX "nope.yaml", "No such file or directory"},
    {"traces", SIM_EINVAL, FIX "traces", "not a regular file"},
};

static void where(const struct ord_diag *d, char *buf, size_t n)
{
    if (d->line > 0)
        snprintf(buf, n, "%s:%d:%d", d->file, d->line, d->col);
    else
        snprintf(buf, n, "%s", d->file);
}

static void test_fixtures(void **state)
{
    (void)state;
    char path[256], got[600];
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct ord_config c;
        struct ord_diag d;
        snprintf(path, sizeof path, FIX "%s", cases[i].file);
        int rc = ord_scenario_load_file(&c, path, &d);
        where(&d, got, sizeof got);
        if (rc != cases[i].rc || strcmp(got, cases[i].where) || !strstr(d.msg, cases[i].msg)) {
            fprintf(stderr, "%s: rc %d (want %d): ", cases[i].file, rc, cases[i].rc);
            ord_diag_print(&d, stderr);
        }
        assert_int_equal(rc, cases[i].rc);
        assert_string_equal(got, cases[i].where);
        assert_non_null(strstr(d.msg, cases[i].msg));
        /* resolve gives the same for a path */
        assert_int_equal(ord_scenario_resolve(&c, path, &d), cases[i].rc);
    }
}

/* The good fixture next to the bad ones loads (so the bad ones fail for their reason). */
static void test_times_fixture_loads(void **state)
{
    (void)state;
    struct ord_config c;
    struct ord_diag d;
    assert_int_equal(ord_scenario_load_file(&c, FIX "times-ok.yaml", &d), 0);
    assert_int_equal(c.load.arrivals, ORD_ARRIVALS_TIMES);
    assert_int_equal(c.load.ntimes, 4);
    assert_int_equal(c.load.times[0], 500 * SIM_MS);
    assert_int_equal(c.load.times[3], 3 * SIM_S);
    ord_config_free(&c);
}

/* Text that is not a scenario, from memory: NUL bytes, deep mappings, huge counts. */
static void test_text_inputs(void **state)
{
    (void)state;
    struct ord_config c;
    struct ord_diag d;
    static const char nul[] = "name: a\0b\n";
    assert_int_equal(ord_scenario_load_text(&c, nul, sizeof nul - 1, "nul", NULL, &d), SIM_EPARSE);
    assert_int_equal(d.line, 1);
    /* 10 000 nested mappings: refused at level 32, no recursion over the input. */
    size_t n = 10000, len = 0;
    char *deep = malloc(n * 4 + 16);
    assert_non_null(deep);
    for (size_t i = 0; i < n; i++)
        len += (size_t)sprintf(deep + len, "{a: ");
    assert_int_equal(ord_scenario_load_text(&c, deep, len, "deep", NULL, &d), SIM_EPARSE);
    assert_non_null(strstr(d.msg, "nested too deeply"));
    free(deep);
    /* A mapping with too many keys. */
    char *wide = malloc(300 * 16 + 4);
    assert_non_null(wide);
    len = 0;
    for (int i = 0; i < 300; i++)
        len += (size_t)sprintf(wide + len, "k%d: 1\n", i);
    assert_int_equal(ord_scenario_load_text(&c, wide, len, "wide", NULL, &d), SIM_EPARSE);
    assert_non_null(strstr(d.msg, "too many keys"));
    assert_int_equal(d.line, 257);
    free(wide);
    /* Only comments. */
    assert_int_equal(ord_scenario_load_text(&c, "# x\n", 4, "c", NULL, &d), SIM_EPARSE);
    assert_non_null(strstr(d.msg, "empty scenario"));
    /* Keys that would reach into sections or list items are not keys. */
    static const char dotted[] = "load.phases[].at: 1s\n";
    assert_int_equal(ord_scenario_load_text(&c, dotted, strlen(dotted), "d", NULL, &d), SIM_EPARSE);
    assert_non_null(strstr(d.msg, "unknown key"));
    /* A key that is a list. */
    static const char listkey[] = "? [a]\n: 1\n";
    assert_int_equal(ord_scenario_load_text(&c, listkey, strlen(listkey), "k", NULL, &d),
                     SIM_EPARSE);
    assert_non_null(strstr(d.msg, "a key must be a plain name"));
}

/* Files that must not be read: too large, a FIFO (would block), a directory. */
static void test_files_not_read(void **state)
{
    (void)state;
    struct ord_config c;
    struct ord_diag d;
    char path[1024];
    snprintf(path, sizeof path, "%s/test_ord_scenario_big.yaml", ORD_BINARY_DIR);
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    assert_true(fd >= 0);
    assert_int_equal(ftruncate(fd, (off_t)17 << 20), 0); /* sparse: costs no disk */
    close(fd);
    assert_int_equal(ord_scenario_load_file(&c, path, &d), SIM_EPARSE);
    assert_non_null(strstr(d.msg, "file too large"));
    unlink(path);

    snprintf(path, sizeof path, "%s/test_ord_scenario_fifo.yaml", ORD_BINARY_DIR);
    unlink(path);
    assert_int_equal(mkfifo(path, 0600), 0);
    assert_int_equal(ord_scenario_load_file(&c, path, &d), SIM_EINVAL);
    assert_non_null(strstr(d.msg, "not a regular file"));
    unlink(path);

    assert_int_equal(ord_scenario_load_file(&c, "/", &d), SIM_EINVAL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_fixtures),
        cmocka_unit_test(test_times_fixture_loads),
        cmocka_unit_test(test_text_inputs),
        cmocka_unit_test(test_files_not_read),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
