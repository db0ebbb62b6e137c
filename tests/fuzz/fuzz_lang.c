/* fuzz_lang.c - language tags and preference lists.  The input is lines:
 *   1  the languages preference list (as "languages =" or --alang)
 *   2  kinds, 3  avoid-kinds, 4  also-enable (as in tplay.conf)
 *   5… one synthetic track each: a control byte, then its language tag.
 *      The byte minus '0' gives the kind (mod 7: 0 "", 1 main, 2
 *      translation, 3 commentary, 4 descriptions, 5 main-desc,
 *      6 alternative) and, for '7' to '=', the default flag.
 * Every line is also tried as a tag on its own, and the preferences then
 * choose among the tracks as at start-up. */
#include "fuzz.h"

#include "config.h"
#include "lang.h"
#include "property.h"
#include "select.h"
#include "track.h"

#include <stdlib.h>
#include <string.h>

#define FUZZ_LANG_MAX_TRACKS 64

/* A canonical tag: subtags of 1-8 ASCII letters and digits joined by
 * single hyphens, the first in lower case. */
static void fuzz_lang_well_formed(const char *tag)
{
    size_t n = strlen(tag), run = 0;
    bool first = true;

    PROPERTY(n > 0 && n < LANG_TAG_MAX);
    for (size_t i = 0; i <= n; i++) {
        char ch = tag[i];

        if (ch == '-' || ch == '\0') {
            PROPERTY(run >= 1 && run <= 8);
            run = 0;
            first = false;
            continue;
        }
        PROPERTY((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') ||
                 (!first && ch >= 'A' && ch <= 'Z'));
        run++;
    }
}

/* One tag through every lang_* function. */
static void fuzz_lang_tag(const char *in)
{
    char out[LANG_TAG_MAX], again[LANG_TAG_MAX], cut[LANG_TAG_MAX];
    const char *name;
    size_t len;

    name = lang_name(in);
    PROPERTY(!name || name[0]);
    if (!lang_canonicalize(in, out)) {
        PROPERTY(out[0] == '\0');
        return;
    }
    fuzz_lang_well_formed(out);
    /* Canonical is a fixed point. */
    PROPERTY(lang_canonicalize(out, again) && strcmp(out, again) == 0);
    PROPERTY(lang_prefix_match(out, out));
    name = lang_name(out);
    PROPERTY(!name || name[0]);
    /* RFC 4647 lookup: each truncation is shorter and still a range that
     * matches the full tag, and never ends in a singleton. */
    strcpy(cut, out);
    len = strlen(cut);
    while (lang_truncate(cut)) {
        const char *last = strrchr(cut, '-');

        last = last ? last + 1 : cut;
        PROPERTY(strlen(cut) < len && cut[0] && last[0] && last[1]);
        PROPERTY(lang_prefix_match(cut, out));
        len = strlen(cut);
    }
}

static bool fuzz_lang_in(const enum track_kind *kinds, size_t n,
                         enum track_kind k)
{
    for (size_t i = 0; i < n; i++)
        if (kinds[i] == k)
            return true;
    return false;
}

/* The preferences the config made: canonical, distinct, bounded. */
static void fuzz_lang_prefs(const struct select_prefs *p)
{
    PROPERTY(p->nlanguages <= SELECT_MAX_LANGUAGES);
    PROPERTY(p->nkinds <= SELECT_MAX_KINDS && p->navoid <= SELECT_MAX_KINDS &&
             p->nalso <= SELECT_MAX_KINDS);
    for (size_t i = 0; i < p->nlanguages; i++) {
        char again[LANG_TAG_MAX];

        PROPERTY(lang_canonicalize(p->languages[i], again) &&
                 strcmp(again, p->languages[i]) == 0);
        for (size_t j = 0; j < i; j++)
            PROPERTY(strcmp(p->languages[i], p->languages[j]) != 0);
    }
    for (size_t i = 0; i < p->nkinds; i++)
        PROPERTY(!fuzz_lang_in(p->kinds, i, p->kinds[i]));
    for (size_t i = 0; i < p->navoid; i++)
        PROPERTY(!fuzz_lang_in(p->avoid, i, p->avoid[i]));
    for (size_t i = 0; i < p->nalso; i++)
        PROPERTY(!fuzz_lang_in(p->also, i, p->also[i]));
}

/* select_tracks over the tracks: something plays; at most the pick and
 * one per "also" kind; no languages means the browser's default rule; a
 * track exactly in the first language, of a kind not avoided, means that
 * language plays. */
static void fuzz_lang_select(const struct select_prefs *p,
                             struct track_list *list)
{
    size_t enabled = 0, fallback = 0;
    bool exact = false, exact_enabled = false;

    select_tracks(p, list);
    for (size_t i = 0; i < list->count; i++)
        enabled += list->tracks[i].enabled;
    PROPERTY(list->count == 0 || enabled >= 1);
    PROPERTY(enabled <= 1 + p->nalso);
    if (list->count == 0)
        return;
    if (p->nlanguages == 0) {
        while (fallback < list->count &&
               !(list->tracks[fallback].flags & TRACK_FLAG_DEFAULT))
            fallback++;
        PROPERTY(list->tracks[fallback < list->count ? fallback : 0].enabled);
        return;
    }
    if (strcmp(p->languages[0], "und") == 0)
        return;
    for (size_t i = 0; i < list->count; i++) {
        const struct track *t = &list->tracks[i];
        bool same = strcmp(t->language, p->languages[0]) == 0;
        bool avoided = fuzz_lang_in(p->avoid, p->navoid, t->kind) &&
                       !fuzz_lang_in(p->kinds, p->nkinds, t->kind);

        exact = exact || (same && !avoided);
        exact_enabled = exact_enabled || (same && t->enabled);
    }
    PROPERTY(!exact || exact_enabled);
}

int fuzz_lang_one(const uint8_t *data, size_t size)
{
    static const char *const keys[] = { "languages", "kinds", "avoid-kinds",
                                        "also-enable" };
    struct track tracks[FUZZ_LANG_MAX_TRACKS];
    struct track_list list = { tracks, 0 };
    struct config c;
    char *text = property_string(data, size), *next;
    size_t line = 0;

    config_init(&c);
    for (char *s = text; s; s = next, line++) {
        struct track *t;
        unsigned v;

        next = strchr(s, '\n');
        if (next)
            *next++ = '\0';
        fuzz_lang_tag(s);
        if (line < sizeof keys / sizeof keys[0]) {
            config_set(&c, "fuzz", "audio", keys[line], s);
            continue;
        }
        if (!s[0] || list.count == FUZZ_LANG_MAX_TRACKS)
            continue;
        v = (unsigned char)(s[0] - '0');
        t = &tracks[list.count++];
        memset(t, 0, sizeof *t);
        t->kind = (enum track_kind)(v % 7);
        t->flags = (v / 7) & 1 ? TRACK_FLAG_DEFAULT : 0;
        lang_canonicalize(s + 1, t->language); /* "" when not a tag */
    }
    fuzz_lang_prefs(&c.prefs);
    for (size_t i = 0; i < c.nproblems; i++)
        PROPERTY(strncmp(c.problems[i], "fuzz: ", 6) == 0);
    fuzz_lang_select(&c.prefs, &list);
    config_free(&c);
    free(text);
    return 0;
}

FUZZ_ENTRY(fuzz_lang_one)
