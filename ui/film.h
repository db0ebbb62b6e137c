/* film.h - one file of the playlist after the other: opening it (the
 * source, libmpv, the track model, the mixer, the resume point), what
 * libmpv says while it plays, the enabled set, and leaving it (the
 * position kept or forgotten). */
#ifndef TPLAY_UI_FILM_H
#define TPLAY_UI_FILM_H

#include "session.h"
#include "strbuf.h"

#include <stdbool.h>
#include <stddef.h>

/*
 * Open playlist entry i as the current file, up to its tracks, the graph
 * in place, waiting in libmpv (film_start lets it play).  0, or -1 with
 * the reason in *err (caller frees): the entry cannot be played.
 */
int film_open(struct session *s, size_t i, char **err);

/* Let the opened file play (it loads paused). */
void film_start(struct session *s);

/* Leave the current file: its position, tracks and volume are kept for
 * the next time when resume is on (or remember), forgotten when it played
 * to its end; then its mixer and model go. */
void film_close(struct session *s, bool remember);

/* libmpv's events: the status, messages, restarts. */
void film_events(struct session *s);

/* The mixer's news: a set applied, or refused. */
void film_mix_service(struct session *s);

/* Track row i on or off; only row i; the next after the last enabled
 * alone (mpv's "#"). */
void film_toggle(struct session *s, size_t i);
void film_solo(struct session *s, size_t i, const char *why);

/* Track i's gain: db added to it (relative) or db itself, kept within
 * TRACK_GAIN_MIN..TRACK_GAIN_MAX, heard at once through the mixer. */
void film_gain(struct session *s, size_t i, double db, bool relative);

/* Ducking on or off, live; says why when this file cannot duck. */
void film_set_ducking(struct session *s, bool on);

/* The next (dir 1) or previous (-1) subtitle track, the secondary one
 * with secondary; what libmpv then shows is said ("subtitles: 2/3
 * English", "subtitles off"). */
void film_cycle_sub(struct session *s, int dir, bool secondary);
void film_cycle(struct session *s);

/* No audio output while a file with audio plays. */
bool film_no_sound(const struct session *s);

/* Nothing of the film reaches the user: no picture, no audio output. */
bool film_cannot_play(const struct session *s);

/* What is heard, for the status line (heard.h). */
void film_heard(const struct session *s, struct strbuf *sb);

#endif
