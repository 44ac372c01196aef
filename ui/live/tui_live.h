/* ui/live/tui_live.h: the terminal side of a live session: curses, the libuv loop (frame
 * timer, keyboard, signals) and restoring the terminal whatever happens. */
#ifndef UI_TUI_LIVE_H
#define UI_TUI_LIVE_H

#include <stdbool.h>

#include "orders/scenario/config.h"
#include "ui/live/tui_text.h"

struct ui_tui_live_opts {
    double speed; /* 0.1 .. 100 */
    enum ui_tui_lang lang;
    bool ascii; /* no Braille, no box drawing, even on UTF-8 */
    bool no_color;
    const char *record;  /* --record FILE, or NULL */
    const char *csv_out; /* written when the session ends (the run finished first) */
    const char *json_out;
    const char *cmd; /* "live" or "replay", for messages */
};

/* Run cfg live until q or SIGINT/SIGTERM. Takes ownership of *cfg (zeroed). Returns
 * the exit status: 0 after q, 128 + the signal after SIGINT/SIGTERM, 1 on a runtime
 * failure, 2 when stdout is not a terminal. */
int ui_tui_live_run(struct ord_config *cfg, const struct ui_tui_live_opts *o);

#endif
