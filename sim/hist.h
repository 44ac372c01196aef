/* sim/hist.h: HDR-style log-linear histogram of durations.
 *
 * Range 1 ns .. 1 h (values outside are clamped and counted), 3 significant digits:
 * every reported value is within 0.1 % of a recorded one. Fixed memory, decided at
 * init (about 270 KB); record() never allocates. Percentiles are read from the
 * buckets, never from stored samples. */
#ifndef SIM_HIST_H
#define SIM_HIST_H

#include <stddef.h>
#include <stdint.h>

#include "sim/time.h"

/* The exact sum of recorded values: at most 2^42 ns (1 h) x 2^64 values < 2^106.
 * Integer adds are cheaper than long double ones (x87) and never round. */
__extension__ typedef unsigned __int128 sim_hist_sum;

struct sim_hist {
    uint64_t *counts;   /* counts_len buckets */
    int32_t counts_len;
    int32_t sub_bucket_half_count_magnitude;
    int32_t sub_bucket_half_count;
    int64_t sub_bucket_mask;
    int32_t unit_magnitude;
    int32_t lo_touched, hi_touched; /* bucket index range that may be non-zero */
    uint64_t total;
    sim_time min, max;  /* of recorded (clamped) values; 0 when empty */
    sim_hist_sum sum;   /* for the exact mean */
};

#define SIM_HIST_LOWEST ((sim_time)1)
#define SIM_HIST_HIGHEST SIM_HOUR

/* Returns 0 or SIM_ENOMEM. */
int sim_hist_init(struct sim_hist *h);
void sim_hist_close(struct sim_hist *h);

/* Record one value / n equal values (clamped to [0, 1 h]). */
void sim_hist_record(struct sim_hist *h, sim_time v);
void sim_hist_record_n(struct sim_hist *h, sim_time v, uint64_t n);
/* Add src's counts to dst. */
void sim_hist_merge(struct sim_hist *dst, const struct sim_hist *src);
/* Empty the histogram; costs only the touched range. */
void sim_hist_reset(struct sim_hist *h);

static inline uint64_t sim_hist_count(const struct sim_hist *h) { return h->total; }
static inline sim_time sim_hist_min(const struct sim_hist *h) { return h->min; }
static inline sim_time sim_hist_max(const struct sim_hist *h) { return h->max; }
/* Mean of recorded values (exact, from the running sum); 0 when empty. */
sim_time sim_hist_mean(const struct sim_hist *h);
/* Value at percentile p in [0, 100], within 0.1 % of the exact order statistic
 * (ceil(p/100 * n)-th smallest), clamped to [min, max]; 0 when empty. */
sim_time sim_hist_percentile(const struct sim_hist *h, double p);

/* Histograms read as one: every figure is the one a single histogram holding all
 * their values would give (what sim_hist_merge would build), read without building
 * it. A whole-run histogram whose open bucket is merged in only when the bucket
 * closes is read this way (sim/series.h). The parts are borrowed, not owned. */
#define SIM_HIST_PARTS_MAX 2
struct sim_hist_parts {
    const struct sim_hist *h[SIM_HIST_PARTS_MAX];
    int n;
};

static inline struct sim_hist_parts sim_hist_one(const struct sim_hist *h)
{
    return (struct sim_hist_parts){{h, NULL}, 1};
}
uint64_t sim_hist_parts_count(struct sim_hist_parts p);
sim_time sim_hist_parts_min(struct sim_hist_parts p);
sim_time sim_hist_parts_max(struct sim_hist_parts p);
sim_time sim_hist_parts_mean(struct sim_hist_parts p);
/* out[i] = the percentile ps[i] (as sim_hist_percentile) for i < k, in one pass over
 * the counters when ps ascend (any order is correct, only slower). */
void sim_hist_parts_percentiles(struct sim_hist_parts p, const double *ps, size_t k, sim_time *out);
sim_time sim_hist_parts_percentile(struct sim_hist_parts p, double q);

#endif
