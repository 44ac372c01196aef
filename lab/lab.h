/* lab/lab.h: the scenario on real parts.
 *
 * lab_run() plays a scenario's arrivals (the very arrival stream the model draws for
 * the same seed) as HTTP requests to a real A, which calls a real B over HTTP (sync)
 * or stores the order in Redis Streams for B's consumer group (async); B writes each
 * order to PostgreSQL. It measures what happened into the model's result type
 * (struct ord_result), so the summary, CSV, JSON, charts and compare read a lab run
 * like a model run. With no URLs it starts its own redis-server and PostgreSQL and
 * removes them at the end.
 *
 * Blocking: lab_run takes the scenario's duration + drain of wall time (plus a few
 * seconds to start and stop the servers). It stops early, cleaning up, when *cancel
 * becomes nonzero (SIGINT/SIGTERM handlers set it). */
#ifndef LAB_LAB_H
#define LAB_LAB_H

#include <signal.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <uv.h>

#include "orders/model.h"

/* The scale `ordersim lab` runs at unless told (--scale): what this kind of machine
 * (2 cores, shared) sustains for flash-spike with both wirings; see README. */
#define LAB_DEFAULT_SCALE 0.1
#define LAB_DEFAULT_SCALE_TEXT "0.1"

struct lab; /* a lab run in progress: what the live view's calls below take */

/* The live view's part in a run (`lab --live`). Its callbacks, and the calls below,
 * run on the run's loop (one thread). */
struct lab_live {
    void *ud;
    /* Once the parts answer, just before the first order is sent: start the view's
     * handles on loop. Returns 0, or nonzero (with the reason in err) to end the run. */
    int (*start)(void *ud, struct lab *l, uv_loop_t *loop, char *err, size_t errlen);
    /* When the run's loop stops (lab_quit, cancel), and after a start that failed:
     * close what start opened; the loop runs again afterwards to finish closing. */
    void (*stop)(void *ud);
};

struct lab_opts {
    const char *redis_url; /* NULL: start our own redis-server */
    const char *pg_url;    /* NULL: start our own PostgreSQL */
    const char *exe;       /* this program, run again for A and B (their own processes) */
    const char *scenario_file; /* the scenario as a file the services load */
    int quiet;             /* no progress on stderr */
    volatile sig_atomic_t *cancel;
    /* NULL: the run ends after duration + drain. Else the live view draws it, and the
     * run goes on (done, the servers idle) until lab_quit; the services' messages go
     * to a log in the run's directory, not to the terminal. */
    const struct lab_live *live;
};

/* What only the lab knows: whether the load kept to its schedule, and the fate of
 * every accepted async order (the exactly-once check). */
struct lab_report {
    uint64_t sends;              /* requests sent */
    uint64_t late_sends;         /* sent more than 5 ms after their scheduled time */
    sim_time late_max;           /* the latest a request was sent */
    uint64_t async_accepted;     /* async orders A stored and answered 200 */
    uint64_t async_written;      /* of them, with their row in the database */
    uint64_t async_dlq;          /* of them, in the dead-letter stream (no row) */
    uint64_t async_missing;      /* of them, neither (lost, or still waiting) */
    uint64_t duplicates;         /* writes of an order that had its row already */
    double cpu_s;                /* CPU seconds: ordersim, A, B, Redis, PostgreSQL */
    double wall_s;               /* wall time of the load and drain */
    int b_restarts;              /* times B was started again after "B down" */
    struct {
        char name[64];  /* the B process (its consumer name: b-HOST-PID) */
        uint64_t rows;  /* rows it wrote */
    } writers[8];       /* the most prolific first */
    int nwriters;
};

struct lab_run {
    struct ord_result result; /* result.cfg: the caller's config, or played */
    struct lab_report report;
    /* With commands given live (lab_command): the caller's config with them merged
     * into its commands (owned; what the JSON's faults list), else NULL. */
    struct ord_config *played;
};

/* Run cfg (already scaled) on real parts. Returns 0, 1 (runtime failure: err says
 * why) or SIM_EINTR-as-130 when cancelled (err says "interrupted"). On 0 the caller
 * owns out and releases it with lab_run_close. */
int lab_run(struct lab_run *out, const struct ord_config *cfg, const struct lab_opts *o,
            char *err, size_t errlen);
void lab_run_close(struct lab_run *r);

/* The live view's calls (from the loop's callbacks only). */
/* Time since the load started, and whether the scenario is over (duration + drain). */
sim_time lab_now(const struct lab *l);
bool lab_done(const struct lab *l);
/* Is fault kind k on target t in force now (scheduled or given live)? */
bool lab_fault_active(const struct lab *l, enum ord_target t, enum ord_fault_kind k);
/* Play c now on the real parts (c->at is taken as now) and keep it: it joins the
 * result's config (the JSON's faults) as a live command does in the model. B down
 * kills B's process (a clear starts it again), B hang stops it (SIGSTOP), database
 * slow tells B to multiply its query time, MQ down pauses the lab's redis-server, a
 * load spike redraws the arrivals from now on from the model with the spike in it.
 * Returns 0 (also once the scenario is over: then nothing is done), SIM_EINVAL when
 * the lab cannot play it (mq down on a --redis broker, other targets), SIM_ENOMEM. */
int lab_command(struct lab *l, const struct ord_command *c);
/* The commands given so far, by time. */
const struct ord_command *lab_commands(const struct lab *l, size_t *n);
/* The run so far as a result: buckets closed up to half a second ago (the database's
 * rows are read every 300 ms), result.now there. Caller releases with lab_run_close.
 * Returns 0 or SIM_ENOMEM. */
int lab_snapshot(struct lab *l, struct lab_run *out);
/* End the run: the loop stops, the rows are read back, the servers stop; lab_run
 * returns with what was measured until now (the result ends here when the scenario
 * was not over). */
void lab_quit(struct lab *l);

/* The faults the lab can play ("B down", "B hang", "B slow", "database slow",
 * "MQ down", spikes); NULL if cfg has only these, else a sentence naming the first
 * other one (static storage). */
const char *lab_unsupported(const struct ord_config *cfg);

/* 0 when the broker and the database named (either may be NULL) are on this machine:
 * Unix sockets, or hosts whose every address is in 127.0.0.0/8 or ::1. Otherwise -1
 * with err saying which and why (the caller exits 2). */
int lab_check_local(const char *redis_url, const char *pg_url, char *err, size_t errlen);

/* The service processes (`ordersim lab serve ...`, and `ordersim lab consumer`). */
enum lab_role { LAB_ROLE_A, LAB_ROLE_B, LAB_ROLE_CONSUMER };
int lab_serve(enum lab_role role, const struct ord_config *cfg, const char *redis_url,
              const char *pg_url, const char *b_url, int fd_sync, int fd_async, int quiet);

#endif
