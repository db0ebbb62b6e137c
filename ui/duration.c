/* duration.c - seconds as the status line shows them. */
#include "duration.h"

#include <stdio.h>

/* Past this, a time is not a position in a film (and would overflow). */
#define DURATION_MAX 3.6e9

bool duration_has_hours(double longest)
{
    return longest >= 3600 && longest < DURATION_MAX;
}

void duration_format(char *buf, size_t n, double t, bool hours)
{
    long s;

    /* !(t >= 0) is true for NaN too. */
    if (!(t >= 0) || t >= DURATION_MAX) {
        snprintf(buf, n, hours ? "-:--:--" : "--:--");
        return;
    }
    s = (long)t;
    if (hours)
        snprintf(buf, n, "%ld:%02ld:%02ld", s / 3600, s / 60 % 60, s % 60);
    else /* under an hour, or the minutes go on counting */
        snprintf(buf, n, "%02ld:%02ld", s / 60, s % 60);
}
