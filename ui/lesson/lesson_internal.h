/* ui/lesson/lesson_internal.h: shared by the lesson's own files only (ui_lesson__ names). */
#ifndef UI_LESSON_INTERNAL_H
#define UI_LESSON_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>

#include "ui/lesson/lesson.h"

enum ui_lesson__kind { UI_LESSON__SCALAR, UI_LESSON__SEQ, UI_LESSON__MAP };

struct ui_lesson__node {
    enum ui_lesson__kind kind;
    int line, col; /* 1-based */
    bool quoted;   /* SCALAR: was quoted in the input */
    char *text;    /* SCALAR: NUL-terminated (len bytes, may hold NULs) */
    size_t len;
    struct ui_lesson__node **items; /* SEQ: items; MAP: key, value, key, value, ... */
    size_t n, cap;
};

/* Parse one YAML document (anchors, aliases and repeated keys are errors). *root is
 * NULL for an empty document. Returns 0, SIM_EPARSE (d filled) or SIM_ENOMEM. */
int ui_lesson__tree_parse(const char *text, size_t len, const char *file, struct ord_diag *d,
                          struct ui_lesson__node **root);
void ui_lesson__tree_free(struct ui_lesson__node *n);
const struct ui_lesson__node *ui_lesson__map_get(const struct ui_lesson__node *map,
                                                 const char *key);
/* Fill d with file and the node's position (none when at is NULL); returns SIM_EPARSE. */
int ui_lesson__fail(struct ord_diag *d, const char *file, const struct ui_lesson__node *at,
                    const char *fmt, ...) __attribute__((format(printf, 4, 5)));
/* Levenshtein distance, capped at cap + 1. */
int ui_lesson__edit_distance(const char *a, const char *b, int cap);
/* " (did you mean `x`?)" for the nearest of names within 2 edits, else "". */
void ui_lesson__suggest(const char *word, const char *const *names, int n, char *buf, size_t len);

#endif
