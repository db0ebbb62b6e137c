/* ogg.h - the stream serial numbers of an Ogg file (the W3C AudioTrack id),
 * which neither libmpv nor libavformat reports. */
#ifndef TPLAY_OGG_H
#define TPLAY_OGG_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#define OGG_MAX_STREAMS 64

/*
 * Read the beginning-of-stream pages at the start of f and store the serial
 * numbers in page order (libavformat's stream order) in serials.  Returns
 * the count (0 when f is not Ogg).  Reads at most a few pages.
 */
size_t ogg_read_serials(FILE *f, uint32_t serials[OGG_MAX_STREAMS]);

#endif
