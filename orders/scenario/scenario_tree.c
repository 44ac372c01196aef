/* orders/scenario/scenario_tree.c: YAML text <-> a tree of nodes with positions (libyaml).
 *
 * The tree is built from libyaml's event stream rather than its document loader so
 * that every limit is ours: aliases are refused (no "billion laughs"), nesting,
 * node count and mapping size are capped, and duplicate keys are caught where they
 * appear. */
#include "orders/scenario/scenario_internal.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "sim/error.h"

void ord__diag_set(struct ord_diag *d, const char *file, int line, int col, const char *fmt, ...)
{
    snprintf(d->file, sizeof d->file, "%s", file ? file : "");
    d->line = line;
    d->col = line > 0 ? col : 0;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(d->msg, sizeof d->msg, fmt, ap);
    va_end(ap);
}

int ord__fail(struct ord__ctx *x, const struct ord__node *at, const char *fmt, ...)
{
    int line = 0, col = 0;
    if (at && at->line > 0) {
        line = at->line;
        col = at->col;
    } else if (x->set_col > 0) {
        line = x->set_line > 0 ? x->set_line : 1;
        col = x->set_col;
    }
    ord__diag_set(x->d, x->file, line, col, "%s", "");
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(x->d->msg, sizeof x->d->msg, fmt, ap);
    va_end(ap);
    return SIM_EPARSE;
}

static struct ord__node *node_new(enum ord__kind kind)
{
    struct ord__node *n = calloc(1, sizeof *n);
    if (n)
        n->kind = kind;
    return n;
}

void ord__tree_free(struct ord__node *n)
{
    if (!n)
        return;
    for (size_t i = 0; i < n->n; i++)
        ord__tree_free(n->items[i]);
    free(n->items);
    free(n->text);
    free(n);
}

static int push_item(struct ord__node *c, struct ord__node *item)
{
    if (c->n == c->cap) {
        size_t cap = c->cap ? 2 * c->cap : 8;
        struct ord__node **items = realloc(c->items, cap * sizeof *items);
        if (!items)
            return SIM_ENOMEM;
        c->items = items;
        c->cap = cap;
    }
    c->items[c->n++] = item;
    return 0;
}

struct ord__node *ord__scalar(const char *text, int *err)
{
    struct ord__node *n = node_new(ORD__SCALAR);
    if (n) {
        n->len = strlen(text);
        n->text = strdup(text);
    }
    if (!n || !n->text) {
        free(n);
        *err = SIM_ENOMEM;
        return NULL;
    }
    return n;
}

struct ord__node *ord__container(enum ord__kind kind, bool flow, int *err)
{
    struct ord__node *n = node_new(kind);
    if (!n)
        *err = SIM_ENOMEM;
    else
        n->flow = flow;
    return n;
}

int ord__map_add(struct ord__node *map, struct ord__node *k, struct ord__node *v)
{
    if (push_item(map, k) == 0) {
        if (push_item(map, v) == 0)
            return 0;
        map->n--;
    }
    return SIM_ENOMEM;
}

void ord__map_put(struct ord__node *map, const char *key, struct ord__node *value, int *err)
{
    struct ord__node *k = map && value ? ord__scalar(key, err) : NULL;
    if (!k || ord__map_add(map, k, value) != 0) {
        if (k)
            *err = SIM_ENOMEM;
        ord__tree_free(k);
        ord__tree_free(value);
    }
}

void ord__seq_push(struct ord__node *seq, struct ord__node *item, int *err)
{
    if (!seq || !item || push_item(seq, item) != 0) {
        if (seq && item)
            *err = SIM_ENOMEM;
        ord__tree_free(item);
    }
}

struct ord__node *ord__map_get(const struct ord__node *map, const char *key, size_t *at)
{
    if (!map || map->kind != ORD__MAP)
        return NULL;
    for (size_t i = 0; i + 1 < map->n; i += 2) {
        const struct ord__node *k = map->items[i];
        if (k->kind == ORD__SCALAR && strlen(key) == k->len && memcmp(k->text, key, k->len) == 0) {
            if (at)
                *at = i;
            return map->items[i + 1];
        }
    }
    return NULL;
}

void ord__map_remove(struct ord__node *map, size_t i)
{
    ord__tree_free(map->items[i]);
    ord__tree_free(map->items[i + 1]);
    memmove(&map->items[i], &map->items[i + 2], (map->n - i - 2) * sizeof *map->items);
    map->n -= 2;
}

/* ---- parsing ---- */

struct builder {
    struct ord__ctx *x;
    yaml_parser_t p;
    const char *text;
    size_t len;
    int line0, col0;
    bool from_set;
    struct ord__node *stack[ORD__MAX_DEPTH + 1];
    int depth;
    struct ord__node *root;
    int ndocs;
};

static void mark_pos(const struct builder *b, struct ord__node *n, yaml_mark_t m)
{
    n->line = (int)m.line + 1 + b->line0;
    n->col = (int)m.column + 1 + (m.line == 0 ? b->col0 : 0);
    n->from_set = b->from_set;
    if (b->from_set && m.line > 0) {
        /* A --set value is one line; libyaml's end of input is on the next. */
        n->line = 1 + b->line0;
        n->col = b->col0 + 1 + (int)b->len;
    }
}

/* libyaml reports reader errors (bad UTF-8, control characters) by byte offset. */
static void offset_pos(const struct builder *b, size_t off, int *line, int *col)
{
    *line = 1 + b->line0;
    *col = 1 + b->col0;
    for (size_t i = 0; i < off && i < b->len; i++) {
        if (b->text[i] == '\n') {
            (*line)++;
            *col = 1;
        } else if (((unsigned char)b->text[i] & 0xc0) != 0x80) {
            (*col)++;
        }
    }
}

static int yaml_failed(struct builder *b)
{
    yaml_parser_t *p = &b->p;
    if (p->error == YAML_MEMORY_ERROR)
        return SIM_ENOMEM;
    int line, col;
    if (p->error == YAML_READER_ERROR) {
        offset_pos(b, p->problem_offset, &line, &col);
    } else {
        struct ord__node tmp = {0};
        mark_pos(b, &tmp, p->problem_mark);
        line = tmp.line;
        col = tmp.col;
    }
    const char *problem = p->problem ? p->problem : "malformed YAML";
    if (p->context)
        ord__diag_set(b->x->d, b->x->file, line, col, "malformed YAML: %s %s", problem, p->context);
    else
        ord__diag_set(b->x->d, b->x->file, line, col, "malformed YAML: %s", problem);
    return SIM_EPARSE;
}

/* Is key a scalar already present in map? (maps are small: at most 256 keys) */
static const struct ord__node *duplicate(const struct ord__node *map, const struct ord__node *k)
{
    for (size_t i = 0; i + 1 < map->n; i += 2) {
        const struct ord__node *o = map->items[i];
        if (o->len == k->len && memcmp(o->text, k->text, k->len) == 0)
            return o;
    }
    return NULL;
}

/* Attach a finished node to its parent (or make it the root). */
static int attach(struct builder *b, struct ord__node *n)
{
    if (b->depth == 0) {
        b->root = n;
        return 0;
    }
    struct ord__node *parent = b->stack[b->depth - 1];
    if (parent->kind == ORD__MAP && parent->n % 2 == 0) {
        if (n->kind != ORD__SCALAR) {
            int rc = ord__fail(b->x, n, "a key must be a plain name, not a %s",
                               n->kind == ORD__MAP ? "mapping" : "list");
            ord__tree_free(n);
            return rc;
        }
        const struct ord__node *o = duplicate(parent, n);
        if (o) {
            int rc = ord__fail(b->x, n, "duplicate key `%.60s` (first given at line %d)", n->text,
                               o->line);
            ord__tree_free(n);
            return rc;
        }
        if (parent->n / 2 >= ORD__MAX_MAP_KEYS) {
            int rc =
                ord__fail(b->x, n, "too many keys in one mapping (at most %d)", ORD__MAX_MAP_KEYS);
            ord__tree_free(n);
            return rc;
        }
    }
    if (push_item(parent, n) != 0) {
        ord__tree_free(n);
        return SIM_ENOMEM;
    }
    return 0;
}

static int on_scalar(struct builder *b, const yaml_event_t *e)
{
    struct ord__node *n = node_new(ORD__SCALAR);
    if (!n)
        return SIM_ENOMEM;
    mark_pos(b, n, e->start_mark);
    n->len = e->data.scalar.length;
    n->text = malloc(n->len + 1);
    if (!n->text) {
        free(n);
        return SIM_ENOMEM;
    }
    memcpy(n->text, e->data.scalar.value, n->len);
    n->text[n->len] = '\0';
    n->quoted = e->data.scalar.style != YAML_PLAIN_SCALAR_STYLE;
    return attach(b, n);
}

static int on_start(struct builder *b, const yaml_event_t *e, enum ord__kind kind)
{
    if (b->depth >= ORD__MAX_DEPTH) {
        struct ord__node tmp = {0};
        mark_pos(b, &tmp, e->start_mark);
        return ord__fail(b->x, &tmp, "nested too deeply (more than %d levels)", ORD__MAX_DEPTH);
    }
    struct ord__node *n = node_new(kind);
    if (!n)
        return SIM_ENOMEM;
    mark_pos(b, n, e->start_mark);
    n->flow = kind == ORD__MAP ? e->data.mapping_start.style == YAML_FLOW_MAPPING_STYLE
                               : e->data.sequence_start.style == YAML_FLOW_SEQUENCE_STYLE;
    b->stack[b->depth++] = n;
    return 0;
}

static int on_event(struct builder *b, const yaml_event_t *e)
{
    if (e->type == YAML_SCALAR_EVENT || e->type == YAML_SEQUENCE_START_EVENT ||
        e->type == YAML_MAPPING_START_EVENT) {
        if (++b->x->nodes > ORD__MAX_NODES) {
            struct ord__node tmp = {0};
            mark_pos(b, &tmp, e->start_mark);
            return ord__fail(b->x, &tmp, "too many values (more than %d)", ORD__MAX_NODES);
        }
    }
    switch (e->type) {
    case YAML_DOCUMENT_START_EVENT:
        if (b->ndocs++ > 0) {
            struct ord__node tmp = {0};
            mark_pos(b, &tmp, e->start_mark);
            return ord__fail(b->x, &tmp, "only one YAML document is allowed");
        }
        return 0;
    case YAML_ALIAS_EVENT: {
        struct ord__node tmp = {0};
        mark_pos(b, &tmp, e->start_mark);
        return ord__fail(b->x, &tmp, "aliases (*name) are not supported");
    }
    case YAML_SCALAR_EVENT:
        return on_scalar(b, e);
    case YAML_SEQUENCE_START_EVENT:
        return on_start(b, e, ORD__SEQ);
    case YAML_MAPPING_START_EVENT:
        return on_start(b, e, ORD__MAP);
    case YAML_SEQUENCE_END_EVENT:
    case YAML_MAPPING_END_EVENT: {
        struct ord__node *n = b->stack[--b->depth];
        return attach(b, n);
    }
    default:
        return 0;
    }
}

int ord__tree_parse(struct ord__ctx *x, const char *text, size_t len, int line0, int col0,
                    bool from_set, struct ord__node **root)
{
    struct builder b = {
        .x = x, .text = text, .len = len, .line0 = line0, .col0 = col0, .from_set = from_set};
    *root = NULL;
    if (!yaml_parser_initialize(&b.p))
        return SIM_ENOMEM;
    yaml_parser_set_input_string(&b.p, (const unsigned char *)text, len);
    int rc = 0;
    for (bool done = false; !done && rc == 0;) {
        yaml_event_t e;
        if (!yaml_parser_parse(&b.p, &e)) {
            rc = yaml_failed(&b);
            break;
        }
        done = e.type == YAML_STREAM_END_EVENT;
        rc = on_event(&b, &e);
        yaml_event_delete(&e);
    }
    yaml_parser_delete(&b.p);
    while (b.depth > 0)
        ord__tree_free(b.stack[--b.depth]);
    if (rc != 0) {
        ord__tree_free(b.root);
        return rc;
    }
    *root = b.root;
    return 0;
}

/* ---- writing ---- */

static int emit_node(yaml_emitter_t *em, const struct ord__node *n)
{
    yaml_event_t e;
    int ok;
    if (n->kind == ORD__SCALAR) {
        yaml_scalar_style_t style = n->literal ? YAML_LITERAL_SCALAR_STYLE : YAML_ANY_SCALAR_STYLE;
        ok = yaml_scalar_event_initialize(&e, NULL, NULL, (yaml_char_t *)n->text, (int)n->len, 1, 1,
                                          style);
        return ok && yaml_emitter_emit(em, &e) ? 0 : SIM_EIO;
    }
    if (n->kind == ORD__MAP)
        ok = yaml_mapping_start_event_initialize(
            &e, NULL, NULL, 1, n->flow ? YAML_FLOW_MAPPING_STYLE : YAML_BLOCK_MAPPING_STYLE);
    else
        ok = yaml_sequence_start_event_initialize(
            &e, NULL, NULL, 1, n->flow ? YAML_FLOW_SEQUENCE_STYLE : YAML_BLOCK_SEQUENCE_STYLE);
    if (!ok || !yaml_emitter_emit(em, &e))
        return SIM_EIO;
    for (size_t i = 0; i < n->n; i++)
        if (emit_node(em, n->items[i]) != 0)
            return SIM_EIO;
    if (n->kind == ORD__MAP)
        ok = yaml_mapping_end_event_initialize(&e);
    else
        ok = yaml_sequence_end_event_initialize(&e);
    return ok && yaml_emitter_emit(em, &e) ? 0 : SIM_EIO;
}

int ord__tree_emit(const struct ord__node *root, FILE *out)
{
    yaml_emitter_t em;
    yaml_event_t e;
    if (!yaml_emitter_initialize(&em))
        return SIM_ENOMEM;
    yaml_emitter_set_output_file(&em, out);
    yaml_emitter_set_unicode(&em, 1);
    yaml_emitter_set_width(&em, 100);
    int rc = SIM_EIO;
    if (yaml_stream_start_event_initialize(&e, YAML_UTF8_ENCODING) && yaml_emitter_emit(&em, &e) &&
        yaml_document_start_event_initialize(&e, NULL, NULL, NULL, 1) &&
        yaml_emitter_emit(&em, &e) && emit_node(&em, root) == 0 &&
        yaml_document_end_event_initialize(&e, 1) && yaml_emitter_emit(&em, &e) &&
        yaml_stream_end_event_initialize(&e) && yaml_emitter_emit(&em, &e) &&
        yaml_emitter_flush(&em))
        rc = 0;
    yaml_emitter_delete(&em);
    return rc;
}
