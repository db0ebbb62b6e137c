/* pane.c - video cells to the terminal.  curses never writes inside the
 * pane (nothing of ours is drawn there), so the two never meet; our bytes
 * go out only between curses updates, wrapped in save/restore cursor
 * (DECSC/DECRC), which also restores the attributes curses believes in. */
#include "pane.h"

#include "strbuf.h"
#include "utf8.h"
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

static void pane_color(struct pane *p, bool fg, uint32_t c)
{
    int base = fg ? 38 : 48;

    switch (p->colors) {
    case VIDEO_COLORS_TRUE:
        strbuf_addf(&p->out, "\033[%d;2;%u;%u;%um", base, (c >> 16) & 255,
                    (c >> 8) & 255, c & 255);
        break;
    case VIDEO_COLORS_256:
        strbuf_addf(&p->out, "\033[%d;5;%um", base, c & 255);
        break;
    default: /* 0-7 normal, 8-15 bright */
        strbuf_addf(&p->out, "\033[%um",
                    (c & 8 ? (fg ? 90u : 100u) : (fg ? 30u : 40u)) + (c & 7));
        break;
    }
}

bool pane_draw(struct pane *p, const struct video_frame *f)
{
    bool have_fg = false, have_bg = false, at = false;
    uint32_t fg = 0, bg = 0;
    size_t start;

    if (p->off < p->out.len)
        return false; /* the terminal has not taken the last one yet */
    if (!p->shown || f->cols != p->cols || f->rows != p->rows)
        return true; /* an old size: taken, dropped */
    strbuf_reset(&p->out);
    p->off = 0;
    strbuf_adds(&p->out, "\0337");
    start = p->out.len;
    for (int r = 0; r < p->rows; r++) {
        at = false; /* a new row always needs a cursor move */
        for (int c = 0; c < p->cols; c++) {
            size_t i = (size_t)r * (size_t)p->cols + (size_t)c;
            const struct video_cell *cell = &f->cells[i];
            char enc[4];
            uint32_t ch = cell->ch;

            if (p->valid && memcmp(cell, &p->shown[i], sizeof *cell) == 0) {
                at = false;
                continue;
            }
            if (!at)
                strbuf_addf(&p->out, "\033[%d;%dH", p->y + r + 1,
                            p->x + c + 1);
            at = true;
            if (!have_fg || fg != cell->fg)
                pane_color(p, true, cell->fg);
            if (!have_bg || bg != cell->bg)
                pane_color(p, false, cell->bg);
            fg = cell->fg;
            bg = cell->bg;
            have_fg = have_bg = true;
            /* chafa gives single-column symbols; anything else would
             * shift the row, so it becomes a space. */
            if (ch > 0x10ffff || utf8_is_unsafe(ch))
                ch = ' ';
            strbuf_add(&p->out, enc, utf8_encode(ch, enc));
            p->shown[i] = *cell;
        }
    }
    p->have = true;
    if (p->out.len == start) { /* nothing changed */
        strbuf_reset(&p->out);
        p->valid = true;
        return true;
    }
    strbuf_adds(&p->out, "\033[0m\0338");
    p->valid = true;
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
