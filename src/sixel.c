/* sixel.c - a fixed-palette, error-diffused sixel encoder, a band of 6
 * rows at a time. */
#include "sixel.h"

#include "fatal.h"
#include "xmem.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A level's value: 0, 51, ... 255. */
enum { SIXEL_STEP = 255 / (SIXEL_LEVELS - 1) };
/* The most bytes a colour's line of w columns takes: a byte a column,
 * "#215", the "$" or "-" after it. */
#define SIXEL_LINE_MAX(w) ((size_t)(w) + 8)

struct sixel {
    int width;             /* what the buffers are sized for */
    int *err;              /* two rows of (width + 2) x 3 errors, x 16 */
    uint8_t *idx;          /* a band: 6 rows of width palette indexes */
    uint8_t *mask;         /* SIXEL_COLOURS rows of width sixel bits */
    int xmin[SIXEL_COLOURS], xmax[SIXEL_COLOURS];
    bool in_band[SIXEL_COLOURS];
    int present[SIXEL_COLOURS];
    uint8_t level[256];    /* a channel's value to its nearest level */
    struct strbuf palette; /* the registers' definitions */
};

struct sixel *sixel_new(void)
{
    struct sixel *s = xcalloc(1, sizeof *s);

    s->palette = (struct strbuf)STRBUF_INIT;
    for (int v = 0; v < 256; v++)
        s->level[v] = (uint8_t)((v * (SIXEL_LEVELS - 1) + 127) / 255);
    for (int c = 0; c < SIXEL_COLOURS; c++)
        strbuf_addf(&s->palette, "#%d;2;%d;%d;%d", c,
                    c / 36 * 100 / (SIXEL_LEVELS - 1),
                    c / 6 % 6 * 100 / (SIXEL_LEVELS - 1),
                    c % 6 * 100 / (SIXEL_LEVELS - 1));
    return s;
}

void sixel_free(struct sixel *s)
{
    if (!s)
        return;
    free(s->err);
    free(s->idx);
    free(s->mask);
    strbuf_free(&s->palette);
    free(s);
}

static void sixel_reserve(struct sixel *s, int w)
{
    if (s->width >= w)
        return;
    free(s->err);
    free(s->idx);
    free(s->mask);
    s->err = xcalloc(2 * ((size_t)w + 2) * 3, sizeof *s->err);
    s->idx = xcalloc(6 * (size_t)w, 1);
    s->mask = xcalloc((size_t)SIXEL_COLOURS * (size_t)w, 1);
    s->width = w;
}

/* Dither row y of the picture into out[0..w): Floyd-Steinberg, the error
 * of each channel carried x 16 in s->err (row y's in one half, y + 1's
 * in the other, both with a column of margin each side). */
static void sixel_dither_row(struct sixel *s, const uint8_t *row, int w,
                             int y, uint8_t *out)
{
    size_t span = ((size_t)w + 2) * 3;
    int *cur = s->err + (size_t)(y & 1) * span;
    int *next = s->err + (size_t)((y + 1) & 1) * span;

    memset(next, 0, span * sizeof *next);
    for (int x = 0; x < w; x++) {
        int *e = cur + (size_t)(x + 1) * 3, *n = next + (size_t)(x + 1) * 3;
        int c = 0;

        for (int ch = 0; ch < 3; ch++) {
            int v = row[4 * x + ch] + e[ch] / 16, q, d;

            v = v < 0 ? 0 : v > 255 ? 255 : v;
            q = s->level[v];
            d = v - q * SIXEL_STEP;
            c = c * SIXEL_LEVELS + q;
            e[ch + 3] += d * 7;
            n[ch - 3] += d * 3;
            n[ch] += d * 5;
            n[ch + 3] += d;
        }
        out[x] = (uint8_t)c;
    }
}

/* Write n sixels of the character ch at p; returns the end. */
static char *sixel_run(char *p, int n, char ch)
{
    if (n > 3) {
        char digits[12];
        int k = 0;

        *p++ = '!';
        while (n > 0) {
            digits[k++] = (char)('0' + n % 10);
            n /= 10;
        }
        while (k > 0)
            *p++ = digits[--k];
        *p++ = ch;
        return p;
    }
    while (n-- > 0)
        *p++ = ch;
    return p;
}

/* One colour's line of the band: "#c", then its sixels from the left
 * edge to its last one, run-length coded; its bits cleared. */
static void sixel_line(struct sixel *s, struct strbuf *out, int c, int w)
{
    uint8_t *m = s->mask + (size_t)c * (size_t)w;
    char *start = strbuf_reserve(out, SIXEL_LINE_MAX(w)), *p = start;
    int x = 0, end = s->xmax[c] + 1;

    p += sprintf(p, "#%d", c);
    p = sixel_run(p, s->xmin[c], '?');
    x = s->xmin[c];
    while (x < end) {
        uint8_t bits = m[x];
        int run = 1;

        while (x + run < end && m[x + run] == bits)
            run++;
        p = sixel_run(p, run, (char)('?' + bits));
        x += run;
    }
    memset(m + s->xmin[c], 0, (size_t)(end - s->xmin[c]));
    strbuf_commit(out, (size_t)(p - start));
}

void sixel_encode(struct sixel *s, struct strbuf *out, const uint8_t *pixels,
                  size_t stride, int w, int h)
{
    if (w < 1 || h < 1)
        fatal("sixel_encode: %d x %d pixels", w, h);
    sixel_reserve(s, w);
    memset(s->err, 0, 2 * ((size_t)w + 2) * 3 * sizeof *s->err);
    strbuf_addf(out, "\033P0;1;0q\"1;1;%d;%d", w, h);
    strbuf_add(out, s->palette.buf, s->palette.len);
    for (int y0 = 0; y0 < h; y0 += 6) {
        int rows = h - y0 < 6 ? h - y0 : 6, n = 0;

        for (int r = 0; r < rows; r++) {
            uint8_t *row = s->idx + (size_t)r * (size_t)w;

            sixel_dither_row(s, pixels + (size_t)(y0 + r) * stride, w,
                             y0 + r, row);
            for (int x = 0; x < w; x++) {
                int c = row[x];

                if (!s->in_band[c]) {
                    s->in_band[c] = true;
                    s->present[n++] = c;
                    s->xmin[c] = s->xmax[c] = x;
                } else if (x < s->xmin[c]) {
                    s->xmin[c] = x;
                } else if (x > s->xmax[c]) {
                    s->xmax[c] = x;
                }
                s->mask[(size_t)c * (size_t)w + (size_t)x] |=
                    (uint8_t)(1u << r);
            }
        }
        for (int i = 0; i < n; i++) {
            sixel_line(s, out, s->present[i], w);
            s->in_band[s->present[i]] = false;
            strbuf_addc(out, i + 1 < n ? '$' : '-');
        }
    }
    strbuf_adds(out, "\033\\");
}
