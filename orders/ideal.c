/* orders/ideal.c: the reference figures every front end draws from a config: what a
 * user waits when nothing queues, per wiring (220 ms for sync, 25 ms for async by
 * default; sync with several services: A + every call, serial, or A + the slowest,
 * parallel), and the database's capacity (6000 queries/s; with several databases, the
 * first service's). */
#include "orders/model.h"

double ord_db_capacity(const struct ord_config *c)
{
    double q = sim_dist_mean(&c->db.query);
    return q > 0 ? (double)c->db.connections * 1e9 / q : 0;
}

double ord_database_capacity(const struct ord_config *c, size_t unit)
{
    struct ord_database buf;
    const struct ord_database *d = ord_config_database(c, unit, &buf);
    double q = sim_dist_mean(&d->db.query);
    return q > 0 ? (double)d->db.connections * 1e9 / q : 0;
}

sim_time ord_ideal_latency(const struct ord_config *c, enum ord_variant v)
{
    double a = sim_dist_mean(&c->a.service);
    switch (v) {
    case ORD_VARIANT_SYNC:
        if (c->nservices > 0) { /* the calls: serial adds them up, parallel the slowest */
            double calls = 0;
            for (size_t i = 0; i < c->nservices; i++) {
                struct ord_service s;
                struct ord_database buf;
                ord_config_service(c, i, &s);
                double one = sim_dist_mean(&s.b.service) +
                             sim_dist_mean(&ord_config_database(c, s.db, &buf)->db.query);
                if (s.start > 0)
                    continue; /* joins later: not part of the ideal from the start */
                calls = c->calls == ORD_CALLS_PARALLEL ? (one > calls ? one : calls) : calls + one;
            }
            return (sim_time)(a + calls);
        }
        return (sim_time)(a + sim_dist_mean(&c->b.service) + sim_dist_mean(&c->db.query));
    case ORD_VARIANT_ASYNC:
        return (sim_time)(a + (double)c->mq.send);
    case ORD_NVARIANT_KINDS:
        break;
    }
    return 0;
}
