/* ui/base/schema.h: the one description of a run's files, the CSV time series and the
 * JSON summary, shared by the writer (ui/export) and every reader (ui/chart/csv*.c,
 * compare, `run --chart`).
 *
 * A column or key is a row here; the writer, the readers, the header check and the
 * round-trip test (tests/test_ui_roundtrip.c) all expand the same rows, so the two
 * sides cannot drift apart. Adding a CSV column is one row of UI_RUN_COLUMNS (its
 * recipe names a counter of the model's series or a histogram figure). */
#ifndef UI_SCHEMA_H
#define UI_SCHEMA_H

#include <stdio.h>

/* Where a column's value sits in its interval [time_s, time_s + interval). */
enum ui_col_kind {
    UI_COL_START, /* the interval's start (time_s itself) */
    UI_COL_RATE,  /* a per-interval figure: plotted at the interval's middle */
    UI_COL_LEVEL, /* a level at the interval's end (gauges): plotted at its end */
};

/* The numeric CSV columns in file order; the "variant" field sits between TIME and
 * OFFERED (UI_CSV_VARIANT_FIELD). X(ENUM, csv name, kind, recipe). The recipe says how
 * the writer gets the value from a closed bucket of the model's series (only
 * ui/export expands it):
 *   UI_SRC_START()        the bucket's start, s
 *   UI_SRC_PER_S(COUNTER) counter ORD_COL_<COUNTER> per second of the interval
 *   UI_SRC_LEVEL(COUNTER) counter ORD_COL_<COUNTER> as it stands (a gauge)
 *   UI_SRC_MS(HIST, f)    figure f (p50, p99, max ...) of histogram ORD_H_<HIST>, ms
 * So the header is exactly:
 * time_s,variant,offered_qps,accepted_qps,rejected_qps,failed_qps,completed_qps,
 * latency_p50_ms,latency_p99_ms,latency_max_ms,lag_p50_ms,lag_p99_ms,backlog,inflight,db_qps */
#define UI_RUN_COLUMNS(X)                                                                          \
    X(TIME, "time_s", UI_COL_START, UI_SRC_START())                                                \
    X(OFFERED, "offered_qps", UI_COL_RATE, UI_SRC_PER_S(OFFERED))                                  \
    X(ACCEPTED, "accepted_qps", UI_COL_RATE, UI_SRC_PER_S(ACCEPTED))                               \
    X(REJECTED, "rejected_qps", UI_COL_RATE, UI_SRC_PER_S(REJECTED))                               \
    X(FAILED, "failed_qps", UI_COL_RATE, UI_SRC_PER_S(FAILED))                                     \
    X(COMPLETED, "completed_qps", UI_COL_RATE, UI_SRC_PER_S(COMPLETED))                            \
    X(LATENCY_P50, "latency_p50_ms", UI_COL_RATE, UI_SRC_MS(LATENCY, p50))                         \
    X(LATENCY_P99, "latency_p99_ms", UI_COL_RATE, UI_SRC_MS(LATENCY, p99))                         \
    X(LATENCY_MAX, "latency_max_ms", UI_COL_RATE, UI_SRC_MS(LATENCY, max))                         \
    X(LAG_P50, "lag_p50_ms", UI_COL_RATE, UI_SRC_MS(LAG, p50))                                     \
    X(LAG_P99, "lag_p99_ms", UI_COL_RATE, UI_SRC_MS(LAG, p99))                                     \
    X(BACKLOG, "backlog", UI_COL_LEVEL, UI_SRC_LEVEL(BACKLOG))                                     \
    X(INFLIGHT, "inflight", UI_COL_LEVEL, UI_SRC_LEVEL(INFLIGHT))                                  \
    X(DB_QPS, "db_qps", UI_COL_RATE, UI_SRC_PER_S(DB_QUERIES))

enum ui_col {
#define UI_COL_ENUM(e, name, kind, recipe) UI_COL_##e,
    UI_RUN_COLUMNS(UI_COL_ENUM)
#undef UI_COL_ENUM
        UI_NCOLS
};
#define UI_CSV_VARIANT_NAME "variant"
#define UI_CSV_VARIANT_FIELD 1 /* 0-based position of "variant" in a CSV row */
#define UI_CSV_NFIELDS (UI_NCOLS + 1)

extern const char *const ui_col_names[UI_NCOLS];
extern const enum ui_col_kind ui_col_kinds[UI_NCOLS];

/* The name of CSV field i (0 .. UI_CSV_NFIELDS-1): "variant" or a column's name. */
const char *ui_csv_field_name(int i);
/* The column of CSV field i, or -1 for the variant field. */
int ui_csv_field_col(int i);
/* Write the header line (with its newline). Returns what fputs/fputc return (EOF on
 * failure; the caller checks ferror). */
int ui_csv_header_write(FILE *f);

/* Per-service CSV columns. A run with two services or more (orders/ `services:`) has,
 * after the fixed fields above, for each service in config order, one column per row
 * here named "<service>_<suffix>" (e.g. points_completed_qps, points_lag_p99_ms,
 * points_backlog, points_db_qps: its database queries per second, which add up over
 * the services to the fixed db_qps). A one-service run has none: its CSV is the fixed fields only.
 * X(ENUM, suffix, kind, recipe); the recipes read the service's own series
 * (orders/model.h ORD_SVC_COLUMNS), as the fixed columns' recipes read the variant's:
 *   UI_SRC_SVC_PER_S(COUNTER)  counter ORD_SC_<COUNTER> per second of the interval
 *   UI_SRC_SVC_LEVEL(COUNTER)  counter ORD_SC_<COUNTER> as it stands (a gauge)
 *   UI_SRC_SVC_MS(HIST, f)     figure f of the service's histogram ORD_SH_<HIST>, ms */
#define UI_SVC_COLUMNS(X)                                                                          \
    X(COMPLETED, "completed_qps", UI_COL_RATE, UI_SRC_SVC_PER_S(COMPLETED))                        \
    X(LAG_P99, "lag_p99_ms", UI_COL_RATE, UI_SRC_SVC_MS(LAG, p99))                                 \
    X(BACKLOG, "backlog", UI_COL_LEVEL, UI_SRC_SVC_LEVEL(BACKLOG))                                 \
    X(DB_QPS, "db_qps", UI_COL_RATE, UI_SRC_SVC_PER_S(DB_QUERIES))

enum ui_svc_col {
#define UI_SC_ENUM(e, suffix, kind, recipe) UI_SC_##e,
    UI_SVC_COLUMNS(UI_SC_ENUM)
#undef UI_SC_ENUM
        UI_NSVC_COLS
};
#define UI_CSV_MAX_SERVICES 8 /* as many as a scenario may have */
#define UI_CSV_MAX_FIELDS (UI_CSV_NFIELDS + UI_CSV_MAX_SERVICES * UI_NSVC_COLS)

extern const char *const ui_svc_col_suffixes[UI_NSVC_COLS];
extern const enum ui_col_kind ui_svc_col_kinds[UI_NSVC_COLS];

/* Write the header line for a run whose services are names[0 .. nsvc-1]: the fixed
 * fields, then (only when nsvc >= 2) the per-service columns. Same return as
 * ui_csv_header_write. */
int ui_csv_header_write_services(FILE *f, const char *const *names, int nsvc);

/* The latency figures of a JSON summary, each in ms, in file order: the writer's
 * ord_latency_figures and the reader's ui_stats_ms have one field per row. */
#define UI_JSON_STATS(X) X(mean) X(p50) X(p90) X(p99) X(p999) X(max)

/* Every key of the JSON summary (`run --json`, the chart's sidecar), in no particular
 * order: X(ENUM, key). Writer and reader name keys only through ui_json_key().
 * The services form adds `databases`: {"<name>": {"capacity_qps": queries/s,
 * "services": ["<service>", ...]}, ...} in config order (db_capacity_qps stays the
 * first service's database's), `database` (the name) on each database fault, and
 * variants.<v>.services.<name> with the service's figures. */
#define UI_JSON_KEYS(X)                                                                            \
    X(SCENARIO, "scenario")                                                                        \
    X(TITLE, "title")                                                                              \
    X(SEED, "seed")                                                                                \
    X(DURATION_S, "duration_s")                                                                    \
    X(DRAIN_S, "drain_s")                                                                          \
    X(INTERVAL_S, "interval_s")                                                                    \
    X(DB_CAPACITY_QPS, "db_capacity_qps")                                                          \
    X(LOAD_PHASES, "load_phases")                                                                  \
    X(FAULTS, "faults")                                                                            \
    X(VARIANTS, "variants")                                                                        \
    X(FROM_S, "from_s")                                                                            \
    X(TO_S, "to_s")                                                                                \
    X(RATE_PER_S, "rate_per_s")                                                                    \
    X(TARGET, "target")                                                                            \
    X(KIND, "kind")                                                                                \
    X(FACTOR, "factor")                                                                            \
    X(OFFERED, "offered")                                                                          \
    X(ACCEPTED, "accepted")                                                                        \
    X(REJECTED, "rejected")                                                                        \
    X(FAILED, "failed")                                                                            \
    X(COMPLETED, "completed")                                                                      \
    X(ANSWERED, "answered")                                                                        \
    X(IN_FLIGHT_END, "in_flight_end")                                                              \
    X(DLQ, "dlq")                                                                                  \
    X(REDELIVERED, "redelivered")                                                                  \
    X(MQ_STORE_FULL, "mq_store_full")                                                              \
    X(LATENCY_MS, "latency_ms")                                                                    \
    X(COMPLETION_LAG_MS, "completion_lag_ms")                                                      \
    X(ERRORED, "errored")                                                                          \
    X(ERROR_LATENCY_MS, "error_latency_ms")                                                        \
    X(COMPLETED_PER_S, "completed_run_average_per_s")                                              \
    X(COMPLETED_DURING_LOAD_PER_S, "completed_during_load_per_s")                                  \
    X(IDEAL_LATENCY_MS, "ideal_latency_ms")                                                        \
    X(DB_QPS_MAX, "db_qps_max")                                                                    \
    X(BACKLOG_MAX, "backlog_max")                                                                  \
    X(BACKLOG_MAX_AT_S, "backlog_max_at_s")                                                        \
    X(DRAINED_AT_S, "drained_at_s")                                                                \
    X(PHASES, "phases")                                                                            \
    X(LOST, "lost")                                                                                \
    X(DUPLICATES, "duplicates")                                                                    \
    X(DUPLICATES_SKIPPED, "duplicates_skipped")                                                    \
    X(DB_WRITES, "db_writes")                                                                      \
    X(SERVICES, "services")                                                                        \
    X(DATABASES, "databases")                                                                      \
    X(DATABASE, "database")                                                                        \
    X(CAPACITY_QPS, "capacity_qps")

enum ui_json_key {
#define UI_JK_ENUM(e, key) UI_JK_##e,
    UI_JSON_KEYS(UI_JK_ENUM)
#undef UI_JK_ENUM
        UI_NJSON_KEYS
};
extern const char *const ui_json_keys[UI_NJSON_KEYS];
#define ui_json_key(e) (ui_json_keys[UI_JK_##e])

/* The per-variant whole-run numbers a reader takes back from the JSON summary:
 * X(KEY, field of struct ui_variant_meta, value of a JSON null). The writer writes
 * each of them (with more keys around); the round-trip test reads every row back. */
#define UI_JSON_VARIANT_FIGURES(X)                                                                 \
    X(OFFERED, offered, NAN)                                                                       \
    X(COMPLETED, completed, NAN)                                                                   \
    X(REJECTED, rejected, NAN)                                                                     \
    X(FAILED, failed, NAN)                                                                         \
    X(COMPLETED_PER_S, completed_per_s, NAN)                                                       \
    X(COMPLETED_DURING_LOAD_PER_S, completed_load_per_s, NAN)                                      \
    X(DB_QPS_MAX, db_qps_max, NAN)                                                                 \
    X(BACKLOG_MAX, backlog_max, NAN)                                                               \
    X(BACKLOG_MAX_AT_S, backlog_max_at_s, NAN)                                                     \
    X(DRAINED_AT_S, drained_at_s, INFINITY)                                                        \
    X(IDEAL_LATENCY_MS, ideal_latency_ms, NAN)

#endif
