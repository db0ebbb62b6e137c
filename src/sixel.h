/* sixel.h - a picture as one DEC sixel image: the 6x6x6 colour cube as
 * its palette, the picture Floyd-Steinberg dithered to it, each 6-row
 * band written colour by colour with run lengths.
 *
 * Why not libchafa's sixel: chafa 1.12 builds a palette for every frame
 * (a sort of the frame's pixels: a quarter of tplay's CPU at 720p) and
 * does not dither it, so gradients band; a fixed palette needs no search
 * (a channel's level is a table lookup) and error diffusion keeps every
 * area's average colour, which is what the eye (and a downscaled
 * comparison) sees. */
#ifndef TPLAY_SIXEL_H
#define TPLAY_SIXEL_H

#include "strbuf.h"

#include <stddef.h>
#include <stdint.h>

/* Levels a channel takes: 6 x 6 x 6 = 216 colour registers. */
enum { SIXEL_LEVELS = 6, SIXEL_COLOURS = 216 };

/* An encoder's scratch memory, kept from frame to frame. */
struct sixel;

struct sixel *sixel_new(void);
void sixel_free(struct sixel *s); /* NULL is fine */

/*
 * Append to out the DCS sequence of the w x h picture (w >= 1, h >= 1;
 * h a multiple of 6 keeps the picture off the row below: the last band
 * is 6 pixels high whatever h says).  pixels: 4 bytes a pixel (R, G, B
 * and a padding byte that is ignored: libmpv's "rgb0"), stride bytes a
 * row.  The raster attributes say 1:1 pixels of w x h; the palette is
 * registers 0..215, (r * 36 + g * 6 + b) for levels 0..5 of 0..255 in
 * steps of 51.  Out-of-memory is fatal.
 */
void sixel_encode(struct sixel *s, struct strbuf *out, const uint8_t *pixels,
                  size_t stride, int w, int h);

#endif
