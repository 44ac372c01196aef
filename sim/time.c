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
    long double ns = (long double)k * 1e9L / (long double)rate_per_s;
    if (ns >= 9.2e18L)
        return SIM_TIME_NEVER;
    return (sim_time)floorl(ns);
}
