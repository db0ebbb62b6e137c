/* now.c - the monotonic clock in milliseconds. */
#include "now.h"

#include <time.h>

long long now_ms(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}
