/* kind.c - the per-container kind rules of docs: docs/tracks.md "Track kinds". */
#include "kind.h"

/* Matroska/WebM (W3C): "main" if FlagDefault (absent counts as 1), else
 * "translation" unless it is the first audio track, else "".  RFC 9559
 * flags go further: FlagCommentary -> commentary, FlagVisualImpaired (a full
 * mix with narration in practice) -> main-desc. */
static enum track_kind kind_matroska(unsigned flags, size_t audio_index)
{
    if (flags & TRACK_FLAG_COMMENTARY)
        return TRACK_KIND_COMMENTARY;
    if (flags & TRACK_FLAG_VISUAL_IMPAIRED)
        return TRACK_KIND_MAIN_DESC;
    if (flags & TRACK_FLAG_DEFAULT)
        return TRACK_KIND_MAIN;
    return audio_index > 0 ? TRACK_KIND_TRANSLATION : TRACK_KIND_NONE;
}

/* MP4 (W3C): "main-desc" for AC-3 bsmod 2, "main" for the first audio track,
 * "translation" for the others.  A DASH-role kind box says more:
 * commentary, description; a visually-impaired purpose alone is a mix. */
static enum track_kind kind_mp4(unsigned flags, size_t audio_index)
{
    if (flags & TRACK_FLAG_COMMENTARY)
        return TRACK_KIND_COMMENTARY;
    if (flags & TRACK_FLAG_DESCRIPTIONS)
        return TRACK_KIND_DESCRIPTIONS;
    if (flags & (TRACK_FLAG_SERVICE_VI | TRACK_FLAG_VISUAL_IMPAIRED))
        return TRACK_KIND_MAIN_DESC;
    return audio_index == 0 ? TRACK_KIND_MAIN : TRACK_KIND_TRANSLATION;
}

/* MPEG-2 TS (W3C): audio_type 0/1 -> "main" when first, "translation" after;
 * descriptions from audio_type 3 or a supplementary audio descriptor
 * ("main-desc" for an AC-3 complete main with narration); audio_type 2
 * (hearing impaired) and anything else -> "". */
static enum track_kind kind_mpegts(unsigned flags, size_t audio_index)
{
    if (flags & (TRACK_FLAG_VISUAL_IMPAIRED | TRACK_FLAG_DESCRIPTIONS)) {
        if ((flags & TRACK_FLAG_SERVICE_VI) && !(flags & TRACK_FLAG_DEPENDENT))
            return TRACK_KIND_MAIN_DESC;
        return TRACK_KIND_DESCRIPTIONS;
    }
    if (flags & TRACK_FLAG_HEARING_IMPAIRED)
        return TRACK_KIND_NONE;
    return audio_index == 0 ? TRACK_KIND_MAIN : TRACK_KIND_TRANSLATION;
}

enum track_kind kind_from_container(enum container_type type, unsigned flags,
                                    size_t audio_index)
{
    switch (type) {
    case CONTAINER_MATROSKA:
    case CONTAINER_WEBM:
        return kind_matroska(flags, audio_index);
    case CONTAINER_MP4:
        return kind_mp4(flags, audio_index);
    case CONTAINER_MPEGTS:
        return kind_mpegts(flags, audio_index);
    case CONTAINER_OGG: /* W3C: Ogg without Skeleton has no kinds */
        return TRACK_KIND_NONE;
    case CONTAINER_OTHER:
        break;
    }
    /* Outside the W3C's list (AVI, WAV, FLAC, ...): the first audio track is
     * the main one; the others carry no claim. */
    if (flags & TRACK_FLAG_COMMENTARY)
        return TRACK_KIND_COMMENTARY;
    return audio_index == 0 ? TRACK_KIND_MAIN : TRACK_KIND_NONE;
}
