/* warn.c - "tplay: ..." lines on stderr, escaped. */
#include "warn.h"

#include "json.h"
#include "strbuf.h"

#include <stdio.h>

void warn_text(const char *msg)
{
    struct strbuf sb = STRBUF_INIT;

    json_add_text(&sb, msg);
    fprintf(stderr, "tplay: %s\n", strbuf_str(&sb));
    strbuf_free(&sb);
}

void warn_file(const char *file, const char *reason)
{
    struct strbuf sb = STRBUF_INIT;

    json_add_escaped(&sb, file);
    fprintf(stderr, "tplay: %s: %s\n", strbuf_str(&sb), reason);
    strbuf_free(&sb);
}
