/* test_sidecar.c - subtitle files beside a film: what their names say,
 * which files are found and in what order. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "sidecar.h"
#include "tmpdir.h"

#include <stdio.h>
#include <string.h>

/* A name, the film's stem (NULL: a --sub-file), and what it says. */
static const struct {
    const char *name, *stem;
    bool ok;
    const char *language;
    bool forced, captions;
    const char *codec;
} names[] = {
    { "movie.srt", "movie", true, "", false, false, "subrip" },
    { "movie.en.srt", "movie", true, "en", false, false, "subrip" },
    { "movie.eng.srt", "movie", true, "en", false, false, "subrip" },
    { "movie.ger.srt", "movie", true, "de", false, false, "subrip" },
    { "movie.de.forced.srt", "movie", true, "de", true, false, "subrip" },
    { "movie.forced.de.srt", "movie", true, "de", true, false, "subrip" },
    { "movie.en.sdh.srt", "movie", true, "en", false, true, "subrip" },
    { "movie.en.cc.srt", "movie", true, "en", false, true, "subrip" },
    { "movie.en.hi.srt", "movie", true, "en", false, true, "subrip" },
    { "movie.hi.srt", "movie", true, "", false, true, "subrip" },
    { "movie.hin.srt", "movie", true, "hi", false, false, "subrip" },
    { "movie.pt-BR.srt", "movie", true, "pt-BR", false, false, "subrip" },
    { "movie.zh-hant.SDH.FORCED.srt", "movie", true, "zh-Hant", true, true,
      "subrip" },
    { "movie.fr.vtt", "movie", true, "fr", false, false, "webvtt" },
    { "movie.ASS", "movie", true, "", false, false, "ass" },
    { "movie.ja.ssa", "movie", true, "ja", false, false, "ass" },
    /* The parts are read from the end, up to the first that says
     * nothing: a title's words are never taken for languages. */
    { "movie.The.Director.srt", "movie", true, "", false, false, "subrip" },
    { "movie.Cut.en.srt", "movie", true, "en", false, false, "subrip" },
    { "movie.en.de.srt", "movie", true, "de", false, false, "subrip" },
    { "movie.en.txt", "movie", false, "", false, false, NULL },
    { "movie.mkv", "movie", false, "", false, false, NULL },
    { "movie2.en.srt", "movie", false, "", false, false, NULL },
    { "moviee.srt", "movie", false, "", false, false, NULL },
    { "other.en.srt", "movie", false, "", false, false, NULL },
    { ".srt", "movie", false, "", false, false, NULL },
    /* --sub-file: the first part is the film's name whatever it is. */
    { "/x/de.srt", NULL, true, "", false, false, "subrip" },
    { "/x/film.de.forced.srt", NULL, true, "de", true, false, "subrip" },
    { "dir.en/film.srt", NULL, true, "", false, false, "subrip" },
    { "film.sdh.vtt", NULL, true, "", false, true, "webvtt" },
};

static void test_sidecar_names(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        struct sidecar s = { .language = "zz" };
        bool ok = sidecar_parse_name(names[i].name, names[i].stem, &s);

        if (ok != names[i].ok)
            fail_msg("%s: %s, not %s", names[i].name, ok ? "taken" : "refused",
                     names[i].ok ? "taken" : "refused");
        if (!ok) {
            assert_string_equal(s.language, "zz"); /* untouched */
            continue;
        }
        if (strcmp(s.language, names[i].language) ||
            s.forced != names[i].forced || s.captions != names[i].captions ||
            strcmp(s.codec, names[i].codec))
            fail_msg("%s: language '%s' forced %d captions %d codec %s; "
                     "expected '%s' %d %d %s", names[i].name, s.language,
                     s.forced, s.captions, s.codec, names[i].language,
                     names[i].forced, names[i].captions, names[i].codec);
    }
}

static void touch(const char *dir, const char *name)
{
    char path[512];
    FILE *f;

    snprintf(path, sizeof path, "%s/%s", dir, name);
    f = fopen(path, "w");
    assert_non_null(f);
    fclose(f);
}

static void test_sidecar_finds_in_order(void **state)
{
    static const char *const files[] = {
        "movie.mkv", "movie.srt", "movie.en.srt", "movie.de.forced.srt",
        "movie.en.sdh.srt", "movie.ass", "movie.fr.vtt", "movie2.srt",
        "movie.en.txt", "Subs/movie.es.srt", "Subs/other.srt",
        "subs/movie.it.srt",
    };
    static const char *const want[] = {
        "movie.ass", "movie.de.forced.srt", "movie.en.sdh.srt",
        "movie.en.srt", "movie.fr.vtt", "movie.srt", "Subs/movie.es.srt",
        "subs/movie.it.srt", "notes.txt",
    };
    char dir[256], sub[300], film[300];
    struct sidecar_list list = { NULL, 0 };

    (void)state;
    assert_int_equal(tmpdir_make(dir, sizeof dir, "sidecar"), 0);
    snprintf(sub, sizeof sub, "%s/Subs", dir);
    assert_int_equal(mkdir(sub, 0700), 0);
    snprintf(sub, sizeof sub, "%s/subs", dir);
    assert_int_equal(mkdir(sub, 0700), 0);
    for (size_t i = 0; i < sizeof files / sizeof files[0]; i++)
        touch(dir, files[i]);
    /* A folder with a subtitle's name is no subtitle. */
    snprintf(sub, sizeof sub, "%s/movie.xx.srt", dir);
    assert_int_equal(mkdir(sub, 0700), 0);
    snprintf(film, sizeof film, "%s/movie.mkv", dir);
    sidecar_find(film, &list);
    sidecar_add_file(&list, "notes.txt"); /* --sub-file: any name */
    assert_int_equal(list.count, sizeof want / sizeof want[0]);
    for (size_t i = 0; i < list.count; i++)
        assert_string_equal(list.items[i].name, want[i]);
    snprintf(sub, sizeof sub, "%s/Subs/movie.es.srt", dir);
    assert_string_equal(list.items[6].path, sub);
    assert_string_equal(list.items[6].language, "es");
    assert_true(list.items[1].forced);
    assert_true(list.items[2].captions);
    assert_null(list.items[8].codec);
    sidecar_list_free(&list);
    /* A URL or standard input has none. */
    sidecar_find("http://example.com/movie.mkv", &list);
    sidecar_find("-", &list);
    assert_int_equal(list.count, 0);
    tmpdir_remove(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sidecar_names),
        cmocka_unit_test(test_sidecar_finds_in_order),
    };
    return cmocka_run_group_tests_name("sidecar", tests, NULL, NULL);
}
