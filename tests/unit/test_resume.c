/* test_resume.c - the watch-later file in a private folder: its exact
 * format, round trips, the most recent first and the bound, forgetting,
 * lines it cannot read, what another version wrote, two writers at
 * once, folders that cannot be made, and the keys and folder names. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "tmpdir.h"

#include "resume.h"
#include "strbuf.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>


static char tmp[64];       /* this run's private folder */
static char state[128];    /* tmp/state/tplay: the folder under test */

static int setup(void **st)
{
    (void)st;
    if (tmpdir_make(tmp, sizeof tmp, "resume") < 0)
        return -1;
    snprintf(state, sizeof state, "%s/state/tplay", tmp);
    return 0;
}

static int teardown(void **st)
{
    (void)st;
    tmpdir_remove(tmp);
    return 0;
}

/* Each test starts with no state folder. */
static int fresh(void **st)
{
    char dir[128];

    (void)st;
    snprintf(dir, sizeof dir, "%s/state", tmp);
    tmpdir_remove(dir);
    return 0;
}

static char *file_path(void)
{
    static char path[256];

    snprintf(path, sizeof path, "%s/" RESUME_FILE, state);
    return path;
}

static char *slurp(const char *path)
{
    struct strbuf sb = STRBUF_INIT;
    char buf[4096];
    size_t n;
    FILE *f = fopen(path, "rb");

    assert_non_null(f);
    while ((n = fread(buf, 1, sizeof buf, f)) > 0)
        strbuf_add(&sb, buf, n);
    fclose(f);
    return strbuf_detach(&sb);
}

static void put_file(const char *text, size_t len)
{
    FILE *f;

    char parent[128];

    snprintf(parent, sizeof parent, "%s/state", tmp);
    assert_true(mkdir(parent, 0700) == 0 || errno == EEXIST);
    assert_true(mkdir(state, 0700) == 0 || errno == EEXIST);
    f = fopen(file_path(), "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(text, 1, len, f), len);
    fclose(f);
}

static void expect_file(const char *want)
{
    char *got = slurp(file_path());

    if (strcmp(got, want) != 0)
        fail_msg("%s holds:\n%s\nwant:\n%s", file_path(), got, want);
    free(got);
}

/* Save key at position with no volume and no tracks. */
static void save_at(const char *key, double position)
{
    struct resume_entry e = { position, -1, NULL, 0, NULL, 0 };
    char *err = NULL;

    if (resume_save(state, key, &e, &err) != 0)
        fail_msg("save %s: %s", key, err);
}

/* The position saved for key, or -1 when none. */
static double load_at(const char *key)
{
    struct resume_entry e;
    char *err = NULL;
    int rc = resume_load(state, key, &e, &err);
    double at = e.position;

    if (rc < 0)
        fail_msg("load %s: %s", key, err);
    resume_entry_free(&e);
    return rc == 1 ? at : -1;
}

static void test_resume_round_trip(void **st)
{
    char t0[] = "2", t1[] = "0x1100", *tracks[] = { t0, t1 };
    struct resume_entry e = { 754.25, 80, tracks, 2, NULL, 0 }, got;
    char *err = NULL;
    struct stat sb;

    (void)st;
    /* nothing yet: no folder at all */
    assert_int_equal(resume_load(state, "/m/a.mkv", &got, &err), 0);
    assert_int_equal(got.ntracks, 0);
    assert_null(got.tracks);
    assert_true(got.volume < 0);
    resume_entry_free(&got);
    assert_int_equal(resume_save(state, "/m/a.mkv", &e, &err), 0);
    /* the folder and its parents were made, private */
    assert_int_equal(stat(state, &sb), 0);
    assert_int_equal(sb.st_mode & 0777, 0700);
    assert_int_equal(resume_load(state, "/m/a.mkv", &got, &err), 1);
    assert_true(got.position == 754.25);
    assert_true(got.volume == 80);
    assert_int_equal(got.ntracks, 2);
    assert_string_equal(got.tracks[0], "2");
    assert_string_equal(got.tracks[1], "0x1100");
    resume_entry_free(&got);
    resume_entry_free(&got);
    assert_int_equal(got.ntracks, 0);
    assert_int_equal(resume_load(state, "/m/b.mkv", &got, &err), 0);
    assert_int_equal(resume_load(state, "/m/a.mk", &got, &err), 0);
    assert_int_equal(stat(file_path(), &sb), 0);
    assert_int_equal(sb.st_mode & 0777, 0600);
    expect_file("tplay resume 1\n"
                "/m/a.mkv\tposition=754.250\tvolume=80.000\taudio=2,0x1100\n");
}

/* Gains: ID:DB, a '-' before a negative one, the ID up to the item's last ':'; a line
 * without them (an older tplay's) has none. */
static void test_resume_gains(void **st)
{
    char g0[] = "2", g1[] = "a:b";
    struct resume_gain g[] = { { g0, -12 }, { g1, 3.5 } };
    struct resume_entry e = { 10, -1, NULL, 0, g, 2 }, got;
    char *err = NULL;

    (void)st;
    assert_int_equal(resume_save(state, "/m/g.mkv", &e, &err), 0);
    expect_file("tplay resume 1\n"
                "/m/g.mkv\tposition=10.000\tgain=2:-12.000,a:b:3.500\n");
    assert_int_equal(resume_load(state, "/m/g.mkv", &got, &err), 1);
    assert_int_equal(got.ngains, 2);
    assert_string_equal(got.gains[0].id, "2");
    assert_true(got.gains[0].db == -12);
    assert_string_equal(got.gains[1].id, "a:b");
    assert_true(got.gains[1].db == 3.5);
    resume_entry_free(&got);
    e.ngains = 0;
    assert_int_equal(resume_save(state, "/m/g.mkv", &e, &err), 0);
    assert_int_equal(resume_load(state, "/m/g.mkv", &got, &err), 1);
    assert_int_equal(got.ngains, 0);
    assert_null(got.gains);
    resume_entry_free(&got);
}

/* The format is the contract with other versions: byte for byte. */
static void test_resume_format_escapes(void **st)
{
    static const char key[] = "/m/tab\there\nnew%25 = a,b\r\x01\x7f\xc3\xa9.mkv";
    char t0[] = "a,b", t1[] = "x=y", t2[] = "%", t3[] = "\t";
    char *tracks[] = { t0, t1, t2, t3 };
    struct resume_entry e = { 0.0004, 0, tracks, 4, NULL, 0 }, got;
    char *err = NULL;

    (void)st;
    assert_int_equal(resume_save(state, key, &e, &err), 0);
    expect_file("tplay resume 1\n"
                "/m/tab%09here%0Anew%2525 %3D a%2Cb%0D%01%7F\xc3\xa9.mkv"
                "\tposition=0.000\tvolume=0.000\taudio=a%2Cb,x%3Dy,%25,%09\n");
    assert_int_equal(resume_load(state, key, &got, &err), 1);
    assert_true(got.position == 0);
    assert_true(got.volume == 0);
    assert_int_equal(got.ntracks, 4);
    for (size_t i = 0; i < 4; i++)
        assert_string_equal(got.tracks[i], tracks[i]);
    resume_entry_free(&got);
}

static void test_resume_most_recent_first_and_replaced(void **st)
{
    (void)st;
    save_at("/a", 1);
    save_at("/b", 2);
    save_at("/c", 3);
    expect_file("tplay resume 1\n/c\tposition=3.000\n/b\tposition=2.000\n"
                "/a\tposition=1.000\n");
    save_at("/a", 10.5);
    expect_file("tplay resume 1\n/a\tposition=10.500\n/c\tposition=3.000\n"
                "/b\tposition=2.000\n");
    assert_true(load_at("/a") == 10.5);
    assert_true(load_at("/b") == 2);
}

/* A full file loses its least recent entry, not one used again. */
static void test_resume_bound(void **st)
{
    struct strbuf text = STRBUF_INIT;

    (void)st;
    strbuf_adds(&text, "tplay resume 1\n");
    for (int i = RESUME_MAX_ENTRIES; i >= 1; i--)
        strbuf_addf(&text, "/f%d\tposition=%d.000\n", i, i);
    put_file(text.buf, text.len);
    save_at("/f1", 1);   /* used again: now the most recent */
    save_at("/new", 5);  /* the 1001st: /f2 is the oldest */
    assert_true(load_at("/new") == 5);
    assert_true(load_at("/f1") == 1);
    assert_true(load_at("/f2") == -1);
    assert_true(load_at("/f3") == 3);
    assert_true(load_at("/f1000") == 1000);
    strbuf_free(&text);
    text.buf = slurp(file_path());
    text.len = 0;
    for (const char *p = text.buf; *p; p++)
        text.len += *p == '\n';
    assert_int_equal(text.len, RESUME_MAX_ENTRIES + 1);
    assert_int_equal(strncmp(text.buf, "tplay resume 1\n/new\tposition=5.000\n"
                                       "/f1\tposition=1.000\n/f1000\t", 50), 0);
    free(text.buf);
}

static void test_resume_forget(void **st)
{
    char *err = NULL;
    struct stat sb;

    (void)st;
    /* nothing to forget: no folder is made */
    assert_int_equal(resume_forget(state, "/a", &err), 0);
    assert_int_equal(stat(state, &sb), -1);
    save_at("/a", 1);
    save_at("/b", 2);
    assert_int_equal(resume_forget(state, "/a", &err), 0);
    expect_file("tplay resume 1\n/b\tposition=2.000\n");
    assert_int_equal(resume_forget(state, "/a", &err), 0);
    assert_int_equal(resume_forget(state, "/b", &err), 0);
    expect_file("tplay resume 1\n");
    assert_true(load_at("/b") == -1);
}

/* Lines that cannot be read are skipped, and dropped at the next write;
 * the first readable line of a key is the one. */
static void test_resume_bad_lines(void **st)
{
    static const char text[] =
        "garbage\n"
        "\n"
        "\tposition=1\n"
        "%zz\tposition=1\n"
        "%00\tposition=1\n"
        "%4\tposition=1\n"
        "/k\tposition=abc\n"
        "/k\tposition=-1\n"
        "/k\tposition=nan\n"
        "/k\tposition=1e3\n"
        "/k\tposition=1,5\n"
        "/k\tposition=\n"
        "/k\tvolume=5\n"
        "/k\tposition=1\tvolume=x\n"
        "/k\tposition=1\taudio=%q\n"
        "/k position=1\n"
        "/k\tposition=1 \n"
        "/n\tpos\0ition=1\n"
        "/ok\tposition=5\tvolume=50\n"
        "/ok\tposition=6\n"
        "/%6Fk2\tposition=7.5\taudio=,1,,2,\n"
        "/crlf\tposition=1\r\n"
        "/last\tposition=8";
    struct resume_entry e;
    char *err = NULL;

    (void)st;
    put_file(text, sizeof text - 1);
    assert_true(load_at("/k") == -1);
    assert_true(load_at("/n") == -1);
    assert_true(load_at("/crlf") == -1);
    assert_true(load_at("garbage") == -1);
    assert_true(load_at("/ok") == 5);
    assert_true(load_at("/last") == 8);
    assert_int_equal(resume_load(state, "/ok2", &e, &err), 1);
    assert_true(e.position == 7.5);
    assert_true(e.volume < 0);
    assert_int_equal(e.ntracks, 2);
    assert_string_equal(e.tracks[0], "1");
    assert_string_equal(e.tracks[1], "2");
    resume_entry_free(&e);
    save_at("/new", 1);
    expect_file("tplay resume 1\n/new\tposition=1.000\n"
                "/ok\tposition=5\tvolume=50\n"
                "/%6Fk2\tposition=7.5\taudio=,1,,2,\n"
                "/last\tposition=8\n");
}

/* What a later tplay adds is read past, and kept for the others. */
static void test_resume_later_versions(void **st)
{
    static const char later[] =
        "tplay resume 1\n"
        "/a\tgain=1:-3.5,2:0\tposition=12.000\tfuture\taudio=1\n"
        "/b\tposition=3.000\tvolume=100.000\tflag=%3D\n";
    static const char newer[] = "tplay resume 2\n/a\tposition=1.000\n";
    struct resume_entry e = { 1, -1, NULL, 0, NULL, 0 };
    char *err = NULL;

    (void)st;
    put_file(later, sizeof later - 1);
    assert_true(load_at("/a") == 12);
    save_at("/c", 9);
    expect_file("tplay resume 1\n/c\tposition=9.000\n"
                "/a\tgain=1:-3.5,2:0\tposition=12.000\tfuture\taudio=1\n"
                "/b\tposition=3.000\tvolume=100.000\tflag=%3D\n");
    /* a later format is not read, nor overwritten */
    put_file(newer, sizeof newer - 1);
    assert_int_equal(resume_load(state, "/a", &e, &err), -1);
    assert_non_null(strstr(err, "/state/tplay/resume: written by a later "
                                "tplay (format 2, this one reads 1); update "
                                "tplay or remove the file"));
    free(err);
    err = NULL;
    assert_int_equal(resume_save(state, "/a", &e, &err), -1);
    assert_non_null(strstr(err, "format 2"));
    free(err);
    err = NULL;
    assert_int_equal(resume_forget(state, "/a", &err), -1);
    free(err);
    expect_file(newer);
}

static void test_resume_too_big(void **st)
{
    char *err = NULL;
    struct resume_entry e;
    int fd;

    (void)st;
    put_file("", 0);
    fd = open(file_path(), O_WRONLY);
    assert_true(fd >= 0);
    assert_int_equal(ftruncate(fd, RESUME_MAX_BYTES + 1), 0);
    close(fd);
    assert_int_equal(resume_load(state, "/a", &e, &err), -1);
    assert_non_null(strstr(err, "/state/tplay/resume: more than 16 MiB, not "
                                "a file tplay wrote; remove it"));
    free(err);
    assert_int_equal(e.ntracks, 0);
    resume_entry_free(&e);
}

/* Two tplays saving at once both keep what they saved.  Each pauses
 * between saves as a player does (a save ends a file, which took a
 * while to play): the lock is waited for by polling, which a writer
 * saving in a tight loop could starve. */
static void test_resume_two_writers(void **st)
{
    enum { EACH = 20 };
    struct timespec pause = { 0, 30 * 1000 * 1000 };
    pid_t pid[2];

    (void)st;
    save_at("/first", 1); /* the folder exists before the race */
    for (int w = 0; w < 2; w++) {
        pid[w] = fork();
        assert_true(pid[w] >= 0);
        if (pid[w] == 0) {
            for (int i = 0; i < EACH; i++) {
                struct resume_entry e = { i, -1, NULL, 0, NULL, 0 };
                char key[32], *err = NULL;

                snprintf(key, sizeof key, "/w%d/%d", w, i);
                if (resume_save(state, key, &e, &err) != 0) {
                    fprintf(stderr, "writer %d: %s\n", w, err);
                    _exit(1);
                }
                nanosleep(&pause, NULL);
            }
            _exit(0);
        }
    }
    for (int w = 0; w < 2; w++) {
        int status;

        assert_int_equal(waitpid(pid[w], &status, 0), pid[w]);
        assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    }
    for (int w = 0; w < 2; w++)
        for (int i = 0; i < EACH; i++) {
            char key[32];

            snprintf(key, sizeof key, "/w%d/%d", w, i);
            if (load_at(key) != i)
                fail_msg("%s lost", key);
        }
    assert_true(load_at("/first") == 1);
}

/* A writer that holds the lock too long: the save gives up, and says so. */
static void test_resume_lock_held(void **st)
{
    struct resume_entry e = { 1, -1, NULL, 0, NULL, 0 };
    char lock[256], *err = NULL;
    int fd;

    (void)st;
    save_at("/a", 1);
    snprintf(lock, sizeof lock, "%s/" RESUME_FILE ".lock", state);
    fd = open(lock, O_RDWR);
    assert_true(fd >= 0);
    assert_int_equal(flock(fd, LOCK_EX), 0);
    assert_int_equal(resume_save(state, "/b", &e, &err), -1);
    assert_non_null(strstr(err, "/state/tplay/resume.lock: another tplay kept "
                                "it locked for 2 s; not updated, try again"));
    free(err);
    close(fd);
    expect_file("tplay resume 1\n/a\tposition=1.000\n");
}

static void test_resume_folder_cannot_be_made(void **st)
{
    struct resume_entry e = { 1, -1, NULL, 0, NULL, 0 };
    char dir[256], want[512], *err = NULL;
    FILE *f;

    (void)st;
    /* a file where a folder should be: fails for root too */
    snprintf(dir, sizeof dir, "%s/plain", tmp);
    f = fopen(dir, "w");
    assert_non_null(f);
    fclose(f);
    snprintf(dir, sizeof dir, "%s/plain/state/tplay", tmp);
    assert_int_equal(resume_save(dir, "/a", &e, &err), -1);
    snprintf(want, sizeof want, "%s/plain/state: cannot create the folder: "
             "Not a directory; check the permissions above it, or set "
             "$XDG_STATE_HOME", tmp);
    assert_string_equal(err, want);
    free(err);
    err = NULL;
    snprintf(dir, sizeof dir, "%s/plain", tmp);
    assert_int_equal(resume_save(dir, "/a", &e, &err), -1);
    assert_non_null(strstr(err, "/plain: cannot create the folder: Not a "
                                "directory"));
    free(err);
    unlink(dir);
}

static void test_resume_read_only_folder(void **st)
{
    struct resume_entry e = { 1, -1, NULL, 0, NULL, 0 };
    char dir[256], *err = NULL;

    (void)st;
    if (geteuid() == 0)
        skip(); /* root writes in any folder */
    save_at("/a", 1);
    /* a folder to be made under a read-only one */
    snprintf(dir, sizeof dir, "%s/state", tmp);
    assert_int_equal(chmod(dir, 0500), 0);
    snprintf(dir, sizeof dir, "%s/state/other/tplay", tmp);
    assert_int_equal(resume_save(dir, "/a", &e, &err), -1);
    assert_non_null(strstr(err, "/state/other: cannot create the folder: "
                                "Permission denied; check the permissions "
                                "above it, or set $XDG_STATE_HOME"));
    free(err);
    err = NULL;
    /* the state folder itself read-only, with no lock file yet: the lock
     * cannot be had... */
    snprintf(dir, sizeof dir, "%s/" RESUME_FILE ".lock", state);
    assert_int_equal(unlink(dir), 0);
    assert_int_equal(chmod(state, 0500), 0);
    assert_int_equal(resume_save(state, "/b", &e, &err), -1);
    assert_non_null(strstr(err, "/state/tplay/resume.lock: cannot open: "
                                "Permission denied; check the folder's "
                                "permissions"));
    free(err);
    err = NULL;
    /* ...but what is there is still read */
    assert_true(load_at("/a") == 1);
    /* a lock that exists, in a folder where nothing new can be written */
    assert_int_equal(chmod(state, 0700), 0);
    save_at("/b", 2);
    assert_int_equal(chmod(state, 0500), 0);
    assert_int_equal(resume_save(state, "/c", &e, &err), -1);
    assert_non_null(strstr(err, "/state/tplay/resume.new: cannot write: "
                                "Permission denied; check the folder's "
                                "permissions"));
    free(err);
    err = NULL;
    /* an unreadable file */
    assert_int_equal(chmod(state, 0700), 0);
    assert_int_equal(chmod(file_path(), 0), 0);
    assert_int_equal(resume_load(state, "/a", &e, &err), -1);
    assert_non_null(strstr(err, "/state/tplay/resume: cannot read: Permission "
                                "denied; check its permissions, or remove it "
                                "to start afresh"));
    free(err);
    resume_entry_free(&e);
    assert_int_equal(chmod(file_path(), 0600), 0);
    expect_file("tplay resume 1\n/b\tposition=2.000\n/a\tposition=1.000\n");
}

/* What save refuses, with the file untouched. */
static void test_resume_save_refuses(void **st)
{
    char *tracks[RESUME_MAX_TRACKS + 1], *long_key = malloc(RESUME_MAX_KEY + 2);
    char id[RESUME_MAX_TRACKS + 1][8], *err = NULL;
    struct resume_entry e = { 1, -1, NULL, 0, NULL, 0 }, got;
    static const double bad[][2] = {
        { -1, -1 }, { NAN, -1 }, { INFINITY, -1 }, { 1e13, -1 },
        { 1, NAN }, { 1, 1e13 }, { 1, INFINITY },
    };

    (void)st;
    save_at("/a", 1);
    assert_non_null(long_key);
    long_key[0] = '/';
    memset(long_key + 1, 'k', RESUME_MAX_KEY);
    long_key[RESUME_MAX_KEY + 1] = '\0';
    assert_int_equal(resume_save(state, long_key, &e, &err), -1);
    assert_string_equal(err, "a name of 4097 bytes is not remembered (1 to "
                             "4096)");
    free(err);
    err = NULL;
    long_key[RESUME_MAX_KEY] = '\0';
    /* the longest key, escaped to three times its size, still fits */
    memset(long_key + 1, '\t', RESUME_MAX_KEY - 1);
    assert_int_equal(resume_save(state, long_key, &e, &err), 0);
    assert_true(load_at(long_key) == 1);
    assert_int_equal(resume_forget(state, long_key, &err), 0);
    free(long_key);
    assert_int_equal(resume_save(state, "", &e, &err), -1);
    free(err);
    err = NULL;
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        e.position = bad[i][0];
        e.volume = bad[i][1];
        if (resume_save(state, "/b", &e, &err) != -1)
            fail_msg("position %g volume %g saved", bad[i][0], bad[i][1]);
        assert_non_null(strstr(err, "not remembered"));
        free(err);
        err = NULL;
    }
    expect_file("tplay resume 1\n/a\tposition=1.000\n");
    /* more tracks than kept: the first RESUME_MAX_TRACKS */
    for (int i = 0; i <= RESUME_MAX_TRACKS; i++) {
        snprintf(id[i], sizeof id[i], "%d", i);
        tracks[i] = id[i];
    }
    e = (struct resume_entry){ 2, -1, tracks, RESUME_MAX_TRACKS + 1, NULL,
                               0 };
    assert_int_equal(resume_save(state, "/t", &e, &err), 0);
    assert_int_equal(resume_load(state, "/t", &got, &err), 1);
    assert_int_equal(got.ntracks, RESUME_MAX_TRACKS);
    assert_string_equal(got.tracks[RESUME_MAX_TRACKS - 1], "63");
    resume_entry_free(&got);
}

static const struct {
    const char *xdg, *home, *want; /* NULL: unset */
} dir_cases[] = {
    { "/s", "/h", "/s/tplay" },
    { "/s/", "/h", "/s/tplay" },
    { "/", "/h", "/tplay" },
    { NULL, "/h", "/h/.local/state/tplay" },
    { "", "/h", "/h/.local/state/tplay" },
    { "rel/state", "/h", "/h/.local/state/tplay" },
    { "~/state", "/h/", "/h/.local/state/tplay" },
    { NULL, NULL, NULL },
    { "", "", NULL },
    { "rel", "rel", NULL },
};

static void set(const char *name, const char *value)
{
    if (value)
        assert_int_equal(setenv(name, value, 1), 0);
    else
        assert_int_equal(unsetenv(name), 0);
}

static void test_resume_dir_table(void **st)
{
    char *xdg = getenv("XDG_STATE_HOME"), *home = getenv("HOME");

    (void)st;
    xdg = xdg ? strdup(xdg) : NULL;
    home = home ? strdup(home) : NULL;
    for (size_t i = 0; i < sizeof dir_cases / sizeof dir_cases[0]; i++) {
        char *got;

        set("XDG_STATE_HOME", dir_cases[i].xdg);
        set("HOME", dir_cases[i].home);
        got = resume_dir();
        if ((got == NULL) != (dir_cases[i].want == NULL) ||
            (got && strcmp(got, dir_cases[i].want) != 0))
            fail_msg("XDG_STATE_HOME=%s HOME=%s: %s, want %s",
                     dir_cases[i].xdg ? dir_cases[i].xdg : "(unset)",
                     dir_cases[i].home ? dir_cases[i].home : "(unset)",
                     got ? got : "NULL",
                     dir_cases[i].want ? dir_cases[i].want : "NULL");
        free(got);
    }
    set("XDG_STATE_HOME", xdg);
    set("HOME", home);
    free(xdg);
    free(home);
}

static void test_resume_key(void **st)
{
    char path[256], want[PATH_MAX], url[300], *key;
    char *long_url = malloc(RESUME_MAX_KEY + 16);
    static const char *const none[] = {
        "-", "fd://0", "FD://3", "fd://", "/nonexistent/x.mkv", "",
        "file:///nonexistent/x.mkv",
    };

    (void)st;
    for (size_t i = 0; i < sizeof none / sizeof none[0]; i++)
        if ((key = resume_key(none[i])) != NULL)
            fail_msg("\"%s\": key \"%s\", want none", none[i], key);
    key = resume_key("https://example.com/a.mkv?x=1#t=3");
    assert_string_equal(key, "https://example.com/a.mkv?x=1#t=3");
    free(key);
    /* a file:// URL for another machine is a URL like any other */
    key = resume_key("file://elsewhere/x.mkv");
    assert_string_equal(key, "file://elsewhere/x.mkv");
    free(key);
    key = resume_key("av://lavfi:sine");
    assert_string_equal(key, "av://lavfi:sine");
    free(key);
    /* a local file: its real path, however it is named */
    snprintf(path, sizeof path, "%s/real file.mkv", tmp);
    fclose(fopen(path, "w"));
    snprintf(want, sizeof want, "%s/link.mkv", tmp);
    assert_int_equal(symlink("real file.mkv", want), 0);
    assert_non_null(realpath(path, want));
    key = resume_key(path);
    assert_string_equal(key, want);
    free(key);
    snprintf(path, sizeof path, "%s/./link.mkv", tmp);
    key = resume_key(path);
    assert_string_equal(key, want);
    free(key);
    snprintf(url, sizeof url, "file://%s/real%%20file.mkv", tmp);
    key = resume_key(url);
    assert_string_equal(key, want);
    free(key);
    /* a URL too long to keep */
    assert_non_null(long_url);
    strcpy(long_url, "https://h/");
    memset(long_url + 10, 'a', RESUME_MAX_KEY);
    long_url[RESUME_MAX_KEY + 10] = '\0';
    assert_null(resume_key(long_url));
    long_url[RESUME_MAX_KEY] = '\0';
    key = resume_key(long_url);
    assert_string_equal(key, long_url);
    free(key);
    free(long_url);
    snprintf(path, sizeof path, "%s/real file.mkv", tmp);
    unlink(path);
    snprintf(path, sizeof path, "%s/link.mkv", tmp);
    unlink(path);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(test_resume_gains, fresh),
        cmocka_unit_test_setup(test_resume_round_trip, fresh),
        cmocka_unit_test_setup(test_resume_format_escapes, fresh),
        cmocka_unit_test_setup(test_resume_most_recent_first_and_replaced,
                               fresh),
        cmocka_unit_test_setup(test_resume_bound, fresh),
        cmocka_unit_test_setup(test_resume_forget, fresh),
        cmocka_unit_test_setup(test_resume_bad_lines, fresh),
        cmocka_unit_test_setup(test_resume_later_versions, fresh),
        cmocka_unit_test_setup(test_resume_too_big, fresh),
        cmocka_unit_test_setup(test_resume_two_writers, fresh),
        cmocka_unit_test_setup(test_resume_lock_held, fresh),
        cmocka_unit_test_setup(test_resume_folder_cannot_be_made, fresh),
        cmocka_unit_test_setup(test_resume_read_only_folder, fresh),
        cmocka_unit_test_setup(test_resume_save_refuses, fresh),
        cmocka_unit_test(test_resume_dir_table),
        cmocka_unit_test(test_resume_key),
    };
    return cmocka_run_group_tests_name("resume", tests, setup, teardown);
}
