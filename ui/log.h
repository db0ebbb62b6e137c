/* log.h - the log ($XDG_STATE_HOME/tplay/tplay.log) and stderr.
 *
 * Every line tplay says, on the screen or on stderr, also goes to the log,
 * after a timestamp.  While a playing session runs, descriptor 2 itself
 * is the log: what libmpv's audio outputs, alsa-lib, PipeWire or SDL print
 * lands there, never on the terminal; the lines tplay must say to the user
 * (a failed open, the exit reason) go to the real stderr, kept aside. */
#ifndef TPLAY_UI_LOG_H
#define TPLAY_UI_LOG_H

/* A log bigger than this at start is moved to tplay.log.old. */
#define LOG_MAX_BYTES (1L << 20)

/* Open the log for appending (creating its folder), with a line that says
 * which run follows; /dev/null when there is no folder for it.  Safe to
 * call again: the later calls do nothing. */
void log_open(void);

/* From now on descriptor 2 is the log (opened first if need be); the real
 * stderr is kept for log_say.  With no descriptor left for that copy,
 * descriptor 2 stays as it is.  Safe to call again. */
void log_capture_stderr(void);

/* Give descriptor 2 back.  Safe at any time, any number of times, from
 * any exit path. */
void log_release_stderr(void);

/* Write line to the log after a timestamp ("2026-11-30 16:02:45.371 ").
 * line is one line, already safe to print (the caller escapes untrusted
 * text: see warn.h). */
void log_line(const char *line);

/* Write line to the real stderr (the terminal, even while descriptor 2 is
 * the log) and to the log. */
void log_say(const char *line);

/* Give descriptor 2 back and close the log, at the very end (a process
 * short of descriptors gets its last one back).  Lines after it are
 * dropped. */
void log_close(void);

/* The log's path ("/dev/null" when there is none), once opened. */
const char *log_path(void);

#endif
