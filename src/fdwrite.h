/* fdwrite.h - all of a buffer to a descriptor, through EINTR and short
 * writes; only write(2), so a signal handler may call it. */
#ifndef TPLAY_FDWRITE_H
#define TPLAY_FDWRITE_H

#include <stddef.h>

/* Write len bytes of buf to fd.  0, or -1 with errno (EIO when write
 * took nothing). */
int fdwrite_all(int fd, const void *buf, size_t len);

#endif
