/* sim/dist.h: service-time distributions, sampled in nanoseconds.
 *
 * Zero is a valid mean for every kind and gives 0 every time; a mean of
 * SIM_TIME_NEVER ("unlimited", e.g. a hang) gives SIM_TIME_NEVER every time. */
#ifndef SIM_DIST_H
#define SIM_DIST_H

#include "sim/rng.h"
#include "sim/time.h"

/* X(ENUM, name, meaning) */
#define SIM_DIST_KINDS(X)                                                                          \
    X(CONST, "const", "always mean")                                                               \
    X(EXP, "exp", "exponential with the given mean")                                               \
    X(UNIFORM, "uniform", "uniform on [min, max]")                                                 \
    X(LOGNORMAL, "lognormal", "lognormal with the given mean and standard deviation")

enum sim_dist_kind {
#define SIM_DIST_KIND_ENUM(e, name, doc) SIM_DIST_##e,
    SIM_DIST_KINDS(SIM_DIST_KIND_ENUM)
#undef SIM_DIST_KIND_ENUM
};
/* The count stays out of the enum, so that a switch over every kind needs no default. */
#define SIM_DIST_KIND_ONE(e, ...) +1
enum { SIM_NDIST_KINDS = 0 SIM_DIST_KINDS(SIM_DIST_KIND_ONE) };
#undef SIM_DIST_KIND_ONE

struct sim_dist {
    enum sim_dist_kind kind;
    sim_time mean; /* for UNIFORM: (min + max) / 2 */
    sim_time min, max;
    sim_time sd;
    double mu, sigma; /* LOGNORMAL: parameters of the underlying normal */
};

/* Constructors validate and return 0 or SIM_EINVAL (negative values, min > max). */
int sim_dist_const(struct sim_dist *d, sim_time value);
int sim_dist_exp(struct sim_dist *d, sim_time mean);
int sim_dist_uniform(struct sim_dist *d, sim_time min, sim_time max);
int sim_dist_lognormal(struct sim_dist *d, sim_time mean, sim_time sd);

/* One sample (>= 0, or SIM_TIME_NEVER for an unlimited distribution). */
sim_time sim_dist_sample(const struct sim_dist *d, struct sim_rng *r);
/* The scaled copy of d with mean (and spread) multiplied by factor >= 0. */
struct sim_dist sim_dist_scaled(const struct sim_dist *d, double factor);
/* Theoretical mean and variance (in ns and ns^2). */
double sim_dist_mean(const struct sim_dist *d);
double sim_dist_variance(const struct sim_dist *d);
/* Name of a kind ("const", "exp", "uniform", "lognormal"; "unknown" outside the
 * table); the array holds them in enum order. */
const char *sim_dist_kind_name(enum sim_dist_kind k);
extern const char *const sim_dist_kind_names[SIM_NDIST_KINDS];

#endif
