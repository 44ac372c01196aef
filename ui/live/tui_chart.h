/* ui/live/tui_chart.h: the live view's three charts and their shared time axis.
 *
 * Used by ui/live/tui_screen.c: the screen decides the layout, these draw into it. Every
 * point is a closed bucket of a variant's series (ord_result), never a figure of
 * their own. */
#ifndef UI_TUI_CHART_H
#define UI_TUI_CHART_H

#include "ui/live/tui_screen.h"

/* Where everything goes, from the terminal size (ui_tui_layout). A chart has a title
 * row at *_y and plot rows *_y + 1 .. *_y + *_h. */
struct ui_tui_layout {
    int w, h;
    int caption_y, caption_h;
    int chart_x, chart_w; /* left axis + plot + right gutter */
    int plot_x, plot_w;
    int gutter_x, gutter_w; /* right of the plot: reference labels, the DB/s axis */
    int lat_y, lat_h, bl_y, bl_h, thr_y, thr_h;
    int xaxis_y;
    int panel_x, panel_w, panel_y, panel_h;
    int footer_y;
};

/* Compute the layout for w x h (>= the minimum size). */
void ui_tui_layout(int w, int h, struct ui_tui_layout *L);

/* The time range the charts show: [t0, t0 + span). The whole run when it is at most
 * ten minutes long, else a window following the present. */
struct ui_tui_window {
    sim_time t0, span;
};
struct ui_tui_window ui_tui_window_of(const struct ord_result *r);

/* A marker: a phase or fault starting or ending, from the config or a live command. */
struct ui_tui_marker {
    sim_time at;
    char label[ORD_NAME_MAX + 8];
    enum ui_tui_style style;
};
/* Collect the markers of s (config phases and faults, config and live commands), by
 * time, at most max. Returns the count. */
int ui_tui_markers(const struct ui_tui_snapshot *s, enum ui_tui_lang lang,
                   struct ui_tui_marker *out, int max);

/* Draw each chart (title, axes, lines, labels, markers). Return 0 or SIM_ENOMEM. */
int ui_tui_chart_latency(struct ui_tui_cells *b, struct ui_tui_view *v,
                         const struct ui_tui_snapshot *s, const struct ui_tui_opts *o,
                         const struct ui_tui_layout *L, int64_t wall_ns);
int ui_tui_chart_backlog(struct ui_tui_cells *b, struct ui_tui_view *v,
                         const struct ui_tui_snapshot *s, const struct ui_tui_opts *o,
                         const struct ui_tui_layout *L, int64_t wall_ns);
int ui_tui_chart_throughput(struct ui_tui_cells *b, struct ui_tui_view *v,
                            const struct ui_tui_snapshot *s, const struct ui_tui_opts *o,
                            const struct ui_tui_layout *L, int64_t wall_ns);
/* The time labels under the charts and the markers' labels. */
void ui_tui_chart_xaxis(struct ui_tui_cells *b, const struct ui_tui_snapshot *s,
                        const struct ui_tui_opts *o, const struct ui_tui_layout *L);

#endif
