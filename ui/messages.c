/* messages.c - the session's messages: on the screen, then in the
 * history. */
#include "messages.h"

#include "now.h"
#include "strbuf.h"
#include "text.h"
#include "warn.h"
#include "xmem.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

void messages_add(struct messages *m, const char *msg)
{
    if (m->count == MESSAGES_MAX) {
        free(m->items[0].text);
        memmove(m->items, m->items + 1,
                (MESSAGES_MAX - 1) * sizeof m->items[0]);
        m->count--;
    }
    m->items[m->count++] = (struct messages_item){ xstrdup(msg), LLONG_MAX };
    warn_log(msg);
}

size_t messages_showing(const struct messages *m, const char **out)
{
    long long now = now_ms();
    size_t n = 0, first = m->count;

    while (first > 0 && n < MESSAGES_ROWS && m->items[first - 1].until_ms > now) {
        first--;
        n++;
    }
    for (size_t i = 0; out && i < n; i++)
        out[i] = m->items[first + i].text;
    return n;
}

void messages_drawn(struct messages *m, size_t n)
{
    long long until = now_ms() + MESSAGES_MS;

    for (size_t i = m->count - n; i < m->count; i++)
        if (m->items[i].until_ms == LLONG_MAX)
            m->items[i].until_ms = until;
}

int messages_rows(const struct messages *m, int cols)
{
    const char *msgs[MESSAGES_ROWS];
    size_t n = messages_showing(m, msgs);
    int rows = 0;

    for (size_t i = 0; i < n; i++) {
        struct strbuf sb = STRBUF_INIT;

        rows += text_wrap(&sb, msgs[i], cols);
        strbuf_free(&sb);
    }
    return rows;
}

int messages_timeout(const struct messages *m, int limit)
{
    long long now = now_ms(), t = limit;

    for (size_t i = m->count; i > 0 && i + MESSAGES_ROWS > m->count; i--)
        if (m->items[i - 1].until_ms > now && m->items[i - 1].until_ms - now < t)
            t = m->items[i - 1].until_ms - now;
    return (int)(t < 1 ? 1 : t);
}

void messages_free(struct messages *m)
{
    for (size_t i = 0; i < m->count; i++)
        free(m->items[i].text);
    m->count = 0;
}
