/* dispatch.h - which command a key or a click runs: the bindings of the
 * section in force ({mic}, {help}, {playlist}, then the default ones),
 * and the mouse on the screen's own parts (a track row, the progress bar,
 * the status line, an overlay's rows). */
#ifndef TPLAY_UI_DISPATCH_H
#define TPLAY_UI_DISPATCH_H

#include "cli.h"
#include "input.h"
#include "session.h"

/* The bindings in force into *b: the defaults (share/input.conf, built
 * in), then the user's input.conf (--input-conf FILE, which must exist,
 * else $XDG_CONFIG_HOME/tplay/input.conf); problems in b->problems. */
void dispatch_load(struct bindings *b, const struct cli *cli);

/* Act on one event from the terminal. */
void dispatch_event(struct session *s, const struct input_event *ev);

/* The name of the key the default section binds to command name (the
 * first in force), into buf; false when none is. */
bool dispatch_key_for(const struct session *s, const char *name, char *buf,
                      size_t n);

#endif
