/* ui/chart/chart_internal.h: shared between the chart's files (layout, panels); not a
 * public interface. Names carry a double underscore: ui__ (drawing), ui_chart__ (the
 * command line that `chart` and `compare` share). */
#ifndef UI_CHART_INTERNAL_H
#define UI_CHART_INTERNAL_H

#include <stdio.h>

#include "ui/chart/chart.h"

/* Every text the chart draws, in English and Chinese: X(ENUM, en, zh). */
#define UI__STRINGS(X)                                                                             \
    X(TIME, "time (s)", "时间 (s)")                                                               \
    X(LAT_TITLE, "User latency (orders answered in each interval)",                                \
      "用户等待时间（每个时间段内得到答复的订单）")                                                \
    X(LAT_TITLE_P99, "User latency p99 (orders answered in each interval)",                        \
      "用户等待时间 p99（每个时间段内得到答复的订单）")                                            \
    X(LAT_AXIS, "latency (ms)", "等待时间 (ms)")                                                 \
    X(BACKLOG_TITLE, "MQ backlog", "消息队列积压")                                                 \
    X(PEAK, "%s: peak %s at %s s, empty again at %s s", "%1$s：%3$s s 时最高 %2$s，%4$s s 清空")  \
    X(PEAK_NEVER, "%s: peak %s at %s s, not empty at the end", "%1$s：%3$s s 时最高 %2$s，到结束未清空") \
    X(DB_TITLE, "Database: queries/s and capacity", "数据库：每秒查询与上限")                     \
    X(ERR_TOTALS, "%s: %s rejected, %s failed", "%s：拒绝 %s，失败 %s")                           \
    X(BACKLOG_TITLE_ONLY, "MQ backlog", "消息队列积压")                                            \
    X(BACKLOG_AXIS, "messages", "条消息")                                                         \
    X(DB_AXIS, "queries/s", "查询/s")                                                             \
    X(TP_TITLE, "Throughput", "吞吐量")                                                            \
    X(TP_AXIS, "orders/s", "订单/s")                                                              \
    X(LAG_TITLE, "Completion lag (arrival to database write)", "完成延迟（从到达到写入数据库）")   \
    X(LAG_AXIS, "lag (ms)", "延迟 (ms)")                                                         \
    X(OFFERED, "offered", "到达")                                                                  \
    X(COMPLETED, "completed", "完成")                                                              \
    X(REJECTED, "rejected", "拒绝")                                                                \
    X(FAILED, "failed", "失败")                                                                    \
    X(BACKLOG, "backlog", "积压")                                                                  \
    X(DB, "database q/s", "数据库查询/s")                                                         \
    X(CAPACITY, "database capacity %s/s", "数据库上限 %s/s")                                      \
    X(DB_TITLE_MULTI, "Database: queries/s and capacity, a dash per database",                     \
      "数据库：每秒查询与上限，每个数据库一种线型")                                              \
    X(DB_TITLE_MARKERS, "Database: queries/s and capacity, a marker per database",                 \
      "数据库：每秒查询与上限，每个数据库一种标记")                                              \
    X(CAPACITY_NAMED, "%s capacity %s/s", "%s 上限 %s/s")                                       \
    X(CAPACITY_BY_RUN, "%s capacity %s/s (by run)", "%s 上限 %s/s（按运行顺序）")                                       \
    X(SPIKE, "spike %s/s", "突发 %s/s")                                                           \
    X(SYNC_IDEAL, "%s: A + B = %s ms", "%s：A + B = %s ms")                                      \
    X(SYNC_IDEAL_N, "%s: A + its calls = %s ms", "%s：A + 各个调用 = %s ms")                    \
    X(ASYNC_IDEAL, "%s: A + MQ = %s ms", "%s：A + MQ = %s ms")                                   \
    X(OTHER_IDEAL, "%s: %s ms without waiting", "%s：无排队时 %s ms")                            \
    X(DOWN, "down", "宕机")                                                                        \
    X(HANG, "hangs", "挂起")                                                                       \
    X(SLOW, "slow", "变慢")                                                                        \
    X(CRASH, "crash", "崩溃")                                                                      \
    X(SCENARIO, "scenario", "场景")                                                                \
    X(SEED, "seed", "随机种子")                                                                    \
    X(DATA, "data", "数据")                                                                        \
    X(NO_SIDECAR, "no JSON sidecar", "无 JSON 元数据")                                             \
    X(VS, " vs ", " 对比 ")                                                                        \
    X(DATABASE, "database", "数据库")

enum ui__str {
#define UI__STR_ENUM(e, en, zh) UI__S_##e,
    UI__STRINGS(UI__STR_ENUM)
#undef UI__STR_ENUM
        UI__NSTR
};

/* One render's state, shared by the layout and the panel builders. */
struct ui__chart {
    struct ui_canvas cv;
    const struct ui_chart_opts *o;
    const struct ui_run_data *runs;
    int nruns;
    double end_s;     /* the time axis' end */
    double **scratch; /* arrays the panels made (freed after drawing) */
    int nscratch, scratch_cap;
};

const char *ui__tr(const struct ui__chart *c, enum ui__str s);
/* A variant's display name in the chart's language ("sync" -> "同步"). */
const char *ui__variant_name(const struct ui__chart *c, const char *name);
/* Its look: colour and marker; index is its position in its run. */
struct ui_line_style ui__variant_style(const struct ui__chart *c, const char *name, int index);

/* Fill p (already ui_plot_init'ed, x axis fixed) with panel's items. top: the first
 * panel (window labels go there). Returns 0, SIM_ERANGE or SIM_ENOMEM. */
int ui__panel_build(struct ui__chart *c, enum ui_chart_panel panel, struct ui_plot *p, bool top);
void ui__scratch_free(struct ui__chart *c);

/* The chart options shared by `chart` and `compare` (NULL: not given). Returns 0,
 * or 2 after printing "ordersim CMD: message" to stderr. */
int ui_chart__cli(struct ui_chart_opts *o, const char *cmd, const char *panels, const char *lang,
                  const char *size, int log, const char *title);

#endif
