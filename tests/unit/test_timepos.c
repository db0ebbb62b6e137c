/* test_timepos.c - times as users write them: what is taken and how, what
 * is refused, where each lands in a file, and how a time is shown. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "timepos.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#define A TIMEPOS_ABSOLUTE
#define E TIMEPOS_FROM_END
#define P TIMEPOS_PERCENT

static const struct {
    const char *s;
    enum timepos_kind kind;
    double value;
} parse_cases[] = {
    { "0", A, 0 },
    { "90", A, 90 },
    { "90.5", A, 90.5 },
    { "5.", A, 5 },
    { "007", A, 7 },
    { "0.001", A, 0.001 },
    { "1.123456789012345678901234567890", A, 1.123456789012345 },
    { "1:30", A, 90 },
    { "01:30", A, 90 },
    { "90:00", A, 5400 },
    { "0:59.75", A, 59.75 },
    { "1:30.", A, 90 },
    { "01:02:03.250", A, 3723.25 },
    { "1:02:03", A, 3723 },
    { "100:00:00", A, 360000 },
    { "0:00:00", A, 0 },
    { "+30", A, 30 },
    { "+1:00", A, 60 },
    { "-30", E, 30 },
    { "-0", E, 0 },
    { "-1:30", E, 90 },
    { "-0:00:01.5", E, 1.5 },
    { "50%", P, 50 },
    { "0%", P, 0 },
    { "100%", P, 100 },
    { "12.5%", P, 12.5 },
    { "100.0%", P, 100 },
    { "3600000000", A, 3.6e9 },
    { "1000000:00:00", A, 3.6e9 },
};

static const char *const refused[] = {
    "", " ", " 90", "90 ", "9 0", "abc", "90s", "1m30", ".5", ".", "-", "+",
    "--30", "+-30", "-+30", "++1", "1:75", "1:60", "1:00:60", "1:60:00",
    "1:5", "1:005", "1:2:3", "1:02:03:04", "1::30", ":30", "1:", "1:30:",
    "1.5:30", "1:30.5.5", "nan", "NaN", "inf", "-inf", "infinity", "1e3",
    "0x10", "1,5", "101%", "100.5%", "-50%", "+50%", "50 %", "%", "50%%",
    "50%x", "3600000001", "1000000:00:01", "99999999999999999999999999999",
    "9999999999999999999999999999999999999999999999:00:00",
    "\xef\xbc\x99\xef\xbc\x90", /* fullwidth "90" */
};

static void test_timepos_parse_table(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof parse_cases / sizeof parse_cases[0]; i++) {
        struct timepos t = { TIMEPOS_PERCENT, -1 };

        if (timepos_parse(parse_cases[i].s, &t) != 0)
            fail_msg("\"%s\" refused", parse_cases[i].s);
        if (t.kind != parse_cases[i].kind ||
            fabs(t.value - parse_cases[i].value) > 1e-9)
            fail_msg("\"%s\": kind %d value %.17g, want kind %d value %.17g",
                     parse_cases[i].s, (int)t.kind, t.value,
                     (int)parse_cases[i].kind, parse_cases[i].value);
    }
}

static void test_timepos_refused(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof refused / sizeof refused[0]; i++) {
        struct timepos t = { TIMEPOS_FROM_END, 7 };

        if (timepos_parse(refused[i], &t) == 0)
            fail_msg("\"%s\" taken: kind %d value %g", refused[i],
                     (int)t.kind, t.value);
        assert_int_equal(t.kind, TIMEPOS_FROM_END);
        assert_true(t.value == 7);
    }
}

static const struct {
    enum timepos_kind kind;
    double value, duration, want;
} resolve_cases[] = {
    /* duration known */
    { A, 90, 600, 90 },
    { A, 0, 600, 0 },
    { A, 700, 600, 600 },
    { E, 30, 600, 570 },
    { E, 0, 600, 600 },
    { E, 900, 600, 0 },
    { P, 50, 600, 300 },
    { P, 0, 600, 0 },
    { P, 100, 600, 600 },
    { P, 12.5, 8, 1 },
    /* duration unknown: 0, negative, not a number, infinite */
    { A, 90, 0, 90 },
    { A, 90, -1, 90 },
    { A, 90, NAN, 90 },
    { A, 90, INFINITY, 90 },
    { E, 30, 0, -1 },
    { E, 30, NAN, -1 },
    { E, 30, INFINITY, -1 },
    { P, 50, 0, -1 },
    { P, 50, -5, -1 },
    { P, 50, NAN, -1 },
};

static void test_timepos_resolve_table(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof resolve_cases / sizeof resolve_cases[0];
         i++) {
        struct timepos t = { resolve_cases[i].kind, resolve_cases[i].value };
        double got = timepos_resolve(&t, resolve_cases[i].duration);

        if (fabs(got - resolve_cases[i].want) > 1e-9)
            fail_msg("case %zu: kind %d value %g in %g s: %g, want %g", i,
                     (int)t.kind, t.value, resolve_cases[i].duration, got,
                     resolve_cases[i].want);
    }
}

static const struct {
    double secs;
    const char *want;
} format_cases[] = {
    { 0, "00:00" },
    { 5.99, "00:05" },
    { 59, "00:59" },
    { 60, "01:00" },
    { 754, "12:34" },
    { 3599.9, "59:59" },
    { 3600, "1:00:00" },
    { 3723.25, "1:02:03" },
    { 360000, "100:00:00" },
    { 3.6e9 - 1, "999999:59:59" },
    { 3.6e9, "--:--" },
    { -1, "--:--" },
    { -0.5, "--:--" },
    { NAN, "--:--" },
    { INFINITY, "--:--" },
};

static void test_timepos_format_table(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof format_cases / sizeof format_cases[0]; i++) {
        char buf[TIMEPOS_FORMAT_MAX];

        memset(buf, 'x', sizeof buf);
        timepos_format(buf, sizeof buf, format_cases[i].secs);
        if (strcmp(buf, format_cases[i].want) != 0)
            fail_msg("%g s: \"%s\", want \"%s\"", format_cases[i].secs, buf,
                     format_cases[i].want);
    }
}

/* A small buffer gets what fits, NUL-terminated. */
static void test_timepos_format_truncates(void **state)
{
    char buf[4];

    (void)state;
    timepos_format(buf, sizeof buf, 3723);
    assert_string_equal(buf, "1:0");
}

/* What is formatted parses back to the same whole seconds. */
static void test_timepos_format_parses_back(void **state)
{
    static const double secs[] = { 0, 1, 59, 61, 754, 3599, 3600, 3723,
                                   86399, 360000, 3.6e9 - 1 };

    (void)state;
    for (size_t i = 0; i < sizeof secs / sizeof secs[0]; i++) {
        char buf[TIMEPOS_FORMAT_MAX];
        struct timepos t;

        timepos_format(buf, sizeof buf, secs[i]);
        assert_int_equal(timepos_parse(buf, &t), 0);
        assert_int_equal(t.kind, TIMEPOS_ABSOLUTE);
        assert_true(t.value == secs[i]);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_timepos_parse_table),
        cmocka_unit_test(test_timepos_refused),
        cmocka_unit_test(test_timepos_resolve_table),
        cmocka_unit_test(test_timepos_format_table),
        cmocka_unit_test(test_timepos_format_truncates),
        cmocka_unit_test(test_timepos_format_parses_back),
    };
    return cmocka_run_group_tests_name("timepos", tests, NULL, NULL);
}
