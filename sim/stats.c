#include "sim/stats.h"

#include <math.h>

/* t(0.975, df) for df = 1..30 (standard tables). */
static const double t975_table[30] = {
    12.7062, 4.3027, 3.1824, 2.7764, 2.5706, 2.4469, 2.3646, 2.3060, 2.2622, 2.2281,
    2.2010,  2.1788, 2.1604, 2.1448, 2.1314, 2.1199, 2.1098, 2.1009, 2.0930, 2.0860,
    2.0796,  2.0739, 2.0687, 2.0639, 2.0595, 2.0555, 2.0518, 2.0484, 2.0452, 2.0423,
};

double sim_t975(int df)
{
    if (df < 1)
        return NAN;
    if (df <= 30)
        return t975_table[df - 1];
    /* Cornish-Fisher expansion of t in terms of the normal quantile z. */
    const double z = 1.959963984540054, d = df;
    double z3 = z * z * z, z5 = z3 * z * z, z7 = z5 * z * z;
    return z + (z3 + z) / (4 * d) + (5 * z5 + 16 * z3 + 3 * z) / (96 * d * d) +
           (3 * z7 + 19 * z5 + 17 * z3 - 15 * z) / (384 * d * d * d);
}

void sim_stat_compute(const double *x, int n, struct sim_stat *out)
{
    *out = (struct sim_stat){.n = n};
    if (n <= 0)
        return;
    double sum = 0, lo = x[0], hi = x[0];
    for (int i = 0; i < n; i++) {
        sum += x[i];
        lo = x[i] < lo ? x[i] : lo;
        hi = x[i] > hi ? x[i] : hi;
    }
    double mean = sum / n, ss = 0;
    for (int i = 0; i < n; i++)
        ss += (x[i] - mean) * (x[i] - mean);
    out->mean = mean;
    out->min = lo;
    out->max = hi;
    if (n >= 2) {
        out->sd = sqrt(ss / (n - 1));
        out->ci95 = sim_t975(n - 1) * out->sd / sqrt((double)n);
    }
}
