/* A crash (of B or of the MQ) is named on the live screen: in the header's fault list,
 * the side panel's faults, the time axis' markers and the caption, while it lasts and
 * not after (issue 11: the header showed nothing and the caption "MQ ? since 20.4 s").
 * The caption's numbers are checked against the record by test_ui_tui_claims. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "orders/scenario/scenario.h"
#include "ui/live/tui_screen.h"
#include "ui/live/tui_session.h"

#include "test_ui_tui_util.h"

/* Row y of a dumped screen (rows end in '\n'). */
static void row(const char *text, int y, char *out, size_t n)
{
    for (int k = 0; k < y && text; k++) {
        text = strchr(text, '\n');
        if (text)
            text++;
    }
    size_t len = text ? strcspn(text, "\n") : 0;
    if (len >= n)
        len = n - 1;
    memcpy(out, text ? text : "", len);
    out[len] = '\0';
}

static void expect(const char *scenario, int at_s, enum ui_tui_lang lang, const char *header,
                   const char *caption, const char *panel)
{
    struct fixture f;
    ui_test_start(&f, scenario, at_s * SIM_S);
    char *text = render(&f, 100, 30, UI_TUI_BRAILLE, lang);
    char top[512], cap[2048] = "";
    row(text, 0, top, sizeof top);
    for (int y = 1; y <= 3; y++) {
        char r[512];
        row(text, y, r, sizeof r);
        /* the caption's rows joined as one text: " words  " -> "words " */
        size_t len = strlen(r);
        while (len > 0 && r[len - 1] == ' ')
            r[--len] = '\0';
        if (len > 0)
            strcat(strcat(cap, r[0] == ' ' ? r + 1 : r), " ");
    }
    if (header ? !strstr(top, header) : strstr(top, "!") != NULL)
        fail_msg("%s at %d s: header \"%s\" should %s \"%s\"", scenario, at_s, top,
                 header ? "name" : "name no fault", header ? header : "!");
    if (caption && !strstr(cap, caption))
        fail_msg("%s at %d s: caption should have \"%s\":\n%s", scenario, at_s, caption, cap);
    if (panel && !strstr(text, panel))
        fail_msg("%s at %d s: the panel should say \"%s\":\n%s", scenario, at_s, panel, text);
    free(text);
    stop(&f);
}

static void test_mq_crash(void **state)
{
    (void)state;
    /* broker-crash: the MQ crashes at 20.4 s for 5 s, losing 429 acknowledged messages */
    expect("broker-crash", 23, UI_TUI_EN, "! MQ crash", "MQ crash since 20.4 s: 429 acknowledged",
           "faults: MQ crash");
    expect("broker-crash", 23, UI_TUI_EN, "! MQ crash", "lost for good; down for", "↑MQ crash");
    expect("broker-crash", 23, UI_TUI_ZH, "! MQ崩溃", "MQ崩溃（自 20.4 s 起）：429 条", "MQ崩溃");
    expect("broker-crash", 30, UI_TUI_EN, NULL, "MQ back up since 25.4 s", "faults: none");
}

static void test_b_crash(void **state)
{
    (void)state;
    const char *path = ORD_BINARY_DIR "/crash-b.yaml";
    FILE *fp = fopen(path, "w");
    assert_non_null(fp);
    fputs("duration: 40s\ndrain: 20s\nfaults:\n  - {at: 20s, for: 5s, target: b, kind: crash}\n",
          fp);
    assert_int_equal(fclose(fp), 0);
    expect(path, 22, UI_TUI_EN, "! B crash", "B crash since 20.0 s: it refuses every call for",
           "faults: B crash");
    expect(path, 22, UI_TUI_ZH, "! B崩溃", "B崩溃（自 20.0 s 起）", NULL);
    expect(path, 22, UI_TUI_EN, "! B crash", "the messages its consumers held go back to the MQ",
           "↑B crash");
    expect(path, 27, UI_TUI_EN, NULL, "B back up since 25.0 s", "faults: none");
    remove(path);
}

int main(void)
{
    (void)golden; /* the shared fixture's golden files: not used here */
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_mq_crash),
        cmocka_unit_test(test_b_crash),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
