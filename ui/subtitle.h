/* subtitle.h - the current subtitle cues drawn as terminal text: under the
 * picture on rows of their own, or over its last rows, or at its top. */
#ifndef TPLAY_UI_SUBTITLE_H
#define TPLAY_UI_SUBTITLE_H

#include "layout.h"

#include <stdbool.h>

/* Rows the layout gives each showing text track under the picture. */
#define SUBTITLE_ROWS 2

/* What to draw.  The texts are the file's (untrusted). */
struct subtitle_view {
    const char *ass;       /* the primary cue, ASS-tagged (cue.h); NULL or
                              "": none */
    const char *secondary; /* the secondary cue, plain; NULL or "": none */
    bool over;             /* [subtitles] position = over */
};

/* Cells drawn over the picture, which the pane must leave alone: one span
 * a row at most. */
struct subtitle_span {
    int y, x, cols;
};

#define SUBTITLE_MAX_SPANS 64

struct subtitle_spans {
    struct subtitle_span span[SUBTITLE_MAX_SPANS];
    int n;
};

/*
 * Draw v's cues into curses' stdscr within l's picture (l->video) and
 * its cue rows (l->cues): each line wrapped at word boundaries to the
 * picture's width (display widths: wide characters two columns, combining
 * marks none), centred; italic and bold where the cue asks and the
 * terminal has them; the primary at the foot (or at the top when it asks
 * to be), the secondary above it in another colour.  What lands over the
 * picture goes into *over (set whole).
 */
void subtitle_draw(const struct subtitle_view *v, const struct layout *l,
                   struct subtitle_spans *over);

#endif
