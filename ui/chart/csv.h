/* ui/chart/csv.h: reading a run's CSV (from `ordersim run --csv`) and its JSON sidecar.
 *
 * Errors go into err as one line, ready to print:
 *   "FILE:LINE:COLUMN: message" for bad content. LINE is 1-based; COLUMN is the
 *   1-based byte position in the line of the offending field's first character (for
 *   a row with too few fields: one past the line's end). For the sidecar, LINE and
 *   COLUMN are jansson's for a JSON syntax error.
 *   "FILE: message" when no position applies (cannot open, a sidecar value of the
 *   wrong type, named by its key path like variants.sync.latency_ms.p50).
 * The CSV rules: the header is exactly the columns of UI_RUN_COLUMNS with "variant"
 * second; every row has that many fields; numbers are plain decimals >= 0; rows are
 * in time order (time_s never decreases) and a variant appears at most once per
 * time; blank lines are skipped; at least one data row. */
#ifndef UI_CSV_H
#define UI_CSV_H

#include <stddef.h>

#include "ui/chart/chart_data.h"

/* Limits that hold while reading, so that no input can hang a chart or fill memory:
 * a run's CSV is at most 256 MiB with lines of at most 4096 bytes, its sidecar at most
 * 64 MiB, and every number (CSV field or sidecar value) is at most 1e15 in size (a
 * week at 10 000 000/s is 6e12 orders; charts need finite, bounded axes). */
#define UI_RUN_CSV_MAX_BYTES (256 * 1024 * 1024)
#define UI_RUN_CSV_MAX_LINE 4096
#define UI_RUN_META_MAX_BYTES (64 * 1024 * 1024)
#define UI_RUN_MAX_VALUE 1e15

/* Read the CSV at path into d (which must be freshly initialised). Returns 0,
 * SIM_EPARSE (bad content), SIM_ENOENT (cannot open), SIM_EIO or SIM_ENOMEM; on
 * failure err is set and d holds whatever was read (free it either way). */
int ui_rundata_load_csv(struct ui_run_data *d, const char *path, char *err, size_t errlen);

/* The same from an open stream (name: what errors call it) and from text in memory
 * (len bytes; the fuzz targets and tests use them). Limits as above. */
int ui_rundata_read_csv(struct ui_run_data *d, FILE *f, const char *name, char *err,
                        size_t errlen);
int ui_rundata_read_meta(struct ui_run_data *d, const char *text, size_t len, const char *name,
                         char *err, size_t errlen);

/* Read a JSON sidecar into d->meta (present = true). Unknown keys are ignored;
 * every known key is optional. Same returns as ui_rundata_load_csv. */
int ui_rundata_load_meta(struct ui_run_data *d, const char *path, char *err, size_t errlen);

/* Both: the CSV, then meta_path if not NULL, else the sidecar beside the CSV (same
 * path with .json for .csv) when that file exists. Sets d->label to the CSV's stem
 * when it is empty, and d->source / d->meta_source to the file names. */
int ui_rundata_load(struct ui_run_data *d, const char *csv_path, const char *meta_path, char *err,
                    size_t errlen);

/* The sidecar path for csv_path ("x/run.csv" -> "x/run.json"; no .csv: append .json). */
void ui_sidecar_path(const char *csv_path, char *out, size_t n);
/* The file name without directory and extension ("x/run.csv" -> "run"). */
void ui_path_stem(const char *path, char *out, size_t n);

#endif
