/* select.c - the start-up track choice (docs/tracks.md "Which tracks start
 * enabled"). */
#include "select.h"

#include <string.h>

#define SELECT_AVOIDED 1000 /* kind ranks from here on are avoided kinds */

void select_prefs_default(struct select_prefs *p)
{
    memset(p, 0, sizeof *p);
    p->kinds[0] = TRACK_KIND_MAIN;
    p->kinds[1] = TRACK_KIND_TRANSLATION;
    p->kinds[2] = TRACK_KIND_NONE;
    p->nkinds = 3;
    p->avoid[0] = TRACK_KIND_COMMENTARY;
    p->avoid[1] = TRACK_KIND_DESCRIPTIONS;
    p->navoid = 2;
}

/* Lower is better: preferred kinds by position, unlisted ones in the
 * middle, avoided ones last.  Asking for a kind overrides avoiding it. */
static int select_kind_rank(const struct select_prefs *p, enum track_kind k)
{
    for (size_t i = 0; i < p->nkinds; i++)
        if (p->kinds[i] == k)
            return (int)i;
    for (size_t i = 0; i < p->navoid; i++)
        if (p->avoid[i] == k)
            return SELECT_AVOIDED + (int)i;
    return SELECT_AVOIDED / 2;
}

/* Is track a a better pick than track b (a comes later in the file)? */
static bool select_better(const struct select_prefs *p, const struct track *a,
                          const struct track *b)
{
    int ra = select_kind_rank(p, a->kind), rb = select_kind_rank(p, b->kind);
    bool da = a->flags & TRACK_FLAG_DEFAULT, db = b->flags & TRACK_FLAG_DEFAULT;

    if (ra != rb)
        return ra < rb;
    return da && !db;
}

static bool select_matchable(const char *lang)
{
    return lang[0] && strcmp(lang, "und") != 0;
}

/* The best track whose language equals range (exact) or has it as a
 * proper prefix (!exact), or -1. */
static long select_best(const struct select_prefs *p,
                        const struct track_list *list, const char *range,
                        bool exact)
{
    long best = -1;

    for (size_t i = 0; i < list->count; i++) {
        const char *lang = list->tracks[i].language;
        bool same = strcmp(lang, range) == 0;

        if (!select_matchable(lang) ||
            (exact ? !same : same || !lang_prefix_match(range, lang)))
            continue;
        /* Commentary is not the film: an avoided kind never wins on its
         * language alone (RFC 9559 default track selection). */
        if (select_kind_rank(p, list->tracks[i].kind) >= SELECT_AVOIDED)
            continue;
        if (best < 0 || select_better(p, &list->tracks[i], &list->tracks[best]))
            best = (long)i;
    }
    return best;
}

/* Enable, for each "also" kind, its first track in the chosen language. */
static void select_also(const struct select_prefs *p, struct track_list *list,
                        const char *range)
{
    if (!select_matchable(range))
        return;
    for (size_t k = 0; k < p->nalso; k++) {
        struct track *pick = NULL;

        for (size_t i = 0; i < list->count; i++) {
            struct track *t = &list->tracks[i];

            if (t->kind != p->also[k] || !lang_prefix_match(range, t->language))
                continue;
            if (!pick || ((t->flags & TRACK_FLAG_DEFAULT) &&
                          !(pick->flags & TRACK_FLAG_DEFAULT)))
                pick = t;
        }
        if (pick)
            pick->enabled = true;
    }
}

void select_tracks(const struct select_prefs *p, struct track_list *list)
{
    char range[LANG_TAG_MAX];

    for (size_t i = 0; i < list->count; i++)
        list->tracks[i].enabled = false;
    for (size_t l = 0; l < p->nlanguages; l++) {
        if (!select_matchable(p->languages[l]))
            continue;
        strcpy(range, p->languages[l]);
        do {
            for (int exact = 1; exact >= 0; exact--) {
                long best = select_best(p, list, range, exact);

                if (best >= 0) {
                    list->tracks[best].enabled = true;
                    select_also(p, list, range);
                    return;
                }
            }
        } while (lang_truncate(range));
    }
    track_list_enable_default(list);
    for (size_t i = 0; i < list->count; i++)
        if (list->tracks[i].enabled) {
            select_also(p, list, list->tracks[i].language);
            break;
        }
}
