/* test_texttracks.c - the text-track kinds and codecs from container
 * metadata (W3C in-band mapping, RFC 9559 flags), and the list built from
 * a container's streams, its sidecars and its chapters. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "texttracks.h"
#include "track.h"

#include <string.h>

#define HI TRACK_FLAG_HEARING_IMPAIRED
#define TD TRACK_FLAG_DESCRIPTIONS

static void test_texttracks_kinds(void **state)
{
    static const struct {
        enum container_type type;
        const char *codec;
        unsigned flags;
        enum text_kind kind;
    } rows[] = {
        { CONTAINER_WEBM, "D_WEBVTT/SUBTITLES", 0, TEXT_KIND_SUBTITLES },
        { CONTAINER_WEBM, "D_WEBVTT/CAPTIONS", 0, TEXT_KIND_CAPTIONS },
        { CONTAINER_WEBM, "D_WEBVTT/DESCRIPTIONS", 0,
          TEXT_KIND_DESCRIPTIONS },
        { CONTAINER_WEBM, "D_WEBVTT/METADATA", 0, TEXT_KIND_METADATA },
        { CONTAINER_WEBM, "D_WEBVTT/CHAPTERS", 0, TEXT_KIND_METADATA },
        { CONTAINER_WEBM, "D_WEBVTT/OTHER", 0, TEXT_KIND_METADATA },
        /* The flags refine subtitles only. */
        { CONTAINER_WEBM, "D_WEBVTT/SUBTITLES", HI, TEXT_KIND_CAPTIONS },
        { CONTAINER_WEBM, "D_WEBVTT/SUBTITLES", TD, TEXT_KIND_DESCRIPTIONS },
        { CONTAINER_WEBM, "D_WEBVTT/METADATA", HI, TEXT_KIND_METADATA },
        { CONTAINER_MATROSKA, "S_TEXT/UTF8", 0, TEXT_KIND_SUBTITLES },
        { CONTAINER_MATROSKA, "S_TEXT/ASS", 0, TEXT_KIND_SUBTITLES },
        { CONTAINER_MATROSKA, "S_VOBSUB", 0, TEXT_KIND_SUBTITLES },
        { CONTAINER_MATROSKA, "S_TEXT/UTF8", HI, TEXT_KIND_CAPTIONS },
        { CONTAINER_MATROSKA, "S_TEXT/UTF8", TD, TEXT_KIND_DESCRIPTIONS },
        { CONTAINER_MATROSKA, "S_TEXT/UTF8", HI | TD,
          TEXT_KIND_DESCRIPTIONS },
        { CONTAINER_MATROSKA, NULL, 0, TEXT_KIND_SUBTITLES },
        { CONTAINER_MP4, "mov_text", 0, TEXT_KIND_CAPTIONS },
        { CONTAINER_MP4, "webvtt", 0, TEXT_KIND_SUBTITLES },
        { CONTAINER_MPEGTS, "dvb_subtitle", 0, TEXT_KIND_SUBTITLES },
        /* DVB subtitling_type 0x20-0x25 arrives as hearing impaired. */
        { CONTAINER_MPEGTS, "dvb_subtitle", HI, TEXT_KIND_CAPTIONS },
        { CONTAINER_OTHER, "subrip", 0, TEXT_KIND_SUBTITLES },
    };

    (void)state;
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        enum text_kind k = texttracks_kind(rows[i].type, rows[i].codec,
                                           rows[i].flags);

        if (k != rows[i].kind)
            fail_msg("row %zu (%s, flags %#x): %s, not %s", i,
                     rows[i].codec ? rows[i].codec : "NULL", rows[i].flags,
                     text_kind_name(k), text_kind_name(rows[i].kind));
    }
}

static void test_texttracks_codecs(void **state)
{
    static const char *const rows[][2] = {
        { "S_TEXT/UTF8", "subrip" }, { "S_TEXT/ASCII", "subrip" },
        { "S_TEXT/ASS", "ass" }, { "S_TEXT/SSA", "ass" }, { "S_ASS", "ass" },
        { "S_TEXT/WEBVTT", "webvtt" }, { "D_WEBVTT/SUBTITLES", "webvtt-webm" },
        { "D_WEBVTT/CAPTIONS", "webvtt-webm" },
        { "D_WEBVTT/DESCRIPTIONS", "" }, { "S_VOBSUB", "dvd_subtitle" },
        { "S_HDMV/PGS", "hdmv_pgs_subtitle" }, { "S_DVBSUB", "dvb_subtitle" },
        { "S_KATE", "" }, { "mov_text", "mov_text" }, { "subrip", "subrip" },
    };

    (void)state;
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++)
        assert_string_equal(texttracks_codec(rows[i][0]), rows[i][1]);
    assert_null(texttracks_codec(NULL));
}

/* Streams, sidecars and chapters: numbered as libmpv numbers them. */
static void test_texttracks_from_streams(void **state)
{
    struct container_stream streams[] = {
        { .id = 1, .index = 0, .video = true },
        { .id = 2, .index = 1, .sub = true, .codec = (char *)"S_TEXT/UTF8",
          .flags = TRACK_FLAG_DEFAULT | TRACK_FLAG_FORCED |
                   TRACK_FLAG_COMMENTARY,
          .label = (char *)"Eng \x1b", .language = (char *)"eng" },
        { .id = 3, .index = 2, .sub = true, .unlisted = true,
          .codec = (char *)"D_WEBVTT/METADATA", .language = (char *)"und" },
        { .id = 4, .index = 3, .audio = true },
        { .id = 5, .index = 4, .sub = true, .codec = (char *)"S_HDMV/PGS",
          .flags = HI, .language = (char *)"ger" },
    };
    struct container_chapter chapters[] = { { 0, (char *)"Intro" } };
    struct container_info ci = { CONTAINER_MATROSKA, streams, 5, chapters,
                                 1 };
    struct sidecar items[] = {
        { .path = (char *)"/f/Subs/m.fr.cc.srt",
          .name = (char *)"Subs/m.fr.cc.srt", .language = "fr",
          .captions = true, .codec = "subrip" },
    };
    struct sidecar_list sc = { items, 1 };
    struct text_track_list out;
    static const struct {
        const char *id;
        enum text_kind kind;
        const char *label, *language, *codec;
        unsigned flags;
        int64_t mpv_id;
        bool bitmap;
    } want[] = {
        { "2", TEXT_KIND_SUBTITLES, "Eng \x1b", "en", "subrip",
          TEXT_FLAG_DEFAULT | TEXT_FLAG_FORCED, 1, false },
        { "3", TEXT_KIND_METADATA, "", "und", "D_WEBVTT/METADATA", 0, -1,
          false },
        { "5", TEXT_KIND_CAPTIONS, "", "de", "hdmv_pgs_subtitle",
          TEXT_FLAG_HEARING_IMPAIRED, 2, true },
        { "Subs/m.fr.cc.srt", TEXT_KIND_CAPTIONS, "m.fr.cc.srt", "fr",
          "subrip", TEXT_FLAG_HEARING_IMPAIRED, 3, false },
        { "chapters", TEXT_KIND_CHAPTERS, "", "", NULL, 0, -1, false },
    };

    (void)state;
    texttracks_from_streams(&ci, &sc, &out);
    assert_int_equal(out.count, sizeof want / sizeof want[0]);
    for (size_t i = 0; i < out.count; i++) {
        const struct text_track *t = &out.tracks[i];

        assert_string_equal(t->id, want[i].id);
        assert_int_equal(t->kind, want[i].kind);
        assert_string_equal(t->label, want[i].label);
        assert_string_equal(t->language, want[i].language);
        if (want[i].codec)
            assert_string_equal(t->codec, want[i].codec);
        else
            assert_null(t->codec);
        assert_int_equal(t->flags, want[i].flags);
        assert_int_equal(t->mpv_id, want[i].mpv_id);
        assert_int_equal(t->bitmap, want[i].bitmap);
        assert_int_equal(t->mode, TEXT_MODE_DISABLED);
    }
    assert_string_equal(out.tracks[3].path, "/f/Subs/m.fr.cc.srt");
    text_track_list_free(&out);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_texttracks_kinds),
        cmocka_unit_test(test_texttracks_codecs),
        cmocka_unit_test(test_texttracks_from_streams),
    };
    return cmocka_run_group_tests_name("texttracks", tests, NULL, NULL);
}
