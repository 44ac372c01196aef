/* `ordersim chart`: a run's CSV (and sidecar) to a PNG, SVG or PDF figure. */
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "sim/error.h"
#include "ui/chart/chart_internal.h"
#include "ui/chart/csv.h"
#include "ui/base/opts.h"

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
    {"lang", 0, UI_OPT_STRING, offsetof(struct chart_cli, lang), "en|zh",
     "label language (default en)"},
    {"size", 0, UI_OPT_STRING, offsetof(struct chart_cli, size), "WxH",
     "size in px (pt for SVG/PDF), default 1600x900"},
    {"meta", 0, UI_OPT_STRING, offsetof(struct chart_cli, meta), "FILE",
     "JSON sidecar (default: RUN.json if present)"},
    {"title", 0, UI_OPT_STRING, offsetof(struct chart_cli, title), "TEXT",
     "title (default: sidecar's, else file name)"},
};

const char *ui__chart_panels_help(void)
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

int ui__chart_cli(struct ui_chart_opts *o, const char *cmd, const char *panels, const char *lang,
                  const char *size, int log, const char *title)
{
    char err[256];
    if (panels && ui_chart_parse_panels(o, panels, err, sizeof err) != 0) {
        fprintf(stderr, "ordersim %s: --panels: %s\n", cmd, err);
        return 2;
    }
    if (lang && ui_chart_parse_lang(&o->lang, lang) != 0) {
        fprintf(stderr, "ordersim %s: --lang: expected en or zh, got '%s'\n", cmd, lang);
        return 2;
    }
    if (size && ui_parse_size(size, &o->width, &o->height) != 0) {
        fprintf(stderr, "ordersim %s: --size: expected WxH from 100x100 to 10000x10000, got '%s'\n",
                cmd, size);
        return 2;
    }
    o->log_latency = log != 0;
    o->title = title;
    return 0;
}

int ui_chart_main(int argc, char **argv)
{
    static char details[sizeof chart_details + 1100];
    snprintf(details, sizeof details, "%s\n\n%s", chart_details, ui__chart_panels_help());
    const struct ui_cmd_spec spec = {
        "chart", "RUN.csv",  "Draw a run's recorded series: latency, MQ backlog, throughput.",
        details, chart_opts, (int)(sizeof chart_opts / sizeof chart_opts[0]),
        1,       1};
    struct chart_cli cli = {0};
    const char *pos[argc > 0 ? argc : 1];
    int npos = 0;
    int rc = ui_opts_parse(&spec, argc, argv, &cli, pos, &npos);
    if (rc)
        return rc == 1 ? 0 : 2;
    if (!cli.output) {
        fprintf(stderr, "ordersim chart: missing -o FILE (%s)\n", ui_chart_formats);
        return 2;
    }
    if (!ui_chart_format_ok(cli.output)) {
        fprintf(stderr, "ordersim chart: %s: unsupported output format (use %s)\n", cli.output,
                ui_chart_formats);
        return 2;
    }
    struct ui_chart_opts o;
    ui_chart_opts_init(&o);
    rc = ui__chart_cli(&o, "chart", cli.panels, cli.lang, cli.size, cli.log, cli.title);
    if (rc)
        return rc;
    struct ui_run_data d;
    ui_rundata_init(&d, NULL);
    char err[512];
    rc = ui_rundata_load(&d, pos[0], cli.meta, err, sizeof err);
    if (rc) {
        fprintf(stderr, "%s\n", err);
        ui_rundata_free(&d);
        return ui_load_exit_status(rc);
    }
    if (!d.meta.present)
        fprintf(stderr, "ordersim chart: no JSON sidecar for %s: title from the file name\n",
                pos[0]);
    ui_chart_release_at_exit();
    rc = ui_chart_save(&d, 1, &o, cli.output, err, sizeof err);
    ui_rundata_free(&d);
    if (rc) {
        fprintf(stderr, "ordersim chart: %s\n", err);
        return rc == SIM_EINVAL ? 2 : 1;
    }
    return 0;
}
