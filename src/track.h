/* track.h - the audio-track model: HTML's AudioTrack plus container flags. */
#ifndef TPLAY_TRACK_H
#define TPLAY_TRACK_H

#include "lang.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* HTML's audio kinds (WHATWG HTML, AudioTrack.kind). */
enum track_kind {
    TRACK_KIND_NONE,        /* "" */
    TRACK_KIND_MAIN,
    TRACK_KIND_TRANSLATION,
    TRACK_KIND_COMMENTARY,
    TRACK_KIND_DESCRIPTIONS,
    TRACK_KIND_MAIN_DESC,
    TRACK_KIND_ALTERNATIVE,
};

/* What the container says about a track.  The first six are reported as
 * "flags"; the others only feed the kind mapping. */
enum track_flag {
    TRACK_FLAG_DEFAULT          = 1u << 0,
    TRACK_FLAG_FORCED           = 1u << 1,
    TRACK_FLAG_ORIGINAL         = 1u << 2,
    TRACK_FLAG_HEARING_IMPAIRED = 1u << 3,
    TRACK_FLAG_VISUAL_IMPAIRED  = 1u << 4,
    TRACK_FLAG_COMMENTARY       = 1u << 5,
    TRACK_FLAG_DESCRIPTIONS     = 1u << 6, /* MP4 kind box, TS audio_type 3 */
    TRACK_FLAG_DEPENDENT        = 1u << 7, /* TS supplementary mix_type 0 */
    TRACK_FLAG_SERVICE_VI       = 1u << 8, /* AC-3 bsmod 2: main + narration */
};

#define TRACK_FLAGS_REPORTED 6

struct track {
    char *id;                     /* HTML id: the container's track id */
    enum track_kind kind;
    char *label;                  /* exact bytes from the file: untrusted */
    char language[LANG_TAG_MAX];  /* canonical BCP 47, or "" */
    /* The other languages the container names for the track, canonical,
     * in its order (an MPEG-TS ISO_639_language_descriptor may list
     * several: a dual-mono broadcast); NULL when there are none. */
    char (*other_languages)[LANG_TAG_MAX];
    size_t nother_languages;
    bool enabled;
    unsigned flags;               /* enum track_flag */
    int64_t mpv_id;               /* libmpv's track id, for "aid" */
    char *codec;                  /* libmpv's codec name, or NULL */
    double gain;                  /* dB the user set (track-gain), 0 at
                                   * load, TRACK_GAIN_MIN..TRACK_GAIN_MAX */
};

#define TRACK_GAIN_MIN (-60.0)
#define TRACK_GAIN_MAX 12.0

struct track_list {
    struct track *tracks;
    size_t count;
};

/* The HTML string for a kind ("" for TRACK_KIND_NONE). */
const char *track_kind_name(enum track_kind kind);

/* The name of reported flag number i (0 <= i < TRACK_FLAGS_REPORTED), e.g.
 * "hearing-impaired", and its bit in *bit. */
const char *track_flag_name(int i, unsigned *bit);

/* Enable the first default-flagged track, else the first one; disable the
 * rest.  The rule a browser follows when nothing else is asked for. */
void track_list_enable_default(struct track_list *list);

void track_list_free(struct track_list *list);

#endif
