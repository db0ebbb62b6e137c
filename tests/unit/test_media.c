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
#include "texttrack.h"
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

/* Files with text tracks: their ffmpeg arguments (sub.srt, sub.vtt and
 * chapters.txt exist) and how many text tracks libmpv lists. */
static const struct sample text_samples[] = {
    { "texts.mkv", PIC SINE(440) "-i sub.srt -i sub.srt -i sub.vtt "
      "-i chapters.txt -map 0 -map 1 -map 2 -map 3 -map 4 -map_chapters 5 "
      H264 "-c:a libopus -c:s:0 srt -c:s:1 ass -c:s:2 webvtt "
      "-metadata:s:s:0 language=eng -metadata:s:s:0 title=English "
      "-metadata:s:s:1 language=ger -disposition:s:0 forced+default "
      "-disposition:s:1 hearing_impaired -disposition:s:2 descriptions",
      0, 3 },
    { "kinds.webm", PIC "-i sub.vtt -i sub.vtt -i sub.vtt -i sub.vtt "
      "-map 0 -map 1 -map 2 -map 3 -map 4 -c:v libvpx -c:s webvtt "
      "-disposition:s:1 captions -disposition:s:2 descriptions "
      "-disposition:s:3 metadata", 0, 2 },
    { "texts.mp4", PIC SINE(440) "-i sub.srt -i sub.srt -i chapters.txt "
      "-map 0 -map 1 -map 2 -map 3 -map_chapters 4 " H264 "-c:a aac "
      "-c:s mov_text -metadata:s:s:0 language=eng -metadata:s:s:1 "
      "language=fra -metadata:s:s:1 handler_name=French -disposition:s:1 "
      "forced", 0, 2 },
    { "side/side.mkv", PIC SINE(440) "-i sub.srt -map 0 -map 1 -map 2 "
      H264 "-c:a libopus -c:s srt", 0, 10 },
};

/* The sidecars of side/side.mkv, and one more beside it that is not. */
static const char *const sidecars[] = {
    "side/side.srt", "side/side.en.srt", "side/side.de.forced.srt",
    "side/side.en.sdh.srt", "side/side.fr.cc.vtt", "side/side.ass",
    "side/Subs/side.es.srt", "side/other.en.srt",
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
        write_file("not-media.txt", "nothing to play here\n") ||
        write_file("sub.vtt", "WEBVTT\n\n00:00.000 --> 00:01.000\nhi\n") ||
        write_file("chapters.txt", ";FFMETADATA1\n[CHAPTER]\nTIMEBASE=1/1000"
                   "\nSTART=0\nEND=500\ntitle=One\n[CHAPTER]\nTIMEBASE="
                   "1/1000\nSTART=500\nEND=1000\ntitle=Two\n"))
        return -1;
    snprintf(cmd, sizeof cmd, "mkdir -p '%s/side/Subs'", dir);
    if (system(cmd) != 0)
        return -1;
    for (size_t i = 0; i < sizeof sidecars / sizeof sidecars[0]; i++) {
        const char *ext = strrchr(sidecars[i], '.');
        const char *text =
            strcmp(ext, ".vtt") == 0 ? "WEBVTT\n\n00:00.000 --> 00:01.000\nhi\n"
            : strcmp(ext, ".ass") == 0
                ? "[Script Info]\nScriptType: v4.00+\n\n[V4+ Styles]\nFormat: "
                  "Name, Fontname, Fontsize\nStyle: Default,Sans,20\n\n"
                  "[Events]\nFormat: Layer, Start, End, Style, Text\n"
                  "Dialogue: 0,0:00:00.00,0:00:01.00,Default,hi\n"
                : "1\n00:00:00,000 --> 00:00:01,000\nhi\n";

        if (write_file(sidecars[i], text))
            return -1;
    }
    for (size_t i = 0; i < sizeof text_samples / sizeof text_samples[0];
         i++) {
        snprintf(path, sizeof path, "%s/%s", dir, text_samples[i].name);
        snprintf(cmd, sizeof cmd, "cd '%s' && ffmpeg -nostdin -v error %s "
                 "'%s'", dir, text_samples[i].args, path);
        if (system(cmd) != 0) {
            fprintf(stderr, "cannot make %s\n", text_samples[i].name);
            return -1;
        }
    }
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

static void assert_same_text(const char *name,
                             const struct text_track_list *a,
                             const struct text_track_list *b)
{
    if (a->count != b->count)
        fail_msg("%s: %zu text tracks listed, %zu from libmpv", name,
                 a->count, b->count);
    for (size_t i = 0; i < a->count; i++) {
        const struct text_track *x = &a->tracks[i], *y = &b->tracks[i];

        if (strcmp(x->id, y->id) || x->kind != y->kind ||
            strcmp(x->label, y->label) ||
            strcmp(x->language, y->language) || x->flags != y->flags ||
            x->mpv_id != y->mpv_id || x->bitmap != y->bitmap ||
            strcmp(x->codec ? x->codec : "", y->codec ? y->codec : "") ||
            x->mode != TEXT_MODE_DISABLED || y->mode != TEXT_MODE_DISABLED)
            fail_msg("%s: text track %zu listed as id %s kind %s label '%s' "
                     "language '%s' flags %#x mpv id %" PRId64 " codec %s; "
                     "from libmpv id %s kind %s label '%s' language '%s' "
                     "flags %#x mpv id %" PRId64 " codec %s", name, i, x->id,
                     text_kind_name(x->kind), x->label, x->language,
                     x->flags, x->mpv_id, x->codec, y->id,
                     text_kind_name(y->kind), y->label, y->language,
                     y->flags, y->mpv_id, y->codec);
    }
}

/* Text tracks: the listing numbers them as libmpv does, sidecars and
 * --sub-file included, and libmpv loads exactly those files. */
static void test_media_lists_text_as_libmpv_loads(void **state)
{
    struct select_prefs prefs;
    struct player *p;
    char *err = NULL, extra[160], again[160];
    /* One more file, and a sidecar given again: libmpv loads it twice. */
    const char *sub_files[2] = { extra, again };

    (void)state;
    snprintf(extra, sizeof extra, "%s/side/other.en.srt", dir);
    snprintf(again, sizeof again, "%s/side/side.en.srt", dir);
    select_prefs_default(&prefs);
    p = player_create(PLAYER_MODE_LIST, NULL, 0, &err);
    if (!p)
        fail_msg("player_create: %s", err);
    for (size_t i = 0; i < sizeof text_samples / sizeof text_samples[0];
         i++) {
        struct media_tracks listed;
        struct track_list audio;
        struct text_track_list loaded;
        struct relay *relay;
        char path[160];
        size_t mpv = 0;
        bool side = strncmp(text_samples[i].name, "side/", 5) == 0;

        snprintf(path, sizeof path, "%s/%s", dir, text_samples[i].name);
        if (media_list_all(path, &prefs, sub_files, side ? 2 : 0, &listed,
                           &err) < 0)
            fail_msg("%s: listed: %s", text_samples[i].name, err);
        if (media_open_text(p, path, 0, 0, &prefs, sub_files, side ? 2 : 0,
                            &audio, &loaded, &relay, &err) < 0)
            fail_msg("%s: loaded: %s", text_samples[i].name, err);
        for (size_t j = 0; j < loaded.count; j++)
            mpv += loaded.tracks[j].mpv_id > 0;
        if ((int)mpv != text_samples[i].tracks)
            fail_msg("%s: libmpv lists %zu text tracks, not %d",
                     text_samples[i].name, mpv, text_samples[i].tracks);
        assert_same_text(text_samples[i].name, &listed.text, &loaded);
        media_tracks_free(&listed);
        track_list_free(&audio);
        text_track_list_free(&loaded);
    }
    player_destroy(p);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_media_lists_as_libmpv_loads),
        cmocka_unit_test(test_media_lists_text_as_libmpv_loads),
    };
    return cmocka_run_group_tests_name("media", tests, samples_make,
                                       samples_remove);
}
