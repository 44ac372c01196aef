/* ui/export/export.h: a finished (or running) run's record as CSV, JSON and a summary table.
 *
 * One source: everything is read from the ord_result (series, histograms, totals).
 * Files are written to a temporary name beside the target and renamed, so a failed
 * write leaves nothing behind. Output is deterministic (same run => same bytes). */
#ifndef UI_EXPORT_H
#define UI_EXPORT_H

#include <stdio.h>

#include "orders/model.h"

/* The CSV header, exactly:
 * time_s,variant,offered_qps,accepted_qps,rejected_qps,failed_qps,completed_qps,
 * latency_p50_ms,latency_p99_ms,latency_max_ms,lag_p50_ms,lag_p99_ms,backlog,inflight,db_qps
 * One row per variant per closed interval, variants in config order within a time. */
extern const char ui_csv_header[];

/* The numeric CSV columns of closed bucket b of v, in header order without the
 * variant: time_s, the five counts per second, the five latencies in ms, backlog,
 * inflight, db_qps. The CSV, `run --chart` and anything else that shows a bucket
 * read it from here. */
#define UI_BUCKET_NCOLS 14
void ui_bucket_row(const struct ord_variant_result *v, size_t b, double row[UI_BUCKET_NCOLS]);

/* Write to FILE* (no temp file). Return 0 or SIM_EIO. */
int ui_csv_write(const struct ord_result *r, FILE *f);
int ui_json_write(const struct ord_result *r, FILE *f);

/* Write to path atomically (temp + rename); "-" writes to stdout. On failure errbuf
 * holds "path: reason" and nothing is left at path. Return 0 or SIM_EIO. */
int ui_csv_save(const struct ord_result *r, const char *path, char *errbuf, size_t errlen);
int ui_json_save(const struct ord_result *r, const char *path, char *errbuf, size_t errlen);

/* Run fn(f, ctx) into a temp file beside path, then rename onto path. */
int ui_save_atomic(const char *path, int (*fn)(FILE *f, void *ctx), void *ctx, char *errbuf,
                   size_t errlen);

/* The human summary table (one column per variant). */
void ui_summary_print(const struct ord_result *r, FILE *f);

#endif
