/* orders/timeline.c: the faults of a run as spans of time, resolved from the config's
 * faults and commands and a live session's commands exactly as orders/faults.c
 * applies them: at equal times scheduled faults first, then the config's commands,
 * then the live ones; a clear ends every fault on its target (on one service or
 * database: that one's); a join is a span of its own to the run's end; SLOW factors multiply;
 * the latest spike sets the arrival rate. Read by every front end that tells what
 * happened when (captions, JSON, chart shading, the database's capacity line). */
#include <math.h>
#include <stdlib.h>

#include "orders/model.h"
#include "sim/dist.h"
#include "sim/error.h"

struct action {
    sim_time at;
    int cls; /* 0 scheduled fault, 1 config command, 2 live command */
    size_t idx;
    const struct ord_command *cmd; /* NULL for a scheduled fault */
    const struct ord_fault *fault;
};

static int action_cmp(const void *pa, const void *pb)
{
    const struct action *a = pa, *b = pb;
    if (a->at != b->at)
        return a->at < b->at ? -1 : 1;
    if (a->cls != b->cls)
        return a->cls < b->cls ? -1 : 1;
    return a->idx < b->idx ? -1 : a->idx > b->idx;
}

static sim_time natural_end(const struct ord_fault *f, sim_time from, sim_time end)
{
    if (f->length == SIM_TIME_NEVER || f->length >= end - from)
        return end;
    return from + f->length;
}

/* Had the service of join action a joined before it (its start, or an earlier join)? */
static bool joined_before(const struct ord_config *c, const struct ord_span *spans, size_t ns,
                          const struct action *a)
{
    uint32_t unit = a->cmd->fault.unit;
    if (unit < c->nservices && c->services[unit].start <= a->at)
        return true;
    if (unit == 0)
        return true; /* the first service is there from the start */
    for (size_t s = 0; s < ns; s++)
        if (spans[s].join && spans[s].f.unit == unit)
            return true;
    return false;
}

int ord_fault_spans(const struct ord_config *c, const struct ord_command *live, size_t nlive,
                    struct ord_span **out, size_t *nout)
{
    sim_time end = c->duration + c->drain;
    size_t na = c->nfaults + c->ncommands + nlive;
    *out = NULL;
    *nout = 0;
    if (na == 0)
        return 0;
    struct action *acts = calloc(na, sizeof *acts);
    struct ord_span *spans = calloc(na, sizeof *spans);
    bool *open = calloc(na, sizeof *open);
    if (!acts || !spans || !open) {
        free(acts);
        free(spans);
        free(open);
        return SIM_ENOMEM;
    }
    size_t k = 0;
    for (size_t i = 0; i < c->nfaults; i++)
        acts[k++] = (struct action){c->faults[i].at, 0, i, NULL, &c->faults[i]};
    for (size_t i = 0; i < c->ncommands; i++)
        acts[k++] = (struct action){c->commands[i].at, 1, i, &c->commands[i], NULL};
    for (size_t i = 0; i < nlive; i++)
        acts[k++] = (struct action){live[i].at, 2, i, &live[i], NULL};
    qsort(acts, na, sizeof *acts, action_cmp);
    size_t ns = 0;
    for (size_t i = 0; i < na; i++) {
        const struct action *a = &acts[i];
        if (a->at >= end)
            break;
        for (size_t s = 0; s < ns; s++) /* faults that ran out before this action */
            if (open[s] && spans[s].to <= a->at)
                open[s] = false;
        if (a->cmd && a->cmd->kind == ORD_CMD_CLEAR) {
            for (size_t s = 0; s < ns; s++)
                if (open[s] && !spans[s].join &&
                    ord_clear_ends(a->cmd->fault.target, a->cmd->fault.unit, &spans[s].f)) {
                    spans[s].to = a->at;
                    spans[s].cleared = true;
                    open[s] = false;
                }
            continue;
        }
        if (a->cmd && a->cmd->kind == ORD_CMD_JOIN && joined_before(c, spans, ns, a))
            continue; /* it had joined already: the command changes nothing */
        struct ord_span *sp = &spans[ns];
        sp->f = a->cmd ? a->cmd->fault : *a->fault;
        sp->f.at = a->at;
        sp->to = natural_end(&sp->f, a->at, end);
        sp->live = a->cls == 2;
        sp->join = a->cmd && a->cmd->kind == ORD_CMD_JOIN;
        if (sp->join)
            sp->to = end;
        open[ns++] = true;
    }
    free(acts);
    free(open);
    if (ns == 0) {
        free(spans);
        return 0;
    }
    *out = spans;
    *nout = ns;
    return 0;
}

const char *ord_span_kind_name(const struct ord_span *s)
{
    return s->join ? ord_command_kind_name(ORD_CMD_JOIN) : ord_fault_kind_name(s->f.kind);
}

static bool active_at(const struct ord_span *s, sim_time t)
{
    return s->f.at <= t && t < s->to;
}

/* cap as the faults on database unit active at t leave it. */
static double capacity_after_faults(double cap, const struct ord_span *s, size_t n, size_t unit,
                                    sim_time t)
{
    for (size_t i = 0; i < n; i++) {
        if (s[i].f.target != ORD_TARGET_DB || s[i].f.unit != unit || !active_at(&s[i], t))
            continue;
        if (s[i].f.kind == ORD_FAULT_SLOW)
            cap /= s[i].f.factor;
        else
            return 0; /* down or hung: nothing gets written */
    }
    return cap;
}

double ord_db_capacity_at(const struct ord_config *c, const struct ord_span *s, size_t n,
                          sim_time t)
{
    size_t unit = c->nservices ? c->services[0].db : 0; /* the first service's database */
    return capacity_after_faults(ord_db_capacity(c), s, n, unit, t);
}

double ord_database_capacity_at(const struct ord_config *c, const struct ord_span *s, size_t n,
                                size_t unit, sim_time t)
{
    return capacity_after_faults(ord_database_capacity(c, unit), s, n, unit, t);
}

double ord_rate_at(const struct ord_config *c, const struct ord_span *s, size_t n, sim_time t)
{
    if (t >= c->duration || t < 0)
        return 0;
    double rate = NAN;
    for (size_t i = 0; i < n; i++) /* in start order: the latest spike wins */
        if (s[i].f.target == ORD_TARGET_LOAD && active_at(&s[i], t))
            rate = s[i].f.rate_per_s;
    if (!isnan(rate) || c->load.arrivals == ORD_ARRIVALS_TIMES)
        return rate;
    rate = 0;
    for (size_t i = 0; i < c->load.nphases && c->load.phases[i].at <= t; i++)
        rate = c->load.phases[i].rate_per_s;
    return rate;
}
