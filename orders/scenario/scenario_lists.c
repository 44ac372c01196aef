/* orders/scenario/scenario_lists.c: the list-valued keys (phases, times, variants, faults,
 * commands) and service-time distributions. */
#include "orders/scenario/scenario_internal.h"

#include <stdlib.h>
#include <string.h>

#include "sim/error.h"

/* Every REQUIRED row directly under tprefix must have been seen. */
static int check_required(struct ord__build *b, const char *tprefix, const char *item_disp,
                          const struct ord__node *item, const bool *seen)
{
    size_t n = strlen(tprefix);
    for (int i = 0; i < ord__nkeys; i++) {
        const struct ord__key *k = &ord__keys[i];
        if ((k->flags & ORD__REQUIRED) && strncmp(k->path, tprefix, n) == 0 && !seen[i])
            return ord__fail(b->x, item, "%s needs `%s`", item_disp, k->path + n);
    }
    return 0;
}

static int need_list(struct ord__build *b, const char *disp, const struct ord__node *v,
                     const char *what)
{
    if (v->kind != ORD__SEQ)
        return ord__fail(b->x, v, "%s must be a list of %s, not a %s", disp, what,
                         v->kind == ORD__MAP ? "mapping" : "single value");
    return 0;
}

static int need_map_item(struct ord__build *b, const char *disp, const struct ord__node *item,
                         const char *example)
{
    if (item->kind != ORD__MAP)
        return ord__fail(b->x, item, "%s must be a mapping like %s", disp, example);
    return 0;
}

static int set_phases(struct ord__build *b, const char *disp, const struct ord__node *v)
{
    static const char ex[] = "{at: 0s, rate: 1000/s}";
    int rc = need_list(b, disp, v, ex), at_row = ORD__K_LOAD_PHASES_AT;
    if (rc != 0)
        return rc;
    if (v->n == 0)
        return ord__fail(b->x, v, "%s needs at least one phase", disp);
    struct ord_phase *ph = calloc(v->n, sizeof *ph);
    if (!ph)
        return SIM_ENOMEM;
    char idisp[96], prefix[100], t1[32], t0[32];
    for (size_t i = 0; i < v->n && rc == 0; i++) {
        bool seen[ORD__NKEYS] = {0};
        const struct ord__node *where[ORD__NKEYS] = {0};
        snprintf(idisp, sizeof idisp, "%s.%zu", disp, i);
        snprintf(prefix, sizeof prefix, "%s.", idisp);
        if ((rc = need_map_item(b, idisp, v->items[i], ex)) != 0 ||
            (rc = ord__walk(b, v->items[i], "load.phases[].", prefix, &ph[i], seen, where)) != 0 ||
            (rc = check_required(b, "load.phases[].", idisp, v->items[i], seen)) != 0)
            break;
        ord__fmt_duration(ph[i].at, t1, sizeof t1);
        if (i == 0 && ph[i].at != 0) {
            rc = ord__fail(b->x, where[at_row], "%s.at is %s: the first phase must start at 0s",
                           idisp, t1);
        } else if (i > 0 && ph[i].at <= ph[i - 1].at) {
            ord__fmt_duration(ph[i - 1].at, t0, sizeof t0);
            rc = ord__fail(b->x, where[at_row],
                           "phases out of order: %s.at (%s) must be after %s.%zu.at (%s)", idisp,
                           t1, disp, i - 1, t0);
        }
    }
    if (rc != 0) {
        free(ph);
        return rc;
    }
    ord__load_drop_phases(&b->c.load);
    b->c.load.phases = ph;
    b->c.load.nphases = v->n;
    return 0;
}

static int set_times(struct ord__build *b, const struct ord__key *key, const char *disp,
                     const struct ord__node *v)
{
    int rc = need_list(b, disp, v, "durations");
    if (rc != 0)
        return rc;
    if (v->n == 0)
        return ord__fail(b->x, v, "%s needs at least one time", disp);
    sim_time *t = malloc(v->n * sizeof *t);
    if (!t)
        return SIM_ENOMEM;
    char idisp[96];
    for (size_t i = 0; i < v->n && rc == 0; i++) {
        snprintf(idisp, sizeof idisp, "%s.%zu", disp, i);
        rc = ord__get_duration(b, key, idisp, v->items[i], &t[i]);
        if (rc == 0 && i > 0 && t[i] < t[i - 1])
            rc = ord__fail(b->x, v->items[i],
                           "%s is before the time before it: times must be sorted", idisp);
    }
    if (rc != 0) {
        free(t);
        return rc;
    }
    ord__load_drop_times(&b->c.load);
    b->c.load.times = t;
    b->c.load.ntimes = v->n;
    return 0;
}

static int set_variants(struct ord__build *b, const char *disp, const struct ord__node *v)
{
    const char *names[ORD_NVARIANT_KINDS];
    for (int i = 0; i < ORD_NVARIANT_KINDS; i++)
        names[i] = ord_variant_name((enum ord_variant)i);
    const struct ord__node *one[1] = {v};
    const struct ord__node *const *items =
        v->kind == ORD__SEQ ? (const struct ord__node *const *)v->items : one;
    size_t n = v->kind == ORD__SEQ ? v->n : 1;
    if (v->kind == ORD__MAP)
        return ord__fail(b->x, v, "%s must be a list of names like [sync, async]", disp);
    if (n == 0)
        return ord__fail(b->x, v, "%s needs at least one variant", disp);
    if (n > ORD_MAX_VARIANTS)
        return ord__fail(b->x, v, "%s: at most %d variants", disp, ORD_MAX_VARIANTS);
    enum ord_variant out[ORD_MAX_VARIANTS];
    char idisp[96];
    for (size_t i = 0; i < n; i++) {
        int k, rc;
        snprintf(idisp, sizeof idisp, "%s.%zu", disp, i);
        if ((rc = ord__get_name(b, idisp, items[i], names, ORD_NVARIANT_KINDS, &k)) != 0)
            return rc;
        for (size_t j = 0; j < i; j++)
            if (out[j] == (enum ord_variant)k)
                return ord__fail(b->x, items[i], "%s: variant `%s` is listed twice", idisp,
                                 names[k]);
        out[i] = (enum ord_variant)k;
    }
    memcpy(b->c.variants, out, n * sizeof *out);
    b->c.nvariants = (int)n;
    return 0;
}

/* The rows of a fault's kind, factor and rate, in a list of faults or of commands. */
struct fault_rows {
    enum ord__key_id kind, factor, rate;
};
static const struct fault_rows fault_rows = {ORD__K_FAULTS_KIND, ORD__K_FAULTS_FACTOR,
                                             ORD__K_FAULTS_RATE};
static const struct fault_rows command_rows = {ORD__K_COMMANDS_KIND, ORD__K_COMMANDS_FACTOR,
                                               ORD__K_COMMANDS_RATE};

/* The rules between a fault's target, kind, factor and rate. */
static int check_fault(struct ord__build *b, const struct fault_rows *rows, const char *idisp,
                       const struct ord__node *item, const struct ord_fault *f, const bool *seen,
                       const struct ord__node **where)
{
    enum ord__key_id kind_row = rows->kind, factor_row = rows->factor, rate_row = rows->rate;
    const char *target = ord_target_name(f->target), *kind = ord_fault_kind_name(f->kind);
    unsigned kinds = ord_target_kinds(f->target);
    if (!seen[kind_row])
        return ord__fail(b->x, item, "%s needs `kind`", idisp);
    if (!(kinds & 1u << f->kind)) {
        char list[64] = "";
        for (int k = 0; k < ORD_NFAULT_KINDS; k++) {
            if (kinds & 1u << k) {
                size_t len = strlen(list);
                snprintf(list + len, sizeof list - len, "%s%s", len ? ", " : "",
                         ord_fault_kind_name((enum ord_fault_kind)k));
            }
        }
        return ord__fail(b->x, where[kind_row], "%s: target %s cannot be %s (it can be: %s)", idisp,
                         target, kind, list);
    }
    bool slow = f->kind == ORD_FAULT_SLOW, spike = f->kind == ORD_FAULT_SPIKE;
    if (slow && !seen[factor_row])
        return ord__fail(b->x, item, "%s: a slow fault needs `factor` (e.g. factor: 5)", idisp);
    if (!slow && seen[factor_row])
        return ord__fail(b->x, where[factor_row], "%s: `factor` applies only to kind slow", idisp);
    if (spike && !seen[rate_row])
        return ord__fail(b->x, item, "%s: a spike needs `rate` (e.g. rate: 10000/s)", idisp);
    if (!spike && seen[rate_row])
        return ord__fail(b->x, where[rate_row], "%s: `rate` applies only to kind spike", idisp);
    return 0;
}

static int set_faults(struct ord__build *b, const char *disp, const struct ord__node *v)
{
    static const char ex[] = "{at: 30s, for: 10s, target: b, kind: down}";
    int rc = need_list(b, disp, v, ex);
    if (rc != 0)
        return rc;
    struct ord_fault *fs = v->n ? calloc(v->n, sizeof *fs) : NULL;
    if (v->n && !fs)
        return SIM_ENOMEM;
    char idisp[96], prefix[100];
    for (size_t i = 0; i < v->n && rc == 0; i++) {
        bool seen[ORD__NKEYS] = {0};
        const struct ord__node *where[ORD__NKEYS] = {0};
        snprintf(idisp, sizeof idisp, "%s.%zu", disp, i);
        snprintf(prefix, sizeof prefix, "%s.", idisp);
        fs[i].length = SIM_TIME_NEVER;
        if ((rc = need_map_item(b, idisp, v->items[i], ex)) == 0 &&
            (rc = ord__walk(b, v->items[i], "faults[].", prefix, &fs[i], seen, where)) == 0 &&
            (rc = check_required(b, "faults[].", idisp, v->items[i], seen)) == 0)
            rc = check_fault(b, &fault_rows, idisp, v->items[i], &fs[i], seen, where);
    }
    if (rc != 0) {
        free(fs);
        return rc;
    }
    free(b->c.faults);
    b->c.faults = fs;
    b->c.nfaults = v->n;
    return 0;
}

/* One command; prev_at is the previous command's time. */
static int command(struct ord__build *b, const char *idisp, const struct ord__node *item,
                   struct ord_command *cmd, sim_time prev_at)
{
    bool seen[ORD__NKEYS] = {0};
    const struct ord__node *where[ORD__NKEYS] = {0};
    char prefix[100];
    snprintf(prefix, sizeof prefix, "%s.", idisp);
    cmd->fault.length = SIM_TIME_NEVER;
    int rc = need_map_item(b, idisp, item, "{at: 20000000000ns, do: fault, target: b, kind: down}");
    if (rc == 0)
        rc = ord__walk(b, item, "commands[].", prefix, cmd, seen, where);
    if (rc == 0)
        rc = check_required(b, "commands[].", idisp, item, seen);
    if (rc != 0)
        return rc;
    cmd->fault.at = cmd->at;
    if (cmd->at < prev_at)
        return ord__fail(b->x, where[ORD__K_COMMANDS_AT],
                         "%s.at is earlier than the command before it: commands must be in "
                         "time order",
                         idisp);
    if (cmd->kind == ORD_CMD_FAULT)
        return check_fault(b, &command_rows, idisp, item, &cmd->fault, seen, where);
    static const enum ord__key_id extra[] = {ORD__K_COMMANDS_KIND, ORD__K_COMMANDS_FOR,
                                             ORD__K_COMMANDS_FACTOR, ORD__K_COMMANDS_RATE};
    for (size_t i = 0; i < sizeof extra / sizeof extra[0]; i++)
        if (seen[extra[i]])
            return ord__fail(b->x, where[extra[i]], "%s: a %s command takes only `at` and `target`",
                             idisp, ord_command_kind_name(cmd->kind));
    if (cmd->kind == ORD_CMD_JOIN && cmd->fault.target != ORD_TARGET_B)
        return ord__fail(b->x, where[ORD__K_COMMANDS_TARGET],
                         "%s: a join command names a service (b, or a name from `services`)",
                         idisp);
    return 0;
}

static int set_commands(struct ord__build *b, const char *disp, const struct ord__node *v)
{
    int rc = need_list(b, disp, v, "commands");
    if (rc != 0)
        return rc;
    struct ord_command *cs = v->n ? calloc(v->n, sizeof *cs) : NULL;
    if (v->n && !cs)
        return SIM_ENOMEM;
    char idisp[96];
    for (size_t i = 0; i < v->n && rc == 0; i++) {
        snprintf(idisp, sizeof idisp, "%s.%zu", disp, i);
        rc = command(b, idisp, v->items[i], &cs[i], i ? cs[i - 1].at : 0);
    }
    if (rc != 0) {
        free(cs);
        return rc;
    }
    free(b->c.commands);
    b->c.commands = cs;
    b->c.ncommands = v->n;
    return 0;
}

int ord__set_list(struct ord__build *b, const struct ord__key *key, const char *disp,
                  const struct ord__node *v)
{
    switch (key->type) {
    case ORD__T_PHASES:
        return set_phases(b, disp, v);
    case ORD__T_TIMES:
        return set_times(b, key, disp, v);
    case ORD__T_VARIANTS:
        return set_variants(b, disp, v);
    case ORD__T_FAULTS:
        return set_faults(b, disp, v);
    case ORD__T_COMMANDS:
        return set_commands(b, disp, v);
    case ORD__T_SERVICES:
        return ord__set_services(b, disp, v);
    case ORD__T_DATABASES:
        return ord__set_databases(b, disp, v);
    default:
        return ord__fail(b->x, v, "%s: unsupported key type", disp);
    }
}

/* ---- service times ---- */

enum { SVC_DIST, SVC_MEAN, SVC_MIN, SVC_MAX, SVC_SD, SVC_N };
static const char *const svc_keys[SVC_N] = {"dist", "mean", "min", "max", "sd"};
/* Keys each kind needs, in the order of enum sim_dist_kind. */
static const unsigned dist_needs[SIM_NDIST_KINDS] = {
    1u << SVC_MEAN,
    1u << SVC_MEAN,
    1u << SVC_MIN | 1u << SVC_MAX,
    1u << SVC_MEAN | 1u << SVC_SD,
};

static int service_map(struct ord__build *b, const struct ord__key *key, const char *disp,
                       const struct ord__node *v, struct sim_dist *out)
{
    const struct ord__node *at[SVC_N] = {0};
    sim_time t[SVC_N] = {0};
    int dist = -1, rc = 0;
    char sub[128], shown[80];
    for (size_t i = 0; i + 1 < v->n && rc == 0; i += 2) {
        const struct ord__node *k = v->items[i], *val = v->items[i + 1];
        int which = -1;
        for (int j = 0; j < SVC_N && strlen(k->text) == k->len; j++)
            if (strcmp(k->text, svc_keys[j]) == 0)
                which = j;
        if (which < 0) {
            int best = -1;
            for (int j = 0; j < SVC_N && best < 0; j++)
                if (ord__edit_distance(k->text, svc_keys[j], 2) <= 2)
                    best = j;
            return ord__fail(b->x, k,
                             "unknown key `%s.%s` (a service time takes dist, mean, "
                             "min, max, sd)%s%s%s",
                             disp, ord__show(k, shown, sizeof shown),
                             best >= 0 ? "; did you mean `" : "", best >= 0 ? svc_keys[best] : "",
                             best >= 0 ? "`?" : "");
        }
        at[which] = val;
        snprintf(sub, sizeof sub, "%s.%s", disp, svc_keys[which]);
        if (which == SVC_DIST)
            rc = ord__get_name(b, sub, val, sim_dist_kind_names, SIM_NDIST_KINDS, &dist);
        else
            rc = ord__get_duration(b, key, sub, val, &t[which]);
    }
    if (rc != 0)
        return rc;
    if (dist < 0) {
        char kinds[64] = "";
        for (int j = 0; j < SIM_NDIST_KINDS; j++) {
            size_t len = strlen(kinds);
            snprintf(kinds + len, sizeof kinds - len, "%s%s",
                     j == 0                    ? ""
                     : j + 1 < SIM_NDIST_KINDS ? ", "
                                               : " or ",
                     sim_dist_kind_names[j]);
        }
        return ord__fail(b->x, v, "%s needs `dist`: %s", disp, kinds);
    }
    for (int j = SVC_MEAN; j < SVC_N; j++) {
        bool need = dist_needs[dist] & 1u << j;
        if (need && !at[j])
            return ord__fail(b->x, v, "%s: dist %s needs `%s`", disp, sim_dist_kind_names[dist],
                             svc_keys[j]);
        if (!need && at[j])
            return ord__fail(b->x, at[j], "%s: `%s` does not apply to dist %s", disp, svc_keys[j],
                             sim_dist_kind_names[dist]);
    }
    switch (dist) {
    case SIM_DIST_CONST:
        rc = sim_dist_const(out, t[SVC_MEAN]);
        break;
    case SIM_DIST_EXP:
        rc = sim_dist_exp(out, t[SVC_MEAN]);
        break;
    case SIM_DIST_UNIFORM:
        rc = sim_dist_uniform(out, t[SVC_MIN], t[SVC_MAX]);
        break;
    default:
        rc = sim_dist_lognormal(out, t[SVC_MEAN], t[SVC_SD]);
        break;
    }
    if (rc != 0)
        return ord__fail(b->x, at[SVC_MAX] ? at[SVC_MAX] : v, "%s: min must not exceed max", disp);
    return 0;
}

int ord__set_service(struct ord__build *b, const struct ord__key *key, const char *disp,
                     const struct ord__node *v, struct sim_dist *out)
{
    if (v->kind == ORD__MAP)
        return service_map(b, key, disp, v, out);
    sim_time t;
    int rc = ord__need_scalar(b, disp, v, "a duration or {dist: exp, mean: 10ms}");
    if (rc == 0)
        rc = ord__get_duration(b, key, disp, v, &t);
    if (rc == 0 && sim_dist_const(out, t) != 0)
        rc = ord__fail(b->x, v, "%s: invalid service time", disp);
    return rc;
}
