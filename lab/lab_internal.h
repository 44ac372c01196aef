/* lab/lab_internal.h: what the lab's parts share (lab__ / lab_ private names). */
#ifndef LAB_INTERNAL_H
#define LAB_INTERNAL_H

#include <hiredis/async.h>
#include <stddef.h>
#include <stdint.h>
#include <uv.h>

#include "lab/http.h"
#include "lab/lab.h"
#include "orders/scenario/config.h"

/* The names every part uses in Redis. */
#define LAB_STREAM "ordersim:orders"
#define LAB_GROUP "b"
#define LAB_DLQ "ordersim:dlq"
#define LAB_REDELIVERED "ordersim:redelivered"

/* PostgreSQL pool (pg_pool.c). */
enum { LAB_PG_OK = 0, LAB_PG_DUPLICATE = 1, LAB_PG_ERROR = -1, LAB_PG_TIMEOUT = -2 };
typedef void (*lab_pg_done)(void *ud, int status);
struct lab_pg_pool;
/* writer names who writes (stored in each row: which B, in a class of many). */
struct lab_pg_pool *lab_pg_pool_new(uv_loop_t *loop, const char *url, unsigned n,
                                    uint64_t queue_timeout_ms, const char *writer, char *err,
                                    size_t errlen);
/* One order's row, written after query_s seconds of pg_sleep in the same statement.
 * done(ud, LAB_PG_*) comes once from the loop. Returns 0 or -1 (out of memory). */
int lab_pg_insert(struct lab_pg_pool *p, int64_t id, int variant, int64_t sched_ns,
                  double query_s, lab_pg_done done, void *ud);
size_t lab_pg_waiting(const struct lab_pg_pool *p);
void lab_pg_pool_free(struct lab_pg_pool *p);

/* The orders table read while the lab runs (pg_reader.c): one query at a time on the
 * loop. row() comes once per row written after since_ns (real-time ns), then done().
 * read returns 0, or -1 when a read is under way or the connection failed. */
typedef void (*lab_pg_row_fn)(void *ud, int64_t id, int64_t written_ns, int32_t dups);
struct lab_pg_reader;
struct lab_pg_reader *lab_pg_reader_new(uv_loop_t *loop, const char *url, char *err,
                                        size_t errlen);
int lab_pg_read_since(struct lab_pg_reader *r, int64_t since_ns, lab_pg_row_fn row,
                      void (*done)(void *ud), void *ud);
void lab_pg_reader_free(struct lab_pg_reader *r);

/* A curl write function that drops the body; a lab_http_done that ignores the answer. */
size_t lab_curl_discard(char *p, size_t size, size_t n, void *ud);
void lab_http_ignore(void *ud, long status, int curl_err);

/* Redis (redis.c): an asynchronous connection on the loop from a URL
 * (unix:///path/to/socket or redis://host:port). NULL with the reason in err. */
/* unix:///path or unix:/path -> path, *port -1; redis://[user@]host[:port][/db] or
 * redis://[::1]:port -> host, port (6379 if none). 0, or -1 if url is neither. */
int lab_redis_parse_url(const char *url, char *host, size_t hostlen, int *port);
redisAsyncContext *lab_redis_connect(uv_loop_t *loop, const char *url, char *err, size_t errlen);
/* Two connections to one Redis (cmd for commands, blk for blocking reads) that come
 * back by themselves: when either drops (or, with a watchdog, Redis leaves a PING
 * unanswered that long: a lost network closes nothing), both are dropped, on_down is
 * told, and a new pair is tried after 0.25 s, 0.5 s, 1 s ... at most every 5 s,
 * until Redis answers a PING: then on_up. cmd and blk are NULL while Redis is away
 * (the callbacks of commands in flight then get a NULL reply). */
struct lab_redis_link {
    uv_loop_t *loop;
    char url[256];
    redisAsyncContext *cmd, *blk;
    int up;          /* both connected, a PING answered */
    int away;        /* lost (or never reached): trying again */
    int dropping;
    uint64_t watchdog_ms; /* 0: none */
    uint64_t away_since, next_try, backoff_ms, await_since, last_ping;
    char why[160];   /* why Redis is away */
    uv_timer_t timer;
    /* up: after_ms is how long Redis was away, or -1 the first time */
    void (*on_up)(void *ud, int64_t after_ms);
    /* was_up: it had been reached (else: never so far) */
    void (*on_down)(void *ud, const char *why, int was_up);
    void *ud;
};
/* Connect (the first PING answered later: on_up). Returns 0, or -1 with the reason in
 * err when the URL is wrong or Redis refuses at once. */
int lab_redis_link_open(struct lab_redis_link *k, uv_loop_t *loop, const char *url,
                        uint64_t watchdog_ms, char *err, size_t errlen);
/* A blocking connection, for set-up and the final read-back. */
struct redisContext *lab_redis_connect_sync(const char *url, char *err, size_t errlen);

/* Monotonic wall clock in ns, and the real-time clock in ns since the epoch (the
 * database stamps rows with its real-time clock). */
int64_t lab_now_ns(void);
int64_t lab_realtime_ns(void);

/* The services (service_a.c, service_b.c): each runs its loop until SIGTERM/SIGINT.
 * Return the process exit status. */
struct lab_service_opts {
    const struct ord_config *cfg;
    const char *redis_url, *pg_url;
    const char *b_url;   /* A: http://127.0.0.1:PORT of B */
    int fd_sync, fd_async; /* listening sockets (-1: none) */
    int consumers_only;  /* B: no HTTP side, only the consumer group (lab consumer) */
    int quiet;
};
int lab_service_a(const struct lab_service_opts *o);
int lab_service_b(const struct lab_service_opts *o);

/* Prometheus text exposition helpers (metrics.c). */
struct lab_metric_hist {
    uint64_t buckets[12]; /* counts <= lab_metric_bounds[i] */
    uint64_t count;
    double sum_s;
};
extern const double lab_metric_bounds[12];
void lab_metric_observe(struct lab_metric_hist *h, double seconds);
/* Append to buf (NUL-terminated; returns the new length). */
size_t lab_metric_counter(char *buf, size_t len, size_t cap, const char *name, const char *help,
                          const char *labels, double value, const char *type);
size_t lab_metric_histogram(char *buf, size_t len, size_t cap, const char *name,
                            const char *help, const char *labels,
                            const struct lab_metric_hist *h);

/* What the load generator and the read-back collect (lab.c), from which
 * result.c builds the run's record. Times are ns since the load's start. */
enum lab_outcome { LAB_PENDING, LAB_ANSWERED, LAB_REJECTED, LAB_FAILED };
struct lab_order {
    sim_time sched, done; /* done: when the answer came (LAB_PENDING: none) */
    uint32_t phase;       /* ord_variant_result.phases entry */
    uint8_t var;          /* index into cfg->variants */
    uint8_t outcome;      /* enum lab_outcome */
};
struct lab_row { /* one order's row in the database */
    int64_t id;
    sim_time written;
    int32_t dups;
};
struct lab_mark { /* a dead-lettered or redelivered message */
    sim_time at;
    int64_t id;
};
struct lab_sample {
    sim_time at;
    int64_t backlog;
};
struct lab_busy { /* B's busy workers in one wiring, sampled (B's GET /busy) */
    sim_time at;
    uint8_t var; /* index into cfg->variants */
    int64_t busy;
};
struct lab_writer { /* rows written by one B (its consumer name) */
    char name[64];
    uint64_t rows;
};
struct lab_record {
    struct lab_order *orders; /* norders, index = order id */
    size_t norders;
    struct lab_row *rows;
    size_t nrows;
    struct lab_mark *dlq, *redelivered;
    size_t ndlq, nredelivered;
    struct lab_sample *samples;
    size_t nsamples;
    struct lab_busy *busy;
    size_t nbusy;
};
/* An order's id: arrival index and variant index. */
#define LAB_ID(arrival, var) ((int64_t)(arrival) * ORD_MAX_VARIANTS + (var))

/* Fill out->result (and the exactly-once figures of out->report) from rec. Returns 0
 * or SIM_ENOMEM (out is then closed). */
int lab_build_result(struct lab_run *out, const struct ord_config *cfg,
                     const struct lab_record *rec);
/* The same for a run that ends at end (< duration + drain when it was stopped early),
 * with the buckets closed only up to upto (< end: the run so far, result.now = upto). */
int lab_build_result_upto(struct lab_run *out, const struct ord_config *cfg,
                          const struct lab_record *rec, sim_time end, sim_time upto);

#endif
