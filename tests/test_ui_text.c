/* Tests for ui/base/text: the one formatter of counts, rates, durations and clock times,
 * checked at every boundary where the unit or the number of decimals changes. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "ui/base/text.h"

#define DUR_MS(ms, want)                                                                           \
    do {                                                                                           \
        char b_[48];                                                                               \
        assert_string_equal(ui_fmt_duration_ms(b_, sizeof b_, ms), want);                          \
    } while (0)

static void duration_units_and_boundaries(void **state)
{
    (void)state;
    DUR_MS(0, "0.00 ms");
    DUR_MS(0.8, "0.80 ms");
    DUR_MS(9.994, "9.99 ms");
    DUR_MS(9.996, "10.0 ms"); /* not "10.00 ms" */
    DUR_MS(25, "25.0 ms");
    DUR_MS(99.94, "99.9 ms");
    DUR_MS(99.96, "100 ms"); /* not "100.0 ms" */
    DUR_MS(220, "220 ms");
    DUR_MS(999.4, "999 ms");
    DUR_MS(999.6, "1.00 s"); /* not "1000 ms" */
    DUR_MS(6830, "6.83 s");
    DUR_MS(9994, "9.99 s");
    DUR_MS(9996, "10.0 s"); /* not "10.00 s" */
    DUR_MS(59940, "59.9 s");
    DUR_MS(59999.9, "1.0 min"); /* not "60.00 s" or "60.0 s" */
    DUR_MS(90000, "1.5 min");
    DUR_MS(-25, "-25.0 ms");
    char b[48];
    assert_string_equal(ui_fmt_duration(b, sizeof b, 25 * SIM_MS), "25.0 ms");
    assert_string_equal(ui_fmt_duration(b, sizeof b, 6830 * SIM_MS), "6.83 s");
    assert_string_equal(ui_fmt_duration(b, sizeof b, 999600 * SIM_US), "1.00 s");
    assert_string_equal(ui_fmt_duration(b, sizeof b, SIM_TIME_NEVER), "never");
}

static void counts_group_and_fit(void **state)
{
    (void)state;
    char b[48];
    assert_string_equal(ui_fmt_count(b, sizeof b, 0), "0");
    assert_string_equal(ui_fmt_count(b, sizeof b, 999), "999");
    assert_string_equal(ui_fmt_count(b, sizeof b, 1000), "1 000");
    assert_string_equal(ui_fmt_count(b, sizeof b, -1234567), "-1 234 567");
    assert_string_equal(ui_fmt_count(b, sizeof b, INT64_MIN), "-9 223 372 036 854 775 808");
    assert_string_equal(ui_fmt_count_fit(b, sizeof b, 23400, 0), "23 400");
    assert_string_equal(ui_fmt_count_fit(b, sizeof b, 23400, 6), "23 400");
    assert_string_equal(ui_fmt_count_fit(b, sizeof b, 23400, 5), "23k");
    assert_string_equal(ui_fmt_count_fit(b, sizeof b, 9949, 4), "9.9k");
    assert_string_equal(ui_fmt_count_fit(b, sizeof b, 9960, 4), "10k"); /* not "10.0k" */
    assert_string_equal(ui_fmt_count_fit(b, sizeof b, 999600, 5), "1.0M"); /* not "1000k" */
    assert_string_equal(ui_fmt_count_fit(b, sizeof b, 1234567, 7), "1.2M");
    assert_string_equal(ui_fmt_count_fit(b, sizeof b, -23400, 5), "-23k");
    assert_string_equal(ui_fmt_count_fit(b, sizeof b, 0.0 / 0.0, 5), "0");
    assert_string_equal(ui_fmt_count_fit(b, sizeof b, 999.6, 5), "1 000");
}

static void rates(void **state)
{
    (void)state;
    char b[48];
    assert_string_equal(ui_fmt_rate(b, sizeof b, 6000), "6 000/s");
    assert_string_equal(ui_fmt_rate(b, sizeof b, 12.5), "12.5/s");
    assert_string_equal(ui_fmt_rate(b, sizeof b, 99.94), "99.9/s");
    assert_string_equal(ui_fmt_rate(b, sizeof b, 99.96), "100/s"); /* not "100.0/s" */
    assert_string_equal(ui_fmt_rate(b, sizeof b, 983.6), "984/s");
    assert_string_equal(ui_fmt_rate(b, sizeof b, 7), "7/s");
}

static void clock_and_axes(void **state)
{
    (void)state;
    char b[48];
    assert_string_equal(ui_fmt_clock(b, sizeof b, 12300 * SIM_MS, 1), "12.3 s");
    assert_string_equal(ui_fmt_clock(b, sizeof b, 599940 * SIM_MS, 0), "599.9");
    assert_string_equal(ui_fmt_clock(b, sizeof b, 599960 * SIM_MS, 0), "600"); /* not 600.0 */
    assert_string_equal(ui_fmt_axis_ms(b, sizeof b, 2.5), "2.5ms");
    assert_string_equal(ui_fmt_axis_ms(b, sizeof b, 10), "10ms");
    assert_string_equal(ui_fmt_axis_ms(b, sizeof b, 999.6), "1s"); /* not "1000ms" */
    assert_string_equal(ui_fmt_axis_ms(b, sizeof b, 2500), "2.5s");
    assert_string_equal(ui_fmt_axis_ms(b, sizeof b, 59990), "1min"); /* not "60s" */
    assert_string_equal(ui_fmt_axis_count(b, sizeof b, 999.6), "1k");
    assert_string_equal(ui_fmt_axis_count(b, sizeof b, 12500), "12.5k");
    assert_string_equal(ui_fmt_axis_count(b, sizeof b, 999960), "1M"); /* not "1000k" */
}

static void mean_and_interval(void **state)
{
    (void)state;
    char b[64];
    /* the half-width's two significant digits set the precision of both */
    assert_string_equal(ui_fmt_mean_ci(b, sizeof b, 640.68, 12.4, 1), "641 +- 12");
    assert_string_equal(ui_fmt_mean_ci(b, sizeof b, 37241.8, 231, 1), "37 240 +- 230");
    assert_string_equal(ui_fmt_mean_ci(b, sizeof b, 0.2521, 0.0134, 0), "0.252 ± 0.013");
    assert_string_equal(ui_fmt_mean_ci(b, sizeof b, 25.0, 0, 1), "25 +- 0");
    assert_string_equal(ui_fmt_mean_ci(b, sizeof b, 1080, 0, 1), "1 080 +- 0");
    assert_string_equal(ui_fmt_mean_ci(b, sizeof b, 25.25, 0, 1), "25.2 +- 0");
    /* decimals keep the thousands grouped, like the counts beside them (issue 11) */
    assert_string_equal(ui_fmt_mean_ci(b, sizeof b, 1251.63, 5.04, 1), "1 251.6 +- 5.0");
    assert_string_equal(ui_fmt_mean_ci(b, sizeof b, -1251.63, 5.04, 1), "-1 251.6 +- 5.0");
    assert_string_equal(ui_fmt_mean_ci(b, sizeof b, 12.34, 0.5, 1), "12.34 +- 0.50");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(duration_units_and_boundaries),
        cmocka_unit_test(counts_group_and_fit),
        cmocka_unit_test(rates),
        cmocka_unit_test(clock_and_axes),
        cmocka_unit_test(mean_and_interval),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
