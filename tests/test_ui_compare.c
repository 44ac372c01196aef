/* compare: figures worked out by hand from tests/fixtures/runs/a.csv and b.csv, the
 * table, the JSON, sidecar figures and the command's errors. */
#include <jansson.h>
#include <math.h>
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

#include "sim/error.h"
#include "ui/base/cmd.h"
#include "ui/chart/compare.h"
#include "ui/chart/csv.h"

#define RUNS ORD_SOURCE_DIR "/tests/fixtures/runs/"
#define OUT ORD_BINARY_DIR "/test_ui_compare.out/"

static void load(struct ui_run_data *d, const char *path, const char *label)
{
    char err[512];
    ui_rundata_init(d, label);
    assert_int_equal(ui_rundata_load(d, path, NULL, err, sizeof err), 0);
}

static void figures(const struct ui_run_data *d, const char *variant, struct ui_figures *f)
{
    int vi = ui_rundata_find(d, variant);
    assert_true(vi >= 0);
    assert_int_equal(ui_figures_compute(d, vi, f), 0);
}

/* The hand computation (interval 1 s, 6 rows):
 * a sync:  completed 1000+1000+2990+2980+1030+0 = 9000 -> 1500/s; p50 of answered
 *          rows {220,222,600,800,300} -> 300; p99 max 1000; rejected 2000; failed 30;
 *          no backlog; db max 2990.
 * a async: completed 11200 -> 1866.67/s; p50 {25,25,25,26,25} -> 25; p99 29;
 *          backlog max 2200 at row 3; next zero at row 5 -> drained at 5 + 1 = 6 s;
 *          db max 3000.
 * b sync:  completed 11000 -> 1833.33/s; p50 {220,220,230,240,220} -> 220; p99 280;
 *          no errors; db max 4000. */
static void test_figures_from_csv(void **state)
{
    (void)state;
    struct ui_run_data a, b;
    load(&a, RUNS "a.csv", NULL);
    load(&b, RUNS "b.csv", NULL);
    struct ui_figures f;
    figures(&a, "sync", &f);
    assert_float_equal(f.v[UI_FIG_THROUGHPUT], 1500.0, 1e-9);
    assert_float_equal(f.v[UI_FIG_LATENCY_P50], 300.0, 1e-9);
    assert_float_equal(f.v[UI_FIG_LATENCY_P99], 1000.0, 1e-9);
    assert_float_equal(f.v[UI_FIG_REJECTED], 2000.0, 1e-9);
    assert_float_equal(f.v[UI_FIG_FAILED], 30.0, 1e-9);
    assert_float_equal(f.v[UI_FIG_BACKLOG_MAX], 0.0, 1e-9);
    assert_float_equal(f.v[UI_FIG_DRAINED_AT], 0.0, 1e-9);
    assert_float_equal(f.v[UI_FIG_DB_MAX], 2990.0, 1e-9);
    for (int k = 0; k < UI_NFIGURES; k++)
        assert_true(f.from_csv[k]);
    figures(&a, "async", &f);
    assert_float_equal(f.v[UI_FIG_THROUGHPUT], 11200.0 / 6, 1e-9);
    assert_float_equal(f.v[UI_FIG_LATENCY_P50], 25.0, 1e-9);
    assert_float_equal(f.v[UI_FIG_LATENCY_P99], 29.0, 1e-9);
    assert_float_equal(f.v[UI_FIG_BACKLOG_MAX], 2200.0, 1e-9);
    assert_float_equal(f.v[UI_FIG_DRAINED_AT], 6.0, 1e-9);
    assert_float_equal(f.v[UI_FIG_DB_MAX], 3000.0, 1e-9);
    figures(&b, "sync", &f);
    assert_float_equal(f.v[UI_FIG_THROUGHPUT], 11000.0 / 6, 1e-9);
    assert_float_equal(f.v[UI_FIG_LATENCY_P50], 220.0, 1e-9);
    assert_float_equal(f.v[UI_FIG_LATENCY_P99], 280.0, 1e-9);
    assert_float_equal(f.v[UI_FIG_REJECTED], 0.0, 1e-9);
    assert_float_equal(f.v[UI_FIG_DB_MAX], 4000.0, 1e-9);
    assert_float_equal(ui_figure_ratio(1500, 11000.0 / 6), 11.0 / 9, 1e-12);
    assert_true(isnan(ui_figure_ratio(0, 5)));
    assert_true(isnan(ui_figure_diff(INFINITY, 5)));
    ui_rundata_free(&a);
    ui_rundata_free(&b);
}

/* The edge rules: an even count's median, a backlog that never drains. */
static void test_rules_edges(void **state)
{
    (void)state;
    struct ui_run_data d;
    ui_rundata_init(&d, "edge");
    int vi = ui_rundata_variant(&d, "async");
    const double p50[] = {10, 0, 40, 20, 30}, backlog[] = {0, 5, 9, 4, 2};
    for (int i = 0; i < 5; i++) {
        double row[UI_NCOLS] = {0};
        row[UI_COL_TIME] = 0.5 * i;
        row[UI_COL_LATENCY_P50] = p50[i];
        row[UI_COL_BACKLOG] = backlog[i];
        row[UI_COL_REJECTED] = 10; /* per second, over 0.5 s intervals */
        assert_int_equal(ui_rundata_append(&d, vi, row), 0);
    }
    struct ui_figures f;
    assert_int_equal(ui_figures_compute(&d, vi, &f), 0);
    assert_float_equal(f.v[UI_FIG_LATENCY_P50], 25.0, 1e-9); /* {10,20,30,40} */
    assert_true(isinf(f.v[UI_FIG_DRAINED_AT]));
    assert_float_equal(f.v[UI_FIG_REJECTED], 25.0, 1e-9); /* 5 rows x 10/s x 0.5 s */
    char *buf = NULL;
    size_t len = 0;
    FILE *m = open_memstream(&buf, &len);
    assert_int_equal(ui_compare_print(&d, 1, m), 0);
    fclose(m);
    assert_non_null(strstr(buf, "never"));
    free(buf);
    ui_rundata_free(&d);
}

/* The numbers on one row of one variant's block: value, then (value, diff, ratio)
 * per later run. Returns how many it read. */
static int row_numbers(const char *table, const char *variant, const char *label, double *out,
                       int max)
{
    char head[64];
    snprintf(head, sizeof head, "\n%s ", variant);
    const char *p = strstr(table, head);
    assert_non_null(p);
    p = strstr(p, label);
    assert_non_null(p);
    p += strlen(label);
    int n = 0;
    while (n < max && *p && *p != '\n') {
        char *end;
        double v = strtod(p, &end);
        if (end == p) {
            p++;
            continue;
        }
        out[n++] = v;
        p = end;
    }
    return n;
}

static void test_table(void **state)
{
    (void)state;
    struct ui_run_data runs[2];
    load(&runs[0], RUNS "a.csv", "default");
    load(&runs[1], RUNS "b.csv", "conn120");
    char *buf = NULL;
    size_t len = 0;
    FILE *m = open_memstream(&buf, &len);
    assert_int_equal(ui_compare_print(runs, 2, m), 0);
    fclose(m);
    double v[8];
    assert_int_equal(row_numbers(buf, "sync", "throughput while load runs (completed/s)", v, 8), 4);
    assert_float_equal(v[0], 1500.0, 0.05);
    assert_float_equal(v[1], 1833.3, 0.05);
    assert_float_equal(v[2], 333.3, 0.05);
    assert_float_equal(v[3], 1.22, 0.005);
    assert_int_equal(row_numbers(buf, "sync", "latency p99 (ms)", v, 8), 4);
    assert_true(v[0] == 1000 && v[1] == 280 && v[2] == -720 && v[3] == 0.28);
    assert_int_equal(row_numbers(buf, "sync", "rejected (orders)", v, 8), 4);
    assert_true(v[0] == 2000 && v[1] == 0 && v[2] == -2000 && v[3] == 0);
    assert_int_equal(row_numbers(buf, "async", "MQ backlog max (messages)", v, 8), 4);
    assert_true(v[0] == 2200 && v[1] == 200 && v[2] == -2000 && v[3] == 0.09);
    assert_int_equal(row_numbers(buf, "async", "database max (queries/s)", v, 8), 4);
    assert_true(v[0] == 3000 && v[1] == 4000 && v[2] == 1000 && v[3] == 1.33);
    assert_non_null(strstr(buf, "no sidecar, figures computed from the CSV"));
    free(buf);
    ui_rundata_free(&runs[0]);
    ui_rundata_free(&runs[1]);
}

static void test_command_json(void **state)
{
    (void)state;
    mkdir(OUT, 0777);
    unlink(OUT "cmp.json");
    unlink(OUT "cmp.svg");
    char *argv[] = {"compare", RUNS "a.csv",   RUNS "b.csv", "--label",     "default",
                    "--json",  OUT "cmp.json", "--chart",    OUT "cmp.svg", NULL};
    assert_int_equal(ui_cmd_exec(&ui_cmd_compare_entry, 9, argv), 0);
    assert_int_equal(access(OUT "cmp.svg", F_OK), 0);
    json_error_t e;
    json_t *root = json_load_file(OUT "cmp.json", 0, &e);
    assert_non_null(root);
    assert_string_equal(json_string_value(json_object_get(root, "baseline")), "default");
    json_t *runs = json_object_get(root, "runs");
    assert_int_equal(json_array_size(runs), 2);
    assert_string_equal(json_string_value(json_object_get(json_array_get(runs, 1), "label")),
                        "b"); /* the file stem: one --label for two runs */
    json_t *tp = json_object_get(json_object_get(json_object_get(root, "variants"), "sync"),
                                 "completed_during_load_per_s");
    assert_float_equal(json_number_value(json_array_get(json_object_get(tp, "values"), 1)),
                       11000.0 / 6, 1e-6);
    assert_float_equal(json_number_value(json_array_get(json_object_get(tp, "diff"), 1)),
                       11000.0 / 6 - 1500, 1e-6);
    assert_true(json_is_null(json_array_get(json_object_get(tp, "diff"), 0)));
    json_t *rej =
        json_object_get(json_object_get(json_object_get(root, "variants"), "sync"), "rejected");
    assert_true(json_is_null(json_array_get(json_object_get(rej, "ratio"), 0)));
    assert_int_equal(json_integer_value(json_array_get(json_object_get(rej, "values"), 0)), 2000);
    json_decref(root);
}

/* With the sidecar, the exact figures are used; a key it lacks falls back (~). */
static void test_sidecar_figures(void **state)
{
    (void)state;
    struct ui_run_data d;
    load(&d, RUNS "spike.csv", NULL);
    struct ui_figures f;
    figures(&d, "async", &f);
    assert_float_equal(f.v[UI_FIG_THROUGHPUT], 2499.2, 1e-9);
    assert_float_equal(f.v[UI_FIG_RUN_AVERAGE], 1666.1, 1e-9);
    assert_float_equal(f.v[UI_FIG_LATENCY_P99], 28.5, 1e-9);
    assert_float_equal(f.v[UI_FIG_DRAINED_AT], 28.0, 1e-9);
    assert_float_equal(f.v[UI_FIG_BACKLOG_MAX], 40014, 1e-9);
    for (int k = 0; k < UI_NFIGURES; k++)
        assert_false(f.from_csv[k]);
    struct ui_variant_meta *m = ui_rundata_meta_variant(&d, "sync");
    m->completed_per_s = NAN; /* then completed / (duration + drain) */
    m->completed_load_per_s = NAN; /* then the CSV's rows before the load's end */
    m->db_qps_max = NAN;      /* then the CSV rule */
    figures(&d, "sync", &f);
    assert_float_equal(f.v[UI_FIG_RUN_AVERAGE], 105184.0 / 90, 1e-9);
    assert_false(f.from_csv[UI_FIG_RUN_AVERAGE]);
    assert_true(f.from_csv[UI_FIG_THROUGHPUT]); /* mean of the 60 rows of the load */
    assert_true(f.v[UI_FIG_THROUGHPUT] > 105184.0 / 90);
    assert_true(f.from_csv[UI_FIG_DB_MAX]);
    assert_float_equal(f.v[UI_FIG_DB_MAX], 5994, 1e-9); /* the CSV's largest db_qps */
    char *buf = NULL;
    size_t len = 0;
    FILE *mem = open_memstream(&buf, &len);
    assert_int_equal(ui_compare_print(&d, 1, mem), 0);
    fclose(mem);
    assert_non_null(strstr(buf, "5994~"));
    assert_non_null(strstr(buf, "figures from the sidecar"));
    free(buf);
    ui_rundata_free(&d);
}

static void test_command_errors(void **state)
{
    (void)state;
    char *one[] = {"compare", RUNS "a.csv", NULL};
    assert_int_equal(ui_cmd_exec(&ui_cmd_compare_entry, 2, one), 2);
    char *bad[] = {"compare", RUNS "a.csv", RUNS "bad/number.csv", NULL};
    assert_int_equal(ui_cmd_exec(&ui_cmd_compare_entry, 3, bad), 2);
    char *labels[] = {"compare", RUNS "a.csv", RUNS "b.csv", "--label", "x",
                      "--label", "y",          "--label",    "z",       NULL};
    assert_int_equal(ui_cmd_exec(&ui_cmd_compare_entry, 9, labels), 2);
    unlink(OUT "c.bmp");
    char *fmt[] = {"compare", RUNS "a.csv", RUNS "b.csv", "--chart", OUT "c.bmp", NULL};
    assert_int_equal(ui_cmd_exec(&ui_cmd_compare_entry, 5, fmt), 2);
    assert_int_not_equal(access(OUT "c.bmp", F_OK), 0);
    char *help[] = {"compare", "--help", NULL};
    assert_int_equal(ui_cmd_exec(&ui_cmd_compare_entry, 2, help), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_figures_from_csv),
        cmocka_unit_test(test_rules_edges),
        cmocka_unit_test(test_table),
        cmocka_unit_test(test_command_json),
        cmocka_unit_test(test_sidecar_figures),
        cmocka_unit_test(test_command_errors),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
