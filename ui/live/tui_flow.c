#include "ui/live/tui_flow.h"

#include <stdio.h>
#include <string.h>

#include "ui/base/text.h"
#include "ui/live/tui_plot.h"

/* The diagram's own words (en, zh). */
enum flow_word {
    FW_USERS,
    FW_THREADS,
    FW_MESSAGES,
    FW_CAPACITY,
    FW_DOWN,
    FW_HUNG,
    FW_SLOW,
    FW_WAIT,
    FW_REJECTED,
    FW_FAILED,
    FW_INFLIGHT,
    FW_TITLE,
    FW_CRASH,
    FW_WRITTEN,
    FW_DLQ,
    FW_LOST,
    FW_DUPS,
    FW_CONNS,
    FW_QUEUE,
    FW_DB,
    FW_N
};
static const char *const flow_words[FW_N][UI_TUI_NLANG] = {
    [FW_USERS] = {"users", "用户"},
    [FW_THREADS] = {"threads", "线程"},
    [FW_MESSAGES] = {"messages", "条消息"},
    [FW_CAPACITY] = {"max", "上限"},
    [FW_DOWN] = {"X DOWN", "X 宕机"},
    [FW_HUNG] = {"X HUNG", "X 卡死"},
    [FW_SLOW] = {"SLOW", "变慢"},
    [FW_WAIT] = {"users wait", "用户等待"},
    [FW_REJECTED] = {"rejected", "拒绝"},
    [FW_FAILED] = {"failed", "失败"},
    [FW_INFLIGHT] = {"in flight", "处理中"},
    [FW_TITLE] = {"Flow: busy/total and waiting in the boxes, rates on the arrows (last second)",
                  "流程：框内为忙/总数和排队数，箭头上为速率（最近 1 秒）"},
    [FW_CRASH] = {"X CRASH", "X 崩溃"},
    [FW_WRITTEN] = {"written", "已写入"},
    [FW_DLQ] = {"DLQ", "死信"},
    [FW_LOST] = {"lost", "丢失"},
    [FW_DUPS] = {"duplicates", "重复写入"},
    [FW_CONNS] = {"conns", "连接"},
    [FW_QUEUE] = {"wait", "排队"},
    [FW_DB] = {"DB", "数据库"},
};
static const char *fw(enum flow_word w, enum ui_tui_lang lang)
{
    return flow_words[w][lang];
}

#define BOX_W 11 /* border, 9 columns inside, border */
#define BOX_H 5  /* top (name), figure, word, waiting, bottom */

enum comp { C_A, C_MQ, C_B, C_DB };

/* One wiring's figures from the last closed bucket of its series. */
struct flow_figs {
    bool have;
    double offered_ps, accepted_ps, rejected_ps, failed_ps, db_ps;
    int64_t a_busy, b_busy, backlog, in_flight;
    bool sampled; /* the gauges below were recorded (the model's run) */
    int64_t b_queue, db_busy, db_queue;
    bool have_latency;
    sim_time p50;
};

static void figs_read(const struct ord_result *r, int i, struct flow_figs *f)
{
    const struct sim_series *ser = &r->v[i].series;
    double iv = sim_time_to_s(r->cfg->interval);
    memset(f, 0, sizeof *f);
    size_t closed = sim_series_closed(ser);
    if (closed == 0 || iv <= 0)
        return;
    size_t b = closed - 1;
    f->have = true;
    f->offered_ps = (double)sim_series_get(ser, b, ORD_COL_OFFERED) / iv;
    f->accepted_ps = (double)sim_series_get(ser, b, ORD_COL_ACCEPTED) / iv;
    f->rejected_ps = (double)sim_series_get(ser, b, ORD_COL_REJECTED) / iv;
    f->failed_ps = (double)sim_series_get(ser, b, ORD_COL_FAILED) / iv;
    f->db_ps = (double)sim_series_get(ser, b, ORD_COL_DB_QUERIES) / iv;
    f->a_busy = sim_series_get(ser, b, ORD_COL_A_BUSY);
    f->b_busy = sim_series_get(ser, b, ORD_COL_B_BUSY);
    f->backlog = sim_series_get(ser, b, ORD_COL_BACKLOG);
    f->in_flight = sim_series_get(ser, b, ORD_COL_INFLIGHT);
    f->sampled = r->v[i].sampled;
    f->b_queue = sim_series_get(ser, b, ORD_COL_B_QUEUE);
    f->db_busy = sim_series_get(ser, b, ORD_COL_DB_BUSY);
    f->db_queue = sim_series_get(ser, b, ORD_COL_DB_QUEUE);
    struct sim_hist_summary lat = sim_series_hist(ser, b, ORD_H_LATENCY);
    f->have_latency = lat.count > 0;
    f->p50 = lat.p50;
}

/* "4.0k/4.0k": busy of total, short enough for a box. */
static void fmt_of(char *buf, size_t n, double busy, double total)
{
    char a[16], b[16]; /* 15 + '/' + 15 fit the callers' 32 bytes (gcc -O3 checks it) */
    ui_fmt_count_fit(a, sizeof a, busy, 4);
    ui_fmt_count_fit(b, sizeof b, total, 4);
    if (total > 0)
        snprintf(buf, n, "%s/%s", a, b);
    else
        snprintf(buf, n, "%s", a); /* unlimited threads: only the busy ones */
}

static void fmt_rate(char *buf, size_t n, double per_s)
{
    char a[24];
    ui_fmt_count_fit(a, sizeof a, per_s, 5);
    snprintf(buf, n, "%s/s", a);
}

static bool fault_on(const struct ui_tui_snapshot *s, enum ord_target t, enum ord_fault_kind k)
{
    return s->faults & UI_TUI_FAULT_BIT(t, k);
}

/* Put text centred in [x, x + w). */
static void put_center(struct ui_tui_cells *b, int x, int y, int w, enum ui_tui_style st,
                       const char *text)
{
    int tw = ui_tui_text_width(text, w, NULL);
    ui_tui_cells_put(b, x + (w - tw) / 2, y, w, st, text);
}

/* A box: its name on the top border, a figure, a word under it (or the failure in its
 * place) and what waits there (may be empty). */
static void draw_box(struct ui_tui_cells *b, const struct ui_tui_opts *o, int x, int y,
                     const char *name, const char *figure, const char *word, const char *wait,
                     bool failed)
{
    bool utf8 = o->mode == UI_TUI_BRAILLE;
    enum ui_tui_style border = failed ? UI_TUI_ST_WARN : UI_TUI_ST_DIM;
    const char *h = utf8 ? "─" : "-", *v = utf8 ? "│" : "|";
    ui_tui_cells_fill(b, x, y, BOX_W, 1, border, failed ? "X" : h);
    ui_tui_cells_fill(b, x, y + BOX_H - 1, BOX_W, 1, border, failed ? "X" : h);
    ui_tui_cells_fill(b, x, y + 1, 1, BOX_H - 2, border, v);
    ui_tui_cells_fill(b, x + BOX_W - 1, y + 1, 1, BOX_H - 2, border, v);
    if (!failed) {
        ui_tui_cells_put(b, x, y, 1, border, utf8 ? "┌" : "+");
        ui_tui_cells_put(b, x + BOX_W - 1, y, 1, border, utf8 ? "┐" : "+");
        ui_tui_cells_put(b, x, y + BOX_H - 1, 1, border, utf8 ? "└" : "+");
        ui_tui_cells_put(b, x + BOX_W - 1, y + BOX_H - 1, 1, border, utf8 ? "┘" : "+");
    }
    char t[32];
    snprintf(t, sizeof t, " %s ", name);
    ui_tui_cells_put(b, x + 2, y, BOX_W - 4, UI_TUI_ST_TITLE, t);
    put_center(b, x + 1, y + 1, BOX_W - 2, UI_TUI_ST_BOLD, figure);
    put_center(b, x + 1, y + 2, BOX_W - 2, failed ? UI_TUI_ST_WARN : UI_TUI_ST_DIM, word);
    put_center(b, x + 1, y + 3, BOX_W - 2, UI_TUI_ST_NORMAL, wait);
}

/* "wait 1.9k": what waits at a station, short enough for a box ("-" unrecorded). */
static void fmt_wait(char *buf, size_t n, bool recorded, int64_t waiting, enum ui_tui_lang lang)
{
    char c[24] = "-";
    if (recorded)
        ui_fmt_count_fit(c, sizeof c, (double)waiting, 4);
    snprintf(buf, n, "%s %s", fw(FW_QUEUE, lang), c);
}

/* "≤6.0k/s": at most that rate, in w columns ("<=6.0k/s" or "<=6.0k" in ASCII; "" when
 * nothing fits). */
static void fmt_limit(char *buf, size_t n, double per_s, const struct ui_tui_opts *o, int w)
{
    char lim[24];
    ui_fmt_count_fit(lim, sizeof lim, per_s, 4);
    const char *le = o->mode == UI_TUI_BRAILLE ? "≤" : "<=";
    snprintf(buf, n, "%s%s/s", le, lim);
    if (ui_tui_text_width(buf, -1, NULL) > w)
        snprintf(buf, n, "%s%s", le, lim);
    if (ui_tui_text_width(buf, -1, NULL) > w)
        buf[0] = '\0';
}

/* An arrow from x to x + w - 1 on row y, its rate label centred on the row above. */
static void draw_arrow(struct ui_tui_cells *b, const struct ui_tui_opts *o, int x, int y, int w,
                       enum ui_tui_style st, const char *label, const char *below)
{
    bool utf8 = o->mode == UI_TUI_BRAILLE;
    if (w < 2)
        return;
    ui_tui_cells_fill(b, x, y, w - 1, 1, st, utf8 ? "─" : "-");
    ui_tui_cells_put(b, x + w - 1, y, 1, st, utf8 ? "▶" : ">");
    if (label && label[0])
        put_center(b, x, y - 1, w, UI_TUI_ST_BOLD, label);
    if (below && below[0])
        put_center(b, x, y + 1, w, UI_TUI_ST_DIM, below);
}

/* The failure word of a component now, or NULL. */
static const char *failure(const struct ui_tui_snapshot *s, enum comp c, enum ui_tui_lang lang)
{
    enum ord_target t = c == C_B ? ORD_TARGET_B : c == C_DB ? ORD_TARGET_DB : ORD_TARGET_MQ;
    if (c == C_A)
        return NULL;
    if (fault_on(s, t, ORD_FAULT_DOWN))
        return fw(FW_DOWN, lang);
    if (fault_on(s, t, ORD_FAULT_HANG))
        return fw(FW_HUNG, lang);
    if (fault_on(s, t, ORD_FAULT_SLOW))
        return fw(FW_SLOW, lang);
    /* A crash is not among the live fault bits (UI_TUI_FAULT_BIT covers down .. spike):
     * B's is read from the schedule (service_failure). */
    return NULL;
}

/* Is a fault on service `unit` active now? From the scenario's faults and commands and
 * the live commands (the run's own fault state does not say which service). */
static bool in_window(sim_time now, sim_time at, sim_time length)
{
    return at <= now && (length == SIM_TIME_NEVER || now < at + length);
}

static const char *service_failure(const struct ui_tui_snapshot *s, uint32_t unit,
                                   enum ui_tui_lang lang)
{
    const struct ord_config *c = s->res->cfg;
    sim_time now = s->res->now;
    int kind = -1;
    for (size_t i = 0; i < c->nfaults; i++) {
        const struct ord_fault *f = &c->faults[i];
        if (f->target == ORD_TARGET_B && f->unit == unit && in_window(now, f->at, f->length))
            kind = (int)f->kind;
    }
    const struct ord_command *lists[2] = {c->commands, s->cmds};
    size_t counts[2] = {c->ncommands, s->ncmds};
    for (int l = 0; l < 2; l++)
        for (size_t i = 0; i < counts[l]; i++) {
            const struct ord_command *cmd = &lists[l][i];
            if (cmd->kind == ORD_CMD_JOIN || cmd->fault.target != ORD_TARGET_B ||
                cmd->fault.unit != unit || cmd->at > now)
                continue;
            if (cmd->kind == ORD_CMD_CLEAR)
                kind = -1;
            else if (in_window(now, cmd->at, cmd->fault.length))
                kind = (int)cmd->fault.kind;
        }
    switch (kind) {
    case ORD_FAULT_DOWN:
        return fw(FW_DOWN, lang);
    case ORD_FAULT_HANG:
        return fw(FW_HUNG, lang);
    case ORD_FAULT_SLOW:
        return fw(FW_SLOW, lang);
    case ORD_FAULT_CRASH:
        return fw(FW_CRASH, lang);
    default:
        return NULL;
    }
}

/* A line of segments: those that fit in w columns are kept, in order of importance,
 * and written in order of place; a line too long loses whole segments, never half a
 * number. */
#define LINE_SEGS 8
struct seg_line {
    char seg[LINE_SEGS][96];
    const char *sep[LINE_SEGS];
    int rank[LINE_SEGS]; /* 0 most important */
    int n;
};

static void seg_add(struct seg_line *l, int rank, const char *sep, const char *text)
{
    if (l->n == LINE_SEGS)
        return;
    snprintf(l->seg[l->n], sizeof l->seg[l->n], "%s", text);
    l->sep[l->n] = sep;
    l->rank[l->n] = rank;
    l->n++;
}

/* Write the segments that fit into buf; returns the columns before segment `mark`
 * (so that it can be drawn again in another style), -1 when it was left out. */
static int seg_join(const struct seg_line *l, int w, char *buf, size_t n, int mark)
{
    bool keep[LINE_SEGS] = {false};
    int used = 0;
    for (int rank = 0; rank < LINE_SEGS; rank++)
        for (int i = 0; i < l->n; i++)
            if (l->rank[i] == rank) {
                int sw =
                    ui_tui_text_width(l->sep[i], -1, NULL) + ui_tui_text_width(l->seg[i], -1, NULL);
                if (used + sw <= w) {
                    keep[i] = true;
                    used += sw;
                }
            }
    size_t len = 0;
    int cols = 0, at = -1;
    buf[0] = '\0';
    for (int i = 0; i < l->n; i++) {
        if (!keep[i])
            continue;
        if (i == mark)
            at = cols + ui_tui_text_width(l->sep[i], -1, NULL);
        int k = snprintf(buf + len, n - len, "%s%s", l->sep[i], l->seg[i]);
        if (k < 0 || (size_t)k >= n - len)
            break;
        len += (size_t)k;
        cols += ui_tui_text_width(l->sep[i], -1, NULL) + ui_tui_text_width(l->seg[i], -1, NULL);
    }
    return at;
}

/* "60/60" busy of total for a line ("-" when not recorded). */
static void fmt_gauge(char *buf, size_t n, bool recorded, int64_t busy, uint64_t total)
{
    if (!recorded)
        snprintf(buf, n, "-");
    else
        fmt_of(buf, n, (double)busy, (double)total);
}

/* With several services (fan-out): a line per service under the boxes: a failure in
 * words first (it must never be cut off), then its threads and accept queue (sync),
 * its database's connections and queue at the time base, then its totals so far. */
static void service_lines(struct ui_tui_cells *b, const struct ui_tui_snapshot *s,
                          const struct ui_tui_opts *o, int vi, int x, int y, int w, int rows)
{
    const struct ord_variant_result *v = &s->res->v[vi];
    const struct ord_config *c = s->res->cfg;
    enum ui_tui_lang lang = o->lang;
    bool utf8 = o->mode == UI_TUI_BRAILLE, sync = v->kind == ORD_VARIANT_SYNC;
    for (size_t k = 0; k < v->nservices && (int)k < rows; k++) {
        const struct ord_service_result *sv = &v->services[k];
        const struct sim_series *ss = &sv->series;
        size_t closed = sim_series_closed(ss);
        bool rec = v->sampled && closed > 0;
        size_t bk = closed > 0 ? closed - 1 : 0;
        struct ord_service cfg;
        struct ord_database dbuf;
        ord_config_service(c, k, &cfg);
        const struct ord_database *db = ord_config_database(c, cfg.db, &dbuf);
        uint64_t threads = cfg.b.threads == ORD_UNLIMITED || cfg.b.instances == ORD_UNLIMITED
                               ? 0
                               : (uint64_t)cfg.b.instances * cfg.b.threads;
        uint64_t conns = db->db.connections == ORD_UNLIMITED ? 0 : db->db.connections;

        struct seg_line sl = {.n = 0};
        char line[1024], seg[96], g[32], q[32];
        snprintf(seg, sizeof seg, "%s %s:", utf8 ? "└▶" : "`>", sv->name ? sv->name : "?");
        seg_add(&sl, 0, "", seg);
        const char *fail = service_failure(s, (uint32_t)k, lang);
        int fail_seg = fail ? sl.n : -1;
        if (fail)
            seg_add(&sl, 0, " ", fail);
        fmt_gauge(g, sizeof g, rec, rec ? sim_series_get(ss, bk, ORD_SC_B_BUSY) : 0, threads);
        fmt_wait(q, sizeof q, rec, rec ? sim_series_get(ss, bk, ORD_SC_B_QUEUE) : 0, lang);
        if (sync)
            snprintf(seg, sizeof seg, "%s %s %s", fw(FW_THREADS, lang), g, q);
        else
            snprintf(seg, sizeof seg, "%s %s", fw(FW_THREADS, lang), g);
        seg_add(&sl, 2, " ", seg);
        fmt_gauge(g, sizeof g, rec, rec ? sim_series_get(ss, bk, ORD_SC_DB_BUSY) : 0, conns);
        fmt_wait(q, sizeof q, rec, rec ? sim_series_get(ss, bk, ORD_SC_DB_QUEUE) : 0, lang);
        snprintf(seg, sizeof seg, "%s %s %s", fw(FW_DB, lang), g, q);
        seg_add(&sl, 3, " · ", seg);
        /* its totals so far: failed first (an order a service failed fails), then
         * written, then what only some runs have */
        const uint64_t totals[] = {sv->completed, sv->failed, sv->dlq, sv->lost, sv->duplicates};
        const enum flow_word words[] = {FW_WRITTEN, FW_FAILED, FW_DLQ, FW_LOST, FW_DUPS};
        const int ranks[] = {4, 1, 5, 5, 6};
        for (int e = 0; e < 5; e++)
            if (e < 2 || totals[e]) {
                char num[24];
                ui_fmt_count(num, sizeof num, (int64_t)totals[e]);
                snprintf(seg, sizeof seg, "%s %s", fw(words[e], lang), num);
                seg_add(&sl, ranks[e], " · ", seg);
            }
        int fail_at = seg_join(&sl, w, line, sizeof line, fail_seg);
        ui_tui_cells_put(b, x, y + (int)k, w, UI_TUI_ST_NORMAL, line);
        if (fail && fail_at >= 0) /* drawn again over its place, in the warning style */
            ui_tui_cells_put(b, x + fail_at, y + (int)k, w - fail_at, UI_TUI_ST_WARN, fail);
    }
}

/* Threads of every service together (unlimited threads count as none to fill). */
static double b_threads(const struct ord_config *c)
{
    double total = 0;
    for (size_t i = 0; i < ord_config_nservices(c); i++) {
        struct ord_service sv;
        ord_config_service(c, i, &sv);
        if (sv.b.threads == ORD_UNLIMITED || sv.b.instances == ORD_UNLIMITED)
            return 0;
        total += (double)sv.b.instances * sv.b.threads;
    }
    return total;
}

/* Connections of every database together (0: one is unlimited). */
static double db_connections(const struct ord_config *c)
{
    double total = 0;
    for (size_t i = 0; i < ord_config_ndatabases(c); i++) {
        struct ord_database buf;
        const struct ord_database *d = ord_config_database(c, i, &buf);
        if (d->db.connections == ORD_UNLIMITED)
            return 0;
        total += d->db.connections;
    }
    return total;
}

/* Rows a wiring takes: its line, the boxes, a line per service when there are several. */
static int wiring_rows(const struct ord_variant_result *v)
{
    return 1 + BOX_H + (v->nservices > 1 ? (int)v->nservices : 0);
}

/* One wiring: a line of figures, then users -> boxes, from row y. */
static void draw_wiring(struct ui_tui_cells *b, const struct ui_tui_snapshot *s,
                        const struct ui_tui_opts *o, const struct ui_tui_facts *fa, int vi, int x,
                        int y, int w)
{
    const struct ord_result *r = s->res;
    const struct ord_config *c = r->cfg;
    const struct ord_variant_result *v = &r->v[vi];
    enum ui_tui_lang lang = o->lang;
    bool async = v->kind != ORD_VARIANT_SYNC;
    struct flow_figs f;
    figs_read(r, vi, &f);
    enum ui_tui_style vst = ui_tui_variant_pen(v->kind, UI_TUI_PEN_MAIN).style;

    /* The line above: the wiring's name and what its users see. */
    char line[256], lat[32] = "-", rej[32], fail[32], infl[32];
    if (f.have_latency)
        ui_fmt_duration(lat, sizeof lat, f.p50);
    fmt_rate(rej, sizeof rej, f.rejected_ps);
    fmt_rate(fail, sizeof fail, f.failed_ps);
    ui_fmt_count_fit(infl, sizeof infl, (double)f.in_flight, 0);
    int lw = ui_tui_cells_put(b, x, y, w, vst, ui_tui_variant_label(v, lang));
    snprintf(line, sizeof line, "  %s %s · %s %s · %s %s · %s %s", fw(FW_WAIT, lang), lat,
             fw(FW_REJECTED, lang), rej, fw(FW_FAILED, lang), fail, fw(FW_INFLIGHT, lang), infl);
    bool bad = f.rejected_ps > 0 || f.failed_ps > 0;
    ui_tui_cells_put(b, x + lw, y, w - lw, bad ? UI_TUI_ST_WARN : UI_TUI_ST_NORMAL, line);

    enum comp comps[4] = {C_A, C_B, C_DB, C_DB};
    int n = 3;
    if (async) {
        comps[1] = C_MQ;
        comps[2] = C_B;
        comps[3] = C_DB;
        n = 4;
    }
    int users_w = ui_tui_text_width(fw(FW_USERS, lang), -1, NULL) + 1;
    int gap = (w - users_w - n * BOX_W) / n;
    if (gap > 14)
        gap = 14;
    int top = y + 1, mid = y + 2;
    ui_tui_cells_put(b, x, mid, users_w, UI_TUI_ST_OFFERED, fw(FW_USERS, lang));
    int cx = x + users_w;
    char rate[32];
    fmt_rate(rate, sizeof rate, f.have ? f.offered_ps : s->rate_now);
    draw_arrow(b, o, cx, mid, gap, UI_TUI_ST_OFFERED, rate, NULL);
    cx += gap;
    size_t ndbs = ord_config_ndatabases(c);
    for (int k = 0; k < n; k++) {
        char fig[64] = "", name[16], wait[32] = "";
        const char *word = "";
        const char *failed = failure(s, comps[k], lang);
        if (comps[k] == C_B && v->nservices > 1)
            failed = NULL; /* which service: on its own line below */
        else if (comps[k] == C_B && !failed)
            failed = service_failure(s, 0, lang); /* a crash of the one service */
        switch (comps[k]) {
        case C_A:
            snprintf(name, sizeof name, "A");
            fmt_of(fig, sizeof fig, (double)f.a_busy,
                   c->a.threads == ORD_UNLIMITED || c->a.instances == ORD_UNLIMITED
                       ? 0 /* unlimited: only the busy ones */
                       : (double)c->a.instances * c->a.threads);
            word = fw(FW_THREADS, lang);
            break;
        case C_MQ:
            snprintf(name, sizeof name, "MQ");
            ui_fmt_count_fit(fig, sizeof fig, (double)f.backlog, 9);
            word = fw(FW_MESSAGES, lang);
            break;
        case C_B:
            if (v->nservices > 1) /* every service's threads together */
                snprintf(name, sizeof name, "B x%d", (int)(v->nservices % 100));
            else
                snprintf(name, sizeof name, "B");
            fmt_of(fig, sizeof fig, (double)f.b_busy, b_threads(c));
            word = fw(FW_THREADS, lang);
            if (!async) /* calls waiting in the accept queues (async: the MQ holds them) */
                fmt_wait(wait, sizeof wait, f.sampled, f.b_queue, lang);
            break;
        case C_DB:
            if (ndbs > 1) /* every database's connections together */
                snprintf(name, sizeof name, "%s x%d", lang == UI_TUI_ZH ? "数据库" : "DB",
                         (int)(ndbs % 100));
            else
                snprintf(name, sizeof name, "%s", lang == UI_TUI_ZH ? "数据库" : "DB");
            if (f.sampled)
                fmt_of(fig, sizeof fig, (double)f.db_busy, db_connections(c));
            else
                snprintf(fig, sizeof fig, "-");
            word = fw(FW_CONNS, lang);
            fmt_wait(wait, sizeof wait, f.sampled, f.db_queue, lang);
            break;
        }
        draw_box(b, o, cx, top, name, fig, failed ? failed : word, wait, failed != NULL);
        cx += BOX_W;
        if (k + 1 == n)
            break;
        /* The arrow out of this box: A passes on what it accepted (sync: calls to B;
         * async: sends to the MQ), the MQ is pulled at its rate limit at most, B
         * writes to the database, which takes its capacity at most (under the arrow;
         * one database only: the capacity of several is not one figure). */
        char below[32] = "";
        rate[0] = '\0';
        if (comps[k] == C_A)
            fmt_rate(rate, sizeof rate, f.accepted_ps);
        else if (comps[k] == C_MQ && c->mq.rate_limit_per_s > 0)
            fmt_limit(rate, sizeof rate, c->mq.rate_limit_per_s, o, gap);
        else if (comps[k] == C_B) {
            fmt_rate(rate, sizeof rate, f.db_ps);
            if (ndbs == 1 && fa->started)
                fmt_limit(below, sizeof below, fa->db_cap_ps, o, gap);
        }
        draw_arrow(b, o, cx, mid, gap, vst, rate, below);
        cx += gap;
    }
}

void ui_tui_flow_draw(struct ui_tui_cells *b, const struct ui_tui_snapshot *s,
                      const struct ui_tui_opts *o, int x, int y, int w, int h)
{
    const struct ord_result *r = s->res;
    struct ui_tui_facts fa;
    ui_tui_facts_read(s, &fa);
    ui_tui_cells_fill(b, x, y, w, h, UI_TUI_ST_NORMAL, " ");
    ui_tui_cells_put(b, x, y, w, UI_TUI_ST_TITLE, fw(FW_TITLE, o->lang));
    /* A blank row after the title and between the wirings when every row fits. */
    int need = 1;
    for (int i = 0; i < r->nvariants; i++)
        need += 1 + wiring_rows(&r->v[i]);
    int gap = need <= h ? 1 : 0;
    int yy = y + 1 + gap;
    for (int i = 0; i < r->nvariants && yy + 1 + BOX_H <= y + h; i++) {
        draw_wiring(b, s, o, &fa, i, x, yy, w);
        if (r->v[i].nservices > 1) {
            int rows = y + h - (yy + 1 + BOX_H);
            if (rows > 0)
                service_lines(b, s, o, i, x + 6, yy + 1 + BOX_H, w - 6 < 0 ? 0 : w - 6, rows);
        }
        yy += wiring_rows(&r->v[i]) + gap;
    }
}
