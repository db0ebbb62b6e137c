/* trace.h - timestamped events for measurement: key presses, toggles,
 * frames shown, seeks.  Off unless $TPLAY_TRACE names a file. */
#ifndef TPLAY_UI_TRACE_H
#define TPLAY_UI_TRACE_H

#include <stdbool.h>

/* Open the file $TPLAY_TRACE names (truncated), if it is set. */
void trace_open(void);
void trace_close(void);
bool trace_on(void);

/* One line: monotonic seconds, then the formatted text. */
void trace_log(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
