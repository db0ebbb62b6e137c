/* term.h - the terminal: curses on, curses off, always restored. */
#ifndef TPLAY_UI_TERM_H
#define TPLAY_UI_TERM_H

#include "video.h"

/*
 * Start curses on the terminal (stderr must already be the log: see
 * log_capture_stderr, so that no library scribbles on the screen).
 * Returns 0, or -1 with a message in *err (caller frees) when there is no
 * usable terminal.
 */
int term_start(char **err);

/* Restore the terminal.  Safe to call at any time, any number of
 * times, from any exit path (fatal() calls it too). */
void term_stop(void);

/* Give the terminal back before a stop (SIGTSTP) and take it again after. */
void term_suspend(void);
void term_resume(void);

/* Re-read the window size after SIGWINCH. */
void term_resize(void);

/* The next key (curses' KEY_* codes), or ERR when none is waiting.
 * Reading never writes to the terminal. */
int term_key(void);

/* How many colours the terminal on stdout shows, asked before curses
 * starts: 24-bit when $COLORTERM says so, else terminfo's count. */
enum video_colors term_colors(void);

#endif
