/* test_lang.c - BCP 47 canonicalisation and names, as a table. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "lang.h"

#include <stdio.h>
#include <string.h>

static const struct {
    const char *in;
    const char *out; /* "" means: rejected */
} lang_cases[] = {
    /* ISO 639-2/B, /T and 639-1 all become the two-letter code */
    { "ger", "de" }, { "deu", "de" }, { "de", "de" }, { "GER", "de" },
    { "chi", "zh" }, { "zho", "zh" }, { "fre", "fr" }, { "fra", "fr" },
    { "eng", "en" }, { "jpn", "ja" }, { "dut", "nl" }, { "per", "fa" },
    { "wel", "cy" }, { "cze", "cs" }, { "gre", "el" }, { "tib", "bo" },
    /* no 639-1 code: the three-letter code stays */
    { "haw", "haw" }, { "yue", "yue" }, { "cmn", "cmn" }, { "ast", "ast" },
    /* special codes */
    { "und", "und" }, { "mul", "mul" }, { "zxx", "zxx" }, { "mis", "mis" },
    { "qaa", "qaa" }, { "qtz", "qtz" },
    /* regions, scripts, case */
    { "pt-BR", "pt-BR" }, { "pt-br", "pt-BR" }, { "por-BR", "pt-BR" },
    { "zh-Hant", "zh-Hant" }, { "zh-hant", "zh-Hant" },
    { "ZH-HANT-TW", "zh-Hant-TW" }, { "chi-Hans", "zh-Hans" },
    { "es-419", "es-419" }, { "sr-Latn-RS", "sr-Latn-RS" },
    { "de-CH-1996", "de-CH-1996" }, { "sl-rozaj-biske", "sl-rozaj-biske" },
    { "en-US-u-ca-gregory", "en-US-u-ca-gregory" },
    { "en-a-bbb-x-a-ccc", "en-a-bbb-x-a-ccc" },
    { "x-whatever", "x-whatever" }, { "en-x-Priv", "en-x-priv" },
    /* extended language subtags give way to their preferred value */
    { "zh-yue", "yue" }, { "zh-yue-HK", "yue-HK" },
    /* rejected: empty, garbage, unknown, malformed */
    { "", "" }, { "e_n", "" }, { "en_US", "" }, { "english", "" },
    { "xx", "" }, { "qzz", "" }, { "qqq", "qqq" }, { "e", "" }, { "en-", "" }, { "-en", "" },
    { "en--US", "" }, { "en-US-", "" }, { "en-a", "" }, { "en-a-b", "" },
    { "x", "" }, { "en-toolongsubtag", "" }, { "en US", "" },
    { "\x1b[31m", "" }, { "de\xff", "" }, { "1234", "" },
    { "en-Latn-Latn", "" }, { "en-US-GB", "" },
    { "en-x-aaaaaaaa-bbbbbbbb-cccccccc-dddddddd-eeeeeeee-ffffffff-gggggggg", "" },
};

static void test_lang_canonicalize_table(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof lang_cases / sizeof lang_cases[0]; i++) {
        char out[LANG_TAG_MAX];
        bool ok = lang_canonicalize(lang_cases[i].in, out);

        if (strcmp(out, lang_cases[i].out) != 0 ||
            ok != (lang_cases[i].out[0] != '\0'))
            fail_msg("lang_canonicalize(\"%s\") = %d \"%s\", want \"%s\"",
                     lang_cases[i].in, ok, out, lang_cases[i].out);
    }
}

static void test_lang_canonicalize_null(void **state)
{
    char out[LANG_TAG_MAX] = "junk";

    (void)state;
    assert_false(lang_canonicalize(NULL, out));
    assert_string_equal(out, "");
}

static void test_lang_canonical_is_fixed_point(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof lang_cases / sizeof lang_cases[0]; i++) {
        char once[LANG_TAG_MAX], twice[LANG_TAG_MAX];

        if (!lang_canonicalize(lang_cases[i].in, once))
            continue;
        assert_true(lang_canonicalize(once, twice));
        assert_string_equal(once, twice);
    }
}

static void test_lang_name(void **state)
{
    (void)state;
    assert_string_equal(lang_name("de"), "German");
    assert_string_equal(lang_name("de-CH"), "German");
    assert_string_equal(lang_name("zh-Hant"), "Chinese");
    assert_string_equal(lang_name("ger"), "German");
    assert_string_equal(lang_name("yue"), "Yue Chinese");
    assert_string_equal(lang_name("und"), "Undetermined");
    assert_null(lang_name(""));
    assert_null(lang_name("x-foo"));
    assert_null(lang_name("xx"));
    assert_null(lang_name(NULL));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_lang_canonicalize_table),
        cmocka_unit_test(test_lang_canonicalize_null),
        cmocka_unit_test(test_lang_canonical_is_fixed_point),
        cmocka_unit_test(test_lang_name),
    };
    return cmocka_run_group_tests_name("lang", tests, NULL, NULL);
}
