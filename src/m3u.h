/* m3u.h - the entries of an M3U or M3U8 playlist's text: one location a
 * line, "#EXTINF:DURATION,TITLE" naming the next one, every other line
 * that starts with '#' a comment.  The text is untrusted: any bytes. */
#ifndef TPLAY_M3U_H
#define TPLAY_M3U_H

#include <stdbool.h>
#include <stddef.h>

#define M3U_MAX_BYTES (16L << 20) /* a bigger file is not a playlist */

/* How the text is encoded. */
enum m3u_charset {
    M3U_UTF8,  /* .m3u8: UTF-8, whatever its bytes */
    M3U_GUESS, /* .m3u: UTF-8 when it is valid UTF-8, else windows-1252
                * (what the WHATWG Encoding Standard reads for "latin1":
                * ISO-8859-1 with the printable characters Windows puts at
                * 0x80-0x9F), converted to UTF-8 */
};

/* One entry.  The strings live only during the call. */
struct m3u_entry {
    const char *location; /* the line without surrounding blanks: a path
                           * or URL as written; never empty */
    const char *title;    /* the title from the #EXTINF line just before,
                           * without surrounding blanks; NULL when none */
    size_t line;          /* its line number, from 1 */
};

/* Called for each entry in order; false stops the parse. */
typedef bool (*m3u_entry_fn)(void *data, const struct m3u_entry *e);

/*
 * Call fn for each entry of the len bytes at text.  A UTF-8 byte order
 * mark is skipped; lines end in LF or CRLF; blank lines are skipped.
 * Returns 0, or -1 with a one-line reason in *err (caller frees; no file
 * name, the caller knows it) when the text is refused whole before any
 * entry: more than M3U_MAX_BYTES, UTF-16, or a NUL byte (a binary file).
 */
int m3u_parse(const char *text, size_t len, enum m3u_charset cs,
              m3u_entry_fn fn, void *data, char **err);

#endif
