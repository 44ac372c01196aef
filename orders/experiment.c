/* orders/experiment.c: worker threads over independent runs. */
#include "orders/experiment.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "sim/error.h"

static double fig_lat_p50(const struct ord_summary *s) { return sim_time_to_ms(s->latency.p50); }
static double fig_lat_p99(const struct ord_summary *s) { return sim_time_to_ms(s->latency.p99); }
static double fig_lat_mean(const struct ord_summary *s)
{
    return sim_time_to_ms(s->latency.mean);
}
static double fig_lag_p99(const struct ord_summary *s) { return sim_time_to_ms(s->lag.p99); }
static double fig_completed(const struct ord_summary *s) { return s->completed_per_s; }
static double fig_goodput(const struct ord_summary *s) { return s->completed_load_per_s; }
static double fig_rejected(const struct ord_summary *s) { return (double)s->totals.rejected; }
static double fig_failed(const struct ord_summary *s) { return (double)s->totals.failed; }
static double fig_backlog(const struct ord_summary *s) { return (double)s->backlog_max; }
static double fig_db(const struct ord_summary *s) { return s->db_qps_max; }
static double fig_drained(const struct ord_summary *s)
{
    if (s->backlog_max <= 0)
        return 0;
    return s->drained_at == SIM_TIME_NEVER ? -1 : sim_time_to_s(s->drained_at);
}

const struct ord_figure_def ord_figures[] = {
    {"latency_p50_ms", "latency p50", "ms", fig_lat_p50},
    {"latency_p99_ms", "latency p99", "ms", fig_lat_p99},
    {"latency_mean_ms", "latency mean", "ms", fig_lat_mean},
    {"lag_p99_ms", "completion lag p99", "ms", fig_lag_p99},
    {"completed_run_average_per_s", "completed, whole-run average (with drain)", "/s",
     fig_completed},
    {"completed_load_per_s", "throughput (completed while load runs)", "/s", fig_goodput},
    {"rejected", "rejected", "orders", fig_rejected},
    {"failed", "failed", "orders", fig_failed},
    {"backlog_max", "backlog max", "messages", fig_backlog},
    {"drained_at_s", "drained at (-1 never)", "s", fig_drained},
    {"db_qps_max", "DB max", "/s", fig_db},
};
const int ord_nfigures = (int)(sizeof ord_figures / sizeof ord_figures[0]);

int ord_figure_find(const char *name)
{
    for (int i = 0; i < ord_nfigures; i++)
        if (strcmp(ord_figures[i].name, name) == 0)
            return i;
    return -1;
}

struct pool {
    struct ord_job *jobs;
    size_t njobs;
    atomic_size_t next, done;
    volatile sig_atomic_t *cancel;
};

static void job_failed(struct ord_job *j, const struct ord_run *run, int rc)
{
    j->status = rc;
    snprintf(j->error, sizeof j->error, "%s", ord_run_strerror(run, rc));
}

static double svc_completed(const struct ord_service_result *s, const struct ord_config *c)
{
    (void)c;
    return (double)s->completed;
}
static double svc_failed(const struct ord_service_result *s, const struct ord_config *c)
{
    (void)c;
    return (double)s->failed;
}
static double svc_lag_p99(const struct ord_service_result *s, const struct ord_config *c)
{
    (void)c;
    struct ord_latency_figures f;
    ord_latency_figures_of(ord_service_lag_of(s), &f);
    return sim_time_to_ms(f.p99);
}
static double svc_backlog_max(const struct ord_service_result *s, const struct ord_config *c)
{
    (void)c;
    return (double)s->backlog_max;
}
/* Its backlog as the load ends (the gauge at the end of the last interval of load): what
 * is still waiting for it then. */
static double svc_backlog_end(const struct ord_service_result *s, const struct ord_config *c)
{
    size_t b = (size_t)(c->duration / c->interval);
    if (b == 0 || b - 1 >= sim_series_closed(&s->series))
        return 0;
    return (double)sim_series_get(&s->series, b - 1, ORD_SC_BACKLOG);
}
static double svc_drained(const struct ord_service_result *s, const struct ord_config *c)
{
    (void)c;
    if (s->backlog_max <= 0)
        return 0;
    return s->drained_at == SIM_TIME_NEVER ? -1 : sim_time_to_s(s->drained_at);
}

const struct ord_svc_figure_def ord_svc_figures[] = {
    {"completed", "written by it", "orders", svc_completed},
    {"failed", "failed for it", "orders", svc_failed},
    {"lag_p99_ms", "completion lag p99", "ms", svc_lag_p99},
    {"backlog_max", "backlog max", "messages", svc_backlog_max},
    {"backlog_at_load_end", "backlog as the load ends", "messages", svc_backlog_end},
    {"drained_at_s", "drained at (-1 never)", "s", svc_drained},
    {"db_qps_max", "DB max", "/s", ord_service_db_qps_max},
};
const int ord_nsvc_figures = (int)(sizeof ord_svc_figures / sizeof ord_svc_figures[0]);
_Static_assert(sizeof ord_svc_figures / sizeof ord_svc_figures[0] <= ORD_MAX_SVC_FIGURES,
               "ord_job.svc holds every service figure");

int ord_svc_figure_find(const char *name)
{
    for (int i = 0; i < ord_nsvc_figures; i++)
        if (strcmp(ord_svc_figures[i].name, name) == 0)
            return i;
    return -1;
}

/* Events between two looks at the cancel flag: about a millisecond of work. */
#define EVENTS_PER_CHECK 20000

static void run_job(struct ord_job *j, volatile sig_atomic_t *cancel)
{
    struct ord_run *run = malloc(sizeof *run);
    if (!run) {
        job_failed(j, NULL, SIM_ENOMEM);
        return;
    }
    int rc = ord_run_init(run, &j->cfg);
    if (rc) {
        free(run);
        job_failed(j, NULL, rc);
        return;
    }
    /* In slices, so that a cancelled sweep abandons the runs in flight at once. */
    while (rc == 0 && !ord_run_done(run)) {
        if (cancel && *cancel) {
            rc = SIM_EINTR;
            break;
        }
        rc = ord_run_advance_bounded(run, SIM_TIME_NEVER, EVENTS_PER_CHECK);
    }
    if (rc == 0)
        rc = ord_run_finish(run);
    if (rc == 0) {
        const struct ord_result *r = ord_run_result(run);
        j->nvariants = r->nvariants;
        for (int v = 0; v < r->nvariants; v++) {
            j->kinds[v] = r->v[v].kind;
            ord_summarize(&r->v[v], &j->cfg, &j->sum[v]);
        }
        j->nservices = r->nvariants && r->v[0].nservices >= 2 ? (int)r->v[0].nservices : 0;
        for (int v = 0; v < r->nvariants; v++)
            for (int k = 0; k < j->nservices; k++)
                for (int f = 0; f < ord_nsvc_figures; f++)
                    j->svc[v][k][f] = ord_svc_figures[f].get(&r->v[v].services[k], &j->cfg);
    }
    if (rc)
        job_failed(j, run, rc);
    else
        j->status = 0;
    ord_run_close(run);
    free(run);
}

static void *worker(void *arg)
{
    struct pool *p = arg;
    for (;;) {
        if (p->cancel && *p->cancel)
            break;
        size_t i = atomic_fetch_add(&p->next, 1);
        if (i >= p->njobs)
            break;
        run_job(&p->jobs[i], p->cancel);
        atomic_fetch_add(&p->done, 1);
    }
    return NULL;
}

int ord_experiment_run(struct ord_job *jobs, size_t njobs, int threads,
                       volatile sig_atomic_t *cancel, ord_progress_fn progress, void *ud)
{
    struct pool p = {.jobs = jobs, .njobs = njobs, .cancel = cancel};
    atomic_init(&p.next, 0);
    atomic_init(&p.done, 0);
    for (size_t i = 0; i < njobs; i++) {
        jobs[i].status = SIM_EINTR; /* until run */
        snprintf(jobs[i].error, sizeof jobs[i].error, "%s", sim_strerror(SIM_EINTR));
    }
    if (threads < 1)
        threads = 1;
    if ((size_t)threads > njobs)
        threads = njobs > 0 ? (int)njobs : 1;
    pthread_t tid[threads];
    int started = 0;
    for (int t = 0; t < threads; t++) {
        if (pthread_create(&tid[t], NULL, worker, &p) != 0)
            break;
        started++;
    }
    if (started == 0)
        worker(&p); /* no thread could be made: do the work here */
    /* The main thread only reports progress until the workers are done. */
    while (started > 0 && atomic_load(&p.done) < njobs && !(cancel && *cancel)) {
        if (progress)
            progress(atomic_load(&p.done), njobs, ud);
        struct timespec ts = {0, 50 * 1000 * 1000};
        nanosleep(&ts, NULL);
    }
    for (int t = 0; t < started; t++)
        pthread_join(tid[t], NULL);
    if (progress)
        progress(atomic_load(&p.done), njobs, ud);
    if (cancel && *cancel)
        return SIM_EINTR;
    for (size_t i = 0; i < njobs; i++)
        if (jobs[i].status)
            return jobs[i].status;
    return 0;
}

const char *ord_experiment_error(const struct ord_job *jobs, size_t njobs)
{
    for (size_t i = 0; i < njobs; i++)
        if (jobs[i].status)
            return jobs[i].error;
    return "";
}
