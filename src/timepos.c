/* timepos.c - times as users write them: a strict parser (no strtod: it
 * would take "1e3", "inf", hex and the locale's decimal point). */
#include "timepos.h"

#include <math.h>
#include <stdbool.h>
#include <stdio.h>

#define TIMEPOS_FRACTION_DIGITS 15 /* more are below a double's precision */

/* Digits at *s as a number, at least min and at most max of them (max 0:
 * any); *s moves past them.  -1 when there are too few or too many, or
 * the number passes TIMEPOS_MAX. */
static double timepos_digits(const char **s, int min, int max)
{
    double v = 0;
    int n = 0;

    while (**s >= '0' && **s <= '9') {
        v = v * 10 + (**s - '0');
        if (v > TIMEPOS_MAX || (max && n == max))
            return -1;
        (*s)++;
        n++;
    }
    return n < min ? -1 : v;
}

/* An optional fraction at *s: '.', then any digits; *s moves past it.
 * Its value, in [0, 1). */
static double timepos_fraction(const char **s)
{
    double num = 0, den = 1;
    int n = 0;

    if (**s != '.')
        return 0;
    (*s)++;
    for (; **s >= '0' && **s <= '9'; (*s)++, n++)
        if (n < TIMEPOS_FRACTION_DIGITS) {
            num = num * 10 + (**s - '0');
            den *= 10;
        }
    return num / den;
}

/* The clock forms at s, which must end there; seconds or -1. */
static double timepos_clock(const char *s)
{
    double f[3], frac;
    int n = 0;

    f[n++] = timepos_digits(&s, 1, 0);
    if (f[0] < 0)
        return -1;
    while (*s == ':' && n < 3) {
        s++;
        f[n] = timepos_digits(&s, 2, 2);
        if (f[n] < 0 || f[n] >= 60)
            return -1;
        n++;
    }
    frac = timepos_fraction(&s);
    if (*s != '\0')
        return -1;
    if (n == 1)
        return f[0] + frac;
    if (n == 2)
        return f[0] * 60 + f[1] + frac;
    return f[0] * 3600 + f[1] * 60 + f[2] + frac;
}

int timepos_parse(const char *s, struct timepos *out)
{
    enum timepos_kind kind = TIMEPOS_ABSOLUTE;
    const char *p = s;
    double v;

    if (*p == '+' || *p == '-')
        kind = *p++ == '-' ? TIMEPOS_FROM_END : TIMEPOS_ABSOLUTE;
    if (p == s) {
        /* A percent: digits, a fraction, '%', nothing else. */
        const char *q = p;

        v = timepos_digits(&q, 1, 0);
        if (v >= 0) {
            double frac = timepos_fraction(&q);

            if (q[0] == '%' && q[1] == '\0') {
                if (v + frac > 100)
                    return -1;
                out->kind = TIMEPOS_PERCENT;
                out->value = v + frac;
                return 0;
            }
        }
    }
    v = timepos_clock(p);
    if (v < 0 || v > TIMEPOS_MAX)
        return -1;
    out->kind = kind;
    out->value = v;
    return 0;
}

double timepos_resolve(const struct timepos *t, double duration)
{
    bool known = isfinite(duration) && duration > 0;
    double at;

    switch (t->kind) {
    case TIMEPOS_FROM_END:
        if (!known)
            return -1;
        at = duration - t->value;
        break;
    case TIMEPOS_PERCENT:
        if (!known)
            return -1;
        at = duration * t->value / 100;
        break;
    case TIMEPOS_ABSOLUTE:
    default:
        at = t->value;
        break;
    }
    if (known && at > duration)
        at = duration;
    return at < 0 ? 0 : at;
}

void timepos_format(char *buf, size_t n, double secs)
{
    long long s;

    /* !(secs >= 0) is true for NaN too. */
    if (!(secs >= 0) || secs >= TIMEPOS_MAX) {
        snprintf(buf, n, "--:--");
        return;
    }
    s = (long long)secs;
    if (s >= 3600)
        snprintf(buf, n, "%lld:%02lld:%02lld", s / 3600, s / 60 % 60, s % 60);
    else
        snprintf(buf, n, "%02lld:%02lld", s / 60, s % 60);
}
