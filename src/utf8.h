/* utf8.h - strict UTF-8 decoding for untrusted text. */
#ifndef TPLAY_UTF8_H
#define TPLAY_UTF8_H

#include <stddef.h>
#include <stdint.h>

#define UTF8_REPLACEMENT 0xFFFDu

/*
 * Decode the code point at s (len bytes available, len > 0) and store the
 * number of bytes used in *used (always at least 1).  Invalid or truncated
 * sequences, overlong forms, surrogates and values past U+10FFFF decode as
 * one U+FFFD per maximal subpart, as the WHATWG Encoding Standard does.
 */
uint32_t utf8_decode(const char *s, size_t len, size_t *used);

/* Encode cp into out (4 bytes at most); return the byte count. */
size_t utf8_encode(uint32_t cp, char out[4]);

/* True for C0, DEL, C1, bidi embeddings/overrides/isolates and the
 * Unicode line/paragraph separators: code points that must never reach
 * a terminal raw. */
int utf8_is_unsafe(uint32_t cp);

/*
 * A copy of s that is valid UTF-8 with no unsafe code point, for text that
 * leaves tplay for other programs (D-Bus): each invalid sequence becomes
 * U+FFFD as utf8_decode reads it, tabs and line breaks (C0 ones, U+0085,
 * U+2028, U+2029) a space, and the other unsafe code points are dropped.
 * The caller frees it; never NULL.
 */
char *utf8_clean(const char *s);

#endif
