/* source.h - where the film comes from: a path or URL as given, or "-",
 * standard input, whose place the terminal then takes for the keys. */
#ifndef TPLAY_UI_SOURCE_H
#define TPLAY_UI_SOURCE_H

/*
 * The path libmpv is to load for the FILE argument file, in *load (caller
 * frees).  For "-", the film is read from standard input: it moves to a
 * descriptor of its own ("fd://N", which media_open reads) and /dev/tty
 * becomes standard input, so keys still come from the terminal.  Returns
 * 0, or -1 with a message in *err (caller frees) when "-" is asked for
 * and standard input is a terminal, or there is no terminal to take the
 * keys from.
 */
int source_open(const char *file, char **load, char **err);

#endif
