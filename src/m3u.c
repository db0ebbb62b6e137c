/* m3u.c - M3U/M3U8 text to entries: the extended format's #EXTINF titles,
 * a UTF-8 check and the windows-1252 fallback. */
#include "m3u.h"

#include "strbuf.h"
#include "utf8.h"
#include "xmem.h"

#include <stdlib.h>
#include <string.h>

/* windows-1252's 0x80-0x9F (WHATWG index); the five bytes Windows leaves
 * unassigned map to the C1 controls of the same value, as WHATWG does. */
static const unsigned short m3u_cp1252[32] = {
    0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
    0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x008D, 0x017D, 0x008F,
    0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
    0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178,
};

/* Whether len bytes at s are valid UTF-8 (a U+FFFD written as its three
 * bytes is valid; one that utf8_decode made up for bad bytes is not). */
static bool m3u_valid_utf8(const char *s, size_t len)
{
    for (size_t i = 0; i < len;) {
        size_t used;
        uint32_t cp = utf8_decode(s + i, len - i, &used);

        if (cp == UTF8_REPLACEMENT &&
            (used != 3 || memcmp(s + i, "\xef\xbf\xbd", 3) != 0))
            return false;
        i += used;
    }
    return true;
}

/* len bytes of windows-1252 as UTF-8, in sb. */
static void m3u_from_cp1252(struct strbuf *sb, const char *s, size_t len)
{
    for (size_t i = 0; i < len; i++) {
        unsigned char b = (unsigned char)s[i];
        uint32_t cp = b >= 0x80 && b <= 0x9F ? m3u_cp1252[b - 0x80] : b;
        char out[4];

        strbuf_add(sb, out, utf8_encode(cp, out));
    }
}

static bool m3u_blank(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v';
}

/* [*s, *e) without blanks at either end. */
static void m3u_trim(const char **s, const char **e)
{
    while (*s < *e && m3u_blank(**s))
        (*s)++;
    while (*e > *s && m3u_blank((*e)[-1]))
        (*e)--;
}

/* The title of "#EXTINF:DURATION [ATTRIBUTES],TITLE" (the part after
 * "#EXTINF:" is [s, e)): what follows the first comma outside double
 * quotes (IPTV lists put quoted attributes, commas and all, before it),
 * trimmed; NULL when there is none or it is empty. */
static char *m3u_title(const char *s, const char *e)
{
    bool quoted = false;

    for (; s < e; s++) {
        if (*s == '"')
            quoted = !quoted;
        else if (*s == ',' && !quoted)
            break;
    }
    if (s == e)
        return NULL;
    s++;
    m3u_trim(&s, &e);
    return s < e ? xstrndup(s, (size_t)(e - s)) : NULL;
}

#define M3U_EXTINF "#EXTINF:"

/* Whether [s, e) starts with M3U_EXTINF, in any case. */
static bool m3u_is_extinf(const char *s, const char *e)
{
    static const char tag[] = M3U_EXTINF;
    size_t n = sizeof tag - 1;

    if ((size_t)(e - s) < n)
        return false;
    for (size_t i = 0; i < n; i++) {
        char c = s[i] >= 'a' && s[i] <= 'z' ? (char)(s[i] - 'a' + 'A') : s[i];

        if (c != tag[i])
            return false;
    }
    return true;
}

/* Refuse what is no text playlist: 0, or -1 with *err. */
static int m3u_check(const char *text, size_t len, char **err)
{
    const char *nul;

    if (len > (size_t)M3U_MAX_BYTES) {
        *err = xasprintf("more than %ld MiB: too big for a playlist",
                         M3U_MAX_BYTES >> 20);
        return -1;
    }
    if (len >= 2 && ((text[0] == '\xff' && text[1] == '\xfe') ||
                     (text[0] == '\xfe' && text[1] == '\xff'))) {
        *err = xstrdup("UTF-16 text; save the playlist as UTF-8 (.m3u8)");
        return -1;
    }
    nul = memchr(text, '\0', len);
    if (nul) {
        size_t line = 1;

        for (const char *q = text; q < nul; q++)
            line += *q == '\n';
        *err = xasprintf("a NUL byte on line %zu: a binary file, not a "
                         "playlist", line);
        return -1;
    }
    return 0;
}

int m3u_parse(const char *text, size_t len, enum m3u_charset cs,
              m3u_entry_fn fn, void *data, char **err)
{
    struct strbuf conv = STRBUF_INIT, loc = STRBUF_INIT;
    char *title = NULL;
    const char *p, *end;
    size_t line = 0;
    bool go = true;

    if (m3u_check(text, len, err) < 0)
        return -1;
    if (len >= 3 && memcmp(text, "\xef\xbb\xbf", 3) == 0) {
        text += 3;
        len -= 3;
    }
    /* A byte order mark before bytes that are not UTF-8 is no proof. */
    if (cs == M3U_GUESS && !m3u_valid_utf8(text, len)) {
        m3u_from_cp1252(&conv, text, len);
        text = strbuf_str(&conv);
        len = conv.len;
    }
    for (p = text, end = text + len; go && p < end;) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        const char *s = p, *e = nl ? nl : end;

        p = nl ? nl + 1 : end;
        line++;
        m3u_trim(&s, &e);
        if (s == e)
            continue;
        if (*s == '#') {
            if (m3u_is_extinf(s, e)) {
                free(title);
                title = m3u_title(s + strlen(M3U_EXTINF), e);
            }
            continue;
        }
        strbuf_reset(&loc);
        strbuf_add(&loc, s, (size_t)(e - s));
        go = fn(data, &(struct m3u_entry){ strbuf_str(&loc), title, line });
        free(title);
        title = NULL;
    }
    free(title);
    strbuf_free(&loc);
    strbuf_free(&conv);
    return 0;
}
