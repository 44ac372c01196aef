/* ui/cli/cmd_run.c: `ordersim run`, `validate` and `scenarios`. */
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "orders/scenario/builtin.h"
#include "orders/scenario/scenario.h"
#include "sim/error.h"
#include "ui/chart/chart.h"
#include "ui/cli/cli.h"
#include "ui/cli/commands.h"
#include "ui/export/export.h"

struct run_opts {
    struct ui_strlist set;
    const char *seed, *interval, *csv, *json, *chart, *lang;
    int quiet;
    long replications;
};

#define RUN_OFF(f) offsetof(struct run_opts, f)
static const struct ui_opt run_table[] = {
    {"set", 0, UI_OPT_LIST, RUN_OFF(set), "KEY=VALUE",
     "override a scenario field (e.g. database.connections=30)"},
    {"seed", 0, UI_OPT_STRING, RUN_OFF(seed), "N", "random seed (default: the scenario's)"},
    {"interval", 0, UI_OPT_STRING, RUN_OFF(interval), "DURATION",
     "time-series bucket (default 1s)"},
    {"csv", 0, UI_OPT_STRING, RUN_OFF(csv), "FILE", "write the time series as CSV (- = stdout)"},
    {"json", 0, UI_OPT_STRING, RUN_OFF(json), "FILE", "write the summary as JSON (- = stdout)"},
    {"chart", 0, UI_OPT_STRING, RUN_OFF(chart), "FILE", "draw the run (.png, .svg or .pdf)"},
    {"lang", 0, UI_OPT_STRING, RUN_OFF(lang), "en|zh", "language of the chart's labels"},
    {"replications", 'r', UI_OPT_INT, RUN_OFF(replications), "N",
     "run N independent replications; figures as mean +- 95% CI"},
    {"quiet", 'q', UI_OPT_FLAG, RUN_OFF(quiet), NULL, "do not print the summary table"},
};

static const struct ui_cmd_spec run_spec = {
    .name = "run",
    .args = "[SCENARIO]",
    .summary = "Run a scenario headless and print a summary per variant.",
    .details = "SCENARIO is a file or a built-in name (default flash-spike; see\n"
               "'ordersim scenarios'); 'ordersim scenarios keys' lists the keys --set\n"
               "takes. The same scenario and seed give byte-identical\n"
               "CSV and JSON. Files are written whole or not at all.",
    .opts = run_table,
    .nopts = (int)(sizeof run_table / sizeof run_table[0]),
    .min_pos = 0,
    .max_pos = 1,
};


static int write_outputs(const struct ord_result *res, const struct run_opts *o)
{
    char err[512];
    if (o->csv && ui_csv_save(res, o->csv, err, sizeof err)) {
        fprintf(stderr, "ordersim run: %s\n", err);
        return 1;
    }
    if (o->json && ui_json_save(res, o->json, err, sizeof err)) {
        fprintf(stderr, "ordersim run: %s\n", err);
        return 1;
    }
    if (o->chart) {
        int rc = ui_run_chart(res, o->chart, o->lang);
        if (rc)
            return rc;
    }
    return 0;
}

int ui_run_main(int argc, char **argv)
{
    struct run_opts o = {.replications = 1};
    const char *pos[argc > 0 ? argc : 1];
    int npos = 0;
    int rc = ui_opts_parse(&run_spec, argc, argv, &o, pos, &npos);
    if (rc) {
        ui_strlist_free(&o.set);
        return rc == 1 ? 0 : rc;
    }
    if (o.replications < 1 || o.replications > 10000) {
        fprintf(stderr, "ordersim run: --replications must be 1 to 10000\n");
        ui_strlist_free(&o.set);
        return 2;
    }
    if (o.chart && !ui_chart_format_ok(o.chart)) {
        fprintf(stderr, "ordersim run: %s: unsupported chart format (use %s)\n", o.chart,
                ui_chart_formats);
        ui_strlist_free(&o.set);
        return 2;
    }
    struct ord_config cfg;
    rc = ui_load_scenario("run", npos ? pos[0] : NULL, &o.set, o.seed, o.interval, &cfg);
    ui_strlist_free(&o.set);
    if (rc)
        return rc;
    if (o.replications > 1) {
        if (o.csv || o.chart)
            fprintf(stderr, "ordersim run: with --replications, --csv and --chart show "
                            "replication 1\n");
        rc = ui_run_replicated(&cfg, o.replications, o.json, o.quiet);
        if (rc == 0 && (o.csv || o.chart)) {
            struct ord_run *run = NULL;
            rc = ui_run_headless("run", &cfg, 0, &run);
            struct run_opts first = o;
            first.json = NULL;
            if (rc == 0)
                rc = write_outputs(ord_run_result(run), &first);
            ui_run_free(run);
        }
        ord_config_free(&cfg);
        return rc;
    }
    struct ord_run *run = NULL;
    rc = ui_run_headless("run", &cfg, 1, &run);
    if (rc == 0) {
        const struct ord_result *res = ord_run_result(run);
        rc = write_outputs(res, &o);
        if (rc == 0 && !o.quiet)
            ui_summary_print(res, stdout);
    }
    ui_run_free(run);
    ord_config_free(&cfg);
    return rc;
}

static const struct ui_cmd_spec validate_spec = {
    .name = "validate",
    .args = "FILE...",
    .summary = "Parse and check scenario files without running them.",
    .details = "Prints 'FILE: ok' for each good file and file:line:column: message for\n"
               "each problem. Exit status 2 if any file is bad.",
    .opts = NULL,
    .nopts = 0,
    .min_pos = 1,
    .max_pos = -1,
};

int ui_validate_main(int argc, char **argv)
{
    const char *pos[argc > 0 ? argc : 1];
    int npos = 0, dummy = 0;
    int rc = ui_opts_parse(&validate_spec, argc, argv, &dummy, pos, &npos);
    if (rc)
        return rc == 1 ? 0 : rc;
    int status = 0;
    for (int i = 0; i < npos; i++) {
        struct ord_config cfg;
        struct ord_diag d;
        memset(&d, 0, sizeof d);
        rc = ord_scenario_load_file(&cfg, pos[i], &d);
        if (rc) {
            ord_diag_print(&d, stderr);
            if (status == 0 || rc != SIM_ENOMEM)
                status = rc == SIM_ENOMEM ? 1 : 2;
            continue;
        }
        printf("%s: ok\n", pos[i]);
        ord_config_free(&cfg);
    }
    return status;
}

static const struct ui_cmd_spec scenarios_spec = {
    .name = "scenarios",
    .args = "[show NAME | keys]",
    .summary = "List the built-in scenarios, print one's YAML to copy and edit, or list\n"
               "every scenario key (the keys --set and --vary take).",
    .opts = NULL,
    .nopts = 0,
    .min_pos = 0,
    .max_pos = 2,
};

int ui_scenarios_main(int argc, char **argv)
{
    const char *pos[argc > 0 ? argc : 1];
    int npos = 0, dummy = 0;
    int rc = ui_opts_parse(&scenarios_spec, argc, argv, &dummy, pos, &npos);
    if (rc)
        return rc == 1 ? 0 : rc;
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
        return 2;
    }
    const struct ord_builtin *b = ord_builtin_find(pos[1]);
    if (!b) {
        fprintf(stderr, "ordersim scenarios: no built-in scenario '%s' (try 'ordersim "
                        "scenarios')\n",
                pos[1]);
        return 2;
    }
    fwrite(b->text, 1, b->len, stdout);
    return 0;
}
