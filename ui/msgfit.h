/* msgfit.h - which rows of the messages a few screen rows keep.  The
 * newest message's start says what failed, so it survives first; older
 * messages get the rows left above it, each from its own start. */
#ifndef TPLAY_UI_MSGFIT_H
#define TPLAY_UI_MSGFIT_H

#include "strbuf.h"

#include <stddef.h>

/*
 * Append to out the rows that show msgs[0..n) (oldest first) in at most
 * rows rows of cols columns, each message wrapped as text_wrap does: the
 * newest message's first rows, then, in the rows left above them, the
 * next newest message's first rows, and so on; a message cut short ends
 * in "…".  Rows come oldest first, separated by '\n'.  Returns the number
 * of rows.
 */
int msgfit_rows(struct strbuf *out, const char *const *msgs, size_t n,
                int rows, int cols);

#endif
