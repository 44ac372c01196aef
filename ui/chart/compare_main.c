/* `ordersim compare`: runs side by side as a table, JSON and an overlay chart. */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sim/error.h"
#include "ui/chart/chart_internal.h"
#include "ui/chart/compare.h"
#include "ui/base/file.h"
#include "ui/chart/csv.h"
#include "ui/base/cmd.h"

struct compare_cli {
    struct ui_strlist labels;
    const char *json, *chart, *panels, *lang, *size, *title;
    int log;
};

static const struct ui_opt compare_opts[] = {
    {"label", 0, UI_OPT_LIST, offsetof(struct compare_cli, labels), "NAME",
     "name the next run (default: file name stem)"},
    {"json", 0, UI_OPT_STRING, offsetof(struct compare_cli, json), "FILE",
     "also write the table as JSON ('-': stdout)"},
    {"chart", 0, UI_OPT_STRING, offsetof(struct compare_cli, chart), "FILE",
     "also draw the runs overlaid (.png .svg .pdf)"},
    {"panels", 0, UI_OPT_STRING, offsetof(struct compare_cli, panels), "LIST",
     "chart panels (as for ordersim chart)"},
    {"log", 0, UI_OPT_FLAG, offsetof(struct compare_cli, log), NULL,
     "chart: log scale for latency and lag"},
    {"lang", 0, UI_OPT_CHOICE, offsetof(struct compare_cli, lang), "en|zh",
     "chart: label language (default en)"},
    {"size", 0, UI_OPT_STRING, offsetof(struct compare_cli, size), "WxH",
     "chart: size, default 1600x900"},
    {"title", 0, UI_OPT_STRING, offsetof(struct compare_cli, title), "TEXT",
     "chart: title (default: \"A vs B ...\")"},
};

/* Append text to buf at *len, wrapped at 78 columns, continuation lines indented. */
static void wrap(char *buf, size_t n, size_t *len, const char *text, int indent)
{
    int col = indent;
    while (*text && *len + 1 < n) {
        size_t word = strcspn(text, " ");
        if (col > indent && col + 1 + (int)word > 78) {
            *len += (size_t)snprintf(buf + *len, n - *len, "\n%*s", indent, "");
            col = indent;
        } else if (col > indent) {
            *len += (size_t)snprintf(buf + *len, n - *len, " ");
            col++;
        }
        if (*len + 1 >= n)
            break;
        *len += (size_t)snprintf(buf + *len, n - *len, "%.*s", (int)word, text);
        col += (int)word;
        text += word;
        text += strspn(text, " ");
    }
    if (*len >= n)
        *len = n - 1;
}

/* The --help text: how each figure is obtained, generated from UI_FIGURES. */
static const char *compare_details(void)
{
    static char buf[8192];
    size_t len = (size_t)snprintf(
        buf, sizeof buf, "%s",
        "For each variant (sync, async, ...) the table shows each run's figures, then\n"
        "for every run after the first the difference (run - first) and the ratio\n"
        "(run / first). A run's JSON sidecar (RUN.json beside RUN.csv) gives exact\n"
        "figures; without one they are computed from the CSV as below (marked ~ when\n"
        "a sidecar lacks one). The chart overlays the runs: colour and marker = variant,\n"
        "dash = run (first solid, then dashed, dotted, dash-dot); latency shows p99.\n\n"
        "figures:");
    for (int k = 0; k < UI_NFIGURES && len + 1 < sizeof buf; k++) {
        len += (size_t)snprintf(buf + len, sizeof buf - len, "\n  %s\n      sidecar: %s\n",
                                ui_figure_info[k].label, ui_figure_info[k].meta);
        if (len + 1 >= sizeof buf)
            break;
        len += (size_t)snprintf(buf + len, sizeof buf - len, "      CSV:     ");
        wrap(buf, sizeof buf, &len, ui_figure_info[k].rule, 15);
    }
    if (len + 1 < sizeof buf)
        len += (size_t)snprintf(
            buf + len, sizeof buf - len, "%s",
            "\n\nRuns with several services (the CSV's <s>_* columns, the sidecar's\n"
            "variants.<v>.services.<s>) also get, after each variant, a block per service\n"
            "(\"sync, service points\"; - where a run has no figures for it), and the runs\n"
            "list says which services each run has. Per service:");
    for (int k = 0; k < UI_NSVC_FIGURES && len + 1 < sizeof buf; k++) {
        len += (size_t)snprintf(buf + len, sizeof buf - len, "\n  %s\n      sidecar: %s\n",
                                ui_svc_figure_info[k].label, ui_svc_figure_info[k].meta);
        if (len + 1 >= sizeof buf)
            break;
        len += (size_t)snprintf(buf + len, sizeof buf - len, "      CSV:     ");
        wrap(buf, sizeof buf, &len, ui_svc_figure_info[k].rule, 15);
    }
    if (len + 1 < sizeof buf)
        snprintf(buf + len, sizeof buf - len,
                 "\n  (interval: the sidecar's interval_s, else the smallest step of time_s)");
    return buf;
}

static int load_runs(struct ui_run_data *runs, int n, const char **pos,
                     const struct ui_strlist *labels)
{
    char err[512];
    for (int i = 0; i < n; i++) {
        ui_rundata_init(&runs[i], i < labels->n ? labels->v[i] : NULL);
        int rc = ui_rundata_load(&runs[i], pos[i], NULL, err, sizeof err);
        if (rc) {
            fprintf(stderr, "%s\n", err);
            return ui_exit_status(rc);
        }
    }
    return 0;
}

struct json_ctx {
    const struct ui_run_data *runs;
    int n;
};

static int json_fn(FILE *f, void *ctx, char *why, size_t n)
{
    const struct json_ctx *j = ctx;
    (void)why;
    (void)n;
    return ui_compare_json(j->runs, j->n, f);
}

int ui_compare_json_save(const struct ui_run_data *runs, int n, const char *path, char *err,
                         size_t errlen)
{
    struct json_ctx ctx = {runs, n};
    return ui_write_atomic(path, json_fn, &ctx, err, errlen);
}

/* Table, then --json, then --chart. Returns the exit status. */
static int outputs(const struct compare_cli *cli, const struct ui_run_data *runs, int n,
                   const struct ui_chart_opts *o)
{
    char err[512];
    /* Refuse a bad output path before printing anything. */
    const char *outs[2] = {cli->json, cli->chart};
    for (int i = 0; i < 2; i++)
        if (outs[i] && ui_file_check_output(outs[i], err, sizeof err)) {
            fprintf(stderr, "ordersim compare: %s\n", err);
            return 2;
        }
    int rc = ui_compare_print(runs, n, ui_report_stream(cli->json, NULL));
    if (!rc && cli->json)
        rc = ui_compare_json_save(runs, n, cli->json, err, sizeof err);
    if (rc) {
        fprintf(stderr, "ordersim compare: %s\n", rc == SIM_ENOMEM ? "out of memory" : err);
        return ui_exit_status(rc);
    }
    if (cli->chart) {
        ui_chart_release_at_exit();
        rc = ui_chart_save(runs, n, o, cli->chart, err, sizeof err);
        if (rc) {
            fprintf(stderr, "ordersim compare: %s\n", err);
            return ui_exit_status(rc);
        }
    }
    return 0;
}

static int check_cli(const struct compare_cli *cli, int npos, struct ui_chart_opts *o)
{
    if (cli->labels.n > npos) {
        fprintf(stderr, "ordersim compare: %d --label for %d runs\n", cli->labels.n, npos);
        return UI_EXIT_USAGE;
    }
    if (cli->chart && !ui_chart_format_ok(cli->chart)) {
        fprintf(stderr, "ordersim compare: %s: unsupported output format (use %s)\n", cli->chart,
                ui_chart_formats);
        return UI_EXIT_USAGE;
    }
    ui_chart_opts_init(o);
    return ui_chart__cli(o, "compare", cli->panels, cli->lang, cli->size, cli->log, cli->title);
}

static int compare_exec(const struct ui_cmd_entry *self, const struct ui_cmd_args *args)
{
    (void)self;
    const struct compare_cli *cli = args->opts;
    int npos = args->npos;
    struct ui_chart_opts o;
    int status = check_cli(cli, npos, &o);
    if (status)
        return status;
    struct ui_run_data *runs = calloc((size_t)npos, sizeof *runs);
    if (!runs) {
        fprintf(stderr, "ordersim compare: out of memory\n");
        return UI_EXIT_FAILURE;
    }
    status = load_runs(runs, npos, args->pos, &cli->labels);
    if (!status)
        status = outputs(cli, runs, npos, &o);
    for (int i = 0; i < npos; i++)
        ui_rundata_free(&runs[i]);
    free(runs);
    return status;
}

const struct ui_cmd_entry ui_cmd_compare_entry = {
    .name = "compare",
    .usage = "A.csv B.csv [MORE.csv...]",
    .summary = "compare runs side by side (table, JSON, chart)",
    .help = "Compare runs side by side: throughput, latency, errors, backlog, database.",
    .make_details = compare_details,
    .options = UI_CMD_OPTIONS(compare_opts, struct compare_cli, NULL),
    .min_pos = 2,
    .max_pos = -1,
    .exec = compare_exec,
};
