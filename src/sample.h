/* sample.h - the PCM sample formats the mic path takes from and gives to
 * a device, converted to and from float at the edges of the filter. */
#ifndef TPLAY_SAMPLE_H
#define TPLAY_SAMPLE_H

#include <stddef.h>

/* Native-endian, interleaved. */
enum sample_format {
    SAMPLE_F32,   /* float, full scale +-1 */
    SAMPLE_S32,   /* signed 32-bit */
    SAMPLE_S24,   /* signed 24-bit in the low bits of 32 */
    SAMPLE_S24_3, /* signed 24-bit packed in 3 bytes, little-endian */
    SAMPLE_S16,   /* signed 16-bit */
    SAMPLE_FORMATS
};

/* Bytes one sample takes. */
size_t sample_bytes(enum sample_format f);

/* The format's name as ALSA spells it ("FLOAT_LE", "S16_LE", ...). */
const char *sample_name(enum sample_format f);

/* n samples from src in format f to floats in [-1, 1). */
void sample_to_float(enum sample_format f, const void *src, float *dst,
                     size_t n);

/* n floats to format f: rounded to nearest, clipped to the format's range
 * (a float stays as it is, as a float device would take it). */
void sample_from_float(enum sample_format f, const float *src, void *dst,
                       size_t n);

#endif
