/* ui/live/tui_term.h: the terminal under a screen of cells: curses set up (colours or
 * attributes, keys, no echo), a frame copied to it cell by cell (only the cells that
 * changed), and the terminal restored on every path, a crash included.
 *
 * The live view (tui_live.c) and the lab's live view (`lab --live`) both show their
 * frames through it. One per process (curses has one terminal); not thread-safe. */
#ifndef UI_TUI_TERM_H
#define UI_TUI_TERM_H

#include <stdbool.h>
#include <stddef.h>

#include "ui/live/tui_cells.h"

struct ui_tui_term {
    void *screen; /* curses' SCREEN, NULL when closed */
    bool color;
    struct ui_tui_cells shown; /* what curses holds */
};

/* Take the terminal (stdin, stdout): curses in cbreak mode, keys without delay, no
 * cursor; colours unless no_color, NO_COLOR or a terminal without them. Returns 0, or
 * SIM_EIO with the reason in why. */
int ui_tui_term_open(struct ui_tui_term *t, bool no_color, char *why, size_t n);
/* Show frame: only the cells that differ from what the terminal shows, or all of them
 * when force (a resize, the first frame). frame then holds scratch (buffers swap). */
void ui_tui_term_show(struct ui_tui_term *t, struct ui_tui_cells *frame, bool force);
/* Give the terminal back (safe when closed, and more than once). */
void ui_tui_term_close(struct ui_tui_term *t);

#endif
