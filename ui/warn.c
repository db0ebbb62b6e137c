/* warn.c - "tplay: ..." lines, escaped, to stderr and the log. */
#include "warn.h"

#include "json.h"
#include "log.h"
#include "strbuf.h"

#include <stdbool.h>

/* "tplay: msg" escaped, to the log, and to stderr when say. */
static void warn_line(const char *msg, bool say)
{
    struct strbuf sb = STRBUF_INIT;

    strbuf_adds(&sb, "tplay: ");
    json_add_text(&sb, msg);
    if (say)
        log_say(strbuf_str(&sb));
    else
        log_line(strbuf_str(&sb));
    strbuf_free(&sb);
}

void warn_text(const char *msg)
{
    warn_line(msg, true);
}

void warn_log(const char *msg)
{
    warn_line(msg, false);
}

void warn_file(const char *file, const char *reason)
{
    struct strbuf sb = STRBUF_INIT;

    strbuf_adds(&sb, "tplay: ");
    json_add_escaped(&sb, file);
    strbuf_adds(&sb, ": ");
    json_add_text(&sb, reason); /* may quote libmpv, which may quote it */
    log_say(strbuf_str(&sb));
    strbuf_free(&sb);
}
