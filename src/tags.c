/* tags.c - an audio file's tags and figures as lines to show. */
#include "tags.h"

#include "xmem.h"

#include <stdlib.h>
#include <string.h>

static void tags_add(struct tags_line *out, size_t *n, const char *label,
                     char *value)
{
    out[*n].label = label;
    out[*n].value = value;
    (*n)++;
}

/* "320 kb/s"; under 10 kb/s one decimal. */
static char *tags_bitrate(int64_t bps)
{
    if (bps < 10000)
        return xasprintf("%.1f kb/s", (double)bps / 1000);
    return xasprintf("%lld kb/s", (long long)((bps + 500) / 1000));
}

/* "48 kHz", "44.1 kHz", "22.05 kHz". */
static char *tags_samplerate(int64_t hz)
{
    if (hz % 1000 == 0)
        return xasprintf("%lld kHz", (long long)(hz / 1000));
    if (hz % 100 == 0)
        return xasprintf("%.1f kHz", (double)hz / 1000);
    return xasprintf("%.2f kHz", (double)hz / 1000);
}

static char *tags_channels(int64_t n)
{
    if (n == 1)
        return xstrdup("mono");
    if (n == 2)
        return xstrdup("stereo");
    return xasprintf("%lld channels", (long long)n);
}

size_t tags_lines(const struct tags *t, struct tags_line out[TAGS_MAX_LINES])
{
    const struct { const char *label; const char *value; } text[] = {
        { "Title", t->title }, { "Artist", t->artist },
        { "Album", t->album }, { "Date", t->date }, { "Codec", t->codec },
    };
    size_t n = 0;

    for (size_t i = 0; i < sizeof text / sizeof text[0]; i++)
        if (text[i].value && text[i].value[0])
            tags_add(out, &n, text[i].label, xstrdup(text[i].value));
    if (t->bitrate > 0 && t->bitrate < INT64_C(1000000000000))
        tags_add(out, &n, "Bitrate", tags_bitrate(t->bitrate));
    if (t->samplerate > 0 && t->samplerate < INT64_C(100000000))
        tags_add(out, &n, "Sample rate", tags_samplerate(t->samplerate));
    if (t->channels > 0 && t->channels < 1000)
        tags_add(out, &n, "Channels", tags_channels(t->channels));
    return n;
}

void tags_lines_free(struct tags_line *lines, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        free(lines[i].value);
        lines[i].value = NULL;
    }
}

void tags_free(struct tags *t)
{
    free(t->title);
    free(t->artist);
    free(t->album);
    free(t->date);
    free(t->codec);
    memset(t, 0, sizeof *t);
}
