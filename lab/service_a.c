/* lab/service_a.c: system A on real parts: POST /orders?id=..&t=.. for each wiring.
 *
 * A takes an order when fewer than a.instances x a.threads are in progress (else
 * 503, counted as rejected), does a.service of waiting (a timer), then
 *  - sync: calls B over HTTP (libcurl multi) and answers when B answers (B's error
 *    or b.timeout: 502, with b.retries retries after a jittered backoff);
 *  - async: XADDs the order to the Redis stream and answers when Redis has stored
 *    it (no answer within mq.send_timeout: 504).
 * Each wiring listens on its own socket, so the two never share a limit. The
 * process exits at once on SIGTERM/SIGINT (it holds nothing to save). */
#include <hiredis/hiredis.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lab/lab_internal.h"
#include "sim/rng.h"

struct a;

struct a_side {
    struct a *a;
    enum ord_variant kind;
    unsigned limit, busy;
    struct lab_http_server *http;
    struct sim_rng rng;
    uint64_t ok, rejected, failed;
    struct lab_metric_hist latency;
};

struct a_req {
    struct a_side *side;
    struct lab_http_req *rq;
    int64_t id, sched_ns;
    uv_timer_t timer;
    uint64_t start_ms;
    unsigned attempt;
    int answered, xadd_pending, closing;
};

struct a {
    uv_loop_t *loop;
    const struct ord_config *cfg;
    const struct lab_service_opts *o;
    struct a_side side[2];
    struct lab_http_client *http;
    redisAsyncContext *redis;
    uv_signal_t sigterm, sigint;
};

static void req_closed(uv_handle_t *h)
{
    struct a_req *r = h->data;
    if (!r->xadd_pending)
        free(r);
    else
        r->closing = 2; /* freed by the XADD's callback */
}

static void answer(struct a_req *r, unsigned status, const char *text)
{
    if (r->answered)
        return;
    r->answered = 1;
    struct a_side *s = r->side;
    s->busy--;
    status == 200 ? s->ok++ : s->failed++;
    lab_metric_observe(&s->latency, (double)(uv_now(s->a->loop) - r->start_ms) / 1e3);
    lab_http_reply(r->rq, status, "text/plain", text, strlen(text));
    uv_timer_stop(&r->timer);
    r->closing = 1;
    uv_close((uv_handle_t *)&r->timer, req_closed);
}

static void call_b(struct a_req *r);

static void on_backoff(uv_timer_t *t) { call_b(t->data); }

static void on_b_answer(void *ud, long status, int curl_err)
{
    (void)curl_err;
    struct a_req *r = ud;
    const struct ord_b_config *bc = &r->side->a->cfg->b;
    if (status == 200) {
        answer(r, 200, "ok\n");
        return;
    }
    if (r->attempt < bc->retries) {
        /* full jitter: uniform in [0, min(backoff_max, backoff * 2^attempt)) */
        double cap = fmin((double)bc->backoff_max, (double)bc->backoff * ldexp(1, (int)r->attempt));
        double ms = sim_rng_unit(&r->side->rng) * cap / 1e6;
        r->attempt++;
        uv_timer_start(&r->timer, on_backoff, (uint64_t)ms, 0);
        return;
    }
    answer(r, 502, status == 503 ? "B refused the call\n" : "B failed or timed out\n");
}

static void call_b(struct a_req *r)
{
    struct a *a = r->side->a;
    char url[512];
    snprintf(url, sizeof url, "%s/orders?id=%lld&t=%lld", a->o->b_url, (long long)r->id,
             (long long)r->sched_ns);
    long timeout_ms = (long)(a->cfg->b.timeout / 1000000);
    if (lab_http_post(a->http, url, timeout_ms > 0 ? timeout_ms : 1, on_b_answer, r))
        answer(r, 500, "out of memory\n");
}

static void on_stored(redisAsyncContext *c, void *reply, void *ud)
{
    (void)c;
    struct a_req *r = ud;
    redisReply *rep = reply;
    r->xadd_pending = 0;
    if (r->closing == 2) { /* answered (timed out) and closed meanwhile */
        free(r);
        return;
    }
    if (rep && rep->type == REDIS_REPLY_STRING)
        answer(r, 200, "ok\n");
    else
        answer(r, 502, "the broker refused the message\n");
}

static void on_send_timeout(uv_timer_t *t) { answer(t->data, 504, "the broker did not answer\n"); }

static void on_work_done(uv_timer_t *t)
{
    struct a_req *r = t->data;
    struct a *a = r->side->a;
    if (r->side->kind == ORD_VARIANT_SYNC) {
        call_b(r);
        return;
    }
    r->xadd_pending = 1;
    if (redisAsyncCommand(a->redis, on_stored, r, "XADD %s * id %lld t %lld", LAB_STREAM,
                          (long long)r->id, (long long)r->sched_ns) != REDIS_OK) {
        r->xadd_pending = 0;
        answer(r, 502, "the broker is unreachable\n");
        return;
    }
    uint64_t to = (uint64_t)(a->cfg->mq.send_timeout / 1000000);
    uv_timer_start(&r->timer, on_send_timeout, to ? to : 1, 0);
}

static void reply_text(struct lab_http_req *rq, unsigned status, const char *text)
{
    lab_http_reply(rq, status, "text/plain", text, strlen(text));
}

static void serve_metrics(struct a_side *s, struct lab_http_req *rq)
{
    size_t cap = 8192, len = 0;
    char buf[8192], lab[64], l2[96];
    buf[0] = 0;
    snprintf(lab, sizeof lab, "variant=\"%s\"", ord_variant_name(s->kind));
    snprintf(l2, sizeof l2, "%s,outcome=\"ok\"", lab);
    len = lab_metric_counter(buf, len, cap, "ordersim_a_requests_total",
                             "orders A answered, by outcome", l2, (double)s->ok, "counter");
    snprintf(l2, sizeof l2, "%s,outcome=\"failed\"", lab);
    len = lab_metric_counter(buf, len, cap, "ordersim_a_requests_total", NULL, l2,
                             (double)s->failed, "counter");
    snprintf(l2, sizeof l2, "%s,outcome=\"rejected\"", lab);
    len = lab_metric_counter(buf, len, cap, "ordersim_a_requests_total", NULL, l2,
                             (double)s->rejected, "counter");
    len = lab_metric_counter(buf, len, cap, "ordersim_a_busy", "orders in progress in A", lab,
                             (double)s->busy, "gauge");
    len = lab_metric_histogram(buf, len, cap, "ordersim_a_request_seconds",
                               "A's time from taking an order to answering it", lab,
                               &s->latency);
    lab_http_reply(rq, 200, "text/plain; version=0.0.4", buf, len);
}

static void on_request(struct lab_http_req *rq, const char *method, const char *path, void *ud)
{
    struct a_side *s = ud;
    if (strcmp(path, "/metrics") == 0) {
        serve_metrics(s, rq);
        return;
    }
    if (strcmp(path, "/orders") != 0 || strcmp(method, "POST") != 0) {
        reply_text(rq, 404, "POST /orders, GET /metrics\n");
        return;
    }
    const char *id = lab_http_arg(rq, "id"), *t = lab_http_arg(rq, "t");
    if (!id || !t) {
        reply_text(rq, 400, "id and t are needed\n");
        return;
    }
    if (s->busy >= s->limit) {
        s->rejected++;
        reply_text(rq, 503, "A is full\n");
        return;
    }
    struct a_req *r = calloc(1, sizeof *r);
    if (!r) {
        reply_text(rq, 500, "out of memory\n");
        return;
    }
    s->busy++;
    r->side = s;
    r->rq = rq;
    r->id = atoll(id);
    r->sched_ns = atoll(t);
    r->start_ms = uv_now(s->a->loop);
    uv_timer_init(s->a->loop, &r->timer);
    r->timer.data = r;
    double ms = (double)sim_dist_sample(&s->a->cfg->a.service, &s->rng) / 1e6;
    uv_timer_start(&r->timer, on_work_done, (uint64_t)llround(ms), 0);
}

static void on_signal(uv_signal_t *h, int signum)
{
    (void)h, (void)signum;
    fflush(stdout);
    _exit(0);
}

int lab_service_a(const struct lab_service_opts *o)
{
    static struct a a;
    uv_loop_t *loop = uv_default_loop();
    memset(&a, 0, sizeof a);
    a.loop = loop;
    a.cfg = o->cfg;
    a.o = o;
    char err[512];
    a.http = lab_http_client_new(loop);
    if (!a.http) {
        fprintf(stderr, "ordersim lab: A: cannot make an HTTP client\n");
        return 1;
    }
    if (o->fd_async >= 0) {
        a.redis = lab_redis_connect(loop, o->redis_url, err, sizeof err);
        if (!a.redis) {
            fprintf(stderr, "ordersim lab: A: %s\n", err);
            return 1;
        }
    }
    int fds[2] = {o->fd_sync, o->fd_async};
    for (int i = 0; i < 2; i++) {
        struct a_side *s = &a.side[i];
        s->a = &a;
        s->kind = i == 0 ? ORD_VARIANT_SYNC : ORD_VARIANT_ASYNC;
        s->limit = o->cfg->a.instances * o->cfg->a.threads;
        sim_rng_init(&s->rng, o->cfg->seed, sim_rng_stream_id(i ? "lab-a-async" : "lab-a-sync"));
        if (fds[i] < 0)
            continue;
        s->http = lab_http_server_start(loop, fds[i], on_request, s);
        if (!s->http) {
            fprintf(stderr, "ordersim lab: A: cannot serve HTTP\n");
            return 1;
        }
    }
    uv_signal_init(loop, &a.sigterm);
    uv_signal_start(&a.sigterm, on_signal, SIGTERM);
    uv_signal_init(loop, &a.sigint);
    uv_signal_start(&a.sigint, on_signal, SIGINT);
    uv_run(loop, UV_RUN_DEFAULT);
    return 0;
}
