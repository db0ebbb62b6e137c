/* test_uri.c - the URI that goes out for what plays: local paths as
 * file:// URIs, URIs kept, and either way plain printable ASCII. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "uri.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* (name, cwd, URI) */
static const struct {
    const char *name;
    const char *cwd;
    const char *uri;
} uri_cases[] = {
    /* absolute paths: cwd does not matter */
    { "/music/a.flac", "/home", "file:///music/a.flac" },
    { "/a b/c#d?e%f.mkv", NULL, "file:///a%20b/c%23d%3Fe%25f.mkv" },
    { "/x/Zw\xc3\xb6lf.ogg", "/", "file:///x/Zw%C3%B6lf.ogg" },
    { "/bad\xff\x01\x7f", "/", "file:///bad%FF%01%7F" },
    { "/-._~", "/", "file:///-._~" },
    /* relative paths: after cwd */
    { "a.mkv", "/home/u", "file:///home/u/a.mkv" },
    { "a.mkv", "/home/u/", "file:///home/u/a.mkv" },
    { "sub/../a.mkv", "/w d", "file:///w%20d/sub/../a.mkv" },
    { "a.mkv", "/", "file:///a.mkv" },
    { "a.mkv", "relative", "file:///a.mkv" },
    { "a:b.mkv", "/h", "file:///h/a%3Ab.mkv" },       /* no "://" */
    { "1http://x", "/h", "file:///h/1http%3A//x" },   /* no scheme */
    /* URIs: kept, with what a URI cannot hold encoded */
    { "https://example.org/a.mkv?x=1&y=2#t", "/h",
      "https://example.org/a.mkv?x=1&y=2#t" },
    { "https://example.org/a b/\xc3\xa9", "/h",
      "https://example.org/a%20b/%C3%A9" },
    { "http://h/%20already", "/h", "http://h/%20already" },
    { "rtsp://[::1]:554/live", "/h", "rtsp://[::1]:554/live" },
    { "file:///x/y", "/h", "file:///x/y" },
    { "ytdl://abc\n\"<>\\^`{|}", "/h",
      "ytdl://abc%0A%22%3C%3E%5C%5E%60%7B%7C%7D" },
    { "a+b.c-d://x", "/h", "a+b.c-d://x" },
};

static void test_uri_from_name_table(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof uri_cases / sizeof uri_cases[0]; i++) {
        char *got = uri_from_name(uri_cases[i].name, uri_cases[i].cwd);

        if (strcmp(got, uri_cases[i].uri))
            fail_msg("case %zu (\"%s\" in \"%s\"): got \"%s\", want \"%s\"",
                     i, uri_cases[i].name,
                     uri_cases[i].cwd ? uri_cases[i].cwd : "(NULL)", got,
                     uri_cases[i].uri);
        free(got);
    }
}

/* cwd NULL: the current directory. */
static void test_uri_from_name_uses_the_current_directory(void **state)
{
    char *got;

    (void)state;
    assert_int_equal(chdir("/usr"), 0);
    got = uri_from_name("share", NULL);
    assert_string_equal(got, "file:///usr/share");
    free(got);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_uri_from_name_table),
        cmocka_unit_test(test_uri_from_name_uses_the_current_directory),
    };
    return cmocka_run_group_tests_name("uri", tests, NULL, NULL);
}
