/* mkv.h - read a Matroska/WebM file's Tracks element: the metadata that
 * libmpv 0.35 and FFmpeg 5.1 drop (LanguageBCP47, the RFC 9559 flags),
 * and the tracks exactly as libmpv finds them. */
#ifndef TPLAY_MKV_H
#define TPLAY_MKV_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

enum mkv_track_type {
    MKV_VIDEO = 1, MKV_AUDIO = 2, MKV_SUBTITLE = 17, MKV_METADATA = 33
};

/* Tri-state for flags whose absence means something else than 0. */
enum mkv_tristate { MKV_UNSET = -1, MKV_NO = 0, MKV_YES = 1 };

struct mkv_track {
    uint64_t number;            /* TrackNumber */
    uint64_t type;              /* TrackType */
    bool flag_default;          /* FlagDefault; absent means 1 */
    bool flag_forced;
    bool flag_hearing_impaired;
    bool flag_visual_impaired;
    bool flag_commentary;
    enum mkv_tristate flag_original;
    bool flag_text_descriptions; /* FlagTextDescriptions */
    char *codec_id;             /* CodecID ("S_TEXT/UTF8"), or NULL */
    char *name;                 /* Name, exact bytes, or NULL */
    char *language;             /* Language; absent means "eng" */
    char *language_bcp47;       /* LanguageBCP47, or NULL */
};

/* A chapter of the edition libmpv 0.35 plays: the one flagged default,
 * else the first; its top-level ChapterAtoms, in file order. */
struct mkv_chapter {
    uint64_t start_ns;          /* ChapterTimeStart */
    char *title;                /* the first ChapterDisplay's ChapString,
                                   exact bytes, or NULL */
};

struct mkv_tracks {
    char doctype[16];           /* "matroska" or "webm" */
    struct mkv_track *tracks;
    size_t count;
    size_t pictures;            /* attached JPEG or PNG pictures: libmpv
                                   shows each as a video track (cover art) */
    bool cut;                   /* the Tracks element ends before its last
                                   entry does (a file cut short) */
    struct mkv_chapter *chapters; /* from the first Chapters element */
    size_t nchapters;
};

/*
 * Read the Tracks element of the Matroska stream f, and count its attached
 * pictures, walking the Segment as libmpv 0.35's Matroska demuxer does
 * (demux_mkv.c), so that a file is refused, or read, exactly when libmpv
 * refuses or reads it:
 *   - the walk reads the header elements up to the first Cluster, skips
 *     the rest, steps over bytes that start no element, and stops at the
 *     end of the file; then, when f can seek to its end (a file, not a
 *     tape), it reads the header elements its SeekHeads name;
 *   - only the first Tracks (or Attachments) counts;
 *   - a Tracks element cut short gives the entries it holds, the last as
 *     far as it goes, and sets cut; a header element whose size is cut by
 *     the end of the file, unknown or over 1 GB refuses the file;
 *   - a file with no Tracks element has no tracks, and is not refused;
 *   - the first Chapters element gives the chapters (struct mkv_chapter).
 * Returns 0 and fills *out (free with mkv_tracks_free); -1 with a message
 * in *err (caller frees) when f is not Matroska or WebM, or is refused.
 * Reads a bounded amount whatever the input.
 */
int mkv_read_tracks(FILE *f, struct mkv_tracks *out, char **err);

/* True when the first bytes of f are an EBML header (rewinds f). */
bool mkv_sniff(FILE *f);

void mkv_tracks_free(struct mkv_tracks *t);

#endif
