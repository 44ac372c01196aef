/* tests/test_ord_model_util.h: configs built in C for the model's tests (the YAML
 * loader is tested on its own). Include after <cmocka.h>. */
#ifndef TEST_ORD_MODEL_UTIL_H
#define TEST_ORD_MODEL_UTIL_H

#include <stdlib.h>
#include <string.h>

#include "orders/scenario/config.h"
#include "orders/model.h"
#include "sim/error.h"

/* Replace c's phases with n (at, rate) pairs. */
static inline void util_phases(struct ord_config *c, size_t n, const struct ord_phase *p)
{
    free(c->load.phases);
    c->load.phases = malloc(n * sizeof *p);
    assert_non_null(c->load.phases);
    memcpy(c->load.phases, p, n * sizeof *p);
    c->load.nphases = n;
}

/* Append a fault to c. */
static inline void util_fault(struct ord_config *c, struct ord_fault f)
{
    struct ord_fault *a = realloc(c->faults, (c->nfaults + 1) * sizeof *a);
    assert_non_null(a);
    a[c->nfaults++] = f;
    c->faults = a;
}

/* The canonical flash spike: 60 s of load + 30 s of drain, Poisson, 1000/s for
 * 0-10 s, 10 000/s for 10-20 s, 1000/s after; seed 42; the default stations. */
static inline void util_canonical(struct ord_config *c)
{
    assert_int_equal(ord_config_default(c), 0);
    const struct ord_phase p[] = {{0, 1000}, {10 * SIM_S, 10000}, {20 * SIM_S, 1000}};
    util_phases(c, 3, p);
    c->seed = 42;
    c->duration = 60 * SIM_S;
    c->drain = 30 * SIM_S;
}

/* A steady load of rate orders/s for duration, then drain. */
static inline void util_steady(struct ord_config *c, double rate, sim_time duration, sim_time drain)
{
    assert_int_equal(ord_config_default(c), 0);
    const struct ord_phase p[] = {{0, rate}};
    util_phases(c, 1, p);
    c->duration = duration;
    c->drain = drain;
}

static inline void util_run(struct ord_run *r, const struct ord_config *c)
{
    assert_int_equal(ord_run_init(r, c), 0);
    int rc = ord_run_finish(r);
    if (rc != 0)
        fail_msg("run: %s", ord_run_strerror(r, rc));
}

/* The result of variant kind in a finished run. */
static inline const struct ord_variant_result *util_variant(const struct ord_run *r,
                                                            enum ord_variant kind)
{
    const struct ord_result *res = ord_run_result(r);
    for (int i = 0; i < res->nvariants; i++)
        if (res->v[i].kind == kind)
            return &res->v[i];
    fail_msg("no variant %d", (int)kind);
    return NULL;
}

/* Sum of a column over the buckets starting in [from, to). */
static inline int64_t util_col_sum(const struct ord_variant_result *v, int col, sim_time from,
                                   sim_time to)
{
    int64_t sum = 0;
    for (size_t b = 0; b < sim_series_len(&v->series); b++) {
        sim_time t = sim_series_start(&v->series, b);
        if (t >= from && t < to)
            sum += sim_series_get(&v->series, b, col);
    }
    return sum;
}

#endif
