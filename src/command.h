/* command.h - commands as input.conf writes them ("seek 5 relative+exact",
 * "add volume -2", "cycle pause; show-help"), read against a table of
 * command specs.  The table itself (names, arguments, help, handlers) is
 * the front end's: this module only knows how to read a command line
 * against one, with mpv's syntax.
 */
#ifndef TPLAY_COMMAND_H
#define TPLAY_COMMAND_H

#include <stdbool.h>
#include <stddef.h>

#define COMMAND_MAX_ARGS 3
#define COMMAND_MAX_CHAIN 8 /* commands in one "a; b; c" line */

enum command_arg_type {
    COMMAND_ARG_NONE,   /* no argument in this slot (ends the list) */
    COMMAND_ARG_NUMBER, /* a number: "5", "-2.5", "+1", "1/1.1" */
    COMMAND_ARG_INT,    /* a whole number */
    COMMAND_ARG_CHOICE, /* one of choices, or several joined by '+': a
                           bit mask of their indices */
    COMMAND_ARG_TEXT,   /* any text (quoted with "..." when it has spaces) */
};

struct command_arg_spec {
    const char *name;              /* for the help and messages */
    enum command_arg_type type;
    bool optional;                 /* may be left out, or given as "-" */
    const char *const *choices;    /* CHOICE: NULL-terminated */
};

struct command;

struct command_spec {
    const char *name;
    struct command_arg_spec args[COMMAND_MAX_ARGS];
    const char *help;        /* one line: what it does */
    int group;               /* the front end's grouping for the help */
    void (*run)(void *ctx, const struct command *cmd);
};

/* One argument as read.  given is false for a left-out optional one. */
struct command_arg {
    bool given;
    double number;     /* NUMBER, INT */
    unsigned choice;   /* CHOICE: bit i set for choices[i] */
    char *text;        /* the argument's text, unquoted (every type) */
};

struct command {
    const struct command_spec *spec;
    struct command_arg args[COMMAND_MAX_ARGS];
};

/* A line of commands: "a; b" runs a, then b. */
struct command_chain {
    struct command cmds[COMMAND_MAX_CHAIN];
    size_t count;
};

/*
 * Read text (one line, no comment) as one or more commands separated by
 * ';', each against specs[0..nspecs).  mpv's prefixes that change only
 * its on-screen display ("no-osd", "osd-msg", ...) are read and ignored.
 * 0 and *out (free with command_chain_free), or -1 with a one-line reason
 * in *err (caller frees), naming the command and the argument at fault.
 */
int command_parse(const char *text, const struct command_spec *specs,
                  size_t nspecs, struct command_chain *out, char **err);

/* Run each command of chain with ctx. */
void command_run(const struct command_chain *chain, void *ctx);

void command_chain_free(struct command_chain *chain);

/* The spec named name, or NULL. */
const struct command_spec *command_find(const struct command_spec *specs,
                                        size_t nspecs, const char *name);

#endif
