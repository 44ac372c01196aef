/* ui/cli/commands.h: the subcommands, one table (ui/cli/commands.c) for dispatch and
 * for `ordersim --help`. Each is a `struct ui_cmd_entry` (ui/base/cmd.h) next to its
 * code; adding a command is its entry plus one line in the table. */
#ifndef UI_COMMANDS_H
#define UI_COMMANDS_H

#include "ui/base/cmd.h"

extern const struct ui_cmd_entry ui_cmd_live_entry;      /* ui/cli/cmd_live.c */
extern const struct ui_cmd_entry ui_cmd_run_entry;       /* ui/cli/cmd_run.c */
extern const struct ui_cmd_entry ui_cmd_chart_entry;     /* ui/chart/chart_main.c */
extern const struct ui_cmd_entry ui_cmd_compare_entry;   /* ui/chart/compare_main.c */
extern const struct ui_cmd_entry ui_cmd_sweep_entry;     /* ui/cli/cmd_sweep.c */
extern const struct ui_cmd_entry ui_cmd_replay_entry;    /* ui/cli/cmd_live.c */
extern const struct ui_cmd_entry ui_cmd_validate_entry;  /* ui/cli/cmd_run.c */
extern const struct ui_cmd_entry ui_cmd_scenarios_entry; /* ui/cli/cmd_run.c */
extern const struct ui_cmd_entry ui_cmd_lessons_entry;   /* ui/lesson/lesson_main.c */
extern const struct ui_cmd_entry ui_cmd_lesson_entry;    /* ui/lesson/lesson_main.c */
extern const struct ui_cmd_entry ui_cmd_lab_entry;       /* ui/cli/cmd_lab.c */

/* Every subcommand, in the order `ordersim --help` lists them; NULL-terminated. */
extern const struct ui_cmd_entry *const ui_commands[];

/* The command with this name, or NULL. */
const struct ui_cmd_entry *ui_command_find(const char *name);

/* The program: `ordersim [COMMAND] [ARGS...]`. Runs the command (with no command:
 * live on a terminal, else run), checks standard output at the end, and returns
 * the exit status (enum ui_exit). */
int ui_main(int argc, char **argv);

#endif
