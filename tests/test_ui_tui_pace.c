/* Tests for ui/live/pace.h with a fake clock: no assertion depends on real wall time. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "sim/error.h"
#include "ui/live/pace.h"

struct fake_clock {
    uint64_t now;
};

static uint64_t fake_read(void *ctx)
{
    return ((struct fake_clock *)ctx)->now;
}

static void test_tick_speed_pause(void **state)
{
    (void)state;
    struct fake_clock c = {1000000}; /* an arbitrary starting reading */
    struct ui_pace p;
    assert_int_equal(ui_pace_init(&p, NULL, fake_read, &c), 0);
    assert_int_equal(ui_pace_tick(&p), 0);
    c.now += 16 * SIM_MS;
    assert_int_equal(ui_pace_tick(&p), 16 * SIM_MS);
    /* Speed 10: 10 ms of wall time, of which 4 ms before the change at speed 1. */
    c.now += 4 * SIM_MS;
    ui_pace_set_speed(&p, 10);
    c.now += 6 * SIM_MS;
    assert_int_equal(ui_pace_tick(&p), (16 + 4 + 60) * SIM_MS);
    /* Invalid speeds are ignored. */
    ui_pace_set_speed(&p, 0);
    ui_pace_set_speed(&p, -2);
    assert_true(p.speed == 10);
    /* Paused: 2 ms before the pause count, the 500 ms paused do not, then 1 ms. */
    c.now += 2 * SIM_MS;
    ui_pace_set_paused(&p, true);
    c.now += 500 * SIM_MS;
    assert_int_equal(ui_pace_tick(&p), (80 + 20) * SIM_MS);
    ui_pace_set_paused(&p, true); /* twice: no effect */
    c.now += 500 * SIM_MS;
    ui_pace_set_paused(&p, false);
    c.now += 1 * SIM_MS;
    assert_int_equal(ui_pace_tick(&p), (100 + 10) * SIM_MS);
}

static void test_fractional_speed_no_drift(void **state)
{
    (void)state;
    struct fake_clock c = {0};
    struct ui_pace p;
    assert_int_equal(ui_pace_init(&p, NULL, fake_read, &c), 0);
    ui_pace_set_speed(&p, 1.0 / 3);
    /* 3000 frames of 1 ns: a third of a nanosecond each, carried, not dropped. */
    for (int i = 0; i < 3000; i++) {
        c.now += 1;
        ui_pace_tick(&p);
    }
    assert_true(p.target >= 999 && p.target <= 1000);
}

static void test_reset_and_limit(void **state)
{
    (void)state;
    struct fake_clock c = {0};
    struct ui_pace p;
    assert_int_equal(ui_pace_init(&p, NULL, fake_read, &c), 0);
    c.now += 5 * SIM_S;
    ui_pace_reset(&p, 2 * SIM_S); /* the 5 s before the reset are dropped */
    assert_int_equal(ui_pace_tick(&p), 2 * SIM_S);
    ui_pace_set_limit(&p, 3 * SIM_S);
    ui_pace_set_speed(&p, 100);
    c.now += SIM_S;
    assert_int_equal(ui_pace_tick(&p), 3 * SIM_S);
    c.now += SIM_S;
    assert_int_equal(ui_pace_tick(&p), 3 * SIM_S);
    ui_pace_set_limit(&p, SIM_S); /* a lower limit pulls the target down */
    assert_int_equal(p.target, SIM_S);
    ui_pace_reset(&p, 10 * SIM_S); /* a reset cannot pass the limit either */
    assert_int_equal(p.target, SIM_S);
    /* Starting needs a loop. */
    assert_int_equal(ui_pace_start(&p, 16, NULL, NULL), SIM_EINVAL);
}

/* A real libuv loop with a 1 ms timer; the fake clock moves 16 ms per frame, so
 * the targets are exact whatever the machine's timing. */
struct frames {
    struct fake_clock *clock;
    sim_time targets[8];
    int n;
};

static void on_frame(struct ui_pace *p, sim_time target, void *ud)
{
    struct frames *f = ud;
    f->targets[f->n++] = target;
    if (f->n == 3)
        ui_pace_set_speed(p, 2);
    if (f->n == 8)
        ui_pace_stop(p); /* the loop has nothing left and returns */
    f->clock->now += 16 * SIM_MS;
}

static void test_uv_loop_frames(void **state)
{
    (void)state;
    uv_loop_t loop;
    struct fake_clock c = {0};
    struct ui_pace p;
    struct frames f = {&c, {0}, 0};
    assert_int_equal(uv_loop_init(&loop), 0);
    assert_int_equal(ui_pace_init(&p, &loop, fake_read, &c), 0);
    assert_int_equal(ui_pace_start(&p, 1, on_frame, &f), 0);
    uv_run(&loop, UV_RUN_DEFAULT);
    assert_int_equal(f.n, 8);
    /* Frame k (from 1) sees (k - 1) steps of 16 ms: at speed 1 up to frame 3,
     * where the speed becomes 2 for the steps after it. */
    sim_time want = 0;
    for (int k = 0; k < 8; k++) {
        assert_int_equal(f.targets[k], want);
        want += (k < 2 ? 1 : 2) * 16 * SIM_MS;
    }
    ui_pace_close(&p);
    ui_pace_close(&p);
    uv_run(&loop, UV_RUN_NOWAIT);
    assert_int_equal(uv_loop_close(&loop), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_tick_speed_pause),
        cmocka_unit_test(test_fractional_speed_no_drift),
        cmocka_unit_test(test_reset_and_limit),
        cmocka_unit_test(test_uv_loop_frames),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
