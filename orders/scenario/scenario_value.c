/* orders/scenario/scenario_value.c: the scalar syntaxes of scenario files and traces.
 *
 * Durations are parsed as exact decimals into integer nanoseconds (no trip through
 * double), so "0.1s" is exactly 100000000 ns and a written file replays exactly.
 * Rates are doubles; they are written with 17 significant digits, which reads back
 * to the same double. */
#include "orders/scenario/scenario_internal.h"

#include <ctype.h>
#include <inttypes.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "sim/error.h"

#define MAX_FRAC_DIGITS 15

static const struct {
    const char *name;
    sim_time ns;
} units[] = {
    {"ns", SIM_NS}, {"us", SIM_US}, {"ms", SIM_MS}, {"s", SIM_S}, {"m", SIM_MIN}, {"h", SIM_HOUR},
};

static int fail(const char **why, const char *reason)
{
    *why = reason;
    return SIM_EPARSE;
}

/* Digits "123.456" at s[0..len) times unit, rounded to the nearest nanosecond. */
static int decimal_times(const char *s, size_t len, sim_time unit, sim_time *out, const char **why)
{
    size_t i = 0;
    uint64_t ip = 0, fp = 0, scale = 1;
    int ndig = 0, nfrac = 0;
    for (; i < len && isdigit((unsigned char)s[i]); i++, ndig++) {
        if (ip > (UINT64_MAX - 9) / 10)
            return fail(why, "the number is too large");
        ip = ip * 10 + (uint64_t)(s[i] - '0');
    }
    if (i < len && s[i] == '.') {
        for (i++; i < len && isdigit((unsigned char)s[i]); i++, ndig++) {
            if (++nfrac > MAX_FRAC_DIGITS)
                return fail(why, "too many decimals (at most 15)");
            fp = fp * 10 + (uint64_t)(s[i] - '0');
            scale *= 10;
        }
    }
    if (ndig == 0 || i != len)
        return fail(why, "expected a number and a unit: ns, us, ms, s, m or h (e.g. 250ms)");
    if (ip > (uint64_t)(INT64_MAX - 1) / (uint64_t)unit)
        return fail(why, "the duration is too long");
    /* fp * unit may overflow: divide out the common powers of ten first. */
    uint64_t u = (uint64_t)unit;
    while (scale > 1 && u % 10 == 0) {
        u /= 10;
        scale /= 10;
    }
    uint64_t frac = (fp * u + scale / 2) / scale; /* fp < 10^15, u <= 36 here */
    uint64_t total = ip * (uint64_t)unit + frac;
    if (total >= (uint64_t)INT64_MAX)
        return fail(why, "the duration is too long");
    *out = (sim_time)total;
    return 0;
}

int ord__parse_duration(const char *s, bool allow_unlimited, sim_time *out, const char **why)
{
    if (strcmp(s, "unlimited") == 0) {
        if (!allow_unlimited)
            return fail(why, "cannot be unlimited");
        *out = SIM_TIME_NEVER;
        return 0;
    }
    if (s[0] == '-')
        return fail(why, "must not be negative");
    if (s[0] == '\0')
        return fail(why, "missing value: expected a duration (e.g. 250ms)");
    size_t len = strlen(s), num = 0;
    while (num < len && (isdigit((unsigned char)s[num]) || s[num] == '.'))
        num++;
    if (num == len) {
        /* A bare zero needs no unit; anything else does. */
        if (strspn(s, "0.") == len && strchr(s, '0'))
            return decimal_times(s, len, 1, out, why);
        return fail(why, "a duration needs a unit: ns, us, ms, s, m or h (e.g. 250ms)");
    }
    if (num == 0)
        return fail(why, "expected a duration (e.g. 250ms)");
    for (size_t i = 0; i < sizeof units / sizeof units[0]; i++)
        if (strcmp(s + num, units[i].name) == 0)
            return decimal_times(s, num, units[i].ns, out, why);
    return fail(why, "unknown time unit: use ns, us, ms, s, m or h (e.g. 250ms)");
}

int ord__parse_seconds(const char *s, size_t len, sim_time *out, const char **why)
{
    if (len > 0 && s[0] == '-')
        return fail(why, "must not be negative");
    if (len == 0)
        return fail(why, "missing value: expected seconds (e.g. 12.5)");
    int rc = decimal_times(s, len, SIM_S, out, why);
    if (rc != 0 && *why && strncmp(*why, "expected", 8) == 0)
        *why = "expected a number of seconds (e.g. 12.5)";
    return rc;
}

/* A decimal number in s[0..len): digits, one '.', an exponent; nothing else
 * (strtod alone would also take "inf", "nan" and hex). */
static int number(const char *s, size_t len, double *out, const char **why)
{
    char buf[64];
    if (len == 0)
        return fail(why, "missing number");
    if (s[0] == '-')
        return fail(why, "must not be negative");
    if (len >= sizeof buf)
        return fail(why, "the number is too long");
    for (size_t i = 0; i < len; i++)
        if (!isdigit((unsigned char)s[i]) && !strchr(".eE+-", s[i]))
            return fail(why, "expected a number");
    if (!isdigit((unsigned char)s[0]) && s[0] != '.')
        return fail(why, "expected a number");
    memcpy(buf, s, len);
    buf[len] = '\0';
    char *end;
    double v = strtod(buf, &end);
    if (*end != '\0' || end == buf)
        return fail(why, "expected a number");
    if (!isfinite(v))
        return fail(why, "the number is too large");
    *out = v;
    return 0;
}

int ord__parse_number(const char *s, double *out, const char **why)
{
    return number(s, strlen(s), out, why);
}

int ord__parse_rate(const char *s, bool allow_unlimited, double *per_s, const char **why)
{
    if (strcmp(s, "unlimited") == 0) {
        if (!allow_unlimited)
            return fail(why, "cannot be unlimited");
        *per_s = 0;
        return 0;
    }
    const char *slash = strchr(s, '/');
    size_t len = slash ? (size_t)(slash - s) : strlen(s);
    double per = 1;
    if (slash) {
        if (strcmp(slash, "/s") == 0)
            per = 1;
        else if (strcmp(slash, "/m") == 0)
            per = 60;
        else if (strcmp(slash, "/h") == 0)
            per = 3600;
        else
            return fail(why, "unknown rate unit: use /s, /m or /h (e.g. 1000/s)");
    }
    double v;
    if (number(s, len, &v, why) != 0) {
        if (strcmp(*why, "expected a number") == 0)
            *why = "expected a rate (e.g. 1000/s)";
        return SIM_EPARSE;
    }
    *per_s = v / per;
    return 0;
}

int ord__parse_count(const char *s, bool allow_unlimited, uint64_t *out, const char **why)
{
    if (strcmp(s, "unlimited") == 0) {
        if (!allow_unlimited)
            return fail(why, "cannot be unlimited");
        *out = UINT64_MAX;
        return 0;
    }
    if (s[0] == '-')
        return fail(why, "must not be negative");
    if (s[0] == '\0')
        return fail(why, "missing value: expected a whole number");
    uint64_t v = 0;
    for (const char *p = s; *p; p++) {
        if (!isdigit((unsigned char)*p))
            return fail(why, "expected a whole number");
        uint64_t digit = (uint64_t)(*p - '0');
        if (v > (UINT64_MAX - digit) / 10)
            return fail(why, "the number is too large");
        v = v * 10 + digit;
    }
    *out = v;
    return 0;
}

void ord__fmt_duration(sim_time t, char *buf, size_t n)
{
    if (t == SIM_TIME_NEVER) {
        snprintf(buf, n, "unlimited");
        return;
    }
    if (t == 0) {
        snprintf(buf, n, "0s");
        return;
    }
    /* The largest unit up to s that divides t exactly ("600s" reads better than "10m"). */
    for (int i = 3; i >= 0; i--) {
        if (t % units[i].ns == 0) {
            snprintf(buf, n, "%" PRId64 "%s", t / units[i].ns, units[i].name);
            return;
        }
    }
}

void ord__fmt_number(double v, char *buf, size_t n)
{
    if (v == floor(v) && fabs(v) < 1e15)
        snprintf(buf, n, "%.0f", v);
    else
        snprintf(buf, n, "%.17g", v);
}

void ord__fmt_rate(double per_s, char *buf, size_t n)
{
    char num[40];
    ord__fmt_number(per_s, num, sizeof num);
    snprintf(buf, n, "%s/s", num);
}

int ord__edit_distance(const char *a, const char *b, int cap)
{
    enum { MAXLEN = 64 };
    size_t la = strlen(a), lb = strlen(b);
    if (la > MAXLEN || lb > MAXLEN)
        return cap + 1;
    int prev[MAXLEN + 1], cur[MAXLEN + 1];
    for (size_t j = 0; j <= lb; j++)
        prev[j] = (int)j;
    for (size_t i = 1; i <= la; i++) {
        cur[0] = (int)i;
        for (size_t j = 1; j <= lb; j++) {
            int sub = prev[j - 1] + (a[i - 1] != b[j - 1]);
            int del = prev[j] + 1, ins = cur[j - 1] + 1;
            cur[j] = sub < del ? (sub < ins ? sub : ins) : (del < ins ? del : ins);
        }
        memcpy(prev, cur, (lb + 1) * sizeof *prev);
    }
    return prev[lb] > cap ? cap + 1 : prev[lb];
}
