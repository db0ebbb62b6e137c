/* now.h - the monotonic clock in milliseconds: deadlines and timers,
 * the engine's and the UI's. */
#ifndef TPLAY_NOW_H
#define TPLAY_NOW_H

/* Milliseconds of CLOCK_MONOTONIC. */
long long now_ms(void);

#endif
