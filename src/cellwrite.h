/* cellwrite.h - the bytes that bring a terminal from one frame of cells
 * to the next: only the cells that changed, a cursor move only where a
 * run of them starts, a colour only where it changes. */
#ifndef TPLAY_CELLWRITE_H
#define TPLAY_CELLWRITE_H

#include "strbuf.h"
#include "video.h"

#include <stdbool.h>
#include <stddef.h>

/* Cells left to someone else (curses' text over the picture), per row of
 * the frame: columns x0[r] <= c < x1[r] are never written (shown takes
 * the frame's cell, to be drawn once given back); a row with stale[r] set
 * is written whole, as if not valid, and stale[r] is cleared. */
struct cellwrite_hold {
    const int *x0, *x1;
    bool *stale;
};

/*
 * Append to out what draws f with its top-left cell at the terminal's
 * 0-based row y, column x, in colors (f's cells hold colours of that
 * mode), and update shown (f->rows x f->cols cells) to f.  When valid,
 * shown is what the terminal has there now and only the cells that differ
 * are written; otherwise all of them.  Appends nothing when nothing
 * differs; leaves the cursor after the last cell written and the
 * attributes set (the caller restores both).  Returns the cells written.
 * A symbol that is not safe to print (a control, or beyond Unicode)
 * becomes a space.  hold (NULL: none) keeps cells out, as above.  No
 * allocation but out's growth.
 */
size_t cellwrite_frame(struct strbuf *out, const struct video_frame *f,
                       struct video_cell *shown, bool valid, int y, int x,
                       enum video_colors colors,
                       const struct cellwrite_hold *hold);

#endif
