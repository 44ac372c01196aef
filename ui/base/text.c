#include "ui/base/text.h"

#include <math.h>
#include <stdio.h>
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

char *ui_fmt_duration(char *buf, size_t n, sim_time t)
{
    double ms = sim_time_to_ms(t);
    if (t == SIM_TIME_NEVER)
        snprintf(buf, n, "never");
    else if (ms < 10)
        snprintf(buf, n, "%.2f ms", ms);
    else if (ms < 100)
        snprintf(buf, n, "%.1f ms", ms);
    else if (ms < 1000)
        snprintf(buf, n, "%.0f ms", ms);
    else if (ms < 60000)
        snprintf(buf, n, "%.2f s", ms / 1000);
    else
        snprintf(buf, n, "%.1f min", ms / 60000);
    return buf;
}

char *ui_fmt_rate(char *buf, size_t n, double per_s)
{
    if (per_s >= 99.95 || per_s == floor(per_s)) {
        char c[48];
        ui_fmt_count(c, sizeof c, (int64_t)llround(per_s));
        snprintf(buf, n, "%s/s", c);
    } else {
        snprintf(buf, n, "%.1f/s", per_s);
    }
    return buf;
}
