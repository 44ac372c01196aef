/* orders/experiment.h: many runs at once (replications, sweeps) on worker threads.
 *
 * Each job is one complete run of its own config (one engine per run, nothing
 * shared), so results do not depend on the number of threads or on scheduling:
 * job i always writes only jobs[i]. */
#ifndef ORD_EXPERIMENT_H
#define ORD_EXPERIMENT_H

#include <signal.h>
#include <stddef.h>

#include "orders/model.h"

/* The figures a sweep or a replicated run reports: one table drives the sweep CSV,
 * JSON, the replicated summary and the sweep chart's choices. */
struct ord_figure_def {
    const char *name;  /* "latency_p50_ms" */
    const char *label; /* "latency p50" */
    const char *unit;  /* "ms", "/s", "orders", "messages", "s" */
    double (*get)(const struct ord_summary *s);
};
extern const struct ord_figure_def ord_figures[];
extern const int ord_nfigures;
/* Index of the figure called name, or -1. */
int ord_figure_find(const char *name);

/* Each service's figures (scenarios with two services or more), one table like
 * ord_figures; a sweep's files name them "<service>_<name>" ("points_lag_p99_ms"). */
struct ord_svc_figure_def {
    const char *name;  /* "lag_p99_ms" */
    const char *label; /* "completion lag p99" */
    const char *unit;
    double (*get)(const struct ord_service_result *s, const struct ord_config *c);
};
#define ORD_MAX_SVC_FIGURES 8
extern const struct ord_svc_figure_def ord_svc_figures[];
extern const int ord_nsvc_figures;
int ord_svc_figure_find(const char *name);

struct ord_job {
    struct ord_config cfg;                    /* owned by the job */
    int status;                               /* 0, or the run's error */
    char error[448];                          /* when status != 0: the run's sentence
                                                 for it (ord_run_strerror) */
    int nvariants;
    enum ord_variant kinds[ORD_MAX_VARIANTS];
    struct ord_summary sum[ORD_MAX_VARIANTS]; /* filled when status == 0 */
    /* With two services or more (else nservices 0): svc[v][k][f] is figure f of
     * ord_svc_figures for service k (config order) in variant v. */
    int nservices;
    double svc[ORD_MAX_VARIANTS][ORD_MAX_SERVICES][ORD_MAX_SVC_FIGURES];
};

/* Called from the main thread about 10 times a second while jobs run. */
typedef void (*ord_progress_fn)(size_t done, size_t total, void *ud);

/* Run every job on `threads` worker threads (>= 1). Stops early when *cancel becomes
 * nonzero: runs in flight are abandoned within about a millisecond of work, later
 * jobs are not started. Returns 0, SIM_EINTR (cancelled), or the first failing job's
 * error (every job's status says which; ord_experiment_error says why). */
int ord_experiment_run(struct ord_job *jobs, size_t njobs, int threads,
                       volatile sig_atomic_t *cancel, ord_progress_fn progress, void *ud);

/* The sentence for the first failed job's error ("" when none failed). */
const char *ord_experiment_error(const struct ord_job *jobs, size_t njobs);

#endif
