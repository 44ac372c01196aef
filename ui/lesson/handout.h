/* ui/lesson/handout.h: a lesson's printable handout (cairo + Pango): A4, one page per
 * scene with its question, the chart of its run, its key numbers (the closing card's)
 * and what happened. English text stays text in the PDF (selectable); Chinese is drawn
 * as glyph outlines (see handout.c). */
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

#endif
