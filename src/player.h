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
    PLAYER_EVENT_LOADED,   /* the file is open and its tracks and chapters
                              can be read; it waits, nothing decoded, until
                              player_continue (or the next load) */
    PLAYER_EVENT_FAILED,   /* the file could not be opened, or broke while
                              playing: see message.  Nothing plays now. */
    PLAYER_EVENT_ENDED,    /* the file played to its end (see below) */
    PLAYER_EVENT_CHANGED,  /* something in player_status changed */
    PLAYER_EVENT_LOG,      /* a warning or error from libmpv: see message */
    PLAYER_EVENT_SHUTDOWN, /* libmpv is going away */
    PLAYER_EVENT_RESTART,  /* playback (re)started after a seek: libmpv
                              rebuilt its filter graph */
    PLAYER_EVENT_NOTE,     /* something the user should be told (once):
                              see message; player_status may have
                              changed too */
};

/*
 * The end of a file, for a UI that plays one file after another on the
 * same player:
 * - PLAYER_EVENT_ENDED: the current file played to its end (also after a
 *   seek to or past the end while playing; paused, such a seek shows the
 *   last frame and the end comes when it plays on).  In PLAYER_MODE_PLAY
 *   the file stays open, paused on its last frame (status.ended and
 *   status.paused true): a seek back plays it again (a later end says
 *   ENDED again), player_load moves on to the next.  Said once each time
 *   playback arrives at the end.
 * - PLAYER_EVENT_FAILED: the current file could not be played; a file
 *   that failed never says ENDED.
 * - Neither comes for a file that player_load replaced, nor when the UI
 *   quits (player_destroy says nothing): quitting is the UI's own act.
 * - PLAYER_EVENT_SHUTDOWN: libmpv itself is gone; no file can follow.
 * From player_load on, status.position, duration and chapter read -1 and
 * ended false until the new file reports its own once it plays (after
 * player_continue); seekable is set at LOADED.  Volume, mute, pause and
 * speed carry over (libmpv's own state).  At the end keep-open pauses
 * libmpv, but a moment after eof-reached (ENDED) turns true: a file
 * loaded at once after ENDED may start paused or not, so say which with
 * player_set_pause.
 */

struct player_event {
    enum player_event_type type;
    const char *message; /* valid until the next player call */
    bool error;          /* LOG: error level (else a warning) */
};

/* What libmpv says about one audio (or subtitle) track (track-list
 * entry). */
struct player_track {
    int64_t id;       /* libmpv's id, for "aid" ("sid") */
    int64_t src_id;   /* container id (TrackNumber, track_ID, PID), or -1 */
    int64_t ff_index; /* libavformat stream index, or -1 */
    char *title;      /* or NULL */
    char *lang;       /* raw, or NULL */
    char *codec;      /* or NULL */
    bool is_default;
    bool forced;
    bool hearing_impaired;
    bool image;       /* a picture-based subtitle track */
    bool external;    /* loaded from a file of its own (a sidecar) */
    char *external_filename; /* that file, as given to libmpv, or NULL */
};

/*
 * One subtitle cue as libmpv gives it, while it is current.  The text is
 * the file's, untrusted (see cue.h to read it).  The strings belong to
 * the player and stay valid until the next player_next_event or
 * player_load.
 */
struct player_cue {
    const char *ass;  /* sub-text-ass: the text with ASS override tags
                         ("{\i1}", "\N"); "" when there is no cue */
    const char *text; /* sub-text: plain text, lines joined by '\n' */
    double start;     /* seconds, as the file says (sub-delay not added);
                         -1 when unknown */
    double end;       /* likewise; -1 when unknown */
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
    int64_t audio_id; /* the audio track libmpv plays, or -1 (none).  With
                         a graph (see mix.h) libmpv 0.35 names a track
                         that feeds it (the first), not -1 */
    double speed;     /* playback speed, 1 = normal */
    int chapter;      /* index in player_chapters of the chapter playing,
                         or -1 (before the first, or no chapters) */
    bool seekable;    /* the file can seek (set at PLAYER_EVENT_LOADED):
                         false for a pipe, where a start position of
                         player_load_at is not applied */
    struct player_cue sub;  /* the subtitle cue libmpv has now */
    struct player_cue sub2; /* the secondary one (secondary-sid) */
    int64_t sub_id;   /* libmpv's subtitle track (sid), or -1 */
    int64_t sub2_id;  /* the secondary one, or -1 */
    bool sub_bitmap;  /* the subtitle track is pictures (PGS, DVB,
                         VobSub): libmpv draws it in the picture, the cues
                         carry no text */
    bool sub_visible; /* subtitles are shown (player_set_sub_visible) */
    double sub_delay; /* seconds added to every cue's times (sub-delay) */
    unsigned sub_seq; /* changes whenever a field above does */
};

/* One chapter of the current file. */
struct player_chapter {
    double time;  /* start, seconds */
    char *title;  /* the file's bytes as they are (not checked as UTF-8
                     nor for control bytes: sanitise before showing), or
                     NULL when it has none */
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

/* Start loading path (replacing any current file). 0, or -1 and *err.
 * Same as player_load_at(p, path, 0, err). */
int player_load(struct player *p, const char *path, char **err);

/*
 * Start loading path, to play from start seconds on (resume): libmpv
 * opens it there (mpv's per-file "start", an exact seek before the first
 * frame), so nothing from 0 is decoded, heard or shown.  start <= 0 (or
 * not finite) plays from the beginning; a start at or past the end ends
 * the file at once (PLAYER_EVENT_ENDED).  A file that cannot seek (a
 * pipe: status.seekable false at PLAYER_EVENT_LOADED) plays from its
 * beginning, with no error.  Seeks and chapter moves not yet sent for the
 * last file are dropped.  No subtitle track is shown until
 * player_set_subtitles says which.  0, or -1 and *err (caller frees).
 */
int player_load_at(struct player *p, const char *path, double start,
                   char **err);

/*
 * The same, the file to end at end seconds (mpv's per-file "end"): when
 * playback gets there the file ends as at its real end (PLAYER_EVENT_ENDED,
 * held paused there); a seek back plays it again up to end.  end <= 0,
 * not finite or not above start: to the file's end.  For a media
 * fragment's time range (fragment.h).
 */
int player_load_range(struct player *p, const char *path, double start,
                      double end, char **err);

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

/* The same for the subtitle tracks (libmpv's type "sub"), sidecars
 * included. */
size_t player_sub_tracks(struct player *p, struct player_track **out);

/*
 * The subtitle files libmpv loads with the next file (its sub-files
 * option, after the file's own tracks, in this order; sub-auto is off so
 * it loads no other).  Kept for the loads after, until set again.
 * Returns 0, or -1 with libmpv's reason in *err (caller frees).
 */
int player_set_sub_files(struct player *p, const char *const *paths,
                         size_t n, char **err);

/* How many audio and video tracks (cover art included) the current file
 * has. */
size_t player_stream_count(struct player *p);

/* libmpv's name for the current file's container (its file-format:
 * "mkv", "mpegts", ...), or NULL; caller frees. */
char *player_file_format(struct player *p);

/* The current file's tag key ("title", "artist", "album": its bytes as
 * they are, untrusted), or NULL when it has none; caller frees. */
char *player_tag(struct player *p, const char *key);

struct tags;

/* For an audio-only file (no video track but perhaps a cover), its tags
 * and the figures of audio track aid (libmpv's id; 0: the first) into
 * *t, and true; false (and *t empty) for a file with a video track of
 * its own.  Valid from PLAYER_EVENT_LOADED on; free *t with tags_free. */
bool player_tags(struct player *p, int64_t aid, struct tags *t);

/* libmpv's id of the video track the picture comes from (a real video
 * track; the cover when the file has none; none with vid=no), or -1.
 * Valid from PLAYER_EVENT_LOADED on. */
int64_t player_video_id(struct player *p);

/* Set libmpv's lavfi-complex graph (see mix.h) and check that libmpv took
 * it.  Meant for the wait after PLAYER_EVENT_LOADED: the graph is then in
 * place before anything is decoded, with no refresh seek (which a stream
 * that cannot seek never finishes).  The graph is the current file's:
 * the next file loads without it (libmpv picks its own audio track)
 * unless given one of its own in its wait.  0, or -1 with *err. */
int player_set_graph(struct player *p, const char *graph, char **err);

/* Seek by secs (relative) or to secs (absolute), as mpv's "seek" command
 * does (keyframe seeks for relative ones); a seek to or past the end goes
 * exactly to the end, so the last frame shows.  Asynchronous.
 * Same as player_seek_mode(p, secs, RELATIVE or ABSOLUTE, DEFAULT). */
void player_seek(struct player *p, double secs, bool absolute);

/* What the value of player_seek_mode means: mpv's seek flags. */
enum player_seek_type {
    PLAYER_SEEK_RELATIVE,         /* by value seconds */
    PLAYER_SEEK_ABSOLUTE,         /* to value seconds; a negative value
                                     counts from the end */
    PLAYER_SEEK_ABSOLUTE_PERCENT, /* to value % of the duration */
    PLAYER_SEEK_RELATIVE_PERCENT, /* by value % of the duration */
};

/* Where a seek may land: mpv's "keyframes" and "exact" flags, or neither
 * (DEFAULT: libmpv's hr-seek option decides; by default absolute seeks in
 * seconds are exact, the others land on a keyframe, and all are exact in
 * a file with no video). */
enum player_seek_precision {
    PLAYER_SEEK_DEFAULT,
    PLAYER_SEEK_KEYFRAMES,
    PLAYER_SEEK_EXACT,
};

/*
 * Seek as mpv's "seek VALUE TYPE+PRECISION" does.  Asynchronous; seeks
 * asked for while libmpv still works on the last ones add up the way
 * mpv's own do: a relative seek moves on from the pending target (of any
 * type) and keeps the stronger precision (EXACT over KEYFRAMES over
 * DEFAULT); an absolute or percentage one replaces what is pending, its
 * precision too.  Percentages need a known duration (ignored otherwise); a
 * seek to or past the end goes exactly to the end.  A seek asked for
 * before the file has loaded (libmpv refuses those) is made once it has.
 */
void player_seek_mode(struct player *p, double value,
                      enum player_seek_type type,
                      enum player_seek_precision precision);

/* Playback speed range: libmpv 0.35 keeps the pitch with its scaletempo2
 * filter, which turns the sound off below 0.25 and above 4 (measured), so
 * the picture would play on in silence. */
#define PLAYER_SPEED_MIN 0.25
#define PLAYER_SPEED_MAX 4.0

/* Set the speed to x, add delta to it, or multiply it by factor (mpv's
 * "set speed", "add speed", "multiply speed"), the pitch kept; the result
 * is clamped to [PLAYER_SPEED_MIN, PLAYER_SPEED_MAX].  Asynchronous;
 * requests made before libmpv answered the last apply in order to the
 * speed asked for last.  A value that is not finite (or a factor <= 0) is
 * ignored.  status.speed follows once libmpv has it. */
void player_set_speed(struct player *p, double x);
void player_add_speed(struct player *p, double delta);
void player_multiply_speed(struct player *p, double factor);

/* The current file's chapters, in time order, readable from
 * PLAYER_EVENT_LOADED on.  Returns the count; *out (NULL when 0) is freed
 * with player_chapters_free. */
size_t player_chapters(struct player *p, struct player_chapter **out);
void player_chapters_free(struct player_chapter *chapters, size_t n);

/* Move delta chapters by mpv's rule for "add chapter DELTA": a move back
 * from further into a chapter than chapter-seek-threshold (5 s unless
 * set) counts the chapter's own start as one step; before the first
 * chapter is the file's start; past the last is its end (as a seek
 * there: ENDED when playing).  A file with no chapters does not move.
 * The chapter counts from where the moves asked for before lead (seeks
 * and chapters not yet done by libmpv included), so quick presses add up;
 * it becomes an (exact) absolute seek, merged as player_seek_mode says. */
void player_add_chapter(struct player *p, int delta);

/* Change the volume by delta percent (0 to 130), or flip mute. */
void player_add_volume(struct player *p, double delta);
void player_toggle_mute(struct player *p);

/*
 * Show libmpv's subtitle track sid, and secondary_sid as the second one
 * (ids of libmpv's track list, text_track.mpv_id; -1, or any id below 1,
 * for none: "no"), in place of those shown before: libmpv's "sid" and
 * "secondary-sid".  Call it at PLAYER_EVENT_LOADED (the file waits in
 * on_preloaded; libmpv selects them as it goes on) or while playing.
 * libmpv never picks a subtitle track on its own: each file starts with
 * none (player_load_range), and the [mpv] options that would pick one
 * (sid, sub, secondary-sid, slang) are refused.  0, or -1 with a message
 * in *err (caller frees) and nothing changed when both name the same
 * track or the file has no such subtitle track; -1 also if libmpv
 * refuses a value.
 */
int player_set_subtitles(struct player *p, int64_t sid, int64_t secondary_sid,
                         char **err);

/* Show subtitles or not (mpv's sub-visibility, kept by tplay: libmpv
 * never draws text subtitles itself; a bitmap track's drawing in the
 * picture follows it). */
void player_set_sub_visible(struct player *p, bool visible);

/* Add secs to sub-delay, or set it to secs (mpv's "add sub-delay" and
 * "set sub-delay"); status.sub_delay follows once libmpv has it. */
void player_add_sub_delay(struct player *p, double secs);
void player_set_sub_delay(struct player *p, double secs);

/* Pick the next (delta 1) or previous (-1) subtitle track, after the last
 * none, as mpv's "cycle sub [down]"; secondary: secondary-sid. */
void player_cycle_sub(struct player *p, int delta, bool secondary);

/*
 * The playback position now, in seconds (-1 when unknown): status.position
 * moved on by the time since libmpv reported it (while playing, at its
 * speed).  libmpv updates the cue only when it shows a frame (about 13 a
 * second with no video), so the UI hides a cue at its own end by this
 * clock (docs/subtitles.md).
 */
double player_clock(const struct player *p);

/* The libmpv handle, for the render side (src/video.c) only. */
struct mpv_handle *player_handle(struct player *p);

void player_toggle_pause(struct player *p);

/* Pause (true) or play on (false), whatever the state was. */
void player_set_pause(struct player *p, bool paused);

/* Pause or play on; at the end, play again from the start. */
void player_play_or_pause(struct player *p);
const struct player_status *player_status(const struct player *p);

#endif
