/* orders/load.c: the one arrival stream every variant sees (common random numbers).
 *
 * Arrivals come from the config's piecewise-constant phases (Poisson or evenly spaced)
 * or from exact times (a trace). A load spike overrides the rate for its window (on a
 * trace too: the trace's arrivals inside the window are replaced by Poisson arrivals at
 * the spike's rate; an even load stays even). Whenever the rate changes, the pending gap is drawn
 * again from the change: exact for Poisson (memoryless); an even stream restarts at the change.
 * Nothing arrives at or after the end of the load (cfg->duration). */
#include <math.h>

#include "orders/internal.h"
#include "sim/error.h"

static bool use_rate(const struct ord__run *run)
{
    return run->load.override || run->cfg->load.arrivals != ORD_ARRIVALS_TIMES;
}

static double phase_rate(const struct ord__run *run)
{
    const struct ord_load *l = &run->cfg->load;
    return l->nphases ? l->phases[run->load.phase].rate_per_s : 0.0;
}

static void arrival_event(struct sim_engine *e, void *ctx, uint64_t arg);

/* Exponential gap at rate per second, in ns; SIM_TIME_NEVER when it would overflow. */
static sim_time poisson_gap(struct sim_rng *rng, double rate)
{
    double ns = -log(sim_rng_open01(rng)) * (1e9 / rate);
    return ns >= 9.2e18 ? SIM_TIME_NEVER : (sim_time)ns;
}

/* Schedule the next arrival after now (or at now: even streams and traces). */
static void schedule_next(struct ord__run *run)
{
    struct ord__load *ld = &run->load;
    const struct ord_load *l = &run->cfg->load;
    sim_time now = run->engine.now, at = SIM_TIME_NEVER;
    if (!use_rate(run)) {
        if (ld->trace_i < l->ntimes)
            at = l->times[ld->trace_i];
    } else if (ld->rate > 0) {
        if (l->arrivals == ORD_ARRIVALS_EVEN) {
            sim_time off = sim_time_nth(ld->even_k, ld->rate);
            at = off > SIM_TIME_NEVER - ld->even_from ? SIM_TIME_NEVER : ld->even_from + off;
        } else {
            sim_time gap = poisson_gap(&ld->rng, ld->rate);
            at = gap > SIM_TIME_NEVER - now ? SIM_TIME_NEVER : now + gap;
        }
    }
    if (at >= run->cfg->duration)
        return;
    ld->next = sim_schedule(&run->engine, at, arrival_event, run, 0);
    if (!ld->next)
        ord__run_fail(run, SIM_ENOMEM);
}

static void arrival_event(struct sim_engine *e, void *ctx, uint64_t arg)
{
    (void)arg;
    struct ord__run *run = ctx;
    struct ord__load *ld = &run->load;
    ld->next = 0;
    ld->arrived = true;
    ld->last_at = e->now;
    if (!use_rate(run))
        ld->trace_i++;
    else
        ld->even_k++;
    uint32_t entry = ord__phase_entry(run, ld->phase);
    if (run->on_arrival)
        run->on_arrival(run->on_arrival_ud, e->now, entry);
    for (int i = 0; i < run->nvars; i++)
        run->vars[i].w->arrive(&run->vars[i], entry);
    schedule_next(run);
}

/* Restart the stream at now with the rate in force. */
void ord__load_rate_changed(struct ord__run *run)
{
    struct ord__load *ld = &run->load;
    const struct ord_load *l = &run->cfg->load;
    if (ld->next)
        sim_cancel(&run->engine, ld->next);
    ld->next = 0;
    if (!ld->override)
        ld->rate = phase_rate(run);
    /* an even stream restarts at now, or one gap later if an arrival just happened
     * at now: never two arrivals at one instant because the rate changed */
    ld->even_from = run->engine.now;
    ld->even_k = ld->arrived && ld->last_at == run->engine.now;
    while (ld->trace_i < l->ntimes && l->times[ld->trace_i] < run->engine.now)
        ld->trace_i++;
    schedule_next(run);
}

static void boundary_event(struct sim_engine *e, void *ctx, uint64_t arg);

static void schedule_boundary(struct ord__run *run)
{
    const struct ord_load *l = &run->cfg->load;
    size_t next = run->load.phase + 1;
    if (next >= l->nphases || l->phases[next].at >= run->cfg->duration)
        return;
    if (!sim_schedule(&run->engine, l->phases[next].at, boundary_event, run, 0))
        ord__run_fail(run, SIM_ENOMEM);
}

static void boundary_event(struct sim_engine *e, void *ctx, uint64_t arg)
{
    (void)e, (void)arg;
    struct ord__run *run = ctx;
    run->load.phase++;
    if (!run->load.override)
        ord__load_rate_changed(run);
    schedule_boundary(run);
}

int ord__load_start(struct ord__run *run)
{
    struct ord__load *ld = &run->load;
    sim_rng_init(&ld->rng, run->cfg->seed, sim_rng_stream_id("arrivals"));
    ld->phase = 0;
    ld->override = false;
    ld->trace_i = 0;
    ord__load_rate_changed(run);
    schedule_boundary(run);
    return run->err;
}

/* A spike starts (on = true, rate) or the last one ends (on = false). */
void ord__load_set_override(struct ord__run *run, bool on, double rate)
{
    if (on == run->load.override && (!on || rate == run->load.rate))
        return;
    run->load.override = on;
    if (on)
        run->load.rate = rate;
    ord__load_rate_changed(run);
}

/* Index of the first trace time > t. */
static size_t times_after(const struct ord_load *l, sim_time t)
{
    size_t lo = 0, hi = l->ntimes;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (l->times[mid] > t)
            hi = mid;
        else
            lo = mid + 1;
    }
    return lo;
}

/* Trace arrivals in (now - 1 s, now]: a trace's rate "now", per second. */
static double trace_rate(const struct ord__run *run)
{
    const struct ord_load *l = &run->cfg->load;
    sim_time now = run->engine.now;
    return (double)(times_after(l, now) - times_after(l, now - SIM_S));
}

double ord__load_rate_now(const struct ord__run *run)
{
    if (run->engine.now >= run->cfg->duration)
        return 0.0;
    if (use_rate(run))
        return run->load.rate;
    return trace_rate(run);
}
