/* tests/fuzz_csv.c: libFuzzer target for the readers of recorded runs (built and run by
 * scripts/fuzz csv, not by CTest): the run CSV that `chart` and `compare` read, its
 * JSON sidecar, and what is drawn and compared from them.
 *
 * An input is a CSV, optionally followed by a line "#json" and a sidecar. Beyond "no
 * crash, no leak, no hang" (the sanitizers and libFuzzer's -timeout: an axis fit that
 * loops is a hang), a run that loads is drawn on a small image, compared with itself,
 * and every value it holds is finite and within the documented bound. */
#include <cairo.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ui/chart/chart.h"
#include "ui/chart/compare.h"
#include "ui/chart/csv.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char sep[] = "\n#json\n";

static void check_values(const struct ui_run_data *d)
{
    for (int v = 0; v < d->nvariants; v++)
        for (int c = 0; c < UI_NCOLS; c++)
            for (size_t i = 0; i < d->v[v].n; i++) {
                double x = d->v[v].col[c][i];
                if (!isfinite(x) || fabs(x) > UI_RUN_MAX_VALUE)
                    abort();
            }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *text = (const char *)data, *json = NULL;
    size_t csv_len = size, json_len = 0;
    const char *at = memmem(text, size, sep, sizeof sep - 1);
    if (at) {
        csv_len = (size_t)(at - text) + 1;
        json = at + sizeof sep - 1;
        json_len = size - (size_t)(json - text);
    }
    FILE *f = fmemopen((void *)text, csv_len ? csv_len : 1, "r");
    if (!f)
        return 0;
    struct ui_run_data runs[2];
    ui_rundata_init(&runs[0], "fuzz");
    char err[512];
    int rc = csv_len ? ui_rundata_read_csv(&runs[0], f, "fuzz.csv", err, sizeof err) : -1;
    fclose(f);
    if (rc == 0 && json)
        rc = ui_rundata_read_meta(&runs[0], json, json_len, "fuzz.json", err, sizeof err);
    if (rc == 0) {
        check_values(&runs[0]);
        cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, 320, 200);
        cairo_t *cr = cairo_create(s);
        struct ui_chart_opts o;
        ui_chart_opts_init(&o);
        o.width = 320;
        o.height = 200;
        ui_chart_render(cr, runs, 1, &o, NULL);
        o.log_latency = true;
        ui_chart_render(cr, runs, 1, &o, NULL);
        cairo_destroy(cr);
        cairo_surface_destroy(s);
        runs[1] = runs[0]; /* compared with itself: read only */
        FILE *out = fopen("/dev/null", "w");
        if (out) {
            ui_compare_print(runs, 2, out);
            fclose(out);
        }
    }
    ui_rundata_free(&runs[0]);
    return 0;
}
