/* ui/lesson/lesson_screen.h: the lesson's frames as a pure function of the lesson, the
 * step and the run's snapshot: the question card, the live run (the live view with the
 * lesson's footer), the closing card and the end. Tests compare these cells. */
#ifndef UI_LESSON_SCREEN_H
#define UI_LESSON_SCREEN_H

#include "ui/lesson/lesson_play.h"

struct ui_lesson_frame {
    const struct ui_lesson *l;
    size_t scene;
    enum ui_lesson_step step;
    bool big;
    const struct ui_tui_snapshot *s;
    const struct ui_tui_opts *o;
};

int ui_lesson_screen_render(struct ui_tui_cells *b, struct ui_tui_view *v,
                            const struct ui_lesson_frame *f, int64_t wall_ns);

/* The lesson's own words: X(ENUM, en, zh). */
#define UI_LESSON_WORDS(X)                                                                         \
    X(SCENE, "scene", "场景")                                                                      \
    X(QUESTION, "Question for the class", "请大家预测")                                            \
    X(KEY_NUMBERS, "Key numbers (whole run)", "关键数字（全程）")                                  \
    X(WHAT_HAPPENED, "What happened", "发生了什么")                                                \
    X(SCENARIO, "scenario", "场景文件")                                                            \
    X(START, "start the run", "开始运行")                                                          \
    X(BACK, "back", "返回")                                                                        \
    X(QUIT, "quit", "退出")                                                                        \
    X(CARD, "key numbers", "关键数字")                                                             \
    X(PAUSE, "pause", "暂停")                                                                      \
    X(REPLAY, "replay", "重放")                                                                    \
    X(NEXT_SCENE, "next scene", "下一场景")                                                        \
    X(THE_RUN, "the run", "运行画面")                                                              \
    X(END, "End of the lesson", "本课结束")                                                        \
    X(FINISH, "the end", "结束")                                                                   \
    X(LIVE_CMDS, "live commands were given: these numbers differ from a plain run",                \
      "运行中按键改变了场景：这些数字与不按键的运行不同")                                          \
    X(NOT_DRAINED, "not drained", "未清空")

enum ui_lesson_word {
#define UI_LESSON_WORD_ENUM(e, en, zh) UI_LESSON_W_##e,
    UI_LESSON_WORDS(UI_LESSON_WORD_ENUM)
#undef UI_LESSON_WORD_ENUM
        UI_LESSON_NWORDS
};
const char *ui_lesson_word(enum ui_lesson_word w, enum ui_tui_lang lang);

/* The card's value of figure f for summary s, in lang (the summary table's text;
 * "not drained" translated). */
void ui_lesson_card_value(enum ui_lesson_fig f, const struct ord_summary *s, enum ui_tui_lang lang,
                          char *buf, size_t n);

#endif
