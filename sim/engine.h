/* sim/engine.h: the discrete-event kernel.
 *
 * A caller-owned engine holds a virtual clock and a queue of pending events. Events
 * at equal times fire in the order they were scheduled. Event records come from a
 * pool inside the engine, so once the pool has grown to the peak number of pending
 * events, scheduling allocates nothing. Several engines can live in one process;
 * an engine is not thread-safe (one engine per thread). */
#ifndef SIM_ENGINE_H
#define SIM_ENGINE_H

#include <stddef.h>
#include <stdint.h>

#include "sim/time.h"

struct sim_engine;

/* An event's callback: ctx and arg are what was given to sim_schedule(). The
 * callback may schedule and cancel events (including at sim_now()). */
typedef void (*sim_event_fn)(struct sim_engine *e, void *ctx, uint64_t arg);

/* A handle to a scheduled event; 0 is never a valid handle. A handle stays
 * unique for the engine's lifetime, so cancelling a fired event is harmless. */
typedef uint64_t sim_event_id;

struct sim_heap_entry; /* private */
struct sim_event_slot; /* private */

struct sim_engine {
    sim_time now;
    uint64_t next_seq;          /* tie-breaker: schedule order */
    uint64_t fired;             /* events fired so far */
    size_t live;                /* scheduled, not fired, not cancelled */
    struct sim_heap_entry *heap; /* private: pending events, ordered (time, seq) */
    size_t heap_len, heap_cap;
    struct sim_event_slot *slots; /* private: the event pool */
    uint32_t slots_len, slots_cap;
    uint32_t free_head;         /* private: free list of slots */
    int hole;                   /* private: heap[0] is the event being fired */
    int stopped;                /* set by sim_stop() */
};

/* Initialise an empty engine at time 0. Returns 0 or SIM_ENOMEM. */
int sim_engine_init(struct sim_engine *e);
/* Free the engine's memory; pending events are dropped without firing. */
void sim_engine_close(struct sim_engine *e);

static inline sim_time sim_now(const struct sim_engine *e) { return e->now; }
/* Events scheduled and neither fired nor cancelled. */
static inline size_t sim_pending(const struct sim_engine *e) { return e->live; }

/* Schedule fn(e, ctx, arg) at time at (at < now is treated as now). Returns the
 * event's handle, or 0 when out of memory (nothing scheduled). Never blocks. */
sim_event_id sim_schedule(struct sim_engine *e, sim_time at, sim_event_fn fn, void *ctx,
                          uint64_t arg);
/* Schedule after a delay from now; SIM_TIME_NEVER delays schedule nothing and
 * return 0 (an event that would never fire). */
sim_event_id sim_schedule_in(struct sim_engine *e, sim_time delay, sim_event_fn fn, void *ctx,
                             uint64_t arg);

/* Make sure the next n schedules cannot fail for lack of memory (a caller that must
 * schedule inside an event reserves beforehand, where it can still report the
 * failure). Returns 0 or SIM_ENOMEM (nothing pending changes). */
int sim_reserve(struct sim_engine *e, size_t n);
/* Cancel a pending event. Returns 0, or SIM_ENOENT if it already fired, was
 * cancelled, or the handle is 0/unknown. */
int sim_cancel(struct sim_engine *e, sim_event_id id);

/* Fire every event with time <= until, in order, then set now = until (never moves
 * the clock back). Stopping early with sim_stop() leaves now at the last event.
 * Returns the number of events fired. Splitting a run into several run_until calls
 * fires exactly the same events in the same order as one call. */
uint64_t sim_run_until(struct sim_engine *e, sim_time until);
/* Fire events until none is pending (or sim_stop()). Returns events fired. */
uint64_t sim_run(struct sim_engine *e);
/* Fire the single next event, if any; returns 1 if one fired, else 0. */
int sim_step(struct sim_engine *e);
/* Time of the next pending event, or SIM_TIME_NEVER when none. */
sim_time sim_next_time(struct sim_engine *e);
/* Ask the running sim_run/sim_run_until to return after the current event. */
void sim_stop(struct sim_engine *e);

#endif
