/* fatal.c - the one way out for bugs and out-of-memory. */
#include "fatal.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

/* Private to this file: only fatal() reads it. */
static fatal_hook_fn fatal_hook;

void fatal_set_hook(fatal_hook_fn hook)
{
    fatal_hook = hook;
}

_Noreturn void fatal(const char *fmt, ...)
{
    fatal_hook_fn hook = fatal_hook;
    va_list ap;

    /* Clear first: a hook that fails fatally must not recurse. */
    fatal_hook = NULL;
    if (hook)
        hook();
    fputs("tplay: fatal: ", stderr);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
    exit(70); /* EX_SOFTWARE */
}
