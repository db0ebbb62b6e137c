/* trace.c - the measurement log behind the toggle and stall figures. */
#include "trace.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

/* This file's state: one trace per process. */
static FILE *trace_file;

void trace_open(void)
{
    const char *path = getenv("TPLAY_TRACE");

    if (path && path[0] && !trace_file)
        trace_file = fopen(path, "we");
}

void trace_close(void)
{
    if (trace_file)
        fclose(trace_file);
    trace_file = NULL;
}

bool trace_on(void)
{
    return trace_file != NULL;
}

void trace_log(const char *fmt, ...)
{
    struct timespec ts;
    va_list ap;

    if (!trace_file)
        return;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    fprintf(trace_file, "%.6f ", (double)ts.tv_sec + ts.tv_nsec / 1e9);
    va_start(ap, fmt);
    vfprintf(trace_file, fmt, ap);
    va_end(ap);
    fputc('\n', trace_file);
    fflush(trace_file);
}
