/* url.h - telling URLs from paths, the way tplay's arguments, playlists
 * and resume keys take them. */
#ifndef TPLAY_URL_H
#define TPLAY_URL_H

#include <stdbool.h>
#include <stddef.h>

/* The length of s's scheme when s starts "scheme://" (RFC 3986: a
 * letter, then letters, digits, '+', '-' or '.'), else 0.  "fd://3" and
 * "https://x" are URLs; "a.mkv", "/x://y" and "C:\\x" are not. */
size_t url_scheme_len(const char *s);

/* Whether s is a URL whose scheme is scheme (ASCII case-insensitive). */
bool url_is(const char *s, const char *scheme);

/*
 * The local path a "file:///PATH" or "file://localhost/PATH" URL names:
 * PATH up to any '?' or '#', percent-decoded ("%20" is a space; a '%'
 * not followed by two hex digits stays as it is).  A new string the
 * caller frees; NULL when s is no such URL: another scheme, another host,
 * or a path that decodes to a NUL byte.
 */
char *url_file_path(const char *s);

#endif
