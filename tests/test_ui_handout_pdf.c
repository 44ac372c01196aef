/* The handout PDF keeps its text as text, Chinese too (text selectable where the fonts
 * allow): pdftotext (poppler-utils, installed by scripts/deps) reads every scene's title
 * and question back from the English and the Chinese handout.
 *
 * Under ASan this test runs with tests/lsan.supp (see CMakeLists.txt): cairo leaks
 * inside its CFF font subsetter while it finishes a PDF with the CJK font in it. */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "ui/lesson/handout.h"
#include "ui/lesson/lesson.h"

/* s without its white space (pdftotext breaks lines where the page wraps them). */
static char *squeeze(const char *s)
{
    char *out = malloc(strlen(s) + 1), *o = out;
    assert_non_null(out);
    for (; *s; s++)
        if (*s != ' ' && *s != '\n' && *s != '\r' && *s != '\t' && *s != '\f')
            *o++ = *s;
    *o = '\0';
    return out;
}

/* The text pdftotext reads from path (malloc'ed), or NULL when it cannot run. */
static char *pdf_text(const char *path)
{
    char cmd[1200];
    snprintf(cmd, sizeof cmd, "pdftotext -enc UTF-8 '%s' -", path);
    FILE *p = popen(cmd, "r");
    if (!p)
        return NULL;
    size_t len = 0, cap = 1 << 16;
    char *buf = malloc(cap);
    assert_non_null(buf);
    size_t n;
    while ((n = fread(buf + len, 1, cap - len - 1, p)) > 0) {
        len += n;
        if (cap - len < 4096) {
            cap *= 2;
            buf = realloc(buf, cap);
            assert_non_null(buf);
        }
    }
    buf[len] = '\0';
    if (pclose(p) != 0) {
        free(buf);
        return NULL;
    }
    return buf;
}

/* The handout PDF keeps its text as text in both languages: pdftotext finds every
 * scene's title and question, English and Chinese alike. */
static void test_pdf_text(void **state)
{
    (void)state;
    struct ui_lesson l;
    struct ord_diag d;
    assert_int_equal(ui_lesson_resolve(&l, UI_LESSON_DEFAULT, &d), 0);
    for (int lang = 0; lang < UI_TUI_NLANG; lang++) {
        char path[1024], err[512];
        snprintf(path, sizeof path, "%s/test_ui_handout_%d.pdf", ORD_BINARY_DIR, lang);
        assert_int_equal(ui_lesson_handout_pdf(&l, (enum ui_tui_lang)lang, path, err, sizeof err),
                         0);
        char *raw = pdf_text(path);
        if (!raw)
            fail_msg("pdftotext (poppler-utils, installed by scripts/deps) cannot read %s", path);
        char *all = squeeze(raw);
        for (size_t i = 0; i < l.nscenes; i++) {
            const struct ui_lesson_text *texts[] = {&l.scenes[i].title, &l.scenes[i].question};
            for (int t = 0; t < 2; t++) {
                char *want = squeeze(ui_lesson_text_in(texts[t], (enum ui_tui_lang)lang));
                if (!strstr(all, want))
                    fail_msg("the %s handout's text lacks scene %zu's \"%s\":\n%s",
                             lang ? "zh" : "en", i + 1, want, raw);
                free(want);
            }
        }
        free(all);
        free(raw);
        unlink(path);
    }
    ui_lesson_free(&l);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_pdf_text),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
