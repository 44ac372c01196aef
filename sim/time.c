#include "sim/time.h"

#include <math.h>

sim_time sim_time_from_s(double s)
{
    if (isnan(s))
        return 0;
    double ns = s * 1e9;
    if (ns >= 9.2e18)
        return SIM_TIME_NEVER;
    if (ns <= -9.2e18)
        return -SIM_TIME_NEVER;
    return (sim_time)llround(ns);
}

sim_time sim_time_nth(uint64_t k, double rate_per_s)
{
    if (!(rate_per_s > 0))
        return SIM_TIME_NEVER;
    /* Whole rates (the usual 6000/s) in exact integer arithmetic: floor(k * 1e9 / r).
     * The MQ's consumer asks this once per delivery, so it is on a hot path. */
    if (rate_per_s < 4294967296.0 && rate_per_s == (double)(uint64_t)rate_per_s) {
        unsigned __int128 ns = (unsigned __int128)k * 1000000000u / (uint64_t)rate_per_s;
        return ns >= (unsigned __int128)SIM_TIME_NEVER ? SIM_TIME_NEVER : (sim_time)ns;
    }
    long double ns = (long double)k * 1e9L / (long double)rate_per_s;
    if (ns >= 9.2e18L)
        return SIM_TIME_NEVER;
    return (sim_time)floorl(ns);
}
