/* ordersim: sync vs async order processing, simulated. The command table. */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "ui/cli/commands.h"

struct command {
    const char *name;
    const char *summary;
    int (*main)(int argc, char **argv);
};

static const struct command commands[] = {
    {"live", "run a scenario live in the terminal (the default on a terminal)", ui_live_main},
    {"run", "run a scenario headless; summary table, CSV, JSON, chart", ui_run_main},
    {"chart", "draw a run's CSV as PNG, SVG or PDF", ui_chart_main},
    {"compare", "compare runs side by side (table, JSON, chart)", ui_compare_main},
    {"sweep", "vary parameters, replicate, and chart the curve", ui_sweep_main},
    {"replay", "replay a recorded live session (live or --headless)", ui_replay_main},
    {"validate", "check scenario files without running them", ui_validate_main},
    {"scenarios", "list the built-in scenarios, or print one (show NAME)", ui_scenarios_main},
};
#define NCOMMANDS ((int)(sizeof commands / sizeof commands[0]))

static void usage(FILE *f)
{
    fprintf(f, "usage: ordersim [COMMAND] [ARGS...]\n\n"
               "Simulates an order system twice on the same arrivals: sync (A calls B and\n"
               "waits) and async (A sends a message to an MQ and answers), to show why a\n"
               "message queue changes latency, decoupling and peak shaving.\n\n"
               "With no command: the live view of the built-in scenario on a terminal,\n"
               "otherwise a headless run with its summary.\n\ncommands:\n");
    for (int i = 0; i < NCOMMANDS; i++)
        fprintf(f, "  %-10s %s\n", commands[i].name, commands[i].summary);
    fprintf(f, "\n'ordersim COMMAND --help' tells more about each.\n");
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        static char run_name[] = "run";
        static char live_name[] = "live";
        char *args[2] = {isatty(STDOUT_FILENO) && isatty(STDIN_FILENO) ? live_name : run_name,
                         NULL};
        return args[0] == live_name ? ui_live_main(1, args) : ui_run_main(1, args);
    }
    if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 ||
        strcmp(argv[1], "help") == 0) {
        usage(stdout);
        return 0;
    }
    if (strcmp(argv[1], "--version") == 0) {
        printf("ordersim 0.1.0\n");
        return 0;
    }
    for (int i = 0; i < NCOMMANDS; i++)
        if (strcmp(argv[1], commands[i].name) == 0)
            return commands[i].main(argc - 1, argv + 1);
    fprintf(stderr, "ordersim: unknown command '%s'\n", argv[1]);
    usage(stderr);
    return 2;
}
