/* utf8.c - strict UTF-8 decoding (RFC 3629) for text from media files. */
#include "utf8.h"

#include "xmem.h"

#include <string.h>

uint32_t utf8_decode(const char *s, size_t len, size_t *used)
{
    const unsigned char *u = (const unsigned char *)s;
    unsigned char lo = 0x80, hi = 0xBF; /* bounds for the second byte */
    uint32_t cp;
    size_t n;

    *used = 1;
    if (u[0] < 0x80)
        return u[0];
    if (u[0] >= 0xC2 && u[0] <= 0xDF) {
        n = 2, cp = u[0] & 0x1F;
    } else if (u[0] >= 0xE0 && u[0] <= 0xEF) {
        n = 3, cp = u[0] & 0x0F;
        lo = u[0] == 0xE0 ? 0xA0 : 0x80; /* no overlong forms */
        hi = u[0] == 0xED ? 0x9F : 0xBF; /* no surrogates */
    } else if (u[0] >= 0xF0 && u[0] <= 0xF4) {
        n = 4, cp = u[0] & 0x07;
        lo = u[0] == 0xF0 ? 0x90 : 0x80; /* no overlong forms */
        hi = u[0] == 0xF4 ? 0x8F : 0xBF; /* nothing past U+10FFFF */
    } else {
        return UTF8_REPLACEMENT;
    }
    /* WHATWG / Unicode "maximal subpart": a bad sequence is replaced by one
     * U+FFFD covering its valid prefix, as a browser would show it. */
    for (size_t i = 1; i < n; i++) {
        if (i >= len || u[i] < lo || u[i] > hi) {
            *used = i;
            return UTF8_REPLACEMENT;
        }
        cp = (cp << 6) | (u[i] & 0x3F);
        lo = 0x80, hi = 0xBF;
    }
    *used = n;
    return cp;
}

size_t utf8_encode(uint32_t cp, char out[4])
{
    if (cp < 0x80) {
        out[0] = (char)cp;
        return 1;
    }
    if (cp < 0x800) {
        out[0] = (char)(0xC0 | (cp >> 6));
        out[1] = (char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        out[0] = (char)(0xE0 | (cp >> 12));
        out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        out[2] = (char)(0x80 | (cp & 0x3F));
        return 3;
    }
    out[0] = (char)(0xF0 | (cp >> 18));
    out[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
    out[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
    out[3] = (char)(0x80 | (cp & 0x3F));
    return 4;
}

int utf8_is_unsafe(uint32_t cp)
{
    return cp < 0x20 || (cp >= 0x7F && cp <= 0x9F) ||
           (cp >= 0x202A && cp <= 0x202E) || /* LRE RLE PDF LRO RLO */
           (cp >= 0x2066 && cp <= 0x2069) || /* LRI RLI FSI PDI */
           cp == 0x200E || cp == 0x200F ||   /* LRM RLM */
           cp == 0x061C ||                   /* ALM */
           cp == 0x2028 || cp == 0x2029;     /* line/paragraph separator */
}

char *utf8_clean(const char *s)
{
    size_t len = strlen(s), used, n = 0;
    /* At worst each byte is an invalid one that becomes U+FFFD (3 bytes). */
    char *out = xreallocarray(NULL, len + 1, 3);

    for (size_t i = 0; i < len; i += used) {
        uint32_t cp = utf8_decode(s + i, len - i, &used);

        if (cp == '\t' || cp == '\n' || cp == '\v' || cp == '\f' ||
            cp == '\r' || cp == 0x85 || cp == 0x2028 || cp == 0x2029)
            out[n++] = ' ';
        else if (!utf8_is_unsafe(cp))
            n += utf8_encode(cp, out + n);
    }
    out[n] = '\0';
    return out;
}
