/* ui/cli/cmd_sweep.c: `ordersim sweep` and `ordersim run --replications N`. */
#include <errno.h>
#include <jansson.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "orders/experiment.h"
#include "orders/scenario/scenario.h"
#include "sim/error.h"
#include "sim/rng.h"
#include "sim/stats.h"
#include "ui/base/text.h"
#include "ui/cli/cli.h"
#include "ui/cli/commands.h"
#include "ui/export/export.h"
#include "ui/base/file.h"
#include "ui/base/termsafe.h"
#include "ui/cli/sweep.h"

#define MAX_POINTS 10000
#define MAX_VARY 4

/* The first SIGINT/SIGTERM asks the workers to stop (they drop their runs within
 * about a millisecond, nothing is written, exit 130/143); a second one ends the process
 * at once, by the default action of that signal. */
static volatile sig_atomic_t interrupted;
static void on_stop_signal(int sig)
{
    if (interrupted) {
        signal(sig, SIG_DFL);
        raise(sig);
        return;
    }
    interrupted = sig;
}

/* ---- --vary KEY=FROM:TO:STEP ------------------------------------------------- */

/* Split "1000/s" into 1000 and "/s"; returns 0 or -1. */
static int parse_num_unit(const char *s, double *x, char *unit, size_t n)
{
    char *end;
    errno = 0;
    *x = strtod(s, &end);
    if (end == s || errno || !isfinite(*x))
        return -1;
    if (strlen(end) >= n)
        return -1;
    strcpy(unit, end);
    return 0;
}

/* A whole number >= 0 written with digits only ("100000000000", not "1e11"). */
static bool whole(const char *s, unsigned long long *x)
{
    size_t nd = strspn(s, "0123456789");
    if (nd == 0 || nd > 20)
        return false;
    char *end;
    errno = 0;
    *x = strtoull(s, &end, 10);
    return errno == 0 && end == s + nd;
}

int ui_vary_parse(const char *spec, struct ui_vary *v, char *err, size_t errlen)
{
    memset(v, 0, sizeof *v);
    const char *eq = strchr(spec, '=');
    if (!eq || eq == spec || (size_t)(eq - spec) >= sizeof v->key) {
        snprintf(err, errlen, "--vary %s: expected KEY=FROM:TO:STEP", spec);
        return -1;
    }
    memcpy(v->key, spec, (size_t)(eq - spec));
    char buf[256];
    snprintf(buf, sizeof buf, "%s", eq + 1);
    char *parts[3], *save = NULL;
    int n = 0;
    for (char *t = strtok_r(buf, ":", &save); t && n < 4; t = strtok_r(NULL, ":", &save))
        parts[n < 3 ? n : 2] = t, n++;
    if (n != 3) {
        snprintf(err, errlen, "--vary %s: expected FROM:TO:STEP after '='", spec);
        return -1;
    }
    char u_to[16], u_step[16];
    if (parse_num_unit(parts[0], &v->from, v->unit, sizeof v->unit) ||
        parse_num_unit(parts[1], &v->to, u_to, sizeof u_to) ||
        parse_num_unit(parts[2], &v->step, u_step, sizeof u_step)) {
        snprintf(err, errlen, "--vary %s: FROM, TO and STEP must be numbers (with a unit)",
                 spec);
        return -1;
    }
    if ((*u_to && strcmp(u_to, v->unit)) || (*u_step && strcmp(u_step, v->unit))) {
        snprintf(err, errlen, "--vary %s: FROM, TO and STEP must use the same unit", spec);
        return -1;
    }
    if (!(v->step > 0)) {
        snprintf(err, errlen, "--vary %s: STEP must be greater than 0", spec);
        return -1;
    }
    if (v->from > v->to) {
        snprintf(err, errlen, "--vary %s: FROM is greater than TO", spec);
        return -1;
    }
    unsigned long long ifrom, ito, istep;
    v->integer = whole(parts[0], &ifrom) && whole(parts[1], &ito) && whole(parts[2], &istep) &&
                 istep > 0 && ifrom <= ito;
    if (v->integer) {
        v->ifrom = ifrom;
        v->istep = istep;
        unsigned long long icount = (ito - ifrom) / istep + 1;
        if (icount > MAX_POINTS) {
            snprintf(err, errlen, "--vary %s: %llu points; at most %d", spec, icount, MAX_POINTS);
            return -1;
        }
        v->count = (int)icount;
        return 0;
    }
    double count = floor((v->to - v->from) / v->step + 1e-9) + 1;
    if (count > MAX_POINTS) {
        snprintf(err, errlen, "--vary %s: %.0f points; at most %d", spec, count, MAX_POINTS);
        return -1;
    }
    v->count = (int)count;
    return 0;
}

static uint64_t vary_int(const struct ui_vary *v, int i)
{
    return v->ifrom + v->istep * (uint64_t)i; /* at most TO: no overflow */
}

double ui_vary_value(const struct ui_vary *v, int i)
{
    return v->integer ? (double)vary_int(v, i) : v->from + v->step * i;
}

void ui_vary_text(const struct ui_vary *v, int i, char *buf, size_t n)
{
    if (v->integer)
        snprintf(buf, n, "%llu", (unsigned long long)vary_int(v, i));
    else
        snprintf(buf, n, "%.10g", ui_vary_value(v, i));
}

json_t *ui_vary_json(const struct ui_vary *v, int i)
{
    return v->integer ? ui_json_u64(vary_int(v, i)) : json_real(ui_vary_value(v, i));
}

void ui_vary_format(const struct ui_vary *v, int i, char *buf, size_t n)
{
    char text[32];
    ui_vary_text(v, i, text, sizeof text);
    snprintf(buf, n, "%s=%s%s", v->key, text, v->unit);
}

/* Apply point `index` (mixed radix over the varies) to cfg. */
static int apply_point(struct ord_config *cfg, const struct ui_vary *vary, int nvary, size_t index,
                       struct ord_diag *d)
{
    char sets[MAX_VARY][256];
    const char *all[MAX_VARY];
    for (int k = nvary - 1; k >= 0; k--) {
        int i = (int)(index % (size_t)vary[k].count);
        index /= (size_t)vary[k].count;
        ui_vary_format(&vary[k], i, sets[k], sizeof sets[k]);
        all[k] = sets[k];
    }
    /* Together, checked once: a point's values may only make sense as a whole. */
    return ord_scenario_set_all(cfg, all, nvary, d);
}

static int point_coord(const struct ui_vary *vary, int nvary, size_t index, int k)
{
    for (int j = nvary - 1; j > k; j--)
        index /= (size_t)vary[j].count;
    return (int)(index % (size_t)vary[k].count);
}

/* ---- progress ---------------------------------------------------------------- */

struct progress {
    int on;
    struct timespec start;
};

static void show_progress(size_t done, size_t total, void *ud)
{
    struct progress *p = ud;
    if (!p->on)
        return;
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    double el = (double)(now.tv_sec - p->start.tv_sec) +
                (double)(now.tv_nsec - p->start.tv_nsec) / 1e9;
    double eta = done > 0 ? el * (double)(total - done) / (double)done : 0;
    int width = 30, fill = total ? (int)((size_t)width * done / total) : width;
    fprintf(stderr, "\r[");
    for (int i = 0; i < width; i++)
        fputc(i < fill ? '#' : '.', stderr);
    fprintf(stderr, "] %zu/%zu runs, %.1f s, ETA %.1f s ", done, total, el, eta);
    fflush(stderr);
}

/* ---- jobs ---------------------------------------------------------------------- */

/* Make points x reps jobs from base; job (p, r) is at p * reps + r. Returns 0, or 2
 * after printing a diagnostic. */
static int make_jobs(const struct ord_config *base, const struct ui_vary *vary, int nvary,
                     size_t points, int reps, struct ord_job **out)
{
    struct ord_job *jobs = calloc(points * (size_t)reps, sizeof *jobs);
    if (!jobs) {
        fprintf(stderr, "ordersim: out of memory\n");
        return UI_EXIT_FAILURE;
    }
    for (size_t p = 0; p < points; p++) {
        for (int r = 0; r < reps; r++) {
            struct ord_job *j = &jobs[p * (size_t)reps + (size_t)r];
            struct ord_diag d;
            memset(&d, 0, sizeof d);
            int rc = ord_config_copy(&j->cfg, base);
            if (rc == 0)
                rc = apply_point(&j->cfg, vary, nvary, p, &d);
            if (rc) {
                if (rc == SIM_ENOMEM)
                    fprintf(stderr, "ordersim: out of memory\n");
                else {
                    fprintf(stderr, "ordersim sweep: bad --vary value: ");
                    ord_diag_print(&d, stderr);
                }
                for (size_t q = 0; q <= p * (size_t)reps + (size_t)r; q++)
                    ord_config_free(&jobs[q].cfg);
                free(jobs);
                return ui_exit_status(rc);
            }
            j->cfg.seed = sim_rng_derive_seed(base->seed, (uint64_t)r);
        }
    }
    *out = jobs;
    return 0;
}

static void free_jobs(struct ord_job *jobs, size_t n)
{
    for (size_t i = 0; i < n; i++)
        ord_config_free(&jobs[i].cfg);
    free(jobs);
}

/* Statistics of figure f for variant slot v over jobs[first .. first+reps). */
static void figure_stat(const struct ord_job *jobs, size_t first, int reps, int v, int f,
                        struct sim_stat *st)
{
    double x[reps];
    for (int r = 0; r < reps; r++)
        x[r] = ord_figures[f].get(&jobs[first + (size_t)r].sum[v]);
    sim_stat_compute(x, reps, st);
}

static int run_jobs(struct ord_job *jobs, size_t njobs, long threads, int progress_on)
{
    struct sigaction sa, old_int, old_term;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_stop_signal;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, &old_int);
    sigaction(SIGTERM, &sa, &old_term);
    struct progress pr = {.on = progress_on && isatty(STDERR_FILENO)};
    clock_gettime(CLOCK_MONOTONIC, &pr.start);
    int rc = ord_experiment_run(jobs, njobs, (int)threads, &interrupted, show_progress, &pr);
    if (pr.on)
        fprintf(stderr, "\r%78s\r", "");
    sigaction(SIGINT, &old_int, NULL);
    sigaction(SIGTERM, &old_term, NULL);
    if (rc == SIM_EINTR || interrupted) {
        fprintf(stderr, "ordersim: interrupted; no file written\n");
        return 128 + (interrupted ? (int)interrupted : SIGINT);
    }
    if (rc) {
        fprintf(stderr, "ordersim: a run failed: %s\n", ord_experiment_error(jobs, njobs));
        return UI_EXIT_FAILURE;
    }
    return 0;
}

/* ---- writers ------------------------------------------------------------------- */

static size_t point_of(const struct ui_sweep *s, size_t p) { return p * (size_t)s->reps; }

void ui_sweep_stat(const struct ui_sweep *s, size_t p, int v, int f, struct sim_stat *st)
{
    figure_stat(s->jobs, point_of(s, p), s->reps, v, f, st);
}

/* Statistics of service k's figure f for variant slot v over jobs[first .. first+reps). */
static void svc_stat(const struct ord_job *jobs, size_t first, int reps, int v, int k, int f,
                     struct sim_stat *st)
{
    double x[reps];
    for (int r = 0; r < reps; r++)
        x[r] = jobs[first + (size_t)r].svc[v][k][f];
    sim_stat_compute(x, reps, st);
}

void ui_sweep_svc_stat(const struct ui_sweep *s, size_t p, int v, int k, int f,
                       struct sim_stat *st)
{
    svc_stat(s->jobs, point_of(s, p), s->reps, v, k, f, st);
}

int ui_sweep_figure_parse(const struct ord_config *base, const char *name, int *svc, int *fig)
{
    *svc = -1;
    if ((*fig = ord_figure_find(name)) >= 0)
        return 0;
    for (size_t k = 0; base->nservices >= 2 && k < base->nservices; k++) {
        size_t n = strlen(base->services[k].name);
        if (strncmp(name, base->services[k].name, n) == 0 && name[n] == '_' &&
            (*fig = ord_svc_figure_find(name + n + 1)) >= 0) {
            *svc = (int)k;
            return 0;
        }
    }
    return -1;
}

/* One CSV row: the point's values, then variant, figure and the statistics. */
static void csv_row(FILE *f, const struct ui_sweep *s, size_t p, const char *variant,
                    const char *svc, const char *figure, const struct sim_stat *st)
{
    for (int k = 0; k < s->nvary; k++) {
        char text[32];
        ui_vary_text(&s->vary[k], point_coord(s->vary, s->nvary, p, k), text, sizeof text);
        fprintf(f, "%s,", text);
    }
    fprintf(f, "%s,%s%s%s,%.6g,%.6g,%.6g,%.6g,%d\n", variant, svc ? svc : "", svc ? "_" : "",
            figure, st->mean, st->ci95, st->min, st->max, st->n);
}

int ui_sweep_csv(FILE *f, void *arg)
{
    const struct ui_sweep *s = arg;
    for (int k = 0; k < s->nvary; k++)
        fprintf(f, "%s,", s->vary[k].key);
    fprintf(f, "variant,figure,mean,ci95,min,max,n\n");
    for (size_t p = 0; p < s->points; p++) {
        const struct ord_job *j0 = &s->jobs[point_of(s, p)];
        for (int v = 0; v < j0->nvariants; v++) {
            const char *variant = ord_variant_name(j0->kinds[v]);
            for (int fi = 0; fi < ord_nfigures; fi++) {
                struct sim_stat st;
                figure_stat(s->jobs, point_of(s, p), s->reps, v, fi, &st);
                csv_row(f, s, p, variant, NULL, ord_figures[fi].name, &st);
            }
            /* with several services: each one's figures, "<service>_<figure>" */
            for (int k = 0; k < j0->nservices; k++)
                for (int fi = 0; fi < ord_nsvc_figures; fi++) {
                    struct sim_stat st;
                    svc_stat(s->jobs, point_of(s, p), s->reps, v, k, fi, &st);
                    csv_row(f, s, p, variant, j0->cfg.services[k].name, ord_svc_figures[fi].name,
                            &st);
                }
        }
    }
    return ferror(f) ? SIM_EIO : 0;
}

static json_t *jstat(const struct sim_stat *st)
{
    json_t *o = json_object();
    json_object_set_new(o, "mean", json_real(st->mean));
    json_object_set_new(o, "ci95", json_real(st->ci95));
    json_object_set_new(o, "n", json_integer(st->n));
    json_object_set_new(o, "min", json_real(st->min));
    json_object_set_new(o, "max", json_real(st->max));
    return o;
}

/* {"figure": {mean, ci95, n, min, max}, ...} for variant slot v over one point. */
static json_t *jvariant_stats(const struct ord_job *jobs, size_t first, int reps, int v)
{
    json_t *o = json_object();
    for (int fi = 0; fi < ord_nfigures; fi++) {
        struct sim_stat st;
        figure_stat(jobs, first, reps, v, fi, &st);
        json_object_set_new(o, ord_figures[fi].name, jstat(&st));
    }
    /* with several services: "services": {"points": {"lag_p99_ms": {...}, ...}, ...} */
    if (jobs[first].nservices > 0) {
        json_t *svcs = json_object();
        for (int k = 0; k < jobs[first].nservices; k++) {
            json_t *so = json_object();
            for (int fi = 0; fi < ord_nsvc_figures; fi++) {
                struct sim_stat st;
                svc_stat(jobs, first, reps, v, k, fi, &st);
                json_object_set_new(so, ord_svc_figures[fi].name, jstat(&st));
            }
            json_object_set_new(svcs, jobs[first].cfg.services[k].name, so);
        }
        json_object_set_new(o, "services", svcs);
    }
    return o;
}

int ui_sweep_json(FILE *f, void *arg)
{
    const struct ui_sweep *s = arg;
    json_t *root = json_object();
    json_object_set_new(root, "scenario", json_string(s->base->name ? s->base->name : ""));
    json_object_set_new(root, "seed", ui_json_u64(s->base->seed));
    json_object_set_new(root, "replications", json_integer(s->reps));
    json_t *keys = json_array();
    for (int k = 0; k < s->nvary; k++)
        json_array_append_new(keys, json_string(s->vary[k].key));
    json_object_set_new(root, "vary", keys);
    json_t *pts = json_array();
    for (size_t p = 0; p < s->points; p++) {
        const struct ord_job *j0 = &s->jobs[point_of(s, p)];
        json_t *po = json_object(), *vals = json_object(), *vars = json_object();
        for (int k = 0; k < s->nvary; k++)
            json_object_set_new(vals, s->vary[k].key,
                                ui_vary_json(&s->vary[k], point_coord(s->vary, s->nvary, p, k)));
        json_object_set_new(po, "values", vals);
        for (int v = 0; v < j0->nvariants; v++)
            json_object_set_new(vars, ord_variant_name(j0->kinds[v]),
                                jvariant_stats(s->jobs, point_of(s, p), s->reps, v));
        json_object_set_new(po, "variants", vars);
        json_array_append_new(pts, po);
    }
    json_object_set_new(root, "points", pts);
    int rc = ui_json_dump(root, f, JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(10));
    json_decref(root);
    return rc;
}

/* The point's values as the table writes them ("2000/s,30"). */
static void point_text(const struct ui_sweep *s, size_t p, char *val, size_t n)
{
    val[0] = '\0';
    for (int k = 0; k < s->nvary; k++) {
        char one[64], text[32];
        ui_vary_text(&s->vary[k], point_coord(s->vary, s->nvary, p, k), text, sizeof text);
        snprintf(one, sizeof one, "%s%s%s", k ? "," : "", text, s->vary[k].unit);
        strncat(val, one, n - strlen(val) - 1);
    }
}

/* With several services, a second table: each service's own figures per point. */
static void print_service_table(const struct ui_sweep *s, FILE *out)
{
    static const char *const names[] = {"completed", "lag_p99_ms", "backlog_max",
                                        "backlog_at_load_end"};
    int fi[4];
    for (int i = 0; i < 4; i++)
        fi[i] = ord_svc_figure_find(names[i]);
    fprintf(out, "\neach service (mean of the replications):\n");
    fprintf(out, "%-24s %-8s %-10s %12s %20s %12s %18s\n", s->vary[0].key, "variant", "service",
            "written", "lag p99 ms", "backlog max", "backlog at load end");
    for (size_t p = 0; p < s->points; p++) {
        const struct ord_job *j0 = &s->jobs[point_of(s, p)];
        char val[160];
        point_text(s, p, val, sizeof val);
        for (int v = 0; v < j0->nvariants; v++)
            for (int k = 0; k < j0->nservices; k++) {
                struct sim_stat st[4];
                for (int i = 0; i < 4; i++)
                    svc_stat(s->jobs, point_of(s, p), s->reps, v, k, fi[i], &st[i]);
                char lag[32];
                ui_fmt_mean_ci(lag, sizeof lag, st[1].mean, st[1].ci95, 1);
                fprintf(out, "%-24s %-8s %-10s %12.0f %20s %12.0f %18.0f\n",
                        v == 0 && k == 0 ? val : "", k == 0 ? ord_variant_name(j0->kinds[v]) : "",
                        j0->cfg.services[k].name, st[0].mean, lag, st[2].mean, st[3].mean);
            }
    }
}

static void print_sweep_table(const struct ui_sweep *s, FILE *out)
{
    int f50 = ord_figure_find("latency_p50_ms"), f99 = ord_figure_find("latency_p99_ms");
    int fc = ord_figure_find("completed_load_per_s"), fr = ord_figure_find("rejected");
    fprintf(out, "%-24s %-8s %20s %20s %17s %12s\n", s->vary[0].key, "variant", "latency p50 ms",
           "latency p99 ms", "completed/s load", "rejected");
    for (size_t p = 0; p < s->points; p++) {
        const struct ord_job *j0 = &s->jobs[point_of(s, p)];
        char val[160];
        point_text(s, p, val, sizeof val);
        for (int v = 0; v < j0->nvariants; v++) {
            struct sim_stat a, b, c, d;
            figure_stat(s->jobs, point_of(s, p), s->reps, v, f50, &a);
            figure_stat(s->jobs, point_of(s, p), s->reps, v, f99, &b);
            figure_stat(s->jobs, point_of(s, p), s->reps, v, fc, &c);
            figure_stat(s->jobs, point_of(s, p), s->reps, v, fr, &d);
            char c1[32], c2[32];
            ui_fmt_mean_ci(c1, sizeof c1, a.mean, a.ci95, 1);
            ui_fmt_mean_ci(c2, sizeof c2, b.mean, b.ci95, 1);
            fprintf(out, "%-24s %-8s %20s %20s %17.1f %12.0f\n", v == 0 ? val : "",
                   ord_variant_name(j0->kinds[v]), c1, c2, c.mean, d.mean);
        }
    }
    if (s->jobs[0].nservices > 0)
        print_service_table(s, out);
}

/* ---- sweep command ------------------------------------------------------------- */

struct sweep_opts {
    struct ui_strlist set, vary;
    const char *seed, *csv, *json, *chart, *figures, *lang;
    long reps, jobs;
    int quiet;
};

#define SW_OFF(f) offsetof(struct sweep_opts, f)
static const struct ui_opt sweep_table[] = {
    {"vary", 0, UI_OPT_LIST, SW_OFF(vary), "KEY=FROM:TO:STEP",
     "vary a scenario field (a --set key); several: every combination"},
    {"replications", 'r', UI_OPT_INT, SW_OFF(reps), "N",
     "independent replications per point (default 1); seeds derived from --seed"},
    {"jobs", 'j', UI_OPT_INT, SW_OFF(jobs), "J", "worker threads (default: number of cores)"},
    {"set", 0, UI_OPT_LIST, SW_OFF(set), "KEY=VALUE", "override a scenario field first"},
    {"seed", 0, UI_OPT_STRING, SW_OFF(seed), "N", "base seed (default: the scenario's)"},
    {"csv", 0, UI_OPT_STRING, SW_OFF(csv), "FILE",
     "one row per (value, variant, figure): mean, ci95, min, max, n"},
    {"json", 0, UI_OPT_STRING, SW_OFF(json), "FILE", "the same as JSON"},
    {"chart", 0, UI_OPT_STRING, SW_OFF(chart), "FILE", "the curve (.png, .svg or .pdf)"},
    {"figures", 0, UI_OPT_STRING, SW_OFF(figures), "LIST",
     "figures to chart (default latency_p99_ms,lag_p99_ms and each service's "
     "<service>_lag_p99_ms)"},
    {"lang", 0, UI_OPT_CHOICE, SW_OFF(lang), "en|zh", "language of the chart's labels"},
    {"quiet", 'q', UI_OPT_FLAG, SW_OFF(quiet), NULL, "do not print the table"},
};

static long default_jobs(void);

static void sweep_defaults(void *opts)
{
    struct sweep_opts *o = opts;
    o->reps = 1;
    o->jobs = default_jobs();
}

static int sweep_exec(const struct ui_cmd_entry *self, const struct ui_cmd_args *args);

const struct ui_cmd_entry ui_cmd_sweep_entry = {
    .name = "sweep",
    .usage = "[SCENARIO]",
    .summary = "vary parameters, replicate, and chart the curve",
    .help = "Run a scenario for each value of one or more parameters, with replications.",
    .details = "Example: ordersim sweep steady --vary load.phases.0.rate=1000:12000:1000 "
               "--chart knee.png\n"
               "Values take the key's unit (1000/s, 10ms, or a bare number). Figures are the\n"
               "mean over replications +- the 95% confidence half-width (Student t). The\n"
               "same command gives the same files whatever --jobs is. Ctrl-C stops and\n"
               "writes nothing. At most 10000 points.",
    .options = UI_CMD_OPTIONS(sweep_table, struct sweep_opts, sweep_defaults),
    .min_pos = 0,
    .max_pos = 1,
    .exec = sweep_exec,
};

static long default_jobs(void)
{
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    return n > 0 ? n : 1;
}

static int save(const char *path, int (*fn)(FILE *, void *), void *ctx)
{
    char err[512];
    int rc = ui_save_atomic(path, fn, ctx, err, sizeof err);
    if (rc) {
        fprintf(stderr, "ordersim: %s\n", err);
        return ui_exit_status(rc);
    }
    return 0;
}

static int sweep_outputs(const struct sweep_opts *o, struct ui_sweep *s)
{
    int rc;
    if (o->csv && (rc = save(o->csv, ui_sweep_csv, s)) != 0)
        return rc;
    if (o->json && (rc = save(o->json, ui_sweep_json, s)) != 0)
        return rc;
    if (o->chart && (rc = ui_sweep_chart(s, o->chart, o->figures, o->lang)) != 0)
        return rc;
    if (!o->quiet)
        print_sweep_table(s, ui_report_stream(o->csv, o->json));
    return 0;
}

/* --figures: every name known (a service's as "<service>_<figure>"), else a message
 * listing them. Returns 0 or -1. */
static int check_figures(const struct ord_config *base, const char *figures)
{
    char buf[256];
    snprintf(buf, sizeof buf, "%s", figures);
    for (char *sv = NULL, *t = strtok_r(buf, ",", &sv); t; t = strtok_r(NULL, ",", &sv)) {
        int svc, fig;
        if (ui_sweep_figure_parse(base, t, &svc, &fig) == 0)
            continue;
        fprintf(stderr, "ordersim sweep: unknown figure '%s'; figures:", t);
        for (int i = 0; i < ord_nfigures; i++)
            fprintf(stderr, " %s", ord_figures[i].name);
        if (base->nservices >= 2) {
            fprintf(stderr, "; and for each service (%s", base->services[0].name);
            for (size_t k = 1; k < base->nservices; k++)
                fprintf(stderr, ", %s", base->services[k].name);
            fprintf(stderr, ") <service>_<figure> with <figure> one of:");
            for (int i = 0; i < ord_nsvc_figures; i++)
                fprintf(stderr, " %s", ord_svc_figures[i].name);
        }
        fputc('\n', stderr);
        return -1;
    }
    return 0;
}

static int sweep_exec(const struct ui_cmd_entry *self, const struct ui_cmd_args *args)
{
    (void)self;
    const struct sweep_opts *o = args->opts;
    const char *scenario = args->npos ? args->pos[0] : NULL;
    struct ui_vary vary[MAX_VARY];
    int nvary = o->vary.n;
    if (nvary == 0) {
        fprintf(stderr, "ordersim sweep: give at least one --vary KEY=FROM:TO:STEP\n");
        return UI_EXIT_USAGE;
    }
    if (nvary > MAX_VARY) {
        fprintf(stderr, "ordersim sweep: at most %d --vary options\n", MAX_VARY);
        return UI_EXIT_USAGE;
    }
    size_t points = 1;
    for (int k = 0; k < nvary; k++) {
        char err[512];
        if (ui_vary_parse(o->vary.v[k], &vary[k], err, sizeof err)) {
            fprintf(stderr, "ordersim sweep: %s\n", err);
            return UI_EXIT_USAGE;
        }
        for (int j = 0; j < k; j++)
            if (strcmp(vary[j].key, vary[k].key) == 0) {
                fprintf(stderr, "ordersim sweep: --vary %s given twice\n", vary[k].key);
                return 2;
            }
        points *= (size_t)vary[k].count;
        if (points > MAX_POINTS) {
            fprintf(stderr, "ordersim sweep: more than %d points in all\n", MAX_POINTS);
            return UI_EXIT_USAGE;
        }
    }
    if (o->reps < 1 || o->reps > 10000 || o->jobs < 1 || o->jobs > 1024) {
        fprintf(stderr, "ordersim sweep: --replications must be 1..10000 and --jobs 1..1024\n");
        return UI_EXIT_USAGE;
    }
    struct ord_config base;
    int rc = ui_load_scenario("sweep", scenario, &o->set, o->seed, NULL, &base);
    if (rc)
        return rc;
    if (o->figures && check_figures(&base, o->figures)) {
        ord_config_free(&base);
        return UI_EXIT_USAGE;
    }
    const char *outs[] = {o->csv, o->json, o->chart};
    if (ui_check_outputs("sweep", outs, 3)) {
        ord_config_free(&base);
        return 2;
    }
    struct ord_job *jobs = NULL;
    rc = make_jobs(&base, vary, nvary, points, (int)o->reps, &jobs);
    if (rc == 0) {
        size_t njobs = points * (size_t)o->reps;
        rc = run_jobs(jobs, njobs, o->jobs, 1);
        if (rc == 0) {
            struct ui_sweep s = {&base, vary, nvary, points, (int)o->reps, jobs};
            rc = sweep_outputs(o, &s);
        }
        free_jobs(jobs, njobs);
    }
    ord_config_free(&base);
    return rc;
}

/* ---- run --replications N ------------------------------------------------------ */

struct rep_out {
    const struct ord_config *cfg;
    const struct ord_job *jobs;
    int reps;
};

static int rep_json(FILE *f, void *arg)
{
    const struct rep_out *r = arg;
    json_t *root = json_object();
    json_object_set_new(root, "scenario", json_string(r->cfg->name ? r->cfg->name : ""));
    json_object_set_new(root, "seed", ui_json_u64(r->cfg->seed));
    json_object_set_new(root, "duration_s", json_real(sim_time_to_s(r->cfg->duration)));
    json_object_set_new(root, "replications", json_integer(r->reps));
    json_t *vars = json_object();
    for (int v = 0; v < r->jobs[0].nvariants; v++)
        json_object_set_new(vars, ord_variant_name(r->jobs[0].kinds[v]),
                            jvariant_stats(r->jobs, 0, r->reps, v));
    json_object_set_new(root, "variants", vars);
    int rc = ui_json_dump(root, f, JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(10));
    json_decref(root);
    return rc;
}

/* A figure's row label: its words and its unit ("rejected (orders)"); drained at says
 * what "never" means instead of "-1". A duration's unit is in each cell instead ("668
 * +- 0 ms", "6.778 +- 0.094 s"): one row may hold both. */
static const char *rep_label(int fi)
{
    static char buf[96];
    if (strcmp(ord_figures[fi].name, "drained_at_s") == 0)
        return "backlog drained at (s)";
    if (strcmp(ord_figures[fi].unit, "ms") == 0)
        return ord_figures[fi].label;
    snprintf(buf, sizeof buf, "%s (%s)", ord_figures[fi].label, ord_figures[fi].unit);
    return buf;
}

/* One cell of the replications table: the mean and its 95 % half-width to the
 * precision the half-width allows ("641 +- 12"); durations of a second or more in
 * seconds; a backlog that never drained in some replications says so. */
static void rep_cell(const struct ord_job *jobs, int n, int v, int fi, const struct sim_stat *st,
                     char *buf, size_t len)
{
    if (strcmp(ord_figures[fi].name, "drained_at_s") == 0) {
        int never = 0, none = 0;
        for (int r = 0; r < n; r++) {
            const struct ord_summary *x = &jobs[r].sum[v];
            double rate = x->duration_s > 0 ? (double)x->totals.offered / x->duration_s : 0;
            none += (double)x->backlog_max <= (rate * 0.05 > 20 ? rate * 0.05 : 20);
            never += ord_figures[fi].get(x) < 0;
        }
        if (none == n) { /* a few messages at a time: nothing built up to drain */
            snprintf(buf, len, "none built up");
            return;
        }
        if (never) {
            snprintf(buf, len, "never in %d of %d", never, n);
            return;
        }
    }
    char num[56]; /* with " ms" it fits the table's 64-byte cells (-Wformat-truncation) */
    if (strcmp(ord_figures[fi].unit, "ms") == 0) {
        bool s = st->mean >= 1000; /* a second or more in seconds */
        ui_fmt_mean_ci(num, sizeof num, s ? st->mean / 1000 : st->mean,
                       s ? st->ci95 / 1000 : st->ci95, 1);
        snprintf(buf, len, "%s %s", num, s ? "s" : "ms");
        return;
    }
    ui_fmt_mean_ci(buf, len, st->mean, st->ci95, 1);
}

/* Service k's drained-at cell when its words say more than a number (as rep_cell says
 * for the variant's): a few messages at a time built nothing up; never drained in some
 * replications. Returns whether it wrote one. */
static bool svc_drained_cell(const struct ord_job *jobs, int n, int v, int k, char *buf,
                             size_t len)
{
    int fb = ord_svc_figure_find("backlog_max"), fd = ord_svc_figure_find("drained_at_s");
    int never = 0, none = 0;
    for (int r = 0; r < n; r++) {
        const struct ord_summary *x = &jobs[r].sum[v];
        double rate = x->duration_s > 0 ? (double)x->totals.offered / x->duration_s : 0;
        none += jobs[r].svc[v][k][fb] <= (rate * 0.05 > 20 ? rate * 0.05 : 20);
        never += jobs[r].svc[v][k][fd] < 0;
    }
    if (none == n)
        snprintf(buf, len, "none built up");
    else if (never)
        snprintf(buf, len, "never in %d of %d", never, n);
    return none == n || never;
}

/* With several services: each service's figures, a row each under its name. */
static void print_rep_services(const struct ord_job *jobs, int n, FILE *table)
{
    for (int k = 0; k < jobs[0].nservices; k++) {
        fprintf(table, "service %s\n", jobs[0].cfg.services[k].name);
        for (int fi = 0; fi < ord_nsvc_figures; fi++) {
            char label[96];
            bool ms = strcmp(ord_svc_figures[fi].unit, "ms") == 0; /* unit in each cell */
            if (ms)
                snprintf(label, sizeof label, "  %s", ord_svc_figures[fi].label);
            else
                snprintf(label, sizeof label, "  %s (%s)", ord_svc_figures[fi].label,
                         ord_svc_figures[fi].unit);
            bool drained = strcmp(ord_svc_figures[fi].name, "drained_at_s") == 0;
            if (drained)
                snprintf(label, sizeof label, "  its backlog drained at (s)");
            fprintf(table, "%-44s", label);
            for (int v = 0; v < jobs[0].nvariants; v++) {
                struct sim_stat st;
                svc_stat(jobs, 0, n, v, k, fi, &st);
                char cell[64];
                bool secs = ms && st.mean >= 1000;
                if (ms) { /* a second or more: in seconds, as the variant's rows */
                    char num[48];
                    ui_fmt_mean_ci(num, sizeof num, secs ? st.mean / 1000 : st.mean,
                                   secs ? st.ci95 / 1000 : st.ci95, 1);
                    snprintf(cell, sizeof cell, "%s %s", num, secs ? "s" : "ms");
                } else if (!drained || !svc_drained_cell(jobs, n, v, k, cell, sizeof cell)) {
                    ui_fmt_mean_ci(cell, sizeof cell, st.mean, st.ci95, 1);
                }
                fprintf(table, " %24s", cell);
            }
            fputc('\n', table);
        }
    }
}

int ui_run_replicated(const struct ord_config *cfg, long n, const char *json, FILE *table)
{
    struct ord_job *jobs = NULL;
    int rc = make_jobs(cfg, NULL, 0, 1, (int)n, &jobs);
    if (rc)
        return rc;
    rc = run_jobs(jobs, (size_t)n, default_jobs(), 1);
    struct rep_out out = {cfg, jobs, (int)n};
    if (rc == 0 && json)
        rc = save(json, rep_json, &out);
    if (rc == 0 && table) {
        char name[256], title[1024];
        fprintf(table, "%s: %s\nseed %llu, %ld replications: mean +- 95%% confidence half-width\n\n",
                ui_term_safe(cfg->name, name, sizeof name),
                ui_term_safe(cfg->title, title, sizeof title), (unsigned long long)cfg->seed, n);
        fprintf(table, "%-44s", "");
        for (int v = 0; v < jobs[0].nvariants; v++)
            fprintf(table, " %24s", ord_variant_name(jobs[0].kinds[v]));
        fputc('\n', table);
        for (int fi = 0; fi < ord_nfigures; fi++) {
            fprintf(table, "%-44s", rep_label(fi));
            for (int v = 0; v < jobs[0].nvariants; v++) {
                struct sim_stat st;
                figure_stat(jobs, 0, (int)n, v, fi, &st);
                char cellbuf[64];
                rep_cell(jobs, (int)n, v, fi, &st, cellbuf, sizeof cellbuf);
                fprintf(table, " %24s", cellbuf);
            }
            fputc('\n', table);
        }
        print_rep_services(jobs, (int)n, table);
    }
    free_jobs(jobs, (size_t)n);
    return rc;
}
