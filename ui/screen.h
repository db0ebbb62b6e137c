/* screen.h - the first screen: file, position, the audio tracks. */
#ifndef TPLAY_UI_SCREEN_H
#define TPLAY_UI_SCREEN_H

#include "player.h"
#include "track.h"

#include <stddef.h>

struct screen_view {
    const char *file;
    const struct player_status *status;
    const struct track_list *tracks;
    size_t selected;       /* highlighted row in the track list */
    const char *const *messages; /* problems and warnings, oldest first */
    size_t nmessages;
};

/* Draw everything into curses' stdscr and update the terminal. */
void screen_draw(const struct screen_view *v);

#endif
