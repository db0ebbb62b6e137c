/* sig.h - signals turned into flags and a pipe the main loop polls. */
#ifndef TPLAY_UI_SIG_H
#define TPLAY_UI_SIG_H

/* Install handlers for SIGINT, SIGTERM, SIGHUP, SIGTSTP (unless it is
 * ignored: then it stays so), SIGCONT and SIGWINCH; return the descriptor
 * to poll, or -1 with errno set. */
int sig_init(void);

/* From now on SIGINT, SIGTERM and SIGHUP are reported by sig_next, for
 * the main loop to quit cleanly.  Until then (libmpv opening a slow
 * stream, standard input that sends nothing) no loop would see them:
 * they end the process at once, as they would by default, after the
 * crash module's last words (src/crash.h). */
void sig_defer_quit(void);

/* The next signal that arrived since it was last reported, or 0 when
 * none: SIGINT, SIGTERM and SIGHUP before the others.  Repeats of one
 * signal between two calls are reported once. */
int sig_next(void);

/* Stop the process the way SIGTSTP would (the caller restored the terminal
 * first); returns after SIGCONT. */
void sig_suspend(void);

#endif
