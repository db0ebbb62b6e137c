/* settings.c - the table of settings, and the arithmetic of their ranges
 * and steps. */
#include "settings.h"

#include "config.h"

#include <errno.h>
#include <math.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

/* SETTING_CHOICE is kept in an enum, read and written as an int. */
_Static_assert(sizeof(enum config_video) == sizeof(int),
               "an enum setting is kept as an int");

/* In the order of enum config_video. */
static const char *const settings_video_modes[] = {
    "auto", "symbols", "half", "truecolor", "256", "16", "sixel", "kitty",
    "iterm2", "off", NULL,
};
_Static_assert(CONFIG_VIDEO_OFF == 9, "a name per video mode");
/* Both language lists are read by the same code, with the same cap. */
_Static_assert(TEXTSELECT_MAX_LANGUAGES == SELECT_MAX_LANGUAGES,
               "one cap for the language lists");
_Static_assert(sizeof(enum config_sub_position) == sizeof(int),
               "an enum setting is kept as an int");

/* In the order of enum config_sub_position. */
static const char *const settings_sub_positions[] = {
    "below", "over", NULL,
};
_Static_assert(CONFIG_SUB_OVER == 1, "a name per subtitle position");

#define SETTINGS_AT(field) .offset = offsetof(struct config, field)
#define SETTINGS_LIST(field, count) \
    .offset = offsetof(struct config, field), \
    .count_offset = offsetof(struct config, count)
#define SETTINGS_BUF(field) \
    .offset = offsetof(struct config, field), \
    .size = sizeof(((struct config *)NULL)->field)

static const struct setting settings_table[] = {
    {
        .section = "player", .key = "resume", .name = "resume",
        .type = SETTING_BOOL, .dflt = "yes", .unit = "",
        .option = "--no-resume", .option_value = "no",
        .option_help = "start at the beginning, not where FILE was left",
        .help = "remember where each file was left on quit, and start "
                "there the next time",
        SETTINGS_AT(player.resume),
    },
    {
        .section = "player", .key = "mouse", .name = "mouse",
        .type = SETTING_BOOL, .dflt = "yes", .unit = "",
        .help = "take the mouse: a click on a track toggles it, on the "
                "progress bar seeks there; the wheel scrolls or changes "
                "the volume",
        SETTINGS_AT(player.mouse),
    },
    {
        .section = "audio", .key = "languages", .name = "languages",
        .type = SETTING_LANGUAGES, .dflt = "", .unit = "",
        .option = "--alang", .option_arg = "LIST",
        .help = "preferred audio languages, most wanted first, as BCP 47 "
                "tags (e.g. ja,en)",
        SETTINGS_LIST(prefs.languages, prefs.nlanguages),
    },
    {
        .section = "audio", .key = "kinds", .name = "kinds",
        .type = SETTING_KINDS, .dflt = "main, translation, \"\"", .unit = "",
        .help = "preferred kinds among the tracks of the chosen language, "
                "in order",
        SETTINGS_LIST(prefs.kinds, prefs.nkinds),
    },
    {
        .section = "audio", .key = "avoid-kinds", .name = "avoid-kinds",
        .type = SETTING_KINDS, .dflt = "commentary, descriptions", .unit = "",
        .help = "kinds never picked for their language alone",
        SETTINGS_LIST(prefs.avoid, prefs.navoid),
    },
    {
        .section = "audio", .key = "also-enable", .name = "also-enable",
        .type = SETTING_KINDS, .dflt = "", .unit = "",
        .help = "kinds mixed on top of the chosen track, in its language",
        SETTINGS_LIST(prefs.also, prefs.nalso),
    },
    {
        /* 130: libmpv's own volume-max, where its "add volume" stops. */
        .section = "audio", .key = "volume", .name = "volume",
        .type = SETTING_INT, .min = 0, .max = 130, .dflt = "100", .unit = "%",
        .step_kind = SETTING_STEP_ADD, .step = 2,
        .help = "volume at start (100: the file's own level)",
        SETTINGS_AT(volume),
    },
    {
        .section = "audio", .key = "duck", .name = "duck",
        .type = SETTING_DOUBLE, .min = -60, .max = 0, .dflt = "-12",
        .unit = "dB",
        .help = "how far the other tracks go down while a descriptions "
                "track speaks (0: off)",
        SETTINGS_AT(duck),
    },
    {
        .section = "audio", .key = "duck-commentary",
        .name = "duck-commentary", .type = SETTING_BOOL, .dflt = "no",
        .unit = "",
        .help = "a commentary track ducks the others too",
        SETTINGS_AT(duck_commentary),
    },
    {
        .section = "subtitles", .key = "languages", .name = "sub-languages",
        .type = SETTING_LANGUAGES, .dflt = "", .unit = "",
        .option = "--slang", .option_arg = "LIST",
        .help = "preferred subtitle languages, most wanted first, as BCP 47 "
                "tags (e.g. en,de); none: the audio languages",
        SETTINGS_LIST(subs.languages, subs.nlanguages),
    },
    {
        .section = "subtitles", .key = "kinds", .name = "sub-kinds",
        .type = SETTING_TEXT_KINDS, .dflt = "subtitles, captions",
        .unit = "",
        .help = "preferred kinds among the text tracks of the chosen "
                "language, in order",
        SETTINGS_LIST(subs.kinds, subs.nkinds),
    },
    {
        .section = "subtitles", .key = "secondary", .name = "sub-secondary",
        .type = SETTING_LANGUAGE, .dflt = "", .unit = "",
        .help = "the language of a second subtitle track shown above the "
                "first (e.g. ja)",
        SETTINGS_BUF(subs.secondary),
    },
    {
        .section = "subtitles", .key = "show", .name = "sub-show",
        .type = SETTING_BOOL, .dflt = "yes", .unit = "",
        .option = "--no-sub", .option_value = "no",
        .option_help = "show no subtitles, not even forced ones",
        .help = "show the subtitles the languages choose (no: none, not "
                "even forced ones)",
        SETTINGS_AT(subs.show),
    },
    {
        .section = "subtitles", .key = "position", .name = "sub-position",
        .type = SETTING_CHOICE, .dflt = "below",
        .choices = settings_sub_positions, .unit = "",
        .help = "where a subtitle goes: on rows of its own below the "
                "picture, or over the picture's last rows",
        SETTINGS_AT(sub_position),
    },
    {
        .section = "video", .key = "mode", .name = "video-mode",
        .type = SETTING_CHOICE, .dflt = "auto",
        .choices = settings_video_modes, .unit = "",
        .option = "--vo-mode", .option_arg = "MODE",
        .help = "how the picture is drawn: auto, sixel, kitty, iterm2 "
                "(pixels), symbols (finer), half (half blocks), truecolor, "
                "256, 16 (colours) or off",
        SETTINGS_AT(video),
    },
    {
        .section = "mic", .key = "capture", .name = "mic-device",
        .type = SETTING_DEVICE, .dflt = "default", .unit = "",
        .option = "--mic-device", .option_arg = "PCM",
        .help = "ALSA capture device",
        SETTINGS_BUF(mic.capture),
    },
    {
        .section = "mic", .key = "playback", .name = "mic-output",
        .type = SETTING_DEVICE, .dflt = "default", .unit = "",
        .option = "--mic-output", .option_arg = "PCM",
        .help = "ALSA playback device",
        SETTINGS_BUF(mic.playback),
    },
    {
        /* Web Audio clamps to [0, Nyquist] (24 kHz at 48 kHz); 96 kHz is
         * Nyquist at the highest rate a card commonly runs.  0 Hz is the
         * identity.  A step is a sixth of an octave; below 10 Hz a shelf
         * is not heard, so the steps go 10 Hz, then 0. */
        .section = "mic", .key = "frequency", .name = "mic-frequency",
        .type = SETTING_DOUBLE, .min = 0, .max = 96000, .dflt = "350",
        .unit = "Hz", .step_kind = SETTING_STEP_MULTIPLY,
        .step = 1.122462048309373, /* 2^(1/6) */
        .step_floor = 10,
        .option = "--mic-frequency", .option_arg = "HZ",
        .help = "lowshelf frequency",
        SETTINGS_AT(mic.frequency),
    },
    {
        .section = "mic", .key = "gain", .name = "mic-gain",
        .type = SETTING_DOUBLE, .min = -40, .max = 40, .dflt = "0",
        .unit = "dB", .step_kind = SETTING_STEP_ADD, .step = 1,
        .option = "--mic-gain", .option_arg = "DB",
        .help = "lowshelf gain",
        SETTINGS_AT(mic.gain),
    },
    {
        .section = "mic", .key = "period", .name = "mic-period",
        .type = SETTING_INT, .min = 16, .max = 4096, .dflt = "128",
        .unit = "", .option = "--mic-period", .option_arg = "FRAMES",
        .help = "frames per ALSA period",
        SETTINGS_AT(mic.period),
    },
    {
        .section = "mic", .key = "periods", .name = "mic-periods",
        .type = SETTING_INT, .min = 2, .max = 16, .dflt = "2", .unit = "",
        .option = "--mic-periods", .option_arg = "N",
        .help = "playback periods in the buffer",
        SETTINGS_AT(mic.periods),
    },
    {
        .section = "mic", .key = "volume", .name = "mic-volume",
        .type = SETTING_INT, .min = 0, .max = 200, .dflt = "100", .unit = "%",
        .step_kind = SETTING_STEP_ADD, .step = 5,
        .option = "--mic-volume", .option_arg = "PERCENT",
        .help = "monitor volume after the filter",
        SETTINGS_AT(mic.volume),
    },
};

#define SETTINGS_COUNT (sizeof settings_table / sizeof settings_table[0])

const struct setting *settings_at(size_t i)
{
    return i < SETTINGS_COUNT ? &settings_table[i] : NULL;
}

const struct setting *settings_find(const char *section, const char *key)
{
    for (size_t i = 0; i < SETTINGS_COUNT; i++)
        if (strcmp(settings_table[i].section, section) == 0 &&
            strcmp(settings_table[i].key, key) == 0)
            return &settings_table[i];
    return NULL;
}

const struct setting *settings_find_name(const char *name)
{
    for (size_t i = 0; i < SETTINGS_COUNT; i++)
        if (strcmp(settings_table[i].name, name) == 0)
            return &settings_table[i];
    return NULL;
}

const struct setting *settings_find_option(const char *option)
{
    for (size_t i = 0; i < SETTINGS_COUNT; i++)
        if (settings_table[i].option &&
            strcmp(settings_table[i].option, option) == 0)
            return &settings_table[i];
    return NULL;
}

bool settings_is_number(const struct setting *s)
{
    return s->type == SETTING_INT || s->type == SETTING_DOUBLE;
}

bool settings_parse_number(const struct setting *s, const char *text,
                           double *out)
{
    char *end;
    double v;

    errno = 0;
    v = strtod(text, &end);
    /* !(in range) also refuses NaN. */
    if (errno || end == text || *end || !(v >= s->min && v <= s->max) ||
        (s->type == SETTING_INT && v != floor(v)))
        return false;
    *out = v;
    return true;
}

double settings_default_number(const struct setting *s)
{
    return strtod(s->dflt, NULL);
}

double settings_clamp(const struct setting *s, double v)
{
    if (s->type == SETTING_INT)
        v = round(v);
    return v < s->min ? s->min : v > s->max ? s->max : v;
}

/* One musical step up or down from v. */
static double settings_multiply_step(const struct setting *s, double v,
                                     bool up)
{
    if (up)
        return v < s->step_floor ? s->step_floor : v * s->step;
    if (v <= s->step_floor)
        return s->min;
    return v / s->step < s->step_floor ? s->step_floor : v / s->step;
}

/* SETTING_OP_STEP: steps of the row's own. */
static double settings_steps(const struct setting *s, double v, long steps)
{
    switch (s->step_kind) {
    case SETTING_STEP_ADD:
        return v + (double)steps * s->step;
    case SETTING_STEP_MULTIPLY:
        for (long i = 0; i < labs(steps); i++) {
            double next = settings_clamp(
                s, settings_multiply_step(s, v, steps > 0));

            if (next == v) /* at a limit: the rest change nothing */
                break;
            v = next;
        }
        return v;
    case SETTING_STEP_NONE:
        break;
    }
    return v;
}

double settings_apply(const struct setting *s, enum setting_op op,
                      double arg, double v)
{
    double to = v;

    if (isnan(arg))
        return v;
    switch (op) {
    case SETTING_OP_SET: to = arg; break;
    case SETTING_OP_ADD: to = v + arg; break;
    case SETTING_OP_MULTIPLY: to = v * arg; break;
    case SETTING_OP_STEP:
        /* A million steps reach any limit; more would only take longer. */
        to = settings_steps(s, v, lround(fmax(-1e6, fmin(1e6, arg))));
        break;
    }
    return isnan(to) ? v : settings_clamp(s, to);
}
