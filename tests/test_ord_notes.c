/* Every built-in scenario's notes hold: each row below is one claim a built-in's
 * notes make (the phrase must appear in its notes, so a row cannot outlive the
 * sentence it checks) and the figure of its run that makes it true. Every built-in
 * needs at least one row: a new built-in is covered by adding its rows here.
 *
 * Tolerances: counts "about N" within 15 % (one seed's noise on these runs is under
 * 2 %, the notes round to two figures); times within one bucket (1 s) unless said. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "orders/model.h"
#include "orders/scenario/builtin.h"
#include "orders/scenario/scenario.h"

enum check {
    REJECTED_POS,    /* variant rejected > 0 */
    REJECTED_ABOUT,  /* rejected within 15 % of value */
    FAILED_ZERO,     /* failed + dlq == 0 */
    FAILED_ABOUT,    /* failed within 15 % of value */
    ALL_COMPLETED,   /* completed == offered: nothing lost */
    BACKLOG_ABOUT,   /* backlog max within 15 % of value */
    DRAINED_BY,      /* drained at <= value s */
    LATENCY_MAX_LE,  /* user latency max <= value ms */
    LATENCY_P99_ABOUT, /* p99 within 5 % of value ms */
    LATENCY_MEAN_ABOUT, /* mean within tol ms of value ms */
    REDELIVERED_POS, /* redelivered > 0 */
};

struct claim {
    const char *scenario, *phrase, *variant;
    enum check check;
    double value, tol;
};

static const struct claim claims[] = {
    /* flash-spike */
    {"flash-spike", "A rejects the orders it has no thread for (about 37 000)", "sync",
     REJECTED_ABOUT, 37000, 0},
    {"flash-spike", "no accepted call times out", "sync", FAILED_ZERO, 0, 0},
    {"flash-spike", "about 670 ms", "sync", LATENCY_P99_ABOUT, 670, 0},
    {"flash-spike", "(~40 000 messages)", "async", BACKLOG_ABOUT, 40000, 0},
    {"flash-spike", "about 8 s after the spike", "async", DRAINED_BY, 29, 0},
    /* steady */
    {"steady", "Both wirings keep up", "sync", FAILED_ZERO, 0, 0},
    {"steady", "Both wirings keep up", "async", ALL_COMPLETED, 0, 0},
    /* b-outage */
    {"b-outage", "every order in the window fails", "sync", FAILED_ABOUT, 10000, 0},
    {"b-outage", "a backlog of about 10 000", "async", BACKLOG_ABOUT, 10000, 0},
    {"b-outage", "the backlog is gone about 2 s after B returns", "async", DRAINED_BY, 43, 0},
    {"b-outage", "none is lost", "async", ALL_COMPLETED, 0, 0},
    /* b-hang */
    {"b-hang", "rejects new orders (about 2 000)", "sync", REJECTED_ABOUT, 2000, 0},
    {"b-hang", "about 12 000 calls fail at the timeout", "sync", FAILED_ABOUT, 12000, 0},
    {"b-hang", "answered after the hang, up to about 3 s late", "sync", LATENCY_MAX_LE, 3100,
     0},
    {"b-hang", "the timed-out messages are redelivered", "async", REDELIVERED_POS, 0, 0},
    /* db-slow */
    {"db-slow", "none reaches the 1 s queue_timeout: no call fails", "sync", FAILED_ZERO, 0,
     0},
    {"db-slow", "A rejects new orders (about 12 000)", "sync", REJECTED_ABOUT, 12000, 0},
    {"db-slow", "users wait up to 2 s", "sync", LATENCY_MAX_LE, 2100, 0},
    {"db-slow", "grows by about 1000 messages/s for 15 s", "async", BACKLOG_ABOUT, 15000, 0},
    /* mq-outage */
    {"mq-outage", "sync: not affected", "sync", ALL_COMPLETED, 0, 0},
    {"mq-outage", "then the order fails", "async", FAILED_ABOUT, 10000, 0},
    /* retry-storm */
    {"retry-storm", "goodput collapses", "sync", FAILED_ABOUT, 480000, 0},
    {"retry-storm", "the MQ absorbs the slow 5 s as a backlog", "async", ALL_COMPLETED, 0, 0},
    /* ramp */
    {"ramp", "errors climb with each step", "sync", REJECTED_POS, 0, 0},
    {"ramp", "(about 60 000 at 90 s)", "async", BACKLOG_ABOUT, 60000, 0},
    /* flash-sale */
    {"flash-sale", "slow answers and errors", "sync", REJECTED_POS, 0, 0},
    {"flash-sale", "The 12 000/s spike leaves about 30 000", "async", BACKLOG_ABOUT, 30000, 0},
    /* black-friday */
    {"black-friday", "no accepted call times out", "sync", FAILED_ZERO, 0, 0},
    {"black-friday", "rejections (A has no thread free)", "sync", REJECTED_POS, 0, 0},
    {"black-friday", "(about 70 000 messages)", "async", BACKLOG_ABOUT, 70000, 0},
    /* add-subscriber */
    {"add-subscriber", "220 ms before 30 s, 275 ms after", "sync", LATENCY_P99_ABOUT, 275, 0},
    {"add-subscriber", "users wait 25 ms before and after", "async", LATENCY_P99_ABOUT, 25, 0},
    /* broker-crash */
    {"broker-crash", "about 5000 orders fail with an error", "async", FAILED_ABOUT, 5000, 0},
    /* duplicates */
    {"duplicates", "redelivers them 10 s later", "async", REDELIVERED_POS, 0, 0},
    /* fan-out */
    {"fan-out", "20 + 200 + 55 + 35 = 310 ms", "sync", LATENCY_P99_ABOUT, 310, 0},
    {"fan-out", "every order fails, about 10 000 of them", "sync", FAILED_ABOUT, 10000, 0},
    {"fan-out", "the ~10 000 messages of its outage", "async", BACKLOG_ABOUT, 10000, 0},
    {"fan-out", "No order fails.", "async", FAILED_ZERO, 0, 0},
    /* overload */
    {"overload", "(about 58 000) are rejected", "sync", REJECTED_ABOUT, 58000, 0},
    {"overload", "to about 61 000 at 60 s", "async", BACKLOG_ABOUT, 61000, 0},
    {"overload", "It drains 10 s after the load ends", "async", DRAINED_BY, 71, 0},
    /* theory checks: the notes' W (the theory tests hold them tightly; here the notes'
     * number is the one the run shows, within 10 %) */
    {"mm1", "W = 1 / (mu - lambda) = 50 ms", NULL, LATENCY_MEAN_ABOUT, 50, 5},
    {"md1", "Less variable service, shorter queues", NULL, LATENCY_MEAN_ABOUT, 30, 3},
    {"mmc", "W = Wq + 100 ms = 120.5 ms", NULL, LATENCY_MEAN_ABOUT, 120.5, 12},
};

/* Words no notes may use: what the model never does. */
static const char *const never[] = {"never answers", "lost for good"};

static const struct ord_variant_result *find(const struct ord_result *r, const char *name)
{
    for (int i = 0; i < r->nvariants; i++)
        if (!name || strcmp(r->v[i].name, name) == 0)
            return &r->v[i];
    return NULL;
}

/* s with every run of white space made one space (the notes are wrapped YAML). */
static void squeeze(const char *s, char *out, size_t n)
{
    size_t o = 0;
    bool space = false;
    for (; *s && o + 1 < n; s++) {
        bool ws = *s == ' ' || *s == '\n' || *s == '\t' || *s == '\r';
        if (ws && !space && o > 0)
            out[o++] = ' ';
        else if (!ws)
            out[o++] = *s;
        space = ws;
    }
    out[o] = '\0';
}

static bool about(double got, double want, double rel)
{
    return fabs(got - want) <= rel * want;
}

static void check_one(const struct claim *c, const struct ord_config *cfg, const struct ord_result *r)
{
    const struct ord_variant_result *v = find(r, c->variant);
    if (!v)
        fail_msg("%s: no variant %s", c->scenario, c->variant);
    struct ord_summary s;
    ord_summarize(v, cfg, &s);
    const struct ord_totals *t = &s.totals;
    double got = 0;
    bool ok = false;
    switch (c->check) {
    case REJECTED_POS:
        got = (double)t->rejected, ok = t->rejected > 0;
        break;
    case REJECTED_ABOUT:
        got = (double)t->rejected, ok = about(got, c->value, 0.15);
        break;
    case FAILED_ZERO:
        got = (double)(t->failed + t->dlq), ok = got == 0;
        break;
    case FAILED_ABOUT:
        got = (double)t->failed, ok = about(got, c->value, 0.15);
        break;
    case ALL_COMPLETED:
        got = (double)(t->offered - t->completed), ok = t->completed == t->offered;
        break;
    case BACKLOG_ABOUT:
        got = (double)s.backlog_max, ok = about(got, c->value, 0.15);
        break;
    case DRAINED_BY:
        got = s.drained_at == SIM_TIME_NEVER ? INFINITY : sim_time_to_s(s.drained_at);
        ok = got <= c->value;
        break;
    case LATENCY_MAX_LE:
        got = sim_time_to_ms(s.latency.max), ok = got <= c->value;
        break;
    case LATENCY_P99_ABOUT:
        got = sim_time_to_ms(s.latency.p99), ok = about(got, c->value, 0.05);
        break;
    case LATENCY_MEAN_ABOUT: {
        /* the wiring where the database is the whole story: sync's user latency */
        got = sim_time_to_ms(s.latency.mean), ok = fabs(got - c->value) <= c->tol;
        break;
    }
    case REDELIVERED_POS:
        got = (double)t->redelivered, ok = t->redelivered > 0;
        break;
    }
    if (!ok)
        fail_msg("%s's notes say \"%s\" (%s): the run has %.6g", c->scenario, c->phrase,
                 c->variant ? c->variant : "first wiring", got);
}

static void notes_hold(void **state)
{
    (void)state;
    for (int b = 0; b < ord_builtin_count; b++) {
        const char *name = ord_builtins[b].name;
        int rows = 0;
        for (size_t k = 0; k < sizeof claims / sizeof claims[0]; k++)
            rows += strcmp(claims[k].scenario, name) == 0;
        if (rows == 0)
            fail_msg("built-in %s has no rows in tests/test_ord_notes.c: add the claims its "
                     "notes make",
                     name);
        struct ord_config cfg;
        struct ord_diag d;
        assert_int_equal(ord_scenario_resolve(&cfg, name, &d), 0);
        static char notes[16384];
        squeeze(cfg.notes ? cfg.notes : "", notes, sizeof notes);
        for (size_t w = 0; w < sizeof never / sizeof never[0]; w++)
            if (strstr(notes, never[w]))
                fail_msg("%s's notes say \"%s\", which the model never does", name, never[w]);
        /* a class reading Chinese sees the built-in's title in Chinese */
        if (!cfg.title_zh || !cfg.title_zh[0])
            fail_msg("built-in %s has no title_zh", name);
        struct ord_run run;
        assert_int_equal(ord_run_init(&run, &cfg), 0);
        assert_int_equal(ord_run_finish(&run), 0);
        for (size_t k = 0; k < sizeof claims / sizeof claims[0]; k++) {
            if (strcmp(claims[k].scenario, name) != 0)
                continue;
            if (!strstr(notes, claims[k].phrase))
                fail_msg("%s's notes no longer say \"%s\": update its row", name,
                         claims[k].phrase);
            check_one(&claims[k], &cfg, ord_run_result(&run));
        }
        ord_run_close(&run);
        ord_config_free(&cfg);
    }
}

/* scenarios/README.md says what hang does, what the backlog holds, what accepted and
 * stored mean and what happens to a send when the MQ goes down - and not the old
 * "accepts, never answers". */
static void readme_holds(void **state)
{
    (void)state;
    FILE *f = fopen(ORD_SOURCE_DIR "/scenarios/README.md", "r");
    assert_non_null(f);
    static char text[200000], flat[200000];
    size_t n = fread(text, 1, sizeof text - 1, f);
    fclose(f);
    text[n] = '\0';
    squeeze(text, flat, sizeof flat);
    static const char *const must[] = {
        "every job B starts while hung holds its B thread for `b.timeout`, then fails",
        "nacked and waiting for their redelivery",
        "**accepted**: an order A took",
        "**stored**: a sent message counts as stored when the attempt reaches the broker",
        "**MQ down**: an attempt fails at once",
        "Messages already stored stay stored",
    };
    for (size_t i = 0; i < sizeof must / sizeof must[0]; i++)
        if (!strstr(flat, must[i]))
            fail_msg("scenarios/README.md lacks \"%s\"", must[i]);
    for (size_t w = 0; w < sizeof never / sizeof never[0]; w++)
        if (strstr(flat, never[w]))
            fail_msg("scenarios/README.md says \"%s\", which the model never does", never[w]);
}

int main(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(notes_hold), cmocka_unit_test(readme_holds)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
