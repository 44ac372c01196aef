/* ui/cli/cli.h: what the subcommands share: loading a scenario with its overrides, and
 * running it headless with a progress bar. */
#ifndef UI_CLI_H
#define UI_CLI_H

#include "orders/model.h"
#include "ui/base/opts.h"

/* Resolve arg (file or built-in name; NULL: the default), then apply --seed,
 * --interval and each --set in order. Prints the diagnostic and returns 2 on bad
 * input, 1 on other failures, 0 on success (cfg then owned by the caller). */
int ui_load_scenario(const char *cmd, const char *arg, const struct ui_strlist *sets,
                     const char *seed, const char *interval, struct ord_config *cfg);

/* Build and run cfg to the end into *run (allocated; ui_run_free releases it). Shows
 * a progress bar on stderr when progress is set and stderr is a terminal. Returns 0,
 * or 1 after printing why. */
int ui_run_headless(const char *cmd, const struct ord_config *cfg, int progress,
                    struct ord_run **run);
void ui_run_free(struct ord_run *run);

#endif
