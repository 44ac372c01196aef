/* orders/scenario/scenario_services.c: the `services:` list and the `databases:` map, and
 * the checks between them and the single forms (`b:`, `database:`). */
#include "orders/scenario/scenario_internal.h"

#include <stdlib.h>
#include <string.h>

#include "sim/error.h"

/* Names a service may not take: they are fault targets of their own. */
static const char *const reserved[] = {"database", "mq", "load"};

static int ord__finish_services_forms(struct ord__build *b);

static int set_one_service(struct ord__build *b, const char *idisp, const struct ord__node *item,
                           struct ord_service *s)
{
    static const enum ord__key_id consumer_rows[] = {
        [ORD_CONSUMER_RATE] = ORD__K_SERVICES_CONSUMER_RATE_LIMIT,
        [ORD_CONSUMER_INFLIGHT] = ORD__K_SERVICES_CONSUMER_MAX_INFLIGHT,
        [ORD_CONSUMER_RECONSUME] = ORD__K_SERVICES_CONSUMER_MAX_RECONSUME,
        [ORD_CONSUMER_IDEMPOTENT] = ORD__K_SERVICES_CONSUMER_IDEMPOTENT,
    };
    bool seen[ORD__NKEYS] = {0};
    const struct ord__node *where[ORD__NKEYS] = {0};
    char prefix[100];
    snprintf(prefix, sizeof prefix, "%s.", idisp);
    if (item->kind != ORD__MAP)
        return ord__fail(b->x, item, "%s must be a mapping like {name: points, service: 50ms}",
                         idisp);
    int rc = ord__walk(b, item, "services[].", prefix, s, seen, where);
    if (rc != 0)
        return rc;
    if (!seen[ORD__K_SERVICES_NAME])
        return ord__fail(b->x, item, "%s needs `name`", idisp);
    for (size_t i = 0; i < sizeof reserved / sizeof reserved[0]; i++)
        if (strcmp(s->name, reserved[i]) == 0)
            return ord__fail(b->x, where[ORD__K_SERVICES_NAME],
                             "%s.name: `%s` is a fault target of its own; choose another name",
                             idisp, s->name);
    if (s->b.backoff_max < s->b.backoff)
        return ord__fail(b->x, item, "%s: backoff_max must be at least backoff", idisp);
    if (s->b.threads != ORD_UNLIMITED &&
        (uint64_t)s->b.instances * s->b.threads > ORD__MAX_TOTAL_THREADS)
        return ord__fail(b->x, item, "%s: instances x threads is too large: at most %llu threads",
                         idisp, ORD__MAX_TOTAL_THREADS);
    s->consumer.given = 0;
    for (int f = 0; f <= ORD_CONSUMER_IDEMPOTENT; f++)
        if (seen[consumer_rows[f]])
            s->consumer.given |= 1u << f;
    return 0;
}

int ord__set_services(struct ord__build *b, const char *disp, const struct ord__node *v)
{
    if (v->kind != ORD__SEQ)
        return ord__fail(b->x, v, "%s must be a list of services like [{name: b}, {name: points}]",
                         disp);
    if (v->n == 0 || v->n > ORD_MAX_SERVICES)
        return ord__fail(b->x, v, "%s needs 1 to %d services", disp, ORD_MAX_SERVICES);
    struct ord_service *ss = calloc(v->n, sizeof *ss);
    if (!ss)
        return SIM_ENOMEM;
    char idisp[96];
    struct ord_config dflt;
    int rc = ord_config_default(&dflt);
    if (rc != 0) {
        free(ss);
        return rc;
    }
    for (size_t i = 0; i < v->n && rc == 0; i++) {
        snprintf(idisp, sizeof idisp, "%s.%zu", disp, i);
        ss[i].b = dflt.b; /* a service's defaults are b's */
        strcpy(ss[i].database, "main");
        rc = set_one_service(b, idisp, v->items[i], &ss[i]);
        if (rc == 0 && i == 0 && ss[0].start != 0)
            rc = ord__fail(b->x, v->items[0],
                           "%s: the first service starts at 0s (the topic's first group); a "
                           "later service may join later",
                           idisp);
        for (size_t k = 0; k < i && rc == 0; k++)
            if (strcmp(ss[k].name, ss[i].name) == 0)
                rc = ord__fail(b->x, v->items[i], "%s: service `%s` is listed twice", idisp,
                               ss[i].name);
    }
    ord_config_free(&dflt);
    if (rc != 0) {
        free(ss);
        return rc;
    }
    free(b->c.services);
    b->c.services = ss;
    b->c.nservices = v->n;
    return 0;
}

int ord__set_databases(struct ord__build *b, const char *disp, const struct ord__node *v)
{
    if (v->kind != ORD__MAP)
        return ord__fail(b->x, v,
                         "%s must be a mapping of names, like {main: {connections: 60}}", disp);
    size_t n = v->n / 2;
    if (n == 0 || n > ORD_MAX_DATABASES)
        return ord__fail(b->x, v, "%s needs 1 to %d databases", disp, ORD_MAX_DATABASES);
    struct ord_database *ds = calloc(n, sizeof *ds);
    if (!ds)
        return SIM_ENOMEM;
    char idisp[96], prefix[100];
    int rc = 0;
    for (size_t i = 0; i < n && rc == 0; i++) {
        const struct ord__node *k = v->items[2 * i], *val = v->items[2 * i + 1];
        snprintf(idisp, sizeof idisp, "%s.%s", disp, k->kind == ORD__SCALAR ? k->text : "?");
        if ((rc = ord__check_ident(b, disp, k)) != 0)
            break;
        memcpy(ds[i].name, k->text, k->len + 1);
        struct ord_config dflt;
        if ((rc = ord_config_default(&dflt)) != 0)
            break;
        ds[i].db = dflt.db;
        ord_config_free(&dflt);
        if (val->kind == ORD__SCALAR && val->len == 0 && !val->quoted)
            continue; /* "name:" with the defaults */
        if (val->kind != ORD__MAP) {
            rc = ord__fail(b->x, val, "%s must be a mapping like {connections: 20, query: 5ms}",
                           idisp);
            break;
        }
        bool seen[ORD__NKEYS] = {0};
        const struct ord__node *where[ORD__NKEYS] = {0};
        snprintf(prefix, sizeof prefix, "%s.", idisp);
        rc = ord__walk(b, val, "databases[].", prefix, &ds[i], seen, where);
    }
    if (rc != 0) {
        free(ds);
        return rc;
    }
    free(b->c.databases);
    b->c.databases = ds;
    b->c.ndatabases = n;
    return 0;
}

/* The node of item i's `database` value in the services list, or the item. */
static const struct ord__node *database_node(const struct ord__build *b, size_t i)
{
    const struct ord__node *list = ord__where(b, ORD__K_SERVICES);
    if (!list || list->kind != ORD__SEQ || i >= list->n)
        return list;
    const struct ord__node *at = ord__map_get(list->items[i], "database", NULL);
    return at ? at : list->items[i];
}

/* Is name one of the comma-separated names in list? */
static bool listed(const char *list, const char *name)
{
    size_t n = strlen(name);
    for (const char *p = list; (p = strstr(p, name)) != NULL; p += n)
        if ((p == list || p[-1] == ' ') && (p[n] == ',' || p[n] == '\0'))
            return true;
    return false;
}

/* A fault or command target given by name: a service's (its consumers and threads)
 * or a database's. */
static int resolve_target(struct ord__build *b, const struct ord__node *item, const char *idisp,
                          struct ord_fault *f)
{
    if (f->unit != ORD__UNIT_BY_NAME)
        return 0;
    const struct ord__node *v = item ? ord__map_get(item, "target", NULL) : NULL;
    const char *name = v ? v->text : "";
    const struct ord_config *c = &b->c;
    char list[512] = "", hint[64] = "";
    int best_d = 3;
    for (int i = 0; i < ORD_NTARGETS; i++) {
        size_t len = strlen(list);
        snprintf(list + len, sizeof list - len, "%s%s", i ? ", " : "", ord_target_names[i]);
        int d = ord__edit_distance(name, ord_target_names[i], best_d);
        if (d < best_d) {
            best_d = d;
            snprintf(hint, sizeof hint, "; did you mean `%s`?", ord_target_names[i]);
        }
    }
    struct ord_database buf;
    size_t ns = ord_config_nservices(c), nd = ord_config_ndatabases(c);
    for (size_t i = 0; i < ns + nd; i++) {
        const char *cand = i < ns ? (c->nservices ? c->services[i].name : "b")
                                  : ord_config_database(c, i - ns, &buf)->name;
        if (strcmp(cand, name) == 0) {
            f->target = i < ns ? ORD_TARGET_B : ORD_TARGET_DB;
            f->unit = (uint32_t)(i < ns ? i : i - ns);
            if (!(ord_target_kinds(f->target) & 1u << f->kind))
                return ord__fail(b->x, v, "%s: database %s cannot be %s", idisp, name,
                                 ord_fault_kind_name(f->kind));
            return 0;
        }
        size_t len = strlen(list);
        if (!listed(list, cand))
            snprintf(list + len, sizeof list - len, ", %s", cand);
        int d = ord__edit_distance(name, cand, best_d);
        if (d < best_d) {
            best_d = d;
            snprintf(hint, sizeof hint, "; did you mean `%s`?", cand);
        }
    }
    return ord__fail(b->x, v, "%s.target: unknown value `%s` (one of: %s)%s", idisp, name, list,
                     hint);
}

static int resolve_targets(struct ord__build *b)
{
    char idisp[64];
    const struct ord__node *faults = ord__where(b, ORD__K_FAULTS);
    const struct ord__node *cmds = ord__where(b, ORD__K_COMMANDS);
    for (size_t i = 0; i < b->c.nfaults; i++) {
        snprintf(idisp, sizeof idisp, "faults.%zu", i);
        const struct ord__node *item =
            faults && faults->kind == ORD__SEQ && i < faults->n ? faults->items[i] : NULL;
        int rc = resolve_target(b, item, idisp, &b->c.faults[i]);
        if (rc != 0)
            return rc;
    }
    for (size_t i = 0; i < b->c.ncommands; i++) {
        snprintf(idisp, sizeof idisp, "commands.%zu", i);
        const struct ord__node *item =
            cmds && cmds->kind == ORD__SEQ && i < cmds->n ? cmds->items[i] : NULL;
        int rc = resolve_target(b, item, idisp, &b->c.commands[i].fault);
        if (rc != 0)
            return rc;
        if (b->c.commands[i].kind == ORD_CMD_JOIN && b->c.commands[i].fault.target != ORD_TARGET_B)
            return ord__fail(b->x, item ? ord__map_get(item, "target", NULL) : NULL,
                             "%s: a join command names a service, not database `%s`", idisp,
                             ord_config_database(&b->c, b->c.commands[i].fault.unit,
                                                 &(struct ord_database){0})
                                 ->name);
    }
    return 0;
}

int ord__finish_services(struct ord__build *b)
{
    int rc = ord__finish_services_forms(b);
    return rc ? rc : resolve_targets(b);
}

static int ord__finish_services_forms(struct ord__build *b)
{
    struct ord_config *c = &b->c;
    if (ord__where(b, ORD__K_SERVICES) && ord__where(b, ORD__K_B))
        return ord__fail(b->x, ord__where(b, ORD__K_B),
                         "`b:` and `services:` cannot both be given: `b:` is the form for one "
                         "service; with `services:` write its settings under its item");
    if (ord__where(b, ORD__K_DATABASES) && ord__where(b, ORD__K_DATABASE))
        return ord__fail(b->x, ord__where(b, ORD__K_DATABASE),
                         "`database:` and `databases:` cannot both be given: `database:` is the "
                         "form for one database named main");
    if (c->ndatabases && !c->nservices)
        return ord__fail(b->x, ord__where(b, ORD__K_DATABASES),
                         "`databases:` needs `services:` (each service names its database)");
    if (!c->nservices)
        return 0;
    size_t nd = ord_config_ndatabases(c);
    struct ord_database buf;
    for (size_t i = 0; i < c->nservices; i++) {
        struct ord_service *s = &c->services[i];
        int best = -1, best_d = 3;
        char list[ORD_MAX_DATABASES * ORD_NAME_MAX] = "";
        bool found = false;
        for (size_t k = 0; k < nd; k++) {
            const char *name = ord_config_database(c, k, &buf)->name;
            if (strcmp(name, s->database) == 0) {
                s->db = (uint32_t)k;
                found = true;
                break;
            }
            int d = ord__edit_distance(s->database, name, best_d);
            if (d < best_d) {
                best = (int)k;
                best_d = d;
            }
            size_t len = strlen(list);
            snprintf(list + len, sizeof list - len, "%s%s", k ? ", " : "", name);
        }
        if (!found) {
            char hint[64] = "";
            if (best >= 0)
                snprintf(hint, sizeof hint, "; did you mean `%s`?",
                         ord_config_database(c, (size_t)best, &buf)->name);
            return ord__fail(b->x, database_node(b, i),
                             "services.%zu.database: unknown database `%s` (databases: %s)%s", i,
                             s->database, list, hint);
        }
    }
    c->b = c->services[0].b;
    c->db = ord_config_database(c, c->services[0].db, &buf)->db;
    return 0;
}
