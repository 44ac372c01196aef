/* `ordersim chart`: a run's CSV (and sidecar) to a PNG, SVG or PDF figure. */
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "sim/error.h"
#include "ui/chart/chart_internal.h"
#include "ui/chart/csv.h"
#include "ui/base/cmd.h"

struct chart_cli {
    const char *output, *panels, *lang, *size, *meta, *title;
    int log;
};

static const struct ui_opt chart_opts[] = {
    {"output", 'o', UI_OPT_STRING, offsetof(struct chart_cli, output), "FILE",
     "output: .png, .svg or .pdf (required)"},
    {"panels", 0, UI_OPT_STRING, offsetof(struct chart_cli, panels), "LIST",
     "panels, top to bottom (see panels above)"},
    {"log", 0, UI_OPT_FLAG, offsetof(struct chart_cli, log), NULL, "log scale for latency and lag"},
    {"lang", 0, UI_OPT_CHOICE, offsetof(struct chart_cli, lang), "en|zh",
     "label language (default en)"},
    {"size", 0, UI_OPT_STRING, offsetof(struct chart_cli, size), "WxH",
     "size in px (pt for SVG/PDF), default 1600x900"},
    {"meta", 0, UI_OPT_STRING, offsetof(struct chart_cli, meta), "FILE",
     "JSON sidecar (default: RUN.json if present)"},
    {"title", 0, UI_OPT_STRING, offsetof(struct chart_cli, title), "TEXT",
     "title (default: sidecar's, else file name)"},
};

/* The panels paragraph of --help, generated from UI_CHART_PANELS. */
static const char *panels_help(void)
{
    static char buf[1024];
    if (buf[0])
        return buf;
    size_t len =
        (size_t)snprintf(buf, sizeof buf, "panels (default " UI_CHART_DEFAULT_PANELS "):\n");
#define UI_CHART_PANEL_HELP(e, name, help)                                                         \
    if (len < sizeof buf)                                                                          \
        len += (size_t)snprintf(buf + len, sizeof buf - len, "  %-12s %s\n", name, help);
    UI_CHART_PANELS(UI_CHART_PANEL_HELP)
#undef UI_CHART_PANEL_HELP
    if (len && len <= sizeof buf && buf[len - 1] == '\n')
        buf[len - 1] = '\0';
    return buf;
}

static const char chart_details[] =
    "Reads the CSV written by `ordersim run --csv` and, if present, its JSON sidecar\n"
    "(title, scenario and seed in the footer, spike windows shaded, fault windows\n"
    "hatched, the database capacity line). Without a sidecar the title is the file\n"
    "name and the footer says so. Colours are Okabe-Ito (sync vermillion circles,\n"
    "async blue squares); p50 is solid, p99 dashed. Bad input exits 2 with\n"
    "FILE:LINE:COLUMN (COLUMN: 1-based character position of the field).";

int ui_chart__cli(struct ui_chart_opts *o, const char *cmd, const char *panels, const char *lang,
                  const char *size, int log, const char *title)
{
    char err[256];
    if (panels && ui_chart_parse_panels(o, panels, err, sizeof err) != 0) {
        fprintf(stderr, "ordersim %s: --panels: %s\n", cmd, err);
        return UI_EXIT_USAGE;
    }
    if (lang && ui_chart_parse_lang(&o->lang, lang) != 0) {
        fprintf(stderr, "ordersim %s: --lang: expected en or zh, got '%s'\n", cmd, lang);
        return UI_EXIT_USAGE;
    }
    if (size && ui_parse_size(size, &o->width, &o->height) != 0) {
        fprintf(stderr, "ordersim %s: --size: expected WxH from 100x100 to 10000x10000, got '%s'\n",
                cmd, size);
        return UI_EXIT_USAGE;
    }
    o->log_latency = log != 0;
    o->title = title;
    return 0;
}

static const char *chart_make_details(void)
{
    static char details[sizeof chart_details + 1100];
    snprintf(details, sizeof details, "%s\n\n%s", chart_details, panels_help());
    return details;
}

static int chart_exec(const struct ui_cmd_entry *self, const struct ui_cmd_args *args)
{
    (void)self;
    const struct chart_cli *cli = args->opts;
    const char *input = args->pos[0];
    if (!cli->output) {
        fprintf(stderr, "ordersim chart: missing -o FILE (%s)\n", ui_chart_formats);
        return UI_EXIT_USAGE;
    }
    if (!ui_chart_format_ok(cli->output)) {
        fprintf(stderr, "ordersim chart: %s: unsupported output format (use %s)\n", cli->output,
                ui_chart_formats);
        return UI_EXIT_USAGE;
    }
    struct ui_chart_opts o;
    ui_chart_opts_init(&o);
    int rc = ui_chart__cli(&o, "chart", cli->panels, cli->lang, cli->size, cli->log, cli->title);
    if (rc)
        return rc;
    struct ui_run_data d;
    ui_rundata_init(&d, NULL);
    char err[512];
    rc = ui_rundata_load(&d, input, cli->meta, err, sizeof err);
    if (rc) {
        fprintf(stderr, "%s\n", err);
        ui_rundata_free(&d);
        return ui_exit_status(rc);
    }
    if (!d.meta.present)
        fprintf(stderr, "ordersim chart: no JSON sidecar for %s: title from the file name\n",
                input);
    ui_chart_release_at_exit();
    rc = ui_chart_save(&d, 1, &o, cli->output, err, sizeof err);
    ui_rundata_free(&d);
    if (rc) {
        fprintf(stderr, "ordersim chart: %s\n", err);
        return ui_exit_status(rc);
    }
    return UI_EXIT_OK;
}

const struct ui_cmd_entry ui_cmd_chart_entry = {
    .name = "chart",
    .usage = "RUN.csv",
    .summary = "draw a run's CSV as PNG, SVG or PDF",
    .help = "Draw a run's recorded series: latency, MQ backlog, throughput.",
    .make_details = chart_make_details,
    .options = UI_CMD_OPTIONS(chart_opts, struct chart_cli, NULL),
    .min_pos = 1,
    .max_pos = 1,
    .exec = chart_exec,
};
