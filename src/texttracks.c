/* texttracks.c - the text tracks of a file, from its container, its
 * sidecars, its chapters and libmpv's track list. */
#include "texttracks.h"

#include "track.h"
#include "xmem.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define TEXTTRACKS_FLAGS (TEXT_FLAG_DEFAULT | TEXT_FLAG_FORCED | \
                          TEXT_FLAG_HEARING_IMPAIRED | TEXT_FLAG_DESCRIPTIONS)

enum text_kind texttracks_kind(enum container_type type, const char *codec,
                               unsigned flags)
{
    static const char webvtt[] = "D_WEBVTT/";
    enum text_kind kind = TEXT_KIND_SUBTITLES;

    if (codec && strncmp(codec, webvtt, sizeof webvtt - 1) == 0) {
        char lower[16];
        int k;
        size_t i;

        /* The CodecID is upper case, the kinds lower case. */
        for (i = 0; codec[sizeof webvtt - 1 + i] && i + 1 < sizeof lower; i++)
            lower[i] = (char)(codec[sizeof webvtt - 1 + i] | 0x20);
        lower[i] = '\0';
        k = text_kind_named(lower);
        kind = k == TEXT_KIND_SUBTITLES || k == TEXT_KIND_CAPTIONS ||
               k == TEXT_KIND_DESCRIPTIONS ? (enum text_kind)k
                                           : TEXT_KIND_METADATA;
    } else if (type == CONTAINER_MP4 && codec &&
               strcmp(codec, "mov_text") == 0) {
        kind = TEXT_KIND_CAPTIONS;
    }
    if (kind != TEXT_KIND_SUBTITLES)
        return kind;
    if (flags & TRACK_FLAG_DESCRIPTIONS)
        return TEXT_KIND_DESCRIPTIONS;
    if (flags & TRACK_FLAG_HEARING_IMPAIRED)
        return TEXT_KIND_CAPTIONS;
    return TEXT_KIND_SUBTITLES;
}

const char *texttracks_codec(const char *codec)
{
    /* demux_mkv.c's mkv_sub_tag, libmpv 0.35. */
    static const char *const mkv[][2] = {
        { "S_VOBSUB", "dvd_subtitle" }, { "S_TEXT/SSA", "ass" },
        { "S_TEXT/ASS", "ass" }, { "S_SSA", "ass" }, { "S_ASS", "ass" },
        { "S_TEXT/ASCII", "subrip" }, { "S_TEXT/UTF8", "subrip" },
        { "S_HDMV/PGS", "hdmv_pgs_subtitle" },
        { "D_WEBVTT/SUBTITLES", "webvtt-webm" },
        { "D_WEBVTT/CAPTIONS", "webvtt-webm" },
        { "S_TEXT/WEBVTT", "webvtt" }, { "S_DVBSUB", "dvb_subtitle" },
        { "S_ARIBSUB", "arib_caption" },
    };

    if (!codec)
        return NULL;
    for (size_t i = 0; i < sizeof mkv / sizeof mkv[0]; i++)
        if (strcmp(codec, mkv[i][0]) == 0)
            return mkv[i][1];
    /* CodecIDs are upper case with an underscore; libavcodec's names never. */
    if (codec[0] >= 'A' && codec[0] <= 'Z' && codec[1] == '_')
        return "";
    return codec;
}

/* A track from container stream cs (its mpv_id -1 for now). */
static void texttracks_stream(struct text_track_list *out,
                              const struct container_info *ci,
                              const struct container_stream *cs,
                              int64_t fallback_id)
{
    const char *codec = texttracks_codec(cs->codec);
    struct text_track t = {
        .id = xasprintf("%" PRId64, cs->id >= 0 ? cs->id : fallback_id),
        .kind = texttracks_kind(ci->type, cs->codec, cs->flags),
        .label = xstrdup(cs->label ? cs->label : ""),
        .flags = cs->flags & TEXTTRACKS_FLAGS,
        /* libmpv's name, else the container's own (a CodecID). */
        .codec = codec && codec[0] ? xstrdup(codec)
                 : cs->codec && cs->codec[0] ? xstrdup(cs->codec) : NULL,
        .mpv_id = -1,
    };

    /* A Matroska metadata track is metadata whatever its CodecID. */
    if (cs->unlisted && t.kind != TEXT_KIND_DESCRIPTIONS)
        t.kind = TEXT_KIND_METADATA;
    t.bitmap = text_codec_is_bitmap(t.codec);
    lang_canonicalize(cs->language, t.language);
    text_track_list_take(out, &t);
}

static void texttracks_sidecar(struct text_track_list *out,
                               const struct sidecar *s)
{
    const char *slash = strrchr(s->name, '/');
    struct text_track t = {
        .id = xstrdup(s->name),
        .kind = s->captions ? TEXT_KIND_CAPTIONS : TEXT_KIND_SUBTITLES,
        .label = xstrdup(slash ? slash + 1 : s->name),
        .flags = (s->forced ? TEXT_FLAG_FORCED : 0) |
                 (s->captions ? TEXT_FLAG_HEARING_IMPAIRED : 0),
        .codec = s->codec ? xstrdup(s->codec) : NULL,
        .path = xstrdup(s->path),
        .mpv_id = -1,
    };

    memcpy(t.language, s->language, sizeof t.language);
    text_track_list_take(out, &t);
}

void texttracks_add_chapters(struct text_track_list *out)
{
    struct text_track t = { .kind = TEXT_KIND_CHAPTERS, .mpv_id = -1 };

    t.id = xstrdup("chapters");
    t.label = xstrdup("");
    text_track_list_take(out, &t);
}

static void texttracks_chapters(struct text_track_list *out,
                                const struct container_info *ci)
{
    if (ci->nchapters > 0)
        texttracks_add_chapters(out);
}

void texttracks_from_streams(const struct container_info *ci,
                             const struct sidecar_list *sc,
                             struct text_track_list *out)
{
    int64_t n = 0;

    *out = (struct text_track_list){ NULL, 0 };
    /* libmpv numbers the tracks of each type apart, from 1, in its
     * demuxer's order, then the external files in the order given. */
    for (size_t i = 0; i < ci->count; i++) {
        const struct container_stream *cs = &ci->streams[i];

        if (!cs->sub)
            continue;
        texttracks_stream(out, ci, cs, cs->unlisted ? -1 : n + 1);
        if (!cs->unlisted)
            out->tracks[out->count - 1].mpv_id = ++n;
    }
    for (size_t i = 0; i < sc->count; i++) {
        texttracks_sidecar(out, &sc->items[i]);
        out->tracks[out->count - 1].mpv_id = ++n;
    }
    texttracks_chapters(out, ci);
}

/* The stream libmpv's (internal) track pt stands for: its index in ci,
 * or -1.  The n-th listed sub stream when ids and indexes say nothing. */
static long texttracks_match(const struct container_info *ci,
                             const struct player_track *pt, size_t order)
{
    long hit = -1;
    size_t hits = 0;

    if (pt->src_id >= 0) {
        for (size_t i = 0; i < ci->count; i++)
            if (ci->streams[i].sub && ci->streams[i].id == pt->src_id) {
                hit = (long)i;
                hits++;
            }
        if (hits == 1)
            return hit;
    }
    if (pt->ff_index >= 0 && (size_t)pt->ff_index < ci->count &&
        ci->streams[pt->ff_index].sub)
        return (long)pt->ff_index;
    for (size_t i = 0; i < ci->count; i++)
        if (ci->streams[i].sub && !ci->streams[i].unlisted && order-- == 0)
            return (long)i;
    return -1;
}

/* Take libmpv's word on t: its id, and its codec when it names one. */
static void texttracks_take(struct text_track *t,
                            const struct player_track *pt)
{
    t->mpv_id = pt->id;
    if (pt->codec && pt->codec[0]) {
        free(t->codec);
        t->codec = xstrdup(pt->codec);
    }
    t->bitmap = pt->image || text_codec_is_bitmap(t->codec);
}

/* A track from libmpv's data alone. */
static void texttracks_player(struct text_track_list *out,
                              enum container_type type,
                              const struct player_track *pt)
{
    unsigned flags = (pt->is_default ? TRACK_FLAG_DEFAULT : 0) |
                     (pt->forced ? TRACK_FLAG_FORCED : 0) |
                     (pt->hearing_impaired ? TRACK_FLAG_HEARING_IMPAIRED : 0);
    struct text_track t = {
        .id = pt->external_filename
              ? xstrdup(pt->external_filename)
              : xasprintf("%" PRId64, pt->src_id >= 0 ? pt->src_id : pt->id),
        .kind = texttracks_kind(type, pt->codec, flags),
        .label = xstrdup(pt->title ? pt->title : ""),
        .flags = flags,
        .path = pt->external_filename ? xstrdup(pt->external_filename) : NULL,
        .mpv_id = pt->id,
    };

    lang_canonicalize(pt->lang, t.language);
    text_track_list_take(out, &t);
    texttracks_take(&out->tracks[out->count - 1], pt);
}

void texttracks_build(const struct container_info *ci,
                      const struct sidecar_list *sc,
                      const struct player_track *pt, size_t n,
                      struct text_track_list *out)
{
    size_t nsub = 0, internal = 0;
    int64_t listed = 0;
    /* Where each stream's track is in out, or -1. */
    long *at = ci->count ? xcalloc(ci->count, sizeof *at) : NULL;

    *out = (struct text_track_list){ NULL, 0 };
    for (size_t i = 0; i < ci->count; i++) {
        const struct container_stream *cs = &ci->streams[i];

        at[i] = -1;
        if (!cs->sub)
            continue;
        at[i] = (long)out->count;
        /* The same fallback id as texttracks_from_streams gives. */
        texttracks_stream(out, ci, cs, cs->unlisted ? -1 : listed + 1);
        listed += !cs->unlisted;
        nsub++;
    }
    for (size_t i = 0; i < sc->count; i++)
        texttracks_sidecar(out, &sc->items[i]);
    for (size_t i = 0; i < n; i++) {
        struct text_track *hit = NULL;

        if (pt[i].external) {
            for (size_t j = 0;
                 !hit && j < sc->count && pt[i].external_filename; j++)
                if (strcmp(sc->items[j].path, pt[i].external_filename) == 0 &&
                    out->tracks[nsub + j].mpv_id < 0)
                    hit = &out->tracks[nsub + j];
        } else {
            long s = texttracks_match(ci, &pt[i], internal++);

            if (s >= 0 && out->tracks[at[s]].mpv_id < 0)
                hit = &out->tracks[at[s]];
        }
        if (hit)
            texttracks_take(hit, &pt[i]);
        else
            texttracks_player(out, ci->type, &pt[i]);
    }
    free(at);
    texttracks_chapters(out, ci);
}
