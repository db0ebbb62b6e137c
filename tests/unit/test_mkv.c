/* test_mkv.c - the Matroska Tracks reader and the Ogg serial reader on
 * hand-built bytes: flags, defaults, SeekHead, attached pictures, files
 * cut as libmpv reads them, damage at every length. */
#define _GNU_SOURCE /* fopencookie */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "mkv.h"
#include "ogg.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct buf {
    unsigned char d[4096];
    size_t n;
};

static void put_id(struct buf *b, uint32_t id)
{
    int len = id > 0xFFFFFF ? 4 : id > 0xFFFF ? 3 : id > 0xFF ? 2 : 1;

    for (int i = len - 1; i >= 0; i--)
        b->d[b->n++] = (unsigned char)(id >> (8 * i));
}

/* An element: id, an 8-byte size, payload. */
static void put_el(struct buf *b, uint32_t id, const void *p, size_t n)
{
    put_id(b, id);
    b->d[b->n++] = 0x01;
    for (int i = 6; i >= 0; i--)
        b->d[b->n++] = (unsigned char)((uint64_t)n >> (8 * i));
    memcpy(b->d + b->n, p, n);
    b->n += n;
}

static void put_uint(struct buf *b, uint32_t id, uint8_t v)
{
    put_el(b, id, &v, 1);
}

static void put_str(struct buf *b, uint32_t id, const char *s)
{
    put_el(b, id, s, strlen(s));
}

static void put_header(struct buf *b, const char *doctype)
{
    struct buf h = { .n = 0 };

    put_str(&h, 0x4282, doctype);
    put_el(b, 0x1A45DFA3, h.d, h.n);
}

/* Tracks: an audio track with every flag and LanguageBCP47 but no
 * FlagDefault, and a video track with nothing but its number and type. */
static void put_tracks(struct buf *b)
{
    struct buf a = { .n = 0 }, v = { .n = 0 }, t = { .n = 0 };

    put_uint(&a, 0xD7, 7);
    put_uint(&a, 0x83, MKV_AUDIO);
    put_uint(&a, 0x55AA, 1);
    put_uint(&a, 0x55AB, 1);
    put_uint(&a, 0x55AC, 1);
    put_uint(&a, 0x55AE, 0);
    put_uint(&a, 0x55AF, 1);
    put_str(&a, 0x536E, "Kommentar \x1b");
    put_str(&a, 0x22B59C, "ger");
    put_str(&a, 0x22B59D, "de-CH");
    put_uint(&v, 0xD7, 1);
    put_uint(&v, 0x83, MKV_VIDEO);
    put_uint(&v, 0x88, 0);
    put_el(&t, 0xAE, v.d, v.n);
    put_el(&t, 0xAE, a.d, a.n);
    put_el(b, 0x1654AE6B, t.d, t.n);
}

static int read_buf(const struct buf *b, struct mkv_tracks *out)
{
    FILE *f = fmemopen((void *)b->d, b->n, "rb");
    char *err = NULL;
    int rc;

    assert_non_null(f);
    rc = mkv_read_tracks(f, out, &err);
    if (rc < 0)
        assert_non_null(err);
    free(err);
    fclose(f);
    return rc;
}

static void test_mkv_reads_tracks_flags_and_defaults(void **state)
{
    struct buf b = { .n = 0 }, seg = { .n = 0 };
    struct mkv_tracks mt;

    (void)state;
    put_header(&b, "webm");
    put_tracks(&seg);
    put_el(&b, 0x18538067, seg.d, seg.n);
    assert_int_equal(read_buf(&b, &mt), 0);
    assert_string_equal(mt.doctype, "webm");
    assert_int_equal(mt.count, 2);
    struct mkv_track *v = &mt.tracks[0], *a = &mt.tracks[1];
    assert_int_equal(v->number, 1);
    assert_false(v->flag_default);
    assert_string_equal(v->language, "eng"); /* absent: the default */
    assert_null(v->language_bcp47);
    assert_int_equal(v->flag_original, MKV_UNSET);
    assert_int_equal(a->number, 7);
    assert_int_equal(a->type, MKV_AUDIO);
    assert_true(a->flag_default); /* absent FlagDefault counts as 1 */
    assert_true(a->flag_forced && a->flag_hearing_impaired &&
                a->flag_visual_impaired && a->flag_commentary);
    assert_int_equal(a->flag_original, MKV_NO);
    assert_string_equal(a->name, "Kommentar \x1b");
    assert_string_equal(a->language, "ger");
    assert_string_equal(a->language_bcp47, "de-CH");
    mkv_tracks_free(&mt);
}

/* Chapters with two editions: the second is the default, its first atom
 * has two displays and a nested atom. */
static void put_chapters(struct buf *seg)
{
    struct buf ch = { .n = 0 }, e1 = { .n = 0 }, e2 = { .n = 0 },
               a0 = { .n = 0 }, a1 = { .n = 0 }, a2 = { .n = 0 },
               d0 = { .n = 0 }, d1 = { .n = 0 }, d2 = { .n = 0 },
               d3 = { .n = 0 }, nested = { .n = 0 };

    /* Edition 1, not default: one atom "Wrong". */
    put_str(&d0, 0x85, "Wrong");
    put_uint(&a0, 0x91, 0);
    put_el(&a0, 0x80, d0.d, d0.n);
    put_el(&e1, 0xB6, a0.d, a0.n);
    put_el(&ch, 0x45B9, e1.d, e1.n);
    /* Edition 2, default: "Intro" (then "Einleitung") at 0 with a
     * nested atom, "Main \x1b" at 4 s. */
    put_str(&d1, 0x85, "Intro");
    put_str(&d1, 0x437C, "eng");
    put_str(&d2, 0x85, "Einleitung");
    put_uint(&a1, 0x91, 0);
    put_el(&a1, 0x80, d1.d, d1.n);
    put_el(&a1, 0x80, d2.d, d2.n);
    put_uint(&nested, 0x91, 1);
    put_el(&a1, 0xB6, nested.d, nested.n);
    put_str(&d3, 0x85, "Main \x1b");
    put_el(&a2, 0x91, "\xEE\x6B\x28\x00", 4); /* 4e9 ns */
    put_el(&a2, 0x80, d3.d, d3.n);
    put_uint(&e2, 0x45DB, 1);
    put_el(&e2, 0xB6, a1.d, a1.n);
    put_el(&e2, 0xB6, a2.d, a2.n);
    put_el(&ch, 0x45B9, e2.d, e2.n);
    put_el(seg, 0x1043A770, ch.d, ch.n);
}

/* A subtitle track (CodecID, FlagTextDescriptions), and the chapters of
 * the default edition, top-level atoms, first display. */
static void test_mkv_reads_subtitles_and_chapters(void **state)
{
    struct buf b = { .n = 0 }, seg = { .n = 0 }, t = { .n = 0 },
               s = { .n = 0 };
    struct mkv_tracks mt;

    (void)state;
    put_header(&b, "matroska");
    put_uint(&s, 0xD7, 3);
    put_uint(&s, 0x83, MKV_SUBTITLE);
    put_str(&s, 0x86, "S_TEXT/UTF8");
    put_uint(&s, 0x55AD, 1);
    put_el(&t, 0xAE, s.d, s.n);
    put_el(&seg, 0x1654AE6B, t.d, t.n);
    put_chapters(&seg);
    put_el(&b, 0x18538067, seg.d, seg.n);
    assert_int_equal(read_buf(&b, &mt), 0);
    assert_int_equal(mt.count, 1);
    assert_int_equal(mt.tracks[0].type, MKV_SUBTITLE);
    assert_string_equal(mt.tracks[0].codec_id, "S_TEXT/UTF8");
    assert_true(mt.tracks[0].flag_text_descriptions);
    assert_int_equal(mt.nchapters, 2);
    assert_int_equal(mt.chapters[0].start_ns, 0);
    assert_string_equal(mt.chapters[0].title, "Intro");
    assert_int_equal(mt.chapters[1].start_ns, 4000000000u);
    assert_string_equal(mt.chapters[1].title, "Main \x1b");
    mkv_tracks_free(&mt);
}

static void test_mkv_follows_seekhead_past_a_cluster(void **state)
{
    struct buf b = { .n = 0 }, seg = { .n = 0 }, seek = { .n = 0 },
               head = { .n = 0 }, tracks = { .n = 0 };
    unsigned char tracks_id[4] = { 0x16, 0x54, 0xAE, 0x6B }, cluster = 0;
    struct mkv_tracks mt;

    (void)state;
    put_tracks(&tracks);
    /* Segment: SeekHead (fixed size), a Cluster, then Tracks. */
    put_el(&seek, 0x53AB, tracks_id, 4);
    size_t pos_at = seek.n;
    put_uint(&seek, 0x53AC, 0); /* patched below */
    put_el(&head, 0x4DBB, seek.d, seek.n);
    put_el(&seg, 0x114D9B74, head.d, head.n);
    put_el(&seg, 0x1F43B675, &cluster, 1);
    size_t tracks_pos = seg.n;
    memcpy(seg.d + seg.n, tracks.d, tracks.n);
    seg.n += tracks.n;
    /* SeekHead header 12 bytes, Seek header 10, SeekPosition header 10. */
    seg.d[12 + 10 + pos_at + 10] = (unsigned char)tracks_pos;
    put_header(&b, "matroska");
    put_el(&b, 0x18538067, seg.d, seg.n);
    assert_int_equal(read_buf(&b, &mt), 0);
    assert_int_equal(mt.count, 2);
    assert_int_equal(mt.tracks[1].number, 7);
    mkv_tracks_free(&mt);
}

static void test_mkv_rejects_what_is_not_matroska(void **state)
{
    struct buf b = { .n = 0 };
    struct mkv_tracks mt;

    (void)state;
    put_header(&b, "notmkv");
    assert_int_equal(read_buf(&b, &mt), -1);
    b.n = 0;
    memcpy(b.d, "RIFF....WAVEfmt ", 16);
    b.n = 16;
    assert_int_equal(read_buf(&b, &mt), -1);
    b.n = 0;
    assert_int_equal(read_buf(&b, &mt), -1);
}

/* Every prefix of a valid file, and every byte flipped: never a crash or
 * a hang (the sanitizer build checks the memory side). */
static void test_mkv_survives_truncation_and_corruption(void **state)
{
    struct buf b = { .n = 0 }, seg = { .n = 0 }, cut;
    struct mkv_tracks mt;

    (void)state;
    put_header(&b, "matroska");
    put_tracks(&seg);
    put_chapters(&seg);
    put_el(&b, 0x18538067, seg.d, seg.n);
    for (size_t n = 0; n < b.n; n++) {
        cut = b;
        cut.n = n;
        if (read_buf(&cut, &mt) == 0)
            mkv_tracks_free(&mt);
    }
    for (size_t i = 0; i < b.n; i++)
        for (int v = 0; v < 256; v += 51) {
            cut = b;
            cut.d[i] = (unsigned char)v;
            if (read_buf(&cut, &mt) == 0)
                mkv_tracks_free(&mt);
        }
}

/* A Segment with a SeekHead naming Attachments after a Cluster, and
 * two attached files: a PNG picture and a font. */
static void put_attachments_after_cluster(struct buf *b)
{
    struct buf seg = { .n = 0 }, seek = { .n = 0 }, head = { .n = 0 },
               att = { .n = 0 }, png = { .n = 0 }, font = { .n = 0 };
    unsigned char att_id[4] = { 0x19, 0x41, 0xA4, 0x69 }, cluster = 0;

    put_str(&png, 0x466E, "cover.png");
    put_str(&png, 0x4660, "IMAGE/PNG"); /* case does not matter */
    put_str(&png, 0x465C, "\x89PNG");
    put_str(&font, 0x466E, "f.ttf");
    put_str(&font, 0x4660, "application/x-truetype-font");
    put_str(&font, 0x465C, "font");
    put_el(&att, 0x61A7, png.d, png.n);
    put_el(&att, 0x61A7, font.d, font.n);
    put_el(&seek, 0x53AB, att_id, 4);
    size_t pos_at = seek.n;
    put_uint(&seek, 0x53AC, 0); /* patched below */
    put_el(&head, 0x4DBB, seek.d, seek.n);
    put_el(&seg, 0x114D9B74, head.d, head.n);
    put_tracks(&seg);
    put_el(&seg, 0x1F43B675, &cluster, 1);
    assert_true(seg.n < 256); /* the SeekPosition is one byte */
    seg.d[12 + 10 + pos_at + 10] = (unsigned char)seg.n;
    put_el(&seg, 0x1941A469, att.d, att.n);
    put_header(b, "matroska");
    put_el(b, 0x18538067, seg.d, seg.n);
}

/* A FILE over a buffer that seeks as a tape does (src/tape.h): to a
 * position, not to its end, whose size it does not know. */
struct tape_like {
    const struct buf *b;
    off64_t pos;
};

static ssize_t tape_like_read(void *cookie, char *out, size_t n)
{
    struct tape_like *t = cookie;
    size_t left = t->pos < (off64_t)t->b->n ? t->b->n - (size_t)t->pos : 0;

    if (n > left)
        n = left;
    memcpy(out, t->b->d + t->pos, n);
    t->pos += (off64_t)n;
    return (ssize_t)n;
}

static int tape_like_seek(void *cookie, off64_t *off, int whence)
{
    struct tape_like *t = cookie;
    off64_t to = whence == SEEK_SET ? *off
               : whence == SEEK_CUR ? t->pos + *off : -1;

    if (to < 0)
        return -1;
    t->pos = *off = to;
    return 0;
}

/* libmpv's demuxer reads what a SeekHead names after the first Cluster
 * only when it can seek: so does the reader, which counts the pictures
 * among the attachments there (as libmpv shows them as video tracks). */
static void test_mkv_counts_pictures_where_libmpv_reads(void **state)
{
    struct buf b = { .n = 0 };
    struct mkv_tracks mt;

    struct tape_like t = { &b, 0 };
    cookie_io_functions_t io = { tape_like_read, NULL, tape_like_seek, NULL };
    FILE *f;
    char *err = NULL;

    (void)state;
    put_attachments_after_cluster(&b);
    assert_int_equal(read_buf(&b, &mt), 0);
    assert_int_equal(mt.count, 2);
    assert_int_equal(mt.pictures, 1);
    assert_false(mt.cut);
    mkv_tracks_free(&mt);
    f = fopencookie(&t, "rb", io);
    assert_non_null(f);
    assert_int_equal(mkv_read_tracks(f, &mt, &err), 0);
    assert_int_equal(mt.count, 2);
    assert_int_equal(mt.pictures, 0);
    mkv_tracks_free(&mt);
    fclose(f);
}

/* Cut inside its second TrackEntry, a file still lists both entries, the
 * second as far as it goes, as libmpv does; cut in the size of a header
 * element it is refused, as libmpv refuses it; with no Tracks at all it
 * has no tracks, and is not refused. */
static void test_mkv_reads_cut_files_as_libmpv(void **state)
{
    struct buf b = { .n = 0 }, seg = { .n = 0 }, cut;
    struct mkv_tracks mt;
    unsigned char info[3] = { 0x2A, 0xD7, 0xB1 }; /* TimestampScale's ID */
    size_t tracks_at, second_entry_at;

    (void)state;
    put_header(&b, "matroska");
    put_el(&seg, 0x1549A966, info, 3);
    tracks_at = seg.n;
    put_tracks(&seg);
    put_el(&b, 0x18538067, seg.d, seg.n);
    /* The Segment's payload starts 12 bytes after the header; Tracks has
     * a 12-byte header, the video entry (ID, size, 3 elements of 10
     * bytes) comes first, then the audio entry's 9-byte header and its
     * TrackNumber and TrackType. */
    second_entry_at = b.n - seg.n + tracks_at + 12 + 9 + 30;
    cut = b;
    cut.n = second_entry_at + 9 + 20;
    assert_int_equal(read_buf(&cut, &mt), 0);
    assert_int_equal(mt.count, 2);
    assert_true(mt.cut);
    assert_int_equal(mt.tracks[1].number, 7);
    assert_int_equal(mt.tracks[1].type, MKV_AUDIO);
    assert_null(mt.tracks[1].name);
    mkv_tracks_free(&mt);
    /* Cut in the Info element's size field: refused. */
    cut = b;
    cut.n = b.n - seg.n + 4 + 3;
    assert_int_equal(read_buf(&cut, &mt), -1);
    /* Cut right after the Info element: no Tracks, no tracks. */
    cut = b;
    cut.n = b.n - seg.n + tracks_at;
    assert_int_equal(read_buf(&cut, &mt), 0);
    assert_int_equal(mt.count, 0);
    assert_false(mt.cut);
    mkv_tracks_free(&mt);
}

static void put_ogg_page(struct buf *b, unsigned char flags, uint32_t serial,
                         size_t body)
{
    unsigned char h[27] = { 'O', 'g', 'g', 'S', 0, flags };

    for (int i = 0; i < 4; i++)
        h[14 + i] = (unsigned char)(serial >> (8 * i));
    h[26] = 1;
    memcpy(b->d + b->n, h, 27);
    b->n += 27;
    b->d[b->n++] = (unsigned char)body;
    memset(b->d + b->n, 0xAB, body);
    b->n += body;
}

static void test_ogg_serials_in_bos_order(void **state)
{
    struct buf b = { .n = 0 };
    uint32_t serials[OGG_MAX_STREAMS];
    FILE *f;

    (void)state;
    put_ogg_page(&b, 2, 0xDEADBEEF, 30);
    put_ogg_page(&b, 2, 42, 19);
    put_ogg_page(&b, 0, 0xDEADBEEF, 50);
    put_ogg_page(&b, 2, 99, 10); /* a BOS after data: not a start stream */
    f = fmemopen(b.d, b.n, "rb");
    assert_int_equal(ogg_read_serials(f, serials), 2);
    assert_int_equal(serials[0], 0xDEADBEEF);
    assert_int_equal(serials[1], 42);
    fclose(f);
    f = fmemopen((void *)"not ogg at all", 14, "rb");
    assert_int_equal(ogg_read_serials(f, serials), 0);
    fclose(f);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_mkv_reads_tracks_flags_and_defaults),
        cmocka_unit_test(test_mkv_reads_subtitles_and_chapters),
        cmocka_unit_test(test_mkv_follows_seekhead_past_a_cluster),
        cmocka_unit_test(test_mkv_rejects_what_is_not_matroska),
        cmocka_unit_test(test_mkv_survives_truncation_and_corruption),
        cmocka_unit_test(test_mkv_counts_pictures_where_libmpv_reads),
        cmocka_unit_test(test_mkv_reads_cut_files_as_libmpv),
        cmocka_unit_test(test_ogg_serials_in_bos_order),
    };
    return cmocka_run_group_tests_name("mkv", tests, NULL, NULL);
}
