/* problems.h - every list of problems shown to the user (a config file's,
 * --alang's, the [mpv] options libmpv rejected) is capped the same way: at
 * most PROBLEMS_MAX from one source, then one line that counts the rest,
 * so that a file of garbage never buries the screen or the terminal. */
#ifndef TPLAY_PROBLEMS_H
#define TPLAY_PROBLEMS_H

#include <stdarg.h>
#include <stddef.h>

#define PROBLEMS_MAX 20 /* kept from one source */

/*
 * Keep at most PROBLEMS_MAX of the problems (*list)[first..*n) (one
 * source's, found in order), freeing the rest, and then add one line in
 * their place: "SOURCE: N more problems not shown", with "; HINT" after
 * it when hint is not NULL.  *list grows as needed (xreallocarray); its
 * strings are the caller's to free, as before.
 */
void problems_cap(char ***list, size_t *n, size_t first, const char *source,
                  const char *hint);

/* Append a problem made of fmt and ap to *list (*n of them): every list
 * of problems grows the same way. */
void problems_addv(char ***list, size_t *n, const char *fmt, va_list ap)
    __attribute__((format(printf, 3, 0)));

#endif
