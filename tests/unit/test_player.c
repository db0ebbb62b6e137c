/* test_player.c - the engine as a playlist drives it, for real: one libmpv
 * player loads file A, then file B, then others, with the mixer's graph
 * set anew for each and the video renderer alive throughout; seeks of
 * every kind and precision land where mpv says they do; speed changes
 * the pace and keeps the pitch (through tplay's lavfi-complex graph);
 * chapters are listed and jumped; a subtitle cue is in the status with
 * its ASS text and times, on time at 2 fps; a file resumes at a start
 * position, and
 * a pipe that cannot seek plays from its beginning without complaint; a
 * range ends at its end as a file does at its own; subtitles show the
 * tracks tplay chose, never one libmpv picked by itself.
 * Clips are made on the spot with ffmpeg; sound goes to ao=null (real
 * time) or to ao=pcm in a file (what is heard, not when). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <mpv/client.h>

#include "deadline.h"
#include "mix.h"
#include "player.h"
#include "video.h"

#include <mpv/client.h>
#include <fcntl.h>
#include <locale.h>
#include <math.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static char dir[] = "/tmp/tplay-test-player-XXXXXX";
static char clip_a[80], clip_b[80], clip_s[80], clip_two[80], pcm_out[80];

/* Clip A: 6 s, 440 Hz, three chapters whose titles are raw bytes.
 * Clip B: 8 s, two tracks (660 Hz, 880 Hz), no chapters.  Both 160x90 at
 * 25 fps with a keyframe every second. */
static const char *const chapter_titles[] = {
    "Intro", "Middle \xc3\xa9t\xc3\xa9", "\x1b[31mEnd\x07",
};

static int run(const char *fmt, ...)
{
    char cmd[1024];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(cmd, sizeof cmd, fmt, ap);
    va_end(ap);
    return system(cmd) == 0 ? 0 : -1;
}

/* Clip S: 4 s, two SRT tracks, English (1) and German flagged default
 * (2), each one cue from 0.5 s to 3.5 s; libmpv would pick the German
 * one by itself. */
static const char *const sub_lines[] = { "Hello English", "Hallo Deutsch" };

static int subs_make(void)
{
    char srt[2][96];

    snprintf(clip_two, sizeof clip_two, "%s/two.mkv", dir);
    for (int i = 0; i < 2; i++) {
        FILE *f;

        snprintf(srt[i], sizeof srt[i], "%s/%d.srt", dir, i);
        f = fopen(srt[i], "w");
        if (!f)
            return -1;
        fprintf(f, "1\n00:00:00,500 --> 00:00:03,500\n%s\n\n", sub_lines[i]);
        if (fclose(f) != 0)
            return -1;
    }
    if (run("ffmpeg -nostdin -v error -y "
            "-f lavfi -i sine=frequency=440:sample_rate=48000:duration=4 "
            "-i '%s' -i '%s' -map 0:a -map 1 -map 2 -c:a libopus -c:s srt "
            "-metadata:s:s:0 language=eng -metadata:s:s:1 language=ger "
            "-disposition:s:0 0 -disposition:s:1 default '%s'",
            srt[0], srt[1], clip_two) < 0)
        return -1;
    for (int i = 0; i < 2; i++)
        unlink(srt[i]);
    return 0;
}

static int clips_make(void **state)
{
    char meta[96];
    FILE *f;

    (void)state;
    setlocale(LC_NUMERIC, "C");
    /* The feeder of a pipe libmpv stopped reading gets EPIPE, not a
     * signal. */
    signal(SIGPIPE, SIG_IGN);
    if (!mkdtemp(dir))
        return -1;
    snprintf(clip_a, sizeof clip_a, "%s/a.mkv", dir);
    snprintf(clip_b, sizeof clip_b, "%s/b.mkv", dir);
    snprintf(pcm_out, sizeof pcm_out, "%s/out.pcm", dir);
    snprintf(meta, sizeof meta, "%s/chapters.txt", dir);
    f = fopen(meta, "w");
    if (!f)
        return -1;
    fputs(";FFMETADATA1\n", f);
    for (int i = 0; i < 3; i++)
        fprintf(f, "[CHAPTER]\nTIMEBASE=1/1000\nSTART=%d\nEND=%d\ntitle=%s\n",
                i * 2000, i * 2000 + 2000, chapter_titles[i]);
    if (fclose(f) != 0)
        return -1;
    if (run("ffmpeg -nostdin -v error -y "
            "-f lavfi -i testsrc2=size=160x90:rate=25:duration=6 "
            "-f lavfi -i sine=frequency=440:sample_rate=48000:duration=6 "
            "-i '%s' -map 0:v -map 1:a -map_chapters 2 "
            "-c:v libx264 -preset ultrafast -g 25 -pix_fmt yuv420p "
            "-c:a libopus '%s'", meta, clip_a) < 0)
        return -1;
    if (subs_make() < 0)
        return -1;
    /* Clip S: 4 s at 2 fps with an SRT track; its second cue (3.1 to
     * 3.4 s) falls between two frames. */
    snprintf(clip_s, sizeof clip_s, "%s/s.mkv", dir);
    snprintf(meta, sizeof meta, "%s/s.srt", dir);
    f = fopen(meta, "w");
    if (!f)
        return -1;
    fputs("1\n00:00:01,000 --> 00:00:02,000\nOne <i>slanted</i>\n\n"
          "2\n00:00:03,100 --> 00:00:03,400\nShort\n\n", f);
    if (fclose(f) != 0)
        return -1;
    if (run("ffmpeg -nostdin -v error -y "
            "-f lavfi -i testsrc2=size=160x90:rate=2:duration=4 "
            "-f lavfi -i sine=frequency=440:sample_rate=48000:duration=4 "
            "-i '%s' -map 0:v -map 1:a -map 2:s "
            "-c:v libx264 -preset ultrafast -pix_fmt yuv420p "
            "-c:a libopus -c:s srt '%s'", meta, clip_s) < 0)
        return -1;
    unlink(meta);
    return run("ffmpeg -nostdin -v error -y "
               "-f lavfi -i testsrc2=size=160x90:rate=25:duration=8 "
               "-f lavfi -i sine=frequency=660:sample_rate=48000:duration=8 "
               "-f lavfi -i sine=frequency=880:sample_rate=48000:duration=8 "
               "-map 0:v -map 1:a -map 2:a "
               "-c:v libx264 -preset ultrafast -g 25 -pix_fmt yuv420p "
               "-c:a libopus '%s'", clip_b);
}

static int clips_remove(void **state)
{
    char meta[96];

    (void)state;
    snprintf(meta, sizeof meta, "%s/chapters.txt", dir);
    unlink(clip_a);
    unlink(clip_b);
    unlink(clip_s);
    unlink(clip_two);
    unlink(pcm_out);
    unlink(meta);
    rmdir(dir);
    return 0;
}

/* A player (and maybe a renderer) and what its events said. */
struct fix {
    struct player *p;
    struct video *v;
    char seq[256];    /* L loaded, F failed, E ended, R restart, S shutdown */
    size_t nseq;
    int errors;       /* error-level log lines */
    char last_error[256];
    double min_pos;   /* the least position seen since fix_mark */
    uint64_t frame;   /* seq of the newest frame taken, or 0 */
};

static void fix_note(struct fix *f, char c)
{
    if (f->nseq < sizeof f->seq - 1)
        f->seq[f->nseq++] = c;
    f->seq[f->nseq] = '\0';
}

/* Forget the events so far: the next checks are about what follows. */
static void fix_mark(struct fix *f)
{
    f->nseq = 0;
    f->seq[0] = '\0';
    f->errors = 0;
    f->min_pos = INFINITY;
}

static void fix_events(struct fix *f)
{
    struct player_event ev;

    while ((ev = player_next_event(f->p)).type != PLAYER_EVENT_NONE) {
        double pos = player_status(f->p)->position;

        switch (ev.type) {
        case PLAYER_EVENT_LOADED:
            fix_note(f, 'L');
            break;
        case PLAYER_EVENT_FAILED:
            print_message("failed: %s\n", ev.message);
            fix_note(f, 'F');
            break;
        case PLAYER_EVENT_ENDED:
            fix_note(f, 'E');
            break;
        case PLAYER_EVENT_RESTART:
            fix_note(f, 'R');
            break;
        case PLAYER_EVENT_SHUTDOWN:
            fix_note(f, 'S');
            break;
        case PLAYER_EVENT_LOG:
            print_message("libmpv: %s\n", ev.message);
            if (ev.error) {
                f->errors++;
                snprintf(f->last_error, sizeof f->last_error, "%s",
                         ev.message);
            }
            break;
        default:
            break;
        }
        if (pos >= 0 && pos < f->min_pos)
            f->min_pos = pos;
    }
}

static void fix_poll(struct fix *f, int ms)
{
    struct pollfd fds[2] = {
        { player_fd(f->p), POLLIN, 0 },
        { f->v ? video_fd(f->v) : -1, POLLIN, 0 },
    };
    const struct video_frame *fr;

    poll(fds, 2, ms);
    fix_events(f);
    while (f->v && (fr = video_take(f->v)))
        f->frame = fr->seq;
}

/* Poll until cond holds; fail with what after the deadline. */
#define WAIT_UNTIL(f, cond, what)                                          \
    do {                                                                   \
        int64_t end_ = deadline_at();                                      \
        while (!(cond)) {                                                  \
            if (deadline_now_ms() >= end_)                                 \
                fail_msg("%s: not within %lld ms (events %s, pos %.3f)",   \
                         what, (long long)deadline_ms(DEADLINE_MS),        \
                         (f)->seq, player_status((f)->p)->position);       \
            fix_poll(f, 20);                                               \
        }                                                                  \
    } while (0)

static bool fix_saw(const struct fix *f, char c)
{
    return strchr(f->seq, c) != NULL;
}

static size_t fix_count(const struct fix *f, char c)
{
    size_t n = 0;

    for (const char *s = f->seq; *s; s++)
        n += *s == c;
    return n;
}

/* A player with libmpv options opts (NULL-terminated pairs), and a
 * renderer when video is true (else the picture is off). */
static void fix_start(struct fix *f, const char *const *opts, bool video)
{
    struct player_opt o[16];
    size_t n = 0;
    char *err = NULL;

    memset(f, 0, sizeof *f);
    fix_mark(f);
    for (; opts && opts[0]; opts += 2)
        o[n++] = (struct player_opt){ opts[0], opts[1], NULL };
    if (!video)
        o[n++] = (struct player_opt){ "vid", "no", NULL };
    f->p = player_create(PLAYER_MODE_PLAY, o, n, &err);
    if (!f->p)
        fail_msg("player_create: %s", err);
    if (video) {
        f->v = video_create(f->p, VIDEO_PIXELS_NONE, VIDEO_COLORS_256,
                            VIDEO_SYMBOLS_BLOCKS, &err);
        if (!f->v)
            fail_msg("video_create: %s", err);
        video_set_size(f->v, 16, 9);
    }
}

static void fix_stop(struct fix *f)
{
    video_destroy(f->v);
    player_destroy(f->p);
}

/* Load path at start and wait for PLAYER_EVENT_LOADED. */
static void fix_load_at(struct fix *f, const char *path, double start)
{
    char *err = NULL;

    fix_mark(f);
    if (player_load_at(f->p, path, start, &err) < 0)
        fail_msg("player_load_at %s: %s", path, err);
    WAIT_UNTIL(f, fix_saw(f, 'L') || fix_saw(f, 'F'), "loaded");
    assert_false(fix_saw(f, 'F'));
}

/* The mixer's graph for the loaded file, every audio track heard. */
static struct mix *fix_mix(struct fix *f)
{
    struct player_track *t;
    size_t n = player_audio_tracks(f->p, &t);
    bool on[8];
    int64_t aids[8];
    char *err = NULL, *graph;
    struct mix *m;

    assert_true(n > 0 && n <= 8);
    for (size_t i = 0; i < n; i++) {
        on[i] = true;
        aids[i] = t[i].id;
    }
    player_tracks_free(t, n);
    m = mix_create(n, on, &err);
    if (!m)
        fail_msg("mix_create: %s", err);
    graph = mix_graph(m, f->v ? player_video_id(f->p) : -1, aids);
    if (player_set_graph(f->p, graph, &err) < 0)
        fail_msg("player_set_graph: %s", err);
    free(graph);
    return m;
}

static bool near(double got, double want, double tol)
{
    return fabs(got - want) <= tol;
}

/* Seek, then wait until the (paused) position settles near want. */
static void fix_seek(struct fix *f, double value, enum player_seek_type type,
                     enum player_seek_precision pr, double want)
{
    char what[96];

    snprintf(what, sizeof what, "seek %g type %d precision %d to %g", value,
             (int)type, (int)pr, want);
    player_seek_mode(f->p, value, type, pr);
    WAIT_UNTIL(f, near(player_status(f->p)->position, want, 0.05), what);
}

/* The cues of clip S: each in the status while it is current, with its
 * ASS text and the file's times (sub-delay not added, as libmpv says);
 * the short one between two frames shows too (the frame rate filter);
 * libmpv draws none of them (sub-visibility stays off). */
static void test_subtitle_cues_in_the_status(void **state)
{
    static const char *const opts[] = { "ao", "null", NULL };
    struct fix f;
    const struct player_status *st;
    bool one = false, shrt = false;
    int visible = -1;
    char *err = NULL;

    (void)state;
    fix_start(&f, opts, true);
    st = player_status(f.p);
    fix_load_at(&f, clip_s, 0);
    if (player_set_subtitles(f.p, 1, -1, &err) < 0)
        fail_msg("player_set_subtitles: %s", err);
    player_continue(f.p);
    player_set_sub_delay(f.p, 0.25);
    WAIT_UNTIL(&f, st->sub_id == 1 && near(st->sub_delay, 0.25, 1e-6),
               "the track and the delay");
    player_set_sub_delay(f.p, 0);
    player_add_sub_delay(f.p, 0.1);
    player_add_sub_delay(f.p, -0.1);
    WAIT_UNTIL(&f, near(st->sub_delay, 0, 1e-6), "the delay back at 0");
    assert_false(st->sub_bitmap);
    player_set_pause(f.p, false);
    while (!st->ended) {
        unsigned seq = st->sub_seq;

        WAIT_UNTIL(&f, st->sub_seq != seq || st->ended, "a cue or the end");
        if (strstr(st->sub.text, "One")) {
            one = true;
            assert_string_equal(st->sub.text, "One slanted");
            assert_string_equal(st->sub.ass, "One {\\i1}slanted{\\i0}");
            assert_true(near(st->sub.start, 1, 0.05));
            assert_true(near(st->sub.end, 2, 0.05));
        }
        if (strcmp(st->sub.text, "Short") == 0 && st->position < 3.5)
            shrt = true;
    }
    assert_true(one);
    assert_true(shrt);
    assert_int_equal(mpv_get_property(player_handle(f.p), "sub-visibility",
                                      MPV_FORMAT_FLAG, &visible), 0);
    assert_int_equal(visible, 0);
    assert_int_equal(f.errors, 0);
    fix_stop(&f);
}

static void test_two_files_on_one_player(void **state)
{
    static const char *const opts[] = { "ao", "null", NULL };
    struct fix f;
    struct player_track *t;
    struct player_chapter *ch;
    const struct player_status *st;
    struct mix *m;
    uint64_t frame;

    (void)state;
    fix_start(&f, opts, true);
    st = player_status(f.p);
    /* A, through a graph of the mixer's, playing. */
    fix_load_at(&f, clip_a, 0);
    assert_int_equal(player_audio_tracks(f.p, &t), 1);
    player_tracks_free(t, 1);
    assert_int_equal(player_chapters(f.p, &ch), 3);
    player_chapters_free(ch, 3);
    m = fix_mix(&f);
    player_continue(f.p);
    player_set_pause(f.p, false);
    WAIT_UNTIL(&f, st->position >= 1 && f.frame > 0, "A playing");
    assert_int_equal(st->audio_id, 1); /* feeds the graph */
    assert_true(near(st->duration, 6, 0.1));
    /* A seek past the end is the end: ENDED once, kept open, paused. */
    player_seek_mode(f.p, 150, PLAYER_SEEK_ABSOLUTE_PERCENT,
                     PLAYER_SEEK_DEFAULT);
    WAIT_UNTIL(&f, fix_saw(&f, 'E'), "A ended");
    WAIT_UNTIL(&f, st->paused, "paused at A's end");
    assert_true(st->ended);
    assert_true(near(st->position, 6, 0.1));
    for (int i = 0; i < 10; i++)
        fix_poll(&f, 20);
    assert_int_equal(fix_count(&f, 'E'), 1);
    assert_false(fix_saw(&f, 'F'));

    /* B on the same player: A's state is gone at once, then B's. */
    frame = f.frame;
    fix_mark(&f);
    {
        char *err = NULL;

        if (player_load(f.p, clip_b, &err) < 0)
            fail_msg("player_load: %s", err);
    }
    assert_true(st->position < 0 && st->duration < 0 && !st->ended);
    assert_int_equal(st->chapter, -1);
    WAIT_UNTIL(&f, fix_saw(&f, 'L'), "B loaded");
    /* Nothing of A's came late: B reports its own once it plays. */
    assert_true(st->position < 0);
    assert_int_equal(st->chapter, -1);
    assert_string_equal(f.seq, "L"); /* neither ENDED nor FAILED for A */
    assert_false(st->ended);
    assert_int_equal(player_audio_tracks(f.p, &t), 2);
    assert_int_equal(t[0].id, 1);
    assert_int_equal(t[1].id, 2);
    player_tracks_free(t, 2);
    assert_int_equal(player_chapters(f.p, &ch), 0);
    assert_null(ch);
    mix_destroy(m); /* A's graph is gone with A */
    m = fix_mix(&f);
    player_continue(f.p);
    /* A ended paused: B would start paused. */
    player_set_pause(f.p, false);
    WAIT_UNTIL(&f, st->position >= 1 && !st->paused, "B playing");
    assert_true(near(st->duration, 8, 0.1));
    WAIT_UNTIL(&f, f.frame > frame, "B's picture");
    /* B played to its end (from 7 s): ENDED, no FAILED. */
    player_seek_mode(f.p, 7, PLAYER_SEEK_ABSOLUTE, PLAYER_SEEK_EXACT);
    WAIT_UNTIL(&f, fix_saw(&f, 'E'), "B ended");
    assert_true(near(st->position, 8, 0.1));
    assert_int_equal(fix_count(&f, 'E'), 1);
    assert_false(fix_saw(&f, 'F'));

    /* A again, this time with no graph set: libmpv plays the track
     * itself (B's graph, kept, would have named B's tracks). */
    mix_destroy(m);
    fix_load_at(&f, clip_a, 0);
    player_continue(f.p);
    player_set_pause(f.p, false);
    WAIT_UNTIL(&f, st->position >= 0.5 && st->audio_id == 1,
               "A played by libmpv itself");
    assert_int_equal(f.errors, 0);
    fix_stop(&f);
}

static void test_seek_types_and_precisions(void **state)
{
    static const char *const opts[] = { "ao", "null", NULL };
    struct fix f;
    const struct player_status *st;

    (void)state;
    fix_start(&f, opts, true);
    st = player_status(f.p);
    fix_load_at(&f, clip_b, 0);
    player_continue(f.p); /* it stays paused: positions stand still */
    WAIT_UNTIL(&f, st->position >= 0 && st->duration > 0, "B open");
    fix_seek(&f, 50, PLAYER_SEEK_ABSOLUTE_PERCENT, PLAYER_SEEK_EXACT, 4);
    fix_seek(&f, -1, PLAYER_SEEK_RELATIVE, PLAYER_SEEK_EXACT, 3);
    fix_seek(&f, 25, PLAYER_SEEK_RELATIVE_PERCENT, PLAYER_SEEK_EXACT, 5);
    fix_seek(&f, -2, PLAYER_SEEK_ABSOLUTE, PLAYER_SEEK_EXACT, 6);
    fix_seek(&f, 2.6, PLAYER_SEEK_ABSOLUTE, PLAYER_SEEK_DEFAULT, 2.6);
    /* Keyframes every second: a keyframe seek lands on one. */
    fix_seek(&f, 3.6, PLAYER_SEEK_ABSOLUTE, PLAYER_SEEK_KEYFRAMES, 3);
    /* A burst adds up within its wave: five times +0.2 s from 3 s. */
    for (int i = 0; i < 5; i++)
        player_seek_mode(f.p, 0.2, PLAYER_SEEK_RELATIVE, PLAYER_SEEK_EXACT);
    WAIT_UNTIL(&f, near(st->position, 4, 0.05), "five seeks of 0.2 s");
    /* An absolute seek replaces what came before it in its wave; a
     * relative one after it moves on from its target. */
    player_seek_mode(f.p, 1, PLAYER_SEEK_RELATIVE, PLAYER_SEEK_EXACT);
    player_seek_mode(f.p, 1, PLAYER_SEEK_RELATIVE, PLAYER_SEEK_EXACT);
    player_seek_mode(f.p, 2, PLAYER_SEEK_ABSOLUTE, PLAYER_SEEK_EXACT);
    player_seek_mode(f.p, 0.5, PLAYER_SEEK_RELATIVE, PLAYER_SEEK_EXACT);
    WAIT_UNTIL(&f, near(st->position, 2.5, 0.05), "absolute, then +0.5 s");
    for (int i = 0; i < 10; i++)
        fix_poll(&f, 20);
    assert_true(near(st->position, 2.5, 0.05));
    /* Past the end: exactly the end (the last frame), and once playing,
     * that is an end. */
    fix_mark(&f);
    player_seek(f.p, 30, false);
    WAIT_UNTIL(&f, near(st->position, 8, 0.1), "the last frame");
    player_set_pause(f.p, false);
    WAIT_UNTIL(&f, fix_saw(&f, 'E'), "the end");
    assert_true(near(st->position, 8, 0.1));
    assert_int_equal(f.errors, 0);
    fix_stop(&f);
}

static void test_speed_paces_playback(void **state)
{
    static const char *const opts[] = { "ao", "null", NULL };
    const char *slow = getenv("TPLAY_SLOW");
    struct fix f;
    const struct player_status *st;
    double p0, p1;
    int64_t t0, t1;

    (void)state;
    fix_start(&f, opts, false);
    st = player_status(f.p);
    assert_true(st->speed == 1);
    fix_load_at(&f, clip_b, 0);
    player_set_speed(f.p, 2);
    player_continue(f.p);
    player_set_pause(f.p, false);
    WAIT_UNTIL(&f, st->speed == 2 && st->position >= 0.5, "playing at 2x");
    p0 = st->position;
    t0 = deadline_now_ms();
    WAIT_UNTIL(&f, st->position >= p0 + 4, "4 s of the film");
    p1 = st->position;
    t1 = deadline_now_ms();
    print_message("speed 2: %.2f s of the film in %.2f s\n", p1 - p0,
                  (double)(t1 - t0) / 1000);
    /* Faster than real time (about twice); a slowed run (valgrind) may
     * not keep up, and says so instead. */
    if (slow && strtod(slow, NULL) > 1)
        print_message("TPLAY_SLOW: the pace is not checked\n");
    else
        assert_true((p1 - p0) * 1000 > (double)(t1 - t0));
    /* Requests made before libmpv answered apply in order, clamped. */
    player_set_speed(f.p, 1);
    for (int i = 0; i < 4; i++)
        player_add_speed(f.p, 0.3);
    WAIT_UNTIL(&f, st->speed == 2.2, "1 + 4 x 0.3");
    player_multiply_speed(f.p, 3);
    WAIT_UNTIL(&f, st->speed == PLAYER_SPEED_MAX, "clamped up");
    player_multiply_speed(f.p, 1 / 1.1);
    player_multiply_speed(f.p, 1.1);
    player_multiply_speed(f.p, 0);   /* ignored */
    player_add_speed(f.p, NAN);      /* ignored */
    player_set_speed(f.p, 0.1);
    WAIT_UNTIL(&f, st->speed == PLAYER_SPEED_MIN, "clamped down");
    player_add_speed(f.p, 0.1);
    player_add_speed(f.p, 0.1);
    player_add_speed(f.p, 0.05);
    WAIT_UNTIL(&f, st->speed == 0.5, "steps add up to a round number");
    assert_int_equal(f.errors, 0);
    fix_stop(&f);
}

/* Goertzel amplitude of freq in the left channel of float32 stereo at
 * 48 kHz, from second `from` for `len` seconds (a sine of amplitude A
 * reads A). */
static double pcm_amplitude(const float *pcm, size_t frames, double from,
                            double len, double freq)
{
    size_t a = (size_t)(from * 48000), n = (size_t)(len * 48000);
    double c = 2 * cos(2 * M_PI * freq / 48000), s1 = 0, s2 = 0;

    assert_true(a + n <= frames);
    for (size_t i = a; i < a + n; i++) {
        double s = pcm[2 * i] + c * s1 - s2;

        s2 = s1;
        s1 = s;
    }
    return 2 * sqrt(fmax(0, s1 * s1 + s2 * s2 - c * s1 * s2)) / (double)n;
}

/* Play A (440 Hz, 6 s) at speed 2 through the mixer's graph into a file;
 * how many seconds came out, and the amplitudes at 440 and 880 Hz. */
static void pitch_run(const char *correction, double *secs, double *a440,
                      double *a880)
{
    const char *const opts[] = {
        "ao", "pcm", "ao-pcm-file", pcm_out, "ao-pcm-waveheader", "no",
        "audio-format", "float", "audio-channels", "stereo",
        "audio-samplerate", "48000", "audio-pitch-correction", correction,
        NULL,
    };
    struct fix f;
    struct mix *m;
    struct stat sb;
    float *pcm;
    size_t frames;
    FILE *in;

    unlink(pcm_out);
    fix_start(&f, opts, false);
    fix_load_at(&f, clip_a, 0);
    m = fix_mix(&f);
    player_set_speed(f.p, 2);
    player_continue(f.p);
    player_set_pause(f.p, false);
    WAIT_UNTIL(&f, fix_saw(&f, 'E'), "A played to its end");
    assert_int_equal(f.errors, 0);
    fix_stop(&f);
    mix_destroy(m);
    assert_int_equal(stat(pcm_out, &sb), 0);
    frames = (size_t)sb.st_size / 8;
    pcm = malloc(frames * 8 + 1);
    assert_non_null(pcm);
    in = fopen(pcm_out, "rb");
    assert_non_null(in);
    assert_int_equal(fread(pcm, 8, frames, in), frames);
    fclose(in);
    *secs = (double)frames / 48000;
    *a440 = pcm_amplitude(pcm, frames, 1, 0.5, 440);
    *a880 = pcm_amplitude(pcm, frames, 1, 0.5, 880);
    free(pcm);
    print_message("audio-pitch-correction=%s: %.2f s out, 440 Hz %.3f, "
                  "880 Hz %.3f\n", correction, *secs, *a440, *a880);
}

static void test_speed_keeps_the_pitch_through_the_graph(void **state)
{
    double secs, a440, a880;

    (void)state;
    /* Kept: 6 s of 440 Hz come out as 3 s of 440 Hz. */
    pitch_run("yes", &secs, &a440, &a880);
    assert_true(secs > 2.7 && secs < 3.3);
    assert_true(a440 > 0.04 && a880 < 0.01);
    /* The check tells: without the correction the tone goes an octave
     * up. */
    pitch_run("no", &secs, &a440, &a880);
    assert_true(secs > 2.7 && secs < 3.3);
    assert_true(a880 > 0.04 && a440 < 0.01);
}

static void test_chapters_listed_and_jumped(void **state)
{
    static const char *const opts[] = {
        "ao", "null", "chapter-seek-threshold", "0.5", NULL,
    };
    struct fix f;
    struct player_chapter *ch;
    const struct player_status *st;
    size_t n;

    (void)state;
    fix_start(&f, opts, false);
    st = player_status(f.p);
    fix_load_at(&f, clip_a, 0);
    n = player_chapters(f.p, &ch);
    assert_int_equal(n, 3);
    for (size_t i = 0; i < n; i++) {
        assert_true(near(ch[i].time, 2.0 * (double)i, 0.001));
        /* Raw bytes: the UI sanitises them. */
        assert_string_equal(ch[i].title, chapter_titles[i]);
    }
    player_chapters_free(ch, n);
    player_continue(f.p); /* paused */
    WAIT_UNTIL(&f, st->chapter == 0 && st->position >= 0, "chapter 0");
    player_add_chapter(f.p, 1);
    WAIT_UNTIL(&f, st->chapter == 1 && near(st->position, 2, 0.05),
               "chapter 1 at 2 s");
    /* Quick moves count from where the ones before lead, not from where
     * libmpv still is: -1, +1, +1 from chapter 1 is chapter 2. */
    player_add_chapter(f.p, -1);
    player_add_chapter(f.p, 1);
    player_add_chapter(f.p, 1);
    WAIT_UNTIL(&f, st->chapter == 2 && near(st->position, 4, 0.05),
               "chapter 2 at 4 s");
    /* And from where the seeks before them lead: to 0, to 2.5 s (in
     * chapter 1), then the next chapter. */
    player_add_chapter(f.p, -2);
    player_seek_mode(f.p, 2.5, PLAYER_SEEK_ABSOLUTE, PLAYER_SEEK_EXACT);
    player_add_chapter(f.p, 1);
    WAIT_UNTIL(&f, st->chapter == 2 && near(st->position, 4, 0.05),
               "chapter 2 after 2.5 s");
    /* Back from further into a chapter than chapter-seek-threshold: its
     * own start first. */
    fix_seek(&f, 3, PLAYER_SEEK_ABSOLUTE, PLAYER_SEEK_EXACT, 3);
    player_add_chapter(f.p, -1);
    WAIT_UNTIL(&f, st->chapter == 1 && near(st->position, 2, 0.05),
               "chapter 1's own start");
    /* Before the first: the start. */
    player_add_chapter(f.p, -5);
    WAIT_UNTIL(&f, st->chapter == 0 && near(st->position, 0, 0.05),
               "the start");
    /* Past the last: the end, then played, an end. */
    fix_mark(&f);
    player_add_chapter(f.p, 10);
    WAIT_UNTIL(&f, near(st->position, 6, 0.1), "the end");
    player_set_pause(f.p, false);
    WAIT_UNTIL(&f, fix_saw(&f, 'E'), "ended");
    assert_int_equal(f.errors, 0);

    /* A file with none: nothing to list, nowhere to go. */
    fix_load_at(&f, clip_b, 0);
    assert_int_equal(player_chapters(f.p, &ch), 0);
    /* Paused or not after ENDED depends on whether libmpv's keep-open
     * paused before this load: say it. */
    player_set_pause(f.p, true);
    player_continue(f.p);
    player_seek_mode(f.p, 3, PLAYER_SEEK_ABSOLUTE, PLAYER_SEEK_EXACT);
    WAIT_UNTIL(&f, near(st->position, 3, 0.05), "at 3 s");
    player_add_chapter(f.p, 1);
    for (int i = 0; i < 20; i++)
        fix_poll(&f, 20);
    assert_int_equal(st->chapter, -1);
    assert_true(near(st->position, 3, 0.05));
    assert_false(fix_saw(&f, 'F') || fix_saw(&f, 'E'));
    fix_stop(&f);
}

/* Writes a file into a pipe, as a film on standard input comes. */
struct feeder {
    int fd;
    const char *path;
};

static void *feeder_run(void *arg)
{
    struct feeder *fe = arg;
    char buf[16384];
    int in = open(fe->path, O_RDONLY);
    ssize_t n;

    while (in >= 0 && (n = read(in, buf, sizeof buf)) > 0)
        if (write(fe->fd, buf, (size_t)n) != n)
            break; /* the reader is gone */
    if (in >= 0)
        close(in);
    close(fe->fd);
    return NULL;
}

static void test_resume_at_a_start_position(void **state)
{
    static const char *const opts[] = { "ao", "null", NULL };
    struct fix f;
    const struct player_status *st;
    struct feeder fe;
    pthread_t th;
    int fds[2];
    char path[32];

    (void)state;
    fix_start(&f, opts, true);
    st = player_status(f.p);
    /* At 3 s from the first frame: no position before it, one start. */
    fix_load_at(&f, clip_a, 3);
    assert_true(st->seekable);
    player_continue(f.p);
    WAIT_UNTIL(&f, near(st->position, 3, 0.05) && f.frame > 0,
               "A shown at 3 s");
    for (int i = 0; i < 10; i++)
        fix_poll(&f, 20);
    assert_true(f.min_pos >= 2.95);
    assert_int_equal(fix_count(&f, 'R'), 1);
    assert_int_equal(st->chapter, 1);
    /* The start was the last file's: the next one starts at 0. */
    fix_load_at(&f, clip_b, 0);
    player_continue(f.p);
    player_set_pause(f.p, false);
    WAIT_UNTIL(&f, st->position >= 0.3, "B playing");
    assert_true(f.min_pos < 0.3);
    /* Past the end: the file ends at once. */
    fix_load_at(&f, clip_a, 100);
    player_continue(f.p);
    WAIT_UNTIL(&f, fix_saw(&f, 'E'), "A ended at once");
    assert_false(fix_saw(&f, 'F'));

    /* A pipe cannot seek: from the beginning, and no error said. */
    assert_int_equal(pipe(fds), 0);
    fe = (struct feeder){ fds[1], clip_b };
    assert_int_equal(pthread_create(&th, NULL, feeder_run, &fe), 0);
    snprintf(path, sizeof path, "fdclose://%d", fds[0]);
    fix_load_at(&f, path, 3);
    assert_false(st->seekable);
    player_continue(f.p);
    player_set_pause(f.p, false);
    WAIT_UNTIL(&f, st->position >= 1, "the pipe playing");
    assert_true(f.min_pos < 1);
    assert_int_equal(f.errors, 0);
    assert_false(fix_saw(&f, 'F'));
    fix_stop(&f);
    pthread_join(th, NULL);
}

/* A range (a media fragment's time): from its start, an end there as at
 * the file's own end, again after a seek back, and the next file whole. */
static void test_range_ends_at_its_end(void **state)
{
    static const char *const opts[] = { "ao", "null", NULL };
    struct fix f;
    const struct player_status *st;
    char *err = NULL;

    (void)state;
    fix_start(&f, opts, true);
    st = player_status(f.p);
    fix_mark(&f);
    if (player_load_range(f.p, clip_a, 1, 2, &err) < 0)
        fail_msg("player_load_range: %s", err);
    WAIT_UNTIL(&f, fix_saw(&f, 'L') || fix_saw(&f, 'F'), "loaded");
    assert_false(fix_saw(&f, 'F'));
    player_continue(f.p);
    player_set_pause(f.p, false);
    WAIT_UNTIL(&f, fix_saw(&f, 'E'), "the range ended");
    assert_true(st->ended);
    assert_true(near(st->position, 2, 0.1));
    assert_true(f.min_pos >= 0.95);
    assert_int_equal(fix_count(&f, 'E'), 1);
    /* Held there: a seek back plays up to the end again. */
    fix_mark(&f);
    player_seek(f.p, 1.5, true);
    player_set_pause(f.p, false);
    WAIT_UNTIL(&f, fix_saw(&f, 'E'), "the range ended again");
    assert_true(near(st->position, 2, 0.1));
    /* The end was the last file's: the next one plays past it. */
    fix_load_at(&f, clip_b, 0);
    player_continue(f.p);
    player_set_pause(f.p, false);
    WAIT_UNTIL(&f, st->position >= 2.5, "B past 2 s");
    assert_false(fix_saw(&f, 'E'));
    assert_int_equal(f.errors, 0);
    fix_stop(&f);
}

/* A libmpv property of the player as a string ("" when unavailable). */
static void fix_prop(struct fix *f, const char *name, char *out, size_t size)
{
    char *v = mpv_get_property_string(player_handle(f->p), name);

    snprintf(out, size, "%s", v ? v : "");
    mpv_free(v);
}

static bool fix_prop_is(struct fix *f, const char *name, const char *want)
{
    char v[128];

    fix_prop(f, name, v, sizeof v);
    return strcmp(v, want) == 0;
}

static void test_subtitles_are_tplays_choice(void **state)
{
    static const char *const opts[] = { "ao", "null", NULL };
    struct fix f;
    char *err = NULL, v[128];

    (void)state;
    fix_start(&f, opts, false);
    /* libmpv picks none itself, not even the default-flagged one. */
    fix_load_at(&f, clip_two, 0);
    fix_prop(&f, "sid", v, sizeof v);
    assert_string_equal(v, "no");
    fix_prop(&f, "secondary-sid", v, sizeof v);
    assert_string_equal(v, "no");
    /* Chosen in on_preloaded: libmpv decodes them from the start. */
    if (player_set_subtitles(f.p, 1, 2, &err) < 0)
        fail_msg("player_set_subtitles: %s", err);
    player_continue(f.p);
    player_set_pause(f.p, false);
    WAIT_UNTIL(&f, fix_prop_is(&f, "sub-text", sub_lines[0]) &&
                   fix_prop_is(&f, "secondary-sub-text", sub_lines[1]),
               "English first, German second");
    assert_true(fix_prop_is(&f, "current-tracks/sub/id", "1"));
    /* While playing: the two swap places, libmpv saying nothing. */
    if (player_set_subtitles(f.p, 2, 1, &err) < 0)
        fail_msg("player_set_subtitles: %s", err);
    WAIT_UNTIL(&f, fix_prop_is(&f, "current-tracks/sub/id", "2") &&
                   fix_prop_is(&f, "current-tracks/sub2/id", "1"),
               "the tracks swapped");
    /* Refused, nothing changed: one track twice, a track the file lacks,
     * a track that is no subtitle (1 is also the audio track's id, but
     * 3 is none at all). */
    assert_int_equal(player_set_subtitles(f.p, 1, 1, &err), -1);
    assert_string_equal(err, "subtitle track 1 cannot be both the first "
                        "and the second");
    free(err);
    assert_int_equal(player_set_subtitles(f.p, -1, 3, &err), -1);
    assert_string_equal(err, "the file has no subtitle track 3");
    free(err);
    assert_true(fix_prop_is(&f, "sid", "2"));
    assert_true(fix_prop_is(&f, "secondary-sid", "1"));
    /* None: "no", with any id below 1. */
    if (player_set_subtitles(f.p, -1, 0, &err) < 0)
        fail_msg("player_set_subtitles: %s", err);
    assert_true(fix_prop_is(&f, "sid", "no"));
    assert_true(fix_prop_is(&f, "secondary-sid", "no"));
    if (player_set_subtitles(f.p, 2, -1, &err) < 0)
        fail_msg("player_set_subtitles: %s", err);
    assert_true(fix_prop_is(&f, "sid", "2"));
    /* The next file starts with none again, though libmpv keeps the
     * last choice in its options. */
    fix_load_at(&f, clip_two, 0);
    assert_true(fix_prop_is(&f, "sid", "no"));
    assert_true(fix_prop_is(&f, "secondary-sid", "no"));
    player_continue(f.p);
    player_set_pause(f.p, false);
    WAIT_UNTIL(&f, player_status(f.p)->position >= 1, "the second load plays");
    assert_true(fix_prop_is(&f, "current-tracks/sub/id", ""));
    assert_true(fix_prop_is(&f, "sub-text", ""));
    assert_int_equal(f.errors, 0);
    fix_stop(&f);
    /* And the options that would let libmpv choose are refused. */
    assert_non_null(player_opt_refused("sid"));
    assert_non_null(player_opt_refused("sub"));
    assert_non_null(player_opt_refused("no-sub"));
    assert_non_null(player_opt_refused("secondary-sid"));
    assert_non_null(player_opt_refused("slang"));
    assert_null(player_opt_refused("sub-delay"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_two_files_on_one_player),
        cmocka_unit_test(test_subtitle_cues_in_the_status),
        cmocka_unit_test(test_seek_types_and_precisions),
        cmocka_unit_test(test_speed_paces_playback),
        cmocka_unit_test(test_speed_keeps_the_pitch_through_the_graph),
        cmocka_unit_test(test_chapters_listed_and_jumped),
        cmocka_unit_test(test_resume_at_a_start_position),
        cmocka_unit_test(test_range_ends_at_its_end),
        cmocka_unit_test(test_subtitles_are_tplays_choice),
    };
    return cmocka_run_group_tests_name("player", tests, clips_make,
                                       clips_remove);
}
