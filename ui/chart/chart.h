/* ui/chart/chart.h: the time-series chart of one run, or an overlay of several (compare).
 *
 * Stacked panels share the time axis; each panel is a ui_plot (ui/chart/chart_plot.h).
 * Variants keep one colour (Okabe-Ito) and one marker everywhere (sync vermillion
 * circles, async blue squares), so they differ in greyscale too. In a single-run
 * chart the dash pattern tells the figure apart (p50 solid, p99 dashed); in an
 * overlay it tells the run apart (first run solid, second dashed, ...).
 *
 * The data is a struct ui_run_data (ui/chart/chart_data.h): from a CSV with ui/chart/csv.h, or
 * filled in memory by the caller (`ordersim run --chart`). */
#ifndef UI_CHART_H
#define UI_CHART_H

#include <cairo.h>
#include <stdbool.h>
#include <stddef.h>

#include "ui/chart/chart_data.h"
#include "ui/chart/chart_plot.h"

/* The panels, in their default order: X(ENUM, name, help). */
#define UI_CHART_PANELS(X)                                                                         \
    X(LATENCY, "latency", "user latency per interval: p50 solid, p99 dashed (ms)")                 \
    X(BACKLOG, "backlog", "MQ backlog (messages): its peak and when it was empty again; "         \
                          "with several services each one's own")                                \
    X(DATABASE, "database", "database queries/s and its capacity (a step line with slow "         \
                            "faults); with several databases each one's")                        \
    X(THROUGHPUT, "throughput", "offered, completed, rejected, failed orders/s; with several "     \
                                "services each one's completed/s")                               \
    X(LAG, "lag", "completion lag, arrival to database write: p50, p99 (ms); with several "        \
                  "services each one's p99")

enum ui_chart_panel {
#define UI_CHART_PANEL_ENUM(e, name, help) UI_PANEL_##e,
    UI_CHART_PANELS(UI_CHART_PANEL_ENUM)
#undef UI_CHART_PANEL_ENUM
        UI_CHART_NPANELS
};
#define UI_CHART_MAX_PANELS 8
#define UI_CHART_DEFAULT_PANELS "latency,backlog,database,throughput"

enum ui_lang { UI_LANG_EN, UI_LANG_ZH };

struct ui_chart_opts {
    int width, height; /* pixels for PNG, points for SVG and PDF (default 1600x900) */
    enum ui_chart_panel panels[UI_CHART_MAX_PANELS];
    int npanels;      /* 0: UI_CHART_DEFAULT_PANELS */
    bool log_latency; /* log scale for the latency and lag panels */
    enum ui_lang lang;
    const char *title; /* NULL: the sidecar's title, else the run labels */
};
void ui_chart_opts_init(struct ui_chart_opts *o);
/* "latency,backlog" -> o->panels. Returns 0 or SIM_EINVAL (err names the bad one). */
int ui_chart_parse_panels(struct ui_chart_opts *o, const char *list, char *err, size_t errlen);
/* "en" or "zh". Returns 0 or SIM_EINVAL. */
int ui_chart_parse_lang(enum ui_lang *lang, const char *s);

/* Where things landed in the last render (tests; callers adding annotations). */
struct ui_chart_rect {
    double x, y, w, h;
};
struct ui_chart_geom {
    int npanels;
    enum ui_chart_panel panel[UI_CHART_MAX_PANELS];
    struct ui_chart_rect plot[UI_CHART_MAX_PANELS], legend[UI_CHART_MAX_PANELS];
    struct ui_axis x, y[UI_CHART_MAX_PANELS], y2[UI_CHART_MAX_PANELS];
};

/* Draw runs[0..nruns) on cr, whose surface is o->width x o->height. One run: the
 * single-run chart; more: the overlay. geom may be NULL. Returns 0, SIM_EINVAL (no
 * run, or a run without rows), SIM_ERANGE (too many series for a panel) or
 * SIM_ENOMEM. Does not check cr's status (the caller does after finishing). */
int ui_chart_render(cairo_t *cr, const struct ui_run_data *runs, int nruns,
                    const struct ui_chart_opts *o, struct ui_chart_geom *geom);

/* Render into path, format by its extension (ui_chart_formats), written to a temp
 * file beside path and renamed. Returns 0; SIM_EINVAL (unsupported extension or
 * bad data: err says which, listing the formats); SIM_EIO (cannot write: err is
 * "path: reason"); SIM_ERANGE or SIM_ENOMEM. Nothing is left at path on failure. */
int ui_chart_save(const struct ui_run_data *runs, int nruns, const struct ui_chart_opts *o,
                  const char *path, char *err, size_t errlen);
extern const char ui_chart_formats[];

/* Any drawing into path, format by extension, atomically: draw(cr, ctx) paints a
 * w x h surface and returns 0 or an error (then nothing is written). Errors as
 * ui_chart_save's; err is "path: reason". */
typedef int (*ui_draw_fn)(cairo_t *cr, void *ctx);
int ui_chart_save_drawing(const char *path, int w, int h, ui_draw_fn draw, void *ctx, char *err,
                          size_t errlen);

/* Free the font caches Pango, cairo and fontconfig keep for the whole process
 * (leak checkers report them otherwise). Call once, at exit, when no cairo or Pango
 * object is alive: nothing may be drawn afterwards (fontconfig cannot start again
 * cleanly in the same process). ui_chart_release_at_exit() registers it with
 * atexit() once; the chart and compare commands do that, and so should any other
 * command that calls ui_chart_save. */
void ui_chart_release(void);
void ui_chart_release_at_exit(void); /* ".png, .svg, .pdf" */
/* Is path's extension one of them? */
bool ui_chart_format_ok(const char *path);

/* `ordersim chart RUN.csv -o FILE ...`: run it with ui_cmd_exec (ui/base/cmd.h). */
struct ui_cmd_entry;
extern const struct ui_cmd_entry ui_cmd_chart_entry;

#endif
