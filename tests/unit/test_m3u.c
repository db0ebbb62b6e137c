/* test_m3u.c - M3U text to entries: titles, comments, line ends, the
 * byte order mark, the windows-1252 fallback and what is refused whole. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "m3u.h"
#include "strbuf.h"

#include <stdlib.h>
#include <string.h>

/* Entries as "LINE:LOCATION" or "LINE:LOCATION|TITLE", one per line. */
static bool collect(void *data, const struct m3u_entry *e)
{
    struct strbuf *sb = data;

    strbuf_addf(sb, "%zu:%s%s%s\n", e->line, e->location, e->title ? "|" : "",
                e->title ? e->title : "");
    return true;
}

static const struct {
    const char *text;
    enum m3u_charset cs;
    const char *want;
} parse_cases[] = {
    { "", M3U_GUESS, "" },
    { "a.mkv", M3U_GUESS, "1:a.mkv\n" },
    { "a.mkv\nb.mkv\n", M3U_GUESS, "1:a.mkv\n2:b.mkv\n" },
    /* comments, blank lines, surrounding blanks */
    { "#EXTM3U\n\n  # a comment\n\t a b.mkv \t\n\n", M3U_GUESS,
      "4:a b.mkv\n" },
    /* CRLF and a byte order mark */
    { "\xef\xbb\xbf#EXTM3U\r\na.mkv\r\n\r\nb.mkv\r\n", M3U_UTF8,
      "2:a.mkv\n4:b.mkv\n" },
    { "\xef\xbb\xbf" "a.mkv", M3U_GUESS, "1:a.mkv\n" },
    /* #EXTINF titles the next entry only */
    { "#EXTM3U\n#EXTINF:123,Artist - Song\nsong.mp3\nnext.mp3\n", M3U_UTF8,
      "3:song.mp3|Artist - Song\n4:next.mp3\n" },
    { "#EXTINF:-1,  spaced  \r\n\r\n# other\r\nx\r\n", M3U_UTF8,
      "4:x|spaced\n" },
    { "#EXTINF:5,first\n#EXTINF:6,second\nx\n", M3U_UTF8, "3:x|second\n" },
    { "#EXTINF:5,\nx\n", M3U_UTF8, "2:x\n" },
    { "#EXTINF:5\nx\n", M3U_UTF8, "2:x\n" },
    { "#extinf:5,lower\nx\n", M3U_UTF8, "2:x|lower\n" },
    { "#EXTINF:5,a,b\nx\n", M3U_UTF8, "2:x|a,b\n" },
    /* IPTV attributes: commas inside quotes are no separator */
    { "#EXTINF:-1 tvg-name=\"A, B\" group-title=\"x\",Channel One\nhttp://h/1\n",
      M3U_UTF8, "2:http://h/1|Channel One\n" },
    { "#EXTINF:5,dangling\n", M3U_UTF8, "" },
    { "#EXTINFO:5,not a title\nx\n", M3U_UTF8, "2:x\n" },
    /* .m3u that is not UTF-8: windows-1252 */
    { "caf\xe9.mp3\n", M3U_GUESS, "1:caf\xc3\xa9.mp3\n" },
    { "#EXTINF:1,\x93quoted\x94 \x80 \x81\nx\n", M3U_GUESS,
      "2:x|\xe2\x80\x9cquoted\xe2\x80\x9d \xe2\x82\xac \xc2\x81\n" },
    /* a byte order mark does not make the rest UTF-8 */
    { "\xef\xbb\xbf" "caf\xe9\n", M3U_GUESS, "1:caf\xc3\xa9\n" },
    { "\xef\xbb\xbf" "caf\xe9\n", M3U_UTF8, "1:caf\xe9\n" },
    /* valid UTF-8 in .m3u stays, U+FFFD too */
    { "caf\xc3\xa9.mp3\n\xef\xbf\xbd\n", M3U_GUESS,
      "1:caf\xc3\xa9.mp3\n2:\xef\xbf\xbd\n" },
    /* .m3u8 keeps its bytes, valid or not */
    { "caf\xe9.mp3\n", M3U_UTF8, "1:caf\xe9.mp3\n" },
    /* a lone CR is no line end */
    { "a\rb\n", M3U_UTF8, "1:a\rb\n" },
    /* control bytes are kept, for the screen to show safely */
    { "a\x1b[2Jb\n", M3U_UTF8, "1:a\x1b[2Jb\n" },
};

static void test_m3u_parse_table(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof parse_cases / sizeof parse_cases[0]; i++) {
        struct strbuf got = STRBUF_INIT;
        char *err = NULL;

        if (m3u_parse(parse_cases[i].text, strlen(parse_cases[i].text),
                      parse_cases[i].cs, collect, &got, &err) != 0)
            fail_msg("case %zu: refused: %s", i, err);
        if (strcmp(strbuf_str(&got), parse_cases[i].want) != 0)
            fail_msg("case %zu: entries\n%s\nwant\n%s", i, strbuf_str(&got),
                     parse_cases[i].want);
        strbuf_free(&got);
    }
}

static const struct {
    const char *text;
    size_t len;
    const char *err;
} refuse_cases[] = {
    { "a.mkv\nb\0c\n", 10, "a NUL byte on line 2: a binary file, not a playlist" },
    { "\xff\xfe" "a\0", 4, "UTF-16 text; save the playlist as UTF-8 (.m3u8)" },
    { "\xfe\xff\0a", 4, "UTF-16 text; save the playlist as UTF-8 (.m3u8)" },
};

static void test_m3u_refused_whole(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof refuse_cases / sizeof refuse_cases[0]; i++) {
        struct strbuf got = STRBUF_INIT;
        char *err = NULL;

        assert_int_equal(m3u_parse(refuse_cases[i].text, refuse_cases[i].len,
                                   M3U_GUESS, collect, &got, &err), -1);
        assert_string_equal(err, refuse_cases[i].err);
        assert_string_equal(strbuf_str(&got), "");
        free(err);
        strbuf_free(&got);
    }
}

static void test_m3u_too_big(void **state)
{
    size_t len = (size_t)M3U_MAX_BYTES + 1;
    char *text = malloc(len), *err = NULL;
    struct strbuf got = STRBUF_INIT;

    (void)state;
    assert_non_null(text);
    memset(text, '\n', len);
    assert_int_equal(m3u_parse(text, len, M3U_UTF8, collect, &got, &err), -1);
    assert_string_equal(err, "more than 16 MiB: too big for a playlist");
    free(err);
    /* exactly the limit is read */
    text[0] = 'a';
    assert_int_equal(m3u_parse(text, len - 1, M3U_UTF8, collect, &got, &err), 0);
    assert_string_equal(strbuf_str(&got), "1:a\n");
    strbuf_free(&got);
    free(text);
}

static bool stop_after_two(void *data, const struct m3u_entry *e)
{
    size_t *n = data;

    (void)e;
    return ++*n < 2;
}

static void test_m3u_callback_stops(void **state)
{
    const char *text = "a\nb\nc\nd\n";
    size_t n = 0;
    char *err = NULL;

    (void)state;
    assert_int_equal(m3u_parse(text, strlen(text), M3U_UTF8, stop_after_two,
                               &n, &err), 0);
    assert_int_equal(n, 2);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_m3u_parse_table),
        cmocka_unit_test(test_m3u_refused_whole),
        cmocka_unit_test(test_m3u_too_big),
        cmocka_unit_test(test_m3u_callback_stops),
    };
    return cmocka_run_group_tests_name("m3u", tests, NULL, NULL);
}
