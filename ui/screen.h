/* screen.h - everything curses draws: track panel, status, messages, help.
 * The video pane is not curses' (ui/pane.c); nothing here writes there. */
#ifndef TPLAY_UI_SCREEN_H
#define TPLAY_UI_SCREEN_H

#include "layout.h"
#include "monitor.h"
#include "player.h"
#include "subtitle.h"
#include "tags.h"
#include "texttrack.h"
#include "track.h"

#include <stdbool.h>
#include <stddef.h>

enum screen_overlay {
    SCREEN_OVERLAY_NONE,
    SCREEN_OVERLAY_HELP,     /* the key bindings */
    SCREEN_OVERLAY_MESSAGES, /* the message history */
    SCREEN_OVERLAY_PLAYLIST, /* the playlist, to pick a file */
};

/* One row of the help: keys and what they do; keys NULL: a group's
 * title (text). */
struct screen_help_row {
    const char *keys;
    const char *text;
};

/* Where screen_draw put what a mouse click can hit.  A rect with no
 * rows or cols was not drawn. */
struct screen_map {
    int tracks_y, tracks_x, tracks_cols; /* the first track row shown */
    size_t tracks_first, tracks_shown;   /* ... and which rows show */
    int bar_y, bar_x, bar_cols;          /* the progress bar's inside */
    int status_y, status_cols;           /* the status line */
    int list_y, list_x, list_rows, list_cols; /* an overlay's rows */
    int scroll;                          /* its first row, as clamped */
    struct subtitle_spans cues_over;     /* cue cells over the picture */
};

/* A track's meter on its row: its level after its gain, dBFS. */
struct screen_level {
    bool shown;            /* enabled, and a reading came */
    float peak_db, rms_db;
};

struct screen_view {
    const char *file;
    const struct player_status *status; /* NULL: no film (mic only) */
    const struct track_list *tracks;
    const struct text_track_list *text; /* NULL or empty: no such section */
    size_t selected;       /* highlighted row in the track list */
    const struct screen_level *levels; /* per track, or NULL: no meters */
    const char *const *messages; /* those still showing, oldest first */
    size_t nmessages;
    const char *heard;     /* what is heard, for the status (heard.h) */
    bool cannot_play;      /* no picture and no audio output: nothing of
                              the film can be shown or heard */
    double speed;          /* playback speed, 1 = normal */
    const char *title;     /* the file's title (untrusted), or NULL */
    const char *chapter;   /* the chapter playing's name (untrusted), or
                              NULL */
    size_t entry, nentries; /* the playlist: entry (from 0) of nentries */
    const double *chapters; /* chapter start times, for marks on the bar */
    size_t nchapters;
    const char *help_key;  /* the key that shows the help, or NULL */
    enum screen_overlay overlay;
    int scroll;            /* the overlay's first row (clamped) */
    const char *const *history_messages; /* all kept, oldest first */
    size_t nhistory;
    const char *video_mode; /* the picture's mode and why, for the help;
                               NULL: no picture */
    const struct screen_help_row *help; /* the help's rows */
    size_t nhelp;
    const char *const *playlist; /* the playlist's names (untrusted) */
    size_t nplaylist;
    size_t playlist_cursor;
    const struct layout *layout;
    const struct monitor_view *mic; /* NULL: the monitor is not shown */
    const struct subtitle_view *cues; /* NULL: no subtitle shows */
    const struct tags_line *tags; /* an audio file's tags, in layout->tags */
    size_t ntags;
};

/* Rows the mic monitor takes under a film. */
#define SCREEN_MIC_ROWS 4

/* Draw everything into curses' stdscr and update the terminal; where
 * things went into *map. */
void screen_draw(const struct screen_view *v, struct screen_map *map);

#endif
