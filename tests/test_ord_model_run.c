/* The run driver: determinism, chunked advancing, bounded memory, live commands and
 * their replay, arrival streams, phase statistics, argument checks. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "orders/internal.h"
#include "test_ord_model_util.h"

/* A short flash spike: 1000/s, 10 000/s for 3 s at 5 s, 1000/s from 8 s; 15 s of load
 * and 10 s of drain. */
static void short_spike(struct ord_config *c)
{
    util_steady(c, 1000, 15 * SIM_S, 10 * SIM_S);
    const struct ord_phase p[] = {{0, 1000}, {5 * SIM_S, 10000}, {8 * SIM_S, 1000}};
    util_phases(c, 3, p);
}

static void assert_same_hist(const struct sim_hist *a, const struct sim_hist *b)
{
    assert_int_equal(a->total, b->total);
    assert_int_equal(a->min, b->min);
    assert_int_equal(a->max, b->max);
    assert_int_equal(sim_hist_mean(a), sim_hist_mean(b));
    assert_int_equal(a->counts_len, b->counts_len);
    assert_memory_equal(a->counts, b->counts, (size_t)a->counts_len * sizeof *a->counts);
}

/* Two records are identical: series bytes, histograms, totals, figures. */
static void assert_same_result(const struct ord_run *x, const struct ord_run *y)
{
    const struct ord_result *a = ord_run_result(x), *b = ord_run_result(y);
    assert_int_equal(a->nvariants, b->nvariants);
    assert_int_equal(a->now, b->now);
    for (int i = 0; i < a->nvariants; i++) {
        const struct ord_variant_result *u = &a->v[i], *v = &b->v[i];
        const struct sim_series *s = &u->series, *t = &v->series;
        assert_int_equal(sim_series_len(s), sim_series_len(t));
        assert_int_equal(sim_series_closed(s), sim_series_closed(t));
        assert_memory_equal(s->data, t->data, s->nbuckets * (size_t)s->ncols * sizeof *s->data);
        assert_memory_equal(s->sums, t->sums, s->closed * (size_t)s->nhist * sizeof *s->sums);
        assert_memory_equal(&u->totals, &v->totals, sizeof u->totals);
        for (int h = 0; h < s->nhist; h++) {
            assert_same_hist(&s->whole[h], &t->whole[h]);
            assert_same_hist(&s->live[h], &t->live[h]);
        }
        assert_int_equal(u->nphases, v->nphases);
        for (size_t p = 0; p < u->nphases; p++) {
            assert_int_equal(u->phases[p].offered, v->phases[p].offered);
            assert_same_hist(&u->phases[p].latency, &v->phases[p].latency);
        }
        assert_int_equal(u->backlog_max, v->backlog_max);
        assert_int_equal(u->backlog_max_at, v->backlog_max_at);
        assert_int_equal(u->drained_at, v->drained_at);
    }
}

static void test_determinism(void **state)
{
    (void)state;
    struct ord_config c;
    short_spike(&c);
    struct ord_run a, b, d;
    util_run(&a, &c);
    util_run(&b, &c);
    assert_same_result(&a, &b);
    c.seed = 43;
    util_run(&d, &c);
    const struct sim_series *s = &ord_run_result(&a)->v[0].series;
    const struct sim_series *t = &ord_run_result(&d)->v[0].series;
    assert_int_equal(sim_series_len(s), sim_series_len(t));
    assert_true(memcmp(s->data, t->data, s->nbuckets * (size_t)s->ncols * sizeof *s->data));
    ord_run_close(&a);
    ord_run_close(&b);
    ord_run_close(&d);
    ord_config_free(&c);
}

/* Advancing in 1 ms steps, or in uneven steps, gives byte-identical records, and the
 * open bucket shows what has been recorded so far. */
static void test_chunked_advance(void **state)
{
    (void)state;
    struct ord_config c;
    short_spike(&c);
    util_fault(&c, (struct ord_fault){.at = 6500 * SIM_MS,
                                      .length = 2 * SIM_S,
                                      .target = ORD_TARGET_B,
                                      .kind = ORD_FAULT_DOWN});
    struct ord_run one, ms, odd;
    util_run(&one, &c);
    assert_int_equal(ord_run_init(&ms, &c), 0);
    for (sim_time t = SIM_MS; !ord_run_done(&ms); t += SIM_MS) {
        assert_int_equal(ord_run_advance(&ms, t), 0);
        assert_int_equal(ord_run_now(&ms), t < 25 * SIM_S ? t : 25 * SIM_S);
    }
    assert_int_equal(ord_run_finish(&ms), 0);
    assert_same_result(&one, &ms);
    assert_int_equal(ord_run_init(&odd, &c), 0);
    sim_time step = 1;
    for (sim_time t = 0; !ord_run_done(&odd); t += step, step = step * 7 % 999983 + 1) {
        assert_int_equal(ord_run_advance(&odd, t), 0);
        if (t > 3500 * SIM_MS && t < 4 * SIM_S) { /* ~500 arrivals into bucket 3 */
            const struct sim_series *s = &ord_run_result(&odd)->v[0].series;
            assert_true(sim_series_get(s, 3, ORD_COL_OFFERED) > 0);
        }
    }
    assert_int_equal(ord_run_finish(&odd), 0);
    assert_same_result(&one, &odd);
    ord_run_close(&one);
    ord_run_close(&ms);
    ord_run_close(&odd);
    ord_config_free(&c);
}

/* Memory follows what is in flight, not what was served: ten times the orders, the
 * same pools. */
static void test_memory_bounded(void **state)
{
    (void)state;
    size_t orders[2][2], jobs[2][2], slots[2];
    for (int k = 0; k < 2; k++) {
        struct ord_config c;
        util_steady(&c, 1000, (k ? 100 : 10) * SIM_S, 2 * SIM_S);
        struct ord_run r;
        util_run(&r, &c);
        for (int i = 0; i < 2; i++) {
            orders[k][i] = r.p->vars[i].orders.allocated;
            jobs[k][i] = r.p->vars[i].jobs.allocated;
            assert_int_equal(r.p->vars[i].orders.live, 0);
            assert_int_equal(r.p->vars[i].jobs.live, 0);
        }
        slots[k] = r.p->engine.slots_len;
        assert_int_equal(ord_run_result(&r)->v[0].totals.completed,
                         ord_run_result(&r)->v[0].totals.offered);
        ord_run_close(&r);
        ord_config_free(&c);
    }
    for (int i = 0; i < 2; i++) {
        assert_int_equal(orders[0][i], orders[1][i]);
        assert_int_equal(jobs[0][i], jobs[1][i]);
        assert_true(orders[1][i] <= 1024 && jobs[1][i] <= 1024); /* one chunk */
    }
    assert_true(slots[1] < 256);
}

static const struct ord_fault b_down = {
    .target = ORD_TARGET_B, .kind = ORD_FAULT_DOWN, .length = SIM_TIME_NEVER};

/* A live fault at the current time (and its clear) gives the same record as the same
 * fault scheduled in the config, and as the same commands recorded in the config. */
static void test_live_fault_and_replay(void **state)
{
    (void)state;
    const sim_time on = 6500500 * SIM_US, off = 8500500 * SIM_US; /* off the grid */
    struct ord_config c, rec;
    short_spike(&c);
    short_spike(&rec);
    struct ord_fault f = b_down;
    f.at = on;
    f.length = off - on;
    util_fault(&c, f);
    struct ord_run sched, live, replay;
    util_run(&sched, &c);

    ord_config_free(&c);
    short_spike(&c);
    assert_int_equal(ord_run_init(&live, &c), 0);
    assert_int_equal(ord_run_advance(&live, on), 0);
    assert_false(ord_run_fault_active(&live, ORD_TARGET_B, ORD_FAULT_DOWN));
    assert_int_equal(ord_run_fault(&live, &b_down), 0);
    assert_int_equal(ord_run_advance(&live, off), 0);
    assert_true(ord_run_fault_active(&live, ORD_TARGET_B, ORD_FAULT_DOWN));
    assert_int_equal(ord_run_clear(&live, ORD_TARGET_B, 0), 0);
    assert_false(ord_run_fault_active(&live, ORD_TARGET_B, ORD_FAULT_DOWN));
    assert_int_equal(ord_run_finish(&live), 0);
    assert_same_result(&sched, &live);

    struct ord_command cmds[] = {{.at = on, .kind = ORD_CMD_FAULT, .fault = b_down},
                                 {.at = off, .kind = ORD_CMD_CLEAR, .fault = b_down}};
    rec.commands = malloc(sizeof cmds);
    assert_non_null(rec.commands);
    memcpy(rec.commands, cmds, sizeof cmds);
    rec.ncommands = 2;
    util_run(&replay, &rec);
    assert_same_result(&sched, &replay);
    assert_true(util_variant(&sched, ORD_VARIANT_SYNC)->totals.failed > 1000);

    ord_run_close(&sched);
    ord_run_close(&live);
    ord_run_close(&replay);
    ord_config_free(&c);
    ord_config_free(&rec);
}

/* ord_run_advance_bounded: a count of events per call (as the live view's frame budget
 * and a sweep's stop check use it) gives the same record, recorded commands included;
 * each call fires at most that many events and never moves the clock back. */
static void test_bounded_advance(void **state)
{
    (void)state;
    const sim_time on = 6500500 * SIM_US, off = 8500500 * SIM_US;
    struct ord_config c;
    short_spike(&c);
    struct ord_command cmds[] = {{.at = on, .kind = ORD_CMD_FAULT, .fault = b_down},
                                 {.at = off, .kind = ORD_CMD_CLEAR, .fault = b_down}};
    c.commands = malloc(sizeof cmds);
    assert_non_null(c.commands);
    memcpy(c.commands, cmds, sizeof cmds);
    c.ncommands = 2;
    struct ord_run one, bounded;
    util_run(&one, &c);
    assert_int_equal(ord_run_init(&bounded, &c), 0);
    const uint64_t max = 997;
    int calls = 0;
    sim_time last = 0;
    while (!ord_run_done(&bounded)) {
        assert_int_equal(ord_run_advance_bounded(&bounded, SIM_TIME_NEVER, max), 0);
        assert_true(ord_run_now(&bounded) >= last);
        last = ord_run_now(&bounded);
        calls++;
    }
    /* 25 s with ~45 000 orders of several events each: many calls, each cut short. */
    assert_true(calls > 100);
    assert_int_equal(ord_run_finish(&bounded), 0);
    assert_same_result(&one, &bounded);
    ord_run_close(&one);
    ord_run_close(&bounded);
    ord_config_free(&c);
}

/* A live load spike sets the rate for its length. */
static void test_spike_and_rate_now(void **state)
{
    (void)state;
    struct ord_config c;
    util_steady(&c, 1000, 20 * SIM_S, 5 * SIM_S);
    c.load.arrivals = ORD_ARRIVALS_EVEN;
    struct ord_run r;
    assert_int_equal(ord_run_init(&r, &c), 0);
    assert_true(ord_run_rate_now(&r) == 1000);
    assert_int_equal(ord_run_advance(&r, 5 * SIM_S), 0);
    struct ord_fault spike = {.target = ORD_TARGET_LOAD,
                              .kind = ORD_FAULT_SPIKE,
                              .rate_per_s = 4000,
                              .length = 2 * SIM_S};
    assert_int_equal(ord_run_fault(&r, &spike), 0);
    assert_int_equal(ord_run_advance(&r, 6 * SIM_S), 0);
    assert_true(ord_run_rate_now(&r) == 4000);
    assert_true(ord_run_fault_active(&r, ORD_TARGET_LOAD, ORD_FAULT_SPIKE));
    assert_int_equal(ord_run_finish(&r), 0);
    const struct ord_variant_result *v = &ord_run_result(&r)->v[0];
    /* evenly spaced: exact counts, the spike's first arrival at 5 s itself */
    assert_int_equal(sim_series_get(&v->series, 4, ORD_COL_OFFERED), 1000);
    assert_int_equal(sim_series_get(&v->series, 5, ORD_COL_OFFERED), 4000);
    assert_int_equal(sim_series_get(&v->series, 6, ORD_COL_OFFERED), 4000);
    assert_int_equal(sim_series_get(&v->series, 7, ORD_COL_OFFERED), 1000);
    assert_int_equal(v->totals.offered, 26000);
    assert_true(ord_run_rate_now(&r) == 0); /* the load is over */
    ord_run_close(&r);
    ord_config_free(&c);
}

/* Exact arrival times: every time before the end of the load, none after. */
static void test_trace_times(void **state)
{
    (void)state;
    struct ord_config c;
    util_steady(&c, 0, 2 * SIM_S, 1 * SIM_S);
    const sim_time times[] = {0, SIM_MS, SIM_MS, 500 * SIM_MS, 1999 * SIM_MS, 2 * SIM_S};
    c.load.arrivals = ORD_ARRIVALS_TIMES;
    c.load.times = malloc(sizeof times);
    assert_non_null(c.load.times);
    memcpy(c.load.times, times, sizeof times);
    c.load.ntimes = 6;
    struct ord_run r;
    assert_int_equal(ord_run_init(&r, &c), 0);
    assert_int_equal(ord_run_advance(&r, 600 * SIM_MS), 0);
    assert_true(ord_run_rate_now(&r) == 4); /* in the last second */
    assert_int_equal(ord_run_finish(&r), 0);
    for (int i = 0; i < 2; i++) {
        assert_int_equal(ord_run_result(&r)->v[i].totals.offered, 5);
        assert_int_equal(ord_run_result(&r)->v[i].totals.completed, 5);
    }
    ord_run_close(&r);
    ord_config_free(&c);
}

/* More phases than phase-stats entries: contiguous groups covering the load. */
static void test_phase_coalescing(void **state)
{
    (void)state;
    struct ord_config c;
    util_steady(&c, 100, 200 * SIM_S, SIM_S);
    c.nvariants = 1;
    struct ord_phase p[200];
    for (int i = 0; i < 200; i++)
        p[i] = (struct ord_phase){.at = i * SIM_S, .rate_per_s = i % 2 ? 300 : 100};
    util_phases(&c, 200, p);
    struct ord_run r;
    util_run(&r, &c);
    const struct ord_variant_result *v = &ord_run_result(&r)->v[0];
    assert_int_equal(v->nphases, 64);
    uint64_t offered = 0;
    for (size_t e = 0; e < v->nphases; e++) {
        assert_true(v->phases[e].from < v->phases[e].to);
        assert_int_equal(v->phases[e].from, e ? v->phases[e - 1].to : 0);
        offered += v->phases[e].offered;
    }
    assert_int_equal(v->phases[63].to, 200 * SIM_S);
    assert_int_equal(offered, v->totals.offered);
    ord_run_close(&r);
    ord_config_free(&c);
}

static void test_bad_arguments(void **state)
{
    (void)state;
    struct ord_config c;
    util_steady(&c, 100, SIM_S, SIM_S);
    struct ord_run r;
    c.interval = 0;
    assert_int_equal(ord_run_init(&r, &c), SIM_EINVAL);
    c.interval = SIM_S;
    c.variants[1] = ORD_VARIANT_SYNC; /* twice */
    assert_int_equal(ord_run_init(&r, &c), SIM_EINVAL);
    c.variants[1] = ORD_VARIANT_ASYNC;
    util_fault(&c,
               (struct ord_fault){.target = ORD_TARGET_MQ, .kind = ORD_FAULT_SLOW, .factor = 2});
    assert_int_equal(ord_run_init(&r, &c), SIM_EINVAL);
    c.nfaults = 0;
    assert_int_equal(ord_run_init(&r, &c), 0);
    struct ord_fault f = {.target = ORD_TARGET_B, .kind = ORD_FAULT_SLOW, .factor = 0};
    assert_int_equal(ord_run_fault(&r, &f), SIM_EINVAL);
    f.kind = ORD_FAULT_SPIKE;
    assert_int_equal(ord_run_fault(&r, &f), SIM_EINVAL);
    assert_int_equal(ord_run_finish(&r), 0);
    assert_int_equal(ord_run_finish(&r), 0); /* again: same status */
    ord_run_close(&r);
    ord_run_close(&r); /* closing twice is harmless */
    ord_config_free(&c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_determinism),        cmocka_unit_test(test_chunked_advance),
        cmocka_unit_test(test_memory_bounded),     cmocka_unit_test(test_live_fault_and_replay),
        cmocka_unit_test(test_spike_and_rate_now), cmocka_unit_test(test_trace_times),
        cmocka_unit_test(test_phase_coalescing),   cmocka_unit_test(test_bad_arguments),
        cmocka_unit_test(test_bounded_advance),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
