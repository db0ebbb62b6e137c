/* mkv.c - a small, bounded EBML reader for Matroska's Tracks element,
 * walking a Segment as libmpv 0.35's own Matroska demuxer does.
 * Element IDs from RFC 9559 (Matroska) and RFC 8794 (EBML). */
#include "mkv.h"

#include "xmem.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>
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
#define MKV_ID_FLAGTEXTDESC  0x55ADu
#define MKV_ID_CODECID       0x86u
#define MKV_ID_NAME          0x536Eu
#define MKV_ID_LANGUAGE      0x22B59Cu
#define MKV_ID_LANGUAGEBCP47 0x22B59Du
#define MKV_ID_INFO          0x1549A966u
#define MKV_ID_CUES          0x1C53BB6Bu
#define MKV_ID_TAGS          0x1254C367u
#define MKV_ID_CHAPTERS      0x1043A770u
#define MKV_ID_ATTACHMENTS   0x1941A469u
#define MKV_ID_EDITIONENTRY  0x45B9u
#define MKV_ID_EDITIONDEFAULT 0x45DBu
#define MKV_ID_CHAPTERATOM   0xB6u
#define MKV_ID_CHAPTERSTART  0x91u
#define MKV_ID_CHAPTERDISPLAY 0x80u
#define MKV_ID_CHAPSTRING    0x85u
#define MKV_ID_ATTACHEDFILE  0x61A7u
#define MKV_ID_FILENAME      0x466Eu
#define MKV_ID_FILEMIMETYPE  0x4660u
#define MKV_ID_FILEDATA      0x465Cu

#define MKV_UNKNOWN_SIZE     UINT64_MAX
#define MKV_MAX_HEAD_SIZE    (16u << 20) /* read of a Tracks or SeekHead */
#define MKV_MAX_ELEMENT      1000000000u /* libmpv refuses larger headers */
#define MKV_MAX_WALK         (1 << 16)   /* top-level steps at most */
#define MKV_MAX_HEADS        64          /* header elements tracked */
#define MKV_MAX_TRACKS       1024
#define MKV_MAX_CHAPTERS     4096

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

/* Next child of b: its id and payload; 0, or -1 when b is exhausted or
 * damaged.  A child longer than what is left of b ends b, unless
 * cut_master is the child's id: that one is given as far as it goes, and
 * 1 says so (libmpv reads what it can of a master element cut short, and
 * drops any other). */
static int mkv_buf_child_cut(struct mkv_buf *b, uint64_t cut_master,
                             uint64_t *id, struct mkv_buf *child)
{
    uint64_t size;

    if (mkv_buf_vint(b, true, id) < 0 || mkv_buf_vint(b, false, &size) < 0)
        return -1;
    if (size > b->len) {
        if (*id != cut_master)
            return -1;
        *child = *b;
        b->p += b->len;
        b->len = 0;
        return 1;
    }
    child->p = b->p;
    child->len = (size_t)size;
    b->p += size;
    b->len -= (size_t)size;
    return 0;
}

static int mkv_buf_child(struct mkv_buf *b, uint64_t *id, struct mkv_buf *child)
{
    return mkv_buf_child_cut(b, 0, id, child);
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
        case MKV_ID_FLAGTEXTDESC:
            t->flag_text_descriptions = mkv_buf_uint(&c) != 0;
            break;
        case MKV_ID_CODECID:
            free(t->codec_id);
            t->codec_id = mkv_buf_string(&c);
            break;
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
    int rc;

    while (out->count < MKV_MAX_TRACKS &&
           (rc = mkv_buf_child_cut(&b, MKV_ID_TRACKENTRY, &id, &c)) >= 0) {
        out->cut = out->cut || rc == 1;
        if (id != MKV_ID_TRACKENTRY)
            continue;
        out->tracks = xreallocarray(out->tracks, out->count + 1,
                                    sizeof *out->tracks);
        mkv_parse_entry(c, &out->tracks[out->count++]);
    }
}

/* One ChapterAtom: its start and the first ChapterDisplay's string (libmpv
 * 0.35: "Multiple chapter names not supported, picking first"). */
static void mkv_parse_atom(struct mkv_buf atom, struct mkv_chapter *ch)
{
    uint64_t id, did;
    struct mkv_buf c, d;

    memset(ch, 0, sizeof *ch);
    while (mkv_buf_child(&atom, &id, &c) == 0) {
        if (id == MKV_ID_CHAPTERSTART) {
            ch->start_ns = mkv_buf_uint(&c);
        } else if (id == MKV_ID_CHAPTERDISPLAY && !ch->title) {
            while (mkv_buf_child(&c, &did, &d) == 0)
                if (did == MKV_ID_CHAPSTRING && !ch->title)
                    ch->title = mkv_buf_string(&d);
        }
    }
}

/* The chapters of the edition libmpv plays (demux_mkv.c): the first with
 * EditionFlagDefault set, else the first; its top-level atoms only. */
static void mkv_parse_chapters(struct mkv_buf b, struct mkv_tracks *out)
{
    struct mkv_buf pick = { NULL, 0 }, c, e, probe;
    uint64_t id, eid;
    bool have = false;

    while (mkv_buf_child(&b, &id, &e) == 0) {
        bool is_default = false;

        if (id != MKV_ID_EDITIONENTRY)
            continue;
        probe = e;
        while (mkv_buf_child(&probe, &eid, &c) == 0)
            if (eid == MKV_ID_EDITIONDEFAULT && mkv_buf_uint(&c))
                is_default = true;
        if (!have || is_default) {
            pick = e;
            have = true;
        }
        if (is_default)
            break;
    }
    while (have && out->nchapters < MKV_MAX_CHAPTERS &&
           mkv_buf_child(&pick, &eid, &c) == 0) {
        if (eid != MKV_ID_CHAPTERATOM)
            continue;
        out->chapters = xreallocarray(out->chapters, out->nchapters + 1,
                                      sizeof *out->chapters);
        mkv_parse_atom(c, &out->chapters[out->nchapters++]);
    }
}

/* The top-level elements libmpv 0.35's Matroska demuxer reads before the
 * first Cluster (demux_mkv.c, read_header_element); the others it skips. */
static bool mkv_is_header(uint64_t id)
{
    return id == MKV_ID_INFO || id == MKV_ID_TRACKS || id == MKV_ID_CUES ||
           id == MKV_ID_TAGS || id == MKV_ID_SEEKHEAD ||
           id == MKV_ID_CHAPTERS || id == MKV_ID_ATTACHMENTS;
}

/* A header element known by where it is: met in the walk, or named by a
 * SeekHead and read after it. */
struct mkv_head {
    uint64_t id;
    int64_t pos;
    bool parsed;
};

/* One read of a Segment's headers, as libmpv's demuxer makes it. */
struct mkv_reader {
    FILE *f;
    int64_t segment_start;
    int64_t size;              /* of the file; -1 when it cannot seek */
    struct mkv_head heads[MKV_MAX_HEADS];
    size_t nheads;
    struct mkv_tracks *out;
    bool have_tracks;
};

/* The entry for header element id at pos, made on first sight; NULL when
 * the table is full.  A SeekHead may come several times, any other
 * element counts once: the first is read, the others are skipped. */
static struct mkv_head *mkv_head_at(struct mkv_reader *r, uint64_t id,
                                    int64_t pos)
{
    for (size_t i = 0; i < r->nheads; i++)
        if (r->heads[i].id == id &&
            (id != MKV_ID_SEEKHEAD || r->heads[i].pos == pos))
            return &r->heads[i];
    if (r->nheads == MKV_MAX_HEADS)
        return NULL;
    r->heads[r->nheads] = (struct mkv_head){ id, pos, false };
    return &r->heads[r->nheads++];
}

/* Read up to size payload bytes at the current position (fewer at the
 * end of the file, at most MKV_MAX_HEAD_SIZE), then move past the whole
 * payload.  The caller frees *p. */
static struct mkv_buf mkv_file_payload(FILE *f, uint64_t size,
                                       unsigned char **p)
{
    size_t want = size > MKV_MAX_HEAD_SIZE ? MKV_MAX_HEAD_SIZE : (size_t)size;
    off_t start = ftello(f);
    struct mkv_buf b;

    *p = xmalloc(want ? want : 1);
    b = (struct mkv_buf){ *p, fread(*p, 1, want, f) };
    if (start >= 0 && (uint64_t)start + size <= (uint64_t)INT64_MAX)
        fseeko(f, start + (off_t)size, SEEK_SET);
    return b;
}

/* From a SeekHead payload, the header elements it names (entries with
 * exactly one SeekID and one SeekPosition, as libmpv takes them). */
static void mkv_parse_seekhead(struct mkv_reader *r, struct mkv_buf head)
{
    uint64_t id, sid;
    struct mkv_buf seek, c;

    while (mkv_buf_child(&head, &id, &seek) == 0) {
        uint64_t what = 0, pos = 0;
        int nid = 0, npos = 0;

        if (id != MKV_ID_SEEK)
            continue;
        while (mkv_buf_child(&seek, &sid, &c) == 0) {
            if (sid == MKV_ID_SEEKID)
                what = mkv_buf_uint(&c), nid++;
            else if (sid == MKV_ID_SEEKPOSITION)
                pos = mkv_buf_uint(&c), npos++;
        }
        if (nid == 1 && npos == 1 && mkv_is_header(what) &&
            pos <= (uint64_t)(INT64_MAX - r->segment_start))
            mkv_head_at(r, what, r->segment_start + (int64_t)pos);
    }
}

/* The next child of the element that ends at end, read from f: its id,
 * and its payload's start and size (within end).  -1 past the last. */
static int mkv_file_child(FILE *f, off_t end, uint64_t *id, off_t *body,
                          uint64_t *len)
{
    if (ftello(f) >= end || mkv_file_vint(f, true, id) < 0 ||
        mkv_file_vint(f, false, len) < 0 || (*body = ftello(f)) < 0 ||
        *body > end || *len > (uint64_t)(end - *body))
        return -1;
    return 0;
}

/* Whether the AttachedFile whose payload ends at end is a picture libmpv
 * shows as a video track: a name, its data, and the type image/jpeg or
 * image/png (mp_map_mimetype_to_video_codec).  The data is stepped over,
 * never read. */
static bool mkv_is_picture(FILE *f, off_t end)
{
    uint64_t id, len;
    off_t body;
    bool named = false, data = false, image = false;
    char type[16];

    while (mkv_file_child(f, end, &id, &body, &len) == 0) {
        if (id == MKV_ID_FILENAME)
            named = true;
        else if (id == MKV_ID_FILEDATA)
            data = true;
        else if (id == MKV_ID_FILEMIMETYPE && len < sizeof type &&
                 fread(type, 1, (size_t)len, f) == len) {
            type[len] = '\0';
            image = strcasecmp(type, "image/jpeg") == 0 ||
                    strcasecmp(type, "image/png") == 0;
        }
        if (fseeko(f, body + (off_t)len, SEEK_SET) != 0)
            break;
    }
    return named && data && image;
}

/* Count the pictures among the files of the Attachments element whose
 * payload (size bytes, cut at the end of the file) starts here.  Leaves
 * f past the element. */
static void mkv_count_pictures(struct mkv_reader *r, uint64_t size)
{
    off_t at = ftello(r->f), end, body;
    uint64_t id, len;

    if (at < 0 || size > (uint64_t)INT64_MAX - (uint64_t)at)
        return;
    end = at + (off_t)size;
    if (r->size >= 0 && end > r->size)
        end = r->size;
    while (mkv_file_child(r->f, end, &id, &body, &len) == 0) {
        if (id == MKV_ID_ATTACHEDFILE)
            r->out->pictures += mkv_is_picture(r->f, body + (off_t)len);
        if (fseeko(r->f, body + (off_t)len, SEEK_SET) != 0)
            break;
    }
    fseeko(r->f, at + (off_t)size, SEEK_SET);
}

/* Read the header element id whose size field is next in f, as libmpv
 * reads it: a size cut by the end of the file, unknown, or over 1 GB
 * fails the file; a payload cut short is read as far as it goes. */
static int mkv_read_head(struct mkv_reader *r, uint64_t id)
{
    uint64_t size;
    unsigned char *p;
    struct mkv_buf b;

    if (mkv_file_vint(r->f, false, &size) < 0 || size == MKV_UNKNOWN_SIZE ||
        size > MKV_MAX_ELEMENT)
        return -1;
    switch (id) {
    case MKV_ID_TRACKS:
        b = mkv_file_payload(r->f, size, &p);
        r->out->cut = b.len < size;
        mkv_parse_tracks(b, r->out);
        r->have_tracks = true;
        free(p);
        break;
    case MKV_ID_SEEKHEAD:
        b = mkv_file_payload(r->f, size, &p);
        mkv_parse_seekhead(r, b);
        free(p);
        break;
    case MKV_ID_ATTACHMENTS:
        mkv_count_pictures(r, size);
        break;
    case MKV_ID_CHAPTERS:
        b = mkv_file_payload(r->f, size, &p);
        mkv_parse_chapters(b, r->out);
        free(p);
        break;
    default: /* Info, Cues, Tags: only their size matters here */
        if (size <= (uint64_t)INT64_MAX - (uint64_t)ftello(r->f))
            fseeko(r->f, (off_t)size, SEEK_CUR);
        break;
    }
    return 0;
}

/* Step over the element whose size field is next in f.  A size that
 * cannot be read or is unknown is stepped over alone: the walk goes on
 * inside the element, as libmpv's does (ebml_read_skip). */
static void mkv_skip(FILE *f)
{
    off_t at = ftello(f);
    uint64_t size;

    if (mkv_file_vint(f, false, &size) < 0 || size == MKV_UNKNOWN_SIZE ||
        size > (uint64_t)INT64_MAX - (uint64_t)ftello(f)) {
        fseeko(f, at, SEEK_SET);
        return;
    }
    fseeko(f, (off_t)size, SEEK_CUR);
}

/* An element ID at the current position: 0 and the id, 1 for a byte
 * that starts no ID (one byte consumed: libmpv resynchronises byte by
 * byte), -1 at the end of the file. */
static int mkv_walk_id(FILE *f, uint64_t *id)
{
    int c = getc(f), len = 1;

    if (c == EOF)
        return -1;
    if (c < 0x10)
        return 1;
    while (!(c & (0x80 >> (len - 1))))
        len++;
    *id = (uint64_t)c;
    for (int i = 1; i < len; i++) {
        if ((c = getc(f)) == EOF)
            return -1;
        *id = (*id << 8) | (uint64_t)c;
    }
    return 0;
}

/* The element at pos, met in the walk or named by a SeekHead: read it
 * unless an element of its kind was read already.  -1 fails the file. */
static int mkv_visit(struct mkv_reader *r, uint64_t id, int64_t pos)
{
    struct mkv_head *h = mkv_head_at(r, id, pos);

    if (!h || h->parsed) {
        mkv_skip(r->f);
        return 0;
    }
    h->parsed = true;
    return mkv_read_head(r, id);
}

/* libmpv's walk of a Segment: the elements up to the first Cluster (or
 * the end), then, when the file can seek, the header elements the
 * SeekHeads name that were not met, lowest position first.  -1 when
 * libmpv's demuxer would refuse the file. */
static int mkv_walk(struct mkv_reader *r)
{
    uint64_t id;
    int rc;

    for (int n = 0; n < MKV_MAX_WALK; n++) {
        off_t at = ftello(r->f);

        if ((rc = mkv_walk_id(r->f, &id)) < 0 || id == MKV_ID_CLUSTER)
            break;
        if (rc == 1)
            continue;
        if (!mkv_is_header(id))
            mkv_skip(r->f);
        else if (mkv_visit(r, id, (int64_t)at) < 0)
            return -1;
    }
    if (r->size < 0)
        return 0;
    for (;;) {
        struct mkv_head *next = NULL;

        for (size_t i = 0; i < r->nheads; i++)
            if (!r->heads[i].parsed &&
                (!next || r->heads[i].pos < next->pos))
                next = &r->heads[i];
        if (!next)
            return 0;
        next->parsed = true;
        if (next->pos >= r->size ||
            fseeko(r->f, (off_t)next->pos, SEEK_SET) != 0 ||
            mkv_walk_id(r->f, &id) != 0 || id != next->id)
            continue;
        next->parsed = false; /* mkv_visit reads it now */
        if (mkv_visit(r, id, next->pos) < 0)
            return -1;
    }
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
        mkv_file_vint(f, false, &size) < 0 || size > 4096)
        return -1;
    p = xmalloc(size ? (size_t)size : 1);
    if (fread(p, 1, (size_t)size, f) != size) {
        free(p);
        return -1;
    }
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

/* The size of f, or -1 when it cannot seek to its end (a tape). */
static int64_t mkv_file_size(FILE *f)
{
    off_t here = ftello(f), end;

    if (here < 0 || fseeko(f, 0, SEEK_END) != 0)
        return -1;
    end = ftello(f);
    if (fseeko(f, here, SEEK_SET) != 0)
        return -1;
    return end;
}

int mkv_read_tracks(FILE *f, struct mkv_tracks *out, char **err)
{
    struct mkv_reader r = { .f = f, .out = out };
    uint64_t id, size;

    memset(out, 0, sizeof *out);
    r.size = mkv_file_size(f);
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
    r.segment_start = ftello(f);
    if (r.segment_start < 0 || mkv_walk(&r) < 0) {
        *err = xstrdup(r.have_tracks
                       ? "damaged Matroska file: a header element is cut "
                         "short or has no size"
                       : "damaged Matroska file: no readable Tracks element");
        mkv_tracks_free(out);
        return -1;
    }
    return 0;
}

void mkv_tracks_free(struct mkv_tracks *t)
{
    for (size_t i = 0; i < t->count; i++) {
        free(t->tracks[i].name);
        free(t->tracks[i].language);
        free(t->tracks[i].language_bcp47);
        free(t->tracks[i].codec_id);
    }
    free(t->tracks);
    for (size_t i = 0; i < t->nchapters; i++)
        free(t->chapters[i].title);
    free(t->chapters);
    memset(t, 0, sizeof *t);
}
