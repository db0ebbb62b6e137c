/* test_cue.c - cue_parse: libmpv's ASS-tagged cue text into styled lines,
 * and no byte from a hostile file that a terminal would obey. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "cue.h"
#include "strbuf.h"
#include "utf8.h"
#include "xmem.h"

#include <stdlib.h>
#include <string.h>

/* The parse as one string: "^" first for a top cue, lines joined by
 * "|", each run as "<i>", "<b>" or "<ib>" then its text (plain: no
 * mark). */
static char *cue_render(const char *ass)
{
    struct strbuf sb = STRBUF_INIT;
    struct cue c;

    cue_parse(&c, ass);
    if (c.top)
        strbuf_adds(&sb, "^");
    for (size_t i = 0; i < c.nlines; i++) {
        if (i)
            strbuf_adds(&sb, "|");
        for (size_t k = 0; k < c.lines[i].nruns; k++) {
            const struct cue_run *r = &c.lines[i].runs[k];

            assert_true(r->text[0] != '\0');
            if (r->style == (CUE_ITALIC | CUE_BOLD))
                strbuf_adds(&sb, "<ib>");
            else if (r->style == CUE_ITALIC)
                strbuf_adds(&sb, "<i>");
            else if (r->style == CUE_BOLD)
                strbuf_adds(&sb, "<b>");
            strbuf_adds(&sb, r->text);
        }
    }
    cue_free(&c);
    return strbuf_detach(&sb);
}

/* (sub-text-ass in, lines out) */
static const struct {
    const char *in;
    const char *out;
} cases[] = {
    { NULL, "" },
    { "", "" },
    { "Hello world", "Hello world" },
    /* styles on and off, as libmpv writes SRT's <i> and <b> */
    { "Hello {\\i1}italic{\\i0} world", "Hello <i>italic world" },
    { "{\\b1}bold{\\b0} plain", "<b>bold plain" },
    { "{\\i1}{\\b1}both{\\i0} bold", "<ib>both<b> bold" },
    { "{\\i1\\b1}both{\\r}none", "<ib>bothnone" },
    { "{\\b700}heavy{\\b400}normal", "<b>heavynormal" },
    { "{\\i}off", "off" },
    /* tags that start like those are not them */
    { "{\\blur3\\bord2\\be1\\iclip(1,2,3,4)}plain", "plain" },
    { "{\\pos(10,20)}here", "here" },
    /* breaks and spaces */
    { "one\\Ntwo\\nthree", "one|two|three" },
    { "joined\nby libmpv", "joined|by libmpv" },
    { "crlf\r\nline", "crlf|line" },
    { "a\\hb", "a\xc2\xa0" "b" },
    { "back\\slash", "back\\slash" },
    { "\\N\\Nmiddle\\N\\N", "middle" },
    { "one\\N\\Nthree", "one||three" },
    /* top of the picture */
    { "{\\an8}top", "^top" },
    { "{\\an7}top", "^top" },
    { "{\\an9}top", "^top" },
    { "{\\an2}bottom", "bottom" },
    { "{\\an5}middle", "middle" },
    { "{\\a6}legacy top", "^legacy top" },
    { "{\\a2}legacy bottom", "legacy bottom" },
    /* drawings are dropped, the text after them kept */
    { "{\\p1}m 0 0 l 100 0 100 100{\\p0}text", "text" },
    { "{\\p2}m 0 0 l 1 1", "" },
    /* other blocks and comments dropped */
    { "{comment}visible{\\fnArial\\fs20\\c&HFF&}", "visible" },
    /* an unclosed brace is text */
    { "open {\\i1 no close", "open {\\i1 no close" },
    { "}{", "}{" },
    /* controls from the file never get through */
    { "\x1b[2Jclear", "[2Jclear" },
    { "osc\x1b]52;c;aGk=\x07" "end", "osc]52;c;aGk=end" },
    { "c1\xc2\x9b" "31m\xc2\x9d" "x", "c131mx" },
    { "del\x7f tab\tx", "del tab x" },
    { "\xe2\x80\xae" "rlo", "rlo" },
    /* invalid UTF-8: U+FFFD */
    { "bad\xff" "byte", "bad\xef\xbf\xbd" "byte" },
    { "cut\xe6\x97", "cut\xef\xbf\xbd" },
    /* wide and combining text is kept as it is */
    { "\xe6\x97\xa5\xe6\x9c\xac e\xcc\x81 \xf0\x9f\x8e\xb5",
      "\xe6\x97\xa5\xe6\x9c\xac e\xcc\x81 \xf0\x9f\x8e\xb5" },
};

static void test_cases(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char *got = cue_render(cases[i].in);

        if (strcmp(got, cases[i].out) != 0)
            fail_msg("case %zu: \"%s\" -> \"%s\", want \"%s\"", i,
                     cases[i].in ? cases[i].in : "(null)", got,
                     cases[i].out);
        free(got);
    }
}

/* Every run of c holds valid UTF-8 with no unsafe code point. */
static void check_safe(const struct cue *c)
{
    for (size_t i = 0; i < c->nlines; i++)
        for (size_t k = 0; k < c->lines[i].nruns; k++) {
            const char *t = c->lines[i].runs[k].text;
            size_t n = strlen(t), used;

            assert_true(n > 0);
            for (size_t j = 0; j < n; j += used) {
                uint32_t cp = utf8_decode(t + j, n - j, &used);

                assert_false(utf8_is_unsafe(cp));
                if (cp == UTF8_REPLACEMENT)
                    assert_int_equal(used, 3);
            }
        }
}

/* Huge cues are cut: the bytes read and the lines kept are bounded. */
static void test_huge(void **state)
{
    size_t n = 1 << 20;
    char *big = xcalloc(n + 1, 1);
    struct cue c;
    size_t total = 0;

    (void)state;
    for (size_t i = 0; i < n; i++)
        big[i] = "ab\\N{\\i1}"[i % 9];
    cue_parse(&c, big);
    assert_true(c.nlines <= CUE_MAX_LINES);
    for (size_t i = 0; i < c.nlines; i++)
        for (size_t k = 0; k < c.lines[i].nruns; k++)
            total += strlen(c.lines[i].runs[k].text);
    assert_true(total <= CUE_MAX_BYTES);
    check_safe(&c);
    cue_free(&c);
    /* one long line, and a brace that never closes */
    memset(big, 'x', n);
    big[0] = '{';
    cue_parse(&c, big);
    assert_int_equal(c.nlines, 1);
    check_safe(&c);
    cue_free(&c);
    free(big);
}

/* Random bytes: whatever comes out is safe. */
static void test_random(void **state)
{
    static const char pick[] = "{}\\Nnhip01\x1b\x9b\xc2\xe2\x80\n";
    unsigned seed = 12345;
    char buf[512];

    (void)state;
    for (int round = 0; round < 2000; round++) {
        struct cue c;
        size_t len = (size_t)(round % 511);

        for (size_t i = 0; i < len; i++) {
            seed = seed * 1103515245u + 12345u;
            /* lean on the bytes that matter */
            buf[i] = (char)(pick[(seed >> 16) % (sizeof pick - 1)] ^
                            ((seed >> 8) % 7 == 0 ? (seed >> 24) : 0));
        }
        buf[len] = '\0';
        cue_parse(&c, buf);
        check_safe(&c);
        cue_free(&c);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_cases),
        cmocka_unit_test(test_huge),
        cmocka_unit_test(test_random),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
