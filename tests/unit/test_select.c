/* test_select.c - preferences x track sets -> enabled tracks, as a table
 * in the manner of mpv's test/language.c. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "select.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Tracks: "lang/kind[/d]" separated by spaces; kind "-" means "".
 * Preferences: raw tags, canonicalised as the config does. */
static const struct {
    const char *prefs;   /* comma-separated language preferences */
    const char *kinds;   /* NULL: defaults; else comma-separated */
    const char *also;    /* NULL: none */
    const char *tracks;
    const char *want;    /* enabled track indices, space-separated */
} select_cases[] = {
    /* no preferences: default flag, else the first */
    { "", NULL, NULL, "en/main de/translation", "0" },
    { "", NULL, NULL, "en/- de/main/d", "1" },
    /* exact matches, in preference order */
    { "ja,en", NULL, NULL, "en/main/d ja/translation", "1" },
    { "en,ja", NULL, NULL, "en/main/d ja/translation", "0" },
    { "fr,ja", NULL, NULL, "en/main/d ja/translation", "1" },
    /* ISO 639-2/B and /T on either side */
    { "ger", NULL, NULL, "en/main/d de/translation", "1" },
    { "deu", NULL, NULL, "en/main/d de/translation", "1" },
    { "chi", NULL, NULL, "en/main/d zh/translation", "1" },
    { "fre", NULL, NULL, "en/main/d fr/translation", "1" },
    /* RFC 4647 lookup: truncate the preference */
    { "pt-BR", NULL, NULL, "en/main/d pt/translation", "1" },
    { "zh-Hant-TW", NULL, NULL, "en/main/d zh-Hant/translation zh/translation", "1" },
    { "zh-Hant", NULL, NULL, "en/main/d zh/translation", "1" },
    /* exact beats truncation, whatever the order in the file */
    { "pt-BR", NULL, NULL, "pt/main/d pt-BR/translation", "1" },
    /* basic filtering: "de" takes a lone "de-CH", but prefers plain "de" */
    { "de", NULL, NULL, "en/main/d de-CH/translation", "1" },
    { "de", NULL, NULL, "de-CH/translation de/translation", "1" },
    { "de", NULL, NULL, "en/main/d den/translation", "0" },
    /* pt-BR falls back to pt-PT before the next preference */
    { "pt-BR,en", NULL, NULL, "en/main/d pt-PT/translation", "1" },
    /* a private use preference never widens to every "x-" tag */
    { "x-klingon", NULL, NULL, "en/main/d x-elvish/translation", "0" },
    { "x-klingon", NULL, NULL, "en/main/d x-klingon/translation", "1" },
    /* scripts */
    { "sr-Latn", NULL, NULL, "sr-Cyrl/main/d sr-Latn/translation", "1" },
    /* und and "" never match; garbage preferences are skipped */
    { "und", NULL, NULL, "und/main de/translation/d", "1" },
    { "und,en", NULL, NULL, "und/main/d en/translation", "1" },
    { "en", NULL, NULL, "-/main de/translation/d", "1" },
    /* no match at all: the default-flagged track */
    { "ko", NULL, NULL, "en/main ja/translation/d", "1" },
    /* several matches: preferred kind, then the default flag, then order */
    { "en", NULL, NULL, "en/commentary/d en/main", "1" },
    { "en", NULL, NULL, "en/translation en/main", "1" },
    { "en", NULL, NULL, "en/main en/main/d", "1" },
    { "en", NULL, NULL, "en/main en/main", "0" },
    { "en", NULL, NULL, "en/descriptions en/- en/main-desc", "1" },
    /* avoided kinds never win on language alone */
    { "ja,en", NULL, NULL, "ja/commentary en/main/d", "1" },
    { "de", NULL, NULL, "en/main/d de/descriptions", "0" },
    /* ...unless asked for: kinds override avoid-kinds */
    { "en", "commentary,main", NULL, "en/main/d en/commentary", "1" },
    { "en", "main-desc,main", NULL, "en/main/d en/main-desc", "1" },
    { "en", "main-desc,main", NULL, "en/main/d de/main-desc", "0" },
    /* also-enable: mix the extra kind in the chosen language */
    { "en", NULL, "descriptions", "en/main/d en/descriptions de/descriptions", "0 1" },
    { "de", NULL, "descriptions", "en/main/d en/descriptions de/translation de/descriptions", "2 3" },
    { "de", NULL, "descriptions", "en/main/d en/descriptions de-AT/translation", "2" },
    { "fr", NULL, "descriptions", "en/main/d en/descriptions", "0 1" },
    { "en", NULL, "commentary,descriptions", "en/main/d en/commentary en/descriptions", "0 1 2" },
    { "en", NULL, "descriptions", "en/main/d en/descriptions/d en/descriptions", "0 1" },
};

static enum track_kind parse_kind(const char *s)
{
    static const char *const names[] = { "-", "main", "translation",
        "commentary", "descriptions", "main-desc", "alternative" };

    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (strcmp(s, names[i]) == 0)
            return (enum track_kind)i;
    fail_msg("bad kind %s in test table", s);
    return TRACK_KIND_NONE;
}

static size_t parse_kinds(const char *s, enum track_kind *out)
{
    char buf[256], *save = NULL;
    size_t n = 0;

    snprintf(buf, sizeof buf, "%s", s);
    for (char *k = strtok_r(buf, ",", &save); k; k = strtok_r(NULL, ",", &save))
        out[n++] = parse_kind(k);
    return n;
}

static void build(const char *spec, struct track *tracks, size_t *n)
{
    char buf[512], *save = NULL;

    snprintf(buf, sizeof buf, "%s", spec);
    *n = 0;
    for (char *t = strtok_r(buf, " ", &save); t; t = strtok_r(NULL, " ", &save)) {
        char *lang = t, *kind = strchr(t, '/'), *def;
        struct track *tr = &tracks[(*n)++];

        memset(tr, 0, sizeof *tr);
        *kind++ = '\0';
        def = strchr(kind, '/');
        if (def)
            *def = '\0';
        tr->kind = parse_kind(kind);
        tr->flags = def ? TRACK_FLAG_DEFAULT : 0;
        if (strcmp(lang, "-") != 0 && !lang_canonicalize(lang, tr->language))
            fail_msg("bad language %s in test table", lang);
    }
}

static void test_select_table(void **state)
{
    (void)state;
    for (size_t c = 0; c < sizeof select_cases / sizeof select_cases[0]; c++) {
        struct select_prefs p;
        struct track tracks[16];
        struct track_list list = { tracks, 0 };
        char buf[256], *save = NULL, got[64] = "";

        select_prefs_default(&p);
        snprintf(buf, sizeof buf, "%s", select_cases[c].prefs);
        for (char *l = strtok_r(buf, ",", &save); l; l = strtok_r(NULL, ",", &save))
            if (lang_canonicalize(l, p.languages[p.nlanguages]))
                p.nlanguages++;
        if (select_cases[c].kinds)
            p.nkinds = parse_kinds(select_cases[c].kinds, p.kinds);
        if (select_cases[c].also)
            p.nalso = parse_kinds(select_cases[c].also, p.also);
        build(select_cases[c].tracks, tracks, &list.count);
        select_tracks(&p, &list);
        for (size_t i = 0; i < list.count; i++)
            if (tracks[i].enabled)
                snprintf(got + strlen(got), sizeof got - strlen(got), "%s%zu",
                         got[0] ? " " : "", i);
        if (strcmp(got, select_cases[c].want) != 0)
            fail_msg("case %zu: prefs \"%s\" kinds %s also %s tracks \"%s\": "
                     "enabled \"%s\", want \"%s\"", c, select_cases[c].prefs,
                     select_cases[c].kinds ? select_cases[c].kinds : "(default)",
                     select_cases[c].also ? select_cases[c].also : "(none)",
                     select_cases[c].tracks, got, select_cases[c].want);
    }
}

#define TRUNCATE_STEPS 3

/* RFC 4647 lookup fallback: a tag, what each lang_truncate leaves (the
 * calls that return true), then what the false one leaves. */
static const struct {
    const char *tag, *steps[TRUNCATE_STEPS], *last;
} truncate_cases[] = {
    { "zh-Hant-TW", { "zh-Hant", "zh" }, "zh" },
    { "en-a-bbb-x-c", { "en-a-bbb", "en" }, "en" },
    { "en-x-a-b", { "en" }, "en" },
    /* private use: no wider range than itself */
    { "x-klingon", { NULL }, "" },
    { "x-a-b", { NULL }, "" },
    { "i-klingon-x", { "i-klingon" }, "" },
};

static void test_lang_truncate_and_prefix(void **state)
{
    char t[LANG_TAG_MAX];

    (void)state;
    for (size_t c = 0; c < sizeof truncate_cases / sizeof truncate_cases[0];
         c++) {
        strcpy(t, truncate_cases[c].tag);
        for (size_t i = 0; i < TRUNCATE_STEPS && truncate_cases[c].steps[i];
             i++) {
            assert_true(lang_truncate(t));
            assert_string_equal(t, truncate_cases[c].steps[i]);
        }
        assert_false(lang_truncate(t));
        assert_string_equal(t, truncate_cases[c].last);
    }
    assert_true(lang_prefix_match("de", "de-CH"));
    assert_true(lang_prefix_match("de", "de"));
    assert_false(lang_prefix_match("de", "den"));
    assert_false(lang_prefix_match("", "de"));
    assert_false(lang_prefix_match("de-CH", "de"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_select_table),
        cmocka_unit_test(test_lang_truncate_and_prefix),
    };
    return cmocka_run_group_tests_name("select", tests, NULL, NULL);
}
