/* strbuf.h - a growable NUL-terminated string. */
#ifndef TPLAY_STRBUF_H
#define TPLAY_STRBUF_H

#include <stddef.h>

struct strbuf {
    char *buf; /* always NUL-terminated once anything was added */
    size_t len;
    size_t cap;
};

#define STRBUF_INIT { NULL, 0, 0 }

void strbuf_add(struct strbuf *sb, const char *s, size_t n);
void strbuf_adds(struct strbuf *sb, const char *s);
void strbuf_addc(struct strbuf *sb, char c);
void strbuf_addf(struct strbuf *sb, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* Room for extra more bytes (and the NUL) at the end of sb: returns where
 * they go.  For writers that format by hand; strbuf_commit says how many
 * they wrote. */
char *strbuf_reserve(struct strbuf *sb, size_t extra);

/* Take n bytes written at strbuf_reserve's pointer into the string. */
void strbuf_commit(struct strbuf *sb, size_t n);

/* The contents ("" when empty); valid until the next change. */
const char *strbuf_str(const struct strbuf *sb);
/* Empty sb ("" from now on), keeping its memory for what comes next. */
void strbuf_reset(struct strbuf *sb);
/* Hand the string to the caller (who frees it) and reset sb. */
char *strbuf_detach(struct strbuf *sb);
void strbuf_free(struct strbuf *sb);

#endif
