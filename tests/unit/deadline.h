/* deadline.h - how long a unit test waits for what must come: a generous
 * limit that a slow machine only takes longer to reach, never a count of
 * polls.  TPLAY_SLOW stretches it as it does the end-to-end tests' (run.sh
 * sets it for the valgrind pass). */
#ifndef TPLAY_TEST_DEADLINE_H
#define TPLAY_TEST_DEADLINE_H

#include <stdint.h>
#include <stdlib.h>
#include <time.h>

/* What one wait for something that must come may take, before TPLAY_SLOW. */
enum { DEADLINE_MS = 10000 };

/* Now, in milliseconds of CLOCK_MONOTONIC. */
static inline int64_t deadline_now_ms(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* ms stretched by TPLAY_SLOW (a factor, 1 when unset or not above 1). */
static inline int64_t deadline_ms(int64_t ms)
{
    const char *s = getenv("TPLAY_SLOW");
    double f = s ? strtod(s, NULL) : 1.0;

    return f > 1.0 ? (int64_t)((double)ms * f) : ms;
}

/* The time by which something that must come has come. */
static inline int64_t deadline_at(void)
{
    return deadline_now_ms() + deadline_ms(DEADLINE_MS);
}

#endif
