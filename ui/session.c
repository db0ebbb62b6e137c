/* session.c - what every part of the session may do to it. */
#include "session.h"

void session_say(struct session *s, const char *msg)
{
    messages_add(&s->messages, msg);
    s->relayout = true; /* it may take more rows than the one it replaces */
}
