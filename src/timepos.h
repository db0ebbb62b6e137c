/* timepos.h - a time as users write it (--start, the resume message,
 * the npt times of media fragments "#t=10,20" in fragment.c): seconds,
 * clock forms, from the end, or a share of the duration. */
#ifndef TPLAY_TIMEPOS_H
#define TPLAY_TIMEPOS_H

#include <stddef.h>

#define TIMEPOS_MAX 3.6e9 /* seconds (a million hours): more is a mistake */

/* For messages about a time that was refused. */
#define TIMEPOS_EXAMPLES "90, 90.5, 1:30, 01:02:03.250, -30 or 50%"

enum timepos_kind {
    TIMEPOS_ABSOLUTE, /* value seconds from the start */
    TIMEPOS_FROM_END, /* value seconds before the end */
    TIMEPOS_PERCENT,  /* value percent (0 to 100) of the duration */
};

struct timepos {
    enum timepos_kind kind;
    double value; /* finite, 0 to TIMEPOS_MAX (or 100 for a percent) */
};

/*
 * Parse s, the whole of it, into *out:
 *   SECONDS            "90", "90.5", "5." (digits, '.', digits)
 *   M:SS[.f]           "1:30", "90:00" (any minutes, seconds below 60)
 *   H:MM:SS[.f]        "01:02:03.250" (minutes and seconds below 60)
 * each with a '+' (from the start, as mpv's --start takes it) or a '-'
 * (before the end) in front; or PERCENT%: "50%", "12.5%" (0 to 100).
 * MM and SS are two digits, as npt (RFC 2326) writes them.  Returns 0,
 * or -1 for anything else (out untouched): blanks, signs twice, "1:75",
 * "1:5", "", "nan", "inf", "1e3", more than TIMEPOS_MAX seconds.
 */
int timepos_parse(const char *s, struct timepos *out);

/*
 * Seconds from the start for t in a file of duration seconds, known when
 * it is finite and above 0: clamped to [0, duration].  When it is not
 * known an absolute time is its value, and the others are -1 (they need
 * a duration).
 */
double timepos_resolve(const struct timepos *t, double duration);

#define TIMEPOS_FORMAT_MAX 32 /* bytes timepos_format may need */

/* secs into buf (n bytes, at most TIMEPOS_FORMAT_MAX needed) as the
 * status line writes a time: "mm:ss" under an hour ("00:05", "12:34"),
 * "h:mm:ss" from one on ("1:02:03"), seconds truncated; "--:--" when secs
 * is negative, not a number or not below TIMEPOS_MAX. */
void timepos_format(char *buf, size_t n, double secs);

#endif
