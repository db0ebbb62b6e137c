/* subtitle.c - cues as terminal text: read (cue.h), wrapped
 * (cuelines.h), placed and drawn with curses. */
#include "subtitle.h"

#include "cue.h"
#include "cuelines.h"

#include <curses.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

/* The colour pair of the secondary cue. */
#define SUBTITLE_PAIR 1

/* A cue as rows, and the curses attributes for all of it. */
struct subtitle_text {
    struct cuelines lines;
    unsigned attr;
};

/* A row on the screen the cues may take. */
struct subtitle_slot {
    int y, x, cols;
    bool over; /* on the picture */
};

/* Draw row r of t at slot s, centred; over the picture the cells it
 * takes (a blank either side) go into *over. */
static void subtitle_row_draw(const struct subtitle_text *t, size_t r,
                              const struct subtitle_slot *s,
                              struct subtitle_spans *over)
{
    const struct cuelines_row *row = &t->lines.rows[r];
    const struct cuelines_glyph *g = t->lines.g;
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
        unsigned style = g[i].style;
        attr_t a = t->attr;
        int n = 0;

#ifdef A_ITALIC
        if (style & CUE_ITALIC)
            a |= A_ITALIC;
#endif
        if (style & CUE_BOLD)
            a |= A_BOLD;
        while (i < row->b && g[i].style == style &&
               n < (int)(sizeof buf / sizeof buf[0])) {
            if (g[i].ch != CUELINES_NOTHING)
                buf[n++] = g[i].ch;
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
    size_t k = t->lines.nrows < nslots ? t->lines.nrows : nslots;

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

/* Read, wrap and attribute one ASS-tagged cue; whether it asks for the
 * top into *top. */
static void subtitle_text_ass(struct subtitle_text *t, const char *ass,
                              int cols, unsigned attr, bool *top)
{
    struct cue c;

    memset(t, 0, sizeof *t);
    t->attr = attr;
    cue_parse(&c, ass);
    *top = c.top;
    cuelines_add_cue(&t->lines, &c);
    cue_free(&c);
    cuelines_wrap(&t->lines, cols);
}

/* The same for plain text (libmpv's secondary-sub-text). */
static void subtitle_text_plain(struct subtitle_text *t, const char *text,
                                int cols, unsigned attr)
{
    memset(t, 0, sizeof *t);
    t->attr = attr;
    cuelines_add_plain(&t->lines, text);
    cuelines_wrap(&t->lines, cols);
}

void subtitle_draw(const struct subtitle_view *v, const struct layout *l,
                   struct subtitle_spans *over)
{
    struct subtitle_slot slots[SUBTITLE_MAX_SPANS];
    struct subtitle_text one, two;
    int cols = l->video.rows > 0 ? l->video.cols : l->cues.cols;
    bool top = false;
    unsigned attr2 = A_NORMAL;
    size_t n, used = 0;

    over->n = 0;
    if (cols <= 0)
        return;
    if (has_colors() && init_pair(SUBTITLE_PAIR, COLOR_YELLOW, -1) == OK)
        attr2 = COLOR_PAIR(SUBTITLE_PAIR);
    subtitle_text_ass(&one, v->ass, cols, A_NORMAL, &top);
    subtitle_text_plain(&two, v->secondary, cols, attr2);
    if (top) {
        n = subtitle_slots(l, v->over, true, slots, SUBTITLE_MAX_SPANS);
        subtitle_place(&one, slots, n, over);
    }
    /* At the foot: the primary lowest, the secondary above it. */
    n = subtitle_slots(l, v->over, false, slots, SUBTITLE_MAX_SPANS);
    if (!top)
        used = subtitle_place(&one, slots, n, over);
    subtitle_place(&two, slots + used, n - used, over);
    cuelines_free(&one.lines);
    cuelines_free(&two.lines);
}
