/* orders/scenario/scale.c: a scenario scaled by a factor (`--scale F`).
 *
 * Counts of work per second and of parallel capacity are multiplied by F: arrival
 * rates (phases, spikes), A's and B's threads per instance, B's accept queue, the
 * database's connections, the MQ's consumer rate limit, in-flight bound, broker rate
 * and send queue. Every time stays as it is (service times, timeouts, backoffs, the
 * run's length), so latencies stay and counts scale: a run at F = 0.1 is the same
 * system on a tenth of the traffic. With several services, each service and database
 * scales like B and the database. Instances stay, so a.instances x a.threads
 * scales with the threads. */
#include <math.h>

#include "orders/scenario/config.h"
#include "sim/error.h"

static uint32_t scale_count(uint32_t n, double f)
{
    if (n == ORD_UNLIMITED || n == 0)
        return n;
    double x = round((double)n * f);
    return x < 1 ? 1 : x >= (double)ORD_UNLIMITED ? ORD_UNLIMITED - 1 : (uint32_t)x;
}

static uint64_t scale_count64(uint64_t n, double f)
{
    if (n == MQ_UNLIMITED || n == 0)
        return n;
    double x = round((double)n * f);
    return x < 1 ? 1 : x >= 1.8e19 ? MQ_UNLIMITED - 1 : (uint64_t)x;
}

static void scale_fault(struct ord_fault *f, double factor)
{
    if (f->kind == ORD_FAULT_SPIKE)
        f->rate_per_s *= factor;
}

int ord_config_scale(struct ord_config *c, double f)
{
    if (!(f > 0) || f > 1000)
        return SIM_ERANGE;
    if (c->load.arrivals == ORD_ARRIVALS_TIMES && f != 1)
        return SIM_EINVAL; /* a trace's exact times cannot be scaled */
    for (size_t i = 0; i < c->load.nphases; i++)
        c->load.phases[i].rate_per_s *= f;
    for (size_t i = 0; i < c->nfaults; i++)
        scale_fault(&c->faults[i], f);
    for (size_t i = 0; i < c->ncommands; i++)
        if (c->commands[i].kind == ORD_CMD_FAULT)
            scale_fault(&c->commands[i].fault, f);
    c->a.threads = scale_count(c->a.threads, f);
    c->b.threads = scale_count(c->b.threads, f);
    c->b.accept_queue = scale_count(c->b.accept_queue, f);
    c->db.connections = scale_count(c->db.connections, f);
    c->mq.rate_limit_per_s *= f;
    c->mq.broker_rate_per_s *= f;
    c->mq.max_inflight = scale_count64(c->mq.max_inflight, f);
    c->mq.send_queue = scale_count64(c->mq.send_queue, f);
    /* the services form: every service and database the same way (b and db above are
     * the first one's copies) */
    for (size_t i = 0; i < c->nservices; i++) {
        struct ord_service *s = &c->services[i];
        s->b.threads = scale_count(s->b.threads, f);
        s->b.accept_queue = scale_count(s->b.accept_queue, f);
        s->consumer.rate_limit_per_s *= f; /* used only where given */
        s->consumer.max_inflight = scale_count64(s->consumer.max_inflight, f);
    }
    for (size_t i = 0; i < c->ndatabases; i++)
        c->databases[i].db.connections = scale_count(c->databases[i].db.connections, f);
    return 0;
}
