/* fuzz_ogg.c - the bytes as the start of an Ogg file: ogg_read_serials
 * over a memory stream, against a walk of the same bytes written from
 * RFC 3533 section 6 (the page header) and section 4 (BOS pages first). */
#include "fuzz.h"

#include "ogg.h"
#include "property.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The serials of the leading BOS pages, straight from the bytes. */
static size_t fuzz_ogg_expected(const uint8_t *d, size_t size,
                                uint32_t serials[OGG_MAX_STREAMS])
{
    size_t pos = 0, count = 0;

    while (count < OGG_MAX_STREAMS && size - pos >= 27 &&
           memcmp(d + pos, "OggS", 4) == 0 && d[pos + 4] == 0 &&
           (d[pos + 5] & 0x02)) {
        size_t nseg = d[pos + 26], body = 0;

        serials[count++] = (uint32_t)d[pos + 14] | (uint32_t)d[pos + 15] << 8 |
                           (uint32_t)d[pos + 16] << 16 |
                           (uint32_t)d[pos + 17] << 24;
        if (size - pos - 27 < nseg)
            break;
        for (size_t i = 0; i < nseg; i++)
            body += d[pos + 27 + i];
        if (size - pos - 27 - nseg < body)
            break;
        pos += 27 + nseg + body;
    }
    return count;
}

int fuzz_ogg_one(const uint8_t *data, size_t size)
{
    /* fmemopen in "r" mode only reads the buffer. */
    FILE *f = fmemopen((void *)(uintptr_t)data, size, "r");
    uint32_t got[OGG_MAX_STREAMS], want[OGG_MAX_STREAMS];
    size_t n, m;

    if (!f)
        abort();
    n = ogg_read_serials(f, got);
    PROPERTY(ftell(f) == 0);
    m = fuzz_ogg_expected(data, size, want);
    PROPERTY(n == m);
    PROPERTY(memcmp(got, want, n * sizeof got[0]) == 0);
    fclose(f);
    return 0;
}

FUZZ_ENTRY(fuzz_ogg_one)
