/* orders/model.h: the order system and the run driver.
 *
 * One run = one engine, one arrival stream, one model instance per variant (sync,
 * async, ...). Every variant sees the same arrivals (common random numbers). The
 * model records into one sim_series per variant; every output (TUI, summary, CSV,
 * JSON, charts) reads from that record.
 *
 * Live use: ord_run_advance() in steps (paced by the TUI), ord_run_fault() /
 * ord_run_clear() at the current virtual time for key presses. Splitting a run into
 * steps never changes its results; the same config and seed and the same commands
 * at the same virtual times give byte-identical outputs. A run covers [0, end),
 * end = duration + drain; its series has one bucket per interval of it.
 *
 * What the model does (details in the model's sources in orders/):
 *  - A: an order finding every A thread busy is rejected; A holds the thread for its
 *    work and (sync) the whole call to B with retries, (async) the MQ send.
 *  - B: a job holds a B thread for B's work and one database query. Sync calls that
 *    find B full wait in its accept queue (full: refused). A gives up after
 *    b.timeout (the order fails unless retried) while B finishes the abandoned call.
 *    B down refuses calls (and flushes its accept queue) / stops the MQ's consumers;
 *    work already started finishes. B hung: a job started during the hang holds its
 *    thread for b.timeout, then fails (async: nack).
 *  - Database: FIFO wait for a connection, at most queue_timeout; down: queries fail
 *    at once (waiting ones too); hung: queries started in the hang hold their
 *    connection until it ends, then fail.
 *  - Async completion: an order is completed when its query is written (then acked),
 *    dlq when the MQ dead-letters its message; a nack means a later redelivery. */
#ifndef ORD_MODEL_H
#define ORD_MODEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "orders/scenario/config.h"
#include "sim/engine.h"
#include "sim/hist.h"
#include "sim/series.h"

/* Per-variant series columns: X(ENUM, kind, csv-ish name, meaning). The sampled gauges
 * (the stations' queues and the database's connections, struct ord_stations) are read
 * at each bucket's end by the sampling event, not at every change: they are the state at
 * that instant (an event at exactly the boundary that records before the sampling
 * event moves that one sample into the next bucket). Only the model records them
 * (ord_variant_result.sampled); they are not CSV or JSON columns. */
#define ORD_COLUMNS(X)                                                                             \
    X(OFFERED, SIM_COL_COUNT, "offered", "orders that arrived")                                    \
    X(ACCEPTED, SIM_COL_COUNT, "accepted", "orders A took (a thread was free)")                    \
    X(REJECTED, SIM_COL_COUNT, "rejected", "orders refused at once (A full)")                      \
    X(FAILED, SIM_COL_COUNT, "failed", "accepted orders that ended in an error")                   \
    X(COMPLETED, SIM_COL_COUNT, "completed", "orders written to the database")                     \
    X(ANSWERED, SIM_COL_COUNT, "answered", "users given a success answer")                         \
    X(DB_QUERIES, SIM_COL_COUNT, "db_queries", "database queries finished")                        \
    X(REDELIVERED, SIM_COL_COUNT, "redelivered", "MQ redeliveries")                                \
    X(DLQ, SIM_COL_COUNT, "dlq", "messages sent to the dead-letter queue")                         \
    X(BACKLOG, SIM_COL_GAUGE, "backlog", "MQ messages waiting, not being consumed")                \
    X(BACKLOG_PEAK, SIM_COL_PEAK, "backlog_peak", "largest backlog in the bucket")                 \
    X(INFLIGHT, SIM_COL_GAUGE, "inflight", "accepted orders not yet completed/failed")             \
    X(B_BUSY, SIM_COL_PEAK, "b_busy", "B threads busy (peak)")                                     \
    X(A_BUSY, SIM_COL_PEAK, "a_busy", "A threads busy (peak)")                                     \
    X(B_QUEUE, SIM_COL_GAUGE, "b_queue", "sync calls waiting in B's accept queues (sampled)")      \
    X(DB_BUSY, SIM_COL_GAUGE, "db_busy", "database connections busy (sampled)")                    \
    X(DB_QUEUE, SIM_COL_GAUGE, "db_queue", "queries waiting for a connection (sampled)")

/* clang-format off */
enum ord_col {
#define ORD_COL_ENUM(e, kind, name, doc) ORD_COL_##e,
    ORD_COLUMNS(ORD_COL_ENUM)
#undef ORD_COL_ENUM
    ORD_NCOLS
};
/* clang-format on */

/* Per-bucket histograms: user latency (arrival -> answer, answered orders only, by
 * answer time) and completion lag (arrival -> database write, by write time). The
 * whole run's are read from the series too: sim_series_whole(&v->series, ORD_H_LAG). */
enum ord_hist_id { ORD_H_LATENCY, ORD_H_LAG, ORD_NHIST };

struct ord_totals {
    uint64_t offered, accepted, rejected, failed, completed, answered;
    uint64_t in_flight; /* accepted, not completed, not failed, not in the DLQ, not lost */
    uint64_t dlq, redelivered, db_queries;
    uint64_t lost;       /* async: orders a broker crash lost for some service */
    uint64_t duplicates; /* database writes of an order a service had already written */
    uint64_t mq_store_full; /* send attempts the MQ refused (busy): its store was full */
};

/* Per-service series (struct ord_service_result.series), one bucket per interval like
 * the variant's: X(ENUM, kind, name, meaning). */
#define ORD_SVC_COLUMNS(X)                                                                         \
    X(COMPLETED, SIM_COL_COUNT, "completed", "orders it wrote (first writes)")                     \
    X(BACKLOG, SIM_COL_GAUGE, "backlog", "async: messages waiting in its group")                   \
    X(B_BUSY, SIM_COL_GAUGE, "b_busy", "its threads busy (sampled)")                               \
    X(B_QUEUE, SIM_COL_GAUGE, "b_queue", "sync calls waiting in its accept queue (sampled)")       \
    X(DB_BUSY, SIM_COL_GAUGE, "db_busy", "its database's connections busy (sampled)")              \
    X(DB_QUEUE, SIM_COL_GAUGE, "db_queue", "queries waiting for its database (sampled)")           \
    X(DB_QUERIES, SIM_COL_COUNT, "db_queries", "its database queries finished")

/* clang-format off */
enum ord_svc_col {
#define ORD_SVC_COL_ENUM(e, kind, name, doc) ORD_SC_##e,
    ORD_SVC_COLUMNS(ORD_SVC_COL_ENUM)
#undef ORD_SVC_COL_ENUM
    ORD_SVC_NCOLS
};
/* clang-format on */
/* Its per-bucket histogram: completion lag (arrival -> its first write, by write time);
 * the whole run's: sim_series_whole(&s->series, ORD_SH_LAG). */
enum ord_svc_hist_id { ORD_SH_LAG, ORD_SVC_NHIST };

/* One downstream service's figures (sync: its calls; async: its consumer group). Every
 * accepted order is, for each service, completed (written by it), failed (its call
 * failed, or the order failed before reaching it), in flight, in its DLQ or lost; and
 * its database writes = completed + duplicates. */
struct ord_service_result {
    const char *name; /* the config's */
    uint64_t accepted; /* orders accepted while it was a member (see services[].start) */
    uint64_t completed, failed, in_flight, dlq, lost;
    uint64_t redelivered;        /* async: deliveries after the first */
    uint64_t duplicates;         /* writes of an order it had already written */
    uint64_t duplicates_skipped; /* idempotent: such writes detected and skipped */
    uint64_t db_writes;
    int64_t backlog_max; /* async: messages waiting in its group (0 in sync) */
    sim_time backlog_max_at, drained_at;
    uint64_t db_writes_bucket_max; /* most writes in one time bucket */
    size_t bucket;                 /* the bucket db_writes_now counts */
    uint64_t db_writes_now;
    struct sim_series series; /* ORD_SVC_NCOLS columns, ORD_SVC_NHIST histograms */
};

struct ord_phase_stats {
    sim_time from, to;       /* a load phase [from, to) */
    uint64_t offered;        /* orders arriving in it */
    struct sim_hist latency; /* user latency of answered orders that arrived in it */
};

struct ord_variant_result {
    enum ord_variant kind;
    const char *name;         /* "sync", "async", ... */
    struct sim_series series; /* ORD_NCOLS columns, ORD_NHIST histograms */
    struct ord_totals totals;
    struct sim_hist err_latency; /* whole run, users answered with an error (an accepted
                                    order failed: refused, timed out, or not sent):
                                    arrival -> the error; rejections are at once */
    struct ord_phase_stats *phases;
    size_t nphases;
    /* The backlog is what waits in the MQ: stored, not acked, and not being handled
     * by a consumer right now (never delivered, or waiting for a redelivery). */
    int64_t backlog_max; /* 0 for wirings without an MQ */
    sim_time backlog_max_at;
    sim_time drained_at; /* first time after backlog_max the backlog is 0
                            again (SIM_TIME_NEVER if never; 0 if never > 0) */
    struct ord_service_result services[ORD_MAX_SERVICES];
    size_t nservices;
    bool sampled; /* the series hold the sampled gauges (the model's do; the lab's not) */
};

struct ord_result {
    const struct ord_config *cfg;
    sim_time now; /* virtual time reached */
    sim_time end; /* duration + drain */
    int nvariants;
    struct ord_variant_result v[ORD_MAX_VARIANTS];
};

struct ord_run; /* defined at the end of this header (caller-owned handle) */

/* Build a run of cfg at time 0 (cfg must outlive the run). 0, SIM_EINVAL or
 * SIM_ENOMEM; on failure nothing needs closing. */
int ord_run_init(struct ord_run *r, const struct ord_config *cfg);
void ord_run_close(struct ord_run *r);

/* Process everything up to min(until, end), applying the config's recorded commands
 * on the way. Returns 0, SIM_ENOMEM, SIM_EINVAL (a bad recorded command) or
 * SIM_EINVARIANT (debug builds check the invariants at every bucket); after an
 * error the run stays failed (every later call returns the same error). */
int ord_run_advance(struct ord_run *r, sim_time until);
/* As ord_run_advance, but fires at most max_events events, so that a caller can keep
 * a time budget (the live view's frame, a sweep that must stop within a second) on a
 * model of any load. ord_run_now() says how far it got: until (or the end) when the
 * events ran out first, else the time of the last event fired. Splitting a run this
 * way fires the same events in the same order: the results are identical. */
int ord_run_advance_bounded(struct ord_run *r, sim_time until, uint64_t max_events);
/* Advance to the end, close the last bucket, check the invariants. Calling it again
 * returns the same status. */
int ord_run_finish(struct ord_run *r);
/* The sentence to print for err, a status this run returned. For SIM_EINVARIANT it
 * says which invariant broke, when and in which variant ("model invariant violated at
 * 12.000 s: offered orders (5) are not rejected (0) + accepted (4) [sync]"; owned by the run,
 * valid until ord_run_close); otherwise, or before any check failed, sim_strerror(err). */
const char *ord_run_strerror(const struct ord_run *r, int err);
bool ord_run_done(const struct ord_run *r);
sim_time ord_run_now(const struct ord_run *r);
const struct ord_result *ord_run_result(const struct ord_run *r);

/* What a variant's stations hold at this moment. service < 0: the whole variant (every
 * service, every database once); else that service and its database (which other
 * services may share). A total of 0 means unlimited. */
struct ord_stations {
    uint64_t a_busy, a_threads;
    uint64_t b_busy, b_threads;
    uint64_t b_queue; /* sync calls waiting in the accept queues (refused when B is down) */
    uint64_t db_busy, db_connections; /* busy: queries stuck in a hang included */
    uint64_t db_queue;                /* queries waiting for a connection */
};
/* Read them now (variant indexes ord_result.v). 0, or SIM_EINVAL for a variant or a
 * service the run does not have (out untouched). The sampling event records the same
 * reading into the series at every bucket's end. */
int ord_run_stations(const struct ord_run *r, int variant, int service, struct ord_stations *out);

/* Live commands, at the current virtual time (f->at is ignored). A fault lasts
 * f->length (SIM_TIME_NEVER: until cleared). A SPIKE on ORD_TARGET_LOAD sets the
 * arrival rate for its length. Returns 0, SIM_EINVAL or SIM_ENOMEM. */
int ord_run_fault(struct ord_run *r, const struct ord_fault *f);
/* End every active fault on target now; on a service or a database (ORD_TARGET_B,
 * ORD_TARGET_DB) only those on that one (unit: its index), the others' go on. */
int ord_run_clear(struct ord_run *r, enum ord_target target, uint32_t unit);
/* Does a clear of (target, unit) end fault f? (The rule above, for every reader of a
 * run's commands: the timeline, the live view, the lab.) */
bool ord_clear_ends(enum ord_target target, uint32_t unit, const struct ord_fault *f);
/* Service `service` (an index of the config's services) joins now, as its `start`
 * would make it: from now on sync A calls it and its consumer group gets the messages
 * stored. Nothing happens when it has joined already. 0 or SIM_EINVAL. */
int ord_run_join(struct ord_run *r, uint32_t service);
/* Has service `service` joined? */
bool ord_run_joined(const struct ord_run *r, uint32_t service);
/* Is a fault of this kind active on service or database `unit` of target now (for
 * the other targets, unit is ignored)? */
bool ord_run_fault_active_on(const struct ord_run *r, enum ord_target target, uint32_t unit,
                             enum ord_fault_kind kind);
/* Is a fault of this kind active on target (any of its units) now? */
bool ord_run_fault_active(const struct ord_run *r, enum ord_target target,
                          enum ord_fault_kind kind);
/* The arrival rate in force now (phases, spikes), orders/s. */
double ord_run_rate_now(const struct ord_run *r);

/* Observe the arrival stream: fn(ud, at, phase_entry) for every order as it arrives
 * (phase_entry indexes ord_variant_result.phases). The lab replays these times
 * against real services, so both see the same arrivals. Call before advancing. */
typedef void (*ord_arrival_fn)(void *ud, sim_time at, uint32_t phase_entry);
void ord_run_on_arrival(struct ord_run *r, ord_arrival_fn fn, void *ud);

/* A variant's record, empty, shaped for cfg (series, histograms, phase entries, and
 * the res->nservices services whose names the caller set: zero the struct first for
 * none), for producers of results other than the model (the lab). 0 or SIM_ENOMEM;
 * close it with ord_variant_result_close either way. */
int ord_variant_result_init(struct ord_variant_result *res, const struct ord_config *cfg,
                            enum ord_variant kind);
void ord_variant_result_close(struct ord_variant_result *res);
/* Entries of ord_variant_result.phases for cfg (config phases, grouped when many). */
size_t ord_phase_entries(const struct ord_config *cfg);

/* The invariants: offered = rejected + accepted; accepted = completed + failed +
 * in_flight + dlq + lost. Returns 0 or SIM_EINVARIANT with a sentence in why. */
int ord_check_totals(const struct ord_totals *t, char *why, size_t why_len);
/* A service's invariants (see struct ord_service_result). 0 or SIM_EINVARIANT with a
 * sentence in why. */
int ord_check_service(const struct ord_service_result *s, char *why, size_t why_len);
/* A service's largest database writes per second over one time bucket. */
double ord_service_db_qps_max(const struct ord_service_result *s, const struct ord_config *cfg);

/* Figures of one variant, all read from its record (series, histograms, totals). */
struct ord_latency_figures {
    sim_time mean, p50, p90, p99, p999, max;
};
struct ord_summary {
    struct ord_totals totals;
    struct ord_latency_figures latency; /* answered orders */
    struct ord_latency_figures lag;     /* completed orders: arrival -> db write */
    struct ord_latency_figures err_latency; /* users who got an error: arrival -> error */
    uint64_t errored;                   /* how many users got an error after waiting */
    double duration_s;                  /* the load's length (the config's duration) */
    double db_qps_max;                  /* largest bucket's queries / interval */
    double completed_per_s;             /* completed / (duration + drain) */
    double completed_load_per_s;        /* completed per second while the load lasts
                                           (the buckets that start before duration) */
    int64_t backlog_max;
    sim_time backlog_max_at, drained_at;
};
void ord_summarize(const struct ord_variant_result *v, const struct ord_config *cfg,
                   struct ord_summary *out);

/* The user's wait when nothing queues: sync A + B + query, async A + MQ send (means). */
sim_time ord_ideal_latency(const struct ord_config *c, enum ord_variant v);
/* Queries per second the database takes: connections / mean query time; 0 when the
 * query time is 0 (no limit). With several databases, the first service's. */
double ord_db_capacity(const struct ord_config *c);
/* The same for database unit (an index of ord_config_database; 0 in the one-database
 * form). */
double ord_database_capacity(const struct ord_config *c, size_t unit);
/* The whole run so far, read as one histogram (see sim_hist_parts): a variant's user
 * latency and completion lag, a service's completion lag. */
static inline struct sim_hist_parts ord_latency_of(const struct ord_variant_result *v)
{
    return sim_series_whole(&v->series, ORD_H_LATENCY);
}
static inline struct sim_hist_parts ord_lag_of(const struct ord_variant_result *v)
{
    return sim_series_whole(&v->series, ORD_H_LAG);
}
static inline struct sim_hist_parts ord_service_lag_of(const struct ord_service_result *s)
{
    return sim_series_whole(&s->series, ORD_SH_LAG);
}

/* Mean, p50, p90, p99, p99.9 and max of a latency histogram (sim_hist_one(h)) or of
 * a whole run's (sim_series_whole()). */
void ord_latency_figures_of(struct sim_hist_parts h, struct ord_latency_figures *f);

/* A fault as it happens in a run: f (f.at is its start) until `to` (at most the run's
 * end, duration + drain), from the config's faults and commands and a live session's
 * commands (live, by time), resolved as the run applies them. */
struct ord_span {
    struct ord_fault f;
    sim_time to;
    bool live;    /* started by one of the live commands */
    bool cleared; /* ended by a clear command (else by its length or the run's end) */
    bool join;    /* not a fault: service f.unit joined at f.at (a join command), and
                     stays until the run's end; f.kind means nothing then */
};
/* "join" for a join, else the fault's kind name ("down"): the `kind` of the JSON's
 * faults and of the chart's bands. */
const char *ord_span_kind_name(const struct ord_span *s);
/* The spans in start order into *out (caller frees; NULL when there are none).
 * Returns 0 or SIM_ENOMEM. */
int ord_fault_spans(const struct ord_config *c, const struct ord_command *live, size_t nlive,
                    struct ord_span **out, size_t *nout);
/* The database's capacity at t (queries/s): ord_db_capacity divided by the SLOW
 * factors of the faults on that database active then; 0 while it is down or hung. */
double ord_db_capacity_at(const struct ord_config *c, const struct ord_span *s, size_t n,
                          sim_time t);
/* The same for database unit (ord_database_capacity and the faults on that unit). */
double ord_database_capacity_at(const struct ord_config *c, const struct ord_span *s, size_t n,
                                size_t unit, sim_time t);
/* The arrival rate in force at t (orders/s): the load phase's, or the latest active
 * spike's; 0 from the end of the load on; NAN for trace arrivals outside a spike. */
double ord_rate_at(const struct ord_config *c, const struct ord_span *s, size_t n, sim_time t);

/* Caller-owned handle of one run. Its state (engine, stations, pools, record) is
 * allocated by ord_run_init and freed by ord_run_close; the handle may be copied or
 * moved between calls (nothing points back into it). Fields are private. */
struct ord__run;
struct ord_run {
    struct ord__run *p;
};

#endif
