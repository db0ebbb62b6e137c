/* pane.h - the video pane: frames written straight to the terminal next
 * to curses, never more than the terminal takes: of cells, only the ones
 * that changed; of a picture in pixels, its escape sequences at the
 * pane's corner.  With synchronized output (DEC 2026) each frame shows
 * whole at once. */
#ifndef TPLAY_UI_PANE_H
#define TPLAY_UI_PANE_H

#include "video.h"

#include <stdbool.h>
#include <stddef.h>

struct pane;

/* A pane writing to the terminal on stdout: cells in the given colour
 * mode, or pictures in pixels (kitty's are deleted when the pane moves or
 * hides: text does not cover them); sync wraps each frame in DEC 2026. */
struct pane *pane_create(enum video_colors colors, enum video_pixels pixels,
                         bool sync);
void pane_destroy(struct pane *p);

/* Where the pane is (rows or cols 0: hidden).  A change forgets what was
 * shown, so the next frame is drawn whole.  Call it only when pane_flush
 * says all is out. */
void pane_place(struct pane *p, int y, int x, int rows, int cols);

/*
 * Leave cells to curses: on screen row y[i], the cols[i] cells from x[i]
 * (n rows; at most one span a row), until the next call, which replaces
 * them.  Cells given back are drawn again at once from the last frame
 * (also while paused).  Call it only when pane_flush says all is out.
 */
void pane_hold(struct pane *p, const int *y, const int *x, const int *cols,
               int n);

/* Forget what the terminal shows (after curses repainted the screen). */
void pane_invalidate(struct pane *p);

/* Queue the cells of f that differ from what is shown, when f fits the
 * pane and nothing is still being written; returns false (f not taken)
 * when the previous frame is still on its way: the caller keeps the newest
 * frame and tries again once pane_flush says done. */
bool pane_draw(struct pane *p, const struct video_frame *f);

/* Write what is queued without blocking.  True when all of it is out. */
bool pane_flush(struct pane *p);

/*
 * Before curses writes with no pane_flush first (leaving the screen, a
 * stop): end a frame cut off on its way, so that the terminal does not
 * take what follows for the rest of a picture: CAN ends the escape
 * sequence, then the cursor, attributes (and synchronized output) are
 * restored; what was not written is dropped, and the next frame is drawn
 * whole.  Waits at most PANE_SETTLE_MS for the terminal.
 */
void pane_settle(struct pane *p);

/* The descriptor to poll for POLLOUT while pane_flush returns false. */
int pane_fd(const struct pane *p);

/* Bytes written to the terminal for pictures so far (for the bench). */
unsigned long long pane_bytes(const struct pane *p);

#endif
