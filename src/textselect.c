/* textselect.c - the start-up subtitle choice (docs/tracks.md "Which
 * subtitles start showing"). */
#include "textselect.h"

#include <string.h>

/* The rank of subtitles and captions when kinds does not list them:
 * after every listed kind. */
#define TEXTSELECT_UNLISTED TEXT_KIND_COUNT

/* What a lookup is for. */
enum textselect_want {
    TEXTSELECT_FULL,      /* the primary: whole subtitles, not forced */
    TEXTSELECT_FORCED,    /* the primary when the audio is understood */
    TEXTSELECT_SECONDARY, /* whole subtitles as text, not the primary */
};

void textselect_prefs_default(struct textselect_prefs *p)
{
    memset(p, 0, sizeof *p);
    p->show = true;
    p->kinds[0] = TEXT_KIND_SUBTITLES;
    p->kinds[1] = TEXT_KIND_CAPTIONS;
    p->nkinds = 2;
}

/* Lower is better; -1: never shown on its own.  Chapters and metadata
 * are not for reading along, and descriptions (text for a screen reader)
 * only when asked for. */
static int textselect_kind_rank(const struct textselect_prefs *p,
                                enum text_kind k)
{
    if (k != TEXT_KIND_SUBTITLES && k != TEXT_KIND_CAPTIONS &&
        k != TEXT_KIND_DESCRIPTIONS)
        return -1;
    for (size_t i = 0; i < p->nkinds; i++)
        if (p->kinds[i] == k)
            return (int)i;
    return k == TEXT_KIND_DESCRIPTIONS ? -1 : TEXTSELECT_UNLISTED;
}

static bool textselect_matchable(const char *lang)
{
    return lang[0] && strcmp(lang, "und") != 0;
}

/* Whether track i of list may be picked for want. */
static bool textselect_candidate(const struct textselect_prefs *p,
                                 const struct text_track_list *list, size_t i,
                                 enum textselect_want want, long exclude)
{
    const struct text_track *t = &list->tracks[i];
    bool forced = t->flags & TEXT_FLAG_FORCED;

    if (t->mpv_id < 0 || textselect_kind_rank(p, t->kind) < 0 ||
        (long)i == exclude)
        return false;
    switch (want) {
    case TEXTSELECT_FORCED: return forced;
    case TEXTSELECT_SECONDARY: return !forced && !t->bitmap;
    case TEXTSELECT_FULL: break;
    }
    return !forced;
}

/* Is a a better pick than b (a comes later in the file)? */
static bool textselect_better(const struct textselect_prefs *p,
                              const struct text_track *a,
                              const struct text_track *b)
{
    int ra = textselect_kind_rank(p, a->kind), rb = textselect_kind_rank(p, b->kind);
    bool da = a->flags & TEXT_FLAG_DEFAULT, db = b->flags & TEXT_FLAG_DEFAULT;

    if (ra != rb)
        return ra < rb;
    return da && !db;
}

/* The best candidate whose language equals range (exact) or has it as a
 * proper prefix (!exact), or -1. */
static long textselect_best(const struct textselect_prefs *p,
                            const struct text_track_list *list,
                            const char *range, bool exact,
                            enum textselect_want want, long exclude)
{
    long best = -1;

    for (size_t i = 0; i < list->count; i++) {
        const char *lang = list->tracks[i].language;
        bool same = strcmp(lang, range) == 0;

        if (!textselect_matchable(lang) ||
            (exact ? !same : same || !lang_prefix_match(range, lang)) ||
            !textselect_candidate(p, list, i, want, exclude))
            continue;
        if (best < 0 ||
            textselect_better(p, &list->tracks[i], &list->tracks[best]))
            best = (long)i;
    }
    return best;
}

/* RFC 4647 lookup of one language: exact, then prefix, for the tag and
 * each of its truncations.  The best candidate, or -1. */
static long textselect_lookup(const struct textselect_prefs *p,
                              const struct text_track_list *list,
                              const char *lang, enum textselect_want want,
                              long exclude)
{
    char range[LANG_TAG_MAX];

    if (!textselect_matchable(lang))
        return -1;
    strcpy(range, lang);
    do {
        for (int exact = 1; exact >= 0; exact--) {
            long best = textselect_best(p, list, range, exact, want, exclude);

            if (best >= 0)
                return best;
        }
    } while (lang_truncate(range));
    return -1;
}

/* Whether the lookup of some language of langs finds a track tagged
 * tag: the user reads what is spoken. */
static bool textselect_reads(const char (*langs)[LANG_TAG_MAX], size_t n,
                             const char *tag)
{
    char range[LANG_TAG_MAX];

    if (!textselect_matchable(tag))
        return false;
    for (size_t i = 0; i < n; i++) {
        if (!textselect_matchable(langs[i]))
            continue;
        strcpy(range, langs[i]);
        do {
            if (lang_prefix_match(range, tag))
                return true;
        } while (lang_truncate(range));
    }
    return false;
}

/* The forced track for audio in language audio_lang: one in that
 * language, else one that names no language (a sidecar's
 * "movie.forced.srt"); -1 if none. */
static long textselect_forced(const struct textselect_prefs *p,
                              const struct text_track_list *list,
                              const char *audio_lang)
{
    long best = textselect_lookup(p, list, audio_lang, TEXTSELECT_FORCED, -1);

    if (best >= 0)
        return best;
    for (size_t i = 0; i < list->count; i++) {
        if (textselect_matchable(list->tracks[i].language) ||
            !textselect_candidate(p, list, i, TEXTSELECT_FORCED, -1))
            continue;
        if (best < 0 ||
            textselect_better(p, &list->tracks[i], &list->tracks[best]))
            best = (long)i;
    }
    return best;
}

/* The language of the first enabled audio track, or "". */
static const char *textselect_audio_language(const struct track_list *audio)
{
    for (size_t i = 0; audio && i < audio->count; i++)
        if (audio->tracks[i].enabled)
            return audio->tracks[i].language;
    return "";
}

struct textselect_choice textselect_choose(const struct textselect_prefs *p,
                                          const struct select_prefs *audio_prefs,
                                          const struct track_list *audio,
                                          struct text_track_list *text)
{
    struct textselect_choice c = { -1, -1 };
    const char (*langs)[LANG_TAG_MAX] = p->languages;
    size_t n = p->nlanguages;
    const char *spoken = textselect_audio_language(audio);

    for (size_t i = 0; i < text->count; i++)
        text->tracks[i].mode = text->tracks[i].kind == TEXT_KIND_CHAPTERS
                                   ? TEXT_MODE_HIDDEN : TEXT_MODE_DISABLED;
    if (!p->show)
        return c;
    if (n == 0 && audio_prefs) {
        langs = audio_prefs->languages;
        n = audio_prefs->nlanguages;
    }
    if (n > 0 && !textselect_reads(langs, n, spoken))
        for (size_t l = 0; l < n && c.primary < 0; l++)
            c.primary = textselect_lookup(p, text, langs[l], TEXTSELECT_FULL,
                                          -1);
    if (c.primary < 0)
        c.primary = textselect_forced(p, text, spoken);
    c.secondary = textselect_lookup(p, text, p->secondary,
                                    TEXTSELECT_SECONDARY, c.primary);
    if (c.primary >= 0)
        text->tracks[c.primary].mode = TEXT_MODE_SHOWING;
    if (c.secondary >= 0)
        text->tracks[c.secondary].mode = TEXT_MODE_SHOWING;
    return c;
}

int64_t textselect_mpv_id(const struct text_track_list *text, long index)
{
    if (index < 0 || (size_t)index >= text->count)
        return -1;
    return text->tracks[index].mpv_id;
}
