/* The lessons and lesson subcommands: list, list a lesson's scenes, play it in the
 * terminal, write its handout. */
#include "ui/lesson/lesson_main.h"

#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sim/error.h"
#include "ui/base/cmd.h"
#include "ui/base/opts.h"
#include "ui/lesson/handout.h"
#include "ui/lesson/lesson_play.h"
#include "ui/live/tui_live.h"

struct lessons_args {
    const char *lang;
};

static const struct ui_opt lessons_opts[] = {
    {"lang", 0, UI_OPT_CHOICE, offsetof(struct lessons_args, lang), "en|zh",
     "language of the titles (default: from LC_ALL / LC_MESSAGES / LANG)"},
};


struct lesson_args {
    const char *lang, *handout, *handout_dir;
    long scene;
    int list_scenes, no_color, ascii, big;
};

static const struct ui_opt lesson_opts[] = {
    {"list-scenes", 0, UI_OPT_FLAG, offsetof(struct lesson_args, list_scenes), NULL,
     "list the scenes, each with the 'ordersim run' command that plays it headless"},
    {"lang", 0, UI_OPT_CHOICE, offsetof(struct lesson_args, lang), "en|zh",
     "language of the lesson and the captions (default: from LC_ALL / LC_MESSAGES / LANG)"},
    {"scene", 0, UI_OPT_INT, offsetof(struct lesson_args, scene), "N",
     "start at scene N (1 is the first)"},
    {"big", 0, UI_OPT_FLAG, offsetof(struct lesson_args, big), NULL,
     "latency and backlog figures in large block digits where the terminal is large enough"},
    {"handout", 0, UI_OPT_STRING, offsetof(struct lesson_args, handout), "FILE.pdf",
     "write the handout (A4, a page per scene: question, chart, key numbers, explanation) "
     "instead of playing"},
    {"handout-dir", 0, UI_OPT_STRING, offsetof(struct lesson_args, handout_dir), "DIR",
     "write the handout's pages as PNG files DIR/NN-SCENE.png instead of playing"},
    {"ascii", 0, UI_OPT_FLAG, offsetof(struct lesson_args, ascii), NULL,
     "plain ASCII charts (no Braille), even on a UTF-8 terminal"},
    {"no-color", 0, UI_OPT_FLAG, offsetof(struct lesson_args, no_color), NULL,
     "no colours (also when NO_COLOR is set)"},
};


static int check_lang(const char *cmd, const char *arg, enum ui_tui_lang *lang)
{
    *lang = ui_tui_lang_from_env();
    if (arg && ui_tui_lang_parse(arg, lang)) {
        fprintf(stderr, "ordersim %s: --lang must be zh or en: %s\n", cmd, arg);
        return 2;
    }
    return 0;
}

static int lessons_exec(const struct ui_cmd_entry *self, const struct ui_cmd_args *args)
{
    (void)self;
    const struct lessons_args a = *(const struct lessons_args *)args->opts;
    enum ui_tui_lang lang;
    int rc;
    if ((rc = check_lang("lessons", a.lang, &lang)) != 0)
        return rc;
    for (int i = 0; i < ui_lesson_builtin_count; i++) {
        struct ui_lesson l;
        struct ord_diag d;
        if (ui_lesson_resolve(&l, ui_lesson_builtins[i].name, &d) != 0) {
            printf("%-14s (does not load: %s)\n", ui_lesson_builtins[i].name, d.msg);
            continue;
        }
        printf("%-14s %zu scenes  %s%s\n", l.name, l.nscenes, ui_lesson_text_in(&l.title, lang),
               strcmp(l.name, UI_LESSON_DEFAULT) == 0 ? " (default)" : "");
        ui_lesson_free(&l);
    }
    return 0;
}

static void list_scenes(const struct ui_lesson *l, enum ui_tui_lang lang)
{
    printf("%s: %s\n", l->name, ui_lesson_text_in(&l->title, lang));
    for (size_t i = 0; i < l->nscenes; i++) {
        const struct ui_lesson_scene *s = &l->scenes[i];
        char cmd[4096];
        ui_lesson_run_command(s, cmd, sizeof cmd);
        printf("\n%2zu  %-14s %s\n    %s\n    card:", i + 1, s->name,
               ui_lesson_text_in(&s->title, lang), cmd);
        /* The card's rows by the summary table's labels, so a script can compare. */
        for (int k = 0; k < s->ncard; k++)
            printf("%s %s", k ? "," : "", ui_lesson_figs[s->card[k]].label[UI_TUI_EN]);
        printf("\n");
    }
}

static int play(const struct ui_lesson *l, const struct lesson_args *a, enum ui_tui_lang lang)
{
    size_t first = (size_t)(a->scene > 0 ? a->scene - 1 : 0);
    struct ord_config cfg;
    if (ord_config_copy(&cfg, &l->scenes[first].cfg)) {
        fprintf(stderr, "ordersim lesson: out of memory\n");
        return 1;
    }
    struct ui_lesson_play p;
    ui_lesson_play_init(&p, l, first, a->big);
    struct ui_tui_front front = ui_lesson_play_front(&p);
    struct ui_tui_live_opts o = {0};
    o.cmd = "lesson";
    o.speed = l->scenes[first].speed;
    o.lang = lang;
    o.ascii = a->ascii;
    o.no_color = a->no_color;
    o.front = &front;
    return ui_tui_live_run(&cfg, &o);
}

static int lesson_exec(const struct ui_cmd_entry *self, const struct ui_cmd_args *args)
{
    (void)self;
    const struct lesson_args a = *(const struct lesson_args *)args->opts;
    const char *arg = args->npos ? args->pos[0] : NULL;
    int rc;
    enum ui_tui_lang lang;
    if ((rc = check_lang("lesson", a.lang, &lang)) != 0)
        return rc;
    struct ui_lesson l;
    struct ord_diag d;
    rc = ui_lesson_resolve(&l, arg, &d);
    if (rc) {
        ord_diag_print(&d, stderr);
        return ui_exit_status(rc);
    }
    if (a.scene < 0 || a.scene > (long)l.nscenes) {
        fprintf(stderr, "ordersim lesson: --scene must be 1 to %zu: %ld\n", l.nscenes, a.scene);
        ui_lesson_free(&l);
        return 2;
    }
    if (a.list_scenes) {
        list_scenes(&l, lang);
        rc = 0;
    } else if (a.handout || a.handout_dir) {
        char err[512] = "";
        int hrc = 0;
        if (a.handout)
            hrc = ui_lesson_handout_pdf(&l, lang, a.handout, err, sizeof err);
        if (!hrc && a.handout_dir)
            hrc = ui_lesson_handout_pngs(&l, lang, a.handout_dir, err, sizeof err);
        if (hrc)
            fprintf(stderr, "ordersim lesson: %s\n", err);
        rc = hrc == 0 ? 0 : hrc == SIM_EINVAL ? 2 : 1;
    } else {
        rc = play(&l, &a, lang);
    }
    ui_lesson_free(&l);
    return rc;
}

const struct ui_cmd_entry ui_cmd_lessons_entry = {
    .name = "lessons",
    .usage = "",
    .summary = "list the built-in lessons",
    .help = "List the built-in lessons: name, number of scenes, title.",
    .details = "Play one with 'ordersim lesson NAME'; 'ordersim lesson --list-scenes NAME' lists\n"
               "its scenes. Lesson files are described in scenarios/lessons/README.md.",
    .options = UI_CMD_OPTIONS(lessons_opts, struct lessons_args, NULL),
    .min_pos = 0,
    .max_pos = 0,
    .exec = lessons_exec,
};

const struct ui_cmd_entry ui_cmd_lesson_entry = {
    .name = "lesson",
    .usage = "[LESSON]",
    .summary = "play a lesson full-screen, scene by scene, or write its handout",
    .help = "Play a lesson full-screen, scene by scene: its question, then (on a key) the\n"
            "live run with its caption, then a card with the scene's key numbers and what\n"
            "happened. LESSON is a built-in lesson's name or a lesson file (default: "
            UI_LESSON_DEFAULT ").",
    .details = "keys:\n"
               "  right, space  next: start the run, show the card, next scene\n"
               "  left          back\n"
               "  r             replay the scene\n"
               "  p             pause / resume the run\n"
               "  q             quit\n"
               "and, while a run plays, every key of 'ordersim live' (s spike, b B down, f flow\n"
               "diagram, ...; see 'ordersim live --help').",
    .options = UI_CMD_OPTIONS(lesson_opts, struct lesson_args, NULL),
    .min_pos = 0,
    .max_pos = 1,
    .exec = lesson_exec,
};
