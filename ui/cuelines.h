/* cuelines.h - a subtitle cue as rows of terminal cells: its text made
 * showable (text_fit), measured by display width and wrapped at words.
 * No curses here: ui/subtitle.c draws the rows. */
#ifndef TPLAY_UI_CUELINES_H
#define TPLAY_UI_CUELINES_H

#include "cue.h"

#include <stddef.h>
#include <wchar.h>

/* A character with its display width (combining marks 0, wide ones 2)
 * and style (enum cue_style); ch 0 ends a line of the cue, and
 * CUELINES_NOTHING stands where a character wider than a row was. */
struct cuelines_glyph {
    wchar_t ch;
    int w;
    unsigned style;
};

#define CUELINES_NOTHING ((wchar_t)0x200B)

/* A row: glyphs a to b (b excluded), width columns, no blank at its
 * ends. */
struct cuelines_row {
    size_t a, b;
    int width;
};

struct cuelines {
    struct cuelines_glyph *g;
    size_t ng;
    struct cuelines_row *rows;
    size_t nrows;
};

/* Append c's lines (each run through text_fit: only what the locale can
 * show, no control character). */
void cuelines_add_cue(struct cuelines *t, const struct cue *c);

/* Append plain text (lines split at '\n'), cut at CUE_MAX_BYTES. */
void cuelines_add_plain(struct cuelines *t, const char *text);

/*
 * Wrap what was added into rows of at most cols columns (cols >= 1): a
 * row breaks at the last space that fits (a no-break space is none), or
 * inside a word longer than a row; blanks at a row's ends are dropped; an
 * empty line of the cue keeps an empty row; a character wider than a row
 * becomes CUELINES_NOTHING.  Replaces the rows of an earlier call.
 */
void cuelines_wrap(struct cuelines *t, int cols);

/* Free it all; *t is empty afterwards. */
void cuelines_free(struct cuelines *t);

#endif
