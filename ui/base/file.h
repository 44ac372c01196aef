/* ui/base/file.h: the one way ordersim writes an output file and opens an input file.
 *
 * Every output goes through ui_write_atomic(): written whole to a temporary file beside
 * the target, then renamed onto it, or not at all. It never replaces anything but a
 * regular file and never one of the command's own inputs. Every input is opened with
 * ui_file_open_input(), which refuses what is not a regular file before reading a
 * byte and notes the file as an input. */
#ifndef UI_FILE_H
#define UI_FILE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* "-" names standard output wherever a command takes an output FILE; this is the one
 * place that knows it ("/dev/stdout" means the same). */
#define UI_STDOUT_PATH "-"
bool ui_path_is_stdout(const char *path);
/* Where a command prints its table or summary: stderr when one of its outputs (the
 * paths; NULL for none) is standard output, so that the file stays clean, else stdout. */
FILE *ui_report_stream(const char *out1, const char *out2);

/* Write an output. path "-" or "/dev/stdout" writes to standard output in place.
 * Otherwise a temporary file is created beside path (so rename() stays on one file
 * system), fn(f, ctx, why, n) writes it, every write, the flush and the close are
 * checked, and it is renamed onto path. fn returns 0 or an error code and may
 * explain in why.
 * Refused before anything is written, with SIM_EINVAL (bad input: exit status 2):
 * a path that exists and is not a regular file (a directory, device, FIFO, socket),
 * and a path that is the same file (device and inode) as one noted with
 * ui_file_note_input(). A failed write (ENOSPC, EIO, ...) is SIM_EIO (exit 1). On any
 * failure the temporary file is removed and nothing is left at path; SIGINT, SIGTERM,
 * SIGHUP and SIGQUIT arriving while it is written remove it too, then end the process
 * by the same signal. err holds "path: reason". The file gets 0666 & ~umask. */
int ui_write_atomic(const char *path, int (*fn)(FILE *f, void *ctx, char *why, size_t n),
                    void *ctx, char *err, size_t errlen);

/* The checks ui_write_atomic() makes before writing, to refuse a bad output path
 * before a long run: 0, or SIM_EINVAL with err set. "-" and "/dev/stdout" pass. */
int ui_file_check_output(const char *path, char *err, size_t errlen);

/* Note path as an input of this command, so that no output replaces it. A path that
 * cannot be stat'ed is ignored (there is nothing to protect). One process runs one
 * command, so the list is the process's (at most 256 files). */
void ui_file_note_input(const char *path);

/* Open path for reading: refuses (SIM_EINVAL, "not a regular file") what is not a
 * regular file before reading, without blocking on a FIFO; refuses a file of more than
 * max_bytes (SIM_ERANGE); a missing file is SIM_ENOENT, another failure SIM_EIO.
 * Notes the file as an input. err holds "path: reason". *size is its size now. */
int ui_file_open_input(const char *path, uint64_t max_bytes, FILE **f, uint64_t *size, char *err,
                       size_t errlen);

/* Read a whole input (ui_file_open_input() checks) into *text (malloc'ed, NUL-
 * terminated, *len bytes), stopping at max_bytes even if the file grows meanwhile
 * (SIM_ERANGE). Returns 0 or an error as ui_file_open_input(); SIM_ENOMEM. */
int ui_file_read_all(const char *path, uint64_t max_bytes, char **text, size_t *len, char *err,
                     size_t errlen);

#endif
