/* kitty.h - a picture as kitty graphics protocol escape sequences: RGB,
 * zlib-deflated, base64 in chunks, shown at the cursor below the text.
 * Spec: kitty's docs/graphics-protocol.rst; no terminal is asked anything. */
#ifndef TPLAY_KITTY_H
#define TPLAY_KITTY_H

#include "strbuf.h"

#include <stddef.h>
#include <stdint.h>

/* The most base64 bytes in one escape sequence (the protocol's limit; a
 * multiple of 4, so every chunk but the last decodes on its own). */
enum { KITTY_CHUNK = 4096 };

/*
 * Append to out the escape sequences that show the w x h picture at the
 * cursor.  pixels: 4 bytes a pixel (R, G, B, then a padding byte that is
 * ignored: libmpv's "rgb0"), stride bytes a row.  Sent as f=24 (RGB),
 * zlib-deflated (o=z, level 1: speed over size), base64 in chunks of at
 * most KITTY_CHUNK bytes (m=1 ... m=0; the first chunk carries every key,
 * the others only m and q), as image id with placement p=1, z=-1 (below
 * text so curses' text shows over it), C=1 (the cursor does not move), q=2
 * (no replies that would reach the keyboard).  A new picture with the same
 * id replaces the old one and its placement.  id is 1 to 4294967295 (0 is
 * no id in the protocol: a bug, fatal()); w or h below 1 appends nothing.
 * Memory: a row of RGB and deflate's output (about w * h * 3 bytes at
 * most, mostly untouched), freed before returning; out-of-memory is fatal.
 */
void kitty_frame(struct strbuf *out, const uint8_t *pixels, size_t stride,
                 int w, int h, unsigned id);

/* Append the sequence that deletes image id, its data and placements
 * (a=d,d=I,i=id,q=2). */
void kitty_delete(struct strbuf *out, unsigned id);

#endif
