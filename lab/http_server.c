/* lab/http_server.c: libmicrohttpd driven from a libuv loop.
 *
 * MHD runs in its external-epoll mode: all its sockets sit in one epoll descriptor,
 * which the loop watches with a uv_poll; after each MHD_run the timer is set to
 * MHD's next timeout. A request that is not answered by its handler at once is
 * suspended (MHD_suspend_connection) and resumed when lab_http_reply comes. */
#include <arpa/inet.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "lab/http.h"

struct lab_http_server {
    struct MHD_Daemon *d;
    uv_poll_t poll;
    uv_timer_t timer;
    int open_handles;
    lab_http_handler fn;
    void *ud;
};

enum req_state { REQ_NEW, REQ_WAITING, REQ_ANSWERED };

struct lab_http_req {
    struct lab_http_server *s;
    struct MHD_Connection *c;
    enum req_state state;
    int suspended;
    int orphan; /* MHD is done with it before the answer came: free at the answer */
    unsigned status;
    const char *content_type;
    char *body;
    size_t len;
};

static void run(struct lab_http_server *s);

static void on_timer(uv_timer_t *t) { run(t->data); }

static void on_poll(uv_poll_t *p, int status, int events)
{
    (void)status, (void)events;
    run(p->data);
}

static void run(struct lab_http_server *s)
{
    if (!s->d)
        return;
    MHD_run(s->d);
    MHD_UNSIGNED_LONG_LONG to = 0;
    /* at least 1 ms: a timer re-armed at 0 from its own callback would starve the
     * loop (see http_client.c) */
    if (MHD_get_timeout(s->d, &to) == MHD_YES)
        uv_timer_start(&s->timer, on_timer, to > 1000 ? 1000 : to < 1 ? 1 : (uint64_t)to, 0);
    else
        uv_timer_start(&s->timer, on_timer, 1000, 0);
}

static enum MHD_Result queue_answer(struct lab_http_req *rq)
{
    struct MHD_Response *r =
        MHD_create_response_from_buffer(rq->len, rq->body, MHD_RESPMEM_MUST_COPY);
    if (!r)
        return MHD_NO;
    if (rq->content_type)
        MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, rq->content_type);
    enum MHD_Result ret = MHD_queue_response(rq->c, rq->status, r);
    MHD_destroy_response(r);
    return ret;
}

static enum MHD_Result on_access(void *cls, struct MHD_Connection *c, const char *url,
                                 const char *method, const char *version, const char *upload,
                                 size_t *upload_size, void **con_cls)
{
    (void)version, (void)upload;
    struct lab_http_server *s = cls;
    struct lab_http_req *rq = *con_cls;
    if (!rq) {
        rq = calloc(1, sizeof *rq);
        if (!rq)
            return MHD_NO;
        rq->s = s;
        rq->c = c;
        *con_cls = rq;
        return MHD_YES;
    }
    if (*upload_size) { /* the services take their arguments in the query string */
        *upload_size = 0;
        return MHD_YES;
    }
    if (rq->state == REQ_NEW) {
        rq->state = REQ_WAITING;
        s->fn(rq, method, url, s->ud);
        if (rq->state == REQ_WAITING) {
            rq->suspended = 1;
            MHD_suspend_connection(c);
            return MHD_YES;
        }
    }
    if (rq->state == REQ_ANSWERED)
        return queue_answer(rq);
    return MHD_YES;
}

static void free_req(struct lab_http_req *rq)
{
    free(rq->body);
    free(rq);
}

static void on_completed(void *cls, struct MHD_Connection *c, void **con_cls,
                         enum MHD_RequestTerminationCode code)
{
    (void)cls, (void)c, (void)code;
    struct lab_http_req *rq = *con_cls;
    *con_cls = NULL;
    if (!rq)
        return;
    if (rq->state == REQ_WAITING)
        rq->orphan = 1; /* its answer is still to come */
    else
        free_req(rq);
}

const char *lab_http_arg(struct lab_http_req *rq, const char *name)
{
    return MHD_lookup_connection_value(rq->c, MHD_GET_ARGUMENT_KIND, name);
}

void lab_http_reply(struct lab_http_req *rq, unsigned status, const char *content_type,
                    const char *body, size_t len)
{
    if (rq->orphan) {
        free_req(rq);
        return;
    }
    rq->status = status;
    rq->content_type = content_type;
    rq->body = malloc(len ? len : 1);
    rq->len = rq->body ? len : 0;
    if (rq->body && len)
        memcpy(rq->body, body, len);
    rq->state = REQ_ANSWERED;
    if (rq->suspended) {
        rq->suspended = 0;
        MHD_resume_connection(rq->c);
        uv_timer_start(&rq->s->timer, on_timer, 0, 0);
    }
}

struct lab_http_server *lab_http_server_start(uv_loop_t *loop, int listen_fd,
                                              lab_http_handler fn, void *ud)
{
    struct lab_http_server *s = calloc(1, sizeof *s);
    if (!s)
        return NULL;
    s->fn = fn;
    s->ud = ud;
    s->d = MHD_start_daemon(MHD_USE_EPOLL | MHD_ALLOW_SUSPEND_RESUME, 0, NULL, NULL, on_access,
                            s, MHD_OPTION_LISTEN_SOCKET, listen_fd, MHD_OPTION_NOTIFY_COMPLETED,
                            on_completed, s, MHD_OPTION_CONNECTION_LIMIT, 15000u,
                            MHD_OPTION_CONNECTION_TIMEOUT, 60u, MHD_OPTION_END);
    if (!s->d) {
        free(s);
        return NULL;
    }
    const union MHD_DaemonInfo *info = MHD_get_daemon_info(s->d, MHD_DAEMON_INFO_EPOLL_FD);
    if (!info || uv_poll_init(loop, &s->poll, info->epoll_fd)) {
        MHD_stop_daemon(s->d);
        free(s);
        return NULL;
    }
    uv_timer_init(loop, &s->timer);
    s->poll.data = s;
    s->timer.data = s;
    s->open_handles = 2;
    uv_poll_start(&s->poll, UV_READABLE, on_poll);
    run(s);
    return s;
}

static void on_closed(uv_handle_t *h)
{
    struct lab_http_server *s = h->data;
    if (--s->open_handles == 0)
        free(s);
}

void lab_http_server_stop(struct lab_http_server *s)
{
    if (!s)
        return;
    uv_poll_stop(&s->poll);
    uv_close((uv_handle_t *)&s->poll, on_closed);
    uv_close((uv_handle_t *)&s->timer, on_closed);
    MHD_stop_daemon(s->d);
    s->d = NULL;
}

int lab_listen_loopback(int *port)
{
    int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    int want = *port > 0 ? *port : 0;
    if (fd < 0)
        return -1;
    int one = 1;
    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    struct sockaddr_in a;
    memset(&a, 0, sizeof a);
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    a.sin_port = htons((uint16_t)want);
    socklen_t len = sizeof a;
    if (bind(fd, (struct sockaddr *)&a, sizeof a) || listen(fd, 4096) ||
        getsockname(fd, (struct sockaddr *)&a, &len)) {
        close(fd);
        return -1;
    }
    *port = ntohs(a.sin_port);
    return fd;
}
