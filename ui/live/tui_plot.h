/* ui/live/tui_plot.h: putting a variant's recorded series on a canvas.
 *
 * A plot is one chart's rectangle of cells over the time window; a series is one
 * metric of one variant, read bucket by bucket from its closed buckets. Lines end at
 * the last closed bucket, where they get their label ("sync", "async"). */
#ifndef UI_TUI_PLOT_H
#define UI_TUI_PLOT_H

#include "ui/live/tui_chart.h"

#define UI_TUI_AXIS_W 6   /* left: 5 columns of tick labels, then the axis line */
#define UI_TUI_GUTTER_W 6 /* right: a line and 5 columns of labels */
#define UI_TUI_MAX_LABELS 24

/* What a series shows, per closed bucket, in its chart's unit. */
enum ui_tui_metric {
    UI_TUI_M_P50, /* user latency, ms */
    UI_TUI_M_P99,
    UI_TUI_M_BACKLOG,   /* messages, at the bucket's end */
    UI_TUI_M_DBPS,      /* database queries / s */
    UI_TUI_M_OFFERED,   /* orders / s */
    UI_TUI_M_COMPLETED, /* orders / s */
    UI_TUI_M_ERRORS,    /* (rejected + failed) / s; buckets without any are gaps */
    UI_TUI_M_DBCAP,     /* the database's capacity in the bucket (queries / s), faults included */
};

/* A variant's pen by its role: its main line (thick for sync, thin for async), p99
 * dots, errors. Sync and async differ in thickness and ASCII letter, not only in
 * colour, so they stay apart on a washed-out projector. */
enum ui_tui_pen_role { UI_TUI_PEN_MAIN, UI_TUI_PEN_P99, UI_TUI_PEN_ERR };
struct ui_tui_pen ui_tui_variant_pen(enum ord_variant kind, enum ui_tui_pen_role role);
/* "sync" / "async" (同步 / 异步), or the variant's own name. */
const char *ui_tui_variant_label(const struct ord_variant_result *v, enum ui_tui_lang lang);

enum ui_tui_axis_fmt { UI_TUI_AXIS_MS, UI_TUI_AXIS_COUNT, UI_TUI_AXIS_RATE };
/* Axis numbers in at most 5 columns: "25ms", "1.5s"; "40k", "6k". Return buf. */

#define UI_TUI_MAX_ALT 32
struct ui_tui_plot_label {
    int cx, cy; /* the cell of the point labelled (plot coordinates) */
    /* A label at a line's peak: other cells of the line fit to carry it (the peak's
     * plateau first, then the nearest rows below). */
    struct ui_tui_cell_xy {
        int cx, cy;
    } alt[UI_TUI_MAX_ALT];
    int nalt;
    bool peak;
    bool gutter; /* a reference label: in the right gutter on row cy */
    char text[48];
    enum ui_tui_style style;
};

/* A reference line: a row of dashes (not dots, so it never looks like a p99 line). */
struct ui_tui_plot_ref {
    int row; /* plot cell row */
    double value;
    enum ui_tui_style style;
};
#define UI_TUI_MAX_REFS 4

struct ui_tui_plot {
    struct ui_tui_cells *b;
    struct ui_tui_view *v; /* where the placed labels are recorded */
    struct ui_tui_canvas *cv;
    const struct ord_result *r;
    const struct ui_tui_snapshot *s;
    const struct ui_tui_opts *o;
    struct ui_tui_window win;
    int x, y, w, h; /* plot cells in the buffer */
    double interval_s;
    struct ui_tui_plot_label labels[UI_TUI_MAX_LABELS];
    int nlabels;
    struct ui_tui_plot_ref refs[UI_TUI_MAX_REFS];
    int nrefs;
};

/* Start a plot over cells (x, y, w, h): an empty canvas over the time window. */
int ui_tui_plot_begin(struct ui_tui_plot *p, struct ui_tui_cells *b, struct ui_tui_view *v,
                      const struct ui_tui_snapshot *s, const struct ui_tui_opts *o, int x, int y,
                      int w, int h);
/* The largest value of variant i's metric in the window (0 if none). */
double ui_tui_plot_max(const struct ui_tui_plot *p, int i, enum ui_tui_metric m);
/* Draw variant i's metric on scale sc; label (may be NULL) goes at the line's end,
 * or with at_peak at its highest point (for lines that matter where they rise, such
 * as errors, and lie on the axis at their end). */
void ui_tui_plot_series(struct ui_tui_plot *p, const struct ui_tui_scale *sc, int i,
                        enum ui_tui_metric m, const struct ui_tui_pen *pen, bool at_peak,
                        const char *label);
/* A horizontal reference line at value, drawn as dashes in the cells no line takes;
 * label (may be NULL) in the gutter on its row. Its row is its value's, moved a row
 * toward the value when an axis tick of another value or another reference line
 * already has that row, so "25ms" is never written on the "10ms" row nor over
 * "220ms". */
void ui_tui_plot_hline(struct ui_tui_plot *p, const struct ui_tui_scale *sc, double value,
                       const struct ui_tui_pen *pen, const char *label);
/* A label inside the plot at the left, on the row of value. */
void ui_tui_plot_label_at(struct ui_tui_plot *p, const struct ui_tui_scale *sc, double value,
                          const char *text, enum ui_tui_style st);
/* Copy the canvas to the cells, draw the markers, the labels and the left axis of sc. */
void ui_tui_plot_end(struct ui_tui_plot *p, const struct ui_tui_scale *sc,
                     enum ui_tui_axis_fmt fmt);
/* A chart's title row; with legend, each variant's name in its line style. */
void ui_tui_plot_title(struct ui_tui_cells *b, const struct ui_tui_opts *o,
                       const struct ui_tui_layout *L, int y, const char *title,
                       const struct ord_result *r, bool legend);

#endif
