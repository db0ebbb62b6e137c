/* lavfi.c - text for libavfilter graph descriptions. */
#include "lavfi.h"

#include "strbuf.h"

#include <string.h>

/* Characters libavfilter's parsers treat specially, at every level. */
#define LAVFI_SPECIAL "\\':=,;[] "

void lavfi_add_escaped(struct strbuf *sb, const char *s, int levels)
{
    struct strbuf in = STRBUF_INIT, out = STRBUF_INIT;

    strbuf_adds(&in, s);
    for (int l = 0; l < levels; l++) {
        const char *p = strbuf_str(&in);

        for (; *p; p++) {
            if (strchr(LAVFI_SPECIAL, *p))
                strbuf_addc(&out, '\\');
            strbuf_addc(&out, *p);
        }
        strbuf_free(&in);
        in = out;
        out = (struct strbuf)STRBUF_INIT;
    }
    strbuf_adds(sb, strbuf_str(&in));
    strbuf_free(&in);
}
