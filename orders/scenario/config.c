/* orders/scenario/config.c: the default scenario, deep copy and release of a config, and the
 * names of its enumerations as written in files and outputs. */
#include "orders/scenario/config.h"

#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "orders/scenario/scenario_internal.h"
#include "sim/error.h"

static const char *const variant_names[] = {
#define ORD_VARIANT_NAME(e, name, doc) name,
    ORD_VARIANTS(ORD_VARIANT_NAME)
#undef ORD_VARIANT_NAME
};
static const char *const variant_docs[] = {
#define ORD_VARIANT_DOC(e, name, doc) doc,
    ORD_VARIANTS(ORD_VARIANT_DOC)
#undef ORD_VARIANT_DOC
};

const char *ord_variant_name(enum ord_variant v)
{
    return (unsigned)v < ORD_NVARIANT_KINDS ? variant_names[v] : "?";
}

const char *ord_variant_doc(enum ord_variant v)
{
    return (unsigned)v < ORD_NVARIANT_KINDS ? variant_docs[v] : "?";
}

int ord_variant_find(const char *name)
{
    for (int i = 0; name && i < ORD_NVARIANT_KINDS; i++)
        if (strcmp(variant_names[i], name) == 0)
            return i;
    return -1;
}

#define NAME_OF(e, name, ...) name,
const char *const ord_target_names[ORD_NTARGETS] = {ORD_TARGETS(NAME_OF)};
const char *const ord_fault_kind_names[ORD_NFAULT_KINDS] = {ORD_FAULT_KINDS(NAME_OF)};
const char *const ord_arrivals_names[ORD_NARRIVALS] = {ORD_ARRIVALS(NAME_OF)};
const char *const ord_command_kind_names[ORD_NCOMMAND_KINDS] = {ORD_COMMAND_KINDS(NAME_OF)};
#undef NAME_OF

const char *ord_target_name(enum ord_target t)
{
    return (unsigned)t < ORD_NTARGETS ? ord_target_names[t] : "?";
}

const char *ord_fault_kind_name(enum ord_fault_kind k)
{
    return (unsigned)k < ORD_NFAULT_KINDS ? ord_fault_kind_names[k] : "?";
}

const char *ord_arrivals_name(enum ord_arrivals a)
{
    return (unsigned)a < ORD_NARRIVALS ? ord_arrivals_names[a] : "?";
}

const char *ord_command_kind_name(enum ord_command_kind k)
{
    return (unsigned)k < ORD_NCOMMAND_KINDS ? ord_command_kind_names[k] : "?";
}

unsigned ord_target_kinds(enum ord_target t)
{
    static const unsigned kinds[ORD_NTARGETS] = {
#define KINDS_OF(e, name, kinds, doc) kinds,
        ORD_TARGETS(KINDS_OF)
#undef KINDS_OF
    };
    return (unsigned)t < ORD_NTARGETS ? kinds[t] : 0;
}

char *ord__strdup(const char *s, int *err)
{
    if (!s)
        return NULL;
    char *d = strdup(s);
    if (!d)
        *err = SIM_ENOMEM;
    return d;
}

struct ord_scenario_src *ord__src_new(const char *dir, bool builtin, int *err)
{
    struct ord_scenario_src *s = calloc(1, sizeof *s);
    if (!s) {
        *err = SIM_ENOMEM;
        return NULL;
    }
    s->builtin = builtin;
    s->dir = ord__strdup(dir, err);
    if (dir && !s->dir) {
        free(s);
        return NULL;
    }
    return s;
}

struct ord_scenario_src *ord__src_copy(const struct ord_scenario_src *s, int *err)
{
    return s ? ord__src_new(s->dir, s->builtin, err) : NULL;
}

void ord__src_free(struct ord_scenario_src *s)
{
    if (s) {
        free(s->dir);
        free(s);
    }
}

/* A malloc'd copy of n elements of size sz (NULL for none). */
static void *dup_array(const void *src, size_t n, size_t sz, int *err)
{
    if (!src || n == 0)
        return NULL;
    void *d = malloc(n * sz);
    if (!d) {
        *err = SIM_ENOMEM;
        return NULL;
    }
    memcpy(d, src, n * sz);
    return d;
}

int ord_config_default(struct ord_config *c)
{
    struct ord_config d = {
        .seed = 42,
        .duration = 60 * SIM_S,
        .drain = 30 * SIM_S,
        .interval = 1 * SIM_S,
        .load = {.arrivals = ORD_ARRIVALS_POISSON, .nphases = 1},
        .a = {.instances = 20, .threads = 200},
        .b = {.instances = 20,
              .threads = 100,
              .accept_queue = 1000,
              .timeout = 3 * SIM_S,
              .retries = 0,
              .backoff = 100 * SIM_MS,
              .backoff_max = 10 * SIM_S},
        .db = {.connections = 60, .queue_timeout = 1 * SIM_S},
        .variants = {ORD_VARIANT_SYNC, ORD_VARIANT_ASYNC},
        .nvariants = 2,
    };
    /* Constant times are always valid for the distribution constructors. */
    sim_dist_const(&d.a.service, 20 * SIM_MS);
    sim_dist_const(&d.b.service, 190 * SIM_MS);
    sim_dist_const(&d.db.query, 10 * SIM_MS);
    mq_config_default(&d.mq);
    int err = 0;
    d.name = ord__strdup("default", &err);
    d.title = ord__strdup("Defaults: 1000 orders/s", &err);
    d.load.phases = calloc(1, sizeof *d.load.phases);
    if (err || !d.load.phases) {
        ord_config_free(&d);
        memset(c, 0, sizeof *c);
        return SIM_ENOMEM;
    }
    d.load.phases[0] = (struct ord_phase){.at = 0, .rate_per_s = 1000};
    *c = d;
    return 0;
}

struct ord_trace_rows {
    atomic_long refs;
    char *trace;
    struct ord_phase *phases;
    size_t nphases;
    sim_time *times;
    size_t ntimes;
};

struct ord_trace_rows *ord__rows_new(const char *trace, struct ord_phase *phases, size_t nphases,
                                     sim_time *times, size_t ntimes)
{
    struct ord_trace_rows *r = malloc(sizeof *r);
    char *t = trace ? strdup(trace) : NULL;
    if (!r || (trace && !t)) {
        free(r);
        free(t);
        return NULL;
    }
    atomic_init(&r->refs, 1);
    r->trace = t;
    r->phases = phases;
    r->nphases = nphases;
    r->times = times;
    r->ntimes = ntimes;
    return r;
}

struct ord_trace_rows *ord__rows_retain(struct ord_trace_rows *r)
{
    if (r)
        atomic_fetch_add(&r->refs, 1);
    return r;
}

void ord__rows_release(struct ord_trace_rows *r)
{
    if (!r || atomic_fetch_sub(&r->refs, 1) != 1)
        return;
    free(r->trace);
    free(r->phases);
    free(r->times);
    free(r);
}

const char *ord__rows_trace(const struct ord_trace_rows *r)
{
    return r && r->trace ? r->trace : "";
}

void ord__load_drop_phases(struct ord_load *load)
{
    if (!load->rows || load->phases != load->rows->phases)
        free(load->phases);
    load->phases = NULL;
    load->nphases = 0;
}

void ord__load_drop_times(struct ord_load *load)
{
    if (!load->rows || load->times != load->rows->times)
        free(load->times);
    load->times = NULL;
    load->ntimes = 0;
}

void ord__load_use_rows(struct ord_load *load, struct ord_trace_rows *r)
{
    ord__load_drop_phases(load);
    ord__load_drop_times(load);
    ord__rows_release(load->rows);
    load->rows = ord__rows_retain(r);
    load->phases = r->phases;
    load->nphases = r->nphases;
    load->times = r->times;
    load->ntimes = r->ntimes;
}

/* A copy of a's n items unless the shared rows own a: then the same pointer. */
static void *dup_or_share(const struct ord_load *l, const void *a, const void *owned, size_t n,
                          size_t size, int *err)
{
    if (l->rows && a && a == owned)
        return (void *)a;
    return dup_array(a, n, size, err);
}

int ord_config_copy(struct ord_config *dst, const struct ord_config *src)
{
    struct ord_config d = *src;
    int err = 0;
    d.name = ord__strdup(src->name, &err);
    d.title = ord__strdup(src->title, &err);
    d.title_zh = ord__strdup(src->title_zh, &err);
    d.notes = ord__strdup(src->notes, &err);
    d.path = ord__strdup(src->path, &err);
    d.load.trace = ord__strdup(src->load.trace, &err);
    const struct ord_load *l = &src->load;
    d.load.phases = dup_or_share(l, l->phases, l->rows ? l->rows->phases : NULL, l->nphases,
                                 sizeof *d.load.phases, &err);
    d.load.times = dup_or_share(l, l->times, l->rows ? l->rows->times : NULL, l->ntimes,
                                sizeof *d.load.times, &err);
    d.load.rows = ord__rows_retain(l->rows);
    d.faults = dup_array(src->faults, src->nfaults, sizeof *d.faults, &err);
    d.commands = dup_array(src->commands, src->ncommands, sizeof *d.commands, &err);
    d.services = dup_array(src->services, src->nservices, sizeof *d.services, &err);
    d.databases = dup_array(src->databases, src->ndatabases, sizeof *d.databases, &err);
    d.src = ord__src_copy(src->src, &err);
    if (err) {
        ord_config_free(&d);
        return SIM_ENOMEM;
    }
    *dst = d;
    return 0;
}

void ord_config_free(struct ord_config *c)
{
    if (!c)
        return;
    free(c->name);
    free(c->title);
    free(c->title_zh);
    free(c->notes);
    free(c->path);
    ord__load_drop_phases(&c->load);
    ord__load_drop_times(&c->load);
    ord__rows_release(c->load.rows);
    free(c->load.trace);
    free(c->faults);
    free(c->commands);
    free(c->services);
    free(c->databases);
    ord__src_free(c->src);
    memset(c, 0, sizeof *c);
}

size_t ord_config_nservices(const struct ord_config *c)
{
    return c->nservices ? c->nservices : 1;
}

void ord_config_service(const struct ord_config *c, size_t i, struct ord_service *out)
{
    if (c->nservices == 0) {
        *out = (struct ord_service){.name = "b", .b = c->b, .database = "main"};
        out->consumer.given = 0;
    } else {
        *out = c->services[i < c->nservices ? i : 0];
    }
    struct ord_consumer_config *k = &out->consumer;
    if (!(k->given & 1u << ORD_CONSUMER_RATE))
        k->rate_limit_per_s = c->mq.rate_limit_per_s;
    if (!(k->given & 1u << ORD_CONSUMER_INFLIGHT))
        k->max_inflight = c->mq.max_inflight;
    if (!(k->given & 1u << ORD_CONSUMER_RECONSUME))
        k->max_reconsume = c->mq.max_reconsume;
    if (!(k->given & 1u << ORD_CONSUMER_IDEMPOTENT))
        k->idempotent = false;
}

size_t ord_config_ndatabases(const struct ord_config *c)
{
    return c->ndatabases ? c->ndatabases : 1;
}

const struct ord_database *ord_config_database(const struct ord_config *c, size_t i,
                                               struct ord_database *buf)
{
    if (c->ndatabases)
        return &c->databases[i < c->ndatabases ? i : 0];
    *buf = (struct ord_database){.name = "main", .db = c->db};
    return buf;
}

int ord_config_service_find(const struct ord_config *c, const char *name)
{
    if (c->nservices == 0)
        return strcmp(name, "b") == 0 ? 0 : -1;
    for (size_t i = 0; i < c->nservices; i++)
        if (strcmp(c->services[i].name, name) == 0)
            return (int)i;
    return -1;
}

/* ---- built-in subscribers (the live view's c key) ----------------------------------- */

static const struct ord_subscriber ord__subscribers[] = {
#define ORD__SUBSCRIBER_ROW(nm, svc_ms, conns, query_ms) {nm, svc_ms, conns, query_ms},
    ORD_SUBSCRIBERS(ORD__SUBSCRIBER_ROW)
#undef ORD__SUBSCRIBER_ROW
};
const struct ord_subscriber *const ord_subscribers = ord__subscribers;
const size_t ord_nsubscribers = sizeof ord__subscribers / sizeof ord__subscribers[0];

static uint64_t held_in_all(uint32_t instances, uint32_t per_instance)
{
    return per_instance == ORD_UNLIMITED ? ORD_UNLIMITED_IN_ALL
                                         : (uint64_t)instances * per_instance;
}

/* Orders and calls c can hold at once (the loader's ORD_MAX_IN_ALL rule). */
static uint64_t held_at_once(const struct ord_config *c)
{
    size_t n = ord_config_nservices(c);
    uint64_t a = held_in_all(c->a.instances, c->a.threads);
    uint64_t total = a * (c->calls == ORD_CALLS_PARALLEL ? n : 1);
    for (size_t i = 0; i < n; i++) {
        const struct ord_b_config *b = c->nservices ? &c->services[i].b : &c->b;
        total += held_in_all(b->instances, b->threads) + held_in_all(b->instances, b->accept_queue);
    }
    return total;
}

static bool database_named(const struct ord_config *c, const char *name)
{
    struct ord_database buf;
    for (size_t i = 0; i < ord_config_ndatabases(c); i++)
        if (strcmp(ord_config_database(c, i, &buf)->name, name) == 0)
            return true;
    return false;
}

int ord_config_add_subscriber(struct ord_config *c, size_t *index)
{
    const struct ord_subscriber *pick = NULL;
    for (size_t i = 0; i < ord_nsubscribers && !pick; i++)
        if (ord_config_service_find(c, ord_subscribers[i].name) < 0 &&
            !database_named(c, ord_subscribers[i].name))
            pick = &ord_subscribers[i];
    size_t ns = ord_config_nservices(c), nd = ord_config_ndatabases(c);
    if (!pick || ns >= ORD_MAX_SERVICES || nd >= ORD_MAX_DATABASES)
        return SIM_ERANGE;
    struct ord_config dflt;
    int rc = ord_config_default(&dflt);
    if (rc)
        return rc;
    struct ord_service s = {.b = dflt.b, .start = SIM_TIME_NEVER};
    ord_config_free(&dflt);
    snprintf(s.name, sizeof s.name, "%s", pick->name);
    snprintf(s.database, sizeof s.database, "%s", pick->name);
    if ((rc = sim_dist_const(&s.b.service, pick->service_ms * SIM_MS)) != 0)
        return rc;
    s.db = (uint32_t)nd;
    struct ord_database d = {.db = c->db};
    snprintf(d.name, sizeof d.name, "%s", pick->name);
    d.db.connections = pick->connections;
    if ((rc = sim_dist_const(&d.db.query, pick->query_ms * SIM_MS)) != 0)
        return rc;
    struct ord_service *ss = malloc((ns + 1) * sizeof *ss);
    struct ord_database *ds = malloc((nd + 1) * sizeof *ds);
    if (!ss || !ds) {
        free(ss);
        free(ds);
        return SIM_ENOMEM;
    }
    if (c->nservices) {
        memcpy(ss, c->services, ns * sizeof *ss);
    } else { /* the b: form becomes its one service b on database main */
        ss[0] = (struct ord_service){.name = "b", .b = c->b, .database = "main"};
    }
    struct ord_database buf;
    for (size_t i = 0; i < nd; i++)
        ds[i] = *ord_config_database(c, i, &buf);
    ss[ns] = s;
    ds[nd] = d;
    struct ord_config probe = *c;
    probe.services = ss;
    probe.nservices = ns + 1;
    if (held_at_once(&probe) > ORD_MAX_IN_ALL) {
        free(ss);
        free(ds);
        return SIM_ERANGE;
    }
    free(c->services);
    free(c->databases);
    c->services = ss;
    c->nservices = ns + 1;
    c->databases = ds;
    c->ndatabases = nd + 1;
    *index = ns;
    return 0;
}
