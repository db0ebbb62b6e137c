/* session.h - the state of a playing session, shared by the front end's
 * parts: play.c (the loop), film.c (one file of the playlist after the
 * other), commands.c (what keys do), dispatch.c (which key does what),
 * paint.c (curses against the picture).  Nothing outside ui/ sees it.
 */
#ifndef TPLAY_UI_SESSION_H
#define TPLAY_UI_SESSION_H

#include "bindings.h"
#include "cli.h"
#include "config.h"
#include "layout.h"
#include "messages.h"
#include "monitor.h"
#include "player.h"
#include "playlist.h"
#include "screen.h"
#include "tags.h"
#include "texttrack.h"
#include "track.h"
#include "video.h"
#include "vomode.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct mpris;

/* What of the player's status the screen shows: time-pos changes with
 * every frame, the screen only with every second. */
struct session_shown {
    long position, duration;
    int volume, speed_permille, chapter;
    bool muted, paused, ended, has_ao;
    int64_t audio_id;
};

struct session {
    const struct cli *cli;
    const struct config *cfg;
    struct bindings bindings;

    /* The playlist and where in it. */
    struct playlist playlist;
    size_t current;            /* the entry playing (or last tried) */
    size_t cursor;             /* the playlist overlay's selected entry */
    const char *file;          /* the entry's path; NULL: the mic alone */
    char *title;               /* what the status calls it (sanitized by
                                  the screen), or NULL */
    char *artist, *album;      /* the file's tags (untrusted), or NULL */
    struct tags_line tag_lines[TAGS_MAX_LINES]; /* an audio-only file's */
    size_t ntag_lines;         /* tags to show (0: a film's, or none) */
    char *resume_dir;          /* where positions are kept, or NULL */
    char *resume_key;          /* the current file's key there, or NULL */

    /* The film. */
    char *load;                /* what libmpv loads for file */
    struct relay *relay;       /* standard input's, on its way to libmpv */
    struct player *player;
    struct video *video;
    struct mix *mix;
    struct mix *mix_leaving;   /* the last file's, until its graph is
                                  replaced (its socket must outlive it) */
    struct pane *pane;
    struct track_list tracks;
    struct text_track_list text; /* the file's text tracks: subtitles,
                                    sidecars, chapters (texttracks.h) */
    struct player_chapter *chapters;
    size_t nchapters;
    size_t selected;           /* the track list's cursor */
    bool tracks_chosen;        /* the enabled set is the user's (toggled,
                                  or resumed), not the preferences': only
                                  then is it kept for the next time */
    bool loaded;               /* a file is open (tracks known) */
    bool started;              /* playback started once: the audio output
                                  was tried */
    bool duck_off;             /* ducking turned off live (cycle duck) */
    bool mix_unavailable;      /* the mix could not start */
    uint64_t levels_drawn;     /* the meters' count when last drawn */
    char *no_sound_why;        /* libmpv's word on the audio output */
    int video_w, video_h;

    /* The mic. */
    struct monitor *monitor;
    enum monitor_state mic_state; /* as laid out */
    long long meters_ms;          /* when the meters were last drawn */

    /* The screen. */
    enum video_colors colors;
    struct vomode vo;          /* the picture's mode and why */
    struct termreply reply;    /* the terminal's answers (sync -1: none) */
    int cell_w, cell_h;        /* a cell in pixels (pixel modes) */
    struct messages messages;
    struct layout layout;
    int lines, cols;
    size_t showing;            /* messages on the screen */
    struct session_shown shown;
    struct layout_rect pane_at;  /* where the pane was last placed */
    enum screen_overlay overlay;
    int scroll;                /* the overlay's first row */
    struct screen_map map;     /* where the last drawing put things */
    bool dirty, relayout, repaint, pane_moved;
    unsigned cue_seq;          /* the player's sub_seq last drawn */
    unsigned cue_drawn;        /* which cues were drawn (paint.c) */
    int cue_rows;              /* subtitle rows laid out */
    int sub_cycled;            /* 0, or 1 (2: the secondary) when a cycle
                                  waits to be said */
    int64_t sub_cycled_from;   /* the track it started from */

    /* The desktop's bus (remote.c), or NULL. */
    struct mpris *mpris;
    /* MPRIS's Stop asked: the film is "Stopped" (paused at the start)
     * from the moment it shows paused until it plays again. */
    bool stop_asked, stopped;
    bool seeked;               /* the position jumped: the bus is told */

    /* The loop. */
    bool quit;
    bool remember;             /* quit-watch-later: keep the position even
                                  with [player] resume = no */
    int step;                  /* a move in the playlist asked for: +1,
                                  -1, or 0 */
    bool jump;                 /* ... or to the entry at cursor */
    bool shown_end;            /* the end of the file was acted on */
    bool keys_waiting;         /* the last turn left keys unread */
};

/* Say msg on the screen (and in the history and the log). */
void session_say(struct session *s, const char *msg);

#endif
