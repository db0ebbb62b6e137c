/* xmem.c - allocation wrappers; callers carry no NULL checks. */
#include "xmem.h"

#include "fatal.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void *xmalloc(size_t size)
{
    void *p = malloc(size ? size : 1);

    if (!p)
        fatal("out of memory (%zu bytes)", size);
    return p;
}

void *xcalloc(size_t n, size_t size)
{
    void *p = calloc(n ? n : 1, size ? size : 1);

    if (!p)
        fatal("out of memory (%zu x %zu bytes)", n, size);
    return p;
}

void *xreallocarray(void *p, size_t n, size_t size)
{
    void *q;

    if (size && n > SIZE_MAX / size)
        fatal("allocation overflow (%zu x %zu bytes)", n, size);
    q = realloc(p, (n && size) ? n * size : 1);
    if (!q)
        fatal("out of memory (%zu x %zu bytes)", n, size);
    return q;
}

char *xstrdup(const char *s)
{
    return xstrndup(s, strlen(s));
}

char *xstrndup(const char *s, size_t n)
{
    size_t len = strnlen(s, n);
    char *p = xmalloc(len + 1);

    memcpy(p, s, len);
    p[len] = '\0';
    return p;
}

char *xvasprintf(const char *fmt, va_list ap)
{
    va_list ap2;
    int len;
    char *p;

    va_copy(ap2, ap);
    len = vsnprintf(NULL, 0, fmt, ap2);
    va_end(ap2);
    if (len < 0)
        fatal("xvasprintf: bad format \"%s\"", fmt);
    p = xmalloc((size_t)len + 1);
    vsnprintf(p, (size_t)len + 1, fmt, ap);
    return p;
}

char *xasprintf(const char *fmt, ...)
{
    va_list ap;
    char *p;

    va_start(ap, fmt);
    p = xvasprintf(fmt, ap);
    va_end(ap);
    return p;
}
