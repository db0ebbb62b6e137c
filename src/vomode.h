/* vomode.h - which symbols and colours the picture is drawn with, from
 * [video] mode (or --vo-mode) and what the terminal has, and why, in words
 * for the help overlay. */
#ifndef TPLAY_VOMODE_H
#define TPLAY_VOMODE_H

#include "config.h"
#include "video.h"

#include <stdbool.h>

struct vomode {
    enum video_colors colors;
    enum video_symbols symbols;
    char text[160]; /* e.g. "half blocks, truecolor (auto: COLORTERM=
                       truecolor)" */
};

/*
 * Choose for mode, on a terminal that shows term colours (term_why says
 * how that is known, e.g. "COLORTERM=truecolor") and has a UTF-8 locale
 * when unicode.  auto, truecolor, 256 and 16 draw half blocks (one pixel
 * above another: the cheapest at the look of mpv's --vo=tct), symbols
 * chafa's finer block symbols; without Unicode every mode but off falls
 * back to chafa's ASCII.  CONFIG_VIDEO_OFF gives the text "off" and
 * colours and symbols that nothing uses.
 */
void vomode_choose(struct vomode *m, enum config_video mode,
                   enum video_colors term, const char *term_why,
                   bool unicode);

#endif
