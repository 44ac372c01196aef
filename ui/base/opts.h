/* ui/base/opts.h: command-line options from one table per subcommand.
 *
 * The same table drives parsing and --help (one table per fact: docs/ARCHITECTURE.md). Values are
 * stored into a caller's struct at each row's offset. */
#ifndef UI_OPTS_H
#define UI_OPTS_H

#include <stddef.h>
#include <stdio.h>

enum ui_opt_type {
    UI_OPT_FLAG,   /* int, set to 1 */
    UI_OPT_STRING, /* const char *, points into argv */
    UI_OPT_LIST,   /* struct ui_strlist, repeatable */
    UI_OPT_INT,    /* long, decimal */
    UI_OPT_DOUBLE, /* double */
};

struct ui_strlist {
    const char **v; /* points into argv; the array itself is malloc'ed */
    int n;
};
void ui_strlist_free(struct ui_strlist *l);

struct ui_opt {
    const char *name;    /* long name without dashes: "seed" */
    char short_name;     /* 'o', or 0 */
    enum ui_opt_type type;
    size_t offset;       /* offsetof(struct your_opts, field) */
    const char *metavar; /* "N", "FILE" (NULL for flags) */
    const char *help;
};

/* The subcommand's table, usage line and summary, for parsing and --help. */
struct ui_cmd_spec {
    const char *name;     /* "run" */
    const char *args;     /* "[SCENARIO]" */
    const char *summary;  /* one line */
    const char *details;  /* extra paragraphs for --help, or NULL */
    const struct ui_opt *opts;
    int nopts;
    int min_pos, max_pos; /* positional argument counts (max -1: any) */
};

/* Parse argv[1..argc) (argv[0] is the subcommand's name) into dst and collect the
 * positional arguments (pos must have room for argc entries). Returns 0 on
 * success, 1 when --help was printed (exit 0), or 2 after printing
 * "ordersim CMD: message" and a hint to stderr (exit 2). "--" ends options. */
int ui_opts_parse(const struct ui_cmd_spec *spec, int argc, char **argv, void *dst,
                  const char **pos, int *npos);
/* Print the subcommand's help, generated from its table. */
void ui_opts_help(const struct ui_cmd_spec *spec, FILE *f);
/* Parse a "WxH" size like 1600x900. Returns 0 or -1. */
int ui_parse_size(const char *s, int *w, int *h);

#endif
