/* mkv.c - a small, bounded EBML reader for Matroska's Tracks element.
 * Element IDs from RFC 9559 (Matroska) and RFC 8794 (EBML). */
#include "mkv.h"

#include "xmem.h"

#include <stdlib.h>
#include <string.h>
#include <sys/types.h>

#define MKV_ID_EBML          0x1A45DFA3u
#define MKV_ID_DOCTYPE       0x4282u
#define MKV_ID_SEGMENT       0x18538067u
#define MKV_ID_SEEKHEAD      0x114D9B74u
#define MKV_ID_SEEK          0x4DBBu
#define MKV_ID_SEEKID        0x53ABu
#define MKV_ID_SEEKPOSITION  0x53ACu
#define MKV_ID_TRACKS        0x1654AE6Bu
#define MKV_ID_CLUSTER       0x1F43B675u
#define MKV_ID_TRACKENTRY    0xAEu
#define MKV_ID_TRACKNUMBER   0xD7u
#define MKV_ID_TRACKTYPE     0x83u
#define MKV_ID_FLAGDEFAULT   0x88u
#define MKV_ID_FLAGFORCED    0x55AAu
#define MKV_ID_FLAGHEARING   0x55ABu
#define MKV_ID_FLAGVISUAL    0x55ACu
#define MKV_ID_FLAGORIGINAL  0x55AEu
#define MKV_ID_FLAGCOMMENT   0x55AFu
#define MKV_ID_NAME          0x536Eu
#define MKV_ID_LANGUAGE      0x22B59Cu
#define MKV_ID_LANGUAGEBCP47 0x22B59Du

#define MKV_UNKNOWN_SIZE     UINT64_MAX
#define MKV_MAX_TRACKS_SIZE  (16u << 20) /* a Tracks element larger is damage */
#define MKV_MAX_TOP_LEVEL    4096        /* top-level elements walked at most */
#define MKV_MAX_TRACKS       1024

/* A bounded in-memory view of an element's payload. */
struct mkv_buf {
    const unsigned char *p;
    size_t len;
};

/* Read an EBML variable-length integer from f; -1 on EOF or bad length.
 * For sizes, all-ones means "unknown" and reads as MKV_UNKNOWN_SIZE. */
static int mkv_file_vint(FILE *f, bool is_id, uint64_t *out)
{
    int c = getc(f), len = 1;
    uint64_t v;

    if (c == EOF || c == 0)
        return -1;
    while (!(c & (0x80 >> (len - 1))))
        len++;
    if (len > (is_id ? 4 : 8))
        return -1;
    v = is_id ? (uint64_t)c : (uint64_t)(c & (0xFF >> len));
    bool all_ones = v == (uint64_t)(0xFF >> len);
    for (int i = 1; i < len; i++) {
        if ((c = getc(f)) == EOF)
            return -1;
        v = (v << 8) | (uint64_t)c;
        all_ones = all_ones && c == 0xFF;
    }
    *out = (!is_id && all_ones) ? MKV_UNKNOWN_SIZE : v;
    return 0;
}

/* The same over a buffer; advances b. */
static int mkv_buf_vint(struct mkv_buf *b, bool is_id, uint64_t *out)
{
    int len = 1;
    uint64_t v;

    if (b->len == 0 || b->p[0] == 0)
        return -1;
    while (!(b->p[0] & (0x80 >> (len - 1))))
        len++;
    if (len > (is_id ? 4 : 8) || (size_t)len > b->len)
        return -1;
    v = is_id ? b->p[0] : (uint64_t)(b->p[0] & (0xFF >> len));
    for (int i = 1; i < len; i++)
        v = (v << 8) | b->p[i];
    b->p += len;
    b->len -= (size_t)len;
    *out = v;
    return 0;
}

/* Next child of b: its id and payload; -1 when b is exhausted or damaged. */
static int mkv_buf_child(struct mkv_buf *b, uint64_t *id, struct mkv_buf *child)
{
    uint64_t size;

    if (mkv_buf_vint(b, true, id) < 0 || mkv_buf_vint(b, false, &size) < 0 ||
        size > b->len)
        return -1;
    child->p = b->p;
    child->len = (size_t)size;
    b->p += size;
    b->len -= (size_t)size;
    return 0;
}

static uint64_t mkv_buf_uint(const struct mkv_buf *b)
{
    uint64_t v = 0;

    for (size_t i = 0; i < b->len && i < 8; i++)
        v = (v << 8) | b->p[i];
    return v;
}

/* A string element: bytes up to the first NUL (EBML pads with NULs). */
static char *mkv_buf_string(const struct mkv_buf *b)
{
    return xstrndup((const char *)b->p, b->len);
}

static void mkv_track_init(struct mkv_track *t)
{
    memset(t, 0, sizeof *t);
    t->flag_default = true;
    t->flag_original = MKV_UNSET;
}

static void mkv_parse_entry(struct mkv_buf entry, struct mkv_track *t)
{
    uint64_t id;
    struct mkv_buf c;

    mkv_track_init(t);
    while (mkv_buf_child(&entry, &id, &c) == 0) {
        switch (id) {
        case MKV_ID_TRACKNUMBER: t->number = mkv_buf_uint(&c); break;
        case MKV_ID_TRACKTYPE: t->type = mkv_buf_uint(&c); break;
        case MKV_ID_FLAGDEFAULT: t->flag_default = mkv_buf_uint(&c) != 0; break;
        case MKV_ID_FLAGFORCED: t->flag_forced = mkv_buf_uint(&c) != 0; break;
        case MKV_ID_FLAGHEARING:
            t->flag_hearing_impaired = mkv_buf_uint(&c) != 0;
            break;
        case MKV_ID_FLAGVISUAL:
            t->flag_visual_impaired = mkv_buf_uint(&c) != 0;
            break;
        case MKV_ID_FLAGCOMMENT: t->flag_commentary = mkv_buf_uint(&c) != 0; break;
        case MKV_ID_FLAGORIGINAL:
            t->flag_original = mkv_buf_uint(&c) ? MKV_YES : MKV_NO;
            break;
        case MKV_ID_NAME:
            free(t->name);
            t->name = mkv_buf_string(&c);
            break;
        case MKV_ID_LANGUAGE:
            free(t->language);
            t->language = mkv_buf_string(&c);
            break;
        case MKV_ID_LANGUAGEBCP47:
            free(t->language_bcp47);
            t->language_bcp47 = mkv_buf_string(&c);
            break;
        default: break;
        }
    }
    if (!t->language)
        t->language = xstrdup("eng"); /* the element's default value */
}

static void mkv_parse_tracks(struct mkv_buf b, struct mkv_tracks *out)
{
    uint64_t id;
    struct mkv_buf c;

    while (out->count < MKV_MAX_TRACKS && mkv_buf_child(&b, &id, &c) == 0) {
        if (id != MKV_ID_TRACKENTRY)
            continue;
        out->tracks = xreallocarray(out->tracks, out->count + 1,
                                    sizeof *out->tracks);
        mkv_parse_entry(c, &out->tracks[out->count++]);
    }
}

/* Read an element payload of size bytes at the current position. */
static unsigned char *mkv_file_payload(FILE *f, uint64_t size)
{
    unsigned char *p;

    if (size > MKV_MAX_TRACKS_SIZE)
        return NULL;
    p = xmalloc((size_t)size);
    if (fread(p, 1, (size_t)size, f) != size) {
        free(p);
        return NULL;
    }
    return p;
}

/* From a SeekHead payload, the segment-relative position of Tracks. */
static int mkv_seek_to_tracks(struct mkv_buf head, uint64_t *pos)
{
    uint64_t id, sid;
    struct mkv_buf seek, c;

    while (mkv_buf_child(&head, &id, &seek) == 0) {
        bool is_tracks = false, have_pos = false;
        uint64_t p = 0;

        if (id != MKV_ID_SEEK)
            continue;
        while (mkv_buf_child(&seek, &sid, &c) == 0) {
            if (sid == MKV_ID_SEEKID)
                is_tracks = mkv_buf_uint(&c) == MKV_ID_TRACKS;
            else if (sid == MKV_ID_SEEKPOSITION)
                p = mkv_buf_uint(&c), have_pos = true;
        }
        if (is_tracks && have_pos) {
            *pos = p;
            return 0;
        }
    }
    return -1;
}

bool mkv_sniff(FILE *f)
{
    uint64_t id;
    bool ok;

    rewind(f);
    ok = mkv_file_vint(f, true, &id) == 0 && id == MKV_ID_EBML;
    rewind(f);
    return ok;
}

/* Read the EBML header's DocType into out->doctype; -1 if not Matroska. */
static int mkv_read_header(FILE *f, struct mkv_tracks *out)
{
    uint64_t id, size;
    unsigned char *p;
    struct mkv_buf b, c;

    if (mkv_file_vint(f, true, &id) < 0 || id != MKV_ID_EBML ||
        mkv_file_vint(f, false, &size) < 0 || size > 4096 ||
        !(p = mkv_file_payload(f, size)))
        return -1;
    b = (struct mkv_buf){ p, (size_t)size };
    strcpy(out->doctype, "matroska"); /* DocType's default */
    while (mkv_buf_child(&b, &id, &c) == 0)
        if (id == MKV_ID_DOCTYPE && c.len < sizeof out->doctype) {
            memcpy(out->doctype, c.p, c.len);
            out->doctype[c.len] = '\0';
        }
    free(p);
    return strcmp(out->doctype, "matroska") && strcmp(out->doctype, "webm") ? -1
                                                                            : 0;
}

int mkv_read_tracks(FILE *f, struct mkv_tracks *out, char **err)
{
    uint64_t id, size, seek_pos = 0;
    off_t segment_start;
    bool have_seek = false;
    unsigned char *p;

    memset(out, 0, sizeof *out);
    rewind(f);
    if (mkv_read_header(f, out) < 0) {
        *err = xstrdup("not a Matroska or WebM file (no EBML header)");
        return -1;
    }
    if (mkv_file_vint(f, true, &id) < 0 || id != MKV_ID_SEGMENT ||
        mkv_file_vint(f, false, &size) < 0) {
        *err = xstrdup("damaged Matroska file: no Segment element");
        return -1;
    }
    segment_start = ftello(f);
    for (int n = 0; n < MKV_MAX_TOP_LEVEL; n++) {
        if (mkv_file_vint(f, true, &id) < 0 || mkv_file_vint(f, false, &size) < 0)
            break;
        if (id == MKV_ID_TRACKS || id == MKV_ID_SEEKHEAD) {
            if (!(p = mkv_file_payload(f, size)))
                break;
            struct mkv_buf b = { p, (size_t)size };
            if (id == MKV_ID_TRACKS)
                mkv_parse_tracks(b, out);
            else
                have_seek = have_seek || mkv_seek_to_tracks(b, &seek_pos) == 0;
            free(p);
            if (id == MKV_ID_TRACKS)
                return 0;
            continue;
        }
        /* Clusters come after Tracks in any sane file; if not, the SeekHead
         * says where Tracks is.  Anything of unknown size ends the walk. */
        if (id == MKV_ID_CLUSTER || size == MKV_UNKNOWN_SIZE ||
            size > (uint64_t)INT64_MAX - (uint64_t)ftello(f)) {
            if (!have_seek)
                break;
            have_seek = false; /* one jump only: a loop is damage */
            if (seek_pos > (uint64_t)(INT64_MAX - segment_start) ||
                fseeko(f, segment_start + (off_t)seek_pos, SEEK_SET) != 0)
                break;
            continue;
        }
        if (fseeko(f, (off_t)size, SEEK_CUR) != 0)
            break;
    }
    *err = xstrdup("damaged Matroska file: no readable Tracks element");
    return -1;
}

void mkv_tracks_free(struct mkv_tracks *t)
{
    for (size_t i = 0; i < t->count; i++) {
        free(t->tracks[i].name);
        free(t->tracks[i].language);
        free(t->tracks[i].language_bcp47);
    }
    free(t->tracks);
    memset(t, 0, sizeof *t);
}
