/* lab/service_b.c: system B on real parts.
 *
 * Sync side: an HTTP service (POST /orders?id=..&t=..) with b.instances x b.threads
 * workers and an accept queue of b.accept_queue per instance (beyond: 503). Async
 * side: a member of the Redis Streams consumer group, pulling at most
 * mq.rate_limit per second with at most mq.max_inflight delivered and unacked,
 * acking after the write; messages idle longer than b.timeout are claimed again
 * (redelivery), and after mq.max_reconsume deliveries go to the dead-letter stream.
 * A job is b.service of waiting (a timer: B's work is not CPU) and then one INSERT
 * through the variant's pool of database.connections connections; the database
 * holds the connection for database.query (pg_sleep in the statement).
 *
 * The process holds nothing that must be saved (orders are in Redis and
 * PostgreSQL): on SIGTERM/SIGINT it exits at once, and unacked messages are
 * claimed by the group's other members after the consume timeout. */
#include <hiredis/hiredis.h>
#include <math.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lab/lab_internal.h"
#include "sim/rng.h"

struct b;

struct b_job {
    struct b_side *side;
    int64_t id, sched_ns;
    char msgid[48];
    struct lab_http_req *rq; /* sync: the call to answer */
    uv_timer_t timer;
    uint64_t start_ms;
    struct b_job *next; /* the accept queue */
};

struct b_side {
    struct b *b;
    enum ord_variant kind;
    int on;
    unsigned threads, busy;
    size_t queue_cap, queued;
    struct b_job *qhead, *qtail;
    struct lab_pg_pool *pool;
    struct sim_rng rng;
    uint64_t ok, rejected, failed, duplicates;
    struct lab_metric_hist job_s;
};

struct b {
    uv_loop_t *loop;
    const struct ord_config *cfg;
    const struct lab_service_opts *o;
    struct b_side side[2]; /* [0] sync, [1] async */
    struct lab_http_server *http;
    struct lab_redis_link link; /* .cmd, .blk: NULL while Redis is away */
    char (*acks)[48];           /* acks that wait for Redis to come back */
    size_t nacks, acks_cap;
    char consumer[64];
    double tokens;
    uint64_t refill_ms;
    unsigned inflight;
    int reading, reclaiming;
    uint64_t redelivered, dlq;
    uv_timer_t pull_timer, reclaim_timer;
    double b_slow, db_slow;
    uv_signal_t sigterm, sigint;
};

static void pull(struct b *b);

/* Ack a message written, now or, while Redis is away, once it is back (else the
 * message would be claimed again after the timeout and written twice). */
static void ack(struct b *b, const char *msgid)
{
    if (b->link.up) {
        redisAsyncCommand(b->link.cmd, NULL, NULL, "XACK %s %s %s", LAB_STREAM, LAB_GROUP, msgid);
        return;
    }
    if (b->nacks == b->acks_cap) {
        size_t cap = b->acks_cap ? 2 * b->acks_cap : 256;
        char(*a)[48] = realloc(b->acks, cap * sizeof *a);
        if (!a)
            return; /* claimed again later: a duplicate, counted as one */
        b->acks = a;
        b->acks_cap = cap;
    }
    snprintf(b->acks[b->nacks++], sizeof b->acks[0], "%s", msgid);
}

static double ms_of(sim_time t) { return (double)t / 1e6; }

static void job_closed(uv_handle_t *h) { free(h->data); }

static void end_job(struct b_job *j)
{
    uv_close((uv_handle_t *)&j->timer, job_closed);
}

static void start_job(struct b_side *s, struct b_job *j);

/* A worker is free: the accept queue's first call takes it. */
static void worker_free(struct b_side *s)
{
    s->busy--;
    if (s->qhead) {
        struct b_job *j = s->qhead;
        s->qhead = j->next;
        if (!s->qhead)
            s->qtail = NULL;
        s->queued--;
        start_job(s, j);
    }
}

static void on_written(void *ud, int status)
{
    struct b_job *j = ud;
    struct b_side *s = j->side;
    struct b *b = s->b;
    int ok = status == LAB_PG_OK || status == LAB_PG_DUPLICATE;
    if (status == LAB_PG_DUPLICATE)
        s->duplicates++;
    ok ? s->ok++ : s->failed++;
    lab_metric_observe(&s->job_s, (double)(uv_now(b->loop) - j->start_ms) / 1e3);
    if (j->rq) {
        const char *body = ok ? "ok\n" : "database error\n";
        lab_http_reply(j->rq, ok ? 200 : 500, "text/plain", body, strlen(body));
    } else {
        if (ok)
            ack(b, j->msgid);
        b->inflight--;
    }
    worker_free(s);
    end_job(j);
    if (!j->rq)
        pull(b);
}

static void on_service_done(uv_timer_t *t)
{
    struct b_job *j = t->data;
    struct b_side *s = j->side;
    const struct ord_config *cfg = s->b->cfg;
    double q = (double)sim_dist_sample(&cfg->db.query, &s->rng) * s->b->db_slow / 1e9;
    if (lab_pg_insert(s->pool, j->id, (int)s->kind, j->sched_ns, q, on_written, j))
        on_written(j, LAB_PG_ERROR);
}

static void start_job(struct b_side *s, struct b_job *j)
{
    s->busy++;
    j->start_ms = uv_now(s->b->loop);
    double ms = ms_of(sim_dist_sample(&s->b->cfg->b.service, &s->rng)) * s->b->b_slow;
    uv_timer_start(&j->timer, on_service_done, (uint64_t)llround(ms), 0);
}

static struct b_job *new_job(struct b_side *s)
{
    struct b_job *j = calloc(1, sizeof *j);
    if (!j)
        return NULL;
    j->side = s;
    uv_timer_init(s->b->loop, &j->timer);
    j->timer.data = j;
    return j;
}

/* ---- sync side: HTTP ---- */

static void reply_text(struct lab_http_req *rq, unsigned status, const char *text)
{
    lab_http_reply(rq, status, "text/plain", text, strlen(text));
}

/* The stream's figures for /metrics: what waits undelivered (the backlog) and what
 * is delivered and not yet acked, by every member of the group. */
struct metrics_ctx {
    struct b *b;
    struct lab_http_req *rq;
};
static void metrics_reply(struct b *b, struct lab_http_req *rq, long long backlog,
                          long long pending);

static long long group_field(const redisReply *g, const char *name)
{
    for (size_t i = 0; g->type == REDIS_REPLY_ARRAY && i + 1 < g->elements; i += 2)
        if (g->element[i]->type == REDIS_REPLY_STRING && strcmp(g->element[i]->str, name) == 0)
            return g->element[i + 1]->type == REDIS_REPLY_INTEGER ? g->element[i + 1]->integer
                                                                  : -1;
    return -1;
}

static void on_groups(redisAsyncContext *c, void *reply, void *ud)
{
    (void)c;
    struct metrics_ctx *m = ud;
    redisReply *r = reply;
    long long backlog = -1, pending = -1;
    for (size_t i = 0; r && r->type == REDIS_REPLY_ARRAY && i < r->elements; i++) {
        backlog = group_field(r->element[i], "lag");
        pending = group_field(r->element[i], "pending");
    }
    metrics_reply(m->b, m->rq, backlog, pending);
    free(m);
}

static void serve_metrics(struct b *b, struct lab_http_req *rq)
{
    struct metrics_ctx *m = b->link.up ? malloc(sizeof *m) : NULL;
    if (m) {
        m->b = b;
        m->rq = rq;
        redisAsyncCommand(b->link.cmd, on_groups, m, "XINFO GROUPS %s", LAB_STREAM);
        return; /* answered when Redis answers */
    }
    metrics_reply(b, rq, -1, -1);
}

static void metrics_reply(struct b *b, struct lab_http_req *rq, long long backlog,
                          long long pending)
{
    size_t cap = 16384, len = 0;
    char *buf = malloc(cap);
    if (!buf) {
        reply_text(rq, 500, "out of memory\n");
        return;
    }
    buf[0] = 0;
    for (int i = 0; i < 2; i++) {
        struct b_side *s = &b->side[i];
        if (!s->on)
            continue;
        char lab[64];
        snprintf(lab, sizeof lab, "variant=\"%s\"", ord_variant_name(s->kind));
        int first = i == 0 || !b->side[0].on;
        char l2[96];
        snprintf(l2, sizeof l2, "%s,outcome=\"ok\"", lab);
        len = lab_metric_counter(buf, len, cap, "ordersim_b_jobs_total",
                                 first ? "jobs B finished, by outcome" : NULL, l2,
                                 (double)s->ok, "counter");
        snprintf(l2, sizeof l2, "%s,outcome=\"failed\"", lab);
        len = lab_metric_counter(buf, len, cap, "ordersim_b_jobs_total", NULL, l2,
                                 (double)s->failed, "counter");
        snprintf(l2, sizeof l2, "%s,outcome=\"rejected\"", lab);
        len = lab_metric_counter(buf, len, cap, "ordersim_b_jobs_total", NULL, l2,
                                 (double)s->rejected, "counter");
        len = lab_metric_counter(buf, len, cap, "ordersim_b_busy",
                                 first ? "B workers busy" : NULL, lab, (double)s->busy, "gauge");
        len = lab_metric_counter(buf, len, cap, "ordersim_b_db_waiting",
                                 first ? "writes waiting for a database connection" : NULL,
                                 lab, (double)lab_pg_waiting(s->pool), "gauge");
        len = lab_metric_histogram(buf, len, cap, "ordersim_b_job_seconds",
                                   first ? "B's job time: work and database write" : NULL, lab,
                                   &s->job_s);
    }
    len = lab_metric_counter(buf, len, cap, "ordersim_b_inflight",
                             "messages delivered to this consumer, not yet acked", "", 
                             (double)b->inflight, "gauge");
    len = lab_metric_counter(buf, len, cap, "ordersim_b_redelivered_total",
                             "messages this consumer claimed again after the consume timeout",
                             "", (double)b->redelivered, "counter");
    len = lab_metric_counter(buf, len, cap, "ordersim_b_dlq_total",
                             "messages this consumer sent to the dead-letter stream", "",
                             (double)b->dlq, "counter");
    if (backlog >= 0)
        len = lab_metric_counter(buf, len, cap, "ordersim_mq_backlog",
                                 "messages in the stream not yet delivered to the group", "",
                                 (double)backlog, "gauge");
    if (pending >= 0)
        len = lab_metric_counter(buf, len, cap, "ordersim_mq_pending",
                                 "messages delivered to the group and not yet acked", "",
                                 (double)pending, "gauge");
    lab_http_reply(rq, 200, "text/plain; version=0.0.4", buf, len);
    free(buf);
}

static void serve_control(struct b *b, struct lab_http_req *rq)
{
    const char *v;
    if ((v = lab_http_arg(rq, "b_slow")))
        b->b_slow = atof(v) > 0 ? atof(v) : 1;
    if ((v = lab_http_arg(rq, "db_slow")))
        b->db_slow = atof(v) > 0 ? atof(v) : 1;
    reply_text(rq, 200, "ok\n");
}

/* B's busy workers, for the lab's sampler (ORD_COL_B_BUSY): one line per wiring,
 * "sync N" / "async N". Unlike /metrics it asks Redis nothing, so it answers while the
 * broker is paused. */
static void serve_busy(struct b *b, struct lab_http_req *rq)
{
    char text[64] = "";
    size_t len = 0;
    for (int i = 0; i < 2; i++)
        if (b->side[i].on)
            len += (size_t)snprintf(text + len, sizeof text - len, "%s %u\n",
                                    ord_variant_name(b->side[i].kind), b->side[i].busy);
    reply_text(rq, 200, text);
}

static void on_request(struct lab_http_req *rq, const char *method, const char *path, void *ud)
{
    struct b *b = ud;
    if (strcmp(path, "/busy") == 0) {
        serve_busy(b, rq);
        return;
    }
    if (strcmp(path, "/metrics") == 0) {
        serve_metrics(b, rq);
        return;
    }
    if (strcmp(path, "/control") == 0 && strcmp(method, "POST") == 0) {
        serve_control(b, rq);
        return;
    }
    if (strcmp(path, "/orders") != 0 || strcmp(method, "POST") != 0) {
        reply_text(rq, 404, "POST /orders, GET /metrics\n");
        return;
    }
    struct b_side *s = &b->side[0];
    const char *id = lab_http_arg(rq, "id"), *t = lab_http_arg(rq, "t");
    if (!s->on || !id || !t) {
        reply_text(rq, 400, "id and t are needed\n");
        return;
    }
    size_t queue_cap = s->queue_cap;
    if (s->busy >= s->threads && s->queued >= queue_cap) {
        s->rejected++;
        reply_text(rq, 503, "B is full\n");
        return;
    }
    struct b_job *j = new_job(s);
    if (!j) {
        reply_text(rq, 500, "out of memory\n");
        return;
    }
    j->id = atoll(id);
    j->sched_ns = atoll(t);
    j->rq = rq;
    if (s->busy < s->threads) {
        start_job(s, j);
        return;
    }
    if (s->qtail)
        s->qtail->next = j;
    else
        s->qhead = j;
    s->qtail = j;
    s->queued++;
}

/* ---- async side: the consumer group ---- */

static const char *field(const redisReply *fields, const char *name)
{
    if (!fields || fields->type != REDIS_REPLY_ARRAY)
        return NULL;
    for (size_t i = 0; i + 1 < fields->elements; i += 2)
        if (fields->element[i]->type == REDIS_REPLY_STRING &&
            strcmp(fields->element[i]->str, name) == 0)
            return fields->element[i + 1]->str;
    return NULL;
}

/* Start a job for one stream entry [id, [field, value, ...]]. */
static void take_entry(struct b *b, const redisReply *e)
{
    if (e->type != REDIS_REPLY_ARRAY || e->elements != 2 ||
        e->element[0]->type != REDIS_REPLY_STRING)
        return;
    const char *id = field(e->element[1], "id"), *t = field(e->element[1], "t");
    if (!id || !t) { /* not ours: ack it away */
        ack(b, e->element[0]->str);
        return;
    }
    struct b_job *j = new_job(&b->side[1]);
    if (!j)
        return; /* stays pending: claimed again after the timeout */
    j->id = atoll(id);
    j->sched_ns = atoll(t);
    snprintf(j->msgid, sizeof j->msgid, "%s", e->element[0]->str);
    b->inflight++;
    start_job(&b->side[1], j);
}

static void on_read(redisAsyncContext *c, void *reply, void *ud)
{
    (void)c;
    struct b *b = ud;
    redisReply *r = reply;
    b->reading = 0;
    if (r && r->type == REDIS_REPLY_ARRAY) {
        for (size_t i = 0; i < r->elements; i++) {
            redisReply *stream = r->element[i];
            if (stream->type != REDIS_REPLY_ARRAY || stream->elements != 2)
                continue;
            redisReply *entries = stream->element[1];
            for (size_t k = 0; entries->type == REDIS_REPLY_ARRAY && k < entries->elements;
                 k++) {
                b->tokens -= 1;
                take_entry(b, entries->element[k]);
            }
        }
    }
    if (r)
        pull(b);
}

static void on_pull_timer(uv_timer_t *t) { pull(t->data); }

/* Ask for as many messages as the rate limit, the in-flight bound and the free
 * workers allow (a blocking read on its own connection), or wait for a token. */
static void pull(struct b *b)
{
    struct b_side *s = &b->side[1];
    if (!s->on || b->reading || !b->link.up)
        return;
    const struct mq_config *mq = &b->cfg->mq;
    double rate = mq->rate_limit_per_s;
    uint64_t now = uv_now(b->loop);
    double burst = rate > 0 ? fmax(1, rate * 0.02) : 1e9;
    if (rate > 0) {
        b->tokens = fmin(burst, b->tokens + (double)(now - b->refill_ms) * rate / 1e3);
    } else {
        b->tokens = burst;
    }
    b->refill_ms = now;
    double room = mq->max_inflight == MQ_UNLIMITED ? 1e9 : (double)mq->max_inflight - b->inflight;
    double free_workers = (double)s->threads - s->busy;
    double n = fmin(floor(b->tokens), fmin(room, free_workers));
    if (n < 1) {
        if (b->tokens < 1 && rate > 0) {
            uint64_t wait = (uint64_t)ceil((1 - b->tokens) * 1e3 / rate);
            uv_timer_start(&b->pull_timer, on_pull_timer, wait ? wait : 1, 0);
        }
        return; /* a finishing job pulls again */
    }
    b->reading = 1;
    redisAsyncCommand(b->link.blk, on_read, b, "XREADGROUP GROUP %s %s COUNT %u BLOCK 100 STREAMS %s >",
                      LAB_GROUP, b->consumer, (unsigned)n, LAB_STREAM);
}

/* Each entry ([id, fields]) of an XCLAIM reply, to fn. */
static void each_claimed(struct b *b, redisReply *r, void (*fn)(struct b *b, redisReply *e))
{
    if (!r || r->type != REDIS_REPLY_ARRAY)
        return;
    for (size_t i = 0; i < r->elements; i++) {
        redisReply *e = r->element[i];
        if (e->type == REDIS_REPLY_ARRAY && e->elements == 2)
            fn(b, e);
    }
}

static void redeliver(struct b *b, redisReply *e)
{
    b->redelivered++;
    const char *id = field(e->element[1], "id");
    if (b->link.up)
        redisAsyncCommand(b->link.cmd, NULL, NULL, "XADD %s * id %s", LAB_REDELIVERED,
                          id ? id : "?");
    b->tokens -= 1;
    take_entry(b, e);
}

static void dead_letter(struct b *b, redisReply *e)
{
    const char *id = field(e->element[1], "id"), *t = field(e->element[1], "t");
    if (!b->link.up)
        return; /* still pending: dead-lettered after Redis is back */
    b->dlq++;
    redisAsyncCommand(b->link.cmd, NULL, NULL, "XADD %s * id %s t %s msg %s", LAB_DLQ,
                      id ? id : "?", t ? t : "0", e->element[0]->str);
    ack(b, e->element[0]->str);
}

static void on_claimed(redisAsyncContext *c, void *reply, void *ud)
{
    (void)c;
    each_claimed(ud, reply, redeliver);
}

static void on_dead(redisAsyncContext *c, void *reply, void *ud)
{
    (void)c;
    each_claimed(ud, reply, dead_letter);
}

/* XPENDING's idle entries: claim each (one member wins), then redeliver it here or
 * dead-letter it when it was delivered more than max_reconsume times. */
static void on_pending(redisAsyncContext *c, void *reply, void *ud)
{
    (void)c;
    struct b *b = ud;
    redisReply *r = reply;
    b->reclaiming = 0;
    if (!r || r->type != REDIS_REPLY_ARRAY)
        return;
    long long idle_ms = b->cfg->b.timeout / 1000000;
    unsigned room = b->cfg->mq.max_inflight == MQ_UNLIMITED
                        ? UINT32_MAX
                        : (unsigned)(b->cfg->mq.max_inflight - b->inflight);
    for (size_t i = 0; i < r->elements; i++) {
        redisReply *e = r->element[i];
        if (e->type != REDIS_REPLY_ARRAY || e->elements < 4)
            continue;
        const char *msg = e->element[0]->str;
        long long count = e->element[3]->integer;
        if (count > (long long)b->cfg->mq.max_reconsume) {
            redisAsyncCommand(b->link.cmd, on_dead, b, "XCLAIM %s %s %s %lld %s", LAB_STREAM,
                              LAB_GROUP, b->consumer, idle_ms, msg);
        } else if (room > 0 && b->side[1].busy < b->side[1].threads) {
            room--;
            redisAsyncCommand(b->link.cmd, on_claimed, b, "XCLAIM %s %s %s %lld %s", LAB_STREAM,
                              LAB_GROUP, b->consumer, idle_ms, msg);
        }
    }
}

static void on_reclaim_timer(uv_timer_t *t)
{
    struct b *b = t->data;
    if (b->reclaiming || !b->link.up)
        return;
    b->reclaiming = 1;
    redisAsyncCommand(b->link.cmd, on_pending, b, "XPENDING %s %s IDLE %lld - + 64", LAB_STREAM,
                      LAB_GROUP, (long long)(b->cfg->b.timeout / 1000000));
}

/* What `lab consumer` says of itself ("ordersim lab consumer: b-HOST-PID"), and the
 * lab's own B ("ordersim lab: B"). */
static void say(const struct b *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void say(const struct b *b, const char *fmt, ...)
{
    if (b->o->consumers_only)
        fprintf(stderr, "ordersim lab consumer: %s ", b->consumer);
    else
        fprintf(stderr, "ordersim lab: B ");
    va_list ap;
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
}

static void on_signal(uv_signal_t *h, int signum)
{
    (void)signum;
    struct b *b = h->data;
    if (b->o->consumers_only && !b->o->quiet)
        say(b, "wrote %llu rows; leaving group '%s'", (unsigned long long)b->side[1].ok,
            LAB_GROUP);
    fflush(stdout);
    _exit(0); /* see the header: nothing to save */
}

/* Redis is away (a laptop lost its Wi-Fi, the broker stopped): the jobs under way
 * finish and keep their acks; the link tries again until Redis answers. */
static void on_redis_down(void *ud, const char *why, int was_up)
{
    struct b *b = ud;
    b->reading = b->reclaiming = 0;
    say(b, "%s Redis at %s (%s); trying again every few seconds until it answers "
           "(Ctrl-C to stop)",
        was_up ? "lost" : "cannot reach", b->link.url, why);
}

static void on_redis_up(void *ud, int64_t after_ms)
{
    struct b *b = ud;
    /* the group may exist already (another member made it, or before the loss) */
    redisAsyncCommand(b->link.cmd, NULL, NULL, "XGROUP CREATE %s %s 0 MKSTREAM", LAB_STREAM,
                      LAB_GROUP);
    for (size_t i = 0; i < b->nacks; i++)
        redisAsyncCommand(b->link.cmd, NULL, NULL, "XACK %s %s %s", LAB_STREAM, LAB_GROUP,
                          b->acks[i]);
    if (after_ms >= 0)
        say(b, "Redis at %s is back after %.1f s; in group '%s' again, %llu rows written so "
               "far, %zu acks sent late",
            b->link.url, (double)after_ms / 1e3, LAB_GROUP,
            (unsigned long long)b->side[1].ok, b->nacks);
    else if (!b->o->quiet && b->o->consumers_only)
        say(b, "joined group '%s' on %s", LAB_GROUP, LAB_STREAM);
    b->nacks = 0;
    b->refill_ms = uv_now(b->loop);
    pull(b);
}

static int side_init(struct b *b, int i, enum ord_variant kind, char *err, size_t errlen)
{
    struct b_side *s = &b->side[i];
    const struct ord_config *cfg = b->cfg;
    s->b = b;
    s->kind = kind;
    s->on = 1;
    s->threads = cfg->b.instances * cfg->b.threads;
    s->queue_cap = (size_t)cfg->b.instances * cfg->b.accept_queue;
    sim_rng_init(&s->rng, cfg->seed ^ (uint64_t)getpid(), sim_rng_stream_id(i ? "lab-b-async" : "lab-b-sync"));
    s->pool = lab_pg_pool_new(b->loop, b->o->pg_url, cfg->db.connections,
                              (uint64_t)(cfg->db.queue_timeout / 1000000), b->consumer, err,
                              errlen);
    return s->pool ? 0 : -1;
}

int lab_service_b(const struct lab_service_opts *o)
{
    static struct b b; /* one per process; static so that the signal path may _exit */
    uv_loop_t *loop = uv_default_loop();
    memset(&b, 0, sizeof b);
    b.loop = loop;
    b.cfg = o->cfg;
    b.o = o;
    b.b_slow = b.db_slow = 1;
    char err[512];
    char host[64];
    if (gethostname(host, sizeof host))
        snprintf(host, sizeof host, "host");
    host[sizeof host - 1] = 0;
    snprintf(b.consumer, sizeof b.consumer, "b-%.40s-%d", host, (int)getpid());
    int has_sync = 0, has_async = 0;
    for (int i = 0; i < o->cfg->nvariants; i++) {
        has_sync |= o->cfg->variants[i] == ORD_VARIANT_SYNC;
        has_async |= o->cfg->variants[i] == ORD_VARIANT_ASYNC;
    }
    if (o->consumers_only)
        has_sync = 0;
    if ((has_sync && side_init(&b, 0, ORD_VARIANT_SYNC, err, sizeof err)) ||
        (has_async && side_init(&b, 1, ORD_VARIANT_ASYNC, err, sizeof err))) {
        fprintf(stderr, "ordersim lab: B: %s\n", err);
        return 1;
    }
    if (has_async) {
        /* a consumer on another machine watches for a lost network (no answer for 3 s);
         * the lab's own B, on this machine, waits for a paused broker (mq down) */
        b.link.on_up = on_redis_up;
        b.link.on_down = on_redis_down;
        b.link.ud = &b;
        if (lab_redis_link_open(&b.link, loop, o->redis_url, o->consumers_only ? 3000 : 0, err,
                                sizeof err)) {
            fprintf(stderr, "ordersim lab: B: %s\n", err);
            return 1;
        }
        uv_timer_init(loop, &b.pull_timer);
        b.pull_timer.data = &b;
        uv_timer_init(loop, &b.reclaim_timer);
        b.reclaim_timer.data = &b;
        uint64_t every = (uint64_t)(o->cfg->b.timeout / 4000000);
        uv_timer_start(&b.reclaim_timer, on_reclaim_timer, every < 100 ? 100 : every,
                       every < 100 ? 100 : every);
        b.refill_ms = uv_now(loop);
    }
    if (o->fd_sync >= 0) {
        b.http = lab_http_server_start(loop, o->fd_sync, on_request, &b);
        if (!b.http) {
            fprintf(stderr, "ordersim lab: B: cannot serve HTTP\n");
            return 1;
        }
    }
    uv_signal_init(loop, &b.sigterm);
    b.sigterm.data = &b;
    uv_signal_start(&b.sigterm, on_signal, SIGTERM);
    uv_signal_init(loop, &b.sigint);
    b.sigint.data = &b;
    uv_signal_start(&b.sigint, on_signal, SIGINT);
    uv_run(loop, UV_RUN_DEFAULT);
    return 0;
}
