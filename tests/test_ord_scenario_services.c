/* tests/test_ord_scenario_services.c: the `services:` / `databases:` / `calls:` form:
 * loading, defaults, errors with file:line:col and "did you mean", the writer's round
 * trip, --set by service name, and that the single forms are untouched. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "orders/scenario/scenario.h"
#include "sim/error.h"

static const char fan[] =
    "name: fan\n"
    "services:\n"
    "  - name: b\n"
    "    instances: 20\n"
    "    threads: 100\n"
    "    service: 190ms\n"
    "    accept_queue: 1000\n"
    "    timeout: 3s\n"
    "    retries: 0\n"
    "    backoff: 100ms\n"
    "    database: main\n"
    "    consumer: {rate_limit: 6000/s, max_inflight: 1200, max_reconsume: 16, idempotent: "
    "true}\n"
    "  - name: points\n"
    "    threads: unlimited\n"
    "    service: 50ms\n"
    "    database: points\n"
    "    optional: true\n"
    "databases:\n"
    "  main:   {connections: 60, query: 10ms, queue_timeout: 1s}\n"
    "  points: {connections: 20, query: 5ms, queue_timeout: 1s}\n"
    "calls: parallel\n"
    "mq: {rate_limit: 500/s, flush: sync, flush_interval: 1s}\n";

static int load_text(struct ord_config *c, const char *text, struct ord_diag *d)
{
    return ord_scenario_load_text(c, text, strlen(text), "t.yaml", NULL, d);
}

static struct ord_config load_ok(const char *text)
{
    struct ord_config c;
    struct ord_diag d;
    int rc = load_text(&c, text, &d);
    if (rc != 0)
        ord_diag_print(&d, stderr);
    assert_int_equal(rc, 0);
    return c;
}

static void test_services_form(void **state)
{
    (void)state;
    struct ord_config c = load_ok(fan);
    assert_int_equal(c.nservices, 2);
    assert_int_equal(ord_config_nservices(&c), 2);
    assert_int_equal(c.ndatabases, 2);
    assert_int_equal(c.calls, ORD_CALLS_PARALLEL);
    assert_true(c.mq.flush_sync);
    assert_int_equal(c.mq.flush_interval, SIM_S);
    struct ord_service s;
    ord_config_service(&c, 1, &s);
    assert_string_equal(s.name, "points");
    assert_int_equal(s.b.threads, ORD_UNLIMITED);
    assert_int_equal(s.b.instances, 20); /* b's default */
    assert_int_equal(s.b.service.mean, 50 * SIM_MS);
    assert_int_equal(s.db, 1);
    assert_true(s.optional);
    /* not given: the consumer follows mq.* */
    assert_true(s.consumer.rate_limit_per_s == 500);
    assert_int_equal(s.consumer.max_inflight, 1200);
    assert_false(s.consumer.idempotent);
    ord_config_service(&c, 0, &s);
    assert_true(s.consumer.rate_limit_per_s == 6000);
    assert_true(s.consumer.idempotent);
    struct ord_database buf;
    const struct ord_database *db = ord_config_database(&c, 1, &buf);
    assert_string_equal(db->name, "points");
    assert_int_equal(db->db.connections, 20);
    /* b and db are copies of the first service's, for code that shows one B */
    assert_int_equal(c.b.service.mean, 190 * SIM_MS);
    assert_int_equal(c.db.connections, 60);
    assert_int_equal(ord_config_service_find(&c, "points"), 1);
    assert_int_equal(ord_config_service_find(&c, "sms"), -1);
    ord_config_free(&c);
}

/* The single form is one service b on one database main. */
static void test_single_form(void **state)
{
    (void)state;
    struct ord_config c = load_ok("b: {threads: 7}\ndatabase: {connections: 9}\n");
    assert_int_equal(c.nservices, 0);
    assert_int_equal(ord_config_nservices(&c), 1);
    struct ord_service s;
    ord_config_service(&c, 0, &s);
    assert_string_equal(s.name, "b");
    assert_int_equal(s.b.threads, 7);
    assert_true(s.consumer.rate_limit_per_s == 6000);
    struct ord_database buf;
    assert_string_equal(ord_config_database(&c, 0, &buf)->name, "main");
    assert_int_equal(ord_config_database(&c, 0, &buf)->db.connections, 9);
    ord_config_free(&c);
}

static void write_and_reload(const struct ord_config *c, struct ord_config *back, char **text)
{
    size_t len;
    FILE *f = open_memstream(text, &len);
    assert_non_null(f);
    assert_int_equal(ord_scenario_write(c, f), 0);
    fclose(f);
    struct ord_diag d;
    int rc = ord_scenario_load_text(back, *text, len, "w.yaml", NULL, &d);
    if (rc != 0)
        ord_diag_print(&d, stderr);
    assert_int_equal(rc, 0);
}

static void test_round_trip(void **state)
{
    (void)state;
    struct ord_config c = load_ok(fan), back;
    char *text = NULL;
    write_and_reload(&c, &back, &text);
    assert_int_equal(back.nservices, 2);
    assert_int_equal(back.ndatabases, 2);
    assert_memory_equal(back.services, c.services, 2 * sizeof *c.services);
    assert_memory_equal(back.databases, c.databases, 2 * sizeof *c.databases);
    assert_int_equal(back.calls, ORD_CALLS_PARALLEL);
    assert_true(back.mq.flush_sync);
    /* the consumer keeps following mq.* where it was not given */
    assert_null(strstr(strstr(text, "name: points"), "consumer"));
    assert_null(strstr(text, "\nb:"));
    assert_null(strstr(text, "\ndatabase:"));
    /* A second write is the same text. */
    char *again = NULL;
    struct ord_config back2;
    write_and_reload(&back, &back2, &again);
    assert_string_equal(text, again);
    free(text);
    free(again);
    ord_config_free(&back2);
    ord_config_free(&back);
    ord_config_free(&c);
}

/* A single-form scenario writes no services, databases, calls or flush keys. */
static void test_single_form_writes_as_before(void **state)
{
    (void)state;
    struct ord_config c = load_ok("b: {threads: 7}\n"), back;
    char *text = NULL;
    write_and_reload(&c, &back, &text);
    assert_null(strstr(text, "services"));
    assert_null(strstr(text, "databases"));
    assert_null(strstr(text, "calls"));
    assert_null(strstr(text, "flush"));
    assert_non_null(strstr(text, "\nb:"));
    free(text);
    ord_config_free(&back);
    ord_config_free(&c);
}

static void set_ok(struct ord_config *c, const char *a)
{
    struct ord_diag d;
    int rc = ord_scenario_set(c, a, &d);
    if (rc != 0)
        ord_diag_print(&d, stderr);
    assert_int_equal(rc, 0);
}

static void set_bad(struct ord_config *c, const char *a, int col, const char *msg)
{
    struct ord_diag d;
    assert_int_equal(ord_scenario_set(c, a, &d), SIM_EPARSE);
    if (!strstr(d.msg, msg) || d.col != col)
        fprintf(stderr, "got %d: %s\n", d.col, d.msg);
    assert_string_equal(d.file, "--set");
    assert_int_equal(d.col, col);
    assert_non_null(strstr(d.msg, msg));
}

static void test_set_by_name(void **state)
{
    (void)state;
    struct ord_config c = load_ok(fan);
    set_ok(&c, "services.points.threads=5");
    assert_int_equal(c.services[1].b.threads, 5);
    set_ok(&c, "services.b.consumer.idempotent=false");
    assert_false(c.services[0].consumer.idempotent);
    set_ok(&c, "services.1.service=1s");
    assert_int_equal(c.services[1].b.service.mean, SIM_S);
    set_ok(&c, "databases.points.connections=7");
    assert_int_equal(c.databases[1].db.connections, 7);
    set_ok(&c, "services.2={name: sms, service: 30ms}");
    assert_int_equal(c.nservices, 3);
    assert_string_equal(c.services[2].database, "main");
    set_ok(&c, "calls=serial");
    assert_int_equal(c.calls, ORD_CALLS_SERIAL);
    set_ok(&c, "mq.rate_limit=100/s"); /* followed by the groups that did not set it */
    struct ord_service s;
    ord_config_service(&c, 1, &s);
    assert_true(s.consumer.rate_limit_per_s == 100);
    set_bad(&c, "services.pionts.threads=5", 10, "did you mean `points`?");
    set_bad(&c, "services.points.database=pionts", 26, "did you mean `points`?");
    set_bad(&c, "b.threads=3", 11, "`b:` and `services:` cannot both be given");
    set_bad(&c, "services.points.thread=3", 17, "did you mean `threads`?");
    ord_config_free(&c);
    /* the single form's --set keys are as before */
    c = load_ok("b: {threads: 7}\n");
    set_ok(&c, "b.threads=9");
    set_ok(&c, "database.connections=11");
    assert_int_equal(c.b.threads, 9);
    assert_int_equal(c.db.connections, 11);
    assert_int_equal(c.nservices, 0);
    ord_config_free(&c);
}

struct bad {
    const char *text;
    int line, col;
    const char *msg;
};

static void test_errors(void **state)
{
    (void)state;
    static const struct bad bad[] = {
        {"services:\n  - name: b\n    database: mian\n", 3, 15, "did you mean `main`?"},
        {"services:\n  - {name: b, servce: 5ms}\n", 2, 15, "did you mean `service`?"},
        {"services:\n  - name: b\n  - name: b\n", 3, 5, "listed twice"},
        {"services:\n  - {service: 5ms}\n", 2, 5, "needs `name`"},
        {"services:\n  - name: Points\n", 2, 11, "a-z, 0-9"},
        {"services:\n  - name: mq\n", 2, 11, "fault target of its own"},
        {"services: []\n", 1, 11, "1 to 8 services"},
        {"b: {threads: 5}\nservices:\n  - name: b\n", 1, 4, "cannot both be given"},
        {"database: {connections: 5}\nservices: [{name: b}]\ndatabases: {main: {}}\n", 1, 11,
         "cannot both be given"},
        {"databases: {main: {connections: 5}}\n", 1, 12, "needs `services:`"},
        {"services: [{name: b}]\ndatabases: {main: {conections: 5}}\n", 2, 20,
         "did you mean `connections`?"},
        {"services: [{name: b, consumer: {idempotent: yes}}]\n", 1, 45, "one of: false, true"},
        {"calls: paralel\n", 1, 8, "did you mean `parallel`?"},
        {"mq: {flush: snyc}\n", 1, 13, "did you mean `sync`?"},
        {"a: {threads: lots}\n", 1, 14, "bad number"},
        {"services: [{name: b}, {name: sms}]\nfaults: [{at: 1s, target: smss, kind: down}]\n", 2,
         27, "did you mean `sms`?"},
        {"services: [{name: b, start: 5s}]\n", 1, 12, "the first service starts at 0s"},
        {"services: [{name: b}]\ndatabases: {main: {}, pts: {}}\n"
         "faults: [{at: 1s, target: pts, kind: crash}]\n",
         3, 27, "database pts cannot be crash"},
        /* Memory: orders and calls held at once (sync parallel: A's threads once per
         * service); `unlimited` counts 1 000 000. */
        {"a: {instances: 1, threads: 1000000}\nservices: [{name: b}, {name: sms}, {name: pts}]\n"
         "calls: parallel\n",
         3, 8, "too many orders and calls held at once"},
        {"a: {threads: unlimited}\nservices: [{name: b, threads: unlimited},\n"
         "  {name: sms, threads: unlimited}]\n",
         2, 11, "at most 3000000"},
        {"b: {instances: 1000, accept_queue: 10000}\n", 1, 36, "accept_queue of b 10"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        struct ord_config c;
        struct ord_diag d;
        int rc = load_text(&c, bad[i].text, &d);
        if (rc != SIM_EPARSE || d.line != bad[i].line || d.col != bad[i].col ||
            !strstr(d.msg, bad[i].msg))
            fprintf(stderr, "case %zu: rc %d %d:%d %s\n", i, rc, d.line, d.col, d.msg);
        assert_int_equal(rc, SIM_EPARSE);
        assert_string_equal(d.file, "t.yaml");
        assert_int_equal(d.line, bad[i].line);
        assert_int_equal(d.col, bad[i].col);
        assert_non_null(strstr(d.msg, bad[i].msg));
    }
}

/* Faults name the service or database they hit; `b` and `database` hit the first. */
static void test_named_targets(void **state)
{
    (void)state;
    struct ord_config c = load_ok("services: [{name: b}, {name: points, start: 30s, database: pts}]\n"
                                  "databases: {main: {}, pts: {}}\n"
                                  "faults:\n"
                                  "  - {at: 1s, for: 2s, target: points, kind: crash}\n"
                                  "  - {at: 1s, for: 2s, target: pts, kind: slow, factor: 2}\n"
                                  "  - {at: 1s, for: 2s, target: b, kind: down}\n"),
                      back;
    assert_int_equal(c.faults[0].target, ORD_TARGET_B);
    assert_int_equal(c.faults[0].unit, 1);
    assert_int_equal(c.faults[1].target, ORD_TARGET_DB);
    assert_int_equal(c.faults[1].unit, 1);
    assert_int_equal(c.faults[2].unit, 0);
    assert_int_equal(c.services[1].start, 30 * SIM_S);
    char *text = NULL;
    write_and_reload(&c, &back, &text);
    assert_non_null(strstr(text, "target: points, kind: crash"));
    assert_non_null(strstr(text, "target: pts, kind: slow"));
    assert_memory_equal(back.faults, c.faults, 3 * sizeof *c.faults);
    free(text);
    ord_config_free(&back);
    ord_config_free(&c);
}

/* Commands naming services: a join (of a service with start unlimited), a clear of one
 * service; both round-trip through the writer. A join must name a service. */
static void test_join_and_clear_commands(void **state)
{
    (void)state;
    struct ord_config c = load_ok("services: [{name: b}, {name: points, start: unlimited, "
                                  "database: pts}]\n"
                                  "databases: {main: {}, pts: {}}\n"
                                  "commands:\n"
                                  "  - {at: 1s, do: fault, target: points, kind: down}\n"
                                  "  - {at: 2s, do: clear, target: points}\n"
                                  "  - {at: 3s, do: join, target: points}\n"),
                      back;
    assert_int_equal(c.services[1].start, SIM_TIME_NEVER);
    assert_int_equal(c.commands[1].kind, ORD_CMD_CLEAR);
    assert_int_equal(c.commands[1].fault.unit, 1);
    assert_int_equal(c.commands[2].kind, ORD_CMD_JOIN);
    assert_int_equal(c.commands[2].fault.target, ORD_TARGET_B);
    assert_int_equal(c.commands[2].fault.unit, 1);
    char *text = NULL;
    write_and_reload(&c, &back, &text);
    assert_non_null(strstr(text, "start: unlimited"));
    assert_non_null(strstr(text, "do: clear, target: points}"));
    assert_non_null(strstr(text, "do: join, target: points}"));
    assert_int_equal(back.services[1].start, SIM_TIME_NEVER);
    assert_int_equal(back.ncommands, 3);
    assert_memory_equal(back.commands, c.commands, 3 * sizeof *c.commands);
    free(text);
    ord_config_free(&back);
    ord_config_free(&c);
    struct ord_diag d;
    assert_int_equal(load_text(&c, "services: [{name: b}, {name: points, database: pts}]\n"
                                   "databases: {main: {}, pts: {}}\n"
                                   "commands: [{at: 1s, do: join, target: pts}]\n",
                               &d),
                     SIM_EPARSE);
    assert_non_null(strstr(d.msg, "a join command names a service, not database `pts`"));
    assert_int_equal(d.line, 3);
    assert_int_equal(load_text(&c, "commands: [{at: 1s, do: join, target: mq}]\n", &d),
                     SIM_EPARSE);
    assert_non_null(strstr(d.msg, "a join command names a service"));
    assert_int_equal(load_text(&c, "commands: [{at: 1s, do: join, target: b, kind: down}]\n", &d),
                     SIM_EPARSE);
    assert_non_null(strstr(d.msg, "a join command takes only `at` and `target`"));
}

/* --scale scales every service and database like b and the database. */
static void test_scale(void **state)
{
    (void)state;
    struct ord_config c = load_ok(fan);
    assert_int_equal(ord_config_scale(&c, 0.5), 0);
    assert_int_equal(c.services[0].b.threads, 50);
    assert_int_equal(c.services[1].b.threads, ORD_UNLIMITED);
    assert_int_equal(c.databases[1].db.connections, 10);
    assert_true(c.services[0].consumer.rate_limit_per_s == 3000);
    ord_config_free(&c);
}

static void test_unlimited_threads(void **state)
{
    (void)state;
    struct ord_config c = load_ok("a: {threads: unlimited}\nb: {threads: unlimited}\n");
    assert_int_equal(c.a.threads, ORD_UNLIMITED);
    assert_int_equal(c.b.threads, ORD_UNLIMITED);
    ord_config_free(&c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_services_form),
        cmocka_unit_test(test_single_form),
        cmocka_unit_test(test_round_trip),
        cmocka_unit_test(test_single_form_writes_as_before),
        cmocka_unit_test(test_set_by_name),
        cmocka_unit_test(test_errors),
        cmocka_unit_test(test_unlimited_threads),
        cmocka_unit_test(test_named_targets),
        cmocka_unit_test(test_join_and_clear_commands),
        cmocka_unit_test(test_scale),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
