/* Tests for ui/base/opts and cmd (option tables, command entries, exit statuses) and
 * ui/base/text (number formatting). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "sim/error.h"
#include "ui/base/cmd.h"
#include "ui/base/opts.h"
#include "ui/base/text.h"

struct o {
    int flag;
    const char *file;
    struct ui_strlist sets;
    long n;
    double x;
};

static const struct ui_opt table[] = {
    {"quiet", 'q', UI_OPT_FLAG, offsetof(struct o, flag), NULL, "be quiet"},
    {"csv", 'o', UI_OPT_STRING, offsetof(struct o, file), "FILE", "write CSV"},
    {"set", 0, UI_OPT_LIST, offsetof(struct o, sets), "K=V", "override"},
    {"count", 'n', UI_OPT_INT, offsetof(struct o, n), "N", "how many"},
    {"speed", 0, UI_OPT_DOUBLE, offsetof(struct o, x), "X", "speed"},
};

static int demo_calls;
static struct o demo_seen;
static const char *demo_pos;

static int demo_exec(const struct ui_cmd_entry *self, const struct ui_cmd_args *args)
{
    (void)self;
    demo_calls++;
    demo_seen = *(const struct o *)args->opts;
    demo_pos = args->npos ? args->pos[0] : NULL;
    return demo_seen.n == 99 ? UI_EXIT_FAILURE : UI_EXIT_OK;
}

static void demo_defaults(void *opts)
{
    ((struct o *)opts)->x = 1.5;
}

static const struct ui_cmd_entry spec = {
    .name = "demo",
    .usage = "[FILE]",
    .summary = "a demo",
    .help = "A demo.",
    .options = UI_CMD_OPTIONS(table, struct o, demo_defaults),
    .min_pos = 0,
    .max_pos = 1,
    .exec = demo_exec,
};

static int parse(int argc, char **argv, struct o *o, const char **pos, int *npos)
{
    memset(o, 0, sizeof *o);
    FILE *saved = stderr;
    stderr = fopen("/dev/null", "w");
    int rc = ui_opts_parse(&spec, argc, argv, o, pos, npos);
    fclose(stderr);
    stderr = saved;
    return rc;
}

static void parses_every_type(void **state)
{
    (void)state;
    char *argv[] = {"demo", "-q", "--csv=a.csv", "--set",   "a=1", "--set",
                    "b=2",  "-n", "7",           "--speed", "2.5", "file.yaml"};
    struct o o;
    const char *pos[12];
    int npos = 0;
    assert_int_equal(parse(12, argv, &o, pos, &npos), 0);
    assert_int_equal(o.flag, 1);
    assert_string_equal(o.file, "a.csv");
    assert_int_equal(o.sets.n, 2);
    assert_string_equal(o.sets.v[1], "b=2");
    assert_int_equal(o.n, 7);
    assert_true(o.x == 2.5);
    assert_int_equal(npos, 1);
    assert_string_equal(pos[0], "file.yaml");
    ui_strlist_free(&o.sets);
}

static void rejects_bad_input(void **state)
{
    (void)state;
    struct o o;
    const char *pos[4];
    int npos;
    char *a1[] = {"demo", "--nope"};
    assert_int_equal(parse(2, a1, &o, pos, &npos), 2);
    char *a2[] = {"demo", "-n", "seven"};
    assert_int_equal(parse(3, a2, &o, pos, &npos), 2);
    char *a3[] = {"demo", "--csv"};
    assert_int_equal(parse(2, a3, &o, pos, &npos), 2);
    char *a4[] = {"demo", "x", "y"};
    assert_int_equal(parse(3, a4, &o, pos, &npos), 2);
    char *a5[] = {"demo", "--quiet=1"};
    assert_int_equal(parse(2, a5, &o, pos, &npos), 2);
    char *a6[] = {"demo", "--", "--csv"};
    assert_int_equal(parse(3, a6, &o, pos, &npos), 0);
    assert_string_equal(pos[0], "--csv");
}

static void help_comes_from_the_table(void **state)
{
    (void)state;
    char buf[4096] = {0};
    FILE *f = fmemopen(buf, sizeof buf - 1, "w");
    ui_cmd_help(&spec, f);
    fclose(f);
    for (int i = 0; i < 5; i++) {
        assert_non_null(strstr(buf, table[i].name));
        assert_non_null(strstr(buf, table[i].help));
    }
    assert_non_null(strstr(buf, "usage: ordersim demo [OPTIONS] [FILE]"));
    assert_non_null(strstr(buf, "(repeatable)"));
}

/* Run the demo entry with stderr discarded; returns the exit status. */
static int exec_demo(int argc, char **argv)
{
    FILE *saved = stderr, *saved_out = stdout;
    stderr = fopen("/dev/null", "w");
    stdout = fopen("/dev/null", "w");
    int rc = ui_cmd_exec(&spec, argc, argv);
    fclose(stderr);
    fclose(stdout);
    stderr = saved;
    stdout = saved_out;
    return rc;
}

/* ui_cmd_exec parses into a struct with the entry's defaults, calls .exec once with
 * the options and positional arguments, returns its status; --help and bad options
 * never reach .exec. (The repeatable lists are freed after .exec: ASan checks.) */
static void exec_runs_the_entry(void **state)
{
    (void)state;
    demo_calls = 0;
    char *ok[] = {"demo", "--set", "a=1", "--set", "b=2", "-n", "3", "in.yaml"};
    assert_int_equal(exec_demo(8, ok), UI_EXIT_OK);
    assert_int_equal(demo_calls, 1);
    assert_int_equal(demo_seen.n, 3);
    assert_int_equal(demo_seen.sets.n, 2);
    assert_true(demo_seen.x == 1.5); /* the default */
    assert_string_equal(demo_pos, "in.yaml");
    char *fails[] = {"demo", "-n", "99", "--speed", "4"};
    assert_int_equal(exec_demo(5, fails), UI_EXIT_FAILURE);
    assert_true(demo_seen.x == 4);
    assert_int_equal(demo_calls, 2);
    char *help[] = {"demo", "--set", "a=1", "--help"};
    assert_int_equal(exec_demo(4, help), UI_EXIT_OK);
    char *bad[] = {"demo", "--set", "a=1", "--nope"};
    assert_int_equal(exec_demo(4, bad), UI_EXIT_USAGE);
    char *extra[] = {"demo", "a", "b"};
    assert_int_equal(exec_demo(3, extra), UI_EXIT_USAGE);
    assert_int_equal(demo_calls, 2);
}

/* The one mapping of error codes to exit statuses: every code of SIM_ERRORS. */
static void exit_statuses(void **state)
{
    (void)state;
#define EXPECT(name, value, text)                                                                      assert_int_equal(ui_exit_status(SIM_##name),                                                                    SIM_##name == SIM_OK                                                                                   ? 0                                                                                            : SIM_##name == SIM_EINVAL || SIM_##name == SIM_ERANGE ||                                                  SIM_##name == SIM_EPARSE || SIM_##name == SIM_ENOENT                                           ? 2                                                                                            : SIM_##name == SIM_EINTR ? 130                                                                                              : 1);
    SIM_ERRORS(EXPECT)
#undef EXPECT
    assert_int_equal(ui_exit_status(SIM_EIO), 1);
    assert_int_equal(ui_exit_status(SIM_ENOMEM), 1);
    assert_int_equal(ui_exit_status(SIM_EPARSE), 2);
    assert_int_equal(ui_exit_status(SIM_EINTR), 130);
    assert_int_equal(ui_exit_status(-999), 1); /* not in the table: a failure */
}

static void formats_numbers(void **state)
{
    (void)state;
    /* the formatter itself: tests/test_ui_text.c */
    int w, h;
    assert_int_equal(ui_parse_size("1600x900", &w, &h), 0);
    assert_true(w == 1600 && h == 900);
    assert_int_equal(ui_parse_size("1600", &w, &h), -1);
    assert_int_equal(ui_parse_size("5x5", &w, &h), -1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(parses_every_type),
        cmocka_unit_test(rejects_bad_input),
        cmocka_unit_test(help_comes_from_the_table),
        cmocka_unit_test(exec_runs_the_entry),
        cmocka_unit_test(exit_statuses),
        cmocka_unit_test(formats_numbers),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
