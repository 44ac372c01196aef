/* sim/engine.c: the event queue, a 4-ary min-heap of (time, seq) over a slot pool.
 *
 * Each pending event owns a slot (callback, ctx, arg, generation, heap position).
 * The heap holds small (time, seq, slot) entries; every move in the heap writes the
 * new position back into the slot, so sim_cancel() removes an event from the heap at
 * once (O(log n)) instead of leaving a tombstone: the heap holds exactly the pending
 * events (and the hole below while a callback runs) and sim_pending() is exact.
 *
 * The event being fired stays at the heap's root while its callback runs (a hole: its
 * slot is already free). Most callbacks schedule one event (a delay line re-arms
 * itself, an arrival schedules the next): that event takes the root's place and
 * sifts down, one pass instead of a removal and an insertion. When the callback
 * schedules nothing, the root is removed after it. The hole's entry is earlier than
 * every pending one, so while it is there no other entry moves above it, and which
 * entries are pending, and so the order in which they fire, is what it would be
 * without it. Anything that reads the root first fills the hole (fill_hole).
 *
 * A handle is (generation << 32) | slot index. A slot's generation goes up each time
 * its event fires or is cancelled, so an old handle no longer matches. A slot whose
 * generation would wrap around is retired (never reused), which keeps every handle
 * unique for the engine's lifetime at the cost of one slot per 2^32 reuses. */
#include "sim/engine.h"

#include <stdlib.h>
#include <string.h>

#include "sim/error.h"

struct sim_heap_entry {
    sim_time at;
    uint64_t seq;
    uint32_t slot;
};

struct sim_event_slot {
    sim_event_fn fn; /* NULL when the slot is free */
    void *ctx;
    uint64_t arg;
    uint32_t gen; /* >= 1 */
    uint32_t pos; /* heap index while pending; next free slot while free */
};

#define NO_SLOT UINT32_MAX
#define INITIAL_CAP 64u
#define ARITY 4

int sim_engine_init(struct sim_engine *e)
{
    memset(e, 0, sizeof *e);
    e->free_head = NO_SLOT;
    e->heap = malloc(INITIAL_CAP * sizeof *e->heap);
    e->slots = malloc(INITIAL_CAP * sizeof *e->slots);
    if (!e->heap || !e->slots) {
        sim_engine_close(e);
        return SIM_ENOMEM;
    }
    e->heap_cap = INITIAL_CAP;
    e->slots_cap = INITIAL_CAP;
    return 0;
}

void sim_engine_close(struct sim_engine *e)
{
    free(e->heap);
    free(e->slots);
    e->heap = NULL;
    e->slots = NULL;
    e->heap_len = e->heap_cap = 0;
    e->slots_len = e->slots_cap = 0;
    e->free_head = NO_SLOT;
    e->live = 0;
    e->hole = 0;
}

/* (time, seq) as one 128-bit number (times in the heap are >= now >= 0): a compare
 * and a subtract-with-borrow, no branch, so the compiler picks children with
 * conditional moves: which child is smaller is a coin toss the branch predictor
 * loses half the time. */
static inline int entry_before(const struct sim_heap_entry *a, const struct sim_heap_entry *b)
{
    __extension__ typedef unsigned __int128 key;
    key ka = (key)(uint64_t)a->at << 64 | a->seq, kb = (key)(uint64_t)b->at << 64 | b->seq;
    return ka < kb;
}

static inline void heap_put(struct sim_engine *e, size_t i, struct sim_heap_entry x)
{
    e->heap[i] = x;
    e->slots[x.slot].pos = (uint32_t)i;
}

/* Move x up from the hole at i to its place. */
static void sift_up(struct sim_engine *e, size_t i, struct sim_heap_entry x)
{
    while (i > 0) {
        size_t parent = (i - 1) / ARITY;
        if (!entry_before(&x, &e->heap[parent]))
            break;
        heap_put(e, i, e->heap[parent]);
        i = parent;
    }
    heap_put(e, i, x);
}

/* The smallest child of i, or 0 when i has none. */
static inline size_t min_child(const struct sim_engine *e, size_t i)
{
    size_t first = i * ARITY + 1, n = e->heap_len;
    if (first >= n)
        return 0;
    size_t best = first;
    if (first + ARITY <= n) { /* the common case: four children, no bound checks */
        for (size_t c = first + 1; c < first + ARITY; c++)
            best = entry_before(&e->heap[c], &e->heap[best]) ? c : best;
        return best;
    }
    for (size_t c = first + 1; c < n; c++)
        best = entry_before(&e->heap[c], &e->heap[best]) ? c : best;
    return best;
}

/* Move x down from the hole at i to its place. */
static void sift_down(struct sim_engine *e, size_t i, struct sim_heap_entry x)
{
    for (size_t c; (c = min_child(e, i)) != 0 && entry_before(&e->heap[c], &x); i = c)
        heap_put(e, i, e->heap[c]);
    heap_put(e, i, x);
}

/* Remove the entry at heap index i. Floyd's bottom-up deletion: the hole walks
 * down to a leaf along the smallest children, then the last entry is sifted up
 * from there. The last entry usually belongs near the bottom, so this skips the
 * comparison against it at every level on the way down (and its branch miss). */
static void heap_remove(struct sim_engine *e, size_t i)
{
    struct sim_heap_entry last = e->heap[--e->heap_len];
    if (i == e->heap_len)
        return;
    for (size_t c; (c = min_child(e, i)) != 0; i = c)
        heap_put(e, i, e->heap[c]);
    sift_up(e, i, last);
}

/* The event fired last left its entry at the root and scheduled nothing: remove it. */
static inline void fill_hole(struct sim_engine *e)
{
    if (e->hole) {
        e->hole = 0;
        heap_remove(e, 0);
    }
}

/* Grow the slot pool and the heap together (the heap never holds more entries than
 * there are slots). Returns 0 or SIM_ENOMEM; on failure every pending event stays
 * as it was (at worst the slot pool has grown and the heap has not). */
static int grow(struct sim_engine *e)
{
    if (e->slots_cap >= NO_SLOT / 2)
        return SIM_ENOMEM;
    uint32_t cap = e->slots_cap ? e->slots_cap * 2 : INITIAL_CAP;
    struct sim_event_slot *slots = realloc(e->slots, (size_t)cap * sizeof *slots);
    if (!slots)
        return SIM_ENOMEM;
    e->slots = slots;
    e->slots_cap = cap;
    if (e->heap_cap < cap) {
        struct sim_heap_entry *heap = realloc(e->heap, (size_t)cap * sizeof *heap);
        if (!heap)
            return SIM_ENOMEM;
        e->heap = heap;
        e->heap_cap = cap;
    }
    return 0;
}

int sim_reserve(struct sim_engine *e, size_t n)
{
    /* Free slots cover part of it, but counting them would cost a walk: fresh ones
     * past slots_len are enough for n schedules whatever the free list holds. */
    while ((size_t)(e->slots_cap - e->slots_len) < n || e->heap_cap - e->heap_len < n)
        if (grow(e) != 0)
            return SIM_ENOMEM;
    return 0;
}

static uint32_t slot_alloc(struct sim_engine *e)
{
    if (e->free_head != NO_SLOT) {
        uint32_t i = e->free_head;
        e->free_head = e->slots[i].pos;
        return i;
    }
    if (e->slots_len == e->slots_cap && grow(e) != 0)
        return NO_SLOT;
    uint32_t i = e->slots_len++;
    e->slots[i].gen = 1;
    return i;
}

static void slot_free(struct sim_engine *e, uint32_t i)
{
    struct sim_event_slot *s = &e->slots[i];
    s->fn = NULL;
    if (++s->gen == 0)
        return; /* retired: its handles must never repeat */
    s->pos = e->free_head;
    e->free_head = i;
}

sim_event_id sim_schedule(struct sim_engine *e, sim_time at, sim_event_fn fn, void *ctx,
                          uint64_t arg)
{
    if (!fn)
        return 0;
    if (!e->hole && e->heap_len == e->heap_cap && grow(e) != 0)
        return 0;
    uint32_t i = slot_alloc(e);
    if (i == NO_SLOT)
        return 0;
    struct sim_event_slot *s = &e->slots[i];
    s->fn = fn;
    s->ctx = ctx;
    s->arg = arg;
    struct sim_heap_entry x = {at < e->now ? e->now : at, e->next_seq++, i};
    if (e->hole) { /* the root is the event firing now: x takes its place */
        e->hole = 0;
        sift_down(e, 0, x);
    } else {
        e->heap_len++;
        sift_up(e, e->heap_len - 1, x);
    }
    e->live++;
    return ((uint64_t)s->gen << 32) | i;
}

sim_event_id sim_schedule_in(struct sim_engine *e, sim_time delay, sim_event_fn fn, void *ctx,
                             uint64_t arg)
{
    if (delay < 0)
        delay = 0;
    if (delay >= SIM_TIME_NEVER - e->now)
        return 0; /* would fire at or after "never" */
    return sim_schedule(e, e->now + delay, fn, ctx, arg);
}

int sim_cancel(struct sim_engine *e, sim_event_id id)
{
    uint32_t i = (uint32_t)id;
    uint32_t gen = (uint32_t)(id >> 32);
    if (id == 0 || i >= e->slots_len)
        return SIM_ENOENT;
    struct sim_event_slot *s = &e->slots[i];
    if (!s->fn || s->gen != gen)
        return SIM_ENOENT;
    heap_remove(e, s->pos);
    slot_free(e, i);
    e->live--;
    return 0;
}

/* Pop the earliest event, advance the clock to it and run its callback. Its entry
 * stays at the root as a hole until the callback schedules (see the top). */
static void fire_top(struct sim_engine *e)
{
    struct sim_heap_entry top = e->heap[0];
    struct sim_event_slot *s = &e->slots[top.slot];
    sim_event_fn fn = s->fn;
    void *ctx = s->ctx;
    uint64_t arg = s->arg;
    slot_free(e, top.slot);
    e->live--;
    e->now = top.at;
    e->hole = 1;
    fn(e, ctx, arg);
    fill_hole(e);
    /* Counted after the callback: next to live-- the compiler fuses the two into
     * one 16-byte load, which stalls on the 8-byte store of live in sim_schedule
     * (a failed store-to-load forward, about a third of the loop's time). */
    e->fired++;
}

static uint64_t run(struct sim_engine *e, sim_time until)
{
    uint64_t fired = 0;
    fill_hole(e); /* run from inside a callback */
    e->stopped = 0;
    while (e->heap_len > 0 && e->heap[0].at <= until && !e->stopped) {
        fire_top(e);
        fired++;
    }
    return fired;
}

uint64_t sim_run_until(struct sim_engine *e, sim_time until)
{
    uint64_t fired = run(e, until);
    if (!e->stopped && until > e->now)
        e->now = until;
    return fired;
}

uint64_t sim_run(struct sim_engine *e)
{
    return run(e, SIM_TIME_NEVER);
}

int sim_step(struct sim_engine *e)
{
    fill_hole(e);
    if (e->heap_len == 0)
        return 0;
    fire_top(e);
    return 1;
}

sim_time sim_next_time(struct sim_engine *e)
{
    fill_hole(e);
    return e->heap_len > 0 ? e->heap[0].at : SIM_TIME_NEVER;
}

void sim_stop(struct sim_engine *e)
{
    e->stopped = 1;
}
