/* warn.h - "tplay: ..." lines for the user, with the untrusted parts
 * escaped so that no control byte reaches a terminal: on stderr and in the
 * log, or in the log alone while the screen is up. */
#ifndef TPLAY_UI_WARN_H
#define TPLAY_UI_WARN_H

/* "tplay: msg", every control byte in msg escaped, on stderr and in the
 * log. */
void warn_text(const char *msg);

/* "tplay: FILE: reason", both escaped, on stderr and in the log: the name
 * comes from outside, and the reason may quote libmpv, which may quote
 * the file. */
void warn_file(const char *file, const char *reason);

/* "tplay: msg", escaped, in the log alone (what the screen shows, and
 * what it leaves out). */
void warn_log(const char *msg);

#endif
