/* wake.c - the self-pipe shared by the player, the renderer and signals. */
#include "wake.h"

#include <errno.h>
#include <fcntl.h>
#include <unistd.h>

static int wake_flags(int fd)
{
    int fl = fcntl(fd, F_GETFL);

    if (fl < 0 || fcntl(fd, F_SETFL, fl | O_NONBLOCK) < 0)
        return -1;
    return fcntl(fd, F_SETFD, FD_CLOEXEC);
}

int wake_open(int fds[2])
{
    int saved;

    if (pipe(fds) < 0) {
        fds[0] = fds[1] = -1;
        return -1;
    }
    if (wake_flags(fds[0]) == 0 && wake_flags(fds[1]) == 0)
        return 0;
    saved = errno;
    wake_close(fds);
    errno = saved;
    return -1;
}

void wake_signal(int fd, char c)
{
    int saved = errno;

    if (write(fd, &c, 1) < 0) {
    }
    errno = saved;
}

void wake_drain(int fd)
{
    char buf[64];

    while (read(fd, buf, sizeof buf) > 0) {
    }
}

void wake_close(int fds[2])
{
    for (int i = 0; i < 2; i++)
        if (fds[i] >= 0) {
            close(fds[i]);
            fds[i] = -1;
        }
}
