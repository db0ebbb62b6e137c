/* bindings.h - key bindings read from input.conf text in mpv's syntax:
 *
 *     KEY [{SECTION}] COMMAND [ARGS] [; COMMAND ...]   [# help text]
 *
 * one per line, '#' starting a comment outside quotes.  The defaults are
 * such a text built into the binary; a user's input.conf is read after
 * them, and a later binding of a key in a section replaces the earlier.
 * Problems never stop tplay: each is kept as "FILE:LINE: message" and the
 * line is skipped.
 */
#ifndef TPLAY_BINDINGS_H
#define TPLAY_BINDINGS_H

#include "command.h"

#include <stdbool.h>
#include <stddef.h>

#define BINDINGS_MAX_BYTES (1L << 20) /* a bigger file is not an input.conf */

struct binding {
    int key;                    /* keyname.h */
    char *section;              /* "default", or the {SECTION} given */
    char *text;                 /* the command line as written */
    char *help;                 /* the line's comment, or NULL */
    struct command_chain chain; /* text, read */
    bool user;                  /* from a user's file, not the defaults */
};

struct bindings {
    struct binding *list;       /* in reading order */
    size_t count;
    char **problems;            /* "FILE:LINE: message", in order found */
    size_t nproblems;
};

/*
 * Read len bytes of input.conf text, where naming it in problems ("the
 * defaults", a path), commands read against specs[0..nspecs).  user marks
 * the bindings as the user's.  More than BINDINGS_MAX_BYTES or a NUL byte
 * refuses the text whole (one problem).
 */
void bindings_load_text(struct bindings *b, const char *text, size_t len,
                        const char *where, bool user,
                        const struct command_spec *specs, size_t nspecs);

/* The same from a file; a missing file is fine unless required. */
void bindings_load_file(struct bindings *b, const char *path, bool required,
                        const struct command_spec *specs, size_t nspecs);

/* The binding of key in section, or NULL: the last one read wins. */
const struct binding *bindings_find(const struct bindings *b,
                                    const char *section, int key);

/* Whether binding i is the one in force for its key and section (no later
 * line replaced it): the help shows only those. */
bool bindings_in_force(const struct bindings *b, size_t i);

/* The user's input.conf: $XDG_CONFIG_HOME/tplay/input.conf, else
 * ~/.config/tplay/input.conf; NULL when neither variable is set.  The
 * caller frees it. */
char *bindings_user_path(void);

void bindings_free(struct bindings *b);

#endif
