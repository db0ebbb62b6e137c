/* text.c - sanitise and measure text for the screen (wcwidth columns). */
#include "text.h"

#include "utf8.h"

#include <limits.h>
#include <string.h>
#include <wchar.h>

int text_fit(struct strbuf *out, const char *s, int cols)
{
    size_t len = strlen(s), used;
    int width = 0;
    size_t mark_len = out->len; /* where to cut back for the ellipsis */
    int mark_width = 0;

    for (size_t i = 0; i < len; i += used) {
        uint32_t cp = utf8_decode(s + i, len - i, &used);
        char enc[4];
        int w;

        if (utf8_is_unsafe(cp))
            continue;
        w = wcwidth((wchar_t)cp);
        if (w < 0) { /* unprintable: show a replacement */
            cp = UTF8_REPLACEMENT;
            w = 1;
        }
        if (width + w > cols) {
            /* Cut back until the ellipsis fits in the last column. */
            out->len = mark_len;
            out->buf[out->len] = '\0';
            width = mark_width;
            if (cols > 0) {
                strbuf_adds(out, "\xe2\x80\xa6");
                width++;
            }
            return width;
        }
        if (width + w <= cols - 1) { /* still room for an ellipsis after */
            mark_len = out->len + utf8_encode(cp, enc);
            mark_width = width + w;
        }
        strbuf_add(out, enc, utf8_encode(cp, enc));
        width += w;
    }
    return width;
}

int text_wrap(struct strbuf *out, const char *s, int cols)
{
    struct strbuf clean = STRBUF_INIT;
    size_t used, space = SIZE_MAX; /* in out: the last space on this row */
    int width = 0, at_space = 0, rows = 1;

    if (cols < 1)
        cols = 1;
    text_fit(&clean, s, INT_MAX);
    for (size_t i = 0; i < clean.len; i += used) {
        uint32_t cp = utf8_decode(clean.buf + i, clean.len - i, &used);
        int w = wcwidth((wchar_t)cp); /* >= 0: text_fit replaced the rest */
        const char *bytes = clean.buf + i;
        size_t n = used;

        /* A wide character cannot fit a one-column row, on this row or the
         * next: without this the loop below would add rows forever. */
        if (w > cols) {
            bytes = "\xe2\x80\xa6";
            n = strlen(bytes);
            w = 1;
        }

        if (cp == ' ' && width + w > cols) { /* a break right here */
            strbuf_addc(out, '\n');
            width = 0;
            space = SIZE_MAX;
            rows++;
            continue;
        }
        while (width + w > cols) {
            if (space != SIZE_MAX) { /* the words after it move down */
                out->buf[space] = '\n';
                width -= at_space + 1;
                space = SIZE_MAX;
            } else {
                strbuf_addc(out, '\n');
                width = 0;
            }
            rows++;
        }
        if (cp == ' ') {
            space = out->len;
            at_space = width;
        }
        strbuf_add(out, bytes, n);
        width += w;
    }
    strbuf_free(&clean);
    return rows;
}

int text_width(const char *s)
{
    struct strbuf sb = STRBUF_INIT;
    int w = text_fit(&sb, s, 1 << 20);

    strbuf_free(&sb);
    return w;
}
