/* ui/cli/cli.c: scenario loading, headless running and writing a run's outputs, shared
 * by the subcommands (run, sweep, live, replay). */
#include "ui/cli/cli.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "orders/scenario/scenario.h"
#include "sim/error.h"
#include "ui/base/file.h"
#include "ui/chart/chart.h"
#include "ui/export/export.h"

/* A scenario file's trace is an input too: no output may replace it. It is read
 * relative to the scenario's folder (orders/scenario/scenario.c); a built-in's trace
 * is embedded, no file. */
static void note_trace_input(const struct ord_config *cfg)
{
    const char *trace = cfg->load.trace;
    if (!trace || !cfg->path)
        return;
    const char *slash = strrchr(cfg->path, '/');
    if (trace[0] == '/' || !slash) {
        ui_file_note_input(trace);
        return;
    }
    size_t dl = (size_t)(slash - cfg->path), tl = strlen(trace);
    char *p = malloc(dl + 1 + tl + 1);
    if (!p)
        return; /* out of memory: the output check then only misses this input */
    memcpy(p, cfg->path, dl);
    p[dl] = '/';
    memcpy(p + dl + 1, trace, tl + 1);
    ui_file_note_input(p);
    free(p);
}

int ui_load_scenario(const char *cmd, const char *arg, const struct ui_strlist *sets,
                     const char *seed, const char *interval, struct ord_config *cfg)
{
    struct ord_diag d;
    memset(&d, 0, sizeof d);
    ui_file_note_input(arg); /* a file (a built-in's name is no file): never an output */
    int rc = ord_scenario_resolve(cfg, arg, &d);
    if (rc) {
        ord_diag_print(&d, stderr);
        return ui_exit_status(rc);
    }
    /* Every override at once, checked once: --set order never matters. --seed and
     * --interval come last, so they win over a --set of the same key. */
    int nsets = sets ? sets->n : 0, n = 0;
    const char **all = malloc(((size_t)nsets + 2) * sizeof *all);
    if (!all) {
        fprintf(stderr, "ordersim %s: out of memory\n", cmd);
        ord_config_free(cfg);
        return UI_EXIT_FAILURE;
    }
    for (int i = 0; i < nsets; i++)
        all[n++] = sets->v[i];
    char seed_set[256], interval_set[256];
    int seed_at = 0, interval_at = 0;
    if (seed) {
        snprintf(seed_set, sizeof seed_set, "seed=%s", seed);
        all[n++] = seed_set;
        seed_at = n;
    }
    if (interval) {
        snprintf(interval_set, sizeof interval_set, "interval=%s", interval);
        all[n++] = interval_set;
        interval_at = n;
    }
    rc = ord_scenario_set_all(cfg, all, n, &d);
    free(all);
    if (rc == 0)
        note_trace_input(cfg);
    if (rc) {
        if (d.line > 0 && (d.line == seed_at || d.line == interval_at)) {
            fprintf(stderr, "ordersim %s: bad --%s: ", cmd,
                    d.line == seed_at ? "seed" : "interval");
            d.line = 1;
        }
        ord_diag_print(&d, stderr);
        ord_config_free(cfg);
        return ui_exit_status(rc);
    }
    return 0;
}

int ui_load_scenario_file(const char *path, struct ord_config *cfg)
{
    struct ord_diag d;
    memset(&d, 0, sizeof d);
    ui_file_note_input(path);
    int rc = ord_scenario_load_file(cfg, path, &d);
    if (rc)
        ord_diag_print(&d, stderr);
    return ui_exit_status(rc);
}

static void progress_bar(double frac)
{
    int width = 40, fill = (int)(frac * width + 0.5);
    fprintf(stderr, "\r[");
    for (int i = 0; i < width; i++)
        fputc(i < fill ? '#' : '.', stderr);
    fprintf(stderr, "] %3d%%", (int)(frac * 100 + 0.5));
    fflush(stderr);
}

int ui_run_headless(const char *cmd, const struct ord_config *cfg, int progress,
                    struct ord_run **out)
{
    struct ord_run *run = calloc(1, sizeof *run);
    if (!run) {
        fprintf(stderr, "ordersim %s: out of memory\n", cmd);
        return UI_EXIT_FAILURE;
    }
    int rc = ord_run_init(run, cfg);
    if (rc) {
        fprintf(stderr, "ordersim %s: cannot start the run: %s\n", cmd, sim_strerror(rc));
        free(run);
        return UI_EXIT_FAILURE;
    }
    int bar = progress && isatty(STDERR_FILENO);
    sim_time end = cfg->duration + cfg->drain;
    if (bar) {
        for (int step = 1; step <= 100 && rc == 0; step++) {
            rc = ord_run_advance(run, end / 100 * step);
            progress_bar(step / 100.0);
        }
        fprintf(stderr, "\r%60s\r", "");
    }
    if (rc == 0)
        rc = ord_run_finish(run);
    if (rc) {
        fprintf(stderr, "ordersim %s: run failed: %s\n", cmd, ord_run_strerror(run, rc));
        ui_run_free(run);
        return UI_EXIT_FAILURE;
    }
    *out = run;
    return 0;
}

void ui_run_free(struct ord_run *run)
{
    if (!run)
        return;
    ord_run_close(run);
    free(run);
}

int ui_run_write(const char *cmd, const struct ord_result *r, const struct ui_run_outputs *o)
{
    char err[512];
    int rc;
    if (o->csv && (rc = ui_csv_save(r, o->csv, err, sizeof err)) != 0) {
        fprintf(stderr, "ordersim %s: %s\n", cmd, err);
        return ui_exit_status(rc);
    }
    if (o->json && (rc = ui_json_save(r, o->json, err, sizeof err)) != 0) {
        fprintf(stderr, "ordersim %s: %s\n", cmd, err);
        return ui_exit_status(rc);
    }
    if (o->chart && (rc = ui_run_chart(r, o->chart, o->lang)) != 0)
        return rc;
    if (!o->quiet)
        ui_summary_print(r, ui_report_stream(o->csv, o->json));
    return UI_EXIT_OK;
}

int ui_check_outputs(const char *cmd, const char *const *paths, int n)
{
    char err[512];
    for (int i = 0; i < n; i++) {
        if (!paths[i])
            continue;
        if (ui_file_check_output(paths[i], err, sizeof err)) {
            fprintf(stderr, "ordersim %s: %s\n", cmd, err);
            return UI_EXIT_USAGE;
        }
        for (int j = 0; j < i; j++)
            if (paths[j] && strcmp(paths[i], paths[j]) == 0 && !ui_path_is_stdout(paths[i])) {
                fprintf(stderr, "ordersim %s: %s: named for two outputs\n", cmd, paths[i]);
                return UI_EXIT_USAGE;
            }
    }
    return 0;
}
