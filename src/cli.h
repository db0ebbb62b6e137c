/* cli.h - the command line: the options are cli.c's table, and those
 * that set a tplay.conf setting come from the settings table
 * (settings.h), with their help, ranges and defaults. */
#ifndef TPLAY_CLI_H
#define TPLAY_CLI_H

#include "player.h"

#include <stdbool.h>
#include <stddef.h>

struct strbuf;

enum cli_action {
    CLI_PLAY,        /* play FILE... (or monitor the mic, --mic) */
    CLI_LIST_TRACKS, /* --list-tracks FILE... */
    CLI_LIST_KEYS,   /* --list-keys: print the key bindings */
    CLI_HELP,
    CLI_VERSION,
};

/* A setting given as an option, applied over the config with config_set.
 * The strings are the settings table's, but value: it points into argv,
 * or is the table's option_value for an option without argument
 * (--no-resume: "no"). */
struct cli_setting {
    const char *option;   /* "--mic-gain" */
    const char *section;  /* "mic" */
    const char *key;      /* "gain" */
    const char *value;
};

#define CLI_MAX_SETTINGS 16

struct cli {
    enum cli_action action;
    char **files;               /* points into argv; any number to play */
    size_t nfiles;
    struct player_opt *mpv_opts; /* keys/values point into mpv_opt_buf */
    size_t nmpv_opts;
    char **mpv_opt_buf;         /* owned copies of KEY=VALUE */
    const char *config;         /* --config FILE, or NULL */
    bool no_config;             /* --no-config */
    const char *alang;          /* --alang LIST, or NULL: a setting, but
                                   its bad tags are problems, not a usage
                                   error (config_set_languages) */
    const char *slang;          /* --slang LIST, or NULL: the same for the
                                   subtitle languages
                                   (config_set_sub_languages) */
    bool no_video;              /* --no-video */
    bool mic;                   /* --mic: monitor the microphone */
    struct cli_setting settings[CLI_MAX_SETTINGS]; /* --mic-gain DB, ... */
    size_t nsettings;
    const char *input_conf;     /* --input-conf FILE (key bindings), or NULL */
    const char *start;          /* --start TIME as given, or NULL */
    bool shuffle;               /* --shuffle: play the files in random order */
    bool loop_playlist;         /* --loop-playlist: the list again at its end */
    const char **sub_files;     /* --sub-file FILE, in order; point into
                                   argv */
    size_t nsub_files;
};

/*
 * Parse argv into *out.  Returns 0, or -1 with a one-line reason in *err
 * (caller frees) for a usage error (the caller prints usage, exits 2).
 * Only the options' form is checked here: a setting's value is checked by
 * config_set, --start's by whoever reads it.
 */
int cli_parse(int argc, char **argv, struct cli *out, char **err);

/* Append the --help text to sb: every option with a line of help, those
 * of settings with their range and default. */
void cli_usage(struct strbuf *sb);

void cli_free(struct cli *c);

#endif
