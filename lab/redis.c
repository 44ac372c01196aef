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
