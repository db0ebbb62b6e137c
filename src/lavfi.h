/* lavfi.h - text for libavfilter graph descriptions (what libmpv's
 * lavfi-complex takes): escaping a value for its parsers. */
#ifndef TPLAY_LAVFI_H
#define TPLAY_LAVFI_H

struct strbuf;

/* Append s to sb escaped for `levels` levels of libavfilter parsing (an
 * option value inside a graph is 2). */
void lavfi_add_escaped(struct strbuf *sb, const char *s, int levels);

#endif
