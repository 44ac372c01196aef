/* sim/rng.c: xoshiro256** (Blackman & Vigna, 2018) seeded through splitmix64.
 *
 * The 256-bit state of stream (seed, stream) is four successive splitmix64 outputs
 * starting from key = mix(mix(seed) ^ stream). mix() is the splitmix64 finaliser, a
 * bijection on 64 bits, so for a fixed seed distinct streams get distinct keys and
 * for a fixed stream distinct seeds do; splitmix64 then spreads the key over the
 * state, as the xoshiro authors recommend for seeding. */
#include "sim/rng.h"

#include <math.h>

#define GOLDEN_GAMMA 0x9e3779b97f4a7c15ULL

static uint64_t mix64(uint64_t z)
{
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

static uint64_t splitmix64(uint64_t *state)
{
    *state += GOLDEN_GAMMA;
    return mix64(*state);
}

void sim_rng_init(struct sim_rng *r, uint64_t seed, uint64_t stream)
{
    uint64_t key = mix64(mix64(seed + GOLDEN_GAMMA) ^ stream);
    for (int i = 0; i < 4; i++)
        r->s[i] = splitmix64(&key);
    /* The all-zero state is the one xoshiro cannot leave; splitmix64's four
     * consecutive outputs are never all zero, but keep the guarantee explicit. */
    if ((r->s[0] | r->s[1] | r->s[2] | r->s[3]) == 0)
        r->s[0] = GOLDEN_GAMMA;
}

uint64_t sim_rng_stream_id(const char *name)
{
    uint64_t h = 14695981039346656037ULL; /* FNV-1a 64 offset basis */
    for (const unsigned char *p = (const unsigned char *)name; *p; p++) {
        h ^= *p;
        h *= 1099511628211ULL; /* FNV 64 prime */
    }
    return h;
}

uint64_t sim_rng_derive_seed(uint64_t base, uint64_t rep)
{
    if (rep == 0)
        return base;
    /* rep is mixed before it meets base, so neighbouring bases and neighbouring
     * reps land far apart instead of cancelling (base ^ rep would). */
    return mix64(base ^ mix64(rep * GOLDEN_GAMMA));
}

uint64_t sim_rng_below(struct sim_rng *r, uint64_t n)
{
    if (n == 0)
        return 0;
    /* Lemire's multiply-and-reject (ACM TOMS 2019): the high word of x * n is
     * uniform on [0, n) once the low words below 2^64 mod n are rejected. */
    __uint128_t m = (__uint128_t)sim_rng_u64(r) * n;
    uint64_t low = (uint64_t)m;
    if (low < n) {
        uint64_t threshold = (0 - n) % n;
        while (low < threshold) {
            m = (__uint128_t)sim_rng_u64(r) * n;
            low = (uint64_t)m;
        }
    }
    return (uint64_t)(m >> 64);
}

double sim_rng_normal(struct sim_rng *r)
{
    /* Box-Muller; the second variate of the pair is dropped so that the stream
     * carries no hidden state beyond s[4]. */
    double u1 = sim_rng_open01(r);
    double u2 = sim_rng_unit(r);
    return sqrt(-2.0 * log(u1)) * cos(6.283185307179586 * u2);
}
