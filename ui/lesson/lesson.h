/* ui/lesson/lesson.h: lessons, files that walk a class through scenes.
 *
 * A lesson is a YAML file (scenarios/lessons/README.md): a title and a list of scenes,
 * each naming a scenario (built-in or file) with --set-style overrides and live
 * commands, the question to ask the class, the text to reveal afterwards, the figures
 * the closing card shows and whether the flow diagram is on. Loading checks every
 * scene's scenario exactly as `ordersim run` would load it, so a lesson that loads
 * plays. Errors carry file:line:column, like scenario errors. */
#ifndef UI_LESSON_H
#define UI_LESSON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "orders/model.h"
#include "orders/scenario/scenario.h"
#include "ui/live/tui_text.h"

/* Limits, so that no file makes the loader allocate without bound. */
#define UI_LESSON_MAX_FILE_BYTES (1u << 20)
#define UI_LESSON_MAX_SCENES 64
#define UI_LESSON_MAX_SETS 64     /* overrides per scene */
#define UI_LESSON_MAX_CMDS 64     /* commands per scene */
#define UI_LESSON_MAX_TEXT 4096   /* bytes in one text */
#define UI_LESSON_MAX_CARD 8      /* figures on a card */
#define UI_LESSON_MAX_DEPTH 16    /* nesting of mappings and lists */
#define UI_LESSON_MAX_NODES 20000 /* YAML nodes in one file */

/* The figures a closing card can show: X(ENUM, name in files, label en, label zh).
 * The English label is the row's label in `ordersim run`'s summary table, and the
 * value is that table's cell (ui_summary_cell): the card and a headless run print
 * the same text for the same figure. */
#define UI_LESSON_FIGS(X)                                                                          \
    X(LATENCY_P50, "latency_p50", "latency p50", "用户等待 p50")                                   \
    X(LATENCY_P99, "latency_p99", "latency p99", "用户等待 p99")                                   \
    X(LATENCY_MAX, "latency_max", "latency max", "用户等待最大")                                   \
    X(LAG_P99, "lag_p99", "completion lag p99", "落库延迟 p99")                                    \
    X(COMPLETED, "completed", "completed", "完成")                                                 \
    X(REJECTED, "rejected", "rejected", "拒绝")                                                    \
    X(FAILED, "failed", "failed", "失败")                                                          \
    X(IN_FLIGHT, "in_flight", "in flight at end", "结束时处理中")                                  \
    X(THROUGHPUT, "throughput", "throughput (load)", "吞吐量（负载期）")                           \
    X(DB_MAX, "db_max", "DB max/s", "数据库峰值/秒")                                               \
    X(BACKLOG_MAX, "backlog_max", "backlog max (at)", "积压峰值（时刻）")                          \
    X(DRAINED_AT, "drained_at", "drained at", "积压清空于")                                        \
    X(REDELIVERED, "redelivered", "redelivered", "重投")                                           \
    X(DLQ, "dlq", "DLQ", "死信")                                                                   \
    X(DUPLICATES, "duplicates", "duplicates", "重复写入")                                          \
    X(LOST, "lost", "lost", "丢失")

enum ui_lesson_fig {
#define UI_LESSON_FIG_ENUM(e, name, en, zh) UI_LESSON_FIG_##e,
    UI_LESSON_FIGS(UI_LESSON_FIG_ENUM)
#undef UI_LESSON_FIG_ENUM
        UI_LESSON_NFIGS
};

struct ui_lesson_fig_info {
    const char *name;                /* "latency_p50" */
    const char *label[UI_TUI_NLANG]; /* on the card */
};
extern const struct ui_lesson_fig_info ui_lesson_figs[UI_LESSON_NFIGS];

/* A text in both languages; one may be NULL (the other is shown then). */
struct ui_lesson_text {
    char *t[UI_TUI_NLANG];
};
/* The text in lang, or the other language's, or "". */
const char *ui_lesson_text_in(const struct ui_lesson_text *t, enum ui_tui_lang lang);

struct ui_lesson_scene {
    char *name; /* identifier ("latency"); default "scene-N" */
    struct ui_lesson_text title, question, reveal;
    char *scenario;    /* as written: a built-in name or a path */
    char **sets;       /* the overrides as `ordersim run --set` takes them, commands last */
    size_t nsets;
    struct ord_config cfg; /* the scenario with every override applied (validated) */
    enum ui_lesson_fig card[UI_LESSON_MAX_CARD];
    int ncard;
    bool diagram; /* start with the flow diagram shown */
    double speed; /* virtual seconds per real second while it plays */
};

struct ui_lesson {
    char *name; /* the file's name without .yaml, or its `name` */
    struct ui_lesson_text title;
    struct ui_lesson_scene *scenes;
    size_t nscenes;
};

/* Load a lesson from a file / from text (display_name in diagnostics, base_dir for
 * relative scenario paths; NULL: the current directory). On success l is complete
 * and validated (every scene's config built) and the caller frees it with
 * ui_lesson_free(); on failure nothing needs freeing and d says why (file:line:col).
 * Returns 0, SIM_EPARSE, SIM_ENOENT/SIM_EIO (cannot read) or SIM_ENOMEM. */
int ui_lesson_load_file(struct ui_lesson *l, const char *path, struct ord_diag *d);
int ui_lesson_load_text(struct ui_lesson *l, const char *text, size_t len, const char *display_name,
                        const char *base_dir, struct ord_diag *d);
/* A built-in lesson's name or a file's path (contains '/', ends in .yaml/.yml, or
 * exists); NULL means the default built-in lesson. */
int ui_lesson_resolve(struct ui_lesson *l, const char *arg, struct ord_diag *d);
void ui_lesson_free(struct ui_lesson *l);

/* The built-in lessons (every .yaml file in scenarios/lessons, embedded at build time by
 * cmake/embed.cmake), sorted by name, {0}-terminated. */
struct ui_lesson_builtin {
    const char *name;
    const char *text;
    size_t len;
};
extern const struct ui_lesson_builtin ui_lesson_builtins[];
extern const int ui_lesson_builtin_count;
#define UI_LESSON_DEFAULT "mq-basics"

/* The shell command that runs scene i headless: "ordersim run NAME --set 'k=v' ...".
 * Returns the length written (truncated to n). */
size_t ui_lesson_run_command(const struct ui_lesson_scene *s, char *buf, size_t n);

/* The card's value of figure f for variant v of a finished run, as `ordersim run`
 * prints it. */
void ui_lesson_fig_value(enum ui_lesson_fig f, const struct ord_summary *s, char *buf, size_t n);

#endif
