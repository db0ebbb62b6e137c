/* remote.h - the session on the desktop's bus (MPRIS, src/mpris.h): media
 * keys, widgets and playerctl see what plays and drive it, through the
 * same actions as the keys, inside the session's one loop. */
#ifndef TPLAY_UI_REMOTE_H
#define TPLAY_UI_REMOTE_H

#include "session.h"

#include <poll.h>

/* Go on the bus.  No session bus (a console, a container) is normal and
 * says nothing; a bus that cannot be used is a line in the log. */
void remote_start(struct session *s);

/* What the loop's poll() waits for: *pfd, and *timeout lowered if the
 * bus needs it sooner (-1: no limit). */
void remote_poll(const struct session *s, struct pollfd *pfd, int *timeout);

/* After poll(): the requests of the bus acted on, and the bus told what
 * plays now. */
void remote_service(struct session *s);

void remote_stop(struct session *s);

#endif
