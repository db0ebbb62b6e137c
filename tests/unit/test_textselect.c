/* test_textselect.c - subtitle preferences x the audio x text tracks ->
 * the tracks showing, as a table (docs/tracks.md "Which subtitles start
 * showing" is the same table in words). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "textselect.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/*
 * slang, alang: comma-separated raw tags ([subtitles] and [audio]
 * languages), canonicalised as the config does.  kinds: NULL for the
 * defaults.  sec: [subtitles] secondary.  audio: the audio tracks'
 * languages, "*" after the enabled ones ("-" for none).  tracks:
 * "lang/kind[/flags]", lang "-" for none, kind sub cap desc chap meta,
 * flags d default, f forced, b bitmap, n unknown to libmpv (mpv_id -1).
 * want: "primary secondary", indices or "-".
 */
static const struct {
    int show;
    const char *slang, *alang, *kinds, *sec, *audio, *tracks, *want;
} cases[] = {
    /* No language preferences: a forced track in the audio's language,
     * else an untagged forced one; the default flag alone shows nothing. */
    { 1, "", "", NULL, "", "en*", "en/sub/d en/sub/f", "1 -" },
    { 1, "", "", NULL, "", "en*", "en/sub/d en/cap/d", "- -" },
    { 1, "", "", NULL, "", "de*", "en/sub/f", "- -" },
    { 1, "", "", NULL, "", "en*", "-/sub/f de/sub/f", "0 -" },
    { 1, "", "", NULL, "", "en*", "-/sub/f en/sub/f", "1 -" },
    { 1, "", "", NULL, "", "en-US*", "de/sub/f en/sub/f", "1 -" },
    { 1, "", "", NULL, "", "de*", "en/sub/f de-CH/sub/f", "1 -" },
    { 1, "", "", NULL, "", "und*", "en/sub/f und/sub/f", "1 -" },
    { 1, "", "", NULL, "", "-", "en/sub/f -/sub/f", "1 -" },
    /* The audio in a language the user reads: only its forced track. */
    { 1, "en", "", NULL, "", "en*", "en/sub/d en/sub/f de/sub", "1 -" },
    { 1, "en", "", NULL, "", "en*", "en/sub/d en/cap", "- -" },
    { 1, "de,en", "", NULL, "", "en*", "de/sub en/sub/f", "1 -" },
    { 1, "ger", "", NULL, "", "deu*", "de/sub ger/sub/f", "1 -" },
    { 1, "eng", "", NULL, "", "en*", "eng/sub/f", "0 -" },
    { 1, "pt-BR", "", NULL, "", "pt*", "pt-BR/sub pt/sub/f", "1 -" },
    { 1, "de", "", NULL, "", "de-AT*", "de/sub de-AT/sub/f", "1 -" },
    /* ...else the first preferred language's full subtitles. */
    { 1, "en", "", NULL, "", "ja*", "ja/sub/f en/sub", "1 -" },
    { 1, "de,en", "", NULL, "", "ja*", "en/sub de/sub", "1 -" },
    { 1, "fr,en", "", NULL, "", "ja*", "en/sub de/sub", "0 -" },
    { 1, "ger", "", NULL, "", "jpn*", "eng/sub deu/sub", "1 -" },
    /* a forced track is no full subtitles; none found: the audio's
     * forced track */
    { 1, "en", "", NULL, "", "ja*", "en/sub/f de/sub", "- -" },
    { 1, "en", "", NULL, "", "ja*", "ja/sub/f de/sub", "0 -" },
    /* RFC 4647 lookup, as for audio */
    { 1, "de", "", NULL, "", "ja*", "de-CH/sub", "0 -" },
    { 1, "de", "", NULL, "", "ja*", "de-CH/sub de/sub", "1 -" },
    { 1, "de", "", NULL, "", "ja*", "den/sub", "- -" },
    { 1, "pt-BR,en", "", NULL, "", "ja*", "en/sub pt/sub", "1 -" },
    { 1, "pt-BR", "", NULL, "", "ja*", "pt/sub pt-BR/sub", "1 -" },
    { 1, "zh-Hant-TW", "", NULL, "", "ja*", "zh-Hans/sub zh-Hant/sub", "1 -" },
    { 1, "x-klingon", "", NULL, "", "ja*", "x-elvish/sub", "- -" },
    /* und and "" never match a preference */
    { 1, "en", "", NULL, "", "ja*", "-/sub/d und/sub", "- -" },
    { 1, "und,en", "", NULL, "", "ja*", "und/sub/d en/sub", "1 -" },
    /* kinds, then the default flag, then file order */
    { 1, "en", "", NULL, "", "ja*", "en/cap en/sub", "1 -" },
    { 1, "en", "", "captions,subtitles", "", "ja*", "en/sub/d en/cap", "1 -" },
    { 1, "en", "", "subtitles", "", "ja*", "en/cap", "0 -" },
    { 1, "en", "", "captions", "", "ja*", "en/sub/d en/cap", "1 -" },
    { 1, "en", "", NULL, "", "ja*", "en/cap/d en/sub", "1 -" },
    { 1, "en", "", NULL, "", "ja*", "en/sub en/sub/d", "1 -" },
    { 1, "en", "", NULL, "", "ja*", "en/sub en/sub", "0 -" },
    /* descriptions, metadata and chapters never, unless descriptions
     * is asked for */
    { 1, "en", "", NULL, "", "ja*", "en/desc/d", "- -" },
    { 1, "en", "", NULL, "", "ja*", "en/meta/d", "- -" },
    { 1, "en", "", NULL, "", "ja*", "en/chap en/sub", "1 -" },
    { 1, "en", "", "captions,subtitles", "", "ja*", "en/desc/d", "- -" },
    { 1, "en", "", "descriptions,subtitles", "", "ja*", "en/sub en/desc", "1 -" },
    { 1, "", "", NULL, "", "en*", "en/desc/f en/chap/f", "- -" },
    /* bitmaps like any other; what libmpv does not know, never */
    { 1, "en", "", NULL, "", "ja*", "en/sub/b", "0 -" },
    { 1, "en", "", NULL, "", "ja*", "en/sub/n en/cap", "1 -" },
    { 1, "", "", NULL, "", "en*", "en/sub/fn", "- -" },
    /* No subtitle languages: the audio ones stand in. */
    { 1, "", "en", NULL, "", "en*", "en/sub en/sub/f", "1 -" },
    { 1, "", "ja,en", NULL, "", "ja*", "en/sub", "- -" },
    { 1, "", "en", NULL, "", "ja*", "en/sub ja/sub/f", "0 -" },
    /* ...but not beside them: audio ja, subtitles en */
    { 1, "en", "ja,en", NULL, "", "ja*", "en/sub", "0 -" },
    /* The audio: its language unknown is not read; the first enabled */
    { 1, "en", "", NULL, "", "und*", "en/sub", "0 -" },
    { 1, "en", "", NULL, "", "-*", "en/sub", "0 -" },
    { 1, "en", "", NULL, "", "", "en/sub", "0 -" },
    { 1, "en", "", NULL, "", "en ja*", "en/sub", "0 -" },
    { 1, "en", "", NULL, "", "en* ja*", "en/sub", "- -" },
    /* --no-sub: nothing, forced and secondary neither */
    { 0, "en", "", NULL, "ja", "ja*", "en/sub ja/sub/f ja/sub", "- -" },
    { 0, "", "", NULL, "", "en*", "en/sub/f", "- -" },
    /* secondary: the best other track in its language, as text */
    { 1, "en", "", NULL, "ja", "ja*", "en/sub ja/sub", "0 1" },
    { 1, "en", "", NULL, "ja", "ja*", "en/sub", "0 -" },
    { 1, "en", "", NULL, "en", "ja*", "en/sub en/cap", "0 1" },
    { 1, "en", "", NULL, "en", "ja*", "en/sub", "0 -" },
    { 1, "en", "", NULL, "ja", "ja*", "en/sub ja/sub/b ja/sub/f ja/cap", "0 3" },
    { 1, "en", "", NULL, "ja", "en*", "en/sub ja/sub", "- 1" },
    { 1, "en", "", NULL, "zh-Hant", "ja*", "en/sub zh/sub", "0 1" },
    { 1, "en", "", NULL, "jpn", "ja*", "jpn/sub/d en/sub", "1 0" },
    { 1, "en", "", NULL, "ja", "ja*", "en/sub ja/sub/n", "0 -" },
};

static int kind_of(const char *s)
{
    static const char *const names[] = { "sub", "cap", "desc", "chap",
                                         "meta" };
    static const enum text_kind kinds[] = {
        TEXT_KIND_SUBTITLES, TEXT_KIND_CAPTIONS, TEXT_KIND_DESCRIPTIONS,
        TEXT_KIND_CHAPTERS, TEXT_KIND_METADATA,
    };

    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (strcmp(s, names[i]) == 0)
            return (int)kinds[i];
    fail_msg("bad kind %s in test table", s);
    return 0;
}

/* A raw tag as the config and the track list keep it: canonical. */
static void canon(const char *raw, char out[LANG_TAG_MAX])
{
    if (strcmp(raw, "-") == 0)
        out[0] = '\0';
    else if (!lang_canonicalize(raw, out))
        fail_msg("bad language %s in test table", raw);
}

static size_t langs(const char *list, char (*out)[LANG_TAG_MAX])
{
    char buf[256], *save = NULL;
    size_t n = 0;

    snprintf(buf, sizeof buf, "%s", list);
    for (char *l = strtok_r(buf, ",", &save); l; l = strtok_r(NULL, ",", &save))
        canon(l, out[n++]);
    return n;
}

static void build_audio(const char *spec, struct track *tracks, size_t *n)
{
    char buf[256], *save = NULL;

    snprintf(buf, sizeof buf, "%s", spec);
    *n = 0;
    for (char *t = strtok_r(buf, " ", &save); t; t = strtok_r(NULL, " ", &save)) {
        struct track *tr = &tracks[(*n)++];
        size_t len = strlen(t);

        memset(tr, 0, sizeof *tr);
        tr->enabled = t[len - 1] == '*';
        if (tr->enabled)
            t[len - 1] = '\0';
        canon(t, tr->language);
    }
}

static void build_text(const char *spec, struct text_track *tracks, size_t *n)
{
    char buf[512], *save = NULL;

    snprintf(buf, sizeof buf, "%s", spec);
    *n = 0;
    for (char *t = strtok_r(buf, " ", &save); t; t = strtok_r(NULL, " ", &save)) {
        char *kind = strchr(t, '/'), *flags;
        struct text_track *tr = &tracks[*n];

        memset(tr, 0, sizeof *tr);
        *kind++ = '\0';
        flags = strchr(kind, '/');
        if (flags)
            *flags++ = '\0';
        canon(t, tr->language);
        tr->kind = (enum text_kind)kind_of(kind);
        tr->mpv_id = (int64_t)*n + 1;
        tr->mode = TEXT_MODE_SHOWING; /* the choice must set every mode */
        for (; flags && *flags; flags++)
            switch (*flags) {
            case 'd': tr->flags |= TEXT_FLAG_DEFAULT; break;
            case 'f': tr->flags |= TEXT_FLAG_FORCED; break;
            case 'b': tr->bitmap = true; break;
            case 'n': tr->mpv_id = -1; break;
            default: fail_msg("bad flag %c in test table", *flags);
            }
        (*n)++;
    }
}

static void index_name(long i, char *out, size_t size)
{
    if (i < 0)
        snprintf(out, size, "-");
    else
        snprintf(out, size, "%ld", i);
}

static void test_textselect_table(void **state)
{
    (void)state;
    for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
        struct textselect_prefs p;
        struct select_prefs audio_prefs;
        struct track audio[4];
        struct text_track text[8];
        struct track_list alist = { audio, 0 };
        struct text_track_list tlist = { text, 0 };
        struct textselect_choice got;
        char kinds[128], pri[24], sec[24], both[64];

        textselect_prefs_default(&p);
        select_prefs_default(&audio_prefs);
        p.show = cases[c].show;
        p.nlanguages = langs(cases[c].slang, p.languages);
        audio_prefs.nlanguages = langs(cases[c].alang, audio_prefs.languages);
        if (cases[c].kinds) {
            char *save = NULL;

            snprintf(kinds, sizeof kinds, "%s", cases[c].kinds);
            p.nkinds = 0;
            for (char *k = strtok_r(kinds, ",", &save); k;
                 k = strtok_r(NULL, ",", &save))
                p.kinds[p.nkinds++] = (enum text_kind)text_kind_named(k);
        }
        if (cases[c].sec[0])
            canon(cases[c].sec, p.secondary);
        build_audio(cases[c].audio, audio, &alist.count);
        build_text(cases[c].tracks, text, &tlist.count);

        got = textselect_choose(&p, &audio_prefs, &alist, &tlist);
        index_name(got.primary, pri, sizeof pri);
        index_name(got.secondary, sec, sizeof sec);
        snprintf(both, sizeof both, "%s %s", pri, sec);
        if (strcmp(both, cases[c].want) != 0)
            fail_msg("case %zu: show %d slang \"%s\" alang \"%s\" kinds %s "
                     "secondary \"%s\" audio \"%s\" tracks \"%s\": got \"%s\", "
                     "want \"%s\"", c, cases[c].show, cases[c].slang,
                     cases[c].alang, cases[c].kinds ? cases[c].kinds
                     : "(default)", cases[c].sec, cases[c].audio,
                     cases[c].tracks, both, cases[c].want);
        /* Showing: the two picked; hidden: chapters; the rest disabled. */
        for (size_t i = 0; i < tlist.count; i++) {
            enum text_mode want = (long)i == got.primary ||
                                  (long)i == got.secondary
                ? TEXT_MODE_SHOWING
                : text[i].kind == TEXT_KIND_CHAPTERS ? TEXT_MODE_HIDDEN
                                                     : TEXT_MODE_DISABLED;

            if (text[i].mode != want)
                fail_msg("case %zu: track %zu is %s, want %s", c, i,
                         text_mode_name(text[i].mode), text_mode_name(want));
        }
    }
}

/* Without an [audio] list or any audio at all (NULL), and with no text
 * track: nothing is picked, nothing breaks. */
static void test_textselect_nothing_to_choose(void **state)
{
    struct textselect_prefs p;
    struct text_track t = { .kind = TEXT_KIND_SUBTITLES, .mpv_id = 1,
                            .flags = TEXT_FLAG_FORCED };
    struct text_track_list one = { &t, 1 }, none = { NULL, 0 };
    struct textselect_choice c;

    (void)state;
    textselect_prefs_default(&p);
    c = textselect_choose(&p, NULL, NULL, &none);
    assert_int_equal(c.primary, -1);
    assert_int_equal(c.secondary, -1);
    c = textselect_choose(&p, NULL, NULL, &one); /* untagged forced */
    assert_int_equal(c.primary, 0);
    assert_int_equal(t.mode, TEXT_MODE_SHOWING);
    /* What player_set_subtitles takes. */
    t.mpv_id = 7;
    assert_int_equal(textselect_mpv_id(&one, c.primary), 7);
    assert_int_equal(textselect_mpv_id(&one, c.secondary), -1);
    assert_int_equal(textselect_mpv_id(&one, 1), -1);
    assert_int_equal(textselect_mpv_id(&none, 0), -1);
}

/* The defaults the settings table writes: show, subtitles then captions,
 * no languages, no secondary. */
static void test_textselect_defaults(void **state)
{
    struct textselect_prefs p;

    (void)state;
    textselect_prefs_default(&p);
    assert_true(p.show);
    assert_int_equal(p.nlanguages, 0);
    assert_int_equal(p.nkinds, 2);
    assert_int_equal(p.kinds[0], TEXT_KIND_SUBTITLES);
    assert_int_equal(p.kinds[1], TEXT_KIND_CAPTIONS);
    assert_string_equal(p.secondary, "");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_textselect_table),
        cmocka_unit_test(test_textselect_nothing_to_choose),
        cmocka_unit_test(test_textselect_defaults),
    };
    return cmocka_run_group_tests_name("textselect", tests, NULL, NULL);
}
