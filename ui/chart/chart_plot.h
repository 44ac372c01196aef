/* ui/chart/chart_plot.h: a small general plotting layer on cairo + pango.
 *
 * One struct ui_plot is one rectangle of data space (a panel): an x axis, a left y
 * axis and an optional right one, and items added before drawing — line series
 * (dash patterns, markers, fill, error bars), horizontal reference lines and shaded
 * or hatched x-windows. The flow, as in matplotlib: add items, fit the axes (nice
 * ticks, linear or log), ask the gutters and legend size to lay panels out, set the
 * rectangle, draw, draw the legend. The time-series chart, the compare overlay and
 * the sweep chart all use it.
 *
 * Storage is the caller's: a plot holds pointers to series data (which must live
 * until ui_plot_draw returns) and copies of labels. Nothing here allocates except
 * Pango's layouts inside a draw call. Sizes are device units (pixels for PNG, points
 * for SVG/PDF); canvas->unit scales every default (1.0 at 1600x900). */
#ifndef UI_CHART_PLOT_H
#define UI_CHART_PLOT_H

#include <cairo.h>
#include <stdbool.h>
#include <stddef.h>

struct ui_rgba {
    double r, g, b, a;
};
static inline struct ui_rgba ui_rgb(unsigned hex)
{
    struct ui_rgba c = {((hex >> 16) & 0xff) / 255.0, ((hex >> 8) & 0xff) / 255.0,
                        (hex & 0xff) / 255.0, 1.0};
    return c;
}
static inline struct ui_rgba ui_with_alpha(struct ui_rgba c, double a)
{
    c.a = a;
    return c;
}

/* Okabe & Ito (2008), "Color Universal Design": told apart under every common
 * colour-vision deficiency. */
enum ui_okabe_ito {
    UI_OI_BLACK,
    UI_OI_ORANGE,
    UI_OI_SKY_BLUE,
    UI_OI_GREEN,
    UI_OI_YELLOW,
    UI_OI_BLUE,
    UI_OI_VERMILLION,
    UI_OI_PURPLE,
    UI_OI_N
};
extern const unsigned ui_okabe_ito[UI_OI_N]; /* 0xRRGGBB */

enum ui_dash { UI_DASH_SOLID, UI_DASH_DASHED, UI_DASH_DOTTED, UI_DASH_DASHDOT, UI_DASH_LONG };
enum ui_marker {
    UI_MARKER_NONE,
    UI_MARKER_CIRCLE,
    UI_MARKER_SQUARE,
    UI_MARKER_TRIANGLE,
    UI_MARKER_DIAMOND,
    UI_MARKER_CROSS
};

struct ui_line_style {
    struct ui_rgba color;
    double width;      /* device units */
    enum ui_dash dash; /* pattern lengths scale with width */
    enum ui_marker marker;
    double marker_size; /* across, device units; 0: 3.4 x width */
    int marker_every;   /* a marker on every k-th valid point; 0: about 14 per series */
    int marker_phase;   /* index of the first marked point (to stagger series) */
};

/* Everything drawn on one surface shares this: the cairo context, fonts, sizes. */
struct ui_canvas {
    cairo_t *cr;
    const char *fonts; /* Pango family list */
    double unit;       /* device units per design pixel */
    double font_title, font_panel, font_axis, font_tick, font_legend, font_small;
    struct ui_rgba ink, muted, grid, paper;
    bool text_as_paths; /* fill glyph outlines instead of showing text (see init) */
};
/* Default sizes and colours for unit; fonts: "Noto Sans CJK SC, Noto Sans, DejaVu
 * Sans, sans" (CJK first so Chinese labels and Latin share one family). On a PDF
 * surface text is drawn as outlines: cairo 1.16 leaks memory when it subsets the
 * CFF fonts Noto CJK uses, and outlines need no embedded font anyway. */
void ui_canvas_init(struct ui_canvas *c, cairo_t *cr, double unit);

enum { UI_TEXT_BOLD = 1, UI_TEXT_HALO = 2 /* a paper-coloured outline behind */ };
/* The size of one line of UTF-8 text at px (device units) before rotation. */
void ui_text_size(struct ui_canvas *c, const char *s, double px, int flags, double *w, double *h);
/* Draw s so that the point (ax, ay) of its box (0,0 top-left; 1,1 bottom-right) lands
 * on (x, y); angle in radians, counter-clockwise, about that point. */
void ui_text_draw(struct ui_canvas *c, const char *s, double x, double y, double px, int flags,
                  double ax, double ay, double angle, struct ui_rgba color);

enum ui_scale { UI_SCALE_LINEAR, UI_SCALE_LOG };
#define UI_AXIS_MAX_TICKS 24
/* Values beyond this are clamped when an axis includes them (ui_axis_include). */
#define UI_AXIS_MAX_ABS 1e15

struct ui_axis {
    enum ui_scale scale;
    char label[112];         /* with its unit: "latency (ms)" */
    bool fixed;              /* lo and hi set by ui_axis_fix; fitting keeps them */
    bool include_zero;       /* linear: start at 0 when the data is >= 0 (default true) */
    double min_span;         /* linear: smallest hi - lo when the data is flat (default 1) */
    int target_ticks;        /* about this many labelled ticks (default 5) */
    double data_lo, data_hi; /* data range seen; lo > hi when none */
    double lo, hi, step;     /* after fitting; step: linear tick spacing */
    int nticks, nminor;
    double ticks[UI_AXIS_MAX_TICKS], minor[UI_AXIS_MAX_TICKS * 4];
};
void ui_axis_init(struct ui_axis *a, enum ui_scale s, const char *label);
/* Widen the data range to v (ignored: NAN, infinities, and v <= 0 on a log axis). */
void ui_axis_include(struct ui_axis *a, double v);
/* Fix the range to [lo, hi] and compute its ticks. */
void ui_axis_fix(struct ui_axis *a, double lo, double hi);
/* Nice range and ticks around the data (no-op on a fixed axis except ticks). */
void ui_axis_fit(struct ui_axis *a);
/* Position of v along the axis, 0 at lo and 1 at hi; NAN if v cannot be shown
 * (NAN, or <= 0 on a log axis). */
double ui_axis_frac(const struct ui_axis *a, double v);

/* Heckbert's nice numbers: ticks covering [lo, hi] with a step of 1, 2, 2.5 or 5 x
 * 10^k, about target of them. Returns the count (<= max) and the step. */
int ui_nice_ticks(double lo, double hi, int target, double *ticks, int max, double *step);
/* v with as many decimals as step needs; thousands grouped by a narrow space from
 * 10 000 up (SI style, readable in both languages). */
void ui_format_number(double v, double step, char *buf, size_t n);

enum ui_band_style { UI_BAND_SHADE, UI_BAND_HATCH };

struct ui_plot_series {
    const double *x, *y; /* n points; a NAN y (or y <= 0 on a log axis) breaks the line */
    size_t n;
    double x_shift;          /* added to every x (e.g. half an interval) */
    const double *ylo, *yhi; /* error bars (both or neither), or NULL */
    int axis;                /* 0: left y axis, 1: right */
    struct ui_line_style style;
    bool fill; /* shade between the line and the axis' base */
    double fill_alpha;
    const char *label; /* legend text (copied), or NULL to leave it out */
};

enum ui_plot_item_kind { UI_ITEM_SERIES, UI_ITEM_HLINE, UI_ITEM_BAND };
#define UI_PLOT_MAX_ITEMS 48
#define UI_PLOT_LABEL_MAX 112

/* Private to the plot layer; in the header only for caller-owned storage. */
struct ui_plot_item {
    enum ui_plot_item_kind kind;
    struct ui_plot_series s; /* SERIES; HLINE uses axis, style */
    double value, x0, x1;    /* HLINE y; BAND x range */
    enum ui_band_style band;
    struct ui_rgba band_color;
    char label[UI_PLOT_LABEL_MAX];
    double label_x, label_y, label_w, label_h; /* an HLINE's label as last drawn (0 x 0: none) */
};

struct ui_plot {
    struct ui_canvas *cv;
    double x, y, w, h; /* data rectangle, device units */
    struct ui_axis xa, ya, y2;
    bool use_y2;                   /* set by adding an item on axis 1 */
    bool x_tick_labels, x_title;   /* draw x tick labels / the x axis label (default on) */
    char title[UI_PLOT_LABEL_MAX]; /* panel title above the rectangle, or "" */
    double legend_max_h; /* a taller legend takes more columns (0: one column) */
    struct ui_plot_item items[UI_PLOT_MAX_ITEMS];
    int nitems;
};

/* Linear axes labelled "", no items. */
void ui_plot_init(struct ui_plot *p, struct ui_canvas *cv);
/* Add items. Return 0 or SIM_ERANGE when the plot is full. Each widens its axis'
 * data range (reference lines too, so that they stay in view). */
int ui_plot_add_series(struct ui_plot *p, const struct ui_plot_series *s);
int ui_plot_add_hline(struct ui_plot *p, int axis, double y, const struct ui_line_style *st,
                      const char *label);
int ui_plot_add_band(struct ui_plot *p, double x0, double x1, enum ui_band_style style,
                     struct ui_rgba color, const char *label);

/* Fit the three axes to the items. */
void ui_plot_fit(struct ui_plot *p);
/* Room needed around the rectangle for ticks, labels and the title (after fit). */
void ui_plot_gutters(struct ui_plot *p, double *left, double *right, double *top, double *bottom);
/* Size of the legend box (0 x 0 when no item has a label): one column, or as many as
 * keep it within legend_max_h. */
void ui_plot_legend_size(struct ui_plot *p, double *w, double *h);
void ui_plot_set_rect(struct ui_plot *p, double x, double y, double w, double h);
/* Device coordinates of data point (x, y on axis); NAN when it cannot be shown. */
double ui_plot_px(const struct ui_plot *p, double x);
double ui_plot_py(const struct ui_plot *p, int axis, double y);
/* Draw the rectangle, items, axes and labels; then the legend with its top-left at
 * (x, y). */
void ui_plot_draw(struct ui_plot *p);
void ui_plot_draw_legend(struct ui_plot *p, double x, double y);

/* Stroke-style helpers for other drawings on the same canvas (legend samples). */
void ui_line_apply(cairo_t *cr, const struct ui_line_style *st);
void ui_marker_path(cairo_t *cr, enum ui_marker m, double x, double y, double size);

#endif
