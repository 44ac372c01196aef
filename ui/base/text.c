#include "ui/base/text.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

char *ui_fmt_count(char *buf, size_t n, int64_t v)
{
    char digits[32];
    uint64_t u = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
    snprintf(digits, sizeof digits, "%llu", (unsigned long long)u);
    size_t len = strlen(digits), o = 0;
    char out[48];
    if (v < 0)
        out[o++] = '-';
    for (size_t i = 0; i < len; i++) {
        if (i > 0 && (len - i) % 3 == 0)
            out[o++] = ' ';
        out[o++] = digits[i];
    }
    out[o] = '\0';
    snprintf(buf, n, "%s", out);
    return buf;
}

/* x printed with dec decimals, read back: the value the reader will see. */
static double printed(double x, int dec)
{
    char t[64];
    snprintf(t, sizeof t, "%.*f", dec, x);
    return strtod(t, NULL);
}

char *ui_fmt_count_fit(char *buf, size_t n, double v, int width)
{
    if (!isfinite(v))
        v = 0;
    ui_fmt_count(buf, n, llround(v));
    if (width <= 0 || (int)strlen(buf) <= width)
        return buf;
    static const struct {
        double div;
        const char *suffix;
    } units[] = {{1e3, "k"}, {1e6, "M"}, {1e9, "G"}};
    const char *sign = v < 0 ? "-" : "";
    for (size_t i = 0; i < sizeof units / sizeof units[0]; i++) {
        double x = fabs(v) / units[i].div;
        int dec = printed(x, 1) < 10 ? 1 : 0;
        if (printed(x, dec) >= 1000 && i + 1 < sizeof units / sizeof units[0])
            continue; /* "1000k" is "1.0M" */
        snprintf(buf, n, "%s%.*f%s", sign, dec, x, units[i].suffix);
        if ((int)strlen(buf) <= width)
            break;
    }
    return buf;
}

char *ui_fmt_rate(char *buf, size_t n, double per_s)
{
    if (!isfinite(per_s))
        per_s = 0;
    if (printed(per_s, 1) >= 100 || per_s == floor(per_s)) {
        char c[48];
        ui_fmt_count(c, sizeof c, (int64_t)llround(per_s));
        snprintf(buf, n, "%s/s", c);
    } else {
        snprintf(buf, n, "%.1f/s", per_s);
    }
    return buf;
}

char *ui_fmt_duration_ms(char *buf, size_t n, double ms)
{
    /* Each step: below limit_ms (as printed) the value reads in unit with dec decimals. */
    static const struct {
        double limit_ms, div;
        int dec;
        const char *unit;
    } steps[] = {
        {10, 1, 2, "ms"},     {100, 1, 1, "ms"},   {1000, 1, 0, "ms"},
        {10e3, 1e3, 2, "s"},  {60e3, 1e3, 1, "s"}, {INFINITY, 60e3, 1, "min"},
    };
    if (!isfinite(ms)) {
        snprintf(buf, n, "never");
        return buf;
    }
    const char *sign = ms < 0 ? "-" : "";
    double a = fabs(ms);
    size_t last = sizeof steps / sizeof steps[0] - 1, i = 0;
    while (i < last && printed(a / steps[i].div, steps[i].dec) * steps[i].div >= steps[i].limit_ms)
        i++;
    snprintf(buf, n, "%s%.*f %s", sign, steps[i].dec, a / steps[i].div, steps[i].unit);
    return buf;
}

char *ui_fmt_duration(char *buf, size_t n, sim_time t)
{
    if (t == SIM_TIME_NEVER) {
        snprintf(buf, n, "never");
        return buf;
    }
    return ui_fmt_duration_ms(buf, n, sim_time_to_ms(t));
}

char *ui_fmt_clock(char *buf, size_t n, sim_time t, int unit)
{
    double s = sim_time_to_s(t);
    int dec = printed(s, 1) < 600 ? 1 : 0;
    snprintf(buf, n, "%.*f%s", dec, s, unit ? " s" : "");
    return buf;
}

/* At most one decimal, none when it is 0: 2.5 -> "2.5", 40 -> "40". */
static void short_num(char *buf, size_t n, double x, const char *unit)
{
    double r = printed(x, 1);
    snprintf(buf, n, r == floor(r) ? "%.0f%s" : "%.1f%s", r, unit);
}

char *ui_fmt_axis_ms(char *buf, size_t n, double ms)
{
    if (printed(ms < 10 ? ms : round(ms), 1) < 1000)
        short_num(buf, n, ms < 10 ? ms : round(ms), "ms");
    else if (printed(ms / 1000, 1) < 60)
        short_num(buf, n, ms / 1000, "s");
    else
        short_num(buf, n, ms / 60000, "min");
    return buf;
}

char *ui_fmt_axis_count(char *buf, size_t n, double v)
{
    if (round(fabs(v)) < 1000)
        short_num(buf, n, round(v), "");
    else if (printed(fabs(v) / 1e3, 1) < 1000)
        short_num(buf, n, v / 1e3, "k");
    else
        short_num(buf, n, v / 1e6, "M");
    return buf;
}

char *ui_fmt_mean_ci(char *buf, size_t n, double mean, double ci95, int ascii)
{
    const char *pm = ascii ? "+-" : "±";
    if (!isfinite(mean)) {
        snprintf(buf, n, "-");
        return buf;
    }
    int dec = 0;
    if (isfinite(ci95) && ci95 > 0) {
        /* two significant digits of the half-width decide the decimals of both */
        int mag = (int)floor(log10(ci95));
        dec = mag >= 1 ? 0 : 1 - mag;
        if (dec > 6)
            dec = 6;
        double unit = pow(10, mag - 1);
        if (mag >= 2) { /* whole numbers: round both to the half-width's second digit */
            mean = round(mean / unit) * unit;
            ci95 = round(ci95 / unit) * unit;
        }
        if (dec == 0) {
            char a[48], b[48];
            snprintf(buf, n, "%s %s %s", ui_fmt_count(a, sizeof a, llround(mean)), pm,
                     ui_fmt_count(b, sizeof b, llround(ci95)));
        } else {
            /* decimals, and the whole part grouped as every count is ("1 251.6") */
            char m[64], whole[48];
            snprintf(m, sizeof m, "%.*f", dec, fabs(mean));
            const char *point = strchr(m, '.');
            long long w = strtoll(m, NULL, 10);
            ui_fmt_count(whole, sizeof whole, w);
            snprintf(buf, n, "%s%s%s %s %.*f", mean < 0 && strtod(m, NULL) != 0 ? "-" : "", whole,
                     point ? point : "", pm, dec, ci95);
        }
    } else {
        char m[48];
        if (mean == floor(mean) && fabs(mean) < 1e15) /* every replication the same count */
            ui_fmt_count(m, sizeof m, (int64_t)mean);
        else
            snprintf(m, sizeof m, "%.3g", mean);
        snprintf(buf, n, "%s %s 0", m, pm);
    }
    return buf;
}
