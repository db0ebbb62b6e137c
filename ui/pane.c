/* pane.c - video cells to the terminal.  curses never writes inside the
 * pane (nothing of ours is drawn there), so the two never meet; our bytes
 * go out only between curses updates, wrapped in save/restore cursor
 * (DECSC/DECRC), which also restores the attributes curses believes in. */
#include "pane.h"

#include "cellwrite.h"
#include "strbuf.h"
#include "xmem.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct pane {
    enum video_colors colors;
    int fd;                   /* the terminal, non-blocking */
    bool own_fd;
    int y, x, rows, cols;
    struct video_cell *shown; /* what the terminal shows, rows x cols */
    bool valid;               /* shown is true */
    bool have;                /* shown holds a frame */
    struct strbuf out;        /* bytes queued */
    size_t off;               /* of which written */
    unsigned long long bytes;
};

/* A descriptor of our own on the terminal, non-blocking: O_NONBLOCK on
 * stdout itself would also change curses' writes. */
static int pane_open_tty(bool *own)
{
    const char *name = ttyname(STDOUT_FILENO);
    int fd = name ? open(name, O_WRONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY)
                  : -1;

    *own = fd >= 0;
    return fd >= 0 ? fd : STDOUT_FILENO;
}

struct pane *pane_create(enum video_colors colors)
{
    struct pane *p = xcalloc(1, sizeof *p);

    p->colors = colors;
    p->fd = pane_open_tty(&p->own_fd);
    return p;
}

void pane_destroy(struct pane *p)
{
    if (!p)
        return;
    if (p->own_fd)
        close(p->fd);
    free(p->shown);
    strbuf_free(&p->out);
    free(p);
}

void pane_place(struct pane *p, int y, int x, int rows, int cols)
{
    if (p->y == y && p->x == x && p->rows == rows && p->cols == cols)
        return;
    p->y = y;
    p->x = x;
    p->valid = false;
    if (p->rows == rows && p->cols == cols)
        return; /* moved only: the last frame can be drawn again */
    p->rows = rows;
    p->cols = cols;
    free(p->shown);
    p->shown = rows > 0 && cols > 0
        ? xcalloc((size_t)rows * (size_t)cols, sizeof *p->shown) : NULL;
    p->have = false;
}

void pane_invalidate(struct pane *p)
{
    struct video_frame f = { p->cols, p->rows, 0, -1, p->shown };

    p->valid = false;
    /* Paused, no new frame would come: draw the last one again. */
    if (p->have && p->off >= p->out.len)
        pane_draw(p, &f);
}

bool pane_draw(struct pane *p, const struct video_frame *f)
{
    size_t start;

    if (p->off < p->out.len)
        return false; /* the terminal has not taken the last one yet */
    if (!p->shown || f->cols != p->cols || f->rows != p->rows)
        return true; /* an old size: taken, dropped */
    strbuf_reset(&p->out);
    p->off = 0;
    strbuf_adds(&p->out, "\0337");
    start = p->out.len;
    cellwrite_frame(&p->out, f, p->shown, p->valid, p->y, p->x, p->colors);
    p->have = true;
    p->valid = true;
    if (p->out.len == start) { /* nothing changed */
        strbuf_reset(&p->out);
        return true;
    }
    strbuf_adds(&p->out, "\033[0m\0338");
    pane_flush(p);
    return true;
}

bool pane_flush(struct pane *p)
{
    while (p->off < p->out.len) {
        ssize_t n = write(p->fd, p->out.buf + p->off, p->out.len - p->off);

        if (n < 0) {
            if (errno == EINTR)
                continue;
            if (errno == EAGAIN || errno == EWOULDBLOCK)
                return false;
            /* The terminal is gone: drop it; the main loop sees the
             * hang-up on stdin. */
            p->off = p->out.len;
            break;
        }
        p->off += (size_t)n;
        p->bytes += (unsigned long long)n;
    }
    return true;
}

int pane_fd(const struct pane *p)
{
    return p->fd;
}

unsigned long long pane_bytes(const struct pane *p)
{
    return p->bytes;
}
