/* source.c - a film on standard input, the keys from the terminal. */
#include "source.h"

#include "xmem.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

int source_open(const char *file, char **load, char **err)
{
    int media, tty;

    if (strcmp(file, "-") != 0) {
        *load = xstrdup(file);
        return 0;
    }
    if (isatty(STDIN_FILENO)) {
        *err = xstrdup("standard input is the terminal, not a film; pipe "
                       "one in (cat film.mkv | tplay -) or name a file");
        return -1;
    }
    tty = open("/dev/tty", O_RDWR | O_CLOEXEC | O_NOCTTY);
    if (tty < 0) {
        *err = xasprintf("the film is on standard input, so keys must come "
                         "from the terminal, and /dev/tty cannot be opened "
                         "(%s); run tplay from a terminal", strerror(errno));
        return -1;
    }
    media = fcntl(STDIN_FILENO, F_DUPFD_CLOEXEC, 3);
    /* dup2 leaves the new descriptor 0 open across exec, as a standard
     * input should be. */
    if (media < 0 || dup2(tty, STDIN_FILENO) < 0) {
        *err = xasprintf("cannot move standard input aside: %s",
                         strerror(errno));
        if (media >= 0)
            close(media);
        close(tty);
        return -1;
    }
    close(tty);
    *load = xasprintf("fd://%d", media);
    return 0;
}
