/* property.c - the output checks shared by the fuzz targets. */
#include "property.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

_Noreturn void property_fail(const char *file, int line, const char *what)
{
    fprintf(stderr, "%s:%d: property broken: %s\n", file, line, what);
    abort();
}

bool property_utf8_next(const char *s, size_t n, size_t *i, uint32_t *cp)
{
    const unsigned char *u = (const unsigned char *)s + *i;
    size_t left = n - *i, len;
    unsigned char lo = 0x80, hi = 0xBF;

    if (u[0] < 0x80) {
        *cp = u[0];
        *i += 1;
        return true;
    }
    if (u[0] >= 0xC2 && u[0] <= 0xDF)
        len = 2, *cp = u[0] & 0x1Fu;
    else if (u[0] >= 0xE0 && u[0] <= 0xEF)
        len = 3, *cp = u[0] & 0x0Fu;
    else if (u[0] >= 0xF0 && u[0] <= 0xF4)
        len = 4, *cp = u[0] & 0x07u;
    else
        return false;
    if (u[0] == 0xE0)
        lo = 0xA0;
    else if (u[0] == 0xED)
        hi = 0x9F;
    else if (u[0] == 0xF0)
        lo = 0x90;
    else if (u[0] == 0xF4)
        hi = 0x8F;
    if (left < len || u[1] < lo || u[1] > hi)
        return false;
    for (size_t k = 1; k < len; k++) {
        if (u[k] < 0x80 || u[k] > 0xBF)
            return false;
        *cp = (*cp << 6) | (u[k] & 0x3Fu);
    }
    *i += len;
    return true;
}

bool property_unsafe(uint32_t cp)
{
    return cp < 0x20 || (cp >= 0x7F && cp <= 0x9F) || cp == 0x061C ||
           cp == 0x200E || cp == 0x200F || (cp >= 0x202A && cp <= 0x202E) ||
           (cp >= 0x2066 && cp <= 0x2069) || cp == 0x2028 || cp == 0x2029;
}

void property_safe_text(const char *s, size_t n)
{
    uint32_t cp;

    for (size_t i = 0; i < n;) {
        PROPERTY(property_utf8_next(s, n, &i, &cp));
        PROPERTY(!property_unsafe(cp));
    }
}

int property_columns(const char *s, size_t n)
{
    uint32_t cp;
    int cols = 0;

    for (size_t i = 0; i < n;) {
        int w;

        PROPERTY(property_utf8_next(s, n, &i, &cp));
        w = wcwidth((wchar_t)cp);
        PROPERTY(w >= 0);
        cols += w;
    }
    return cols;
}

char *property_string(const uint8_t *data, size_t size)
{
    char *s = malloc(size + 1);

    if (!s)
        abort();
    memcpy(s, data, size);
    s[size] = '\0';
    return s;
}
