/* config.h - tplay.conf: language and kind preferences (audio and
 * subtitles) and the settings a user keeps.  Which settings there are,
 * their ranges and defaults are settings.h's table; this is where their
 * values live.  Problems never stop tplay: each is collected as
 * "file:line: message" and the setting keeps its default. */
#ifndef TPLAY_CONFIG_H
#define TPLAY_CONFIG_H

#include "player.h"
#include "select.h"
#include "textselect.h"

#include <stdbool.h>
#include <stddef.h>

/* [video] mode, in the order of its names in the settings table. */
enum config_video {
    CONFIG_VIDEO_AUTO,      /* the best the terminal answers it has: kitty's
                               pictures, sixel, else half blocks (chafa's
                               ASCII without a UTF-8 locale) */
    CONFIG_VIDEO_SYMBOLS,   /* chafa's finer block symbols */
    CONFIG_VIDEO_HALF,      /* half blocks */
    CONFIG_VIDEO_TRUECOLOR, /* auto's symbols, in 24-bit colour */
    CONFIG_VIDEO_256,       /* ... in the xterm palette */
    CONFIG_VIDEO_16,        /* ... in the 16 standard colours */
    CONFIG_VIDEO_SIXEL,     /* pixels: DEC sixel graphics */
    CONFIG_VIDEO_KITTY,     /* pixels: kitty's graphics protocol */
    CONFIG_VIDEO_ITERM2,    /* pixels: iTerm2's inline images */
    CONFIG_VIDEO_OFF,       /* sound only: the video is not decoded */
};

/* [subtitles] position: where the cue goes, in the order of its names
 * in the settings table. */
enum config_sub_position {
    CONFIG_SUB_BELOW, /* on rows of its own under the picture */
    CONFIG_SUB_OVER,  /* over the picture's last rows */
};

/* [player]: what the player does between files and with the mouse. */
struct config_player {
    bool resume;            /* keep each file's position on quit, start
                               there the next time */
    bool mouse;             /* take clicks and the wheel */
};

/* [mic]: the microphone monitoring path (ALSA capture -> Web Audio
 * lowshelf -> output). */
struct config_mic {
    char capture[128];      /* ALSA capture device */
    char playback[128];     /* ALSA playback device */
    double frequency;       /* lowshelf frequency, Hz (Web Audio default 350) */
    double gain;            /* lowshelf gain, dB */
    int period;             /* frames per period */
    int periods;            /* playback periods: the buffer, the latency */
    int volume;             /* monitor volume, percent (100: unity) */
};

#define CONFIG_MAX_BYTES (1L << 20) /* a bigger file is not a config */

struct config {
    struct config_player player; /* [player] */
    struct select_prefs prefs;   /* [audio] languages, kinds, ... */
    int volume;                  /* [audio] volume, percent */
    double duck;                 /* [audio] duck, dB (0: off) */
    bool duck_commentary;        /* [audio] duck-commentary */
    struct textselect_prefs subs; /* [subtitles] languages, kinds, ... */
    enum config_video video;     /* [video] mode */
    enum config_sub_position sub_position; /* [subtitles] position */
    struct config_mic mic;       /* [mic] */
    struct player_opt *mpv;      /* [mpv] key = value, all owned */
    size_t nmpv;
    char **problems;             /* "file:line: message", in order found */
    size_t nproblems;
};

/* Set every setting to the table's default; no problems. */
void config_init(struct config *c);

/*
 * Read one config file over the current settings (a key it sets replaces
 * the earlier value).  A missing file is normal unless required (--config).
 * Problems are collected in c->problems.
 */
void config_load(struct config *c, const char *path, bool required);

/* The same over a file's len bytes of text, path naming it in messages:
 * config_load reads the file whole and hands it here, as do the fuzz
 * targets.  More than CONFIG_MAX_BYTES, or a NUL byte, refuses it whole;
 * its problems are capped as problems.h says. */
void config_load_text(struct config *c, const char *text, size_t len,
                      const char *path);

/* Read the system-wide file (first tplay/tplay.conf in $XDG_CONFIG_DIRS,
 * default /etc/xdg), then the user's ($XDG_CONFIG_HOME or ~/.config). */
void config_load_default_files(struct config *c);

/* Replace the language list from a comma-separated value; where names the
 * source for messages ("--alang"); its problems are capped as problems.h
 * says. */
void config_set_languages(struct config *c, const char *where,
                          const char *value);

/* The same for the subtitle languages ([subtitles] languages, --slang). */
void config_set_sub_languages(struct config *c, const char *where,
                              const char *value);

/*
 * Set [section] key to value as the config file would (the command line's
 * --mic-gain and friends), where naming the source for messages.  0, or -1
 * if the value was refused (the problem is recorded, the default kept).
 */
int config_set(struct config *c, const char *where, const char *section,
               const char *key, const char *value);

/* Record a problem (printf-style). */
void config_problem(struct config *c, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

void config_free(struct config *c);

#endif
