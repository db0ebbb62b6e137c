/* crash.c - put back the terminal and remove private files when a signal
 * kills the process, then die by that signal (see crash.h). */
#include "crash.h"

#include "fdwrite.h"

#include <signal.h>
#include <stdatomic.h>
#include <stdint.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

/* The signals whose default action ends the process, less SIGPIPE (the UI
 * ignores it) and the UI's own (SIGINT, SIGTERM, SIGHUP: a clean quit). */
static const int crash_handled[] = {
    SIGQUIT, SIGABRT, SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGUSR1, SIGUSR2,
    SIGALRM, SIGXCPU, SIGXFSZ, SIGSYS, SIGTRAP, SIGVTALRM, SIGPROF, SIGIO,
#ifdef SIGSTKFLT
    SIGSTKFLT,
#endif
};
#define CRASH_NSIGNALS (sizeof crash_handled / sizeof crash_handled[0])

/* A terminal record.  Two of them: the register side fills the one not
 * published, then publishes it with one atomic store, so a handler on
 * another thread never reads half a record. */
struct crash_terminal {
    int out_fd, in_fd;
    size_t len;
    char bytes[CRASH_TERMINAL_MAX];
    struct termios modes;
};

enum { CRASH_FREE, CRASH_FILLING, CRASH_FILE, CRASH_DIR };

struct crash_path {
    atomic_int state; /* CRASH_FREE ... CRASH_DIR */
    char path[CRASH_PATH_MAX];
};

/* This file's state, read by the handler.  Every field the handler reads
 * is published with an atomic store after it is written. */
static struct {
    atomic_bool installed;
    struct crash_terminal terminal[2];
    atomic_int terminal_at; /* -1: none, else the published record */
    struct crash_path paths[CRASH_PATHS];
    atomic_uintptr_t crashing; /* the thread in the handler, or 0 */
} crash = { .terminal_at = -1 };

/* The alternate stack of the thread that called crash_init: large enough
 * for the handler under AddressSanitizer's instrumentation too. */
static char crash_stack[64 * 1024] __attribute__((aligned(16)));

/* A per-thread address: tells the threads apart inside the handler
 * (pthread_self is not async-signal-safe by the letter). */
static _Thread_local char crash_thread_mark;

/* Restore the default action and raise signo again: the process ends as
 * the signal would have ended it (status, core dump). */
static _Noreturn void crash_die(int signo)
{
    struct sigaction sa;
    sigset_t set;

    memset(&sa, 0, sizeof sa);
    sa.sa_handler = SIG_DFL;
    sigemptyset(&sa.sa_mask);
    sigaction(signo, &sa, NULL);
    sigemptyset(&set);
    sigaddset(&set, signo);
    sigprocmask(SIG_UNBLOCK, &set, NULL);
    raise(signo);
    /* Only a signal the default action ignores gets here; none of ours. */
    _exit(128 + signo);
}

/* Remove the registered paths: every file, then every folder. */
static void crash_remove_all(void)
{
    for (int want = CRASH_FILE; want <= CRASH_DIR; want++)
        for (size_t i = 0; i < CRASH_PATHS; i++) {
            struct crash_path *p = &crash.paths[i];

            if (atomic_load(&p->state) != want)
                continue;
            if (want == CRASH_FILE)
                unlink(p->path);
            else
                rmdir(p->path);
        }
}

static void crash_handler(int signo)
{
    uintptr_t me = (uintptr_t)&crash_thread_mark, none = 0;
    int at;

    if (!atomic_compare_exchange_strong(&crash.crashing, &none, me)) {
        /* This thread faulted again inside the handler: die now. */
        if (none == me)
            crash_die(signo);
        /* Another thread is cleaning up and will end the process: give it
         * two seconds (a terminal that does not read could stall it). */
        for (int i = 0; i < 200; i++) {
            struct timespec ts = { 0, 10 * 1000 * 1000 };

            nanosleep(&ts, NULL);
        }
        crash_die(signo);
    }
    at = atomic_load(&crash.terminal_at);
    if (at >= 0) {
        const struct crash_terminal *t = &crash.terminal[at];

        /* A dead or stuck terminal: nothing more to do. */
        (void)fdwrite_all(t->out_fd, t->bytes, t->len);
        tcsetattr(t->in_fd, TCSANOW, &t->modes);
    }
    crash_remove_all();
    crash_die(signo);
}

void crash_now(int signo)
{
    crash_handler(signo);
    crash_die(signo); /* not reached: the handler ends in it */
}

int crash_init(void)
{
    struct sigaction sa;
    stack_t ss;

    if (atomic_exchange(&crash.installed, true))
        return 0;
    memset(&ss, 0, sizeof ss);
    ss.ss_sp = crash_stack;
    ss.ss_size = sizeof crash_stack;
    if (sigaltstack(&ss, NULL) < 0)
        return -1;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = crash_handler;
    sigemptyset(&sa.sa_mask);
    /* SA_NODEFER with SA_RESETHAND: a second fault of the same kind in
     * the handler takes the default action at once, not a blocked hang. */
    sa.sa_flags = SA_ONSTACK | SA_RESETHAND | SA_NODEFER;
    for (size_t i = 0; i < CRASH_NSIGNALS; i++) {
        struct sigaction old;

        /* A signal the parent left ignored stays ignored (nohup-style
         * SIGQUIT, a SIGALRM nobody wants). */
        if (sigaction(crash_handled[i], NULL, &old) == 0 &&
            old.sa_handler == SIG_IGN)
            continue;
        if (sigaction(crash_handled[i], &sa, NULL) < 0)
            return -1;
    }
    return 0;
}

void crash_set_terminal(int out_fd, const char *bytes, size_t len, int in_fd,
                        const struct termios *modes)
{
    int at = atomic_load(&crash.terminal_at) == 0 ? 1 : 0;
    struct crash_terminal *t = &crash.terminal[at];

    if (len > CRASH_TERMINAL_MAX)
        len = CRASH_TERMINAL_MAX;
    t->out_fd = out_fd;
    t->in_fd = in_fd;
    memcpy(t->bytes, bytes, len);
    t->len = len;
    t->modes = *modes;
    atomic_store(&crash.terminal_at, at);
}

void crash_clear_terminal(void)
{
    atomic_store(&crash.terminal_at, -1);
}

int crash_add_path(const char *path, bool dir)
{
    size_t len = strlen(path);

    if (len >= CRASH_PATH_MAX)
        return -1;
    for (int i = 0; i < CRASH_PATHS; i++) {
        struct crash_path *p = &crash.paths[i];
        int expect = CRASH_FREE;

        if (!atomic_compare_exchange_strong(&p->state, &expect,
                                            CRASH_FILLING))
            continue;
        memcpy(p->path, path, len + 1);
        atomic_store(&p->state, dir ? CRASH_DIR : CRASH_FILE);
        return i;
    }
    return -1;
}

void crash_remove_path(int handle)
{
    if (handle >= 0 && handle < CRASH_PATHS)
        atomic_store(&crash.paths[handle].state, CRASH_FREE);
}

void crash_remove_paths(void)
{
    crash_remove_all();
}

const int *crash_signals(size_t *n)
{
    *n = CRASH_NSIGNALS;
    return crash_handled;
}
