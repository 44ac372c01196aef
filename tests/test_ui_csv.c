/* Reading runs: the CSV and its sidecar, and every bad-input message. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "sim/error.h"
#include "ui/base/cmd.h"
#include "ui/chart/chart.h"
#include "ui/chart/csv.h"

#define RUNS ORD_SOURCE_DIR "/tests/fixtures/runs/"
#define OUT_DIR ORD_BINARY_DIR "/test_ui_csv.out"

static void test_load_a(void **state)
{
    (void)state;
    struct ui_run_data d;
    ui_rundata_init(&d, NULL);
    char err[512] = "";
    assert_int_equal(ui_rundata_load(&d, RUNS "a.csv", NULL, err, sizeof err), 0);
    assert_string_equal(d.label, "a");
    assert_string_equal(d.source, "a.csv");
    assert_false(d.meta.present);
    assert_int_equal(d.nvariants, 2);
    assert_string_equal(d.v[0].name, "sync");
    assert_string_equal(d.v[1].name, "async");
    assert_int_equal(d.v[0].n, 6);
    assert_int_equal(d.v[1].n, 6);
    /* a few cells, read back exactly */
    assert_true(d.v[0].col[UI_COL_TIME][2] == 2);
    assert_true(d.v[0].col[UI_COL_COMPLETED][2] == 2990);
    assert_true(d.v[0].col[UI_COL_LATENCY_P99][3] == 1000);
    assert_true(d.v[1].col[UI_COL_BACKLOG][3] == 2200);
    assert_true(d.v[1].col[UI_COL_DB_QPS][5] == 200);
    assert_true(ui_rundata_interval(&d) == 1.0);
    assert_true(ui_rundata_end(&d) == 6.0);
    ui_rundata_free(&d);
    assert_int_equal(d.nvariants, 0);
}

static void test_load_sidecar(void **state)
{
    (void)state;
    struct ui_run_data d;
    ui_rundata_init(&d, "spike run");
    char err[512] = "";
    assert_int_equal(ui_rundata_load(&d, RUNS "spike.csv", NULL, err, sizeof err), 0);
    assert_string_equal(d.label, "spike run"); /* a given label is kept */
    assert_string_equal(d.meta_source, "spike.json");
    const struct ui_run_meta *m = &d.meta;
    assert_true(m->present);
    assert_string_equal(m->scenario, "flash-spike");
    assert_true(m->has_seed);
    assert_int_equal(m->seed, 42);
    assert_true(m->db_capacity_qps == 6000);
    assert_true(m->duration_s == 60 && m->drain_s == 30 && m->interval_s == 1);
    assert_int_equal(m->nphases, 3);
    assert_true(m->phases[1].from_s == 10 && m->phases[1].to_s == 20);
    assert_true(m->phases[1].rate_per_s == 10000);
    assert_int_equal(m->nfaults, 1);
    assert_string_equal(m->faults[0].target, "b");
    assert_string_equal(m->faults[0].kind, "down");
    assert_true(m->faults[0].from_s == 40 && m->faults[0].to_s == 45);
    assert_true(isnan(m->faults[0].factor));
    const struct ui_variant_meta *s = ui_rundata_meta_find(&d, "sync");
    const struct ui_variant_meta *a = ui_rundata_meta_find(&d, "async");
    assert_non_null(s);
    assert_non_null(a);
    assert_true(s->latency.p99 == 1005.0);
    assert_true(a->drained_at_s == 28.0);
    assert_true(a->lag.p99 == 6900.0);
    assert_true(isnan(a->ideal_latency_ms)); /* absent key */
    assert_int_equal(d.v[0].n, 90);
    ui_rundata_free(&d);
}

/* A run filled in memory, as `ordersim run --chart` does. */
static void test_programmatic(void **state)
{
    (void)state;
    struct ui_run_data d;
    ui_rundata_init(&d, "mem");
    int vi = ui_rundata_variant(&d, "sync");
    assert_int_equal(vi, 0);
    assert_int_equal(ui_rundata_variant(&d, "sync"), 0);
    assert_int_equal(ui_rundata_variant(&d, "bad name"), SIM_EINVAL);
    assert_int_equal(ui_rundata_variant(&d, ""), SIM_EINVAL);
    for (int i = 0; i < 200; i++) { /* past the first growth */
        double row[UI_NCOLS] = {0};
        row[UI_COL_TIME] = i * 0.5;
        row[UI_COL_COMPLETED] = i;
        assert_int_equal(ui_rundata_append(&d, vi, row), 0);
    }
    assert_int_equal(ui_rundata_append(&d, 3, (double[UI_NCOLS]){0}), SIM_EINVAL);
    assert_int_equal(d.v[0].n, 200);
    assert_true(d.v[0].col[UI_COL_COMPLETED][199] == 199);
    assert_true(ui_rundata_interval(&d) == 0.5);
    assert_true(ui_rundata_end(&d) == 100.0);
    for (int i = 1; i < UI_RUN_MAX_VARIANTS; i++) {
        char name[8];
        snprintf(name, sizeof name, "v%d", i);
        assert_int_equal(ui_rundata_variant(&d, name), i);
    }
    assert_int_equal(ui_rundata_variant(&d, "one-too-many"), SIM_ERANGE);
    struct ui_variant_meta *m = ui_rundata_meta_variant(&d, "sync");
    assert_non_null(m);
    assert_true(isnan(m->latency.p50) && isnan(m->drained_at_s));
    struct ui_phase_meta ph = {0, 10, 1000};
    assert_int_equal(ui_rundata_add_phase(&d, &ph), 0);
    assert_int_equal(d.meta.nphases, 1);
    ui_rundata_free(&d);
}

static void test_paths(void **state)
{
    (void)state;
    char buf[256];
    ui_sidecar_path("x/run.csv", buf, sizeof buf);
    assert_string_equal(buf, "x/run.json");
    ui_sidecar_path("x/run", buf, sizeof buf);
    assert_string_equal(buf, "x/run.json");
    ui_path_stem("dir.d/run.2.csv", buf, sizeof buf);
    assert_string_equal(buf, "run.2");
    ui_path_stem("plain", buf, sizeof buf);
    assert_string_equal(buf, "plain");
}

/* Each bad input: the exact message (FILE:LINE:COLUMN, column = the field's first
 * character, worked out by hand from the fixture), exit 2, and no chart left. */
static const struct {
    const char *file, *message;
} bad_cases[] = {
    {"empty.csv", "empty.csv:1:1: empty file: expected the CSV header time_s,variant,..."},
    {"header_only.csv", "header_only.csv:2:1: no data rows after the header"},
    {"header.csv", "header.csv:1:16: header column 3 is 'offered', expected 'offered_qps'"},
    {"number.csv", "number.csv:3:22: bad number '1x00' for completed_qps"},
    {"fields.csv", "fields.csv:3:52: expected 15 fields, found 14"},
    {"extra.csv", "extra.csv:3:58: expected 15 fields, found 16"},
    {"negative.csv", "negative.csv:2:39: negative value -5 for lag_p50_ms"},
    {"order.csv", "order.csv:3:1: time_s 0 goes backwards (line 2 has 1): rows must be in time "
                  "order"},
    {"duplicate.csv", "duplicate.csv:4:3: second row for variant 'sync' at time_s 0"},
    {"variant.csv", "variant.csv:2:3: bad variant name 'sy nc' (letters, digits, _ . - ; at most "
                    "31)"},
    {"svc_count.csv", "svc_count.csv:1:170: header has 18 columns: expected 15, or 4 per "
                      "service after them for 2 to 8 services"},
    {"svc_suffix.csv", "svc_suffix.csv:1:234: header column 21 is 'y_lag_p99', expected "
                       "'<service>_lag_p99_ms'"},
    {"svc_value.csv", "svc_value.csv:3:59: negative value -5 for y_lag_p99_ms"},
    {"badjson.csv", "badjson.json:2:13: string or '}' expected near ','"},
    {"badtype.csv", "badtype.json: key seed: expected a whole number >= 0"},
};

static void test_bad_messages(void **state)
{
    (void)state;
    assert_int_equal(chdir(RUNS "bad"), 0); /* messages name the path as given */
    for (size_t i = 0; i < sizeof bad_cases / sizeof bad_cases[0]; i++) {
        struct ui_run_data d;
        ui_rundata_init(&d, NULL);
        char err[512] = "";
        int rc = ui_rundata_load(&d, bad_cases[i].file, NULL, err, sizeof err);
        assert_int_equal(rc, SIM_EPARSE);
        assert_int_equal(ui_exit_status(rc), 2);
        assert_string_equal(err, bad_cases[i].message);
        ui_rundata_free(&d);
    }
}

static void test_bad_exit_and_no_output(void **state)
{
    (void)state;
    mkdir(OUT_DIR, 0777);
    const char *out = OUT_DIR "/bad.png";
    for (size_t i = 0; i < sizeof bad_cases / sizeof bad_cases[0]; i++) {
        char in[512];
        snprintf(in, sizeof in, RUNS "bad/%s", bad_cases[i].file);
        unlink(out);
        char *argv[] = {"chart", in, "-o", (char *)out, NULL};
        assert_int_equal(ui_cmd_exec(&ui_cmd_chart_entry, 4, argv), 2);
        assert_int_not_equal(access(out, F_OK), 0);
    }
}

static void test_missing_file(void **state)
{
    (void)state;
    struct ui_run_data d;
    ui_rundata_init(&d, NULL);
    char err[512] = "";
    int rc = ui_rundata_load(&d, "no/such/run.csv", NULL, err, sizeof err);
    assert_int_equal(rc, SIM_ENOENT);
    assert_int_equal(ui_exit_status(rc), 2);
    assert_string_equal(err, "no/such/run.csv: cannot open: No such file or directory");
    ui_rundata_free(&d);
    /* an explicit --meta that does not exist is an error too */
    ui_rundata_init(&d, NULL);
    rc = ui_rundata_load(&d, RUNS "a.csv", "no/such/meta.json", err, sizeof err);
    assert_int_equal(rc, SIM_ENOENT);
    ui_rundata_free(&d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_load_a),       cmocka_unit_test(test_load_sidecar),
        cmocka_unit_test(test_programmatic), cmocka_unit_test(test_paths),
        cmocka_unit_test(test_missing_file), cmocka_unit_test(test_bad_exit_and_no_output),
        cmocka_unit_test(test_bad_messages),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
