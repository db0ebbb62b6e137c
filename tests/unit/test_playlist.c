/* test_playlist.c - arguments to a playlist: natural order, the shuffle,
 * folders walked and .m3u files read in a private folder, and every
 * problem a user is shown. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "tmpdir.h"

#include "playlist.h"
#include "problems.h"
#include "strbuf.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>


static char tmp[64]; /* this run's private folder */

static int setup(void **state)
{
    (void)state;
    return tmpdir_make(tmp, sizeof tmp, "playlist");
}

static int teardown(void **state)
{
    (void)state;
    tmpdir_remove(tmp);
    return 0;
}

/* tmp/rel, made with its folders; text NULL: a folder. */
static void put(const char *rel, const char *text, size_t len)
{
    char path[4096];

    snprintf(path, sizeof path, "%s/%s", tmp, rel);
    for (char *s = strchr(path + strlen(tmp) + 1, '/'); s;
         s = strchr(s + 1, '/')) {
        *s = '\0';
        assert_true(mkdir(path, 0755) == 0 || errno == EEXIST);
        *s = '/';
    }
    if (!text) {
        assert_int_equal(mkdir(path, 0755), 0);
    } else {
        int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);

        assert_true(fd >= 0);
        assert_int_equal(write(fd, text, len), (ssize_t)len);
        close(fd);
    }
}

static void put_s(const char *rel, const char *text)
{
    put(rel, text, strlen(text));
}

static char *at(const char *rel)
{
    static char path[4096];

    snprintf(path, sizeof path, "%s/%s", tmp, rel);
    return path;
}

/* s with this run's folder written "D". */
static void add_short(struct strbuf *sb, const char *s)
{
    size_t n = strlen(tmp);

    while (*s) {
        if (strncmp(s, tmp, n) == 0) {
            strbuf_addc(sb, 'D');
            s += n;
        } else {
            strbuf_addc(sb, *s++);
        }
    }
}

/* The entries, "PATH" or "PATH|TITLE" a line, and the problems, "! ..." a
 * line, with the folder written "D". */
static char *show(const struct playlist *pl)
{
    struct strbuf sb = STRBUF_INIT;

    for (size_t i = 0; i < pl->count; i++) {
        add_short(&sb, pl->entries[i].path);
        if (pl->entries[i].title) {
            strbuf_addc(&sb, '|');
            add_short(&sb, pl->entries[i].title);
        }
        strbuf_addc(&sb, '\n');
    }
    for (size_t i = 0; i < pl->nproblems; i++) {
        strbuf_adds(&sb, "! ");
        add_short(&sb, pl->problems[i]);
        strbuf_addc(&sb, '\n');
    }
    return strbuf_detach(&sb);
}

static void expect(const struct playlist *pl, const char *want)
{
    char *got = show(pl);

    if (strcmp(got, want) != 0)
        fail_msg("playlist:\n%s\nwant:\n%s", got, want);
    free(got);
}

/* One argument, in tmp's terms ("D/x" is tmp/x). */
static void add(struct playlist *pl, const char *arg)
{
    struct strbuf sb = STRBUF_INIT;

    if (strncmp(arg, "D/", 2) == 0 || strcmp(arg, "D") == 0) {
        strbuf_adds(&sb, tmp);
        strbuf_adds(&sb, arg + 1);
    } else if (strncmp(arg, "file://D/", 9) == 0) {
        strbuf_adds(&sb, "file://");
        strbuf_adds(&sb, tmp);
        strbuf_adds(&sb, arg + 8);
    } else {
        strbuf_adds(&sb, arg);
    }
    playlist_add(pl, strbuf_str(&sb));
    strbuf_free(&sb);
}

static const struct {
    const char *a, *b;
    int want; /* the sign of playlist_natural_cmp(a, b) */
} natural_cases[] = {
    { "ep2", "ep10", -1 },
    { "ep10", "ep2", 1 },
    { "a1", "A2", -1 },
    { "A1", "a2", -1 },
    { "file 9.mkv", "file 10.mkv", -1 },
    { "file 10.mkv", "file 9.mkv", 1 },
    { "Track 1.5", "Track 1.10", -1 },
    { "a9c", "a10b", -1 },
    { "10", "9", 1 },
    { "a", "a", 0 },
    { "", "", 0 },
    { "", "a", -1 },
    { "a", "ab", -1 },
    { "a1", "a1b", -1 },
    { "abc", "ABD", -1 },
    { "Z", "a", 1 },
    /* equal as a person reads them: bytewise, so never 0 */
    { "x01", "x1", -1 },
    { "x1", "x01", 1 },
    { "x01", "x001", 1 },
    { "0", "00", -1 },
    { "abc", "ABC", 1 },
    { "ep01.mkv", "EP1.mkv", 1 },
    /* runs longer than any integer type */
    { "x1234567890123456789012345678901234567890",
      "x1234567890123456789012345678901234567891", -1 },
    { "x10000000000000000000000000000000000000000",
      "x9999999999999999999999999999999999999999", 1 },
    { "x0000000000000000000000000000000000000000000000000002", "x10", -1 },
    { "18446744073709551616", "18446744073709551615", 1 },
    /* a number against other bytes: as its digit byte */
    { "a-1", "a1", -1 },
    { "a.1", "a1", -1 },
    { "a:1", "a1", 1 },
    { "a_1", "a1", 1 },
    { "a1", "ab", -1 },
    { "a_b", "aB", -1 },
    /* bytes past ASCII: by value, unfolded */
    { "\xc3\xa9", "z", 1 },
    { "\xc3\x89", "\xc3\xa9", -1 },
};

static int sign(int x)
{
    return (x > 0) - (x < 0);
}

static void test_natural_cmp_table(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof natural_cases / sizeof natural_cases[0];
         i++) {
        const char *a = natural_cases[i].a, *b = natural_cases[i].b;
        int want = natural_cases[i].want;

        if (sign(playlist_natural_cmp(a, b)) != want ||
            sign(playlist_natural_cmp(b, a)) != -want)
            fail_msg("\"%s\" vs \"%s\": %d and back %d, want %d", a, b,
                     playlist_natural_cmp(a, b), playlist_natural_cmp(b, a),
                     want);
    }
}

/* Over every name of the table: 0 only for equal strings, and
 * transitive, so that qsort gets an order. */
static void test_natural_cmp_is_a_total_order(void **state)
{
    enum { N = sizeof natural_cases / sizeof natural_cases[0] * 2 };
    const char *s[N];

    (void)state;
    for (size_t i = 0; i < N / 2; i++) {
        s[2 * i] = natural_cases[i].a;
        s[2 * i + 1] = natural_cases[i].b;
    }
    for (size_t i = 0; i < N; i++)
        for (size_t j = 0; j < N; j++) {
            int ij = sign(playlist_natural_cmp(s[i], s[j]));

            assert_int_equal(ij == 0, strcmp(s[i], s[j]) == 0);
            for (size_t k = 0; k < N; k++)
                if (ij < 0 && playlist_natural_cmp(s[j], s[k]) < 0 &&
                    playlist_natural_cmp(s[i], s[k]) >= 0)
                    fail_msg("\"%s\" < \"%s\" < \"%s\" but not \"%s\" < "
                             "\"%s\"", s[i], s[j], s[k], s[i], s[k]);
        }
}

static void fill(struct playlist *pl, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        char name[32];

        snprintf(name, sizeof name, "%zu", i);
        playlist_add(pl, name);
    }
}

static char *order(const struct playlist *pl)
{
    struct strbuf sb = STRBUF_INIT;

    for (size_t i = 0; i < pl->count; i++)
        strbuf_addf(&sb, "%s%s", i ? " " : "", pl->entries[i].path);
    return strbuf_detach(&sb);
}

static void test_shuffle_is_a_permutation_fixed_by_its_seed(void **state)
{
    struct playlist a = { 0 }, b = { 0 }, c = { 0 };
    char *oa, *ob, *oc;
    bool seen[20] = { false };

    (void)state;
    fill(&a, 20);
    fill(&b, 20);
    fill(&c, 20);
    playlist_shuffle(&a, 42);
    playlist_shuffle(&b, 42);
    playlist_shuffle(&c, 43);
    oa = order(&a), ob = order(&b), oc = order(&c);
    assert_string_equal(oa, ob);
    assert_string_not_equal(oa, oc);
    assert_string_not_equal(oa, "0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 "
                                "17 18 19");
    for (size_t i = 0; i < a.count; i++) {
        int n = atoi(a.entries[i].path);

        assert_false(seen[n]);
        seen[n] = true;
    }
    free(oa), free(ob), free(oc);
    playlist_free(&a), playlist_free(&b), playlist_free(&c);
    /* nothing or one: nothing to do */
    playlist_shuffle(&a, 1);
    fill(&a, 1);
    playlist_shuffle(&a, 1);
    assert_string_equal(a.entries[0].path, "0");
    playlist_free(&a);
}

/* Every order of three equally often over 6000 seeds (expected 1000
 * each, sd 29): the naive "swap with any" shuffle is off by 11%, Sattolo's
 * by 100%. */
static void test_shuffle_is_uniform(void **state)
{
    static const char *const perms[6] = { "0 1 2", "0 2 1", "1 0 2", "1 2 0",
                                          "2 0 1", "2 1 0" };
    unsigned counts[6] = { 0 };

    (void)state;
    for (unsigned long long seed = 0; seed < 6000; seed++) {
        struct playlist pl = { 0 };
        char *o;
        size_t k = 0;

        fill(&pl, 3);
        playlist_shuffle(&pl, seed);
        o = order(&pl);
        while (k < 6 && strcmp(o, perms[k]) != 0)
            k++;
        assert_true(k < 6);
        counts[k]++;
        free(o);
        playlist_free(&pl);
    }
    for (size_t k = 0; k < 6; k++)
        if (counts[k] < 920 || counts[k] > 1080)
            fail_msg("order %s came %u times in 6000, want about 1000",
                     perms[k], counts[k]);
}

static void test_arguments_kept_as_given(void **state)
{
    static const char *const args[] = {
        "-", "fd://3", "https://example.com/v.mkv?a=1#top", "rtsp://h/s",
        "av://v4l2:/dev/video0", "/nonexistent/x.mkv", "no such file.txt",
        "relative/x.M3U8x", "\x1b[2J\xff",
    };
    struct playlist pl = { 0 };

    (void)state;
    for (size_t i = 0; i < sizeof args / sizeof args[0]; i++)
        playlist_add(&pl, args[i]);
    assert_int_equal(pl.count, sizeof args / sizeof args[0]);
    assert_int_equal(pl.nproblems, 0);
    for (size_t i = 0; i < pl.count; i++) {
        assert_string_equal(pl.entries[i].path, args[i]);
        assert_null(pl.entries[i].title);
    }
    playlist_free(&pl);
    playlist_free(&pl);
    assert_int_equal(pl.count, 0);
    assert_null(pl.entries);
}

static void test_folder(void **state)
{
    struct playlist pl = { 0 };

    (void)state;
    put_s("outside.mp3", "");
    put_s("d/ep10.mkv", "");
    put_s("d/ep2.mkv", "");
    put_s("d/Ep1.MKV", "");
    put_s("d/a.MkV", "");
    put_s("d/notes.txt", "");
    put_s("d/cover.jpg", "");
    put_s("d/mkv", "");
    put_s("d/.hidden.mkv", "");
    put_s("d/album.m3u", "ep2.mkv\n");
    put_s("d/.hiddendir/c.mkv", "");
    put_s("d/sub/deeper/b.mp3", "");
    put_s("d/sub/a.flac", "");
    put_s("d/A-sub/x.ogg", "");
    put_s("d/x.mkv/inside.opus", "");
    put_s("d/empty/cover.png", "");
    assert_int_equal(symlink("../outside.mp3", at("d/link.mkv")), 0);
    assert_int_equal(symlink("nowhere.mkv", at("d/dangling.mkv")), 0);
    assert_int_equal(symlink(".", at("d/loop")), 0);
    assert_int_equal(symlink("..", at("d/sub/up")), 0);
    add(&pl, "D/d");
    expect(&pl, "D/d/a.MkV\n"
                "D/d/Ep1.MKV\n"
                "D/d/ep2.mkv\n"
                "D/d/ep10.mkv\n"
                "D/d/link.mkv\n"
                "D/d/A-sub/x.ogg\n"
                "D/d/sub/a.flac\n"
                "D/d/sub/deeper/b.mp3\n"
                "D/d/x.mkv/inside.opus\n"
                "! D/d/loop: a folder already being read, reached again "
                "through a symbolic link (a loop); skipped\n"
                "! D/d/sub/up: a folder already being read, reached again "
                "through a symbolic link (a loop); skipped\n");
    playlist_free(&pl);
    /* a trailing slash adds none; a link up is no loop until it reaches
     * a folder being read */
    add(&pl, "D/d/sub/");
    expect(&pl, "D/d/sub/a.flac\n"
                "D/d/sub/deeper/b.mp3\n"
                "D/d/sub/up/a.MkV\n"
                "D/d/sub/up/Ep1.MKV\n"
                "D/d/sub/up/ep2.mkv\n"
                "D/d/sub/up/ep10.mkv\n"
                "D/d/sub/up/link.mkv\n"
                "D/d/sub/up/A-sub/x.ogg\n"
                "D/d/sub/up/x.mkv/inside.opus\n"
                "! D/d/sub/up/loop: a folder already being read, reached "
                "again through a symbolic link (a loop); skipped\n"
                "! D/d/sub/up/sub: a folder already being read, reached "
                "again through a symbolic link (a loop); skipped\n");
    playlist_free(&pl);
}

static void test_folder_with_nothing_to_play(void **state)
{
    struct playlist pl = { 0 };

    (void)state;
    put_s("e/cover.jpg", "");
    put_s("e/sub/notes.txt", "");
    put("none", NULL, 0);
    add(&pl, "D/e");
    add(&pl, "D/none");
    expect(&pl, "! D/e: no audio or video files in this folder or below it; "
                "nothing to play\n"
                "! D/none: no audio or video files in this folder or below "
                "it; nothing to play\n");
    playlist_free(&pl);
}

static void test_folder_unreadable(void **state)
{
    struct playlist pl = { 0 };

    (void)state;
    if (geteuid() == 0)
        skip(); /* root reads any folder */
    put_s("u/shut/a.mkv", "");
    put_s("u/open.mkv", "");
    assert_int_equal(chmod(at("u/shut"), 0), 0);
    add(&pl, "D/u");
    add(&pl, "D/u/shut");
    expect(&pl, "D/u/open.mkv\n"
                "! D/u/shut: cannot read the folder: Permission denied; "
                "check its permissions\n"
                "! D/u/shut: cannot read the folder: Permission denied; "
                "check its permissions\n");
    playlist_free(&pl);
}

static void test_folder_depth_limit(void **state)
{
    struct playlist pl = { 0 };
    char rel[256] = "deep";

    (void)state;
    for (int i = 1; i <= PLAYLIST_MAX_DIR_DEPTH + 1; i++) {
        char f[300];

        snprintf(rel + strlen(rel), sizeof rel - strlen(rel), "/%d", i);
        snprintf(f, sizeof f, "%s/f%d.mkv", rel, i);
        put_s(f, "");
    }
    add(&pl, "D/deep");
    assert_int_equal(pl.count, PLAYLIST_MAX_DIR_DEPTH);
    assert_non_null(strstr(pl.entries[PLAYLIST_MAX_DIR_DEPTH - 1].path,
                           "/16/f16.mkv"));
    assert_int_equal(pl.nproblems, 1);
    assert_non_null(strstr(pl.problems[0], "/15/16: folders more than 16 deep "
                                           "below the one given; what they "
                                           "hold is left out"));
    playlist_free(&pl);
}

/* What an entry's fragment asks for, as "path t=START,END track=A,B". */
static char *show_frags(const struct playlist *pl)
{
    struct strbuf sb = STRBUF_INIT;

    for (size_t i = 0; i < pl->count; i++) {
        const struct fragment *f = &pl->entries[i].frag;

        add_short(&sb, pl->entries[i].path);
        if (f->has_time)
            strbuf_addf(&sb, " t=%g,%g", f->start, f->end);
        for (size_t k = 0; k < f->ntracks; k++)
            strbuf_addf(&sb, "%s%s", k ? "," : " track=", f->tracks[k]);
        strbuf_addc(&sb, '\n');
    }
    for (size_t i = 0; i < pl->nproblems; i++) {
        strbuf_adds(&sb, "! ");
        add_short(&sb, pl->problems[i]);
        strbuf_addc(&sb, '\n');
    }
    return strbuf_detach(&sb);
}

/* Media fragments split off names that do not exist as they are, on the
 * command line and in playlists; a wrong one is a problem and the entry
 * is left out; a file really named with a '#' is itself. */
static void test_fragments(void **state)
{
    struct playlist pl = { 0 };
    char *got;

    (void)state;
    put_s("fr/a.mkv", "");
    put_s("fr/b.mkv#t=1", "");
    put_s("fr/sub/c.mkv", "");
    put_s("fr/list.m3u", "a.mkv#t=,20&track=English%20mix\n"
                         "a.mkv#t=x\n"
                         "b.mkv#t=1\n"
                         "https://h/v.mkv#t=1:00,1:30\n"
                         "sub#t=1\n");
    add(&pl, "D/fr/a.mkv#t=2,5&track=3&track=4");
    add(&pl, "D/fr/a.mkv#npt=1&t=npt:10");
    add(&pl, "D/fr/b.mkv#t=1");
    add(&pl, "D/fr/missing.mkv#track=1");
    add(&pl, "https://h/v.mkv?a=1#t=3");
    add(&pl, "D/fr/list.m3u");
    add(&pl, "D/fr/list.m3u#t=1");
    add(&pl, "D/fr/a.mkv#track=");
    got = show_frags(&pl);
    {
        const char *want =
            "D/fr/a.mkv t=2,5 track=3,4\n"
            "D/fr/a.mkv t=10,0\n"
            "D/fr/b.mkv#t=1\n"
            "D/fr/missing.mkv track=1\n"
            "https://h/v.mkv?a=1 t=3,0\n"
            "D/fr/a.mkv t=0,20 track=English mix\n"
            "D/fr/b.mkv#t=1\n"
            "https://h/v.mkv t=60,90\n"
            "! D/fr/list.m3u:2: \"t=x\" is not a time range; write it as "
            "t=10,20, t=,20, t=10 or t=npt:0:01:30.5,0:02:00 (npt: seconds "
            "or h:mm:ss, the start before the end); skipped\n"
            "! D/fr/list.m3u:5: a media fragment names a part of one file, "
            "and D/fr/sub is a folder; skipped\n"
            "! D/fr/list.m3u#t=1: a media fragment names a part of one file, "
            "and D/fr/list.m3u is a playlist; skipped\n"
            "! D/fr/a.mkv#track=: \"track=\" names no track; write "
            "track=ID with an id or a label as --list-tracks prints them; "
            "skipped\n";

        if (strcmp(got, want) != 0)
            fail_msg("playlist:\n%s\nwant:\n%s", got, want);
    }
    free(got);
    playlist_free(&pl);
}

static void test_m3u(void **state)
{
    struct playlist pl = { 0 };
    struct strbuf main = STRBUF_INIT;

    (void)state;
    put_s("media/two.mkv", "");
    put_s("media/a b.mkv", "");
    put_s("lists/sub.m3u8", "#EXTINF:3,Sub\nsubdir/x.mp4\n");
    strbuf_addf(&main,
        "\xef\xbb\xbf#EXTM3U\r\n"
        "#EXTINF:10,First\r\n"
        "one.mkv\r\n"
        "\r\n"
        "# a comment\r\n"
        "../media/two.mkv\r\n"
        "/abs/three.mkv\r\n"
        "#EXTINF:-1 tvg-name=\"a,b\",Radio\r\n"
        "https://example.com/s.m3u8\r\n"
        "file://%s/media/a%%20b.mkv\r\n"
        "fd://0\r\n"
        "AV://v4l2:/dev/video0\r\n"
        "sub.m3u8\r\n"
        "#EXTINF:1,a folder's title is not its files'\r\n"
        "../media\r\n"
        "-\r\n"
        "main.m3u\r\n"
        "missing.m3u\r\n"
        "#EXTINF:2,Last\r\n"
        "last.flac", tmp);
    put("lists/main.m3u", main.buf, main.len);
    add(&pl, "D/lists/main.m3u");
    expect(&pl, "D/lists/one.mkv|First\n"
                "D/lists/../media/two.mkv\n"
                "/abs/three.mkv\n"
                "https://example.com/s.m3u8|Radio\n"
                "D/media/a b.mkv\n"
                "D/lists/subdir/x.mp4|Sub\n"
                "D/lists/../media/a b.mkv\n"
                "D/lists/../media/two.mkv\n"
                "D/lists/-\n"
                "D/lists/last.flac|Last\n"
                "! D/lists/main.m3u:11: fd:// is taken from the command line "
                "only, not from a playlist; skipped\n"
                "! D/lists/main.m3u:12: AV:// is taken from the command line "
                "only, not from a playlist; skipped\n"
                "! D/lists/main.m3u:17: D/lists/main.m3u is already being "
                "read (a playlist that includes itself); skipped\n"
                "! D/lists/missing.m3u: cannot read the playlist: No such "
                "file or directory; check the name\n");
    strbuf_free(&main);
    playlist_free(&pl);
}

/* A playlist named without a folder is read from the current one; a "-"
 * in it is a file there, never standard input. */
static void test_m3u_in_current_folder(void **state)
{
    struct playlist pl = { 0 };
    char cwd[4096];

    (void)state;
    put_s("here/list.m3u", "a.mkv\n-\n");
    assert_non_null(getcwd(cwd, sizeof cwd));
    assert_int_equal(chdir(at("here")), 0);
    playlist_add(&pl, "list.m3u");
    assert_int_equal(chdir(cwd), 0);
    expect(&pl, "a.mkv\n./-\n");
    playlist_free(&pl);
}

static void test_m3u_charsets(void **state)
{
    struct playlist pl = { 0 };

    (void)state;
    put_s("cs/latin.m3u", "#EXTINF:1,Caf\xe9\ncaf\xe9.mp3\n");
    put_s("cs/utf8.m3u", "caf\xc3\xa9.mp3\n");
    put_s("cs/raw.M3U8", "caf\xe9.mp3\n");
    add(&pl, "D/cs/latin.m3u");
    add(&pl, "D/cs/utf8.m3u");
    add(&pl, "D/cs/raw.M3U8");
    expect(&pl, "D/cs/caf\xc3\xa9.mp3|Caf\xc3\xa9\n"
                "D/cs/caf\xc3\xa9.mp3\n"
                "D/cs/caf\xe9.mp3\n");
    playlist_free(&pl);
}

static void test_m3u_nesting_limit(void **state)
{
    struct playlist pl = { 0 };

    (void)state;
    for (int i = 0; i < PLAYLIST_MAX_NESTING + 2; i++) {
        char name[32], text[64];

        snprintf(name, sizeof name, "nest/p%d.m3u", i);
        snprintf(text, sizeof text, "p%d.m3u\nf%d.mkv\n", i + 1, i);
        put_s(name, text);
    }
    add(&pl, "D/nest/p0.m3u");
    expect(&pl, "D/nest/f7.mkv\nD/nest/f6.mkv\nD/nest/f5.mkv\nD/nest/f4.mkv\n"
                "D/nest/f3.mkv\nD/nest/f2.mkv\nD/nest/f1.mkv\nD/nest/f0.mkv\n"
                "! D/nest/p7.m3u:1: playlists nested more than 8 deep; "
                "D/nest/p8.m3u is left out\n");
    playlist_free(&pl);
}

static void test_m3u_refused(void **state)
{
    struct playlist pl = { 0 };
    int fd;

    (void)state;
    put_s("bad/empty.m3u", "#EXTM3U\n# nothing\n\n");
    put("bad/binary.m3u", "a.mkv\n\0", 7);
    put("bad/wide.m3u", "\xff\xfe" "a\0", 4);
    put_s("bad/folder.m3u/a.mkv", "");
    assert_int_equal(mkfifo(at("bad/fifo.m3u"), 0600), 0);
    fd = open(at("bad/big.m3u8"), O_WRONLY | O_CREAT, 0644);
    assert_true(fd >= 0);
    assert_int_equal(ftruncate(fd, (16 << 20) + 1), 0);
    close(fd);
    add(&pl, "D/bad/empty.m3u");
    add(&pl, "D/bad/binary.m3u");
    add(&pl, "D/bad/wide.m3u");
    add(&pl, "D/bad/fifo.m3u");
    add(&pl, "D/bad/big.m3u8");
    add(&pl, "D/bad/none.m3u8");
    add(&pl, "D/bad/folder.m3u");
    expect(&pl, "D/bad/folder.m3u/a.mkv\n"
                "! D/bad/empty.m3u: no entries in this playlist; nothing to "
                "play\n"
                "! D/bad/binary.m3u: a NUL byte on line 2: a binary file, not "
                "a playlist; not read\n"
                "! D/bad/wide.m3u: UTF-16 text; save the playlist as UTF-8 "
                "(.m3u8); not read\n"
                "! D/bad/fifo.m3u: not a regular file, so not read as a "
                "playlist; give a file\n"
                "! D/bad/big.m3u8: more than 16 MiB: too big for a playlist; "
                "not read\n"
                "! D/bad/none.m3u8: cannot read the playlist: No such file or "
                "directory; check the name\n");
    playlist_free(&pl);
}

static void test_m3u_unreadable(void **state)
{
    struct playlist pl = { 0 };

    (void)state;
    if (geteuid() == 0)
        skip(); /* root reads any file */
    put_s("shut.m3u", "a.mkv\n");
    assert_int_equal(chmod(at("shut.m3u"), 0), 0);
    add(&pl, "D/shut.m3u");
    expect(&pl, "! D/shut.m3u: cannot read the playlist: Permission denied; "
                "check its permissions\n");
    playlist_free(&pl);
}

/* file:// on the command line is the local path, folders included. */
static void test_file_url_argument(void **state)
{
    struct playlist pl = { 0 };

    (void)state;
    put_s("url dir/x y.mkv", "");
    add(&pl, "file://D/url%20dir");
    add(&pl, "file://D/url%20dir/x%20y.mkv");
    add(&pl, "file://elsewhere/x.mkv");
    expect(&pl, "D/url dir/x y.mkv\nD/url dir/x y.mkv\n"
                "file://elsewhere/x.mkv\n");
    playlist_free(&pl);
}

/* One argument's problems are capped (problems.h), with its name. */
static void test_problems_capped(void **state)
{
    struct playlist pl = { 0 };
    struct strbuf text = STRBUF_INIT;

    (void)state;
    for (int i = 0; i < PROBLEMS_MAX + 5; i++)
        strbuf_adds(&text, "fd://1\n");
    strbuf_adds(&text, "ok.mkv\n");
    put("many.m3u", text.buf, text.len);
    add(&pl, "D/many.m3u");
    assert_int_equal(pl.count, 1);
    assert_int_equal(pl.nproblems, PROBLEMS_MAX + 1);
    assert_non_null(strstr(pl.problems[PROBLEMS_MAX - 1], "/many.m3u:20: fd://"));
    assert_non_null(strstr(pl.problems[PROBLEMS_MAX],
                           "/many.m3u: 5 more problems not shown"));
    strbuf_free(&text);
    playlist_free(&pl);
}

static void test_entry_limit(void **state)
{
    struct playlist pl = { 0 };
    size_t n = PLAYLIST_MAX_ENTRIES + 3;
    char *text = malloc(2 * n);

    (void)state;
    assert_non_null(text);
    for (size_t i = 0; i < n; i++)
        text[2 * i] = 'a', text[2 * i + 1] = '\n';
    put("huge.m3u", text, 2 * n);
    free(text);
    add(&pl, "D/huge.m3u");
    add(&pl, "more.mkv");
    assert_int_equal(pl.count, PLAYLIST_MAX_ENTRIES);
    assert_int_equal(pl.nproblems, 2);
    assert_non_null(strstr(pl.problems[0], "/a: more than 1000000 entries to "
                                           "play; the rest are left out"));
    assert_string_equal(pl.problems[1], "more.mkv: more than 1000000 entries "
                                        "to play; the rest are left out");
    playlist_free(&pl);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_natural_cmp_table),
        cmocka_unit_test(test_natural_cmp_is_a_total_order),
        cmocka_unit_test(test_shuffle_is_a_permutation_fixed_by_its_seed),
        cmocka_unit_test(test_shuffle_is_uniform),
        cmocka_unit_test(test_arguments_kept_as_given),
        cmocka_unit_test(test_folder),
        cmocka_unit_test(test_folder_with_nothing_to_play),
        cmocka_unit_test(test_folder_unreadable),
        cmocka_unit_test(test_folder_depth_limit),
        cmocka_unit_test(test_m3u),
        cmocka_unit_test(test_m3u_in_current_folder),
        cmocka_unit_test(test_m3u_charsets),
        cmocka_unit_test(test_m3u_nesting_limit),
        cmocka_unit_test(test_m3u_refused),
        cmocka_unit_test(test_m3u_unreadable),
        cmocka_unit_test(test_file_url_argument),
        cmocka_unit_test(test_problems_capped),
        cmocka_unit_test(test_entry_limit),
        cmocka_unit_test(test_fragments),
    };
    return cmocka_run_group_tests_name("playlist", tests, setup, teardown);
}
