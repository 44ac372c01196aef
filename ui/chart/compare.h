/* ui/chart/compare.h: key figures of several runs side by side, with the difference and
 * ratio against the first run.
 *
 * A figure comes from the run's JSON sidecar when it has it (exact: read from the
 * whole-run histograms and totals), else it is computed from the CSV by the rule in
 * UI_FIGURES (from_csv tells which). */
#ifndef UI_COMPARE_H
#define UI_COMPARE_H

#include <stdbool.h>
#include <stdio.h>

#include "ui/chart/chart_data.h"

/* X(ENUM, json key, table label, decimals, sidecar source, rule from the CSV) */
#define UI_FIGURES(X)                                                                              \
    X(THROUGHPUT, "completed_during_load_per_s", "throughput while load runs (completed/s)", 1,   \
      "completed_during_load_per_s",                                                               \
      "mean of completed_qps over the rows that start before duration_s (all rows when the "      \
      "duration is unknown)")                                                                      \
    X(RUN_AVERAGE, "completed_run_average_per_s", "completed/s, whole-run average (with drain)", \
      1, "completed_run_average_per_s, else completed / (duration_s + drain_s)",                   \
      "mean of completed_qps over all rows")                                                       \
    X(LATENCY_P50, "latency_p50_ms", "latency p50 (ms)", 1, "latency_ms.p50",                      \
      "median of latency_p50_ms over the rows with users answered (value > 0); "                   \
      "even count: mean of the middle two")                                                        \
    X(LATENCY_P99, "latency_p99_ms", "latency p99 (ms)", 1, "latency_ms.p99",                      \
      "the largest latency_p99_ms of any row")                                                     \
    X(REJECTED, "rejected", "rejected (orders)", 0, "rejected", "sum of rejected_qps x interval")  \
    X(FAILED, "failed", "failed (orders)", 0, "failed", "sum of failed_qps x interval")            \
    X(BACKLOG_MAX, "backlog_max", "MQ backlog max (messages)", 0, "backlog_max",                   \
      "the largest backlog")                                                                       \
    X(DRAINED_AT, "drained_at_s", "backlog drained at (s)", 1, "drained_at_s",                     \
      "end (time_s + interval) of the first row after the backlog's maximum whose "                \
      "backlog is 0; never if none; 0 if the backlog never rose above 0")                          \
    X(DB_MAX, "db_qps_max", "database max (queries/s)", 0, "db_qps_max", "the largest db_qps")

enum ui_figure {
#define UI_FIG_ENUM(e, key, label, dec, meta, rule) UI_FIG_##e,
    UI_FIGURES(UI_FIG_ENUM)
#undef UI_FIG_ENUM
        UI_NFIGURES
};

struct ui_figure_info {
    const char *key, *label;
    int decimals;
    const char *meta, *rule;
};
extern const struct ui_figure_info ui_figure_info[UI_NFIGURES];

/* One variant's figures. DRAINED_AT is INFINITY when the backlog never drained. */
struct ui_figures {
    double v[UI_NFIGURES];
    bool from_csv[UI_NFIGURES];
};

/* Figures of variant vi of d (sidecar first, CSV rule otherwise). Returns 0 or
 * SIM_ENOMEM (the median needs a copy of one column). */
int ui_figures_compute(const struct ui_run_data *d, int vi, struct ui_figures *f);

/* The difference and ratio of b against a; NAN when not defined (a missing value,
 * "never", or a ratio against 0). */
double ui_figure_diff(double a, double b);
double ui_figure_ratio(double a, double b);
/* A table's difference and ratio cells (" %10s %7s") of b against a, to `decimals`;
 * "-" where not defined (pass NAN for a missing run or a "-" value). */
void ui_compare_print_diff(FILE *f, double a, double b, int decimals);

/* Each service's figures (runs with several services: the CSV's per-service columns,
 * the sidecar's variants.<v>.services.<name>). X(ENUM, json key, table label,
 * decimals, sidecar source, rule from the CSV) */
#define UI_SVC_FIGURES(X)                                                                          \
    X(COMPLETED, "completed", "written by it (orders)", 0, "services.<s>.completed",              \
      "sum of <s>_completed_qps x interval")                                                       \
    X(FAILED, "failed", "failed for it (orders)", 0, "services.<s>.failed",                       \
      "not in the CSV: - without a sidecar")                                                       \
    X(LAG_P99, "lag_p99_ms", "completion lag p99 (ms)", 1, "services.<s>.completion_lag_ms.p99",  \
      "the largest <s>_lag_p99_ms of any row")                                                     \
    X(BACKLOG_MAX, "backlog_max", "its backlog max (messages)", 0, "services.<s>.backlog_max",    \
      "the largest <s>_backlog")                                                                   \
    X(DRAINED_AT, "drained_at_s", "its backlog drained at (s)", 1, "services.<s>.drained_at_s",   \
      "as for the variant, over <s>_backlog")                                                      \
    X(DB_MAX, "db_qps_max", "its database writes max (/s)", 0, "services.<s>.db_qps_max",         \
      "the largest <s>_db_qps (its queries: writes, and idempotent skips)")

enum ui_svc_figure {
#define UI_SVC_FIG_ENUM(e, key, label, dec, meta, rule) UI_SVC_FIG_##e,
    UI_SVC_FIGURES(UI_SVC_FIG_ENUM)
#undef UI_SVC_FIG_ENUM
        UI_NSVC_FIGURES
};
extern const struct ui_figure_info ui_svc_figure_info[UI_NSVC_FIGURES];

/* One service's figures in one variant. DRAINED_AT is INFINITY when never drained. */
struct ui_svc_figures {
    double v[UI_NSVC_FIGURES];
    bool from_csv[UI_NSVC_FIGURES];
};

/* The services run d has figures for (CSV columns, then the sidecar's), names[max];
 * returns how many (0: a one-service run of the b form, or nothing is known). */
int ui_run_services(const struct ui_run_data *d, const char **names, int max);
/* Every service name of the runs, in order of first appearance; returns how many. */
int ui_services_union(const struct ui_run_data *runs, int n, const char **names, int max);
/* Figures of service name in variant vi of d (sidecar first, CSV rule otherwise); false
 * when d has no figures for it (f all NAN). */
bool ui_svc_figures_compute(const struct ui_run_data *d, int vi, const char *name,
                            struct ui_svc_figures *f);
/* The table's "services:" lines (which services each run has) and, per variant, a
 * block per service; nothing when no run has per-service figures. */
void ui_compare_print_services(const struct ui_run_data *runs, int n, FILE *f);
void ui_compare_print_service_blocks(const struct ui_run_data *runs, int n, const char *variant,
                                     int width, FILE *f, bool *approx_any);
/* JSON: {service: {"present": [...], figure: {values, diff, ratio, from_csv}}} of one
 * variant, and a run's service names; NULL when out of memory. */
struct json_t;
struct json_t *ui_compare_services_json(const struct ui_run_data *runs, int n,
                                        const char *variant);
struct json_t *ui_run_services_json(const struct ui_run_data *d);

/* The side-by-side table of runs[0..n) (variants in order of first appearance).
 * Returns 0 or SIM_ENOMEM. */
int ui_compare_print(const struct ui_run_data *runs, int n, FILE *f);
/* The same as JSON to f; returns 0 or SIM_ENOMEM / SIM_EIO. */
int ui_compare_json(const struct ui_run_data *runs, int n, FILE *f);
/* To path atomically ("-": stdout). Returns 0 or SIM_EIO / SIM_ENOMEM (err set). */
int ui_compare_json_save(const struct ui_run_data *runs, int n, const char *path, char *err,
                         size_t errlen);

/* `ordersim compare A.csv B.csv [more.csv...]`: run it with ui_cmd_exec (ui/base/cmd.h). */
struct ui_cmd_entry;
extern const struct ui_cmd_entry ui_cmd_compare_entry;

#endif
