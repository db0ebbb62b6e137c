/* warn.h - "tplay: ..." lines on stderr (the log while curses runs), with
 * the untrusted parts escaped so that no control byte reaches a terminal. */
#ifndef TPLAY_UI_WARN_H
#define TPLAY_UI_WARN_H

/* "tplay: msg", every control byte in msg escaped. */
void warn_text(const char *msg);

/* "tplay: FILE: reason", both escaped: the name comes from outside, and
 * the reason may quote libmpv, which may quote the file. */
void warn_file(const char *file, const char *reason);

#endif
