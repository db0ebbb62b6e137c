/* test_cli.c - the command line: what each option sets, the usage errors,
 * and a --help that carries every option with the settings table's
 * ranges and defaults. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "cli.h"
#include "settings.h"
#include "strbuf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CLI_TEST_MAX_ARGS 16

/* Parse the NULL-ended words after "tplay"; the status, and the error in
 * err (freed by the caller) if any. */
static int parse(struct cli *c, char **err, char **argv, const char *first,
                 ...)
{
    va_list ap;
    int argc = 1;

    argv[0] = (char *)"tplay";
    va_start(ap, first);
    for (const char *w = first; w; w = va_arg(ap, const char *)) {
        assert_true(argc < CLI_TEST_MAX_ARGS);
        argv[argc++] = (char *)w;
    }
    va_end(ap);
    argv[argc] = NULL;
    *err = NULL;
    return cli_parse(argc, argv, c, err);
}

static void test_cli_plays_any_number_of_files(void **state)
{
    char *argv[CLI_TEST_MAX_ARGS + 1], *err;
    struct cli c;

    (void)state;
    assert_int_equal(parse(&c, &err, argv, "a.mkv", "b.mkv", "c.ogg", NULL),
                     0);
    assert_int_equal(c.action, CLI_PLAY);
    assert_int_equal(c.nfiles, 3);
    assert_string_equal(c.files[2], "c.ogg");
    cli_free(&c);
    assert_int_equal(parse(&c, &err, argv, "--mic", NULL), 0);
    assert_int_equal(c.nfiles, 0);
    cli_free(&c);
    assert_int_equal(parse(&c, &err, argv, "--shuffle", NULL), -1);
    assert_string_equal(err, "no file given");
    free(err);
    cli_free(&c);
}

static void test_cli_playlist_and_start_options(void **state)
{
    char *argv[CLI_TEST_MAX_ARGS + 1], *err;
    struct cli c;

    (void)state;
    assert_int_equal(parse(&c, &err, argv, "--shuffle", "--loop-playlist",
                           "--start", "1:30", "--input-conf", "keys.conf",
                           "--no-resume", "a.mkv", "b.mkv", NULL), 0);
    assert_true(c.shuffle && c.loop_playlist);
    assert_string_equal(c.start, "1:30");
    assert_string_equal(c.input_conf, "keys.conf");
    assert_int_equal(c.nsettings, 1);
    assert_string_equal(c.settings[0].option, "--no-resume");
    assert_string_equal(c.settings[0].section, "player");
    assert_string_equal(c.settings[0].key, "resume");
    assert_string_equal(c.settings[0].value, "no");
    assert_int_equal(c.nfiles, 2);
    cli_free(&c);
    assert_int_equal(parse(&c, &err, argv, "a.mkv", NULL), 0);
    assert_false(c.shuffle || c.loop_playlist);
    assert_null(c.start);
    assert_null(c.input_conf);
    assert_int_equal(c.nsettings, 0);
    cli_free(&c);
}

static void test_cli_settings_options_keep_the_last(void **state)
{
    char *argv[CLI_TEST_MAX_ARGS + 1], *err;
    struct cli c;

    (void)state;
    assert_int_equal(parse(&c, &err, argv, "--mic-gain", "3", "--mic-device",
                           "hw:1", "--mic-gain=20", "--alang", "ja,en",
                           "--mic", NULL), 0);
    assert_int_equal(c.nsettings, 2);
    assert_string_equal(c.settings[0].section, "mic");
    assert_string_equal(c.settings[0].key, "gain");
    assert_string_equal(c.settings[0].value, "20");
    assert_string_equal(c.settings[1].key, "capture");
    assert_string_equal(c.settings[1].value, "hw:1");
    assert_string_equal(c.alang, "ja,en"); /* kept apart (cli.h) */
    assert_null(c.slang);
    cli_free(&c);
}

/* --slang is kept apart as --alang is, each list its own; --no-sub is
 * [subtitles] show = no. */
static void test_cli_subtitle_options(void **state)
{
    char *argv[CLI_TEST_MAX_ARGS + 1], *err;
    struct cli c;

    (void)state;
    assert_int_equal(parse(&c, &err, argv, "--slang", "de", "--alang", "ja",
                           "--slang=en,de", "--no-sub", "a.mkv", NULL), 0);
    assert_string_equal(c.slang, "en,de");
    assert_string_equal(c.alang, "ja");
    assert_int_equal(c.nsettings, 1);
    assert_string_equal(c.settings[0].option, "--no-sub");
    assert_string_equal(c.settings[0].section, "subtitles");
    assert_string_equal(c.settings[0].key, "show");
    assert_string_equal(c.settings[0].value, "no");
    cli_free(&c);
    assert_int_equal(parse(&c, &err, argv, "--no-sub=yes", "a.mkv", NULL), -1);
    assert_string_equal(err, "option --no-sub takes no argument");
    free(err);
    cli_free(&c);
}

static void test_cli_list_keys_takes_no_file(void **state)
{
    char *argv[CLI_TEST_MAX_ARGS + 1], *err;
    struct cli c;

    (void)state;
    assert_int_equal(parse(&c, &err, argv, "--list-keys", NULL), 0);
    assert_int_equal(c.action, CLI_LIST_KEYS);
    cli_free(&c);
    assert_int_equal(parse(&c, &err, argv, "--input-conf", "k", "--list-keys",
                           NULL), 0);
    assert_string_equal(c.input_conf, "k");
    cli_free(&c);
    assert_int_equal(parse(&c, &err, argv, "--list-keys", "a.mkv", NULL), -1);
    assert_string_equal(err, "--list-keys takes no FILE");
    free(err);
    cli_free(&c);
}

static void test_cli_usage_errors(void **state)
{
    static const struct {
        const char *args[3];
        const char *want;
    } cases[] = {
        { { "--bogus", "a.mkv" }, "unknown option --bogus" },
        { { "-z", "a.mkv" }, "unknown option -z" },
        { { "a.mkv", "--start" }, "option --start needs an argument" },
        { { "--no-resume=x", "a.mkv" },
          "option --no-resume takes no argument" },
        { { "--no-video=1", "a.mkv" }, "option --no-video takes no argument" },
        { { "--help=1" }, "option --help takes no argument" },
        { { "-zh" }, "unknown option -z" },
        { { "--list-tracks" }, "no file given" },
    };
    char *argv[CLI_TEST_MAX_ARGS + 1], *err;
    struct cli c;

    (void)state;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        assert_int_equal(parse(&c, &err, argv, cases[i].args[0],
                               cases[i].args[1], cases[i].args[2], NULL), -1);
        assert_non_null(err);
        assert_string_equal(err, cases[i].want);
        free(err);
        cli_free(&c);
    }
}

/* Every option is in --help, those of settings with their range and
 * default from the table; no line is wider than 79 columns. */
static void test_cli_usage_lists_every_option(void **state)
{
    static const char *const plain[] = {
        "--list-tracks", "--list-keys", "--config FILE", "--no-config",
        "--input-conf FILE", "--no-video", "--start TIME", "--shuffle",
        "--loop-playlist", "--mpv-opt KEY=VALUE", "--mic ", "-h, --help",
        "-V, --version",
    };
    struct strbuf sb = STRBUF_INIT;
    const struct setting *s;
    const char *text;
    char want[128];

    (void)state;
    cli_usage(&sb);
    text = strbuf_str(&sb);
    for (size_t i = 0; i < sizeof plain / sizeof plain[0]; i++)
        if (!strstr(text, plain[i]))
            fail_msg("--help has no %s:\n%s", plain[i], text);
    for (size_t i = 0; (s = settings_at(i)) != NULL; i++) {
        if (!s->option)
            continue;
        snprintf(want, sizeof want, "  %s%s%s", s->option,
                 s->option_arg ? " " : "", s->option_arg ? s->option_arg : "");
        if (!strstr(text, want))
            fail_msg("--help has no %s:\n%s", want, text);
        if (settings_is_number(s)) {
            snprintf(want, sizeof want, "default %s)", s->dflt);
            assert_non_null(strstr(strstr(text, s->option), want));
        }
    }
    assert_non_null(strstr(text, "lowshelf gain (-40 to 40 dB, default 0)"));
    for (const char *l = text; *l; l += strcspn(l, "\n") + 1)
        assert_true(strcspn(l, "\n") <= 79);
    strbuf_free(&sb);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_cli_plays_any_number_of_files),
        cmocka_unit_test(test_cli_playlist_and_start_options),
        cmocka_unit_test(test_cli_settings_options_keep_the_last),
        cmocka_unit_test(test_cli_subtitle_options),
        cmocka_unit_test(test_cli_list_keys_takes_no_file),
        cmocka_unit_test(test_cli_usage_errors),
        cmocka_unit_test(test_cli_usage_lists_every_option),
    };
    return cmocka_run_group_tests_name("cli", tests, NULL, NULL);
}
