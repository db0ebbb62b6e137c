/* termprobe.h - what the terminal can show, found out before curses
 * starts: the environment first, then, when that does not settle it, one
 * burst of queries (termreply.h) answered within a deadline, with echo
 * off so that no answer lands on the screen; and a cell's size in
 * pixels. */
#ifndef TPLAY_TERMPROBE_H
#define TPLAY_TERMPROBE_H

#include "termreply.h"
#include "video.h"

/* At most this long for the answers, in ms. */
enum { TERMPROBE_DEADLINE_MS = 300 };

/* A cell's size when nothing says it, in pixels: a common 8 x 16 font. */
enum { TERMPROBE_CELL_W = 8, TERMPROBE_CELL_H = 16 };
/* A cell said to be larger than this, in either direction, is not
 * believed. */
enum { TERMPROBE_MAX_CELL = 256 };

/*
 * The multiplexer tplay runs in, from $TMUX, $STY and $TERM ("tmux",
 * "screen"), or NULL.  Pictures do not pass through one without its
 * passthrough, and queries would be answered by it, or show in its
 * window title: none is sent there.
 */
const char *termprobe_multiplexer(const char *term, const char *tmux,
                                  const char *sty);

/* Whether a terminal of this $TERM is worth asking: not the Linux
 * console, not "dumb" (they show no pictures, and print an APC query). */
bool termprobe_askable(const char *term);

/*
 * The picture protocol the environment names without asking: kitty for
 * TERM=xterm-kitty or $KITTY_WINDOW_ID (kitty sets it, also over a TERM
 * of the user's), iTerm2 for TERM_PROGRAM=iTerm.app or WezTerm.  *why
 * says which variable (a static string); VIDEO_PIXELS_NONE when none.
 */
enum video_pixels termprobe_env_pixels(const char *term,
                                       const char *term_program,
                                       const char *kitty_window_id,
                                       const char **why);

/*
 * Send the burst to the terminal on fd (read and write) and read its
 * answers into *r until DA1's comes or deadline_ms pass; echo and line
 * editing are off meanwhile and restored after.  Returns 0 when DA1
 * answered in time, -1 when not (what came is in *r; an answer still on
 * its way is dropped with the input then pending).
 */
int termprobe_ask(int fd, int deadline_ms, struct termreply *r);

/*
 * A cell's size in pixels: the window's pixel size (TIOCGWINSZ on fd)
 * over its cells, else the answer to CSI 16 t, else the text area's
 * (14 t) over the cells, else TERMPROBE_CELL_W x TERMPROBE_CELL_H.  r may
 * be NULL.  Returns in words where it came from (a static string).
 */
const char *termprobe_cell(int fd, const struct termreply *r, int *w,
                           int *h);

#endif
