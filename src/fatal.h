/* fatal.h - stop the program on a bug or out-of-memory, after cleanup. */
#ifndef TPLAY_FATAL_H
#define TPLAY_FATAL_H

/* A cleanup run once before a fatal exit (the UI restores the terminal). */
typedef void (*fatal_hook_fn)(void);

/* Register the cleanup to run before fatal() exits; NULL removes it. */
void fatal_set_hook(fatal_hook_fn hook);

/* Print "tplay: fatal: <message>" on stderr after the hook ran, then exit 70. */
_Noreturn void fatal(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
