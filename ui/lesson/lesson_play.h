/* ui/lesson/lesson_play.h: playing a lesson in the terminal, scene by scene, as a front
 * end over the live view (struct ui_tui_front in ui/live/tui_live.h).
 *
 * Each scene goes through three steps: the question card (the run has not started),
 * the live run with its caption (the teacher starts it with a key), and the closing
 * card with the scene's key numbers, read from the finished run's record with the
 * summary table's formatter, so they are the figures `ordersim run` prints for the
 * same scenario and overrides. Nothing here touches curses: keys come in as codes,
 * frames go out as cells, so tests play a lesson without a terminal. */
#ifndef UI_LESSON_PLAY_H
#define UI_LESSON_PLAY_H

#include <stdbool.h>
#include <stdint.h>

#include "ui/lesson/lesson.h"
#include "ui/live/tui_live.h"
#include "ui/live/tui_session.h"

enum ui_lesson_step { UI_LESSON_QUESTION, UI_LESSON_RUN, UI_LESSON_CARD, UI_LESSON_END };

/* Key codes the lesson reads besides characters (curses' KEY_RIGHT, KEY_LEFT). */
extern const int ui_lesson_key_right, ui_lesson_key_left;

struct ui_lesson_play {
    const struct ui_lesson *l;
    size_t scene;
    enum ui_lesson_step step;
    bool big; /* --big: the card's latency and backlog figures in block digits */
    int error; /* the last failure (loading a scene, running it), or 0 */
};

/* Start at scene `first` (0-based), on its question card, with the session holding
 * that scene's run, paused at 0 s. */
void ui_lesson_play_init(struct ui_lesson_play *p, const struct ui_lesson *l, size_t first,
                         bool big);
/* The front end that plays p over a live session. */
struct ui_tui_front ui_lesson_play_front(struct ui_lesson_play *p);

/* What the front end calls (exposed for tests): start (load the first scene), a key,
 * the frame. */
int ui_lesson_play_start(struct ui_lesson_play *p, struct ui_tui_session *s,
                         struct ui_tui_view *v);
int ui_lesson_play_key(struct ui_lesson_play *p, struct ui_tui_session *s, struct ui_tui_view *v,
                       int ch, bool *quit);
int ui_lesson_play_render(struct ui_lesson_play *p, struct ui_tui_cells *b, struct ui_tui_view *v,
                          const struct ui_tui_snapshot *s, const struct ui_tui_opts *o,
                          int64_t wall_ns);

/* Large block digits (--big): the glyph rows of text ("667 ms", "40 085") in rows
 * of height UI_LESSON_BIG_H; returns the width in columns, or -1 when a character
 * has no block form. Drawn at (x, y) when b is not NULL. */
#define UI_LESSON_BIG_H 5
int ui_lesson_big_text(struct ui_tui_cells *b, int x, int y, enum ui_tui_style st, bool utf8,
                       const char *text);

#endif
