/* Several services in the outputs: every label the chart draws for a service or a
 * database is checked against the numbers beside it. A run is written (CSV + JSON
 * sidecar) and read back, as `ordersim chart` reads it, then each panel is built and
 * its items inspected: a database's capacity line holds the capacity its label says
 * (and the sidecar and the model say), each database's queries line is its services'
 * db_qps added up, each service's lag and completions lines are its own columns. A
 * one-service run keeps its one capacity line and no service keys. */
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

#include "orders/experiment.h"
#include "orders/model.h"
#include "orders/scenario/scenario.h"
#include "ui/chart/chart_internal.h"
#include "ui/chart/compare.h"
#include "ui/chart/csv.h"
#include "ui/export/export.h"

#define OUT ORD_BINARY_DIR "/test_ui_services.out/"

/* Two services on databases with their own names, and a slow fault on the second
 * database: its capacity (20 x 5 ms = 4000/s) halves from 10 s to 15 s, main's does not. */
static const char two_db_yaml[] = "name: two-db\n"
                                  "duration: 20s\n"
                                  "drain: 5s\n"
                                  "load: {phases: [{at: 0s, rate: 500/s}]}\n"
                                  "services:\n"
                                  "  - {name: b, service: 50ms, database: main}\n"
                                  "  - {name: points, service: 20ms, database: pdb}\n"
                                  "databases:\n"
                                  "  main: {connections: 60, query: 10ms}\n"
                                  "  pdb: {connections: 20, query: 5ms}\n"
                                  "faults:\n"
                                  "  - {at: 10s, for: 5s, target: pdb, kind: slow, factor: 2}\n";

struct fixture {
    struct ord_config cfg;
    struct ord_run run;
    struct ui_run_data d; /* read back from the files */
};

/* Run (a built-in name, or YAML text when yaml), write CSV + JSON, read them back. */
static void load(struct fixture *fx, const char *name, const char *yaml, const char *set)
{
    struct ord_diag dg;
    memset(&dg, 0, sizeof dg);
    if (yaml)
        assert_int_equal(ord_scenario_load_text(&fx->cfg, yaml, strlen(yaml), "t.yaml", ".", &dg), 0);
    else
        assert_int_equal(ord_scenario_resolve(&fx->cfg, name, &dg), 0);
    if (set)
        assert_int_equal(ord_scenario_set(&fx->cfg, set, &dg), 0);
    assert_int_equal(ord_run_init(&fx->run, &fx->cfg), 0);
    assert_int_equal(ord_run_finish(&fx->run), 0);
    /* a file per load: what this process read once is an input it may not replace */
    static int nth;
    char csv[512], json[512], err[512];
    snprintf(csv, sizeof csv, OUT "%s-%d.csv", fx->cfg.name, nth);
    snprintf(json, sizeof json, OUT "%s-%d.json", fx->cfg.name, nth++);
    if (ui_csv_save(ord_run_result(&fx->run), csv, err, sizeof err) != 0)
        fail_msg("%s", err);
    assert_int_equal(ui_json_save(ord_run_result(&fx->run), json, err, sizeof err), 0);
    ui_rundata_init(&fx->d, NULL);
    if (ui_rundata_load(&fx->d, csv, NULL, err, sizeof err) != 0)
        fail_msg("%s", err);
}

static void unload(struct fixture *fx)
{
    ui_rundata_free(&fx->d);
    ord_run_close(&fx->run);
    ord_config_free(&fx->cfg);
}

/* One panel of the chart of runs, built as the chart builds it. */
struct panel {
    cairo_surface_t *s;
    cairo_t *cr;
    struct ui_chart_opts o;
    struct ui__chart c;
    struct ui_plot p;
};

static void build(struct panel *pn, const struct ui_run_data *runs, int n,
                  enum ui_chart_panel which)
{
    memset(pn, 0, sizeof *pn);
    pn->s = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, 16, 16);
    pn->cr = cairo_create(pn->s);
    ui_chart_opts_init(&pn->o);
    ui_canvas_init(&pn->c.cv, pn->cr, 1.0);
    pn->c.o = &pn->o;
    pn->c.runs = runs;
    pn->c.nruns = n;
    ui_plot_init(&pn->p, &pn->c.cv);
    assert_int_equal(ui__panel_build(&pn->c, which, &pn->p, false), 0);
}

static void unbuild(struct panel *pn)
{
    ui__scratch_free(&pn->c);
    cairo_destroy(pn->cr);
    cairo_surface_destroy(pn->s);
}

/* The series labelled label, or NULL. */
static const struct ui_plot_item *labelled(const struct panel *pn, const char *label)
{
    for (int i = 0; i < pn->p.nitems; i++)
        if (pn->p.items[i].kind == UI_ITEM_SERIES && strcmp(pn->p.items[i].label, label) == 0)
            return &pn->p.items[i];
    return NULL;
}

static int nlabels(const struct panel *pn)
{
    int n = 0;
    for (int i = 0; i < pn->p.nitems; i++)
        n += pn->p.items[i].kind == UI_ITEM_SERIES && pn->p.items[i].label[0];
    return n;
}

/* Does some series of the panel hold exactly want[0..n) (NAN where want is NAN)? */
static bool has_series(const struct panel *pn, const double *want, size_t n)
{
    for (int i = 0; i < pn->p.nitems; i++) {
        const struct ui_plot_item *it = &pn->p.items[i];
        if (it->kind != UI_ITEM_SERIES || it->s.n != n)
            continue;
        bool same = true;
        for (size_t k = 0; k < n && same; k++)
            same = isnan(want[k]) ? isnan(it->s.y[k]) : it->s.y[k] == want[k];
        if (same)
            return true;
    }
    return false;
}

static int svc_index(const struct ui_run_data *d, const char *name)
{
    for (int k = 0; k < d->nsvc; k++)
        if (strcmp(d->svc[k], name) == 0)
            return k;
    fail_msg("no service %s", name);
    return -1;
}

/* fan-out: sync's reference line is A and every call (310 ms), not "A + B". */
static void test_sync_reference_names_the_calls(void **state)
{
    (void)state;
    struct fixture fx;
    load(&fx, "fan-out", NULL, NULL);
    struct panel pn;
    build(&pn, &fx.d, 1, UI_PANEL_LATENCY);
    int found = 0;
    for (int i = 0; i < pn.p.nitems; i++) {
        const struct ui_plot_item *it = &pn.p.items[i];
        if (it->kind != UI_ITEM_HLINE)
            continue;
        assert_null(strstr(it->label, "A + B"));
        if (strcmp(it->label, "sync: A + its calls = 310 ms") == 0 && it->value == 310)
            found++;
    }
    assert_int_equal(found, 1);
    unbuild(&pn);
    unload(&fx);
}

/* fan-out: a capacity line per database at the capacity its label gives, which is the
 * model's; each database's queries line per wiring adds up its services' db_qps, and
 * the databases' lines add up to the wiring's db_qps. */
static void test_database_capacities(void **state)
{
    (void)state;
    struct fixture fx;
    load(&fx, "fan-out", NULL, NULL);
    const struct ui_run_data *d = &fx.d;
    assert_int_equal(d->meta.ndatabases, 3);
    struct panel pn;
    build(&pn, d, 1, UI_PANEL_DATABASE);
    const char *names[] = {"main", "points", "sms"};
    for (int k = 0; k < 3; k++) {
        const struct ui_database_meta *db = &d->meta.databases[k];
        assert_string_equal(db->name, names[k]);
        double cap = ord_database_capacity(&fx.cfg, (size_t)k);
        assert_true(fabs(db->capacity_qps - cap) < 1e-9); /* the sidecar is the model */
        char label[64];
        snprintf(label, sizeof label, "%s capacity %.0f/s", names[k], cap);
        const struct ui_plot_item *it = labelled(&pn, label);
        if (!it)
            fail_msg("no line labelled \"%s\"", label);
        for (size_t i = 0; i < it->s.n; i++)
            assert_true(it->s.y[i] == cap); /* no fault on a database in fan-out */
    }
    assert_null(labelled(&pn, "database capacity 6000/s")); /* not one line for all */
    for (int vi = 0; vi < d->nvariants; vi++) {
        const struct ui_variant_data *v = &d->v[vi];
        char key[64];
        snprintf(key, sizeof key, "%s database q/s", v->name);
        assert_non_null(labelled(&pn, key));
        double *sum = calloc(v->n, sizeof *sum);
        for (int k = 0; k < 3; k++) {
            const char *svc = d->meta.databases[k].services[0];
            const double *q = v->scol[svc_index(d, svc) * UI_NSVC_COLS + UI_SC_DB_QPS];
            assert_true(has_series(&pn, q, v->n)); /* one service per database here */
            for (size_t i = 0; i < v->n; i++)
                sum[i] += q[i];
        }
        for (size_t i = 0; i < v->n; i++) /* the CSV's columns agree with each other */
            assert_true(fabs(sum[i] - v->col[UI_COL_DB_QPS][i]) < 0.01);
        free(sum);
    }
    /* five entries: two wirings' colours, three databases' capacities and dashes */
    assert_int_equal(nlabels(&pn), 5);
    unbuild(&pn);
    unload(&fx);
}

/* An overlay of two fan-out runs, sms's database halved in the second: each database
 * keyed once, with its capacity in each run where they differ; every capacity line
 * holds the capacity its key gives for its run. */
static void test_database_overlay(void **state)
{
    (void)state;
    struct fixture a, b;
    load(&a, "fan-out", NULL, "duration=10s");
    load(&b, "fan-out", NULL, "databases.sms.connections=10");
    struct ui_run_data runs[2] = {a.d, b.d};
    struct panel pn;
    build(&pn, runs, 2, UI_PANEL_DATABASE);
    assert_non_null(labelled(&pn, "main capacity 6000/s"));
    assert_non_null(labelled(&pn, "points capacity 4000/s"));
    assert_non_null(labelled(&pn, "sms capacity 4000, 2000/s (by run)"));
    assert_non_null(labelled(&pn, "sync database q/s"));
    assert_non_null(labelled(&pn, "async database q/s"));
    assert_int_equal(nlabels(&pn), 5);
    /* the unlabelled capacity lines: sms's at 4000 in the first run, 2000 in the second */
    double want4[1024], want2[1024];
    assert_true(a.d.v[0].n <= 1024 && b.d.v[0].n <= 1024);
    for (size_t i = 0; i < a.d.v[0].n; i++)
        want4[i] = 4000;
    for (size_t i = 0; i < b.d.v[0].n; i++)
        want2[i] = 2000;
    assert_true(has_series(&pn, want4, a.d.v[0].n));
    assert_true(has_series(&pn, want2, b.d.v[0].n));
    unbuild(&pn);
    unload(&a);
    unload(&b);
}

/* A slow fault on the second database moves its capacity line only, in the chart, in
 * the sidecar's fault (which names the database) and in the model's capacity. */
static void test_database_fault(void **state)
{
    (void)state;
    struct fixture fx;
    load(&fx, NULL, two_db_yaml, NULL);
    const struct ui_run_data *d = &fx.d;
    assert_int_equal(d->meta.ndatabases, 2);
    assert_int_equal(d->meta.nfaults, 1);
    assert_string_equal(d->meta.faults[0].database, "pdb");
    assert_string_equal(d->meta.databases[1].services[0], "points");
    struct panel pn;
    build(&pn, d, 1, UI_PANEL_DATABASE);
    const struct ui_plot_item *main_cap = labelled(&pn, "main capacity 6000/s");
    const struct ui_plot_item *pdb_cap = labelled(&pn, "pdb capacity 4000/s");
    assert_non_null(main_cap);
    assert_non_null(pdb_cap);
    const struct ui_variant_data *v = &d->v[0];
    for (size_t i = 0; i < v->n; i++) {
        double t = v->col[UI_COL_TIME][i];
        assert_true(main_cap->s.y[i] == 6000);
        assert_true(pdb_cap->s.y[i] == (t >= 10 && t < 15 ? 2000 : 4000));
    }
    unbuild(&pn);
    /* the JSON's fault gives pdb's capacity while it is slow, not main's */
    char *text = NULL;
    size_t len = 0;
    FILE *m = open_memstream(&text, &len);
    assert_int_equal(ui_json_write(ord_run_result(&fx.run), m), 0);
    fclose(m);
    const char *f = strstr(text, "\"faults\"");
    assert_non_null(f);
    assert_non_null(strstr(f, "\"database\": \"pdb\""));
    assert_non_null(strstr(f, "\"db_capacity_qps\": 2000.0"));
    free(text);
    unload(&fx);
}

/* The lag panel: each service's own lag p99 line is its column (0 = nobody written:
 * a gap), one key per service; the order's p50 and p99 stay. */
static void test_service_lag_lines(void **state)
{
    (void)state;
    struct fixture fx;
    load(&fx, "fan-out", NULL, NULL);
    const struct ui_run_data *d = &fx.d;
    struct panel pn;
    build(&pn, d, 1, UI_PANEL_LAG);
    for (int vi = 0; vi < d->nvariants; vi++) {
        const struct ui_variant_data *v = &d->v[vi];
        for (int k = 0; k < d->nsvc; k++) {
            double *want = malloc(sizeof *want * v->n);
            const double *col = v->scol[k * UI_NSVC_COLS + UI_SC_LAG_P99];
            for (size_t i = 0; i < v->n; i++)
                want[i] = col[i] > 0 ? col[i] : NAN;
            assert_true(has_series(&pn, want, v->n));
            free(want);
        }
        char label[64];
        snprintf(label, sizeof label, "%s p99", v->name);
        assert_non_null(labelled(&pn, label));
    }
    assert_non_null(labelled(&pn, "b p99"));
    assert_non_null(labelled(&pn, "points p99"));
    assert_non_null(labelled(&pn, "sms p99"));
    assert_int_equal(nlabels(&pn), 2 * 2 + 3);
    unbuild(&pn);
    unload(&fx);
}

/* Backlog and throughput: a service's line only where it says something (its own
 * backlog above zero; its completions not the wiring's), each keyed. In fan-out only
 * sms backs up (its outage), and in async b and points go on writing while sms is
 * down, so their completions differ from the orders'. */
static void test_service_backlog_and_completions(void **state)
{
    (void)state;
    struct fixture fx;
    load(&fx, "fan-out", NULL, NULL);
    const struct ui_run_data *d = &fx.d;
    struct panel pn;
    build(&pn, d, 1, UI_PANEL_BACKLOG);
    assert_non_null(labelled(&pn, "sms backlog"));
    assert_null(labelled(&pn, "b backlog"));
    assert_null(labelled(&pn, "points backlog"));
    int async = ui_rundata_find(d, "async");
    const struct ui_variant_data *v = &d->v[async];
    assert_true(has_series(&pn, v->scol[svc_index(d, "sms") * UI_NSVC_COLS + UI_SC_BACKLOG],
                           v->n));
    unbuild(&pn);
    build(&pn, d, 1, UI_PANEL_THROUGHPUT);
    for (int k = 0; k < d->nsvc; k++) {
        const double *y = v->scol[k * UI_NSVC_COLS + UI_SC_COMPLETED];
        bool differs = false;
        for (size_t i = 0; i < v->n; i++)
            differs |= y[i] != v->col[UI_COL_COMPLETED][i];
        char key[64];
        snprintf(key, sizeof key, "%s completed", d->svc[k]);
        assert_true(has_series(&pn, y, v->n) == differs);
        if (differs)
            assert_non_null(labelled(&pn, key));
    }
    assert_non_null(labelled(&pn, "b completed"));
    assert_non_null(labelled(&pn, "points completed"));
    unbuild(&pn);
    unload(&fx);
}

/* A one-service run: one capacity line, "database capacity 6000/s", the wirings' own
 * database lines, no service lines or keys; its sidecar has no databases. */
static void test_one_service_unchanged(void **state)
{
    (void)state;
    struct fixture fx;
    load(&fx, "flash-spike", NULL, "duration=20s");
    const struct ui_run_data *d = &fx.d;
    assert_int_equal(d->nsvc, 0);
    assert_int_equal(d->meta.ndatabases, 0);
    struct panel pn;
    build(&pn, d, 1, UI_PANEL_DATABASE);
    assert_non_null(labelled(&pn, "database capacity 6000/s"));
    assert_non_null(labelled(&pn, "sync database q/s"));
    assert_non_null(labelled(&pn, "async database q/s"));
    assert_int_equal(nlabels(&pn), 3);
    unbuild(&pn);
    build(&pn, d, 1, UI_PANEL_LAG);
    assert_int_equal(nlabels(&pn), 4);
    unbuild(&pn);
    char *text = NULL;
    size_t len = 0;
    FILE *m = open_memstream(&text, &len);
    assert_int_equal(ui_json_write(ord_run_result(&fx.run), m), 0);
    fclose(m);
    assert_null(strstr(text, "\"databases\""));
    assert_null(strstr(text, "\"services\""));
    free(text);
    unload(&fx);
}

/* Into the caller's *text (freed by the caller): a stream over a local of this function
 * made gcc -O3 see the text as dangling after it returned (-Wdangling-pointer). */
static void compare_text(char **text, const struct ui_run_data *runs, int n)
{
    size_t len = 0;
    FILE *m = open_memstream(text, &len);
    assert_non_null(m);
    assert_int_equal(ui_compare_print(runs, n, m), 0);
    fclose(m);
}

/* The row of label inside the block headed head, squeezed to single spaces. */
static void block_row(const char *text, const char *head, const char *label, char *out, size_t n)
{
    const char *b = strstr(text, head);
    if (!b)
        fail_msg("no block %s in:\n%s", head, text);
    const char *r = strstr(b, label);
    assert_non_null(r);
    size_t k = 0;
    for (; *r && *r != '\n' && k + 1 < n; r++)
        if (!(*r == ' ' && k > 0 && out[k - 1] == ' '))
            out[k++] = *r;
    out[k] = '\0';
}

/* compare, a one-service run against fan-out: the runs list says which services each
 * has; a block per wiring and service gives that service's figures, the model's (from
 * the sidecar), "-" for the run without them. */
static void test_compare_services(void **state)
{
    (void)state;
    struct fixture one, fan;
    load(&one, "flash-spike", NULL, "duration=20s");
    load(&fan, "fan-out", NULL, NULL);
    struct ui_run_data runs[2] = {one.d, fan.d};
    snprintf(runs[0].label, sizeof runs[0].label, "one");
    snprintf(runs[1].label, sizeof runs[1].label, "fan");
    char *text = NULL;
    compare_text(&text, runs, 2);
    assert_non_null(strstr(text, "services:\n  one          one, without figures of its own: "
                                 "the variant's are its\n  fan          b, points, sms\n"));
    const struct ord_result *r = ord_run_result(&fan.run);
    for (int i = 0; i < r->nvariants; i++)
        for (size_t k = 0; k < r->v[i].nservices; k++) {
            const struct ord_service_result *sv = &r->v[i].services[k];
            char head[96], row[256], want[256];
            snprintf(head, sizeof head, "\n%s, service %s ", r->v[i].name, sv->name);
            block_row(text, head, "written by it (orders)", row, sizeof row);
            snprintf(want, sizeof want, "written by it (orders) - %llu - -",
                     (unsigned long long)sv->completed);
            assert_string_equal(row, want);
            block_row(text, head, "its backlog max (messages)", row, sizeof row);
            snprintf(want, sizeof want, "its backlog max (messages) - %lld - -",
                     (long long)sv->backlog_max);
            assert_string_equal(row, want);
            struct ord_latency_figures lag;
            ord_latency_figures_of(ord_service_lag_of(sv), &lag);
            block_row(text, head, "completion lag p99 (ms)", row, sizeof row);
            snprintf(want, sizeof want, "completion lag p99 (ms) - %.1f - -",
                     round(sim_time_to_ms(lag.p99) * 1000) / 1000);
            assert_string_equal(row, want);
        }
    free(text);
    /* the JSON: each run's services ([] for the one-service run), figures per service */
    char *json = NULL;
    size_t len = 0;
    FILE *m = open_memstream(&json, &len);
    assert_int_equal(ui_compare_json(runs, 2, m), 0);
    fclose(m);
    assert_non_null(strstr(json, "\"services\": []"));
    assert_non_null(strstr(json, "\"services\": [\n        \"b\",\n        \"points\""));
    assert_non_null(strstr(json, "\"sms\": {\n          \"present\": [\n            false,\n"
                                 "            true\n          ]"));
    free(json);
    /* two one-service runs: no services line, no block (the table as before) */
    runs[1] = one.d;
    text = NULL;
    compare_text(&text, runs, 2);
    assert_null(strstr(text, "services"));
    assert_null(strstr(text, ", service "));
    free(text);
    unload(&one);
    unload(&fan);
}

/* Without a sidecar a service's figures follow the CSV rules (--help): completions
 * added up over the intervals, the largest lag p99, backlog and db_qps of any row. */
static void test_compare_services_from_csv(void **state)
{
    (void)state;
    struct fixture fan;
    load(&fan, "fan-out", NULL, NULL);
    struct ui_run_data d = fan.d;
    d.meta.present = false; /* as if no sidecar */
    int vi = ui_rundata_find(&d, "async");
    const struct ui_variant_data *v = &d.v[vi];
    for (int k = 0; k < d.nsvc; k++) {
        struct ui_svc_figures f;
        assert_true(ui_svc_figures_compute(&d, vi, d.svc[k], &f));
        double sum = 0, lag = 0, backlog = 0, db = 0;
        for (size_t i = 0; i < v->n; i++) {
            sum += v->scol[k * UI_NSVC_COLS + UI_SC_COMPLETED][i];
            lag = fmax(lag, v->scol[k * UI_NSVC_COLS + UI_SC_LAG_P99][i]);
            backlog = fmax(backlog, v->scol[k * UI_NSVC_COLS + UI_SC_BACKLOG][i]);
            db = fmax(db, v->scol[k * UI_NSVC_COLS + UI_SC_DB_QPS][i]);
        }
        assert_true(f.from_csv[UI_SVC_FIG_COMPLETED]);
        assert_true(f.v[UI_SVC_FIG_COMPLETED] == round(sum));
        /* every order written once: the CSV's completions are the model's count */
        assert_true(f.v[UI_SVC_FIG_COMPLETED] == (double)ord_run_result(&fan.run)
                                                     ->v[vi].services[k].completed);
        assert_true(f.v[UI_SVC_FIG_LAG_P99] == lag);
        assert_true(f.v[UI_SVC_FIG_BACKLOG_MAX] == backlog);
        assert_true(f.v[UI_SVC_FIG_DB_MAX] == db);
        assert_true(isnan(f.v[UI_SVC_FIG_FAILED])); /* not in the CSV */
    }
    assert_false(ui_svc_figures_compute(&d, vi, "nosuch", &(struct ui_svc_figures){0}));
    unload(&fan);
}

/* A sweep's per-service figures (ord_job.svc) are the run's own: one job of fan-out
 * against the same run made directly. */
static void test_job_service_figures(void **state)
{
    (void)state;
    struct fixture fx;
    load(&fx, "fan-out", NULL, "duration=20s");
    struct ord_job job;
    memset(&job, 0, sizeof job);
    assert_int_equal(ord_config_copy(&job.cfg, &fx.cfg), 0);
    assert_int_equal(ord_experiment_run(&job, 1, 1, NULL, NULL, NULL), 0);
    const struct ord_result *r = ord_run_result(&fx.run);
    assert_int_equal(job.nservices, 3);
    int lag = ord_svc_figure_find("lag_p99_ms"), done = ord_svc_figure_find("completed");
    int end = ord_svc_figure_find("backlog_at_load_end");
    assert_true(lag >= 0 && done >= 0 && end >= 0);
    for (int v = 0; v < r->nvariants; v++)
        for (int k = 0; k < 3; k++) {
            const struct ord_service_result *sv = &r->v[v].services[k];
            struct ord_latency_figures f;
            ord_latency_figures_of(ord_service_lag_of(sv), &f);
            assert_true(job.svc[v][k][lag] == sim_time_to_ms(f.p99));
            assert_true(job.svc[v][k][done] == (double)sv->completed);
            /* the gauge of the last interval of load, as the CSV's <s>_backlog has it */
            size_t b = (size_t)(fx.cfg.duration / fx.cfg.interval) - 1;
            double row[UI_NSVC_COLS];
            ui_svc_bucket_row(sv, b, row);
            assert_true(job.svc[v][k][end] == row[UI_SC_BACKLOG]);
        }
    /* one service: no per-service figures */
    struct ord_job one;
    memset(&one, 0, sizeof one);
    struct ord_diag dg;
    memset(&dg, 0, sizeof dg);
    assert_int_equal(ord_scenario_resolve(&one.cfg, "steady", &dg), 0);
    assert_int_equal(ord_scenario_set(&one.cfg, "duration=2s", &dg), 0);
    assert_int_equal(ord_experiment_run(&one, 1, 1, NULL, NULL, NULL), 0);
    assert_int_equal(one.nservices, 0);
    ord_config_free(&one.cfg);
    ord_config_free(&job.cfg);
    unload(&fx);
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
        cmocka_unit_test(test_database_capacities),
        cmocka_unit_test(test_sync_reference_names_the_calls),
        cmocka_unit_test(test_database_fault),
        cmocka_unit_test(test_database_overlay),
        cmocka_unit_test(test_service_lag_lines),
        cmocka_unit_test(test_service_backlog_and_completions),
        cmocka_unit_test(test_one_service_unchanged),
        cmocka_unit_test(test_compare_services),
        cmocka_unit_test(test_compare_services_from_csv),
        cmocka_unit_test(test_job_service_figures),
    };
    return cmocka_run_group_tests(tests, setup, NULL);
}
