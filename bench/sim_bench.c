/* bench/sim_bench.c: speed of the bare kernel.
 *
 *   sim_bench mm1 N     M/M/1 (lambda 0.9, mu 1.0 per ms) with N customers, one line:
 *                       mm1 customers=N seconds=S customers_per_s=R
 *                       customers_per_cpu_s=C mean_sojourn_s=W theory_s=0.0100
 *   sim_bench events N  N events scheduled and fired through a pending set of 1000
 *
 * Wall and CPU time are measured around the run only (setup excluded); the CPU time
 * is the steadier on a shared machine. Exit 2 on bad usage,
 * 1 on a runtime failure. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "sim/dist.h"
#include "sim/engine.h"
#include "sim/rng.h"

#define QUEUE_CAP (1u << 16) /* power of two: a ring of waiting arrival times */

struct mm1 {
    struct sim_engine e;
    struct sim_rng arrival_rng, service_rng;
    struct sim_dist interarrival, service;
    int busy, failed;
    sim_time queue[QUEUE_CAP];
    uint32_t head, len;
    uint64_t to_arrive, done;
    double sojourn_sum_ns;
};

static double clock_s(clockid_t clock)
{
    struct timespec ts;
    clock_gettime(clock, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static double wall_s(void)
{
    return clock_s(CLOCK_MONOTONIC);
}

static void depart(struct sim_engine *e, void *ctx, uint64_t arrived_at);

static void start_service(struct mm1 *m, sim_time arrived_at)
{
    sim_time s = sim_dist_sample(&m->service, &m->service_rng);
    if (!sim_schedule_in(&m->e, s, depart, m, (uint64_t)arrived_at))
        m->failed = 1;
}

static void arrive(struct sim_engine *e, void *ctx, uint64_t arg)
{
    (void)arg;
    struct mm1 *m = ctx;
    if (!m->busy) {
        m->busy = 1;
        start_service(m, sim_now(e));
    } else if (m->len < QUEUE_CAP) {
        m->queue[(m->head + m->len++) & (QUEUE_CAP - 1)] = sim_now(e);
    } else {
        m->failed = 1;
    }
    if (--m->to_arrive > 0 &&
        !sim_schedule_in(e, sim_dist_sample(&m->interarrival, &m->arrival_rng), arrive, m, 0))
        m->failed = 1;
}

static void depart(struct sim_engine *e, void *ctx, uint64_t arrived_at)
{
    struct mm1 *m = ctx;
    m->done++;
    m->sojourn_sum_ns += (double)(sim_now(e) - (sim_time)arrived_at);
    if (m->len > 0) {
        sim_time a = m->queue[m->head];
        m->head = (m->head + 1) & (QUEUE_CAP - 1);
        m->len--;
        start_service(m, a);
    } else {
        m->busy = 0;
    }
}

static int bench_mm1(uint64_t n)
{
    struct mm1 *m = calloc(1, sizeof *m);
    if (!m || sim_engine_init(&m->e) != 0) {
        fprintf(stderr, "sim_bench: out of memory\n");
        free(m);
        return 1;
    }
    sim_rng_init(&m->arrival_rng, 1, sim_rng_stream_id("arrivals"));
    sim_rng_init(&m->service_rng, 1, sim_rng_stream_id("service"));
    sim_dist_exp(&m->interarrival, SIM_MS * 10 / 9); /* lambda 0.9 per ms */
    sim_dist_exp(&m->service, SIM_MS);               /* mu 1.0 per ms */
    m->to_arrive = n;
    sim_schedule(&m->e, 0, arrive, m, 0);
    double t0 = wall_s(), cpu0 = clock_s(CLOCK_PROCESS_CPUTIME_ID);
    sim_run(&m->e);
    double seconds = wall_s() - t0, cpu = clock_s(CLOCK_PROCESS_CPUTIME_ID) - cpu0;
    int rc = 0;
    if (m->failed || m->done != n) {
        fprintf(stderr, "sim_bench: run failed (%llu of %llu customers)\n",
                (unsigned long long)m->done, (unsigned long long)n);
        rc = 1;
    } else {
        printf("mm1 customers=%llu seconds=%.3f customers_per_s=%.0f customers_per_cpu_s=%.0f "
               "mean_sojourn_s=%.4f theory_s=%.4f\n",
               (unsigned long long)n, seconds, (double)n / seconds, (double)n / cpu,
               m->sojourn_sum_ns / (double)n / 1e9, 1 / (1000.0 - 900.0));
    }
    sim_engine_close(&m->e);
    free(m);
    return rc;
}

struct churn {
    struct sim_rng rng;
    uint64_t remaining;
};

static void churn_fn(struct sim_engine *e, void *ctx, uint64_t arg)
{
    struct churn *c = ctx;
    if (c->remaining > 0) {
        c->remaining--;
        sim_schedule_in(e, 1 + (sim_time)sim_rng_below(&c->rng, 1000000), churn_fn, c, arg);
    }
}

static int bench_events(uint64_t n)
{
    struct sim_engine e;
    struct churn c;
    if (sim_engine_init(&e) != 0) {
        fprintf(stderr, "sim_bench: out of memory\n");
        return 1;
    }
    sim_rng_init(&c.rng, 1, 1);
    c.remaining = n;
    for (uint64_t i = 0; i < 1000; i++)
        if (!sim_schedule(&e, (sim_time)i, churn_fn, &c, i)) {
            sim_engine_close(&e);
            return 1;
        }
    double t0 = wall_s();
    uint64_t fired = sim_run(&e);
    double seconds = wall_s() - t0;
    printf("events fired=%llu pending=1000 seconds=%.3f events_per_s=%.0f\n",
           (unsigned long long)fired, seconds, (double)fired / seconds);
    sim_engine_close(&e);
    return 0;
}

int main(int argc, char **argv)
{
    char *end = NULL;
    unsigned long long n = argc == 3 ? strtoull(argv[2], &end, 10) : 0;
    if (argc != 3 || !end || *end || n == 0) {
        fprintf(stderr, "usage: sim_bench mm1|events N\n");
        return 2;
    }
    if (strcmp(argv[1], "mm1") == 0)
        return bench_mm1(n);
    if (strcmp(argv[1], "events") == 0)
        return bench_events(n);
    fprintf(stderr, "sim_bench: unknown benchmark '%s'\n", argv[1]);
    return 2;
}
