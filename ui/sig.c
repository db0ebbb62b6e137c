/* sig.c - the self-pipe trick: handlers only write a byte. */
#include "sig.h"

#include "wake.h"

#include <signal.h>
#include <stdbool.h>
#include <string.h>
#include <unistd.h>

/* The pipe, private to this file; written from signal handlers. */
static int sig_pipe[2] = { -1, -1 };

static void sig_handler(int signo)
{
    wake_signal(sig_pipe[1], (char)signo);
}

static int sig_install(int signo, void (*handler)(int))
{
    struct sigaction sa;

    memset(&sa, 0, sizeof sa);
    sa.sa_handler = handler;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = SA_RESTART;
    return sigaction(signo, &sa, NULL);
}

/* Whether signo is ignored, as a parent may have left it through exec. */
static bool sig_ignored(int signo)
{
    struct sigaction sa;

    return sigaction(signo, NULL, &sa) == 0 && sa.sa_handler == SIG_IGN;
}

int sig_init(void)
{
    static const int signals[] = { SIGINT, SIGTERM, SIGHUP, SIGTSTP, SIGCONT,
                                   SIGWINCH };

    if (sig_pipe[0] >= 0)
        return sig_pipe[0];
    if (wake_open(sig_pipe) < 0)
        return -1;
    for (size_t i = 0; i < sizeof signals / sizeof signals[0]; i++) {
        /* A parent that ignores SIGTSTP means "this job is not to be
         * stopped" (it could not continue it): keep it ignored, as
         * ncurses and the shells do.  Ctrl-Z then does nothing. */
        if (signals[i] == SIGTSTP && sig_ignored(SIGTSTP))
            continue;
        if (sig_install(signals[i], sig_handler) < 0)
            return -1;
    }
    sig_install(SIGPIPE, SIG_IGN);
    return sig_pipe[0];
}

int sig_next(void)
{
    unsigned char b;

    return read(sig_pipe[0], &b, 1) == 1 ? b : 0;
}

void sig_suspend(void)
{
    sig_install(SIGTSTP, SIG_DFL);
    raise(SIGTSTP); /* stops here until SIGCONT */
    sig_install(SIGTSTP, sig_handler);
}
