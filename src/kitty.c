/* kitty.c - pictures for the kitty graphics protocol.  Rows are packed to
 * RGB one at a time and fed to deflate (level 1: a 1280x720 testsrc2 frame
 * in about 5 ms of CPU, 163 KB sent instead of 3.7 MB of raw RGBA), whose
 * output is base64-encoded by hand straight into out: no copy of the whole
 * picture is made. */
#include "kitty.h"

#include "fatal.h"
#include "xmem.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

/* Raw bytes in a full chunk: KITTY_CHUNK base64 bytes, no padding. */
enum { KITTY_CHUNK_RAW = KITTY_CHUNK / 4 * 3 };

/* A later chunk's keys: q again, since kitty has read q from the last
 * chunk (kitty issue #3375) and would then answer on the keyboard. */
#define KITTY_MORE "\x1b_Gm=1,q=2;"
#define KITTY_LAST "\x1b_Gm=0,q=2;"
#define KITTY_END "\x1b\\"

static const char kitty_b64[64] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/* Base64 of in[0..n) at dst (4 * ceil(n / 3) bytes, padded); returns the
 * bytes written. */
static size_t kitty_base64(char *dst, const uint8_t *in, size_t n)
{
    char *d = dst;
    size_t i = 0;

    for (; i + 3 <= n; i += 3) {
        uint32_t v = (uint32_t)in[i] << 16 | (uint32_t)in[i + 1] << 8 | in[i + 2];

        d[0] = kitty_b64[v >> 18];
        d[1] = kitty_b64[v >> 12 & 63];
        d[2] = kitty_b64[v >> 6 & 63];
        d[3] = kitty_b64[v & 63];
        d += 4;
    }
    if (i < n) {
        uint32_t v = (uint32_t)in[i] << 16;

        if (i + 1 < n)
            v |= (uint32_t)in[i + 1] << 8;
        d[0] = kitty_b64[v >> 18];
        d[1] = kitty_b64[v >> 12 & 63];
        d[2] = i + 1 < n ? kitty_b64[v >> 6 & 63] : '=';
        d[3] = '=';
        d += 4;
    }
    return (size_t)(d - dst);
}

/* Run deflate over its input (to the stream's end with Z_FINISH), growing
 * *buf when its output fills it. */
static void kitty_deflate(z_stream *zs, uint8_t **buf, size_t *cap, int flush)
{
    for (;;) {
        size_t used = (size_t)(zs->next_out - *buf);
        int rc;

        if (used == *cap) {
            *cap *= 2;
            *buf = xreallocarray(*buf, *cap, 1);
        }
        zs->next_out = *buf + used;
        zs->avail_out = *cap - used > UINT_MAX ? UINT_MAX : (uInt)(*cap - used);
        rc = deflate(zs, flush);
        if (rc == Z_STREAM_END)
            return;
        if (rc != Z_OK && rc != Z_BUF_ERROR)
            fatal("kitty: deflate: %s", zs->msg ? zs->msg : "stream error");
        if (flush != Z_FINISH && zs->avail_in == 0 && zs->avail_out > 0)
            return;
    }
}

/* The picture's RGB, deflated, in a new buffer (the caller frees it);
 * *len its size. */
static uint8_t *kitty_compress(const uint8_t *pixels, size_t stride, int w,
                               int h, size_t *len)
{
    size_t row_bytes = (size_t)w * 3;
    uint8_t *row = xmalloc(row_bytes);
    z_stream zs;
    uint8_t *buf;
    size_t cap;
    int rc;

    memset(&zs, 0, sizeof zs);
    rc = deflateInit(&zs, 1);
    if (rc == Z_MEM_ERROR)
        fatal("out of memory (kitty: deflate)");
    if (rc != Z_OK)
        fatal("kitty: deflateInit: %s", zs.msg ? zs.msg : zError(rc));
    /* The bound of the whole stream: one allocation, and only the part
     * deflate writes is ever touched. */
    cap = deflateBound(&zs, (uLong)(row_bytes * (size_t)h));
    buf = xmalloc(cap);
    zs.next_out = buf;
    for (int y = 0; y < h; y++) {
        const uint8_t *p = pixels + (size_t)y * stride;

        for (size_t x = 0; x < (size_t)w; x++) {
            row[3 * x] = p[4 * x];
            row[3 * x + 1] = p[4 * x + 1];
            row[3 * x + 2] = p[4 * x + 2];
        }
        zs.next_in = row;
        zs.avail_in = (uInt)row_bytes;
        kitty_deflate(&zs, &buf, &cap, y == h - 1 ? Z_FINISH : Z_NO_FLUSH);
    }
    *len = (size_t)(zs.next_out - buf);
    deflateEnd(&zs);
    free(row);
    return buf;
}

void kitty_frame(struct strbuf *out, const uint8_t *pixels, size_t stride,
                 int w, int h, unsigned id)
{
    char head[160];
    size_t len, chunks, done = 0;
    uint8_t *z;
    char *p, *start;
    int head_len;

    if (id == 0)
        fatal("kitty: image id 0");
    if (w < 1 || h < 1)
        return;
    z = kitty_compress(pixels, stride, w, h, &len);
    chunks = (len + KITTY_CHUNK_RAW - 1) / KITTY_CHUNK_RAW;
    head_len = snprintf(head, sizeof head,
                        "\x1b_Ga=T,f=24,s=%d,v=%d,o=z,i=%u,p=1,z=-1,C=1,q=2,m=%d;",
                        w, h, id, chunks > 1);
    start = p = strbuf_reserve(out, (size_t)head_len +
                               chunks * (sizeof KITTY_MORE + sizeof KITTY_END +
                                         KITTY_CHUNK));
    memcpy(p, head, (size_t)head_len);
    p += head_len;
    for (size_t c = 0; c < chunks; c++) {
        size_t n = len - done < KITTY_CHUNK_RAW ? len - done : KITTY_CHUNK_RAW;

        if (c > 0) {
            const char *keys = c + 1 < chunks ? KITTY_MORE : KITTY_LAST;

            memcpy(p, keys, sizeof KITTY_MORE - 1);
            p += sizeof KITTY_MORE - 1;
        }
        p += kitty_base64(p, z + done, n);
        done += n;
        memcpy(p, KITTY_END, sizeof KITTY_END - 1);
        p += sizeof KITTY_END - 1;
    }
    strbuf_commit(out, (size_t)(p - start));
    free(z);
}

void kitty_delete(struct strbuf *out, unsigned id)
{
    if (id == 0)
        fatal("kitty: image id 0");
    strbuf_addf(out, "\x1b_Ga=d,d=I,i=%u,q=2" KITTY_END, id);
}
