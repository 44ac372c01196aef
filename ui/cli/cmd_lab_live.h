/* ui/cli/cmd_lab_live.h: the live view over a lab run (`ordersim lab --live`). */
#ifndef UI_CLI_CMD_LAB_LIVE_H
#define UI_CLI_CMD_LAB_LIVE_H

#include <stdbool.h>

#include "lab/lab.h"
#include "ui/live/tui_cells.h"
#include "ui/live/tui_screen.h"
#include "ui/live/tui_term.h"

/* Caller-owned; its fields are the view's own. */
struct lab_view {
    struct lab *lab;
    struct ui_tui_term term;
    struct ui_tui_cells frame;
    struct ui_tui_view view;
    struct ui_tui_opts opts;
    uv_timer_t frame_timer;
    uv_poll_t input;
    uv_signal_t winch;
    uv_handle_t *open[3]; /* the handles whose init succeeded */
    int nopen;
    struct lab_run snap; /* the latest figures (lab_snapshot) */
    double scale;        /* the run's --scale: a spike key's rate is scaled by it */
    bool own_redis, no_color, have_snap, final, force, view_open;
    int error;      /* what ended the view, or 0 */
    char why[256];
};

/* Set v up and fill live (for lab_opts.live) with its start and stop; the terminal is
 * taken when the run starts and given back when its loop stops. own_redis: the lab
 * runs its own redis-server (the m key pauses it). Sets the locale (UTF-8 or not). */
void ui_lab_view_init(struct lab_view *v, struct lab_live *live, double scale, bool own_redis,
                      bool no_color);
/* Free what the view holds (after lab_run returned; safe if it never started). */
void ui_lab_view_free(struct lab_view *v);

#endif
