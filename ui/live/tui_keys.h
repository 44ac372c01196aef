/* ui/live/tui_keys.h: the TUI's keys, one table for input, the footer and the help.
 *
 * A row names the keys that trigger it, how the footer and the help show it, and
 * its action. Adding a row adds the key everywhere (one table per fact: docs/ARCHITECTURE.md). */
#ifndef UI_TUI_KEYS_H
#define UI_TUI_KEYS_H

#include <stdbool.h>
#include <stddef.h>

#include "ui/live/tui_text.h"

enum ui_tui_action {
    UI_TUI_ACT_NONE,
    UI_TUI_ACT_PAUSE,   /* pause / resume */
    UI_TUI_ACT_FASTER,  /* next speed step */
    UI_TUI_ACT_SLOWER,  /* previous speed step */
    UI_TUI_ACT_SPIKE,   /* 10 s at 10 000 orders/s, now */
    UI_TUI_ACT_B_DOWN,  /* B down / up */
    UI_TUI_ACT_B_HANG,  /* B hangs / recovers */
    UI_TUI_ACT_DB_SLOW, /* database x5 slower / normal */
    UI_TUI_ACT_MQ_DOWN, /* MQ down / up */
    UI_TUI_ACT_JOIN,    /* a service subscribes now (ui_tui_session_join) */
    UI_TUI_ACT_RESTART, /* start the scenario over */
    UI_TUI_ACT_ZERO,    /* count the episode from now */
    UI_TUI_ACT_LOG,     /* latency axis log / linear */
    UI_TUI_ACT_FLOW,    /* the flow diagram instead of the charts / back */
    UI_TUI_ACT_NOTES,   /* the scenario's notes (overlay) */
    UI_TUI_ACT_HELP,    /* this table (overlay) */
    UI_TUI_ACT_QUIT,
};

struct ui_tui_key {
    const char *keys; /* the characters that trigger it */
    const char *cap;  /* how the key is shown: "space", "+" */
    enum ui_tui_action action;
    int rank;                         /* footer priority, 1 first; 0: in the help only */
    bool pinned;                      /* always in the footer, at its end */
    const char *fcap;                 /* the footer's key name when it differs from cap ("+/-") */
    const char *footer[UI_TUI_NLANG]; /* one or two words */
    const char *help[UI_TUI_NLANG];   /* a sentence for the help overlay */
};

extern const struct ui_tui_key ui_tui_keys[];
extern const int ui_tui_nkeys;

/* The row for a key code (a character or a curses KEY_ code), or NULL. */
const struct ui_tui_key *ui_tui_key_find(int ch);
/* The footer line for width columns: the pinned rows, and as many others as fit in
 * order of rank, shown in table order. Written into buf (UTF-8). Returns its display
 * width. */
int ui_tui_footer(char *buf, size_t n, int width, enum ui_tui_lang lang);
/* The help overlay's line i (0 <= i < ui_tui_nkeys): "  space   pause / resume". */
void ui_tui_help_line(char *buf, size_t n, int i, enum ui_tui_lang lang);

/* Speed steps for + and - (0.1x .. 100x). */
extern const double ui_tui_speeds[];
extern const int ui_tui_nspeeds;
/* The next step above (dir > 0) or below (dir < 0) speed, or speed itself at an end. */
double ui_tui_speed_step(double speed, int dir);

#endif
