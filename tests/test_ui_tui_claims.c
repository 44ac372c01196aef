/* The property test of the live captions: on several built-in scenarios, random keys
 * (s b h d m z) at random moments; every caption the screen would show is kept, then
 * checked claim by claim against the run's recorded series by an oracle written here,
 * apart from the caption code: it keeps its own record of the keys pressed, the totals
 * just before each of them and each scheduled change, and reads the buckets itself.
 *
 * Claims checked (English captions): the episode named and its start; "N rejected /
 * failed since T" (exact, from the totals at T); every backlog figure and its growth
 * (the bucket at the time base); "about E s to go" (against when the backlog really
 * emptied, when nothing else happened meanwhile); "B keeps up" (small backlog, no fault
 * on B, the database or the MQ); "the database takes N/s" (its capacity with the slow
 * faults then active); users' p50; the final totals; and "lost" only where a crash of
 * the MQ lost acknowledged messages, with their exact number and the outage's length
 * (a crash of B or of the MQ is named, and keeps its target down while it lasts). */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "orders/scenario/scenario.h"
#include "ui/base/text.h"
#include "ui/live/tui_session.h"

#define MS ((sim_time)1000000)
#define MAXMARK 256
#define MAXCAP 4096

/* What the oracle knows of a moment: a key pressed or a scheduled change. */
struct mark {
    sim_time at;
    char name[64]; /* the episode's name as the caption must give it */
    bool counted;  /* totals below are exact at `at` */
    bool zero;     /* z: counts restart, the episode goes on */
    uint64_t rej[ORD_MAX_VARIANTS], fail[ORD_MAX_VARIANTS], lost[ORD_MAX_VARIANTS];
    bool mq_crash;      /* a crash of the MQ began here */
    sim_time length;    /* ... lasting this long */
    uint64_t crash_lost; /* ... and async lost this many orders in it */
    /* faults active right after it */
    bool b_down, b_hang, mq_down;
    double db_factor; /* the slow factors multiplied */
    int spikes;
};

struct shot {
    sim_time at; /* the time base */
    char text[1024];
};

struct world {
    struct ui_tui_session s;
    struct mark marks[MAXMARK];
    int nmarks;
    struct shot *shots;
    int nshots;
    uint64_t clock;
    /* the oracle's fault state: how many of each are active; the database's slow-down */
    int b_down, b_hang, mq_down;
    double db_factor;
    sim_time spike_ends[64];
    int nspikes;
    int cfg_spikes;
    struct sched *sch;
    int nsch;
    bool joined[ORD_MAX_SERVICES]; /* by the c key, as the oracle expects */
    int njoin_shots;
};

static uint64_t fake_clock(void *ctx)
{
    return *(uint64_t *)ctx;
}

static void totals_now(const struct world *w, struct mark *m)
{
    const struct ord_result *r = ord_run_result(&w->s.run);
    for (int i = 0; i < r->nvariants; i++) {
        m->rej[i] = r->v[i].totals.rejected;
        m->fail[i] = r->v[i].totals.failed;
        m->lost[i] = r->v[i].totals.lost;
    }
    m->counted = true;
}

static int spikes_active(const struct world *w, sim_time t)
{
    int n = 0;
    for (int i = 0; i < w->nspikes; i++)
        if (w->spike_ends[i] > t)
            n++;
    return n;
}

static struct mark *add_mark(struct world *w, sim_time at, const char *name)
{
    assert_true(w->nmarks < MAXMARK);
    struct mark *m = &w->marks[w->nmarks++];
    memset(m, 0, sizeof *m);
    m->at = at;
    snprintf(m->name, sizeof m->name, "%s", name);
    return m;
}

static void seal(struct world *w, struct mark *m)
{
    m->b_down = w->b_down > 0;
    m->b_hang = w->b_hang > 0;
    m->mq_down = w->mq_down > 0;
    m->db_factor = w->db_factor;
    m->spikes = spikes_active(w, m->at);
}

/* The state at t: the last mark at or before it. */
static const struct mark *mark_at(const struct world *w, sim_time t)
{
    const struct mark *best = &w->marks[0];
    for (int i = 0; i < w->nmarks; i++)
        if (w->marks[i].at <= t && !w->marks[i].zero)
            best = &w->marks[i];
    return best;
}

static void shoot(struct world *w)
{
    struct ui_tui_snapshot snap;
    struct ui_tui_facts f;
    ui_tui_session_snapshot(&w->s, &snap);
    ui_tui_facts_read(&snap, &f);
    if (!f.started)
        return;
    struct shot *sh = &w->shots[w->nshots++];
    assert_true(w->nshots < MAXCAP);
    sh->at = f.at;
    ui_tui_caption(&f, UI_TUI_EN, sh->text, sizeof sh->text);
}

/* ---- the oracle's reading of the record -------------------------------------------- */

static const struct ord_variant_result *variant(const struct world *w, const char *name)
{
    const struct ord_result *r = ord_run_result(&w->s.run);
    for (int i = 0; i < r->nvariants; i++)
        if (strcmp(r->v[i].name, name) == 0)
            return &r->v[i];
    return NULL;
}

static int vindex(const struct world *w, const char *name)
{
    const struct ord_result *r = ord_run_result(&w->s.run);
    for (int i = 0; i < r->nvariants; i++)
        if (strcmp(r->v[i].name, name) == 0)
            return i;
    return -1;
}

static int64_t col_sum_to(const struct ord_variant_result *v, sim_time at, int col)
{
    int64_t sum = 0;
    size_t nb = (size_t)(at / v->series.interval);
    for (size_t b = 0; b < nb; b++)
        sum += sim_series_get(&v->series, b, col);
    return sum;
}

static int64_t backlog_at(const struct ord_variant_result *v, sim_time at)
{
    size_t b = (size_t)(at / v->series.interval);
    return b == 0 ? 0 : sim_series_get(&v->series, b - 1, ORD_COL_BACKLOG);
}

/* "1 234" -> 1234 at p; the number's end in *end. */
static int64_t number(const char *p, const char **end)
{
    int64_t v = 0;
    while ((*p >= '0' && *p <= '9') || (*p == ' ' && p[1] >= '0' && p[1] <= '9' && v > 0)) {
        if (*p != ' ')
            v = v * 10 + (*p - '0');
        p++;
    }
    *end = p;
    return v;
}

/* The sentence about a wiring: from "Sync "/"Async " to its full stop. */
static bool sentence(const char *text, const char *who, char *out, size_t n)
{
    const char *p = text;
    for (;;) {
        p = strstr(p, who);
        if (!p)
            return false;
        if (p == text || p[-1] == ' ')
            break;
        p++;
    }
    const char *e = strstr(p, ". ");
    size_t len = e ? (size_t)(e - p) : strlen(p);
    if (len >= n)
        len = n - 1;
    memcpy(out, p, len);
    out[len] = '\0';
    return true;
}

static double parse_clock(const char *p)
{
    return strtod(p, NULL);
}

static void check_counts(const struct world *w, const struct shot *sh, const char *who,
                         const char *vname)
{
    char s[512];
    if (!sentence(sh->text, who, s, sizeof s))
        return;
    int vi = vindex(w, vname);
    const struct ord_variant_result *v = variant(w, vname);
    static const char *const words[2] = {" rejected since ", " failed since "};
    for (int k = 0; k < 2; k++) {
        const char *q = strstr(s, words[k]);
        if (!q)
            continue;
        const char *num = q;
        while (num > s && ((num[-1] >= '0' && num[-1] <= '9') || num[-1] == ' '))
            num--;
        while (*num == ' ')
            num++;
        const char *e;
        int64_t said = number(num, &e);
        double t = parse_clock(q + strlen(words[k]));
        const struct mark *m = NULL;
        for (int i = 0; i < w->nmarks; i++)
            if (fabs(sim_time_to_s(w->marks[i].at) - t) < 0.051 && w->marks[i].counted)
                m = &w->marks[i];
        if (!m)
            fail_msg("at %.1f s: \"%s\" counts from %.1f s, when nothing began: %s",
                     sim_time_to_s(sh->at), words[k], t, sh->text);
        int64_t now = col_sum_to(v, sh->at, k == 0 ? ORD_COL_REJECTED : ORD_COL_FAILED);
        int64_t base = (int64_t)(k == 0 ? m->rej[vi] : m->fail[vi]);
        if (said != now - base)
            fail_msg("at %.1f s: %s says %lld%s%.1f s; the record has %lld: %s",
                     sim_time_to_s(sh->at), who, (long long)said, words[k], t,
                     (long long)(now - base), sh->text);
    }
}

/* The first bucket end from `at` on where the backlog is within the keep-up limit. */
static sim_time drained_after(const struct ord_variant_result *v, sim_time at, int64_t limit)
{
    size_t nb = sim_series_len(&v->series);
    for (size_t b = (size_t)(at / v->series.interval); b < nb; b++)
        if (sim_series_get(&v->series, b, ORD_COL_BACKLOG) <= limit)
            return (sim_time)(b + 1) * v->series.interval;
    return SIM_TIME_NEVER;
}

static void check_backlog(const struct world *w, const struct shot *sh, double rate)
{
    const struct ord_variant_result *v = variant(w, "async");
    char s[512];
    if (!v || !sentence(sh->text, "Async ", s, sizeof s))
        return;
    int64_t real = backlog_at(v, sh->at);
    static const char *const pats[] = {"MQ backlog ", "B works off ", "the MQ backlog is ", "; "};
    for (size_t k = 0; k < sizeof pats / sizeof pats[0]; k++) {
        const char *q = strstr(s, pats[k]);
        if (!q)
            continue;
        q += strlen(pats[k]);
        if (*q < '0' || *q > '9')
            continue;
        const char *e;
        int64_t said = number(q, &e);
        if (strncmp(e, " messages", 9) != 0 && strncmp(e, " queued", 7) != 0 && *e != ')')
            continue;
        if (said != real)
            fail_msg("at %.1f s: backlog said %lld, the record has %lld: %s",
                     sim_time_to_s(sh->at), (long long)said, (long long)real, sh->text);
    }
    const char *up = strstr(s, ", up ");
    if (up) {
        const char *e;
        int64_t said = number(up + 5, &e);
        int64_t real_up = real - backlog_at(v, sh->at - v->series.interval);
        if (said != real_up)
            fail_msg("at %.1f s: growth said %lld, the record has %lld: %s",
                     sim_time_to_s(sh->at), (long long)said, (long long)real_up, sh->text);
    }
    const char *eta = strstr(s, "about ");
    if (eta) {
        int64_t said = strtoll(eta + 6, NULL, 10);
        sim_time until = sh->at + (said * 2 + 2) * SIM_S;
        bool quiet = true;
        for (int i = 0; i < w->nmarks; i++)
            if (w->marks[i].at > sh->at - v->series.interval && w->marks[i].at <= until)
                quiet = false;
        sim_time d = drained_after(v, sh->at, ui_tui_keep_up_limit(rate));
        if (quiet && d != SIM_TIME_NEVER) {
            double real_s = sim_time_to_s(d - sh->at);
            if (real_s > 1.5 * (double)said + 1.01 || real_s < 0.5 * (double)said - 1.01)
                fail_msg("at %.1f s: \"about %lld s to go\", the backlog was down after %.1f s: %s",
                         sim_time_to_s(sh->at), (long long)said, real_s, sh->text);
        }
    }
    if (strstr(s, "B keeps up")) {
        const struct mark *m = mark_at(w, sh->at - 1);
        if (real > ui_tui_keep_up_limit(rate) || m->b_down || m->b_hang || m->mq_down ||
            m->db_factor != 1)
            fail_msg("at %.1f s: \"B keeps up\" with backlog %lld%s: %s", sim_time_to_s(sh->at),
                     (long long)real, m->b_down ? ", B down" : m->b_hang ? ", B hung" : "",
                     sh->text);
    }
}

static void check_p50(const struct world *w, const struct shot *sh, const char *who,
                      const char *vname)
{
    char s[512];
    const struct ord_variant_result *v = variant(w, vname);
    if (!v || !sentence(sh->text, who, s, sizeof s) || strncmp(s + strlen(who), "users wait ", 11))
        return;
    size_t b = (size_t)(sh->at / v->series.interval) - 1;
    struct sim_hist_summary h = sim_series_hist(&v->series, b, ORD_H_LATENCY);
    char want[32];
    ui_fmt_duration(want, sizeof want, h.p50);
    if (h.count == 0 || strncmp(s + strlen(who) + 11, want, strlen(want)) != 0)
        fail_msg("at %.1f s: %s p50 should read %s: %s", sim_time_to_s(sh->at), who, want,
                 sh->text);
}

static int none_checked; /* captions saying "orders do not go through", over all runs */

/* "Sync orders do not go through": no order of that wiring completed for its user in
 * the bucket the caption speaks of. */
static void check_none(const struct world *w, const struct shot *sh, const char *who,
                       const char *vname)
{
    char s[512];
    const struct ord_variant_result *v = variant(w, vname);
    if (!v || !sentence(sh->text, who, s, sizeof s) ||
        strncmp(s + strlen(who), "orders do not go through", 24))
        return;
    size_t b = (size_t)(sh->at / v->series.interval) - 1;
    struct sim_hist_summary h = sim_series_hist(&v->series, b, ORD_H_LATENCY);
    none_checked++;
    if (h.count != 0)
        fail_msg("at %.1f s: %s orders went through (%lld answered): %s", sim_time_to_s(sh->at),
                 who, (long long)h.count, sh->text);
}

/* A join's caption: "+T per order if nothing queues" is the service's work and query
 * (their means), "(backlog N)" its own group's backlog at the time base. */
static void check_join(const struct world *w, const struct shot *sh, const struct mark *m)
{
    size_t len = strlen(m->name);
    if (len < 7 || strcmp(m->name + len - 7, " joined") != 0)
        return;
    const struct ord_result *r = ord_run_result(&w->s.run);
    const struct ord_config *c = r->cfg;
    int k = -1;
    for (size_t i = 0; i < c->nservices; i++)
        if (strncmp(c->services[i].name, m->name, len - 7) == 0 &&
            c->services[i].name[len - 7] == '\0')
            k = (int)i;
    assert_true(k > 0);
    struct ord_service s;
    struct ord_database buf;
    ord_config_service(c, (size_t)k, &s);
    sim_time call = (sim_time)(sim_dist_mean(&s.b.service) +
                               sim_dist_mean(&ord_config_database(c, s.db, &buf)->db.query));
    char want[64], d[32];
    ui_fmt_duration(d, sizeof d, call);
    snprintf(want, sizeof want, "+%s per order if nothing queues", d);
    if (c->calls == ORD_CALLS_SERIAL && !strstr(sh->text, want))
        fail_msg("at %.1f s: a join should say \"%s\": %s", sim_time_to_s(sh->at), want,
                 sh->text);
    if (!strstr(sh->text, "sync A must call it too (new code in A)") ||
        !strstr(sh->text, "async A is unchanged"))
        fail_msg("at %.1f s: a join's contrast is missing: %s", sim_time_to_s(sh->at), sh->text);
    const char *bl = strstr(sh->text, "(backlog ");
    const struct ord_variant_result *v = variant(w, "async");
    if (v && bl) {
        const char *e;
        int64_t said = number(bl + 9, &e);
        size_t b = (size_t)(sh->at / v->series.interval);
        int64_t real = sim_series_get(&v->services[k].series, b - 1, ORD_SC_BACKLOG);
        if (said != real)
            fail_msg("at %.1f s: %s's backlog said %lld, the record has %lld: %s",
                     sim_time_to_s(sh->at), s.name, (long long)said, (long long)real, sh->text);
        ((struct world *)w)->njoin_shots++;
    } else if (v) {
        fail_msg("at %.1f s: a join without its group's backlog: %s", sim_time_to_s(sh->at),
                 sh->text);
    }
}

/* A crash of the MQ: the caption gives what it lost (async's orders, counted by the
 * oracle across the crash's instant) and how long it is down; "lost" nowhere else. */
static int crash_captions[2]; /* checked: [0] with messages lost, [1] with none */

static void check_crash(const struct mark *m, const struct shot *sh)
{
    const char *lost = strstr(sh->text, "lost");
    bool is_crash = m->mq_crash && strncmp(sh->text, "MQ crash since ", 15) == 0;
    if (!is_crash) {
        if (lost)
            fail_msg("\"lost\" in: %s", sh->text);
        return;
    }
    char want[160], n[32], len[32];
    ui_fmt_duration(len, sizeof len, m->length);
    if (m->crash_lost > 0)
        snprintf(want, sizeof want,
                 ": %s acknowledged messages not yet flushed are lost for good; down for %s.",
                 ui_fmt_count(n, sizeof n, (int64_t)m->crash_lost), len);
    else
        snprintf(want, sizeof want, ": no acknowledged message was lost; down for %s.", len);
    const char *colon = strchr(sh->text, ':');
    if (!colon || strncmp(colon, want, strlen(want)) != 0)
        fail_msg("at %.1f s: the crash should read \"%s\": %s", sim_time_to_s(sh->at), want,
                 sh->text);
    crash_captions[m->crash_lost == 0]++;
    if (lost && strstr(lost + 4, "lost"))
        fail_msg("at %.1f s: \"lost\" twice: %s", sim_time_to_s(sh->at), sh->text);
}

static void check_shot(const struct world *w, const struct shot *sh)
{
    const struct ord_result *r = ord_run_result(&w->s.run);
    const struct mark *em = mark_at(w, sh->at - 1);
    if (strncmp(sh->text, "Done at ", 8) == 0 || strstr(sh->text, "its figures come with"))
        em = &w->marks[0]; /* no episode named: "lost" has no place */
    check_crash(em, sh);
    if (strncmp(sh->text, "Done at ", 8) == 0) {
        for (int i = 0; i < r->nvariants; i++) {
            char s[512], want[128], a[32], b[32];
            const char *who = r->v[i].kind == ORD_VARIANT_SYNC ? "Sync " : "Async ";
            if (!sentence(sh->text, who, s, sizeof s))
                continue;
            snprintf(want, sizeof want, "%s rejected, %s failed",
                     ui_fmt_count(a, sizeof a, (int64_t)r->v[i].totals.rejected),
                     ui_fmt_count(b, sizeof b,
                                  (int64_t)(r->v[i].totals.failed + r->v[i].totals.dlq)));
            if (!strstr(s, want))
                fail_msg("done: %s should say \"%s\": %s", who, want, sh->text);
        }
        return;
    }
    if (strstr(sh->text, "its figures come with"))
        return;
    /* the episode: the last mark before the time base */
    const struct mark *m = mark_at(w, sh->at - 1);
    char want[96], t[24];
    ui_fmt_clock(t, sizeof t, m->at, 1);
    snprintf(want, sizeof want, "%s since %s", m->name, t);
    if (strncmp(sh->text, want, strlen(want)) != 0) {
        for (int i = 0; i < w->nmarks; i++)
            print_message("  mark %.3f s %s%s\n", sim_time_to_s(w->marks[i].at), w->marks[i].name,
                          w->marks[i].zero ? "(z)" : "");
        fail_msg("at %.1f s: the episode is \"%s\": %s", sim_time_to_s(sh->at), want, sh->text);
    }
    if (strstr(sh->text, "Spike over") && m->spikes > 0)
        fail_msg("at %.1f s: \"Spike over\" during a spike: %s", sim_time_to_s(sh->at), sh->text);
    double cap = ord_db_capacity(r->cfg) / m->db_factor;
    const char *takes = strstr(sh->text, "the database takes ");
    if (!takes)
        takes = strstr(sh->text, "it takes ");
    if (takes) {
        const char *e;
        int64_t said = number(strstr(takes, "takes ") + 6, &e);
        if (said != llround(cap))
            fail_msg("at %.1f s: capacity said %lld, it was %lld: %s", sim_time_to_s(sh->at),
                     (long long)said, (long long)llround(cap), sh->text);
    }
    check_join(w, sh, m);
    double rate = ord_rate_at(r->cfg, w->s.spans, w->s.nspans, sh->at - 1);
    check_counts(w, sh, "Sync ", "sync");
    check_counts(w, sh, "Async ", "async");
    check_backlog(w, sh, rate);
    check_p50(w, sh, "Sync ", "sync");
    check_p50(w, sh, "Async ", "async");
    check_none(w, sh, "Sync ", "sync");
    check_none(w, sh, "Async ", "async");
}

/* Scheduled changes of the scenario (load phases, the load's end, its faults), which
 * the oracle reads from the config itself. */
struct sched {
    sim_time at;
    char name[64];
    bool fault, ends; /* a fault of the config begins / ends (else a load change) */
    int target, kind;
    double factor;
    sim_time length; /* a fault's */
    sim_time from;  /* an end's fault began here */
    bool cleared;   /* an end: a key cleared the fault before it */
};

/* ---- driving ----------------------------------------------------------------------- */

static const char *const fault_names[] = {"B down", "B back up", "B hang", "B answers again",
                                          "DB slow (5x)", "Database back to normal speed",
                                          "MQ down", "MQ back up"};

/* A key cleared every fault on target: the config's ones on it end now, not later. */
static void cleared(struct world *w, int target, sim_time now)
{
    for (int i = 0; i < w->nsch; i++)
        if (w->sch[i].ends && w->sch[i].target == target && w->sch[i].from <= now &&
            now < w->sch[i].at)
            w->sch[i].cleared = true;
}

/* The service c makes join now, as documented: the scenario's first that has not
 * joined yet (a later start), else the first built-in subscriber (points, sms, stock)
 * whose name the scenario does not have; NULL when none is left (8 services at most). */
static const char *next_join(struct world *w, sim_time now, char *name, size_t n)
{
    const struct ord_config *c = &w->s.cfg;
    for (size_t k = 1; k < c->nservices; k++)
        if (c->services[k].start > now && !w->joined[k]) {
            w->joined[k] = true;
            snprintf(name, n, "%s", c->services[k].name);
            return name;
        }
    static const char *const builtins[] = {"points", "sms", "stock"};
    size_t ns = c->nservices ? c->nservices : 1;
    for (size_t i = 0; i < 3 && ns < ORD_MAX_SERVICES; i++) {
        bool taken = false;
        for (size_t k = 0; k < c->nservices; k++)
            taken |= strcmp(c->services[k].name, builtins[i]) == 0;
        if (!taken) {
            w->joined[ns] = true;
            snprintf(name, n, "%s", builtins[i]);
            return name;
        }
    }
    return NULL;
}

static void press(struct world *w, int key)
{
    sim_time now = ord_run_now(&w->s.run);
    if (key == 'c') {
        char svc[ORD_NAME_MAX], name[64];
        if (!next_join(w, now, svc, sizeof svc)) {
            assert_int_equal(ui_tui_session_join(&w->s), 0);
            assert_int_equal(w->s.notice, UI_TUI_NOTICE_NO_SERVICE); /* said on screen */
            return;
        }
        snprintf(name, sizeof name, "%s joined", svc);
        struct mark *m = add_mark(w, now, name);
        totals_now(w, m);
        struct ord_totals before[ORD_MAX_VARIANTS];
        const struct ord_result *r0 = ord_run_result(&w->s.run);
        for (int i = 0; i < r0->nvariants; i++)
            before[i] = r0->v[i].totals;
        assert_int_equal(ui_tui_session_join(&w->s), 0);
        assert_int_equal(w->s.notice, UI_TUI_NOTICE_NONE);
        /* a run rebuilt with a new service (c added a built-in) is the same run so far */
        const struct ord_result *r1 = ord_run_result(&w->s.run);
        assert_int_equal(ord_run_now(&w->s.run), now);
        for (int i = 0; i < r1->nvariants; i++)
            if (memcmp(&before[i], &r1->v[i].totals, sizeof before[i]) != 0)
                fail_msg("at %.3f s: %s's totals changed when %s joined (accepted %llu -> "
                         "%llu, failed %llu -> %llu)",
                         sim_time_to_s(now), r1->v[i].name, svc,
                         (unsigned long long)before[i].accepted,
                         (unsigned long long)r1->v[i].totals.accepted,
                         (unsigned long long)before[i].failed,
                         (unsigned long long)r1->v[i].totals.failed);
        seal(w, m);
        return;
    }
    if (key == 'z') {
        /* the episode keeps its name and start; its counts start again now */
        struct mark *m = add_mark(w, now, "");
        m->zero = true;
        totals_now(w, m);
        ui_tui_session_zero(&w->s);
        seal(w, m);
        return;
    }
    const char *name = NULL;
    /* as the keys work: a key clears every fault on its target when its own kind is
     * active, else starts one */
    switch (key) {
    case 's':
        name = "Spike";
        w->spike_ends[w->nspikes++ % 64] = now + UI_TUI_SPIKE_LENGTH;
        break;
    case 'b':
    case 'h':
        if ((key == 'b' && w->b_down) || (key == 'h' && w->b_hang)) {
            name = fault_names[w->b_down ? 1 : 3];
            w->b_down = w->b_hang = 0;
            cleared(w, ORD_TARGET_B, now);
        } else {
            name = fault_names[key == 'b' ? 0 : 2];
            *(key == 'b' ? &w->b_down : &w->b_hang) += 1;
        }
        break;
    case 'd':
        name = fault_names[w->db_factor != 1 ? 5 : 4];
        if (w->db_factor != 1)
            cleared(w, ORD_TARGET_DB, now);
        w->db_factor = w->db_factor != 1 ? 1 : UI_TUI_DB_SLOW_FACTOR;
        break;
    case 'm':
        name = fault_names[w->mq_down ? 7 : 6];
        if (w->mq_down)
            cleared(w, ORD_TARGET_MQ, now);
        w->mq_down = w->mq_down ? 0 : 1;
        break;
    }
    struct mark *m = add_mark(w, now, name);
    totals_now(w, m);
    enum ui_tui_action a = key == 's'   ? UI_TUI_ACT_SPIKE
                           : key == 'b' ? UI_TUI_ACT_B_DOWN
                           : key == 'h' ? UI_TUI_ACT_B_HANG
                           : key == 'd' ? UI_TUI_ACT_DB_SLOW
                                        : UI_TUI_ACT_MQ_DOWN;
    assert_int_equal(ui_tui_session_command(&w->s, a), 0);
    seal(w, m);
}

static int schedule(const struct ord_config *c, struct sched *out, int max)
{
    int n = 0;
    for (size_t i = 1; i < c->load.nphases && n + 1 < max; i++) { /* room for "Load over" */
        bool up = c->load.phases[i].rate_per_s > c->load.phases[i - 1].rate_per_s;
        out[n].at = c->load.phases[i].at;
        snprintf(out[n++].name, sizeof out[0].name, "%s", up ? "Load up" : "Load down");
    }
    if (n >= max)
        return n;
    out[n].at = c->duration;
    snprintf(out[n++].name, sizeof out[0].name, "Load over");
    for (size_t i = 0; i < c->nfaults && n + 2 < max; i++) {
        const struct ord_fault *f = &c->faults[i];
        char label[32];
        ui_tui_fault_label(label, sizeof label, f->target, f->kind, false, UI_TUI_EN);
        out[n] = (struct sched){f->at,   "",        true,  false, f->target, f->kind,
                                f->factor, f->length, f->at, false};
        if (f->kind == ORD_FAULT_SLOW)
            snprintf(out[n++].name, sizeof out[0].name, "%s (%gx)", label, f->factor);
        else
            snprintf(out[n++].name, sizeof out[0].name, "%s", label);
        if (f->length != SIM_TIME_NEVER && f->at + f->length < c->duration + c->drain) {
            out[n] = (struct sched){f->at + f->length, "", true, true, f->target, f->kind,
                                    f->factor, f->length, f->at, false};
            snprintf(out[n++].name, sizeof out[0].name, "%s",
                     f->kind == ORD_FAULT_SPIKE ? "Spike over"
                     : f->kind == ORD_FAULT_DOWN || f->kind == ORD_FAULT_CRASH
                         ? (f->target == ORD_TARGET_B ? "B back up" : "MQ back up")
                     : f->kind == ORD_FAULT_HANG ? "B answers again"
                                                 : "Database back to normal speed");
        }
    }
    return n;
}

/* The keys pressed at random, from keys. */
static void run_keys(const char *scenario, uint64_t seed, const char *keys);
static void run_one(const char *scenario, uint64_t seed)
{
    run_keys(scenario, seed, "sbhdmzsbhd");
}

static void run_keys(const char *scenario, uint64_t seed, const char *keys)
{
    struct world *w = calloc(1, sizeof *w);
    w->shots = calloc(MAXCAP, sizeof *w->shots);
    assert_non_null(w);
    assert_non_null(w->shots);
    struct ord_config cfg;
    struct ord_diag d;
    assert_int_equal(ord_scenario_resolve(&cfg, scenario, &d), 0);
    assert_int_equal(ui_tui_session_init(&w->s, &cfg, NULL, fake_clock, &w->clock, 1), 0);
    const struct ord_config *c = &w->s.cfg;
    struct sched sch[64];
    memset(sch, 0, sizeof sch);
    int nsch = schedule(c, sch, 64);
    w->sch = sch;
    w->nsch = nsch;
    w->db_factor = 1;
    struct mark *m0 = add_mark(w, 0, "Steady run");
    m0->counted = true;
    seal(w, m0);
    sim_time end = c->duration + c->drain, now = 0;
    uint64_t rng = seed * 2654435761u + 12345;
    int next_s = 0;
    while (now < end) {
        rng = rng * 6364136223846793005u + 1442695040888963407u;
        sim_time step = (sim_time)(100 + (rng >> 33) % 1500) * MS + 37 * MS;
        sim_time to = now + step < end ? now + step : end;
        /* stop just before each scheduled change, and each spike's end, to take the
         * totals there */
        for (;;) {
            sim_time next = SIM_TIME_NEVER;
            int which = -1;
            for (int i = 0; i < nsch; i++)
                if (sch[i].at > now && sch[i].at <= to && sch[i].at < next) {
                    next = sch[i].at;
                    which = i;
                }
            for (int i = 0; i < w->nspikes && i < 64; i++)
                if (w->spike_ends[i] > now && w->spike_ends[i] <= to && w->spike_ends[i] < next &&
                    w->spike_ends[i] < end && spikes_active(w, w->spike_ends[i]) == 0) {
                    next = w->spike_ends[i];
                    which = -2;
                }
            if (next == SIM_TIME_NEVER)
                break;
            if (next - 1 > now)
                assert_int_equal(ui_tui_session_advance(&w->s, next - 1), 0);
            const char *name = which >= 0 ? sch[which].name : "Spike over";
            struct mark probe;
            totals_now(w, &probe);
            assert_int_equal(ui_tui_session_advance(&w->s, next), 0);
            now = next;
            bool changes = true;
            if (which >= 0 && sch[which].cleared) {
                changes = false;
            } else if (which >= 0 && sch[which].fault) {
                const struct sched *x = &sch[which];
                /* a crash keeps its target down while it lasts */
                bool down = x->kind == ORD_FAULT_DOWN || x->kind == ORD_FAULT_CRASH;
                int *cnt = x->target == ORD_TARGET_B && down                        ? &w->b_down
                           : x->target == ORD_TARGET_B && x->kind == ORD_FAULT_HANG ? &w->b_hang
                           : x->target == ORD_TARGET_MQ                             ? &w->mq_down
                                                                                    : NULL;
                if (x->kind == ORD_FAULT_SPIKE && x->ends)
                    changes = spikes_active(w, next) == 0 && --w->cfg_spikes == 0;
                else if (x->kind == ORD_FAULT_SPIKE && x->fault)
                    w->cfg_spikes++;
                else if (cnt && x->ends)
                    changes = *cnt > 0 && --*cnt == 0;
                else if (cnt)
                    (*cnt)++;
                else if (x->kind == ORD_FAULT_SLOW && x->ends)
                    w->db_factor /= x->factor;
                else if (x->kind == ORD_FAULT_SLOW)
                    w->db_factor *= x->factor;
                if (fabs(w->db_factor - 1) < 1e-9)
                    w->db_factor = 1;
            } else if (which < 0) {
                changes = w->cfg_spikes == 0;
            }
            if (!changes)
                continue;
            struct mark *m = add_mark(w, next, name);
            memcpy(m->rej, probe.rej, sizeof m->rej);
            memcpy(m->fail, probe.fail, sizeof m->fail);
            m->counted = true;
            if (which >= 0 && sch[which].fault && !sch[which].ends &&
                sch[which].kind == ORD_FAULT_CRASH && sch[which].target == ORD_TARGET_MQ) {
                struct mark after;
                totals_now(w, &after);
                int ai = vindex(w, "async");
                m->mq_crash = true;
                m->length = sch[which].length;
                m->crash_lost = ai < 0 ? 0 : after.lost[ai] - probe.lost[ai];
            }
            seal(w, m);
        }
        assert_int_equal(ui_tui_session_advance(&w->s, to), 0);
        now = ord_run_now(&w->s.run);
        shoot(w);
        if (now < c->duration && (rng >> 20) % 5 == 0 && next_s < 12 + (int)strlen(keys) - 10) {
            press(w, keys[(rng >> 40) % strlen(keys)]);
            next_s++;
            shoot(w);
        }
    }
    assert_int_equal(ui_tui_session_finish(&w->s), 0);
    w->s.finished = true;
    shoot(w);
    /* sort marks by time (spike ends were added late) */
    for (int i = 1; i < w->nmarks; i++)
        for (int j = i; j > 0 && w->marks[j - 1].at > w->marks[j].at; j--) {
            struct mark t = w->marks[j];
            w->marks[j] = w->marks[j - 1];
            w->marks[j - 1] = t;
        }
    for (int i = 0; i < w->nshots; i++)
        check_shot(w, &w->shots[i]);
    print_message("%s seed %llu: %d captions (%d of a join), %d changes checked\n", scenario,
                  (unsigned long long)seed, w->nshots, w->njoin_shots, w->nmarks);
    ui_tui_session_close(&w->s);
    free(w->shots);
    free(w);
}

static void steady(void **state)
{
    (void)state;
    for (uint64_t seed = 1; seed <= 4; seed++)
        run_one("steady", seed);
}
static void flash_spike(void **state)
{
    (void)state;
    for (uint64_t seed = 1; seed <= 2; seed++)
        run_one("flash-spike", seed);
}
static void b_outage(void **state)
{
    (void)state;
    int before = none_checked;
    run_one("b-outage", 7);
    /* B down fails every sync order: the oracle above must have met that sentence */
    assert_true(none_checked > before);
}
static void b_hang(void **state)
{
    (void)state;
    run_one("b-hang", 3);
}
static void db_slow(void **state)
{
    (void)state;
    run_one("db-slow", 5);
}

/* The c key among the others: a service joins (a built-in subscriber, or the
 * scenario's own that starts later), and the keys go on; the run rebuilt to add a
 * service is the same run so far (checked at every c). */
static void joins(void **state)
{
    (void)state;
    for (uint64_t seed = 1; seed <= 3; seed++)
        run_keys("steady", seed, "sbhmzcccc");
    run_keys("flash-spike", 2, "sbmccc");
    run_keys("add-subscriber", 4, "sbccc");
}

/* Crashes: the broker's (async flush: acknowledged messages lost), then with a sync
 * flush (nothing lost), and B's. */
static void write_scenario(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    assert_true(fputs(text, f) >= 0);
    assert_int_equal(fclose(f), 0);
}

static void crashes(void **state)
{
    (void)state;
    run_one("broker-crash", 3);
    const char *sync_flush = ORD_BINARY_DIR "/claims-mq-crash-sync-flush.yaml";
    write_scenario(sync_flush, "duration: 40s\ndrain: 20s\n"
                               "mq: {rate_limit: 800/s, flush: sync, flush_time: 2ms}\n"
                               "faults:\n  - {at: 12.5s, for: 4s, target: mq, kind: crash}\n");
    run_one(sync_flush, 2);
    const char *b_crash = ORD_BINARY_DIR "/claims-b-crash.yaml";
    write_scenario(b_crash, "duration: 40s\ndrain: 20s\n"
                            "faults:\n  - {at: 10s, for: 5s, target: b, kind: crash}\n"
                            "  - {at: 25.3s, for: 3s, target: mq, kind: crash}\n");
    run_one(b_crash, 5);
    remove(sync_flush);
    remove(b_crash);
    print_message("crash captions checked: %d with messages lost, %d with none\n",
                  crash_captions[0], crash_captions[1]);
    assert_true(crash_captions[0] >= 2 && crash_captions[1] >= 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(joins),
        cmocka_unit_test(steady), cmocka_unit_test(flash_spike), cmocka_unit_test(b_outage),
        cmocka_unit_test(b_hang), cmocka_unit_test(db_slow),  cmocka_unit_test(crashes),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
