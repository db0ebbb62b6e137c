/* duration.h - times on the screen: one format for every time on a line. */
#ifndef TPLAY_UI_DURATION_H
#define TPLAY_UI_DURATION_H

#include <stdbool.h>
#include <stddef.h>

/* Whether times up to longest seconds need an hours field. */
bool duration_has_hours(double longest);

/*
 * t seconds into buf as "mm:ss", or "h:mm:ss" when hours is true (so that
 * the times of one line, formatted with the same hours, line up: "0:00:02
 * / 2:00:00", never "00:02 / 2:00:00").  Unknown (t < 0, or not a
 * number) is "--:--" or "-:--:--".  buf holds at least 32 bytes.
 */
void duration_format(char *buf, size_t n, double t, bool hours);

#endif
