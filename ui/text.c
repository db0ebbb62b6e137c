/* text.c - sanitise and measure text for the screen (wcwidth columns). */
#include "text.h"

#include "utf8.h"

#include <limits.h>
#include <string.h>
#include <wchar.h>

/* Single-column ASCII stand-ins for the symbols tplay's own strings use,
 * for a locale that cannot show them (LANG=C). */
static const struct {
    uint32_t cp;
    char ascii;
} text_standins[] = {
    { 0x2026, '~' }, /* … (where text is cut) */
    { 0x25B6, '>' }, /* ▶ playing */
    { 0x2016, '|' }, /* ‖ paused */
    { 0x25A0, '#' }, /* ■ ended */
    { 0x2014, '-' }, /* — */
    { 0x2013, '-' }, /* – */
    { 0x2190, '<' }, /* ← */
    { 0x2192, '>' }, /* → */
    { 0x2191, '^' }, /* ↑ */
    { 0x2193, 'v' }, /* ↓ */
    { 0x2588, '#' }, /* █ meter: RMS */
    { 0x2592, '=' }, /* ▒ meter: up to the peak */
    { 0x00B7, '.' }, /* · meter: empty */
    { 0x25CB, 'o' }, /* ○ off */
    { 0x25CF, '*' }, /* ● on */
    { 0x00D7, 'x' }, /* × */
};

/* cp as the locale can show it, with its width in *w: cp itself, else
 * its ASCII stand-in, else U+FFFD, else '?' (a locale without Unicode
 * has neither the character nor U+FFFD). */
static uint32_t text_showable(uint32_t cp, int *w)
{
    *w = wcwidth((wchar_t)cp);
    if (*w >= 0)
        return cp;
    *w = 1;
    for (size_t i = 0; i < sizeof text_standins / sizeof text_standins[0];
         i++)
        if (text_standins[i].cp == cp)
            return (uint32_t)(unsigned char)text_standins[i].ascii;
    return wcwidth((wchar_t)UTF8_REPLACEMENT) == 1 ? UTF8_REPLACEMENT : '?';
}

/* The ellipsis the locale can show ("…", or "~"), one column, encoded
 * into enc; returns its length. */
static size_t text_ellipsis(char enc[4])
{
    int w;

    return utf8_encode(text_showable(0x2026, &w), enc);
}

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
        cp = text_showable(cp, &w);
        if (width + w > cols) {
            /* Cut back until the ellipsis fits in the last column. */
            out->len = mark_len;
            out->buf[out->len] = '\0';
            width = mark_width;
            if (cols > 0) {
                strbuf_add(out, enc, text_ellipsis(enc));
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
        char ell[4];

        /* A wide character cannot fit a one-column row, on this row or the
         * next: without this the loop below would add rows forever. */
        if (w > cols) {
            n = text_ellipsis(ell);
            bytes = ell;
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
