/* orders/scenario/scenario.h: scenario files (YAML, via libyaml), --set overrides, traces.
 *
 * Every error is reported as a diagnostic with the file, line and column (1-based)
 * where it was found, and a message; the loader never exits, never prints. */
#ifndef ORD_SCENARIO_H
#define ORD_SCENARIO_H

#include <stddef.h>
#include <stdio.h>

#include "orders/scenario/config.h"

struct ord_diag {
    char file[512];  /* scenario path, trace path, "--set", or a built-in's name */
    int line, col;   /* 1-based; 0 when not applicable (then only file: message) */
    char msg[512];
};

/* Print "file:line:col: message" (or "file: message") and a newline. */
void ord_diag_print(const struct ord_diag *d, FILE *f);

/* Load a scenario from a file / from text. base_dir resolves relative trace paths
 * (NULL: current directory). On success c is a complete, validated config (defaults
 * filled in) that the caller frees with ord_config_free(); on failure c needs no
 * freeing and d says why. Returns 0, SIM_EPARSE (bad content), SIM_ENOENT/SIM_EIO
 * (cannot read) or SIM_ENOMEM. */
int ord_scenario_load_file(struct ord_config *c, const char *path, struct ord_diag *d);
int ord_scenario_load_text(struct ord_config *c, const char *text, size_t len,
                           const char *display_name, const char *base_dir,
                           struct ord_diag *d);
/* arg is a file path (contains '/' or ends in .yaml/.yml, or exists) or a built-in
 * name; NULL means the default built-in. */
int ord_scenario_resolve(struct ord_config *c, const char *arg, struct ord_diag *d);

/* Apply one override "dotted.key=value" (e.g. "database.connections=30",
 * "load.phases.1.rate=20000/s", "variants=[async]"), then re-validate. The value uses
 * the file's syntax (YAML flow). Diagnostics name file "--set" and the column in arg.
 * On failure c is unchanged. */
int ord_scenario_set(struct ord_config *c, const char *assignment, struct ord_diag *d);
/* Apply n overrides together: every value is put in place first, then the whole is
 * checked once, so their order never matters. Diagnostics say "--set:I:COL" with I
 * the 1-based index of the override in a. On failure c is unchanged. */
int ord_scenario_set_all(struct ord_config *c, const char *const *a, int n, struct ord_diag *d);

/* Write c as a YAML scenario that loads back to an equal config (record files). */
int ord_scenario_write(const struct ord_config *c, FILE *out);

/* The documented keys, one row each: the table that drives the parser's key
 * check, "did you mean", --help and scenarios/README.md. */
struct ord_key_doc {
    const char *path;  /* "database.queue_timeout" */
    const char *type;  /* "duration", "rate", "count", "service", ... */
    const char *dflt;  /* default as written in a file */
    const char *doc;
};
extern const struct ord_key_doc ord_key_docs[];
extern const int ord_key_doc_count;

#endif
