/* uri.h - the URI other programs expect for what tplay plays. */
#ifndef TPLAY_URI_H
#define TPLAY_URI_H

/*
 * The URI of name, a local path or a URI (caller frees; never NULL):
 * - a URI ("scheme://...", as libmpv takes them: "https://host/a.mkv") is
 *   kept as given, except that each byte a URI cannot hold (controls,
 *   space, non-ASCII bytes, and " < > \ ^ ` { | }) is percent-encoded;
 * - a path becomes a file:// URI (RFC 8089): an absolute one as it is, a
 *   relative one after the folder cwd (NULL: the current directory; "/"
 *   when that cannot be read or cwd is not absolute), with each byte but
 *   the unreserved ones (A-Z a-z 0-9 - . _ ~) and '/' percent-encoded.
 * Either way the result is printable ASCII, so valid UTF-8.
 */
char *uri_from_name(const char *name, const char *cwd);

#endif
