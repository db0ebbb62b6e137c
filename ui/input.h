/* input.h - what the terminal sends, as keys with mpv's names (keyname.h):
 * curses' key codes, Ctrl and Alt combinations, and SGR mouse reports. */
#ifndef TPLAY_UI_INPUT_H
#define TPLAY_UI_INPUT_H

#include <stdbool.h>

struct input_event {
    int key;      /* keyname.h; KEYNAME_RESIZE after a resize */
    int row, col; /* a mouse key's cell, from 0; else -1 */
};

/*
 * The next key the terminal sent, into *ev: true, or false when none is
 * waiting.  Sequences tplay does not know (a function key with no name,
 * a mouse release or motion) are read whole and dropped, so no stray
 * character of theirs is taken for a key.
 */
bool input_next(struct input_event *ev);

#endif
