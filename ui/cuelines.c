/* cuelines.c - cue text as rows of cells, wrapped by display width. */
#include "cuelines.h"

#include "strbuf.h"
#include "text.h"
#include "utf8.h"
#include "xmem.h"

#include <stdlib.h>
#include <string.h>

static void cuelines_glyph_add(struct cuelines *t, wchar_t ch, int w,
                               unsigned style)
{
    t->g = xreallocarray(t->g, t->ng + 1, sizeof *t->g);
    t->g[t->ng++] = (struct cuelines_glyph){ ch, w, style };
}

void cuelines_add_cue(struct cuelines *t, const struct cue *c)
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

                cuelines_glyph_add(t, (wchar_t)cp, w < 0 ? 1 : w, r->style);
            }
            strbuf_free(&sb);
        }
        cuelines_glyph_add(t, 0, 0, 0);
    }
}

void cuelines_add_plain(struct cuelines *t, const char *text)
{
    char *all = xstrndup(text ? text : "", CUE_MAX_BYTES);

    for (const char *s = all; *s;) {
        size_t len = strcspn(s, "\n");
        struct cue_run run = { xstrndup(s, len), 0 };
        struct cue_line line = { &run, 1 };
        struct cue c = { &line, 1, false };

        cuelines_add_cue(t, &c);
        free(run.text);
        s += len + (s[len] == '\n');
    }
    free(all);
}

static void cuelines_row_add(struct cuelines *t, size_t a, size_t b)
{
    int width = 0;

    while (b > a && t->g[b - 1].ch == ' ')
        b--;
    for (size_t i = a; i < b; i++)
        width += t->g[i].w;
    t->rows = xreallocarray(t->rows, t->nrows + 1, sizeof *t->rows);
    t->rows[t->nrows++] = (struct cuelines_row){ a, b, width };
}

void cuelines_wrap(struct cuelines *t, int cols)
{
    size_t i = 0;
    bool rows = false; /* the line being wrapped has rows already */

    t->nrows = 0;
    if (cols < 1)
        cols = 1;
    while (i < t->ng) {
        size_t start, space = 0;
        int width = 0;
        bool have_space = false;

        while (i < t->ng && t->g[i].ch == ' ')
            i++;
        if (i < t->ng && t->g[i].ch == 0) { /* the line's end */
            if (!rows) /* an empty line keeps its row */
                cuelines_row_add(t, i, i);
            rows = false;
            i++;
            continue;
        }
        start = i;
        while (i < t->ng && t->g[i].ch != 0) {
            if (t->g[i].w > cols) { /* never fits */
                t->g[i].w = 0;
                t->g[i].ch = CUELINES_NOTHING;
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
        /* Cut inside a word: back to its space, if the row has one. */
        if (i < t->ng && t->g[i].ch != 0 && t->g[i].ch != ' ' &&
            have_space && space > start) {
            cuelines_row_add(t, start, space);
            i = space + 1;
        } else {
            cuelines_row_add(t, start, i);
        }
        rows = true;
    }
}

void cuelines_free(struct cuelines *t)
{
    free(t->g);
    free(t->rows);
    memset(t, 0, sizeof *t);
}
