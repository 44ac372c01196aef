/* ui/live/tui_live.h: the terminal side of a live session: curses, the libuv loop (frame
 * timer, keyboard, signals) and restoring the terminal whatever happens. */
#ifndef UI_TUI_LIVE_H
#define UI_TUI_LIVE_H

#include <stdbool.h>
#include <stdint.h>

#include "orders/scenario/config.h"
#include "ui/live/tui_text.h"

struct ui_tui_session;
struct ui_tui_view;
struct ui_tui_cells;
struct ui_tui_snapshot;
struct ui_tui_opts;

/* A front end that plays over the live view (the lesson mode, ui/lesson): it is told
 * when the session has started, sees every key first and draws each frame. */
struct ui_tui_front {
    void *ctx;
    /* Once, after the session is built, before the first frame. Returns 0 or an error. */
    int (*start)(void *ctx, struct ui_tui_session *s, struct ui_tui_view *v);
    /* A key (a character or a curses KEY_ code) before the live key table: returns 1
     * when it used the key, 0 to pass it on, or a negative error. May set *quit. */
    int (*key)(void *ctx, struct ui_tui_session *s, struct ui_tui_view *v, int ch, bool *quit);
    /* Draw the frame (instead of ui_tui_screen_render). Returns 0 or an error. */
    int (*render)(void *ctx, struct ui_tui_cells *b, struct ui_tui_view *v,
                  const struct ui_tui_snapshot *s, const struct ui_tui_opts *o, int64_t wall_ns);
    /* A number that changes whenever the front's own state does (redraw then). */
    uint64_t (*state)(void *ctx);
};

struct ui_tui_live_opts {
    double speed; /* 0.1 .. 100 */
    enum ui_tui_lang lang;
    bool ascii; /* no Braille, no box drawing, even on UTF-8 */
    bool no_color;
    const char *record;  /* --record FILE, or NULL */
    const char *csv_out; /* written when the session ends (the run finished first) */
    const char *json_out;
    const char *cmd; /* "live" or "replay", for messages */
    const struct ui_tui_front *front; /* NULL: the plain live view */
};

/* Run cfg live until q or SIGINT/SIGTERM. Takes ownership of *cfg (zeroed). Returns
 * the exit status: 0 after q, 128 + the signal after SIGINT/SIGTERM, 1 on a runtime
 * failure, 2 when stdout is not a terminal. */
int ui_tui_live_run(struct ord_config *cfg, const struct ui_tui_live_opts *o);
/* Is the user's locale (LC_ALL/LC_CTYPE/LANG) UTF-8? Sets the locale from the
 * environment (numbers stay C). Chinese and Braille need it. */
bool ui_tui_locale_utf8(void);

#endif
