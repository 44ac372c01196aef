/* The caption: what is happening and why, from a handful of recorded figures, in
 * English and Chinese; and the text helpers around it. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "orders/scenario/config.h"
#include "ui/base/text.h"
#include "ui/live/tui_text.h"

#define MS ((sim_time)1000000)

/* The flash-spike scenario's shape: 1000/s on a 6000/s database, both wirings. */
static struct ui_tui_facts calm(void)
{
    struct ui_tui_facts f;
    memset(&f, 0, sizeof f);
    f.started = true;
    f.rate_now = 1000;
    f.db_cap_ps = 6000;
    f.timeout = 3000 * MS;
    f.end = 90000 * MS;
    f.sync.present = f.async.present = true;
    f.sync.have_latency = f.async.have_latency = true;
    f.sync.p50 = 221 * MS;
    f.sync.p99 = 229 * MS;
    f.async.p50 = 25 * MS;
    f.async.p99 = 26 * MS;
    f.async.backlog = 200;
    f.sync.drained_at = f.async.drained_at = SIM_TIME_NEVER;
    return f;
}

static void expect(const struct ui_tui_facts *f, enum ui_tui_lang lang, enum ui_tui_situation sit,
                   const char *const *parts, size_t nparts)
{
    char buf[1024];
    assert_int_equal(ui_tui_caption(f, lang, buf, sizeof buf), sit);
    for (size_t i = 0; i < nparts; i++)
        if (!strstr(buf, parts[i]))
            fail_msg("caption lacks \"%s\": %s", parts[i], buf);
}

static void test_calm(void **state)
{
    (void)state;
    struct ui_tui_facts f = calm();
    static const char *const en[] = {"Calm: 1 000 orders/s, the database takes 6 000/s.",
                                     "Sync users wait 221 ms", "Async users wait 25.0 ms"};
    expect(&f, UI_TUI_EN, UI_TUI_SIT_CALM, en, 3);
    static const char *const zh[] = {"平稳", "同步用户等 221 ms", "异步用户只等 25.0 ms"};
    expect(&f, UI_TUI_ZH, UI_TUI_SIT_CALM, zh, 3);
}

static void test_start(void **state)
{
    (void)state;
    struct ui_tui_facts f = calm();
    f.started = false;
    static const char *const en[] = {"Starting: orders arrive at 1 000/s"};
    expect(&f, UI_TUI_EN, UI_TUI_SIT_START, en, 1);
}

/* The issue's own example. */
static void test_spike(void **state)
{
    (void)state;
    struct ui_tui_facts f = calm();
    f.rate_now = 10000;
    f.sync.p50 = 667 * MS;
    f.sync.rejected = 1200;
    f.async.backlog = 23400;
    static const char *const en[] = {
        "Spike: 10 000 orders/s, the database takes 6 000/s.",
        "Sync users now wait 667 ms and 1 200 were rejected.",
        "Async users still wait 25.0 ms - 23 400 messages wait in the MQ."};
    expect(&f, UI_TUI_EN, UI_TUI_SIT_SPIKE, en, 3);
    /* While the backlog rises: by how much a second, and why (in minus out). */
    f.async.grow_ps = 4012;
    f.async.offered_ps = 10034;
    f.async.db_ps = 6000;
    static const char *const grow[] = {
        "Async users still wait 25.0 ms; the MQ holds 23 400 messages, +4 000/s (10 000 in, "
        "6 000 out)."};
    expect(&f, UI_TUI_EN, UI_TUI_SIT_SPIKE, grow, 1);
    static const char *const grow_zh[] = {"每秒多 4 000 条（进 10 000，出 6 000）"};
    expect(&f, UI_TUI_ZH, UI_TUI_SIT_SPIKE, grow_zh, 1);
    f.async.grow_ps = 0;
    static const char *const zh[] = {"高峰：每秒 10 000 个订单，数据库每秒只能处理 6 000 个。",
                                     "同步用户现在要等 667 ms，已有 1 200 个被拒绝。",
                                     "23 400 条消息在 MQ 里排队"};
    expect(&f, UI_TUI_ZH, UI_TUI_SIT_SPIKE, zh, 3);
    /* With failures too, both counts; before any, why users wait. */
    f.sync.failed = 300;
    static const char *const both[] = {"1 200 were rejected and 300 failed"};
    expect(&f, UI_TUI_EN, UI_TUI_SIT_SPIKE, both, 1);
    f.sync.failed = f.sync.rejected = 0;
    static const char *const none[] = {"B's threads are all busy"};
    expect(&f, UI_TUI_EN, UI_TUI_SIT_SPIKE, none, 1);
    /* A spike command below the database's capacity is still a spike. */
    f.rate_now = 5000;
    f.spike = true;
    expect(&f, UI_TUI_EN, UI_TUI_SIT_SPIKE, NULL, 0);
}

/* After the spike: the backlog falls at 5000/s; 18 000 messages take ~4 s. */
static void test_drain(void **state)
{
    (void)state;
    struct ui_tui_facts f = calm();
    f.sync.rejected = 12000;
    f.async.backlog = 18000;
    f.async.drain_ps = 4980; /* shown to the nearest hundred */
    assert_int_equal(ui_tui_drain_eta_s(&f.async), 4);
    static const char *const en[] = {"The spike is over: 1 000 orders/s again.",
                                     "12 000 orders are lost for good",
                                     "B works off 18 000 queued messages: drains in ~4 s at "
                                     "5 000/s."};
    expect(&f, UI_TUI_EN, UI_TUI_SIT_DRAIN, en, 3);
    static const char *const zh[] = {"高峰过去", "按每秒 5 000 条约 4 秒清空"};
    expect(&f, UI_TUI_ZH, UI_TUI_SIT_DRAIN, zh, 2);
    /* Less than two seconds of backlog left: calm again. */
    f.async.backlog = 4000;
    expect(&f, UI_TUI_EN, UI_TUI_SIT_CALM, NULL, 0);
    /* A backlog that does not fall is not draining. */
    f.async.backlog = 18000;
    f.async.drain_ps = 0;
    assert_int_equal(ui_tui_drain_eta_s(&f.async), -1);
    expect(&f, UI_TUI_EN, UI_TUI_SIT_CALM, NULL, 0);
}

/* After the load: no more arrivals; what is left to drain. */
static void test_quiet(void **state)
{
    (void)state;
    struct ui_tui_facts f = calm();
    f.rate_now = 0;
    f.sync.have_latency = f.async.have_latency = false;
    f.sync.rejected = 37402;
    f.async.backlog = 0;
    static const char *const en[] = {"No more orders arrive", "Sync lost 37 402 orders",
                                     "Async: the MQ is empty (0 orders lost)."};
    expect(&f, UI_TUI_EN, UI_TUI_SIT_QUIET, en, 3);
    f.async.backlog = 9000;
    f.async.drain_ps = 6000;
    static const char *const left[] = {"B works off the last 9 000 messages: drains in ~2 s"};
    expect(&f, UI_TUI_EN, UI_TUI_SIT_QUIET, left, 1);
    char buf[512];
    ui_tui_caption(&f, UI_TUI_ZH, buf, sizeof buf);
    assert_non_null(strstr(buf, "不再有新订单"));
}

static void test_faults(void **state)
{
    (void)state;
    struct ui_tui_facts f = calm();
    f.b_down = true;
    f.sync.failed = 850;
    f.async.backlog = 5000;
    static const char *const bdown[] = {"B is down.", "(850 orders lost so far)",
                                        "users still get answers in 25.0 ms",
                                        "5 000 messages wait in the MQ until B is back"};
    expect(&f, UI_TUI_EN, UI_TUI_SIT_B_DOWN, bdown, 4);
    static const char *const bdown_zh[] = {"B 宕机了。", "5 000 条消息在 MQ 里等 B 恢复"};
    expect(&f, UI_TUI_ZH, UI_TUI_SIT_B_DOWN, bdown_zh, 2);

    f.b_down = false;
    f.b_hang = true;
    static const char *const hang[] = {"B hangs", "wait 3.00 s for each call"};
    expect(&f, UI_TUI_EN, UI_TUI_SIT_B_HANG, hang, 2);

    f.b_hang = false;
    f.db_slow = true;
    f.sync.db_ps = 1200;
    f.async.db_ps = 1190;
    static const char *const slow[] = {"The database is slow: 1 200 queries/s get through"};
    expect(&f, UI_TUI_EN, UI_TUI_SIT_DB_SLOW, slow, 1);

    /* The MQ outranks B: async users are the ones who notice. */
    f.mq_down = true;
    f.b_down = true;
    f.async.failed = 77;
    static const char *const mq[] = {"The MQ is down.", "Sync does not use it: users wait 221 ms",
                                     "(77 orders lost so far)"};
    expect(&f, UI_TUI_EN, UI_TUI_SIT_MQ_DOWN, mq, 3);
}

static void test_done(void **state)
{
    (void)state;
    struct ui_tui_facts f = calm();
    f.done = true;
    f.sync.run_p99 = 3100 * MS;
    f.sync.rejected = 12345;
    f.sync.failed = 6;
    f.async.run_p99 = 27 * MS;
    f.async.backlog_max = 40123;
    f.async.drained_at = 28400 * MS;
    static const char *const en[] = {"Done.", "Sync: p99 3.10 s, 12 345 rejected, 6 failed.",
                                     "Async: p99 27.0 ms, 0 lost; the backlog peaked at 40 123 "
                                     "messages and was empty again at t = 28.4 s."};
    expect(&f, UI_TUI_EN, UI_TUI_SIT_DONE, en, 3);
    static const char *const zh[] = {"结束。", "积压最高 40 123 条"};
    expect(&f, UI_TUI_ZH, UI_TUI_SIT_DONE, zh, 2);
    f.async.drained_at = SIM_TIME_NEVER;
    char buf[512];
    ui_tui_caption(&f, UI_TUI_EN, buf, sizeof buf);
    assert_null(strstr(buf, "empty again"));
}

/* Only the wirings the scenario runs are talked about. */
static void test_one_variant(void **state)
{
    (void)state;
    struct ui_tui_facts f = calm();
    f.sync.present = false;
    char buf[512];
    ui_tui_caption(&f, UI_TUI_EN, buf, sizeof buf);
    assert_null(strstr(buf, "Sync"));
    assert_non_null(strstr(buf, "Async users wait 25.0 ms"));
    /* A short buffer is cut, never overrun. */
    char tiny[16];
    ui_tui_caption(&f, UI_TUI_EN, tiny, sizeof tiny);
    assert_int_equal(strlen(tiny), sizeof tiny - 1);
}

struct lines {
    char v[16][128];
    int n;
};

static void keep_line(const char *s, size_t len, void *ctx)
{
    struct lines *l = ctx;
    snprintf(l->v[l->n++], sizeof l->v[0], "%.*s", (int)len, s);
}

static void test_wrap(void **state)
{
    (void)state;
    struct lines l = {0};
    assert_int_equal(ui_tui_wrap("Spike: 10 000 orders/s, the database takes", 20, keep_line, &l),
                     3);
    assert_string_equal(l.v[0], "Spike: 10 000");
    assert_string_equal(l.v[1], "orders/s, the");
    assert_string_equal(l.v[2], "database takes");
    memset(&l, 0, sizeof l);
    /* Never inside a number or between a number and its unit. */
    ui_tui_wrap("users wait 667 ms and 17 284 were", 12, keep_line, &l);
    assert_string_equal(l.v[0], "users wait");
    assert_string_equal(l.v[1], "667 ms and");
    assert_string_equal(l.v[2], "17 284 were");
    memset(&l, 0, sizeof l);
    /* CJK breaks between characters (8 columns = 4 characters), never before "，". */
    ui_tui_wrap("同步用户现在要等，很久", 8, keep_line, &l);
    assert_string_equal(l.v[0], "同步用户");
    assert_string_equal(l.v[1], "现在要");
    assert_string_equal(l.v[2], "等，很久");
    memset(&l, 0, sizeof l);
    ui_tui_wrap("abcdefghij", 4, keep_line, &l); /* a word longer than a line is cut */
    assert_int_equal(l.n, 3);
    assert_string_equal(l.v[2], "ij");
}

/* The notes overlay's text: the paragraphs in the reader's language, reflowed. */
static void test_notes_text(void **state)
{
    (void)state;
    const char *notes = "Orders arrive at 1000/s,\nthen at 10 000/s.\n\nsync: A calls B\n"
                        "and waits.\n\n订单先以每秒 1000 个到达，\n之后回落。\n";
    char out[512];
    ui_tui_notes_text(notes, UI_TUI_EN, out, sizeof out);
    assert_string_equal(out, "Orders arrive at 1000/s, then at 10 000/s.\n\nsync: A calls B and "
                             "waits.");
    ui_tui_notes_text(notes, UI_TUI_ZH, out, sizeof out);
    assert_string_equal(out, "订单先以每秒 1000 个到达，之后回落。");
    /* One language only: everything, whatever the reader's. */
    ui_tui_notes_text("Just English.\n", UI_TUI_ZH, out, sizeof out);
    assert_string_equal(out, "Just English.");
    assert_int_equal(ui_tui_notes_text(NULL, UI_TUI_EN, out, sizeof out), 0);
    char tiny[8];
    ui_tui_notes_text(notes, UI_TUI_EN, tiny, sizeof tiny);
    assert_int_equal(strlen(tiny), 7);
}

static void test_numbers_and_labels(void **state)
{
    (void)state;
    char b[64];
    assert_string_equal(ui_fmt_count_fit(b, sizeof b, 23400, 0), "23 400");
    assert_string_equal(ui_fmt_count_fit(b, sizeof b, 1234567, 7), "1.2M");
    assert_string_equal(ui_fmt_count_fit(b, sizeof b, 12345678, 4), "12M");
    assert_string_equal(ui_fmt_count_fit(b, sizeof b, 40123, 5), "40k");
    assert_string_equal(ui_fmt_count_fit(b, sizeof b, 999, 3), "999");
    assert_string_equal(ui_fmt_duration(b, sizeof b, 25 * MS), "25.0 ms");
    assert_string_equal(ui_fmt_duration(b, sizeof b, 1500 * MS), "1.50 s");
    assert_string_equal(ui_fmt_duration(b, sizeof b, 2 * MS + MS / 2), "2.50 ms");
    assert_string_equal(
        ui_tui_fault_label(b, sizeof b, ORD_TARGET_B, ORD_FAULT_DOWN, false, UI_TUI_EN), "B down");
    assert_string_equal(
        ui_tui_fault_label(b, sizeof b, ORD_TARGET_B, ORD_FAULT_DOWN, true, UI_TUI_EN), "B up");
    assert_string_equal(
        ui_tui_fault_label(b, sizeof b, ORD_TARGET_DB, ORD_FAULT_SLOW, false, UI_TUI_ZH),
        "数据库变慢");
    assert_string_equal(
        ui_tui_fault_label(b, sizeof b, ORD_TARGET_LOAD, ORD_FAULT_SPIKE, true, UI_TUI_EN),
        "spike end");
    assert_string_equal(ui_tui_fault_label(b, sizeof b, ORD_TARGET_MQ, -1, true, UI_TUI_EN),
                        "MQ ok");
}

static void test_lang(void **state)
{
    (void)state;
    enum ui_tui_lang l;
    setenv("LC_ALL", "", 1);
    setenv("LC_MESSAGES", "zh_CN.UTF-8", 1);
    setenv("LANG", "en_US.UTF-8", 1);
    assert_int_equal(ui_tui_lang_from_env(), UI_TUI_ZH);
    setenv("LC_ALL", "C", 1); /* LC_ALL wins */
    assert_int_equal(ui_tui_lang_from_env(), UI_TUI_EN);
    unsetenv("LC_ALL");
    unsetenv("LC_MESSAGES");
    setenv("LANG", "zh_TW.UTF-8", 1);
    assert_int_equal(ui_tui_lang_from_env(), UI_TUI_ZH);
    assert_int_equal(ui_tui_lang_parse("en", &l), 0);
    assert_int_equal(l, UI_TUI_EN);
    assert_int_equal(ui_tui_lang_parse("zh", &l), 0);
    assert_int_equal(l, UI_TUI_ZH);
    assert_int_equal(ui_tui_lang_parse("fr", &l), -1);
    assert_string_equal(ui_tui_word(UI_TUI_W_SYNC_NAME, UI_TUI_ZH), "同步");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_calm),
        cmocka_unit_test(test_start),
        cmocka_unit_test(test_spike),
        cmocka_unit_test(test_drain),
        cmocka_unit_test(test_quiet),
        cmocka_unit_test(test_faults),
        cmocka_unit_test(test_done),
        cmocka_unit_test(test_one_variant),
        cmocka_unit_test(test_wrap),
        cmocka_unit_test(test_notes_text),
        cmocka_unit_test(test_numbers_and_labels),
        cmocka_unit_test(test_lang),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
