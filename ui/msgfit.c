/* msgfit.c - the rows of the messages that fit, the newest's start first. */
#include "msgfit.h"

#include "text.h"
#include "xmem.h"

#include <stdlib.h>
#include <string.h>

#define MSGFIT_ELLIPSIS "\xe2\x80\xa6"

/* The first take rows of a wrapped message (rows separated by '\n') into
 * out, each row followed by '\n'; when that cuts it short, its last row
 * ends in "…". */
static void msgfit_take(struct strbuf *out, char *wrapped, int take,
                        int total, int cols)
{
    char *line = wrapped;

    for (int i = 0; i < take && line; i++) {
        char *end = strchr(line, '\n');

        if (end)
            *end = '\0';
        if (i == take - 1 && take < total) {
            struct strbuf cut = STRBUF_INIT;

            strbuf_adds(&cut, line);
            if (text_width(line) < cols) {
                strbuf_adds(&cut, MSGFIT_ELLIPSIS);
            } else { /* too wide by two: text_fit cuts it with its "…" */
                strbuf_adds(&cut, MSGFIT_ELLIPSIS MSGFIT_ELLIPSIS);
            }
            text_fit(out, strbuf_str(&cut), cols);
            strbuf_free(&cut);
        } else {
            strbuf_adds(out, line);
        }
        strbuf_addc(out, '\n');
        line = end ? end + 1 : NULL;
    }
}

int msgfit_rows(struct strbuf *out, const char *const *msgs, size_t n,
                int rows, int cols)
{
    struct strbuf *blocks, all = STRBUF_INIT;
    int left = rows, used = 0;
    size_t first = n;

    if (n == 0 || rows <= 0 || cols <= 0)
        return 0;
    blocks = xcalloc(n, sizeof *blocks);
    /* Newest first, each taking what it needs of the rows left. */
    while (first > 0 && left > 0) {
        struct strbuf wrapped = STRBUF_INIT;
        int total, take;

        first--;
        total = text_wrap(&wrapped, msgs[first], cols);
        take = total < left ? total : left;
        if (wrapped.buf)
            msgfit_take(&blocks[first], wrapped.buf, take, total, cols);
        strbuf_free(&wrapped);
        left -= take;
        used += take;
    }
    for (size_t i = first; i < n; i++) {
        strbuf_add(&all, blocks[i].buf ? blocks[i].buf : "", blocks[i].len);
        strbuf_free(&blocks[i]);
    }
    if (all.len > 0) /* no '\n' after the last row */
        strbuf_add(out, all.buf, all.len - 1);
    strbuf_free(&all);
    free(blocks);
    return used;
}
