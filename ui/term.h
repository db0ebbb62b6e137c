/* term.h - the terminal: curses on, curses off, always restored. */
#ifndef TPLAY_UI_TERM_H
#define TPLAY_UI_TERM_H

#include "video.h"

#include <stdbool.h>
#include <wchar.h>

/*
 * Whether curses can run here, asked before anything is written to the
 * terminal: stdin and stdout are terminals, $TERM is set, terminfo knows
 * it and it can place the cursor (not "dumb").  0, or -1 with a message
 * for the user in *err (caller frees).
 */
int term_check(char **err);

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

/* The next key as curses' wget_wch reads it: OK with a character in
 * *ch, KEY_CODE_YES with a KEY_* code, or ERR when none is waiting.
 * Reading never writes to the terminal (ui/input.c makes keys of it). */
int term_read(wint_t *ch);

/* Turn the terminal's mouse reports (SGR 1006) on or off; off again on
 * term_stop and on a crash. */
void term_mouse(bool on);

/* Whether the locale's characters are Unicode (its codeset is UTF-8), so
 * block symbols, arrows and the like can be shown; else only what the
 * locale has (ASCII for LANG=C).  Asked after setlocale. */
bool term_unicode(void);

/* How many colours the terminal on stdout shows, asked before curses
 * starts: 24-bit when $COLORTERM says so, else terminfo's count; *why
 * says which, in words (a static string). */
enum video_colors term_colors(const char **why);

#endif
