/* orders/internal.h: private parts of the order model, shared by the model's files in orders/ (not
 * the scenario side). Names carry the ord__ prefix; nothing here is a public contract.
 *
 * Layout: one struct ord__run per run holds the engine, the arrival stream, the faults
 * and one struct ord__variant per wiring. A variant has its own A, B, database and (for
 * wirings with a queue) MQ, its own RNG streams and its own record. What differs
 * between wirings is a row of ord__wirings (model.c), indexed by enum ord_variant. */
#ifndef ORD_INTERNAL_H
#define ORD_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "mq/mq.h"
#include "orders/model.h"
#include "sim/error.h"
#include "sim/rng.h"

/* Phase-stats entries per variant: configs with more phases are coalesced into this
 * many contiguous groups (each entry's histogram costs memory). */
#define ORD__MAX_PHASE_STATS 64

/* ---- pool.c: free-list pools and FIFO rings (hot paths allocate nothing) ---------- */

/* Fixed-size records from chunks that are never moved: a record's address is stable
 * while the pool lives. A free record's first pointer-sized word is the free link;
 * the rest of it keeps its value (records use that to keep a generation count). */
struct ord__pool {
    size_t size, per_chunk;
    void *free;
    void **chunks;
    size_t nchunks, chunks_cap;
    size_t live;      /* records handed out, not yet put back */
    size_t allocated; /* records in all chunks */
};
void ord__pool_init(struct ord__pool *p, size_t size, size_t per_chunk);
void ord__pool_close(struct ord__pool *p);
void *ord__pool_get(struct ord__pool *p); /* NULL when out of memory */
void ord__pool_put(struct ord__pool *p, void *rec);

/* A growable FIFO of {item, time, generation}; capacity doubles when full. */
struct ord__slot {
    void *item;
    sim_time t;
    uint64_t gen;
};
struct ord__ring {
    struct ord__slot *buf;
    size_t head, len, cap; /* cap is 0 or a power of two */
};
int ord__ring_grow(struct ord__ring *r); /* double the capacity: 0 or SIM_ENOMEM */
void ord__ring_free(struct ord__ring *r);
/* Append; 0 or SIM_ENOMEM (the hot path: no call unless the ring is full). */
static inline int ord__ring_push(struct ord__ring *r, void *item, sim_time t, uint64_t gen)
{
    if (r->len == r->cap && ord__ring_grow(r) != 0)
        return SIM_ENOMEM;
    struct ord__slot *s = &r->buf[(r->head + r->len) & (r->cap - 1)];
    s->item = item;
    s->t = t;
    s->gen = gen;
    r->len++;
    return 0;
}
static inline struct ord__slot *ord__ring_back(struct ord__ring *r)
{
    return &r->buf[(r->head + r->len - 1) & (r->cap - 1)];
}
static inline struct ord__slot *ord__ring_front(struct ord__ring *r)
{
    return &r->buf[r->head];
}
static inline void ord__ring_pop(struct ord__ring *r)
{
    r->head = (r->head + 1) & (r->cap - 1);
    r->len--;
}

/* line.c: completions of a station, FIFO with one engine event when the delay is
 * constant (any delay works: out-of-order ones get their own event). */
struct ord__run;
struct ord__line {
    struct ord__ring items; /* (item, due) in due order */
    sim_event_id ev;        /* at the head's due, or 0 */
    bool firing;
    void (*fn)(void *item);
    struct ord__run *run;
};
void ord__line_init(struct ord__line *l, struct ord__run *run, void (*fn)(void *item));
void ord__line_close(struct ord__line *l);
/* fn(item) after delay (SIM_TIME_NEVER: never). */
void ord__line_after(struct ord__line *l, sim_time delay, void *item);

/* ---- records -------------------------------------------------------------------- */

struct ord__variant;
struct ord__svc;

/* An accepted order while A holds it (and, in sync, while it calls the services). */
struct ord__order {
    void *pool_link;
    struct ord__variant *v;
    sim_time arrival; /* scheduled arrival: latencies are measured from here */
    uint32_t phase;   /* phase-stats entry of its arrival */
    uint8_t members;  /* bit per service: the services that had joined at its arrival */
    uint8_t next;     /* sync serial: the service being called */
    uint8_t pending;  /* sync parallel: calls not yet ended */
    uint8_t resolved; /* bit per service: its outcome for this order is counted */
    uint8_t written;  /* bit per service: it wrote the order */
    bool failed;      /* sync parallel: a call that matters failed */
    uint64_t gen;     /* bumped when freed: a job's owner reference notices */
    struct ord__job *job[ORD_MAX_SERVICES]; /* sync: the call it waits on, or NULL */
    uint32_t attempt[ORD_MAX_SERVICES];     /* sync: calls made so far, per service */
};

/* Async: one published message, shared by every consumer group (its key). Lives until
 * every service has an outcome for it, no job holds it and no group's queue does. */
struct ord__msg {
    void *pool_link;
    sim_time arrival;
    uint8_t members;  /* bit per service: the groups it goes to */
    uint8_t resolved; /* bit per service: completed, dead-lettered or lost there
                         (set from the start for those it does not go to) */
    uint8_t written;  /* bit per service: its database write happened */
    uint8_t stored;   /* bit per group: its queue holds it (stored, not acked, not
                         dead-lettered, not lost) */
    bool dlq, lost;   /* some service dead-lettered / lost it */
    uint16_t jobs;    /* jobs holding it */
};

/* One piece of work in a service: a sync call or a delivered MQ message. */
struct ord__job {
    void *pool_link;
    struct ord__svc *s;
    struct ord__order *order; /* sync: the waiting order; NULL once it gave up */
    struct ord__order *owner; /* sync: the order it was made for (owner_gen: still it?) */
    uint64_t owner_gen;
    struct ord__msg *msg;     /* async: the message */
    uint64_t handle;          /* async: the MQ delivery handle; 0 once the MQ took it back */
    sim_time arrival;         /* the order's arrival, for the completion lag */
    uint64_t gen;             /* bumped at every release: stale references notice */
    struct ord__job *held_prev, *held_next; /* async: its service's held deliveries */
    bool dead;                /* its consumer crashed: it acks nothing */
    bool hung;                /* started during a hang: fails at the timeout */
};

/* ---- stations ------------------------------------------------------------------- */

struct ord__b {
    uint64_t cap, busy;     /* threads (instances x threads) */
    uint64_t queue_cap;     /* sync accept queue (accept_queue x instances) */
    struct ord__ring queue; /* sync calls waiting for a thread */
    bool down, hang, crashed;
    double slow;             /* product of active SLOW factors */
    struct sim_dist service; /* cfg service scaled by slow */
    bool wants_ready;        /* async: refused a delivery, tell the MQ on a free thread */
};

struct ord__db {
    uint64_t cap, busy;     /* connections */
    struct ord__ring queue; /* queries waiting for a connection (t = enqueued) */
    struct ord__ring stuck; /* queries holding a connection during a hang */
    sim_event_id timer;     /* queue-timeout check for the queue's head, or 0 */
    bool down, hang;
    double slow;
    struct sim_dist query;
};

/* One database of a variant. */
struct ord__dbst {
    struct ord__variant *v;
    struct ord_database cfg;
    struct ord__db db;
    struct ord__line line; /* its queries */
    struct sim_rng rng;
};

/* One downstream service of a variant: its threads, its calls' or deliveries'
 * timeouts, its database and (async) its consumer group. */
struct ord__svc {
    struct ord__variant *v;
    uint32_t index;
    struct ord_service cfg; /* consumer defaults filled in */
    struct ord__b b;
    struct ord__line line;     /* its work */
    struct ord__ring timeouts; /* sync: calls by deadline; async: deliveries by deadline */
    sim_event_id timeout_timer;
    struct sim_rng rng, rng_retry;
    struct ord__dbst *db;
    struct mq mq; /* async: its consumer group (the first one also takes the sends) */
    bool has_mq;
    uint64_t holding; /* async: jobs holding a live delivery handle */
    struct ord__job *held; /* async: those jobs (a crash takes them back) */
    int64_t backlog;  /* last recorded backlog of its group */
    struct ord_service_result *res;
};

/* The open bucket's counts and levels, pushed into the series when the bucket changes
 * (or when ord_run_advance returns): the hot path adds to an array. */
struct ord__acc {
    size_t bucket; /* bucket the pending values belong to */
    sim_time end;  /* its end */
    int64_t count[ORD_NCOLS];
    int64_t level[ORD_NCOLS];
    int64_t peak[ORD_NCOLS];
    uint32_t dirty; /* columns changed since the last push */
};

struct ord__wiring;

struct ord__variant {
    struct ord__run *run;
    const struct ord__wiring *w;
    enum ord_variant kind;
    struct ord_variant_result *res;
    struct sim_engine *e;
    const struct ord_config *cfg;
    struct ord__pool orders, jobs, msgs;
    uint64_t a_cap, a_busy;
    struct ord__svc svc[ORD_MAX_SERVICES];
    uint32_t nsvc;
    struct ord__dbst dbs[ORD_MAX_DATABASES];
    uint32_t ndbs;
    uint64_t b_busy; /* threads busy in every service */
    uint8_t active;  /* bit per service: joined (services[].start passed) */
    bool mq_down;
    int64_t backlog; /* last recorded MQ backlog (every group's) */
    struct sim_rng rng_a;
    struct ord__acc acc;
};

/* What differs between wirings: one row per enum ord_variant (model.c). */
struct ord__wiring {
    bool uses_mq;
    /* An order arrived at time now (phase: its phase-stats entry). */
    void (*arrive)(struct ord__variant *v, uint32_t phase);
    /* A finished its own work for o. */
    void (*a_done)(struct ord__variant *v, struct ord__order *o);
    /* A service finished job j: status 0 (written to the database) or an error. */
    void (*b_done)(struct ord__svc *s, struct ord__job *j, int status);
    /* A thread of service s became free. */
    void (*b_thread_free)(struct ord__svc *s);
    /* Service s went down (true) or came back (false). */
    void (*b_down)(struct ord__svc *s, bool down);
    /* Service s crashed now: its in-flight work is lost (async: redelivered). */
    void (*b_crash)(struct ord__svc *s);
    /* Read state that changes inside the MQ's own events (at every bucket end); may
     * be NULL. */
    void (*poll)(struct ord__variant *v);
    /* The wiring's own invariants (its records against the totals and the MQ's
     * stats): 0, or SIM_EINVARIANT with a sentence in why. */
    int (*check)(struct ord__variant *v, char *why, size_t why_len);
};
extern const struct ord__wiring ord__wirings[ORD_NVARIANT_KINDS];

/* ---- the run ---------------------------------------------------------------------- */

struct ord__active_fault {
    uint64_t id; /* start order: a later spike overrides an earlier one */
    struct ord_fault f;
    sim_event_id end_event;
};

struct ord__load {
    struct sim_rng rng;
    size_t phase;       /* config phase in force (0 when there are none) */
    double rate;        /* arrivals per second in force (phase or spike) */
    bool override;      /* a spike sets the rate */
    sim_event_id next;  /* the pending arrival, or 0 */
    sim_time even_from; /* EVEN: start of the current evenly spaced run */
    uint64_t even_k;    /* EVEN: index of the next arrival in it */
    size_t trace_i;     /* TIMES: next arrival time's index */
    bool arrived;       /* an arrival happened, the last at last_at */
    sim_time last_at;
};

struct ord__run {
    const struct ord_config *cfg;
    struct sim_engine engine;
    struct ord_result result;
    struct ord__variant vars[ORD_MAX_VARIANTS];
    int nvars;
    int err;       /* sticky: the first failure inside an event (out of memory) */
    char why[448]; /* the broken invariant, when err is SIM_EINVARIANT */
    bool finished;
    sim_time end;
    size_t nphase_stats; /* entries per variant (<= ORD__MAX_PHASE_STATS) */
    struct ord__load load;
    /* A's work, every variant's: with a constant service the variants' A finish at
     * the same instants (same arrivals), so one line serves them all. */
    struct ord__line a_line;
    struct ord__active_fault *faults;
    size_t nfaults, faults_cap;
    uint64_t next_fault_id;
    size_t next_command; /* the config's next recorded command */
    ord_arrival_fn on_arrival; /* ord_run_on_arrival's observer, or NULL */
    void *on_arrival_ud;
};

/* model.c */
void ord__run_fail(struct ord__run *run, int err);
uint32_t ord__phase_entry(const struct ord__run *run, size_t phase);

/* load.c */
int ord__load_start(struct ord__run *run);
void ord__load_rate_changed(struct ord__run *run);
void ord__load_set_override(struct ord__run *run, bool on, double rate);
double ord__load_rate_now(const struct ord__run *run);

/* stations.c: A, the services and the databases, shared by the wirings */
void ord__a_arrive(struct ord__variant *v, uint32_t phase);
void ord__a_release(struct ord__variant *v);
struct ord__order *ord__order_new(struct ord__variant *v);
void ord__order_free(struct ord__variant *v, struct ord__order *o);
struct ord__job *ord__job_new(struct ord__svc *s);
void ord__job_free(struct ord__svc *s, struct ord__job *j);
void ord__b_start(struct ord__svc *s, struct ord__job *j); /* takes a free thread */
void ord__b_finish(struct ord__svc *s, struct ord__job *j, int status);
void ord__b_set_slow(struct ord__svc *s, double factor);
void ord__db_set_down(struct ord__dbst *d, bool down);
void ord__db_set_hang(struct ord__dbst *d, bool hang);
void ord__db_set_slow(struct ord__dbst *d, double factor);
void ord__stations_init(struct ord__variant *v);
void ord__a_line_init(struct ord__run *run);
void ord__stations_close(struct ord__variant *v);
/* What its stations hold now (ord_run_stations; service < 0: all of them). */
void ord__stations_read(const struct ord__variant *v, int service, struct ord_stations *out);
/* A service's database write happened (status 0 at the end of a job). The first
 * write of an order not yet resolved there completes it for the service (true);
 * any other is a duplicate, or, when the service is idempotent and finds the order
 * written, skipped (no write). written/resolved: the order's bits. */
bool ord__svc_write(struct ord__svc *s, uint8_t *written, uint8_t *resolved, sim_time arrival);
/* A service's outcome for an order, counted once (resolved: the order's bits). */
void ord__svc_outcome(struct ord__svc *s, uint8_t *resolved, uint64_t *counter);

/* sync.c / async.c: the wirings' operations (rows of ord__wirings) */
void ord__sync_a_done(struct ord__variant *v, struct ord__order *o);
void ord__sync_b_done(struct ord__svc *s, struct ord__job *j, int status);
void ord__sync_b_thread_free(struct ord__svc *s);
void ord__sync_b_down(struct ord__svc *s, bool down);
void ord__sync_b_crash(struct ord__svc *s);
int ord__sync_check(struct ord__variant *v, char *why, size_t why_len);
int ord__async_init(struct ord__variant *v);
void ord__async_a_done(struct ord__variant *v, struct ord__order *o);
void ord__async_b_done(struct ord__svc *s, struct ord__job *j, int status);
void ord__async_b_thread_free(struct ord__svc *s);
void ord__async_b_down(struct ord__svc *s, bool down);
void ord__async_b_crash(struct ord__svc *s);
void ord__async_poll(struct ord__variant *v);
void ord__async_mq_crash(struct ord__variant *v);
int ord__async_check(struct ord__variant *v, char *why, size_t why_len);

/* faults.c */
int ord__faults_schedule(struct ord__run *run);
int ord__fault_start(struct ord__run *run, const struct ord_fault *f);
int ord__faults_clear(struct ord__run *run, enum ord_target target, uint32_t unit);
/* model.c: apply a command now (a recorded one, or a live one). 0 or an error. */
int ord__command_apply(struct ord__run *run, const struct ord_command *c);
bool ord__fault_valid(const struct ord_fault *f);
void ord__faults_free(struct ord__run *run);

/* record.c: everything recorded goes through these (at the engine's current time) */
int ord__rec_init(struct ord__run *run, struct ord__variant *v);
void ord__rec_close(struct ord__variant *v);
void ord__acc_roll(struct ord__variant *v);
void ord__rec_push(struct ord__variant *v);
void ord__rec_answered(struct ord__variant *v, const struct ord__order *o);
void ord__rec_completed(struct ord__variant *v, sim_time arrival);
void ord__rec_svc_backlog(struct ord__svc *s, int64_t backlog);
void ord__rec_svc_write(struct ord__svc *s);
void ord__rec_svc_query(struct ord__svc *s);
void ord__rec_svc_completed(struct ord__svc *s, sim_time arrival);
/* The user of o gets an error now (its wait goes into err_latency). */
void ord__rec_error(struct ord__variant *v, const struct ord__order *o);
void ord__rec_backlog(struct ord__variant *v, int64_t backlog);
/* The sampled gauges (orders/model.h) now, into the bucket ending now: at the sampling
 * event before anything else records (the wiring's poll), and at the run's end. */
void ord__rec_sample(struct ord__variant *v);
void ord__rec_bucket_end(struct ord__variant *v);
void ord__rec_finish(struct ord__variant *v, sim_time end);

static inline void ord__rec_add(struct ord__variant *v, enum ord_col col, int64_t delta)
{
    if (v->e->now >= v->acc.end)
        ord__acc_roll(v);
    v->acc.count[col] += delta;
    v->acc.dirty |= 1u << col;
}

static inline void ord__rec_level(struct ord__variant *v, enum ord_col col, int64_t level)
{
    if (v->e->now >= v->acc.end)
        ord__acc_roll(v);
    v->acc.level[col] = level;
    if (level > v->acc.peak[col])
        v->acc.peak[col] = level;
    v->acc.dirty |= 1u << col;
}

static inline void ord__b_busy_changed(struct ord__variant *v)
{
    ord__rec_level(v, ORD_COL_B_BUSY, (int64_t)v->b_busy);
}

/* An accepted order left the system: one of completed, failed, dlq, lost. */
static inline void ord__inflight_changed(struct ord__variant *v)
{
    ord__rec_level(v, ORD_COL_INFLIGHT, (int64_t)v->res->totals.in_flight);
}

#endif
