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

int ui_load_scenario(const char *cmd, const char *arg, const struct ui_strlist *sets,
                     const char *seed, const char *interval, struct ord_config *cfg)
{
    struct ord_diag d;
    memset(&d, 0, sizeof d);
    int rc = ord_scenario_resolve(cfg, arg, &d);
    if (rc) {
        ord_diag_print(&d, stderr);
        return ui_exit_status(rc);
    }
    char buf[256];
    const char *extra[2] = {NULL, NULL};
    if (seed) {
        snprintf(buf, sizeof buf, "seed=%s", seed);
        extra[0] = buf;
    }
    char buf2[256];
    if (interval) {
        snprintf(buf2, sizeof buf2, "interval=%s", interval);
        extra[1] = buf2;
    }
    for (int i = 0; i < 2; i++) {
        if (!extra[i])
            continue;
        rc = ord_scenario_set(cfg, extra[i], &d);
        if (rc) {
            fprintf(stderr, "ordersim %s: bad --%s: ", cmd, i == 0 ? "seed" : "interval");
            ord_diag_print(&d, stderr);
            ord_config_free(cfg);
            return ui_exit_status(rc);
        }
    }
    for (int i = 0; sets && i < sets->n; i++) {
        rc = ord_scenario_set(cfg, sets->v[i], &d);
        if (rc) {
            ord_diag_print(&d, stderr);
            ord_config_free(cfg);
            return ui_exit_status(rc);
        }
    }
    return 0;
}

int ui_load_scenario_file(const char *path, struct ord_config *cfg)
{
    struct ord_diag d;
    memset(&d, 0, sizeof d);
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
    if (o->csv && ui_csv_save(r, o->csv, err, sizeof err)) {
        fprintf(stderr, "ordersim %s: %s\n", cmd, err);
        return UI_EXIT_FAILURE;
    }
    if (o->json && ui_json_save(r, o->json, err, sizeof err)) {
        fprintf(stderr, "ordersim %s: %s\n", cmd, err);
        return UI_EXIT_FAILURE;
    }
    if (o->chart) {
        int rc = ui_run_chart(r, o->chart, o->lang);
        if (rc)
            return rc;
    }
    if (!o->quiet)
        ui_summary_print(r, ui_report_stream(o->csv, o->json));
    return UI_EXIT_OK;
}
