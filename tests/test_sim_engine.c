/* Tests for sim/engine.h: ordering, ties, cancel, handles, split runs, pooling. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "sim/engine.h"
#include "sim/error.h"
#include "sim/rng.h"

/* A log of fired events: (time, arg) pairs. */
struct log {
    sim_time at[4096];
    uint64_t arg[4096];
    size_t n;
};

static void log_fn(struct sim_engine *e, void *ctx, uint64_t arg)
{
    struct log *l = ctx;
    assert_true(l->n < 4096);
    l->at[l->n] = sim_now(e);
    l->arg[l->n] = arg;
    l->n++;
}

static void test_time_order_and_ties(void **state)
{
    (void)state;
    struct sim_engine e;
    struct log l = {.n = 0};
    assert_int_equal(sim_engine_init(&e), 0);
    /* Scheduled out of time order; equal times must keep schedule order. */
    sim_time times[] = {50, 10, 30, 10, 50, 0, 30, 10};
    for (uint64_t i = 0; i < 8; i++)
        assert_int_not_equal(sim_schedule(&e, times[i], log_fn, &l, i), 0);
    assert_int_equal(sim_pending(&e), 8);
    assert_int_equal(sim_next_time(&e), 0);
    assert_int_equal(sim_run(&e), 8);
    uint64_t want[] = {5, 1, 3, 7, 2, 6, 0, 4};
    for (size_t i = 0; i < 8; i++) {
        assert_int_equal(l.arg[i], want[i]);
        assert_int_equal(l.at[i], times[want[i]]);
    }
    assert_int_equal(sim_pending(&e), 0);
    assert_int_equal(sim_next_time(&e), SIM_TIME_NEVER);
    assert_int_equal(e.fired, 8);
    sim_engine_close(&e);
}

static void test_cancel(void **state)
{
    (void)state;
    struct sim_engine e;
    struct log l = {.n = 0};
    assert_int_equal(sim_engine_init(&e), 0);
    sim_event_id a = sim_schedule(&e, 10, log_fn, &l, 1);
    sim_event_id b = sim_schedule(&e, 20, log_fn, &l, 2);
    sim_event_id c = sim_schedule(&e, 30, log_fn, &l, 3);
    assert_int_equal(sim_cancel(&e, b), 0);
    assert_int_equal(sim_pending(&e), 2);
    assert_int_equal(sim_cancel(&e, b), SIM_ENOENT); /* twice */
    assert_int_equal(sim_cancel(&e, 0), SIM_ENOENT);
    assert_int_equal(sim_cancel(&e, ((uint64_t)1 << 32) | 999999u), SIM_ENOENT);
    assert_int_equal(sim_run_until(&e, 15), 1);
    assert_int_equal(sim_cancel(&e, a), SIM_ENOENT); /* already fired */
    /* The slot freed by a and b is reused; the old handles must not reach it. */
    sim_event_id d = sim_schedule(&e, 40, log_fn, &l, 4);
    sim_event_id f = sim_schedule(&e, 40, log_fn, &l, 5);
    assert_int_not_equal(d, a);
    assert_int_not_equal(f, b);
    assert_int_equal(sim_cancel(&e, a), SIM_ENOENT);
    assert_int_equal(sim_cancel(&e, b), SIM_ENOENT);
    assert_int_equal(sim_pending(&e), 3);
    assert_int_equal(sim_cancel(&e, d), 0);
    assert_int_equal(sim_run(&e), 2);
    assert_int_equal(l.n, 3);
    assert_int_equal(l.arg[0], 1);
    assert_int_equal(l.arg[1], 3);
    assert_int_equal(l.arg[2], 5);
    assert_int_equal(sim_cancel(&e, c), SIM_ENOENT);
    sim_engine_close(&e);
}

static void nop_fn(struct sim_engine *e, void *ctx, uint64_t arg)
{
    (void)e;
    (void)ctx;
    (void)arg;
}

static int cmp_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return (x > y) - (x < y);
}

/* One slot reused many times still never repeats a handle. */
static void test_handles_unique(void **state)
{
    (void)state;
    enum { N = 20000 };
    struct sim_engine e;
    assert_int_equal(sim_engine_init(&e), 0);
    uint64_t *ids = malloc(N * sizeof *ids);
    assert_non_null(ids);
    for (size_t i = 0; i < N; i++) {
        ids[i] = sim_schedule_in(&e, 1, nop_fn, NULL, 0);
        assert_int_not_equal(ids[i], 0);
        if (i % 2)
            assert_int_equal(sim_cancel(&e, ids[i]), 0);
        else
            assert_int_equal(sim_step(&e), 1);
    }
    qsort(ids, N, sizeof *ids, cmp_u64);
    for (size_t i = 1; i < N; i++)
        assert_true(ids[i] != ids[i - 1]);
    assert_true(e.slots_len <= 2); /* the pool did not grow with the reuse */
    free(ids);
    sim_engine_close(&e);
}

/* Callbacks that schedule more events, including at sim_now(). */
struct chain {
    struct log *log;
    int remaining;
};

static void chain_fn(struct sim_engine *e, void *ctx, uint64_t arg)
{
    struct chain *c = ctx;
    log_fn(e, c->log, arg);
    if (c->remaining-- > 0) {
        sim_schedule(e, sim_now(e), chain_fn, c, arg + 1);       /* same time: fires next */
        sim_schedule(e, sim_now(e) - 5, chain_fn, c, arg + 100); /* past: treated as now */
    }
}

static void test_schedule_from_callback(void **state)
{
    (void)state;
    struct sim_engine e;
    struct log l = {.n = 0};
    struct chain c = {&l, 3};
    assert_int_equal(sim_engine_init(&e), 0);
    sim_schedule(&e, 7, chain_fn, &c, 0);
    sim_run_until(&e, 7);
    assert_int_equal(l.n, 7);
    for (size_t i = 0; i < l.n; i++)
        assert_int_equal(l.at[i], 7);
    assert_int_equal(l.arg[0], 0);
    assert_int_equal(l.arg[1], 1);   /* scheduled first by event 0 */
    assert_int_equal(l.arg[2], 100); /* scheduled second by event 0 */
    assert_int_equal(sim_pending(&e), 0);
    sim_engine_close(&e);
}

static void test_clock(void **state)
{
    (void)state;
    struct sim_engine e;
    struct log l = {.n = 0};
    assert_int_equal(sim_engine_init(&e), 0);
    assert_int_equal(sim_now(&e), 0);
    assert_int_equal(sim_run_until(&e, 100), 0);
    assert_int_equal(sim_now(&e), 100);
    sim_run_until(&e, 50); /* never back */
    assert_int_equal(sim_now(&e), 100);
    sim_schedule(&e, 10, log_fn, &l, 0); /* in the past: fires at now */
    assert_int_equal(sim_next_time(&e), 100);
    assert_int_equal(sim_schedule_in(&e, SIM_TIME_NEVER, log_fn, &l, 0), 0);
    assert_int_equal(sim_schedule_in(&e, SIM_TIME_NEVER - 50, log_fn, &l, 0), 0);
    assert_int_not_equal(sim_schedule_in(&e, 25, log_fn, &l, 1), 0);
    assert_int_equal(sim_pending(&e), 2);
    assert_int_equal(sim_run(&e), 2);
    assert_int_equal(l.at[0], 100);
    assert_int_equal(l.at[1], 125);
    assert_int_equal(sim_now(&e), 125); /* sim_run leaves the clock at the last event */
    sim_engine_close(&e);
}

static void stop_fn(struct sim_engine *e, void *ctx, uint64_t arg)
{
    log_fn(e, ctx, arg);
    sim_stop(e);
}

static void test_stop(void **state)
{
    (void)state;
    struct sim_engine e;
    struct log l = {.n = 0};
    assert_int_equal(sim_engine_init(&e), 0);
    sim_schedule(&e, 10, log_fn, &l, 0);
    sim_schedule(&e, 20, stop_fn, &l, 1);
    sim_schedule(&e, 30, log_fn, &l, 2);
    assert_int_equal(sim_run_until(&e, 100), 2);
    assert_int_equal(sim_now(&e), 20);
    assert_int_equal(sim_pending(&e), 1);
    assert_int_equal(sim_run_until(&e, 100), 1); /* a new run is not stopped */
    assert_int_equal(sim_now(&e), 100);
    sim_engine_close(&e);
}

/* A random workload: each event may schedule up to two more and cancel one of the
 * handles it remembers. Used to compare one long run against split runs. */
struct workload {
    struct sim_rng rng;
    sim_event_id remembered[64];
    uint64_t trace_hash;
    uint64_t count;
    int budget;
};

static void work_fn(struct sim_engine *e, void *ctx, uint64_t arg)
{
    struct workload *w = ctx;
    w->trace_hash = (w->trace_hash ^ (uint64_t)sim_now(e)) * 1099511628211ULL;
    w->trace_hash = (w->trace_hash ^ arg) * 1099511628211ULL;
    w->count++;
    if (w->budget <= 0)
        return;
    int k = (int)sim_rng_below(&w->rng, 4); /* 1.5 children on average */
    for (int i = 0; i < k && w->budget > 0; i++, w->budget--) {
        sim_time delay = (sim_time)sim_rng_below(&w->rng, 4) * 250; /* many ties */
        sim_event_id id = sim_schedule_in(e, delay, work_fn, w, sim_rng_u64(&w->rng));
        assert_int_not_equal(id, 0);
        w->remembered[sim_rng_below(&w->rng, 64)] = id;
    }
    if (sim_rng_below(&w->rng, 4) == 0) {
        sim_event_id id = w->remembered[sim_rng_below(&w->rng, 64)];
        int rc = sim_cancel(e, id);
        assert_true(rc == 0 || rc == SIM_ENOENT);
    }
}

static void start_workload(struct sim_engine *e, struct workload *w)
{
    memset(w, 0, sizeof *w);
    sim_rng_init(&w->rng, 42, 7);
    w->budget = 200000;
    for (int i = 0; i < 50; i++)
        sim_schedule(e, (sim_time)i * 100, work_fn, w, (uint64_t)i);
}

static void test_split_runs_match(void **state)
{
    (void)state;
    struct sim_engine one, split;
    struct workload w1, w2;
    assert_int_equal(sim_engine_init(&one), 0);
    assert_int_equal(sim_engine_init(&split), 0); /* two engines in one process */
    start_workload(&one, &w1);
    start_workload(&split, &w2);
    sim_run_until(&one, 1000000000);
    struct sim_rng cuts;
    sim_rng_init(&cuts, 1, 2);
    /* Cut points on event times (multiples of 250) and between them. */
    for (sim_time t = 0; sim_pending(&split) > 0;)
        sim_run_until(&split, t += 1 + (sim_time)sim_rng_below(&cuts, 5000));
    sim_run_until(&split, 1000000000);
    assert_true(w1.count > 100000);
    assert_int_equal(w1.count, w2.count);
    assert_int_equal(w1.trace_hash, w2.trace_hash);
    assert_int_equal(sim_pending(&one), 0);
    assert_int_equal(sim_pending(&split), 0);
    sim_engine_close(&one);
    sim_engine_close(&split);
}

/* Against a reference: random schedules and cancels, then every event must come out
 * in (time, schedule order), and sim_pending must match the reference count. */
struct ref_event {
    sim_time at;
    uint64_t seq;
    sim_event_id id;
    int cancelled;
};

static int cmp_ref(const void *a, const void *b)
{
    const struct ref_event *x = a, *y = b;
    if (x->at != y->at)
        return (x->at > y->at) - (x->at < y->at);
    return (x->seq > y->seq) - (x->seq < y->seq);
}

static void test_against_reference(void **state)
{
    (void)state;
    enum { N = 4000 };
    struct sim_engine e;
    static struct ref_event ref[N];
    static struct log l;
    l.n = 0;
    struct sim_rng r;
    sim_rng_init(&r, 3, 3);
    assert_int_equal(sim_engine_init(&e), 0);
    size_t live = 0, peak = 0;
    for (uint64_t i = 0; i < N; i++) {
        ref[i] = (struct ref_event){(sim_time)sim_rng_below(&r, 1000), i, 0, 0};
        ref[i].id = sim_schedule(&e, ref[i].at, log_fn, &l, i);
        live++;
        peak = live > peak ? live : peak;
        if (sim_rng_below(&r, 3) == 0) { /* cancel a random earlier event */
            struct ref_event *c = &ref[sim_rng_below(&r, i + 1)];
            assert_int_equal(sim_cancel(&e, c->id), c->cancelled ? SIM_ENOENT : 0);
            live -= !c->cancelled;
            c->cancelled = 1;
        }
        assert_int_equal(sim_pending(&e), live);
    }
    assert_true(e.slots_len <= peak); /* cancelled slots were reused */
    qsort(ref, N, sizeof ref[0], cmp_ref);
    assert_int_equal(sim_run(&e), live);
    size_t k = 0;
    for (size_t i = 0; i < N; i++) {
        if (ref[i].cancelled)
            continue;
        assert_int_equal(l.arg[k], ref[i].seq);
        assert_int_equal(l.at[k], ref[i].at);
        k++;
    }
    assert_int_equal(k, l.n);
    sim_engine_close(&e);
}

/* Against a reference from inside callbacks, where the firing event's entry is still
 * in the heap (sim/engine.c): each callback schedules none, one or several events
 * (ties at now included), cancels one (pending, fired, or itself), reads the next
 * time, and now and then steps the engine from inside. Every event must fire in
 * (time, schedule order) and the next time must be the reference's earliest. */
enum { CB_MAX = 30000 };
struct cb_ref {
    struct sim_rng rng;
    struct ref_event ev[CB_MAX];
    uint32_t pending[CB_MAX]; /* indices into ev, unordered */
    size_t n, npending, fired, nested;
    int depth;
};

static size_t cb_earliest(const struct cb_ref *w)
{
    size_t best = SIZE_MAX;
    for (size_t i = 0; i < w->npending; i++) {
        const struct ref_event *x = &w->ev[w->pending[i]];
        if (best == SIZE_MAX || cmp_ref(x, &w->ev[best]) < 0)
            best = w->pending[i];
    }
    return best;
}

static void cb_unpend(struct cb_ref *w, uint64_t k)
{
    for (size_t i = 0; i < w->npending; i++)
        if (w->pending[i] == k) {
            w->pending[i] = w->pending[--w->npending];
            return;
        }
    fail_msg("event %llu is not pending", (unsigned long long)k);
}

static void cb_fn(struct sim_engine *e, void *ctx, uint64_t arg);

static void cb_schedule(struct sim_engine *e, struct cb_ref *w, sim_time at)
{
    if (w->n == CB_MAX)
        return;
    struct ref_event *x = &w->ev[w->n];
    *x = (struct ref_event){at, w->n, 0, 0};
    x->id = sim_schedule(e, at, cb_fn, w, w->n);
    assert_int_not_equal(x->id, 0);
    w->pending[w->npending++] = (uint32_t)w->n++;
}

static void cb_fn(struct sim_engine *e, void *ctx, uint64_t arg)
{
    struct cb_ref *w = ctx;
    assert_int_equal(arg, cb_earliest(w)); /* the earliest pending one fires */
    assert_int_equal(sim_now(e), w->ev[arg].at);
    cb_unpend(w, arg);
    w->ev[arg].cancelled = 1; /* gone: cancelling it now must fail */
    w->fired++;
    int k = (int)sim_rng_below(&w->rng, 4); /* 0 .. 3 children, 1.5 on average */
    for (int i = 0; i < k; i++)
        cb_schedule(e, w, sim_now(e) + (sim_time)sim_rng_below(&w->rng, 3) * 500);
    if (sim_rng_below(&w->rng, 3) == 0 && w->n > 0) {
        struct ref_event *c = &w->ev[sim_rng_below(&w->rng, w->n)];
        assert_int_equal(sim_cancel(e, c->id), c->cancelled ? SIM_ENOENT : 0);
        if (!c->cancelled)
            cb_unpend(w, c->seq);
        c->cancelled = 1;
    }
    if (sim_rng_below(&w->rng, 4) == 0) {
        size_t next = cb_earliest(w);
        assert_int_equal(sim_next_time(e), next == SIZE_MAX ? SIM_TIME_NEVER : w->ev[next].at);
    }
    assert_int_equal(sim_pending(e), w->npending);
    if (w->depth == 0 && sim_rng_below(&w->rng, 50) == 0) {
        w->depth++;
        w->nested += (size_t)sim_step(e); /* fires the earliest, checked as above */
        w->depth--;
    }
}

static void test_callbacks_against_reference(void **state)
{
    (void)state;
    struct sim_engine e;
    static struct cb_ref w;
    memset(&w, 0, sizeof w);
    sim_rng_init(&w.rng, 11, 4);
    assert_int_equal(sim_engine_init(&e), 0);
    for (int i = 0; i < 40; i++)
        cb_schedule(&e, &w, (sim_time)sim_rng_below(&w.rng, 4) * 500);
    uint64_t fired = sim_run(&e);
    assert_int_equal(w.n, CB_MAX); /* the budget was used up */
    assert_int_equal(w.npending, 0);
    assert_int_equal(fired + w.nested, w.fired);
    assert_true(w.nested > 100);
    assert_int_equal(sim_pending(&e), 0);
    assert_int_equal(sim_next_time(&e), SIM_TIME_NEVER);
    sim_engine_close(&e);
}

/* Steady state: a fixed population of self-rescheduling events must not grow the pool. */
static void ring_fn(struct sim_engine *e, void *ctx, uint64_t arg)
{
    struct sim_rng *r = ctx;
    sim_schedule_in(e, 1 + (sim_time)sim_rng_below(r, 1000), ring_fn, r, arg);
}

static void test_steady_state_no_growth(void **state)
{
    (void)state;
    struct sim_engine e;
    struct sim_rng r;
    sim_rng_init(&r, 5, 5);
    assert_int_equal(sim_engine_init(&e), 0);
    for (uint64_t i = 0; i < 1000; i++)
        sim_schedule(&e, (sim_time)i, ring_fn, &r, i);
    sim_run_until(&e, 10000);
    uint32_t cap = e.slots_cap;
    size_t heap_cap = e.heap_cap;
    void *slots = e.slots, *heap = e.heap;
    sim_run_until(&e, 300000);
    assert_true(e.fired > 500000);
    assert_int_equal(sim_pending(&e), 1000);
    assert_int_equal(e.slots_cap, cap);
    assert_int_equal(e.heap_cap, heap_cap);
    assert_ptr_equal(e.slots, slots);
    assert_ptr_equal(e.heap, heap);
    assert_true(e.slots_len <= 1000); /* each firing frees its slot before the callback */
    sim_engine_close(&e);
}

/* After sim_reserve(n) the next n schedules allocate nothing (the pools stay where
 * they are), so a caller can schedule inside an event without a way to fail. */
static void test_reserve(void **state)
{
    (void)state;
    struct sim_engine e;
    assert_int_equal(sim_engine_init(&e), 0);
    for (int i = 0; i < 10; i++)
        assert_true(sim_schedule(&e, i, nop_fn, NULL, 0) != 0);
    assert_int_equal(sim_reserve(&e, 5000), 0);
    const void *heap = e.heap, *slots = e.slots;
    for (int i = 0; i < 5000; i++)
        assert_true(sim_schedule(&e, 100 + i, nop_fn, NULL, 0) != 0);
    assert_ptr_equal(e.heap, heap);
    assert_ptr_equal(e.slots, slots);
    assert_int_equal(sim_pending(&e), 5010);
    assert_int_equal(sim_run(&e), 5010);
    assert_int_equal(sim_reserve(&e, 0), 0);
    sim_engine_close(&e);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_time_order_and_ties),
        cmocka_unit_test(test_cancel),
        cmocka_unit_test(test_handles_unique),
        cmocka_unit_test(test_schedule_from_callback),
        cmocka_unit_test(test_clock),
        cmocka_unit_test(test_stop),
        cmocka_unit_test(test_split_runs_match),
        cmocka_unit_test(test_against_reference),
        cmocka_unit_test(test_callbacks_against_reference),
        cmocka_unit_test(test_steady_state_no_growth),
        cmocka_unit_test(test_reserve),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
