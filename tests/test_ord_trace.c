/* tests/test_ord_trace.c: load traces (CSV) and the value syntaxes they share with
 * scenario files: exact durations, rates, counts and their written forms. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "orders/scenario/scenario.h"

#include "orders/scenario/scenario_internal.h"
#include "sim/error.h"
#include "sim/rng.h"

static void test_durations(void **state)
{
    (void)state;
    static const struct {
        const char *s;
        sim_time ns;
    } ok[] = {
        {"0", 0},
        {"0.0", 0},
        {"0s", 0},
        {"250ms", 250 * SIM_MS},
        {"0.5s", 500 * SIM_MS},
        {"0.1s", 100 * SIM_MS}, /* exact: no trip through binary fractions */
        {"12345678901ns", 12345678901},
        {"1.5us", 1500},
        {"1.5h", 5400 * SIM_S},
        {"2m", 120 * SIM_S},
        {".5s", 500 * SIM_MS},
    };
    const char *why;
    sim_time t;
    for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++) {
        assert_int_equal(ord__parse_duration(ok[i].s, false, &t, &why), 0);
        assert_int_equal(t, ok[i].ns);
    }
    /* Rounded to the nearest nanosecond. */
    assert_int_equal(ord__parse_duration("0.0000000015s", false, &t, &why), 0);
    assert_int_equal(t, 2);
    assert_int_equal(ord__parse_duration("0.0000000014s", false, &t, &why), 0);
    assert_int_equal(t, 1);
    assert_int_equal(ord__parse_duration("unlimited", true, &t, &why), 0);
    assert_int_equal(t, SIM_TIME_NEVER);
    static const struct {
        const char *s, *why;
    } bad[] = {
        {"unlimited", "cannot be unlimited"},
        {"-1s", "must not be negative"},
        {"5", "needs a unit"},
        {"5 s", "unknown time unit"},
        {"5sec", "unknown time unit"},
        {"s", "expected a duration"},
        {"", "missing value"},
        {"1.2.3s", "expected a number"},
        {"99999999999999999999s", "too large"},
        {"9999999999h", "too long"},
        {"0.1234567890123456s", "too many decimals"},
        {"1e3ms", "unknown time unit"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        why = NULL;
        assert_int_equal(ord__parse_duration(bad[i].s, false, &t, &why), SIM_EPARSE);
        if (!strstr(why, bad[i].why))
            fprintf(stderr, "%s: %s\n", bad[i].s, why);
        assert_non_null(strstr(why, bad[i].why));
    }
}

static void test_rates_and_counts(void **state)
{
    (void)state;
    const char *why;
    double r;
    uint64_t n;
    assert_int_equal(ord__parse_rate("1000/s", false, &r, &why), 0);
    assert_true(r == 1000);
    assert_int_equal(ord__parse_rate("60000/m", false, &r, &why), 0);
    assert_true(r == 1000);
    assert_int_equal(ord__parse_rate("7200/h", false, &r, &why), 0);
    assert_true(r == 2);
    assert_int_equal(ord__parse_rate("1e4", false, &r, &why), 0);
    assert_true(r == 10000);
    assert_int_equal(ord__parse_rate("unlimited", true, &r, &why), 0);
    assert_true(r == 0);
    assert_int_equal(ord__parse_rate("1000/d", false, &r, &why), SIM_EPARSE);
    assert_int_equal(ord__parse_rate("inf", false, &r, &why), SIM_EPARSE);
    assert_int_equal(ord__parse_rate("nan/s", false, &r, &why), SIM_EPARSE);
    assert_int_equal(ord__parse_rate("0x10/s", false, &r, &why), SIM_EPARSE);
    assert_int_equal(ord__parse_rate("1e999/s", false, &r, &why), SIM_EPARSE);
    assert_int_equal(ord__parse_rate("-5/s", false, &r, &why), SIM_EPARSE);
    assert_non_null(strstr(why, "negative"));
    assert_int_equal(ord__parse_count("18446744073709551615", false, &n, &why), 0);
    assert_true(n == UINT64_MAX);
    assert_int_equal(ord__parse_count("18446744073709551616", false, &n, &why), SIM_EPARSE);
    assert_int_equal(ord__parse_count("1.5", false, &n, &why), SIM_EPARSE);
    assert_int_equal(ord__parse_count("unlimited", false, &n, &why), SIM_EPARSE);
    assert_int_equal(ord__parse_count("unlimited", true, &n, &why), 0);
    assert_true(n == UINT64_MAX);
}

/* Written values read back exactly (what makes record files replay exactly). */
static void test_written_forms_read_back(void **state)
{
    (void)state;
    struct sim_rng rng;
    sim_rng_init(&rng, 1, 2);
    char buf[64];
    const char *why;
    assert_int_equal(ord__parse_duration("60s", false, &(sim_time){0}, &why), 0);
    ord__fmt_duration(60 * SIM_S, buf, sizeof buf);
    assert_string_equal(buf, "60s");
    ord__fmt_duration(12345678901, buf, sizeof buf);
    assert_string_equal(buf, "12345678901ns");
    ord__fmt_duration(1500 * SIM_US, buf, sizeof buf);
    assert_string_equal(buf, "1500us");
    for (int i = 0; i < 10000; i++) {
        sim_time t = (sim_time)(sim_rng_u64(&rng) % (uint64_t)(8 * 24 * SIM_HOUR));
        sim_time back;
        ord__fmt_duration(t, buf, sizeof buf);
        assert_int_equal(ord__parse_duration(buf, false, &back, &why), 0);
        assert_int_equal(back, t);
        double r = sim_rng_unit(&rng) * pow(10, (double)(i % 15) - 5);
        double rb;
        ord__fmt_rate(r, buf, sizeof buf);
        assert_int_equal(ord__parse_rate(buf, false, &rb, &why), 0);
        assert_true(rb == r);
    }
}

static int parse(const char *text, struct ord_phase **ph, size_t *nph, sim_time **t, size_t *nt,
                 struct ord_diag *d)
{
    *ph = NULL;
    *t = NULL;
    return ord__trace_parse(text, strlen(text), "t.csv", ph, nph, t, nt, d);
}

static void test_trace_rates(void **state)
{
    (void)state;
    struct ord_phase *ph;
    sim_time *t;
    size_t nph, nt;
    struct ord_diag d;
    static const char text[] = "\xef\xbb\xbf# comment\r\n\r\n time_s , rate_per_s \r\n"
                               "0,1000\r\n0.5, 2.5\r\n  # more\n10.000000001,0\n";
    assert_int_equal(parse(text, &ph, &nph, &t, &nt, &d), 0);
    assert_null(t);
    assert_int_equal(nt, 0);
    assert_int_equal(nph, 3);
    assert_int_equal(ph[1].at, 500 * SIM_MS);
    assert_true(ph[1].rate_per_s == 2.5);
    assert_int_equal(ph[2].at, 10 * SIM_S + 1);
    assert_true(ph[2].rate_per_s == 0);
    free(ph);
}

static void test_trace_times(void **state)
{
    (void)state;
    struct ord_phase *ph;
    sim_time *t;
    size_t nph, nt;
    struct ord_diag d;
    assert_int_equal(parse("time_s\n0\n0.001\n0.001\n2\n", &ph, &nph, &t, &nt, &d), 0);
    assert_null(ph);
    assert_int_equal(nt, 4);
    assert_int_equal(t[1], SIM_MS);
    assert_int_equal(t[3], 2 * SIM_S);
    free(t);
}

/* A trace's rows are read once and shared: a copy and an override of the config keep
 * the same rows (a sweep's jobs hold one copy, not one each); freeing the configs in
 * any order frees them once (ASan checks). An override of load itself drops them. */
static void test_trace_rows_shared(void **state)
{
    (void)state;
    struct ord_config base, copy, changed;
    struct ord_diag d;
    assert_int_equal(ord_scenario_resolve(&base, "black-friday", &d), 0);
    assert_true(base.load.nphases > 10);
    assert_int_equal(ord_config_copy(&copy, &base), 0);
    assert_ptr_equal(copy.load.phases, base.load.phases);
    assert_int_equal(ord_config_copy(&changed, &base), 0);
    const char *sets[] = {"database.connections=30", "seed=7"};
    assert_int_equal(ord_scenario_set_all(&changed, sets, 2, &d), 0);
    assert_ptr_equal(changed.load.phases, base.load.phases);
    assert_int_equal(changed.load.nphases, base.load.nphases);
    assert_int_equal(changed.db.connections, 30);
    ord_config_free(&base);
    assert_true(copy.load.phases[1].at > 0); /* still there after base is gone */
    ord_config_free(&copy);
    assert_int_equal(ord_scenario_set(&changed, "load.phases=[{at: 0s, rate: 5/s}]", &d), 0);
    assert_int_equal(changed.load.nphases, 1);
    ord_config_free(&changed);
}

static const struct {
    const char *text;
    int line, col;
    const char *msg;
} bad_traces[] = {
    {"", 0, 0, "empty trace"},
    {"# only a comment\n", 0, 0, "empty trace"},
    {"time_s,rate_per_s\n", 0, 0, "header but no rows"},
    {"time,rate\n0,1\n", 1, 1, "expected the header"},
    {"\n\ntime_s,rate_per_s,x\n", 3, 1, "expected the header"},
    {"time_s,rate_per_s\n1,100\n", 2, 1, "first row must be at time_s 0"},
    {"time_s,rate_per_s\n0,100\n5,1\n5,2\n", 4, 1, "time_s must increase"},
    {"time_s,rate_per_s\n0,100\n3,fast\n", 3, 3, "bad rate_per_s `fast`"},
    {"time_s,rate_per_s\n0,100\n3,-1\n", 3, 3, "must not be negative"},
    {"time_s,rate_per_s\n0,1e8\n", 2, 3, "rate_per_s is too large"},
    {"time_s,rate_per_s\n0,100\n-3,1\n", 3, 1, "must not be negative"},
    {"time_s,rate_per_s\n0,100\n 4s ,1\n", 3, 2, "bad time_s `4s`"},
    {"time_s,rate_per_s\n0,100\n700000,1\n", 3, 1, "at most 604800"},
    {"time_s,rate_per_s\n0\n", 2, 2, "expected 2 columns"},
    {"time_s,rate_per_s\n0,1,2\n", 2, 4, "expected 2 columns"},
    {"time_s\n0,1\n", 2, 2, "expected 1 column"},
    {"time_s\n2\n1\n", 3, 1, "must be sorted"},
    {"time_s\n1\n\"2\"\n", 3, 1, "bad time_s"},
};

static void test_trace_errors(void **state)
{
    (void)state;
    struct ord_phase *ph;
    sim_time *t;
    size_t nph, nt;
    struct ord_diag d;
    for (size_t i = 0; i < sizeof bad_traces / sizeof bad_traces[0]; i++) {
        int rc = parse(bad_traces[i].text, &ph, &nph, &t, &nt, &d);
        if (rc != SIM_EPARSE || d.line != bad_traces[i].line || d.col != bad_traces[i].col ||
            !strstr(d.msg, bad_traces[i].msg)) {
            fprintf(stderr, "case %zu: ", i);
            ord_diag_print(&d, stderr);
        }
        assert_int_equal(rc, SIM_EPARSE);
        assert_string_equal(d.file, "t.csv");
        assert_int_equal(d.line, bad_traces[i].line);
        assert_int_equal(d.col, bad_traces[i].col);
        assert_non_null(strstr(d.msg, bad_traces[i].msg));
    }
    /* A NUL byte, and a line over the limit. */
    static const char nul[] = "time_s\n0\n1\0\n";
    assert_int_equal(ord__trace_parse(nul, sizeof nul - 1, "t.csv", &ph, &nph, &t, &nt, &d),
                     SIM_EPARSE);
    assert_int_equal(d.line, 3);
    assert_int_equal(d.col, 2);
    char *lng = malloc(ORD__MAX_TRACE_LINE + 64);
    assert_non_null(lng);
    strcpy(lng, "time_s\n");
    memset(lng + 7, '1', ORD__MAX_TRACE_LINE + 1);
    lng[7 + ORD__MAX_TRACE_LINE + 1] = '\0';
    assert_int_equal(parse(lng, &ph, &nph, &t, &nt, &d), SIM_EPARSE);
    assert_int_equal(d.line, 2);
    assert_non_null(strstr(d.msg, "line too long"));
    free(lng);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_durations),
        cmocka_unit_test(test_rates_and_counts),
        cmocka_unit_test(test_written_forms_read_back),
        cmocka_unit_test(test_trace_rates),
        cmocka_unit_test(test_trace_times),
        cmocka_unit_test(test_trace_errors),
        cmocka_unit_test(test_trace_rows_shared),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
