/* test_heard.c - the status line says what is heard: the graph's
 * confirmed set, or libmpv's own track when no mix runs, "no sound" when
 * there is no audio output, and when the mix is unavailable. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "heard.h"

static void test_heard_says_what_is_confirmed(void **state)
{
    /* Enabled marks are what was asked for: the status must not read them. */
    struct track t[3] = {
        { .mpv_id = 1, .enabled = true }, { .mpv_id = 2, .enabled = true },
        { .mpv_id = 3, .enabled = true },
    };
    struct track_list three = { t, 3 }, none = { NULL, 0 };
    static const bool only1[] = { true, false, false },
                      one3[] = { true, false, true },
                      off[] = { false, false, false };
    const struct {
        const struct track_list *tracks;
        const bool *confirmed;
        int64_t audio_id;
        bool unavailable, no_sound;
        const char *want;
    } cases[] = {
        { &three, only1, -1, false, false, "track 1" },
        { &three, one3, -1, false, false, "mix 1+3" },
        { &three, off, -1, false, false, "audio off" },
        /* No mix: libmpv's own track, by its id. */
        { &three, NULL, 2, true, false, "track 2, mix unavailable" },
        { &three, NULL, -1, true, false, "audio off, mix unavailable" },
        { &three, only1, -1, false, true, "no sound" },
        { &three, NULL, 1, true, true, "no sound, mix unavailable" },
        { &none, NULL, -1, false, true, "" },
    };

    (void)state;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct strbuf sb = STRBUF_INIT;
        struct heard_view v = { cases[i].tracks, cases[i].confirmed,
                                cases[i].audio_id, cases[i].unavailable,
                                cases[i].no_sound };

        heard_describe(&sb, &v);
        assert_string_equal(strbuf_str(&sb), cases[i].want);
        strbuf_free(&sb);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_heard_says_what_is_confirmed),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
