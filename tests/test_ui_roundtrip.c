/* The run files' one schema (ui/base/schema.h), both ways: a real run written by the
 * writer (ui/export) and read back by the reader (ui/chart/csv*.c) gives, column by
 * column and key by key, what the run itself holds (the in-memory path `run --chart`
 * takes). Every column and every reader-side key is looped over from the tables, so a
 * new row is checked without touching this file. Tolerances: the CSV keeps 3 decimals
 * (half a unit of the last: 0.0005); the JSON rounds ms and per-second figures to
 * 3 decimals and seconds to 6. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <cmocka.h>

#include "orders/model.h"
#include "orders/scenario/scenario.h"
#include "ui/chart/csv.h"
#include "ui/cli/cli.h"
#include "ui/export/export.h"

#define OUT ORD_BINARY_DIR "/test_ui_roundtrip.out/"

static void run_scenario(const char *name, const char *set, struct ord_config *cfg,
                         struct ord_run *run)
{
    struct ord_diag d;
    memset(&d, 0, sizeof d);
    assert_int_equal(ord_scenario_resolve(cfg, name, &d), 0);
    if (set)
        assert_int_equal(ord_scenario_set(cfg, set, &d), 0);
    assert_int_equal(ord_run_init(run, cfg), 0);
    assert_int_equal(ord_run_finish(run), 0);
}

static void near(double got, double want, double tol, const char *what, const char *variant)
{
    if (isnan(want) && isnan(got))
        return;
    if (isinf(want) && got == want)
        return;
    if (!(fabs(got - want) <= tol))
        fail_msg("%s of %s: read back %.9g, the run has %.9g", what, variant, got, want);
}

/* Write r as CSV + JSON sidecar, read both back, compare with r in memory. */
static void roundtrip(const struct ord_result *r, const char *stem)
{
    char csv[512], json[512], err[512];
    snprintf(csv, sizeof csv, OUT "%s.csv", stem);
    snprintf(json, sizeof json, OUT "%s.json", stem);
    assert_int_equal(ui_csv_save(r, csv, err, sizeof err), 0);
    assert_int_equal(ui_json_save(r, json, err, sizeof err), 0);

    struct ui_run_data file, mem;
    ui_rundata_init(&file, NULL);
    ui_rundata_init(&mem, NULL);
    if (ui_rundata_load(&file, csv, NULL, err, sizeof err) != 0)
        fail_msg("the reader rejects what the writer wrote: %s", err);
    assert_int_equal(ui_rundata_from_result(&mem, r), 0);
    assert_true(file.meta.present);

    /* CSV: every variant, every bucket, every column of the table */
    assert_int_equal(file.nvariants, r->nvariants);
    for (int i = 0; i < r->nvariants; i++) {
        const struct ord_variant_result *v = &r->v[i];
        int vi = ui_rundata_find(&file, v->name);
        assert_true(vi >= 0);
        size_t n = sim_series_closed(&v->series);
        assert_true(n > 10);
        assert_int_equal(file.v[vi].n, n);
        for (size_t b = 0; b < n; b++) {
            double row[UI_NCOLS];
            ui_bucket_row(v, b, row);
            for (int c = 0; c < UI_NCOLS; c++) {
                near(file.v[vi].col[c][b], row[c], 0.0005, ui_col_names[c], v->name);
                assert_true(mem.v[vi].col[c][b] == row[c]);
            }
            /* the per-service columns, every service, every row of UI_SVC_COLUMNS */
            for (int k = 0; k < file.nsvc; k++) {
                double srow[UI_NSVC_COLS];
                ui_svc_bucket_row(&v->services[k], b, srow);
                for (int c = 0; c < UI_NSVC_COLS; c++) {
                    int sc = k * UI_NSVC_COLS + c;
                    near(file.v[vi].scol[sc][b], srow[c], 0.0005, ui_svc_col_suffixes[c],
                         v->name);
                    assert_true(mem.v[vi].scol[sc][b] == srow[c]);
                }
            }
        }
    }
    /* the services with columns: all of a run with several, none of a one-service run */
    assert_int_equal(file.nsvc, r->v[0].nservices >= 2 ? (int)r->v[0].nservices : 0);
    assert_int_equal(mem.nsvc, file.nsvc);
    for (int k = 0; k < file.nsvc; k++)
        assert_string_equal(file.svc[k], r->v[0].services[k].name);

    /* JSON: the run's facts and every per-variant figure of the table */
    const struct ui_run_meta *f = &file.meta, *m = &mem.meta;
    assert_string_equal(f->scenario, m->scenario);
    assert_string_equal(f->title, m->title);
    assert_true(f->has_seed && f->seed == m->seed);
    near(f->duration_s, m->duration_s, 1e-6, "duration_s", "the run");
    near(f->drain_s, m->drain_s, 1e-6, "drain_s", "the run");
    near(f->interval_s, m->interval_s, 1e-6, "interval_s", "the run");
    near(f->db_capacity_qps, m->db_capacity_qps, 0.0005, "db_capacity_qps", "the run");
    assert_int_equal(f->nphases, m->nphases);
    for (size_t i = 0; i < f->nphases; i++) {
        near(f->phases[i].from_s, m->phases[i].from_s, 1e-6, "phase from_s", "the run");
        near(f->phases[i].to_s, m->phases[i].to_s, 1e-6, "phase to_s", "the run");
        near(f->phases[i].rate_per_s, m->phases[i].rate_per_s, 0.0005, "phase rate", "the run");
    }
    assert_int_equal(f->nfaults, m->nfaults);
    for (size_t i = 0; i < f->nfaults; i++) {
        assert_string_equal(f->faults[i].target, m->faults[i].target);
        assert_string_equal(f->faults[i].kind, m->faults[i].kind);
        assert_string_equal(f->faults[i].database, m->faults[i].database);
        near(f->faults[i].from_s, m->faults[i].from_s, 1e-6, "fault from_s", "the run");
        near(f->faults[i].factor, m->faults[i].factor, 0.0005, "fault factor", "the run");
        near(f->faults[i].rate_per_s, m->faults[i].rate_per_s, 0.0005, "fault rate", "the run");
    }
    assert_int_equal(f->nvariants, m->nvariants);
    for (int i = 0; i < m->nvariants; i++) {
        const struct ui_variant_meta *mv = &m->variants[i];
        const struct ui_variant_meta *fv = ui_rundata_meta_find(&file, mv->name);
        assert_non_null(fv);
#define CHECK_FIGURE(key, field, null_value)                                                       \
    near(fv->field, mv->field, 0.0005, ui_json_key(key), mv->name);
        UI_JSON_VARIANT_FIGURES(CHECK_FIGURE)
#undef CHECK_FIGURE
#define CHECK_STAT(field)                                                                          \
    near(fv->latency.field, mv->latency.field, 0.0005, "latency_ms." #field, mv->name);          \
    near(fv->lag.field, mv->lag.field, 0.0005, "completion_lag_ms." #field, mv->name);
        UI_JSON_STATS(CHECK_STAT)
#undef CHECK_STAT
        /* each service's figures (the services form), every row of the table */
        assert_int_equal(fv->nsvc, mv->nsvc);
        for (int k = 0; k < mv->nsvc; k++) {
            const struct ui_service_meta *ms = &mv->svc[k];
            const struct ui_service_meta *fs = ui_variant_meta_service(fv, ms->name);
            assert_non_null(fs);
#define CHECK_SVC(key, field, null_value) near(fs->field, ms->field, 0.0005, ui_json_key(key), ms->name);
            UI_JSON_SERVICE_FIGURES(CHECK_SVC)
#undef CHECK_SVC
#define CHECK_SVC_LAG(field) near(fs->lag.field, ms->lag.field, 0.0005, "completion_lag_ms." #field, ms->name);
            UI_JSON_STATS(CHECK_SVC_LAG)
#undef CHECK_SVC_LAG
        }
    }
    /* the databases (the services form): name, capacity, the services on each */
    assert_int_equal(f->ndatabases, m->ndatabases);
    for (int k = 0; k < m->ndatabases; k++) {
        assert_string_equal(f->databases[k].name, m->databases[k].name);
        near(f->databases[k].capacity_qps, m->databases[k].capacity_qps, 0.0005, "capacity_qps",
             m->databases[k].name);
        assert_int_equal(f->databases[k].nservices, m->databases[k].nservices);
        for (int i = 0; i < m->databases[k].nservices; i++)
            assert_string_equal(f->databases[k].services[i], m->databases[k].services[i]);
    }
    ui_rundata_free(&file);
    ui_rundata_free(&mem);
}

/* The canonical run: a spike, a backlog that fills and drains, both wirings. */
static void test_roundtrip_flash_spike(void **state)
{
    (void)state;
    struct ord_config cfg;
    struct ord_run run;
    run_scenario("flash-spike", "duration=40s", &cfg, &run);
    roundtrip(ord_run_result(&run), "flash-spike");
    ord_run_close(&run);
    ord_config_free(&cfg);
}

/* Faults in the sidecar (target, kind, window, factor) and a null drained_at_s. */
static void test_roundtrip_faults(void **state)
{
    (void)state;
    struct ord_config cfg;
    struct ord_run run;
    run_scenario("db-slow", NULL, &cfg, &run);
    assert_true(cfg.nfaults > 0);
    roundtrip(ord_run_result(&run), "db-slow");
    ord_run_close(&run);
    ord_config_free(&cfg);
}

/* Several services: per-service columns after the fixed ones, read back as written; a
 * service's own figures are not all zero (completions and lag), and in async its
 * backlog column holds the series the model recorded. */
static void test_roundtrip_services(void **state)
{
    (void)state;
    struct ord_config cfg;
    struct ord_run run;
    run_scenario("fan-out", "duration=30s", &cfg, &run);
    const struct ord_result *r = ord_run_result(&run);
    assert_true(r->v[0].nservices == 3);
    roundtrip(r, "fan-out");
    /* the services' database queries add up to the variant's, bucket by bucket */
    for (int i = 0; i < r->nvariants; i++)
        for (size_t b = 0; b < sim_series_closed(&r->v[i].series); b++) {
            double row[UI_NCOLS], sum = 0;
            ui_bucket_row(&r->v[i], b, row);
            for (size_t k = 0; k < r->v[i].nservices; k++) {
                double srow[UI_NSVC_COLS];
                ui_svc_bucket_row(&r->v[i].services[k], b, srow);
                sum += srow[UI_SC_DB_QPS];
            }
            assert_true(fabs(sum - row[UI_COL_DB_QPS]) < 1e-6);
        }
    for (int i = 0; i < r->nvariants; i++)
        for (size_t k = 0; k < r->v[i].nservices; k++) {
            const struct ord_service_result *s = &r->v[i].services[k];
            double completed = 0, lag = 0;
            for (size_t b = 0; b < sim_series_closed(&s->series); b++) {
                double row[UI_NSVC_COLS];
                ui_svc_bucket_row(s, b, row);
                completed += row[UI_SC_COMPLETED] * sim_time_to_s(s->series.interval);
                lag = fmax(lag, row[UI_SC_LAG_P99]);
            }
            /* the per-bucket completions add up to the service's whole-run count */
            assert_true(fabs(completed - (double)s->completed) < 0.5);
            assert_true(lag > 0);
        }
    ord_run_close(&run);
    ord_config_free(&cfg);
}

/* Per-service header: the fixed header, then <service>_<suffix> per service, per row of
 * UI_SVC_COLUMNS; one service gives the fixed header alone. */
static void test_header_services(void **state)
{
    (void)state;
    const char *names[] = {"b", "points"};
    char *text = NULL, *one = NULL, *fixed = NULL;
    size_t len = 0, len1 = 0, lenf = 0;
    FILE *m = open_memstream(&text, &len);
    assert_int_not_equal(ui_csv_header_write_services(m, names, 2), EOF);
    fclose(m);
    m = open_memstream(&one, &len1);
    assert_int_not_equal(ui_csv_header_write_services(m, names, 1), EOF);
    fclose(m);
    m = open_memstream(&fixed, &lenf);
    assert_int_not_equal(ui_csv_header_write(m), EOF);
    fclose(m);
    assert_string_equal(one, fixed);
    char want[2048];
    snprintf(want, sizeof want, "%.*s", (int)(lenf - 1), fixed);
    for (int k = 0; k < 2; k++)
        for (int c = 0; c < UI_NSVC_COLS; c++) {
            strcat(want, ",");
            strcat(want, names[k]);
            strcat(want, "_");
            strcat(want, ui_svc_col_suffixes[c]);
        }
    strcat(want, "\n");
    assert_string_equal(text, want);
    assert_non_null(
        strstr(text, ",points_completed_qps,points_lag_p99_ms,points_backlog,points_db_qps\n"));
    free(text);
    free(one);
    free(fixed);
}

/* The header is the table, in order, with the variant second; nothing else. */
static void test_header_is_the_table(void **state)
{
    (void)state;
    char *text = NULL;
    size_t len = 0;
    FILE *m = open_memstream(&text, &len);
    assert_non_null(m);
    assert_int_not_equal(ui_csv_header_write(m), EOF);
    fclose(m);
    char want[1024] = "";
    for (int c = 0; c < UI_NCOLS; c++) {
        if (c == UI_CSV_VARIANT_FIELD)
            strcat(want, "," UI_CSV_VARIANT_NAME);
        strcat(want, c ? "," : "");
        strcat(want, ui_col_names[c]);
    }
    strcat(want, "\n");
    assert_string_equal(text, want);
    free(text);
    for (int i = 0; i < UI_CSV_NFIELDS; i++)
        assert_int_equal(ui_csv_field_col(i), i == UI_CSV_VARIANT_FIELD ? -1
                                              : i < UI_CSV_VARIANT_FIELD ? i
                                                                         : i - 1);
}

static int setup(void **state)
{
    (void)state;
    mkdir(OUT, 0777);
    return 0;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_header_is_the_table),
        cmocka_unit_test(test_roundtrip_flash_spike),
        cmocka_unit_test(test_roundtrip_faults),
        cmocka_unit_test(test_roundtrip_services),
        cmocka_unit_test(test_header_services),
    };
    return cmocka_run_group_tests(tests, setup, NULL);
}
