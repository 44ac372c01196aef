/* ui/live/tui.h: the live terminal view (ncursesw + libuv) and the replay of recorded
 * sessions. The subcommands' entry points; each returns the exit status: 0 ok,
 * 1 runtime failure, 2 bad input (after printing file:line:column: message). */
#ifndef UI_TUI_H
#define UI_TUI_H

/* ordersim live [SCENARIO] [--set k=v]... [--seed N] [--speed X] [--lang zh|en]
 *               [--record FILE] [--csv-on-exit FILE] [--ascii] [--no-color] */
int ui_live_main(int argc, char **argv);
/* ordersim replay FILE [--speed X] [--lang ..] [--headless] [--csv FILE] [--json FILE]
 *                 [--quiet] [--ascii] [--no-color] */
int ui_replay_main(int argc, char **argv);

#endif
