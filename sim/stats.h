/* sim/stats.h: summary statistics over independent replications.
 *
 * Replications of a simulation are independent and identically distributed, so the
 * 95 % confidence half-width of their mean is t(0.975, n-1) * s / sqrt(n) (Student t;
 * Law, Simulation Modeling and Analysis, ch. 9). */
#ifndef SIM_STATS_H
#define SIM_STATS_H

struct sim_stat {
    int n;
    double mean;
    double ci95; /* half-width; 0 when n < 2 */
    double sd;   /* sample standard deviation; 0 when n < 2 */
    double min, max;
};

/* The 0.975 quantile of Student's t with df degrees of freedom (df >= 1): exact
 * table values to df 30, then the Cornish-Fisher expansion (error < 1e-4). */
double sim_t975(int df);

/* Statistics of x[0..n). n == 0 gives all zeros. */
void sim_stat_compute(const double *x, int n, struct sim_stat *out);

#endif
