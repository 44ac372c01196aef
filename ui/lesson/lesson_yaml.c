/* ui/lesson/lesson_yaml.c: lesson text -> a small tree of YAML nodes that remember their
 * line and column (libyaml's event parser), for the checks in lesson_load.c. */
#include "ui/lesson/lesson_internal.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include <yaml.h>

#include "sim/error.h"

int ui_lesson__fail(struct ord_diag *d, const char *file, const struct ui_lesson__node *at,
                    const char *fmt, ...)
{
    memset(d, 0, sizeof *d);
    snprintf(d->file, sizeof d->file, "%s", file);
    d->line = at ? at->line : 0;
    d->col = at ? at->col : 0;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(d->msg, sizeof d->msg, fmt, ap);
    va_end(ap);
    return SIM_EPARSE;
}

void ui_lesson__tree_free(struct ui_lesson__node *n)
{
    if (!n)
        return;
    for (size_t i = 0; i < n->n; i++)
        ui_lesson__tree_free(n->items[i]);
    free(n->items);
    free(n->text);
    free(n);
}

struct parse {
    yaml_parser_t p;
    struct ord_diag *d;
    const char *file;
    size_t nodes;
};

static struct ui_lesson__node *node_new(struct parse *ps, enum ui_lesson__kind kind,
                                        const yaml_mark_t *m, int *rc)
{
    if (++ps->nodes > UI_LESSON_MAX_NODES) {
        struct ui_lesson__node at = {.line = (int)m->line + 1, .col = (int)m->column + 1};
        *rc = ui_lesson__fail(ps->d, ps->file, &at, "more than %d YAML nodes",
                              UI_LESSON_MAX_NODES);
        return NULL;
    }
    struct ui_lesson__node *n = calloc(1, sizeof *n);
    if (!n) {
        *rc = SIM_ENOMEM;
        return NULL;
    }
    n->kind = kind;
    n->line = (int)m->line + 1;
    n->col = (int)m->column + 1;
    return n;
}

static int push(struct ui_lesson__node *parent, struct ui_lesson__node *child)
{
    if (parent->n == parent->cap) {
        size_t cap = parent->cap ? parent->cap * 2 : 8;
        struct ui_lesson__node **items = realloc(parent->items, cap * sizeof *items);
        if (!items)
            return SIM_ENOMEM;
        parent->items = items;
        parent->cap = cap;
    }
    parent->items[parent->n++] = child;
    return 0;
}

static int yaml_error(struct parse *ps)
{
    const yaml_parser_t *p = &ps->p;
    if (p->error == YAML_MEMORY_ERROR)
        return SIM_ENOMEM;
    const yaml_mark_t *m = p->context ? &p->context_mark : &p->problem_mark;
    if (p->problem)
        m = &p->problem_mark;
    struct ui_lesson__node at = {.line = (int)m->line + 1, .col = (int)m->column + 1};
    return ui_lesson__fail(ps->d, ps->file, &at, "YAML: %s%s%s",
                           p->problem ? p->problem : "syntax error", p->context ? " " : "",
                           p->context ? p->context : "");
}

/* Parse the node that starts with event ev (already taken); *out gets it. */
static int parse_node(struct parse *ps, yaml_event_t *ev, int depth, struct ui_lesson__node **out)
{
    int rc = 0;
    *out = NULL;
    if (ev->type == YAML_ALIAS_EVENT ||
        (ev->type == YAML_SCALAR_EVENT && ev->data.scalar.anchor) ||
        (ev->type == YAML_SEQUENCE_START_EVENT && ev->data.sequence_start.anchor) ||
        (ev->type == YAML_MAPPING_START_EVENT && ev->data.mapping_start.anchor)) {
        struct ui_lesson__node at = {.line = (int)ev->start_mark.line + 1,
                                     .col = (int)ev->start_mark.column + 1};
        return ui_lesson__fail(ps->d, ps->file, &at,
                               "anchors and aliases (&, *) are not supported in lessons");
    }
    if (ev->type == YAML_SCALAR_EVENT) {
        struct ui_lesson__node *n = node_new(ps, UI_LESSON__SCALAR, &ev->start_mark, &rc);
        if (!n)
            return rc;
        n->len = ev->data.scalar.length;
        n->text = malloc(n->len + 1);
        if (!n->text) {
            free(n);
            return SIM_ENOMEM;
        }
        memcpy(n->text, ev->data.scalar.value, n->len);
        n->text[n->len] = '\0';
        n->quoted = ev->data.scalar.style != YAML_PLAIN_SCALAR_STYLE;
        *out = n;
        return 0;
    }
    bool seq = ev->type == YAML_SEQUENCE_START_EVENT;
    if (!seq && ev->type != YAML_MAPPING_START_EVENT) {
        struct ui_lesson__node at = {.line = (int)ev->start_mark.line + 1,
                                     .col = (int)ev->start_mark.column + 1};
        return ui_lesson__fail(ps->d, ps->file, &at, "unexpected YAML event");
    }
    if (depth >= UI_LESSON_MAX_DEPTH) {
        struct ui_lesson__node at = {.line = (int)ev->start_mark.line + 1,
                                     .col = (int)ev->start_mark.column + 1};
        return ui_lesson__fail(ps->d, ps->file, &at, "nested deeper than %d levels",
                               UI_LESSON_MAX_DEPTH);
    }
    struct ui_lesson__node *n =
        node_new(ps, seq ? UI_LESSON__SEQ : UI_LESSON__MAP, &ev->start_mark, &rc);
    if (!n)
        return rc;
    for (;;) {
        yaml_event_t child;
        if (!yaml_parser_parse(&ps->p, &child)) {
            ui_lesson__tree_free(n);
            return yaml_error(ps);
        }
        if (child.type == YAML_SEQUENCE_END_EVENT || child.type == YAML_MAPPING_END_EVENT) {
            yaml_event_delete(&child);
            break;
        }
        struct ui_lesson__node *c;
        rc = parse_node(ps, &child, depth + 1, &c);
        yaml_event_delete(&child);
        if (!rc && !seq && (n->n % 2) == 0) {
            /* a key: scalar, not seen before in this mapping */
            if (c->kind != UI_LESSON__SCALAR)
                rc = ui_lesson__fail(ps->d, ps->file, c, "a key must be a plain word");
            for (size_t i = 0; !rc && i < n->n; i += 2)
                if (strcmp(n->items[i]->text, c->text) == 0)
                    rc = ui_lesson__fail(ps->d, ps->file, c,
                                         "`%s` appears twice (first at line %d)", c->text,
                                         n->items[i]->line);
        }
        if (!rc)
            rc = push(n, c);
        if (rc) {
            ui_lesson__tree_free(c);
            ui_lesson__tree_free(n);
            return rc;
        }
    }
    *out = n;
    return 0;
}

int ui_lesson__tree_parse(const char *text, size_t len, const char *file, struct ord_diag *d,
                          struct ui_lesson__node **root)
{
    struct parse ps = {.d = d, .file = file};
    *root = NULL;
    if (!yaml_parser_initialize(&ps.p))
        return SIM_ENOMEM;
    yaml_parser_set_input_string(&ps.p, (const unsigned char *)text, len);
    int rc = 0;
    bool done = false;
    while (!rc && !done) {
        yaml_event_t ev;
        if (!yaml_parser_parse(&ps.p, &ev)) {
            rc = yaml_error(&ps);
            break;
        }
        switch (ev.type) {
        case YAML_STREAM_START_EVENT:
        case YAML_DOCUMENT_END_EVENT:
            break;
        case YAML_DOCUMENT_START_EVENT:
            if (*root) {
                struct ui_lesson__node at = {.line = (int)ev.start_mark.line + 1,
                                             .col = (int)ev.start_mark.column + 1};
                rc = ui_lesson__fail(d, file, &at, "a lesson file holds one YAML document");
            }
            break;
        case YAML_STREAM_END_EVENT:
            done = true;
            break;
        default:
            rc = parse_node(&ps, &ev, 0, root);
            break;
        }
        yaml_event_delete(&ev);
    }
    yaml_parser_delete(&ps.p);
    if (rc) {
        ui_lesson__tree_free(*root);
        *root = NULL;
    }
    return rc;
}

const struct ui_lesson__node *ui_lesson__map_get(const struct ui_lesson__node *map,
                                                 const char *key)
{
    if (!map || map->kind != UI_LESSON__MAP)
        return NULL;
    for (size_t i = 0; i + 1 < map->n; i += 2)
        if (strcmp(map->items[i]->text, key) == 0)
            return map->items[i + 1];
    return NULL;
}

int ui_lesson__edit_distance(const char *a, const char *b, int cap)
{
    size_t la = strlen(a), lb = strlen(b);
    if (la > 64 || lb > 64)
        return cap + 1;
    int row[65];
    for (size_t j = 0; j <= lb; j++)
        row[j] = (int)j;
    for (size_t i = 1; i <= la; i++) {
        int diag = row[0];
        row[0] = (int)i;
        for (size_t j = 1; j <= lb; j++) {
            int up = row[j];
            int best = diag + (a[i - 1] != b[j - 1]);
            if (up + 1 < best)
                best = up + 1;
            if (row[j - 1] + 1 < best)
                best = row[j - 1] + 1;
            row[j] = best;
            diag = up;
        }
    }
    return row[lb] > cap ? cap + 1 : row[lb];
}

void ui_lesson__suggest(const char *word, const char *const *names, int n, char *buf, size_t len)
{
    int best = 3, at = -1;
    for (int i = 0; i < n; i++) {
        int dist = ui_lesson__edit_distance(word, names[i], 2);
        if (dist < best) {
            best = dist;
            at = i;
        }
    }
    if (at >= 0)
        snprintf(buf, len, " (did you mean `%s`?)", names[at]);
    else if (len)
        buf[0] = '\0';
}
