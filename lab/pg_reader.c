/* lab/pg_reader.c: the orders table read while the lab runs (for `lab --live`), on
 * the loop: one non-blocking connection, one query at a time (libpq's asynchronous
 * API, its socket watched with a uv_poll), so that reading never holds up the load. */
#include <libpq-fe.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lab/lab_internal.h"

struct lab_pg_reader {
    uv_loop_t *loop;
    char *url;
    PGconn *c;         /* NULL: closed (the database went down): made again next read */
    uv_poll_t poll;
    int busy, failed, closing, freed;
    lab_pg_row_fn row;
    void (*done)(void *ud);
    void *ud;
};

#define SINCE_SQL "SELECT id, written_ns, dups FROM lab_orders WHERE written_ns > $1"

static void finish(struct lab_pg_reader *r)
{
    uv_poll_stop(&r->poll);
    r->busy = 0;
    r->done(r->ud);
}

static void on_poll(uv_poll_t *h, int status, int events)
{
    struct lab_pg_reader *r = h->data;
    if (!r->busy)
        return;
    int f = status < 0 ? -1 : events & UV_WRITABLE ? PQflush(r->c) : 1;
    if (f < 0) {
        r->failed = 1;
        finish(r);
        return;
    }
    if (f == 0)
        uv_poll_start(&r->poll, UV_READABLE, on_poll);
    if (!(events & UV_READABLE))
        return;
    if (!PQconsumeInput(r->c)) {
        r->failed = 1;
        finish(r);
        return;
    }
    while (!PQisBusy(r->c)) {
        PGresult *res = PQgetResult(r->c);
        if (!res) {
            finish(r);
            return;
        }
        if (PQresultStatus(res) == PGRES_TUPLES_OK)
            for (int i = 0; i < PQntuples(res); i++)
                r->row(r->ud, atoll(PQgetvalue(res, i, 0)), atoll(PQgetvalue(res, i, 1)),
                       atoi(PQgetvalue(res, i, 2)));
        PQclear(res);
    }
}

static int open_conn(struct lab_pg_reader *r, char *err, size_t errlen)
{
    r->c = PQconnectdb(r->url);
    PGresult *res = PQstatus(r->c) == CONNECTION_OK ? PQprepare(r->c, "since", SINCE_SQL, 1, NULL)
                                                    : NULL;
    int ok = res && PQresultStatus(res) == PGRES_COMMAND_OK;
    PQclear(res);
    if (!ok || PQsetnonblocking(r->c, 1) ||
        uv_poll_init_socket(r->loop, &r->poll, PQsocket(r->c))) {
        snprintf(err, errlen, "cannot read the orders table: %s", PQerrorMessage(r->c));
        err[strcspn(err, "\n")] = 0;
        PQfinish(r->c);
        r->c = NULL;
        return -1;
    }
    r->poll.data = r;
    r->failed = 0;
    return 0;
}

struct lab_pg_reader *lab_pg_reader_new(uv_loop_t *loop, const char *url, char *err,
                                        size_t errlen)
{
    struct lab_pg_reader *r = calloc(1, sizeof *r);
    if (r && !(r->url = strdup(url))) {
        free(r);
        r = NULL;
    }
    if (!r) {
        snprintf(err, errlen, "out of memory");
        return NULL;
    }
    r->loop = loop;
    if (open_conn(r, err, errlen)) {
        free(r->url);
        free(r);
        return NULL;
    }
    return r;
}

static void on_closed(uv_handle_t *h)
{
    struct lab_pg_reader *r = h->data;
    PQfinish(r->c);
    r->c = NULL;
    r->closing = 0;
    if (r->freed) {
        free(r->url);
        free(r);
    }
}

int lab_pg_read_since(struct lab_pg_reader *r, int64_t since_ns, lab_pg_row_fn row,
                      void (*done)(void *ud), void *ud)
{
    if (r->busy || r->closing)
        return -1;
    if (r->c && (r->failed || PQstatus(r->c) == CONNECTION_BAD)) {
        r->closing = 1; /* the database went down: connect again at a later read */
        uv_close((uv_handle_t *)&r->poll, on_closed);
        return -1;
    }
    char err[256];
    if (!r->c && open_conn(r, err, sizeof err))
        return -1;
    char since[32];
    snprintf(since, sizeof since, "%lld", (long long)since_ns);
    const char *vals[1] = {since};
    if (!PQsendQueryPrepared(r->c, "since", 1, vals, NULL, NULL, 0)) {
        r->failed = 1; /* closed at the next read */
        return -1;
    }
    r->row = row;
    r->done = done;
    r->ud = ud;
    r->busy = 1;
    int f = PQflush(r->c);
    uv_poll_start(&r->poll, f == 0 ? UV_READABLE : UV_READABLE | UV_WRITABLE, on_poll);
    return 0;
}

void lab_pg_reader_free(struct lab_pg_reader *r)
{
    if (!r)
        return;
    r->freed = 1;
    if (r->closing)
        return; /* on_closed frees it */
    if (!r->c) {
        free(r->url);
        free(r);
        return;
    }
    uv_poll_stop(&r->poll);
    r->closing = 1;
    uv_close((uv_handle_t *)&r->poll, on_closed);
}
