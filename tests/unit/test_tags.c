/* test_tags.c - an audio file's tags as lines: the order, what is left
 * out, how the figures read. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "tags.h"
#include "xmem.h"

#include <string.h>

static void test_all_in_order(void **state)
{
    struct tags t = { xstrdup("Song"), xstrdup("Someone"), xstrdup("Record"),
                      xstrdup("2001"), xstrdup("mp3"), 320000, 44100, 2 };
    struct tags_line l[TAGS_MAX_LINES];
    static const char *const want[][2] = {
        { "Title", "Song" }, { "Artist", "Someone" }, { "Album", "Record" },
        { "Date", "2001" }, { "Codec", "mp3" }, { "Bitrate", "320 kb/s" },
        { "Sample rate", "44.1 kHz" }, { "Channels", "stereo" },
    };
    size_t n;

    (void)state;
    n = tags_lines(&t, l);
    assert_int_equal(n, 8);
    for (size_t i = 0; i < n; i++) {
        assert_string_equal(l[i].label, want[i][0]);
        assert_string_equal(l[i].value, want[i][1]);
    }
    tags_lines_free(l, n);
    tags_free(&t);
    assert_null(t.title);
    assert_int_equal(t.bitrate, 0);
}

static void test_missing_left_out(void **state)
{
    struct tags t = { 0 };
    struct tags_line l[TAGS_MAX_LINES];
    size_t n;

    (void)state;
    assert_int_equal(tags_lines(&t, l), 0);
    t.album = xstrdup("");      /* an empty tag is no tag */
    t.artist = xstrdup("A");
    t.samplerate = 48000;
    t.channels = 6;
    n = tags_lines(&t, l);
    assert_int_equal(n, 3);
    assert_string_equal(l[0].label, "Artist");
    assert_string_equal(l[1].value, "48 kHz");
    assert_string_equal(l[2].value, "6 channels");
    tags_lines_free(l, n);
    tags_free(&t);
}

static void test_figures(void **state)
{
    static const struct {
        int64_t bitrate, rate, channels;
        const char *b, *r, *c;
    } cases[] = {
        { 128000, 22050, 1, "128 kb/s", "22.05 kHz", "mono" },
        { 6400, 8000, 2, "6.4 kb/s", "8 kHz", "stereo" },
        { 96499, 96000, 8, "96 kb/s", "96 kHz", "8 channels" },
        { 1411200, 44100, 2, "1411 kb/s", "44.1 kHz", "stereo" },
    };
    struct tags_line l[TAGS_MAX_LINES];

    (void)state;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct tags t = { .bitrate = cases[i].bitrate,
                          .samplerate = cases[i].rate,
                          .channels = cases[i].channels };
        size_t n = tags_lines(&t, l);

        assert_int_equal(n, 3);
        assert_string_equal(l[0].value, cases[i].b);
        assert_string_equal(l[1].value, cases[i].r);
        assert_string_equal(l[2].value, cases[i].c);
        tags_lines_free(l, n);
    }
}

static void test_absurd_figures_left_out(void **state)
{
    struct tags t = { .bitrate = -5, .samplerate = INT64_MAX,
                      .channels = 100000 };
    struct tags_line l[TAGS_MAX_LINES];

    (void)state;
    assert_int_equal(tags_lines(&t, l), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_all_in_order),
        cmocka_unit_test(test_missing_left_out),
        cmocka_unit_test(test_figures),
        cmocka_unit_test(test_absurd_figures_left_out),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
