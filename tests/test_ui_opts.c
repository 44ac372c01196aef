/* Tests for ui/opts (option tables) and ui/text (number formatting). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

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
static const struct ui_cmd_spec spec = {"demo", "[FILE]", "A demo.", NULL, table, 5, 0, 1};

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
    ui_opts_help(&spec, f);
    fclose(f);
    for (int i = 0; i < 5; i++) {
        assert_non_null(strstr(buf, table[i].name));
        assert_non_null(strstr(buf, table[i].help));
    }
    assert_non_null(strstr(buf, "usage: ordersim demo [OPTIONS] [FILE]"));
    assert_non_null(strstr(buf, "(repeatable)"));
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
        cmocka_unit_test(formats_numbers),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
