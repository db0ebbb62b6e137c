/* keylist.h - tplay --list-keys: the bindings in force, in input.conf
 * syntax, so a user can start their own from them. */
#ifndef TPLAY_UI_KEYLIST_H
#define TPLAY_UI_KEYLIST_H

#include "cli.h"

/* Print them on stdout, the problems of the user's file on stderr.
 * Returns the exit status (1 when the user's file had problems). */
int keylist_print(const struct cli *cli);

#endif
