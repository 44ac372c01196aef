/* Queueing theory through the whole model, both wirings: A, B and the MQ send take 0
 * (const 0), A and B have unlimited threads, the MQ pulls without limit, so the
 * database is the only station and the completion lag (arrival -> database write) is
 * the sojourn time of a textbook queue with Poisson arrivals:
 *   M/M/1  W = 1 / (mu - lambda)
 *   M/D/1  W = 1/mu + rho / (2 mu (1 - rho))           (Pollaczek-Khinchine)
 *   M/M/c  W = 1/mu + C(c, a) / (c mu - lambda)        (Erlang C, a = lambda/mu)
 * at rho = 0.8, 1 ms of service, 200 000 customers per run.
 *
 * Tolerance. Successive sojourn times are strongly correlated, so the standard error
 * of the mean is far above sd/sqrt(n). For M/M/1 the time-average number in system
 * has asymptotic variance 2 rho (1 + rho) / (mu (1 - rho)^4) (Whitt, "Planning
 * queueing simulations", Management Science 35, 1989); with W = L / lambda over
 * n / lambda of time, Var(W_hat) ~ that / (lambda n) = 1800 ms / (0.8/ms x 200 000):
 * sd 0.106 ms, 2.1 % of W = 5 ms. The same run over 30 independent seeds gave a spread
 * of 2.0 % (M/M/1), 0.95 % (M/D/1: heavy-traffic variance scales with
 * (c_a^2 + c_s^2) / 2 = 1/2) and 1.4 % (M/M/4). Each test allows 4 standard errors:
 * 8.5 %, 4 % and 6 %. A modelling error of one service time, or exponential instead
 * of constant service (M/D/1 W = 3 ms, M/M/1 W = 5 ms), is far outside. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "test_ord_model_util.h"

#define CUSTOMERS 200000.0
#define RHO 0.8

/* The database alone: c connections, service 1 ms (exponential or constant). */
static void db_only(struct ord_config *c, int connections, bool exponential)
{
    double lambda = RHO * connections * 1000.0; /* per second; mu = 1000/s */
    util_steady(c, lambda, sim_time_from_s(CUSTOMERS / lambda), 5 * SIM_S);
    c->seed = 7;
    assert_int_equal(sim_dist_const(&c->a.service, 0), 0);
    assert_int_equal(sim_dist_const(&c->b.service, 0), 0);
    c->a.threads = ORD_UNLIMITED;
    c->b.threads = ORD_UNLIMITED;
    c->b.timeout = SIM_TIME_NEVER;
    c->mq.send = 0;
    c->mq.rate_limit_per_s = 0;
    c->mq.max_inflight = MQ_UNLIMITED;
    c->db.connections = (uint32_t)connections;
    c->db.queue_timeout = SIM_TIME_NEVER;
    if (exponential)
        assert_int_equal(sim_dist_exp(&c->db.query, SIM_MS), 0);
    else
        assert_int_equal(sim_dist_const(&c->db.query, SIM_MS), 0);
}

/* Erlang C: the probability that an arrival waits in an M/M/c queue with load a. */
static double erlang_c(int c, double a)
{
    double term = 1, sum = 0; /* a^k / k! */
    for (int k = 0; k < c; k++) {
        sum += term;
        term *= a / (k + 1);
    }
    double top = term * c / (c - a);
    return top / (sum + top);
}

static void check_lag(const struct ord_config *c, double w_ms, double rel_tol)
{
    struct ord_run r;
    util_run(&r, c);
    const struct ord_result *res = ord_run_result(&r);
    assert_int_equal(res->nvariants, 2);
    for (int i = 0; i < res->nvariants; i++) {
        const struct ord_variant_result *v = &res->v[i];
        /* every customer is served: none rejected, failed or left over */
        assert_int_equal(v->totals.completed, v->totals.offered);
        assert_in_range(v->totals.completed, (uint64_t)(CUSTOMERS * 0.99),
                        (uint64_t)(CUSTOMERS * 1.01));
        double got = sim_time_to_ms(sim_hist_parts_mean(ord_lag_of(v)));
        if (fabs(got - w_ms) > rel_tol * w_ms)
            fail_msg("%s: mean lag %.4f ms, theory %.4f ms +- %.1f %%", v->name, got, w_ms,
                     100 * rel_tol);
    }
    ord_run_close(&r);
}

static void test_mm1(void **state)
{
    (void)state;
    struct ord_config c;
    db_only(&c, 1, true);
    check_lag(&c, 1.0 / (1.0 - RHO), 0.085); /* 1 / (mu - lambda), in ms */
    ord_config_free(&c);
}

static void test_md1(void **state)
{
    (void)state;
    struct ord_config c;
    db_only(&c, 1, false);
    check_lag(&c, 1.0 + RHO / (2 * (1 - RHO)), 0.04);
    ord_config_free(&c);
}

static void test_mmc(void **state)
{
    (void)state;
    struct ord_config c;
    const int servers = 4;
    db_only(&c, servers, true);
    double a = RHO * servers; /* offered load lambda / mu */
    check_lag(&c, 1.0 + erlang_c(servers, a) / (servers - a), 0.06);
    ord_config_free(&c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_mm1),
        cmocka_unit_test(test_md1),
        cmocka_unit_test(test_mmc),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
