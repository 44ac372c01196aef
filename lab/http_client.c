/* lab/http_client.c: libcurl's multi interface on a libuv loop (curl's multi-uv
 * pattern: curl tells which sockets to watch and when its timer is due; the loop
 * tells curl what became ready). */
#include <curl/curl.h>
#include <stdlib.h>
#include <string.h>

#include "lab/lab_internal.h"

struct sock_ctx {
    uv_poll_t poll;
    curl_socket_t fd;
    struct lab_http_client *c;
    struct sock_ctx *prev, *next;
};

struct xfer {
    CURL *easy;
    lab_http_done done;
    void *ud;
    char *body; /* lab_http_get: the caller's buffer, NUL-terminated */
    size_t len, cap;
    struct xfer *prev, *next;
};

struct lab_http_client {
    uv_loop_t *loop;
    CURLM *multi;
    uv_timer_t timer;
    size_t pending;
    struct xfer *xfers;
    struct sock_ctx *socks;
};

#define LIST_ADD(head, e)                                                                  \
    do {                                                                                   \
        (e)->prev = NULL;                                                                  \
        (e)->next = (head);                                                                \
        if (head)                                                                          \
            (head)->prev = (e);                                                            \
        (head) = (e);                                                                      \
    } while (0)
#define LIST_DEL(head, e)                                                                  \
    do {                                                                                   \
        if ((e)->prev)                                                                     \
            (e)->prev->next = (e)->next;                                                   \
        else                                                                               \
            (head) = (e)->next;                                                            \
        if ((e)->next)                                                                     \
            (e)->next->prev = (e)->prev;                                                   \
    } while (0)

static void check_done(struct lab_http_client *c)
{
    CURLMsg *m;
    int left;
    while ((m = curl_multi_info_read(c->multi, &left))) {
        if (m->msg != CURLMSG_DONE)
            continue;
        struct xfer *x = NULL;
        curl_easy_getinfo(m->easy_handle, CURLINFO_PRIVATE, (char **)&x);
        long status = 0;
        int err = (int)m->data.result;
        if (err == CURLE_OK)
            curl_easy_getinfo(m->easy_handle, CURLINFO_RESPONSE_CODE, &status);
        curl_multi_remove_handle(c->multi, x->easy);
        curl_easy_cleanup(x->easy);
        LIST_DEL(c->xfers, x);
        c->pending--;
        lab_http_done done = x->done;
        void *ud = x->ud;
        free(x);
        done(ud, status, err);
    }
}

static void on_poll(uv_poll_t *p, int status, int events)
{
    struct sock_ctx *s = p->data;
    int flags = 0;
    if (status < 0)
        flags = CURL_CSELECT_ERR;
    if (events & UV_READABLE)
        flags |= CURL_CSELECT_IN;
    if (events & UV_WRITABLE)
        flags |= CURL_CSELECT_OUT;
    int running;
    struct lab_http_client *c = s->c;
    curl_multi_socket_action(c->multi, s->fd, flags, &running);
    check_done(c);
}

static void on_sock_closed(uv_handle_t *h) { free(h->data); }

static void sock_close(struct lab_http_client *c, struct sock_ctx *s)
{
    LIST_DEL(c->socks, s);
    uv_poll_stop(&s->poll);
    uv_close((uv_handle_t *)&s->poll, on_sock_closed);
}

static int on_socket(CURL *easy, curl_socket_t fd, int action, void *userp, void *socketp)
{
    (void)easy;
    struct lab_http_client *c = userp;
    struct sock_ctx *s = socketp;
    if (action == CURL_POLL_REMOVE) {
        if (s) {
            sock_close(c, s);
            curl_multi_assign(c->multi, fd, NULL);
        }
        return 0;
    }
    if (!s) {
        s = calloc(1, sizeof *s);
        if (!s)
            return -1;
        s->fd = fd;
        s->c = c;
        if (uv_poll_init_socket(c->loop, &s->poll, fd)) {
            free(s);
            return -1;
        }
        s->poll.data = s;
        LIST_ADD(c->socks, s);
        curl_multi_assign(c->multi, fd, s);
    }
    int events = 0;
    if (action != CURL_POLL_OUT)
        events |= UV_READABLE;
    if (action != CURL_POLL_IN)
        events |= UV_WRITABLE;
    uv_poll_start(&s->poll, events, on_poll);
    return 0;
}

static void on_timer(uv_timer_t *t)
{
    struct lab_http_client *c = t->data;
    int running;
    curl_multi_socket_action(c->multi, CURL_SOCKET_TIMEOUT, 0, &running);
    check_done(c);
}

static int on_curl_timer(CURLM *multi, long timeout_ms, void *userp)
{
    (void)multi;
    struct lab_http_client *c = userp;
    /* 0 ("at once") becomes 1 ms, as in curl's multi-uv example: a timer that re-arms
     * itself at 0 runs again in the same pass of libuv's timers, and a busy curl
     * would then starve the loop's I/O, its other timers and Ctrl-C */
    if (timeout_ms < 0)
        uv_timer_stop(&c->timer);
    else
        uv_timer_start(&c->timer, on_timer, timeout_ms > 0 ? (uint64_t)timeout_ms : 1, 0);
    return 0;
}

struct lab_http_client *lab_http_client_new(uv_loop_t *loop)
{
    struct lab_http_client *c = calloc(1, sizeof *c);
    if (!c)
        return NULL;
    c->loop = loop;
    c->multi = curl_multi_init();
    if (!c->multi) {
        free(c);
        return NULL;
    }
    uv_timer_init(loop, &c->timer);
    c->timer.data = c;
    curl_multi_setopt(c->multi, CURLMOPT_SOCKETFUNCTION, on_socket);
    curl_multi_setopt(c->multi, CURLMOPT_SOCKETDATA, c);
    curl_multi_setopt(c->multi, CURLMOPT_TIMERFUNCTION, on_curl_timer);
    curl_multi_setopt(c->multi, CURLMOPT_TIMERDATA, c);
    curl_multi_setopt(c->multi, CURLMOPT_MAXCONNECTS, 4096L);
    return c;
}

size_t lab_curl_discard(char *p, size_t size, size_t n, void *ud)
{
    (void)p, (void)ud;
    return size * n;
}

void lab_http_ignore(void *ud, long status, int curl_err) { (void)ud, (void)status, (void)curl_err; }

/* Keep what fits of the body in the caller's buffer (the rest is dropped). */
static size_t keep_body(char *p, size_t size, size_t n, void *ud)
{
    struct xfer *x = ud;
    size_t len = size * n, room = x->cap - 1 - x->len;
    size_t take = len < room ? len : room;
    memcpy(x->body + x->len, p, take);
    x->len += take;
    x->body[x->len] = 0;
    return len;
}

static int start_xfer(struct lab_http_client *c, const char *url, long timeout_ms, char *body,
                      size_t cap, lab_http_done done, void *ud)
{
    struct xfer *x = calloc(1, sizeof *x);
    if (!x)
        return -1;
    x->easy = curl_easy_init();
    if (!x->easy) {
        free(x);
        return -1;
    }
    x->done = done;
    x->ud = ud;
    curl_easy_setopt(x->easy, CURLOPT_URL, url);
    if (body) {
        x->body = body;
        x->cap = cap;
        body[0] = 0;
        curl_easy_setopt(x->easy, CURLOPT_WRITEFUNCTION, keep_body);
        curl_easy_setopt(x->easy, CURLOPT_WRITEDATA, x);
    } else {
        curl_easy_setopt(x->easy, CURLOPT_POSTFIELDS, "");
        curl_easy_setopt(x->easy, CURLOPT_POSTFIELDSIZE, 0L);
        curl_easy_setopt(x->easy, CURLOPT_WRITEFUNCTION, lab_curl_discard);
    }
    curl_easy_setopt(x->easy, CURLOPT_TIMEOUT_MS, timeout_ms);
    curl_easy_setopt(x->easy, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(x->easy, CURLOPT_PRIVATE, (char *)x);
    if (curl_multi_add_handle(c->multi, x->easy) != CURLM_OK) {
        curl_easy_cleanup(x->easy);
        free(x);
        return -1;
    }
    LIST_ADD(c->xfers, x);
    c->pending++;
    return 0;
}

int lab_http_post(struct lab_http_client *c, const char *url, long timeout_ms,
                  lab_http_done done, void *ud)
{
    return start_xfer(c, url, timeout_ms, NULL, 0, done, ud);
}

int lab_http_get(struct lab_http_client *c, const char *url, long timeout_ms, char *body,
                 size_t cap, lab_http_done done, void *ud)
{
    return cap > 0 ? start_xfer(c, url, timeout_ms, body, cap, done, ud) : -1;
}

size_t lab_http_client_pending(const struct lab_http_client *c) { return c->pending; }

static void on_client_closed(uv_handle_t *h) { free(h->data); }

void lab_http_client_free(struct lab_http_client *c)
{
    if (!c)
        return;
    while (c->xfers) {
        struct xfer *x = c->xfers;
        LIST_DEL(c->xfers, x);
        curl_multi_remove_handle(c->multi, x->easy);
        curl_easy_cleanup(x->easy);
        x->done(x->ud, 0, LAB_HTTP_ABORTED);
        free(x);
    }
    /* stop watching before curl closes its cached connections' sockets */
    while (c->socks)
        sock_close(c, c->socks);
    curl_multi_setopt(c->multi, CURLMOPT_SOCKETFUNCTION, NULL);
    curl_multi_setopt(c->multi, CURLMOPT_TIMERFUNCTION, NULL);
    curl_multi_cleanup(c->multi);
    uv_timer_stop(&c->timer);
    uv_close((uv_handle_t *)&c->timer, on_client_closed);
}
