/* ui/base/file.h: writing an output file whole or not at all. */
#ifndef UI_FILE_H
#define UI_FILE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

/* "-" names standard output wherever a command takes an output FILE; this is the one
 * place that knows it. */
#define UI_STDOUT_PATH "-"
bool ui_path_is_stdout(const char *path);
/* Where a command prints its table or summary: stderr when one of its outputs (the
 * paths; NULL for none) is standard output, so that the file stays clean, else stdout. */
FILE *ui_report_stream(const char *out1, const char *out2);

/* "-": let fn write to standard output, flush it and check for errors (err then holds
 * "standard output: reason"). Otherwise: create a temporary file beside path (so rename() stays on one file system), let
 * fn(f, ctx, why, n) write it, then rename it onto path. fn returns 0 or an error
 * code and may explain in why. On any failure the temporary file is removed, nothing
 * is left at path, err holds "path: reason" and the error is returned (SIM_EIO for
 * system errors). The file gets the usual 0666 & ~umask mode. */
int ui_write_atomic(const char *path, int (*fn)(FILE *f, void *ctx, char *why, size_t n),
                    void *ctx, char *err, size_t errlen);

#endif
