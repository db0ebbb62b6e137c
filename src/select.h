/* select.h - which audio tracks start enabled: the user's language and
 * kind preferences over the track list (RFC 4647 lookup, RFC 9559 default
 * track selection). */
#ifndef TPLAY_SELECT_H
#define TPLAY_SELECT_H

#include "lang.h"
#include "track.h"

#include <stddef.h>

#define SELECT_MAX_LANGUAGES 16
#define SELECT_MAX_KINDS 7

struct select_prefs {
    char languages[SELECT_MAX_LANGUAGES][LANG_TAG_MAX]; /* canonical, ordered */
    size_t nlanguages;
    enum track_kind kinds[SELECT_MAX_KINDS];  /* preferred, in order */
    size_t nkinds;
    enum track_kind avoid[SELECT_MAX_KINDS];  /* taken only when nothing else */
    size_t navoid;
    enum track_kind also[SELECT_MAX_KINDS];   /* mixed on top, same language */
    size_t nalso;
};

/* The defaults: no languages; kinds main, translation, ""; avoid
 * commentary, descriptions; nothing also enabled. */
void select_prefs_default(struct select_prefs *p);

/*
 * Enable the tracks the preferences ask for and disable the others.  For
 * each language in order: tracks tagged exactly so, then tracks it is a
 * prefix of ("de" takes "de-CH"), then the same for each RFC 4647
 * truncation ("pt-BR" -> "pt").  Among the matches: a preferred kind first,
 * then the default flag, then file order; an avoided kind never wins on its
 * language alone.  With no match: the default-flagged track, else the
 * first.  Then each "also" kind
 * present in the chosen language is enabled too.  "und" and "" never match.
 */
void select_tracks(const struct select_prefs *p, struct track_list *list);

#endif
