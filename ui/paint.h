/* paint.h - the one place that orders curses' drawing against the
 * picture: curses writes only once the pane's last frame is out, the pane
 * is placed anew when the layout moves it (and its old cells redrawn),
 * and under an overlay no frame is converted or drawn. */
#ifndef TPLAY_UI_PAINT_H
#define TPLAY_UI_PAINT_H

#include "session.h"

#include <stdbool.h>

/* Lay the screen out again if anything it depends on changed (the
 * terminal's size, the messages showing, the mic monitor, the picture's
 * size, an overlay). */
void paint_layout(struct session *s);

/* Whether the tracks' meters move now (a graph with meters, playing,
 * a track enabled): then they are redrawn every 100 ms. */
bool paint_track_meters(const struct session *s);

/* Draw what curses draws if it is due and the pane's bytes are out;
 * true when the pane has nothing left to write. */
bool paint_screen(struct session *s);

/* Milliseconds until a subtitle cue on the screen ends (the loop wakes
 * then to take it away), or -1 for none. */
int paint_cue_due_ms(const struct session *s);

/* Draw the newest frame (called when the renderer has one and the pane
 * took the last). */
void paint_frame(struct session *s);

#endif
