/* orders/scenario/scenario.c: the public face of the scenario loader (orders/scenario/scenario.h).
 *
 * --set design: a config does not keep its YAML. ord_scenario_set() turns the config
 * back into a complete tree (ord__dump, every key explicit; a trace stays a
 * `load.trace` reference and is read again), puts the override's value (parsed as a
 * YAML flow value, its nodes positioned in the --set argument) at the dotted path,
 * and builds a new config from the tree with the same code as a file. So an override
 * is validated exactly like a file, and a failed one leaves the config untouched. */
#include "orders/scenario/scenario.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "orders/scenario/builtin.h"
#include "orders/scenario/scenario_internal.h"
#include "sim/error.h"

/* Write s with control characters (C0, DEL) as \xNN: a message quotes the user's
 * text, which must not reach a terminal as an escape sequence. */
static void put_safe(const char *s, FILE *f)
{
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (c < 0x20 || c == 0x7F)
            fprintf(f, "\\x%02x", c);
        else if (c == 0xC2 && (unsigned char)s[1] >= 0x80 && (unsigned char)s[1] < 0xA0)
            fprintf(f, "\\u%04x", (unsigned char)*++s); /* a C1 control in UTF-8 */
        else
            fputc(c, f);
    }
}

void ord_diag_print(const struct ord_diag *d, FILE *f)
{
    put_safe(d->file, f);
    if (d->line > 0 && d->col > 0)
        fprintf(f, ":%d:%d", d->line, d->col);
    else if (d->line > 0)
        fprintf(f, ":%d", d->line);
    fputs(": ", f);
    put_safe(d->msg, f);
    fputc('\n', f);
}

/* "dir/name.yaml" -> "name" (into buf). */
static void stem(const char *path, char *buf, size_t n)
{
    const char *base = strrchr(path, '/');
    snprintf(buf, n, "%s", base ? base + 1 : path);
    char *dot = strrchr(buf, '.');
    if (dot && (strcmp(dot, ".yaml") == 0 || strcmp(dot, ".yml") == 0))
        *dot = '\0';
}

int ord__diag_oom(struct ord_diag *d, const char *file, int rc)
{
    if (rc == SIM_ENOMEM && !d->msg[0])
        ord__diag_set(d, file, 0, 0, "%s", sim_strerror(SIM_ENOMEM));
    return rc;
}

static bool empty_root(const struct ord__node *root)
{
    return !root || (root->kind == ORD__SCALAR && root->len == 0 && !root->quoted);
}

struct source {
    const char *text;
    size_t len;
    const char *display; /* name in diagnostics */
    const char *path;    /* the file, or NULL */
    const char *dir;     /* relative traces, or NULL */
    bool builtin;
};

static int load(struct ord_config *c, const struct source *s, struct ord_diag *d)
{
    struct ord__ctx x = {.d = d, .file = s->display};
    struct ord__node *root = NULL;
    char name[256];
    stem(s->display, name, sizeof name);
    if (s->len > ORD__MAX_FILE_BYTES) {
        ord__diag_set(d, s->display, 0, 0, "file too large (at most %u bytes)",
                      ORD__MAX_FILE_BYTES);
        return SIM_EPARSE;
    }
    int rc = ord__tree_parse(&x, s->text, s->len, 0, 0, false, &root);
    if (rc == 0 && empty_root(root)) {
        ord__diag_set(d, s->display, 0, 0,
                      "empty scenario: expected a mapping of keys (see scenarios/README.md)");
        rc = SIM_EPARSE;
    }
    struct ord__origin o = {.dir = s->dir, .builtin = s->builtin, .name = name};
    struct ord_config tmp;
    if (rc == 0)
        rc = ord__build(&x, root, &o, &tmp);
    ord__tree_free(root);
    if (rc != 0)
        return rc;
    int err = 0;
    tmp.path = ord__strdup(s->path, &err);
    tmp.src = ord__src_new(s->dir, s->builtin, &err);
    if (err) {
        ord_config_free(&tmp);
        return err;
    }
    *c = tmp;
    return 0;
}

int ord_scenario_load_text(struct ord_config *c, const char *text, size_t len,
                           const char *display_name, const char *base_dir, struct ord_diag *d)
{
    memset(d, 0, sizeof *d);
    struct source s = {.text = text,
                       .len = len,
                       .display = display_name ? display_name : "<text>",
                       .dir = base_dir};
    return ord__diag_oom(d, s.display, load(c, &s, d));
}

int ord_scenario_load_file(struct ord_config *c, const char *path, struct ord_diag *d)
{
    memset(d, 0, sizeof *d);
    char *text, *dir = strdup(path);
    size_t len;
    if (!dir)
        return ord__diag_oom(d, path, SIM_ENOMEM);
    int rc = ord__read_file(path, ORD__MAX_FILE_BYTES, &text, &len, d);
    if (rc == 0) {
        char *slash = strrchr(dir, '/');
        if (slash)
            *slash = '\0';
        struct source s = {.text = text,
                           .len = len,
                           .display = path,
                           .path = path,
                           .dir = slash ? (slash == dir ? "/" : dir) : NULL};
        rc = load(c, &s, d);
        free(text);
    }
    free(dir);
    return ord__diag_oom(d, path, rc);
}

static int unknown_scenario(const char *arg, struct ord_diag *d)
{
    char list[256] = "", hint[96] = "";
    int best_d = 3;
    for (int i = 0; i < ord_builtin_count; i++) {
        size_t n = strlen(list);
        snprintf(list + n, sizeof list - n, "%s%s", i ? ", " : "", ord_builtins[i].name);
        int dist = ord__edit_distance(arg, ord_builtins[i].name, best_d - 1);
        if (dist < best_d) {
            best_d = dist;
            snprintf(hint, sizeof hint, "; did you mean `%s`?", ord_builtins[i].name);
        }
    }
    ord__diag_set(d, arg, 0, 0, "no such file or built-in scenario (built-ins: %s)%s", list, hint);
    return SIM_ENOENT;
}

int ord_scenario_resolve(struct ord_config *c, const char *arg, struct ord_diag *d)
{
    memset(d, 0, sizeof *d);
    if (!arg)
        arg = ORD_DEFAULT_SCENARIO;
    size_t n = strlen(arg);
    struct stat st;
    bool is_path = strchr(arg, '/') || (n > 5 && strcmp(arg + n - 5, ".yaml") == 0) ||
                   (n > 4 && strcmp(arg + n - 4, ".yml") == 0) || stat(arg, &st) == 0;
    if (is_path)
        return ord_scenario_load_file(c, arg, d);
    const struct ord_builtin *b = ord_builtin_find(arg);
    if (!b)
        return unknown_scenario(arg, d);
    struct source s = {.text = b->text, .len = b->len, .display = b->name, .builtin = true};
    return ord__diag_oom(d, b->name, load(c, &s, d));
}

/* A comment line's text: no line breaks or control characters. */
static void comment_text(FILE *out, const char *s)
{
    for (; *s; s++)
        fputc((unsigned char)*s < 0x20 || *s == 0x7f ? '?' : *s, out);
}

int ord_scenario_write(const struct ord_config *c, FILE *out)
{
    int err = 0;
    struct ord__node *root = ord__dump(c, ORD__DUMP_WRITE, &err);
    if (!root)
        return err;
    fputs("# ordersim scenario", out);
    if (c->path) {
        fputs(" from ", out);
        comment_text(out, c->path);
    }
    if (c->load.trace) {
        fputs("\n# load.trace was ", out);
        comment_text(out, c->load.trace);
        fputs("; its load is written out below", out);
    }
    fputc('\n', out);
    int rc = ord__tree_emit(root, out);
    ord__tree_free(root);
    if (rc == 0 && (fflush(out) != 0 || ferror(out)))
        rc = SIM_EIO;
    return rc;
}
