/* The key table: each key does its action, and the footer and the help are made from
 * the same table. Model actions become the right commands at the run's time. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "orders/scenario/scenario.h"
#include "ui/live/tui_keys.h"
#include "ui/live/tui_session.h"

static void test_key_lookup(void **state)
{
    (void)state;
    static const struct {
        int ch;
        enum ui_tui_action a;
    } want[] = {
        {' ', UI_TUI_ACT_PAUSE},   {'+', UI_TUI_ACT_FASTER},  {'=', UI_TUI_ACT_FASTER},
        {'-', UI_TUI_ACT_SLOWER},  {'s', UI_TUI_ACT_SPIKE},   {'b', UI_TUI_ACT_B_DOWN},
        {'h', UI_TUI_ACT_B_HANG},  {'d', UI_TUI_ACT_DB_SLOW}, {'m', UI_TUI_ACT_MQ_DOWN},
        {'r', UI_TUI_ACT_RESTART}, {'z', UI_TUI_ACT_ZERO},    {'l', UI_TUI_ACT_LOG},     {'n', UI_TUI_ACT_NOTES},
        {'?', UI_TUI_ACT_HELP},    {'q', UI_TUI_ACT_QUIT},
    };
    for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
        const struct ui_tui_key *k = ui_tui_key_find(want[i].ch);
        assert_non_null(k);
        assert_int_equal(k->action, want[i].a);
    }
    assert_null(ui_tui_key_find('x'));
    assert_null(ui_tui_key_find(0));
    assert_null(ui_tui_key_find(0x1000)); /* curses KEY_ codes are not keys of ours */
    /* Every action has exactly one row, and no key triggers two rows. */
    for (int i = 0; i < ui_tui_nkeys; i++) {
        for (int j = i + 1; j < ui_tui_nkeys; j++) {
            assert_int_not_equal(ui_tui_keys[i].action, ui_tui_keys[j].action);
            for (const char *c = ui_tui_keys[i].keys; *c; c++)
                assert_null(strchr(ui_tui_keys[j].keys, *c));
        }
    }
}

/* The footer and the help come from the table: every row is in the help, the footer
 * fits its width and always ends with the pinned rows (? help, q quit). */
static void test_footer_and_help(void **state)
{
    (void)state;
    char buf[512];
    for (int width = 30; width <= 200; width += 10) {
        for (int lang = 0; lang < UI_TUI_NLANG; lang++) {
            int w = ui_tui_footer(buf, sizeof buf, width, (enum ui_tui_lang)lang);
            assert_true(w <= width);
            assert_int_equal(w, ui_tui_text_width(buf, -1, NULL));
            char tail[64];
            snprintf(tail, sizeof tail, "? %s  q %s", ui_tui_keys[ui_tui_nkeys - 2].footer[lang],
                     ui_tui_keys[ui_tui_nkeys - 1].footer[lang]);
            assert_non_null(strstr(buf, tail));
        }
    }
    /* 200 columns hold every row that has a footer word, in table order. */
    ui_tui_footer(buf, sizeof buf, 200, UI_TUI_EN);
    const char *p = buf;
    for (int i = 0; i < ui_tui_nkeys; i++) {
        if (!ui_tui_keys[i].footer[0])
            continue;
        char item[64];
        snprintf(item, sizeof item, "%s %s",
                 ui_tui_keys[i].fcap ? ui_tui_keys[i].fcap : ui_tui_keys[i].cap,
                 ui_tui_keys[i].footer[0]);
        const char *at = strstr(p, item);
        if (!at)
            fail_msg("footer lacks \"%s\": %s", item, buf);
        p = at + strlen(item);
    }
    /* The projector's 80 columns keep the model's keys; speed and the rest are in the
     * help. */
    ui_tui_footer(buf, sizeof buf, 78, UI_TUI_EN);
    assert_string_equal(buf, "space pause  s spike  b B down  h B hang  d DB slow  m MQ down  "
                             "? help  q quit");
    for (int i = 0; i < ui_tui_nkeys; i++) {
        ui_tui_help_line(buf, sizeof buf, i, UI_TUI_EN);
        assert_int_equal(strncmp(buf, ui_tui_keys[i].cap, strlen(ui_tui_keys[i].cap)), 0);
        assert_non_null(strstr(buf, ui_tui_keys[i].help[0]));
    }
}

static void test_speed_steps(void **state)
{
    (void)state;
    double s = 1;
    static const double up[] = {2, 5, 10, 20, 50, 100, 100};
    for (size_t i = 0; i < sizeof up / sizeof up[0]; i++) {
        s = ui_tui_speed_step(s, 1);
        assert_true(s == up[i]);
    }
    s = 1;
    static const double down[] = {0.5, 0.25, 0.1, 0.1};
    for (size_t i = 0; i < sizeof down / sizeof down[0]; i++) {
        s = ui_tui_speed_step(s, -1);
        assert_true(s == down[i]);
    }
    assert_true(ui_tui_speed_step(3, 1) == 5); /* from --speed 3 */
    assert_true(ui_tui_speed_step(3, -1) == 2);
}

/* Each model key is the documented command, toggling on the active faults. */
static void test_action_commands(void **state)
{
    (void)state;
    struct ord_command c;
    sim_time t = 12345678901;
    assert_true(ui_tui_action_command(UI_TUI_ACT_SPIKE, 0, t, &c));
    assert_int_equal(c.at, t);
    assert_int_equal(c.kind, ORD_CMD_FAULT);
    assert_int_equal(c.fault.target, ORD_TARGET_LOAD);
    assert_int_equal(c.fault.kind, ORD_FAULT_SPIKE);
    assert_int_equal(c.fault.length, 10 * SIM_S);
    assert_true(c.fault.rate_per_s == 10000);

    static const struct {
        enum ui_tui_action a;
        enum ord_target t;
        enum ord_fault_kind k;
    } toggles[] = {
        {UI_TUI_ACT_B_DOWN, ORD_TARGET_B, ORD_FAULT_DOWN},
        {UI_TUI_ACT_B_HANG, ORD_TARGET_B, ORD_FAULT_HANG},
        {UI_TUI_ACT_DB_SLOW, ORD_TARGET_DB, ORD_FAULT_SLOW},
        {UI_TUI_ACT_MQ_DOWN, ORD_TARGET_MQ, ORD_FAULT_DOWN},
    };
    for (size_t i = 0; i < sizeof toggles / sizeof toggles[0]; i++) {
        assert_true(ui_tui_action_command(toggles[i].a, 0, t, &c));
        assert_int_equal(c.kind, ORD_CMD_FAULT);
        assert_int_equal(c.fault.target, toggles[i].t);
        assert_int_equal(c.fault.kind, toggles[i].k);
        assert_int_equal(c.fault.length, SIM_TIME_NEVER);
        if (toggles[i].k == ORD_FAULT_SLOW)
            assert_true(c.fault.factor == 5);
        /* Pressed again while the fault is active: cleared. */
        assert_true(ui_tui_action_command(toggles[i].a,
                                          UI_TUI_FAULT_BIT(toggles[i].t, toggles[i].k), t, &c));
        assert_int_equal(c.kind, ORD_CMD_CLEAR);
        assert_int_equal(c.fault.target, toggles[i].t);
    }
    static const enum ui_tui_action view_only[] = {
        UI_TUI_ACT_PAUSE, UI_TUI_ACT_FASTER, UI_TUI_ACT_SLOWER, UI_TUI_ACT_RESTART,
        UI_TUI_ACT_LOG,   UI_TUI_ACT_NOTES,  UI_TUI_ACT_HELP,   UI_TUI_ACT_QUIT,
    };
    for (size_t i = 0; i < sizeof view_only / sizeof view_only[0]; i++)
        assert_false(ui_tui_action_command(view_only[i], 0, t, &c));
}

static uint64_t fake_clock(void *ctx)
{
    return *(uint64_t *)ctx;
}

/* Dispatch on a real session: every key does what its row says. */
static void test_dispatch(void **state)
{
    (void)state;
    struct ord_config cfg;
    struct ord_diag d;
    uint64_t now = 0;
    assert_int_equal(ord_scenario_resolve(&cfg, NULL, &d), 0);
    struct ui_tui_session s;
    struct ui_tui_view v;
    assert_int_equal(ui_tui_session_init(&s, &cfg, NULL, fake_clock, &now, 1), 0);
    ui_tui_view_init(&v);
    bool quit = false;
#define KEY(ch) ui_tui_dispatch(&s, &v, ui_tui_key_find(ch)->action, &quit)

    now += 2 * (uint64_t)SIM_S;
    assert_int_equal(ui_tui_session_frame(&s), 0);
    assert_int_equal(ord_run_now(&s.run), 2 * SIM_S);

    assert_int_equal(KEY(' '), 0); /* pause: wall time no longer moves the run */
    assert_true(s.pace.paused);
    now += 5 * (uint64_t)SIM_S;
    assert_int_equal(ui_tui_session_frame(&s), 0);
    assert_int_equal(ord_run_now(&s.run), 2 * SIM_S);
    assert_int_equal(KEY(' '), 0);
    assert_false(s.pace.paused);

    assert_int_equal(KEY('+'), 0);
    assert_true(s.pace.speed == 2);
    assert_int_equal(KEY('-'), 0);
    assert_int_equal(KEY('-'), 0);
    assert_true(s.pace.speed == 0.5);
    assert_int_equal(KEY('+'), 0);

    assert_int_equal(KEY('s'), 0);
    assert_int_equal(s.ncmds, 1);
    assert_int_equal(s.cmds[0].at, 2 * SIM_S);
    assert_true(ord_run_fault_active(&s.run, ORD_TARGET_LOAD, ORD_FAULT_SPIKE));
    assert_true(ord_run_rate_now(&s.run) == 10000);

    assert_int_equal(KEY('b'), 0);
    assert_true(ord_run_fault_active(&s.run, ORD_TARGET_B, ORD_FAULT_DOWN));
    now += (uint64_t)SIM_S;
    assert_int_equal(ui_tui_session_frame(&s), 0);
    assert_int_equal(KEY('b'), 0); /* B up again */
    assert_false(ord_run_fault_active(&s.run, ORD_TARGET_B, ORD_FAULT_DOWN));
    assert_int_equal(s.ncmds, 3);
    assert_int_equal(s.cmds[2].kind, ORD_CMD_CLEAR);
    assert_int_equal(s.cmds[2].at, 3 * SIM_S);

    assert_int_equal(KEY('h'), 0);
    assert_true(ord_run_fault_active(&s.run, ORD_TARGET_B, ORD_FAULT_HANG));
    assert_int_equal(KEY('d'), 0);
    assert_true(ord_run_fault_active(&s.run, ORD_TARGET_DB, ORD_FAULT_SLOW));
    assert_int_equal(KEY('m'), 0);
    assert_true(ord_run_fault_active(&s.run, ORD_TARGET_MQ, ORD_FAULT_DOWN));
    assert_int_equal(ui_tui_session_faults(&s),
                     UI_TUI_FAULT_BIT(ORD_TARGET_LOAD, ORD_FAULT_SPIKE) |
                         UI_TUI_FAULT_BIT(ORD_TARGET_B, ORD_FAULT_HANG) |
                         UI_TUI_FAULT_BIT(ORD_TARGET_DB, ORD_FAULT_SLOW) |
                         UI_TUI_FAULT_BIT(ORD_TARGET_MQ, ORD_FAULT_DOWN));

    bool log = v.log;
    assert_int_equal(KEY('l'), 0);
    assert_true(v.log != log);

    /* Overlays: any key closes one (and does nothing else); q still quits. */
    assert_int_equal(KEY('?'), 0);
    assert_true(v.help);
    size_t n = s.ncmds;
    assert_int_equal(KEY('s'), 0);
    assert_false(v.help);
    assert_int_equal(s.ncmds, n);
    assert_int_equal(KEY('n'), 0);
    assert_true(v.notes);
    assert_int_equal(KEY('n'), 0);
    assert_false(v.notes);

    assert_int_equal(KEY('r'), 0); /* restart: time 0, no commands, no faults */
    assert_int_equal(ord_run_now(&s.run), 0);
    assert_int_equal(s.ncmds, 0);
    assert_int_equal(ui_tui_session_faults(&s), 0);

    assert_false(quit);
    assert_int_equal(KEY('q'), 0);
    assert_true(quit);
#undef KEY
    ui_tui_view_free(&v);
    ui_tui_session_close(&s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_key_lookup),  cmocka_unit_test(test_footer_and_help),
        cmocka_unit_test(test_speed_steps), cmocka_unit_test(test_action_commands),
        cmocka_unit_test(test_dispatch),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
