/* fuzz_cue.c - a subtitle cue (libmpv's sub-text-ass, bytes from the
 * file) read by cue_parse and wrapped by cuelines at several widths: only
 * safe text comes out, within its bounds, every row within its width. */
#include "fuzz.h"

#include "cue.h"
#include "cuelines.h"
#include "property.h"

#include <locale.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

/* wcwidth, as on the user's screen, needs a UTF-8 locale. */
static void fuzz_cue_locale(void)
{
    static bool done;

    if (!done && !setlocale(LC_CTYPE, "C.UTF-8"))
        abort();
    done = true;
}

/* Every row of t within cols, its width the sum of its glyphs', and no
 * unsafe character among them. */
static void fuzz_cue_rows(const struct cuelines *t, int cols)
{
    for (size_t r = 0; r < t->nrows; r++) {
        const struct cuelines_row *row = &t->rows[r];
        int width = 0;

        PROPERTY(row->a <= row->b && row->b <= t->ng);
        for (size_t i = row->a; i < row->b; i++) {
            PROPERTY(t->g[i].ch != 0 && t->g[i].w >= 0);
            PROPERTY(!property_unsafe((uint32_t)t->g[i].ch));
            width += t->g[i].w;
        }
        PROPERTY(width == row->width && width <= cols);
    }
}

int fuzz_cue_one(const uint8_t *data, size_t size)
{
    static const int widths[] = { 1, 2, 3, 7, 40 };
    char *s = property_string(data, size);
    size_t total = 0;
    struct cue c;

    fuzz_cue_locale();
    cue_parse(&c, s);
    PROPERTY(c.nlines <= CUE_MAX_LINES);
    PROPERTY(c.nlines == 0 || (c.lines[0].nruns > 0 &&
                               c.lines[c.nlines - 1].nruns > 0));
    for (size_t i = 0; i < c.nlines; i++)
        for (size_t k = 0; k < c.lines[i].nruns; k++) {
            const struct cue_run *run = &c.lines[i].runs[k];
            size_t n = strlen(run->text);

            PROPERTY(n > 0);
            PROPERTY((run->style & ~(unsigned)(CUE_ITALIC | CUE_BOLD)) == 0);
            property_safe_text(run->text, n);
            total += n;
        }
    /* U+FFFD for one byte and U+00A0 for "\h" can grow the text. */
    PROPERTY(total <= 3 * (size_t)CUE_MAX_BYTES);
    for (size_t w = 0; w < sizeof widths / sizeof widths[0]; w++) {
        struct cuelines t = { 0 };

        cuelines_add_cue(&t, &c);
        cuelines_wrap(&t, widths[w]);
        fuzz_cue_rows(&t, widths[w]);
        cuelines_free(&t);
        cuelines_add_plain(&t, s);
        cuelines_wrap(&t, widths[w]);
        fuzz_cue_rows(&t, widths[w]);
        cuelines_free(&t);
    }
    cue_free(&c);
    free(s);
    return 0;
}

FUZZ_ENTRY(fuzz_cue_one)
