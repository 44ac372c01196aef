/* ui/export/export.h: a finished (or running) run's record as CSV, JSON and a summary table.
 *
 * One source: everything is read from the ord_result (series, histograms, totals).
 * Files are written to a temporary name beside the target and renamed, so a failed
 * write leaves nothing behind. Output is deterministic (same run => same bytes). */
#ifndef UI_EXPORT_H
#define UI_EXPORT_H

#include <stdio.h>

#include "orders/model.h"
#include "ui/base/schema.h"

/* The CSV: the header of ui/base/schema.h's UI_RUN_COLUMNS (then, with two services or
 * more, UI_SVC_COLUMNS per service), then one row per variant per closed interval,
 * variants in config order within a time. */

/* The numeric CSV columns of closed bucket b of v, in the order of UI_RUN_COLUMNS
 * (the header without the variant), each computed by its row's recipe. The CSV,
 * `run --chart` and anything else that shows a bucket read it from here. */
void ui_bucket_row(const struct ord_variant_result *v, size_t b, double row[UI_NCOLS]);

/* The per-service CSV columns of closed bucket b of one service, in the order of
 * UI_SVC_COLUMNS. */
void ui_svc_bucket_row(const struct ord_service_result *sr, size_t b, double row[UI_NSVC_COLS]);
/* The services whose columns the CSV of v carries (names[ORD_MAX_SERVICES]): all of
 * them when it has two or more, else none. Returns how many. */
int ui_csv_services(const struct ord_variant_result *v, const char **names);

/* The name a fault's target goes by in the files: the service or database it hits
 * ("points"), or its kind of target ("b", "database", "mq", ...). */
const char *ui_fault_target(const struct ord_config *c, const struct ord_fault *f);

/* An unsigned 64-bit integer (a seed, up to 2^64-1) as a JSON value: an integer, or
 * above INT64_MAX a marked string (ui/base/json_text.h) that ui_json_dump() writes as
 * the bare number. */
struct json_t *ui_json_u64(uint64_t v);
/* json_dumpf() of root to f, then a newline, writing ui_json_u64() values as bare
 * numbers. Returns 0, SIM_ENOMEM or SIM_EIO. */
int ui_json_dump(struct json_t *root, FILE *f, size_t flags);

/* Write to FILE* (no temp file). Return 0 or SIM_EIO. */
int ui_csv_write(const struct ord_result *r, FILE *f);
int ui_json_write(const struct ord_result *r, FILE *f);

/* Write to path with ui_write_atomic() (temp + rename; "-" and /dev/stdout: standard
 * output). On failure errbuf holds "path: reason" and nothing is left at path. Returns 0,
 * SIM_EINVAL (a path that may not be replaced: ui_exit_status() says 2) or SIM_EIO. */
int ui_csv_save(const struct ord_result *r, const char *path, char *errbuf, size_t errlen);
int ui_json_save(const struct ord_result *r, const char *path, char *errbuf, size_t errlen);

/* Run fn(f, ctx) into a temp file beside path, then rename onto path ("-": standard
 * output; ui_write_atomic). */
int ui_save_atomic(const char *path, int (*fn)(FILE *f, void *ctx), void *ctx, char *errbuf,
                   size_t errlen);

/* The human summary table (one column per variant). */
void ui_summary_print(const struct ord_result *r, FILE *f);
/* The cell of the summary table's row called label ("latency p50") for one variant's
 * summary, as ui_summary_print writes it (the lesson's cards show the same text).
 * Returns 0, or -1 (buf "") when no row has that label. */
int ui_summary_cell(const char *label, const struct ord_summary *s, char *buf, size_t n);

#endif
