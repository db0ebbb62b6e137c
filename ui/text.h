/* text.h - untrusted text made safe and fitted to terminal columns. */
#ifndef TPLAY_UI_TEXT_H
#define TPLAY_UI_TEXT_H

#include "strbuf.h"

/*
 * Append to out the printable part of s, at most cols display columns wide:
 * control characters and bidi controls dropped, invalid UTF-8 shown as
 * U+FFFD, wide characters counted as two columns, and an ellipsis "…" where
 * it was cut.  Returns the columns used.
 */
int text_fit(struct strbuf *out, const char *s, int cols);

/*
 * Append s, made safe as text_fit does, wrapped into rows of at most cols
 * columns: rows break at the last space that fits (it is dropped), or
 * inside a word longer than a row; a character wider than a row (a wide
 * one when cols is 1) is shown as an ellipsis "…".  Rows are separated by
 * '\n'.  Returns the number of rows.
 */
int text_wrap(struct strbuf *out, const char *s, int cols);

/* The width in columns s takes once fitted (unsafe characters dropped). */
int text_width(const char *s);

#endif
