/* input_defaults.h - the default key bindings: share/input.conf, built
 * into the binary (src/embed_gen.py), in input.conf syntax (bindings.h). */
#ifndef TPLAY_INPUT_DEFAULTS_H
#define TPLAY_INPUT_DEFAULTS_H

#include <stddef.h>

extern const char input_defaults[];  /* NUL-terminated too */
extern const size_t input_defaults_len;

#endif
