/* mkv.h - read a Matroska/WebM file's Tracks element: the metadata that
 * libmpv 0.35 and FFmpeg 5.1 drop (LanguageBCP47, the RFC 9559 flags). */
#ifndef TPLAY_MKV_H
#define TPLAY_MKV_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

enum mkv_track_type { MKV_VIDEO = 1, MKV_AUDIO = 2, MKV_SUBTITLE = 17 };

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
    char *name;                 /* Name, exact bytes, or NULL */
    char *language;             /* Language; absent means "eng" */
    char *language_bcp47;       /* LanguageBCP47, or NULL */
};

struct mkv_tracks {
    char doctype[16];           /* "matroska" or "webm" */
    struct mkv_track *tracks;
    size_t count;
};

/*
 * Read the Tracks element of the Matroska stream f (positioned at its start).
 * Returns 0 and fills *out (free with mkv_tracks_free) on success; -1 with a
 * message in *err (caller frees) when f is not Matroska or its Tracks element
 * cannot be found or is damaged.  Reads a bounded amount whatever the input.
 */
int mkv_read_tracks(FILE *f, struct mkv_tracks *out, char **err);

/* True when the first bytes of f are an EBML header (rewinds f). */
bool mkv_sniff(FILE *f);

void mkv_tracks_free(struct mkv_tracks *t);

#endif
