/* relay.c - the tape, then the rest of the descriptor, into a pipe. */
#include "relay.h"

#include "fatal.h"
#include "tape.h"
#include "wake.h"
#include "xmem.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

enum { RELAY_CHUNK = 1 << 16 };

struct relay {
    struct tape *tape;
    int in;             /* the source, not ours to close */
    int out;            /* the pipe's writing end */
    int stop[2];        /* a byte here ends the thread */
    pthread_t thread;
    char path[32];      /* "fdclose://N" */
};

/* Wait until fd is ready for events, or a stop: false on a stop. */
static bool relay_wait(struct relay *r, int fd, short events)
{
    struct pollfd fds[2] = { { fd, events, 0 }, { r->stop[0], POLLIN, 0 } };

    while (poll(fds, 2, -1) < 0)
        if (errno != EINTR)
            return false;
    return !(fds[1].revents & POLLIN);
}

/* Write all n bytes of p to the pipe; false once libmpv closed it (it
 * has all it wants) or on a stop. */
static bool relay_write(struct relay *r, const unsigned char *p, size_t n)
{
    while (n > 0) {
        ssize_t w;

        if (!relay_wait(r, r->out, POLLOUT))
            return false;
        w = write(r->out, p, n);
        if (w < 0 && (errno == EAGAIN || errno == EINTR))
            continue;
        if (w <= 0)
            return false; /* EPIPE: libmpv has all it wants */
        p += w;
        n -= (size_t)w;
    }
    return true;
}

static void *relay_main(void *arg)
{
    struct relay *r = arg;
    unsigned char *buf = xmalloc(RELAY_CHUNK);
    size_t n;
    const unsigned char *rec = tape_bytes(r->tape, &n);

    if (relay_write(r, rec, n))
        for (;;) {
            ssize_t got;

            if (!relay_wait(r, r->in, POLLIN))
                break;
            got = read(r->in, buf, RELAY_CHUNK);
            if (got < 0 && (errno == EAGAIN || errno == EINTR))
                continue;
            if (got <= 0 || !relay_write(r, buf, (size_t)got))
                break;
        }
    free(buf);
    /* The end of the film, for libmpv. */
    close(r->out);
    r->out = -1;
    return NULL;
}

/* Start the thread with every signal blocked but those a fault raises:
 * signals are the main loop's business, and a write to a pipe libmpv has
 * closed must come back as EPIPE, not kill the process with SIGPIPE
 * (which only the player's UI ignores; --list-tracks does not). */
static int relay_spawn(struct relay *r)
{
    static const int faults[] = { SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT,
                                  SIGTRAP, SIGSYS };
    sigset_t all, old;
    int rc;

    sigfillset(&all);
    for (size_t i = 0; i < sizeof faults / sizeof faults[0]; i++)
        sigdelset(&all, faults[i]);
    pthread_sigmask(SIG_SETMASK, &all, &old);
    rc = pthread_create(&r->thread, NULL, relay_main, r);
    pthread_sigmask(SIG_SETMASK, &old, NULL);
    return rc;
}

struct relay *relay_start(struct tape *t, int fd, char **err)
{
    struct relay *r = xcalloc(1, sizeof *r);
    int p[2], rc;

    r->tape = t;
    r->in = fd;
    r->out = -1;
    r->stop[0] = r->stop[1] = -1;
    if (pipe(p) < 0 || wake_open(r->stop) < 0) {
        *err = xasprintf("cannot create a pipe for standard input: %s",
                         strerror(errno));
        tape_close(t);
        free(r);
        return NULL;
    }
    /* Non-blocking so that a stop is seen even while libmpv reads
     * nothing (paused, or gone). */
    fcntl(p[0], F_SETFD, FD_CLOEXEC);
    fcntl(p[1], F_SETFD, FD_CLOEXEC);
    fcntl(p[1], F_SETFL, fcntl(p[1], F_GETFL) | O_NONBLOCK);
    r->out = p[1];
    snprintf(r->path, sizeof r->path, "fdclose://%d", p[0]);
    rc = relay_spawn(r);
    if (rc != 0) {
        *err = xasprintf("cannot start the standard input thread: %s",
                         strerror(rc));
        close(p[0]);
        close(p[1]);
        wake_close(r->stop);
        tape_close(t);
        free(r);
        return NULL;
    }
    return r;
}

const char *relay_path(const struct relay *r)
{
    return r->path;
}

void relay_stop(struct relay *r)
{
    if (!r)
        return;
    wake_signal(r->stop[1], 1);
    pthread_join(r->thread, NULL);
    if (r->out >= 0)
        close(r->out);
    wake_close(r->stop);
    tape_close(r->tape);
    free(r);
}
