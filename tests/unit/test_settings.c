/* test_settings.c - the settings table: each row whole and consistent,
 * the shipped tplay.conf in step with it, and the arithmetic of ranges
 * and live steps. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "config.h"
#include "select.h"
#include "settings.h"
#include "textselect.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define TPLAY_CONF TPLAY_SOURCE_DIR "/config/tplay.conf"

/* Every row says what it is, its default is one it accepts, and names,
 * keys and options are each one row's. */
static void test_settings_rows_are_whole(void **state)
{
    const struct setting *s, *t;
    struct config c;

    (void)state;
    config_init(&c);
    for (size_t i = 0; i < c.nproblems; i++)
        fail_msg("a default is refused: %s", c.problems[i]);
    config_free(&c);
    assert_non_null(settings_at(0));
    for (size_t i = 0; (s = settings_at(i)) != NULL; i++) {
        double d;

        assert_true(s->section && s->key && s->name && s->dflt && s->unit);
        assert_true(s->help && s->help[0]);
        assert_int_not_equal(s->help[strlen(s->help) - 1], '.');
        assert_ptr_equal(settings_find(s->section, s->key), s);
        assert_ptr_equal(settings_find_name(s->name), s);
        if (s->option) {
            assert_memory_equal(s->option, "--", 2);
            assert_ptr_equal(settings_find_option(s->option), s);
            assert_true(s->option_arg || s->option_value);
        }
        if (settings_is_number(s)) {
            assert_true(s->min < s->max);
            assert_true(settings_parse_number(s, s->dflt, &d));
            assert_true(d == settings_default_number(s));
        } else {
            assert_int_equal(s->step_kind, SETTING_STEP_NONE);
        }
        if (s->step_kind != SETTING_STEP_NONE)
            assert_true(s->step > 0);
        if (s->step_kind == SETTING_STEP_MULTIPLY)
            assert_true(s->step > 1 && s->step_floor > s->min &&
                        s->step_floor < s->max);
        /* A section's rows are together: messages list them so. */
        for (size_t j = i + 2; (t = settings_at(j)) != NULL; j++)
            if (strcmp(t->section, s->section) == 0)
                assert_string_equal(settings_at(j - 1)->section, s->section);
    }
    assert_null(settings_find("mic", "nosuch"));
    assert_null(settings_find_name("nosuch"));
    assert_null(settings_find_option("--mic"));
}

/* config_init takes the table's defaults; select's own defaults agree. */
static void test_settings_defaults_are_the_tables(void **state)
{
    struct select_prefs p;
    struct textselect_prefs subs;
    struct config c;

    (void)state;
    config_init(&c);
    select_prefs_default(&p);
    assert_memory_equal(&c.prefs, &p, sizeof p);
    textselect_prefs_default(&subs);
    assert_memory_equal(&c.subs, &subs, sizeof subs);
    assert_true(c.player.resume && c.player.mouse);
    assert_int_equal(c.volume, 100);
    assert_int_equal(c.video, CONFIG_VIDEO_AUTO);
    assert_string_equal(c.mic.capture, "default");
    assert_true(c.mic.frequency == 350 && c.mic.gain == 0);
    assert_int_equal(c.mic.volume, 100);
    config_free(&c);
}

/* Trim blanks at both ends, in place. */
static char *trim(char *s)
{
    char *end;

    while (*s == ' ' || *s == '\t')
        s++;
    end = s + strlen(s);
    while (end > s && (end[-1] == ' ' || end[-1] == '\t' || end[-1] == '\n'))
        *--end = '\0';
    return s;
}

/* config/tplay.conf writes every row once, in its section, with the
 * table's default as its value; it has no other key (outside [mpv]) and
 * reads back as exactly the defaults. */
static void test_settings_the_shipped_conf_is_the_table(void **state)
{
    char line[512], section[64] = "";
    unsigned seen[64] = { 0 };
    struct config shipped, defaults;
    const struct setting *s;
    size_t n = 0;
    FILE *f = fopen(TPLAY_CONF, "r");

    (void)state;
    assert_non_null(f);
    while (fgets(line, sizeof line, f)) {
        char *l = trim(line), *eq;

        if (!*l || *l == '#' || *l == ';')
            continue;
        if (*l == '[') {
            snprintf(section, sizeof section, "%.*s",
                     (int)strcspn(l + 1, "]"), l + 1);
            continue;
        }
        eq = strchr(l, '=');
        assert_non_null(eq);
        *eq = '\0';
        s = settings_find(section, trim(l));
        if (!s)
            fail_msg("tplay.conf: [%s] %s is no setting", section, trim(l));
        assert_string_equal(trim(eq + 1), s->dflt);
        seen[s - settings_at(0)]++;
    }
    fclose(f);
    for (; (s = settings_at(n)) != NULL; n++)
        if (seen[n] != 1)
            fail_msg("tplay.conf has [%s] %s %u times", s->section, s->key,
                     seen[n]);
    assert_true(n <= sizeof seen / sizeof seen[0]);

    config_init(&defaults);
    config_init(&shipped);
    config_load(&shipped, TPLAY_CONF, true);
    assert_int_equal(shipped.nproblems, 0);
    assert_int_equal(shipped.nmpv, 0);
    shipped.problems = defaults.problems = NULL; /* both empty */
    assert_memory_equal(&shipped, &defaults, sizeof defaults);
    config_free(&shipped);
    config_free(&defaults);
}

static void test_settings_numbers_are_read_whole_and_in_range(void **state)
{
    const struct setting *gain = settings_find_name("mic-gain"),
                         *period = settings_find_name("mic-period");
    static const struct {
        const char *text;
        bool gain_ok, period_ok;
        double value;
    } cases[] = {
        { "12", true, false, 12 },      /* period: under 16 */
        { "-40", true, false, -40 },
        { "40.5", false, false, 0 },
        { "64", false, true, 64 },
        { "64.5", false, false, 0 },    /* period: not whole */
        { "1e2", false, true, 100 },
        { "nan", false, false, 0 },
        { "inf", false, false, 0 },
        { "", false, false, 0 },
        { "3 dB", false, false, 0 },
    };

    (void)state;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        double v = -1234;

        assert_int_equal(settings_parse_number(gain, cases[i].text, &v),
                         cases[i].gain_ok);
        if (cases[i].gain_ok)
            assert_true(v == cases[i].value);
        v = -1234;
        assert_int_equal(settings_parse_number(period, cases[i].text, &v),
                         cases[i].period_ok);
        assert_true(cases[i].period_ok ? v == cases[i].value : v == -1234);
    }
}

/* What each operation makes of a value: held in the range, whole for
 * whole numbers, and the musical step of the shelf frequency. */
static void test_settings_apply(void **state)
{
    static const struct {
        const char *name;
        enum setting_op op;
        double arg, from, want;
    } cases[] = {
        /* A sixth of an octave, as the keys always took. */
        { "mic-frequency", SETTING_OP_STEP, 1, 1000, 1122.462048309373 },
        { "mic-frequency", SETTING_OP_STEP, -1, 1122.462048309373, 1000 },
        { "mic-frequency", SETTING_OP_STEP, 6, 350, 700 },
        { "mic-frequency", SETTING_OP_STEP, 1, 96000, 96000 },
        /* 0 Hz, the identity, and 10 Hz, the lowest step above it. */
        { "mic-frequency", SETTING_OP_STEP, 1, 0, 10 },
        { "mic-frequency", SETTING_OP_STEP, 1, 5, 10 },
        { "mic-frequency", SETTING_OP_STEP, -1, 11, 10 },
        { "mic-frequency", SETTING_OP_STEP, -1, 10, 0 },
        { "mic-frequency", SETTING_OP_STEP, -1, 5, 0 },
        { "mic-frequency", SETTING_OP_STEP, -1, 0, 0 },
        { "mic-frequency", SETTING_OP_STEP, -1e9, 96000, 0 },
        { "mic-frequency", SETTING_OP_STEP, 1e9, 0, 96000 },
        { "mic-frequency", SETTING_OP_SET, 1e6, 350, 96000 },
        { "mic-frequency", SETTING_OP_SET, -1, 350, 0 },
        { "mic-frequency", SETTING_OP_MULTIPLY, 2, 350, 700 },
        { "mic-frequency", SETTING_OP_MULTIPLY, INFINITY, 0, 0 },
        { "mic-frequency", SETTING_OP_SET, NAN, 350, 350 },
        { "mic-gain", SETTING_OP_STEP, 1, 39.5, 40 },
        { "mic-gain", SETTING_OP_STEP, -3, 0, -3 },
        { "mic-gain", SETTING_OP_ADD, -100, 0, -40 },
        { "mic-gain", SETTING_OP_ADD, 0.5, 1, 1.5 },
        { "mic-volume", SETTING_OP_STEP, -1, 3, 0 },
        { "mic-volume", SETTING_OP_STEP, 1, 198, 200 },
        { "mic-volume", SETTING_OP_STEP, 1, 100, 105 },
        { "mic-volume", SETTING_OP_SET, 50.4, 100, 50 },
        { "mic-volume", SETTING_OP_ADD, INFINITY, 100, 200 },
        { "volume", SETTING_OP_STEP, 1, 100, 102 },
        { "volume", SETTING_OP_STEP, 1, 130, 130 },
        { "mic-period", SETTING_OP_STEP, 1, 128, 128 }, /* no live step */
        { "mic-period", SETTING_OP_SET, 8, 128, 16 },
    };

    (void)state;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const struct setting *s = settings_find_name(cases[i].name);
        double got = settings_apply(s, cases[i].op, cases[i].arg,
                                    cases[i].from);

        if (fabs(got - cases[i].want) > 1e-9)
            fail_msg("case %zu: %s op %d %g from %g: %.17g, not %.17g", i,
                     cases[i].name, (int)cases[i].op, cases[i].arg,
                     cases[i].from, got, cases[i].want);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_settings_rows_are_whole),
        cmocka_unit_test(test_settings_defaults_are_the_tables),
        cmocka_unit_test(test_settings_the_shipped_conf_is_the_table),
        cmocka_unit_test(test_settings_numbers_are_read_whole_and_in_range),
        cmocka_unit_test(test_settings_apply),
    };
    return cmocka_run_group_tests_name("settings", tests, NULL, NULL);
}
