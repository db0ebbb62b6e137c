/* crash.h - the last words of a process a signal kills.  For every signal
 * whose default action ends the process (SIGABRT from an assert in
 * libmpv, SIGSEGV, SIGQUIT, SIGUSR1, ...), a handler on an alternate stack
 * puts back what was registered here, using async-signal-safe calls only,
 * then dies by the same signal, so the exit status, the core dump and the
 * shell's "Aborted (core dumped)" stay what they would have been.
 *
 * What to put back is data, registered in advance by the modules that own
 * it: the terminal's bytes and modes (the UI's term module) and the paths
 * of private files and folders (the mixer).  The handler only writes,
 * calls tcsetattr, unlinks and rmdirs.
 *
 * The register functions are for one thread (the main one); the handler
 * may run on any thread. */
#ifndef TPLAY_CRASH_H
#define TPLAY_CRASH_H

#include <stdbool.h>
#include <stddef.h>
#include <termios.h>

/* The most bytes crash_set_terminal keeps. */
#define CRASH_TERMINAL_MAX 512
/* The most paths registered at once, and the longest. */
#define CRASH_PATHS 16
#define CRASH_PATH_MAX 320

/* Install the handlers (once; later calls do nothing) and an alternate
 * signal stack for the calling thread, so a stack overflow there is
 * handled too.  SIGPIPE is left alone (the UI ignores it); SIGINT,
 * SIGTERM, SIGHUP and the job-control signals are the UI's.  0, or -1
 * with errno set. */
int crash_init(void);

/* On a crash: write bytes[0..len) to out_fd, then give in_fd the modes
 * *modes (TCSANOW).  Replaces the previous record; len above
 * CRASH_TERMINAL_MAX is cut. */
void crash_set_terminal(int out_fd, const char *bytes, size_t len, int in_fd,
                        const struct termios *modes);

/* Forget the terminal record (the terminal is restored already). */
void crash_clear_terminal(void);

/* On a crash, remove path: unlink it, or rmdir it when dir (folders go
 * after every file).  Returns a handle for crash_remove_path, or -1 when
 * the path is too long or the table is full (then it is not registered:
 * a crash leaves it behind, nothing worse). */
int crash_add_path(const char *path, bool dir);

/* Forget the path with that handle (-1 is fine). */
void crash_remove_path(int handle);

/* End the process now as signal signo would, with a crash's last words
 * (the terminal put back, the paths removed).  Async-signal-safe: for a
 * handler whose signal must end the process at once. */
_Noreturn void crash_now(int signo);

/* Remove every registered path now, as a crash would: for an exit that
 * skips their owners' teardown (fatal()). */
void crash_remove_paths(void);

/* The signals crash_init handles, for tests: their number in *n. */
const int *crash_signals(size_t *n);

#endif
