/* texttrack.h - the text-track model: HTML's TextTrack (id, kind, label,
 * language, mode) plus the container's flags, for the file's own tracks,
 * its sidecar files and its chapters. */
#ifndef TPLAY_TEXTTRACK_H
#define TPLAY_TEXTTRACK_H

#include "lang.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* HTML's text track kinds (WHATWG HTML, TextTrack.kind). */
enum text_kind {
    TEXT_KIND_SUBTITLES,
    TEXT_KIND_CAPTIONS,
    TEXT_KIND_DESCRIPTIONS,
    TEXT_KIND_CHAPTERS,
    TEXT_KIND_METADATA,
};

#define TEXT_KIND_COUNT 5

/* HTML's TextTrack.mode. */
enum text_mode {
    TEXT_MODE_DISABLED,
    TEXT_MODE_HIDDEN,   /* cues kept, not drawn */
    TEXT_MODE_SHOWING,
};

/* What the container (or a sidecar's name) says about a text track;
 * the bits are track.h's enum track_flag where they mean the same. */
enum text_flag {
    TEXT_FLAG_DEFAULT          = 1u << 0,
    TEXT_FLAG_FORCED           = 1u << 1,
    TEXT_FLAG_HEARING_IMPAIRED = 1u << 3,
    TEXT_FLAG_DESCRIPTIONS     = 1u << 6, /* Matroska FlagTextDescriptions */
};

struct text_track {
    char *id;                     /* HTML id: the container's track id, or
                                   * for a sidecar its file name; for the
                                   * chapters track "chapters" */
    enum text_kind kind;
    char *label;                  /* exact bytes from the file: untrusted */
    char language[LANG_TAG_MAX];  /* canonical BCP 47, or "" */
    enum text_mode mode;
    unsigned flags;               /* enum text_flag */
    char *codec;                  /* libmpv's codec name ("subrip", "ass",
                                   * "webvtt", "mov_text",
                                   * "hdmv_pgs_subtitle"...), or NULL */
    bool bitmap;                  /* PGS, DVB, VobSub: drawn by libmpv in
                                   * the picture, never as text */
    char *path;                   /* a sidecar's file, else NULL */
    int64_t mpv_id;               /* libmpv's sub track id ("sid"), or -1
                                   * (the chapters track has none) */
};

struct text_track_list {
    struct text_track *tracks;
    size_t count;
};

/* The HTML string for a kind or a mode. */
const char *text_kind_name(enum text_kind kind);
const char *text_mode_name(enum text_mode mode);

/* The kind named by an HTML string ("captions"), or -1. */
int text_kind_named(const char *name);

/* Whether codec (libmpv's name) is a picture-based subtitle format. */
bool text_codec_is_bitmap(const char *codec);

/* Append a copy of *t (strings duplicated) to list. */
void text_track_list_add(struct text_track_list *list,
                         const struct text_track *t);

/* Append *t to list, taking its strings (heap-allocated or NULL). */
void text_track_list_take(struct text_track_list *list,
                          const struct text_track *t);

/* The name of reported flag number i (0 <= i < TEXT_FLAGS_REPORTED):
 * "default", "forced", "hearing-impaired", "text-descriptions"; its bit
 * in *bit. */
const char *text_flag_name(int i, unsigned *bit);

#define TEXT_FLAGS_REPORTED 4

void text_track_list_free(struct text_track_list *list);

#endif
