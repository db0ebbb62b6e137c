/* test_config.c - tplay.conf parsing: the shipped default, and every kind
 * of problem reported as file:line while the other settings survive. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "config.h"
#include "problems.h"
#include "strbuf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char *write_conf(const char *text)
{
    char *path = strdup("/tmp/tplay-test-conf-XXXXXX");
    int fd = mkstemp(path);

    assert_true(fd >= 0);
    assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
    close(fd);
    return path;
}

/* Load text as a config file; the problems, with the path cut off. */
static void load(struct config *c, const char *text)
{
    char *path = write_conf(text);

    config_init(c);
    config_load(c, path, true);
    for (size_t i = 0; i < c->nproblems; i++) {
        char *p = c->problems[i];

        assert_memory_equal(p, path, strlen(path));
        memmove(p, p + strlen(path), strlen(p + strlen(path)) + 1);
    }
    unlink(path);
    free(path);
}

/* The problems must be exactly want, in order. */
static void expect_problems(const struct config *c, const char *const *want,
                            size_t n)
{
    assert_int_equal(c->nproblems, n);
    for (size_t i = 0; i < n; i++)
        assert_string_equal(c->problems[i], want[i]);
}

static void test_config_default_file_is_the_defaults(void **state)
{
    struct config shipped, defaults;

    (void)state;
    config_init(&defaults);
    config_init(&shipped);
    config_load(&shipped, TPLAY_SOURCE_DIR "/config/tplay.conf", true);
    for (size_t i = 0; i < shipped.nproblems; i++)
        fail_msg("problem in config/tplay.conf: %s", shipped.problems[i]);
    assert_memory_equal(&shipped.prefs, &defaults.prefs, sizeof defaults.prefs);
    assert_memory_equal(&shipped.subs, &defaults.subs, sizeof defaults.subs);
    assert_int_equal(shipped.volume, defaults.volume);
    assert_int_equal(shipped.video, defaults.video);
    assert_int_equal(shipped.nmpv, 0);
    assert_memory_equal(&shipped.mic, &defaults.mic, sizeof defaults.mic);
    assert_memory_equal(&shipped.player, &defaults.player,
                        sizeof defaults.player);
    config_free(&shipped);
    config_free(&defaults);
}

static void test_config_reads_every_setting(void **state)
{
    struct config c;

    (void)state;
    load(&c, "\xef\xbb\xbf# a comment\r\n"
             "[audio]\r\n"
             "languages = jpn, en-us ; inline comment\n"
             "  kinds = main-desc, main   # another\n"
             "avoid-kinds = commentary\n"
             "also-enable = descriptions\n"
             "volume = 80\n"
             "[video]\n"
             "mode = 256\n"
             "[mic]\ncapture = hw:2\nfrequency = 3000\ngain = 20\nperiod = 64\n"
             "[mpv]\n"
             "hwdec = auto\n"
             "audio-device = alsa/hw:1\n"
             "[player]\nresume = no\nmouse = off\n");
    for (size_t i = 0; i < c.nproblems; i++)
        fail_msg("unexpected problem: %s", c.problems[i]);
    assert_int_equal(c.prefs.nlanguages, 2);
    assert_string_equal(c.prefs.languages[0], "ja");
    assert_string_equal(c.prefs.languages[1], "en-US");
    assert_int_equal(c.prefs.nkinds, 2);
    assert_int_equal(c.prefs.kinds[0], TRACK_KIND_MAIN_DESC);
    assert_int_equal(c.prefs.kinds[1], TRACK_KIND_MAIN);
    assert_int_equal(c.prefs.navoid, 1);
    assert_int_equal(c.prefs.avoid[0], TRACK_KIND_COMMENTARY);
    assert_int_equal(c.prefs.nalso, 1);
    assert_int_equal(c.prefs.also[0], TRACK_KIND_DESCRIPTIONS);
    assert_int_equal(c.volume, 80);
    assert_int_equal(c.video, CONFIG_VIDEO_256);
    assert_int_equal(c.nmpv, 2);
    assert_string_equal(c.mpv[1].key, "audio-device");
    assert_string_equal(c.mpv[1].value, "alsa/hw:1");
    assert_non_null(strstr(c.mpv[1].origin, ":17"));
    assert_string_equal(c.mic.capture, "hw:2");
    assert_string_equal(c.mic.playback, "default");
    assert_true(c.mic.frequency == 3000 && c.mic.gain == 20);
    assert_int_equal(c.mic.period, 64);
    assert_false(c.player.resume);
    assert_false(c.player.mouse);
    config_free(&c);
}

static void test_config_problems_are_line_numbered_and_lose_nothing(void **state)
{
    static const char *const want[] = {
        ":3: languages: \"e_n\" is not a BCP 47 language tag (examples: en, "
        "pt-BR, zh-Hant)",
        ":4: kinds: \"bogus\" is not an audio kind (allowed: main, "
        "translation, commentary, descriptions, main-desc, alternative, \"\")",
        ":5: volume: \"loud\" is not a whole number from 0 to 130; using 100",
        ":6: unknown key \"colour\" in [audio]; ignored (known: languages, "
        "kinds, avoid-kinds, also-enable, volume, duck, "
        "duck-commentary)",
        ":7: expected \"key = value\", a [section] or a # comment",
        ":9: mode: \"8\" is not one of auto, symbols, half, truecolor, 256, "
        "16, sixel, kitty, iterm2, off; using auto",
        ":11: unknown section [weird]; its keys are ignored (known: [player], "
        "[audio], [subtitles], [video], [mic], [mpv])",
        ":14: [mpv] vo: refused: tplay draws the video itself; use "
        "--no-video to turn it off",
        ":16: expected \"key = value\", a [section] or a # comment",
        ":17: line longer than 198 characters; ignored",
    };
    struct config c;
    char long_line[300];

    (void)state;
    memset(long_line, 'x', sizeof long_line - 2);
    long_line[sizeof long_line - 2] = '\n';
    long_line[sizeof long_line - 1] = '\0';
    char *text = NULL;
    size_t n = 0;
    FILE *m = open_memstream(&text, &n);
    fputs("# line 1\n"
          "[audio]\n"
          "languages = ja, e_n, de\n"
          "kinds = main, bogus, \"\"\n"
          "volume = loud\n"
          "colour = red\n"
          "this line is bad\n"
          "[video]\n"
          "mode = 8\n"
          "[weird]\n"
          "a = 1\n"
          "b = 2\n"
          "[mpv]\n"
          "vo = tct\n"
          "hwdec = auto\n"
          "[audio\n", m);
    fputs(long_line, m);
    fputs("[audio]\nalso-enable = descriptions\n", m);
    fclose(m);
    load(&c, text);
    free(text);
    expect_problems(&c, want, sizeof want / sizeof want[0]);
    /* the good parts of each line, and the lines after the bad ones */
    assert_int_equal(c.prefs.nlanguages, 2);
    assert_string_equal(c.prefs.languages[1], "de");
    assert_int_equal(c.prefs.nkinds, 2);
    assert_int_equal(c.volume, 100);
    assert_int_equal(c.video, CONFIG_VIDEO_AUTO);
    assert_int_equal(c.nmpv, 1);
    assert_string_equal(c.mpv[0].key, "hwdec");
    assert_int_equal(c.prefs.nalso, 1);
    config_free(&c);
}

static void test_config_mic_values_are_checked(void **state)
{
    static const char *const want[] = {
        ":2: capture: \"my mic\" is not an ALSA device name (e.g. default, "
        "hw:1, plughw:CARD=USB); using default",
        ":3: frequency: \"-5\" is not a number from 0 to 96000; using 350",
        ":4: gain: \"nan\" is not a number from -40 to 40; using 0",
        ":5: period: \"64.5\" is not a whole number from 16 to 4096; using 128",
    };
    struct config c;

    (void)state;
    load(&c, "[mic]\ncapture = my mic\nfrequency = -5\ngain = nan\n"
             "period = 64.5\nplayback = plughw:CARD=USB\n");
    expect_problems(&c, want, sizeof want / sizeof want[0]);
    assert_string_equal(c.mic.capture, "default");
    assert_string_equal(c.mic.playback, "plughw:CARD=USB");
    assert_true(c.mic.frequency == 350 && c.mic.gain == 0);
    assert_int_equal(c.mic.period, 128);
    config_free(&c);
}

static void test_config_player_values_are_checked(void **state)
{
    static const char *const want[] = {
        ":2: resume: \"maybe\" is not yes or no; using yes",
        ":4: mouse: \"\" is not yes or no; using yes",
    };
    struct config c;

    (void)state;
    load(&c, "[player]\nresume = maybe\nmouse = false\nmouse =\n"
             "resume = off\n");
    expect_problems(&c, want, sizeof want / sizeof want[0]);
    assert_false(c.player.resume);
    assert_true(c.player.mouse);
    config_free(&c);
}

/* [subtitles]: the lists read like [audio]'s, one secondary language,
 * and show; bad values are problems and keep the default. */
static void test_config_subtitle_values_are_checked(void **state)
{
    static const char *const want[] = {
        ":3: languages: \"e_n\" is not a BCP 47 language tag (examples: en, "
        "pt-BR, zh-Hant)",
        ":4: kinds: \"chapters\" is not a subtitle kind (allowed: subtitles, "
        "captions, descriptions)",
        ":4: kinds: \"main\" is not a subtitle kind (allowed: subtitles, "
        "captions, descriptions)",
        ":6: secondary: \"ja, en\" is not one BCP 47 language tag (examples: "
        "ja, pt-BR, zh-Hant); using none",
        ":8: show: \"never\" is not yes or no; using yes",
    };
    struct textselect_prefs dflt;
    struct config c;

    (void)state;
    load(&c, "[subtitles]\n"
             "secondary = jpn\n"
             "languages = ger, e_n, en-gb\n"
             "kinds = captions, chapters, main, captions, descriptions\n"
             "show = no\n"
             "secondary = ja, en\n"
             "show = no\n"
             "show = never\n");
    expect_problems(&c, want, sizeof want / sizeof want[0]);
    assert_int_equal(c.subs.nlanguages, 2);
    assert_string_equal(c.subs.languages[0], "de");
    assert_string_equal(c.subs.languages[1], "en-GB");
    assert_int_equal(c.subs.nkinds, 2);
    assert_int_equal(c.subs.kinds[0], TEXT_KIND_CAPTIONS);
    assert_int_equal(c.subs.kinds[1], TEXT_KIND_DESCRIPTIONS);
    assert_string_equal(c.subs.secondary, "");
    assert_true(c.subs.show);
    assert_int_equal(c.prefs.nlanguages, 0); /* the audio list is apart */
    config_free(&c);

    load(&c, "[subtitles]\nsecondary = jpn\nshow = no\nkinds =\n");
    assert_int_equal(c.nproblems, 0);
    assert_string_equal(c.subs.secondary, "ja");
    assert_false(c.subs.show);
    assert_int_equal(c.subs.nkinds, 0);
    config_free(&c);

    config_init(&c);
    textselect_prefs_default(&dflt);
    assert_memory_equal(&c.subs, &dflt, sizeof dflt);
    config_free(&c);
}

/* --slang replaces [subtitles] languages, not [audio]'s; its bad tags are
 * problems of its own, capped as --alang's. */
static void test_config_slang_replaces_sub_languages(void **state)
{
    struct config c;

    (void)state;
    load(&c, "[audio]\nlanguages = fr\n[subtitles]\nlanguages = de\n");
    config_set_sub_languages(&c, "--slang", "en,zz_Z, ja");
    assert_int_equal(c.subs.nlanguages, 2);
    assert_string_equal(c.subs.languages[0], "en");
    assert_string_equal(c.subs.languages[1], "ja");
    assert_int_equal(c.prefs.nlanguages, 1);
    assert_string_equal(c.prefs.languages[0], "fr");
    assert_int_equal(c.nproblems, 1);
    assert_string_equal(c.problems[0], "--slang: languages: \"zz_Z\" is not a "
                        "BCP 47 language tag (examples: en, pt-BR, zh-Hant)");
    config_free(&c);
}

static void test_config_missing_files(void **state)
{
    struct config c;

    (void)state;
    config_init(&c);
    config_load(&c, "/nonexistent/tplay.conf", false);
    assert_int_equal(c.nproblems, 0); /* a missing file is normal */
    config_load(&c, "/nonexistent/tplay.conf", true);
    assert_int_equal(c.nproblems, 1); /* unless asked for by --config */
    assert_string_equal(c.problems[0], "/nonexistent/tplay.conf: cannot read: "
                        "No such file or directory");
    config_load(&c, "/", true);
    assert_int_equal(c.nproblems, 2);
    config_free(&c);
}

static void test_config_alang_replaces_languages(void **state)
{
    struct config c;

    (void)state;
    load(&c, "[audio]\nlanguages = fr\n");
    config_set_languages(&c, "--alang", "ja, ,zz_Z,en,ja");
    assert_int_equal(c.prefs.nlanguages, 2);
    assert_string_equal(c.prefs.languages[0], "ja");
    assert_string_equal(c.prefs.languages[1], "en");
    assert_int_equal(c.nproblems, 1);
    assert_string_equal(c.problems[0], "--alang: languages: \"zz_Z\" is not a "
                        "BCP 47 language tag (examples: en, pt-BR, zh-Hant)");
    config_free(&c);
}

/* Every list of problems is capped the same way: --alang's as a file's
 * (problems.h), and a languages line inside a file only by the file's. */
static void test_config_every_list_of_problems_is_capped_alike(void **state)
{
    struct strbuf bad = STRBUF_INIT, text = STRBUF_INIT;
    struct config c;

    (void)state;
    for (int i = 0; i < 100; i++)
        strbuf_addf(&bad, "%sx_%d", i ? "," : "", i);
    config_init(&c);
    config_set_languages(&c, "--alang", strbuf_str(&bad));
    assert_int_equal(c.nproblems, PROBLEMS_MAX + 1);
    assert_string_equal(c.problems[0], "--alang: languages: \"x_0\" is not a "
                        "BCP 47 language tag (examples: en, pt-BR, zh-Hant)");
    assert_string_equal(c.problems[PROBLEMS_MAX],
                        "--alang: 80 more problems not shown");
    config_free(&c);

    /* 30 bad tags on one line (under the line length limit). */
    strbuf_adds(&text, "[audio]\nlanguages = ");
    for (int i = 0; i < 30; i++)
        strbuf_addf(&text, "%sx_%d", i ? "," : "", i);
    strbuf_adds(&text, "\n");
    config_init(&c);
    config_load_text(&c, text.buf, text.len, "t.conf");
    assert_int_equal(c.nproblems, PROBLEMS_MAX + 1);
    assert_string_equal(c.problems[PROBLEMS_MAX], "t.conf: 10 more problems "
                        "not shown; is it a tplay config?");
    config_free(&c);

    /* Up to the cap, nothing is added. */
    config_init(&c);
    config_set_languages(&c, "--alang", "a_1,a_2");
    assert_int_equal(c.nproblems, 2);
    config_free(&c);
    strbuf_free(&bad);
    strbuf_free(&text);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_config_every_list_of_problems_is_capped_alike),
        cmocka_unit_test(test_config_default_file_is_the_defaults),
        cmocka_unit_test(test_config_reads_every_setting),
        cmocka_unit_test(test_config_problems_are_line_numbered_and_lose_nothing),
        cmocka_unit_test(test_config_mic_values_are_checked),
        cmocka_unit_test(test_config_player_values_are_checked),
        cmocka_unit_test(test_config_missing_files),
        cmocka_unit_test(test_config_alang_replaces_languages),
        cmocka_unit_test(test_config_subtitle_values_are_checked),
        cmocka_unit_test(test_config_slang_replaces_sub_languages),
    };
    return cmocka_run_group_tests_name("config", tests, NULL, NULL);
}
