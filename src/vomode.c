/* vomode.c - the picture's symbols and colours from the setting and the
 * terminal, with the reason kept in words. */
#include "vomode.h"

#include <stdio.h>
#include <string.h>

static const char *vomode_colors_name(enum video_colors c)
{
    return c == VIDEO_COLORS_TRUE ? "truecolor"
           : c == VIDEO_COLORS_256 ? "256 colours" : "16 colours";
}

static const char *vomode_symbols_name(enum video_symbols s)
{
    return s == VIDEO_SYMBOLS_HALF ? "half blocks"
           : s == VIDEO_SYMBOLS_ASCII ? "ASCII symbols" : "symbols";
}

void vomode_choose(struct vomode *m, enum config_video mode,
                   enum video_colors term, const char *term_why,
                   bool unicode)
{
    static const char *const names[] = {
        [CONFIG_VIDEO_AUTO] = "auto", [CONFIG_VIDEO_SYMBOLS] = "symbols",
        [CONFIG_VIDEO_HALF] = "half", [CONFIG_VIDEO_TRUECOLOR] = "truecolor",
        [CONFIG_VIDEO_256] = "256", [CONFIG_VIDEO_16] = "16",
        [CONFIG_VIDEO_OFF] = "off",
    };
    bool forced = mode == CONFIG_VIDEO_TRUECOLOR ||
                  mode == CONFIG_VIDEO_256 || mode == CONFIG_VIDEO_16;
    char why[96];

    m->colors = mode == CONFIG_VIDEO_TRUECOLOR ? VIDEO_COLORS_TRUE
                : mode == CONFIG_VIDEO_256 ? VIDEO_COLORS_256
                : mode == CONFIG_VIDEO_16 ? VIDEO_COLORS_16 : term;
    m->symbols = mode == CONFIG_VIDEO_SYMBOLS ? VIDEO_SYMBOLS_BLOCKS
                                              : VIDEO_SYMBOLS_HALF;
    if (mode == CONFIG_VIDEO_OFF) {
        snprintf(m->text, sizeof m->text, "off");
        return;
    }
    if (mode == CONFIG_VIDEO_AUTO)
        snprintf(why, sizeof why, "auto: %s", term_why);
    else if (forced)
        snprintf(why, sizeof why, "mode %s", names[mode]);
    else
        snprintf(why, sizeof why, "mode %s; %s", names[mode], term_why);
    if (!unicode) {
        m->symbols = VIDEO_SYMBOLS_ASCII;
        snprintf(why + strlen(why), sizeof why - strlen(why),
                 "; no UTF-8 locale");
    }
    snprintf(m->text, sizeof m->text, "%s, %s (%s)",
             vomode_symbols_name(m->symbols), vomode_colors_name(m->colors),
             why);
}
