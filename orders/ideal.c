/* orders/ideal.c: the reference figures every front end draws from a config: what a
 * user waits when nothing queues, per wiring (220 ms for sync, 25 ms for async by
 * default), and the database's capacity (6000 queries/s). */
#include "orders/model.h"

double ord_db_capacity(const struct ord_config *c)
{
    double q = sim_dist_mean(&c->db.query);
    return q > 0 ? (double)c->db.connections * 1e9 / q : 0;
}

sim_time ord_ideal_latency(const struct ord_config *c, enum ord_variant v)
{
    double a = sim_dist_mean(&c->a.service);
    switch (v) {
    case ORD_VARIANT_SYNC:
        return (sim_time)(a + sim_dist_mean(&c->b.service) + sim_dist_mean(&c->db.query));
    case ORD_VARIANT_ASYNC:
        return (sim_time)(a + (double)c->mq.send);
    case ORD_NVARIANT_KINDS:
        break;
    }
    return 0;
}
