/* test_levels.c - the tracks' meters: ametadata's print format read a
 * chunk at a time, and the reader thread on its real pipes, written by
 * the test as the graph writes them; a writer far faster than the screen
 * is never held up by a screen that never looks. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "deadline.h"
#include "levels.h"
#include "meter.h"
#include "mix.h"
#include "strbuf.h"

#include <errno.h>
#include <math.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* What FFmpeg 5.1's ametadata printed for astats on a sine (three
 * frames), byte for byte. */
static const char test_print[] =
    "frame:0    pts:0       pts_time:0\n"
    "lavfi.astats.Overall.Peak_level=-30.105120\n"
    "lavfi.astats.Overall.RMS_level=-33.132991\n"
    "frame:1    pts:1024    pts_time:0.02322\n"
    "lavfi.astats.Overall.Peak_level=-30.105120\n"
    "lavfi.astats.Overall.RMS_level=-33.073294\n"
    "frame:2    pts:2048    pts_time:0.0464399\n"
    "lavfi.astats.Overall.RMS_level=-21.5\n"
    "lavfi.astats.Overall.Peak_level=-18.25\n";

static void test_parse_whole(void **state)
{
    struct levels_parser p;

    (void)state;
    levels_parser_init(&p, NULL, NULL);
    assert_int_equal(levels_parse(&p, test_print, strlen(test_print)), 3);
    /* Either order within a frame. */
    assert_float_equal(p.last.peak_db, -18.25, 1e-4);
    assert_float_equal(p.last.rms_db, -21.5, 1e-4);
    assert_float_equal(p.last.pts, 0.0464399, 1e-9);
}

/* Every reading goes to emit, with its time. */
struct test_seen {
    size_t n;
    struct levels_reading r[8];
};

static void test_emit(void *ctx, const struct levels_reading *r)
{
    struct test_seen *seen = ctx;

    assert_true(seen->n < 8);
    seen->r[seen->n++] = *r;
}

static void test_parse_emits_each_frame(void **state)
{
    struct levels_parser p;
    struct test_seen seen = { 0 };
    static const char nopts[] =
        "frame:3    pts:NOPTS   pts_time:NOPTS\n"
        "lavfi.astats.Overall.Peak_level=-1\n"
        "lavfi.astats.Overall.RMS_level=-2\n";

    (void)state;
    levels_parser_init(&p, test_emit, &seen);
    assert_int_equal(levels_parse(&p, test_print, strlen(test_print)), 3);
    assert_int_equal(levels_parse(&p, nopts, strlen(nopts)), 1);
    assert_int_equal(seen.n, 4);
    assert_float_equal(seen.r[0].pts, 0, 1e-9);
    assert_float_equal(seen.r[0].rms_db, -33.132991, 1e-4);
    assert_float_equal(seen.r[1].pts, 0.02322, 1e-9);
    assert_float_equal(seen.r[1].rms_db, -33.073294, 1e-4);
    assert_float_equal(seen.r[2].pts, 0.0464399, 1e-9);
    assert_true(isnan(seen.r[3].pts));
    assert_float_equal(seen.r[3].rms_db, -2, 1e-4);
}

/* Cut anywhere, the same readings come out: the pipe hands over what
 * the writer wrote in pieces of any size. */
static void test_parse_in_pieces(void **state)
{
    size_t n = strlen(test_print);

    (void)state;
    for (size_t cut = 1; cut < n; cut++) {
        struct levels_parser p;
        size_t got = 0;

        levels_parser_init(&p, NULL, NULL);
        for (size_t at = 0; at < n; at += cut)
            got += levels_parse(&p, test_print + at,
                                at + cut < n ? cut : n - at);
        assert_int_equal(got, 3);
        assert_float_equal(p.last.peak_db, -18.25, 1e-4);
        assert_float_equal(p.last.rms_db, -21.5, 1e-4);
    }
}

static size_t test_parse(struct levels_parser *p, const char *s)
{
    return levels_parse(p, s, strlen(s));
}

static void test_parse_odd_lines(void **state)
{
    struct levels_parser p;
    char longline[400];
    static const char silence[] =
        "frame:7    pts:7168    pts_time:0.1625\n"
        "lavfi.astats.Overall.Peak_level=-inf\n"
        "lavfi.astats.Overall.RMS_level=-inf\n";
    static const char junk[] =
        "frame:8    pts:8192    pts_time:0.18\n"
        "lavfi.astats.Overall.Peak_level=loud\n"
        "lavfi.astats.Overall.RMS_level=-3\n"
        "lavfi.astats.Overall.Peak_level=nan\n"
        "lavfi.astats.1.RMS_level=-2\n"
        "other=1\n"
        "\n";

    (void)state;
    levels_parser_init(&p, NULL, NULL);
    assert_int_equal(levels_parse(&p, silence, strlen(silence)), 1);
    assert_true(p.last.peak_db == METER_FLOOR_DB);
    assert_true(p.last.rms_db == METER_FLOOR_DB);
    /* Not numbers, other keys, a frame with one level: no reading. */
    assert_int_equal(levels_parse(&p, junk, strlen(junk)), 0);
    assert_true(p.last.rms_db == METER_FLOOR_DB);
    /* A new frame forgets the half reading before it. */
    assert_int_equal(test_parse(&p, "frame:9\n"
                                "lavfi.astats.Overall.Peak_level=-1\n"), 0);
    /* A line longer than the buffer is skipped whole, even one that
     * looks like a level at its end. */
    memset(longline, 'x', sizeof longline);
    strcpy(longline + sizeof longline - 40,
           "lavfi.astats.Overall.RMS_level=-9\n");
    assert_int_equal(levels_parse(&p, longline, strlen(longline)), 0);
    assert_int_equal(test_parse(&p, "lavfi.astats.Overall.RMS_level=-9\n"),
                     1);
    assert_float_equal(p.last.rms_db, -9, 1e-4);
    assert_float_equal(p.last.peak_db, -1, 1e-4);
}

/* Write all of s to fd (blocking, as the graph's filter thread does). */
static void test_write(int fd, const char *s, size_t n)
{
    while (n > 0) {
        ssize_t w = write(fd, s, n);

        if (w < 0 && errno == EINTR)
            continue;
        assert_true(w > 0);
        s += w;
        n -= (size_t)w;
    }
}

static void test_writes(int fd, const char *s)
{
    test_write(fd, s, strlen(s));
}

/* Wait for track i's reading to be rms, however long the thread takes. */
static void test_wait_rms(struct levels *l, size_t i, float rms)
{
    int64_t until = deadline_at();
    struct levels_reading r = { 0, 0, 0 };

    while (!levels_get(l, i, -1, &r) || r.rms_db != rms) {
        assert_true(deadline_now_ms() < until);
        usleep(1000);
    }
}

static void test_reader_takes_each_track(void **state)
{
    char *err = NULL;
    struct levels *l = levels_create(3, &err);
    struct levels_reading r;
    struct strbuf g = STRBUF_INIT;
    char want[64];
    uint64_t count;

    (void)state;
    assert_non_null(l);
    assert_false(levels_get(l, 0, -1, &r));
    assert_int_equal(levels_count(l), 0);
    test_write(levels_write_fd(l, 1), test_print, strlen(test_print));
    test_wait_rms(l, 1, -21.5f);
    assert_true(levels_get(l, 1, -1, &r));
    assert_float_equal(r.peak_db, -18.25, 1e-4);
    assert_false(levels_get(l, 0, -1, &r)); /* nothing for the others */
    assert_false(levels_get(l, 2, -1, &r));
    assert_false(levels_get(l, 3, -1, &r)); /* out of range */
    count = levels_count(l);
    assert_int_equal(count, 3);
    /* A line cut in two writes. */
    test_writes(levels_write_fd(l, 2), "frame:0\nlavfi.astats.Overall.Peak_"
                "level=-6\nlavfi.astats.Overall.RMS_le");
    test_writes(levels_write_fd(l, 2), "vel=-7.5\n");
    test_wait_rms(l, 2, -7.5f);
    assert_int_equal(levels_count(l), count + 1);
    /* The filter text names the pipe, escaped for the graph. */
    levels_add_filter(l, 2, &g);
    snprintf(want, sizeof want, "file=pipe\\\\\\:%d", levels_write_fd(l, 2));
    assert_non_null(strstr(strbuf_str(&g), "astats=metadata=1:reset=1:"));
    assert_non_null(strstr(strbuf_str(&g), ",ametadata=mode=print:"));
    assert_non_null(strstr(strbuf_str(&g), want));
    strbuf_free(&g);
    levels_destroy(l);
    levels_destroy(NULL);
}

/* Frames stamped pts, pts + step, ... n of them, levels -1, -2, ... */
static void test_frames(int fd, double pts, double step, int n, int first)
{
    for (int i = 0; i < n; i++) {
        char buf[200];

        snprintf(buf, sizeof buf, "frame:%d pts:%d pts_time:%g\n"
                 "lavfi.astats.Overall.Peak_level=-%d\n"
                 "lavfi.astats.Overall.RMS_level=-%d\n", i, i,
                 pts + step * i, first + i, first + i);
        test_writes(fd, buf);
    }
}

/* The reading shown is the one heard now: at or before the position,
 * not the newest the graph (running ahead) made, and not another
 * graph's from before a seek. */
static void test_the_reading_at_the_position(void **state)
{
    char *err = NULL;
    struct levels *l = levels_create(1, &err);
    struct levels_reading r;
    int fd;

    (void)state;
    assert_non_null(l);
    fd = levels_write_fd(l, 0);
    test_frames(fd, 10.0, 0.02, 40, 1); /* 10.00 .. 10.78: -1 .. -40 */
    test_wait_rms(l, 0, -40);
    assert_true(levels_get(l, 0, 10.05, &r));
    assert_float_equal(r.pts, 10.04, 1e-9);
    assert_float_equal(r.rms_db, -3, 1e-4);
    assert_true(levels_get(l, 0, 10.0, &r));
    assert_float_equal(r.rms_db, -1, 1e-4);
    assert_false(levels_get(l, 0, 9.9, &r));   /* not there yet */
    assert_false(levels_get(l, 0, 11.5, &r));  /* all stale */
    assert_true(levels_get(l, 0, NAN, &r));    /* no position: newest */
    assert_float_equal(r.rms_db, -40, 1e-4);
    /* Back to 2 s: the new graph's readings, though older ones are
     * newer in the ring. */
    test_frames(fd, 2.0, 0.02, 5, 50); /* 2.00 .. 2.08: -50 .. -54 */
    test_wait_rms(l, 0, -54);
    assert_true(levels_get(l, 0, 2.03, &r));
    assert_float_equal(r.rms_db, -51, 1e-4);
    assert_true(levels_get(l, 0, 10.3, &r));   /* the old ones still fit */
    assert_float_equal(r.rms_db, -16, 1e-4);
    levels_destroy(l);
}

enum { TEST_FRAMES = 50000 }; /* 4 MB: far more than any pipe holds */

struct test_writer {
    int fd;
    atomic_bool done;
};

/* The graph's side at full speed: frame after frame, each line one
 * blocking write as ametadata's direct mode does. */
static void *test_writer_main(void *arg)
{
    struct test_writer *w = arg;
    char line[128];

    for (int i = 0; i < TEST_FRAMES; i++) {
        int n = snprintf(line, sizeof line, "frame:%-4d pts:%-7d "
                         "pts_time:%d\n", i, i * 1024, i);

        test_write(w->fd, line, (size_t)n);
        n = snprintf(line, sizeof line,
                     "lavfi.astats.Overall.Peak_level=-%d.500000\n", i % 90);
        test_write(w->fd, line, (size_t)n);
        n = snprintf(line, sizeof line,
                     "lavfi.astats.Overall.RMS_level=-%d.250000\n", i % 97);
        test_write(w->fd, line, (size_t)n);
    }
    atomic_store(&w->done, true);
    return NULL;
}

/* The worst case for the audio thread: a writer that never stops, a UI
 * that never looks.  The writer gets through all of it (the reader
 * drains the pipe on its own, the UI is not in the way), and the last
 * reading is the last frame's. */
static void test_writer_never_waits_for_the_ui(void **state)
{
    char *err = NULL;
    struct levels *l = levels_create(1, &err);
    struct test_writer w;
    struct levels_reading r;
    pthread_t th;
    int64_t until;

    (void)state;
    assert_non_null(l);
    w.fd = levels_write_fd(l, 0);
    atomic_init(&w.done, false);
    assert_int_equal(pthread_create(&th, NULL, test_writer_main, &w), 0);
    /* The "UI" reads no level until the writer is done; were the writer
     * waiting for it, it would never be. */
    until = deadline_at();
    while (!atomic_load(&w.done)) {
        assert_true(deadline_now_ms() < until);
        usleep(10000);
    }
    assert_int_equal(pthread_join(th, NULL), 0);
    /* The pipe may still hold the end: the reader takes all of it. */
    until = deadline_at();
    while (levels_count(l) < TEST_FRAMES) {
        assert_true(deadline_now_ms() < until);
        usleep(1000);
    }
    assert_int_equal(levels_count(l), TEST_FRAMES);
    assert_true(levels_get(l, 0, -1, &r));
    assert_float_equal(r.pts, TEST_FRAMES - 1, 1e-9);
    assert_float_equal(r.rms_db, -(float)((TEST_FRAMES - 1) % 97) - 0.25f,
                       1e-4);
    levels_destroy(l);
}

/* With meters, every track goes into the mix through its own. */
static void test_graph_with_meters(void **state)
{
    bool on[3] = { true, false, true }, key[3] = { false, false, true };
    double db[3] = { 0, 0, 0 };
    int64_t aids[3] = { 1, 2, 3 };
    char *err = NULL, *g;
    struct mix *m = mix_create(3, on, &err);
    struct levels *l = levels_create(3, &err);

    (void)state;
    assert_non_null(m);
    assert_non_null(l);
    mix_meter(m, l);
    assert_ptr_equal(mix_levels(m), l);
    g = mix_graph(m, -1, aids);
    assert_non_null(strstr(g, " [tplay_a0]; [tplay_a0] astats="));
    assert_non_null(strstr(g, " [tplay_m0]; [aid2] astats="));
    assert_non_null(strstr(g, " [tplay_m1]; [aid3] astats="));
    assert_non_null(strstr(g, "[tplay_m0] [tplay_m1] [tplay_m2] amix=inputs=3"));
    assert_null(strstr(g, "[aid2] amix"));
    free(g);
    /* The ducking chain splits the metered key track. */
    assert_int_equal(mix_prepare(m, key, -12, true, db, &err), 0);
    g = mix_graph(m, -1, aids);
    assert_non_null(strstr(g, "[tplay_m2] asplit [tplay_v2] [tplay_k2];"));
    assert_non_null(strstr(g, "[tplay_m0] [tplay_m1] amix@tplay_bed="));
    free(g);
    mix_destroy(m); /* and the meters with it */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_parse_whole),
        cmocka_unit_test(test_parse_emits_each_frame),
        cmocka_unit_test(test_parse_in_pieces),
        cmocka_unit_test(test_parse_odd_lines),
        cmocka_unit_test(test_reader_takes_each_track),
        cmocka_unit_test(test_the_reading_at_the_position),
        cmocka_unit_test(test_writer_never_waits_for_the_ui),
        cmocka_unit_test(test_graph_with_meters),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
