/* The model's invariants: offered = rejected + accepted and accepted = completed +
 * failed + in_flight + dlq. Each term is broken by one on purpose and the check must
 * say so in a sentence naming the terms; real runs (faults, retries, dead letters)
 * keep them at every bucket (Debug builds check each bucket inside the run). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "test_ord_model_util.h"

static struct ord_totals good(void)
{
    return (struct ord_totals){.offered = 100,
                               .accepted = 90,
                               .rejected = 10,
                               .completed = 60,
                               .failed = 15,
                               .in_flight = 10,
                               .dlq = 5,
                               .answered = 70,
                               .redelivered = 3,
                               .db_queries = 64};
}

static void expect_broken(const struct ord_totals *t, const char *word)
{
    char why[256] = "unchanged";
    assert_int_equal(ord_check_totals(t, why, sizeof why), SIM_EINVARIANT);
    if (!strstr(why, word))
        fail_msg("the sentence \"%s\" does not name %s", why, word);
}

static void test_good_totals(void **state)
{
    (void)state;
    struct ord_totals t = good();
    char why[256] = "x";
    assert_int_equal(ord_check_totals(&t, why, sizeof why), 0);
    assert_string_equal(why, "");
    assert_int_equal(ord_check_totals(&t, NULL, 0), 0);
}

static void test_each_term_off_by_one(void **state)
{
    (void)state;
    struct ord_totals t;
#define BREAK(field, delta, word)                                                                  \
    do {                                                                                           \
        t = good();                                                                                \
        t.field = (uint64_t)((int64_t)t.field + (delta));                                          \
        expect_broken(&t, word);                                                                   \
    } while (0)
    BREAK(offered, 1, "offered");
    BREAK(offered, -1, "offered");
    BREAK(rejected, 1, "rejected");
    BREAK(rejected, -1, "rejected");
    /* accepted is in both equations: either sentence names it */
    BREAK(accepted, 1, "accepted");
    BREAK(accepted, -1, "accepted");
    BREAK(completed, 1, "completed");
    BREAK(completed, -1, "completed");
    BREAK(failed, 1, "failed");
    BREAK(failed, -1, "failed");
    BREAK(in_flight, 1, "in flight");
    BREAK(in_flight, -1, "in flight");
    BREAK(dlq, 1, "dead-lettered");
    BREAK(dlq, -1, "dead-lettered");
#undef BREAK
    /* a broken check without a buffer still reports */
    t = good();
    t.dlq++;
    assert_int_equal(ord_check_totals(&t, NULL, 0), SIM_EINVARIANT);
}

/* The counters the invariants do not constrain stay out of them. */
static void test_free_terms(void **state)
{
    (void)state;
    struct ord_totals t = good();
    t.answered++;
    t.redelivered++;
    t.db_queries++;
    assert_int_equal(ord_check_totals(&t, NULL, 0), 0);
}

/* A run through every fault kind, with retries and a small max_reconsume so that
 * messages reach the dead-letter queue: every term is exercised, the invariants hold
 * at the end (ord_run_finish checks them, and in Debug builds at every bucket). */
static void test_run_with_every_term(void **state)
{
    (void)state;
    struct ord_config c;
    util_steady(&c, 2000, 45 * SIM_S, 45 * SIM_S);
    c.a.threads = 20; /* 400 threads: some rejections */
    c.b.retries = 2;
    c.b.backoff = 50 * SIM_MS;
    c.b.backoff_max = 200 * SIM_MS;
    c.mq.max_reconsume = 1; /* a message failing twice is dead-lettered */
    const struct ord_fault faults[] = {
        /* longer than the first redelivery delay (10 s): messages fail twice */
        {.at = 5 * SIM_S, .length = 12 * SIM_S, .target = ORD_TARGET_DB, .kind = ORD_FAULT_DOWN},
        {.at = 20 * SIM_S, .length = 2 * SIM_S, .target = ORD_TARGET_B, .kind = ORD_FAULT_HANG},
        {.at = 25 * SIM_S, .length = 2 * SIM_S, .target = ORD_TARGET_MQ, .kind = ORD_FAULT_DOWN},
        {.at = 30 * SIM_S, .length = 2 * SIM_S, .target = ORD_TARGET_B, .kind = ORD_FAULT_DOWN},
        {.at = 35 * SIM_S, .length = 2 * SIM_S, .target = ORD_TARGET_DB, .kind = ORD_FAULT_HANG},
        {.at = 38 * SIM_S,
         .length = 3 * SIM_S,
         .target = ORD_TARGET_LOAD,
         .kind = ORD_FAULT_SPIKE,
         .rate_per_s = 8000},
        {.at = 42 * SIM_S,
         .length = 2 * SIM_S,
         .target = ORD_TARGET_B,
         .kind = ORD_FAULT_SLOW,
         .factor = 4},
    };
    for (size_t i = 0; i < sizeof faults / sizeof faults[0]; i++)
        util_fault(&c, faults[i]);
    struct ord_run r;
    util_run(&r, &c);
    const struct ord_variant_result *s = util_variant(&r, ORD_VARIANT_SYNC);
    const struct ord_variant_result *a = util_variant(&r, ORD_VARIANT_ASYNC);
    assert_true(s->totals.rejected > 0 && s->totals.failed > 0 && s->totals.completed > 0);
    assert_true(a->totals.failed > 0 && a->totals.dlq > 0 && a->totals.redelivered > 0);
    for (int i = 0; i < 2; i++)
        assert_int_equal(ord_check_totals(&ord_run_result(&r)->v[i].totals, NULL, 0), 0);
    ord_run_close(&r);
    ord_config_free(&c);
}

/* A run whose totals are broken on purpose (through the result, the only way in from
 * outside) fails with SIM_EINVARIANT, and its sentence says which invariant broke,
 * when and in which variant, with the numbers; every later call says the same. */
static void test_broken_run_says_why(void **state)
{
    (void)state;
    struct ord_config c;
    util_steady(&c, 1000, 10 * SIM_S, 2 * SIM_S);
    struct ord_run r;
    assert_int_equal(ord_run_init(&r, &c), 0);
    /* before any check failed, the plain name of the error */
    assert_string_equal(ord_run_strerror(&r, SIM_EINVARIANT), "model invariant violated");
    assert_int_equal(ord_run_advance(&r, 3 * SIM_S), 0);
    struct ord_result *res = (struct ord_result *)ord_run_result(&r);
    int async = res->v[0].kind == ORD_VARIANT_ASYNC ? 0 : 1;
    res->v[async].totals.offered += 1;
    assert_int_equal(ord_run_finish(&r), SIM_EINVARIANT);
    const char *msg = ord_run_strerror(&r, SIM_EINVARIANT);
    /* Debug builds catch it at the next bucket, others at the end of the run. */
    const char *at_bucket = "model invariant violated at 4.000 s: offered orders (";
    const char *at_end = "model invariant violated at the end of the run: offered orders (";
    if (strncmp(msg, at_bucket, strlen(at_bucket)) != 0 &&
        strncmp(msg, at_end, strlen(at_end)) != 0)
        fail_msg("unexpected sentence: %s", msg);
    assert_non_null(strstr(msg, ") are not rejected (0) + accepted ("));
    size_t n = strlen(msg);
    assert_true(n > 8 && strcmp(msg + n - 8, " [async]") == 0);
    /* the run stays failed and keeps its sentence; other errors keep their names */
    assert_int_equal(ord_run_advance(&r, 20 * SIM_S), SIM_EINVARIANT);
    assert_int_equal(ord_run_finish(&r), SIM_EINVARIANT);
    assert_ptr_equal(ord_run_strerror(&r, SIM_EINVARIANT), msg);
    assert_string_equal(ord_run_strerror(&r, SIM_ENOMEM), "out of memory");
    ord_run_close(&r);
    assert_string_equal(ord_run_strerror(&r, SIM_EINVARIANT), "model invariant violated");
    ord_config_free(&c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_good_totals),
        cmocka_unit_test(test_each_term_off_by_one),
        cmocka_unit_test(test_free_terms),
        cmocka_unit_test(test_run_with_every_term),
        cmocka_unit_test(test_broken_run_says_why),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
