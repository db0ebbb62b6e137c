/* help.h - the help overlay's rows, made from the bindings in force: by
 * group, keys that do the same thing on one row, each with its comment in
 * input.conf (or, without one, the command as written). */
#ifndef TPLAY_UI_HELP_H
#define TPLAY_UI_HELP_H

#include "bindings.h"
#include "screen.h"

#include <stddef.h>

struct help {
    struct screen_help_row *rows;
    size_t count;
    char **owned; /* the strings the rows point to */
    size_t nowned;
};

/* Build the rows for bindings b. */
void help_build(struct help *h, const struct bindings *b);

void help_free(struct help *h);

#endif
