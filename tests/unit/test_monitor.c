/* test_monitor.c - the mic monitor's live settings, off (no device
 * needed): changed by their names in the settings table, held in its
 * ranges, and each key of the monitor one such change. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "config.h"
#include "monitor.h"
#include "settings.h"

#include <math.h>

/* What the default bindings of the {mic} section do (share/input.conf:
 * "add mic-frequency -1" is a step of a sixth of an octave, the others add
 * their value), from the defaults: 350 Hz, 0 dB, 100 %. */
static void test_monitor_keys_are_steps_of_settings(void **state)
{
    static const struct {
        const char *name; /* NULL: the mute */
        enum setting_op op;
        double arg;
        float frequency, gain;
        int volume;
        bool muted;
    } cases[] = {
        { "mic-frequency", SETTING_OP_STEP, -1, 311.81455f, 0, 100, false },
        { "mic-frequency", SETTING_OP_STEP, 1, 392.86172f, 0, 100, false },
        { "mic-gain", SETTING_OP_ADD, -1, 350, -1, 100, false },
        { "mic-gain", SETTING_OP_ADD, 1, 350, 1, 100, false },
        { "mic-volume", SETTING_OP_ADD, -5, 350, 0, 95, false },
        { "mic-volume", SETTING_OP_ADD, 5, 350, 0, 105, false },
        { NULL, SETTING_OP_SET, 0, 350, 0, 100, true },
    };
    struct monitor_view v;
    struct config c;

    (void)state;
    config_init(&c);
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct monitor *m = monitor_create(&c.mic);

        if (cases[i].name)
            assert_true(monitor_change(m, cases[i].name, cases[i].op,
                                       cases[i].arg, NULL));
        else
            assert_true(monitor_toggle_mute(m));
        monitor_view(m, &v);
        if (fabsf(v.frequency - cases[i].frequency) > 1e-3f ||
            v.gain != cases[i].gain || v.volume != cases[i].volume ||
            v.muted != cases[i].muted)
            fail_msg("case %zu: %g Hz %g dB %d%% muted %d", i, v.frequency,
                     v.gain, v.volume, v.muted);
        monitor_destroy(m);
    }
    config_free(&c);
}

/* The table's range, the same as the config's: 0 Hz is reached, and a
 * step up from it is 10 Hz. */
static void test_monitor_changes_hold_to_the_table(void **state)
{
    struct monitor_change ch;
    struct monitor_view v;
    struct config c;
    struct monitor *m;

    (void)state;
    config_init(&c);
    c.mic.frequency = 0;
    m = monitor_create(&c.mic);
    assert_true(monitor_change(m, "mic-frequency", SETTING_OP_STEP, 1, &ch));
    assert_string_equal(ch.setting->name, "mic-frequency");
    assert_true(ch.before == 0 && ch.after == 10);
    assert_true(monitor_change(m, "mic-frequency", SETTING_OP_STEP, -1, &ch));
    assert_true(ch.before == 10 && ch.after == 0);
    assert_true(monitor_change(m, "mic-gain", SETTING_OP_SET, 99, &ch));
    assert_true(ch.after == 40);
    assert_true(monitor_change(m, "mic-gain", SETTING_OP_ADD, 1, &ch));
    assert_true(ch.before == 40 && ch.after == 40); /* at its limit */
    assert_true(monitor_change(m, "mic-volume", SETTING_OP_ADD, -1000, NULL));
    assert_true(monitor_change(m, "mic-volume", SETTING_OP_MULTIPLY, 2, &ch));
    assert_true(ch.before == 0 && ch.after == 0);
    assert_true(monitor_change(m, "mic-volume", SETTING_OP_SET, 33.3, &ch));
    assert_true(ch.after == 33); /* whole percent */
    monitor_view(m, &v);
    assert_true(v.frequency == 0 && v.gain == 40 && v.volume == 33);
    /* Not the monitor's to change live: nothing changes. */
    assert_false(monitor_change(m, "mic-period", SETTING_OP_SET, 64, &ch));
    assert_false(monitor_change(m, "volume", SETTING_OP_ADD, 2, &ch));
    assert_false(monitor_change(m, "nosuch", SETTING_OP_ADD, 2, &ch));
    assert_true(monitor_toggle_mute(m));
    assert_false(monitor_toggle_mute(m));
    monitor_destroy(m);
    config_free(&c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_monitor_keys_are_steps_of_settings),
        cmocka_unit_test(test_monitor_changes_hold_to_the_table),
    };
    return cmocka_run_group_tests_name("monitor", tests, NULL, NULL);
}
