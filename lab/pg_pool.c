/* lab/pg_pool.c: a pool of PostgreSQL connections driven from a libuv loop.
 *
 * Each connection is non-blocking (libpq's asynchronous API): a query is sent with
 * PQsendQueryPrepared and its socket watched with a uv_poll until PQgetResult says
 * it is done. Requests wait in FIFO order for a free connection, at most
 * queue_timeout (then they fail), as the model's database does. The query time is
 * the database's own: the statement sleeps in pg_sleep before it writes. A query
 * costs more than its sleep (the round trip, the insert, the commit): the pool
 * measures that overhead and sleeps that much less, so that a connection is held
 * for the query time in all, and N connections x query time is the real cap.
 *
 * A connection the database closed (it was stopped: "database down") is dropped and
 * made again every 500 ms until the database answers; while none is open, a write
 * fails at once, as the model's database that is down refuses at once. */
#include <libpq-fe.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lab/lab_internal.h"

struct pg_req {
    int64_t id, sched_ns;
    int variant;
    double query_s;
    lab_pg_done done;
    void *ud;
    uint64_t queued_ms;
    uint64_t sent_ns;  /* uv_hrtime at the send */
    double sleep_s;    /* the pg_sleep asked for */
    struct pg_req *next;
};

struct pg_conn {
    struct lab_pg_pool *pool;
    PGconn *c;
    uv_poll_t poll;
    int poll_open;       /* poll initialised and not closing */
    int lost;            /* a send failed: drop it */
    uint64_t retry_ms;   /* c == NULL: when to connect again */
    struct pg_req *req; /* the query in progress, or NULL */
    int status;         /* of the query in progress */
};

struct lab_pg_pool {
    uv_loop_t *loop;
    char *url;
    struct pg_conn *conns;
    unsigned n, open_handles;
    uint64_t queue_timeout_ms;
    struct pg_req *head, *tail;
    size_t waiting;
    double overhead_s; /* moving average of a query's time beyond its sleep */
    char writer[64];   /* who writes: stored in each row */
    uv_timer_t timer;
};

#define INSERT_SQL                                                                         \
    "INSERT INTO lab_orders (id, variant, sched_ns, written_ns, writer) "                  \
    "SELECT $1, $2, $3, (extract(epoch FROM clock_timestamp()) * 1e9)::int8, $5 "         \
    "FROM pg_sleep($4) ON CONFLICT (id) DO UPDATE SET dups = lab_orders.dups + 1 "       \
    "RETURNING dups"

static void start_next(struct lab_pg_pool *p, struct pg_conn *pc);
static void on_poll_closed(uv_handle_t *h);
static void fail_waiting(struct lab_pg_pool *p);

#define RETRY_MS 500

/* The database closed this connection: let it go; on_timer makes it again. */
static void drop_conn(struct pg_conn *pc)
{
    pc->poll_open = 0;
    pc->retry_ms = uv_now(pc->pool->loop) + RETRY_MS;
    uv_poll_stop(&pc->poll);
    uv_close((uv_handle_t *)&pc->poll, on_poll_closed); /* PQfinish there */
}

static int usable(const struct pg_conn *pc) { return pc->c && pc->poll_open; }

static void finish(struct pg_conn *pc)
{
    struct pg_req *r = pc->req;
    struct lab_pg_pool *p = pc->pool;
    pc->req = NULL;
    if (PQstatus(pc->c) == CONNECTION_BAD || pc->lost) {
        pc->lost = 0;
        drop_conn(pc);
        r->done(r->ud, LAB_PG_ERROR);
        free(r);
        fail_waiting(p);
        return;
    }
    if (pc->status >= 0) {
        double over = (double)(uv_hrtime() - r->sent_ns) / 1e9 - r->sleep_s;
        if (over < 0)
            over = 0;
        p->overhead_s += (over - p->overhead_s) / 32;
    }
    int st = pc->status;
    uv_poll_stop(&pc->poll);
    start_next(pc->pool, pc);
    r->done(r->ud, st);
    free(r);
}

static void on_poll(uv_poll_t *h, int status, int events)
{
    struct pg_conn *pc = h->data;
    if (status < 0 || !pc->req)
        return;
    if (events & UV_WRITABLE) {
        int f = PQflush(pc->c);
        if (f == 0)
            uv_poll_start(&pc->poll, UV_READABLE, on_poll);
        else if (f < 0) {
            pc->status = LAB_PG_ERROR;
            finish(pc);
            return;
        }
    }
    if (!(events & UV_READABLE))
        return;
    if (!PQconsumeInput(pc->c)) {
        pc->status = LAB_PG_ERROR;
        finish(pc);
        return;
    }
    while (!PQisBusy(pc->c)) {
        PGresult *res = PQgetResult(pc->c);
        if (!res) {
            finish(pc);
            return;
        }
        if (PQresultStatus(res) == PGRES_TUPLES_OK && PQntuples(res) == 1)
            pc->status = atoi(PQgetvalue(res, 0, 0)) > 0 ? LAB_PG_DUPLICATE : LAB_PG_OK;
        else
            pc->status = LAB_PG_ERROR;
        PQclear(res);
    }
}

static void send_query(struct pg_conn *pc, struct pg_req *r)
{
    char id[32], var[16], sched[32], q[32];
    snprintf(id, sizeof id, "%lld", (long long)r->id);
    snprintf(var, sizeof var, "%d", r->variant);
    snprintf(sched, sizeof sched, "%lld", (long long)r->sched_ns);
    /* 0.8: err on the side of holding the connection a little longer than asked */
    r->sleep_s = r->query_s - 0.8 * pc->pool->overhead_s;
    if (r->sleep_s < 0)
        r->sleep_s = 0;
    snprintf(q, sizeof q, "%.6f", r->sleep_s);
    r->sent_ns = uv_hrtime();
    const char *vals[5] = {id, var, sched, q, pc->pool->writer};
    pc->req = r;
    pc->status = LAB_PG_ERROR;
    if (!PQsendQueryPrepared(pc->c, "ins", 5, vals, NULL, NULL, 0)) {
        pc->lost = 1; /* it cannot send: made again (else each waiting write would fail here) */
        finish(pc);
        return;
    }
    int f = PQflush(pc->c);
    uv_poll_start(&pc->poll, f == 0 ? UV_READABLE : UV_READABLE | UV_WRITABLE, on_poll);
}

static struct pg_req *pop(struct lab_pg_pool *p)
{
    struct pg_req *r = p->head;
    if (r) {
        p->head = r->next;
        if (!p->head)
            p->tail = NULL;
        p->waiting--;
    }
    return r;
}

static void start_next(struct lab_pg_pool *p, struct pg_conn *pc)
{
    struct pg_req *r = pop(p);
    if (r)
        send_query(pc, r);
}

/* No connection is open (the database is down): what waits fails at once. */
static void fail_waiting(struct lab_pg_pool *p)
{
    for (unsigned i = 0; i < p->n; i++)
        if (usable(&p->conns[i]))
            return;
    struct pg_req *r;
    while ((r = pop(p))) {
        r->done(r->ud, LAB_PG_ERROR);
        free(r);
    }
}

/* Connect (again); 0 when the connection is open and ready. Blocking: a connection
 * on this machine is made or refused at once. */
static int open_conn(struct lab_pg_pool *p, struct pg_conn *pc, char *err, size_t errlen)
{
    /* at most 3 s to connect: a consumer on another machine that lost its network
     * must not hang its loop for TCP's minutes */
    const char *keys[] = {"dbname", "connect_timeout", NULL};
    const char *vals[] = {p->url, "3", NULL};
    pc->c = PQconnectdbParams(keys, vals, 1);
    PGresult *res = PQstatus(pc->c) == CONNECTION_OK ? PQprepare(pc->c, "ins", INSERT_SQL, 5, NULL)
                                                     : NULL;
    int ok = res && PQresultStatus(res) == PGRES_COMMAND_OK;
    PQclear(res);
    if (!ok || PQsetnonblocking(pc->c, 1) ||
        uv_poll_init_socket(p->loop, &pc->poll, PQsocket(pc->c))) {
        snprintf(err, errlen, "cannot connect to PostgreSQL: %s", PQerrorMessage(pc->c));
        err[strcspn(err, "\n")] = 0;
        PQfinish(pc->c);
        pc->c = NULL;
        return -1;
    }
    pc->poll.data = pc;
    pc->poll_open = 1;
    p->open_handles++;
    return 0;
}

/* Fail the requests that waited longer than the queue timeout (FIFO: the oldest are
 * at the head); make the connections the database closed again. */
static void on_timer(uv_timer_t *t)
{
    struct lab_pg_pool *p = t->data;
    uint64_t now = uv_now(p->loop);
    for (unsigned i = 0; i < p->n; i++) {
        struct pg_conn *pc = &p->conns[i];
        char err[256];
        if (pc->c || pc->poll_open || now < pc->retry_ms || pc->retry_ms == 0)
            continue;
        if (open_conn(p, pc, err, sizeof err) == 0)
            start_next(p, pc);
        else
            pc->retry_ms = now + RETRY_MS;
    }
    while (p->head && now - p->head->queued_ms > p->queue_timeout_ms) {
        struct pg_req *r = pop(p);
        r->done(r->ud, LAB_PG_TIMEOUT);
        free(r);
    }
}

int lab_pg_insert(struct lab_pg_pool *p, int64_t id, int variant, int64_t sched_ns,
                  double query_s, lab_pg_done done, void *ud)
{
    struct pg_req *r = calloc(1, sizeof *r);
    if (!r)
        return -1;
    r->id = id;
    r->variant = variant;
    r->sched_ns = sched_ns;
    r->query_s = query_s;
    r->done = done;
    r->ud = ud;
    r->queued_ms = uv_now(p->loop);
    int any = 0;
    for (unsigned i = 0; i < p->n; i++) {
        if (!usable(&p->conns[i]))
            continue;
        any = 1;
        if (!p->conns[i].req) {
            send_query(&p->conns[i], r);
            return 0;
        }
    }
    if (!any) { /* the database is down: refused at once */
        free(r);
        return -1;
    }
    if (p->tail)
        p->tail->next = r;
    else
        p->head = r;
    p->tail = r;
    p->waiting++;
    return 0;
}

size_t lab_pg_waiting(const struct lab_pg_pool *p) { return p->waiting; }

struct lab_pg_pool *lab_pg_pool_new(uv_loop_t *loop, const char *url, unsigned n,
                                    uint64_t queue_timeout_ms, const char *writer, char *err,
                                    size_t errlen)
{
    struct lab_pg_pool *p = calloc(1, sizeof *p);
    if (!p || !(p->conns = calloc(n ? n : 1, sizeof *p->conns))) {
        free(p);
        snprintf(err, errlen, "out of memory");
        return NULL;
    }
    p->loop = loop;
    p->url = strdup(url);
    if (!p->url) {
        free(p->conns);
        free(p);
        snprintf(err, errlen, "out of memory");
        return NULL;
    }
    snprintf(p->writer, sizeof p->writer, "%s", writer);
    p->queue_timeout_ms = queue_timeout_ms;
    uv_timer_init(loop, &p->timer);
    p->timer.data = p;
    p->open_handles = 1;
    uv_timer_start(&p->timer, on_timer, 20, 20);
    for (unsigned i = 0; i < n; i++) {
        struct pg_conn *pc = &p->conns[i];
        pc->pool = p;
        p->n = i + 1;
        if (open_conn(p, pc, err, errlen)) {
            p->n = i;
            lab_pg_pool_free(p);
            return NULL;
        }
    }
    return p;
}


static void pool_release(struct lab_pg_pool *p)
{
    if (--p->open_handles == 0) {
        free(p->url);
        free(p->conns);
        free(p);
    }
}

static void on_poll_closed(uv_handle_t *h)
{
    struct pg_conn *pc = h->data;
    PQfinish(pc->c);
    pc->c = NULL;
    pool_release(pc->pool);
}

static void on_timer_closed(uv_handle_t *h) { pool_release(h->data); }

void lab_pg_pool_free(struct lab_pg_pool *p)
{
    if (!p)
        return;
    struct pg_req *r;
    while ((r = pop(p)))
        free(r); /* nobody waits for them any more: the service is stopping */
    for (unsigned i = 0; i < p->n; i++) {
        free(p->conns[i].req);
        p->conns[i].req = NULL;
        p->conns[i].retry_ms = 0; /* no more connecting */
        if (!p->conns[i].poll_open)
            continue; /* closed already, or closing */
        p->conns[i].poll_open = 0;
        uv_poll_stop(&p->conns[i].poll);
        uv_close((uv_handle_t *)&p->conns[i].poll, on_poll_closed);
    }
    uv_timer_stop(&p->timer);
    uv_close((uv_handle_t *)&p->timer, on_timer_closed);
}
