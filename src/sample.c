/* sample.c - integer PCM <-> float, scaled by 2^(bits-1) both ways so a
 * round trip is exact. */
#include "sample.h"

#include <math.h>
#include <stdint.h>
#include <string.h>

static const struct {
    const char *name;
    size_t bytes;
} sample_formats[SAMPLE_FORMATS] = {
    [SAMPLE_F32] = { "FLOAT_LE", 4 },
    [SAMPLE_S32] = { "S32_LE", 4 },
    [SAMPLE_S24] = { "S24_LE", 4 },
    [SAMPLE_S24_3] = { "S24_3LE", 3 },
    [SAMPLE_S16] = { "S16_LE", 2 },
};

size_t sample_bytes(enum sample_format f)
{
    return sample_formats[f].bytes;
}

const char *sample_name(enum sample_format f)
{
    return sample_formats[f].name;
}

/* x * scale rounded and clipped to [-scale, scale - 1]. */
static int32_t sample_quantize(float x, double scale)
{
    double v = (double)x * scale;

    if (!(v > -scale)) /* also NaN: silence would hide it, the floor won't */
        return (int32_t)-scale;
    if (v >= scale - 1)
        return (int32_t)(scale - 1);
    return (int32_t)lrint(v);
}

void sample_to_float(enum sample_format f, const void *src, float *dst,
                     size_t n)
{
    const unsigned char *p = src;

    for (size_t i = 0; i < n; i++, p += sample_formats[f].bytes) {
        int32_t v32;
        int16_t v16;

        switch (f) {
        case SAMPLE_F32:
            memcpy(&dst[i], p, sizeof dst[i]);
            break;
        case SAMPLE_S32:
            memcpy(&v32, p, sizeof v32);
            dst[i] = (float)(v32 / 2147483648.0);
            break;
        case SAMPLE_S24:
            memcpy(&v32, p, sizeof v32);
            /* Sign-extend from bit 23; the top byte is padding. */
            v32 = (int32_t)((uint32_t)v32 << 8) / 256;
            dst[i] = (float)(v32 / 8388608.0);
            break;
        case SAMPLE_S24_3:
            v32 = (int32_t)((uint32_t)p[0] << 8 | (uint32_t)p[1] << 16 |
                            (uint32_t)p[2] << 24) / 256;
            dst[i] = (float)(v32 / 8388608.0);
            break;
        default:
            memcpy(&v16, p, sizeof v16);
            dst[i] = (float)(v16 / 32768.0);
            break;
        }
    }
}

void sample_from_float(enum sample_format f, const float *src, void *dst,
                       size_t n)
{
    unsigned char *p = dst;

    for (size_t i = 0; i < n; i++, p += sample_formats[f].bytes) {
        int32_t v32;
        int16_t v16;

        switch (f) {
        case SAMPLE_F32:
            memcpy(p, &src[i], sizeof src[i]);
            break;
        case SAMPLE_S32:
            v32 = sample_quantize(src[i], 2147483648.0);
            memcpy(p, &v32, sizeof v32);
            break;
        case SAMPLE_S24:
            v32 = sample_quantize(src[i], 8388608.0);
            memcpy(p, &v32, sizeof v32);
            break;
        case SAMPLE_S24_3:
            v32 = sample_quantize(src[i], 8388608.0);
            p[0] = (unsigned char)((uint32_t)v32 & 0xff);
            p[1] = (unsigned char)((uint32_t)v32 >> 8 & 0xff);
            p[2] = (unsigned char)((uint32_t)v32 >> 16 & 0xff);
            break;
        default:
            v16 = (int16_t)sample_quantize(src[i], 32768.0);
            memcpy(p, &v16, sizeof v16);
            break;
        }
    }
}
