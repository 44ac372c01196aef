/* orders/scenario/scenario_set.c: ord_scenario_set, one "dotted.key=value" override.
 *
 * The config is dumped to a complete tree, the value (YAML flow, positioned in the
 * argument) is put at the path, and the tree is built again like a file: see the
 * design note at the top of scenario.c. */
#include "orders/scenario/scenario.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "orders/scenario/scenario_internal.h"
#include "sim/error.h"

#define MAX_COMPONENTS 8

struct component {
    char name[64];
    int line; /* which --set (1-based): diagnostics say --set:LINE:COL */
    int col;  /* 1-based column in the argument */
};

static int split_path(struct ord__ctx *x, int line, const char *a, size_t len,
                      struct component *comp, int *n)
{
    size_t start = 0;
    *n = 0;
    for (size_t i = 0; i <= len; i++) {
        if (i < len && a[i] != '.')
            continue;
        size_t clen = i - start;
        if (*n == MAX_COMPONENTS) {
            ord__diag_set(x->d, x->file, line, (int)start + 1, "key has too many parts");
            return SIM_EPARSE;
        }
        if (clen == 0 || clen >= sizeof comp->name ||
            strspn(a + start, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-") <
                clen) {
            ord__diag_set(x->d, x->file, line, (int)start + 1,
                          "bad key: expected names and indexes joined by dots "
                          "(e.g. load.phases.1.rate)");
            return SIM_EPARSE;
        }
        memcpy(comp[*n].name, a + start, clen);
        comp[*n].name[clen] = '\0';
        comp[*n].line = line;
        comp[*n].col = (int)start + 1;
        (*n)++;
        start = i + 1;
    }
    return 0;
}

static bool index_of(const char *s, size_t *idx)
{
    if (!*s || strspn(s, "0123456789") != strlen(s) || strlen(s) > 9)
        return false;
    *idx = (size_t)strtoul(s, NULL, 10);
    return true;
}

static struct ord__node *key_node(const struct component *c)
{
    int err = 0;
    struct ord__node *k = ord__scalar(c->name, &err);
    if (k) {
        k->line = c->line;
        k->col = c->col;
        k->from_set = true;
    }
    return k;
}

static int fail_at(struct ord__ctx *x, const struct component *c, const char *msg)
{
    ord__diag_set(x->d, x->file, c->line, c->col, "%s", msg);
    return SIM_EPARSE;
}

/* Setting one source of the load (trace, phases, times) drops the others, and an
 * `arrivals: times` that only described the old source. */
static void replace_load_source(struct ord__node *load, const char *which)
{
    static const char *const src[] = {"trace", "phases", "times"};
    size_t at;
    for (int i = 0; i < 3; i++)
        if (strcmp(src[i], which) != 0 && ord__map_get(load, src[i], &at))
            ord__map_remove(load, at);
    if (strcmp(which, "times") != 0) {
        const struct ord__node *arr = ord__map_get(load, "arrivals", &at);
        if (arr && arr->kind == ORD__SCALAR && strcmp(arr->text, "times") == 0)
            ord__map_remove(load, at);
    }
}

/* Put val (owned) as key c of the mapping cur. */
static int put_in_map(struct ord__node *root, struct ord__node *cur, const struct component *c,
                      struct ord__node *val)
{
    size_t at;
    const char *nm = c->name;
    if (cur == ord__map_get(root, "load", NULL) &&
        (!strcmp(nm, "trace") || !strcmp(nm, "phases") || !strcmp(nm, "times")))
        replace_load_source(cur, nm);
    struct ord__node *child = ord__map_get(cur, nm, &at);
    if (child) {
        ord__tree_free(child);
        cur->items[at + 1] = val;
        return 0;
    }
    struct ord__node *k = key_node(c);
    if (!k || ord__map_add(cur, k, val) != 0) {
        ord__tree_free(k);
        ord__tree_free(val);
        return SIM_ENOMEM;
    }
    return 0;
}

/* The mapping under key c of cur, made empty when missing (unknown keys are reported
 * by the build, with their column). NULL with the diag filled or on ENOMEM. */
static struct ord__node *map_step(struct ord__ctx *x, struct ord__node *cur,
                                  const struct component *c, const struct component *next,
                                  const char *so_far, int *rc)
{
    size_t idx;
    struct ord__node *child = ord__map_get(cur, c->name, NULL);
    if (child)
        return child;
    if (index_of(next->name, &idx)) {
        char msg[700];
        snprintf(msg, sizeof msg, "`%s%s` is not set, so it has no items", so_far, c->name);
        *rc = fail_at(x, next, msg);
        return NULL;
    }
    int err = 0;
    struct ord__node *k = key_node(c);
    child = ord__container(ORD__MAP, false, &err);
    if (!k || !child || ord__map_add(cur, k, child) != 0) {
        ord__tree_free(k);
        ord__tree_free(child);
        *rc = SIM_ENOMEM;
        return NULL;
    }
    return child;
}

/* The item of a list of mappings whose `name` is name (services.points). */
static bool named_item(const struct ord__node *seq, const char *name, size_t *idx)
{
    for (size_t i = 0; i < seq->n; i++) {
        const struct ord__node *n = seq->items[i]->kind == ORD__MAP
                                        ? ord__map_get(seq->items[i], "name", NULL)
                                        : NULL;
        if (n && n->kind == ORD__SCALAR && strcmp(n->text, name) == 0) {
            *idx = i;
            return true;
        }
    }
    return false;
}

/* For a list of named items: "no item `x` (names: a, b); did you mean `a`?" in msg. */
static bool item_names(const struct ord__node *seq, const char *name, char *msg, size_t n)
{
    char list[400] = "", hint[64] = "";
    int best_d = 3;
    for (size_t i = 0; i < seq->n; i++) {
        const struct ord__node *nm = seq->items[i]->kind == ORD__MAP
                                         ? ord__map_get(seq->items[i], "name", NULL)
                                         : NULL;
        if (!nm || nm->kind != ORD__SCALAR)
            return false;
        size_t len = strlen(list);
        snprintf(list + len, sizeof list - len, "%s%s", i ? ", " : "", nm->text);
        int d = ord__edit_distance(name, nm->text, best_d);
        if (d < best_d) {
            best_d = d;
            snprintf(hint, sizeof hint, "; did you mean `%s`?", nm->text);
        }
    }
    if (seq->n == 0)
        return false;
    snprintf(msg, n, "no service `%s` (services: %s)%s", name, list, hint);
    return true;
}

/* Put val (owned) at the path in root. */
static int put(struct ord__ctx *x, struct ord__node *root, const struct component *comp, int n,
               struct ord__node *val)
{
    struct ord__node *cur = root;
    char so_far[600] = "", msg[700];
    int rc = 0;
    for (int i = 0; i < n; i++) {
        bool last = i == n - 1;
        size_t idx;
        if (cur->kind == ORD__MAP && last)
            return put_in_map(root, cur, &comp[i], val);
        if (cur->kind == ORD__MAP) {
            if (!(cur = map_step(x, cur, &comp[i], &comp[i + 1], so_far, &rc)))
                break;
        } else if (cur->kind == ORD__SEQ) {
            /* services.points.threads: a list item by its name */
            if (!index_of(comp[i].name, &idx) && named_item(cur, comp[i].name, &idx)) {
                size_t len = strlen(so_far);
                snprintf(so_far + len, sizeof so_far - len, "%s.", comp[i].name);
                if (last) {
                    ord__tree_free(cur->items[idx]);
                    cur->items[idx] = val;
                    return 0;
                }
                cur = cur->items[idx];
                continue;
            }
            if (!index_of(comp[i].name, &idx) && item_names(cur, comp[i].name, msg, sizeof msg)) {
                rc = fail_at(x, &comp[i], msg);
                break;
            }
            if (!index_of(comp[i].name, &idx) || idx > cur->n || (idx == cur->n && !last)) {
                so_far[strlen(so_far) ? strlen(so_far) - 1 : 0] = '\0';
                snprintf(msg, sizeof msg, "`%s` is a list of %zu item%s: use an index from 0%s",
                         so_far, cur->n, cur->n == 1 ? "" : "s",
                         last ? " (or its length, to append)" : "");
                rc = fail_at(x, &comp[i], msg);
                break;
            }
            if (last && idx == cur->n) {
                ord__seq_push(cur, val, &rc);
                return rc;
            }
            if (last) {
                ord__tree_free(cur->items[idx]);
                cur->items[idx] = val;
                return 0;
            }
            cur = cur->items[idx];
        } else {
            so_far[strlen(so_far) ? strlen(so_far) - 1 : 0] = '\0';
            snprintf(msg, sizeof msg, "`%s` is a single value: it has no `%s`", so_far,
                     comp[i].name);
            rc = fail_at(x, &comp[i], msg);
            break;
        }
        size_t len = strlen(so_far);
        snprintf(so_far + len, sizeof so_far - len, "%s.", comp[i].name);
    }
    ord__tree_free(val);
    return rc ? rc : SIM_EINVAL;
}

/* Was load.trace given on the command line? (then it is relative to the cwd) */
static bool trace_from_set(const struct ord__node *root)
{
    const struct ord__node *t = ord__map_get(ord__map_get(root, "load", NULL), "trace", NULL);
    return t && t->from_set;
}

/* Parse assignment number line (1-based) and put its value into root. */
static int put_one(struct ord__ctx *x, struct ord__node *root, const char *a, int line)
{
    struct component comp[MAX_COMPONENTS];
    int n, rc;
    const char *eq = strchr(a, '=');
    if (!eq || eq == a) {
        ord__diag_set(x->d, x->file, line, 1, "expected key=value (e.g. database.connections=30)");
        return SIM_EPARSE;
    }
    if (strchr(a, '\n')) {
        ord__diag_set(x->d, x->file, line, (int)(strchr(a, '\n') - a) + 1, "line break in --set");
        return SIM_EPARSE;
    }
    if ((rc = split_path(x, line, a, (size_t)(eq - a), comp, &n)) != 0)
        return rc;
    /* Nodes without a position of their own are blamed on the last value. */
    x->set_line = line;
    x->set_col = (int)(eq - a) + 2;
    struct ord__node *val = NULL;
    rc = ord__tree_parse(x, eq + 1, strlen(eq + 1), line - 1, (int)(eq - a) + 1, true, &val);
    if (rc != 0)
        return rc;
    if (!val) {
        ord__diag_set(x->d, x->file, line, x->set_col,
                      "missing value after `=` (write '' for empty text)");
        return SIM_EPARSE;
    }
    return put(x, root, comp, n, val);
}

static int set_all(struct ord_config *c, const char *const *a, int n, struct ord_diag *d)
{
    struct ord__ctx x = {.d = d, .file = "--set"};
    memset(d, 0, sizeof *d);
    if (n <= 0)
        return 0;
    int err = 0, rc = 0;
    struct ord__node *root = ord__dump(c, ORD__DUMP_SET, &err);
    if (!root)
        return err;
    /* Every value first, one check after: the order of the overrides never matters
     * (b.backoff=20s then b.backoff_max=30s is as good as the other way round). */
    for (int i = 0; i < n && rc == 0; i++)
        rc = put_one(&x, root, a[i], i + 1);
    bool cwd_trace = rc == 0 && trace_from_set(root);
    struct ord__origin o = {
        .dir = cwd_trace || !c->src ? NULL : c->src->dir,
        .builtin = !cwd_trace && c->src && c->src->builtin,
        .name = c->name,
        .reuse = cwd_trace ? NULL : c->load.rows, /* the same trace: its rows, not a reread */
    };
    struct ord_config nc;
    if (rc == 0)
        rc = ord__build(&x, root, &o, &nc);
    ord__tree_free(root);
    if (rc != 0)
        return rc;
    nc.path = ord__strdup(c->path, &err);
    nc.src = ord__src_new(o.dir, o.builtin, &err);
    if (err) {
        ord_config_free(&nc);
        return err;
    }
    ord_config_free(c);
    *c = nc;
    return 0;
}

int ord_scenario_set_all(struct ord_config *c, const char *const *a, int n, struct ord_diag *d)
{
    return ord__diag_oom(d, "--set", set_all(c, a, n, d));
}

int ord_scenario_set(struct ord_config *c, const char *a, struct ord_diag *d)
{
    return ord_scenario_set_all(c, &a, 1, d);
}
