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

/* The flash-spike scenario's shape at 31 s: 1000/s on a 6000/s database, both wirings,
 * one bucket a second. */
static struct ui_tui_facts calm(void)
{
    struct ui_tui_facts f;
    memset(&f, 0, sizeof f);
    f.started = true;
    f.at = 31000 * MS;
    f.interval = 1000 * MS;
    f.rate = 1000;
    f.db_cap_ps = f.db_base_ps = 6000;
    f.timeout = 3000 * MS;
    f.end = 90000 * MS;
    f.ep.kind = -1;
    f.sync.present = f.async.present = true;
    f.async.has_mq = true;
    f.sync.have_latency = f.async.have_latency = true;
    f.sync.p50 = 221 * MS;
    f.sync.p99 = 229 * MS;
    f.async.p50 = 25 * MS;
    f.async.p99 = 26 * MS;
    f.async.backlog = f.async.backlog_before = 3;
    f.sync.drained_at = f.async.drained_at = SIM_TIME_NEVER;
    return f;
}

static struct ui_tui_episode episode(int target, int kind, bool end, sim_time from)
{
    struct ui_tui_episode e;
    memset(&e, 0, sizeof e);
    e.target = target;
    e.kind = kind;
    e.end = end;
    e.from = e.counted_from = from;
    e.length = SIM_TIME_NEVER;
    e.factor = 1;
    return e;
}

static void caption(const struct ui_tui_facts *f, enum ui_tui_lang lang, char *buf, size_t n)
{
    ui_tui_caption(f, lang, buf, n);
}

static void has(const char *buf, const char *part)
{
    if (!strstr(buf, part))
        fail_msg("caption lacks \"%s\": %s", part, buf);
}

static void lacks(const char *buf, const char *part)
{
    if (strstr(buf, part))
        fail_msg("caption must not say \"%s\": %s", part, buf);
}

static void test_calm(void **state)
{
    (void)state;
    struct ui_tui_facts f = calm();
    char buf[1024];
    caption(&f, UI_TUI_EN, buf, sizeof buf);
    has(buf, "Steady run since 0.0 s: 1 000 orders/s arrive; the database takes 6 000/s.");
    has(buf, "Sync users wait 221 ms.");
    has(buf, "Async users wait 25.0 ms; B keeps up (MQ backlog 3).");
    caption(&f, UI_TUI_ZH, buf, sizeof buf);
    has(buf, "同步用户等 221 ms");
    has(buf, "B 跟得上（MQ 积压 3 条）");
}

/* Point 1: right after B is back, 34 579 queued messages are no "calm", no "spike". */
static void test_recovery_is_named_and_not_calm(void **state)
{
    (void)state;
    struct ui_tui_facts f = calm();
    f.ep = episode(ORD_TARGET_B, ORD_FAULT_DOWN, true, 24000 * MS);
    f.async.backlog_before = 39579;
    f.async.backlog = 34579;
    f.async.drain_ps = 5000;
    f.sync.rejected = 0;
    f.sync.failed = 34930;
    char buf[1024];
    caption(&f, UI_TUI_EN, buf, sizeof buf);
    has(buf, "B back up since 24.0 s.");
    has(buf, "B works off 34 579 queued messages at 5 000/s: about 7 s to go.");
    lacks(buf, "keeps up");
    lacks(buf, "pike");
    lacks(buf, "lost");
    lacks(buf, "34 930"); /* the outage's failures are not this episode's */
}

/* Point 1: a hung B keeps messages waiting for redelivery: B does not keep up. */
static void test_hang_never_keeps_up(void **state)
{
    (void)state;
    struct ui_tui_facts f = calm();
    f.ep = episode(ORD_TARGET_B, ORD_FAULT_HANG, false, 20000 * MS);
    f.faults = UI_TUI_FAULT_BIT(ORD_TARGET_B, ORD_FAULT_HANG);
    f.async.backlog = f.async.backlog_before = 15; /* under the keep-up limit */
    f.sync.ep_failed = 850;
    char buf[1024];
    caption(&f, UI_TUI_EN, buf, sizeof buf);
    has(buf, "B hang since 20.0 s: every call it starts holds a B thread for 3.00 s, then fails.");
    has(buf, "850 failed since 20.0 s");
    has(buf, "15 messages wait in the MQ, new or for redelivery");
    lacks(buf, "keeps up");
    lacks(buf, "never answers");
}

/* Point 2: counts are the episode's, in the panel's words. */
static void test_counts_are_the_episodes(void **state)
{
    (void)state;
    struct ui_tui_facts f = calm();
    f.ep = episode(ORD_TARGET_LOAD, ORD_FAULT_SPIKE, false, 60000 * MS);
    f.ep.rate = 10000;
    f.ep.length = 10000 * MS;
    f.rate = 10000;
    f.faults = UI_TUI_FAULT_BIT(ORD_TARGET_LOAD, ORD_FAULT_SPIKE);
    f.sync.rejected = 62347; /* the run's: includes the first spike */
    f.sync.failed = 15736;
    f.sync.ep_rejected = 24737;
    f.async.backlog_before = 15000;
    f.async.backlog = 19000;
    char buf[1024];
    caption(&f, UI_TUI_EN, buf, sizeof buf);
    has(buf, "Spike since 60.0 s: 10 000 orders/s for 10.0 s; the database takes 6 000/s.");
    has(buf, "24 737 rejected since 60.0 s");
    lacks(buf, "62 347");
    lacks(buf, "53 346");
    lacks(buf, "lost");
    /* Point 4: the growth is the backlog's own change, nothing to add up wrongly */
    has(buf, "the MQ backlog is 19 000 messages, up 4 000 in the last 1.00 s.");
}

/* Point 6: the database's capacity follows a slow fault. */
static void test_db_slow_moves_capacity(void **state)
{
    (void)state;
    struct ui_tui_facts f = calm();
    f.ep = episode(ORD_TARGET_DB, ORD_FAULT_SLOW, false, 40000 * MS);
    f.ep.factor = 5;
    f.db_cap_ps = 1200;
    f.faults = UI_TUI_FAULT_BIT(ORD_TARGET_DB, ORD_FAULT_SLOW);
    char buf[1024];
    caption(&f, UI_TUI_EN, buf, sizeof buf);
    has(buf, "DB slow (5x) since 40.0 s: it takes 1 200/s now.");
    lacks(buf, "6 000");
    lacks(buf, "keeps up");
}

static void test_pending_and_zero(void **state)
{
    (void)state;
    struct ui_tui_facts f = calm();
    f.pending = true;
    f.next = episode(ORD_TARGET_MQ, ORD_FAULT_DOWN, false, 31400 * MS);
    char buf[1024];
    caption(&f, UI_TUI_EN, buf, sizeof buf);
    has(buf, "MQ down at 31.4 s: its figures come with the bucket ending at 32.0 s.");
    f = calm();
    f.ep = episode(ORD_TARGET_B, ORD_FAULT_DOWN, false, 20000 * MS);
    f.ep.counted_from = 25000 * MS;
    f.faults = UI_TUI_FAULT_BIT(ORD_TARGET_B, ORD_FAULT_DOWN);
    f.sync.have_latency = false;
    f.sync.ep_failed = 5000;
    caption(&f, UI_TUI_EN, buf, sizeof buf);
    has(buf, "Counting from 25.0 s (z).");
    has(buf, "Sync orders do not go through, 5 000 failed since 25.0 s.");
    has(buf, "messages wait in the MQ for B.");
}

/* The MQ down while B hangs: sync does not use the MQ, but it answers nobody either;
 * the caption must not say "users wait -". */
static void test_sync_no_mq_but_b_hung(void **state)
{
    (void)state;
    struct ui_tui_facts f = calm();
    f.ep = episode(ORD_TARGET_MQ, ORD_FAULT_DOWN, false, 20000 * MS);
    f.faults = UI_TUI_FAULT_BIT(ORD_TARGET_MQ, ORD_FAULT_DOWN) |
               UI_TUI_FAULT_BIT(ORD_TARGET_B, ORD_FAULT_HANG);
    f.sync.have_latency = false;
    f.sync.ep_failed = 700;
    char buf[1024];
    caption(&f, UI_TUI_EN, buf, sizeof buf);
    has(buf, "Sync orders do not go through, 700 failed since 20.0 s.");
    lacks(buf, "wait -");
    f.sync.have_latency = true; /* sync still answered: its users wait what they did */
    caption(&f, UI_TUI_EN, buf, sizeof buf);
    has(buf, "Sync does not use the MQ: users wait");
}

static void test_done(void **state)
{
    (void)state;
    struct ui_tui_facts f = calm();
    f.done = true;
    f.rate = 0;
    f.sync.run_p99 = 3100 * MS;
    f.sync.rejected = 12345;
    f.sync.failed = 6;
    f.async.run_p99 = 27 * MS;
    f.async.backlog_max = 40123;
    f.async.backlog_max_at = 20000 * MS;
    f.async.drained_at = 28400 * MS;
    char buf[1024];
    caption(&f, UI_TUI_EN, buf, sizeof buf);
    has(buf, "Done at 90.0 s.");
    has(buf, "Sync over the whole run: p99 3.10 s, 12 345 rejected, 6 failed.");
    has(buf, "the MQ backlog peaked at 40 123 messages at 20.0 s and was empty again at 28.4 s.");
    /* point 12: a backlog of 4 is no event */
    f.async.backlog_max = 4;
    caption(&f, UI_TUI_EN, buf, sizeof buf);
    lacks(buf, "peaked");
}

static void test_one_variant(void **state)
{
    (void)state;
    struct ui_tui_facts f = calm();
    f.sync.present = false;
    char buf[1024];
    caption(&f, UI_TUI_EN, buf, sizeof buf);
    lacks(buf, "Sync");
    has(buf, "Async users wait 25.0 ms");
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
        cmocka_unit_test(test_sync_no_mq_but_b_hung),
        cmocka_unit_test(test_recovery_is_named_and_not_calm),
        cmocka_unit_test(test_hang_never_keeps_up),
        cmocka_unit_test(test_counts_are_the_episodes),
        cmocka_unit_test(test_db_slow_moves_capacity),
        cmocka_unit_test(test_pending_and_zero),
        cmocka_unit_test(test_done),
        cmocka_unit_test(test_one_variant),
        cmocka_unit_test(test_wrap),
        cmocka_unit_test(test_notes_text),
        cmocka_unit_test(test_numbers_and_labels),
        cmocka_unit_test(test_lang),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
