/* test_fragment.c - media fragments after a name: what each asks for,
 * what is refused and how it is named, when a name is split at all, and
 * which tracks a fragment enables. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "fragment.h"
#include "tmpdir.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const struct {
    const char *s;
    int rc;           /* fragment_parse's answer */
    bool has_time;
    double start, end;
    const char *tracks; /* the names joined by '|', or NULL */
} parse_cases[] = {
    { "t=10,20", 1, true, 10, 20, NULL },
    { "t=npt:10,20", 1, true, 10, 20, NULL },
    { "t=10", 1, true, 10, 0, NULL },
    { "t=,20", 1, true, 0, 20, NULL },
    { "t=npt:,20", 1, true, 0, 20, NULL },
    { "t=0", 1, true, 0, 0, NULL },
    { "t=2.5,5.25", 1, true, 2.5, 5.25, NULL },
    { "t=0:01:30.5,0:02:00", 1, true, 90.5, 120, NULL },
    { "t=01:02:03.250", 1, true, 3723.25, 0, NULL },
    { "t=1:30,2:00", 1, true, 90, 120, NULL },
    { "t=1,2&t=3,4", 1, true, 3, 4, NULL },          /* the last t */
    { "%74=10,20", 1, true, 10, 20, NULL },          /* name encoded */
    { "t=10%2C20", 1, true, 10, 20, NULL },          /* value encoded */
    { "t=npt%3A10", 1, true, 10, 0, NULL },
    { "track=3", 1, false, 0, 0, "3" },
    { "track=1&track=3", 1, false, 0, 0, "1|3" },
    { "track=English%20commentary", 1, false, 0, 0, "English commentary" },
    { "track=%C3%A9t%C3%A9", 1, false, 0, 0, "\xc3\xa9t\xc3\xa9" },
    { "track=a%26b", 1, false, 0, 0, "a&b" },
    { "track=a%23b", 1, false, 0, 0, "a#b" },
    { "t=2,5&track=3", 1, true, 2, 5, "3" },
    { "track=3&t=2,5", 1, true, 2, 5, "3" },
    { "xywh=160,120,320,240&t=1", 1, true, 1, 0, NULL }, /* unknown: ignored */
    { "id=chapter-1&track=2", 1, false, 0, 0, "2" },
    { "foo&t=1", 1, true, 1, 0, NULL },              /* no '=': ignored */
    { "&&t=1&", 1, true, 1, 0, NULL },
    { "T=1", 0, false, 0, 0, NULL },                 /* names are exact */
    { "xywh=1,2,3,4", 0, false, 0, 0, NULL },
    { "section", 0, false, 0, 0, NULL },
    { "", 0, false, 0, 0, NULL },
    { "foo=%zz", 0, false, 0, 0, NULL },             /* not ours: ignored */
};

/* What is refused, and the part its message must quote. */
static const struct {
    const char *s;
    const char *quoted;
} refused[] = {
    { "t=x", "\"t=x\"" },
    { "t=", "\"t=\"" },
    { "t=,", "\"t=,\"" },
    { "t=10,", "\"t=10,\"" },
    { "t=20,10", "\"t=20,10\"" },
    { "t=10,10", "\"t=10,10\"" },
    { "t=1,2,3", "\"t=1,2,3\"" },
    { "t=-5", "\"t=-5\"" },
    { "t=+5", "\"t=+5\"" },
    { "t=50%25", "\"t=50%25\"" },
    { "t=1:75", "\"t=1:75\"" },
    { "t=.5", "\"t=.5\"" },
    { "t=1e3", "\"t=1e3\"" },
    { "t=inf", "\"t=inf\"" },
    { "t=smpte:0:00:10:00", "\"t=smpte:0:00:10:00\"" },
    { "t=clock:2011-01-01T10:00:00Z", "\"t=clock:2011" },
    { "t=%20", "\"t=%20\"" },
    { "t=1&track=2&t=y", "\"t=y\"" },
    { "track=", "\"track=\"" },
    { "track=%", "\"track=%\"" },
    { "track=%4", "\"track=%4\"" },
    { "track=%g1", "\"track=%g1\"" },
    { "track=a%00b", "\"track=a%00b\"" },
    { "t%=1", "\"t%=1\"" },
};

static void join(char *buf, size_t n, const struct fragment *f)
{
    buf[0] = '\0';
    for (size_t i = 0; i < f->ntracks; i++) {
        if (i)
            strncat(buf, "|", n - strlen(buf) - 1);
        strncat(buf, f->tracks[i], n - strlen(buf) - 1);
    }
}

static void test_fragment_parse_table(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof parse_cases / sizeof parse_cases[0]; i++) {
        struct fragment f;
        char *err = NULL, names[256];
        int rc = fragment_parse(parse_cases[i].s, &f, &err);

        if (rc != parse_cases[i].rc)
            fail_msg("\"%s\": %d, want %d (%s)", parse_cases[i].s, rc,
                     parse_cases[i].rc, err ? err : "");
        assert_null(err);
        assert_int_equal(f.has_time, parse_cases[i].has_time);
        assert_true(f.start == parse_cases[i].start);
        assert_true(f.end == parse_cases[i].end);
        join(names, sizeof names, &f);
        assert_string_equal(names, parse_cases[i].tracks
                                   ? parse_cases[i].tracks : "");
        fragment_free(&f);
        fragment_free(&f); /* idempotent */
    }
}

static void test_fragment_refused_names_the_part(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof refused / sizeof refused[0]; i++) {
        struct fragment f;
        char *err = NULL;

        if (fragment_parse(refused[i].s, &f, &err) != -1)
            fail_msg("\"%s\" was taken", refused[i].s);
        assert_non_null(err);
        if (!strstr(err, refused[i].quoted))
            fail_msg("\"%s\": the message \"%s\" does not quote %s",
                     refused[i].s, err, refused[i].quoted);
        assert_int_equal(f.ntracks, 0);
        assert_null(f.tracks);
        free(err);
    }
}

/* A name that is there is never split; one that is not is split at its
 * last '#' when what follows names t or track. */
static void test_fragment_split_only_names_that_are_not_there(void **state)
{
    char dir[256], lit[512], plain[512], arg[600];
    char *path = NULL, *err = NULL;
    struct fragment f;
    FILE *fp;

    (void)state;
    assert_int_equal(tmpdir_make(dir, sizeof dir, "fragment"), 0);
    snprintf(lit, sizeof lit, "%s/a.mkv#t=1", dir);
    snprintf(plain, sizeof plain, "%s/b.mkv", dir);
    fp = fopen(lit, "w");
    assert_non_null(fp);
    fclose(fp);

    assert_int_equal(fragment_split(lit, &path, &f, &err), 0);
    assert_string_equal(path, lit);
    assert_false(f.has_time);
    free(path);

    snprintf(arg, sizeof arg, "%s#t=2,5&track=3", plain);
    assert_int_equal(fragment_split(arg, &path, &f, &err), 1);
    assert_string_equal(path, plain);
    assert_true(f.has_time && f.start == 2 && f.end == 5);
    assert_int_equal(f.ntracks, 1);
    assert_string_equal(f.tracks[0], "3");
    free(path);
    fragment_free(&f);

    /* The last '#': a folder "x#1" in the name stays in the path. */
    assert_int_equal(fragment_split("x#1/c.mkv#t=4", &path, &f, &err), 1);
    assert_string_equal(path, "x#1/c.mkv");
    assert_true(f.start == 4);
    free(path);
    fragment_free(&f);

    /* Nothing tplay reads after the '#': the name as it is. */
    assert_int_equal(fragment_split("d#e.mkv", &path, &f, &err), 0);
    assert_string_equal(path, "d#e.mkv");
    free(path);
    assert_int_equal(fragment_split("http://h/v.mkv#t=3", &path, &f, &err),
                     1);
    assert_string_equal(path, "http://h/v.mkv");
    free(path);
    fragment_free(&f);

    assert_int_equal(fragment_split("nowhere.mkv#t=x", &path, &f, &err), -1);
    assert_null(path);
    assert_non_null(strstr(err, "\"t=x\""));
    free(err);

    tmpdir_remove(dir);
}

static struct track tracks3[] = {
    { .id = (char *)"1", .label = (char *)"English", .enabled = true },
    { .id = (char *)"2", .label = (char *)"Commentary" },
    { .id = (char *)"3", .label = (char *)"1" }, /* a label like an id */
};

static const struct {
    const char *frag;
    bool replaced;
    const char *enabled; /* 'x' or '-' per track */
    const char *missing;
} apply_cases[] = {
    { "track=3", true, "--x", NULL },
    { "track=2&track=3", true, "-xx", NULL },
    { "track=Commentary", true, "-x-", NULL },
    { "track=1", true, "x--", NULL },     /* the id before the label */
    { "track=9", false, "x--", "9" },     /* nothing named: as it was */
    { "track=9&track=2", true, "-x-", "9" },
    { "track=english", false, "x--", "english" }, /* bytewise */
    { "t=1", false, "x--", NULL },
};

static void test_fragment_apply_tracks_table(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof apply_cases / sizeof apply_cases[0]; i++) {
        struct track_list list = { tracks3, 3 };
        struct fragment f;
        char *err = NULL, got[4];
        const char *missing;

        for (size_t k = 0; k < 3; k++)
            tracks3[k].enabled = k == 0;
        assert_int_equal(fragment_parse(apply_cases[i].frag, &f, &err), 1);
        assert_int_equal(fragment_apply_tracks(&f, &list, &missing),
                         apply_cases[i].replaced);
        for (size_t k = 0; k < 3; k++)
            got[k] = tracks3[k].enabled ? 'x' : '-';
        got[3] = '\0';
        if (strcmp(got, apply_cases[i].enabled) != 0)
            fail_msg("%s: %s, want %s", apply_cases[i].frag, got,
                     apply_cases[i].enabled);
        if (apply_cases[i].missing)
            assert_string_equal(missing, apply_cases[i].missing);
        else
            assert_null(missing);
        fragment_free(&f);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_fragment_parse_table),
        cmocka_unit_test(test_fragment_refused_names_the_part),
        cmocka_unit_test(test_fragment_split_only_names_that_are_not_there),
        cmocka_unit_test(test_fragment_apply_tracks_table),
    };
    return cmocka_run_group_tests_name("fragment", tests, NULL, NULL);
}
