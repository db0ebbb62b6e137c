/* test_duration.c - the status line's times, as a table. */
#include "duration.h"

#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

static void test_one_format_per_line(void **state)
{
    static const struct {
        double pos, dur;
        const char *want_pos, *want_dur;
    } rows[] = {
        { 2, 7200, "0:00:02", "2:00:00" },
        { 2, 120, "00:02", "02:00" },
        { 3599.9, 3599.9, "59:59", "59:59" },
        { 3600, 3600, "1:00:00", "1:00:00" },
        { 4000, -1, "1:06:40", "-:--:--" },
        { -1, 5400, "-:--:--", "1:30:00" },
        { -1, -1, "--:--", "--:--" },
        { 59.99, 61, "00:59", "01:01" },
        { 36000, 90000, "10:00:00", "25:00:00" },
        { NAN, 10, "--:--", "00:10" },
        { 1e12, 10, "--:--", "00:10" },
    };

    (void)state;
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        double longest = rows[i].pos > rows[i].dur ? rows[i].pos
                                                   : rows[i].dur;
        bool hours = duration_has_hours(longest);
        char p[32], d[32];

        duration_format(p, sizeof p, rows[i].pos, hours);
        duration_format(d, sizeof d, rows[i].dur, hours);
        assert_string_equal(p, rows[i].want_pos);
        assert_string_equal(d, rows[i].want_dur);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_one_format_per_line),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
