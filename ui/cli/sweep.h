/* ui/cli/sweep.h: sweep points and their results, shared by the sweep writers and chart. */
#ifndef UI_SWEEP_H
#define UI_SWEEP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "orders/experiment.h"
#include "sim/stats.h"

struct ui_vary {
    char key[128];  /* dotted path, as for --set */
    char unit[16];  /* suffix written after each value ("/s", "ms", "") */
    double from, to, step;
    int count;
    /* FROM, TO and STEP all written as whole numbers >= 0: the values are exact
     * integers (a seed of 100000000000 stays that, not 1e+11). */
    bool integer;
    uint64_t ifrom, istep;
};

/* Parse KEY=FROM:TO:STEP. Returns 0, or -1 with a message in err. */
int ui_vary_parse(const char *spec, struct ui_vary *v, char *err, size_t errlen);
double ui_vary_value(const struct ui_vary *v, int i);
/* Point i's value as text without the unit: exact for integers, else %.10g. */
void ui_vary_text(const struct ui_vary *v, int i, char *buf, size_t n);
/* Point i's value as a JSON value (an exact integer, or a real). */
struct json_t *ui_vary_json(const struct ui_vary *v, int i);
/* "key=valueunit", the --set form of point i. */
void ui_vary_format(const struct ui_vary *v, int i, char *buf, size_t n);

struct ui_sweep {
    const struct ord_config *base;
    const struct ui_vary *vary;
    int nvary;
    size_t points;
    int reps;
    const struct ord_job *jobs; /* points x reps; job (p, r) at p * reps + r */
};

/* Statistics over the replications of point p for variant slot v and figure f. */
void ui_sweep_stat(const struct ui_sweep *s, size_t p, int v, int f, struct sim_stat *st);
/* The same for figure f of ord_svc_figures of service k (scenarios with two services or
 * more: s->jobs[0].nservices). */
void ui_sweep_svc_stat(const struct ui_sweep *s, size_t p, int v, int k, int f,
                       struct sim_stat *st);
/* A --figures name: a figure of ord_figures (*svc = -1), or "<service>_<figure>" with a
 * service of base (two or more) and a figure of ord_svc_figures. Returns 0 or -1. */
int ui_sweep_figure_parse(const struct ord_config *base, const char *name, int *svc, int *fig);

int ui_sweep_csv(FILE *f, void *sweep);
int ui_sweep_json(FILE *f, void *sweep);
/* The knee chart: x = the first varied key, y = figures (default user latency p99 and
 * completion lag p99, and with several services each one's lag p99) per variant with
 * 95 % CI error bars, log y; the DB capacity marked where x is a rate. Returns 0, or
 * 1/2 after printing why. */
int ui_sweep_chart(const struct ui_sweep *s, const char *path, const char *figures,
                   const char *lang);

#endif
