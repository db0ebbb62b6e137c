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
    struct strbuf name = STRBUF_INIT, why = STRBUF_INIT;

    json_add_escaped(&name, file);
    json_add_text(&why, reason); /* may quote libmpv, which may quote it */
    fprintf(stderr, "tplay: %s: %s\n", strbuf_str(&name), strbuf_str(&why));
    strbuf_free(&name);
    strbuf_free(&why);
}
