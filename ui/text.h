/* text.h - untrusted text made safe and fitted to terminal columns. */
#ifndef TPLAY_UI_TEXT_H
#define TPLAY_UI_TEXT_H

#include "strbuf.h"

/*
 * Append to out (in UTF-8) the printable part of s, at most cols display
 * columns wide, as the locale (LC_CTYPE) can show it: control characters
 * and bidi controls dropped, wide characters counted as two columns, and
 * an ellipsis "…" where it was cut.  A character the locale cannot show
 * (invalid UTF-8 included) becomes U+FFFD, or in a locale without
 * Unicode (LANG=C) its one-column ASCII stand-in ("~" for "…", ">" for
 * "▶", "-" for "—", ...) or '?'.  Returns the columns used.
 */
int text_fit(struct strbuf *out, const char *s, int cols);

/*
 * Append s, made safe as text_fit does, wrapped into rows of at most cols
 * columns: rows break at the last space that fits (it is dropped), or
 * inside a word longer than a row; a character wider than a row (a wide
 * one when cols is 1) is shown as an ellipsis ("…", or "~").  Rows are separated by
 * '\n'.  Returns the number of rows.
 */
int text_wrap(struct strbuf *out, const char *s, int cols);

/* The width in columns s takes once fitted (unsafe characters dropped). */
int text_width(const char *s);

#endif
