/* sim/series.c: fixed-interval time series with per-bucket histogram summaries.
 *
 * Invariant: buckets [0, closed) are final and nbuckets is closed or closed + 1;
 * in the second case bucket `closed` is the open one. Time only moves the open
 * bucket forward; a record for a time in an already closed bucket (which a model
 * whose clock never goes back cannot make) is counted in the current bucket. */
#include "sim/series.h"

#include <stdlib.h>
#include <string.h>

#include "sim/error.h"

#define INITIAL_BUCKETS 64

static int has_open(const struct sim_series *s)
{
    return s->nbuckets > s->closed;
}

/* realloc to n elements of size bytes, never asking for 0 bytes. */
static void *resize(void *p, size_t n, size_t size)
{
    if (n != 0 && size > SIZE_MAX / n)
        return NULL;
    return realloc(p, (n ? n : 1) * size);
}

/* Make room for `need` buckets. Returns 0 or SIM_ENOMEM (nothing changed). */
static int ensure_cap(struct sim_series *s, size_t need)
{
    if (need <= s->cap)
        return 0;
    size_t cap = s->cap;
    while (cap < need) {
        if (cap > SIZE_MAX / 2)
            return SIM_ENOMEM;
        cap *= 2;
    }
    if ((size_t)s->ncols > SIZE_MAX / cap || (size_t)s->nhist > SIZE_MAX / cap)
        return SIM_ENOMEM;
    int64_t *data = resize(s->data, cap * (size_t)s->ncols, sizeof *data);
    if (!data)
        return SIM_ENOMEM;
    s->data = data;
    struct sim_hist_summary *sums = resize(s->sums, cap * (size_t)s->nhist, sizeof *sums);
    if (!sums)
        return SIM_ENOMEM;
    s->sums = sums;
    s->cap = cap;
    return 0;
}

/* Open bucket `closed`: counts start at 0, levels carry over. Needs capacity. */
static void open_bucket(struct sim_series *s)
{
    int64_t *row = s->data + s->closed * (size_t)s->ncols;
    for (int c = 0; c < s->ncols; c++)
        row[c] = s->kinds[c] == SIM_COL_COUNT ? 0 : s->level[c];
    s->nbuckets = s->closed + 1;
    /* Every time before the end maps to this bucket; past INT64_MAX every time does. */
    size_t next = s->closed + 1;
    s->open_end =
        next > (size_t)(INT64_MAX / s->interval) ? INT64_MAX : (sim_time)next * s->interval;
}

static struct sim_hist_summary summarise(const struct sim_hist *h)
{
    struct sim_hist_summary sum = {sim_hist_count(h), 0, 0, 0};
    if (sum.count > 0) {
        static const double ps[2] = {50, 99};
        sim_time at[2];
        sim_hist_parts_percentiles(sim_hist_one(h), ps, 2, at);
        sum.p50 = at[0];
        sum.p99 = at[1];
        sum.max = sim_hist_max(h);
    }
    return sum;
}

/* Close the open bucket: summarise its histograms, add them to the whole run's and
 * reset them. */
static void close_bucket(struct sim_series *s)
{
    struct sim_hist_summary *sums = s->sums + s->closed * (size_t)s->nhist;
    for (int h = 0; h < s->nhist; h++) {
        sums[h] = summarise(&s->live[h]);
        sim_hist_merge(&s->whole[h], &s->live[h]);
        sim_hist_reset(&s->live[h]);
    }
    s->closed++;
    s->open_end = INT64_MIN;
}

/* Close every bucket before b, opening (empty) ones in between as needed. */
static int close_before(struct sim_series *s, size_t b)
{
    if (b <= s->closed)
        return 0;
    if (ensure_cap(s, b + 1) != 0)
        return SIM_ENOMEM;
    while (s->closed < b) {
        if (!has_open(s))
            open_bucket(s);
        close_bucket(s);
    }
    return 0;
}

static size_t bucket_of(const struct sim_series *s, sim_time t)
{
    size_t b = t > 0 ? (size_t)(t / s->interval) : 0;
    return b < s->closed ? s->closed : b;
}

/* Make the bucket of time t the open one and return its row, or NULL (ENOMEM). */
static int64_t *row_after(struct sim_series *s, sim_time t)
{
    size_t b = bucket_of(s, t);
    if (close_before(s, b) != 0 || ensure_cap(s, b + 1) != 0)
        return NULL;
    if (!has_open(s))
        open_bucket(s);
    return s->data + b * (size_t)s->ncols;
}

/* As row_after; most records land in the open bucket, which needs no division. */
static inline int64_t *row_at(struct sim_series *s, sim_time t)
{
    if (t < s->open_end)
        return s->data + s->closed * (size_t)s->ncols;
    return row_after(s, t);
}

int sim_series_init(struct sim_series *s, sim_time interval, int ncols,
                    const enum sim_col_kind *kinds, int nhist)
{
    memset(s, 0, sizeof *s);
    if (interval <= 0 || ncols < 0 || nhist < 0 || (ncols > 0 && !kinds))
        return SIM_EINVAL;
    s->interval = interval;
    s->ncols = ncols;
    s->kinds = resize(NULL, (size_t)ncols, sizeof *s->kinds);
    s->level = calloc((size_t)ncols + 1, sizeof *s->level);
    s->live = calloc((size_t)nhist + 1, sizeof *s->live);
    s->whole = calloc((size_t)nhist + 1, sizeof *s->whole);
    s->open_end = INT64_MIN;
    if (!s->kinds || !s->level || !s->live || !s->whole) {
        sim_series_close(s);
        return SIM_ENOMEM;
    }
    if (ncols > 0)
        memcpy(s->kinds, kinds, (size_t)ncols * sizeof *kinds);
    for (; s->nhist < nhist; s->nhist++) {
        /* nhist counts the pairs that are set up: close frees a half-made one too */
        int rc = sim_hist_init(&s->live[s->nhist]);
        int rc2 = sim_hist_init(&s->whole[s->nhist]);
        if (rc != 0 || rc2 != 0) {
            s->nhist++;
            sim_series_close(s);
            return SIM_ENOMEM;
        }
    }
    s->cap = INITIAL_BUCKETS / 2;
    if (ensure_cap(s, INITIAL_BUCKETS) != 0) {
        sim_series_close(s);
        return SIM_ENOMEM;
    }
    open_bucket(s);
    return 0;
}

void sim_series_close(struct sim_series *s)
{
    for (int h = 0; h < s->nhist; h++) {
        sim_hist_close(&s->live[h]);
        sim_hist_close(&s->whole[h]);
    }
    free(s->live);
    free(s->whole);
    free(s->kinds);
    free(s->level);
    free(s->data);
    free(s->sums);
    memset(s, 0, sizeof *s);
}

int sim_series_add(struct sim_series *s, sim_time t, int col, int64_t delta)
{
    int64_t *row = row_at(s, t);
    if (!row)
        return SIM_ENOMEM;
    row[col] += delta;
    return 0;
}

int sim_series_level(struct sim_series *s, sim_time t, int col, int64_t v)
{
    int64_t *row = row_at(s, t);
    if (!row)
        return SIM_ENOMEM;
    s->level[col] = v;
    if (s->kinds[col] != SIM_COL_PEAK || v > row[col])
        row[col] = v;
    return 0;
}

/* The value goes into the open bucket only: closing the bucket adds it to the whole
 * run's histogram (one record per value, one merge per bucket). */
int sim_series_record(struct sim_series *s, sim_time t, int h, sim_time v)
{
    if (!row_at(s, t))
        return SIM_ENOMEM;
    sim_hist_record(&s->live[h], v);
    return 0;
}

int sim_series_close_until(struct sim_series *s, sim_time t)
{
    size_t b = t > 0 ? (size_t)(t / s->interval) : 0;
    if (close_before(s, b) != 0)
        return SIM_ENOMEM;
    /* Time has entered bucket b: it exists (levels carried) even with no record. */
    if (t > 0 && t % s->interval != 0 && !has_open(s) && b == s->closed) {
        if (ensure_cap(s, b + 1) != 0)
            return SIM_ENOMEM;
        open_bucket(s);
    }
    return 0;
}

int sim_series_finish(struct sim_series *s)
{
    if (has_open(s))
        close_bucket(s);
    return 0;
}

int64_t sim_series_get(const struct sim_series *s, size_t b, int col)
{
    if (b >= s->nbuckets || col < 0 || col >= s->ncols)
        return 0;
    return s->data[b * (size_t)s->ncols + (size_t)col];
}

struct sim_hist_summary sim_series_hist(const struct sim_series *s, size_t b, int h)
{
    struct sim_hist_summary none = {0, 0, 0, 0};
    if (h < 0 || h >= s->nhist)
        return none;
    if (b < s->closed)
        return s->sums[b * (size_t)s->nhist + (size_t)h];
    if (b == s->closed && has_open(s))
        return summarise(&s->live[h]);
    return none;
}

struct sim_hist_parts sim_series_whole(const struct sim_series *s, int h)
{
    struct sim_hist_parts p = {{NULL, NULL}, 0};
    if (h < 0 || h >= s->nhist)
        return p;
    p.h[p.n++] = &s->whole[h];
    if (has_open(s))
        p.h[p.n++] = &s->live[h];
    return p;
}
