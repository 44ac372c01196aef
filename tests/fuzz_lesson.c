/* tests/fuzz_lesson.c: libFuzzer target for the lesson loader (built and run by
 * `scripts/fuzz SECONDS lesson`, not by CTest).
 *
 * An input is a lesson text, loaded from tests/fixtures/lessons (so relative scenario
 * files resolve). Beyond "no crash, no leak, no hang": a lesson that loads has at
 * least one scene, each with a built config and a card, and its run commands print;
 * a lesson that does not load has said where (a message, and a line when a position
 * applies). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ui/lesson/lesson.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct ui_lesson l;
    struct ord_diag d;
    int rc = ui_lesson_load_text(&l, (const char *)data, size, "fuzz.yaml", ".", &d);
    if (rc) {
        if (!d.msg[0])
            abort();
        return 0;
    }
    if (l.nscenes == 0 || !l.name)
        abort();
    for (size_t i = 0; i < l.nscenes; i++) {
        const struct ui_lesson_scene *s = &l.scenes[i];
        char cmd[8192];
        if (!s->cfg.name || s->ncard < 1 || s->ncard > UI_LESSON_MAX_CARD)
            abort();
        if (ui_lesson_run_command(s, cmd, sizeof cmd) == 0)
            abort();
    }
    ui_lesson_free(&l);
    return 0;
}
