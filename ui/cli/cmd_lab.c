/* ui/cli/cmd_lab.c: `ordersim lab`: the scenario on real parts (lab/), measured into
 * the same summary, CSV and JSON as `run`; `lab consumer` joins B's consumer group
 * from another process or machine. (`lab serve a|b` is how the lab starts its own
 * A and B processes; it is not for users.) */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lab/lab.h"
#include "lab/servers.h"
#include "ui/base/file.h"
#include "orders/scenario/scenario.h"
#include "sim/error.h"
#include "ui/cli/cli.h"
#include "ui/cli/cmd_lab_live.h"
#include "ui/cli/commands.h"
#include "ui/export/export.h"

struct lab_cli {
    struct ui_strlist set;
    const char *seed, *interval, *csv, *json, *redis, *postgres;
    double scale;
    int quiet, live, no_color;
};

#define LAB_OFF(f) offsetof(struct lab_cli, f)
static const struct ui_opt lab_table[] = {
    {"scale", 0, UI_OPT_DOUBLE, LAB_OFF(scale), "F",
     "multiply rates, threads, connections, rate limits, queue sizes by F (default "
     LAB_DEFAULT_SCALE_TEXT ")"},
    {"set", 0, UI_OPT_LIST, LAB_OFF(set), "KEY=VALUE", "override a scenario field"},
    {"seed", 0, UI_OPT_STRING, LAB_OFF(seed), "N", "random seed (default: the scenario's)"},
    {"interval", 0, UI_OPT_STRING, LAB_OFF(interval), "DURATION",
     "time-series bucket (default 1s)"},
    {"csv", 0, UI_OPT_STRING, LAB_OFF(csv), "FILE", "write the time series as CSV (- = stdout)"},
    {"json", 0, UI_OPT_STRING, LAB_OFF(json), "FILE", "write the summary as JSON (- = stdout)"},
    {"redis", 0, UI_OPT_STRING, LAB_OFF(redis), "URL",
     "use this Redis (unix:///path or redis://host:port) instead of starting one"},
    {"postgres", 0, UI_OPT_STRING, LAB_OFF(postgres), "URL",
     "use this PostgreSQL (a libpq URL) instead of starting one"},
    {"live", 0, UI_OPT_FLAG, LAB_OFF(live), NULL,
     "watch the run in the live view; its keys play faults on the real parts"},
    {"no-color", 0, UI_OPT_FLAG, LAB_OFF(no_color), NULL, "no colours (--live)"},
    {"quiet", 'q', UI_OPT_FLAG, LAB_OFF(quiet), NULL, "do not print the summary table"},
};

static void lab_defaults(void *opts) { ((struct lab_cli *)opts)->scale = LAB_DEFAULT_SCALE; }

static const char lab_details[] =
        "The load is the arrival stream 'ordersim run' draws for the same scenario and\n"
        "seed, sent open-loop at its scheduled times; latency counts from the scheduled\n"
        "time. Without --redis/--postgres the lab starts its own redis-server and\n"
        "PostgreSQL in a temporary directory and removes them at the end (also on\n"
        "Ctrl-C). It plays faults on B (down: its process killed, hang: stopped, slow),\n"
        "the database (down: PostgreSQL stopped, hang: paused, slow), mq down (the\n"
        "broker paused) and load spikes.\n"
        "'ordersim lab consumer --redis URL --postgres URL' runs only B's consumers and\n"
        "joins the group: one more B, until Ctrl-C.\n"
        "--live shows the run in the live view (charts, panel, f: the flow diagram) and\n"
        "plays its keys on the real parts: s spike, b B down/up, h B hang/recover,\n"
        "d database slow/normal, m MQ down/up (own redis-server only), q quit. The keys\n"
        "pressed are in the JSON's faults like scheduled ones.\n"
        "Compare with the model: 'ordersim run SCENARIO --scale F --csv m.csv' and\n"
        "'ordersim compare m.csv lab.csv'.";

static volatile sig_atomic_t lab_cancel;
static void on_cancel(int sig)
{
    (void)sig;
    lab_cancel = 1;
}

static int load(const char *arg, const struct lab_cli *o, struct ord_config *cfg)
{
    int rc = ui_load_scenario("lab", arg, &o->set, o->seed, o->interval, cfg);
    if (rc)
        return rc;
    rc = ord_config_scale(cfg, o->scale);
    if (rc) {
        fprintf(stderr, "ordersim lab: --scale %g: %s\n", o->scale,
                rc == SIM_ERANGE ? "must be more than 0 and at most 1000"
                                 : "a trace's arrival times cannot be scaled");
        ord_config_free(cfg);
        return 2;
    }
    return 0;
}

static void print_report(const struct lab_run *r, const struct ord_config *cfg, double scale,
                         int own, FILE *f)
{
    const struct lab_report *p = &r->report;
    fprintf(f, "\nlab (scale %g): %.1f CPU s in %.1f s of load and drain = %.2f cores used "
           "(ordersim, A, B%s)\n",
           scale, p->cpu_s, p->wall_s, p->wall_s > 0 ? p->cpu_s / p->wall_s : 0,
           own ? ", Redis, PostgreSQL" : "");
    if (p->late_sends)
        fprintf(f, "lab: the load generator fell behind: %llu of %llu arrivals sent more than "
               "5 ms late, the latest %.1f ms late\n",
               (unsigned long long)p->late_sends, (unsigned long long)p->sends,
               (double)p->late_max / 1e6);
    else
        fprintf(f, "lab: the load generator kept to the schedule (every arrival sent within "
               "5 ms; the latest %.1f ms late)\n",
               (double)p->late_max / 1e6);
    for (int i = 0; i < cfg->nvariants; i++)
        if (cfg->variants[i] == ORD_VARIANT_ASYNC)
            fprintf(f, "lab: async orders accepted %llu: written once %llu, dead-lettered %llu, "
                   "missing %llu; duplicate writes %llu\n",
                   (unsigned long long)p->async_accepted, (unsigned long long)p->async_written,
                   (unsigned long long)p->async_dlq, (unsigned long long)p->async_missing,
                   (unsigned long long)p->duplicates);
    if (p->nwriters > 0) {
        fprintf(f, "lab: rows written by");
        for (int i = 0; i < p->nwriters; i++)
            fprintf(f, "%s %s %llu", i ? "," : "", p->writers[i].name,
                   (unsigned long long)p->writers[i].rows);
        fprintf(f, "\n");
    }
    if (p->b_restarts)
        fprintf(f, "lab: B was started again %d time(s) after 'b down'\n", p->b_restarts);
}

static int self_exe(char *buf, size_t len, const char *argv0)
{
    ssize_t n = readlink("/proc/self/exe", buf, len - 1);
    if (n > 0) {
        buf[n] = 0;
        return 0;
    }
    snprintf(buf, len, "%s", argv0);
    return 0;
}

/* The broker and database named must be on this machine (lab/local.c): else says why
 * and returns 2 (bad input). */
static int check_local(const char *cmd, const struct lab_cli *o)
{
    char why[512];
    if (lab_check_local(o->redis, o->postgres, why, sizeof why) == 0)
        return 0;
    fprintf(stderr, "ordersim %s: %s\n", cmd, why);
    return 2;
}

static int lab_main_run(const struct lab_cli *o, const char *arg)
{
    if ((o->redis != NULL) != (o->postgres != NULL)) {
        fprintf(stderr, "ordersim lab: give both --redis and --postgres, or neither\n");
        return 2;
    }
    if (o->live && (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO))) {
        fprintf(stderr, "ordersim lab: --live needs a terminal (stdin and stdout); without "
                        "one, leave --live out\n");
        return 2;
    }
    if (check_local("lab", o))
        return 2;
    struct ord_config cfg;
    int rc = load(arg, o, &cfg);
    if (rc)
        return rc;
    const char *why = lab_unsupported(&cfg);
    if (why) {
        fprintf(stderr, "ordersim lab: %s\n", why);
        ord_config_free(&cfg);
        return 2;
    }
    if (!o->redis && (why = lab_servers_missing())) {
        fprintf(stderr, "ordersim lab: cannot start the lab's servers: %s (run scripts/deps)\n",
                why);
        ord_config_free(&cfg);
        return 1;
    }
    char exe[4096];
    self_exe(exe, sizeof exe, "ordersim");
    struct lab_opts lo = {
        .redis_url = o->redis, .pg_url = o->postgres, .exe = exe, .quiet = o->quiet,
        .cancel = &lab_cancel};
    struct lab_view view;
    struct lab_live live;
    if (o->live) {
        ui_lab_view_init(&view, &live, o->scale, !o->redis, o->no_color);
        lo.live = &live;
    }
    struct sigaction sa, old_int, old_term, old_hup;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_cancel;
    sigaction(SIGINT, &sa, &old_int);
    sigaction(SIGTERM, &sa, &old_term);
    sigaction(SIGHUP, &sa, &old_hup); /* a closed terminal stops the lab as Ctrl-C does */
    signal(SIGPIPE, SIG_IGN);
    struct lab_run run;
    char err[512] = "";
    rc = lab_run(&run, &cfg, &lo, err, sizeof err);
    sigaction(SIGINT, &old_int, NULL);
    sigaction(SIGTERM, &old_term, NULL);
    sigaction(SIGHUP, &old_hup, NULL);
    if (o->live) {
        if (view.error && rc == 0) {
            snprintf(err, sizeof err, "%s", view.why);
            lab_run_close(&run);
            rc = 1;
        }
        ui_lab_view_free(&view);
    }
    if (rc) {
        fprintf(stderr, "ordersim lab: %s\n", err);
        ord_config_free(&cfg);
        return rc;
    }
    struct ui_run_outputs out = {o->csv, o->json, NULL, NULL, o->quiet != 0};
    rc = ui_run_write("lab", &run.result, &out);
    if (rc == 0 && !o->quiet)
        print_report(&run, run.result.cfg, o->scale, !o->redis, ui_report_stream(o->csv, o->json));
    lab_run_close(&run);
    ord_config_free(&cfg);
    return rc;
}

static int lab_consumer(const struct lab_cli *o, const char *arg)
{
    if (o->live) {
        fprintf(stderr, "ordersim lab consumer: --live is for a lab run, not a consumer\n");
        return 2;
    }
    if (!o->redis || !o->postgres) {
        fprintf(stderr, "ordersim lab consumer: --redis URL and --postgres URL are needed (the "
                        "lab's broker and database)\n");
        return 2;
    }
    if (check_local("lab consumer", o))
        return 2;
    struct ord_config cfg;
    int rc = load(arg, o, &cfg);
    if (rc)
        return rc;
    rc = lab_serve(LAB_ROLE_CONSUMER, &cfg, o->redis, o->postgres, NULL, -1, -1, o->quiet);
    ord_config_free(&cfg);
    return rc;
}

/* `lab serve a|b FILE REDIS_URL POSTGRES_URL|- B_URL|- FD_SYNC|- FD_ASYNC|-`: the lab's
 * own processes (positional, so that they need no options of their own); the
 * scenario file is already scaled. */
static int lab_serve_main(const char *const *pos, int npos)
{
    if (npos != 8 || (strcmp(pos[1], "a") != 0 && strcmp(pos[1], "b") != 0)) {
        fprintf(stderr, "ordersim lab serve: the lab's own use: serve a|b FILE REDIS_URL "
                        "POSTGRES_URL|- B_URL|- FD_SYNC|- FD_ASYNC|-\n");
        return UI_EXIT_USAGE;
    }
    int is_a = strcmp(pos[1], "a") == 0;
    const char *pg = strcmp(pos[4], "-") ? pos[4] : NULL;
    const char *burl = strcmp(pos[5], "-") ? pos[5] : NULL;
    struct ord_config cfg;
    int rc = ui_load_scenario_file(pos[2], &cfg);
    if (rc)
        return rc;
    int fd_sync = strcmp(pos[6], "-") ? atoi(pos[6]) : -1;
    int fd_async = strcmp(pos[7], "-") ? atoi(pos[7]) : -1;
    rc = lab_serve(is_a ? LAB_ROLE_A : LAB_ROLE_B, &cfg, pos[3], pg, burl, fd_sync, fd_async, 1);
    ord_config_free(&cfg);
    return rc;
}

static int lab_exec(const struct ui_cmd_entry *self, const struct ui_cmd_args *args)
{
    (void)self;
    const struct lab_cli *o = args->opts;
    if (args->npos >= 1 && strcmp(args->pos[0], "serve") == 0)
        return lab_serve_main(args->pos, args->npos);
    if (args->npos >= 1 && strcmp(args->pos[0], "consumer") == 0) {
        if (args->npos > 2) {
            fprintf(stderr, "ordersim lab consumer: one scenario at a time\n");
            return UI_EXIT_USAGE;
        }
        return lab_consumer(o, args->npos > 1 ? args->pos[1] : NULL);
    }
    if (args->npos > 1) {
        fprintf(stderr, "ordersim lab: one scenario at a time (or: lab consumer [SCENARIO])\n");
        return UI_EXIT_USAGE;
    }
    return lab_main_run(o, args->npos ? args->pos[0] : NULL);
}

const struct ui_cmd_entry ui_cmd_lab_entry = {
    .name = "lab",
    .usage = "[SCENARIO] | consumer [SCENARIO]",
    .summary = "run the scenario on real services, Redis and PostgreSQL",
    .help = "Run the scenario on real parts: HTTP services A and B, Redis Streams and\n"
            "PostgreSQL, on this machine; summary, CSV and JSON as 'run' gives them.",
    .details = lab_details,
    .options = UI_CMD_OPTIONS(lab_table, struct lab_cli, lab_defaults),
    .min_pos = 0,
    .max_pos = -1,
    .exec = lab_exec,
};
