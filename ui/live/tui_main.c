/* The live and replay subcommands: options, loading, the headless replay. */
#include "ui/live/tui.h"

#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "orders/model.h"
#include "orders/scenario/scenario.h"
#include "sim/error.h"
#include "ui/export/export.h"
#include "ui/base/opts.h"
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
    {"lang", 0, UI_OPT_STRING, offsetof(struct live_args, lang), "zh|en",
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

static struct ui_cmd_spec live_spec = {
    "live",
    "[SCENARIO]",
    "run a scenario live in the terminal: sync and async side by side",
    NULL, /* made from the key table by live_details() */
    live_opts,
    (int)(sizeof live_opts / sizeof live_opts[0]),
    0,
    1,
};

struct replay_args {
    const char *lang, *csv, *json;
    double speed;
    int headless, quiet, ascii, no_color;
};

static const struct ui_opt replay_opts[] = {
    {"speed", 0, UI_OPT_DOUBLE, offsetof(struct replay_args, speed), "X",
     "virtual seconds per real second, 0.1 .. 100 (default 1)"},
    {"lang", 0, UI_OPT_STRING, offsetof(struct replay_args, lang), "zh|en",
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

static const struct ui_cmd_spec replay_spec = {
    "replay",
    "FILE",
    "replay a session recorded with 'ordersim live --record FILE'",
    "The file is a scenario with the session's key commands; the replay gives the same\n"
    "numbers as the session (same scenario, seed and commands at the same virtual times).",
    replay_opts,
    (int)(sizeof replay_opts / sizeof replay_opts[0]),
    1,
    1,
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
    return 2;
}

/* Exit status for a loader error: unreadable or invalid input is the user's (2). */
static int load_status(int rc)
{
    return rc == SIM_ENOMEM || rc == SIM_EIO ? 1 : 2;
}

static int check_speed(const char *cmd, double *speed)
{
    if (*speed == 0)
        *speed = 1;
    if (!(*speed >= 0.1 && *speed <= 100)) {
        char v[32];
        snprintf(v, sizeof v, "%g", *speed);
        return bad(cmd, "--speed must be between 0.1 and 100", v);
    }
    return 0;
}

static int check_lang(const char *cmd, const char *arg, enum ui_tui_lang *lang)
{
    *lang = ui_tui_lang_from_env();
    if (arg && ui_tui_lang_parse(arg, lang))
        return bad(cmd, "--lang must be zh or en", arg);
    return 0;
}

static int load_live_config(const struct live_args *a, const char *scenario, struct ord_config *cfg)
{
    struct ord_diag d;
    int rc = ord_scenario_resolve(cfg, scenario, &d);
    if (rc) {
        ord_diag_print(&d, stderr);
        return load_status(rc);
    }
    for (int i = 0; i < a->set.n; i++) {
        rc = ord_scenario_set(cfg, a->set.v[i], &d);
        if (rc) {
            ord_diag_print(&d, stderr);
            ord_config_free(cfg);
            return load_status(rc);
        }
    }
    if (a->seed) {
        char *end;
        errno = 0;
        unsigned long long seed = strtoull(a->seed, &end, 10);
        if (errno || end == a->seed || *end || a->seed[0] == '-') {
            ord_config_free(cfg);
            return bad("live", "--seed must be a whole number", a->seed);
        }
        cfg->seed = (uint64_t)seed;
    }
    return 0;
}

int ui_live_main(int argc, char **argv)
{
    struct live_args a = {0};
    const char **pos = calloc((size_t)argc + 1, sizeof *pos);
    int npos = 0;
    if (!pos)
        return 1;
    live_spec.details = live_details();
    int rc = ui_opts_parse(&live_spec, argc, argv, &a, pos, &npos);
    if (rc) { /* 1: --help was printed */
        ui_strlist_free(&a.set);
        free(pos);
        return rc == 1 ? 0 : rc;
    }
    struct ui_tui_live_opts o = {0};
    o.cmd = "live";
    rc = check_speed("live", &a.speed);
    if (rc == 0)
        rc = check_lang("live", a.lang, &o.lang);
    struct ord_config cfg;
    if (rc == 0)
        rc = load_live_config(&a, npos ? pos[0] : NULL, &cfg);
    if (rc == 0) {
        o.speed = a.speed;
        o.ascii = a.ascii;
        o.no_color = a.no_color;
        o.record = a.record;
        o.csv_out = a.csv_on_exit;
        rc = ui_tui_live_run(&cfg, &o);
    }
    ui_strlist_free(&a.set);
    free(pos);
    return rc;
}

static int replay_headless(struct ord_config *cfg, const struct replay_args *a)
{
    struct ord_run run;
    int rc = ord_run_init(&run, cfg);
    if (rc) {
        fprintf(stderr, "ordersim replay: cannot start the run: %s\n", sim_strerror(rc));
        return 1;
    }
    int status = 0;
    rc = ord_run_finish(&run);
    if (rc) {
        fprintf(stderr, "ordersim replay: the model stopped: %s\n", ord_run_strerror(&run, rc));
        status = 1;
    }
    const struct ord_result *r = ord_run_result(&run);
    char err[512];
    if (!status && a->csv && ui_csv_save(r, a->csv, err, sizeof err)) {
        fprintf(stderr, "ordersim replay: %s\n", err);
        status = 1;
    }
    if (!status && a->json && ui_json_save(r, a->json, err, sizeof err)) {
        fprintf(stderr, "ordersim replay: %s\n", err);
        status = 1;
    }
    if (!status && !a->quiet)
        ui_summary_print(r, stdout);
    ord_run_close(&run);
    return status;
}

int ui_replay_main(int argc, char **argv)
{
    struct replay_args a = {0};
    const char **pos = calloc((size_t)argc + 1, sizeof *pos);
    int npos = 0;
    if (!pos)
        return 1;
    int rc = ui_opts_parse(&replay_spec, argc, argv, &a, pos, &npos);
    if (rc) {
        free(pos);
        return rc == 1 ? 0 : rc;
    }
    struct ui_tui_live_opts o = {0};
    o.cmd = "replay";
    rc = check_speed("replay", &a.speed);
    if (!rc)
        rc = check_lang("replay", a.lang, &o.lang);
    struct ord_config cfg;
    struct ord_diag d;
    if (!rc) {
        int lrc = ord_scenario_load_file(&cfg, pos[0], &d);
        if (lrc) {
            ord_diag_print(&d, stderr);
            rc = load_status(lrc);
        }
    }
    free(pos);
    if (rc)
        return rc;
    if (a.headless) {
        rc = replay_headless(&cfg, &a);
        ord_config_free(&cfg);
        return rc;
    }
    o.speed = a.speed;
    o.ascii = a.ascii;
    o.no_color = a.no_color;
    o.csv_out = a.csv;
    o.json_out = a.json;
    return ui_tui_live_run(&cfg, &o);
}
