/* sig.h - signals turned into bytes on a pipe the main loop polls. */
#ifndef TPLAY_UI_SIG_H
#define TPLAY_UI_SIG_H

/* Install handlers for SIGINT, SIGTERM, SIGHUP, SIGTSTP (unless it is
 * ignored: then it stays so), SIGCONT and SIGWINCH; return the descriptor
 * to poll, or -1 with errno set. */
int sig_init(void);

/* The next signal number waiting on the pipe, or 0 when none. */
int sig_next(void);

/* Stop the process the way SIGTSTP would (the caller restored the terminal
 * first); returns after SIGCONT. */
void sig_suspend(void);

#endif
