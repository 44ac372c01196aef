/* ui/live/pace.h: real-time pacing of virtual time (libuv).
 *
 * A repeating libuv timer fires every frame; each frame the pace advances its
 * virtual target by (wall time elapsed) x speed, unless paused, and calls on_frame
 * with the new target. The clock is a function pointer so tests drive it with a
 * fake clock and call ui_pace_tick() directly, without a loop. */
#ifndef UI_PACE_H
#define UI_PACE_H

#include <stdbool.h>
#include <stdint.h>

#include <uv.h>

#include "sim/time.h"

/* A monotonic wall clock in nanoseconds. */
typedef uint64_t (*ui_clock_fn)(void *ctx);

struct ui_pace;
typedef void (*sim_frame_fn)(struct ui_pace *p, sim_time target, void *ud);

struct ui_pace {
    uv_timer_t timer; /* timer.data is the pace */
    uv_loop_t *loop;
    ui_clock_fn clock;
    void *clock_ctx;
    double speed; /* virtual ns per wall ns */
    bool paused;
    bool started;
    uint64_t wall_last; /* clock reading at the last tick */
    sim_time target;    /* virtual time reached so far */
    double carry;       /* fractional virtual ns not yet added */
    sim_time limit;     /* target never passes this (SIM_TIME_NEVER: none) */
    sim_frame_fn on_frame;
    void *ud;
};

/* loop may be NULL for a pace driven only by ui_pace_tick() (tests). clock NULL
 * means uv_hrtime(). Speed starts at 1, running, target 0. Returns 0 or an error. */
int ui_pace_init(struct ui_pace *p, uv_loop_t *loop, ui_clock_fn clock, void *clock_ctx);
/* Read the clock and advance the target by elapsed x speed (0 when paused); returns
 * the new target (<= limit). */
sim_time ui_pace_tick(struct ui_pace *p);
/* Change speed (> 0). Time elapsed so far is accounted at the old speed first. */
void ui_pace_set_speed(struct ui_pace *p, double speed);
/* Pause or resume. Wall time spent paused never advances the target. */
void ui_pace_set_paused(struct ui_pace *p, bool paused);
/* Put the target at t (restart, or a jump); the clock reference is reset. */
void ui_pace_reset(struct ui_pace *p, sim_time t);
/* The target never goes past limit (the end of the run). */
void ui_pace_set_limit(struct ui_pace *p, sim_time limit);
/* Start the frame timer: every frame_ms, tick then on_frame(p, target, ud).
 * Wall time before the start is not played. Requires a loop. Returns 0, SIM_EINVAL
 * (no loop, frame_ms 0) or a libuv error mapped to SIM_EIO. */
int ui_pace_start(struct ui_pace *p, uint64_t frame_ms, sim_frame_fn on_frame, void *ud);
void ui_pace_stop(struct ui_pace *p);
/* Stop and close the timer handle (uv_close). The caller runs the loop once after
 * it (uv_run(loop, UV_RUN_NOWAIT) or its normal uv_run) before freeing p, so that
 * libuv can finish closing the handle. Safe to call twice. */
void ui_pace_close(struct ui_pace *p);

#endif
