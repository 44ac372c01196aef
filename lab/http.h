/* lab/http.h: HTTP on a libuv loop, server (libmicrohttpd) and client (libcurl multi).
 *
 * Server: libmicrohttpd in its external-epoll mode, driven from the loop (one
 * uv_poll on its epoll descriptor, one timer for its timeouts); a request can be
 * answered later from any loop callback (the connection is suspended meanwhile), so
 * a service never blocks its loop. Client: curl's multi interface on the same loop
 * (curl's multi-uv pattern: socket and timer callbacks). Everything runs on the
 * loop's thread; nothing here is thread-safe. */
#ifndef LAB_HTTP_H
#define LAB_HTTP_H

#include <stddef.h>
#include <uv.h>

struct lab_http_server;
struct lab_http_req;

/* Called once per request when it is complete. Answer it now or later with
 * lab_http_reply (exactly once). */
typedef void (*lab_http_handler)(struct lab_http_req *rq, const char *method, const char *path,
                                 void *ud);

/* Serve on listen_fd (a listening TCP socket, taken over). Returns NULL on failure. */
struct lab_http_server *lab_http_server_start(uv_loop_t *loop, int listen_fd,
                                              lab_http_handler fn, void *ud);
/* Stop serving; unanswered requests are dropped. Frees the server once its handles
 * are closed (after the loop runs again). */
void lab_http_server_stop(struct lab_http_server *s);

/* A query-string argument of the request, or NULL. */
const char *lab_http_arg(struct lab_http_req *rq, const char *name);
/* Answer with status and body (copied). After it, rq is gone. */
void lab_http_reply(struct lab_http_req *rq, unsigned status, const char *content_type,
                    const char *body, size_t len);

struct lab_http_client;
/* status: the HTTP status, or 0 when there was none (refused, timed out: curl_err
 * is then curl's error code, else 0). */
typedef void (*lab_http_done)(void *ud, long status, int curl_err);

struct lab_http_client *lab_http_client_new(uv_loop_t *loop);
/* POST url (empty body), giving up after timeout_ms (0: never). done is called once,
 * from the loop. Returns 0 or -1 (then done is not called). */
int lab_http_post(struct lab_http_client *c, const char *url, long timeout_ms,
                  lab_http_done done, void *ud);
/* GET url, keeping the first cap - 1 bytes of the answer's body in body
 * (NUL-terminated; body must stay valid until done is called, and holds what came when
 * it is). Returns 0 or -1 (then done is not called). */
int lab_http_get(struct lab_http_client *c, const char *url, long timeout_ms, char *body,
                 size_t cap, lab_http_done done, void *ud);
/* Number of requests not yet done. */
size_t lab_http_client_pending(const struct lab_http_client *c);
/* Abort every pending request (done is called with status 0 and curl_err
 * LAB_HTTP_ABORTED, so that its owner may free what it holds) and free the client
 * once its handles are closed. */
#define LAB_HTTP_ABORTED (-1)
void lab_http_client_free(struct lab_http_client *c);

/* A listening TCP socket on 127.0.0.1, on port *port, or (*port <= 0) on a free one
 * which *port then tells. Returns the descriptor (close-on-exec) or -1. */
int lab_listen_loopback(int *port);

#endif
