/* test_cuelines.c - a cue wrapped into rows by display width: at the last
 * space that fits, CJK two columns, combining marks none, a no-break space
 * no break, empty lines kept, styles carried. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "cue.h"
#include "cuelines.h"
#include "strbuf.h"
#include "utf8.h"

#include <locale.h>
#include <stdlib.h>
#include <string.h>

/* The rows of ass wrapped to cols, as "row|row|...", each row's width
 * checked against cols and its glyphs. */
static char *wrapped(const char *ass, int cols)
{
    struct strbuf sb = STRBUF_INIT;
    struct cuelines t = { 0 };
    struct cue c;

    cue_parse(&c, ass);
    cuelines_add_cue(&t, &c);
    cue_free(&c);
    cuelines_wrap(&t, cols);
    for (size_t r = 0; r < t.nrows; r++) {
        int width = 0;

        if (r)
            strbuf_adds(&sb, "|");
        for (size_t i = t.rows[r].a; i < t.rows[r].b; i++) {
            char enc[4];

            width += t.g[i].w;
            if (t.g[i].ch == CUELINES_NOTHING)
                strbuf_adds(&sb, "<>");
            else
                strbuf_add(&sb, enc, utf8_encode((uint32_t)t.g[i].ch, enc));
        }
        assert_int_equal(width, t.rows[r].width);
        assert_true(width <= cols);
    }
    cuelines_free(&t);
    return strbuf_detach(&sb);
}

static const struct {
    const char *in;
    int cols;
    const char *out;
} cases[] = {
    { "", 10, "" },
    { "alpha bravo charlie", 40, "alpha bravo charlie" },
    { "alpha bravo charlie", 11, "alpha bravo|charlie" },
    { "alpha bravo charlie", 10, "alpha|bravo|charlie" },
    /* a word longer than a row is cut */
    { "abcdefghij", 4, "abcd|efgh|ij" },
    /* blanks at a row's ends go */
    { "  padded   words  ", 7, "padded|words" },
    { "aaaaaaaaaa   ", 10, "aaaaaaaaaa" },
    /* CJK: two columns each */
    { "\xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e\xe3\x81\xae\xe5\xad\x97\xe5\xb9\x95",
      5, "\xe6\x97\xa5\xe6\x9c\xac|\xe8\xaa\x9e\xe3\x81\xae|"
         "\xe5\xad\x97\xe5\xb9\x95" },
    /* a combining mark takes no column */
    { "e\xcc\x81" "cole xy", 5, "e\xcc\x81" "cole|xy" },
    /* a no-break space does not break */
    { "a\\hb c", 3, "a\xc2\xa0" "b|c" },
    /* a wide character in a one-column row: nothing */
    { "\xe6\x97\xa5" "a", 1, "<>a" },
    /* hard breaks, an empty line kept */
    { "one\\N\\Ntwo", 10, "one||two" },
    { "one two\\Nthree", 5, "one|two|three" },
    /* emoji: two columns */
    { "\xf0\x9f\x8e\xb5\xf0\x9f\x8e\xb5\xf0\x9f\x8e\xb5", 4,
      "\xf0\x9f\x8e\xb5\xf0\x9f\x8e\xb5|\xf0\x9f\x8e\xb5" },
};

static void test_wrap(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char *got = wrapped(cases[i].in, cases[i].cols);

        if (strcmp(got, cases[i].out) != 0)
            fail_msg("case %zu: \"%s\" in %d -> \"%s\", want \"%s\"", i,
                     cases[i].in, cases[i].cols, got, cases[i].out);
        free(got);
    }
}

/* Styles follow the glyphs across a break. */
static void test_styles_carried(void **state)
{
    struct cuelines t = { 0 };
    struct cue c;

    (void)state;
    cue_parse(&c, "plain {\\i1}slanted words{\\i0} end");
    cuelines_add_cue(&t, &c);
    cue_free(&c);
    cuelines_wrap(&t, 12);
    assert_int_equal(t.nrows, 3); /* "plain", "slanted", "words end" */
    assert_int_equal(t.g[t.rows[0].a].style, 0);
    assert_int_equal(t.g[t.rows[1].a].style, CUE_ITALIC);
    assert_int_equal(t.g[t.rows[2].a].style, CUE_ITALIC);
    assert_int_equal(t.g[t.rows[2].b - 1].style, 0);
    cuelines_free(&t);
}

/* Plain text (the secondary cue): lines at '\n', controls dropped. */
static void test_plain(void **state)
{
    struct cuelines t = { 0 };

    (void)state;
    cuelines_add_plain(&t, "first\nsec\x1b[2Jond");
    cuelines_wrap(&t, 20);
    assert_int_equal(t.nrows, 2);
    assert_int_equal(t.rows[1].width, 9); /* "sec[2Jond": ESC dropped */
    for (size_t i = 0; i < t.ng; i++)
        assert_false(t.g[i].ch != 0 && utf8_is_unsafe((uint32_t)t.g[i].ch));
    cuelines_free(&t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_wrap),
        cmocka_unit_test(test_styles_carried),
        cmocka_unit_test(test_plain),
    };

    if (!setlocale(LC_ALL, "C.UTF-8"))
        return 77;
    return cmocka_run_group_tests(tests, NULL, NULL);
}
