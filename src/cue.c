/* cue.c - ASS-tagged cue text into styled lines (the subset a terminal can
 * show: italic, bold, line breaks, top or bottom). */
#include "cue.h"

#include "strbuf.h"
#include "utf8.h"
#include "xmem.h"

#include <stdlib.h>
#include <string.h>

/* The reader's state: the run being gathered and the style in force. */
struct cue_reader {
    struct cue *c;
    struct strbuf run;
    unsigned style;     /* of the text read from here on */
    unsigned run_style; /* of what run holds */
    bool drawing;       /* inside \p1 ... \p0: text dropped */
    bool full;          /* CUE_MAX_LINES reached */
};

/* Close the run being gathered into the last line. */
static void cue_end_run(struct cue_reader *r)
{
    struct cue_line *l;

    if (r->run.len == 0 || r->c->nlines == 0)
        return;
    l = &r->c->lines[r->c->nlines - 1];
    l->runs = xreallocarray(l->runs, l->nruns + 1, sizeof *l->runs);
    l->runs[l->nruns++] = (struct cue_run){ strbuf_detach(&r->run),
                                            r->run_style };
}

static void cue_new_line(struct cue_reader *r)
{
    cue_end_run(r);
    if (r->c->nlines >= CUE_MAX_LINES) {
        r->full = true;
        return;
    }
    r->c->lines = xreallocarray(r->c->lines, r->c->nlines + 1,
                                sizeof *r->c->lines);
    r->c->lines[r->c->nlines++] = (struct cue_line){ NULL, 0 };
}

/* Add one code point of text in the style in force. */
static void cue_add(struct cue_reader *r, uint32_t cp)
{
    char enc[4];

    if (r->drawing || r->full)
        return;
    if (cp == '\t')
        cp = ' ';
    if (utf8_is_unsafe(cp))
        return;
    if (r->run.len > 0 && r->run_style != r->style)
        cue_end_run(r);
    r->run_style = r->style;
    strbuf_add(&r->run, enc, utf8_encode(cp, enc));
}

/* The number after a tag's name at *s (digits only), or -1 when there is
 * none; *s moves past it. */
static long cue_number(const char **s, const char *end)
{
    long n = -1;

    while (*s < end && **s >= '0' && **s <= '9') {
        n = n < 0 ? 0 : n;
        if (n < 100000)
            n = n * 10 + (**s - '0');
        (*s)++;
    }
    return n;
}

/* One tag, its backslash read: s..end is its text up to the next
 * backslash or the block's end. */
static void cue_tag(struct cue_reader *r, const char *s, const char *end)
{
    long n;

    switch (*s) {
    case 'i': /* \i, \i0, \i1; not \iclip */
        s++;
        n = cue_number(&s, end);
        if (s == end)
            r->style = n > 0 ? r->style | CUE_ITALIC
                             : r->style & ~(unsigned)CUE_ITALIC;
        break;
    case 'b': /* \b, \b0, \b1, \b100..\b900; not \blur, \bord, \be */
        s++;
        n = cue_number(&s, end);
        if (s == end)
            r->style = n == 1 || n >= 600 ? r->style | CUE_BOLD
                                          : r->style & ~(unsigned)CUE_BOLD;
        break;
    case 'a': /* \an1..9 (numpad), legacy \a1..11 (5-7: top) */
        s++;
        if (s < end && *s == 'n') {
            s++;
            n = cue_number(&s, end);
            if (s == end && n >= 1 && n <= 9)
                r->c->top = n >= 7;
        } else {
            n = cue_number(&s, end);
            if (s == end && n >= 1 && n <= 11)
                r->c->top = n >= 5 && n <= 7;
        }
        break;
    case 'p': /* \p0 ends a drawing, \p1 and up start one; not \pos */
        s++;
        n = cue_number(&s, end);
        if (s == end && n >= 0)
            r->drawing = n > 0;
        break;
    case 'r': /* \r, \rStyle: back to the style's defaults */
        r->style = 0;
        break;
    default:
        break;
    }
}

/* An override block, between its braces: tags split at backslashes
 * (what comes before the first one is a comment). */
static void cue_block(struct cue_reader *r, const char *s, const char *end)
{
    s = memchr(s, '\\', (size_t)(end - s));
    while (s && s < end) {
        const char *next = memchr(s + 1, '\\', (size_t)(end - s - 1));
        const char *stop = next ? next : end;

        if (s + 1 < stop)
            cue_tag(r, s + 1, stop);
        s = next;
    }
}

void cue_parse(struct cue *c, const char *ass)
{
    struct cue_reader r = { .c = c };
    size_t len = ass ? strlen(ass) : 0, used;
    const char *s = ass ? ass : "";

    memset(c, 0, sizeof *c);
    if (len > CUE_MAX_BYTES)
        len = CUE_MAX_BYTES;
    cue_new_line(&r);
    for (size_t i = 0; i < len; i += used) {
        const char *close;

        used = 1;
        if (s[i] == '{' &&
            (close = memchr(s + i + 1, '}', len - i - 1)) != NULL) {
            cue_block(&r, s + i + 1, close);
            used = (size_t)(close - (s + i)) + 1;
        } else if (s[i] == '\\' && i + 1 < len &&
                   (s[i + 1] == 'N' || s[i + 1] == 'n')) {
            if (!r.drawing)
                cue_new_line(&r);
            used = 2;
        } else if (s[i] == '\\' && i + 1 < len && s[i + 1] == 'h') {
            cue_add(&r, 0xA0);
            used = 2;
        } else if (s[i] == '\n' || s[i] == '\r') {
            /* libmpv joins overlapping cues with '\n'; "\r\n" is one */
            if (!(s[i] == '\n' && i > 0 && s[i - 1] == '\r'))
                cue_new_line(&r);
        } else {
            cue_add(&r, utf8_decode(s + i, len - i, &used));
        }
    }
    cue_end_run(&r);
    strbuf_free(&r.run);
    /* Empty lines at the ends. */
    while (c->nlines > 0 && c->lines[c->nlines - 1].nruns == 0)
        c->nlines--;
    size_t first = 0;
    while (first < c->nlines && c->lines[first].nruns == 0)
        first++;
    if (first > 0) {
        memmove(c->lines, c->lines + first,
                (c->nlines - first) * sizeof *c->lines);
        c->nlines -= first;
    }
    if (c->nlines == 0) {
        free(c->lines);
        c->lines = NULL;
    }
}

void cue_free(struct cue *c)
{
    for (size_t i = 0; i < c->nlines; i++) {
        for (size_t k = 0; k < c->lines[i].nruns; k++)
            free(c->lines[i].runs[k].text);
        free(c->lines[i].runs);
    }
    free(c->lines);
    memset(c, 0, sizeof *c);
}
