/* wake.h - a self-pipe: a thread or a signal handler writes a byte, the
 * main loop polls the other end.  Both ends are non-blocking and
 * close-on-exec. */
#ifndef TPLAY_WAKE_H
#define TPLAY_WAKE_H

/* Open the pipe into fds ([0] to poll, [1] to write).  0, or -1 with
 * errno set (both ends closed again). */
int wake_open(int fds[2]);

/* Write byte c to fd; safe in a signal handler (errno kept).  A full pipe
 * already says "something waits", so that is not an error. */
void wake_signal(int fd, char c);

/* Read everything waiting on fd. */
void wake_drain(int fd);

/* Close both ends that are open and set them to -1. */
void wake_close(int fds[2]);

#endif
