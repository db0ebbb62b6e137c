/* json.h - JSON text output for machine-readable listings. */
#ifndef TPLAY_JSON_H
#define TPLAY_JSON_H

#include "strbuf.h"

/*
 * Append s as a JSON string literal (with quotes).  Every control character
 * (C0, DEL, C1), bidi control and line separator is written as a \u escape
 * (\u001b) or a short one (\n, \t, ...), invalid UTF-8 becomes U+FFFD, and
 * the output is valid UTF-8 that is safe to print on a terminal.
 */
void json_add_string(struct strbuf *sb, const char *s);

/* The same without the surrounding quotes: for file names in messages. */
void json_add_escaped(struct strbuf *sb, const char *s);

/* Only the control characters escaped (quotes and backslashes kept): for
 * one-line messages on stderr that quote untrusted text. */
void json_add_text(struct strbuf *sb, const char *s);

#endif
