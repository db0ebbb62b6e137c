/* fuzz_m3u.c - the bytes as a playlist, read as .m3u (UTF-8, else
 * windows-1252) and as .m3u8; then what the program does with the
 * entries: the natural order sorts them, --start's parser reads them
 * as times, and what follows a '#' in them is read as a media fragment. */
#include "fuzz.h"

#include "fragment.h"
#include "m3u.h"
#include "playlist.h"
#include "property.h"
#include "timepos.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

struct fuzz_m3u {
    enum m3u_charset cs;
    size_t lines;      /* in the input: its '\n's and one */
    size_t last_line;  /* the previous entry's */
    char *prev[2];     /* the two entries before, for the order */
};

static bool fuzz_m3u_blank(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v';
}

/* A location or title: one line, trimmed, UTF-8 when it was converted. */
static void fuzz_m3u_text(const struct fuzz_m3u *f, const char *s)
{
    size_t n = strlen(s);

    PROPERTY(n > 0);
    PROPERTY(!memchr(s, '\n', n));
    PROPERTY(!fuzz_m3u_blank(s[0]) && !fuzz_m3u_blank(s[n - 1]));
    if (f->cs == M3U_GUESS)
        for (size_t i = 0; i < n;) {
            uint32_t cp;

            PROPERTY(property_utf8_next(s, n, &i, &cp));
        }
}

static int fuzz_m3u_sign(int x)
{
    return (x > 0) - (x < 0);
}

/* The natural order is a total order: antisymmetric, 0 only for equal
 * strings, transitive (checked on each three entries in a row). */
static void fuzz_m3u_order(char *const prev[2], const char *s)
{
    for (int k = 0; k < 2; k++) {
        int ab, ba;

        if (!prev[k])
            continue;
        ab = fuzz_m3u_sign(playlist_natural_cmp(prev[k], s));
        ba = fuzz_m3u_sign(playlist_natural_cmp(s, prev[k]));
        PROPERTY(ab == -ba);
        PROPERTY((ab == 0) == (strcmp(prev[k], s) == 0));
    }
    if (prev[0] && prev[1]) {
        int ab = playlist_natural_cmp(prev[1], prev[0]);
        int bc = playlist_natural_cmp(prev[0], s);
        int ac = playlist_natural_cmp(prev[1], s);

        if (ab < 0 && bc < 0)
            PROPERTY(ac < 0);
        if (ab > 0 && bc > 0)
            PROPERTY(ac > 0);
    }
}

/* As --start would read it: in range, inside a known duration, and an
 * absolute time formats to what parses back to its whole seconds. */
static void fuzz_m3u_time(const char *s)
{
    struct timepos t;
    char buf[TIMEPOS_FORMAT_MAX];
    double at;

    if (timepos_parse(s, &t) != 0)
        return;
    PROPERTY(isfinite(t.value) && t.value >= 0 && t.value <= TIMEPOS_MAX);
    PROPERTY(t.kind != TIMEPOS_PERCENT || t.value <= 100);
    at = timepos_resolve(&t, 3600);
    PROPERTY(at >= 0 && at <= 3600);
    at = timepos_resolve(&t, 0);
    PROPERTY(t.kind == TIMEPOS_ABSOLUTE ? at == t.value : at == -1);
    if (t.kind == TIMEPOS_ABSOLUTE && t.value < TIMEPOS_MAX) {
        struct timepos back;

        timepos_format(buf, sizeof buf, t.value);
        PROPERTY(timepos_parse(buf, &back) == 0);
        PROPERTY(back.kind == TIMEPOS_ABSOLUTE &&
                 back.value == floor(t.value));
    }
}

/* What follows the last '#' as a media fragment: an answer of the three,
 * a message exactly when refused, a range that is one, no empty track. */
static void fuzz_m3u_fragment(const char *s)
{
    const char *hash = strrchr(s, '#');
    struct fragment f;
    char *err = NULL;
    int rc;

    if (!hash)
        return;
    rc = fragment_parse(hash + 1, &f, &err);
    PROPERTY(rc >= -1 && rc <= 1);
    PROPERTY((rc == -1) == (err != NULL));
    PROPERTY(rc == 1 || (!f.has_time && f.ntracks == 0 && !f.tracks));
    if (f.has_time) {
        PROPERTY(isfinite(f.start) && f.start >= 0 && f.start <= TIMEPOS_MAX);
        PROPERTY(f.end == 0 || (isfinite(f.end) && f.end > f.start));
    }
    for (size_t i = 0; i < f.ntracks; i++)
        PROPERTY(f.tracks[i][0] != '\0');
    free(err);
    fragment_free(&f);
}

static bool fuzz_m3u_entry(void *data, const struct m3u_entry *e)
{
    struct fuzz_m3u *f = data;

    PROPERTY(e->line > f->last_line && e->line <= f->lines);
    f->last_line = e->line;
    fuzz_m3u_text(f, e->location);
    PROPERTY(e->location[0] != '#');
    if (e->title)
        fuzz_m3u_text(f, e->title);
    fuzz_m3u_order(f->prev, e->location);
    fuzz_m3u_time(e->location);
    fuzz_m3u_fragment(e->location);
    free(f->prev[1]);
    f->prev[1] = f->prev[0];
    f->prev[0] = strdup(e->location);
    if (!f->prev[0])
        abort();
    return true;
}

int fuzz_m3u_one(const uint8_t *data, size_t size)
{
    const char *text = (const char *)data;
    bool refused = size > (size_t)M3U_MAX_BYTES || memchr(data, '\0', size) ||
                   (size >= 2 && ((data[0] == 0xFF && data[1] == 0xFE) ||
                                  (data[0] == 0xFE && data[1] == 0xFF)));
    size_t lines = 1;

    for (size_t i = 0; i < size; i++)
        lines += data[i] == '\n';
    for (int cs = M3U_UTF8; cs <= M3U_GUESS; cs++) {
        struct fuzz_m3u f = { (enum m3u_charset)cs, lines, 0, { NULL, NULL } };
        char *err = NULL;
        int rc = m3u_parse(text, size, f.cs, fuzz_m3u_entry, &f, &err);

        PROPERTY(rc == (refused ? -1 : 0));
        PROPERTY((rc == 0) == (err == NULL));
        PROPERTY(!refused || f.last_line == 0);
        free(err);
        free(f.prev[0]);
        free(f.prev[1]);
    }
    return 0;
}

FUZZ_ENTRY(fuzz_m3u_one)
