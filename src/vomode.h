/* vomode.h - how the picture is drawn, from [video] mode (or --vo-mode)
 * and what the terminal is known to show, and why, in words for the help
 * overlay and the trace. */
#ifndef TPLAY_VOMODE_H
#define TPLAY_VOMODE_H

#include "config.h"
#include "termreply.h"
#include "video.h"

#include <stdbool.h>

/* What is known of the terminal, before curses starts. */
struct vomode_term {
    enum video_colors colors;   /* its colours for cells ... */
    const char *colors_why;     /* ... and how that is known, e.g.
                                   "COLORTERM=truecolor" */
    bool unicode;               /* the locale is UTF-8 */
    const char *multiplexer;    /* "tmux" or "screen" when inside one
                                   (pictures do not pass), else NULL */
    const char *env_pixels_why; /* the environment names a terminal with a
                                   picture protocol, e.g.
                                   "TERM=xterm-kitty", else NULL ... */
    enum video_pixels env_pixels; /* ... and which */
    const struct termreply *reply; /* its answers, NULL when not asked */
};

struct vomode {
    enum video_pixels pixels;   /* pictures in pixels, or cells: */
    enum video_colors colors;   /* the cells' colours, or sixel's */
    enum video_symbols symbols;
    bool sync;                  /* the terminal has synchronized output
                                   (DEC mode 2026) */
    char text[192]; /* e.g. "sixel, 216 colours dithered (auto: the
                       terminal lists sixel in its attributes)" */
};

/*
 * Choose for mode on the terminal t.  auto takes, in this order: half
 * blocks inside a multiplexer; the picture protocol the environment
 * names; kitty's when the terminal answered its query; sixel when DA1
 * lists it; else half blocks in the terminal's colours.  sixel, kitty
 * and iterm2 are used as asked; truecolor, 256 and 16 draw half blocks
 * in those colours, symbols chafa's finer block symbols; without Unicode
 * every cell mode falls back to chafa's ASCII.  A sixel picture has 256
 * colours, or 16 when the terminal says it has fewer registers.
 * CONFIG_VIDEO_OFF gives the text "off".
 */
void vomode_choose(struct vomode *m, enum config_video mode,
                   const struct vomode_term *t);

/* The words for p: "sixel", "kitty", "iterm2", or "cells". */
const char *vomode_pixels_name(enum video_pixels p);

#endif
