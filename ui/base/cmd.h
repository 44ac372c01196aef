/* ui/base/cmd.h: a subcommand as one table entry (tmux's cmd_entry), and the rules every
 * subcommand shares: one option parser, help generated from the entry, one mapping of
 * errors to exit statuses, and the check of standard output at exit.
 *
 * A subcommand is a `const struct ui_cmd_entry` of designated initialisers next to its
 * code; ui/cli/commands.c lists the entries. ui_cmd_exec() parses argv with the entry's
 * option table into a zeroed struct of options.size bytes (options.init sets defaults),
 * calls .exec, then frees the repeatable options' lists. */
#ifndef UI_CMD_H
#define UI_CMD_H

#include <stddef.h>
#include <stdio.h>

#include "ui/base/opts.h"

/* Exit statuses, the same for every subcommand. */
enum ui_exit {
    UI_EXIT_OK = 0,
    UI_EXIT_FAILURE = 1,     /* a runtime failure: out of memory, I/O, the model stopped */
    UI_EXIT_USAGE = 2,       /* bad input: options, arguments, scenario or run files */
    UI_EXIT_INTERRUPTED = 130 /* stopped by Ctrl-C (128 + SIGINT) */
};

/* The one mapping of an error code (sim/error.h) to an exit status: 0 -> 0; bad input
 * (SIM_EINVAL, SIM_ERANGE, SIM_EPARSE, SIM_ENOENT) -> 2; SIM_EINTR -> 130; every other
 * code -> 1. */
int ui_exit_status(int err);

/* What .exec gets: the parsed options and the positional arguments. */
struct ui_cmd_args {
    void *opts;       /* the entry's options struct, filled by the parser */
    const char **pos; /* positional arguments (point into argv) */
    int npos;
};

struct ui_cmd_entry {
    const char *name;    /* "run" */
    const char *usage;   /* the positional arguments: "[SCENARIO]" */
    const char *summary; /* one line in `ordersim --help` */
    const char *help;    /* the first paragraph of `ordersim NAME --help` */
    const char *details; /* further paragraphs, or NULL */
    /* details made from another table (keys, panels, figures), or NULL */
    const char *(*make_details)(void);
    struct {
        const struct ui_opt *table;
        int n;
        size_t size;              /* sizeof the options struct */
        void (*init)(void *opts); /* defaults, or NULL (all zero) */
    } options;
    int min_pos, max_pos; /* positional argument counts (max -1: any) */
    /* Run the command. Returns the exit status (enum ui_exit); messages are printed. */
    int (*exec)(const struct ui_cmd_entry *self, const struct ui_cmd_args *args);
};

/* .options of an entry: the table, the options struct's type and its defaults. */
#define UI_CMD_OPTIONS(table_, type_, init_)                                                       \
    {.table = (table_), .n = (int)(sizeof(table_) / sizeof((table_)[0])), .size = sizeof(type_), \
     .init = (init_)}

/* Parse argv[1..argc) (argv[0] is the subcommand's name) and run e. Returns the exit
 * status: .exec's, 0 after --help, 2 after a bad option, 1 when out of memory. */
int ui_cmd_exec(const struct ui_cmd_entry *e, int argc, char **argv);

/* e's --help text, generated from the entry and its option table. */
void ui_cmd_help(const struct ui_cmd_entry *e, FILE *f);

/* The end of every command: flush and close standard output and check that every
 * write to it succeeded. On a failure prints "ordersim NAME: standard output: why" to
 * stderr and returns 1 when status was 0; otherwise returns status. */
int ui_cmd_close_stdout(const char *name, int status);

#endif
