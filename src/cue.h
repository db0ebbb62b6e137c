/* cue.h - a subtitle cue as libmpv gives it (sub-text-ass: the text with
 * ASS override tags) read into lines of styled runs, safe for a terminal. */
#ifndef TPLAY_CUE_H
#define TPLAY_CUE_H

#include <stdbool.h>
#include <stddef.h>

/* The styles a run may carry (bits). */
enum cue_style {
    CUE_ITALIC = 1u << 0,
    CUE_BOLD   = 1u << 1,
};

/* Text of one style: valid UTF-8 with no C0, DEL, C1 or bidi control
 * (utf8_is_unsafe), never empty. */
struct cue_run {
    char *text;
    unsigned style; /* enum cue_style */
};

struct cue_line {
    struct cue_run *runs;
    size_t nruns;   /* 0: an empty line (between two breaks) */
};

struct cue {
    struct cue_line *lines;
    size_t nlines;  /* 0: nothing to show */
    bool top;       /* the cue asks to be at the top of the picture */
};

/* Cues longer than this are cut there, and at most this many lines are
 * kept: a hostile file cannot make the screen's work grow with it. */
#define CUE_MAX_BYTES 8192
#define CUE_MAX_LINES 32

/*
 * Read ass (sub-text-ass, or plain sub-text: untrusted bytes, NULL reads
 * as "") into *c:
 * - override blocks "{...}": \i1 \i0 (italic), \b1 \b0 and weights
 *   (\b700 bold, \b400 not), \r (both off), \an7-9 and legacy \a5-7 (top
 *   of the picture), \p1 ... \p0 (a drawing: its text is dropped); every
 *   other tag is dropped; an unclosed "{" is text;
 * - "\N", "\n" and newlines break the line, "\h" is a no-break space;
 * - invalid UTF-8 becomes U+FFFD; control characters (tabs become
 *   spaces) and bidi controls are dropped;
 * - empty lines at the start and the end are dropped.
 * Free with cue_free; *c is always valid afterwards.
 */
void cue_parse(struct cue *c, const char *ass);

/* Free what cue_parse made; *c is empty afterwards. */
void cue_free(struct cue *c);

#endif
