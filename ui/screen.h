/* screen.h - everything curses draws: track panel, status, messages, help.
 * The video pane is not curses' (ui/pane.c); nothing here writes there. */
#ifndef TPLAY_UI_SCREEN_H
#define TPLAY_UI_SCREEN_H

#include "layout.h"
#include "monitor.h"
#include "player.h"
#include "track.h"

#include <stdbool.h>
#include <stddef.h>

struct screen_view {
    const char *file;
    const struct player_status *status; /* NULL: no film (mic only) */
    const struct track_list *tracks;
    size_t selected;       /* highlighted row in the track list */
    const char *const *messages; /* those still showing, oldest first */
    size_t nmessages;
    const char *heard;     /* what is heard, for the status (heard.h) */
    bool cannot_play;      /* no picture and no audio output: nothing of
                              the film can be shown or heard */
    bool help;             /* the help overlay is up */
    bool history;          /* the message history overlay is up */
    const char *const *history_messages; /* all kept, oldest first */
    size_t nhistory;
    const struct layout *layout;
    const struct monitor_view *mic; /* NULL: the monitor is not shown */
};

/* Rows the mic monitor takes under a film. */
#define SCREEN_MIC_ROWS 4

/* Draw everything into curses' stdscr and update the terminal. */
void screen_draw(const struct screen_view *v);

/* The help text, a key and what it does per row; ends with { NULL }. */
struct screen_key {
    const char *keys;
    const char *what;
};
extern const struct screen_key screen_keys[];

#endif
