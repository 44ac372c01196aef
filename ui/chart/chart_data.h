/* ui/chart/chart_data.h: one run's recorded series and facts, as charts and compare read them.
 *
 * Filled either from a run's CSV (+ JSON sidecar) by ui/chart/csv.h, or programmatically
 * (the lead's `ordersim run --chart`) with ui_rundata_variant() + ui_rundata_append() and
 * the meta fields. Caller-owned: ui_rundata_init() before use, ui_rundata_free() after; the
 * struct owns every array it points to. Values are double in display units (s, ms,
 * per second); this is the edge of the program, not the model. */
#ifndef UI_CHART_DATA_H
#define UI_CHART_DATA_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ui/base/schema.h" /* the columns: UI_RUN_COLUMNS, enum ui_col */

#define UI_RUN_MAX_VARIANTS 8
#define UI_RUN_NAME_MAX 32 /* variant names, scenario names, fault fields */
#define UI_RUN_LABEL_MAX 64

/* One variant's rows, in time order: col[c][i] is column c of row i. */
struct ui_variant_data {
    char name[UI_RUN_NAME_MAX];
    size_t n, cap;
    double *col[UI_NCOLS];
    /* with services (ui_run_data.nsvc): scol[s * UI_NSVC_COLS + c][i] is column c of
     * UI_SVC_COLUMNS for service s in row i */
    double *scol[UI_CSV_MAX_SERVICES * UI_NSVC_COLS];
};

/* Whole-run figures from the sidecar. NAN = absent from the sidecar. */
struct ui_stats_ms {
    double mean, p50, p90, p99, p999, max;
};
/* One service's whole-run figures (variants.<v>.services.<name>): X(KEY, field, value of
 * a JSON null); the completion lag is `lag`. */
#define UI_JSON_SERVICE_FIGURES(X)                                                                 \
    X(ACCEPTED, accepted, NAN)                                                                     \
    X(COMPLETED, completed, NAN)                                                                   \
    X(FAILED, failed, NAN)                                                                         \
    X(DLQ, dlq, NAN)                                                                               \
    X(LOST, lost, NAN)                                                                             \
    X(DUPLICATES, duplicates, NAN)                                                                 \
    X(BACKLOG_MAX, backlog_max, NAN)                                                               \
    X(BACKLOG_MAX_AT_S, backlog_max_at_s, NAN)                                                     \
    X(DRAINED_AT_S, drained_at_s, INFINITY)                                                        \
    X(DB_QPS_MAX, db_qps_max, NAN)
struct ui_service_meta {
    char name[UI_RUN_NAME_MAX];
#define UI_SVC_META_FIELD(key, field, null_value) double field;
    UI_JSON_SERVICE_FIGURES(UI_SVC_META_FIELD)
#undef UI_SVC_META_FIELD
    struct ui_stats_ms lag;
};
struct ui_variant_meta {
    char name[UI_RUN_NAME_MAX];
    double offered, completed, rejected, failed;
    double completed_load_per_s; /* throughput: completed per second while the load runs */
    double completed_per_s;      /* completed / (duration + drain): a whole-run average */
    struct ui_stats_ms latency, lag; /* user latency; arrival -> database write */
    double db_qps_max, backlog_max, backlog_max_at_s;
    double drained_at_s;     /* INFINITY: never drained (JSON null) */
    double ideal_latency_ms; /* the wiring's latency without queueing, if known */
    struct ui_service_meta svc[UI_CSV_MAX_SERVICES]; /* the services form's, in file order */
    int nsvc;
};
struct ui_phase_meta {
    double from_s, to_s, rate_per_s; /* to_s INFINITY: until the end */
};
struct ui_fault_meta {
    char target[UI_RUN_NAME_MAX], kind[UI_RUN_NAME_MAX];
    double from_s, to_s;       /* to_s INFINITY: until the end of the run */
    double factor, rate_per_s; /* NAN unless the kind has one (slow, spike) */
    char database[UI_RUN_NAME_MAX]; /* the database a database fault hits ("": the first) */
};
/* A database of the services form (the sidecar's `databases`). */
#define UI_RUN_MAX_DATABASES 8
struct ui_database_meta {
    char name[UI_RUN_NAME_MAX];
    double capacity_qps; /* NAN = unknown */
    char services[UI_CSV_MAX_SERVICES][UI_RUN_NAME_MAX]; /* the services writing to it */
    int nservices;
};
struct ui_run_meta {
    bool present; /* a sidecar was read (or the caller filled this in) */
    char scenario[UI_RUN_LABEL_MAX];
    char title[256];
    bool has_seed;
    uint64_t seed;
    double duration_s, drain_s, interval_s, db_capacity_qps; /* NAN = unknown */
    struct ui_phase_meta *phases;
    size_t nphases;
    struct ui_fault_meta *faults;
    size_t nfaults;
    struct ui_variant_meta variants[UI_RUN_MAX_VARIANTS];
    int nvariants;
    struct ui_database_meta databases[UI_RUN_MAX_DATABASES]; /* in config order */
    int ndatabases;
};

struct ui_run_data {
    char label[UI_RUN_LABEL_MAX]; /* legend and table name: file stem or --label */
    char source[256];             /* the CSV's file name for footers ("" if none) */
    char meta_source[256];        /* the sidecar's file name ("" if none) */
    struct ui_variant_data v[UI_RUN_MAX_VARIANTS];
    int nvariants;
    struct ui_run_meta meta;
    /* The services with their own CSV columns (none for a one-service run). */
    char svc[UI_CSV_MAX_SERVICES][UI_RUN_NAME_MAX];
    int nsvc;
};

/* Empty run labelled label (may be NULL); meta numbers NAN. Cannot fail. */
void ui_rundata_init(struct ui_run_data *d, const char *label);
/* Free every array; d is empty (as after ui_rundata_init with its label) afterwards. */
void ui_rundata_free(struct ui_run_data *d);

/* Index of variant name, adding it if new. Returns the index, SIM_EINVAL (empty,
 * too long, or characters other than [A-Za-z0-9_.-]) or SIM_ERANGE (too many). */
int ui_rundata_variant(struct ui_run_data *d, const char *name);
/* Index of variant name, or -1. */
int ui_rundata_find(const struct ui_run_data *d, const char *name);
/* Append row[UI_NCOLS] (row[UI_COL_TIME] = interval start, s) to variant vi.
 * Returns 0, SIM_EINVAL (bad vi) or SIM_ENOMEM (d unchanged). */
int ui_rundata_append(struct ui_run_data *d, int vi, const double row[UI_NCOLS]);

/* Name the services whose per-service columns every row carries (before any variant
 * is added). Returns 0 or SIM_EINVAL (variants already added, n not 0 or 2 ..
 * UI_CSV_MAX_SERVICES, or a name that is empty, too long or not [A-Za-z0-9_.-]). */
int ui_rundata_services(struct ui_run_data *d, const char *const *names, int n);
/* ui_rundata_append with the services' columns: svc[s * UI_NSVC_COLS + c] (d->nsvc
 * services; NULL: zeros). */
int ui_rundata_append_services(struct ui_run_data *d, int vi, const double row[UI_NCOLS],
                               const double *svc);

/* Sidecar facts filled programmatically. Return 0 or SIM_ENOMEM. */
int ui_rundata_add_phase(struct ui_run_data *d, const struct ui_phase_meta *p);
int ui_rundata_add_fault(struct ui_run_data *d, const struct ui_fault_meta *f);
/* The meta record of variant name (created with NAN figures if new), or NULL if the
 * table is full or the name is invalid. */
struct ui_variant_meta *ui_rundata_meta_variant(struct ui_run_data *d, const char *name);
const struct ui_variant_meta *ui_rundata_meta_find(const struct ui_run_data *d, const char *name);
/* The sidecar's figures of service name in variant vm (NULL if it has none), and the
 * record to fill (created with NAN figures if new; NULL if full or the name is bad). */
const struct ui_service_meta *ui_variant_meta_service(const struct ui_variant_meta *vm,
                                                      const char *name);
struct ui_service_meta *ui_variant_meta_add_service(struct ui_variant_meta *vm,
                                                    const char *name);
/* A database record (NAN capacity, no services) appended to the meta, or NULL if the
 * table is full or the name is bad. */
struct ui_database_meta *ui_rundata_add_database(struct ui_run_data *d, const char *name);
/* The database (index in meta.databases) that service name writes to, or -1. */
int ui_rundata_service_database(const struct ui_run_data *d, const char *name);

/* The interval length in seconds: meta interval_s if known, else the smallest
 * positive step between consecutive times of any variant, else 1. */
double ui_rundata_interval(const struct ui_run_data *d);
/* The end of the last interval of any variant (0 for an empty run). */
double ui_rundata_end(const struct ui_run_data *d);

#endif
