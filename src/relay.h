/* relay.h - a film that comes on a descriptor (standard input) handed on
 * to libmpv whole: first what the container readers recorded on the tape,
 * then the rest as it comes, through a pipe of our own, on a thread that
 * never touches libmpv. */
#ifndef TPLAY_RELAY_H
#define TPLAY_RELAY_H

struct relay;
struct tape;

/*
 * Start relaying: tape t (which recorded from fd, and is now the relay's
 * to close) and then the rest of fd.  Returns NULL with a message in *err
 * (caller frees) when no pipe or thread can be had.
 */
struct relay *relay_start(struct tape *t, int fd, char **err);

/* What libmpv is to load: "fdclose://N", the pipe's reading end (libmpv
 * closes it). */
const char *relay_path(const struct relay *r);

/* Stop (also when blocked on either end), join and free.  NULL is fine. */
void relay_stop(struct relay *r);

#endif
