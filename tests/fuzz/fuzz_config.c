/* fuzz_config.c - the bytes as a tplay.conf, read as config_load reads a
 * file; then what the program does with the result: the settings checked
 * against the settings table's ranges, the language preferences choosing
 * among a fixed set of audio tracks and of text tracks, and every problem
 * message printed the way main.c prints it. */
#include "fuzz.h"

#include "config.h"
#include "json.h"
#include "player.h"
#include "problems.h"
#include "property.h"
#include "settings.h"
#include "strbuf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define FUZZ_CONFIG_NAME "fuzz.conf"

/* An ALSA device name as config.c promises it: printable ASCII, no blank. */
static void fuzz_config_device(const char *dev, size_t size)
{
    size_t n = strnlen(dev, size);

    PROPERTY(n > 0 && n < size);
    for (size_t i = 0; i < n; i++)
        PROPERTY(dev[i] > ' ' && dev[i] < 0x7f);
}

/* Every number, choice and device within what the settings table says. */
static void fuzz_config_settings(const struct config *c)
{
    const struct setting *s;

    for (size_t i = 0; (s = settings_at(i)) != NULL; i++) {
        const char *field = (const char *)c + s->offset;
        double d;
        int n, choices = 0;

        switch (s->type) {
        case SETTING_INT:
            memcpy(&n, field, sizeof n);
            PROPERTY(n >= s->min && n <= s->max);
            break;
        case SETTING_DOUBLE:
            memcpy(&d, field, sizeof d);
            PROPERTY(d >= s->min && d <= s->max);
            break;
        case SETTING_CHOICE:
            memcpy(&n, field, sizeof n);
            while (s->choices[choices])
                choices++;
            PROPERTY(n >= 0 && n < choices);
            break;
        case SETTING_DEVICE:
            fuzz_config_device(field, s->size);
            break;
        case SETTING_LANGUAGE: {
            char again[LANG_TAG_MAX];

            PROPERTY(strnlen(field, s->size) < s->size);
            PROPERTY(!field[0] || (lang_canonicalize(field, again) &&
                                   strcmp(again, field) == 0));
            break;
        }
        case SETTING_BOOL:
        case SETTING_LANGUAGES: /* checked below, through their own type */
        case SETTING_KINDS:
        case SETTING_TEXT_KINDS:
            break;
        }
    }
}

/* A film's worth of tracks in several languages and kinds. */
static void fuzz_config_select(const struct select_prefs *p)
{
    static const struct {
        const char *lang;
        enum track_kind kind;
        unsigned flags;
    } rows[] = {
        { "en", TRACK_KIND_MAIN, TRACK_FLAG_DEFAULT },
        { "de", TRACK_KIND_TRANSLATION, 0 },
        { "en", TRACK_KIND_COMMENTARY, TRACK_FLAG_COMMENTARY },
        { "de-CH", TRACK_KIND_MAIN_DESC, TRACK_FLAG_VISUAL_IMPAIRED },
        { "zh-Hant", TRACK_KIND_TRANSLATION, 0 },
        { "und", TRACK_KIND_NONE, 0 },
        { "", TRACK_KIND_DESCRIPTIONS, 0 },
    };
    struct track tracks[sizeof rows / sizeof rows[0]];
    struct track_list list = { tracks, sizeof rows / sizeof rows[0] };
    size_t enabled = 0;

    memset(tracks, 0, sizeof tracks);
    for (size_t i = 0; i < list.count; i++) {
        strcpy(tracks[i].language, rows[i].lang);
        tracks[i].kind = rows[i].kind;
        tracks[i].flags = rows[i].flags;
    }
    select_tracks(p, &list);
    for (size_t i = 0; i < list.count; i++)
        enabled += tracks[i].enabled;
    PROPERTY(enabled >= 1 && enabled <= 1 + p->nalso);
}

/* The subtitle choice over a fixed set of text tracks: at most the two
 * slots, never one track twice, never a track libmpv cannot show, and
 * nothing with show off. */
static void fuzz_config_textselect(const struct config *c)
{
    static const struct {
        const char *lang;
        enum text_kind kind;
        unsigned flags;
        int64_t mpv_id;
    } rows[] = {
        { "en", TEXT_KIND_SUBTITLES, TEXT_FLAG_DEFAULT, 1 },
        { "en", TEXT_KIND_CAPTIONS, TEXT_FLAG_HEARING_IMPAIRED, 2 },
        { "de", TEXT_KIND_SUBTITLES, TEXT_FLAG_FORCED, 3 },
        { "ja", TEXT_KIND_SUBTITLES, 0, 4 },
        { "", TEXT_KIND_SUBTITLES, TEXT_FLAG_FORCED, 5 },
        { "en", TEXT_KIND_DESCRIPTIONS, TEXT_FLAG_DESCRIPTIONS, 6 },
        { "en", TEXT_KIND_METADATA, 0, 7 },
        { "pt", TEXT_KIND_SUBTITLES, 0, -1 },
        { "", TEXT_KIND_CHAPTERS, 0, -1 },
    };
    struct track audio = { .enabled = true, .language = "de" };
    struct track_list alist = { &audio, 1 };
    struct text_track tracks[sizeof rows / sizeof rows[0]];
    struct text_track_list list = { tracks, sizeof rows / sizeof rows[0] };
    struct textselect_choice ch;
    size_t showing = 0;

    memset(tracks, 0, sizeof tracks);
    for (size_t i = 0; i < list.count; i++) {
        strcpy(tracks[i].language, rows[i].lang);
        tracks[i].kind = rows[i].kind;
        tracks[i].flags = rows[i].flags;
        tracks[i].mpv_id = rows[i].mpv_id;
    }
    ch = textselect_choose(&c->subs, &c->prefs, &alist, &list);
    PROPERTY(ch.primary >= -1 && ch.primary < (long)list.count);
    PROPERTY(ch.secondary >= -1 && ch.secondary < (long)list.count);
    PROPERTY(ch.primary < 0 || ch.primary != ch.secondary);
    PROPERTY(c->subs.show || (ch.primary < 0 && ch.secondary < 0));
    for (size_t i = 0; i < list.count; i++)
        if (tracks[i].mode == TEXT_MODE_SHOWING) {
            showing++;
            PROPERTY((long)i == ch.primary || (long)i == ch.secondary);
            PROPERTY(tracks[i].mpv_id >= 0 &&
                     tracks[i].kind != TEXT_KIND_METADATA &&
                     tracks[i].kind != TEXT_KIND_CHAPTERS);
        }
    PROPERTY(showing == (size_t)(ch.primary >= 0) + (ch.secondary >= 0));
}

/* A problem names its file and line, and is safe on stderr as main.c
 * prints it (the screen's text_wrap has a target of its own: label). */
static void fuzz_config_problem(const char *msg)
{
    struct strbuf err = STRBUF_INIT;

    PROPERTY(strncmp(msg, FUZZ_CONFIG_NAME ":", strlen(FUZZ_CONFIG_NAME) + 1)
             == 0);
    json_add_text(&err, msg);
    property_safe_text(strbuf_str(&err), err.len);
    strbuf_free(&err);
}

int fuzz_config_one(const uint8_t *data, size_t size)
{
    struct config c;

    config_init(&c);
    config_load_text(&c, (const char *)data, size, FUZZ_CONFIG_NAME);
    PROPERTY(c.nproblems <= PROBLEMS_MAX + 1);
    fuzz_config_settings(&c);
    PROPERTY(c.prefs.nlanguages <= SELECT_MAX_LANGUAGES &&
             c.prefs.nkinds <= SELECT_MAX_KINDS &&
             c.prefs.navoid <= SELECT_MAX_KINDS &&
             c.prefs.nalso <= SELECT_MAX_KINDS);
    for (size_t i = 0; i < c.prefs.nlanguages; i++) {
        char again[LANG_TAG_MAX];

        PROPERTY(lang_canonicalize(c.prefs.languages[i], again) &&
                 strcmp(again, c.prefs.languages[i]) == 0);
    }
    fuzz_config_select(&c.prefs);
    PROPERTY(c.subs.nlanguages <= TEXTSELECT_MAX_LANGUAGES &&
             c.subs.nkinds <= TEXT_KIND_COUNT);
    for (size_t i = 0; i < c.subs.nkinds; i++)
        PROPERTY(c.subs.kinds[i] == TEXT_KIND_SUBTITLES ||
                 c.subs.kinds[i] == TEXT_KIND_CAPTIONS ||
                 c.subs.kinds[i] == TEXT_KIND_DESCRIPTIONS);
    fuzz_config_textselect(&c);
    /* [mpv]: only what player.c lets through, with its origin. */
    for (size_t i = 0; i < c.nmpv; i++) {
        PROPERTY(c.mpv[i].key && c.mpv[i].value && c.mpv[i].origin);
        PROPERTY(player_opt_refused(c.mpv[i].key) == NULL);
        PROPERTY(strncmp(c.mpv[i].origin, FUZZ_CONFIG_NAME ":",
                         strlen(FUZZ_CONFIG_NAME) + 1) == 0);
    }
    for (size_t i = 0; i < c.nproblems; i++)
        fuzz_config_problem(c.problems[i]);
    config_free(&c);
    return 0;
}

FUZZ_ENTRY(fuzz_config_one)
