/* ui/base/text.h: numbers as people read them (shared by the summary, compare and TUI). */
#ifndef UI_TEXT_H
#define UI_TEXT_H

#include <stddef.h>
#include <stdint.h>

#include "sim/time.h"

/* 150123 -> "150 123" (groups of three, separated by a space). Returns buf. */
char *ui_fmt_count(char *buf, size_t n, int64_t v);
/* A duration with a unit that fits: "0.8 ms", "25.0 ms", "220 ms", "6.83 s", "12.5 min".
 * Returns buf. */
char *ui_fmt_duration(char *buf, size_t n, sim_time t);
/* A rate per second: whole from 100 up ("6 000/s", "984/s"), else "12.5/s". */
char *ui_fmt_rate(char *buf, size_t n, double per_s);

#endif
