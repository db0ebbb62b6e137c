/* textselect.h - which text tracks start showing: the user's subtitle
 * preferences and the chosen audio over the text-track list (RFC 4647
 * lookup, RFC 9559 forced and default flags, HTML's "honor user
 * preferences for automatic text track selection").  The rules are
 * docs/tracks.md "Which subtitles start showing". */
#ifndef TPLAY_TEXTSELECT_H
#define TPLAY_TEXTSELECT_H

#include "lang.h"
#include "select.h"
#include "texttrack.h"
#include "track.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* As many as the audio list: the config reads both the same way. */
#define TEXTSELECT_MAX_LANGUAGES SELECT_MAX_LANGUAGES

/* [subtitles] in tplay.conf. */
struct textselect_prefs {
    bool show;        /* false (--no-sub): no track showing, not even a
                         forced one, and no secondary */
    char languages[TEXTSELECT_MAX_LANGUAGES][LANG_TAG_MAX]; /* canonical,
                         ordered; none: the audio languages stand in */
    size_t nlanguages;
    enum text_kind kinds[TEXT_KIND_COUNT]; /* preferred, in order; only
                         subtitles, captions and descriptions */
    size_t nkinds;
    char secondary[LANG_TAG_MAX]; /* canonical, or "": no second track */
};

/* What textselect_choose picked: indices into the text-track list, or
 * -1 for none.  Both are text_track.mpv_id >= 0 tracks, never the same. */
struct textselect_choice {
    long primary;     /* libmpv's "sid" */
    long secondary;   /* libmpv's "secondary-sid" */
};

/* The defaults: show; no languages; kinds subtitles, captions; no
 * secondary.  The settings table (settings.c) writes the same. */
void textselect_prefs_default(struct textselect_prefs *p);

/*
 * Set the mode of every track of text and return the tracks to show.
 * p: the [subtitles] preferences; audio_prefs: the [audio] ones, whose
 * languages are those the user reads when p has none; audio: the file's
 * audio tracks after select_tracks, of which the first enabled one is
 * "the audio" (none enabled, or none: its language is unknown).
 * Pure: reads nothing else, keeps no state, changes only the modes.
 *
 * Modes after the call: the chosen primary and secondary "showing";
 * chapters tracks "hidden" (tplay keeps their cues for its chapter
 * list, never draws them); every other track "disabled".
 *
 * The primary, when p->show (L = p->languages, else the audio ones;
 * A = the audio's language; candidates are tracks with mpv_id >= 0 of
 * kind subtitles or captions, or descriptions when p->kinds lists it):
 * - L empty, or A read (some language of L finds A by the lookup below):
 *   only a forced track in A (by the same lookup, A as the range), else
 *   a forced track with no language; else none.
 * - otherwise: for each language of L in order, by RFC 4647 lookup (the
 *   tag itself, then tags it is a prefix of, then the same for each
 *   truncation), the best unforced candidate: the kind first in p->kinds
 *   (unlisted subtitles and captions after the listed), then the default
 *   flag, then file order.  No language finds one: the forced track in
 *   A, as above.
 * The secondary, when p->show and p->secondary is set: the best unforced
 * candidate in p->secondary by the same lookup and order, a text (not
 * bitmap) track other than the primary; else none.
 * "und" and "" never match a preference, nor A a forced track's tag.
 * audio_prefs and audio may be NULL (no audio languages, no audio).
 *
 * Call it once the file's tracks are known and its audio chosen (also
 * after a resume brought back its audio tracks), then hand the two to
 * libmpv: player_set_subtitles(player, textselect_mpv_id(text,
 * c.primary), textselect_mpv_id(text, c.secondary), &err).
 */
struct textselect_choice textselect_choose(const struct textselect_prefs *p,
                                          const struct select_prefs *audio_prefs,
                                          const struct track_list *audio,
                                          struct text_track_list *text);

/* libmpv's id of track index of text (text_track.mpv_id), or -1 when
 * index is -1 (none) or out of the list. */
int64_t textselect_mpv_id(const struct text_track_list *text, long index);

#endif
