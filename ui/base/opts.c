/* ui/base/opts.c: the one option parser of every subcommand. */
#include "ui/base/opts.h"

#include "ui/base/cmd.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

void ui_strlist_free(struct ui_strlist *l)
{
    free(l->v);
    l->v = NULL;
    l->n = 0;
}

static int fail(const struct ui_cmd_entry *spec, const char *msg, const char *what)
{
    fprintf(stderr, "ordersim %s: %s%s%s\n", spec->name, msg, what ? ": " : "",
            what ? what : "");
    fprintf(stderr, "try 'ordersim %s --help'\n", spec->name);
    return UI_EXIT_USAGE;
}

/* "ordersim CMD: --NAME: expected WHAT, got 'VALUE'" (exit status 2). */
static int fail_value(const struct ui_cmd_entry *spec, const struct ui_opt *o, const char *what,
                      const char *value)
{
    fprintf(stderr, "ordersim %s: --%s: expected %s, got '%s'\n", spec->name, o->name, what,
            value);
    fprintf(stderr, "try 'ordersim %s --help'\n", spec->name);
    return UI_EXIT_USAGE;
}

/* Whether value is one of the '|'-separated alternatives in list. */
static int is_choice(const char *list, const char *value)
{
    size_t n = strlen(value);
    for (const char *p = list; p && *p;) {
        const char *bar = strchr(p, '|');
        size_t len = bar ? (size_t)(bar - p) : strlen(p);
        if (len == n && strncmp(p, value, n) == 0)
            return 1;
        p = bar ? bar + 1 : NULL;
    }
    return 0;
}

static const struct ui_opt *find_long(const struct ui_cmd_entry *spec, const char *name,
                                      size_t len)
{
    for (int i = 0; i < spec->options.n; i++)
        if (strlen(spec->options.table[i].name) == len &&
            strncmp(spec->options.table[i].name, name, len) == 0)
            return &spec->options.table[i];
    return NULL;
}

static const struct ui_opt *find_short(const struct ui_cmd_entry *spec, char c)
{
    for (int i = 0; i < spec->options.n; i++)
        if (spec->options.table[i].short_name == c)
            return &spec->options.table[i];
    return NULL;
}

/* Store value for option o; returns 0, or 2 (bad value) or 1 (out of memory) after
 * printing why. */
static int store(const struct ui_cmd_entry *spec, const struct ui_opt *o, const char *value,
                 void *dst)
{
    char *field = (char *)dst + o->offset;
    char *end;
    switch (o->type) {
    case UI_OPT_FLAG:
        *(int *)(void *)field = 1;
        return 0;
    case UI_OPT_CHOICE:
        if (!is_choice(o->metavar, value)) {
            char what[128]; /* "en or zh", "a, b or c" */
            size_t n = 0;
            for (const char *p = o->metavar; *p && n + 8 < sizeof what; p++) {
                if (*p != '|') {
                    what[n++] = *p;
                    continue;
                }
                const char *sep = strchr(p + 1, '|') ? ", " : " or ";
                memcpy(what + n, sep, strlen(sep));
                n += strlen(sep);
            }
            what[n] = '\0';
            return fail_value(spec, o, what, value);
        }
        /* fall through */
    case UI_OPT_STRING:
        *(const char **)(void *)field = value;
        return 0;
    case UI_OPT_LIST: {
        struct ui_strlist *l = (struct ui_strlist *)(void *)field;
        const char **v = realloc(l->v, sizeof *v * (size_t)(l->n + 1));
        if (!v) {
            fprintf(stderr, "ordersim %s: out of memory\n", spec->name);
            return UI_EXIT_FAILURE;
        }
        v[l->n++] = value;
        l->v = v;
        return 0;
    }
    case UI_OPT_INT: {
        errno = 0;
        long x = strtol(value, &end, 10);
        if (errno || end == value || *end)
            return fail_value(spec, o, "a whole number", value);
        *(long *)(void *)field = x;
        return 0;
    }
    case UI_OPT_DOUBLE: {
        errno = 0;
        double x = strtod(value, &end);
        if (errno || end == value || *end)
            return fail_value(spec, o, "a number", value);
        *(double *)(void *)field = x;
        return 0;
    }
    }
    return fail(spec, "bad option table", o->name);
}

int ui_opts_parse(const struct ui_cmd_entry *spec, int argc, char **argv, void *dst,
                  const char **pos, int *npos)
{
    int n = 0, only_pos = 0;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (only_pos || a[0] != '-' || a[1] == '\0') {
            pos[n++] = a;
            continue;
        }
        if (strcmp(a, "--") == 0) {
            only_pos = 1;
            continue;
        }
        if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
            ui_cmd_help(spec, stdout);
            return UI_OPTS_HELP;
        }
        const struct ui_opt *o;
        const char *value = NULL;
        if (a[1] == '-') {
            const char *name = a + 2, *eq = strchr(name, '=');
            size_t len = eq ? (size_t)(eq - name) : strlen(name);
            o = find_long(spec, name, len);
            if (!o)
                return fail(spec, "unknown option", a);
            if (eq)
                value = eq + 1;
        } else {
            o = find_short(spec, a[1]);
            if (!o)
                return fail(spec, "unknown option", a);
            if (a[2])
                value = a + 2;
        }
        if (o->type == UI_OPT_FLAG) {
            if (value)
                return fail(spec, "this option takes no value", a);
        } else if (!value) {
            if (i + 1 >= argc)
                return fail(spec, "missing value for", a);
            value = argv[++i];
        }
        int rc = store(spec, o, value, dst);
        if (rc)
            return rc;
    }
    if (n < spec->min_pos)
        return fail(spec, "missing argument", spec->usage);
    if (spec->max_pos >= 0 && n > spec->max_pos)
        return fail(spec, "unexpected argument", pos[spec->max_pos]);
    *npos = n;
    return 0;
}

int ui_parse_size(const char *s, int *w, int *h)
{
    char *end;
    long x = strtol(s, &end, 10);
    if (end == s || (*end != 'x' && *end != 'X'))
        return -1;
    const char *p = end + 1;
    long y = strtol(p, &end, 10);
    if (end == p || *end || x < 100 || y < 100 || x > 10000 || y > 10000)
        return -1;
    *w = (int)x;
    *h = (int)y;
    return 0;
}
