/* tape.h - a source that can be read only once (a URL, a pipe, standard
 * input), recorded as it is read: the container readers seek back and
 * forth in what was recorded, and whoever reads the source next (libmpv)
 * gets the recording first, then the rest. */
#ifndef TPLAY_TAPE_H
#define TPLAY_TAPE_H

#include <stddef.h>
#include <stdio.h>

struct tape;
struct AVIOContext;

/* At most this much is recorded; past it the readers meet an end. */
#define TAPE_MAX (32u << 20)
/* Nothing read from a URL may take longer, all reads together. */
#define TAPE_URL_SECONDS 10

/* Open url (anything libavformat's I/O opens).  NULL with a message in
 * *err (caller frees) when it cannot be opened. */
struct tape *tape_open_url(const char *url, char **err);

/* Record descriptor fd (not closed by the tape), read with read(2). */
struct tape *tape_open_fd(int fd);

/* A FILE over the recording (fopencookie), seekable within it: read,
 * rewind and seek as a file, the source read as far as asked.  Owned by
 * the tape. */
FILE *tape_file(struct tape *t);

/* The same for libavformat's custom I/O (position kept apart from the
 * FILE's); owned by the tape.  It says it can seek when libmpv finds the
 * source seekable (a URL whose server can; never a descriptor, which
 * libmpv reads through a pipe), so that libavformat reads the recording
 * the way it reads the source under libmpv. */
struct AVIOContext *tape_avio(struct tape *t);

/* libavformat's interrupt callback for the tape's deadline (URL only):
 * pass tape_interrupt with t as its opaque. */
int tape_interrupt(void *t);

/* What was recorded so far, n bytes; valid until tape_close. */
const unsigned char *tape_bytes(const struct tape *t, size_t *n);

/* Close the FILE, the I/O and (for a URL) the connection; free.  NULL is
 * fine. */
void tape_close(struct tape *t);

#endif
