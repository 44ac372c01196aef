/* ui/base/opts.h: command-line options from one table per subcommand.
 *
 * The same table drives parsing and --help (ui/base/cmd.h), one table per fact
 * (docs/ARCHITECTURE.md). Values are stored into a caller's struct at each row's
 * offset. */
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
    UI_OPT_CHOICE, /* const char *, one of the metavar's alternatives ("en|zh") */
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

struct ui_cmd_entry; /* ui/base/cmd.h */

/* Parse argv[1..argc) (argv[0] is the subcommand's name) with e's option table into
 * dst and collect the positional arguments (pos must have room for argc entries).
 * Returns 0 on success, UI_OPTS_HELP when --help was printed (exit 0), or the exit
 * status after printing why: 2 ("ordersim CMD: message" and a hint) for bad options,
 * 1 when out of memory. "--" ends options. Commands do not call this themselves:
 * ui_cmd_exec() does. */
#define UI_OPTS_HELP (-1)
int ui_opts_parse(const struct ui_cmd_entry *e, int argc, char **argv, void *dst,
                  const char **pos, int *npos);
/* Parse a "WxH" size like 1600x900. Returns 0 or -1. */
int ui_parse_size(const char *s, int *w, int *h);

#endif
