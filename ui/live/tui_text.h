/* ui/live/tui_text.h: the TUI's words: language choice, the caption that says what is
 * happening and why, and short labels, in English and Chinese.
 *
 * The caption is a function of ui_tui_facts, a handful of figures read from the run's
 * record (see ui_tui_facts_read in ui/live/tui_screen.h), so it can be tested for any
 * situation without running a model. */
#ifndef UI_TUI_TEXT_H
#define UI_TUI_TEXT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "orders/scenario/config.h"
#include "sim/time.h"

struct ord_span; /* orders/model.h */

enum ui_tui_lang { UI_TUI_EN, UI_TUI_ZH, UI_TUI_NLANG };

/* "zh..." in the first set of LC_ALL, LC_MESSAGES, LANG gives Chinese, else English. */
enum ui_tui_lang ui_tui_lang_from_env(void);
/* "en" or "zh" (also "zh_CN" etc.). Returns 0 or -1. */
int ui_tui_lang_parse(const char *s, enum ui_tui_lang *out);

/* Bit of an active fault (enum ord_target, enum ord_fault_kind) in a fault set. */
#define UI_TUI_FAULT_BIT(target, kind) (1u << ((unsigned)(target)*8u + (unsigned)(kind)))

/* An episode: what began at `from` - the run's start (kind < 0), a fault (a spike, B
 * down, ...) or a fault's end (end: "B back up", "spike over") - until the next one.
 * Its counters count from counted_from (from, or the last `z`): base holds each
 * variant's totals and MQ backlog at that moment (before anything done at it). */
#define UI_TUI_EP_START (-1)    /* the run's start */
#define UI_TUI_EP_LOAD (-2)     /* a load phase begins: rate, from the rate before (factor) */
#define UI_TUI_EP_LOAD_END (-3) /* the load is over: no more orders arrive */
#define UI_TUI_EP_JOIN (-4)     /* service `target` (an index) joins: a join command */
struct ui_tui_episode {
    sim_time from, counted_from;
    int target, kind; /* enum ord_target, enum ord_fault_kind, or UI_TUI_EP_*  */
    bool end;
    double factor, rate; /* the fault's SLOW factor / SPIKE rate */
    sim_time length;     /* how long the fault lasts (SIM_TIME_NEVER: until cleared) */
    char service[ORD_NAME_MAX]; /* UI_TUI_EP_JOIN: the service's name */
    struct {
        uint64_t rejected, failed, dlq, lost;
        int64_t backlog;
    } base[ORD_MAX_VARIANTS];
    /* A crash of the MQ: the orders each variant lost in it (acknowledged to their
     * users, not yet flushed, never delivered), counted right after it. */
    uint64_t crash_lost[ORD_MAX_VARIANTS];
};

/* One variant's figures, all at the caption's time base (facts.at, the end of the last
 * closed bucket): the bucket's rates and percentiles, the gauges at its end, the
 * episode's counts and the run's totals up to it. */
struct ui_tui_vfigs {
    bool present, has_mq;
    bool have_latency; /* users were answered in the bucket */
    sim_time p50, p99; /* user latency in the bucket */
    bool have_lag;
    sim_time lag_p99; /* arrival -> database write, in the bucket */
    double offered_ps, completed_ps, rejected_ps, failed_ps, db_ps;
    int64_t backlog;        /* MQ backlog at `at` (waiting: new or for redelivery) */
    int64_t backlog_before; /* ... one bucket earlier */
    int64_t in_flight;      /* accepted, not yet written, failed or dead-lettered, at `at` */
    double drain_ps;        /* how fast the backlog fell over the last buckets (> 0) */
    /* the episode, from its counted_from to `at` */
    uint64_t ep_rejected, ep_failed, ep_dlq;
    uint64_t ep_lost; /* an MQ crash episode: the orders the crash lost */
    int64_t ep_backlog_start, ep_backlog_peak;
    /* the run from 0 s to `at` */
    uint64_t rejected, failed, dlq, completed;
    /* whole-run figures (ord_summarize), once the run is done */
    sim_time run_p99;
    int64_t backlog_max;
    sim_time backlog_max_at;
    sim_time drained_at; /* SIM_TIME_NEVER: not drained; 0: never had a backlog */
};

struct ui_tui_facts {
    bool started; /* at least one bucket is closed */
    bool done;    /* the run reached its end */
    sim_time at;  /* the time base: the end of the last closed bucket */
    sim_time interval, end;
    double rate;        /* arrivals in force just before `at`, orders/s (NAN: a trace) */
    double db_cap_ps;   /* the database's capacity then (slow faults divide it) */
    double db_base_ps;  /* ... without faults */
    sim_time timeout;   /* A's call timeout to B: how long a hung B holds a call */
    uint32_t faults;    /* UI_TUI_FAULT_BIT of the faults active just before `at` */
    /* the run's faults, to name their services ("sms down"); valid while drawing */
    const struct ord_config *cfg;
    const struct ord_span *spans;
    size_t nspans;
    struct ui_tui_episode ep; /* the episode in force at `at` */
    bool pending;             /* another began after `at`: its figures come next */
    struct ui_tui_episode next;
    struct ui_tui_vfigs sync, async;
    /* In a join episode: what a call to the service takes when nothing queues (its work
     * and its query), whether sync calls the services at once, and its own group's
     * backlog at `at` (async). */
    struct {
        sim_time call;
        bool parallel, has_backlog;
        int64_t backlog;
    } join;
};

/* A backlog B keeps up with: at most 50 ms of arrivals (and at least 20 messages). The
 * caption says "B keeps up" only under it, with no fault on B, the database or MQ. */
int64_t ui_tui_keep_up_limit(double rate_per_s);
/* Seconds until the backlog is gone at the current drain rate (to the nearest second,
 * at least 1), or -1 when it is not draining. */
int64_t ui_tui_drain_eta_s(const struct ui_tui_vfigs *v);

/* The name a fault's unit goes by where it is not the classic one: the service's name
 * for a fault on a service not named "b" ("sms"), the database's for one on a database
 * not named "main"; NULL otherwise (the words say "B", "DB"). */
const char *ui_tui_unit_name(const struct ord_config *cfg, int target, uint32_t unit);
/* A fault as words, its unit named (NULL: "B", "DB"): "sms down", "B hang". */
char *ui_tui_fault_label_unit(char *buf, size_t n, int target, int kind, const char *unit,
                              bool end, enum ui_tui_lang lang);
/* The faults active at t (begun before t, not ended before it) as words, each once:
 * "sms down, DB slow". skip (may be NULL): an episode whose own fault is left out. */
void ui_tui_active_faults(const struct ord_config *cfg, const struct ord_span *spans, size_t n,
                          sim_time t, const struct ui_tui_episode *skip, enum ui_tui_lang lang,
                          char *buf, size_t len);

/* The episode's name: "Spike", "B down", "B back up", "Spike over", "Steady"... */
char *ui_tui_episode_name(char *buf, size_t n, const struct ui_tui_episode *e,
                          enum ui_tui_lang lang);

/* Write the caption for f in lang into buf (UTF-8, NUL-terminated, truncated to n):
 * the episode in force at f->at and what each wiring shows then. */
void ui_tui_caption(const struct ui_tui_facts *f, enum ui_tui_lang lang, char *buf, size_t n);

/* Short words the screen uses, by language. */
#define UI_TUI_WORDS(X)                                                                            \
    X(RUNNING, "running", "运行中")                                                                \
    X(PAUSED, "paused", "已暂停")                                                                  \
    X(DONE, "done", "已结束")                                                                      \
    X(LATENCY, "User latency", "用户等待时间")                                                     \
    X(LOG, "log", "对数")                                                                          \
    X(LINEAR, "linear", "线性")                                                                    \
    X(BACKLOG, "MQ backlog (messages)", "MQ 积压（条消息）")                                       \
    X(DBQPS, "DB queries/s", "数据库查询/s")                                                      \
    X(THROUGHPUT, "Orders/s", "订单/s")                                                           \
    X(OFFERED, "offered", "到达")                                                                  \
    X(DONE_PS, "completed", "完成")                                                                \
    X(ERRORS, "errors", "出错")                                                                    \
    X(CAP, "DB cap", "数据库上限")                                                                 \
    X(P50, "latency p50", "等待 p50")                                                              \
    X(P99, "latency p99", "等待 p99")                                                              \
    X(COMPLETED_PS, "completed/s", "完成/s")                                                      \
    X(REJECTED, "rejected", "拒绝")                                                                \
    X(FAILED, "failed", "失败")                                                                    \
    X(BACKLOG_SHORT, "MQ backlog", "MQ 积压")                                                      \
    X(LAG, "lag p99", "落库 p99")                                                                  \
    X(DBPS, "DB/s", "数据库/s")                                                                   \
    X(INFLIGHT, "in flight", "处理中")                                                             \
    X(ARRIVALS, "arrivals", "到达")                                                                \
    X(FAULTS, "faults", "故障")                                                                    \
    X(NONE, "none", "无")                                                                          \
    X(SPEED, "speed", "速度")                                                                      \
    X(ENLARGE, "Please enlarge the terminal to at least 80x24", "请把终端放大到至少 80x24")        \
    X(NOW_SIZE, "now", "当前")                                                                     \
    X(HELP_TITLE, "Keys", "按键")                                                                  \
    X(NOTES_TITLE, "Notes", "说明")                                                                \
    X(NO_NOTES, "This scenario has no notes.", "这个场景没有说明。")                               \
    X(CLOSE, "any key closes", "按任意键关闭")                                                     \
    X(SYNC_NAME, "sync", "同步")                                                                   \
    X(ASYNC_NAME, "async", "异步")                                                                 \
    X(REF_SYNC, "sync ideal", "同步理想")                                                          \
    X(REF_ASYNC, "async ideal", "异步理想")                                                        \
    X(TIME, "time", "时间")                                                                        \
    X(AT, "at %s", "%s 时")                                                                        \
    X(RUN_TO, "run total to %s", "从开始到 %s 合计")                                               \
    X(EP_SINCE, "%s since %s", "%s（自 %s 起）")                                                   \
    X(THROUGHPUT_LOAD, "throughput (load)", "吞吐量（负载期）")                                     \
    X(INFLIGHT_END, "unfinished", "未完成")                                                                  \
    X(DLQ, "dead-lettered", "死信")                                                                \
    X(ERR_P99, "error wait p99", "出错等待 p99")                                                    \
    X(LIVE_FAULTS, " + faults pressed live", " + 现场按键故障")                                     \
    X(WHOLE_RUN, "whole run", "全程")                                                              \
    X(BACKLOG_MAX, "backlog max", "积压峰值")                                                      \
    X(DBPS_MAX, "DB/s max", "数据库峰值")                                                          \
    X(NO_SERVICE, "c: no service left to add: all have joined (built-ins points, sms, stock; "    \
                  "8 services at most)",                                                          \
      "c：没有可再加入的服务了：都已加入（内置 points、sms、stock；最多 8 个服务）")

enum ui_tui_word {
#define UI_TUI_WORD_ENUM(e, en, zh) UI_TUI_W_##e,
    UI_TUI_WORDS(UI_TUI_WORD_ENUM)
#undef UI_TUI_WORD_ENUM
        UI_TUI_NWORDS
};
const char *ui_tui_word(enum ui_tui_word w, enum ui_tui_lang lang);

/* The label of a fault (an enum ord_target and enum ord_fault_kind) on a chart marker
 * and in the header: "B down", "DB slow", "spike", "MQ crash"; with end, the moment it
 * ends: "B up", "spike end" (kind < 0: any fault on the target, as a clear command). */
char *ui_tui_fault_label(char *buf, size_t n, int target, int kind, bool end,
                         enum ui_tui_lang lang);

/* The scenario's notes as the overlay shows them: the paragraphs (split at blank
 * lines) in lang - those with CJK characters for Chinese, the others for English,
 * all of them when that leaves none - with the line breaks inside a paragraph
 * joined (by a space, or nothing between two CJK characters). Writes UTF-8 into out,
 * paragraphs separated by one empty line; returns its length. */
size_t ui_tui_notes_text(const char *notes, enum ui_tui_lang lang, char *out, size_t n);

/* Break UTF-8 text into lines of at most width columns (at spaces, or between CJK
 * characters); calls line(text, bytes, ctx) for each. Returns the number of lines. */
int ui_tui_wrap(const char *text, int width, void (*line)(const char *s, size_t len, void *ctx),
                void *ctx);

#endif
