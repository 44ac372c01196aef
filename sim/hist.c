/* sim/hist.c: HDR-style log-linear histogram (after Gil Tene's HdrHistogram).
 *
 * Values are split into buckets by powers of two; each bucket has 1024 linear
 * sub-buckets (2048 in bucket 0, which covers 0 .. 2047 one nanosecond apiece). A
 * sub-bucket in bucket k is 2^k wide and starts at >= 1024 * 2^k, so any value in it
 * is within 2^k / (1024 * 2^k) < 0.098 % of any other: three significant digits.
 * 1 h = 3.6e12 ns < 2^42 needs 32 buckets, (32 + 1) * 1024 = 33792 counters. */
#include "sim/hist.h"

#include <math.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "sim/error.h"

#define SIGNIFICANT_DIGITS 3

/* Index of the counter for v (0 <= v <= SIM_HIST_HIGHEST). */
static inline int32_t counts_index(const struct sim_hist *h, sim_time v)
{
    int pow2ceiling = 64 - __builtin_clzll((uint64_t)(v | h->sub_bucket_mask));
    int32_t bucket = pow2ceiling - h->unit_magnitude - (h->sub_bucket_half_count_magnitude + 1);
    int32_t sub = (int32_t)(v >> (bucket + h->unit_magnitude));
    return ((bucket + 1) << h->sub_bucket_half_count_magnitude) + sub - h->sub_bucket_half_count;
}

/* Largest value that maps to counter idx. */
static sim_time highest_equivalent(const struct sim_hist *h, int32_t idx)
{
    int32_t bucket = (idx >> h->sub_bucket_half_count_magnitude) - 1;
    int32_t sub = (idx & (h->sub_bucket_half_count - 1)) + h->sub_bucket_half_count;
    if (bucket < 0) {
        sub -= h->sub_bucket_half_count;
        bucket = 0;
    }
    int shift = bucket + h->unit_magnitude;
    return ((sim_time)sub << shift) + ((sim_time)1 << shift) - 1;
}

int sim_hist_init(struct sim_hist *h)
{
    memset(h, 0, sizeof *h);
    /* Sub-buckets for 3 digits: the power of two >= 2 * 10^3. */
    int32_t magnitude = (int32_t)ceil(log2(2 * pow(10, SIGNIFICANT_DIGITS)));
    int32_t sub_bucket_count = (int32_t)1 << magnitude;
    h->unit_magnitude = 0; /* lowest trackable value 1 ns */
    h->sub_bucket_half_count_magnitude = magnitude - 1;
    h->sub_bucket_half_count = sub_bucket_count / 2;
    h->sub_bucket_mask = ((int64_t)sub_bucket_count - 1) << h->unit_magnitude;
    int32_t buckets = 1;
    for (int64_t reach = (int64_t)sub_bucket_count << h->unit_magnitude; reach <= SIM_HIST_HIGHEST;
         reach <<= 1)
        buckets++;
    h->counts_len = (buckets + 1) * h->sub_bucket_half_count;
    h->counts = calloc((size_t)h->counts_len, sizeof *h->counts);
    if (!h->counts)
        return SIM_ENOMEM;
    h->lo_touched = h->counts_len;
    h->hi_touched = -1;
    return 0;
}

void sim_hist_close(struct sim_hist *h)
{
    free(h->counts);
    h->counts = NULL;
    h->counts_len = 0;
}

void sim_hist_record_n(struct sim_hist *h, sim_time v, uint64_t n)
{
    if (n == 0)
        return;
    if (v < 0)
        v = 0;
    if (v > SIM_HIST_HIGHEST)
        v = SIM_HIST_HIGHEST;
    int32_t idx = counts_index(h, v);
    h->counts[idx] += n;
    if (idx < h->lo_touched)
        h->lo_touched = idx;
    if (idx > h->hi_touched)
        h->hi_touched = idx;
    if (h->total == 0 || v < h->min)
        h->min = v;
    if (h->total == 0 || v > h->max)
        h->max = v;
    h->total += n;
    h->sum += (sim_hist_sum)(uint64_t)v * n;
}

void sim_hist_record(struct sim_hist *h, sim_time v)
{
    sim_hist_record_n(h, v, 1);
}

void sim_hist_merge(struct sim_hist *dst, const struct sim_hist *src)
{
    if (src->total == 0)
        return;
    for (int32_t i = src->lo_touched; i <= src->hi_touched; i++)
        dst->counts[i] += src->counts[i];
    if (src->lo_touched < dst->lo_touched)
        dst->lo_touched = src->lo_touched;
    if (src->hi_touched > dst->hi_touched)
        dst->hi_touched = src->hi_touched;
    if (dst->total == 0 || src->min < dst->min)
        dst->min = src->min;
    if (dst->total == 0 || src->max > dst->max)
        dst->max = src->max;
    dst->total += src->total;
    dst->sum += src->sum;
}

void sim_hist_reset(struct sim_hist *h)
{
    if (h->hi_touched >= h->lo_touched)
        memset(h->counts + h->lo_touched, 0,
               (size_t)(h->hi_touched - h->lo_touched + 1) * sizeof *h->counts);
    h->lo_touched = h->counts_len;
    h->hi_touched = -1;
    h->total = 0;
    h->min = h->max = 0;
    h->sum = 0;
}

/* ceil(p/100 * n), guarded against p's binary representation pushing an exact
 * integer (99.9 % of 1e5) just above itself: the guard is far below the 1/100
 * granularity of any rank a caller could mean. */
static uint64_t rank_of(double p, uint64_t n)
{
    long double x = (long double)p * (long double)n / 100.0L;
    return (uint64_t)ceill(x * (1.0L - 1e-15L));
}

uint64_t sim_hist_parts_count(struct sim_hist_parts p)
{
    uint64_t n = 0;
    for (int i = 0; i < p.n; i++)
        n += p.h[i]->total;
    return n;
}

sim_time sim_hist_parts_min(struct sim_hist_parts p)
{
    sim_time v = 0;
    bool any = false;
    for (int i = 0; i < p.n; i++) {
        if (p.h[i]->total && (!any || p.h[i]->min < v))
            v = p.h[i]->min;
        any |= p.h[i]->total != 0;
    }
    return v;
}

sim_time sim_hist_parts_max(struct sim_hist_parts p)
{
    sim_time v = 0; /* values are >= 0, and an empty part's max is 0 */
    for (int i = 0; i < p.n; i++)
        if (p.h[i]->max > v)
            v = p.h[i]->max;
    return v;
}

sim_time sim_hist_parts_mean(struct sim_hist_parts p)
{
    uint64_t total = 0;
    sim_hist_sum sum = 0;
    for (int i = 0; i < p.n; i++) {
        total += p.h[i]->total;
        sum += p.h[i]->sum;
    }
    if (total == 0)
        return 0;
    /* rounded to the nearest, halves up (values are >= 0) */
    return (sim_time)((sum + total / 2) / total);
}

/* The parts' counter idx together. */
static inline uint64_t count_at(const struct sim_hist_parts *p, int32_t idx)
{
    uint64_t c = p->h[0]->counts[idx];
    for (int i = 1; i < p->n; i++)
        c += p->h[i]->counts[idx];
    return c;
}

/* The percentile of rank r is the highest value of the first counter at which the
 * running count reaches r (the last touched one at most), clamped to [min, max].
 * One walk serves ascending ranks: it resumes where the previous rank stopped. */
void sim_hist_parts_percentiles(struct sim_hist_parts p, const double *ps, size_t k, sim_time *out)
{
    uint64_t total = sim_hist_parts_count(p);
    sim_time min = sim_hist_parts_min(p), max = sim_hist_parts_max(p);
    int32_t lo = INT32_MAX, hi = -1;
    for (int i = 0; i < p.n; i++) {
        if (p.h[i]->total == 0)
            continue;
        lo = p.h[i]->lo_touched < lo ? p.h[i]->lo_touched : lo;
        hi = p.h[i]->hi_touched > hi ? p.h[i]->hi_touched : hi;
    }
    int32_t idx = lo;
    uint64_t seen = total ? count_at(&p, lo) : 0, last_rank = 0;
    for (size_t j = 0; j < k; j++) {
        double q = ps[j];
        if (total == 0) {
            out[j] = 0;
            continue;
        }
        if (!(q > 0)) { /* also NaN */
            out[j] = min;
            continue;
        }
        if (q >= 100) {
            out[j] = max;
            continue;
        }
        uint64_t rank = rank_of(q, total);
        if (rank == 0) {
            out[j] = min;
            continue;
        }
        if (rank < last_rank) { /* ps not ascending: walk again from the start */
            idx = lo;
            seen = count_at(&p, lo);
        }
        last_rank = rank;
        while (idx < hi && seen < rank)
            seen += count_at(&p, ++idx);
        sim_time v = highest_equivalent(p.h[0], idx);
        out[j] = v > max ? max : v < min ? min : v;
    }
}

sim_time sim_hist_mean(const struct sim_hist *h)
{
    return sim_hist_parts_mean(sim_hist_one(h));
}

sim_time sim_hist_parts_percentile(struct sim_hist_parts p, double q)
{
    sim_time v;
    sim_hist_parts_percentiles(p, &q, 1, &v);
    return v;
}

sim_time sim_hist_percentile(const struct sim_hist *h, double p)
{
    return sim_hist_parts_percentile(sim_hist_one(h), p);
}
