/* halfblock.h - pixels to half-block cells: each cell is U+2580 (upper
 * half block) with the pixel above as its foreground and the pixel below
 * as its background, in the terminal's colours. */
#ifndef TPLAY_HALFBLOCK_H
#define TPLAY_HALFBLOCK_H

#include "video.h"

#include <stddef.h>
#include <stdint.h>

#define HALFBLOCK_CHAR 0x2580u /* ▀ */

/* The colour a cell gets for the pixel 0xRRGGBB: itself in truecolor;
 * the nearest of the xterm palette's 16..255 (the 6x6x6 cube and the 24
 * greys: 0..15 are left out, as the terminal's theme may redefine them);
 * the nearest of the 16 standard colours (xterm's defaults). */
uint32_t halfblock_color(uint32_t rgb, enum video_colors colors);

/* Fill cols x rows cells from the cols x (2 * rows) pixels at pixels, in
 * libmpv's "rgb0" layout (bytes R, G, B, padding), rows stride bytes
 * apart. */
void halfblock_convert(const uint8_t *pixels, size_t stride, int cols,
                       int rows, enum video_colors colors,
                       struct video_cell *cells);

#endif
