#include "ui/live/tui_scale.h"

#include <math.h>
#include <stddef.h>

void ui_tui_scale_init(struct ui_tui_scale *s, bool log, double lo)
{
    s->log = log;
    s->lo = log ? (lo > 0 ? lo : 1) : 0;
    s->hi = 0;
    s->fit_since = -1;
}

double ui_tui_nice_ceil(double v, bool log, double min_top)
{
    /* Finer than 1-2-5 so that 10 100 orders/s gets a 12k axis, not a 20k one. */
    static const double steps[] = {1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10};
    if (!(v > min_top))
        v = min_top;
    if (!(v > 0))
        return 1;
    double decade = pow(10, floor(log10(v)));
    /* pow/log10 round: a value a hair above a nice one must not jump a whole step. */
    double m = v / decade;
    if (m < 1.0000001)
        return decade;
    if (log)
        return decade * 10;
    for (size_t i = 0; i < sizeof steps / sizeof steps[0]; i++)
        if (m <= steps[i] * 1.0000001)
            return steps[i] * decade;
    return 10 * decade;
}

bool ui_tui_scale_update(struct ui_tui_scale *s, double data_max, double min_top, int64_t now_ns)
{
    double want = ui_tui_nice_ceil(data_max, s->log, min_top);
    if (s->log && want <= s->lo)
        want = s->lo * 10;
    if (s->hi == 0 || want > s->hi) {
        bool changed = want != s->hi;
        s->hi = want;
        s->fit_since = -1;
        return changed;
    }
    /* "Fits in half the range": the next nice top is at most half the current one
     * (linear), or at least one decade lower (log). */
    bool fits = s->log ? want <= s->hi / 10 * 1.0000001 : want <= s->hi / 2 * 1.0000001;
    if (!fits) {
        s->fit_since = -1;
        return false;
    }
    if (s->fit_since < 0) {
        s->fit_since = now_ns;
        return false;
    }
    if (now_ns - s->fit_since < UI_TUI_SHRINK_AFTER)
        return false;
    s->hi = want;
    s->fit_since = -1;
    return true;
}

static double frac(const struct ui_tui_scale *s, double v)
{
    if (s->hi <= s->lo)
        return 0;
    if (s->log) {
        if (v <= s->lo)
            return 0;
        return (log10(v) - log10(s->lo)) / (log10(s->hi) - log10(s->lo));
    }
    return (v - s->lo) / (s->hi - s->lo);
}

int ui_tui_scale_pos(const struct ui_tui_scale *s, double v, int n)
{
    if (n <= 1)
        return 0;
    double f = frac(s, v);
    if (!(f > 0))
        return 0;
    if (f >= 1)
        return n - 1;
    return (int)lround(f * (n - 1));
}

double ui_tui_scale_value(const struct ui_tui_scale *s, int pos, int n)
{
    double f = n <= 1 ? 0 : (double)pos / (n - 1);
    if (s->log)
        return pow(10, log10(s->lo) + f * (log10(s->hi) - log10(s->lo)));
    return s->lo + f * (s->hi - s->lo);
}
