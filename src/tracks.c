/* tracks.c - merge libmpv's track list with container metadata. */
#include "tracks.h"

#include "kind.h"
#include "lang.h"
#include "xmem.h"

#include <inttypes.h>
#include <string.h>

/* The container's n-th audio stream, or NULL. */
static const struct container_stream *tracks_nth_audio(
    const struct container_info *ci, size_t n)
{
    for (size_t i = 0; i < ci->count; i++)
        if (ci->streams[i].audio && n-- == 0)
            return &ci->streams[i];
    return NULL;
}

static size_t tracks_audio_index(const struct container_info *ci,
                                 const struct container_stream *cs)
{
    size_t n = 0;

    for (const struct container_stream *s = ci->streams; s < cs; s++)
        n += s->audio;
    return n;
}

/* The container stream libmpv's track pt stands for, or NULL. */
static const struct container_stream *tracks_match(
    const struct container_info *ci, const struct player_track *pt,
    size_t audio_order)
{
    const struct container_stream *hit = NULL;
    size_t hits = 0;

    if (!ci)
        return NULL;
    if (pt->src_id >= 0) {
        for (size_t i = 0; i < ci->count; i++)
            if (ci->streams[i].audio && ci->streams[i].id == pt->src_id) {
                hit = &ci->streams[i];
                hits++;
            }
        if (hits == 1)
            return hit;
    }
    /* ff-index is libavformat's stream index; mkv.c numbers Matroska
     * tracks in the same order libavformat does. */
    if (pt->ff_index >= 0 && (size_t)pt->ff_index < ci->count &&
        ci->streams[pt->ff_index].audio)
        return &ci->streams[pt->ff_index];
    return tracks_nth_audio(ci, audio_order);
}

/* The n bytes at p as a string in out; "" (no tag) when too long. */
static void tracks_part(char out[LANG_TAG_MAX], const char *p, size_t n)
{
    if (n >= LANG_TAG_MAX)
        n = 0;
    memcpy(out, p, n);
    out[n] = '\0';
}

/* t's languages from the raw text of a container of type type.  In an
 * MPEG-TS, libavformat joins the languages of an ISO_639_language_
 * descriptor with commas ("fre,eng"): the first is the track's, the
 * others, those that are tags, are kept apart.  Elsewhere a comma makes
 * no tag. */
static void tracks_languages(struct track *t, const char *raw,
                             enum container_type type)
{
    const char *comma = raw ? strchr(raw, ',') : NULL;
    char first[LANG_TAG_MAX];

    if (type != CONTAINER_MPEGTS || !comma) {
        lang_canonicalize(raw, t->language);
        return;
    }
    tracks_part(first, raw, (size_t)(comma - raw));
    lang_canonicalize(first, t->language);
    while (comma) {
        const char *next = strchr(comma + 1, ',');
        size_t n = next ? (size_t)(next - comma - 1) : strlen(comma + 1);
        char raw_tag[LANG_TAG_MAX], tag[LANG_TAG_MAX];

        tracks_part(raw_tag, comma + 1, n);
        if (lang_canonicalize(raw_tag, tag)) {
            t->other_languages = xreallocarray(t->other_languages,
                                               t->nother_languages + 1,
                                               sizeof *t->other_languages);
            memcpy(t->other_languages[t->nother_languages++], tag,
                   sizeof tag);
        }
        comma = next;
    }
}

/* Track t from container stream cs; its id is the container's, else
 * fallback_id. */
static void tracks_from_container(struct track *t,
                                  const struct container_info *ci,
                                  const struct container_stream *cs,
                                  int64_t fallback_id)
{
    t->id = xasprintf("%" PRId64, cs->id >= 0 ? cs->id : fallback_id);
    t->flags = cs->flags;
    t->kind = kind_from_container(ci->type, cs->flags,
                                  tracks_audio_index(ci, cs));
    t->label = xstrdup(cs->label ? cs->label : "");
    tracks_languages(t, cs->language, ci->type);
}

static void tracks_from_player(struct track *t, const struct player_track *pt,
                               enum container_type type, size_t audio_order)
{
    t->id = xasprintf("%" PRId64, pt->src_id >= 0 ? pt->src_id : pt->id);
    t->flags = (pt->is_default ? TRACK_FLAG_DEFAULT : 0) |
               (pt->forced ? TRACK_FLAG_FORCED : 0);
    t->kind = kind_from_container(type, t->flags, audio_order);
    t->label = xstrdup(pt->title ? pt->title : "");
    tracks_languages(t, pt->lang, type);
}

void tracks_build(const struct container_info *ci,
                  const struct player_track *pt, size_t n,
                  struct track_list *out)
{
    out->tracks = xcalloc(n, sizeof *out->tracks);
    out->count = n;
    for (size_t i = 0; i < n; i++) {
        struct track *t = &out->tracks[i];
        const struct container_stream *cs = tracks_match(ci, &pt[i], i);

        if (cs)
            tracks_from_container(t, ci, cs,
                                  pt[i].src_id >= 0 ? pt[i].src_id : pt[i].id);
        else
            tracks_from_player(t, &pt[i], ci ? ci->type : CONTAINER_OTHER,
                               i);
        t->mpv_id = pt[i].id;
        t->codec = pt[i].codec ? xstrdup(pt[i].codec) : NULL;
        t->enabled = false;
    }
}

void tracks_from_streams(const struct container_info *ci,
                         struct track_list *out)
{
    size_t n = 0;

    for (size_t i = 0; i < ci->count; i++)
        n += ci->streams[i].audio;
    out->tracks = xcalloc(n, sizeof *out->tracks);
    out->count = n;
    n = 0;
    for (size_t i = 0; i < ci->count; i++) {
        struct track *t = &out->tracks[n];

        if (!ci->streams[i].audio)
            continue;
        /* libmpv numbers the tracks of each type apart, from 1, in its
         * demuxer's stream order (player/loadfile.c, find_new_tid): the
         * readers' order, for they read as its demuxers do. */
        t->mpv_id = (int64_t)++n;
        tracks_from_container(t, ci, &ci->streams[i], t->mpv_id);
    }
}
