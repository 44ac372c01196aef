/* ui/cli/commands.c: the command table, `ordersim --help` and `--version`. */
#include "ui/cli/commands.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

#ifndef ORDERSIM_VERSION
#error "ORDERSIM_VERSION comes from project(... VERSION ...) in CMakeLists.txt"
#endif

const struct ui_cmd_entry *const ui_commands[] = {
    &ui_cmd_live_entry,    &ui_cmd_run_entry,    &ui_cmd_chart_entry,    &ui_cmd_compare_entry,
    &ui_cmd_sweep_entry,   &ui_cmd_replay_entry, &ui_cmd_lab_entry,      &ui_cmd_validate_entry,
    &ui_cmd_scenarios_entry, &ui_cmd_lessons_entry, &ui_cmd_lesson_entry, NULL,
};

const struct ui_cmd_entry *ui_command_find(const char *name)
{
    for (int i = 0; ui_commands[i]; i++)
        if (strcmp(name, ui_commands[i]->name) == 0)
            return ui_commands[i];
    return NULL;
}

static void usage(FILE *f)
{
    fprintf(f, "usage: ordersim [COMMAND] [ARGS...]\n\n"
               "Simulates an order system twice on the same arrivals: sync (A calls B and\n"
               "waits) and async (A sends a message to an MQ and answers), to show why a\n"
               "message queue changes latency, decoupling and peak shaving.\n\n"
               "With no command: the live view of the built-in scenario on a terminal,\n"
               "otherwise a headless run with its summary.\n\ncommands:\n");
    for (int i = 0; ui_commands[i]; i++)
        fprintf(f, "  %-10s %s\n", ui_commands[i]->name, ui_commands[i]->summary);
    fprintf(f, "\n'ordersim COMMAND --help' tells more about each.\n");
}

/* Everything but the check of standard output. */
static int dispatch(int argc, char **argv, const char **name)
{
    if (argc < 2) {
        static char run_name[] = "run";
        static char live_name[] = "live";
        int live = isatty(STDOUT_FILENO) && isatty(STDIN_FILENO);
        char *args[2] = {live ? live_name : run_name, NULL};
        const struct ui_cmd_entry *e = live ? &ui_cmd_live_entry : &ui_cmd_run_entry;
        *name = e->name;
        return ui_cmd_exec(e, 1, args);
    }
    if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 ||
        strcmp(argv[1], "help") == 0) {
        usage(stdout);
        return UI_EXIT_OK;
    }
    if (strcmp(argv[1], "--version") == 0) {
        printf("ordersim %s\n", ORDERSIM_VERSION);
        return UI_EXIT_OK;
    }
    const struct ui_cmd_entry *e = ui_command_find(argv[1]);
    if (!e) {
        fprintf(stderr, "ordersim: unknown command '%s'\n", argv[1]);
        usage(stderr);
        return UI_EXIT_USAGE;
    }
    *name = e->name;
    return ui_cmd_exec(e, argc - 1, argv + 1);
}

int ui_main(int argc, char **argv)
{
    const char *name = NULL;
    int status = dispatch(argc, argv, &name);
    return ui_cmd_close_stdout(name, status);
}
