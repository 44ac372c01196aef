/* ui/live/tui_screen.h: one frame of the live view, as a pure function.
 *
 * The screen is drawn from a snapshot of the run (its ord_result, read through
 * ord_run_result(), and what the run says about the present: the arrival rate in
 * force, the active faults), the terminal size, the options and a wall clock reading
 * (for the axes' hysteresis only). Nothing here runs the model or touches curses, so
 * the same frame is what the terminal shows and what golden tests compare. */
#ifndef UI_TUI_SCREEN_H
#define UI_TUI_SCREEN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "orders/model.h"
#include "ui/live/tui_cells.h"
#include "ui/live/tui_scale.h"
#include "ui/live/tui_text.h"

#define UI_TUI_MIN_W 80
#define UI_TUI_MIN_H 24


struct ui_tui_snapshot {
    const struct ord_result *res; /* ord_run_result(): record, totals, config */
    double rate_now;              /* ord_run_rate_now() */
    uint32_t faults;              /* UI_TUI_FAULT_BIT of each ord_run_fault_active() */
    bool done;                    /* ord_run_done() */
    bool paused;
    double speed;
    const struct ord_command *cmds; /* commands given live (key presses), by time */
    size_t ncmds;
    const struct ord_span *spans; /* every fault of the run so far (ord_fault_spans) */
    size_t nspans;
    const struct ui_tui_episode *eps; /* the episodes so far, by time (none: one, the start) */
    size_t neps;
    bool no_service_left; /* the c key found no service to add (until the next key) */
};

struct ui_tui_opts {
    enum ui_tui_plot_mode mode; /* Braille (UTF-8) or ASCII */
    enum ui_tui_lang lang;
};

/* Where the last frame put a chart's label, in screen cells: beside the point it
 * labels (its line's last point, or its peak), on that point's row or the next one;
 * farther away only with a leader, a column of cells joining the point's row to the
 * label's. The placement rule is tested over many frames (test_ui_tui_labels). */
struct ui_tui_placed_label {
    int ax, ay;                         /* the labelled point's cell */
    int x, y, w;                        /* the label's first cell and width */
    int leader_x, leader_y0, leader_y1; /* leader rows y0..y1 inclusive; y0 > y1: none */
    bool joined; /* it continues the label of a line ending at the same point ("sync·offered") */
    char text[48];
};
#define UI_TUI_MAX_PLACED 64

/* What persists from frame to frame: toggles, overlays, axis ranges, scratch. */
struct ui_tui_view {
    bool log;         /* latency axis on a log scale */
    bool help, notes; /* overlays */
    bool flow;        /* the flow diagram instead of the charts (ui/live/tui_flow.h) */
    struct ui_tui_scale lat, backlog, dbps, thr;
    struct ui_tui_canvas cv;
    /* The last frame's chart labels (for tests): placed, and those left out because
     * no row beside their point nor any reachable by a leader was free. */
    struct ui_tui_placed_label placed[UI_TUI_MAX_PLACED];
    int nplaced, ndropped;
};

void ui_tui_view_init(struct ui_tui_view *v);
void ui_tui_view_free(struct ui_tui_view *v);
/* Forget the axis ranges (after a restart or a scale change). */
void ui_tui_view_reset_scales(struct ui_tui_view *v);

/* The time base of every figure on screen: the end of the last closed bucket (the
 * run's end once it is done). */
sim_time ui_tui_time_base(const struct ui_tui_snapshot *s);
/* The figures of variant i (index into res->v) at the time base, with episode e's
 * counts (e may be NULL), and the caption's facts (ui/live/tui_facts.c). */
void ui_tui_vfigs_read(const struct ui_tui_snapshot *s, int i, const struct ui_tui_episode *e,
                       struct ui_tui_vfigs *out);
void ui_tui_facts_read(const struct ui_tui_snapshot *s, struct ui_tui_facts *out);

/* The reference latencies and the database capacity come from the model's
 * ord_ideal_latency() and ord_db_capacity() (orders/model.h). */

/* Draw the frame into b (already sized to the terminal). Returns 0 or SIM_ENOMEM. */
int ui_tui_screen_render(struct ui_tui_cells *b, struct ui_tui_view *v,
                         const struct ui_tui_snapshot *s, const struct ui_tui_opts *o,
                         int64_t wall_ns);

/* Text wrapped to width w into rows y .. y + max - 1 from column x, in style st;
 * returns the rows used (at most max). */
int ui_tui_put_wrapped(struct ui_tui_cells *b, int x, int y, int w, int max,
                       enum ui_tui_style st, const char *text);

#endif
