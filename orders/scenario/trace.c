/* orders/scenario/trace.c: load traces (CSV) and bounded file reading.
 *
 * A trace is either `time_s,rate_per_s` rows (piecewise-constant rate: phases) or a
 * single `time_s` column (exact arrival times). Times are exact decimals of seconds.
 * Blank lines and lines starting with # are skipped; a UTF-8 byte-order mark and
 * CRLF line ends are accepted (spreadsheet exports). */
#include "orders/scenario/scenario_internal.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "sim/error.h"

int ord__read_file(const char *path, size_t max, char **text, size_t *len, struct ord_diag *d)
{
    /* O_NONBLOCK: opening a FIFO must not wait for a writer; it is refused below. */
    int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
    struct stat st;
    if (fd < 0 || fstat(fd, &st) != 0) {
        int e = errno;
        ord__diag_set(d, path, 0, 0, "%s", strerror(e));
        if (fd >= 0)
            close(fd);
        return sim_open_error(e);
    }
    if (!S_ISREG(st.st_mode)) {
        close(fd);
        ord__diag_set(d, path, 0, 0, "not a regular file");
        return SIM_EINVAL; /* a directory or a FIFO named as input: the user's to fix */
    }
    if ((uint64_t)st.st_size > max) {
        close(fd);
        ord__diag_set(d, path, 0, 0, "file too large (%lld bytes; at most %zu)",
                      (long long)st.st_size, max);
        return SIM_EPARSE;
    }
    size_t cap = (size_t)st.st_size + 1, n = 0;
    char *buf = malloc(cap);
    if (!buf) {
        close(fd);
        return SIM_ENOMEM;
    }
    /* Read what fstat promised and no more: a file growing meanwhile is cut there. */
    while (n + 1 < cap) {
        ssize_t r = read(fd, buf + n, cap - 1 - n);
        if (r < 0 && errno == EINTR)
            continue;
        if (r < 0) {
            ord__diag_set(d, path, 0, 0, "%s", strerror(errno));
            free(buf);
            close(fd);
            return SIM_EIO;
        }
        if (r == 0)
            break;
        n += (size_t)r;
    }
    close(fd);
    buf[n] = '\0';
    *text = buf;
    *len = n;
    return 0;
}

struct trace {
    const char *file;
    struct ord_diag *d;
    int columns; /* 0 before the header */
    struct ord_phase *ph;
    sim_time *t;
    size_t n, cap;
};

static int bad(struct trace *tr, int line, int col, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static int bad(struct trace *tr, int line, int col, const char *fmt, ...)
{
    ord__diag_set(tr->d, tr->file, line, col, "%s", "");
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(tr->d->msg, sizeof tr->d->msg, fmt, ap);
    va_end(ap);
    return SIM_EPARSE;
}

static int grow(struct trace *tr)
{
    if (tr->n < tr->cap)
        return 0;
    size_t cap = tr->cap ? 2 * tr->cap : 256;
    if (tr->columns == 2) {
        struct ord_phase *p = realloc(tr->ph, cap * sizeof *p);
        if (!p)
            return SIM_ENOMEM;
        tr->ph = p;
    } else {
        sim_time *t = realloc(tr->t, cap * sizeof *t);
        if (!t)
            return SIM_ENOMEM;
        tr->t = t;
    }
    tr->cap = cap;
    return 0;
}

/* Split a line at commas into at most 3 trimmed fields (start, length, column). */
static int split(const char *s, size_t len, const char **f, size_t *flen, int *fcol)
{
    int nf = 0;
    size_t start = 0;
    for (size_t i = 0; i <= len && nf < 3; i++) {
        if (i < len && s[i] != ',')
            continue;
        size_t a = start, b = i;
        while (a < b && (s[a] == ' ' || s[a] == '\t'))
            a++;
        while (b > a && (s[b - 1] == ' ' || s[b - 1] == '\t'))
            b--;
        f[nf] = s + a;
        flen[nf] = b - a;
        fcol[nf] = (int)a + 1;
        nf++;
        start = i + 1;
    }
    return nf;
}

static int header(struct trace *tr, const char *s, size_t len, int line)
{
    const char *f[3];
    size_t fl[3];
    int fc[3], nf = split(s, len, f, fl, fc);
    if (nf == 1 && fl[0] == 6 && memcmp(f[0], "time_s", 6) == 0)
        tr->columns = 1;
    else if (nf == 2 && fl[0] == 6 && memcmp(f[0], "time_s", 6) == 0 && fl[1] == 10 &&
             memcmp(f[1], "rate_per_s", 10) == 0)
        tr->columns = 2;
    else
        return bad(tr, line, 1,
                   "expected the header `time_s,rate_per_s` (a rate trace) or `time_s` "
                   "(arrival times)");
    return 0;
}

static int row(struct trace *tr, const char *s, size_t len, int line)
{
    const char *f[3], *why;
    size_t fl[3];
    int fc[3], nf = split(s, len, f, fl, fc);
    if (nf != tr->columns)
        return bad(tr, line, nf > tr->columns ? fc[tr->columns] - 1 : (int)len + 1,
                   "expected %d column%s (%s), found %s", tr->columns, tr->columns > 1 ? "s" : "",
                   tr->columns > 1 ? "time_s,rate_per_s" : "time_s",
                   nf > tr->columns ? "more" : "fewer");
    if (tr->n >= ORD__MAX_TRACE_ROWS)
        return bad(tr, line, 1, "too many rows (at most %d)", ORD__MAX_TRACE_ROWS);
    sim_time t;
    if (ord__parse_seconds(f[0], fl[0], &t, &why) != 0)
        return bad(tr, line, fc[0], "bad time_s `%.*s`: %s", (int)(fl[0] > 40 ? 40 : fl[0]), f[0],
                   why);
    if (t > ORD__WEEK)
        return bad(tr, line, fc[0], "time_s is too large: at most 604800 (7 days)");
    if (grow(tr) != 0)
        return SIM_ENOMEM;
    if (tr->columns == 1) {
        if (tr->n > 0 && t < tr->t[tr->n - 1])
            return bad(tr, line, fc[0],
                       "arrival times must be sorted: %.*s is before the row "
                       "above",
                       (int)(fl[0] > 40 ? 40 : fl[0]), f[0]);
        tr->t[tr->n++] = t;
        return 0;
    }
    char num[64];
    double rate;
    if (fl[1] >= sizeof num ||
        (memcpy(num, f[1], fl[1]), num[fl[1]] = '\0', ord__parse_number(num, &rate, &why) != 0))
        return bad(tr, line, fc[1], "bad rate_per_s `%.*s`: %s", (int)(fl[1] > 40 ? 40 : fl[1]),
                   f[1], fl[1] >= sizeof num ? "too long" : why);
    if (rate > 1e7)
        return bad(tr, line, fc[1], "rate_per_s is too large: at most 10000000");
    if (tr->n == 0 && t != 0)
        return bad(tr, line, fc[0], "the first row must be at time_s 0");
    if (tr->n > 0 && t <= tr->ph[tr->n - 1].at)
        return bad(tr, line, fc[0], "time_s must increase from row to row");
    tr->ph[tr->n++] = (struct ord_phase){.at = t, .rate_per_s = rate};
    return 0;
}

int ord__trace_parse(const char *text, size_t len, const char *file, struct ord_phase **phases,
                     size_t *nphases, sim_time **times, size_t *ntimes, struct ord_diag *d)
{
    struct trace tr = {.file = file, .d = d};
    size_t pos = 0;
    int line = 0, rc = 0;
    if (len >= 3 && memcmp(text, "\xef\xbb\xbf", 3) == 0)
        pos = 3;
    while (pos < len && rc == 0) {
        const char *s = text + pos, *nl = memchr(s, '\n', len - pos);
        size_t n = nl ? (size_t)(nl - s) : len - pos;
        pos += n + 1;
        line++;
        if (n > 0 && s[n - 1] == '\r')
            n--;
        if (n > ORD__MAX_TRACE_LINE) {
            rc = bad(&tr, line, 1, "line too long (at most %d bytes)", ORD__MAX_TRACE_LINE);
            break;
        }
        const char *nul = memchr(s, '\0', n);
        if (nul) {
            rc = bad(&tr, line, (int)(nul - s) + 1, "binary data (a NUL byte) in a trace");
            break;
        }
        size_t skip = strspn(s, " \t");
        if (skip >= n || s[skip] == '#')
            continue;
        rc = tr.columns == 0 ? header(&tr, s, n, line) : row(&tr, s, n, line);
    }
    if (rc == 0 && tr.columns == 0)
        rc = bad(&tr, 0, 0,
                 "empty trace: expected the header `time_s,rate_per_s` or `time_s`, then rows");
    else if (rc == 0 && tr.n == 0)
        rc = bad(&tr, 0, 0, "the trace has a header but no rows");
    if (rc != 0) {
        free(tr.ph);
        free(tr.t);
        return rc;
    }
    /* The arrays grew by doubling: give back what the rows do not use. */
    if (tr.ph && tr.n < tr.cap) {
        struct ord_phase *p = realloc(tr.ph, tr.n * sizeof *p);
        tr.ph = p ? p : tr.ph;
    }
    if (tr.t && tr.n < tr.cap) {
        sim_time *t = realloc(tr.t, tr.n * sizeof *t);
        tr.t = t ? t : tr.t;
    }
    *phases = tr.ph;
    *nphases = tr.columns == 2 ? tr.n : 0;
    *times = tr.t;
    *ntimes = tr.columns == 1 ? tr.n : 0;
    return 0;
}
