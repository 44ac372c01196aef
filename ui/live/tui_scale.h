/* ui/live/tui_scale.h: chart axes that do not jump.
 *
 * A scale's top grows at once to the next nice value (1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8
 * x 10^k; decades on a
 * log scale) when the data pass it, and shrinks only after the data have fitted in
 * half the range (one decade less on a log scale) for UI_TUI_SHRINK_AFTER of wall
 * time without a break, so the axes stay still while the numbers wobble. Time comes
 * from the caller (a fake clock in tests). */
#ifndef UI_TUI_SCALE_H
#define UI_TUI_SCALE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define UI_TUI_SHRINK_AFTER ((int64_t)3000000000) /* 3 s of wall time, in ns */

struct ui_tui_scale {
    bool log;          /* log10 axis from lo to hi */
    double lo, hi;     /* current range (hi == 0: not yet set) */
    int64_t fit_since; /* wall ns since the data fit a smaller range; -1: they do not */
};

/* A fresh scale (linear from 0, or log from lo > 0). */
void ui_tui_scale_init(struct ui_tui_scale *s, bool log, double lo);
/* The smallest nice value >= v: one of the steps above x 10^k (linear) or 10^k (log);
 * v <= 0 gives
 * min_top. */
double ui_tui_nice_ceil(double v, bool log, double min_top);
/* Feed the largest value shown now; min_top is the smallest top allowed. Returns true
 * when the range changed. */
bool ui_tui_scale_update(struct ui_tui_scale *s, double data_max, double min_top, int64_t now_ns);
/* Position of v on an axis of n steps (0 = bottom, n - 1 = top), clamped. */
int ui_tui_scale_pos(const struct ui_tui_scale *s, double v, int n);
/* The value at position pos of n (the inverse of ui_tui_scale_pos, at its middle). */
double ui_tui_scale_value(const struct ui_tui_scale *s, int pos, int n);

#endif
