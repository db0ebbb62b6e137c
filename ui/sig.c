/* sig.c - the self-pipe trick: handlers set a flag and write a byte. */
#include "sig.h"

#include "crash.h"
#include "wake.h"

#include <signal.h>
#include <stdbool.h>
#include <string.h>
#include <unistd.h>

/* The signals handled, in the order sig_next reports them: quitting
 * first, a resize last. */
static const int sig_handled[] = { SIGINT, SIGTERM, SIGHUP, SIGTSTP, SIGCONT,
                                   SIGWINCH };
#define SIG_COUNT (sizeof sig_handled / sizeof sig_handled[0])

/* Private to this file; written from signal handlers.  A flag per signal
 * says it arrived; the byte only wakes the loop.  So a full pipe (a storm
 * of 65,536 resizes) can lose bytes but never a SIGTERM. */
static int sig_pipe[2] = { -1, -1 };
static volatile sig_atomic_t sig_pending[SIG_COUNT];
static volatile sig_atomic_t sig_deferred; /* sig_defer_quit was called */

static void sig_handler(int signo)
{
    if (!sig_deferred &&
        (signo == SIGINT || signo == SIGTERM || signo == SIGHUP))
        crash_now(signo);
    for (size_t i = 0; i < SIG_COUNT; i++)
        if (sig_handled[i] == signo)
            sig_pending[i] = 1;
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
    if (sig_pipe[0] >= 0)
        return sig_pipe[0];
    if (wake_open(sig_pipe) < 0)
        return -1;
    for (size_t i = 0; i < SIG_COUNT; i++) {
        /* A parent that ignores SIGTSTP means "this job is not to be
         * stopped" (it could not continue it): keep it ignored, as
         * ncurses and the shells do.  Ctrl-Z then does nothing. */
        if (sig_handled[i] == SIGTSTP && sig_ignored(SIGTSTP))
            continue;
        if (sig_install(sig_handled[i], sig_handler) < 0)
            return -1;
    }
    sig_install(SIGPIPE, SIG_IGN);
    return sig_pipe[0];
}

void sig_defer_quit(void)
{
    sig_deferred = 1;
}

int sig_next(void)
{
    /* Drain first: a signal after the scan leaves a byte to wake on. */
    wake_drain(sig_pipe[0]);
    for (size_t i = 0; i < SIG_COUNT; i++)
        if (sig_pending[i]) {
            sig_pending[i] = 0;
            return sig_handled[i];
        }
    return 0;
}

void sig_suspend(void)
{
    sig_install(SIGTSTP, SIG_DFL);
    raise(SIGTSTP); /* stops here until SIGCONT */
    sig_install(SIGTSTP, sig_handler);
}
