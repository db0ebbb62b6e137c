/* now.h - the monotonic clock the session's timers read. */
#ifndef TPLAY_UI_NOW_H
#define TPLAY_UI_NOW_H

/* Milliseconds of CLOCK_MONOTONIC. */
long long now_ms(void);

#endif
