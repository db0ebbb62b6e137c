/* fuzz_label.c - label sanitising: a track label (exact bytes from the
 * file) through text_fit, text_wrap and the JSON escaping, at several
 * widths.  The first byte picks one more width (signed), the rest is the
 * label up to its first NUL. */
#include "fuzz.h"

#include "json.h"
#include "property.h"
#include "strbuf.h"
#include "text.h"
#include "utf8.h"

#include <limits.h>
#include <locale.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

/* Appended after this, so that a target writing before its start shows. */
#define FUZZ_LABEL_PREFIX "\xc2\xbb"

/* wcwidth, as on the user's screen, needs a UTF-8 locale. */
static void fuzz_label_locale(void)
{
    static bool done;

    if (!done && !setlocale(LC_CTYPE, "C.UTF-8"))
        abort();
    done = true;
}

/* The label as the screen will show it: invalid UTF-8 as U+FFFD. */
static void fuzz_label_decoded(struct strbuf *out, const char *s)
{
    size_t len = strlen(s), used;

    for (size_t i = 0; i < len; i += used) {
        char enc[4];

        strbuf_add(out, enc, utf8_encode(utf8_decode(s + i, len - i, &used),
                                         enc));
    }
}

/* Undo JSON string escaping (no quotes around) into out; the escapes must
 * be JSON's and no quote, backslash or control may stand raw. */
static void fuzz_label_unjson(struct strbuf *out, const char *s, size_t n)
{
    static const char from[] = "\"\\/bfnrt", to[] = "\"\\/\b\f\n\r\t";

    for (size_t i = 0; i < n; i++) {
        const char *e;
        char hex[5], *end, enc[4];
        unsigned long cp;

        PROPERTY(s[i] != '"' && (unsigned char)s[i] >= 0x20);
        if (s[i] != '\\') {
            strbuf_addc(out, s[i]);
            continue;
        }
        PROPERTY(i + 1 < n);
        i++;
        if (s[i] != 'u') {
            PROPERTY(s[i] && (e = strchr(from, s[i])) != NULL);
            strbuf_addc(out, to[e - from]);
            continue;
        }
        PROPERTY(i + 4 < n);
        memcpy(hex, s + i + 1, 4);
        hex[4] = '\0';
        cp = strtoul(hex, &end, 16);
        PROPERTY(end == hex + 4 && !(cp >= 0xD800 && cp <= 0xDFFF));
        strbuf_add(out, enc, utf8_encode((uint32_t)cp, enc));
        i += 4;
    }
}

/* text_fit at cols: safe, within cols, and either the whole label or a
 * prefix of it with an ellipsis that wastes at most one column. */
static void fuzz_label_fit(const char *s, const struct strbuf *full,
                           int full_width, int cols)
{
    struct strbuf sb = STRBUF_INIT;
    size_t plen = strlen(FUZZ_LABEL_PREFIX), n;
    const char *a;
    int w;

    strbuf_adds(&sb, FUZZ_LABEL_PREFIX);
    w = text_fit(&sb, s, cols);
    PROPERTY(sb.len >= plen && memcmp(sb.buf, FUZZ_LABEL_PREFIX, plen) == 0);
    a = sb.buf + plen;
    n = sb.len - plen;
    PROPERTY(strlen(a) == n);
    property_safe_text(a, n);
    PROPERTY(property_columns(a, n) == w);
    PROPERTY(w >= 0 && w <= (cols > 0 ? cols : 0));
    if (full_width <= cols) {
        PROPERTY(n == full->len && memcmp(a, strbuf_str(full), n) == 0);
    } else if (cols <= 0) {
        PROPERTY(n == 0);
    } else {
        size_t keep = n - strlen("\xe2\x80\xa6");

        PROPERTY(n >= 3 && strcmp(a + keep, "\xe2\x80\xa6") == 0);
        PROPERTY(keep <= full->len && memcmp(a, strbuf_str(full), keep) == 0);
        PROPERTY(w >= cols - 1);
    }
    strbuf_free(&sb);
}

/* Append safe text s without spaces and newlines, and with each
 * character wider than cols as the ellipsis that stands for it. */
static void fuzz_label_squeeze(struct strbuf *out, const char *s, size_t n,
                               int cols)
{
    uint32_t cp;

    for (size_t i = 0, at = 0; i < n; at = i) {
        PROPERTY(property_utf8_next(s, n, &i, &cp));
        if (wcwidth((wchar_t)cp) > cols)
            strbuf_adds(out, "\xe2\x80\xa6");
        else if (cp != ' ' && cp != '\n')
            strbuf_add(out, s + at, i - at);
    }
}

/* text_wrap at cols: rows of safe text within the row width, as many as
 * it says, and nothing but spaces lost or gained (a character wider than
 * a row becomes an ellipsis). */
static void fuzz_label_wrap(const char *s, const struct strbuf *full,
                            int cols)
{
    struct strbuf sb = STRBUF_INIT, got = STRBUF_INIT, want = STRBUF_INIT;
    size_t plen = strlen(FUZZ_LABEL_PREFIX), n, start;
    int rows, seen = 0, row_cols = cols < 1 ? 1 : cols;
    const char *a;

    strbuf_adds(&sb, FUZZ_LABEL_PREFIX);
    rows = text_wrap(&sb, s, cols);
    PROPERTY(sb.len >= plen && memcmp(sb.buf, FUZZ_LABEL_PREFIX, plen) == 0);
    a = sb.buf + plen;
    n = sb.len - plen;
    for (start = 0;; start++) {
        const char *nl = memchr(a + start, '\n', n - start);
        size_t end = nl ? (size_t)(nl - a) : n;

        property_safe_text(a + start, end - start);
        PROPERTY(property_columns(a + start, end - start) <= row_cols);
        seen++;
        if (!nl)
            break;
        start = end;
    }
    PROPERTY(seen == rows);
    fuzz_label_squeeze(&got, a, n, row_cols);
    fuzz_label_squeeze(&want, strbuf_str(full), full->len, row_cols);
    PROPERTY(got.len == want.len &&
             memcmp(strbuf_str(&got), strbuf_str(&want), got.len) == 0);
    strbuf_free(&sb);
    strbuf_free(&got);
    strbuf_free(&want);
}

/* The three JSON escapers: safe text; the quoting ones give back the
 * label exactly (as decoded) once unescaped. */
static void fuzz_label_json(const char *s)
{
    struct strbuf str = STRBUF_INIT, esc = STRBUF_INIT, text = STRBUF_INIT,
                  back = STRBUF_INIT, want = STRBUF_INIT;

    json_add_string(&str, s);
    json_add_escaped(&esc, s);
    json_add_text(&text, s);
    PROPERTY(str.len >= 2 && str.buf[0] == '"' && str.buf[str.len - 1] == '"');
    property_safe_text(str.buf, str.len);
    property_safe_text(strbuf_str(&esc), esc.len);
    property_safe_text(strbuf_str(&text), text.len);
    PROPERTY(esc.len == str.len - 2 &&
             memcmp(strbuf_str(&esc), str.buf + 1, esc.len) == 0);
    fuzz_label_decoded(&want, s);
    fuzz_label_unjson(&back, str.buf + 1, str.len - 2);
    PROPERTY(back.len == want.len &&
             memcmp(strbuf_str(&back), strbuf_str(&want), back.len) == 0);
    strbuf_free(&str);
    strbuf_free(&esc);
    strbuf_free(&text);
    strbuf_free(&back);
    strbuf_free(&want);
}

int fuzz_label_one(const uint8_t *data, size_t size)
{
    struct strbuf full = STRBUF_INIT;
    int widths[] = { 0, 0, 1, 2, 3, 5, 80 }, full_width;
    char *s;

    if (size == 0)
        return 0;
    fuzz_label_locale();
    widths[0] = (int)(int8_t)data[0];
    s = property_string(data + 1, size - 1);
    full_width = text_fit(&full, s, INT_MAX);
    property_safe_text(strbuf_str(&full), full.len);
    PROPERTY(property_columns(strbuf_str(&full), full.len) == full_width);
    PROPERTY(text_width(s) == full_width);
    for (size_t i = 0; i < sizeof widths / sizeof widths[0]; i++) {
        fuzz_label_fit(s, &full, full_width, widths[i]);
        fuzz_label_wrap(s, &full, widths[i]);
    }
    fuzz_label_json(s);
    strbuf_free(&full);
    free(s);
    return 0;
}

FUZZ_ENTRY(fuzz_label_one)
