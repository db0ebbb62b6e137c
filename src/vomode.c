/* vomode.c - the picture's protocol, symbols and colours from the setting
 * and the terminal, with the reason kept in words. */
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

const char *vomode_pixels_name(enum video_pixels p)
{
    return p == VIDEO_PIXELS_SIXEL ? "sixel"
           : p == VIDEO_PIXELS_KITTY ? "kitty"
           : p == VIDEO_PIXELS_ITERM2 ? "iterm2" : "cells";
}

/* auto's pixels, with the reason in why; VIDEO_PIXELS_NONE when the
 * picture is cells. */
static enum video_pixels vomode_auto(const struct vomode_term *t, char *why,
                                     size_t size)
{
    const struct termreply *r = t->reply;

    if (t->multiplexer) {
        snprintf(why, size, "inside %s, which passes no pictures",
                 t->multiplexer);
        return VIDEO_PIXELS_NONE;
    }
    if (t->env_pixels != VIDEO_PIXELS_NONE && t->env_pixels_why) {
        snprintf(why, size, "%s", t->env_pixels_why);
        return t->env_pixels;
    }
    if (r && r->kitty) {
        snprintf(why, size, "the terminal answered kitty's graphics query");
        return VIDEO_PIXELS_KITTY;
    }
    if (r && r->sixel) {
        snprintf(why, size, "the terminal lists sixel in its attributes");
        return VIDEO_PIXELS_SIXEL;
    }
    snprintf(why, size, "%s; %s", r && r->da1
             ? "the terminal has no picture protocol"
             : r ? "the terminal did not answer in time"
                 : "the terminal was not asked", t->colors_why);
    return VIDEO_PIXELS_NONE;
}

void vomode_choose(struct vomode *m, enum config_video mode,
                   const struct vomode_term *t)
{
    static const char *const names[] = {
        [CONFIG_VIDEO_AUTO] = "auto", [CONFIG_VIDEO_SYMBOLS] = "symbols",
        [CONFIG_VIDEO_HALF] = "half", [CONFIG_VIDEO_TRUECOLOR] = "truecolor",
        [CONFIG_VIDEO_256] = "256", [CONFIG_VIDEO_16] = "16",
        [CONFIG_VIDEO_SIXEL] = "sixel", [CONFIG_VIDEO_KITTY] = "kitty",
        [CONFIG_VIDEO_ITERM2] = "iterm2", [CONFIG_VIDEO_OFF] = "off",
    };
    bool forced = mode == CONFIG_VIDEO_TRUECOLOR ||
                  mode == CONFIG_VIDEO_256 || mode == CONFIG_VIDEO_16;
    const struct termreply *r = t->reply;
    char why[128];

    memset(m, 0, sizeof *m);
    m->sync = r && (r->sync == 1 || r->sync == 2);
    m->colors = mode == CONFIG_VIDEO_TRUECOLOR ? VIDEO_COLORS_TRUE
                : mode == CONFIG_VIDEO_256 ? VIDEO_COLORS_256
                : mode == CONFIG_VIDEO_16 ? VIDEO_COLORS_16 : t->colors;
    m->symbols = mode == CONFIG_VIDEO_SYMBOLS ? VIDEO_SYMBOLS_BLOCKS
                                              : VIDEO_SYMBOLS_HALF;
    m->pixels = mode == CONFIG_VIDEO_SIXEL ? VIDEO_PIXELS_SIXEL
                : mode == CONFIG_VIDEO_KITTY ? VIDEO_PIXELS_KITTY
                : mode == CONFIG_VIDEO_ITERM2 ? VIDEO_PIXELS_ITERM2
                                              : VIDEO_PIXELS_NONE;
    if (mode == CONFIG_VIDEO_OFF) {
        snprintf(m->text, sizeof m->text, "off");
        return;
    }
    if (mode == CONFIG_VIDEO_AUTO) {
        snprintf(why, sizeof why, "auto: ");
        m->pixels = vomode_auto(t, why + 6, sizeof why - 6);
    } else if (forced || m->pixels != VIDEO_PIXELS_NONE) {
        snprintf(why, sizeof why, "mode %s", names[mode]);
    } else {
        snprintf(why, sizeof why, "mode %s; %s", names[mode], t->colors_why);
    }
    if (m->pixels == VIDEO_PIXELS_SIXEL) {
        /* Fewer registers than a palette's 256 garble it: 16 then. */
        m->colors = r && r->registers > 0 && r->registers < 256
            ? VIDEO_COLORS_16 : VIDEO_COLORS_256;
        snprintf(m->text, sizeof m->text, "sixel, %s (%s)",
                 m->colors == VIDEO_COLORS_16 ? "16 colours"
                                              : "216 colours dithered", why);
        return;
    }
    if (m->pixels != VIDEO_PIXELS_NONE) {
        m->colors = VIDEO_COLORS_TRUE;
        snprintf(m->text, sizeof m->text, "%s pictures (%s)",
                 vomode_pixels_name(m->pixels), why);
        return;
    }
    if (!t->unicode) {
        m->symbols = VIDEO_SYMBOLS_ASCII;
        snprintf(why + strlen(why), sizeof why - strlen(why),
                 "; no UTF-8 locale");
    }
    snprintf(m->text, sizeof m->text, "%s, %s (%s)",
             vomode_symbols_name(m->symbols), vomode_colors_name(m->colors),
             why);
}
