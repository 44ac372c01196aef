/* tests/test_ord_scenario.c: built-in scenarios, write/load round trips, the key
 * table and its README, resolving names. --set is in test_ord_scenario_set.c, bad
 * input in test_ord_scenario_bad.c. */
#include <dirent.h>
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "orders/scenario/builtin.h"
#include "orders/scenario/scenario.h"
#include "orders/scenario/scenario_internal.h"
#include "sim/error.h"

static char *read_all(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    char *buf = NULL;
    size_t cap = 0, n = 0, r;
    do {
        if (n + 4096 > cap) {
            cap = 2 * cap + 4096;
            buf = realloc(buf, cap + 1);
            assert_non_null(buf);
        }
        r = fread(buf + n, 1, cap - n, f);
        n += r;
    } while (r > 0);
    fclose(f);
    buf[n] = '\0';
    *len = n;
    return buf;
}

static void assert_dist_equal(const struct sim_dist *a, const struct sim_dist *b)
{
    assert_int_equal(a->kind, b->kind);
    assert_int_equal(a->mean, b->mean);
    assert_int_equal(a->min, b->min);
    assert_int_equal(a->max, b->max);
    assert_int_equal(a->sd, b->sd);
}

static void assert_fault_equal(const struct ord_fault *a, const struct ord_fault *b)
{
    assert_int_equal(a->at, b->at);
    assert_int_equal(a->length, b->length);
    assert_int_equal(a->target, b->target);
    assert_int_equal(a->kind, b->kind);
    assert_true(a->factor == b->factor);
    assert_true(a->rate_per_s == b->rate_per_s);
}

/* Every field but path, src and load.trace (a written config inlines its trace). */
static void assert_config_equal(const struct ord_config *a, const struct ord_config *b)
{
    assert_string_equal(a->name, b->name);
    assert_string_equal(a->title, b->title);
    if (a->notes || b->notes)
        assert_string_equal(a->notes ? a->notes : "(null)", b->notes ? b->notes : "(null)");
    assert_true(a->seed == b->seed);
    assert_int_equal(a->duration, b->duration);
    assert_int_equal(a->drain, b->drain);
    assert_int_equal(a->interval, b->interval);
    assert_int_equal(a->load.arrivals, b->load.arrivals);
    assert_int_equal(a->load.nphases, b->load.nphases);
    for (size_t i = 0; i < a->load.nphases; i++) {
        assert_int_equal(a->load.phases[i].at, b->load.phases[i].at);
        assert_true(a->load.phases[i].rate_per_s == b->load.phases[i].rate_per_s);
    }
    assert_int_equal(a->load.ntimes, b->load.ntimes);
    if (a->load.ntimes)
        assert_memory_equal(a->load.times, b->load.times, a->load.ntimes * sizeof(sim_time));
    assert_int_equal(a->a.instances, b->a.instances);
    assert_int_equal(a->a.threads, b->a.threads);
    assert_dist_equal(&a->a.service, &b->a.service);
    assert_int_equal(a->b.instances, b->b.instances);
    assert_int_equal(a->b.threads, b->b.threads);
    assert_dist_equal(&a->b.service, &b->b.service);
    assert_int_equal(a->b.accept_queue, b->b.accept_queue);
    assert_int_equal(a->b.timeout, b->b.timeout);
    assert_int_equal(a->b.retries, b->b.retries);
    assert_int_equal(a->b.backoff, b->b.backoff);
    assert_int_equal(a->b.backoff_max, b->b.backoff_max);
    assert_int_equal(a->db.connections, b->db.connections);
    assert_dist_equal(&a->db.query, &b->db.query);
    assert_int_equal(a->db.queue_timeout, b->db.queue_timeout);
    assert_int_equal(a->mq.send, b->mq.send);
    assert_int_equal(a->mq.send_timeout, b->mq.send_timeout);
    assert_int_equal(a->mq.send_retries, b->mq.send_retries);
    assert_true(a->mq.send_queue == b->mq.send_queue);
    assert_true(a->mq.broker_rate_per_s == b->mq.broker_rate_per_s);
    assert_true(a->mq.rate_limit_per_s == b->mq.rate_limit_per_s);
    assert_true(a->mq.max_inflight == b->mq.max_inflight);
    assert_int_equal(a->mq.max_reconsume, b->mq.max_reconsume);
    assert_int_equal(a->nvariants, b->nvariants);
    assert_memory_equal(a->variants, b->variants, (size_t)a->nvariants * sizeof a->variants[0]);
    assert_int_equal(a->nfaults, b->nfaults);
    for (size_t i = 0; i < a->nfaults; i++)
        assert_fault_equal(&a->faults[i], &b->faults[i]);
    assert_int_equal(a->ncommands, b->ncommands);
    for (size_t i = 0; i < a->ncommands; i++) {
        assert_int_equal(a->commands[i].at, b->commands[i].at);
        assert_int_equal(a->commands[i].kind, b->commands[i].kind);
        assert_fault_equal(&a->commands[i].fault, &b->commands[i].fault);
    }
}

/* Write c, load the text back, compare; returns the text (caller frees). */
static char *round_trip(const struct ord_config *c)
{
    char *text = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&text, &len);
    assert_non_null(f);
    assert_int_equal(ord_scenario_write(c, f), 0);
    fclose(f);
    struct ord_config back;
    struct ord_diag d;
    int rc = ord_scenario_load_text(&back, text, len, "written", NULL, &d);
    if (rc != 0) {
        ord_diag_print(&d, stderr);
        fprintf(stderr, "%s", text);
    }
    assert_int_equal(rc, 0);
    assert_config_equal(c, &back);
    ord_config_free(&back);
    return text;
}

static void test_builtins_load(void **state)
{
    (void)state;
    assert_true(ord_builtin_count >= 13);
    for (int i = 0; i < ord_builtin_count; i++) {
        struct ord_config c;
        struct ord_diag d;
        const char *name = ord_builtins[i].name;
        int rc = ord_scenario_resolve(&c, name, &d);
        if (rc != 0)
            ord_diag_print(&d, stderr);
        assert_int_equal(rc, 0);
        assert_string_equal(c.name, name); /* the name key is the file name */
        assert_true(strlen(c.title) > 0 && strcmp(c.title, c.name) != 0);
        assert_non_null(c.notes);
        assert_true(strlen(c.notes) > 100);
        assert_null(c.path);
        free(round_trip(&c));
        ord_config_free(&c);
    }
    static const char *const expected[] = {
        "flash-spike", "steady",    "b-outage", "b-hang", "db-slow", "ramp",        "flash-sale",
        "retry-storm", "mq-outage", "mm1",      "md1",    "mmc",     "black-friday"};
    for (size_t i = 0; i < sizeof expected / sizeof expected[0]; i++)
        assert_non_null(ord_builtin_find(expected[i]));
}

/* The embedded copies are the files in scenarios/ (a stale build would differ). */
static void test_builtins_match_files(void **state)
{
    (void)state;
    char path[1024];
    size_t len;
    for (int i = 0; i < ord_builtin_count; i++) {
        snprintf(path, sizeof path, "%s/scenarios/%s.yaml", ORD_SOURCE_DIR, ord_builtins[i].name);
        char *text = read_all(path, &len);
        assert_non_null(text);
        assert_int_equal(len, ord_builtins[i].len);
        assert_memory_equal(text, ord_builtins[i].text, len);
        free(text);
    }
    for (int i = 0; i < ord_builtin_trace_count; i++) {
        snprintf(path, sizeof path, "%s/scenarios/%s", ORD_SOURCE_DIR, ord_builtin_traces[i].name);
        char *text = read_all(path, &len);
        assert_non_null(text);
        assert_int_equal(len, ord_builtin_traces[i].len);
        assert_memory_equal(text, ord_builtin_traces[i].text, len);
        free(text);
    }
    /* And every .yaml file in scenarios/ is built in. */
    snprintf(path, sizeof path, "%s/scenarios", ORD_SOURCE_DIR);
    DIR *dir = opendir(path);
    assert_non_null(dir);
    int n = 0;
    for (struct dirent *e; (e = readdir(dir));) {
        size_t l = strlen(e->d_name);
        if (l > 5 && strcmp(e->d_name + l - 5, ".yaml") == 0) {
            e->d_name[l - 5] = '\0';
            assert_non_null(ord_builtin_find(e->d_name));
            n++;
        }
    }
    closedir(dir);
    assert_int_equal(n, ord_builtin_count);
    assert_non_null(ord_builtin_trace_find("./traces/black-friday.csv"));
    assert_null(ord_builtin_trace_find("traces/none.csv"));
}

static void test_flash_spike(void **state)
{
    (void)state;
    struct ord_config c;
    struct ord_diag d;
    assert_int_equal(ord_scenario_resolve(&c, NULL, &d), 0);
    assert_string_equal(c.name, ORD_DEFAULT_SCENARIO);
    assert_string_equal(c.name, "flash-spike");
    assert_int_equal(c.duration, 60 * SIM_S);
    assert_int_equal(c.drain, 30 * SIM_S);
    assert_int_equal(c.load.nphases, 3);
    assert_int_equal(c.load.phases[1].at, 10 * SIM_S);
    assert_true(c.load.phases[1].rate_per_s == 10000);
    assert_int_equal(c.load.phases[2].at, 20 * SIM_S);
    assert_true(c.load.phases[2].rate_per_s == 1000);
    /* Capacity of the database: 60 connections x 10 ms = 6000/s. */
    assert_true(c.db.connections / sim_time_to_s(c.db.query.mean) == 6000);
    assert_true(c.mq.rate_limit_per_s == 6000);
    assert_non_null(strstr(c.notes, "6000"));
    assert_non_null(strstr(c.notes, "同步")); /* the lesson in Chinese too */
    assert_non_null(strstr(c.notes, "异步"));
    ord_config_free(&c);
}

/* The theory cases are at the utilisation their notes give. */
static void test_theory_cases(void **state)
{
    (void)state;
    static const struct {
        const char *name;
        enum sim_dist_kind kind;
        uint32_t c;
    } cases[] = {{"mm1", SIM_DIST_EXP, 1}, {"md1", SIM_DIST_CONST, 1}, {"mmc", SIM_DIST_EXP, 10}};
    for (size_t i = 0; i < 3; i++) {
        struct ord_config c;
        struct ord_diag d;
        assert_int_equal(ord_scenario_resolve(&c, cases[i].name, &d), 0);
        double rho =
            c.load.phases[0].rate_per_s * sim_time_to_s(c.db.query.mean) / c.db.connections;
        assert_true(fabs(rho - 0.8) < 1e-12);
        assert_int_equal(c.db.query.kind, cases[i].kind);
        assert_int_equal(c.db.connections, cases[i].c);
        assert_int_equal(c.a.service.mean, 0);
        assert_int_equal(c.b.service.mean, 0);
        assert_int_equal(c.mq.send, 0);
        assert_true(c.mq.rate_limit_per_s == 0);
        assert_true(c.mq.max_inflight == MQ_UNLIMITED);
        assert_int_equal(c.db.queue_timeout, SIM_TIME_NEVER);
        assert_true(c.duration >= 600 * SIM_S);
        assert_int_equal(c.nvariants, 2);
        ord_config_free(&c);
    }
}

static void test_retry_storm(void **state)
{
    (void)state;
    struct ord_config c;
    struct ord_diag d;
    assert_int_equal(ord_scenario_resolve(&c, "retry-storm", &d), 0);
    double capacity = c.db.connections / sim_time_to_s(c.db.query.mean);
    assert_true(fabs(c.load.phases[0].rate_per_s / capacity - 0.8) < 1e-12);
    assert_int_equal(c.b.timeout, SIM_S);
    assert_int_equal(c.b.retries, 3);
    assert_int_equal(c.nfaults, 1);
    assert_int_equal(c.faults[0].target, ORD_TARGET_DB);
    assert_int_equal(c.faults[0].kind, ORD_FAULT_SLOW);
    assert_int_equal(c.faults[0].length, 5 * SIM_S);
    ord_config_free(&c);
}

static void test_ramp(void **state)
{
    (void)state;
    struct ord_config c;
    struct ord_diag d;
    assert_int_equal(ord_scenario_resolve(&c, "ramp", &d), 0);
    assert_int_equal(c.load.nphases, 9);
    for (size_t i = 0; i < 9; i++)
        assert_true(c.load.phases[i].rate_per_s == 1000.0 * (double)(i + 1));
    ord_config_free(&c);
}

/* The built-in reads its embedded trace; the file reads the one on disk. */
static void test_black_friday(void **state)
{
    (void)state;
    struct ord_config a, b;
    struct ord_diag d;
    char path[1024];
    assert_int_equal(ord_scenario_resolve(&a, "black-friday", &d), 0);
    snprintf(path, sizeof path, "%s/scenarios/black-friday.yaml", ORD_SOURCE_DIR);
    assert_int_equal(ord_scenario_resolve(&b, path, &d), 0);
    assert_string_equal(b.path, path);
    assert_string_equal(a.load.trace, "traces/black-friday.csv");
    assert_int_equal(a.load.arrivals, ORD_ARRIVALS_POISSON);
    assert_int_equal(a.load.nphases, 11);
    assert_true(a.load.phases[0].rate_per_s == 500);
    assert_int_equal(a.load.phases[4].at, 35 * SIM_S);
    assert_true(a.load.phases[4].rate_per_s == 11000);
    assert_config_equal(&a, &b);
    /* --set rebuilds read the trace again, from the same place. */
    assert_int_equal(ord_scenario_set(&a, "database.connections=30", &d), 0);
    assert_int_equal(ord_scenario_set(&b, "database.connections=30", &d), 0);
    assert_int_equal(a.load.nphases, 11);
    assert_config_equal(&a, &b);
    ord_config_free(&a);
    ord_config_free(&b);
}

/* A scenario using every key, with values that are hard to write exactly. */
static const char kitchen_sink[] =
    "name: sink\n"
    "title: \"A: title with 'quotes' and # hash\"\n"
    "notes: |\n  line one\n  line two, 中文\n"
    "seed: 18446744073709551615\n"
    "duration: 12345678901ns\n"
    "drain: 0\n"
    "interval: 0.25s\n"
    "load:\n  arrivals: even\n  phases:\n"
    "    - {at: 0s, rate: 100/m}\n    - {at: 1.5s, rate: 0}\n    - {at: 2s, rate: 0.1/s}\n"
    "    - {at: 3s, rate: 1e4}\n"
    "a: {instances: 3, threads: 7, service: {dist: uniform, min: 1ms, max: 3ms}}\n"
    "b: {instances: 2, threads: 5, service: {dist: lognormal, mean: 190ms, sd: 50ms},\n"
    "    accept_queue: unlimited, timeout: unlimited, retries: 4, backoff: 1us,\n"
    "    backoff_max: 2h}\n"
    "database: {connections: 1, query: {dist: exp, mean: 10ms}, queue_timeout: 0}\n"
    "mq: {send: 0s, send_timeout: 1m, send_retries: 0, send_queue: 10, broker_rate: 7000/s,\n"
    "     rate_limit: unlimited, max_inflight: unlimited, max_reconsume: 0}\n"
    "variants: async\n"
    "faults:\n"
    "  - {at: 1s, for: 2s, target: b, kind: slow, factor: 2.5}\n"
    "  - {at: 1s, target: database, kind: hang}\n"
    "  - {at: 0s, for: 1ns, target: mq, kind: down}\n"
    "  - {at: 3s, for: 1s, target: load, kind: spike, rate: 33.333/s}\n"
    "commands:\n"
    "  - {at: 12345678901ns, do: fault, target: load, kind: spike, for: 10s, rate: 10000/s}\n"
    "  - {at: 20000000000ns, do: fault, target: b, kind: down}\n"
    "  - {at: 20000000000ns, do: fault, target: database, kind: slow, factor: 3}\n"
    "  - {at: 25000000000ns, do: clear, target: b}\n";

static void test_round_trip_every_key(void **state)
{
    (void)state;
    struct ord_config c;
    struct ord_diag d;
    int rc = ord_scenario_load_text(&c, kitchen_sink, strlen(kitchen_sink), "sink.yaml", NULL, &d);
    if (rc != 0)
        ord_diag_print(&d, stderr);
    assert_int_equal(rc, 0);
    assert_true(c.seed == UINT64_MAX);
    assert_int_equal(c.duration, 12345678901);
    assert_int_equal(c.interval, 250 * SIM_MS);
    assert_true(c.load.phases[0].rate_per_s == 100.0 / 60);
    assert_true(c.load.phases[2].rate_per_s == 0.1);
    assert_int_equal(c.a.service.kind, SIM_DIST_UNIFORM);
    assert_int_equal(c.a.service.min, SIM_MS);
    assert_int_equal(c.b.service.kind, SIM_DIST_LOGNORMAL);
    assert_int_equal(c.b.accept_queue, ORD_UNLIMITED);
    assert_int_equal(c.b.timeout, SIM_TIME_NEVER);
    assert_int_equal(c.b.backoff_max, 2 * SIM_HOUR);
    assert_true(c.mq.max_inflight == MQ_UNLIMITED);
    assert_true(c.mq.rate_limit_per_s == 0);
    assert_int_equal(c.nvariants, 1);
    assert_int_equal(c.variants[0], ORD_VARIANT_ASYNC);
    assert_int_equal(c.nfaults, 4);
    assert_int_equal(c.faults[1].length, SIM_TIME_NEVER);
    assert_true(c.faults[0].factor == 2.5);
    assert_int_equal(c.ncommands, 4);
    assert_int_equal(c.commands[0].at, 12345678901);
    assert_int_equal(c.commands[0].fault.at, 12345678901);
    assert_int_equal(c.commands[3].kind, ORD_CMD_CLEAR);
    assert_int_equal(c.commands[3].fault.target, ORD_TARGET_B);
    char *text = round_trip(&c);
    assert_non_null(strstr(text, "12345678901ns"));
    assert_non_null(strstr(text, "1.6666666666666667/s"));
    free(text);
    /* Inline times round-trip too. */
    ord_config_free(&c);
    static const char times[] = "load: {times: [0s, 1ns, 1ns, 0.5s, 59.999999999s]}\n";
    assert_int_equal(ord_scenario_load_text(&c, times, strlen(times), "t", NULL, &d), 0);
    assert_int_equal(c.load.arrivals, ORD_ARRIVALS_TIMES);
    assert_int_equal(c.load.ntimes, 5);
    assert_int_equal(c.load.times[4], 59999999999);
    assert_int_equal(c.load.nphases, 1);
    assert_true(fabs(c.load.phases[0].rate_per_s - 5.0 / 60) < 1e-12);
    free(round_trip(&c));
    ord_config_free(&c);
}

/* A trace too long to write inline is written as a reference to the file. */
static void test_round_trip_long_trace(void **state)
{
    (void)state;
    char dir[1024], csv[1100], yaml[1100];
    snprintf(dir, sizeof dir, "%s", ORD_BINARY_DIR);
    snprintf(csv, sizeof csv, "%s/test_ord_scenario_long.csv", dir);
    snprintf(yaml, sizeof yaml, "%s/test_ord_scenario_long.yaml", dir);
    FILE *f = fopen(csv, "w");
    assert_non_null(f);
    fprintf(f, "time_s,rate_per_s\n");
    for (int i = 0; i <= ORD__MAX_WRITE_INLINE; i++)
        fprintf(f, "%d.%03d,%d\n", i / 1000, i % 1000, i % 7);
    fclose(f);
    f = fopen(yaml, "w");
    assert_non_null(f);
    fprintf(f, "load: {arrivals: even, trace: test_ord_scenario_long.csv}\n");
    fclose(f);
    struct ord_config c;
    struct ord_diag d;
    int rc = ord_scenario_load_file(&c, yaml, &d);
    if (rc != 0)
        ord_diag_print(&d, stderr);
    assert_int_equal(rc, 0);
    assert_int_equal(c.load.nphases, ORD__MAX_WRITE_INLINE + 1);
    assert_int_equal(c.load.phases[1001].at, SIM_S + SIM_MS);
    char *text = round_trip(&c);
    assert_non_null(strstr(text, "trace: /"));
    assert_null(strstr(text, "phases"));
    free(text);
    ord_config_free(&c);
    unlink(csv);
    unlink(yaml);
}

/* An empty mapping is the defaults; the name comes from the display name. */
static void test_empty_mapping_is_defaults(void **state)
{
    (void)state;
    struct ord_config c, dflt;
    struct ord_diag d;
    assert_int_equal(ord_scenario_load_text(&c, "{}", 2, "dir/my scenario.yaml", NULL, &d), 0);
    assert_string_equal(c.name, "my-scenario");
    assert_string_equal(c.title, "my-scenario");
    assert_int_equal(ord_config_default(&dflt), 0);
    free(dflt.name);
    free(dflt.title);
    dflt.name = strdup("my-scenario");
    dflt.title = strdup("my-scenario");
    assert_config_equal(&c, &dflt);
    ord_config_free(&c);
    ord_config_free(&dflt);
}

static void escape_bars(const char *s, char *out, size_t n)
{
    size_t j = 0;
    for (; *s && j + 3 < n; s++) {
        if (*s == '|')
            out[j++] = '\\';
        out[j++] = *s;
    }
    out[j] = '\0';
}

/* Every key of the table is documented in scenarios/README.md, and every default
 * written there is the default config's value. */
static void test_key_docs(void **state)
{
    (void)state;
    char path[1024], needle[256];
    size_t len;
    snprintf(path, sizeof path, "%s/scenarios/README.md", ORD_SOURCE_DIR);
    char *readme = read_all(path, &len);
    assert_non_null(readme);
    assert_int_equal(ord_key_doc_count, ord__nkeys);
    struct ord_config dflt;
    assert_int_equal(ord_config_default(&dflt), 0);
    for (int i = 0; i < ord_key_doc_count; i++) {
        const struct ord_key_doc *k = &ord_key_docs[i];
        /* The row starts "| `path` | type | default |" (README escapes | in cells). */
        char type[64], shown[64];
        escape_bars(k->type, type, sizeof type);
        escape_bars(k->dflt, shown, sizeof shown);
        snprintf(needle, sizeof needle, "| `%s` | %s | %s%s|", k->path, type, shown,
                 shown[0] ? " " : "");
        if (!strstr(readme, needle)) {
            fprintf(stderr, "README.md lacks the row %s\n", needle);
            fail();
        }
        assert_true(strlen(k->doc) > 0);
        /* A written default sets the default value. */
        bool value = strchr(k->dflt, ' ') == NULL || k->dflt[0] == '[';
        if (!value || strstr(k->path, "[]") || !k->dflt[0] || !strcmp(k->dflt, "none"))
            continue;
        struct ord_config c;
        struct ord_diag d;
        char set[256];
        assert_int_equal(ord_config_default(&c), 0);
        snprintf(set, sizeof set, "%s=%s", k->path, k->dflt);
        int rc = ord_scenario_set(&c, set, &d);
        if (rc != 0)
            ord_diag_print(&d, stderr);
        assert_int_equal(rc, 0);
        assert_config_equal(&c, &dflt);
        ord_config_free(&c);
    }
    ord_config_free(&dflt);
    free(readme);
}

/* The code names rows by generated ids: each id is the row of its path, and a path
 * that is not in the table is found nowhere (never row 0, "name"). */
static void test_key_ids(void **state)
{
    (void)state;
    static const struct {
        int id;
        const char *path;
    } rows[] = {
#define ROW(id, path, ...) {ORD__K_##id, path},
        ORD__KEYS(ROW)
#undef ROW
    };
    assert_int_equal(sizeof rows / sizeof rows[0], ORD__NKEYS);
    assert_int_equal(ord__nkeys, ORD__NKEYS);
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        assert_int_equal(rows[i].id, (int)i);
        assert_string_equal(ord__keys[rows[i].id].path, rows[i].path);
        assert_ptr_equal(ord__key_find(rows[i].path), &ord__keys[i]);
    }
    assert_string_equal(ord__keys[ORD__K_LOAD_TRACE].path, "load.trace");
    assert_string_equal(ord__keys[ORD__K_COMMANDS_FOR].path, "commands[].for");
    static const char *const unknown[] = {
        "", "nope", "name.x", "load.phases[]", "faults.0.at", "database.queue_timout", "load."};
    for (size_t i = 0; i < sizeof unknown / sizeof unknown[0]; i++)
        assert_null(ord__key_find(unknown[i]));
    /* and in a file: an error naming the key, not a write to the first row */
    struct ord_config c;
    struct ord_diag d;
    assert_int_equal(ord_config_default(&c), 0);
    assert_int_equal(ord_scenario_set(&c, "load.nope=3", &d), SIM_EPARSE);
    assert_non_null(strstr(d.msg, "unknown key `load.nope`"));
    assert_string_equal(c.name, "default");
    ord_config_free(&c);
}

/* Set one key with --set and return the status (the diag is printed on failure). */
static int set1(struct ord_config *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static int set1(struct ord_config *c, const char *fmt, ...)
{
    char buf[256];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    struct ord_diag d;
    int rc = ord_scenario_set(c, buf, &d);
    if (rc != 0)
        fprintf(stderr, "(expected or not) %s: %s\n", buf, d.msg);
    return rc;
}

/* Every named value of every table parses to its enum and is written back by name:
 * arrivals, targets x kinds (exactly the pairs the target table allows), command
 * kinds, distributions. */
static void test_names_round_trip(void **state)
{
    (void)state;
    assert_string_equal(ORD_TARGET_CHOICES, "b | database | mq | load");
    assert_string_equal(ORD_FAULT_KIND_CHOICES, "down | hang | slow | spike | crash");
    assert_string_equal(ORD_ARRIVALS_CHOICES, "poisson | even | times");
    assert_string_equal(ORD_COMMAND_KIND_CHOICES, "fault | clear | join");
    assert_string_equal(ord_target_name((enum ord_target)ORD_NTARGETS), "?");
    assert_string_equal(ord_fault_kind_name((enum ord_fault_kind)ORD_NFAULT_KINDS), "?");
    assert_string_equal(ord_arrivals_name((enum ord_arrivals)ORD_NARRIVALS), "?");
    assert_string_equal(ord_command_kind_name((enum ord_command_kind)ORD_NCOMMAND_KINDS), "?");
    assert_string_equal(sim_dist_kind_name((enum sim_dist_kind)SIM_NDIST_KINDS), "unknown");
    assert_int_equal(ord_target_kinds((enum ord_target)ORD_NTARGETS), 0);
    struct ord_config c;
    for (int a = 0; a < ORD_NARRIVALS; a++) {
        if (a == ORD_ARRIVALS_TIMES)
            continue; /* needs a list of times: test_times_arrivals */
        assert_int_equal(ord_config_default(&c), 0);
        assert_int_equal(set1(&c, "load.arrivals=%s", ord_arrivals_name((enum ord_arrivals)a)), 0);
        assert_int_equal(c.load.arrivals, a);
        ord_config_free(&c);
    }
    int allowed = 0;
    for (int t = 0; t < ORD_NTARGETS; t++) {
        for (int k = 0; k < ORD_NFAULT_KINDS; k++) {
            const char *tn = ord_target_name((enum ord_target)t);
            const char *kn = ord_fault_kind_name((enum ord_fault_kind)k);
            const char *extra = k == ORD_FAULT_SLOW    ? ", factor: 2"
                                : k == ORD_FAULT_SPIKE ? ", rate: 5000/s"
                                                       : "";
            bool ok = ord_target_kinds((enum ord_target)t) & 1u << k;
            assert_int_equal(ord_config_default(&c), 0);
            int rc = set1(&c, "faults=[{at: 1s, for: 2s, target: %s, kind: %s%s}]", tn, kn, extra);
            assert_int_equal(rc, ok ? 0 : SIM_EPARSE);
            if (ok) {
                allowed++;
                assert_int_equal(c.nfaults, 1);
                assert_int_equal(c.faults[0].target, t);
                assert_int_equal(c.faults[0].kind, k);
                /* written back by name, and read again to the same fault */
                char *text = NULL;
                size_t len = 0;
                FILE *f = open_memstream(&text, &len);
                assert_non_null(f);
                assert_int_equal(ord_scenario_write(&c, f), 0);
                fclose(f);
                char needle[96];
                snprintf(needle, sizeof needle, "target: %s, kind: %s", tn, kn);
                assert_non_null(strstr(text, needle));
                free(text);
            }
            ord_config_free(&c);
        }
    }
    /* b: down, hang, slow, crash; database: down, hang, slow; mq: down, crash; load: spike */
    assert_int_equal(allowed, 4 + 3 + 2 + 1);
    for (int k = 0; k < ORD_NCOMMAND_KINDS; k++) {
        assert_int_equal(ord_config_default(&c), 0);
        const char *kn = ord_command_kind_name((enum ord_command_kind)k);
        int rc = k == ORD_CMD_FAULT
                     ? set1(&c, "commands=[{at: 1s, do: %s, target: mq, kind: down}]", kn)
                     : set1(&c, "commands=[{at: 1s, do: %s, target: %s}]", kn,
                            k == ORD_CMD_JOIN ? "b" : "mq"); /* a join names a service */
        assert_int_equal(rc, 0);
        assert_int_equal(c.commands[0].kind, k);
        ord_config_free(&c);
    }
    static const char *const dist_args[SIM_NDIST_KINDS] = {
        [SIM_DIST_CONST] = "mean: 7ms",
        [SIM_DIST_EXP] = "mean: 7ms",
        [SIM_DIST_UNIFORM] = "min: 5ms, max: 9ms",
        [SIM_DIST_LOGNORMAL] = "mean: 7ms, sd: 2ms",
    };
    for (int k = 0; k < SIM_NDIST_KINDS; k++) {
        assert_int_equal(ord_config_default(&c), 0);
        const char *kn = sim_dist_kind_name((enum sim_dist_kind)k);
        assert_int_equal(set1(&c, "b.service={dist: %s, %s}", kn, dist_args[k]), 0);
        assert_int_equal(c.b.service.kind, k);
        assert_int_equal(c.b.service.mean, 7 * SIM_MS);
        ord_config_free(&c);
    }
}

static void test_suggestions(void **state)
{
    (void)state;
    char buf[96];
    ord__key_suggest("database.", "queue_timout", buf, sizeof buf);
    assert_string_equal(buf, " (did you mean `queue_timeout`?)");
    ord__key_suggest("b.", "queue_timeout", buf, sizeof buf);
    assert_string_equal(buf, " (did you mean `database.queue_timeout`?)");
    ord__key_suggest("", "duraton", buf, sizeof buf);
    assert_string_equal(buf, " (did you mean `duration`?)");
    ord__key_suggest("", "zzzzzzzz", buf, sizeof buf);
    assert_string_equal(buf, "");
    assert_int_equal(ord__edit_distance("kitten", "sitting", 10), 3);
    assert_int_equal(ord__edit_distance("kitten", "sitting", 2), 3); /* capped: cap + 1 */
    assert_int_equal(ord__edit_distance("", "abc", 10), 3);
}

static void test_resolve(void **state)
{
    (void)state;
    struct ord_config c;
    struct ord_diag d;
    assert_int_equal(ord_scenario_resolve(&c, "flash-spik", &d), SIM_ENOENT);
    assert_string_equal(d.file, "flash-spik");
    assert_int_equal(d.line, 0);
    assert_non_null(strstr(d.msg, "did you mean `flash-spike`?"));
    /* A path is a file even when it names a built-in. */
    assert_int_equal(ord_scenario_resolve(&c, "./steady", &d), SIM_ENOENT);
    assert_int_equal(ord_scenario_resolve(&c, "steady.yaml", &d), SIM_ENOENT);
    assert_int_equal(ord_scenario_resolve(&c, "fixtures/scenarios/times-ok.yaml", &d), 0);
    assert_string_equal(c.path, "fixtures/scenarios/times-ok.yaml");
    assert_string_equal(c.name, "times-ok");
    ord_config_free(&c);
    /* ord_diag_print formats. */
    char *out = NULL;
    size_t len;
    FILE *f = open_memstream(&out, &len);
    struct ord_diag d1 = {.file = "f.yaml", .line = 3, .col = 7, .msg = "bad"};
    struct ord_diag d2 = {.file = "f.yaml", .msg = "gone"};
    ord_diag_print(&d1, f);
    ord_diag_print(&d2, f);
    fclose(f);
    assert_string_equal(out, "f.yaml:3:7: bad\nf.yaml: gone\n");
    free(out);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_builtins_load),
        cmocka_unit_test(test_builtins_match_files),
        cmocka_unit_test(test_flash_spike),
        cmocka_unit_test(test_theory_cases),
        cmocka_unit_test(test_retry_storm),
        cmocka_unit_test(test_ramp),
        cmocka_unit_test(test_black_friday),
        cmocka_unit_test(test_round_trip_every_key),
        cmocka_unit_test(test_round_trip_long_trace),
        cmocka_unit_test(test_empty_mapping_is_defaults),
        cmocka_unit_test(test_key_docs),
        cmocka_unit_test(test_key_ids),
        cmocka_unit_test(test_names_round_trip),
        cmocka_unit_test(test_suggestions),
        cmocka_unit_test(test_resolve),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
