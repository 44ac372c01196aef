/* ui/base/cmd.c: running a subcommand from its entry (ui/base/cmd.h). */
#include "ui/base/cmd.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "sim/error.h"

int ui_exit_status(int err)
{
    switch (err) {
    case SIM_OK:
        return UI_EXIT_OK;
    case SIM_EINVAL:
    case SIM_ERANGE:
    case SIM_EPARSE:
    case SIM_ENOENT:
        return UI_EXIT_USAGE;
    case SIM_EINTR:
        return UI_EXIT_INTERRUPTED;
    default:
        return UI_EXIT_FAILURE;
    }
}

static void free_lists(const struct ui_cmd_entry *e, void *opts)
{
    for (int i = 0; i < e->options.n; i++)
        if (e->options.table[i].type == UI_OPT_LIST)
            ui_strlist_free((struct ui_strlist *)(void *)((char *)opts +
                                                          e->options.table[i].offset));
}

int ui_cmd_exec(const struct ui_cmd_entry *e, int argc, char **argv)
{
    /* one spare byte: an entry without options still gets a distinct pointer */
    void *opts = calloc(1, e->options.size + 1);
    const char **pos = calloc((size_t)(argc > 0 ? argc : 1), sizeof *pos);
    int status = UI_EXIT_FAILURE;
    if (!opts || !pos) {
        fprintf(stderr, "ordersim %s: out of memory\n", e->name);
    } else {
        if (e->options.init)
            e->options.init(opts);
        int npos = 0;
        status = ui_opts_parse(e, argc, argv, opts, pos, &npos);
        if (status == UI_OPTS_HELP) {
            status = UI_EXIT_OK;
        } else if (status == 0) {
            struct ui_cmd_args args = {opts, pos, npos};
            status = e->exec(e, &args);
        }
        free_lists(e, opts);
    }
    free(opts);
    free(pos);
    return status;
}

void ui_cmd_help(const struct ui_cmd_entry *e, FILE *f)
{
    fprintf(f, "usage: ordersim %s%s%s%s\n\n%s\n", e->name, e->options.n ? " [OPTIONS]" : "",
            e->usage && *e->usage ? " " : "", e->usage ? e->usage : "", e->help);
    const char *details = e->make_details ? e->make_details() : e->details;
    if (details)
        fprintf(f, "\n%s\n", details);
    if (e->options.n)
        fprintf(f, "\noptions:\n");
    for (int i = 0; i < e->options.n; i++) {
        const struct ui_opt *o = &e->options.table[i];
        char left[64];
        char shortpart[8] = "    "; /* "-x, " or as many spaces, so long names align */
        if (o->short_name)
            snprintf(shortpart, sizeof shortpart, "-%c, ", o->short_name);
        snprintf(left, sizeof left, "%s--%s%s%s", shortpart, o->name, o->metavar ? " " : "",
                 o->metavar ? o->metavar : "");
        fprintf(f, "  %-26s %s%s\n", left, o->help, o->type == UI_OPT_LIST ? " (repeatable)" : "");
    }
    fprintf(f, "  %-26s %s\n", "-h, --help", "show this help");
}

int ui_cmd_close_stdout(const char *name, int status)
{
    /* As coreutils' close_stdout: a write error may show only when the buffer is
     * flushed, and an error flag set by an earlier write must not be forgotten. */
    errno = 0;
    int failed = fflush(stdout) != 0;
    int err = errno;
    failed |= ferror(stdout) != 0;
    if (fclose(stdout) != 0 && !failed) {
        failed = 1;
        err = errno;
    }
    if (!failed)
        return status;
    if (status == UI_EXIT_OK)
        fprintf(stderr, "ordersim%s%s: standard output: %s\n", name ? " " : "", name ? name : "",
                err ? strerror(err) : "write error");
    return status == UI_EXIT_OK ? UI_EXIT_FAILURE : status;
}
