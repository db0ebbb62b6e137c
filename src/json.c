/* json.c - JSON string escaping for untrusted text. */
#include "json.h"

#include "utf8.h"

#include <stdbool.h>
#include <string.h>

/* The escaping behind both entry points; quotes: JSON's " and \\ too. */
static void json_add(struct strbuf *sb, const char *s, bool quotes)
{
    size_t len = strlen(s), used;

    for (size_t i = 0; i < len; i += used) {
        uint32_t cp = utf8_decode(s + i, len - i, &used);
        char enc[4];

        switch (quotes ? cp : 0) {
        case '"': strbuf_adds(sb, "\\\""); continue;
        case '\\': strbuf_adds(sb, "\\\\"); continue;
        default: break;
        }
        switch (cp) {
        case '\b': strbuf_adds(sb, "\\b"); continue;
        case '\f': strbuf_adds(sb, "\\f"); continue;
        case '\n': strbuf_adds(sb, "\\n"); continue;
        case '\r': strbuf_adds(sb, "\\r"); continue;
        case '\t': strbuf_adds(sb, "\\t"); continue;
        default: break;
        }
        if (utf8_is_unsafe(cp))
            strbuf_addf(sb, "\\u%04x", (unsigned)cp);
        else
            strbuf_add(sb, enc, utf8_encode(cp, enc));
    }
}

void json_add_escaped(struct strbuf *sb, const char *s)
{
    json_add(sb, s, true);
}

void json_add_text(struct strbuf *sb, const char *s)
{
    json_add(sb, s, false);
}

void json_add_string(struct strbuf *sb, const char *s)
{
    strbuf_addc(sb, '"');
    json_add(sb, s, true);
    strbuf_addc(sb, '"');
}
