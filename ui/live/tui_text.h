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

#include "sim/time.h"

enum ui_tui_lang { UI_TUI_EN, UI_TUI_ZH, UI_TUI_NLANG };

/* "zh..." in the first set of LC_ALL, LC_MESSAGES, LANG gives Chinese, else English. */
enum ui_tui_lang ui_tui_lang_from_env(void);
/* "en" or "zh" (also "zh_CN" etc.). Returns 0 or -1. */
int ui_tui_lang_parse(const char *s, enum ui_tui_lang *out);

/* One variant's figures as the caption and the side panel use them: the last closed
 * bucket's rates and percentiles, and the run's totals so far. */
struct ui_tui_vfigs {
    bool present;      /* the scenario runs this variant */
    bool have_latency; /* users were answered in the last closed bucket */
    sim_time p50, p99; /* user latency, last closed bucket */
    bool have_lag;
    sim_time lag_p99; /* arrival -> database write, last closed bucket */
    double offered_ps, completed_ps, rejected_ps, failed_ps, db_ps;
    int64_t backlog; /* MQ backlog at the end of the last closed bucket */
    double drain_ps; /* how fast the backlog fell over the last buckets (> 0) */
    double grow_ps;  /* how fast it rose in the last bucket (> 0), else 0 */
    uint64_t rejected, failed, completed, in_flight, dlq; /* totals so far */
    /* whole-run figures (ord_summarize), used once the run is done */
    sim_time run_p99;
    int64_t backlog_max;
    sim_time drained_at; /* SIM_TIME_NEVER: not drained; 0: never had a backlog */
};

struct ui_tui_facts {
    bool started; /* at least one bucket is closed */
    bool done;    /* the run reached its end */
    sim_time now, end;
    double rate_now;  /* arrivals in force now, orders/s */
    double db_cap_ps; /* database capacity: connections / mean query time */
    sim_time timeout; /* A's call timeout to B */
    bool b_down, b_hang, db_slow, mq_down, spike;
    struct ui_tui_vfigs sync, async;
};

/* The situations the caption knows, most urgent first. */
#define UI_TUI_SITUATIONS(X)                                                                       \
    X(DONE)                                                                                        \
    X(MQ_DOWN)                                                                                     \
    X(B_DOWN)                                                                                      \
    X(B_HANG)                                                                                      \
    X(DB_SLOW)                                                                                     \
    X(QUIET) /* no orders arrive any more (the load is over) */                                    \
    X(SPIKE)                                                                                       \
    X(DRAIN)                                                                                       \
    X(START)                                                                                       \
    X(CALM)

enum ui_tui_situation {
#define UI_TUI_SIT_ENUM(n) UI_TUI_SIT_##n,
    UI_TUI_SITUATIONS(UI_TUI_SIT_ENUM)
#undef UI_TUI_SIT_ENUM
        UI_TUI_NSIT
};

enum ui_tui_situation ui_tui_situation_of(const struct ui_tui_facts *f);
/* Seconds until the backlog is gone at the current drain rate (rounded up), or -1. */
int64_t ui_tui_drain_eta_s(const struct ui_tui_vfigs *v);

/* Write the caption for f in lang into buf (UTF-8, NUL-terminated, truncated to
 * n). Returns its situation. */
enum ui_tui_situation ui_tui_caption(const struct ui_tui_facts *f, enum ui_tui_lang lang, char *buf,
                                     size_t n);

/* Short words the screen uses, by language. */
#define UI_TUI_WORDS(X)                                                                            \
    X(RUNNING, "running", "运行中")                                                                \
    X(PAUSED, "paused", "已暂停")                                                                  \
    X(DONE, "done", "已结束")                                                                      \
    X(LATENCY, "User latency", "用户等待时间")                                                     \
    X(LOG, "log", "对数")                                                                          \
    X(LINEAR, "linear", "线性")                                                                    \
    X(BACKLOG, "MQ backlog (messages)", "MQ 积压（条消息）")                                       \
    X(DBQPS, "DB queries/s", "数据库查询/秒")                                                      \
    X(THROUGHPUT, "Orders/s", "订单/秒")                                                           \
    X(OFFERED, "offered", "到达")                                                                  \
    X(DONE_PS, "completed", "完成")                                                                \
    X(ERRORS, "errors", "出错")                                                                    \
    X(CAP, "DB cap", "数据库上限")                                                                 \
    X(P50, "latency p50", "等待 p50")                                                              \
    X(P99, "latency p99", "等待 p99")                                                              \
    X(COMPLETED_PS, "completed/s", "完成/秒")                                                      \
    X(REJECTED, "rejected", "拒绝")                                                                \
    X(FAILED, "failed", "失败")                                                                    \
    X(BACKLOG_SHORT, "MQ backlog", "MQ 积压")                                                      \
    X(LAG, "lag p99", "落库 p99")                                                                  \
    X(DBPS, "DB/s", "数据库/秒")                                                                   \
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
    X(LAST_S, "last second", "最近 1 秒")                                                          \
    X(WHOLE_RUN, "whole run", "全程")                                                              \
    X(BACKLOG_MAX, "backlog max", "积压峰值")                                                      \
    X(DBPS_MAX, "DB/s max", "数据库峰值")

enum ui_tui_word {
#define UI_TUI_WORD_ENUM(e, en, zh) UI_TUI_W_##e,
    UI_TUI_WORDS(UI_TUI_WORD_ENUM)
#undef UI_TUI_WORD_ENUM
        UI_TUI_NWORDS
};
const char *ui_tui_word(enum ui_tui_word w, enum ui_tui_lang lang);

/* The label of a fault (an enum ord_target and enum ord_fault_kind) on a chart marker
 * and in the header: "B down", "DB slow", "spike"; with end, the moment it ends:
 * "B up", "spike end" (kind < 0: any fault on the target, as a clear command). */
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
