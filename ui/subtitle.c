/* subtitle.c - cues as terminal text: read (cue.h), made showable
 * (text_fit), wrapped by display width, placed and drawn with curses. */
#include "subtitle.h"

#include "cue.h"
#include "strbuf.h"
#include "text.h"
#include "utf8.h"
#include "xmem.h"

#include <curses.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

/* The colour pair of the secondary cue. */
#define SUBTITLE_PAIR 1

/* One character of a cue with its display width (combining marks 0) and
 * style; a line break where ch is 0. */
struct subtitle_glyph {
    wchar_t ch;
    int w;
    unsigned style;
};

/* A row of a wrapped cue: glyphs a..b, width columns. */
struct subtitle_row {
    size_t a, b;
    int width;
};

/* A cue as rows no wider than cols. */
struct subtitle_text {
    struct subtitle_glyph *g;
    size_t ng;
    struct subtitle_row *rows;
    size_t nrows;
    unsigned attr; /* curses attributes for all of it */
};

/* A row on the screen the cues may take. */
struct subtitle_slot {
    int y, x, cols;
    bool over; /* on the picture */
};

static void subtitle_glyph_add(struct subtitle_text *t, wchar_t ch, int w,
                               unsigned style)
{
    t->g = xreallocarray(t->g, t->ng + 1, sizeof *t->g);
    t->g[t->ng++] = (struct subtitle_glyph){ ch, w, style };
}

/* The glyphs of c: each run made showable by text_fit, lines ended by a
 * 0 glyph. */
static void subtitle_glyphs(struct subtitle_text *t, const struct cue *c)
{
    for (size_t i = 0; i < c->nlines; i++) {
        for (size_t k = 0; k < c->lines[i].nruns; k++) {
            const struct cue_run *r = &c->lines[i].runs[k];
            struct strbuf sb = STRBUF_INIT;
            size_t used;

            text_fit(&sb, r->text, CUE_MAX_BYTES * 2);
            for (size_t j = 0; j < sb.len; j += used) {
                uint32_t cp = utf8_decode(sb.buf + j, sb.len - j, &used);
                int w = wcwidth((wchar_t)cp);

                subtitle_glyph_add(t, (wchar_t)cp, w < 0 ? 1 : w, r->style);
            }
            strbuf_free(&sb);
        }
        subtitle_glyph_add(t, 0, 0, 0);
    }
}

static void subtitle_row_add(struct subtitle_text *t, size_t a, size_t b)
{
    int width = 0;

    while (b > a && t->g[b - 1].ch == ' ') /* no trailing blanks */
        b--;
    for (size_t i = a; i < b; i++)
        width += t->g[i].w;
    t->rows = xreallocarray(t->rows, t->nrows + 1, sizeof *t->rows);
    t->rows[t->nrows++] = (struct subtitle_row){ a, b, width };
}

/* Wrap the glyphs into rows of at most cols columns: at the last space
 * that fits (a no-break space is no break), inside a word longer than a
 * row; a character wider than a row is left out. */
static void subtitle_wrap(struct subtitle_text *t, int cols)
{
    size_t i = 0;

    while (i < t->ng) {
        size_t start, space = 0;
        int width = 0;
        bool have_space = false;

        if (t->g[i].ch == 0) { /* an empty line */
            subtitle_row_add(t, i, i);
            i++;
            continue;
        }
        while (i < t->ng && t->g[i].ch == ' ')
            i++;
        start = i;
        while (i < t->ng && t->g[i].ch != 0) {
            if (t->g[i].w > cols) { /* never fits: dropped */
                t->g[i].w = 0;
                t->g[i].ch = 0x200B; /* zero width space */
            }
            if (width + t->g[i].w > cols)
                break;
            if (t->g[i].ch == ' ') {
                space = i;
                have_space = true;
            }
            width += t->g[i].w;
            i++;
        }
        if (i < t->ng && t->g[i].ch != 0 && have_space && space > start) {
            subtitle_row_add(t, start, space);
            i = space + 1;
        } else {
            subtitle_row_add(t, start, i);
            if (i < t->ng && t->g[i].ch == 0)
                i++; /* the line's end */
        }
    }
}

static void subtitle_text_free(struct subtitle_text *t)
{
    free(t->g);
    free(t->rows);
    memset(t, 0, sizeof *t);
}

/* Draw row r of t at slot s, centred; over the picture the cells it
 * takes (a blank either side) go into *over. */
static void subtitle_row_draw(const struct subtitle_text *t, size_t r,
                              const struct subtitle_slot *s,
                              struct subtitle_spans *over)
{
    const struct subtitle_row *row = &t->rows[r];
    int x = s->x + (s->cols - row->width) / 2;
    wchar_t buf[256];

    if (row->width == 0)
        return;
    if (s->over && over->n < SUBTITLE_MAX_SPANS) {
        int x0 = x > s->x ? x - 1 : x;
        int x1 = x + row->width < s->x + s->cols ? x + row->width + 1
                                                 : x + row->width;

        over->span[over->n++] = (struct subtitle_span){ s->y, x0, x1 - x0 };
        mvhline(s->y, x0, ' ', x1 - x0);
    }
    move(s->y, x);
    for (size_t i = row->a; i < row->b;) {
        unsigned style = t->g[i].style;
        attr_t a = t->attr;
        int n = 0;

#ifdef A_ITALIC
        if (style & CUE_ITALIC)
            a |= A_ITALIC;
#endif
        if (style & CUE_BOLD)
            a |= A_BOLD;
        while (i < row->b && t->g[i].style == style &&
               n < (int)(sizeof buf / sizeof buf[0])) {
            if (t->g[i].ch != 0x200B)
                buf[n++] = t->g[i].ch;
            i++;
        }
        attron(a);
        addnwstr(buf, n);
        attroff(a);
    }
}

/* Put t's rows into the slots (slot 0 the lowest), its first rows kept
 * when they are too many; returns the slots used. */
static size_t subtitle_place(const struct subtitle_text *t,
                             const struct subtitle_slot *slots, size_t nslots,
                             struct subtitle_spans *over)
{
    size_t k = t->nrows < nslots ? t->nrows : nslots;

    for (size_t j = 0; j < k; j++)
        subtitle_row_draw(t, j, &slots[k - 1 - j], over);
    return k;
}

/* The rows the cues may take: at the foot (the cue rows from the
 * bottom, then the picture's lower half) or at the top (its upper half,
 * from the top). */
static size_t subtitle_slots(const struct layout *l, bool over, bool top,
                             struct subtitle_slot *slots, size_t max)
{
    const struct layout_rect *v = &l->video, *c = &l->cues;
    size_t n = 0;

    if (top) {
        for (int y = v->y; y < v->y + v->rows / 2 && n < max; y++)
            slots[n++] = (struct subtitle_slot){ y, v->x, v->cols, true };
        return n;
    }
    if (!over || v->rows <= 0)
        for (int y = c->y + c->rows - 1; c->cols > 0 && y >= c->y && n < max;
             y--)
            slots[n++] = (struct subtitle_slot){ y, c->x, c->cols, false };
    for (int y = v->y + v->rows - 1; y >= v->y + v->rows / 2 && n < max; y--)
        slots[n++] = (struct subtitle_slot){ y, v->x, v->cols, true };
    return n;
}

/* Read, wrap and attribute one cue. */
static void subtitle_text_make(struct subtitle_text *t, const char *ass,
                               int cols, unsigned attr, bool *top)
{
    struct cue c;

    memset(t, 0, sizeof *t);
    cue_parse(&c, ass);
    *top = c.top;
    t->attr = attr;
    subtitle_glyphs(t, &c);
    cue_free(&c);
    if (cols > 0)
        subtitle_wrap(t, cols);
}

void subtitle_draw(const struct subtitle_view *v, const struct layout *l,
                   struct subtitle_spans *over)
{
    struct subtitle_slot slots[SUBTITLE_MAX_SPANS];
    struct subtitle_text one, two;
    int cols = l->video.rows > 0 ? l->video.cols : l->cues.cols;
    bool top = false, top2;
    unsigned attr2 = A_NORMAL;
    size_t n, used = 0;

    over->n = 0;
    if (cols <= 0)
        return;
    if (has_colors() && init_pair(SUBTITLE_PAIR, COLOR_YELLOW, -1) == OK)
        attr2 = COLOR_PAIR(SUBTITLE_PAIR);
    subtitle_text_make(&one, v->ass && v->ass[0] ? v->ass : NULL, cols,
                       A_NORMAL, &top);
    /* The secondary is plain text: its tags and its place ignored. */
    subtitle_text_make(&two, NULL, cols, attr2, &top2);
    if (v->secondary && v->secondary[0]) {
        struct cue c = { 0 };
        struct cue_line line = { 0 };
        char *all = xstrndup(v->secondary, CUE_MAX_BYTES);

        /* Plain text, read as such: each of its lines one run. */
        for (const char *s = all; *s;) {
            size_t len = strcspn(s, "\n");
            char *part = xstrndup(s, len);
            struct cue_run run = { part, 0 };

            line.runs = &run;
            line.nruns = 1;
            c.lines = &line;
            c.nlines = 1;
            subtitle_glyphs(&two, &c);
            free(part);
            s += len + (s[len] == '\n');
        }
        free(all);
        subtitle_wrap(&two, cols);
    }
    if (top) {
        n = subtitle_slots(l, v->over, true, slots, SUBTITLE_MAX_SPANS);
        subtitle_place(&one, slots, n, over);
    }
    n = subtitle_slots(l, v->over, false, slots, SUBTITLE_MAX_SPANS);
    if (!top)
        used = subtitle_place(&one, slots, n, over);
    subtitle_place(&two, slots + used, n - used, over);
    subtitle_text_free(&one);
    subtitle_text_free(&two);
}
