/* cellwrite.c - frames of cells to terminal bytes, formatted by hand into
 * one buffer: at 120 x 40 cells and 25 frames a second a printf per cell
 * would cost more than the whole rest of the picture path. */
#include "cellwrite.h"

#include "halfblock.h"
#include "utf8.h"

#include <stdint.h>
#include <string.h>

/* The most bytes one cell can take: a cursor move (CSI row;col H, each
 * up to 10 digits), two colours in one truecolor SGR (36), and a 4-byte
 * symbol. */
enum { CELLWRITE_CELL_MAX = 24 + 36 + 4 };

/* The colour the terminal's SGR state holds before the first one we set:
 * unknown, equal to no colour of ours (they are at most 0xffffff). */
#define CELLWRITE_UNSET UINT32_MAX

#define CELLWRITE_LOWER 0x2584u /* ▄ */
#define CELLWRITE_FULL 0x2588u  /* █ */

/* For a half-block cell of top colour t over bottom b: the glyph that
 * shows it with the fewest colour changes from *fg, *bg, which become
 * what it needs.  ▄ is ▀ with the colours swapped; a space shows bg
 * alone, █ fg alone: the same look, fewer bytes where the picture is
 * smooth. */
static uint32_t cellwrite_half(uint32_t t, uint32_t b, uint32_t *fg,
                               uint32_t *bg)
{
    if (t == b) {
        if (*bg == t)
            return ' ';
        if (*fg == t)
            return CELLWRITE_FULL;
        *bg = t;
        return ' ';
    }
    if (*fg == t || *bg == b) { /* ▀, one of the two set already */
        *fg = t;
        *bg = b;
        return HALFBLOCK_CHAR;
    }
    if (*fg == b || *bg == t) {
        *fg = b;
        *bg = t;
        return CELLWRITE_LOWER;
    }
    *fg = t;
    *bg = b;
    return HALFBLOCK_CHAR;
}

/* Write n in decimal at p (10 digits at most); returns the bytes
 * written. */
static size_t cellwrite_uint(char *p, unsigned n)
{
    char tmp[10];
    size_t k = 0, i = 0;

    do {
        tmp[k++] = (char)('0' + n % 10);
        n /= 10;
    } while (n);
    while (k)
        p[i++] = tmp[--k];
    return i;
}

/* "38;2;R;G;B" (fg) or "48;...", "38;5;N" or an SGR code for 16. */
static size_t cellwrite_color(char *p, bool fg, uint32_t c,
                              enum video_colors colors)
{
    size_t i = 0;

    switch (colors) {
    case VIDEO_COLORS_TRUE:
        memcpy(p, fg ? "38;2;" : "48;2;", 5);
        i = 5;
        i += cellwrite_uint(p + i, (c >> 16) & 255);
        p[i++] = ';';
        i += cellwrite_uint(p + i, (c >> 8) & 255);
        p[i++] = ';';
        i += cellwrite_uint(p + i, c & 255);
        return i;
    case VIDEO_COLORS_256:
        memcpy(p, fg ? "38;5;" : "48;5;", 5);
        return 5 + cellwrite_uint(p + 5, c & 255);
    default: /* 0-7 normal (30/40), 8-15 bright (90/100) */
        return cellwrite_uint(p, (c & 8 ? (fg ? 90u : 100u)
                                        : (fg ? 30u : 40u)) + (c & 7));
    }
}

size_t cellwrite_frame(struct strbuf *out, const struct video_frame *f,
                       struct video_cell *shown, bool valid, int y, int x,
                       enum video_colors colors,
                       const struct cellwrite_hold *hold)
{
    uint32_t fg = CELLWRITE_UNSET, bg = CELLWRITE_UNSET;
    size_t written = 0;

    for (int r = 0; r < f->rows; r++) {
        size_t row = (size_t)r * (size_t)f->cols;
        int at = -1; /* the column the cursor is at, -1: unknown */
        int x0 = hold ? hold->x0[r] : 0, x1 = hold ? hold->x1[r] : 0;
        bool row_valid = valid && !(hold && hold->stale[r]);
        char *p;
        size_t i = 0;

        /* Room for the whole row at worst: one reservation a row. */
        p = strbuf_reserve(out, (size_t)f->cols * CELLWRITE_CELL_MAX);
        for (int c = 0; c < f->cols; c++) {
            const struct video_cell *cell = &f->cells[row + (size_t)c];
            struct video_cell *was = &shown[row + (size_t)c];
            uint32_t ch = cell->ch, nfg = cell->fg, nbg = cell->bg;
            bool sfg, sbg;

            if (c >= x0 && c < x1) { /* someone else's: not written */
                *was = *cell;
                continue;
            }
            if (row_valid && cell->ch == was->ch && cell->fg == was->fg &&
                cell->bg == was->bg)
                continue;
            if (at < 0) { /* CUP: ESC [ row ; col H */
                p[i++] = '\033';
                p[i++] = '[';
                i += cellwrite_uint(p + i, (unsigned)(y + r + 1));
                p[i++] = ';';
                i += cellwrite_uint(p + i, (unsigned)(x + c + 1));
                p[i++] = 'H';
            } else if (c > at) { /* CUF past the unchanged: shorter */
                p[i++] = '\033';
                p[i++] = '[';
                if (c - at > 1)
                    i += cellwrite_uint(p + i, (unsigned)(c - at));
                p[i++] = 'C';
            }
            if (ch == HALFBLOCK_CHAR) {
                nfg = fg;
                nbg = bg;
                ch = cellwrite_half(cell->fg, cell->bg, &nfg, &nbg);
            }
            sfg = nfg != fg;
            sbg = nbg != bg;
            if (sfg || sbg) {
                p[i++] = '\033';
                p[i++] = '[';
                if (sfg)
                    i += cellwrite_color(p + i, true, nfg, colors);
                if (sfg && sbg)
                    p[i++] = ';';
                if (sbg)
                    i += cellwrite_color(p + i, false, nbg, colors);
                p[i++] = 'm';
            }
            fg = nfg;
            bg = nbg;
            /* The symbols are single-column; anything else would shift
             * the row, so it becomes a space. */
            if (ch > 0x10ffff || utf8_is_unsafe(ch))
                ch = ' ';
            if (ch < 0x80)
                p[i++] = (char)ch;
            else
                i += utf8_encode(ch, p + i);
            *was = *cell;
            at = c + 1;
            written++;
        }
        strbuf_commit(out, i);
        if (hold)
            hold->stale[r] = false;
    }
    return written;
}
