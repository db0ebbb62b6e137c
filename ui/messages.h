/* messages.h - what the session says to the user: each message shows
 * under the status for a while (at most MESSAGES_ROWS at once), stays in
 * the history (L) and goes to the log. */
#ifndef TPLAY_UI_MESSAGES_H
#define TPLAY_UI_MESSAGES_H

#include <stddef.h>

#define MESSAGES_MAX 64    /* kept for the history; the log has all */
#define MESSAGES_MS 8000   /* how long a message stays on the screen */
#define MESSAGES_ROWS 3    /* at most so many messages at once */

struct messages_item {
    char *text;
    long long until_ms; /* LLONG_MAX until first drawn */
};

struct messages {
    struct messages_item items[MESSAGES_MAX];
    size_t count;
};

/* Keep a copy of msg (the oldest goes when full) and log it. */
void messages_add(struct messages *m, const char *msg);

/* The messages still showing (oldest first) into out[MESSAGES_ROWS], if
 * not NULL; returns how many. */
size_t messages_showing(const struct messages *m, const char **out);

/* The n newest are on the screen now: their time there starts with the
 * first drawing, so those said before the screen was up get all of it. */
void messages_drawn(struct messages *m, size_t n);

/* The screen rows the messages still showing take, wrapped at cols. */
int messages_rows(const struct messages *m, int cols);

/* Milliseconds until a message showing fades (at least 1), or limit. */
int messages_timeout(const struct messages *m, int limit);

void messages_free(struct messages *m);

#endif
