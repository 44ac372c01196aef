/* lab/redis.c: connections to Redis from a URL, and the lab's clocks and metrics
 * text (small helpers every part uses). */
#include <hiredis/adapters/libuv.h>
#include <hiredis/hiredis.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "lab/lab_internal.h"

int lab_redis_parse_url(const char *url, char *host, size_t hostlen, int *port)
{
    if (strncmp(url, "unix://", 7) == 0 || strncmp(url, "unix:", 5) == 0) {
        const char *p = url + (url[5] == '/' && url[6] == '/' ? 7 : 5);
        snprintf(host, hostlen, "%s", p);
        *port = -1;
        return 0;
    }
    if (strncmp(url, "redis://", 8) != 0)
        return -1;
    const char *h = url + 8;
    const char *at = strrchr(h, '@'); /* no passwords here, but skip user info */
    if (at)
        h = at + 1;
    size_t n;
    const char *after;
    if (h[0] == '[') { /* an IPv6 address: redis://[::1]:6379 */
        h++;
        n = strcspn(h, "]");
        after = h[n] == ']' ? h + n + 1 : h + n;
    } else {
        n = strcspn(h, ":/");
        after = h + n;
    }
    if (n == 0 || n >= hostlen)
        return -1;
    memcpy(host, h, n);
    host[n] = 0;
    *port = after[0] == ':' ? atoi(after + 1) : 6379;
    return *port > 0 && *port < 65536 ? 0 : -1;
}

redisAsyncContext *lab_redis_connect(uv_loop_t *loop, const char *url, char *err, size_t errlen)
{
    char host[256];
    int port;
    if (lab_redis_parse_url(url, host, sizeof host, &port)) {
        snprintf(err, errlen, "%s: not a Redis URL (unix:///path or redis://host:port)", url);
        return NULL;
    }
    redisAsyncContext *c =
        port < 0 ? redisAsyncConnectUnix(host) : redisAsyncConnect(host, port);
    if (!c || c->err) {
        snprintf(err, errlen, "cannot connect to Redis at %s: %s", url, c ? c->errstr : "");
        if (c)
            redisAsyncFree(c);
        return NULL;
    }
    if (redisLibuvAttach(c, loop) != REDIS_OK) {
        snprintf(err, errlen, "cannot attach Redis to the loop");
        redisAsyncFree(c);
        return NULL;
    }
    return c;
}

/* ---- a link that comes back (lab_internal.h) ---- */

#define LINK_TICK_MS 250
#define LINK_BACKOFF_MAX_MS 5000

static void link_drop(struct lab_redis_link *k, const char *why)
{
    if (k->dropping)
        return; /* freeing one context calls its disconnect callback: here again */
    k->dropping = 1;
    redisAsyncContext *cmd = k->cmd, *blk = k->blk;
    k->cmd = k->blk = NULL;
    if (cmd)
        redisAsyncFree(cmd);
    if (blk)
        redisAsyncFree(blk);
    k->dropping = 0;
    int was_up = k->up;
    k->up = 0;
    k->await_since = 0;
    uint64_t now = uv_now(k->loop);
    snprintf(k->why, sizeof k->why, "%s", why && why[0] ? why : "connection closed");
    if (!k->away) {
        k->away = 1;
        k->away_since = now;
        k->backoff_ms = LINK_TICK_MS;
        k->on_down(k->ud, k->why, was_up);
    }
    k->next_try = now + k->backoff_ms;
    k->backoff_ms = k->backoff_ms * 2 > LINK_BACKOFF_MAX_MS ? LINK_BACKOFF_MAX_MS : k->backoff_ms * 2;
}

/* hiredis frees the context after these: forget it first */
static void link_gone(const redisAsyncContext *c, int status)
{
    (void)status;
    struct lab_redis_link *k = c->data;
    if (k->cmd == c)
        k->cmd = NULL;
    if (k->blk == c)
        k->blk = NULL;
    link_drop(k, c->errstr);
}

static void link_connected(const redisAsyncContext *c, int status)
{
    if (status != REDIS_OK)
        link_gone(c, status);
}

static redisAsyncContext *link_context(struct lab_redis_link *k, char *err, size_t errlen)
{
    redisAsyncContext *c = lab_redis_connect(k->loop, k->url, err, errlen);
    if (c) {
        c->data = k;
        redisAsyncSetConnectCallback(c, link_connected);
        redisAsyncSetDisconnectCallback(c, link_gone);
    }
    return c;
}

/* The first PING answered: Redis is there; the blocking connection joins. */
static void on_hello(redisAsyncContext *c, void *reply, void *ud)
{
    (void)c;
    struct lab_redis_link *k = ud;
    if (!reply || k->up)
        return; /* dropped meanwhile */
    k->await_since = 0;
    char err[160];
    k->blk = link_context(k, err, sizeof err);
    if (!k->blk) {
        link_drop(k, err);
        return;
    }
    k->up = 1;
    int64_t after = k->away ? (int64_t)(uv_now(k->loop) - k->away_since) : -1;
    k->away = 0;
    k->backoff_ms = LINK_TICK_MS;
    k->on_up(k->ud, after);
}

static void on_pong(redisAsyncContext *c, void *reply, void *ud)
{
    (void)c;
    if (reply)
        ((struct lab_redis_link *)ud)->await_since = 0;
}

static int link_try(struct lab_redis_link *k, char *err, size_t errlen)
{
    k->cmd = link_context(k, err, errlen);
    if (!k->cmd)
        return -1;
    k->await_since = uv_now(k->loop);
    redisAsyncCommand(k->cmd, on_hello, k, "PING");
    return 0;
}

static void on_link_tick(uv_timer_t *t)
{
    struct lab_redis_link *k = t->data;
    uint64_t now = uv_now(k->loop);
    if (k->away && !k->cmd) {
        char err[160];
        if (now >= k->next_try && link_try(k, err, sizeof err))
            link_drop(k, err);
        return;
    }
    if (!k->watchdog_ms || !k->cmd)
        return;
    if (k->await_since && now - k->await_since > k->watchdog_ms) {
        char why[96];
        snprintf(why, sizeof why, "no answer for %.1f s", (double)k->watchdog_ms / 1e3);
        link_drop(k, why);
    } else if (k->up && !k->await_since && now - k->last_ping >= 1000) {
        k->await_since = k->last_ping = now;
        redisAsyncCommand(k->cmd, on_pong, k, "PING");
    }
}

int lab_redis_link_open(struct lab_redis_link *k, uv_loop_t *loop, const char *url,
                        uint64_t watchdog_ms, char *err, size_t errlen)
{
    k->loop = loop;
    snprintf(k->url, sizeof k->url, "%s", url);
    k->watchdog_ms = watchdog_ms;
    k->backoff_ms = LINK_TICK_MS;
    if (link_try(k, err, errlen))
        return -1;
    uv_timer_init(loop, &k->timer);
    k->timer.data = k;
    uv_timer_start(&k->timer, on_link_tick, LINK_TICK_MS, LINK_TICK_MS);
    return 0;
}

redisContext *lab_redis_connect_sync(const char *url, char *err, size_t errlen)
{
    char host[256];
    int port;
    if (lab_redis_parse_url(url, host, sizeof host, &port)) {
        snprintf(err, errlen, "%s: not a Redis URL (unix:///path or redis://host:port)", url);
        return NULL;
    }
    struct timeval tv = {5, 0};
    redisContext *c = port < 0 ? redisConnectUnixWithTimeout(host, tv)
                               : redisConnectWithTimeout(host, port, tv);
    if (!c || c->err) {
        snprintf(err, errlen, "cannot connect to Redis at %s: %s", url, c ? c->errstr : "");
        if (c)
            redisFree(c);
        return NULL;
    }
    return c;
}

int64_t lab_now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

int64_t lab_realtime_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

const double lab_metric_bounds[12] = {0.005, 0.01, 0.025, 0.05, 0.1, 0.25,
                                      0.5,   1,    2.5,   5,    10,  30};

void lab_metric_observe(struct lab_metric_hist *h, double seconds)
{
    for (int i = 0; i < 12; i++)
        if (seconds <= lab_metric_bounds[i])
            h->buckets[i]++;
    h->count++;
    h->sum_s += seconds;
}

static size_t append(char *buf, size_t len, size_t cap, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
#include <stdarg.h>
static size_t append(char *buf, size_t len, size_t cap, const char *fmt, ...)
{
    if (len >= cap)
        return len;
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(buf + len, cap - len, fmt, ap);
    va_end(ap);
    if (n < 0)
        return len;
    return len + (size_t)n >= cap ? cap - 1 : len + (size_t)n;
}

size_t lab_metric_counter(char *buf, size_t len, size_t cap, const char *name, const char *help,
                          const char *labels, double value, const char *type)
{
    if (help)
        len = append(buf, len, cap, "# HELP %s %s\n# TYPE %s %s\n", name, help, name, type);
    if (!labels[0])
        return append(buf, len, cap, "%s %.17g\n", name, value);
    return append(buf, len, cap, "%s{%s} %.17g\n", name, labels, value);
}

size_t lab_metric_histogram(char *buf, size_t len, size_t cap, const char *name,
                            const char *help, const char *labels,
                            const struct lab_metric_hist *h)
{
    if (help)
        len = append(buf, len, cap, "# HELP %s %s\n# TYPE %s histogram\n", name, help, name);
    for (int i = 0; i < 12; i++)
        len = append(buf, len, cap, "%s_bucket{%s,le=\"%g\"} %llu\n", name, labels,
                     lab_metric_bounds[i], (unsigned long long)h->buckets[i]);
    len = append(buf, len, cap, "%s_bucket{%s,le=\"+Inf\"} %llu\n", name, labels,
                 (unsigned long long)h->count);
    len = append(buf, len, cap, "%s_sum{%s} %.9g\n%s_count{%s} %llu\n", name, labels, h->sum_s,
                 name, labels, (unsigned long long)h->count);
    return len;
}
