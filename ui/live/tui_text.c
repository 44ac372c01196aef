#include "ui/live/tui_text.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "orders/scenario/config.h"
#include "ui/base/text.h"
#include "ui/live/tui_cells.h"

enum ui_tui_lang ui_tui_lang_from_env(void)
{
    /* POSIX precedence for messages: LC_ALL, then LC_MESSAGES, then LANG. */
    static const char *const vars[] = {"LC_ALL", "LC_MESSAGES", "LANG"};
    for (size_t i = 0; i < sizeof vars / sizeof vars[0]; i++) {
        const char *v = getenv(vars[i]);
        if (v && *v)
            return strncmp(v, "zh", 2) == 0 ? UI_TUI_ZH : UI_TUI_EN;
    }
    return UI_TUI_EN;
}

int ui_tui_lang_parse(const char *s, enum ui_tui_lang *out)
{
    if (strcmp(s, "en") == 0 || strncmp(s, "en_", 3) == 0) {
        *out = UI_TUI_EN;
        return 0;
    }
    if (strcmp(s, "zh") == 0 || strncmp(s, "zh_", 3) == 0 || strncmp(s, "zh-", 3) == 0) {
        *out = UI_TUI_ZH;
        return 0;
    }
    return -1;
}

const char *ui_tui_word(enum ui_tui_word w, enum ui_tui_lang lang)
{
    static const char *const words[UI_TUI_NWORDS][UI_TUI_NLANG] = {
#define UI_TUI_WORD_ROW(e, en, zh) {en, zh},
        UI_TUI_WORDS(UI_TUI_WORD_ROW)
#undef UI_TUI_WORD_ROW
    };
    if ((int)w < 0 || w >= UI_TUI_NWORDS)
        return "";
    return words[w][lang == UI_TUI_ZH];
}

char *ui_tui_fault_label(char *buf, size_t n, int target, int kind, bool end, enum ui_tui_lang lang)
{
    static const char *const targets[][UI_TUI_NLANG] = {
        [ORD_TARGET_B] = {"B", "B"},
        [ORD_TARGET_DB] = {"DB", "数据库"},
        [ORD_TARGET_MQ] = {"MQ", "MQ"},
        [ORD_TARGET_LOAD] = {"load", "流量"},
    };
    static const char *const kinds[][UI_TUI_NLANG] = {
        [ORD_FAULT_DOWN] = {"down", "宕机"},
        [ORD_FAULT_HANG] = {"hang", "卡死"},
        [ORD_FAULT_SLOW] = {"slow", "变慢"},
        [ORD_FAULT_SPIKE] = {"spike", "突发"},
    };
    int l = lang == UI_TUI_ZH;
    const char *sep = l ? "" : " ";
    if (target < 0 || target > ORD_TARGET_LOAD)
        target = ORD_TARGET_B;
    if (kind == ORD_FAULT_SPIKE)
        snprintf(buf, n, "%s%s%s", kinds[ORD_FAULT_SPIKE][l], end ? sep : "",
                 end ? (l ? "结束" : "end") : "");
    else if (end)
        snprintf(buf, n, "%s%s%s", targets[target][l], sep,
                 kind == ORD_FAULT_DOWN ? (l ? "恢复" : "up") : (l ? "恢复" : "ok"));
    else
        snprintf(buf, n, "%s%s%s", targets[target][l], sep,
                 kind >= 0 && kind <= ORD_FAULT_SPIKE ? kinds[kind][l] : "?");
    return buf;
}

/* Punctuation that must not start a line (a break before it is not allowed). */
static bool no_break_before(uint32_t cp)
{
    static const uint32_t closing[] = {0xFF0C, 0x3002, 0xFF1B, 0xFF1A, 0xFF01, 0xFF1F,
                                       0x3001, 0xFF09, 0x300B, 0x2014, 0x201D};
    if (cp == ',' || cp == '.' || cp == ';' || cp == ':' || cp == ')' || cp == '!')
        return true;
    for (size_t i = 0; i < sizeof closing / sizeof closing[0]; i++)
        if (cp == closing[i])
            return true;
    return false;
}

/* A space inside a number ("17 284") or between a number and its unit ("667 ms",
 * "2.5 s") is not a place to break a line. */
static bool glued(const char *p, size_t off)
{
    if (off == 0 || p[off - 1] < '0' || p[off - 1] > '9')
        return false;
    const char *n = p + off + 1;
    if (*n >= '0' && *n <= '9')
        return true;
    size_t unit = strncmp(n, "ms", 2) == 0 ? 2 : *n == 's' ? 1 : 0;
    return unit > 0 && !((n[unit] >= 'a' && n[unit] <= 'z') || (n[unit] >= 'A' && n[unit] <= 'Z'));
}

int ui_tui_wrap(const char *text, int width, void (*line)(const char *s, size_t len, void *ctx),
                void *ctx)
{
    int lines = 0;
    const char *p = text;
    if (width < 1)
        width = 1;
    while (*p) {
        while (*p == ' ')
            p++;
        if (!*p)
            break;
        size_t off = 0, brk = 0, next = 0; /* a break: line = p[0, brk), resume at next */
        int w = 0;
        for (;;) {
            uint32_t cp;
            int len = ui_tui_utf8_decode(p + off, &cp);
            if (len == 0 || cp == '\n') {
                brk = off;
                next = off + (len ? 1 : 0);
                break;
            }
            int cw = ui_tui_cp_width(cp);
            if (cp == ' ' && !glued(p, off)) {
                brk = off;
                next = off + 1;
            } else if (cw == 2 && off > 0 && !no_break_before(cp)) {
                brk = off;
                next = off;
            }
            if (w + cw > width) {
                if (brk == 0) { /* one word longer than the line: cut it */
                    brk = off > 0 ? off : (size_t)len;
                    next = brk;
                }
                break;
            }
            w += cw;
            off += (size_t)len;
        }
        size_t end = brk;
        while (end > 0 && p[end - 1] == ' ')
            end--;
        line(p, end, ctx);
        lines++;
        p += next;
    }
    return lines;
}

/* The end of the paragraph starting at p: a newline followed by a blank line. */
static const char *para_end(const char *p, const char **next)
{
    for (const char *q = p; *q; q++) {
        if (*q != '\n')
            continue;
        const char *r = q + 1;
        while (*r == ' ' || *r == '\t' || *r == '\r')
            r++;
        if (*r == '\n' || !*r) {
            while (*r == '\n' || *r == ' ' || *r == '\t' || *r == '\r')
                r++;
            *next = r;
            return q;
        }
    }
    *next = p + strlen(p);
    return *next;
}

static bool has_cjk(const char *p, const char *end)
{
    while (p < end) {
        uint32_t cp;
        int len = ui_tui_utf8_decode(p, &cp);
        if (len == 0)
            break;
        if (ui_tui_cp_width(cp) == 2)
            return true;
        p += len;
    }
    return false;
}

/* Append one paragraph with its inner line breaks joined. */
static void join_para(const char *p, const char *end, char *out, size_t n, size_t *used)
{
    uint32_t prev = 0;
    while (p < end && *used + 1 < n) {
        uint32_t cp;
        int len = ui_tui_utf8_decode(p, &cp);
        if (len == 0)
            break;
        if (cp == '\n') {
            const char *q = p + 1;
            while (q < end && (*q == ' ' || *q == '\t'))
                q++;
            uint32_t next = 0;
            if (q < end)
                ui_tui_utf8_decode(q, &next);
            bool cjk = ui_tui_cp_width(prev) == 2 && ui_tui_cp_width(next) == 2;
            if (!cjk && prev != ' ')
                out[(*used)++] = ' ';
            p = q;
            prev = ' ';
            continue;
        }
        if (*used + (size_t)len + 1 > n)
            break;
        memcpy(out + *used, p, (size_t)len);
        *used += (size_t)len;
        prev = cp;
        p += len;
    }
    out[*used] = '\0';
}

size_t ui_tui_notes_text(const char *notes, enum ui_tui_lang lang, char *out, size_t n)
{
    if (n == 0)
        return 0;
    out[0] = '\0';
    if (!notes)
        return 0;
    bool want_cjk = lang == UI_TUI_ZH, any = false;
    const char *next, *p;
    for (p = notes; *p; p = next) {
        const char *end = para_end(p, &next);
        any |= has_cjk(p, end) == want_cjk;
    }
    size_t used = 0;
    for (p = notes; *p; p = next) {
        const char *end = para_end(p, &next);
        if (any && has_cjk(p, end) != want_cjk)
            continue;
        if (used > 0 && used + 3 < n) {
            memcpy(out + used, "\n\n", 3);
            used += 2;
        }
        join_para(p, end, out, n, &used);
    }
    return used;
}

/* ---- the caption ------------------------------------------------------------------ */

enum ui_tui_situation ui_tui_situation_of(const struct ui_tui_facts *f)
{
    if (f->done)
        return UI_TUI_SIT_DONE;
    if (f->mq_down)
        return UI_TUI_SIT_MQ_DOWN;
    if (f->b_down)
        return UI_TUI_SIT_B_DOWN;
    if (f->b_hang)
        return UI_TUI_SIT_B_HANG;
    if (f->db_slow)
        return UI_TUI_SIT_DB_SLOW;
    if (!f->started)
        return UI_TUI_SIT_START;
    if (!(f->rate_now > 0))
        return UI_TUI_SIT_QUIET;
    if (f->spike || f->rate_now > f->db_cap_ps)
        return UI_TUI_SIT_SPIKE;
    if (ui_tui_drain_eta_s(&f->async) >= 2)
        return UI_TUI_SIT_DRAIN;
    return UI_TUI_SIT_CALM;
}

int64_t ui_tui_drain_eta_s(const struct ui_tui_vfigs *v)
{
    if (!v->present || v->backlog <= 0 || !(v->drain_ps > 0))
        return -1;
    return (int64_t)ceil((double)v->backlog / v->drain_ps);
}

/* When a template row applies. */
enum cond { ALWAYS, SYNC_ERR, SYNC_FAIL, DRAINED, GROWING, DRAINING };

struct caption_row {
    enum ui_tui_situation sit;
    char part; /* 'L' lead sentence, 'S' about sync, 'A' about async */
    enum cond cond;
    const char *text[UI_TUI_NLANG];
};

/* First matching row per (situation, part) wins. fill() gives each {field}. */
static const struct caption_row rows[] = {
    {UI_TUI_SIT_START,
     'L',
     ALWAYS,
     {"Starting: orders arrive at {rate}/s; the database takes {cap}/s.",
      "开始：每秒到达 {rate} 个订单，数据库每秒最多处理 {cap} 个。"}},
    {UI_TUI_SIT_CALM,
     'L',
     ALWAYS,
     {"Calm: {rate} orders/s, the database takes {cap}/s.",
      "平稳：每秒 {rate} 个订单，数据库每秒能处理 {cap} 个。"}},
    {UI_TUI_SIT_CALM,
     'S',
     ALWAYS,
     {"Sync users wait {s_p50} (A + B + database).", "同步用户等 {s_p50}（A + B + 数据库）。"}},
    {UI_TUI_SIT_CALM,
     'A',
     ALWAYS,
     {"Async users wait {a_p50} (A + MQ send); B keeps up.",
      "异步用户只等 {a_p50}（A + 发消息），B 跟得上。"}},
    {UI_TUI_SIT_SPIKE,
     'L',
     ALWAYS,
     {"Spike: {rate} orders/s, the database takes {cap}/s.",
      "高峰：每秒 {rate} 个订单，数据库每秒只能处理 {cap} 个。"}},
    {UI_TUI_SIT_SPIKE,
     'S',
     SYNC_FAIL,
     {"Sync users now wait {s_p50}; {s_rej} were rejected and {s_fail} failed.",
      "同步用户现在要等 {s_p50}；已拒绝 {s_rej} 个，失败 {s_fail} 个。"}},
    {UI_TUI_SIT_SPIKE,
     'S',
     SYNC_ERR,
     {"Sync users now wait {s_p50} and {s_rej} were rejected.",
      "同步用户现在要等 {s_p50}，已有 {s_rej} 个被拒绝。"}},
    {UI_TUI_SIT_SPIKE,
     'S',
     ALWAYS,
     {"Sync users now wait {s_p50}: B's threads are all busy.",
      "同步用户现在要等 {s_p50}：B 的线程全忙。"}},
    {UI_TUI_SIT_SPIKE,
     'A',
     GROWING,
     {"Async users still wait {a_p50}; the MQ holds {backlog} messages, +{grow}/s ({in} in, "
      "{out} out).",
      "异步用户仍只等 {a_p50}；MQ 里积压 {backlog} 条，每秒多 {grow} 条（进 {in}，出 {out}）。"}},
    {UI_TUI_SIT_SPIKE,
     'A',
     ALWAYS,
     {"Async users still wait {a_p50} - {backlog} messages wait in the MQ.",
      "异步用户仍只等 {a_p50}——{backlog} 条消息在 MQ 里排队。"}},
    {UI_TUI_SIT_DRAIN,
     'L',
     ALWAYS,
     {"The spike is over: {rate} orders/s again.", "高峰过去：又回到每秒 {rate} 个订单。"}},
    {UI_TUI_SIT_DRAIN,
     'S',
     SYNC_ERR,
     {"Sync is back to {s_p50}, but {s_err} orders are lost for good.",
      "同步恢复到 {s_p50}，但 {s_err} 个订单已永久丢失。"}},
    {UI_TUI_SIT_DRAIN, 'S', ALWAYS, {"Sync is back to {s_p50}.", "同步恢复到 {s_p50}。"}},
    {UI_TUI_SIT_DRAIN,
     'A',
     ALWAYS,
     {"Async users wait {a_p50}; B works off {backlog} queued messages: drains in ~{eta} s "
      "at {drain}/s.",
      "异步用户等 {a_p50}；B 在消化 {backlog} 条积压，按每秒 {drain} 条约 {eta} 秒清空。"}},
    {UI_TUI_SIT_QUIET,
     'L',
     ALWAYS,
     {"No more orders arrive: the load is over, the run lets the queues empty.",
      "不再有新订单：负载结束，等待队列清空。"}},
    {UI_TUI_SIT_QUIET,
     'S',
     SYNC_ERR,
     {"Sync lost {s_err} orders on the way.", "同步一路上丢失了 {s_err} 个订单。"}},
    {UI_TUI_SIT_QUIET,
     'A',
     DRAINING,
     {"B works off the last {backlog} messages: drains in ~{eta} s at {drain}/s.",
      "B 在消化最后 {backlog} 条消息，按每秒 {drain} 条约 {eta} 秒清空。"}},
    {UI_TUI_SIT_QUIET,
     'A',
     ALWAYS,
     {"Async: the MQ is empty ({a_err} orders lost).", "异步：MQ 已清空（丢失 {a_err} 个订单）。"}},
    {UI_TUI_SIT_B_DOWN, 'L', ALWAYS, {"B is down.", "B 宕机了。"}},
    {UI_TUI_SIT_B_DOWN,
     'S',
     ALWAYS,
     {"Sync: A's calls to B fail, users get errors ({s_err} orders lost so far).",
      "同步：A 调用 B 失败，用户收到错误（已丢失 {s_err} 个订单）。"}},
    {UI_TUI_SIT_B_DOWN,
     'A',
     ALWAYS,
     {"Async: users still get answers in {a_p50}; {backlog} messages wait in the MQ until "
      "B is back.",
      "异步：用户仍在 {a_p50} 内得到答复；{backlog} 条消息在 MQ 里等 B 恢复。"}},
    {UI_TUI_SIT_B_HANG,
     'L',
     ALWAYS,
     {"B hangs: it takes calls and never answers.", "B 卡死：接收请求却从不答复。"}},
    {UI_TUI_SIT_B_HANG,
     'S',
     ALWAYS,
     {"Sync: A's threads wait {timeout} for each call, then give up ({s_err} orders lost so "
      "far).",
      "同步：A 的线程每次等 {timeout} 超时才放弃（已丢失 {s_err} 个订单）。"}},
    {UI_TUI_SIT_B_HANG,
     'A',
     ALWAYS,
     {"Async: answers still take {a_p50}; {backlog} messages wait in the MQ.",
      "异步：答复仍只需 {a_p50}；{backlog} 条消息在 MQ 里等待。"}},
    {UI_TUI_SIT_DB_SLOW,
     'L',
     ALWAYS,
     {"The database is slow: {dbps} queries/s get through now.",
      "数据库变慢：现在每秒只能处理 {dbps} 次查询。"}},
    {UI_TUI_SIT_DB_SLOW,
     'S',
     ALWAYS,
     {"Sync users wait {s_p50} ({s_err} orders lost so far).",
      "同步用户等 {s_p50}（已丢失 {s_err} 个订单）。"}},
    {UI_TUI_SIT_DB_SLOW,
     'A',
     ALWAYS,
     {"Async users wait {a_p50}; {backlog} messages wait in the MQ.",
      "异步用户等 {a_p50}；{backlog} 条消息在 MQ 里等待。"}},
    {UI_TUI_SIT_MQ_DOWN, 'L', ALWAYS, {"The MQ is down.", "MQ 宕机了。"}},
    {UI_TUI_SIT_MQ_DOWN,
     'S',
     ALWAYS,
     {"Sync does not use it: users wait {s_p50}.", "同步不经过 MQ：用户等 {s_p50}。"}},
    {UI_TUI_SIT_MQ_DOWN,
     'A',
     ALWAYS,
     {"Async: A cannot send its messages, users get errors ({a_err} orders lost so far).",
      "异步：A 发不出消息，用户收到错误（已丢失 {a_err} 个订单）。"}},
    {UI_TUI_SIT_DONE, 'L', ALWAYS, {"Done.", "结束。"}},
    {UI_TUI_SIT_DONE,
     'S',
     ALWAYS,
     {"Sync: p99 {s_rp99}, {s_rej} rejected, {s_fail} failed.",
      "同步：p99 {s_rp99}，拒绝 {s_rej} 个，失败 {s_fail} 个。"}},
    {UI_TUI_SIT_DONE,
     'A',
     DRAINED,
     {"Async: p99 {a_rp99}, {a_err} lost; the backlog peaked at {peak} messages and was "
      "empty again at {drained}.",
      "异步：p99 {a_rp99}，丢失 {a_err} 个；积压最高 {peak} 条，在 {drained} 清空。"}},
    {UI_TUI_SIT_DONE,
     'A',
     ALWAYS,
     {"Async: p99 {a_rp99}, {a_err} lost.", "异步：p99 {a_rp99}，丢失 {a_err} 个。"}},
};

static bool cond_holds(enum cond c, const struct ui_tui_facts *f)
{
    switch (c) {
    case ALWAYS:
        return true;
    case SYNC_ERR:
        return f->sync.rejected + f->sync.failed > 0;
    case SYNC_FAIL:
        return f->sync.failed > 0;
    case GROWING:
        return f->async.grow_ps > 0;
    case DRAINING:
        return ui_tui_drain_eta_s(&f->async) >= 1;
    case DRAINED:
        return f->async.backlog_max > 0 && f->async.drained_at != SIM_TIME_NEVER &&
               f->async.drained_at > 0;
    }
    return false;
}

static void fmt_lat(char *buf, size_t n, bool have, sim_time t)
{
    if (have)
        ui_fmt_duration(buf, n, t);
    else
        snprintf(buf, n, "-");
}

/* The value of the template field {name} (len bytes) into out. False if unknown. */
static bool fill(const struct ui_tui_facts *f, const char *name, size_t len, char *out, size_t n)
{
#define IS(s) (len == sizeof(s) - 1 && memcmp(name, s, len) == 0)
    const struct ui_tui_vfigs *s = &f->sync, *a = &f->async;
    if (IS("rate"))
        ui_fmt_count_fit(out, n, f->rate_now, 0);
    else if (IS("cap"))
        ui_fmt_count_fit(out, n, f->db_cap_ps, 0);
    else if (IS("s_p50"))
        fmt_lat(out, n, s->have_latency, s->p50);
    else if (IS("a_p50"))
        fmt_lat(out, n, a->have_latency, a->p50);
    else if (IS("s_rp99"))
        fmt_lat(out, n, s->run_p99 > 0, s->run_p99);
    else if (IS("a_rp99"))
        fmt_lat(out, n, a->run_p99 > 0, a->run_p99);
    else if (IS("s_rej"))
        ui_fmt_count_fit(out, n, (double)s->rejected, 0);
    else if (IS("s_fail"))
        ui_fmt_count_fit(out, n, (double)s->failed, 0);
    else if (IS("s_err"))
        ui_fmt_count_fit(out, n, (double)(s->rejected + s->failed + s->dlq), 0);
    else if (IS("a_err"))
        ui_fmt_count_fit(out, n, (double)(a->rejected + a->failed + a->dlq), 0);
    else if (IS("backlog"))
        ui_fmt_count_fit(out, n, (double)a->backlog, 0);
    else if (IS("peak"))
        ui_fmt_count_fit(out, n, (double)a->backlog_max, 0);
    else if (IS("eta"))
        snprintf(out, n, "%lld", (long long)ui_tui_drain_eta_s(a));
    else if (IS("drain")) /* to the nearest hundred, as grow */
        ui_fmt_count_fit(out, n, round(a->drain_ps / 100) * 100, 0);
    else if (IS("grow")) /* rates to the nearest hundred: the Poisson wobble */
        ui_fmt_count_fit(out, n, round(a->grow_ps / 100) * 100, 0);
    else if (IS("in"))
        ui_fmt_count_fit(out, n, round(a->offered_ps / 100) * 100, 0);
    else if (IS("out"))
        ui_fmt_count_fit(out, n, round(a->db_ps / 100) * 100, 0);
    else if (IS("timeout"))
        ui_fmt_duration(out, n, f->timeout);
    else if (IS("dbps"))
        ui_fmt_count_fit(out, n, s->db_ps > a->db_ps ? s->db_ps : a->db_ps, 0);
    else if (IS("drained")) {
        char t[32];
        ui_fmt_clock(t, sizeof t, a->drained_at, 1);
        snprintf(out, n, "t = %s", t);
    } else
        return false;
    return true;
#undef IS
}

/* Append the row's text with its {fields} filled in. */
static void expand(const struct ui_tui_facts *f, const char *tpl, char *buf, size_t n, size_t *used)
{
    for (const char *p = tpl; *p && *used + 1 < n; p++) {
        const char *close = *p == '{' ? strchr(p, '}') : NULL;
        char val[64];
        if (close && fill(f, p + 1, (size_t)(close - p - 1), val, sizeof val)) {
            size_t vl = strlen(val);
            if (*used + vl >= n)
                vl = n - 1 - *used;
            memcpy(buf + *used, val, vl);
            *used += vl;
            p = close;
        } else {
            buf[(*used)++] = *p;
        }
    }
    buf[*used] = '\0';
}

enum ui_tui_situation ui_tui_caption(const struct ui_tui_facts *f, enum ui_tui_lang lang, char *buf,
                                     size_t n)
{
    enum ui_tui_situation sit = ui_tui_situation_of(f);
    static const char parts[] = {'L', 'S', 'A'};
    size_t used = 0;
    if (n == 0)
        return sit;
    buf[0] = '\0';
    for (size_t k = 0; k < sizeof parts; k++) {
        if ((parts[k] == 'S' && !f->sync.present) || (parts[k] == 'A' && !f->async.present))
            continue;
        for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
            if (rows[i].sit != sit || rows[i].part != parts[k] || !cond_holds(rows[i].cond, f))
                continue;
            if (used > 0 && lang == UI_TUI_EN && used + 1 < n) {
                buf[used++] = ' ';
                buf[used] = '\0';
            }
            expand(f, rows[i].text[lang == UI_TUI_ZH], buf, n, &used);
            break;
        }
    }
    return sit;
}
