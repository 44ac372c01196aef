/* orders/scenario/scenario_build.c: tree -> struct ord_config, driven by the key table.
 *
 * The build starts from ord_config_default() and overwrites what the tree gives, so
 * a missing key keeps its default. Every value is checked where it is read (its node
 * gives the line and column); checks that involve several keys run at the end. */
#include "orders/scenario/scenario_internal.h"

#include <stdlib.h>
#include <string.h>

#include "orders/scenario/builtin.h"
#include "sim/error.h"

_Static_assert(sizeof(enum ord_arrivals) == sizeof(int) && sizeof(enum ord_target) == sizeof(int) &&
                   sizeof(enum ord_fault_kind) == sizeof(int) &&
                   sizeof(enum ord_command_kind) == sizeof(int),
               "set_value stores enums through int");

static const char *node_kind_name(const struct ord__node *v)
{
    return v->kind == ORD__MAP ? "mapping" : v->kind == ORD__SEQ ? "list" : "value";
}

const char *ord__show(const struct ord__node *v, char *buf, size_t n)
{
    size_t j = 0, max = n - 4 < 60 ? n - 4 : 60;
    for (size_t i = 0; v->kind == ORD__SCALAR && i < v->len && j < max; i++) {
        unsigned char ch = (unsigned char)v->text[i];
        buf[j++] = ch < 0x20 || ch == 0x7f ? '?' : (char)ch;
    }
    if (v->kind == ORD__SCALAR && v->len > max) {
        while (j > 0 && ((unsigned char)v->text[j] & 0xc0) == 0x80) /* whole characters */
            j--;
        memcpy(buf + j, "...", 3);
        j += 3;
    }
    buf[j] = '\0';
    return buf;
}

int ord__need_scalar(struct ord__build *b, const char *disp, const struct ord__node *v,
                     const char *what)
{
    if (v->kind != ORD__SCALAR)
        return ord__fail(b->x, v, "%s must be %s, not a %s", disp, what, node_kind_name(v));
    if (strlen(v->text) != v->len)
        return ord__fail(b->x, v, "%s contains a NUL character", disp);
    return 0;
}

/* Bounds of a numeric key; fmt writes a bound the way a file would. */
static int check_range(struct ord__build *b, const struct ord__key *key, const char *disp,
                       const struct ord__node *v, double value, void (*fmt)(double, char *, size_t))
{
    char bound[48];
    if (value == 0 && !(key->flags & ORD__ZERO))
        return ord__fail(b->x, v, "%s must be more than 0", disp);
    if (value < key->min) {
        fmt(key->min, bound, sizeof bound);
        return ord__fail(b->x, v, "%s must be at least %s", disp, bound);
    }
    if (value > key->max) {
        fmt(key->max, bound, sizeof bound);
        return ord__fail(b->x, v, "%s is too large: at most %s", disp, bound);
    }
    return 0;
}

static void fmt_ns(double ns, char *buf, size_t n)
{
    ord__fmt_duration((sim_time)ns, buf, n);
}
static void fmt_rate(double r, char *buf, size_t n)
{
    ord__fmt_rate(r, buf, n);
}
static void fmt_num(double v, char *buf, size_t n)
{
    ord__fmt_number(v, buf, n);
}

int ord__get_duration(struct ord__build *b, const struct ord__key *key, const char *disp,
                      const struct ord__node *v, sim_time *out)
{
    const char *why;
    char shown[80];
    int rc = ord__need_scalar(b, disp, v, "a duration (e.g. 250ms)");
    if (rc != 0)
        return rc;
    if (ord__parse_duration(v->text, key->flags & ORD__UNLIMITED, out, &why) != 0)
        return ord__fail(b->x, v, "%s: bad duration `%s`: %s", disp,
                         ord__show(v, shown, sizeof shown), why);
    if (*out == SIM_TIME_NEVER)
        return 0;
    return check_range(b, key, disp, v, (double)*out, fmt_ns);
}

int ord__get_name(struct ord__build *b, const char *disp, const struct ord__node *v,
                  const char *const *names, int n, int *out)
{
    int rc = ord__need_scalar(b, disp, v, "a name");
    if (rc != 0)
        return rc;
    char list[160] = "", hint[64] = "", shown[80];
    int best = -1, best_d = 2;
    for (int i = 0; i < n; i++) {
        if (strcmp(v->text, names[i]) == 0) {
            *out = i;
            return 0;
        }
        int d = ord__edit_distance(v->text, names[i], best_d);
        if (d <= best_d && (best < 0 || d < best_d)) {
            best = i;
            best_d = d;
        }
        size_t len = strlen(list);
        snprintf(list + len, sizeof list - len, "%s%s", i ? ", " : "", names[i]);
    }
    if (best >= 0)
        snprintf(hint, sizeof hint, "; did you mean `%s`?", names[best]);
    return ord__fail(b->x, v, "%s: unknown value `%s` (one of: %s)%s", disp,
                     ord__show(v, shown, sizeof shown), list, hint);
}

static int set_string(struct ord__build *b, const struct ord__key *key, const char *disp,
                      const struct ord__node *v, char **dst)
{
    int rc = ord__need_scalar(b, disp, v, "text");
    if (rc != 0)
        return rc;
    if (key->type == ORD__T_NAME) {
        if (v->len == 0 || v->len > 64 ||
            strspn(v->text, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-") !=
                v->len)
            return ord__fail(b->x, v, "%s must be 1 to 64 letters, digits, `.`, `_` or `-`", disp);
    } else if (key->type == ORD__T_STRING) {
        if (v->len > 200 || strchr(v->text, '\n'))
            return ord__fail(b->x, v, "%s must be one line of at most 200 bytes", disp);
    } else if (v->len > 65536) {
        return ord__fail(b->x, v, "%s is too long (at most 64 KiB)", disp);
    }
    char *s = NULL;
    if (v->len > 0 || key->type != ORD__T_TEXT) {
        s = strdup(v->text);
        if (!s)
            return SIM_ENOMEM;
    }
    free(*dst);
    *dst = s;
    return 0;
}

static int set_count(struct ord__build *b, const struct ord__key *key, const char *disp,
                     const struct ord__node *v, void *dst)
{
    const char *why;
    char shown[80];
    uint64_t n;
    int rc = ord__need_scalar(b, disp, v, "a whole number");
    if (rc != 0)
        return rc;
    bool unl = key->flags & ORD__UNLIMITED;
    if (ord__parse_count(v->text, unl, &n, &why) != 0)
        return ord__fail(b->x, v, "%s: bad number `%s`: %s", disp,
                         ord__show(v, shown, sizeof shown), why);
    if (key->type == ORD__T_SEED) {
        *(uint64_t *)dst = n;
        return 0;
    }
    if (n != UINT64_MAX && (rc = check_range(b, key, disp, v, (double)n, fmt_num)) != 0)
        return rc;
    if (key->type == ORD__T_COUNT32)
        *(uint32_t *)dst = n == UINT64_MAX ? ORD_UNLIMITED : (uint32_t)n;
    else
        *(uint64_t *)dst = n == UINT64_MAX ? MQ_UNLIMITED : n;
    return 0;
}

static int set_real(struct ord__build *b, const struct ord__key *key, const char *disp,
                    const struct ord__node *v, double *dst)
{
    const char *why;
    char shown[80];
    double r;
    bool rate = key->type == ORD__T_RATE;
    int rc = ord__need_scalar(b, disp, v, rate ? "a rate (e.g. 1000/s)" : "a number");
    if (rc != 0)
        return rc;
    if ((rate ? ord__parse_rate(v->text, key->flags & ORD__UNLIMITED, &r, &why)
              : ord__parse_number(v->text, &r, &why)) != 0)
        return ord__fail(b->x, v, "%s: bad %s `%s`: %s", disp, rate ? "rate" : "number",
                         ord__show(v, shown, sizeof shown), why);
    bool unlimited = rate && strcmp(v->text, "unlimited") == 0;
    if (!unlimited && (rc = check_range(b, key, disp, v, r, rate ? fmt_rate : fmt_num)) != 0)
        return rc;
    *dst = r;
    return 0;
}

int ord__check_ident(struct ord__build *b, const char *disp, const struct ord__node *v)
{
    int rc = ord__need_scalar(b, disp, v, "a name");
    if (rc != 0)
        return rc;
    if (v->len == 0 || v->len >= ORD_NAME_MAX ||
        strspn(v->text, "abcdefghijklmnopqrstuvwxyz0123456789_-") != v->len)
        return ord__fail(b->x, v, "%s must be 1 to %d of a-z, 0-9, `_`, `-`", disp,
                         ORD_NAME_MAX - 1);
    return 0;
}

static int set_ident(struct ord__build *b, const char *disp, const struct ord__node *v, char *dst)
{
    int rc = ord__check_ident(b, disp, v);
    if (rc == 0)
        memcpy(dst, v->text, v->len + 1);
    return rc;
}

static int set_value(struct ord__build *b, const struct ord__key *key, const char *disp,
                     const struct ord__node *v, void *base)
{
    static const char *const bools[] = {"false", "true"};
    static const char *const flushes[] = {"async", "sync"};
    static const char *const calls[] = {"serial", "parallel"};
    void *dst = (char *)base + key->offset;
    int i, rc;
    switch (key->type) {
    case ORD__T_NAME:
    case ORD__T_STRING:
    case ORD__T_TEXT:
    case ORD__T_TRACE:
        return set_string(b, key, disp, v, dst);
    case ORD__T_SEED:
    case ORD__T_COUNT32:
    case ORD__T_COUNT64:
        return set_count(b, key, disp, v, dst);
    case ORD__T_DURATION:
        return ord__get_duration(b, key, disp, v, dst);
    case ORD__T_RATE:
    case ORD__T_FACTOR:
        return set_real(b, key, disp, v, dst);
    case ORD__T_SERVICE:
        return ord__set_service(b, key, disp, v, dst);
    case ORD__T_TARGET:
        if (v->kind == ORD__SCALAR && strlen(v->text) == v->len && v->len > 0 &&
            v->len < ORD_NAME_MAX &&
            strspn(v->text, "abcdefghijklmnopqrstuvwxyz0123456789_-") == v->len) {
            for (i = 0; i < ORD_NTARGETS; i++)
                if (strcmp(v->text, ord_target_names[i]) == 0)
                    break;
            if (i == ORD_NTARGETS) {
                /* a service's or database's name: resolved once they are known */
                struct ord_fault *f = (struct ord_fault *)((char *)dst - offsetof(struct ord_fault, target));
                f->target = ORD_TARGET_B;
                f->unit = ORD__UNIT_BY_NAME;
                return 0;
            }
        }
        /* fall through */
    case ORD__T_ARRIVALS:
    case ORD__T_KIND:
    case ORD__T_DO:
        if (key->type == ORD__T_ARRIVALS)
            rc = ord__get_name(b, disp, v, ord_arrivals_names, ORD_NARRIVALS, &i);
        else if (key->type == ORD__T_TARGET)
            rc = ord__get_name(b, disp, v, ord_target_names, ORD_NTARGETS, &i);
        else if (key->type == ORD__T_KIND)
            rc = ord__get_name(b, disp, v, ord_fault_kind_names, ORD_NFAULT_KINDS, &i);
        else
            rc = ord__get_name(b, disp, v, ord_command_kind_names, ORD_NCOMMAND_KINDS, &i);
        if (rc == 0)
            *(int *)dst = i; /* the enums are int-sized, numbered as the names */
        return rc;
    case ORD__T_IDENT:
        return set_ident(b, disp, v, dst);
    case ORD__T_BOOL:
    case ORD__T_FLUSH:
        if (key->type == ORD__T_BOOL)
            rc = ord__get_name(b, disp, v, bools, 2, &i);
        else
            rc = ord__get_name(b, disp, v, flushes, 2, &i);
        if (rc == 0)
            *(bool *)dst = i == 1;
        return rc;
    case ORD__T_CALLS:
        rc = ord__get_name(b, disp, v, calls, 2, &i);
        if (rc == 0)
            *(enum ord_calls *)dst = (enum ord_calls)i;
        return rc;
    case ORD__T_SECTION:
        return 0;
    default:
        return ord__set_list(b, key, disp, v);
    }
}

int ord__walk(struct ord__build *b, const struct ord__node *map, const char *tprefix,
              const char *dprefix, void *base, bool *seen, const struct ord__node **where)
{
    char tpath[160], disp[160], hint[96], shown[80];
    for (size_t i = 0; i + 1 < map->n; i += 2) {
        const struct ord__node *k = map->items[i], *v = map->items[i + 1];
        const struct ord__key *key = NULL;
        /* A key is one plain name: "load.phases" as a key would bypass the sections. */
        if (k->len > 0 && k->len < 64 &&
            strspn(k->text, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_") ==
                k->len) {
            snprintf(tpath, sizeof tpath, "%s%s", tprefix, k->text);
            key = ord__key_find(tpath);
        }
        if (!key) {
            ord__key_suggest(tprefix, k->text, hint, sizeof hint);
            return ord__fail(b->x, k, "unknown key `%s%s`%s", dprefix,
                             ord__show(k, shown, sizeof shown), hint);
        }
        int row = (int)(key - ord__keys);
        seen[row] = true;
        where[row] = v;
        snprintf(disp, sizeof disp, "%s%s", dprefix, k->text);
        int rc;
        if (key->type == ORD__T_SECTION) {
            if (v->kind == ORD__SCALAR && v->len == 0 && !v->quoted)
                continue; /* "a:" with nothing under it */
            if (v->kind != ORD__MAP)
                return ord__fail(b->x, v, "%s must be a mapping of keys, not a %s", disp,
                                 node_kind_name(v));
            char sub_t[176], sub_d[176];
            snprintf(sub_t, sizeof sub_t, "%s.", tpath);
            snprintf(sub_d, sizeof sub_d, "%s.", disp);
            rc = ord__walk(b, v, sub_t, sub_d, base, seen, where);
        } else {
            rc = set_value(b, key, disp, v, base);
        }
        if (rc != 0)
            return rc;
    }
    return 0;
}

/* ---- after the walk: the load source, defaults, checks across keys ---- */

static const struct ord__node *where(const struct ord__build *b, enum ord__key_id k)
{
    return b->where[k];
}

const struct ord__node *ord__where(const struct ord__build *b, enum ord__key_id k)
{
    return where(b, k);
}

static bool seen(const struct ord__build *b, enum ord__key_id k)
{
    return b->seen[k];
}

/* dir/rel, or rel when it is absolute or there is no dir. */
static char *join_path(const char *dir, const char *rel)
{
    if (rel[0] == '/' || !dir || !dir[0])
        return strdup(rel);
    size_t n = strlen(dir) + strlen(rel) + 2;
    char *p = malloc(n);
    if (p)
        snprintf(p, n, "%s/%s", dir, rel);
    return p;
}

static int load_trace(struct ord__build *b)
{
    const struct ord__node *at = where(b, ORD__K_LOAD_TRACE);
    const char *trace = b->c.load.trace;
    char *file = NULL, *buf = NULL;
    const char *text, *shown;
    size_t len;
    int rc;
    if (!trace || !trace[0])
        return ord__fail(b->x, at, "load.trace must name a file");
    if (b->o->reuse && strcmp(ord__rows_trace(b->o->reuse), trace) == 0) {
        ord__load_use_rows(&b->c.load, b->o->reuse); /* read once, shared */
        return 0;
    }
    if (b->o->builtin && trace[0] != '/') {
        const struct ord_builtin *t = ord_builtin_trace_find(trace);
        if (!t) {
            ord__fail(b->x, at, "load.trace: no built-in trace `%s`", trace);
            return SIM_ENOENT;
        }
        text = t->text;
        len = t->len;
        shown = trace;
    } else {
        struct ord_diag why;
        if (!(file = join_path(b->o->dir, trace)))
            return SIM_ENOMEM;
        rc = ord__read_file(file, ORD__MAX_TRACE_BYTES, &buf, &len, &why);
        if (rc != 0) {
            if (rc != SIM_ENOMEM)
                ord__fail(b->x, at, "load.trace: cannot read %s: %s", file, why.msg);
            free(file);
            return rc;
        }
        text = buf;
        shown = file;
    }
    struct ord_phase *ph = NULL;
    sim_time *times = NULL;
    size_t nph = 0, nt = 0;
    rc = ord__trace_parse(text, len, shown, &ph, &nph, &times, &nt, b->x->d);
    free(buf);
    free(file);
    if (rc != 0)
        return rc;
    struct ord_trace_rows *rows = ord__rows_new(trace, ph, nph, times, nt);
    if (!rows) {
        free(ph);
        free(times);
        return SIM_ENOMEM;
    }
    ord__load_use_rows(&b->c.load, rows);
    ord__rows_release(rows); /* the config holds the one reference */
    return 0;
}

/* Times replace the phases with one phase at their mean rate over the load. */
static int times_phase(struct ord__build *b)
{
    struct ord_phase *ph = malloc(sizeof *ph);
    if (!ph)
        return SIM_ENOMEM;
    size_t n = 0;
    while (n < b->c.load.ntimes && b->c.load.times[n] < b->c.duration)
        n++;
    *ph = (struct ord_phase){.at = 0, .rate_per_s = (double)n / sim_time_to_s(b->c.duration)};
    ord__load_drop_phases(&b->c.load);
    b->c.load.phases = ph;
    b->c.load.nphases = 1;
    return 0;
}

static int finish_load(struct ord__build *b)
{
    static const enum ord__key_id src[] = {ORD__K_LOAD_TRACE, ORD__K_LOAD_PHASES,
                                           ORD__K_LOAD_TIMES};
    for (int i = 0; i < 3; i++)
        for (int j = i + 1; j < 3; j++)
            if (seen(b, src[i]) && seen(b, src[j]))
                return ord__fail(b->x, where(b, src[j]),
                                 "%s and %s cannot both be given: each one is the whole load",
                                 ord__keys[src[i]].path, ord__keys[src[j]].path);
    int rc = seen(b, ORD__K_LOAD_TRACE) ? load_trace(b) : 0;
    if (rc != 0)
        return rc;
    struct ord_load *l = &b->c.load;
    /* An arrivals key the program wrote (a --set rebuild) describes the old load, not
     * a choice a person made for this one. */
    const struct ord__node *arr = where(b, ORD__K_LOAD_ARRIVALS);
    bool chosen = arr && (arr->line > 0 || arr->from_set);
    if (l->times) {
        if (chosen && l->arrivals != ORD_ARRIVALS_TIMES)
            return ord__fail(b->x, where(b, ORD__K_LOAD_ARRIVALS),
                             "load.arrivals is %s, but the load is a list of arrival times: "
                             "use arrivals: times or leave it out",
                             ord_arrivals_name(l->arrivals));
        l->arrivals = ORD_ARRIVALS_TIMES;
        return times_phase(b);
    }
    if (l->arrivals == ORD_ARRIVALS_TIMES)
        return ord__fail(b->x, where(b, ORD__K_LOAD_ARRIVALS),
                         "load.arrivals: times needs load.times or a trace of arrival times "
                         "(one time_s column)");
    return 0;
}

static int finish_names(struct ord__build *b)
{
    if (!seen(b, ORD__K_NAME) && b->o->name) {
        char name[65];
        size_t n = 0;
        for (const char *p = b->o->name; *p && n < 64; p++)
            name[n++] =
                strchr("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-", *p)
                    ? *p
                    : '-';
        name[n] = '\0';
        char *s = strdup(n ? name : "scenario");
        if (!s)
            return SIM_ENOMEM;
        free(b->c.name);
        b->c.name = s;
    }
    if (!seen(b, ORD__K_TITLE)) {
        char *s = strdup(b->c.name);
        if (!s)
            return SIM_ENOMEM;
        free(b->c.title);
        b->c.title = s;
    }
    return 0;
}

static const struct ord__node *first_of(const struct ord__build *b, enum ord__key_id p1,
                                        enum ord__key_id p2)
{
    return where(b, p1) ? where(b, p1) : where(b, p2);
}

/* A station's threads or queue slots in all, `unlimited` as the model runs it. */
static uint64_t in_all(uint32_t instances, uint32_t per_instance)
{
    return per_instance == ORD_UNLIMITED ? ORD_UNLIMITED_IN_ALL
                                         : (uint64_t)instances * per_instance;
}

static int finish_checks(struct ord__build *b)
{
    const struct ord_config *c = &b->c;
    char t1[32], t2[32];
    if (c->b.backoff_max < c->b.backoff) {
        ord__fmt_duration(c->b.backoff_max, t1, sizeof t1);
        ord__fmt_duration(c->b.backoff, t2, sizeof t2);
        return ord__fail(b->x, first_of(b, ORD__K_B_BACKOFF_MAX, ORD__K_B_BACKOFF),
                         "b.backoff_max (%s) must be at least b.backoff (%s)", t1, t2);
    }
    if (c->a.threads != ORD_UNLIMITED &&
        (uint64_t)c->a.instances * c->a.threads > ORD__MAX_TOTAL_THREADS)
        return ord__fail(b->x, first_of(b, ORD__K_A_THREADS, ORD__K_A_INSTANCES),
                         "a.instances x a.threads is too large: at most %llu threads in all",
                         ORD__MAX_TOTAL_THREADS);
    if (c->b.threads != ORD_UNLIMITED &&
        (uint64_t)c->b.instances * c->b.threads > ORD__MAX_TOTAL_THREADS)
        return ord__fail(b->x, first_of(b, ORD__K_B_THREADS, ORD__K_B_INSTANCES),
                         "b.instances x b.threads is too large: at most %llu threads in all",
                         ORD__MAX_TOTAL_THREADS);
    {
        /* Memory: each busy thread holds an order or a call, each queue slot a call
         * (sync parallel: an order holds one call per service), so these bound the
         * records alive at once. */
        uint64_t a = in_all(c->a.instances, c->a.threads);
        size_t n = ord_config_nservices(c);
        uint64_t ncalls = c->calls == ORD_CALLS_PARALLEL ? n : 1;
        uint64_t svc = 0;
        for (size_t i = 0; i < n; i++) {
            const struct ord_b_config *sb = c->nservices ? &c->services[i].b : &c->b;
            svc += in_all(sb->instances, sb->threads) + in_all(sb->instances, sb->accept_queue);
        }
        char times[24] = "";
        if (ncalls > 1)
            snprintf(times, sizeof times, " x %llu", (unsigned long long)ncalls);
        const struct ord__node *at =
            c->nservices ? (c->calls == ORD_CALLS_PARALLEL
                                ? first_of(b, ORD__K_CALLS, ORD__K_SERVICES)
                                : where(b, ORD__K_SERVICES))
                         : first_of(b, ORD__K_B_ACCEPT_QUEUE, ORD__K_B_INSTANCES);
        if (a * ncalls + svc > ORD_MAX_IN_ALL)
            return ord__fail(b->x, at ? at : first_of(b, ORD__K_B, ORD__K_A),
                             "too many orders and calls held at once: A's threads %llu%s + "
                             "threads and accept_queue of %s %llu = %llu, at most %llu "
                             "(`unlimited` counts %u; with `calls: parallel` A's threads count "
                             "once per service)",
                             (unsigned long long)a, times, c->nservices ? "the services" : "b",
                             (unsigned long long)svc, (unsigned long long)(a * ncalls + svc),
                             ORD_MAX_IN_ALL, ORD_UNLIMITED_IN_ALL);
    }
    sim_time run = c->duration + c->drain;
    uint64_t buckets = (uint64_t)((run + c->interval - 1) / c->interval);
    if (buckets > ORD__MAX_BUCKETS) {
        ord__fmt_duration(c->interval, t1, sizeof t1);
        ord__fmt_duration((run + ORD__MAX_BUCKETS - 1) / ORD__MAX_BUCKETS, t2, sizeof t2);
        return ord__fail(
            b->x, where(b, ORD__K_INTERVAL) ? where(b, ORD__K_INTERVAL) : where(b, ORD__K_DURATION),
                         "interval %s gives %llu time buckets over duration + drain; at most %d "
                         "(use an interval of at least %s)",
                         t1, (unsigned long long)buckets, ORD__MAX_BUCKETS, t2);
    }
    return 0;
}

int ord__build(struct ord__ctx *x, const struct ord__node *root, const struct ord__origin *o,
               struct ord_config *c)
{
    struct ord__build b = {.x = x, .o = o};
    int rc = ord_config_default(&b.c);
    if (rc != 0)
        return rc;
    if (root && root->kind != ORD__MAP && !(root->kind == ORD__SCALAR && root->len == 0))
        rc = ord__fail(x, root,
                       "a scenario must be a mapping of keys (name: ..., load: ...), not a %s",
                       node_kind_name(root));
    else if (root && root->kind == ORD__MAP)
        rc = ord__walk(&b, root, "", "", &b.c, b.seen, b.where);
    if (rc == 0)
        rc = finish_load(&b);
    if (rc == 0)
        rc = finish_names(&b);
    if (rc == 0)
        rc = ord__finish_services(&b);
    if (rc == 0)
        rc = finish_checks(&b);
    if (rc != 0) {
        ord_config_free(&b.c);
        return rc;
    }
    *c = b.c;
    return 0;
}
