/* lab/lab.c: one lab run: servers, the A and B processes, the open-loop load, the
 * scheduled faults, and the read-back into the run's record.
 *
 * The load is open-loop: each order is sent at its scheduled time whatever the
 * answers to earlier ones, and its latency is measured from that scheduled time,
 * so a slow system cannot slow the load down and hide its own slowness
 * (coordinated omission). When the generator itself falls behind, the report says
 * how often and by how much. */
#define _GNU_SOURCE
#include <curl/curl.h>
#include <errno.h>
#include <fcntl.h>
#include <hiredis/hiredis.h>
#include <libpq-fe.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "lab/lab_internal.h"
#include "lab/servers.h"
#include "orders/scenario/scenario.h"
#include "sim/error.h"

#define LATE_NS (5 * SIM_MS) /* a send later than this counts as late */

struct fault_step {
    sim_time at;
    enum ord_target target;
    enum ord_fault_kind kind;
    int on;        /* 1 start, 0 end; -1: clear every fault on target */
    double factor; /* SLOW */
};

struct lab {
    const struct ord_config *cfg;
    const struct lab_opts *o;
    char *err;
    size_t errlen;
    struct lab_servers servers;
    char workdir[96], scenario[128];
    const char *redis_url, *pg_url;
    pid_t a_pid, b_pid;
    int b_port, a_port[2], b_down, b_hung, mq_down;
    /* the arrivals, from the model */
    sim_time *arr;
    uint32_t *arr_phase;
    size_t narr, arr_cap;
    int var_index[ORD_NVARIANT_KINDS]; /* variant kind -> index in cfg, or -1 */
    /* the run */
    uv_loop_t loop;
    struct lab_http_client *http;
    redisAsyncContext *redis;
    uv_timer_t send_timer, tick_timer, fault_timer;
    int64_t t0_mono, t0_real;
    sim_time end;
    size_t next_arr, ticks, samples_cap, busy_cap;
    int sampling, stopping, busy_asking;
    char busy_body[128]; /* B's answer to GET /busy */
    struct fault_step *steps;
    size_t nsteps, next_step;
    struct lab_record rec;
    struct lab_report *rep;
    /* lab --live (o->live): the scenario over, the view's quit, the commands given,
     * and the rows read while the run goes on */
    int done, quit, db_slow, b_slow, db_down, db_hung;
    sim_time quit_at;
    char log[128]; /* the services' messages while the view has the terminal */
    struct ord_command *cmds;
    size_t ncmds, cmds_cap;
    struct lab_pg_reader *reader;
    int reading;
    int64_t rows_since; /* real-time ns: rows written after it are read next */
    uint8_t *seen;      /* per order id: its row was read */
    size_t rows_cap;
};

static void set_err(struct lab *l, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
#include <stdarg.h>
static void set_err(struct lab *l, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(l->err, l->errlen, fmt, ap);
    va_end(ap);
}

static sim_time now_rel(const struct lab *l) { return lab_now_ns() - l->t0_mono; }

/* ---- arrivals: the model's stream ---- */

static void on_arrival(void *ud, sim_time at, uint32_t phase)
{
    struct lab *l = ud;
    if (l->narr == l->arr_cap) {
        size_t cap = l->arr_cap ? 2 * l->arr_cap : 4096;
        sim_time *a = realloc(l->arr, cap * sizeof *a);
        if (a)
            l->arr = a;
        uint32_t *p = a ? realloc(l->arr_phase, cap * sizeof *p) : NULL;
        if (p)
            l->arr_phase = p;
        if (!a || !p)
            return; /* counted short: reported as out of memory below */
        l->arr_cap = cap;
    }
    l->arr[l->narr] = at;
    l->arr_phase[l->narr] = phase;
    l->narr++;
}

static int draw_arrivals(struct lab *l)
{
    struct ord_run run;
    int rc = ord_run_init(&run, l->cfg);
    if (rc) {
        set_err(l, "the scenario does not run: %s", sim_strerror(rc));
        return 1;
    }
    ord_run_on_arrival(&run, on_arrival, l);
    rc = ord_run_finish(&run);
    const struct ord_result *res = ord_run_result(&run);
    uint64_t offered = res->nvariants ? res->v[0].totals.offered : 0;
    ord_run_close(&run);
    if (rc || offered != l->narr) {
        set_err(l, "cannot draw the arrivals: %s", rc ? sim_strerror(rc) : "out of memory");
        return 1;
    }
    return 0;
}

/* ---- processes ---- */

static pid_t spawn_service(struct lab *l, char *const argv[], const int *keep, int nkeep)
{
    pid_t parent = getpid();
    pid_t pid = fork();
    if (pid != 0)
        return pid;
    setpgid(0, 0); /* a terminal's Ctrl-C reaches ordersim, which stops us in order */
    prctl(PR_SET_PDEATHSIG, SIGTERM);
    if (getppid() != parent)
        _exit(127);
    for (int i = 0; i < nkeep; i++)
        if (keep[i] >= 0)
            fcntl(keep[i], F_SETFD, 0);
    int devnull = open("/dev/null", O_RDWR);
    if (devnull >= 0) {
        dup2(devnull, STDIN_FILENO);
        dup2(devnull, STDOUT_FILENO);
    }
    int log = l->log[0] ? open(l->log, O_WRONLY | O_CREAT | O_APPEND, 0600) : -1;
    if (log >= 0) /* the live view has the terminal */
        dup2(log, STDERR_FILENO);
    sigset_t none;
    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, NULL);
    signal(SIGINT, SIG_DFL);
    signal(SIGTERM, SIG_DFL);
    execv(l->o->exe, argv);
    _exit(127);
}

static int start_b(struct lab *l)
{
    int fd = lab_listen_loopback(&l->b_port);
    if (fd < 0) {
        set_err(l, "cannot listen on 127.0.0.1:%d for B: %s", l->b_port, strerror(errno));
        return 1;
    }
    char fds[16];
    snprintf(fds, sizeof fds, "%d", fd);
    char *argv[] = {(char *)l->o->exe, "lab", "serve", "b", l->scenario, (char *)l->redis_url,
                    (char *)l->pg_url, "-", fds, "-", NULL};
    l->b_pid = spawn_service(l, argv, &fd, 1);
    close(fd);
    if (l->b_pid < 0) {
        l->b_pid = 0;
        set_err(l, "cannot start B: %s", strerror(errno));
        return 1;
    }
    return 0;
}

static int start_a(struct lab *l)
{
    int fd[2];
    for (int i = 0; i < 2; i++) {
        fd[i] = lab_listen_loopback(&l->a_port[i]);
        if (fd[i] < 0) {
            set_err(l, "cannot listen on 127.0.0.1 for A: %s", strerror(errno));
            if (i)
                close(fd[0]);
            return 1;
        }
    }
    char f0[16], f1[16], burl[64];
    snprintf(f0, sizeof f0, "%d", fd[0]);
    snprintf(f1, sizeof f1, "%d", fd[1]);
    snprintf(burl, sizeof burl, "http://127.0.0.1:%d", l->b_port);
    char *argv[] = {(char *)l->o->exe, "lab", "serve", "a", l->scenario, (char *)l->redis_url,
                    "-", burl, f0, f1, NULL};
    l->a_pid = spawn_service(l, argv, fd, 2);
    close(fd[0]);
    close(fd[1]);
    if (l->a_pid < 0) {
        l->a_pid = 0;
        set_err(l, "cannot start A: %s", strerror(errno));
        return 1;
    }
    return 0;
}

static void stop_pid(pid_t *pid)
{
    if (*pid <= 0)
        return;
    kill(*pid, SIGTERM);
    kill(*pid, SIGCONT);
    int status;
    for (int i = 0; i < 500; i++) {
        if (waitpid(*pid, &status, WNOHANG) != 0) {
            *pid = 0;
            return;
        }
        usleep(10000);
    }
    kill(*pid, SIGKILL);
    waitpid(*pid, &status, 0);
    *pid = 0;
}

/* The services' messages, logged while the live view was to have the terminal. */
static void show_log(const struct lab *l)
{
    FILE *f = l->log[0] ? fopen(l->log, "r") : NULL;
    char line[512];
    while (f && fgets(line, sizeof line, f))
        fputs(line, stderr);
    if (f)
        fclose(f);
}

/* Wait until GET /metrics answers on port (the service is up). */
static int wait_http(struct lab *l, int port, pid_t *pid, const char *what)
{
    char url[64];
    snprintf(url, sizeof url, "http://127.0.0.1:%d/metrics", port);
    for (int i = 0; i < 300; i++) {
        if (l->o->cancel && *l->o->cancel) {
            set_err(l, "interrupted");
            return SIM_EINTR;
        }
        CURL *c = curl_easy_init();
        long code = 0;
        if (c) {
            curl_easy_setopt(c, CURLOPT_URL, url);
            curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, 1000L);
            curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
            curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, lab_curl_discard);
            if (curl_easy_perform(c) == CURLE_OK)
                curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &code);
            curl_easy_cleanup(c);
        }
        if (code == 200)
            return 0;
        int status;
        if (waitpid(*pid, &status, WNOHANG) == *pid) {
            *pid = 0;
            show_log(l);
            set_err(l, "%s exited at start (see its message above)", what);
            return 1;
        }
        usleep(50000);
    }
    set_err(l, "%s did not answer within 15 s", what);
    return 1;
}

/* ---- set-up of the broker and the database ---- */

static int setup_stores(struct lab *l)
{
    redisContext *r = lab_redis_connect_sync(l->redis_url, l->err, l->errlen);
    if (!r)
        return 1;
    const char *cmds[] = {"DEL " LAB_STREAM " " LAB_DLQ " " LAB_REDELIVERED,
                          "XGROUP CREATE " LAB_STREAM " " LAB_GROUP " 0 MKSTREAM"};
    for (size_t i = 0; i < 2; i++) {
        redisReply *rep = redisCommand(r, cmds[i]);
        int bad = !rep || rep->type == REDIS_REPLY_ERROR;
        if (bad)
            set_err(l, "Redis refused '%s': %s", cmds[i], rep ? rep->str : r->errstr);
        if (rep)
            freeReplyObject(rep);
        if (bad) {
            redisFree(r);
            return 1;
        }
    }
    redisFree(r);
    PGconn *pg = PQconnectdb(l->pg_url);
    if (PQstatus(pg) != CONNECTION_OK) {
        set_err(l, "cannot connect to PostgreSQL: %s", PQerrorMessage(pg));
        l->err[strcspn(l->err, "\n")] = 0;
        PQfinish(pg);
        return 1;
    }
    PGresult *res = PQexec(pg, "SET client_min_messages = warning;"
                               "DROP TABLE IF EXISTS lab_orders;"
                               "CREATE TABLE lab_orders (id int8 PRIMARY KEY, variant int2 "
                               "NOT NULL, sched_ns int8 NOT NULL, written_ns int8 NOT NULL, "
                               "dups int4 NOT NULL DEFAULT 0, writer text NOT NULL)");
    int ok = PQresultStatus(res) == PGRES_COMMAND_OK;
    if (!ok) {
        set_err(l, "cannot make the orders table: %s", PQerrorMessage(pg));
        l->err[strcspn(l->err, "\n")] = 0;
    }
    PQclear(res);
    PQfinish(pg);
    return ok ? 0 : 1;
}

/* ---- the load ---- */

struct send_ctx {
    struct lab *l;
    size_t id;
};

static void on_answer(void *ud, long status, int curl_err)
{
    struct send_ctx *c = ud;
    struct lab *l = c->l;
    struct lab_order *o = &l->rec.orders[c->id];
    free(c);
    if (curl_err == LAB_HTTP_ABORTED)
        return; /* the run ended first: the order stays without an answer */
    o->done = now_rel(l);
    o->outcome = status == 200 ? LAB_ANSWERED : status == 503 ? LAB_REJECTED : LAB_FAILED;
}

static void send_order(struct lab *l, size_t arrival, int var)
{
    size_t id = (size_t)LAB_ID(arrival, var);
    struct lab_order *o = &l->rec.orders[id];
    o->sched = l->arr[arrival];
    o->phase = l->arr_phase[arrival];
    o->var = (uint8_t)var;
    o->outcome = LAB_PENDING;
    int port = l->a_port[l->cfg->variants[var] == ORD_VARIANT_SYNC ? 0 : 1];
    char url[128];
    snprintf(url, sizeof url, "http://127.0.0.1:%d/orders?id=%zu&t=%lld", port, id,
             (long long)o->sched);
    struct send_ctx *c = malloc(sizeof *c);
    if (c)
        *c = (struct send_ctx){l, id};
    if (!c || lab_http_post(l->http, url, 0, on_answer, c)) {
        free(c);
        o->outcome = LAB_FAILED; /* could not even send it: the generator's failure */
        o->done = o->sched;
        return;
    }
    l->rep->sends++;
}

static void on_send_timer(uv_timer_t *t)
{
    struct lab *l = t->data;
    sim_time now = now_rel(l);
    /* at most a batch per callback: a generator that has fallen behind still lets the
     * loop answer, sample and see Ctrl-C between batches */
    int batch = 256;
    while (l->next_arr < l->narr && l->arr[l->next_arr] <= now && batch-- > 0) {
        sim_time late = now - l->arr[l->next_arr];
        if (late > LATE_NS)
            l->rep->late_sends++;
        if (late > l->rep->late_max)
            l->rep->late_max = late;
        for (int v = 0; v < l->cfg->nvariants; v++)
            send_order(l, l->next_arr, v);
        l->next_arr++;
    }
    if (l->o->cancel && *l->o->cancel)
        return;
    if (l->next_arr < l->narr) {
        sim_time wait = l->arr[l->next_arr] - now_rel(l);
        uv_update_time(&l->loop);
        /* at least 1 ms: re-armed at 0, this timer would run again in the same pass
         * of libuv's timers and starve the loop's I/O when the generator is behind */
        uv_timer_start(&l->send_timer, on_send_timer,
                       wait > SIM_MS ? (uint64_t)((wait + SIM_MS - 1) / SIM_MS) : 1, 0);
    }
}

/* ---- the backlog sampler ---- */

static const redisReply *info_field(const redisReply *g, const char *name)
{
    for (size_t i = 0; g->type == REDIS_REPLY_ARRAY && i + 1 < g->elements; i += 2)
        if (g->element[i]->type == REDIS_REPLY_STRING && strcmp(g->element[i]->str, name) == 0)
            return g->element[i + 1];
    return NULL;
}

static void add_sample(struct lab *l, sim_time at, int64_t backlog)
{
    if (l->rec.nsamples == l->samples_cap) {
        size_t cap = l->samples_cap ? 2 * l->samples_cap : 1024;
        struct lab_sample *s = realloc(l->rec.samples, cap * sizeof *s);
        if (!s)
            return;
        l->rec.samples = s;
        l->samples_cap = cap;
    }
    l->rec.samples[l->rec.nsamples++] = (struct lab_sample){at, backlog};
}

/* XINFO GROUPS: the group's lag is the number of messages never delivered. */
static void on_groups(redisAsyncContext *c, void *reply, void *ud)
{
    (void)c;
    struct lab *l = ud;
    redisReply *r = reply;
    l->sampling = 0;
    if (!r || r->type != REDIS_REPLY_ARRAY)
        return;
    for (size_t i = 0; i < r->elements; i++) {
        const redisReply *name = info_field(r->element[i], "name");
        const redisReply *lag = info_field(r->element[i], "lag");
        if (!name || name->type != REDIS_REPLY_STRING || strcmp(name->str, LAB_GROUP) != 0)
            continue;
        if (lag && lag->type == REDIS_REPLY_INTEGER)
            add_sample(l, now_rel(l), lag->integer);
    }
}

/* B's busy workers: GET /busy on B every tick, one sample per wiring. While B is down
 * none are busy; while it hangs it cannot answer, and the level stays what it was
 * (its workers are held, as in the model). */
static void add_busy(struct lab *l, sim_time at, int var, int64_t busy)
{
    if (var < 0)
        return;
    if (l->rec.nbusy == l->busy_cap) {
        size_t cap = l->busy_cap ? 2 * l->busy_cap : 1024;
        struct lab_busy *b = realloc(l->rec.busy, cap * sizeof *b);
        if (!b)
            return;
        l->rec.busy = b;
        l->busy_cap = cap;
    }
    l->rec.busy[l->rec.nbusy++] = (struct lab_busy){at, (uint8_t)var, busy};
}

static void on_busy(void *ud, long status, int curl_err)
{
    struct lab *l = ud;
    l->busy_asking = 0;
    if (curl_err == LAB_HTTP_ABORTED || status != 200 || l->b_down)
        return;
    sim_time at = now_rel(l);
    /* "sync 3\nasync 0\n" */
    for (const char *p = l->busy_body; *p; p += strcspn(p, "\n"), p += *p == '\n') {
        for (int k = 0; k < ORD_NVARIANT_KINDS; k++) {
            const char *name = ord_variant_name((enum ord_variant)k);
            size_t n = strlen(name);
            if (strncmp(p, name, n) == 0 && p[n] == ' ')
                add_busy(l, at, l->var_index[k], atoll(p + n + 1));
        }
    }
}

static void sample_busy(struct lab *l)
{
    if (l->b_down) {
        for (int k = 0; k < ORD_NVARIANT_KINDS; k++)
            add_busy(l, now_rel(l), l->var_index[k], 0);
        return;
    }
    if (l->busy_asking || l->b_hung || l->b_pid <= 0)
        return;
    char url[64];
    snprintf(url, sizeof url, "http://127.0.0.1:%d/busy", l->b_port);
    if (lab_http_get(l->http, url, 500, l->busy_body, sizeof l->busy_body, on_busy, l) == 0)
        l->busy_asking = 1;
}

/* ---- faults ---- */

static void control_b(struct lab *l, const char *key, double factor)
{
    char url[128];
    snprintf(url, sizeof url, "http://127.0.0.1:%d/control?%s=%g", l->b_port, key, factor);
    lab_http_post(l->http, url, 5000, lab_http_ignore, NULL);
}

static void apply_step(struct lab *l, const struct fault_step *s)
{
    int on = s->on == 1;
    switch (s->target) {
    case ORD_TARGET_B:
        if (s->on == -1 || s->kind == ORD_FAULT_DOWN) {
            if (on && !l->b_down && l->b_pid > 0) {
                kill(l->b_pid, SIGKILL);
                waitpid(l->b_pid, NULL, 0);
                l->b_pid = 0;
                l->b_down = 1;
                l->b_hung = 0;
            } else if (!on && l->b_down) {
                l->b_down = 0;
                if (start_b(l) == 0)
                    l->rep->b_restarts++;
            }
        }
        if (s->on == -1 || s->kind == ORD_FAULT_HANG) {
            if (on != l->b_hung && l->b_pid > 0) {
                kill(l->b_pid, on ? SIGSTOP : SIGCONT);
                l->b_hung = on;
            }
        }
        if (s->on == -1 || s->kind == ORD_FAULT_SLOW) {
            control_b(l, "b_slow", on ? s->factor : 1);
            l->b_slow = on;
        }
        break;
    case ORD_TARGET_DB:
        if (s->on == -1 || s->kind == ORD_FAULT_SLOW) {
            control_b(l, "db_slow", on ? s->factor : 1);
            l->db_slow = on;
        }
        /* down: PostgreSQL stopped (B's writes are refused); hang: paused */
        if ((s->on == -1 || s->kind == ORD_FAULT_DOWN) && on != l->db_down &&
            (on ? lab_servers_pg_stop(&l->servers) : lab_servers_pg_start(&l->servers)) == 0)
            l->db_down = on;
        if ((s->on == -1 || s->kind == ORD_FAULT_HANG) && on != l->db_hung &&
            lab_servers_pause_pg(&l->servers, on) == 0)
            l->db_hung = on;
        break;
    case ORD_TARGET_MQ: /* only DOWN: the broker paused */
        if (on != l->mq_down && lab_servers_pause_redis(&l->servers, on) == 0)
            l->mq_down = on;
        break;
    case ORD_TARGET_LOAD: /* spikes are in the arrivals already */
        break;
    }
}

static void on_fault_timer(uv_timer_t *t)
{
    struct lab *l = t->data;
    sim_time now = now_rel(l);
    while (l->next_step < l->nsteps && l->steps[l->next_step].at <= now)
        apply_step(l, &l->steps[l->next_step++]);
    if (l->next_step < l->nsteps) {
        sim_time wait = l->steps[l->next_step].at - now;
        uv_timer_start(&l->fault_timer, on_fault_timer, (uint64_t)(wait / SIM_MS), 0);
    }
}

static int cmp_step(const void *a, const void *b)
{
    const struct fault_step *x = a, *y = b;
    return x->at < y->at ? -1 : x->at > y->at;
}

static int plan_faults(struct lab *l)
{
    const struct ord_config *c = l->cfg;
    size_t cap = 2 * (c->nfaults + c->ncommands) + 1, n = 0;
    l->steps = calloc(cap, sizeof *l->steps);
    if (!l->steps)
        return 1;
    for (size_t i = 0; i < c->nfaults + c->ncommands; i++) {
        const struct ord_fault *f;
        sim_time at;
        if (i < c->nfaults) {
            f = &c->faults[i];
            at = f->at;
        } else {
            const struct ord_command *cmd = &c->commands[i - c->nfaults];
            f = &cmd->fault;
            at = cmd->at;
            if (cmd->kind == ORD_CMD_CLEAR) {
                l->steps[n++] = (struct fault_step){at, f->target, f->kind, -1, 1};
                continue;
            }
        }
        l->steps[n++] = (struct fault_step){at, f->target, f->kind, 1, f->factor};
        if (f->length != SIM_TIME_NEVER && at + f->length < l->end)
            l->steps[n++] = (struct fault_step){at + f->length, f->target, f->kind, 0, 1};
    }
    /* stable enough: a start and an end at one instant keep their order in qsort's
     * comparison only by time, so ends are placed after starts explicitly */
    qsort(l->steps, n, sizeof *l->steps, cmp_step);
    l->nsteps = n;
    return 0;
}

/* ---- the live view's calls (lab --live) ---- */

sim_time lab_now(const struct lab *l) { return now_rel(l); }

bool lab_done(const struct lab *l) { return l->done; }

/* Is a spike among faults[0..n) (or a command's) in force at t? */
static bool spike_at(const struct ord_fault *f, sim_time at, sim_time t)
{
    return f->target == ORD_TARGET_LOAD && f->kind == ORD_FAULT_SPIKE && at <= t &&
           (f->length == SIM_TIME_NEVER || t < at + f->length);
}

bool lab_fault_active(const struct lab *l, enum ord_target t, enum ord_fault_kind k)
{
    switch (t) {
    case ORD_TARGET_B:
        return k == ORD_FAULT_DOWN ? l->b_down : k == ORD_FAULT_HANG ? l->b_hung
                                             : k == ORD_FAULT_SLOW ? l->b_slow : false;
    case ORD_TARGET_DB:
        return k == ORD_FAULT_SLOW ? l->db_slow : k == ORD_FAULT_DOWN ? l->db_down
                                   : k == ORD_FAULT_HANG ? l->db_hung : false;
    case ORD_TARGET_MQ:
        return k == ORD_FAULT_DOWN && l->mq_down;
    case ORD_TARGET_LOAD: {
        if (k != ORD_FAULT_SPIKE)
            return false;
        sim_time now = now_rel(l);
        for (size_t i = 0; i < l->cfg->nfaults; i++)
            if (spike_at(&l->cfg->faults[i], l->cfg->faults[i].at, now))
                return true;
        for (size_t i = 0; i < l->cfg->ncommands; i++)
            if (l->cfg->commands[i].kind == ORD_CMD_FAULT &&
                spike_at(&l->cfg->commands[i].fault, l->cfg->commands[i].at, now))
                return true;
        for (size_t i = 0; i < l->ncmds; i++)
            if (l->cmds[i].kind == ORD_CMD_FAULT && spike_at(&l->cmds[i].fault, l->cmds[i].at, now))
                return true;
        return false;
    }
    }
    return false;
}

const struct ord_command *lab_commands(const struct lab *l, size_t *n)
{
    *n = l->ncmds;
    return l->cmds;
}

/* The scenario with the commands given so far merged into its own, by time (the
 * scenario's first at equal times, as the model applies them). NULL: out of memory. */
static struct ord_config *played_config(const struct lab *l)
{
    struct ord_config *c = calloc(1, sizeof *c);
    size_t n = l->cfg->ncommands + l->ncmds;
    struct ord_command *m = malloc((n ? n : 1) * sizeof *m);
    if (!c || !m || ord_config_copy(c, l->cfg)) {
        free(c);
        free(m);
        return NULL;
    }
    size_t i = 0, j = 0, k = 0;
    while (i < l->cfg->ncommands || j < l->ncmds) {
        bool own = j >= l->ncmds || (i < l->cfg->ncommands && l->cfg->commands[i].at <= l->cmds[j].at);
        m[k++] = own ? l->cfg->commands[i++] : l->cmds[j++];
    }
    free(c->commands);
    c->commands = m;
    c->ncommands = n;
    return c;
}

/* A spike given live: the arrivals from `cut` on are drawn again by the model with the
 * commands so far (the same stream before cut, the spike after it), so that the lab
 * sends what `run` of the recorded scenario would. */
static int redraw_arrivals(struct lab *l, sim_time cut)
{
    struct ord_config *c = played_config(l);
    if (!c)
        return SIM_ENOMEM;
    sim_time *old = l->arr;
    uint32_t *old_phase = l->arr_phase;
    size_t nold = l->narr, old_cap = l->arr_cap;
    l->arr = NULL;
    l->arr_phase = NULL;
    l->narr = l->arr_cap = 0;
    const struct ord_config *keep = l->cfg;
    l->cfg = c;
    int rc = draw_arrivals(l) ? SIM_ENOMEM : 0;
    l->cfg = keep;
    ord_config_free(c);
    free(c);
    /* what stays: the old arrivals before cut (and every one sent already) */
    size_t j = l->next_arr;
    while (j < nold && old[j] < cut)
        j++;
    size_t k = 0;
    while (rc == 0 && k < l->narr && (l->arr[k] < cut || (j > 0 && l->arr[k] <= old[j - 1])))
        k++;
    size_t n = j + (rc ? 0 : l->narr - k);
    /* the orders' record never shrinks (a "spike" below the rate in force draws fewer) */
    size_t norders = n * ORD_MAX_VARIANTS > l->rec.norders ? n * ORD_MAX_VARIANTS : l->rec.norders;
    sim_time *a = rc ? NULL : malloc((n ? n : 1) * sizeof *a);
    uint32_t *p = a ? malloc((n ? n : 1) * sizeof *p) : NULL;
    struct lab_order *o = p ? realloc(l->rec.orders, (norders ? norders : 1) * sizeof *o) : NULL;
    uint8_t *seen = o ? realloc(l->seen, norders ? norders : 1) : NULL;
    if (o)
        l->rec.orders = o;
    if (seen)
        l->seen = seen;
    if (!seen) { /* keep the old arrivals: the spike is not played */
        free(a);
        free(p);
        free(l->arr);
        free(l->arr_phase);
        l->arr = old;
        l->arr_phase = old_phase;
        l->narr = nold;
        l->arr_cap = old_cap;
        return SIM_ENOMEM;
    }
    memcpy(a, old, j * sizeof *a);
    memcpy(p, old_phase, j * sizeof *p);
    memcpy(a + j, l->arr + k, (n - j) * sizeof *a);
    memcpy(p + j, l->arr_phase + k, (n - j) * sizeof *p);
    for (size_t i = l->rec.norders; i < norders; i++) {
        l->rec.orders[i] = (struct lab_order){.sched = -1};
        l->seen[i] = 0;
    }
    l->rec.norders = norders;
    free(old);
    free(old_phase);
    free(l->arr);
    free(l->arr_phase);
    l->arr = a;
    l->arr_phase = p;
    l->narr = l->arr_cap = n;
    /* the send timer waits for the old next arrival: send from the new one */
    uv_timer_stop(&l->send_timer);
    on_send_timer(&l->send_timer);
    return 0;
}

int lab_command(struct lab *l, const struct ord_command *cmd)
{
    if (l->done || l->quit)
        return 0;
    const struct ord_fault *f = &cmd->fault;
    bool ok = cmd->kind == ORD_CMD_CLEAR
                  ? f->target != ORD_TARGET_LOAD
                  : (f->target == ORD_TARGET_B && f->kind != ORD_FAULT_CRASH) ||
                        (f->target == ORD_TARGET_LOAD && f->kind == ORD_FAULT_SPIKE) ||
                        f->target == ORD_TARGET_DB ||
                        (f->target == ORD_TARGET_MQ && f->kind == ORD_FAULT_DOWN);
    /* the broker and the database are paused or stopped only when they are ours */
    bool needs_own = cmd->kind == ORD_CMD_FAULT &&
                     (f->target == ORD_TARGET_MQ ||
                      (f->target == ORD_TARGET_DB && f->kind != ORD_FAULT_SLOW));
    if (!ok || (needs_own && l->o->redis_url))
        return SIM_EINVAL;
    if (l->ncmds == l->cmds_cap) {
        size_t cap = l->cmds_cap ? 2 * l->cmds_cap : 16;
        struct ord_command *c = realloc(l->cmds, cap * sizeof *c);
        if (!c)
            return SIM_ENOMEM;
        l->cmds = c;
        l->cmds_cap = cap;
    }
    struct ord_command c = *cmd;
    c.at = c.fault.at = now_rel(l);
    l->cmds[l->ncmds++] = c;
    if (f->target == ORD_TARGET_LOAD) {
        int rc = redraw_arrivals(l, c.at);
        if (rc)
            l->ncmds--;
        return rc;
    }
    struct fault_step step = {c.at, f->target, f->kind, cmd->kind == ORD_CMD_CLEAR ? -1 : 1,
                              f->factor};
    apply_step(l, &step);
    return 0;
}

static void on_live_row(void *ud, int64_t id, int64_t written_ns, int32_t dups)
{
    struct lab *l = ud;
    if (written_ns - 2 * SIM_S > l->rows_since)
        l->rows_since = written_ns - 2 * SIM_S; /* a later commit of an earlier stamp */
    if (id < 0 || (uint64_t)id >= l->rec.norders || l->seen[id])
        return;
    if (l->rec.nrows == l->rows_cap) {
        size_t cap = l->rows_cap ? 2 * l->rows_cap : 4096;
        struct lab_row *r = realloc(l->rec.rows, cap * sizeof *r);
        if (!r)
            return; /* read again next time */
        l->rec.rows = r;
        l->rows_cap = cap;
    }
    l->seen[id] = 1;
    l->rec.rows[l->rec.nrows++] = (struct lab_row){id, written_ns - l->t0_real, dups};
}

static void on_live_rows_done(void *ud) { ((struct lab *)ud)->reading = 0; }

static void read_rows_live(struct lab *l)
{
    if (!l->reading && l->reader &&
        lab_pg_read_since(l->reader, l->rows_since, on_live_row, on_live_rows_done, l) == 0)
        l->reading = 1;
}

int lab_snapshot(struct lab *l, struct lab_run *out)
{
    memset(out, 0, sizeof *out);
    sim_time upto = now_rel(l) - SIM_S / 2;
    return lab_build_result_upto(out, l->cfg, &l->rec, l->end, upto < 0 ? 0 : upto);
}

void lab_quit(struct lab *l)
{
    l->quit = 1;
    uv_stop(&l->loop);
}

/* ---- the run's loop ---- */

static void read_rows_live(struct lab *l);

static void on_tick(uv_timer_t *t)
{
    struct lab *l = t->data;
    sim_time now = now_rel(l);
    if ((l->o->cancel && *l->o->cancel) || l->quit || (now >= l->end && !l->o->live)) {
        l->stopping = 1;
        uv_stop(&l->loop);
        return;
    }
    ++l->ticks;
    if (l->o->live && l->ticks % 3 == 0)
        read_rows_live(l);
    if (now >= l->end) { /* live: the view shows the run done until it quits */
        l->done = 1;
        return;
    }
    if (l->redis && !l->sampling && l->var_index[ORD_VARIANT_ASYNC] >= 0) {
        l->sampling = 1;
        redisAsyncCommand(l->redis, on_groups, l, "XINFO GROUPS %s", LAB_STREAM);
    }
    sample_busy(l);
    if (l->ticks % 10 == 0 && !l->o->quiet && !l->o->live && isatty(STDERR_FILENO)) {
        int64_t backlog = l->rec.nsamples ? l->rec.samples[l->rec.nsamples - 1].backlog : 0;
        fprintf(stderr, "\rlab: %3.0f s of %.0f s, %llu requests sent, backlog %lld   ",
                (double)now / 1e9, (double)l->end / 1e9, (unsigned long long)l->rep->sends,
                (long long)backlog);
        fflush(stderr);
    }
}

static int run_loop(struct lab *l)
{
    if (uv_loop_init(&l->loop)) {
        set_err(l, "cannot make an event loop");
        return 1;
    }
    int rc = 0;
    l->http = lab_http_client_new(&l->loop);
    if (!l->http) {
        set_err(l, "cannot make an HTTP client");
        rc = 1;
    }
    if (rc == 0 && l->var_index[ORD_VARIANT_ASYNC] >= 0) {
        l->redis = lab_redis_connect(&l->loop, l->redis_url, l->err, l->errlen);
        rc = l->redis ? 0 : 1;
    }
    if (rc == 0 && l->o->live) {
        l->reader = lab_pg_reader_new(&l->loop, l->pg_url, l->err, l->errlen);
        rc = l->reader ? 0 : 1;
    }
    uv_timer_init(&l->loop, &l->send_timer);
    uv_timer_init(&l->loop, &l->tick_timer);
    uv_timer_init(&l->loop, &l->fault_timer);
    l->send_timer.data = l->tick_timer.data = l->fault_timer.data = l;
    int view = 0;
    if (rc == 0) {
        l->t0_mono = lab_now_ns();
        l->t0_real = lab_realtime_ns();
        l->rows_since = l->t0_real;
    }
    if (rc == 0 && l->o->live) {
        rc = l->o->live->start(l->o->live->ud, l, &l->loop, l->err, l->errlen) ? 1 : 0;
        view = 1; /* stopped also when it failed: it may have opened some */
    }
    if (rc == 0) {
        uv_update_time(&l->loop);
        on_send_timer(&l->send_timer);
        uv_timer_start(&l->tick_timer, on_tick, 100, 100);
        on_fault_timer(&l->fault_timer);
        uv_run(&l->loop, UV_RUN_DEFAULT);
        if (!l->o->quiet && !l->o->live && isatty(STDERR_FILENO))
            fprintf(stderr, "\r%70s\r", "");
        if (l->o->cancel && *l->o->cancel) {
            set_err(l, "interrupted");
            rc = SIM_EINTR;
        }
        l->rep->wall_s = (double)now_rel(l) / 1e9;
        if (l->quit && !l->done)
            l->quit_at = now_rel(l);
    }
    if (view)
        l->o->live->stop(l->o->live->ud);
    lab_pg_reader_free(l->reader);
    l->reader = NULL;
    if (l->mq_down)
        lab_servers_pause_redis(&l->servers, 0);
    if (l->db_hung)
        lab_servers_pause_pg(&l->servers, 0);
    l->db_hung = 0;
    lab_http_client_free(l->http);
    l->http = NULL;
    if (l->redis)
        redisAsyncFree(l->redis);
    l->redis = NULL;
    uv_close((uv_handle_t *)&l->send_timer, NULL);
    uv_close((uv_handle_t *)&l->tick_timer, NULL);
    uv_close((uv_handle_t *)&l->fault_timer, NULL);
    uv_run(&l->loop, UV_RUN_DEFAULT);
    uv_loop_close(&l->loop);
    return rc;
}

/* ---- read-back ---- */

static int read_rows(struct lab *l)
{
    PGconn *pg = PQconnectdb(l->pg_url);
    PGresult *res = NULL;
    int ok = PQstatus(pg) == CONNECTION_OK;
    if (ok) {
        res = PQexec(pg, "SELECT id, written_ns, dups FROM lab_orders");
        ok = PQresultStatus(res) == PGRES_TUPLES_OK;
    }
    if (!ok) {
        set_err(l, "cannot read the orders back: %s", PQerrorMessage(pg));
        l->err[strcspn(l->err, "\n")] = 0;
        PQclear(res);
        PQfinish(pg);
        return 1;
    }
    size_t n = (size_t)PQntuples(res);
    free(l->rec.rows); /* what the live view read: the whole table is read now */
    l->rec.rows = calloc(n ? n : 1, sizeof *l->rec.rows);
    if (!l->rec.rows) {
        set_err(l, "out of memory");
        ok = 0;
    }
    for (size_t i = 0; ok && i < n; i++) {
        struct lab_row *r = &l->rec.rows[i];
        r->id = atoll(PQgetvalue(res, (int)i, 0));
        r->written = atoll(PQgetvalue(res, (int)i, 1)) - l->t0_real;
        r->dups = atoi(PQgetvalue(res, (int)i, 2));
    }
    l->rec.nrows = ok ? n : 0;
    PQclear(res);
    PQfinish(pg);
    return ok ? 0 : 1;
}

/* XRANGE of a stream: each entry's time (its id's milliseconds) and "id" field. */
static int read_marks(struct lab *l, redisContext *r, const char *stream, struct lab_mark **out,
                      size_t *nout)
{
    redisReply *rep = redisCommand(r, "XRANGE %s - +", stream);
    if (!rep || rep->type != REDIS_REPLY_ARRAY) {
        set_err(l, "cannot read %s back: %s", stream, rep ? rep->str : r->errstr);
        if (rep)
            freeReplyObject(rep);
        return 1;
    }
    *out = calloc(rep->elements ? rep->elements : 1, sizeof **out);
    if (!*out) {
        freeReplyObject(rep);
        set_err(l, "out of memory");
        return 1;
    }
    size_t n = 0;
    for (size_t i = 0; i < rep->elements; i++) {
        const redisReply *e = rep->element[i];
        if (e->type != REDIS_REPLY_ARRAY || e->elements != 2)
            continue;
        const redisReply *id = info_field(e->element[1], "id");
        long long ms = atoll(e->element[0]->str);
        (*out)[n].at = (sim_time)ms * SIM_MS - l->t0_real;
        (*out)[n].id = id && id->type == REDIS_REPLY_STRING ? atoll(id->str) : -1;
        n++;
    }
    *nout = n;
    freeReplyObject(rep);
    return 0;
}

/* Rows per B process, the most first (the report's "written by"). */
static int read_writers(struct lab *l)
{
    PGconn *pg = PQconnectdb(l->pg_url);
    PGresult *res = NULL;
    int ok = PQstatus(pg) == CONNECTION_OK;
    if (ok) {
        res = PQexec(pg, "SELECT writer, count(*) FROM lab_orders GROUP BY writer "
                         "ORDER BY count(*) DESC, writer LIMIT 8");
        ok = PQresultStatus(res) == PGRES_TUPLES_OK;
    }
    for (int i = 0; ok && i < PQntuples(res); i++) {
        snprintf(l->rep->writers[i].name, sizeof l->rep->writers[i].name, "%s",
                 PQgetvalue(res, i, 0));
        l->rep->writers[i].rows = (uint64_t)atoll(PQgetvalue(res, i, 1));
        l->rep->nwriters = i + 1;
    }
    if (!ok) {
        set_err(l, "cannot read the orders back: %s", PQerrorMessage(pg));
        l->err[strcspn(l->err, "\n")] = 0;
    }
    PQclear(res);
    PQfinish(pg);
    return ok ? 0 : 1;
}

static int read_back(struct lab *l)
{
    if (read_rows(l) || read_writers(l))
        return 1;
    redisContext *r = lab_redis_connect_sync(l->redis_url, l->err, l->errlen);
    if (!r)
        return 1;
    int rc = read_marks(l, r, LAB_DLQ, &l->rec.dlq, &l->rec.ndlq) ||
             read_marks(l, r, LAB_REDELIVERED, &l->rec.redelivered, &l->rec.nredelivered);
    redisFree(r);
    return rc;
}

/* ---- the whole run ---- */

const char *lab_unsupported(const struct ord_config *cfg)
{
    static char why[160];
    for (size_t i = 0; i < cfg->nfaults + cfg->ncommands; i++) {
        const struct ord_fault *f =
            i < cfg->nfaults ? &cfg->faults[i] : &cfg->commands[i - cfg->nfaults].fault;
        if (i >= cfg->nfaults && cfg->commands[i - cfg->nfaults].kind == ORD_CMD_JOIN)
            return "the lab runs one B: it cannot play a join command";
        if (i >= cfg->nfaults && cfg->commands[i - cfg->nfaults].kind == ORD_CMD_CLEAR)
            continue;
        int ok = (f->target == ORD_TARGET_B && f->kind != ORD_FAULT_CRASH) ||
                 f->target == ORD_TARGET_LOAD || f->target == ORD_TARGET_DB ||
                 (f->target == ORD_TARGET_MQ && f->kind == ORD_FAULT_DOWN);
        if (!ok) {
            snprintf(why, sizeof why,
                     "the lab cannot play a '%s' fault on '%s' (it plays b down/hang/slow, "
                     "database down/hang/slow, mq down and load spikes)",
                     ord_fault_kind_name(f->kind), ord_target_name(f->target));
            return why;
        }
    }
    if (ord_config_nservices(cfg) > 1 || ord_config_ndatabases(cfg) > 1)
        return "the lab runs one B and one database (this scenario has more)";
    if (cfg->load.arrivals == ORD_ARRIVALS_TIMES && cfg->load.ntimes > 2000000)
        return "the trace has more than 2 000 000 arrivals";
    return NULL;
}

static void cpu_now(double *self, double *children)
{
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    *self = (double)ru.ru_utime.tv_sec + (double)ru.ru_stime.tv_sec +
            (double)(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e6;
    getrusage(RUSAGE_CHILDREN, &ru);
    *children = (double)ru.ru_utime.tv_sec + (double)ru.ru_stime.tv_sec +
                (double)(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e6;
}

static int write_scenario(struct lab *l)
{
    const char *tmp = getenv("TMPDIR");
    if (!tmp || !*tmp || strlen(tmp) > 60)
        tmp = "/tmp";
    snprintf(l->workdir, sizeof l->workdir, "%s/ordersim-lab-run-XXXXXX", tmp);
    if (!mkdtemp(l->workdir)) {
        set_err(l, "cannot make a directory in %s: %s", tmp, strerror(errno));
        l->workdir[0] = 0;
        return 1;
    }
    snprintf(l->scenario, sizeof l->scenario, "%.90s/scenario.yaml", l->workdir);
    if (l->o->live)
        snprintf(l->log, sizeof l->log, "%.90s/services.log", l->workdir);
    FILE *f = fopen(l->scenario, "w");
    int bad = !f || ord_scenario_write(l->cfg, f) != 0;
    if (f && fclose(f))
        bad = 1;
    if (bad)
        set_err(l, "cannot write %s", l->scenario);
    return bad;
}

static void cleanup(struct lab *l)
{
    stop_pid(&l->a_pid);
    stop_pid(&l->b_pid);
    lab_servers_stop(&l->servers);
    if (l->workdir[0]) {
        if (l->log[0])
            unlink(l->log);
        l->log[0] = 0;
        unlink(l->scenario);
        rmdir(l->workdir);
        l->workdir[0] = 0;
    }
    free(l->arr);
    free(l->arr_phase);
    free(l->steps);
    free(l->rec.orders);
    free(l->rec.rows);
    free(l->rec.dlq);
    free(l->rec.redelivered);
    free(l->rec.samples);
    free(l->rec.busy);
    free(l->cmds);
    free(l->seen);
}

static int prepare(struct lab *l)
{
    if (draw_arrivals(l) || write_scenario(l) || plan_faults(l))
        return 1;
    size_t n = l->narr * ORD_MAX_VARIANTS;
    l->rec.orders = malloc((n ? n : 1) * sizeof *l->rec.orders);
    if (!l->rec.orders) {
        set_err(l, "out of memory");
        return 1;
    }
    for (size_t i = 0; i < n; i++)
        l->rec.orders[i] = (struct lab_order){.sched = -1};
    l->rec.norders = n;
    if (l->o->live && !(l->seen = calloc(n ? n : 1, 1))) {
        set_err(l, "out of memory");
        return 1;
    }
    if (!l->o->redis_url || !l->o->pg_url) {
        int rc = lab_servers_start(&l->servers, 2 * l->cfg->db.connections + 20, l->o->cancel,
                                   l->err, l->errlen);
        if (rc)
            return rc == SIM_EINTR ? SIM_EINTR : 1;
        l->redis_url = l->servers.redis_url;
        l->pg_url = l->servers.pg_url;
    }
    if (setup_stores(l) || start_b(l) || start_a(l))
        return 1;
    int rc = wait_http(l, l->b_port, &l->b_pid, "B");
    if (rc == 0)
        rc = wait_http(l, l->a_port[0], &l->a_pid, "A");
    if (rc == 0 && !l->o->quiet)
        fprintf(stderr,
                "lab: A on http://127.0.0.1:%d (sync) and http://127.0.0.1:%d (async), B on "
                "http://127.0.0.1:%d; Prometheus metrics at /metrics on each\n",
                l->a_port[0], l->a_port[1], l->b_port);
    return rc;
}

int lab_run(struct lab_run *out, const struct ord_config *cfg, const struct lab_opts *o,
            char *err, size_t errlen)
{
    memset(out, 0, sizeof *out);
    struct lab *l = calloc(1, sizeof *l);
    if (!l) {
        snprintf(err, errlen, "out of memory");
        return 1;
    }
    l->cfg = cfg;
    l->o = o;
    l->err = err;
    l->errlen = errlen;
    l->rep = &out->report;
    l->redis_url = o->redis_url;
    l->pg_url = o->pg_url;
    l->end = cfg->duration + cfg->drain;
    for (int k = 0; k < ORD_NVARIANT_KINDS; k++)
        l->var_index[k] = -1;
    for (int i = 0; i < cfg->nvariants; i++)
        l->var_index[cfg->variants[i]] = i;
    const char *why = lab_unsupported(cfg);
    int rc = 0;
    if (why) {
        snprintf(err, errlen, "%s", why);
        rc = 2;
    }
    for (size_t i = 0; rc == 0 && o->redis_url && i < cfg->nfaults + cfg->ncommands; i++) {
        const struct ord_fault *f =
            i < cfg->nfaults ? &cfg->faults[i] : &cfg->commands[i - cfg->nfaults].fault;
        if (f->target == ORD_TARGET_MQ) {
            snprintf(err, errlen, "the lab pauses the broker (mq down) only when it runs its "
                                  "own redis-server (no --redis)");
            rc = 2;
        }
        if (f->target == ORD_TARGET_DB && f->kind != ORD_FAULT_SLOW) {
            snprintf(err, errlen, "the lab stops or pauses the database (database %s) only "
                                  "when it runs its own PostgreSQL (no --postgres)",
                     ord_fault_kind_name(f->kind));
            rc = 2;
        }
    }
    double self0 = 0, child0 = 0;
    if (rc == 0)
        rc = prepare(l);
    if (rc == 0) {
        cpu_now(&self0, &child0);
        rc = run_loop(l);
    }
    if (rc == 0 && l->db_down) { /* the database comes back for the read-back */
        rc = lab_servers_pg_start(&l->servers) ? 1 : 0;
        l->db_down = 0;
        if (rc)
            set_err(l, "cannot start PostgreSQL again: %s", strerror(errno));
        else if ((rc = lab_servers_pg_wait(&l->servers, o->cancel, err, errlen)) != 0)
            rc = rc == SIM_EINTR ? SIM_EINTR : 1;
    }
    if (rc == 0)
        rc = read_back(l);
    stop_pid(&l->a_pid);
    stop_pid(&l->b_pid);
    lab_servers_stop(&l->servers);
    if (rc == 0) {
        double self1, child1;
        cpu_now(&self1, &child1);
        out->report.cpu_s = (self1 - self0) + (child1 - child0);
        /* keys pressed live join the scenario's commands: the JSON lists them */
        struct ord_config *played = l->ncmds ? played_config(l) : NULL;
        sim_time end = l->quit_at > 0 ? l->quit_at : l->end;
        rc = l->ncmds && !played ? 1
                                 : lab_build_result_upto(out, played ? played : cfg, &l->rec,
                                                         end, end) ? 1 : 0;
        if (rc) {
            snprintf(err, errlen, "out of memory");
            if (played) {
                ord_config_free(played);
                free(played);
            }
        } else {
            out->played = played;
        }
    }
    cleanup(l);
    free(l);
    return rc == SIM_EINTR ? 130 : rc;
}
