/* ui/cli/commands.h: the subcommands, one table (ui/cli/main.c) for dispatch and help.
 * Each returns the process exit status: 0 ok, 1 runtime failure, 2 bad input. */
#ifndef UI_COMMANDS_H
#define UI_COMMANDS_H

int ui_run_main(int argc, char **argv);
int ui_validate_main(int argc, char **argv);
int ui_scenarios_main(int argc, char **argv);
int ui_sweep_main(int argc, char **argv);
int ui_live_main(int argc, char **argv);
int ui_replay_main(int argc, char **argv);
int ui_chart_main(int argc, char **argv);
int ui_compare_main(int argc, char **argv);

#endif
