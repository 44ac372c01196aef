/* ui/live/pace.c: advance virtual time by wall time x speed, one libuv timer per pace.
 *
 * Virtual progress is elapsed_wall * speed, which is fractional for speeds that are
 * not integers; the fraction is kept in `carry` so that many small frames add up to
 * exactly what one long frame would (no drift from rounding every frame). */
#include "ui/live/pace.h"

#include <math.h>

#include "sim/error.h"

static uint64_t hrtime_clock(void *ctx)
{
    (void)ctx;
    return uv_hrtime();
}

static uint64_t read_clock(struct ui_pace *p)
{
    return p->clock(p->clock_ctx);
}

int ui_pace_init(struct ui_pace *p, uv_loop_t *loop, ui_clock_fn clock, void *clock_ctx)
{
    *p = (struct ui_pace){0};
    p->clock = clock ? clock : hrtime_clock;
    p->clock_ctx = clock_ctx;
    p->speed = 1;
    p->limit = SIM_TIME_NEVER;
    p->wall_last = read_clock(p);
    /* p->loop is set only once the timer is initialised: start and close use the
     * timer only when p->loop is set, so a failed init leaves nothing to misuse. */
    if (loop) {
        if (uv_timer_init(loop, &p->timer) != 0)
            return SIM_EIO;
        p->loop = loop;
        p->timer.data = p;
    }
    return 0;
}

/* Add elapsed wall nanoseconds at the current speed. */
static void advance(struct ui_pace *p, uint64_t elapsed)
{
    if (p->paused || p->target >= p->limit)
        return;
    double progress = (double)elapsed * p->speed + p->carry;
    double room = (double)(p->limit - p->target);
    if (progress >= room) {
        p->target = p->limit;
        p->carry = 0;
        return;
    }
    double whole = floor(progress);
    p->target += (sim_time)whole;
    p->carry = progress - whole;
}

sim_time ui_pace_tick(struct ui_pace *p)
{
    uint64_t now = read_clock(p);
    /* A clock that steps back (it should not) counts as no time at all. */
    uint64_t elapsed = now > p->wall_last ? now - p->wall_last : 0;
    p->wall_last = now;
    advance(p, elapsed);
    return p->target;
}

void ui_pace_set_speed(struct ui_pace *p, double speed)
{
    if (!(speed > 0) || isinf(speed))
        return;
    ui_pace_tick(p); /* time so far runs at the old speed */
    p->speed = speed;
}

void ui_pace_set_paused(struct ui_pace *p, bool paused)
{
    if (paused == p->paused)
        return;
    if (paused) {
        ui_pace_tick(p);
        p->paused = true;
    } else {
        p->wall_last = read_clock(p); /* the paused stretch is dropped */
        p->paused = false;
    }
}

void ui_pace_reset(struct ui_pace *p, sim_time t)
{
    p->target = t < p->limit ? t : p->limit;
    p->carry = 0;
    p->wall_last = read_clock(p);
}

void ui_pace_set_limit(struct ui_pace *p, sim_time limit)
{
    p->limit = limit;
    if (p->target > limit) {
        p->target = limit;
        p->carry = 0;
    }
}

static void on_timer(uv_timer_t *timer)
{
    struct ui_pace *p = timer->data;
    sim_time target = ui_pace_tick(p);
    if (p->on_frame)
        p->on_frame(p, target, p->ud);
}

int ui_pace_start(struct ui_pace *p, uint64_t frame_ms, sim_frame_fn on_frame, void *ud)
{
    if (!p->loop || frame_ms == 0)
        return SIM_EINVAL;
    p->on_frame = on_frame;
    p->ud = ud;
    p->wall_last = read_clock(p); /* setup time before the first frame is not played */
    if (uv_timer_start(&p->timer, on_timer, frame_ms, frame_ms) != 0)
        return SIM_EIO;
    p->started = true;
    return 0;
}

void ui_pace_stop(struct ui_pace *p)
{
    if (p->started)
        uv_timer_stop(&p->timer);
    p->started = false;
}

void ui_pace_close(struct ui_pace *p)
{
    ui_pace_stop(p);
    if (p->loop && !uv_is_closing((uv_handle_t *)&p->timer))
        uv_close((uv_handle_t *)&p->timer, NULL);
}
