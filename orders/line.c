/* orders/line.c: delay lines, the completions of a station whose delay is constant.
 *
 * With a constant delay, completions come in the order work starts, so a FIFO with a
 * single engine event (at its head's due time) replaces one engine event per piece of
 * work: the engine's heap stays small, and a completion costs a ring push and pop.
 * Work whose due time is earlier than the line's tail (a random delay, or a constant
 * one that just got shorter) gets its own engine event instead, so any delay works.
 * Completions due at the same time run in the order they were started. */
#include <stdint.h>

#include "orders/internal.h"
#include "sim/error.h"

void ord__line_init(struct ord__line *l, struct ord__run *run, void (*fn)(void *item))
{
    l->run = run;
    l->fn = fn;
    l->ev = 0;
    l->firing = false;
}

void ord__line_close(struct ord__line *l)
{
    ord__ring_free(&l->items);
}

static void line_event(struct sim_engine *e, void *ctx, uint64_t arg);

static void arm(struct ord__line *l)
{
    if (l->ev || l->firing || !l->items.len)
        return;
    l->ev = sim_schedule(&l->run->engine, ord__ring_front(&l->items)->t, line_event, l, 0);
    if (!l->ev)
        ord__run_fail(l->run, SIM_ENOMEM);
}

static void line_event(struct sim_engine *e, void *ctx, uint64_t arg)
{
    (void)arg;
    struct ord__line *l = ctx;
    l->ev = 0;
    l->firing = true;
    while (l->items.len && ord__ring_front(&l->items)->t <= e->now) {
        void *item = ord__ring_front(&l->items)->item;
        ord__ring_pop(&l->items);
        l->fn(item);
    }
    l->firing = false;
    arm(l);
}

static void direct_event(struct sim_engine *e, void *ctx, uint64_t item)
{
    (void)e;
    struct ord__line *l = ctx;
    l->fn((void *)(uintptr_t)item);
}

void ord__line_after(struct ord__line *l, sim_time delay, void *item)
{
    struct sim_engine *e = &l->run->engine;
    if (delay == SIM_TIME_NEVER)
        return;
    sim_time due = delay > SIM_TIME_NEVER - e->now ? SIM_TIME_NEVER : e->now + delay;
    struct ord__ring *r = &l->items;
    if (r->len && due < ord__ring_back(r)->t) {
        if (!sim_schedule(e, due, direct_event, l, (uint64_t)(uintptr_t)item))
            ord__run_fail(l->run, SIM_ENOMEM);
        return;
    }
    if (ord__ring_push(r, item, due, 0) != 0) {
        ord__run_fail(l->run, SIM_ENOMEM);
        return;
    }
    arm(l);
}
