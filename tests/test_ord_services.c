/* tests/test_ord_services.c: several downstream services through the whole model.
 *
 * Theory (Poisson arrivals at lambda; every service has unlimited threads and no work
 * of its own, so its database of one connection with exponential queries is the only
 * queue; A and the MQ send take 0):
 *  - sync, serial: a tandem of M/M/1 stations. By Burke's theorem each station's
 *    output is Poisson again, so the stations are independent M/M/1 queues (a Jackson
 *    network) and the user's mean latency is sum 1/(mu_i - lambda);
 *  - async: each consumer group pulls without limit, so each service's completion
 *    lag is its own M/M/1 sojourn 1/(mu_i - lambda);
 *  - threads: unlimited with no database wait: M/M/inf, latency = A + service, mean
 *    exactly the sum of the means.
 * Tolerances as in test_ord_theory.c: the M/M/1 mean over n customers has sd
 * sqrt(2 rho (1 + rho) / (mu (1 - rho)^4) / (lambda n)) (Whitt 1989): at rho 0.8,
 * mu 1/ms, n 200 000: 0.106 ms (2.1 % of 5 ms); at rho 0.4, mu 2/ms: 0.0052 ms (0.6 %
 * of 0.833 ms). A sum of the two has sd at most 0.111 ms (1.9 % of 5.83 ms). Each
 * check allows about 4 sd. M/M/inf samples are independent: sd of the mean
 * sqrt(20^2 + 100^2) ms / sqrt(n). */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <cmocka.h>

#include "test_ord_model_util.h"

#define CUSTOMERS 200000.0
#define LAMBDA 800.0

/* n services named from names[], each on its own database. */
static void util_services(struct ord_config *c, size_t n, const char *const *names)
{
    struct ord_service *s = calloc(n, sizeof *s);
    struct ord_database *d = calloc(n, sizeof *d);
    assert_non_null(s);
    assert_non_null(d);
    for (size_t i = 0; i < n; i++) {
        snprintf(s[i].name, sizeof s[i].name, "%s", names[i]);
        snprintf(s[i].database, sizeof s[i].database, "%s", names[i]);
        s[i].b = c->b;
        s[i].db = (uint32_t)i;
        snprintf(d[i].name, sizeof d[i].name, "%s", names[i]);
        d[i].db = c->db;
    }
    free(c->services);
    free(c->databases);
    c->services = s;
    c->nservices = n;
    c->databases = d;
    c->ndatabases = n;
}

static const char *const names[] = {"b", "points", "sms"};

/* Queueing-theory stations: service i is an exponential database of mean query_ms[i]
 * behind unlimited threads doing nothing. */
static void theory_config(struct ord_config *c, size_t n, const double *query_ms)
{
    util_steady(c, LAMBDA, sim_time_from_s(CUSTOMERS / LAMBDA), 5 * SIM_S);
    c->seed = 11;
    assert_int_equal(sim_dist_const(&c->a.service, 0), 0);
    c->a.threads = ORD_UNLIMITED;
    c->mq.send = 0;
    c->mq.rate_limit_per_s = 0;
    c->mq.max_inflight = MQ_UNLIMITED;
    util_services(c, n, names);
    for (size_t i = 0; i < n; i++) {
        struct ord_service *s = &c->services[i];
        assert_int_equal(sim_dist_const(&s->b.service, 0), 0);
        s->b.threads = ORD_UNLIMITED;
        s->b.timeout = SIM_TIME_NEVER;
        struct ord_db_config *d = &c->databases[i].db;
        d->connections = 1;
        d->queue_timeout = SIM_TIME_NEVER;
        assert_int_equal(sim_dist_exp(&d->query, sim_time_from_s(query_ms[i] / 1000)), 0);
    }
}

static void near(const char *what, double got, double want, double rel_tol)
{
    if (fabs(got - want) > rel_tol * want)
        fail_msg("%s: %.4f, theory %.4f +- %.1f %%", what, got, want, 100 * rel_tol);
}

static void test_tandem_sync_serial(void **state)
{
    (void)state;
    struct ord_config c;
    const double q[] = {1.0, 0.5}; /* mu 1000/s and 2000/s */
    theory_config(&c, 2, q);
    c.variants[0] = ORD_VARIANT_SYNC;
    c.nvariants = 1;
    struct ord_run r;
    util_run(&r, &c);
    const struct ord_variant_result *v = util_variant(&r, ORD_VARIANT_SYNC);
    assert_int_equal(v->totals.completed, v->totals.offered);
    double w1 = 1000.0 / (1000.0 - LAMBDA), w2 = 1000.0 / (2000.0 - LAMBDA); /* ms */
    near("tandem mean latency (ms)", sim_time_to_ms(sim_hist_parts_mean(ord_latency_of(v))),
         w1 + w2, 0.08);
    /* the first service's write comes after its station only */
    near("first station's lag (ms)",
         sim_time_to_ms(sim_hist_parts_mean(ord_service_lag_of(&v->services[0]))), w1, 0.085);
    ord_run_close(&r);
    ord_config_free(&c);
}

static void test_async_groups_mm1(void **state)
{
    (void)state;
    struct ord_config c;
    const double q[] = {1.0, 0.5};
    theory_config(&c, 2, q);
    c.variants[0] = ORD_VARIANT_ASYNC;
    c.nvariants = 1;
    struct ord_run r;
    util_run(&r, &c);
    const struct ord_variant_result *v = util_variant(&r, ORD_VARIANT_ASYNC);
    assert_int_equal(v->totals.completed, v->totals.offered);
    near("group b lag (ms)",
         sim_time_to_ms(sim_hist_parts_mean(ord_service_lag_of(&v->services[0]))),
         1000.0 / (1000.0 - LAMBDA), 0.085);
    near("group points lag (ms)",
         sim_time_to_ms(sim_hist_parts_mean(ord_service_lag_of(&v->services[1]))),
         1000.0 / (2000.0 - LAMBDA), 0.03);
    ord_run_close(&r);
    ord_config_free(&c);
}

static void test_unlimited_threads_mminf(void **state)
{
    (void)state;
    struct ord_config c;
    util_steady(&c, 1000, 100 * SIM_S, 30 * SIM_S);
    c.a.threads = ORD_UNLIMITED;
    c.b.threads = ORD_UNLIMITED;
    assert_int_equal(sim_dist_exp(&c.a.service, 20 * SIM_MS), 0);
    assert_int_equal(sim_dist_exp(&c.b.service, 100 * SIM_MS), 0);
    c.b.timeout = SIM_TIME_NEVER;
    assert_int_equal(sim_dist_const(&c.db.query, 0), 0);
    c.variants[0] = ORD_VARIANT_SYNC;
    c.nvariants = 1;
    struct ord_run r;
    util_run(&r, &c);
    const struct ord_variant_result *v = util_variant(&r, ORD_VARIANT_SYNC);
    assert_int_equal(v->totals.rejected, 0);
    assert_int_equal(v->totals.completed, v->totals.offered);
    double sd_mean = sqrt(20.0 * 20 + 100.0 * 100) / sqrt((double)v->totals.completed);
    near("M/M/inf mean latency (ms)", sim_time_to_ms(sim_hist_parts_mean(ord_latency_of(v))), 120.0,
         4.5 * sd_mean / 120.0);
    ord_run_close(&r);
    ord_config_free(&c);
}

/* Sync latency is A + the calls: serial adds them up, parallel waits for the slowest. */
static void test_sync_serial_parallel(void **state)
{
    (void)state;
    struct ord_config c;
    util_steady(&c, 200, 10 * SIM_S, 5 * SIM_S);
    util_services(&c, 3, names);
    const sim_time work[] = {190 * SIM_MS, 50 * SIM_MS, 30 * SIM_MS};
    for (int i = 0; i < 3; i++)
        assert_int_equal(sim_dist_const(&c.services[i].b.service, work[i]), 0);
    struct ord_run r;
    util_run(&r, &c);
    const struct ord_variant_result *v = util_variant(&r, ORD_VARIANT_SYNC);
    /* A 20 + (190 + 10) + (50 + 10) + (30 + 10) */
    assert_int_equal(sim_hist_parts_max(ord_latency_of(v)), 320 * SIM_MS);
    assert_int_equal(sim_hist_parts_percentile(ord_latency_of(v), 50), 320 * SIM_MS);
    ord_run_close(&r);
    c.calls = ORD_CALLS_PARALLEL;
    util_run(&r, &c);
    v = util_variant(&r, ORD_VARIANT_SYNC);
    assert_int_equal(sim_hist_parts_max(ord_latency_of(v)), 220 * SIM_MS);
    for (int i = 0; i < 3; i++)
        assert_int_equal(v->services[i].completed, v->totals.completed);
    ord_run_close(&r);
    ord_config_free(&c);
}

/* A service down fails sync orders (unless optional) and only delays async ones. */
static void test_one_service_down(void **state)
{
    (void)state;
    struct ord_config c;
    util_steady(&c, 500, 20 * SIM_S, 30 * SIM_S);
    util_services(&c, 3, names);
    util_fault(&c, (struct ord_fault){.at = 5 * SIM_S, .length = 5 * SIM_S,
                                      .target = ORD_TARGET_B, .kind = ORD_FAULT_DOWN,
                                      .unit = 2});
    struct ord_run r;
    util_run(&r, &c);
    const struct ord_variant_result *s = util_variant(&r, ORD_VARIANT_SYNC);
    const struct ord_variant_result *a = util_variant(&r, ORD_VARIANT_ASYNC);
    assert_true(s->totals.failed > 2000);
    assert_true(s->services[2].failed == s->totals.failed);
    assert_int_equal(a->totals.failed, 0);
    assert_int_equal(a->totals.completed, a->totals.offered);
    assert_true(a->services[2].backlog_max > 2000);
    assert_int_equal(a->services[0].backlog_max < 100, true);
    ord_run_close(&r);
    /* optional: its failures are counted, the orders succeed */
    c.services[2].optional = true;
    util_run(&r, &c);
    s = util_variant(&r, ORD_VARIANT_SYNC);
    assert_int_equal(s->totals.failed, 0);
    assert_true(s->services[2].failed > 2000);
    ord_run_close(&r);
    ord_config_free(&c);
}

/* Adding a service does not change A's latency by a nanosecond (async). */
static void test_adding_a_service_leaves_a_alone(void **state)
{
    (void)state;
    struct ord_config one, three;
    util_canonical(&one);
    util_canonical(&three);
    util_services(&one, 1, names);
    util_services(&three, 3, names);
    struct ord_run r1, r3;
    util_run(&r1, &one);
    util_run(&r3, &three);
    const struct ord_variant_result *a1 = util_variant(&r1, ORD_VARIANT_ASYNC);
    const struct ord_variant_result *a3 = util_variant(&r3, ORD_VARIANT_ASYNC);
    assert_int_equal(a1->totals.answered, a3->totals.answered);
    assert_int_equal(a1->totals.rejected, a3->totals.rejected);
    /* finished runs: every bucket is closed, the whole run's histogram holds it all */
    const struct sim_hist *l1 = &a1->series.whole[ORD_H_LATENCY];
    const struct sim_hist *l3 = &a3->series.whole[ORD_H_LATENCY];
    assert_int_equal(sim_hist_count(l1), sim_hist_count(l3));
    assert_int_equal(l1->counts_len, l3->counts_len);
    assert_memory_equal(l1->counts, l3->counts, (size_t)l1->counts_len * sizeof *l1->counts);
    assert_true(l1->sum == l3->sum);
    assert_int_equal(sim_hist_max(l1), sim_hist_max(l3));
    /* and the first service's group does exactly what it did alone */
    const struct sim_hist *g1 = &a1->services[0].series.whole[ORD_SH_LAG];
    const struct sim_hist *g3 = &a3->services[0].series.whole[ORD_SH_LAG];
    assert_memory_equal(g1->counts, g3->counts, (size_t)g1->counts_len * sizeof *g1->counts);
    /* sync pays for every service */
    const struct ord_variant_result *s1 = util_variant(&r1, ORD_VARIANT_SYNC);
    const struct ord_variant_result *s3 = util_variant(&r3, ORD_VARIANT_SYNC);
    assert_true(sim_hist_parts_percentile(ord_latency_of(s3), 50) >
                sim_hist_parts_percentile(ord_latency_of(s1), 50));
    ord_run_close(&r1);
    ord_run_close(&r3);
    ord_config_free(&one);
    ord_config_free(&three);
}

/* Every per-service invariant, under a slow consumer, a consumer crash and a broker
 * crash (ord_run_finish checks them; here the figures are read back too). */
static void check_services(const struct ord_variant_result *v)
{
    char why[256];
    for (size_t i = 0; i < v->nservices; i++) {
        const struct ord_service_result *s = &v->services[i];
        if (ord_check_service(s, why, sizeof why) != 0)
            fail_msg("%s", why);
        assert_int_equal(s->db_writes, s->completed + s->duplicates);
    }
}

/* Processing past the timeout is redelivered while the first attempt still writes:
 * duplicates without idempotency, skipped with it. */
static void test_duplicates(void **state)
{
    (void)state;
    struct ord_config c;
    util_steady(&c, 100, 20 * SIM_S, 60 * SIM_S);
    util_services(&c, 2, names);
    struct ord_service *slow = &c.services[1];
    assert_int_equal(sim_dist_exp(&slow->b.service, 1500 * SIM_MS), 0);
    slow->b.timeout = 2 * SIM_S;
    c.variants[0] = ORD_VARIANT_ASYNC;
    c.nvariants = 1;
    struct ord_run r;
    util_run(&r, &c);
    const struct ord_variant_result *v = util_variant(&r, ORD_VARIANT_ASYNC);
    check_services(v);
    uint64_t dup = v->services[1].duplicates;
    assert_true(dup > 100);
    assert_int_equal(v->services[1].duplicates_skipped, 0);
    assert_int_equal(v->services[0].duplicates, 0);
    assert_int_equal(v->totals.duplicates, dup);
    assert_true(v->services[1].redelivered >= dup);
    assert_int_equal(v->totals.completed, v->totals.offered);
    ord_run_close(&r);
    slow->consumer.idempotent = true;
    slow->consumer.given = 1u << ORD_CONSUMER_IDEMPOTENT;
    util_run(&r, &c);
    v = util_variant(&r, ORD_VARIANT_ASYNC);
    check_services(v);
    assert_int_equal(v->services[1].duplicates, 0);
    assert_true(v->services[1].duplicates_skipped > 100);
    assert_int_equal(v->services[1].db_writes, v->services[1].completed);
    ord_run_close(&r);
    ord_config_free(&c);
}

/* A consumer crash gives its deliveries back; queries already sent still write. */
static void test_consumer_crash(void **state)
{
    (void)state;
    struct ord_config c;
    util_steady(&c, 1000, 20 * SIM_S, 60 * SIM_S);
    util_services(&c, 2, names);
    c.databases[1].db.connections = 12; /* 83 % busy: queries are mid-write at the crash */
    util_fault(&c, (struct ord_fault){.at = 5 * SIM_S, .length = 2 * SIM_S,
                                      .target = ORD_TARGET_B, .kind = ORD_FAULT_CRASH,
                                      .unit = 1});
    struct ord_run r;
    util_run(&r, &c);
    const struct ord_variant_result *v = util_variant(&r, ORD_VARIANT_ASYNC);
    check_services(v);
    assert_true(v->services[1].redelivered > 0);
    assert_true(v->services[1].duplicates > 0);
    assert_int_equal(v->services[0].redelivered, 0);
    assert_int_equal(v->totals.completed, v->totals.offered);
    check_services(util_variant(&r, ORD_VARIANT_SYNC));
    ord_run_close(&r);
    ord_config_free(&c);
}

/* A broker crash loses the acknowledged, unflushed messages under async flush and
 * none under sync flush, whose sends take flush_time longer. */
static void test_broker_crash(void **state)
{
    (void)state;
    struct ord_config c;
    util_steady(&c, 3000, 20 * SIM_S, 60 * SIM_S);
    util_services(&c, 2, names);
    for (int i = 0; i < 2; i++)
        c.services[i].consumer = (struct ord_consumer_config){
            .rate_limit_per_s = 2000, .given = 1u << ORD_CONSUMER_RATE};
    util_fault(&c, (struct ord_fault){.at = 10 * SIM_S + 400 * SIM_MS, .length = 3 * SIM_S,
                                      .target = ORD_TARGET_MQ, .kind = ORD_FAULT_CRASH});
    c.variants[0] = ORD_VARIANT_ASYNC;
    c.nvariants = 1;
    struct ord_run r;
    util_run(&r, &c);
    const struct ord_variant_result *v = util_variant(&r, ORD_VARIANT_ASYNC);
    check_services(v);
    /* 400 ms of sends since the flush at 10 s, none yet delivered (a backlog) */
    assert_in_range(v->totals.lost, 1000, 1300);
    assert_int_equal(v->services[0].lost, v->totals.lost);
    assert_int_equal(v->services[1].lost, v->totals.lost);
    assert_int_equal(v->totals.completed + v->totals.lost + v->totals.failed, v->totals.offered);
    sim_time async_p50 = sim_hist_parts_percentile(ord_latency_of(v), 50);
    ord_run_close(&r);
    c.mq.flush_sync = true;
    util_run(&r, &c);
    v = util_variant(&r, ORD_VARIANT_ASYNC);
    check_services(v);
    assert_int_equal(v->totals.lost, 0);
    assert_int_equal(v->services[0].lost, 0);
    assert_int_equal(sim_hist_parts_percentile(ord_latency_of(v), 50) - async_p50, c.mq.flush_time);
    ord_run_close(&r);
    ord_config_free(&c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_tandem_sync_serial),
        cmocka_unit_test(test_async_groups_mm1),
        cmocka_unit_test(test_unlimited_threads_mminf),
        cmocka_unit_test(test_sync_serial_parallel),
        cmocka_unit_test(test_one_service_down),
        cmocka_unit_test(test_adding_a_service_leaves_a_alone),
        cmocka_unit_test(test_duplicates),
        cmocka_unit_test(test_consumer_crash),
        cmocka_unit_test(test_broker_crash),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
