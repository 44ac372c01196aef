/* orders/ideal.c: what a user waits when nothing queues, per wiring (the reference
 * lines the TUI and charts draw: 220 ms for sync, 25 ms for async by default). */
#include "orders/model.h"

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
