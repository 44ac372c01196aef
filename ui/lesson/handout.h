/* ui/lesson/handout.h: a lesson's printable handout (cairo + Pango): A4, one page per
 * scene with its question, the chart of its run, its key numbers (the closing card's)
 * and what happened. Its text stays text in the PDF (selectable), English and Chinese;
 * lines wrap at spaces and beside CJK characters only. */
#ifndef UI_LESSON_HANDOUT_H
#define UI_LESSON_HANDOUT_H

#include <stddef.h>

#include "ui/lesson/lesson.h"

/* A4 in points, and the PNG pages' pixels per point. */
#define UI_HANDOUT_W 595
#define UI_HANDOUT_H 842
#define UI_HANDOUT_PNG_SCALE 2

/* Run every scene headless and write the handout to path (.pdf), atomically. Returns
 * 0, or SIM_EIO / SIM_ENOMEM / the model's error with err set ("path: reason"). */
int ui_lesson_handout_pdf(const struct ui_lesson *l, enum ui_tui_lang lang, const char *path,
                          char *err, size_t errlen);
/* The same pages as PNG files dir/01-NAME.png, dir/02-NAME.png ... (dir is made when
 * missing). */
int ui_lesson_handout_pngs(const struct ui_lesson *l, enum ui_tui_lang lang, const char *dir,
                           char *err, size_t errlen);

/* Where the handout's text wraps s (a font size and a width in points, the font of
 * lang): the byte offsets that start its second, third ... line into at (at most max);
 * returns how many lines follow the first. Lines break only at spaces and beside CJK
 * characters, never inside a word, a number ("6 000") or a unit ("queries/s"). */
size_t ui_lesson_handout_breaks(const char *s, enum ui_tui_lang lang, double size, double width,
                                size_t *at, size_t max);

#endif
