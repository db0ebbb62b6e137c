/* player.h - the libmpv wrapper: one mpv handle, embedded safely, events
 * pumped through a wakeup pipe, errors carried with libmpv's own words. */
#ifndef TPLAY_PLAYER_H
#define TPLAY_PLAYER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct player;
struct mpv_handle;

enum player_mode {
    PLAYER_MODE_LIST, /* metadata only: nothing decoded, nothing output */
    PLAYER_MODE_PLAY, /* real playback */
};

/* A libmpv option handed over by the user: --mpv-opt (origin NULL: a value
 * libmpv rejects is an error) or the config's [mpv] section (origin
 * "file:line": a rejected value is a warning and is skipped). */
struct player_opt {
    const char *key;
    const char *value;
    const char *origin;
};

enum player_event_type {
    PLAYER_EVENT_NONE,
    PLAYER_EVENT_LOADED,   /* the file is open and its tracks can be read;
                              it waits, nothing decoded, until
                              player_continue (or the next load) */
    PLAYER_EVENT_FAILED,   /* the file could not be played: see message */
    PLAYER_EVENT_ENDED,    /* playback reached the end */
    PLAYER_EVENT_CHANGED,  /* position, duration or pause state changed */
    PLAYER_EVENT_LOG,      /* a warning or error from libmpv: see message */
    PLAYER_EVENT_SHUTDOWN, /* libmpv is going away */
    PLAYER_EVENT_RESTART,  /* playback (re)started after a seek: libmpv
                              rebuilt its filter graph */
};

struct player_event {
    enum player_event_type type;
    const char *message; /* valid until the next player call */
    bool error;          /* LOG: error level (else a warning) */
};

/* What libmpv says about one audio track (track-list entry). */
struct player_track {
    int64_t id;       /* libmpv's id, for "aid" */
    int64_t src_id;   /* container id (TrackNumber, track_ID, PID), or -1 */
    int64_t ff_index; /* libavformat stream index, or -1 */
    char *title;      /* or NULL */
    char *lang;       /* raw, or NULL */
    char *codec;      /* or NULL */
    bool is_default;
    bool forced;
};

struct player_status {
    double position;  /* seconds, -1 when unknown */
    double duration;  /* seconds, -1 when unknown */
    double volume;    /* percent, 100 = the file's level */
    bool muted;
    bool paused;
    bool ended;
    int video_w;      /* display size of the picture (aspect applied), */
    int video_h;      /* 0 when there is none */
    bool has_ao;      /* an audio output is open (current-ao): false until
                         one opens, and for good when none would */
    int64_t audio_id; /* the audio track libmpv plays itself (no graph), or
                         -1 (none, or a graph plays: see mix.h) */
};

/*
 * Create and initialise a libmpv handle for mode, with the user's options
 * applied after tplay's own (never those that break the embedding: check
 * them with player_opt_refused first); the first call loads libmpv
 * (libmpv.h).  Returns NULL with a message in *err (caller frees) on
 * failure, libmpv missing included.  LC_NUMERIC must be "C" (libmpv
 * requires it).
 */
struct player *player_create(enum player_mode mode,
                             const struct player_opt *opts, size_t nopts,
                             char **err);

/* Warnings from player_create (config options libmpv rejected): count,
 * and the i-th message. */
size_t player_warning_count(const struct player *p);
const char *player_warning(const struct player *p, size_t i);

/* Why key would break the embedding, or NULL when it is allowed. */
const char *player_opt_refused(const char *key);

/* Free everything; the render side (if any) must be gone.  NULL is fine. */
void player_destroy(struct player *p);

/* A descriptor that becomes readable when events are waiting. */
int player_fd(const struct player *p);

/* Start loading path (replacing any current file). 0, or -1 and *err. */
int player_load(struct player *p, const char *path, char **err);

/* Let the file that waits since PLAYER_EVENT_LOADED go on to play (or,
 * in PLAYER_MODE_LIST, to be dropped).  Nothing waiting: nothing done. */
void player_continue(struct player *p);

/* The next pending event, or PLAYER_EVENT_NONE when there is none left.
 * Never blocks. */
struct player_event player_next_event(struct player *p);

/* Wait until the current file is loaded (0) or has failed or timed out (-1,
 * with the reason in *err).  For the non-interactive modes. */
int player_wait_loaded(struct player *p, int timeout_ms, char **err);

/* The current file's audio tracks, in libmpv's order.  Returns the count;
 * *out is freed with player_tracks_free. */
size_t player_audio_tracks(struct player *p, struct player_track **out);
void player_tracks_free(struct player_track *tracks, size_t n);

/* How many audio and video tracks (cover art included) the current file
 * has. */
size_t player_stream_count(struct player *p);

/* libmpv's name for the current file's container (its file-format:
 * "mkv", "mpegts", ...), or NULL; caller frees. */
char *player_file_format(struct player *p);

/* libmpv's id of the video track the picture comes from (not cover art;
 * none with vid=no), or -1.  Valid from PLAYER_EVENT_LOADED on. */
int64_t player_video_id(struct player *p);

/* Set libmpv's lavfi-complex graph (see mix.h) and check that libmpv took
 * it.  Meant for the wait after PLAYER_EVENT_LOADED: the graph is then in
 * place before anything is decoded, with no refresh seek (which a stream
 * that cannot seek never finishes).  0, or -1 with *err. */
int player_set_graph(struct player *p, const char *graph, char **err);

/* Seek by secs (relative) or to secs (absolute), as mpv's "seek" command
 * does (keyframe seeks for relative ones); a seek to or past the end goes
 * exactly to the end, so the last frame shows.  Asynchronous. */
void player_seek(struct player *p, double secs, bool absolute);

/* Change the volume by delta percent (0 to 130), or flip mute. */
void player_add_volume(struct player *p, double delta);
void player_toggle_mute(struct player *p);

/* The libmpv handle, for the render side (src/video.c) only. */
struct mpv_handle *player_handle(struct player *p);

void player_toggle_pause(struct player *p);

/* Pause or play on; at the end, play again from the start. */
void player_play_or_pause(struct player *p);
const struct player_status *player_status(const struct player *p);

#endif
