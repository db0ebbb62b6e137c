/* test_json.c - JSON escaping of untrusted labels, as a table. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "json.h"
#include "utf8.h"

#include <string.h>

static const struct {
    const char *in;
    const char *out;
} json_cases[] = {
    { "", "\"\"" },
    { "English", "\"English\"" },
    { "say \"hi\" \\o/", "\"say \\\"hi\\\" \\\\o/\"" },
    { "a\nb\tc\rd\be\ff", "\"a\\nb\\tc\\rd\\be\\ff\"" },
    { "\x1b[31mred\x07", "\"\\u001b[31mred\\u0007\"" },
    { "del\x7f", "\"del\\u007f\"" },
    { "csi\xc2\x9b" "2J", "\"csi\\u009b2J\"" },        /* U+009B, a C1 CSI */
    { "\xe2\x80\xae" "evil", "\"\\u202eevil\"" },       /* RLO */
    { "\xe2\x81\xa6" "iso", "\"\\u2066iso\"" },         /* LRI */
    { "ls\xe2\x80\xa8", "\"ls\\u2028\"" },
    { "Deutsch \xc3\xa4\xc3\xb6", "\"Deutsch \xc3\xa4\xc3\xb6\"" },
    { "\xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e", "\"\xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e\"" },
    { "\xf0\x9f\x8e\xac", "\"\xf0\x9f\x8e\xac\"" },     /* emoji */
    /* invalid UTF-8: one U+FFFD per maximal subpart (WHATWG Encoding) */
#define R "\xef\xbf\xbd"
    { "bad\xff", "\"bad" R "\"" },
    { "\xc3", "\"" R "\"" },                      /* truncated */
    { "\xe2\x80", "\"" R "\"" },                  /* truncated, 2 of 3 */
    { "\xe2\x80x", "\"" R "x\"" },
    { "\xf0\x9f\x8e", "\"" R "\"" },              /* truncated, 3 of 4 */
    { "\xc0\xaf", "\"" R R "\"" },                /* overlong '/' */
    { "\xe0\x80\xaf", "\"" R R R "\"" },          /* overlong, 3 bytes */
    { "\xed\xa0\x80", "\"" R R R "\"" },          /* surrogate */
    { "\xf4\x90\x80\x80", "\"" R R R R "\"" },    /* past U+10FFFF */
    { "\x80\xbf", "\"" R R "\"" },                /* lone continuations */
#undef R
};

static void test_json_add_string_table(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof json_cases / sizeof json_cases[0]; i++) {
        struct strbuf sb = STRBUF_INIT;

        json_add_string(&sb, json_cases[i].in);
        if (strcmp(strbuf_str(&sb), json_cases[i].out) != 0)
            fail_msg("case %zu: got %s want %s", i, strbuf_str(&sb),
                     json_cases[i].out);
        strbuf_free(&sb);
    }
}

/* Whatever the bytes, the output holds no byte below 0x20 and no DEL. */
static void test_json_never_emits_control_bytes(void **state)
{
    char in[257];

    (void)state;
    for (int i = 0; i < 256; i++)
        in[i] = (char)(i == 0 ? 1 : i);
    in[256] = '\0';
    struct strbuf sb = STRBUF_INIT;
    json_add_string(&sb, in);
    for (size_t i = 0; i < sb.len; i++)
        assert_true((unsigned char)sb.buf[i] >= 0x20 &&
                    (unsigned char)sb.buf[i] != 0x7f);
    strbuf_free(&sb);
}

static void test_utf8_roundtrip(void **state)
{
    static const uint32_t cps[] = { 0x41, 0x7ff, 0x800, 0xfffd, 0x10000, 0x10ffff };

    (void)state;
    for (size_t i = 0; i < sizeof cps / sizeof cps[0]; i++) {
        char buf[4];
        size_t n = utf8_encode(cps[i], buf), used;

        assert_int_equal(utf8_decode(buf, n, &used), cps[i]);
        assert_int_equal(used, n);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_json_add_string_table),
        cmocka_unit_test(test_json_never_emits_control_bytes),
        cmocka_unit_test(test_utf8_roundtrip),
    };
    return cmocka_run_group_tests_name("json", tests, NULL, NULL);
}
