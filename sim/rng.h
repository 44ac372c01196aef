/* sim/rng.h: seeded random streams (xoshiro256**, seeded through splitmix64).
 *
 * Every source of randomness (arrivals, A, B, the database, ...) has its own stream,
 * derived from (seed, stream id), so two variants can share one arrival stream
 * (common random numbers) and adding a source does not reshuffle the others. */
#ifndef SIM_RNG_H
#define SIM_RNG_H

#include <stdint.h>

struct sim_rng {
    uint64_t s[4];
};

/* Initialise the stream `stream` of run seed `seed`. Any (seed, stream) is valid;
 * distinct pairs give statistically independent streams. */
void sim_rng_init(struct sim_rng *r, uint64_t seed, uint64_t stream);

/* A stable stream id for a source's name (64-bit FNV-1a), e.g. "arrivals",
 * "sync.b.service". The same name always gives the same id. */
uint64_t sim_rng_stream_id(const char *name);

/* Seed of replication `rep` (0, 1, ...) derived from a base seed; rep 0 is base. */
uint64_t sim_rng_derive_seed(uint64_t base, uint64_t rep);

/* Next 64 random bits. Inline, like the two below: every sample of every
 * distribution goes through them. */
static inline uint64_t sim_rng_u64(struct sim_rng *r)
{
    uint64_t *s = r->s;
    uint64_t x = s[1] * 5;
    uint64_t result = ((x << 7) | (x >> 57)) * 9;
    uint64_t t = s[1] << 17;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = (s[3] << 45) | (s[3] >> 19);
    return result;
}

/* Uniform double in [0, 1) with 53 random bits. */
static inline double sim_rng_unit(struct sim_rng *r)
{
    return (double)(sim_rng_u64(r) >> 11) * 0x1.0p-53;
}

/* Uniform double in (0, 1): never 0, so -log() of it is finite. It is the
 * midpoint of one of 2^52 equal cells. */
static inline double sim_rng_open01(struct sim_rng *r)
{
    return ((double)(sim_rng_u64(r) >> 12) + 0.5) * 0x1.0p-52;
}
/* Uniform integer in [0, n) without modulo bias; 0 when n == 0. */
uint64_t sim_rng_below(struct sim_rng *r, uint64_t n);
/* Standard normal (mean 0, sd 1). */
double sim_rng_normal(struct sim_rng *r);

#endif
