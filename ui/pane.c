/* pane.c - video cells or pictures to the terminal.  curses never writes
 * inside the pane (nothing of ours is drawn there), so the two never meet;
 * our bytes go out only between curses updates, wrapped in save/restore
 * cursor (DECSC/DECRC), which also restores the attributes curses
 * believes in.  A picture moves the cursor (sixel to below it): DECRC
 * puts it back. */
#include "pane.h"

#include "cellwrite.h"
#include "kitty.h"
#include "now.h"
#include "strbuf.h"
#include "xmem.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* pane_settle waits this long for the terminal to take a few bytes. */
#define PANE_SETTLE_MS 1000

/* DEC 2026: hold the screen, show it. */
#define PANE_BSU "\033[?2026h"
#define PANE_ESU "\033[?2026l"

struct pane {
    enum video_colors colors;
    enum video_pixels pixels;
    bool sync;                /* wrap frames in PANE_BSU ... PANE_ESU */
    int fd;                   /* the terminal, non-blocking */
    bool own_fd;
    int y, x, rows, cols;
    struct video_cell *shown; /* what the terminal shows, rows x cols
                                 (under a held cell: the last frame's) */
    int *hold_x0, *hold_x1;   /* a row's held cells (pane_hold), in pane
                                 columns; x0 == x1: none */
    bool *stale;              /* a row's cells are not what shown says */
    bool redraw;              /* draw shown again once the bytes are out */
    bool valid;               /* shown is true */
    bool have;                /* shown (or picture) holds a frame */
    struct strbuf picture;    /* pixel modes: the last picture's bytes */
    int picture_w, picture_h; /* ... and its size in pixels */
    bool kitty_shown;         /* a kitty picture may be on screen */
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

struct pane *pane_create(enum video_colors colors, enum video_pixels pixels,
                         bool sync)
{
    struct pane *p = xcalloc(1, sizeof *p);

    p->colors = colors;
    p->pixels = pixels;
    p->sync = sync;
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
    free(p->hold_x0);
    free(p->hold_x1);
    free(p->stale);
    strbuf_free(&p->out);
    strbuf_free(&p->picture);
    free(p);
}

/* Paused, no new frame would come: draw the last one again, now or once
 * the bytes on their way are out. */
static void pane_redraw(struct pane *p)
{
    struct video_frame f = { p->cols, p->rows, 0, -1, p->shown, NULL, 0,
                             0, 0 };

    if (p->pixels != VIDEO_PIXELS_NONE) {
        f.cells = NULL;
        f.bytes = p->picture.buf;
        f.len = p->picture.len;
        f.width = p->picture_w;
        f.height = p->picture_h;
    }
    if (!p->have)
        return;
    if (p->off < p->out.len) {
        p->redraw = true;
        return;
    }
    p->redraw = false;
    pane_draw(p, &f);
}

void pane_place(struct pane *p, int y, int x, int rows, int cols)
{
    if (p->y == y && p->x == x && p->rows == rows && p->cols == cols)
        return;
    if (p->kitty_shown) { /* text does not cover it: away with it */
        if (p->off >= p->out.len) {
            strbuf_reset(&p->out);
            p->off = 0;
        }
        kitty_delete(&p->out, VIDEO_KITTY_ID);
        p->kitty_shown = false;
        pane_flush(p);
    }
    p->y = y;
    p->x = x;
    p->valid = false;
    if (p->rows == rows && p->cols == cols)
        return; /* moved only: the last frame can be drawn again */
    p->rows = rows;
    p->cols = cols;
    free(p->shown);
    free(p->hold_x0);
    free(p->hold_x1);
    free(p->stale);
    p->shown = rows > 0 && cols > 0
        ? xcalloc((size_t)rows * (size_t)cols, sizeof *p->shown) : NULL;
    p->hold_x0 = rows > 0 ? xcalloc((size_t)rows, sizeof *p->hold_x0) : NULL;
    p->hold_x1 = rows > 0 ? xcalloc((size_t)rows, sizeof *p->hold_x1) : NULL;
    p->stale = rows > 0 ? xcalloc((size_t)rows, sizeof *p->stale) : NULL;
    p->have = false;
}

void pane_hold(struct pane *p, const int *y, const int *x, const int *cols,
               int n)
{
    bool changed = false;

    for (int r = 0; r < p->rows; r++) {
        int x0 = 0, x1 = 0;

        for (int i = 0; i < n; i++)
            if (y[i] == p->y + r && cols[i] > 0) {
                x0 = x[i] - p->x;
                x1 = x0 + cols[i];
                x0 = x0 < 0 ? 0 : x0 > p->cols ? p->cols : x0;
                x1 = x1 < x0 ? x0 : x1 > p->cols ? p->cols : x1;
            }
        if (x0 == p->hold_x0[r] && x1 == p->hold_x1[r])
            continue;
        /* Cells given back show curses' blanks: drawn again. */
        p->stale[r] = changed = true;
        p->hold_x0[r] = x0;
        p->hold_x1[r] = x1;
    }
    if (changed)
        pane_redraw(p);
}

void pane_invalidate(struct pane *p)
{
    p->valid = false;
    pane_redraw(p);
}

/* Queue the picture in f (pixel modes) at the pane's corner. */
static void pane_picture(struct pane *p, const struct video_frame *f)
{
    if (f->bytes != p->picture.buf) { /* not a redraw: keep it for one */
        strbuf_reset(&p->picture);
        strbuf_add(&p->picture, f->bytes, f->len);
        p->picture_w = f->width;
        p->picture_h = f->height;
    }
    strbuf_addf(&p->out, "\033[%d;%dH", p->y + 1, p->x + 1);
    strbuf_add(&p->out, p->picture.buf, p->picture.len);
    p->kitty_shown = p->pixels == VIDEO_PIXELS_KITTY;
}

bool pane_draw(struct pane *p, const struct video_frame *f)
{
    size_t start;

    if (p->off < p->out.len)
        return false; /* the terminal has not taken the last one yet */
    if (!p->shown || f->cols != p->cols || f->rows != p->rows ||
        (p->pixels != VIDEO_PIXELS_NONE) != (f->cells == NULL))
        return true; /* an old size: taken, dropped */
    strbuf_reset(&p->out);
    p->off = 0;
    if (p->sync)
        strbuf_adds(&p->out, PANE_BSU);
    strbuf_adds(&p->out, "\0337");
    start = p->out.len;
    if (f->cells)
        cellwrite_frame(&p->out, f, p->shown, p->valid, p->y, p->x,
                        p->colors,
                        &(struct cellwrite_hold){ p->hold_x0, p->hold_x1,
                                                  p->stale });
    else
        pane_picture(p, f);
    p->have = true;
    p->valid = true;
    if (p->out.len == start) { /* nothing changed */
        strbuf_reset(&p->out);
        return true;
    }
    strbuf_adds(&p->out, "\033[0m\0338");
    if (p->sync)
        strbuf_adds(&p->out, PANE_ESU);
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
    if (p->redraw) /* pane_draw flushes what it queues */
        pane_redraw(p);
    return p->off >= p->out.len;
}

void pane_settle(struct pane *p)
{
    long long end = now_ms() + PANE_SETTLE_MS;

    if (p->off >= p->out.len)
        return;
    strbuf_reset(&p->out);
    p->off = 0;
    strbuf_adds(&p->out, "\030\0338\033[0m");
    if (p->sync)
        strbuf_adds(&p->out, PANE_ESU);
    p->valid = false;
    p->redraw = false;
    while (!pane_flush(p) && now_ms() < end) {
        struct pollfd w = { p->fd, POLLOUT, 0 };

        poll(&w, 1, 50);
    }
    strbuf_reset(&p->out);
    p->off = 0;
}

int pane_fd(const struct pane *p)
{
    return p->fd;
}

unsigned long long pane_bytes(const struct pane *p)
{
    return p->bytes;
}
