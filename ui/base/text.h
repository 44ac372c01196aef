/* ui/base/text.h: numbers as people read them - the one formatter for counts, rates,
 * durations and clock times, shared by the summary, compare, the charts and the live
 * view. Every function writes a NUL-terminated string into buf (truncated to n) and
 * returns buf. The unit is chosen from the value as it will be printed (after
 * rounding), so 999.6 ms reads "1.00 s", never "1000 ms". */
#ifndef UI_TEXT_H
#define UI_TEXT_H

#include <stddef.h>
#include <stdint.h>

#include "sim/time.h"

/* 150123 -> "150 123" (groups of three, separated by a space). */
char *ui_fmt_count(char *buf, size_t n, int64_t v);
/* A count rounded to a whole number, grouped as ui_fmt_count; when that is wider than
 * width columns (width > 0), the shortest of "23.4k", "234k", "1.2M", "3.4G" that fits
 * (or the last). Not finite counts as 0. */
char *ui_fmt_count_fit(char *buf, size_t n, double v, int width);
/* A rate per second: whole from 100 up ("6 000/s", "984/s"), else "12.5/s". */
char *ui_fmt_rate(char *buf, size_t n, double per_s);
/* A duration with three significant digits and a unit that fits: "0.80 ms", "25.0 ms",
 * "220 ms", "6.83 s", "12.5 s", "1.5 min"; SIM_TIME_NEVER is "never". */
char *ui_fmt_duration(char *buf, size_t n, sim_time t);
/* The same for a duration in milliseconds (a figure read back from a file). */
char *ui_fmt_duration_ms(char *buf, size_t n, double ms);
/* A moment on the run's clock in seconds: "12.3 s" (one decimal below 600 s, then
 * whole seconds); with unit false only the number ("12.3"). */
char *ui_fmt_clock(char *buf, size_t n, sim_time t, int unit);
/* Axis ticks, as short as they can be: "10ms", "250ms", "1s", "2.5s"; "25k", "1.5M". */
char *ui_fmt_axis_ms(char *buf, size_t n, double ms);
char *ui_fmt_axis_count(char *buf, size_t n, double v);
/* A mean and its 95 % confidence half-width from replications, both to the precision
 * the half-width allows (two significant digits of it): "641 ± 12", "0.252 ± 0.013";
 * with ascii "+-" instead of "±". */
char *ui_fmt_mean_ci(char *buf, size_t n, double mean, double ci95, int ascii);

#endif
