/* test_url.c - URL or path, and file:// URLs to local paths. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "url.h"

#include <stdlib.h>
#include <string.h>

static const struct {
    const char *s;
    size_t scheme_len;
} scheme_cases[] = {
    { "https://example.com/a.mkv", 5 },
    { "fd://3", 2 },
    { "FILE:///tmp/a", 4 },
    { "rtmp+ssl-x.y://h", 12 },
    { "a.mkv", 0 },
    { "/srv/x://y", 0 },
    { "./http://x", 0 },
    { "C:\\music\\a.mp3", 0 },
    { "C://x", 1 },            /* a scheme, as RFC 3986 reads it */
    { "1http://x", 0 },        /* a scheme starts with a letter */
    { "ht tp://x", 0 },
    { "http:/x", 0 },
    { "http:", 0 },
    { "://x", 0 },
    { "-", 0 },
    { "", 0 },
};

static void test_url_scheme_len(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof scheme_cases / sizeof scheme_cases[0]; i++)
        if (url_scheme_len(scheme_cases[i].s) != scheme_cases[i].scheme_len)
            fail_msg("\"%s\": scheme length %zu, want %zu", scheme_cases[i].s,
                     url_scheme_len(scheme_cases[i].s),
                     scheme_cases[i].scheme_len);
}

static void test_url_is(void **state)
{
    (void)state;
    assert_true(url_is("fd://0", "fd"));
    assert_true(url_is("FD://0", "fd"));
    assert_true(url_is("Https://x", "https"));
    assert_false(url_is("https://x", "http"));
    assert_false(url_is("http://x", "https"));
    assert_false(url_is("fd:3", "fd"));
    assert_false(url_is("fdx://3", "fd"));
    assert_false(url_is("a.mkv", "fd"));
}

static const struct {
    const char *url;
    const char *path; /* NULL: not a local path */
} file_cases[] = {
    { "file:///home/a/b.mkv", "/home/a/b.mkv" },
    { "FILE:///x", "/x" },
    { "file://localhost/srv/x.mkv", "/srv/x.mkv" },
    { "file:///a%20b%2Fc.mkv", "/a b/c.mkv" },
    { "file:///%C3%A9t%c3%a9.flac", "/\xc3\xa9t\xc3\xa9.flac" },
    { "file:///100%.mkv", "/100%.mkv" },      /* a lone '%' stays */
    { "file:///a%2", "/a%2" },
    { "file:///a%zz", "/a%zz" },
    { "file:///a.mkv#t=10", "/a.mkv" },       /* the fragment is no path */
    { "file:///a.mkv?x=1", "/a.mkv" },
    { "file:///a%23b.mkv", "/a#b.mkv" },
    { "file:///a%00b", NULL },                /* a NUL byte: no path */
    { "file://server/share/a.mkv", NULL },    /* another machine */
    { "file://localhostx/a", NULL },
    { "file://", NULL },
    { "file:/a.mkv", NULL },
    { "http:///a.mkv", NULL },
    { "/a.mkv", NULL },
};

static void test_url_file_path(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof file_cases / sizeof file_cases[0]; i++) {
        char *got = url_file_path(file_cases[i].url);

        if (!file_cases[i].path && got)
            fail_msg("\"%s\": \"%s\", want no path", file_cases[i].url, got);
        if (file_cases[i].path &&
            (!got || strcmp(got, file_cases[i].path) != 0))
            fail_msg("\"%s\": %s%s%s, want \"%s\"", file_cases[i].url,
                     got ? "\"" : "", got ? got : "no path", got ? "\"" : "",
                     file_cases[i].path);
        free(got);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_url_scheme_len),
        cmocka_unit_test(test_url_is),
        cmocka_unit_test(test_url_file_path),
    };
    return cmocka_run_group_tests_name("url", tests, NULL, NULL);
}
