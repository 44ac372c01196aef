#include "ui/chart/csv.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "sim/error.h"
#include "ui/base/file.h"
#include "ui/base/termsafe.h"

/* A reader's position for messages. */
struct csv_pos {
    const char *path;
    long line;
    char *err;
    size_t errlen;
};

static int perr(const struct csv_pos *p, long col, const char *fmt, ...)
{
    char msg[256];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    snprintf(p->err, p->errlen, "%s:%ld:%ld: %s", p->path, p->line, col, msg);
    return SIM_EPARSE;
}

/* Split line in place at commas. start[i] is field i's offset in the line. Returns
 * the number of fields found (may exceed max: only the first max are stored). */
static int split(char *line, char **field, long *start, int max)
{
    int n = 0;
    char *p = line;
    for (;;) {
        char *comma = strchr(p, ',');
        if (n < max) {
            field[n] = p;
            start[n] = (long)(p - line);
        }
        n++;
        if (!comma)
            break;
        *comma = '\0';
        p = comma + 1;
    }
    return n;
}

static void chomp(char *s)
{
    size_t n = strlen(s);
    while (n && (s[n - 1] == '\n' || s[n - 1] == '\r'))
        s[--n] = '\0';
}

/* The per-service columns after the fixed ones: for each service, one column per row of
 * UI_SVC_COLUMNS named "<service>_<suffix>" (ui/base/schema.h). */
static int parse_number(const char *s, double *out);

static int check_services(const struct csv_pos *p, char **f, const long *at, int n,
                          struct ui_run_data *d)
{
    int extra = n - UI_CSV_NFIELDS;
    if (extra == 0)
        return 0;
    if (extra % UI_NSVC_COLS != 0 || extra / UI_NSVC_COLS < 2 ||
        extra / UI_NSVC_COLS > UI_CSV_MAX_SERVICES)
        return perr(p, at[UI_CSV_NFIELDS] + 1,
                    "header has %d columns: expected %d, or %d per service after them for 2 "
                    "to %d services",
                    n, UI_CSV_NFIELDS, UI_NSVC_COLS, UI_CSV_MAX_SERVICES);
    int ns = extra / UI_NSVC_COLS;
    char names[UI_CSV_MAX_SERVICES][UI_RUN_NAME_MAX];
    const char *ptr[UI_CSV_MAX_SERVICES];
    for (int k = 0; k < ns; k++) {
        for (int c = 0; c < UI_NSVC_COLS; c++) {
            int i = UI_CSV_NFIELDS + k * UI_NSVC_COLS + c;
            const char *suf = ui_svc_col_suffixes[c];
            size_t len = strlen(f[i]), sl = strlen(suf);
            if (len < sl + 2 || f[i][len - sl - 1] != '_' || strcmp(f[i] + len - sl, suf) != 0)
                return perr(p, at[i] + 1, "header column %d is '%s', expected '<service>_%s'",
                            i + 1, f[i], suf);
            size_t pl = len - sl - 1;
            if (pl >= UI_RUN_NAME_MAX)
                return perr(p, at[i] + 1, "service name in '%s' longer than %d", f[i],
                            UI_RUN_NAME_MAX - 1);
            if (c == 0) {
                memcpy(names[k], f[i], pl);
                names[k][pl] = '\0';
            } else if (strlen(names[k]) != pl || strncmp(names[k], f[i], pl) != 0) {
                return perr(p, at[i] + 1, "header column %d is '%s', expected '%s_%s'", i + 1,
                            f[i], names[k], suf);
            }
        }
        ptr[k] = names[k];
    }
    if (ui_rundata_services(d, ptr, ns) != 0)
        return perr(p, at[UI_CSV_NFIELDS] + 1,
                    "bad service name in the header (letters, digits, _ . - ; at most %d)",
                    UI_RUN_NAME_MAX - 1);
    return 0;
}

static int check_header(const struct csv_pos *p, char *line, struct ui_run_data *d)
{
    char *f[UI_CSV_MAX_FIELDS];
    long at[UI_CSV_MAX_FIELDS];
    int n = split(line, f, at, UI_CSV_MAX_FIELDS);
    for (int i = 0; i < UI_CSV_NFIELDS; i++) {
        const char *want = ui_csv_field_name(i);
        if (i >= n)
            return perr(p, at[n - 1] + (long)strlen(f[n - 1]) + 1,
                        "header has %d columns, expected %d (missing '%s')", n, UI_CSV_NFIELDS,
                        want);
        if (strcmp(f[i], want) != 0)
            return perr(p, at[i] + 1, "header column %d is '%s', expected '%s'", i + 1, f[i], want);
    }
    if (n > UI_CSV_MAX_FIELDS)
        return perr(p, 1, "header has %d columns, expected at most %d", n, UI_CSV_MAX_FIELDS);
    return check_services(p, f, at, n, d);
}

/* One number field: plain, >= 0, at most UI_RUN_MAX_VALUE. */
static int number_field(const struct csv_pos *p, const char *f, long at, const char *what,
                        double *out)
{
    if (f[0] == '"')
        return perr(p, at + 1, "quoted fields are not supported");
    if (parse_number(f, out) != 0)
        return perr(p, at + 1, "bad number '%s' for %s", f, what);
    if (*out < 0)
        return perr(p, at + 1, "negative value %s for %s", f, what);
    if (*out > UI_RUN_MAX_VALUE)
        return perr(p, at + 1, "value %s for %s out of range (at most 1e15)", f, what);
    return 0;
}

/* A plain decimal number >= 0 (no hex, inf, nan or spaces). */
static int parse_number(const char *s, double *out)
{
    if (!*s || strspn(s, "0123456789.eE+-") != strlen(s))
        return -1;
    char *end;
    errno = 0;
    double x = strtod(s, &end);
    if (errno || *end || !isfinite(x))
        return -1;
    *out = x;
    return 0;
}

/* Per variant, the last time seen (for ordering checks). */
struct csv_state {
    double last_time;
    long last_line;
    double seen_at[UI_RUN_MAX_VARIANTS]; /* last time per variant index */
};

static int parse_row(const struct csv_pos *p, char *line, struct ui_run_data *d,
                     struct csv_state *st)
{
    char *f[UI_CSV_MAX_FIELDS];
    long at[UI_CSV_MAX_FIELDS];
    int want = UI_CSV_NFIELDS + d->nsvc * UI_NSVC_COLS;
    int n = split(line, f, at, UI_CSV_MAX_FIELDS);
    if (n < want)
        return perr(p, at[n - 1] + (long)strlen(f[n - 1]) + 1, "expected %d fields, found %d",
                    want, n);
    if (n > want) {
        long extra = at[want - 1] + (long)strlen(f[want - 1]) + 2;
        return perr(p, extra, "expected %d fields, found %d", want, n);
    }
    double row[UI_NCOLS];
    for (int i = 0; i < UI_CSV_NFIELDS; i++) {
        int c = ui_csv_field_col(i);
        if (c < 0)
            continue;
        int rc = number_field(p, f[i], at[i], ui_col_names[c], &row[c]);
        if (rc)
            return rc;
    }
    double svc[UI_CSV_MAX_SERVICES * UI_NSVC_COLS];
    for (int c = 0; c < d->nsvc * UI_NSVC_COLS; c++) {
        char what[UI_RUN_NAME_MAX + 32];
        snprintf(what, sizeof what, "%s_%s", d->svc[c / UI_NSVC_COLS],
                 ui_svc_col_suffixes[c % UI_NSVC_COLS]);
        int rc = number_field(p, f[UI_CSV_NFIELDS + c], at[UI_CSV_NFIELDS + c], what, &svc[c]);
        if (rc)
            return rc;
    }
    const char *name = f[UI_CSV_VARIANT_FIELD];
    long vcol = at[UI_CSV_VARIANT_FIELD] + 1;
    int vi = ui_rundata_variant(d, name);
    if (vi == SIM_EINVAL)
        return perr(p, vcol, "bad variant name '%s' (letters, digits, _ . - ; at most %d)", name,
                    UI_RUN_NAME_MAX - 1);
    if (vi == SIM_ERANGE)
        return perr(p, vcol, "more than %d variants", UI_RUN_MAX_VARIANTS);
    double t = row[UI_COL_TIME];
    if (st->last_line && t < st->last_time)
        return perr(p, 1,
                    "time_s %s goes backwards (line %ld has %g): rows must be in time "
                    "order",
                    f[0], st->last_line, st->last_time);
    if (d->v[vi].n && !(t > st->seen_at[vi]))
        return perr(p, vcol, "second row for variant '%s' at time_s %s", name, f[0]);
    int rc = ui_rundata_append_services(d, vi, row, svc);
    if (rc) {
        snprintf(p->err, p->errlen, "%s: %s", p->path, sim_strerror(rc));
        return rc;
    }
    st->seen_at[vi] = t;
    st->last_time = t;
    st->last_line = p->line;
    return 0;
}

static int read_lines(FILE *f, struct csv_pos *p, struct ui_run_data *d)
{
    char *line = NULL;
    size_t cap = 0;
    int rc = 0, have_header = 0;
    struct csv_state st = {0};
    long rows = 0;
    uint64_t bytes = 0;
    ssize_t got;
    for (;;) {
        errno = 0;
        if ((got = getline(&line, &cap, f)) < 0)
            break;
        p->line++;
        /* The limits hold while reading: a file growing meanwhile stops here. */
        bytes += (uint64_t)got;
        if (bytes > UI_RUN_CSV_MAX_BYTES) {
            rc = perr(p, 1, "file too large (more than %d bytes)", UI_RUN_CSV_MAX_BYTES);
            break;
        }
        if ((size_t)got > UI_RUN_CSV_MAX_LINE) {
            rc = perr(p, UI_RUN_CSV_MAX_LINE + 1, "line longer than %d bytes",
                      UI_RUN_CSV_MAX_LINE);
            break;
        }
        chomp(line);
        char *s = line;
        if (p->line == 1 && (unsigned char)s[0] == 0xEF && (unsigned char)s[1] == 0xBB &&
            (unsigned char)s[2] == 0xBF)
            s += 3; /* a UTF-8 byte order mark, as spreadsheets write */
        if (!*s)
            continue;
        if (!have_header) {
            rc = check_header(p, s, d);
            have_header = 1;
        } else {
            rc = parse_row(p, s, d, &st);
            rows++;
        }
        if (rc)
            break;
    }
    /* getline also stops when it cannot grow its buffer: only the end is the end */
    if (!rc && !feof(f)) {
        int e = errno ? errno : EIO;
        snprintf(p->err, p->errlen, "%s: %s", p->path,
                 e == ENOMEM ? sim_strerror(SIM_ENOMEM) : strerror(e));
        rc = e == ENOMEM ? SIM_ENOMEM : SIM_EIO;
    }
    free(line);
    if (rc)
        return rc;
    p->line++;
    if (!have_header)
        return perr(p, 1, "empty file: expected the CSV header time_s,variant,...");
    if (!rows)
        return perr(p, 1, "no data rows after the header");
    return 0;
}

int ui_rundata_load_csv(struct ui_run_data *d, const char *path, char *err, size_t errlen)
{
    FILE *f;
    int rc = ui_file_open_input(path, UI_RUN_CSV_MAX_BYTES, &f, NULL, err, errlen);
    if (rc)
        return rc;
    rc = ui_rundata_read_csv(d, f, path, err, errlen);
    fclose(f);
    return rc;
}

int ui_rundata_read_csv(struct ui_run_data *d, FILE *f, const char *name, char *err,
                        size_t errlen)
{
    struct csv_pos p = {name, 0, err, errlen};
    return read_lines(f, &p, d);
}

void ui_sidecar_path(const char *csv_path, char *out, size_t n)
{
    size_t len = strlen(csv_path);
    if (len >= 4 && strcmp(csv_path + len - 4, ".csv") == 0)
        snprintf(out, n, "%.*s.json", (int)(len - 4), csv_path);
    else
        snprintf(out, n, "%s.json", csv_path);
}

void ui_path_stem(const char *path, char *out, size_t n)
{
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    const char *dot = strrchr(base, '.');
    size_t len = dot && dot != base ? (size_t)(dot - base) : strlen(base);
    snprintf(out, n, "%.*s", (int)len, base);
}

static void base_name(const char *path, char *out, size_t n)
{
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    size_t len = strlen(base) < n ? strlen(base) : n - 1; /* a footer: cutting is fine */
    memcpy(out, base, len);
    out[len] = '\0';
}

int ui_rundata_load(struct ui_run_data *d, const char *csv_path, const char *meta_path, char *err,
                    size_t errlen)
{
    char safe[sizeof d->label];
    if (!d->label[0]) { /* a file name may hold anything but '/': shown escaped */
        ui_path_stem(csv_path, safe, sizeof safe);
        ui_term_safe(safe, d->label, sizeof d->label);
    }
    base_name(ui_term_safe(csv_path, safe, sizeof safe), d->source, sizeof d->source);
    int rc = ui_rundata_load_csv(d, csv_path, err, errlen);
    if (rc)
        return rc;
    char sidecar[4096];
    if (!meta_path) {
        ui_sidecar_path(csv_path, sidecar, sizeof sidecar);
        if (access(sidecar, F_OK) != 0)
            return 0;
        meta_path = sidecar;
    }
    base_name(ui_term_safe(meta_path, safe, sizeof safe), d->meta_source, sizeof d->meta_source);
    return ui_rundata_load_meta(d, meta_path, err, errlen);
}
