/* Record and replay: a live session paced by a (fake) wall clock, with keys pressed
 * between frames, saved with --record's writer, loaded back and run headless gives
 * the same CSV byte for byte. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "orders/scenario/scenario.h"
#include "ui/export/export.h"
#include "ui/live/tui_session.h"

static uint64_t fake_clock(void *ctx)
{
    return *(uint64_t *)ctx;
}

static char *csv_of(const struct ord_result *r)
{
    char *text = NULL;
    size_t len = 0;
    FILE *m = open_memstream(&text, &len);
    assert_non_null(m);
    assert_int_equal(ui_csv_write(r, m), 0);
    fclose(m);
    return text;
}

static char *headless_csv(const struct ord_config *cfg)
{
    struct ord_run run;
    assert_int_equal(ord_run_init(&run, cfg), 0);
    assert_int_equal(ord_run_finish(&run), 0);
    char *csv = csv_of(ord_run_result(&run));
    ord_run_close(&run);
    return csv;
}

struct press {
    int frame;
    int key;
};

/* Frames of 33 ms at speed 5 with a little jitter, as a real loop has: the key times
 * land anywhere, not on round numbers. */
static void play(struct ui_tui_session *s, uint64_t *clock, const struct press *keys, size_t n,
                 int frames)
{
    struct ui_tui_view v;
    ui_tui_view_init(&v);
    bool quit = false;
    size_t k = 0;
    for (int f = 0; f < frames; f++) {
        *clock += 33000000u + (uint64_t)(f % 7) * 1234567u;
        assert_int_equal(ui_tui_session_frame(s), 0);
        for (; k < n && keys[k].frame == f; k++)
            assert_int_equal(ui_tui_dispatch(s, &v, ui_tui_key_find(keys[k].key)->action, &quit),
                             0);
    }
    ui_tui_view_free(&v);
}

static void test_record_replay(void **state)
{
    (void)state;
    struct ord_config cfg, plain;
    struct ord_diag d;
    assert_int_equal(ord_scenario_resolve(&cfg, NULL, &d), 0);
    assert_int_equal(ord_config_copy(&plain, &cfg), 0);
    uint64_t clock = 0;
    struct ui_tui_session s;
    assert_int_equal(ui_tui_session_init(&s, &cfg, NULL, fake_clock, &clock, 5), 0);
    /* At speed 5 a frame is ~0.2 virtual s: spike at ~5 s, B down ~9 s to ~13 s,
     * database slow ~20 s to ~26 s, MQ down ~30 s to ~33 s. */
    static const struct press keys[] = {
        {28, 's'}, {50, 'b'}, {72, 'b'}, {110, 'd'}, {145, 'd'}, {165, 'm'}, {185, 'm'},
    };
    play(&s, &clock, keys, sizeof keys / sizeof keys[0], 200);
    assert_int_equal(s.ncmds, 7);
    for (size_t i = 1; i < s.ncmds; i++)
        assert_true(s.cmds[i].at > s.cmds[i - 1].at);

    char path[1024];
    snprintf(path, sizeof path, "%s/test_ui_tui_session.%ld.yaml", ORD_BINARY_DIR, (long)getpid());
    char err[512];
    assert_int_equal(ui_tui_session_save(&s, path, err, sizeof err), 0);

    /* The live session, run to its end after the last key, as --csv-on-exit does. */
    assert_int_equal(ui_tui_session_finish(&s), 0);
    char *live = csv_of(ord_run_result(&s.run));

    struct ord_config rec;
    int rc = ord_scenario_load_file(&rec, path, &d);
    if (rc)
        ord_diag_print(&d, stderr);
    assert_int_equal(rc, 0);
    assert_int_equal(rec.ncommands, 7);
    assert_int_equal(rec.seed, plain.seed);
    for (size_t i = 0; i < rec.ncommands; i++) {
        assert_int_equal(rec.commands[i].at, s.cmds[i].at);
        assert_int_equal(rec.commands[i].kind, s.cmds[i].kind);
        assert_int_equal(rec.commands[i].fault.target, s.cmds[i].fault.target);
    }
    char *replayed = headless_csv(&rec);
    char *again = headless_csv(&rec);
    char *without = headless_csv(&plain);
    assert_string_equal(replayed, again);
    if (strcmp(live, replayed) != 0)
        fail_msg("the replay differs from the live session");
    /* The keys changed the run: a replay that dropped them would fail above. */
    assert_true(strcmp(live, without) != 0);

    free(live);
    free(replayed);
    free(again);
    free(without);
    ord_config_free(&rec);
    ord_config_free(&plain);
    ui_tui_session_close(&s);
    unlink(path);
}

/* A restart forgets the commands given before it: the record is the current run. */
static void test_restart_record(void **state)
{
    (void)state;
    struct ord_config cfg;
    struct ord_diag d;
    assert_int_equal(ord_scenario_resolve(&cfg, NULL, &d), 0);
    uint64_t clock = 0;
    struct ui_tui_session s;
    assert_int_equal(ui_tui_session_init(&s, &cfg, NULL, fake_clock, &clock, 5), 0);
    static const struct press keys[] = {{10, 's'}, {20, 'r'}, {30, 'b'}};
    play(&s, &clock, keys, 3, 40);
    assert_int_equal(s.ncmds, 1);
    assert_int_equal(s.cmds[0].fault.target, ORD_TARGET_B);
    struct ord_config rec;
    assert_int_equal(ui_tui_session_recording(&s, &rec), 0);
    assert_int_equal(rec.ncommands, 1);
    assert_true(rec.commands[0].at < 3 * SIM_S); /* ~10 frames after the restart */
    ord_config_free(&rec);
    ui_tui_session_close(&s);
}

/* The c key: a spike, then points, sms and stock join one after another (each a
 * built-in added to the scenario, the run rebuilt and replayed to the moment), a b
 * down between them; a fifth c finds nothing to add and says so until the next key.
 * The recording names the services and the joins, and its replay is the live session
 * byte for byte; the CSV has their columns. */
static void test_join_record_replay(void **state)
{
    (void)state;
    struct ord_config cfg;
    struct ord_diag d;
    assert_int_equal(ord_scenario_resolve(&cfg, "steady", &d), 0);
    uint64_t clock = 0;
    struct ui_tui_session s;
    assert_int_equal(ui_tui_session_init(&s, &cfg, NULL, fake_clock, &clock, 5), 0);
    static const struct press keys[] = {{20, 's'}, {40, 'c'}, {60, 'b'}, {70, 'c'},
                                        {80, 'b'}, {100, 'c'}, {120, 'c'}};
    play(&s, &clock, keys, sizeof keys / sizeof keys[0], 130);
    assert_int_equal(s.notice, UI_TUI_NOTICE_NO_SERVICE); /* the last c */
    assert_int_equal(s.ncmds, 6);
    static const char *const joined[] = {"points", "sms", "stock"};
    size_t j = 0;
    for (size_t i = 0; i < s.ncmds; i++)
        if (s.cmds[i].kind == ORD_CMD_JOIN) {
            assert_int_equal(s.cmds[i].fault.unit, j + 1);
            assert_string_equal(s.cfg.services[j + 1].name, joined[j]);
            assert_true(ord_run_joined(&s.run, (uint32_t)(j + 1)));
            j++;
        }
    assert_int_equal(j, 3);
    /* the screen says so in the footer's place, until the next key */
    struct ui_tui_snapshot snap;
    ui_tui_session_snapshot(&s, &snap);
    assert_true(snap.no_service_left);
    struct ui_tui_view v;
    ui_tui_view_init(&v);
    bool quit = false;
    assert_int_equal(ui_tui_dispatch(&s, &v, UI_TUI_ACT_LOG, &quit), 0);
    assert_int_equal(s.notice, UI_TUI_NOTICE_NONE);
    ui_tui_view_free(&v);
    /* the join episodes open where the keys were pressed */
    int join_eps = 0;
    for (size_t i = 0; i < s.neps; i++)
        if (s.eps[i].kind == UI_TUI_EP_JOIN) {
            assert_string_equal(s.eps[i].service, joined[join_eps]);
            join_eps++;
        }
    assert_int_equal(join_eps, 3);

    char path[1024];
    snprintf(path, sizeof path, "%s/test_ui_tui_session_join.%ld.yaml", ORD_BINARY_DIR,
             (long)getpid());
    char err[512];
    assert_int_equal(ui_tui_session_save(&s, path, err, sizeof err), 0);
    assert_int_equal(ui_tui_session_finish(&s), 0);
    char *live = csv_of(ord_run_result(&s.run));
    assert_non_null(strstr(live, ",points_completed_qps,points_lag_p99_ms,points_backlog,"));
    assert_non_null(strstr(live, ",stock_backlog"));
    struct ord_config rec;
    int rc = ord_scenario_load_file(&rec, path, &d);
    if (rc)
        ord_diag_print(&d, stderr);
    assert_int_equal(rc, 0);
    assert_int_equal(rec.nservices, 4);
    assert_int_equal(rec.services[3].start, SIM_TIME_NEVER);
    assert_non_null(strstr(rec.title, "points joins"));
    char *replayed = headless_csv(&rec);
    if (strcmp(live, replayed) != 0)
        fail_msg("the replay differs from the live session");
    free(live);
    free(replayed);
    ord_config_free(&rec);
    ui_tui_session_close(&s);
    unlink(path);
}

/* c on a scenario with a service that starts later joins that one now: nothing is
 * added; r starts over without the join. */
static void test_join_template(void **state)
{
    (void)state;
    struct ord_config cfg;
    struct ord_diag d;
    assert_int_equal(ord_scenario_resolve(&cfg, "add-subscriber", &d), 0);
    size_t n = cfg.nservices;
    uint64_t clock = 0;
    struct ui_tui_session s;
    assert_int_equal(ui_tui_session_init(&s, &cfg, NULL, fake_clock, &clock, 5), 0);
    static const struct press keys[] = {{30, 'c'}};
    play(&s, &clock, keys, 1, 40);
    assert_int_equal(s.cfg.nservices, n);
    assert_null(s.run_cfg);
    assert_int_equal(s.ncmds, 1);
    assert_int_equal(s.cmds[0].kind, ORD_CMD_JOIN);
    assert_true(s.cmds[0].at < s.cfg.services[1].start);
    assert_true(ord_run_joined(&s.run, 1));
    assert_int_equal(ui_tui_session_restart(&s), 0);
    assert_false(ord_run_joined(&s.run, 1));
    ui_tui_session_close(&s);
}

/* fan-out's sms is down from 30 s to 40 s: b at 32 s puts B (the first service) down,
 * it does not clear sms's fault; b again clears only B's. */
static void test_b_key_names_the_first_service(void **state)
{
    (void)state;
    struct fixture_like {
        struct ui_tui_session s;
        uint64_t clock;
    } f = {0};
    struct ord_config cfg;
    struct ord_diag d;
    assert_int_equal(ord_scenario_resolve(&cfg, "fan-out", &d), 0);
    assert_int_equal(ui_tui_session_init(&f.s, &cfg, NULL, fake_clock, &f.clock, 5), 0);
    assert_int_equal(ui_tui_session_advance(&f.s, 32 * SIM_S), 0);
    assert_true(ord_run_fault_active_on(&f.s.run, ORD_TARGET_B, 2, ORD_FAULT_DOWN));
    assert_false(ord_run_fault_active_on(&f.s.run, ORD_TARGET_B, 0, ORD_FAULT_DOWN));
    assert_int_equal(ui_tui_session_command(&f.s, UI_TUI_ACT_B_DOWN), 0);
    assert_int_equal(f.s.cmds[0].kind, ORD_CMD_FAULT);
    assert_true(ord_run_fault_active_on(&f.s.run, ORD_TARGET_B, 0, ORD_FAULT_DOWN));
    assert_int_equal(ui_tui_session_advance(&f.s, 33 * SIM_S), 0);
    assert_int_equal(ui_tui_session_command(&f.s, UI_TUI_ACT_B_DOWN), 0);
    assert_int_equal(f.s.cmds[1].kind, ORD_CMD_CLEAR);
    assert_false(ord_run_fault_active_on(&f.s.run, ORD_TARGET_B, 0, ORD_FAULT_DOWN));
    assert_true(ord_run_fault_active_on(&f.s.run, ORD_TARGET_B, 2, ORD_FAULT_DOWN));
    ui_tui_session_close(&f.s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_b_key_names_the_first_service),
        cmocka_unit_test(test_join_record_replay),
        cmocka_unit_test(test_join_template),
        cmocka_unit_test(test_record_replay),
        cmocka_unit_test(test_restart_record),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
