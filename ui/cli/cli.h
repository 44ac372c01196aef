/* ui/cli/cli.h: what the subcommands share: loading a scenario with its overrides, and
 * running it headless with a progress bar. */
#ifndef UI_CLI_H
#define UI_CLI_H

#include <stdbool.h>
#include <stdio.h>

#include "orders/model.h"
#include "ui/base/cmd.h"

/* Resolve arg (file or built-in name; NULL: the default), then apply every --set,
 * --seed and --interval together (ord_scenario_set_all: checked once, in any order). Prints the diagnostic and returns 2 on bad
 * input, 1 on other failures, 0 on success (cfg then owned by the caller). */
int ui_load_scenario(const char *cmd, const char *arg, const struct ui_strlist *sets,
                     const char *seed, const char *interval, struct ord_config *cfg);

/* Load the scenario file at path (a file only, not a built-in name). Prints the
 * diagnostic and returns the exit status; 0 on success, cfg then owned by the caller. */
int ui_load_scenario_file(const char *path, struct ord_config *cfg);

/* Build and run cfg to the end into *run (allocated; ui_run_free releases it). Shows
 * a progress bar on stderr when progress is set and stderr is a terminal. Returns 0,
 * or 1 after printing why. */
int ui_run_headless(const char *cmd, const struct ord_config *cfg, int progress,
                    struct ord_run **run);
void ui_run_free(struct ord_run *run);

/* A finished run's outputs, as run and replay --headless take them. */
struct ui_run_outputs {
    const char *csv, *json, *chart; /* files to write, or NULL; "-": standard output */
    const char *lang;               /* the chart's labels: "en" or "zh"; NULL: en */
    bool quiet;                     /* no summary table */
};
/* Write r's CSV, JSON and chart, then print the summary table (on stderr when a file
 * went to standard output). Returns the exit status after printing why. */
int ui_run_write(const char *cmd, const struct ord_result *r, const struct ui_run_outputs *o);

/* `run --replications N`: run cfg N times with derived seeds; print the figures as
 * mean +- 95% CI to table (NULL: not at all) and write them as JSON to json (NULL:
 * none, "-": stdout). Returns the exit status after printing why. */
int ui_run_replicated(const struct ord_config *cfg, long n, const char *json, FILE *table);

/* `run --chart`: draw the finished run r to path (.png, .svg, .pdf) in lang (NULL: en),
 * by the code `ordersim chart` uses. Returns the exit status (0, 2 bad input, 1). */
int ui_run_chart(const struct ord_result *r, const char *path, const char *lang);

struct ui_run_data;
/* Fill d (initialised by the caller) from r: every closed bucket of every variant, and
 * the meta the JSON sidecar would carry. Returns 0 or SIM_ENOMEM (free d either way). */
int ui_rundata_from_result(struct ui_run_data *d, const struct ord_result *r);

/* Refuse bad output paths (NULL entries skipped) before any work: a directory,
 * device or FIFO, an input of this command (ui_file_check_output()), or one path
 * named for two outputs ("-" may be). Prints
 * "ordersim CMD: reason" and returns 2, or returns 0. */
int ui_check_outputs(const char *cmd, const char *const *paths, int n);

#endif
