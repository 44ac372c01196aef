/* orders/scenario/scenario_dump.c: struct ord_config -> tree, every key explicit.
 *
 * Driven by the key table, in its order, so a written file reads like the README.
 * Durations are written in the largest unit that is exact (12345678901ns when
 * needed) and rates with 17 significant digits, so the tree builds back to an equal
 * config. */
#include "orders/scenario/scenario_internal.h"

#include <inttypes.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "orders/scenario/builtin.h"
#include "sim/error.h"

static struct ord__node *service_node(const struct sim_dist *s, int *err)
{
    char buf[48];
    if (s->kind == SIM_DIST_CONST) {
        ord__fmt_duration(s->mean, buf, sizeof buf);
        return ord__scalar(buf, err);
    }
    struct ord__node *m = ord__container(ORD__MAP, true, err);
    ord__map_put(m, "dist", ord__scalar(sim_dist_kind_name(s->kind), err), err);
    if (s->kind == SIM_DIST_UNIFORM) {
        ord__fmt_duration(s->min, buf, sizeof buf);
        ord__map_put(m, "min", ord__scalar(buf, err), err);
        ord__fmt_duration(s->max, buf, sizeof buf);
        ord__map_put(m, "max", ord__scalar(buf, err), err);
        return m;
    }
    ord__fmt_duration(s->mean, buf, sizeof buf);
    ord__map_put(m, "mean", ord__scalar(buf, err), err);
    if (s->kind == SIM_DIST_LOGNORMAL) {
        ord__fmt_duration(s->sd, buf, sizeof buf);
        ord__map_put(m, "sd", ord__scalar(buf, err), err);
    }
    return m;
}

/* The value of a scalar-typed row at base, as a node (NULL for an absent string). */
static struct ord__node *value_node(const struct ord__key *k, const void *base, int *err)
{
    const void *p = (const char *)base + k->offset;
    bool unl = k->flags & ORD__UNLIMITED;
    char buf[48];
    switch (k->type) {
    case ORD__T_NAME:
    case ORD__T_STRING:
    case ORD__T_TEXT:
    case ORD__T_TRACE: {
        const char *s = *(char *const *)p;
        struct ord__node *n = s ? ord__scalar(s, err) : NULL;
        if (n && strchr(s, '\n'))
            n->literal = true;
        return n;
    }
    case ORD__T_SEED:
        snprintf(buf, sizeof buf, "%" PRIu64, *(const uint64_t *)p);
        break;
    case ORD__T_DURATION:
        ord__fmt_duration(*(const sim_time *)p, buf, sizeof buf);
        break;
    case ORD__T_COUNT32: {
        uint32_t v = *(const uint32_t *)p;
        snprintf(buf, sizeof buf, unl && v == ORD_UNLIMITED ? "unlimited" : "%" PRIu32, v);
        break;
    }
    case ORD__T_COUNT64: {
        uint64_t v = *(const uint64_t *)p;
        snprintf(buf, sizeof buf, unl && v == MQ_UNLIMITED ? "unlimited" : "%" PRIu64, v);
        break;
    }
    case ORD__T_RATE:
        if (unl && *(const double *)p == 0)
            snprintf(buf, sizeof buf, "unlimited");
        else
            ord__fmt_rate(*(const double *)p, buf, sizeof buf);
        break;
    case ORD__T_FACTOR:
        ord__fmt_number(*(const double *)p, buf, sizeof buf);
        break;
    case ORD__T_SERVICE:
        return service_node(p, err);
    case ORD__T_ARRIVALS:
        return ord__scalar(ord_arrivals_name(*(const enum ord_arrivals *)p), err);
    case ORD__T_TARGET:
        return ord__scalar(ord_target_name(*(const enum ord_target *)p), err);
    case ORD__T_KIND:
        return ord__scalar(ord_fault_kind_name(*(const enum ord_fault_kind *)p), err);
    case ORD__T_DO:
        return ord__scalar(ord_command_kind_name(*(const enum ord_command_kind *)p), err);
    case ORD__T_IDENT:
        return ord__scalar((const char *)p, err);
    case ORD__T_BOOL:
        return ord__scalar(*(const bool *)p ? "true" : "false", err);
    case ORD__T_FLUSH:
        return ord__scalar(*(const bool *)p ? "sync" : "async", err);
    case ORD__T_CALLS:
        return ord__scalar(*(const enum ord_calls *)p == ORD_CALLS_PARALLEL ? "parallel" : "serial",
                           err);
    default:
        return NULL;
    }
    return ord__scalar(buf, err);
}

/* Should a list item's key be left out? (keys that do not apply, defaults of `for`) */
static bool omit(const struct ord__key *k, const struct ord_fault *f, bool clear)
{
    const char *leaf = strrchr(k->path, '.') + 1;
    if (strcmp(leaf, "for") == 0)
        return clear || f->length == SIM_TIME_NEVER;
    if (strcmp(leaf, "kind") == 0)
        return clear;
    if (strcmp(leaf, "factor") == 0)
        return clear || f->kind != ORD_FAULT_SLOW;
    if (strcmp(leaf, "rate") == 0 && strncmp(k->path, "load.", 5) != 0)
        return clear || f->kind != ORD_FAULT_SPIKE;
    return false;
}

/* A list item as a flow mapping of the rows under tprefix. */
static struct ord__node *item_node(const char *tprefix, const void *base, const struct ord_fault *f,
                                   bool clear, int *err)
{
    struct ord__node *m = ord__container(ORD__MAP, true, err);
    size_t n = strlen(tprefix);
    for (int i = 0; i < ord__nkeys && m; i++) {
        const struct ord__key *k = &ord__keys[i];
        if (strncmp(k->path, tprefix, n) == 0 && !(f && omit(k, f, clear)))
            ord__map_put(m, k->path + n, value_node(k, base, err), err);
    }
    return m;
}

static struct ord__node *times_node(const struct ord_load *l, int *err)
{
    struct ord__node *s = ord__container(ORD__SEQ, true, err);
    char buf[48];
    for (size_t i = 0; i < l->ntimes && s; i++) {
        ord__fmt_duration(l->times[i], buf, sizeof buf);
        ord__seq_push(s, ord__scalar(buf, err), err);
    }
    return s;
}

/* The trace on disk as an absolute path (for big time traces), or NULL. */
static char *trace_on_disk(const struct ord_config *c)
{
    const struct ord_scenario_src *src = c->src;
    if (!c->load.trace || (src && src->builtin && c->load.trace[0] != '/'))
        return NULL;
    char joined[PATH_MAX];
    if (c->load.trace[0] == '/' || !src || !src->dir)
        snprintf(joined, sizeof joined, "%s", c->load.trace);
    else
        snprintf(joined, sizeof joined, "%s/%s", src->dir, c->load.trace);
    return realpath(joined, NULL);
}

static void put_load_source(struct ord__node *load, const struct ord_config *c,
                            enum ord__dump_mode mode, int *err)
{
    const struct ord_load *l = &c->load;
    if (mode == ORD__DUMP_SET && l->trace) {
        ord__map_put(load, "trace", ord__scalar(l->trace, err), err);
        return;
    }
    /* A long trace stays a file (by its absolute path): written inline it would be
     * larger than a scenario file may be. */
    bool times = l->arrivals == ORD_ARRIVALS_TIMES;
    char *abs = (times ? l->ntimes : l->nphases) > ORD__MAX_WRITE_INLINE ? trace_on_disk(c) : NULL;
    if (abs) {
        ord__map_put(load, "trace", ord__scalar(abs, err), err);
        free(abs);
        return;
    }
    if (times) {
        ord__map_put(load, "times", times_node(l, err), err);
        return;
    }
    struct ord__node *seq = ord__container(ORD__SEQ, false, err);
    for (size_t i = 0; i < l->nphases && seq; i++)
        ord__seq_push(seq, item_node("load.phases[].", &l->phases[i], NULL, false, err), err);
    ord__map_put(load, "phases", seq, err);
}

/* A fault's target by name when it hits a service or database after the first. */
static struct ord__node *named_target(struct ord__node *item, const struct ord_fault *f,
                                      const struct ord_config *c, int *err)
{
    const char *name = NULL;
    if (f->target == ORD_TARGET_B && f->unit > 0 && f->unit < c->nservices)
        name = c->services[f->unit].name;
    else if (f->target == ORD_TARGET_DB && f->unit > 0 && f->unit < c->ndatabases)
        name = c->databases[f->unit].name;
    size_t at;
    if (item && name && ord__map_get(item, "target", &at)) {
        struct ord__node *v = ord__scalar(name, err);
        if (v) {
            ord__tree_free(item->items[at + 1]);
            item->items[at + 1] = v;
        }
    }
    return item;
}

static struct ord__node *list_node(const struct ord__key *k, const struct ord_config *c, int *err)
{
    struct ord__node *s = NULL;
    if (k->type == ORD__T_VARIANTS) {
        s = ord__container(ORD__SEQ, true, err);
        for (int i = 0; i < c->nvariants && s; i++)
            ord__seq_push(s, ord__scalar(ord_variant_name(c->variants[i]), err), err);
    } else if (k->type == ORD__T_FAULTS) {
        s = ord__container(ORD__SEQ, c->nfaults == 0, err);
        for (size_t i = 0; i < c->nfaults && s; i++)
            ord__seq_push(s,
                          named_target(item_node("faults[].", &c->faults[i], &c->faults[i], false,
                                                 err),
                                       &c->faults[i], c, err),
                          err);
    } else if (k->type == ORD__T_COMMANDS) {
        s = ord__container(ORD__SEQ, c->ncommands == 0, err);
        for (size_t i = 0; i < c->ncommands && s; i++) {
            const struct ord_command *cmd = &c->commands[i];
            ord__seq_push(
                s,
                named_target(
                    item_node("commands[].", cmd, &cmd->fault, cmd->kind != ORD_CMD_FAULT, err),
                    &cmd->fault, c, err),
                err);
        }
    }
    return s;
}

/* One service as a block mapping: every key but the consumer's, which keeps only
 * what was given (the rest follows mq.*). */
static struct ord__node *service_item(const struct ord_service *s, int *err)
{
    static const char pre[] = "services[].", cpre[] = "services[].consumer.";
    struct ord__node *m = ord__container(ORD__MAP, false, err);
    struct ord__node *cons = ord__container(ORD__MAP, true, err);
    int f = 0;
    for (int i = 0; i < ord__nkeys && m; i++) {
        const struct ord__key *k = &ord__keys[i];
        if (strncmp(k->path, cpre, sizeof cpre - 1) == 0) {
            if (s->consumer.given & 1u << f++)
                ord__map_put(cons, k->path + sizeof cpre - 1, value_node(k, s, err), err);
        } else if (strncmp(k->path, pre, sizeof pre - 1) == 0 && k->type != ORD__T_SECTION) {
            ord__map_put(m, k->path + sizeof pre - 1, value_node(k, s, err), err);
        }
    }
    if (cons && cons->n)
        ord__map_put(m, "consumer", cons, err);
    else
        ord__tree_free(cons);
    return m;
}

static struct ord__node *services_node(const struct ord_config *c, int *err)
{
    struct ord__node *seq = ord__container(ORD__SEQ, false, err);
    for (size_t i = 0; i < c->nservices && seq; i++)
        ord__seq_push(seq, service_item(&c->services[i], err), err);
    return seq;
}

static struct ord__node *databases_node(const struct ord_config *c, int *err)
{
    struct ord__node *m = ord__container(ORD__MAP, false, err);
    for (size_t i = 0; i < c->ndatabases && m; i++)
        ord__map_put(m, c->databases[i].name,
                     item_node("databases[].", &c->databases[i], NULL, false, err), err);
    return m;
}

/* A row written only when it differs from the default (keys added after the first
 * scenarios were written: their files stay as they were). */
static bool is_default(const struct ord__key *k, const struct ord_config *c,
                       const struct ord_config *dflt, int *err)
{
    struct ord__node *a = value_node(k, c, err), *b = value_node(k, dflt, err);
    bool same = a && b && strcmp(a->text, b->text) == 0;
    ord__tree_free(a);
    ord__tree_free(b);
    return same;
}

struct ord__node *ord__dump(const struct ord_config *c, enum ord__dump_mode mode, int *err)
{
    struct ord_config dflt;
    if ((*err = ord_config_default(&dflt)) != 0)
        return NULL;
    struct ord__node *root = ord__container(ORD__MAP, false, err), *sec = NULL;
    for (int i = 0; i < ord__nkeys && root && !*err; i++) {
        const struct ord__key *k = &ord__keys[i];
        const char *dot = strchr(k->path, '.');
        if (strstr(k->path, "[]"))
            continue; /* list items: written with their list */
        struct ord__node *parent = dot ? sec : root;
        const char *name = dot ? dot + 1 : k->path;
        bool several = c->nservices > 0;
        if (!dot && ((several && !strcmp(k->path, "b")) ||
                     (c->ndatabases && !strcmp(k->path, "database")))) {
            sec = NULL; /* the single forms: the services list says it all */
            continue;
        }
        if (!parent)
            continue; /* a section left out (or after an out-of-memory) */
        if ((k->flags & ORD__OMIT) && is_default(k, c, &dflt, err))
            continue;
        if (k->type == ORD__T_SERVICES) {
            if (several)
                ord__map_put(parent, name, services_node(c, err), err);
        } else if (k->type == ORD__T_DATABASES) {
            if (c->ndatabases)
                ord__map_put(parent, name, databases_node(c, err), err);
        } else if (k->type == ORD__T_SECTION) {
            sec = ord__container(ORD__MAP, false, err);
            ord__map_put(root, k->path, sec, err);
        } else if (k->type == ORD__T_PHASES) {
            put_load_source(parent, c, mode, err); /* phases, times or trace */
        } else if (k->type == ORD__T_TIMES || k->type == ORD__T_TRACE) {
            continue;
        } else if (k->type == ORD__T_VARIANTS || k->type == ORD__T_FAULTS ||
                   k->type == ORD__T_COMMANDS) {
            ord__map_put(parent, name, list_node(k, c, err), err);
        } else {
            ord__map_put(parent, name, value_node(k, c, err), err);
        }
    }
    ord_config_free(&dflt);
    if (*err) {
        ord__tree_free(root);
        return NULL;
    }
    return root;
}
