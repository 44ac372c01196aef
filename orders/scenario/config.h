/* orders/scenario/config.h: a scenario, fully resolved: what one run simulates.
 *
 * Filled by the scenario loader (orders/scenario/scenario.h) from YAML, or by
 * ord_config_default(). All times are sim_time nanoseconds; "unlimited" counts are
 * ORD_UNLIMITED, unlimited times SIM_TIME_NEVER. The config owns its strings and
 * arrays: ord_config_free() releases them. */
#ifndef ORD_CONFIG_H
#define ORD_CONFIG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "mq/mq.h"
#include "sim/dist.h"
#include "sim/time.h"

#define ORD_UNLIMITED UINT32_MAX
/* `unlimited` threads or accept_queue of a station hold at most this many in all (its
 * instances together): an order or call beyond it is refused as by full threads or a
 * full queue. With the loader's ORD_MAX_IN_ALL this keeps one run within its 1 GB
 * memory budget. */
#define ORD_UNLIMITED_IN_ALL 1000000u
/* Orders and calls one scenario can hold at once, `unlimited` counting
 * ORD_UNLIMITED_IN_ALL: A's threads (times the services it calls at once with
 * `calls: parallel`) plus every service's threads and accept_queue slots. */
#define ORD_MAX_IN_ALL 3000000ull
#define ORD_MAX_VARIANTS 8
#define ORD_MAX_SERVICES 8  /* downstream services of one scenario */
#define ORD_MAX_DATABASES 8 /* databases of one scenario */
#define ORD_NAME_MAX 32     /* a service's or database's name, NUL included */

/* The wirings a scenario can run, side by side on the same arrivals. A row here plus
 * its wiring in the model (orders/model.c) adds a variant everywhere. */
#define ORD_VARIANTS(X)                                                                \
    X(SYNC, "sync", "A calls B and waits for it (220 ms)")                             \
    X(ASYNC, "async", "A sends a message to the MQ and answers (25 ms)")

enum ord_variant {
#define ORD_VARIANT_ENUM(e, name, doc) ORD_VARIANT_##e,
    ORD_VARIANTS(ORD_VARIANT_ENUM)
#undef ORD_VARIANT_ENUM
    ORD_NVARIANT_KINDS
};
/* Name of a variant ("sync"); its index by name, or -1. */
const char *ord_variant_name(enum ord_variant v);
const char *ord_variant_doc(enum ord_variant v);
int ord_variant_find(const char *name);

/* The number of rows of a table: enum { N = 0 TABLE(ORD__ONE) }. Counts stay out of
 * the enums, so that a switch over every value needs no default. */
#define ORD__ONE(e, ...) +1

/* How orders arrive: X(ENUM, name in files, meaning). */
#define ORD_ARRIVALS(X)                                                                            \
    X(POISSON, "poisson", "exponential gaps at the phase's rate")                                  \
    X(EVEN, "even", "evenly spaced at the phase's rate")                                           \
    X(TIMES, "times", "exact arrival times (a trace of times)")

enum ord_arrivals {
#define ORD_ARRIVALS_ENUM(e, name, doc) ORD_ARRIVALS_##e,
    ORD_ARRIVALS(ORD_ARRIVALS_ENUM)
#undef ORD_ARRIVALS_ENUM
};
enum { ORD_NARRIVALS = 0 ORD_ARRIVALS(ORD__ONE) };

struct ord_phase {
    sim_time at;       /* start; the phase lasts until the next one's at (or the end) */
    double rate_per_s; /* orders per second, >= 0 */
};

struct ord_scenario_src; /* private to the scenario loader */

struct ord_load {
    enum ord_arrivals arrivals;
    struct ord_phase *phases; /* nphases, strictly increasing at, first at 0 */
    size_t nphases;
    sim_time *times;          /* ORD_ARRIVALS_TIMES: ntimes sorted arrival times */
    size_t ntimes;
    char *trace;              /* trace path as written in the scenario, or NULL */
    /* A trace's rows, shared (reference-counted, read-only) by every config read from
     * it: a copy or an override of a config keeps the same rows instead of a copy of
     * them (a sweep of 40 points over a 1e6-row trace holds them once). When set, it
     * owns phases and/or times, whichever came from the trace; NULL otherwise. */
    struct ord_trace_rows *rows;
};

struct ord_a_config {
    uint32_t instances, threads; /* capacity = instances x threads */
    struct sim_dist service;     /* A's own work per order (20 ms) */
};

struct ord_b_config {
    uint32_t instances, threads;
    struct sim_dist service;     /* B's work before its database query (190 ms) */
    uint32_t accept_queue;       /* per instance: calls waiting for a thread (sync) */
    sim_time timeout;            /* A's call to B (sync), B's consume timeout (async) */
    uint32_t retries;            /* A's retries of a failed/timed-out call (sync) */
    sim_time backoff;            /* first retry delay; doubles, capped, full jitter */
    sim_time backoff_max;
};

struct ord_db_config {
    uint32_t connections;
    struct sim_dist query;       /* one query per order (10 ms) */
    sim_time queue_timeout;      /* waiting for a connection longer is an error (1 s) */
};

/* What a fault does: X(ENUM, name in files, meaning). */
#define ORD_FAULT_KINDS(X)                                                                         \
    X(DOWN, "down", "refuses at once")                                                             \
    X(HANG, "hang", "accepts, never answers")                                                      \
    X(SLOW, "slow", "service times x factor")                                                      \
    X(SPIKE, "spike", "the arrival rate is rate_per_s during the window")                          \
    X(CRASH, "crash", "b: its consumers die, in-flight work lost; mq: the broker dies, losing "    \
                      "what it had not flushed")

/* How sync A calls several services: one after another, or all at once (it waits for
 * every answer either way). */
enum ord_calls { ORD_CALLS_SERIAL, ORD_CALLS_PARALLEL };

/* A service's consumer group in the MQ (async). Fields not given in the scenario take
 * the mq section's values; `given` remembers which were given (bits of enum
 * ord_consumer_field) so a written scenario keeps following mq.* for the others. */
enum ord_consumer_field { ORD_CONSUMER_RATE, ORD_CONSUMER_INFLIGHT, ORD_CONSUMER_RECONSUME,
                          ORD_CONSUMER_IDEMPOTENT };
struct ord_consumer_config {
    double rate_limit_per_s; /* 0 = unlimited */
    uint64_t max_inflight;
    uint32_t max_reconsume;
    bool idempotent; /* a redelivered message already written is skipped, not rewritten */
    unsigned given;
};

/* One downstream service (the `services:` form; the `b:` form is one service named b
 * on the database named main). */
struct ord_service {
    char name[ORD_NAME_MAX];
    struct ord_b_config b;
    char database[ORD_NAME_MAX]; /* a name from databases ("main" by default) */
    uint32_t db;                 /* its index in the effective databases (resolved) */
    bool optional;               /* sync: its failure is counted, the order succeeds */
    sim_time start;              /* when it joins: sync A calls it, async its group
                                    subscribes (messages stored from then on) */
    struct ord_consumer_config consumer;
};

struct ord_database {
    char name[ORD_NAME_MAX];
    struct ord_db_config db;
};

enum ord_fault_kind {
#define ORD_FAULT_KIND_ENUM(e, name, doc) ORD_FAULT_##e,
    ORD_FAULT_KINDS(ORD_FAULT_KIND_ENUM)
#undef ORD_FAULT_KIND_ENUM
};
enum { ORD_NFAULT_KINDS = 0 ORD_FAULT_KINDS(ORD__ONE) };
#define ORD_FAULT_BIT(e) (1u << ORD_FAULT_##e)

/* What a fault can hit: X(ENUM, name in files, the kinds it takes, meaning). */
#define ORD_TARGETS(X)                                                                             \
    X(B, "b", ORD_FAULT_BIT(DOWN) | ORD_FAULT_BIT(HANG) | ORD_FAULT_BIT(SLOW) | ORD_FAULT_BIT(CRASH), \
      "system B")                                                                                  \
    X(DB, "database", ORD_FAULT_BIT(DOWN) | ORD_FAULT_BIT(HANG) | ORD_FAULT_BIT(SLOW),             \
      "the database")                                                                              \
    X(MQ, "mq", ORD_FAULT_BIT(DOWN) | ORD_FAULT_BIT(CRASH), "the message queue")                                          \
    X(LOAD, "load", ORD_FAULT_BIT(SPIKE), "the arrivals")

enum ord_target {
#define ORD_TARGET_ENUM(e, name, kinds, doc) ORD_TARGET_##e,
    ORD_TARGETS(ORD_TARGET_ENUM)
#undef ORD_TARGET_ENUM
};
enum { ORD_NTARGETS = 0 ORD_TARGETS(ORD__ONE) };

struct ord_fault {
    sim_time at;       /* start */
    sim_time length;   /* SIM_TIME_NEVER: until the end of the run */
    enum ord_target target;
    enum ord_fault_kind kind;
    double factor;     /* SLOW */
    double rate_per_s; /* SPIKE */
    uint32_t unit;     /* B: which service, DB: which database (index; 0 = the first) */
};

/* A live command (a key press in the TUI), recorded with its virtual time. The run
 * applies it after every event at or before `at` (exactly as the live session did:
 * advance to `at`, then apply), so a recorded session replays exactly. In a file:
 *   commands:
 *     - {at: 12345678901ns, do: fault, target: load, kind: spike, for: 10s, rate: 10000/s}
 *     - {at: 20000000000ns, do: fault, target: b, kind: down}   # no `for`: until cleared
 *     - {at: 25000000000ns, do: clear, target: b}
 *     - {at: 30000000000ns, do: join, target: points}        # a service joins now
 */
/* X(ENUM, name in files (`do:`), meaning) */
#define ORD_COMMAND_KINDS(X)                                                                       \
    X(FAULT, "fault", "start a fault now")                                                         \
    X(CLEAR, "clear", "end every fault on target (a service or database: on that one only)")      \
    X(JOIN, "join", "the service named by target joins now (subscribes; sync A calls it)")

enum ord_command_kind {
#define ORD_COMMAND_KIND_ENUM(e, name, doc) ORD_CMD_##e,
    ORD_COMMAND_KINDS(ORD_COMMAND_KIND_ENUM)
#undef ORD_COMMAND_KIND_ENUM
};
enum { ORD_NCOMMAND_KINDS = 0 ORD_COMMAND_KINDS(ORD__ONE) };
struct ord_command {
    sim_time at;
    enum ord_command_kind kind;
    struct ord_fault fault; /* FAULT: the fault started at `at` (fault.at ignored);
                               CLEAR: fault.target and fault.unit; JOIN: fault.unit,
                               the service (fault.target is ORD_TARGET_B) */
};

struct ord_config {
    char *name, *title, *notes; /* notes may be NULL */
    char *title_zh;             /* the title in Chinese, or NULL */
    char *path;                 /* the file it came from, or NULL for built-ins */
    uint64_t seed;
    sim_time duration;          /* load time */
    sim_time drain;             /* after the load, to let queues empty */
    sim_time interval;          /* time-series bucket (1 s) */
    struct ord_load load;
    struct ord_a_config a;
    struct ord_b_config b;
    struct ord_db_config db;
    struct mq_config mq;
    /* Several downstream services: nservices > 0 is the `services:` form (then b and db
     * are copies of the first service and its database, for code that shows one B).
     * 0 is the single form: one service b on one database main. Read both forms
     * through ord_config_nservices / ord_config_service / ord_config_database. */
    struct ord_service *services;
    size_t nservices;
    struct ord_database *databases; /* ndatabases > 0: the `databases:` form */
    size_t ndatabases;
    enum ord_calls calls;
    enum ord_variant variants[ORD_MAX_VARIANTS]; /* distinct, in output order */
    int nvariants;
    struct ord_fault *faults;
    size_t nfaults;
    struct ord_command *commands; /* sorted by at (stable) */
    size_t ncommands;
    /* The loader's private record of where the scenario came from (its directory,
     * built-in or not), used to re-read a trace when --set rebuilds the config.
     * NULL for ord_config_default(); copied and freed with the config. */
    struct ord_scenario_src *src;
};

/* The built-in defaults (the flash-spike numbers: one phase {0 s, 1000/s}, no faults,
 * no commands, variants sync and async). Returns 0 or SIM_ENOMEM. */
int ord_config_default(struct ord_config *c);
/* Deep copy; returns 0 or SIM_ENOMEM (dst untouched on failure). */
int ord_config_copy(struct ord_config *dst, const struct ord_config *src);
void ord_config_free(struct ord_config *c);

/* The effective services and databases of either form: at least one of each. */
size_t ord_config_nservices(const struct ord_config *c);
/* Service i (< ord_config_nservices) as a full record, consumer defaults filled in. */
void ord_config_service(const struct ord_config *c, size_t i, struct ord_service *out);
size_t ord_config_ndatabases(const struct ord_config *c);
const struct ord_database *ord_config_database(const struct ord_config *c, size_t i,
                                               struct ord_database *buf);
/* A service's index by name, or -1. */
int ord_config_service_find(const struct ord_config *c, const char *name);

/* The built-in subscribers the live view's c key adds when no service of the scenario
 * is left to join, in this order: X(name, its work ms, its own database's connections,
 * that database's query ms). Each has b's other defaults and a database of its own
 * named after it; its consumer group follows mq.*. */
#define ORD_SUBSCRIBERS(X)                                                                         \
    X("points", 50, 20, 5)                                                                         \
    X("sms", 30, 20, 5)                                                                            \
    X("stock", 40, 20, 5)
struct ord_subscriber {
    const char *name;
    sim_time service_ms;
    uint32_t connections;
    sim_time query_ms;
};
extern const struct ord_subscriber *const ord_subscribers;
extern const size_t ord_nsubscribers;
/* Append the first built-in subscriber whose name no service or database of c has,
 * with its database, as a service that only a join command joins (start unlimited);
 * the b: form becomes the services: form (service b on database main, unchanged).
 * Its index in *index. Returns 0, SIM_ERANGE (none left, ORD_MAX_SERVICES or
 * ORD_MAX_DATABASES reached, or past ORD_MAX_IN_ALL; c unchanged) or SIM_ENOMEM. */
int ord_config_add_subscriber(struct ord_config *c, size_t *index);

/* Scale the scenario's traffic and capacity by f (rates, threads per instance,
 * accept queue, connections, MQ rate limit, in-flight bound, send queue; counts
 * rounded, at least 1), keeping every time. Returns 0, SIM_ERANGE (f not in
 * (0, 1000]) or SIM_EINVAL (a trace load, whose times cannot be scaled). */
int ord_config_scale(struct ord_config *c, double f);

/* Names used in files, tables and outputs, from the tables above ("?" for a value
 * outside them); the arrays hold them in enum order. */
const char *ord_target_name(enum ord_target t);
const char *ord_fault_kind_name(enum ord_fault_kind k);
const char *ord_arrivals_name(enum ord_arrivals a);
const char *ord_command_kind_name(enum ord_command_kind k);
extern const char *const ord_target_names[ORD_NTARGETS];
extern const char *const ord_fault_kind_names[ORD_NFAULT_KINDS];
extern const char *const ord_arrivals_names[ORD_NARRIVALS];
extern const char *const ord_command_kind_names[ORD_NCOMMAND_KINDS];
/* The kinds of fault target t takes (bits ORD_FAULT_BIT), 0 outside the table. */
unsigned ord_target_kinds(enum ord_target t);
/* "b | database | mq | load": the names of a table joined, for help and docs (the
 * literal without its leading " | "). */
#define ORD__CHOICE(e, name, ...) " | " name
#define ORD_TARGET_CHOICES (&(ORD_TARGETS(ORD__CHOICE))[3])
#define ORD_FAULT_KIND_CHOICES (&(ORD_FAULT_KINDS(ORD__CHOICE))[3])
#define ORD_ARRIVALS_CHOICES (&(ORD_ARRIVALS(ORD__CHOICE))[3])
#define ORD_COMMAND_KIND_CHOICES (&(ORD_COMMAND_KINDS(ORD__CHOICE))[3])

#endif
