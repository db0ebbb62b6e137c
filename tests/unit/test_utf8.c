/* test_utf8.c - utf8_clean: text for other programs (D-Bus) is valid
 * UTF-8 with no unsafe code point, whatever bytes a media file holds. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "utf8.h"

#include <stdlib.h>
#include <string.h>

/* (bytes in, text out) */
static const struct {
    const char *in;
    const char *out;
} clean_cases[] = {
    { "", "" },
    { "plain ASCII", "plain ASCII" },
    { "Zw\xc3\xb6lf \xe6\x97\xa5\xe6\x9c\xac \xf0\x9f\x8e\xb5",
      "Zw\xc3\xb6lf \xe6\x97\xa5\xe6\x9c\xac \xf0\x9f\x8e\xb5" },
    /* invalid: one U+FFFD per maximal subpart */
    { "a\xff" "b", "a\xef\xbf\xbd" "b" },
    { "Sigur R\xf3s", "Sigur R\xef\xbf\xbds" },
    { "cut \xe6\x97", "cut \xef\xbf\xbd" },
    { "\xc0\xaf", "\xef\xbf\xbd\xef\xbf\xbd" },             /* overlong */
    { "\xed\xa0\x80", "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd" }, /* surrogate */
    { "\xf4\x90\x80\x80", "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd" },
    /* line breaks and tabs: a space */
    { "tab\tnew\nline\r\nend", "tab new line  end" },
    { "v\vf\f", "v f " },
    { "nel\xc2\x85" "ls\xe2\x80\xa8ps\xe2\x80\xa9", "nel ls ps " },
    /* the other controls: dropped */
    { "\x1b[31mred\x1b[0m", "[31mred[0m" },
    { "bell\x07 del\x7f c1\xc2\x9b", "bell del c1" },
    { "\xe2\x80\xae" "evil\xe2\x80\xac", "evil" },           /* RLO, PDF */
    /* LRI, PDI, RLM */
    { "\xe2\x81\xa6" "iso\xe2\x81\xa9 \xe2\x80\x8f", "iso " },
};

static void test_utf8_clean_table(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof clean_cases / sizeof clean_cases[0]; i++) {
        char *got = utf8_clean(clean_cases[i].in);

        if (strcmp(got, clean_cases[i].out))
            fail_msg("case %zu: got \"%s\", want \"%s\"", i, got,
                     clean_cases[i].out);
        free(got);
    }
}

/* Every byte value, alone and after a lead byte: the output decodes
 * without a replacement of its own making, and holds no unsafe code
 * point. */
static void test_utf8_clean_is_always_safe(void **state)
{
    (void)state;
    for (int lead = 0; lead < 256; lead++) {
        for (int b = 1; b < 256; b++) {
            char in[4] = { (char)(lead ? lead : 'x'), (char)b, 'z', '\0' };
            char *got = utf8_clean(in);
            size_t len = strlen(got), used;

            for (size_t i = 0; i < len; i += used) {
                uint32_t cp = utf8_decode(got + i, len - i, &used);
                char enc[4];

                assert_false(utf8_is_unsafe(cp));
                /* valid: it re-encodes to the same bytes */
                assert_int_equal(utf8_encode(cp, enc), used);
                assert_memory_equal(enc, got + i, used);
            }
            free(got);
        }
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_utf8_clean_table),
        cmocka_unit_test(test_utf8_clean_is_always_safe),
    };
    return cmocka_run_group_tests_name("utf8", tests, NULL, NULL);
}
