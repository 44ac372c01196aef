/* ui/cli/cmd_run.c: `ordersim run`, `validate` and `scenarios`. */
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "orders/scenario/builtin.h"
#include "orders/scenario/scenario.h"
#include "sim/error.h"
#include "ui/base/file.h"
#include "ui/chart/chart.h"
#include "ui/cli/cli.h"
#include "ui/cli/commands.h"
#include "ui/export/export.h"

struct run_opts {
    struct ui_strlist set;
    const char *seed, *interval, *csv, *json, *chart, *lang;
    int quiet;
    long replications;
    double scale;
};

#define RUN_OFF(f) offsetof(struct run_opts, f)
static const struct ui_opt run_table[] = {
    {"set", 0, UI_OPT_LIST, RUN_OFF(set), "KEY=VALUE",
     "override a scenario field (e.g. database.connections=30)"},
    {"seed", 0, UI_OPT_STRING, RUN_OFF(seed), "N", "random seed (default: the scenario's)"},
    {"scale", 0, UI_OPT_DOUBLE, RUN_OFF(scale), "F",
     "multiply rates, threads, connections, rate limits, queue sizes by F; times stay"},
    {"interval", 0, UI_OPT_STRING, RUN_OFF(interval), "DURATION",
     "time-series bucket (default 1s)"},
    {"csv", 0, UI_OPT_STRING, RUN_OFF(csv), "FILE", "write the time series as CSV (- = stdout)"},
    {"json", 0, UI_OPT_STRING, RUN_OFF(json), "FILE", "write the summary as JSON (- = stdout)"},
    {"chart", 0, UI_OPT_STRING, RUN_OFF(chart), "FILE", "draw the run (.png, .svg or .pdf)"},
    {"lang", 0, UI_OPT_CHOICE, RUN_OFF(lang), "en|zh", "language of the chart's labels"},
    {"replications", 'r', UI_OPT_INT, RUN_OFF(replications), "N",
     "run N independent replications; figures as mean +- 95% CI"},
    {"quiet", 'q', UI_OPT_FLAG, RUN_OFF(quiet), NULL, "do not print the summary table"},
};

static void run_defaults(void *opts)
{
    ((struct run_opts *)opts)->replications = 1;
    ((struct run_opts *)opts)->scale = 1;
}


static int run_exec(const struct ui_cmd_entry *self, const struct ui_cmd_args *args)
{
    (void)self;
    const struct run_opts *o = args->opts;
    if (o->replications < 1 || o->replications > 10000) {
        fprintf(stderr, "ordersim run: --replications must be 1 to 10000\n");
        return UI_EXIT_USAGE;
    }
    if (o->chart && !ui_chart_format_ok(o->chart)) {
        fprintf(stderr, "ordersim run: %s: unsupported chart format (use %s)\n", o->chart,
                ui_chart_formats);
        return UI_EXIT_USAGE;
    }
    struct ord_config cfg;
    int rc = ui_load_scenario("run", args->npos ? args->pos[0] : NULL, &o->set, o->seed,
                              o->interval, &cfg);
    if (rc)
        return rc;
    const char *outs[] = {o->csv, o->json, o->chart};
    if ((rc = ui_check_outputs("run", outs, 3)) != 0) {
        ord_config_free(&cfg);
        return rc;
    }
    if (o->scale != 1 && (rc = ord_config_scale(&cfg, o->scale)) != 0) {
        fprintf(stderr, "ordersim run: --scale %g: %s\n", o->scale,
                rc == SIM_ERANGE ? "must be more than 0 and at most 1000"
                                 : "a trace's arrival times cannot be scaled");
        ord_config_free(&cfg);
        return UI_EXIT_USAGE;
    }
    struct ui_run_outputs out = {o->csv, o->json, o->chart, o->lang, o->quiet != 0};
    struct ord_run *run = NULL;
    if (o->replications > 1) {
        if (o->csv || o->chart)
            fprintf(stderr, "ordersim run: with --replications, --csv and --chart show "
                            "replication 1\n");
        rc = ui_run_replicated(&cfg, o->replications, o->json,
                               o->quiet ? NULL : ui_report_stream(o->csv, o->json));
        if (rc == 0 && (o->csv || o->chart)) {
            out.json = NULL;
            out.quiet = true;
            rc = ui_run_headless("run", &cfg, 0, &run);
            if (rc == 0)
                rc = ui_run_write("run", ord_run_result(run), &out);
        }
    } else {
        rc = ui_run_headless("run", &cfg, 1, &run);
        if (rc == 0)
            rc = ui_run_write("run", ord_run_result(run), &out);
    }
    ui_run_free(run);
    ord_config_free(&cfg);
    return rc;
}

const struct ui_cmd_entry ui_cmd_run_entry = {
    .name = "run",
    .usage = "[SCENARIO]",
    .summary = "run a scenario headless; summary table, CSV, JSON, chart",
    .help = "Run a scenario headless and print a summary per variant.",
    .details = "SCENARIO is a file or a built-in name (default flash-spike; see\n"
               "'ordersim scenarios'); 'ordersim scenarios keys' lists the keys --set\n"
               "takes. The same scenario and seed give byte-identical\n"
               "CSV and JSON. Files are written whole or not at all.",
    .options = UI_CMD_OPTIONS(run_table, struct run_opts, run_defaults),
    .min_pos = 0,
    .max_pos = 1,
    .exec = run_exec,
};

/* Every file is checked; the status is the worst of them, bad input (2) above a
 * runtime failure (1). */
static int validate_exec(const struct ui_cmd_entry *self, const struct ui_cmd_args *args)
{
    (void)self;
    int status = UI_EXIT_OK;
    for (int i = 0; i < args->npos; i++) {
        struct ord_config cfg;
        int rc = ui_load_scenario_file(args->pos[i], &cfg);
        if (rc) {
            if (status != UI_EXIT_USAGE)
                status = rc;
            continue;
        }
        printf("%s: ok\n", args->pos[i]);
        ord_config_free(&cfg);
    }
    return status;
}

const struct ui_cmd_entry ui_cmd_validate_entry = {
    .name = "validate",
    .usage = "FILE...",
    .summary = "check scenario files without running them",
    .help = "Parse and check scenario files without running them.",
    .details = "Prints 'FILE: ok' for each good file and file:line:column: message for\n"
               "each problem. Exit status 2 if any file is bad.",
    .min_pos = 1,
    .max_pos = -1,
    .exec = validate_exec,
};

static int scenarios_exec(const struct ui_cmd_entry *self, const struct ui_cmd_args *args)
{
    (void)self;
    const char *const *pos = args->pos;
    int npos = args->npos;
    if (npos == 0) {
        for (int i = 0; i < ord_builtin_count; i++) {
            struct ord_config cfg;
            struct ord_diag d;
            const char *title = "(does not load)";
            int ok = ord_scenario_resolve(&cfg, ord_builtins[i].name, &d) == 0;
            if (ok)
                title = cfg.title ? cfg.title : "";
            printf("%-14s %s%s\n", ord_builtins[i].name, title,
                   strcmp(ord_builtins[i].name, ORD_DEFAULT_SCENARIO) == 0 ? " (default)" : "");
            if (ok)
                ord_config_free(&cfg);
        }
        return 0;
    }
    if (strcmp(pos[0], "keys") == 0 && npos == 1) {
        for (int i = 0; i < ord_key_doc_count; i++)
            printf("%-28s %-10s %-12s %s\n", ord_key_docs[i].path, ord_key_docs[i].type,
                   ord_key_docs[i].dflt, ord_key_docs[i].doc);
        return 0;
    }
    if (strcmp(pos[0], "show") != 0 || npos != 2) {
        fprintf(stderr, "ordersim scenarios: usage: ordersim scenarios [show NAME | keys]\n");
        return UI_EXIT_USAGE;
    }
    const struct ord_builtin *b = ord_builtin_find(pos[1]);
    if (!b) {
        fprintf(stderr, "ordersim scenarios: no built-in scenario '%s' (try 'ordersim "
                        "scenarios')\n",
                pos[1]);
        return UI_EXIT_USAGE;
    }
    fwrite(b->text, 1, b->len, stdout);
    return UI_EXIT_OK;
}

const struct ui_cmd_entry ui_cmd_scenarios_entry = {
    .name = "scenarios",
    .usage = "[show NAME | keys]",
    .summary = "list the built-in scenarios, or print one (show NAME)",
    .help = "List the built-in scenarios, print one's YAML to copy and edit, or list\n"
            "every scenario key (the keys --set and --vary take).",
    .min_pos = 0,
    .max_pos = 2,
    .exec = scenarios_exec,
};
