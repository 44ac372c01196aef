/* sim/dist.c: service-time distributions sampled in integer nanoseconds.
 *
 * Continuous samples are rounded to the nearest nanosecond; that adds at most
 * 1/12 ns^2 of variance and no bias worth naming at the millisecond scales the model
 * uses. Samples too large for sim_time saturate to SIM_TIME_NEVER. */
#include "sim/dist.h"

#include <math.h>
#include <string.h>

#include "sim/error.h"

/* Largest double that still converts to a valid int64 after rounding. */
#define TIME_LIMIT 9.2e18

static sim_time round_time(double x)
{
    if (!(x < TIME_LIMIT))
        return SIM_TIME_NEVER;
    return x <= 0 ? 0 : (sim_time)(x + 0.5);
}

static void set_common(struct sim_dist *d, enum sim_dist_kind kind, sim_time mean)
{
    memset(d, 0, sizeof *d);
    d->kind = kind;
    d->mean = mean;
    d->min = mean;
    d->max = mean;
}

int sim_dist_const(struct sim_dist *d, sim_time value)
{
    if (value < 0)
        return SIM_EINVAL;
    set_common(d, SIM_DIST_CONST, value);
    return 0;
}

int sim_dist_exp(struct sim_dist *d, sim_time mean)
{
    if (mean < 0)
        return SIM_EINVAL;
    set_common(d, SIM_DIST_EXP, mean);
    d->min = 0;
    d->sd = mean;
    return 0;
}

int sim_dist_uniform(struct sim_dist *d, sim_time min, sim_time max)
{
    if (min < 0 || max < min)
        return SIM_EINVAL;
    /* An unlimited upper end makes the whole distribution "never". */
    set_common(d, SIM_DIST_UNIFORM, max == SIM_TIME_NEVER ? SIM_TIME_NEVER : min + (max - min) / 2);
    d->min = min;
    d->max = max;
    d->sd = round_time(sqrt(sim_dist_variance(d)));
    return 0;
}

int sim_dist_lognormal(struct sim_dist *d, sim_time mean, sim_time sd)
{
    if (mean < 0 || sd < 0)
        return SIM_EINVAL;
    set_common(d, SIM_DIST_LOGNORMAL, mean);
    d->min = 0;
    d->max = SIM_TIME_NEVER;
    d->sd = sd;
    if (mean > 0 && mean != SIM_TIME_NEVER) {
        /* For X = exp(N(mu, sigma^2)): E X = exp(mu + sigma^2/2) and
         * Var X = (exp(sigma^2) - 1) (E X)^2, solved for mu and sigma. */
        double cv = (double)sd / (double)mean;
        double sigma2 = log1p(cv * cv);
        d->sigma = sqrt(sigma2);
        d->mu = log((double)mean) - sigma2 / 2;
    }
    return 0;
}

/* Zero or unlimited: the distribution is a single point. For UNIFORM the rounded
 * mean can be 0 while max is 1, so it is judged by its ends instead. */
static int degenerate(const struct sim_dist *d)
{
    if (d->kind == SIM_DIST_UNIFORM)
        return d->min == d->max || d->max == SIM_TIME_NEVER;
    return d->mean == 0 || d->mean == SIM_TIME_NEVER;
}

sim_time sim_dist_sample(const struct sim_dist *d, struct sim_rng *r)
{
    if (degenerate(d))
        return d->mean;
    switch (d->kind) {
    case SIM_DIST_CONST:
        return d->mean;
    case SIM_DIST_EXP:
        return round_time(-(double)d->mean * log(sim_rng_open01(r)));
    case SIM_DIST_UNIFORM:
        return d->min + (sim_time)sim_rng_below(r, (uint64_t)(d->max - d->min) + 1);
    case SIM_DIST_LOGNORMAL:
        return round_time(exp(d->mu + d->sigma * sim_rng_normal(r)));
    }
    return d->mean;
}

static sim_time scale_time(sim_time t, double factor)
{
    if (t == SIM_TIME_NEVER)
        return factor > 0 ? SIM_TIME_NEVER : 0;
    return round_time((double)t * factor);
}

struct sim_dist sim_dist_scaled(const struct sim_dist *d, double factor)
{
    struct sim_dist out = *d;
    if (!(factor >= 0) || factor == 1)
        return out; /* NaN or negative: not a valid scale, keep d */
    switch (d->kind) {
    case SIM_DIST_CONST:
        sim_dist_const(&out, scale_time(d->mean, factor));
        break;
    case SIM_DIST_EXP:
        sim_dist_exp(&out, scale_time(d->mean, factor));
        break;
    case SIM_DIST_UNIFORM:
        sim_dist_uniform(&out, scale_time(d->min, factor), scale_time(d->max, factor));
        break;
    case SIM_DIST_LOGNORMAL:
        sim_dist_lognormal(&out, scale_time(d->mean, factor), scale_time(d->sd, factor));
        break;
    }
    return out;
}

double sim_dist_mean(const struct sim_dist *d)
{
    if (d->kind == SIM_DIST_UNIFORM && d->mean != SIM_TIME_NEVER)
        return ((double)d->min + (double)d->max) / 2; /* exact, unlike d->mean */
    return (double)d->mean;
}

double sim_dist_variance(const struct sim_dist *d)
{
    if (degenerate(d))
        return 0;
    switch (d->kind) {
    case SIM_DIST_CONST:
        return 0;
    case SIM_DIST_EXP:
        return (double)d->mean * (double)d->mean;
    case SIM_DIST_UNIFORM: {
        /* Discrete uniform on the n = max - min + 1 integers: (n^2 - 1) / 12. */
        double n = (double)(d->max - d->min) + 1;
        return (n * n - 1) / 12;
    }
    case SIM_DIST_LOGNORMAL:
        return (double)d->sd * (double)d->sd;
    }
    return 0;
}

const char *const sim_dist_kind_names[SIM_NDIST_KINDS] = {
#define SIM_DIST_KIND_NAME(e, name, doc) name,
    SIM_DIST_KINDS(SIM_DIST_KIND_NAME)
#undef SIM_DIST_KIND_NAME
};

const char *sim_dist_kind_name(enum sim_dist_kind k)
{
    return (unsigned)k < SIM_NDIST_KINDS ? sim_dist_kind_names[k] : "unknown";
}
