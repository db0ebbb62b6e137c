/* test_media.c - --list-tracks answers without libmpv what libmpv answers:
 * on files of every container made on the spot (cover art, subtitles
 * between the audio tracks, two programs, files cut short, files libmpv
 * refuses), media_list's track list equals media_open's, built from
 * libmpv 0.35's own track list, field by field and libmpv's id included. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "media.h"
#include "player.h"
#include "relay.h"
#include "select.h"
#include "track.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char dir[] = "/tmp/tplay-test-media-XXXXXX";

/* Sources for ffmpeg: DUR seconds of a small picture and of sines. */
#define DUR ":duration=1"
#define PIC "-f lavfi -i testsrc2=size=64x36:rate=25" DUR " "
#define SINE(f) "-f lavfi -i sine=frequency=" #f DUR " "
#define H264 "-c:v libx264 -preset ultrafast -pix_fmt yuv420p "

/* A file: its name, ffmpeg's arguments (inputs, maps, codecs; the
 * files cover.png and sub.srt exist), where to cut it (0: whole), and
 * how many audio tracks libmpv finds (-1: it plays nothing of it). */
static const struct sample {
    const char *name;
    const char *args;
    long cut;
    int tracks;
} samples[] = {
    { "interleaved.mkv", SINE(440) PIC SINE(550) "-i sub.srt " SINE(660)
      "-map 0 -map 1 -map 2 -map 3 -map 4 " H264 "-c:a libopus -c:s srt "
      "-metadata:s:a:0 language=eng -metadata:s:a:1 language=fra "
      "-metadata:s:a:2 title=Three -disposition:a:1 comment", 0, 3 },
    { "kinds.mka", SINE(440) SINE(550) SINE(660) "-map 0 -map 1 -map 2 "
      "-c:a libopus -disposition:a:0 0 -disposition:a:1 default "
      "-disposition:a:2 visual_impaired -metadata:s:a:1 language=ger", 0, 3 },
    { "two.webm", PIC SINE(440) SINE(550) "-map 0 -map 1 -map 2 "
      "-c:v libvpx -c:a libvorbis", 0, 2 },
    { "cover-first.mp4", "-i cover.png " SINE(440) SINE(550)
      "-map 0 -map 1 -map 2 -c:v png -disposition:v:0 attached_pic "
      "-c:a aac -metadata:s:a:1 handler_name=Second", 0, 2 },
    { "cover.m4a", SINE(440) "-i cover.png -map 0 -map 1 -c:a aac -c:v png "
      "-disposition:v attached_pic", 0, 1 },
    { "alac.mov", PIC SINE(440) SINE(550) "-map 0 -map 1 -map 2 " H264
      "-c:a alac", 0, 2 },
    { "pids.ts", SINE(440) PIC SINE(550) SINE(660) "-map 0 -map 1 -map 2 "
      "-map 3 " H264 "-c:a mp2 -streamid 0:0x300 -streamid 1:0x280 "
      "-streamid 2:0x200 -streamid 3:0x100 -disposition:a:1 "
      "hearing_impaired -metadata:s:a:2 language=spa", 0, 3 },
    { "programs.ts", PIC SINE(440) PIC SINE(550) "-map 0 -map 1 -map 2 "
      "-map 3 " H264 "-c:a mp2 -program st=0:st=1 -program st=2:st=3",
      0, 2 },
    { "ac3.m2ts", PIC SINE(440) SINE(550) "-map 0 -map 1 -map 2 " H264
      "-c:a ac3", 0, 2 },
    { "ps.mpg", PIC SINE(440) SINE(550) "-map 0 -map 1 -map 2 "
      "-c:v mpeg2video -c:a mp2", 0, 2 },
    { "mp3.avi", PIC SINE(440) SINE(550) "-map 0 -map 1 -map 2 "
      "-c:v mpeg4 -c:a libmp3lame", 0, 2 },
    { "one.flv", PIC SINE(440) "-map 0 -map 1 -c:v flv -c:a aac", 0, 1 },
    { "flac.nut", PIC SINE(440) SINE(550) "-map 0 -map 1 -map 2 " H264
      "-c:a flac", 0, 2 },
    { "wma.asf", PIC SINE(440) SINE(550) "-map 0 -map 1 -map 2 "
      "-c:v wmv2 -c:a wmav2", 0, 2 },
    { "theora.ogg", PIC SINE(440) SINE(550) "-map 0 -map 1 -map 2 "
      "-c:v libtheora -c:a libvorbis", 0, 2 },
    { "cover.mp3", SINE(440) "-i cover.png -map 0 -map 1 -c:a libmp3lame "
      "-c:v mjpeg -disposition:v attached_pic", 0, 1 },
    { "cover.flac", SINE(440) "-i cover.png -map 0 -map 1 -c:a flac "
      "-c:v png -disposition:v attached_pic", 0, 1 },
    { "pcm.wav", SINE(440) "-c:a pcm_s16le", 0, 1 },
    { "subs-and-cover.mkv", "-i sub.srt -c:s srt -attach cover.png "
      "-metadata:s:t mimetype=image/png -metadata:s:t filename=c.png",
      0, 0 },
    { "subs-only.mkv", "-i sub.srt -c:s srt", 0, -1 },
    { "video-only.mkv", PIC H264, 0, 0 },
    { "cut-in-tracks.mkv", SINE(440) SINE(550) SINE(660) "-map 0 -map 1 "
      "-map 2 -c:a libopus -metadata:s:a:0 language=und", 420, 1 },
    { "cut-at-200.mkv", SINE(440) "-c:a libopus", 200, -1 },
    { "cut-early.ts", PIC SINE(440) "-map 0 -map 1 " H264 "-c:a mp2",
      2000, -1 },
    { "cut.mp4", SINE(440) SINE(550) "-map 0 -map 1 -c:a aac", 3000, -1 },
    { "not-media.txt", NULL, 0, -1 },
    { "picture.png", NULL, 0, 0 },
};

static int write_file(const char *name, const char *text)
{
    char path[128];
    FILE *f;

    snprintf(path, sizeof path, "%s/%s", dir, name);
    f = fopen(path, "w");
    if (!f)
        return -1;
    fputs(text, f);
    return fclose(f);
}

/* Make every sample in dir. */
static int samples_make(void **state)
{
    char cmd[1024], path[128];

    (void)state;
    if (!mkdtemp(dir) ||
        write_file("sub.srt", "1\n00:00:00,000 --> 00:00:01,000\nhi\n") ||
        write_file("not-media.txt", "nothing to play here\n"))
        return -1;
    snprintf(cmd, sizeof cmd, "cd '%s' && ffmpeg -nostdin -v error -f lavfi "
             "-i color=red:size=32x32 -frames:v 1 cover.png && "
             "cp cover.png picture.png", dir);
    if (system(cmd) != 0)
        return -1;
    for (size_t i = 0; i < sizeof samples / sizeof samples[0]; i++) {
        const struct sample *s = &samples[i];

        if (!s->args)
            continue;
        snprintf(path, sizeof path, "%s/%s", dir, s->name);
        snprintf(cmd, sizeof cmd, "cd '%s' && ffmpeg -nostdin -v error %s "
                 "'%s'", dir, s->args, path);
        if (system(cmd) != 0 || (s->cut && truncate(path, s->cut) != 0)) {
            fprintf(stderr, "cannot make %s\n", s->name);
            return -1;
        }
    }
    return 0;
}

static int samples_remove(void **state)
{
    char cmd[128];

    (void)state;
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    return system(cmd) == 0 ? 0 : -1;
}

/* Both lists, field by field. */
static void assert_same_tracks(const char *name, const struct track_list *a,
                               const struct track_list *b)
{
    if (a->count != b->count)
        fail_msg("%s: %zu tracks listed, %zu from libmpv", name, a->count,
                 b->count);
    for (size_t i = 0; i < a->count; i++) {
        const struct track *x = &a->tracks[i], *y = &b->tracks[i];

        if (strcmp(x->id, y->id) || x->kind != y->kind ||
            strcmp(x->label, y->label) ||
            strcmp(x->language, y->language) || x->flags != y->flags ||
            x->enabled != y->enabled || x->mpv_id != y->mpv_id)
            fail_msg("%s: track %zu listed as id %s kind %s label '%s' "
                     "language '%s' flags %#x enabled %d mpv id %" PRId64
                     "; from libmpv id %s kind %s label '%s' language '%s' "
                     "flags %#x enabled %d mpv id %" PRId64, name, i, x->id,
                     track_kind_name(x->kind), x->label, x->language,
                     x->flags, x->enabled, x->mpv_id, y->id,
                     track_kind_name(y->kind), y->label, y->language,
                     y->flags, y->enabled, y->mpv_id);
    }
}

static void test_media_lists_as_libmpv_loads(void **state)
{
    struct select_prefs prefs;
    struct player *p;
    char *err = NULL;

    (void)state;
    select_prefs_default(&prefs);
    p = player_create(PLAYER_MODE_LIST, NULL, 0, &err);
    if (!p)
        fail_msg("player_create: %s", err);
    for (size_t i = 0; i < sizeof samples / sizeof samples[0]; i++) {
        struct track_list listed, loaded;
        struct relay *relay;
        char path[128], *why_listed = NULL, *why_loaded = NULL;
        int rc_listed, rc_loaded;

        snprintf(path, sizeof path, "%s/%s", dir, samples[i].name);
        rc_listed = media_list(path, &prefs, &listed, &why_listed);
        rc_loaded = media_open(p, path, &prefs, &loaded, &relay,
                               &why_loaded);
        if (rc_listed != rc_loaded)
            fail_msg("%s: listed %s (%s), libmpv %s (%s)", samples[i].name,
                     rc_listed ? "refused" : "fine",
                     why_listed ? why_listed : "",
                     rc_loaded ? "refused" : "fine",
                     why_loaded ? why_loaded : "");
        if ((rc_loaded == 0 ? (int)loaded.count : -1) != samples[i].tracks)
            fail_msg("%s: libmpv finds %d tracks, not %d", samples[i].name,
                     rc_loaded == 0 ? (int)loaded.count : -1,
                     samples[i].tracks);
        if (rc_listed == 0) {
            assert_same_tracks(samples[i].name, &listed, &loaded);
            track_list_free(&listed);
            track_list_free(&loaded);
        }
        free(why_listed);
        free(why_loaded);
    }
    player_destroy(p);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_media_lists_as_libmpv_loads),
    };
    return cmocka_run_group_tests_name("media", tests, samples_make,
                                       samples_remove);
}
