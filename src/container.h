/* container.h - per-stream metadata read from the container itself, for
 * what libmpv 0.35 does not surface (kind flags, MP4 handler names, Matroska
 * LanguageBCP47).  Matroska/WebM through mkv.c, the rest through
 * libavformat. */
#ifndef TPLAY_CONTAINER_H
#define TPLAY_CONTAINER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum container_type {
    CONTAINER_OTHER,
    CONTAINER_MATROSKA,
    CONTAINER_WEBM,
    CONTAINER_MP4,       /* also MOV, 3GP, M4A: libavformat's "mov,mp4,..." */
    CONTAINER_MPEGTS,
    CONTAINER_OGG,
};

/* One stream: libmpv 0.35 lists each audio, each video and each subtitle
 * one as a track of that type, in this order (cover art counts as video),
 * but for the subtitle streams marked unlisted. */
struct container_stream {
    int64_t id;          /* TrackNumber, track_ID, PID or serial; -1 if none */
    int index;           /* position among all streams (libmpv's ff-index) */
    bool audio;
    bool video;          /* a picture track, cover art included */
    bool cover;          /* a video stream that is an attached picture */
    bool sub;            /* a text track's source: a subtitle stream (text
                            or bitmap), or Matroska's TrackType metadata */
    bool unlisted;       /* a sub stream libmpv 0.35 does not list (its
                            Matroska demuxer drops TrackType 0x21: WebM's
                            D_WEBVTT/DESCRIPTIONS and /METADATA) */
    unsigned flags;      /* enum track_flag; on a sub stream
                            TRACK_FLAG_DESCRIPTIONS is Matroska's
                            FlagTextDescriptions (texttrack.h's bits) */
    char *label;         /* the W3C label source (Name, hdlr name, title) */
    char *language;      /* raw language as stored, or NULL */
    char *codec;         /* sub streams: Matroska's CodecID
                            ("S_TEXT/UTF8"), else libavformat's codec name
                            ("mov_text"); NULL for the others */
};

/* A chapter as libmpv 0.35 reads it: Matroska's from the edition it
 * plays (mkv.h), libavformat's otherwise. */
struct container_chapter {
    double start;        /* seconds */
    char *title;         /* exact bytes (untrusted), or NULL */
};

struct container_info {
    enum container_type type;
    struct container_stream *streams;
    size_t count;
    struct container_chapter *chapters;
    size_t nchapters;
};

/* container_read's failures: the file itself is unusable, or only its
 * container could not be parsed. */
enum { CONTAINER_UNREADABLE = -1, CONTAINER_UNPARSED = -2 };

/*
 * Read the streams of the file at path, or of the URL path (with "://"),
 * opened once (src/tape.h).  Returns 0 on success, or one of the negative
 * codes above with a message in *err (caller frees).  A local path never
 * blocks: anything but a regular, non-empty file is CONTAINER_UNREADABLE;
 * a URL takes TAPE_URL_SECONDS at most.
 *
 * The streams are those libmpv 0.35 finds, read the way it reads them:
 * Matroska as its own demuxer walks it (mkv.h); anything else through
 * libavformat in the format libmpv's probe picks (at least a quarter of
 * libavformat's top score, first on the bytes alone, then with the file
 * name; never tty, bin or image2).  What libmpv would refuse is
 * CONTAINER_UNPARSED here, with the words the player gives for it.
 */
int container_read(const char *path, struct container_info *out, char **err);

/*
 * The same for a source read once (a URL, standard input), through its
 * tape: what the readers read stays recorded in it.  name is what the
 * source is called (libavformat may guess from it).
 */
struct tape;
int container_read_tape(struct tape *t, const char *name,
                        struct container_info *out, char **err);

void container_info_free(struct container_info *info);

/* The container type of a demuxer's name, libavformat's ("mpegts",
 * "mov,mp4,m4a,...") or libmpv's file-format ("mkv"). */
enum container_type container_type_named(const char *name);

#endif
