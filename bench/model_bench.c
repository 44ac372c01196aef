/* bench/model_bench.c: speed of the whole order model.
 *
 *   model_bench canonical R   the canonical flash spike (built in C, as in
 *                             tests/test_ord_canonical.c: 60 s + 30 s, 1000/s,
 *                             10 000/s for 10-20 s, both variants), R runs
 *   model_bench SCENARIO R    a built-in scenario name or a scenario file
 *
 * One line: `NAME runs=R orders=N seconds_per_run=S cpu_seconds_per_run=C
 * orders_per_s=X`, where N is the number of orders that arrived in one run (each goes
 * through every variant), S the mean wall time of init + run to the end + close and C
 * its CPU time (steadier than S on a shared machine: what bench/run compares with
 * SimPy). Exit 2 on bad usage, 1 on a runtime failure. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "orders/model.h"
#include "orders/scenario/scenario.h"
#include "sim/error.h"

static double clock_s(clockid_t clock)
{
    struct timespec ts;
    clock_gettime(clock, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static int canonical(struct ord_config *c)
{
    int rc = ord_config_default(c);
    if (rc != 0)
        return rc;
    struct ord_phase *p = malloc(3 * sizeof *p);
    if (!p) {
        ord_config_free(c);
        return SIM_ENOMEM;
    }
    p[0] = (struct ord_phase){0, 1000};
    p[1] = (struct ord_phase){10 * SIM_S, 10000};
    p[2] = (struct ord_phase){20 * SIM_S, 1000};
    free(c->load.phases);
    c->load.phases = p;
    c->load.nphases = 3;
    c->seed = 42;
    c->duration = 60 * SIM_S;
    c->drain = 30 * SIM_S;
    return 0;
}

/* One run to the end; *orders = arrivals. */
static int run_once(const struct ord_config *c, uint64_t *orders)
{
    struct ord_run r;
    int rc = ord_run_init(&r, c);
    if (rc != 0)
        return rc;
    rc = ord_run_finish(&r);
    if (rc == 0)
        *orders = ord_run_result(&r)->v[0].totals.offered;
    else
        fprintf(stderr, "model_bench: run failed: %s\n", ord_run_strerror(&r, rc));
    ord_run_close(&r);
    return rc;
}

int main(int argc, char **argv)
{
    char *end = NULL;
    unsigned long runs = argc == 3 ? strtoul(argv[2], &end, 10) : 0;
    if (argc != 3 || !end || *end || runs == 0) {
        fprintf(stderr, "usage: model_bench canonical|SCENARIO RUNS\n");
        return 2;
    }
    struct ord_config c;
    int rc;
    if (strcmp(argv[1], "canonical") == 0) {
        rc = canonical(&c);
    } else {
        struct ord_diag d;
        rc = ord_scenario_resolve(&c, argv[1], &d);
        if (rc != 0) {
            ord_diag_print(&d, stderr);
            return 2;
        }
    }
    if (rc != 0) {
        fprintf(stderr, "model_bench: %s\n", sim_strerror(rc));
        return 1;
    }
    uint64_t orders = 0;
    double t0 = clock_s(CLOCK_MONOTONIC), cpu0 = clock_s(CLOCK_PROCESS_CPUTIME_ID);
    for (unsigned long i = 0; i < runs && rc == 0; i++)
        rc = run_once(&c, &orders);
    double per_run = (clock_s(CLOCK_MONOTONIC) - t0) / (double)runs;
    double cpu_per_run = (clock_s(CLOCK_PROCESS_CPUTIME_ID) - cpu0) / (double)runs;
    ord_config_free(&c);
    if (rc != 0)
        return 1; /* run_once said why */
    printf("%s runs=%lu orders=%llu seconds_per_run=%.4f cpu_seconds_per_run=%.4f "
           "orders_per_s=%.0f\n",
           argv[1], runs, (unsigned long long)orders, per_run, cpu_per_run,
           (double)orders / per_run);
    return 0;
}
