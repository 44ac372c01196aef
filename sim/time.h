/* sim/time.h: virtual time, an int64_t count of nanoseconds.
 *
 * The model never uses floating-point time; convert at the edges (parsing, printing). */
#ifndef SIM_TIME_H
#define SIM_TIME_H

#include <stdint.h>

typedef int64_t sim_time;

#define SIM_NS ((sim_time)1)
#define SIM_US ((sim_time)1000)
#define SIM_MS ((sim_time)1000000)
#define SIM_S ((sim_time)1000000000)
#define SIM_MIN (60 * SIM_S)
#define SIM_HOUR (3600 * SIM_S)

/* "Never" / "unlimited": later than any reachable time. */
#define SIM_TIME_NEVER INT64_MAX

static inline double sim_time_to_s(sim_time t) { return (double)t / 1e9; }
static inline double sim_time_to_ms(sim_time t) { return (double)t / 1e6; }

/* Seconds to nanoseconds, rounded to nearest; saturates at +-SIM_TIME_NEVER
 * (NaN gives 0). */
sim_time sim_time_from_s(double s);

/* Nanoseconds between consecutive events of a rate (per second), exactly:
 * the time of the k-th event of an evenly spaced stream starting at 0 is
 * sim_time_nth(k, rate_per_s) = floor(k * 1e9 / rate). Saturates to NEVER. */
sim_time sim_time_nth(uint64_t k, double rate_per_s);

#endif
