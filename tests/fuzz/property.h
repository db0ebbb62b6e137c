/* property.h - what the fuzz targets check in their outputs.  The checks
 * are written from the specifications (RFC 3629, the README's list of
 * unsafe characters), not with the code under test, and a broken one
 * abort()s: libFuzzer then keeps the input, the replay test fails on it. */
#ifndef TPLAY_FUZZ_PROPERTY_H
#define TPLAY_FUZZ_PROPERTY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define PROPERTY(cond) \
    ((cond) ? (void)0 : property_fail(__FILE__, __LINE__, #cond))

/* Print "file:line: property broken: what" on stderr and abort(). */
_Noreturn void property_fail(const char *file, int line, const char *what);

/* Decode the code point at s[*i] (n bytes in all) and advance *i; false
 * when the bytes there are not well-formed UTF-8 (RFC 3629 table 3-7). */
bool property_utf8_next(const char *s, size_t n, size_t *i, uint32_t *cp);

/* C0, DEL, C1, the bidi embeddings, overrides, isolates and marks, and the
 * line and paragraph separators: what must never reach a terminal raw. */
bool property_unsafe(uint32_t cp);

/* s[0..n) is well-formed UTF-8 with no NUL and no unsafe code point. */
void property_safe_text(const char *s, size_t n);

/* The display columns of safe text s[0..n): every code point must have a
 * width (wcwidth >= 0). */
int property_columns(const char *s, size_t n);

/* The bytes as a C string (cut at the first NUL); the caller frees it. */
char *property_string(const uint8_t *data, size_t size);

#endif
