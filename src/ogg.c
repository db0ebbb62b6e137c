/* ogg.c - walk the BOS pages of an Ogg stream (RFC 3533). */
#include "ogg.h"

#include <string.h>

#define OGG_HEADER_SIZE 27
#define OGG_FLAG_BOS    0x02

static uint32_t ogg_le32(const unsigned char *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
           (uint32_t)p[3] << 24;
}

size_t ogg_read_serials(FILE *f, uint32_t serials[OGG_MAX_STREAMS])
{
    unsigned char h[OGG_HEADER_SIZE], segs[255];
    size_t count = 0;

    rewind(f);
    /* RFC 3533 §4: all BOS pages come first, one per logical stream. */
    while (count < OGG_MAX_STREAMS) {
        long body = 0;

        if (fread(h, 1, sizeof h, f) != sizeof h ||
            memcmp(h, "OggS", 4) != 0 || h[4] != 0)
            break;
        if (!(h[5] & OGG_FLAG_BOS))
            break;
        serials[count++] = ogg_le32(h + 14);
        if (fread(segs, 1, h[26], f) != h[26])
            break;
        for (int i = 0; i < h[26]; i++)
            body += segs[i];
        if (fseek(f, body, SEEK_CUR) != 0)
            break;
    }
    rewind(f);
    return count;
}
