/* ui/cli/cmd_live.c: `ordersim live` and `ordersim replay`: their options, then the
 * live view (ui/live) or, for replay --headless, the same headless run and outputs as
 * `ordersim run` (ui/cli/cli.h). */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "orders/model.h"
#include "orders/scenario/scenario.h"
#include "ui/cli/cli.h"
#include "ui/cli/commands.h"
#include "ui/live/tui_keys.h"
#include "ui/live/tui_live.h"

struct live_args {
    struct ui_strlist set;
    const char *seed, *lang, *record, *csv_on_exit;
    double speed;
    int ascii, no_color;
};

static const struct ui_opt live_opts[] = {
    {"set", 0, UI_OPT_LIST, offsetof(struct live_args, set), "KEY=VALUE",
     "override a scenario field, e.g. --set database.connections=30"},
    {"seed", 0, UI_OPT_STRING, offsetof(struct live_args, seed), "N", "random seed"},
    {"speed", 0, UI_OPT_DOUBLE, offsetof(struct live_args, speed), "X",
     "virtual seconds per real second, 0.1 .. 100 (default 1)"},
    {"lang", 0, UI_OPT_CHOICE, offsetof(struct live_args, lang), "en|zh",
     "language of the captions (default: from LC_ALL / LC_MESSAGES / LANG; Chinese "
     "needs a UTF-8 terminal)"},
    {"record", 0, UI_OPT_STRING, offsetof(struct live_args, record), "FILE",
     "save the scenario, seed and every key command with its time, for 'ordersim replay'"},
    {"csv-on-exit", 0, UI_OPT_STRING, offsetof(struct live_args, csv_on_exit), "FILE",
     "when you quit, run the rest of the scenario and write its CSV"},
    {"ascii", 0, UI_OPT_FLAG, offsetof(struct live_args, ascii), NULL,
     "plain ASCII charts (no Braille), even on a UTF-8 terminal"},
    {"no-color", 0, UI_OPT_FLAG, offsetof(struct live_args, no_color), NULL,
     "no colours (also when NO_COLOR is set)"},
};

struct replay_args {
    const char *lang, *csv, *json;
    double speed;
    int headless, quiet, ascii, no_color;
};

static const struct ui_opt replay_opts[] = {
    {"speed", 0, UI_OPT_DOUBLE, offsetof(struct replay_args, speed), "X",
     "virtual seconds per real second, 0.1 .. 100 (default 1)"},
    {"lang", 0, UI_OPT_CHOICE, offsetof(struct replay_args, lang), "en|zh",
     "language of the captions"},
    {"headless", 0, UI_OPT_FLAG, offsetof(struct replay_args, headless), NULL,
     "no terminal: run to the end, print the summary, write --csv/--json"},
    {"csv", 0, UI_OPT_STRING, offsetof(struct replay_args, csv), "FILE",
     "write the run's CSV (live: when you quit, after running to the end)"},
    {"json", 0, UI_OPT_STRING, offsetof(struct replay_args, json), "FILE", "write the run's JSON"},
    {"quiet", 'q', UI_OPT_FLAG, offsetof(struct replay_args, quiet), NULL,
     "with --headless: no summary"},
    {"ascii", 0, UI_OPT_FLAG, offsetof(struct replay_args, ascii), NULL, "plain ASCII charts"},
    {"no-color", 0, UI_OPT_FLAG, offsetof(struct replay_args, no_color), NULL, "no colours"},
};

/* --help's details: the keys, from the table that also makes the footer and the help
 * overlay. */
static const char *live_details(void)
{
    static char details[2048];
    size_t used = (size_t)snprintf(details, sizeof details,
                                   "SCENARIO is a file or a built-in name (default: "
                                   "flash-spike).\n\nkeys:");
    for (int i = 0; i < ui_tui_nkeys && used < sizeof details; i++) {
        char line[256];
        ui_tui_help_line(line, sizeof line, i, UI_TUI_EN);
        int w = snprintf(details + used, sizeof details - used, "\n  %s", line);
        if (w < 0)
            break;
        used += (size_t)w;
    }
    return details;
}

static int bad(const char *cmd, const char *what, const char *value)
{
    fprintf(stderr, "ordersim %s: %s: %s\n", cmd, what, value);
    return UI_EXIT_USAGE;
}

static int check_speed(const char *cmd, double *speed)
{
    if (!(*speed >= 0.1 && *speed <= 100)) {
        char v[32];
        snprintf(v, sizeof v, "%g", *speed);
        return bad(cmd, "--speed must be between 0.1 and 100", v);
    }
    return 0;
}

static int check_lang(const char *cmd, const char *arg, int ascii, enum ui_tui_lang *lang)
{
    *lang = ui_tui_lang_from_env();
    if (arg && ui_tui_lang_parse(arg, lang))
        return bad(cmd, "--lang must be zh or en", arg);
    if (*lang != UI_TUI_ZH || (ui_tui_locale_utf8() && !ascii))
        return 0;
    /* Chinese needs UTF-8 on the terminal: say why instead of falling back quietly. */
    const char *why = ascii ? "--ascii draws plain ASCII, which has no Chinese characters"
                            : "the locale is not UTF-8 (set LANG=C.UTF-8 or zh_CN.UTF-8)";
    if (arg) {
        fprintf(stderr, "ordersim %s: --lang zh: %s\n", cmd, why);
        return 2;
    }
    fprintf(stderr, "ordersim %s: the environment asks for Chinese, but %s: English it is\n", cmd,
            why);
    *lang = UI_TUI_EN;
    return 0;
}

/* Speed 1 unless given: 0 is a value the user gave, and is refused. */
static void live_defaults(void *opts)
{
    ((struct live_args *)opts)->speed = 1;
}

static void replay_defaults(void *opts)
{
    ((struct replay_args *)opts)->speed = 1;
}

static int live_exec(const struct ui_cmd_entry *self, const struct ui_cmd_args *args)
{
    (void)self;
    struct live_args *a = args->opts;
    struct ui_tui_live_opts o = {0};
    o.cmd = "live";
    int rc = check_speed("live", &a->speed);
    if (rc == 0)
        rc = check_lang("live", a->lang, a->ascii, &o.lang);
    struct ord_config cfg;
    if (rc == 0)
        rc = ui_load_scenario("live", args->npos ? args->pos[0] : NULL, &a->set, a->seed, NULL,
                              &cfg);
    if (rc)
        return rc;
    const char *outs[] = {a->record, a->csv_on_exit};
    if ((rc = ui_check_outputs("live", outs, 2)) != 0) {
        ord_config_free(&cfg);
        return rc;
    }
    o.speed = a->speed;
    o.ascii = a->ascii;
    o.no_color = a->no_color;
    o.record = a->record;
    o.csv_out = a->csv_on_exit;
    return ui_tui_live_run(&cfg, &o);
}

const struct ui_cmd_entry ui_cmd_live_entry = {
    .name = "live",
    .usage = "[SCENARIO]",
    .summary = "run a scenario live in the terminal (the default on a terminal)",
    .help = "run a scenario live in the terminal: sync and async side by side",
    .make_details = live_details,
    .options = UI_CMD_OPTIONS(live_opts, struct live_args, live_defaults),
    .min_pos = 0,
    .max_pos = 1,
    .exec = live_exec,
};

/* --headless: the recorded commands are in cfg; run it as `ordersim run` does. */
static int replay_headless(const struct ord_config *cfg, const struct replay_args *a)
{
    struct ord_run *run = NULL;
    int rc = ui_run_headless("replay", cfg, 0, &run);
    if (rc == 0) {
        struct ui_run_outputs out = {.csv = a->csv, .json = a->json, .quiet = a->quiet != 0};
        rc = ui_run_write("replay", ord_run_result(run), &out);
    }
    ui_run_free(run);
    return rc;
}

static int replay_exec(const struct ui_cmd_entry *self, const struct ui_cmd_args *args)
{
    (void)self;
    struct replay_args *a = args->opts;
    struct ui_tui_live_opts o = {0};
    o.cmd = "replay";
    int rc = check_speed("replay", &a->speed);
    if (!rc)
        rc = check_lang("replay", a->lang, a->ascii, &o.lang);
    struct ord_config cfg;
    if (!rc)
        rc = ui_load_scenario_file(args->pos[0], &cfg);
    if (rc)
        return rc;
    const char *outs[] = {a->csv, a->json};
    if ((rc = ui_check_outputs("replay", outs, 2)) != 0) {
        ord_config_free(&cfg);
        return rc;
    }
    if (a->headless) {
        rc = replay_headless(&cfg, a);
        ord_config_free(&cfg);
        return rc;
    }
    o.speed = a->speed;
    o.ascii = a->ascii;
    o.no_color = a->no_color;
    o.csv_out = a->csv;
    o.json_out = a->json;
    return ui_tui_live_run(&cfg, &o);
}

const struct ui_cmd_entry ui_cmd_replay_entry = {
    .name = "replay",
    .usage = "FILE",
    .summary = "replay a recorded live session (live or --headless)",
    .help = "replay a session recorded with 'ordersim live --record FILE'",
    .details = "The file is a scenario with the session's key commands; the replay gives the "
               "same\nnumbers as the session (same scenario, seed and commands at the same "
               "virtual times).",
    .options = UI_CMD_OPTIONS(replay_opts, struct replay_args, replay_defaults),
    .min_pos = 1,
    .max_pos = 1,
    .exec = replay_exec,
};
