/* sim/series.h: fixed-interval time series, the one record every output reads.
 *
 * A series has ncols integer columns and nhist per-bucket histograms. Bucket b covers
 * [b*interval, (b+1)*interval). The model records at its current virtual time, which
 * never decreases; when a record lands in a later bucket, the buckets before it are
 * closed: each per-bucket histogram is summarised (count, p50, p99, max), merged into
 * the histogram's whole-run one and reset, so a value is recorded once and the
 * whole run is the closed buckets' sum plus the open bucket (sim_series_whole).
 * Memory grows with (simulated time / interval) only, never with the number of
 * records. Column kinds:
 *   SIM_COL_COUNT  events counted in the bucket (starts at 0 each bucket);
 *   SIM_COL_GAUGE  a level: the value at the bucket's end (carried into the next
 *                  bucket until it changes);
 *   SIM_COL_PEAK   a level: the largest value seen in the bucket (starts each bucket
 *                  at the level carried from the previous one). */
#ifndef SIM_SERIES_H
#define SIM_SERIES_H

#include <stddef.h>
#include <stdint.h>

#include "sim/hist.h"
#include "sim/time.h"

enum sim_col_kind { SIM_COL_COUNT, SIM_COL_GAUGE, SIM_COL_PEAK };

struct sim_hist_summary {
    uint64_t count;
    sim_time p50, p99, max; /* 0 when count == 0 */
};

struct sim_series {
    sim_time interval;
    int ncols, nhist;
    enum sim_col_kind *kinds;      /* ncols */
    int64_t *data;                 /* nbuckets * ncols */
    struct sim_hist_summary *sums; /* nbuckets * nhist (closed buckets only) */
    struct sim_hist *live;         /* nhist: the open bucket's histograms */
    struct sim_hist *whole;        /* nhist: the closed buckets' values, merged at close */
    sim_time open_end;             /* end of the open bucket; INT64_MIN when none */
    int64_t *level;                /* ncols: current level of gauge/peak columns */
    size_t nbuckets, cap;          /* nbuckets - 1 is the open bucket */
    size_t closed;                 /* buckets [0, closed) are final */
};

/* kinds has ncols entries (copied). Returns 0, SIM_EINVAL (interval <= 0) or
 * SIM_ENOMEM. The series starts with bucket 0 open. */
int sim_series_init(struct sim_series *s, sim_time interval, int ncols,
                    const enum sim_col_kind *kinds, int nhist);
void sim_series_close(struct sim_series *s);

/* Add delta to COUNT column col in the bucket of time t. Returns 0 or SIM_ENOMEM. */
int sim_series_add(struct sim_series *s, sim_time t, int col, int64_t delta);
/* Set GAUGE/PEAK column col's level to v at time t. Returns 0 or SIM_ENOMEM. */
int sim_series_level(struct sim_series *s, sim_time t, int col, int64_t v);
/* Record value v into per-bucket histogram h at time t. Returns 0 or SIM_ENOMEM. */
int sim_series_record(struct sim_series *s, sim_time t, int h, sim_time v);
/* Close every bucket that ends at or before t (t = end of run closes the last
 * partial one only if it ends exactly at t). Returns 0 or SIM_ENOMEM. */
int sim_series_close_until(struct sim_series *s, sim_time t);
/* Close the open bucket too (end of run). */
int sim_series_finish(struct sim_series *s);

/* Number of buckets (closed, plus the open one if any record landed in it). Bucket 0
 * is open from init; a later bucket opens when a record lands in it, or when
 * close_until(t) moves time strictly inside it (t not on its start), so that
 * finish() keeps a final partial bucket that holds only carried levels. */
static inline size_t sim_series_len(const struct sim_series *s)
{
    return s->nbuckets;
}
static inline size_t sim_series_closed(const struct sim_series *s)
{
    return s->closed;
}
static inline sim_time sim_series_start(const struct sim_series *s, size_t b)
{
    return (sim_time)b * s->interval;
}
/* Column col of bucket b (b < nbuckets; the open bucket shows its values so far). */
int64_t sim_series_get(const struct sim_series *s, size_t b, int col);
/* Histogram summary of closed bucket b (b < closed), or of the open one so far. */
struct sim_hist_summary sim_series_hist(const struct sim_series *s, size_t b, int h);
/* Every value recorded into histogram h so far, to be read as one histogram: the
 * closed buckets' whole-run histogram and the open bucket's (borrowed: valid until
 * the next call that changes s). No parts for an h out of range. */
struct sim_hist_parts sim_series_whole(const struct sim_series *s, int h);

#endif
