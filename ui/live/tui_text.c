#include "ui/live/tui_text.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "orders/model.h"
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
    return ui_tui_fault_label_unit(buf, n, target, kind, NULL, end, lang);
}

const char *ui_tui_unit_name(const struct ord_config *cfg, int target, uint32_t unit)
{
    if (!cfg)
        return NULL;
    if (target == ORD_TARGET_B && cfg->services && unit < cfg->nservices)
        return strcmp(cfg->services[unit].name, "b") == 0 ? NULL : cfg->services[unit].name;
    if (target == ORD_TARGET_DB && cfg->databases && unit < cfg->ndatabases)
        return strcmp(cfg->databases[unit].name, "main") == 0 ? NULL : cfg->databases[unit].name;
    return NULL;
}

void ui_tui_active_faults(const struct ord_config *cfg, const struct ord_span *spans, size_t n,
                          sim_time t, const struct ui_tui_episode *skip, enum ui_tui_lang lang,
                          char *buf, size_t len)
{
    size_t used = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < n; i++) {
        const struct ord_fault *f = &spans[i].f;
        if (spans[i].join || !(f->at < t && t <= spans[i].to))
            continue;
        const char *unit = ui_tui_unit_name(cfg, (int)f->target, f->unit);
        if (skip && !skip->end && skip->kind == (int)f->kind && skip->target == (int)f->target &&
            strcmp(skip->service, unit ? unit : "") == 0)
            continue;
        bool seen = false; /* the same fault twice (overlapping spans): once */
        for (size_t j = 0; j < i && !seen; j++) {
            const struct ord_fault *g = &spans[j].f;
            seen = !spans[j].join && g->at < t && t <= spans[j].to && g->target == f->target &&
                   g->kind == f->kind &&
                   ui_tui_unit_name(cfg, (int)g->target, g->unit) == unit;
        }
        if (seen)
            continue;
        char label[64];
        ui_tui_fault_label_unit(label, sizeof label, (int)f->target, (int)f->kind, unit, false,
                                lang);
        int w = snprintf(buf + used, len - used, "%s%s", used ? ", " : "", label);
        if (w < 0 || (size_t)w >= len - used)
            return;
        used += (size_t)w;
    }
}

char *ui_tui_fault_label_unit(char *buf, size_t n, int target, int kind, const char *unit,
                              bool end, enum ui_tui_lang lang)
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
        [ORD_FAULT_CRASH] = {"crash", "崩溃"},
    };
    int l = lang == UI_TUI_ZH;
    const char *sep = l ? "" : " ";
    if (target < 0 || target > ORD_TARGET_LOAD)
        target = ORD_TARGET_B;
    if (kind == ORD_FAULT_SPIKE)
        snprintf(buf, n, "%s%s%s", kinds[ORD_FAULT_SPIKE][l], end ? sep : "",
                 end ? (l ? "结束" : "end") : "");
    else if (end)
        snprintf(buf, n, "%s%s%s", unit ? unit : targets[target][l], unit && l ? " " : sep,
                 kind == ORD_FAULT_DOWN || kind == ORD_FAULT_CRASH ? (l ? "恢复" : "up")
                                                                   : (l ? "恢复" : "ok"));
    else
        snprintf(buf, n, "%s%s%s", unit ? unit : targets[target][l], unit && l ? " " : sep,
                 kind >= 0 && kind < ORD_NFAULT_KINDS ? kinds[kind][l] : "?");
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

int64_t ui_tui_keep_up_limit(double rate_per_s)
{
    double r = isfinite(rate_per_s) && rate_per_s > 0 ? rate_per_s : 0;
    int64_t lim = (int64_t)llround(r * 0.05);
    return lim > 20 ? lim : 20;
}

int64_t ui_tui_drain_eta_s(const struct ui_tui_vfigs *v)
{
    if (!v->present || v->backlog <= 0 || !(v->drain_ps > 0))
        return -1;
    int64_t eta = (int64_t)llround((double)v->backlog / v->drain_ps);
    return eta > 0 ? eta : 1;
}

char *ui_tui_episode_name(char *buf, size_t n, const struct ui_tui_episode *e,
                          enum ui_tui_lang lang)
{
    int l = lang == UI_TUI_ZH;
    if (e->kind == UI_TUI_EP_LOAD) {
        bool up = e->rate > e->factor;
        snprintf(buf, n, "%s", up ? (l ? "流量上升" : "Load up") : (l ? "流量下降" : "Load down"));
        return buf;
    }
    if (e->kind == UI_TUI_EP_LOAD_END) {
        snprintf(buf, n, "%s", l ? "负载结束" : "Load over");
        return buf;
    }
    if (e->kind == UI_TUI_EP_JOIN) {
        snprintf(buf, n, l ? "%s 加入" : "%s joined", e->service);
        return buf;
    }
    if (e->kind < 0) {
        snprintf(buf, n, "%s", l ? "平稳运行" : "Steady run");
        return buf;
    }
    if (e->kind == ORD_FAULT_SPIKE) {
        snprintf(buf, n, "%s", e->end ? (l ? "突发结束" : "Spike over") : (l ? "突发" : "Spike"));
        return buf;
    }
    char label[48];
    if (e->end) {
        static const char *const targets[][UI_TUI_NLANG] = {
            [ORD_TARGET_B] = {"B", "B"},
            [ORD_TARGET_DB] = {"Database", "数据库"},
            [ORD_TARGET_MQ] = {"MQ", "MQ"},
            [ORD_TARGET_LOAD] = {"Load", "流量"},
        };
        static const char *const back[][UI_TUI_NLANG] = {
            [ORD_FAULT_DOWN] = {"back up", "恢复"},
            [ORD_FAULT_HANG] = {"answers again", "恢复答复"},
            [ORD_FAULT_SLOW] = {"back to normal speed", "恢复正常速度"},
        };
        int t = e->target >= 0 && e->target <= ORD_TARGET_LOAD ? e->target : 0;
        int k = e->kind >= 0 && e->kind <= ORD_FAULT_SLOW ? e->kind : 0;
        const char *who = e->service[0] ? e->service : targets[t][l];
        snprintf(buf, n, "%s%s%s", who, l && !e->service[0] ? "" : " ", back[k][l]);
        return buf;
    }
    ui_tui_fault_label_unit(label, sizeof label, e->target, e->kind,
                            e->service[0] ? e->service : NULL, false, lang);
    if (e->kind == ORD_FAULT_SLOW && e->factor > 0) {
        if (l)
            snprintf(buf, n, "%s（慢 %g 倍）", label, e->factor);
        else
            snprintf(buf, n, "%s (%gx)", label, e->factor);
    } else {
        snprintf(buf, n, "%s", label);
    }
    return buf;
}

enum phrase {
    P_SINCE,
    P_START,
    P_SPIKE,
    P_LOAD,
    P_LOAD_END,
    P_SPIKE_END,
    P_B_DOWN,
    P_B_HANG,
    P_B_HANG_END,
    P_DB_SLOW,
    P_DB_BACK,
    P_MQ_CRASH,
    P_MQ_CRASH_NONE,
    P_B_CRASH,
    P_B_CRASH_SYNC,
    P_DOWN_OTHER,
    P_COUNTED,
    P_STILL,
    P_PENDING,
    P_SYNC_NO_MQ,
    P_USERS_WAIT,
    P_NO_ANSWERS,
    P_NO_USERS,
    P_EP_BOTH,
    P_EP_REJ,
    P_EP_FAIL,
    P_EP_DLQ,
    P_KEEP_UP,
    P_WAIT_FOR_B,
    P_WAIT_HANG,
    P_MQ_DOWN_SEND,
    P_GROWING,
    P_DRAINING,
    P_WAITING,
    P_DONE,
    P_DONE_V,
    P_DONE_PEAK,
    P_DONE_NOT_DRAINED,
    P_END,
    P_JOIN_SERIAL,
    P_JOIN_PARALLEL,
    P_JOIN_BACKLOG,
    P_JOIN_END,
    P_NPHRASES
};

/* {fields} are filled by fill(); the variant's ones ({p50}, {ep_rej}...) from the
 * sentence's wiring. Chinese sentences end in their own punctuation. */
static const char *const phrases[P_NPHRASES][UI_TUI_NLANG] = {
    [P_SINCE] = {"{name} since {from}", "{name}（自 {from} 起）"},
    [P_START] = {": {rate} orders/s arrive; the database takes {cap}/s.",
                 "：每秒到达 {rate} 个订单，数据库每秒能处理 {cap} 个。"},
    [P_SPIKE] = {": {srate} orders/s for {slen}; the database takes {cap}/s.",
                 "：{slen}内每秒 {srate} 个订单，数据库每秒只能处理 {cap} 个。"},
    [P_LOAD] = {": {srate} orders/s arrive; the database takes {cap}/s.",
                "：每秒到达 {srate} 个订单，数据库每秒能处理 {cap} 个。"},
    [P_LOAD_END] = {": no more orders arrive; the run lets the queues empty.",
                    "：不再有新订单，等待队列清空。"},
    [P_SPIKE_END] = {": {rate} orders/s again; the database takes {cap}/s.",
                     "：又回到每秒 {rate} 个订单，数据库每秒能处理 {cap} 个。"},
    [P_B_DOWN] = {": it refuses every call and its MQ consumers stop.",
                  "：{unit} 拒绝所有调用，它的 MQ 消费者也停了。"},
    [P_B_HANG] = {": every call it starts holds a {unit} thread for {timeout}, then fails.",
                  "：{unit} 接下的每个调用都占住一个线程 {timeout}，然后失败。"},
    [P_B_HANG_END] = {": calls that queued during the hang are answered late.",
                      "：卡死期间排队的调用会迟些得到答复。"},
    [P_DB_SLOW] = {": it takes {cap}/s now.", "：现在每秒只能处理 {cap} 次查询。"},
    [P_DB_BACK] = {": it takes {cap}/s again.", "：又能每秒处理 {cap} 次查询。"},
    [P_MQ_CRASH] = {": {ep_lost} acknowledged messages not yet flushed are lost for good; "
                    "down {downfor}.",
                    "：{ep_lost} 条已确认但未刷盘的消息永久丢失；停机{downfor}。"},
    [P_MQ_CRASH_NONE] = {": no acknowledged message was lost; down {downfor}.",
                         "：已确认的消息一条没丢；停机{downfor}。"},
    [P_B_CRASH] = {": it refuses every call {downfor}; the messages its consumers held go "
                   "back to the MQ.",
                   "：B 拒绝所有调用{downfor}；它的消费者手上的消息回到 MQ。"},
    [P_B_CRASH_SYNC] = {": it refuses every call {downfor}.", "：B 拒绝所有调用{downfor}。"},
    [P_DOWN_OTHER] = {".", "。"},
    [P_COUNTED] = {" Counting from {counted} (z).", "计数从 {counted} 起（z）。"},
    [P_STILL] = {" Still active: {others}.", "仍在持续：{others}。"},
    [P_PENDING] = {"{next_name} at {next_from}: its figures come with the bucket ending at "
                   "{next_at}.",
                   "{next_name}（{next_from}）：数字在 {next_at} 那一格结束后显示。"},
    [P_SYNC_NO_MQ] = {" Sync does not use the MQ: users wait {p50}.",
                      "同步不经过 MQ：用户等 {p50}。"},
    [P_USERS_WAIT] = {" {Vname} users wait {p50}", "{vname}用户等 {p50}"},
    [P_NO_ANSWERS] = {" {Vname} orders do not go through", "{vname}订单无法完成"},
    [P_NO_USERS] = {" {Vname}: no users arrive", "{vname}：没有新用户"},
    [P_EP_BOTH] = {", {ep_rej} rejected and {ep_fail} failed since {counted}",
                   "，自 {counted} 起拒绝 {ep_rej} 个、失败 {ep_fail} 个"},
    [P_EP_REJ] = {", {ep_rej} rejected since {counted}", "，自 {counted} 起拒绝 {ep_rej} 个"},
    [P_EP_FAIL] = {", {ep_fail} failed since {counted}", "，自 {counted} 起失败 {ep_fail} 个"},
    [P_EP_DLQ] = {", {ep_dlq} dead-lettered", "，进死信队列 {ep_dlq} 条"},
    [P_KEEP_UP] = {"; B keeps up (MQ backlog {backlog}).", "；B 跟得上（MQ 积压 {backlog} 条）。"},
    [P_WAIT_FOR_B] = {"; {backlog} messages wait in the MQ for {unit}.",
                      "；{backlog} 条消息在 MQ 里等 {unit}。"},
    [P_WAIT_HANG] = {"; {backlog} messages wait in the MQ, new or for redelivery.",
                     "；{backlog} 条消息在 MQ 里等待（新消息或等重投）。"},
    [P_MQ_DOWN_SEND] = {"; A cannot send to the MQ, so those orders fail.",
                        "；A 发不出消息，这些订单失败。"},
    [P_GROWING] = {"; the MQ backlog is {backlog} messages, up {grow} in the last {iv}.",
                   "；MQ 积压 {backlog} 条，最近 {iv}多了 {grow} 条。"},
    [P_DRAINING] = {"; B works off {backlog} queued messages at {drain}/s: about {eta} s to go.",
                    "；B 按每秒 {drain} 条消化 {backlog} 条积压，约 {eta} 秒清空。"},
    [P_WAITING] = {"; {backlog} messages wait in the MQ.", "；{backlog} 条消息在 MQ 里等待。"},
    [P_DONE] = {"Done at {end}.", "在 {end} 结束。"},
    [P_DONE_V] = {" {Vname} over the whole run: p99 {rp99}, {rej} rejected, {fail} failed",
                  "{vname}全程：p99 {rp99}，拒绝 {rej} 个，失败 {fail} 个"},
    [P_DONE_PEAK] = {"; the MQ backlog peaked at {peak} messages at {peak_at} and was empty "
                     "again at {drained}",
                     "；MQ 积压在 {peak_at} 达到最高 {peak} 条，在 {drained} 清空"},
    [P_DONE_NOT_DRAINED] = {"; the MQ backlog peaked at {peak} messages at {peak_at} and "
                            "was not empty at the end",
                            "；MQ 积压在 {peak_at} 达到最高 {peak} 条，到结束也没清空"},
    [P_END] = {".", "。"},
    /* a service joins (the c key): sync's A must call it, async's A does not change */
    [P_JOIN_SERIAL] = {": sync A must call it too (new code in A): +{jcall} per order if "
                       "nothing queues; async A is unchanged, {svc} reads its own group",
                       "：同步的 A 也得调用它（A 要改代码），不排队时每单多 {jcall}；异步的 A "
                       "不变，{svc} 读自己的消费组"},
    [P_JOIN_PARALLEL] = {": sync A must call it too (new code in A), beside the others; async A "
                         "is unchanged, {svc} reads its own group",
                         "：同步的 A 也得调用它（A 要改代码），与其他调用同时发出；异步的 A 不变，"
                         "{svc} 读自己的消费组"},
    [P_JOIN_BACKLOG] = {" (backlog {jbacklog})", "（积压 {jbacklog} 条）"},
    [P_JOIN_END] = {".", "。"},
};

struct say {
    const struct ui_tui_facts *f;
    const struct ui_tui_vfigs *v; /* the sentence's wiring */
    const char *vname;
    enum ui_tui_lang lang;
    char *buf;
    size_t n, used;
};

static void dur_or_dash(char *buf, size_t n, bool have, sim_time t)
{
    if (have)
        ui_fmt_duration(buf, n, t);
    else
        snprintf(buf, n, "-");
}

static void put_count(char *out, size_t n, int64_t v)
{
    ui_fmt_count(out, n, v);
}

/* Active faults other than the episode's as words: "sms down, DB slow". */
static void others(const struct ui_tui_facts *f, enum ui_tui_lang lang, char *buf, size_t n)
{
    ui_tui_active_faults(f->cfg, f->spans, f->nspans, f->at, &f->ep, lang, buf, n);
}

static bool fill(const struct say *c, const char *name, size_t len, char *out, size_t n)
{
#define IS(s) (len == sizeof(s) - 1 && memcmp(name, s, len) == 0)
    const struct ui_tui_facts *f = c->f;
    const struct ui_tui_vfigs *v = c->v;
    if (IS("rate"))
        ui_fmt_count_fit(out, n, f->rate, 0);
    else if (IS("cap"))
        ui_fmt_count_fit(out, n, f->db_cap_ps, 0);
    else if (IS("from"))
        ui_fmt_clock(out, n, f->ep.from, 1);
    else if (IS("counted"))
        ui_fmt_clock(out, n, f->ep.counted_from, 1);
    else if (IS("name"))
        ui_tui_episode_name(out, n, &f->ep, c->lang);
    else if (IS("srate"))
        ui_fmt_count_fit(out, n, f->ep.rate, 0);
    else if (IS("slen"))
        ui_fmt_duration(out, n, f->ep.length);
    else if (IS("downfor")) {
        char d[32];
        ui_fmt_duration(d, sizeof d, f->ep.length);
        if (f->ep.length == SIM_TIME_NEVER)
            snprintf(out, n, "%s", c->lang == UI_TUI_ZH ? "，直到清除" : "until it is cleared");
        else
            snprintf(out, n, c->lang == UI_TUI_ZH ? " %s" : "for %s", d);
    } else if (IS("timeout"))
        ui_fmt_duration(out, n, f->timeout);
    else if (IS("end"))
        ui_fmt_clock(out, n, f->end, 1);
    else if (IS("iv"))
        ui_fmt_duration(out, n, f->interval);
    else if (IS("others"))
        others(f, c->lang, out, n);
    else if (IS("svc"))
        snprintf(out, n, "%s", f->ep.service);
    else if (IS("unit")) /* the faulty service: "B", or its name ("sms") */
        snprintf(out, n, "%s", f->ep.service[0] ? f->ep.service : "B");
    else if (IS("jcall"))
        ui_fmt_duration(out, n, f->join.call);
    else if (IS("jbacklog"))
        put_count(out, n, f->join.backlog);
    else if (IS("next_name"))
        ui_tui_episode_name(out, n, &f->next, c->lang);
    else if (IS("next_from"))
        ui_fmt_clock(out, n, f->next.from, 1);
    else if (IS("next_at"))
        ui_fmt_clock(out, n, (f->next.from / f->interval + 1) * f->interval, 1);
    else if (!v)
        return false;
    else if (IS("Vname") || IS("vname"))
        snprintf(out, n, "%s", c->vname);
    else if (IS("p50"))
        dur_or_dash(out, n, v->have_latency, v->p50);
    else if (IS("rp99"))
        dur_or_dash(out, n, v->run_p99 > 0, v->run_p99);
    else if (IS("ep_rej"))
        put_count(out, n, (int64_t)v->ep_rejected);
    else if (IS("ep_fail"))
        put_count(out, n, (int64_t)v->ep_failed);
    else if (IS("ep_dlq"))
        put_count(out, n, (int64_t)v->ep_dlq);
    else if (IS("ep_lost"))
        put_count(out, n, (int64_t)v->ep_lost);
    else if (IS("rej"))
        put_count(out, n, (int64_t)v->rejected);
    else if (IS("fail"))
        put_count(out, n, (int64_t)(v->failed + v->dlq));
    else if (IS("backlog"))
        put_count(out, n, v->backlog);
    else if (IS("grow"))
        put_count(out, n, v->backlog - v->backlog_before);
    else if (IS("drain"))
        put_count(out, n, (int64_t)llround(v->drain_ps));
    else if (IS("eta"))
        snprintf(out, n, "%lld", (long long)ui_tui_drain_eta_s(v));
    else if (IS("peak"))
        put_count(out, n, v->backlog_max);
    else if (IS("peak_at"))
        ui_fmt_clock(out, n, v->backlog_max_at, 1);
    else if (IS("drained"))
        ui_fmt_clock(out, n, v->drained_at, 1);
    else
        return false;
    return true;
#undef IS
}

static void say(struct say *c, enum phrase p)
{
    const char *tpl = phrases[p][c->lang == UI_TUI_ZH];
    if (c->lang == UI_TUI_EN && c->used == 0 && *tpl == ' ')
        tpl++;
    for (const char *q = tpl; *q && c->used + 1 < c->n; q++) {
        const char *close = *q == '{' ? strchr(q, '}') : NULL;
        char val[160];
        if (close && fill(c, q + 1, (size_t)(close - q - 1), val, sizeof val)) {
            if (q[1] == 'V' && val[0] >= 'a' && val[0] <= 'z')
                val[0] = (char)(val[0] - 'a' + 'A');
            size_t vl = strlen(val);
            if (c->used + vl >= c->n)
                vl = c->n - 1 - c->used;
            memcpy(c->buf + c->used, val, vl);
            c->used += vl;
            q = close;
        } else {
            c->buf[c->used++] = *q;
        }
    }
    c->buf[c->used] = '\0';
}

static bool has(const struct ui_tui_facts *f, int target, int kind)
{
    return f->faults & UI_TUI_FAULT_BIT(target, kind);
}

static void lead(struct say *c)
{
    const struct ui_tui_facts *f = c->f;
    const struct ui_tui_episode *e = &f->ep;
    say(c, P_SINCE);
    enum phrase p = P_DOWN_OTHER;
    if (e->kind == UI_TUI_EP_LOAD)
        p = P_LOAD;
    else if (e->kind == UI_TUI_EP_LOAD_END)
        p = P_LOAD_END;
    else if (e->kind < 0)
        p = P_START;
    else if (e->kind == ORD_FAULT_SPIKE)
        p = e->end ? P_SPIKE_END : P_SPIKE;
    else if (e->target == ORD_TARGET_B && e->kind == ORD_FAULT_DOWN && !e->end)
        p = P_B_DOWN;
    else if (e->target == ORD_TARGET_B && e->kind == ORD_FAULT_HANG)
        p = e->end ? P_B_HANG_END : P_B_HANG;
    else if (e->target == ORD_TARGET_DB && e->kind == ORD_FAULT_SLOW)
        p = e->end ? P_DB_BACK : P_DB_SLOW;
    else if (e->kind == ORD_FAULT_CRASH && !e->end && e->target == ORD_TARGET_B)
        p = f->async.present ? P_B_CRASH : P_B_CRASH_SYNC;
    else if (e->kind == ORD_FAULT_CRASH && !e->end && e->target == ORD_TARGET_MQ)
        p = f->async.ep_lost > 0 ? P_MQ_CRASH : P_MQ_CRASH_NONE;
    if (e->kind == UI_TUI_EP_JOIN)
        p = f->join.parallel ? P_JOIN_PARALLEL : P_JOIN_SERIAL;
    /* an MQ crash's loss is async's figure (sync has no MQ) */
    struct say vc = *c;
    vc.v = &f->async;
    say(&vc, p);
    c->used = vc.used;
    if (e->kind == UI_TUI_EP_JOIN && f->join.has_backlog)
        say(c, P_JOIN_BACKLOG);
    if (e->kind == UI_TUI_EP_JOIN)
        say(c, P_JOIN_END);
    if (e->counted_from != e->from)
        say(c, P_COUNTED);
    char o[128];
    others(f, c->lang, o, sizeof o);
    if (o[0])
        say(c, P_STILL);
}

/* The sentence about one wiring while the run goes on. */
static void wiring(struct say *c)
{
    const struct ui_tui_facts *f = c->f;
    const struct ui_tui_vfigs *v = c->v;
    /* Sync and the MQ's outage: users still wait what they did, unless another fault
     * (B down, B hung) stops sync too; then the usual sentence says so. */
    if (!v->has_mq &&
        (has(f, ORD_TARGET_MQ, ORD_FAULT_DOWN) || has(f, ORD_TARGET_MQ, ORD_FAULT_CRASH)) &&
        v->have_latency) {
        say(c, P_SYNC_NO_MQ);
        return;
    }
    say(c, v->have_latency              ? P_USERS_WAIT
           : v->offered_ps > 0 || f->rate > 0 ? P_NO_ANSWERS
                                            : P_NO_USERS);
    if (v->ep_rejected > 0 && v->ep_failed > 0)
        say(c, P_EP_BOTH);
    else if (v->ep_rejected > 0)
        say(c, P_EP_REJ);
    else if (v->ep_failed > 0)
        say(c, P_EP_FAIL);
    if (v->ep_dlq > 0)
        say(c, P_EP_DLQ);
    if (!v->has_mq || f->ep.kind == UI_TUI_EP_JOIN) { /* a join: its group's backlog is
                                                           in the lead */
        say(c, P_END);
        return;
    }
    /* a crash keeps its target down while it lasts */
    bool b_down = has(f, ORD_TARGET_B, ORD_FAULT_DOWN) || has(f, ORD_TARGET_B, ORD_FAULT_CRASH);
    bool b_hang = has(f, ORD_TARGET_B, ORD_FAULT_HANG);
    bool mq_down = has(f, ORD_TARGET_MQ, ORD_FAULT_DOWN) || has(f, ORD_TARGET_MQ, ORD_FAULT_CRASH);
    bool db_fault = has(f, ORD_TARGET_DB, ORD_FAULT_DOWN) || has(f, ORD_TARGET_DB, ORD_FAULT_HANG) ||
                    has(f, ORD_TARGET_DB, ORD_FAULT_SLOW);
    if (mq_down)
        say(c, P_MQ_DOWN_SEND);
    else if (b_down)
        say(c, P_WAIT_FOR_B);
    else if (b_hang)
        say(c, P_WAIT_HANG);
    else if (v->backlog <= ui_tui_keep_up_limit(f->rate) && !db_fault &&
             !has(f, ORD_TARGET_B, ORD_FAULT_SLOW))
        say(c, P_KEEP_UP);
    else if (v->backlog > v->backlog_before)
        say(c, P_GROWING);
    else if (ui_tui_drain_eta_s(v) >= 1)
        say(c, P_DRAINING);
    else
        say(c, P_WAITING);
}

static void done_wiring(struct say *c)
{
    const struct ui_tui_vfigs *v = c->v;
    say(c, P_DONE_V);
    if (v->has_mq && v->backlog_max > ui_tui_keep_up_limit(c->f->rate))
        say(c, v->drained_at == SIM_TIME_NEVER ? P_DONE_NOT_DRAINED : P_DONE_PEAK);
    say(c, P_END);
}

void ui_tui_caption(const struct ui_tui_facts *f, enum ui_tui_lang lang, char *buf, size_t n)
{
    if (n == 0)
        return;
    buf[0] = '\0';
    struct say c = {f, NULL, "", lang, buf, n, 0};
    if (f->done) {
        say(&c, P_DONE);
    } else if (f->pending) {
        say(&c, P_PENDING);
        return;
    } else {
        lead(&c);
    }
    const struct ui_tui_vfigs *vs[2] = {&f->sync, &f->async};
    const enum ui_tui_word names[2] = {UI_TUI_W_SYNC_NAME, UI_TUI_W_ASYNC_NAME};
    for (int i = 0; i < 2; i++) {
        if (!vs[i]->present || (!f->started && !f->done))
            continue;
        c.v = vs[i];
        c.vname = ui_tui_word(names[i], lang);
        if (f->done)
            done_wiring(&c);
        else
            wiring(&c);
    }
}
