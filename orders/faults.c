/* orders/faults.c: faults from the config (scheduled at init), live commands
 * (ord_run_fault / ord_run_clear) and recorded ones (cfg->commands, applied by
 * ord_run_advance exactly as the live session did).
 *
 * Active faults are a short list; after every change the effect on each target is
 * recomputed from the whole list and applied to every variant: down and hang are "any
 * active", SLOW factors multiply, and the latest SPIKE sets the arrival rate. So
 * overlapping faults compose, and ending one fault never ends another. */
#include <math.h>
#include <stdlib.h>

#include "orders/internal.h"
#include "sim/error.h"

bool ord__fault_valid(const struct ord_fault *f)
{
    if (f->length < 0)
        return false;
    if ((f->target == ORD_TARGET_B && f->unit >= ORD_MAX_SERVICES) ||
        (f->target == ORD_TARGET_DB && f->unit >= ORD_MAX_DATABASES))
        return false;
    switch (f->target) {
    case ORD_TARGET_B:
    case ORD_TARGET_DB:
        if (f->kind == ORD_FAULT_SLOW)
            return isfinite(f->factor) && f->factor > 0;
        return f->kind == ORD_FAULT_DOWN || f->kind == ORD_FAULT_HANG ||
               (f->target == ORD_TARGET_B && f->kind == ORD_FAULT_CRASH);
    case ORD_TARGET_MQ:
        return f->kind == ORD_FAULT_DOWN || f->kind == ORD_FAULT_CRASH;
    case ORD_TARGET_LOAD:
        return f->kind == ORD_FAULT_SPIKE && isfinite(f->rate_per_s) && f->rate_per_s >= 0;
    }
    return false;
}

struct effect {
    bool down, hang;
    double slow;
};

static void apply_variant(struct ord__variant *v, const struct effect *b, const struct effect *db,
                          bool mq_down)
{
    for (uint32_t i = 0; i < v->nsvc; i++) {
        struct ord__svc *s = &v->svc[i];
        const struct effect *x = &b[i];
        if (x->down != s->b.down) {
            s->b.down = x->down;
            v->w->b_down(s, x->down);
        }
        s->b.hang = x->hang;
        if (x->slow != s->b.slow)
            ord__b_set_slow(s, x->slow);
    }
    for (uint32_t i = 0; i < v->ndbs; i++) {
        struct ord__dbst *d = &v->dbs[i];
        if (db[i].down != d->db.down)
            ord__db_set_down(d, db[i].down);
        if (db[i].hang != d->db.hang)
            ord__db_set_hang(d, db[i].hang);
        if (db[i].slow != d->db.slow)
            ord__db_set_slow(d, db[i].slow);
    }
    if (v->svc[0].has_mq && mq_down != v->mq_down) {
        v->mq_down = mq_down;
        for (uint32_t i = 0; i < v->nsvc; i++)
            mq_set_broker_down(&v->svc[i].mq, mq_down);
    }
}

/* Recompute every target's state from the active list and apply it. A crash keeps
 * its target down while it lasts. */
static void apply(struct ord__run *run)
{
    struct effect b[ORD_MAX_SERVICES], db[ORD_MAX_DATABASES];
    for (int i = 0; i < ORD_MAX_SERVICES; i++)
        b[i] = (struct effect){false, false, 1.0};
    for (int i = 0; i < ORD_MAX_DATABASES; i++)
        db[i] = (struct effect){false, false, 1.0};
    bool mq_down = false, spike = false;
    double rate = 0;
    for (size_t i = 0; i < run->nfaults; i++) {
        const struct ord_fault *f = &run->faults[i].f;
        struct effect *x = f->target == ORD_TARGET_B ? &b[f->unit] : &db[f->unit];
        if (f->target == ORD_TARGET_MQ) {
            mq_down = true;
        } else if (f->target == ORD_TARGET_LOAD) {
            spike = true; /* the list is in start order: the last one wins */
            rate = f->rate_per_s;
        } else if (f->kind == ORD_FAULT_DOWN || f->kind == ORD_FAULT_CRASH) {
            x->down = true;
        } else if (f->kind == ORD_FAULT_HANG) {
            x->hang = true;
        } else {
            x->slow *= f->factor;
        }
    }
    for (int i = 0; i < run->nvars; i++)
        apply_variant(&run->vars[i], b, db, mq_down);
    ord__load_set_override(run, spike, rate);
}

/* What a crash does at once (the down that follows is apply's). */
static void crash(struct ord__run *run, const struct ord_fault *f)
{
    for (int i = 0; i < run->nvars; i++) {
        struct ord__variant *v = &run->vars[i];
        if (f->target == ORD_TARGET_B && f->unit < v->nsvc)
            v->w->b_crash(&v->svc[f->unit]);
        else if (f->target == ORD_TARGET_MQ && v->svc[0].has_mq)
            ord__async_mq_crash(v);
    }
}

static void remove_at(struct ord__run *run, size_t i)
{
    for (size_t k = i + 1; k < run->nfaults; k++)
        run->faults[k - 1] = run->faults[k];
    run->nfaults--;
}

static void fault_end_event(struct sim_engine *e, void *ctx, uint64_t id)
{
    (void)e;
    struct ord__run *run = ctx;
    for (size_t i = 0; i < run->nfaults; i++) {
        if (run->faults[i].id == id) {
            remove_at(run, i);
            apply(run);
            return;
        }
    }
}

/* Start f now (f->at is ignored); it ends after f->length. */
int ord__fault_start(struct ord__run *run, const struct ord_fault *f)
{
    if (!ord__fault_valid(f))
        return SIM_EINVAL;
    if (run->nfaults == run->faults_cap) {
        size_t cap = run->faults_cap ? 2 * run->faults_cap : 8;
        struct ord__active_fault *a = realloc(run->faults, cap * sizeof *a);
        if (!a)
            return SIM_ENOMEM;
        run->faults = a;
        run->faults_cap = cap;
    }
    struct ord__active_fault *a = &run->faults[run->nfaults];
    a->id = ++run->next_fault_id;
    a->f = *f;
    a->f.at = run->engine.now;
    a->end_event = 0;
    if (f->length != SIM_TIME_NEVER) {
        a->end_event = sim_schedule_in(&run->engine, f->length, fault_end_event, run, a->id);
        if (!a->end_event)
            return SIM_ENOMEM;
    }
    run->nfaults++;
    if (f->kind == ORD_FAULT_CRASH)
        crash(run, f);
    apply(run);
    return run->err;
}

static void fault_at_event(struct sim_engine *e, void *ctx, uint64_t index)
{
    (void)e;
    struct ord__run *run = ctx;
    int rc = ord__fault_start(run, &run->cfg->faults[index]);
    if (rc != 0)
        ord__run_fail(run, rc);
}

int ord__faults_schedule(struct ord__run *run)
{
    const struct ord_config *cfg = run->cfg;
    for (size_t i = 0; i < cfg->nfaults; i++) {
        const struct ord_fault *f = &cfg->faults[i];
        if (!ord__fault_valid(f) || f->at < 0)
            return SIM_EINVAL;
        if (f->at < run->end && !sim_schedule(&run->engine, f->at, fault_at_event, run, i))
            return SIM_ENOMEM;
    }
    for (size_t i = 0; i < cfg->ncommands; i++) {
        const struct ord_command *c = &cfg->commands[i];
        if (c->at < 0 || (i && c->at < cfg->commands[i - 1].at))
            return SIM_EINVAL;
        if (c->kind == ORD_CMD_FAULT && !ord__fault_valid(&c->fault))
            return SIM_EINVAL;
        if (c->kind == ORD_CMD_JOIN &&
            (c->fault.target != ORD_TARGET_B || c->fault.unit >= ord_config_nservices(cfg)))
            return SIM_EINVAL;
    }
    return 0;
}

void ord__faults_free(struct ord__run *run)
{
    free(run->faults);
    run->faults = NULL;
    run->nfaults = run->faults_cap = 0;
}

int ord_run_fault(struct ord_run *r, const struct ord_fault *f)
{
    if (!r->p || !f)
        return SIM_EINVAL;
    int rc = ord__fault_start(r->p, f);
    for (int i = 0; i < r->p->nvars; i++)
        ord__rec_push(&r->p->vars[i]);
    return rc;
}

bool ord_clear_ends(enum ord_target target, uint32_t unit, const struct ord_fault *f)
{
    if (f->target != target)
        return false;
    return (target != ORD_TARGET_B && target != ORD_TARGET_DB) || f->unit == unit;
}

int ord__faults_clear(struct ord__run *run, enum ord_target target, uint32_t unit)
{
    for (size_t i = run->nfaults; i-- > 0;) {
        if (ord_clear_ends(target, unit, &run->faults[i].f)) {
            if (run->faults[i].end_event)
                sim_cancel(&run->engine, run->faults[i].end_event);
            remove_at(run, i);
        }
    }
    apply(run);
    return run->err;
}

int ord_run_clear(struct ord_run *r, enum ord_target target, uint32_t unit)
{
    struct ord__run *run = r->p;
    if (!run)
        return SIM_EINVAL;
    int rc = ord__faults_clear(run, target, unit);
    for (int i = 0; i < run->nvars; i++)
        ord__rec_push(&run->vars[i]);
    return rc;
}

bool ord_run_fault_active(const struct ord_run *r, enum ord_target target, enum ord_fault_kind kind)
{
    for (size_t i = 0; r->p && i < r->p->nfaults; i++)
        if (r->p->faults[i].f.target == target && r->p->faults[i].f.kind == kind)
            return true;
    return false;
}

bool ord_run_fault_active_on(const struct ord_run *r, enum ord_target target, uint32_t unit,
                             enum ord_fault_kind kind)
{
    for (size_t i = 0; r->p && i < r->p->nfaults; i++)
        if (r->p->faults[i].f.kind == kind && ord_clear_ends(target, unit, &r->p->faults[i].f))
            return true;
    return false;
}
