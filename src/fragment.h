/* fragment.h - media fragments (W3C Media Fragments URI 1.0) after a
 * file's name: "film.mkv#t=10,20&track=3" plays 10 s to 20 s of the file
 * with its track 3 alone.  The temporal dimension in npt and the track
 * dimension are read; the others are ignored, as the specification says
 * a player does with dimensions it does not know. */
#ifndef TPLAY_FRAGMENT_H
#define TPLAY_FRAGMENT_H

#include "track.h"

#include <stdbool.h>
#include <stddef.h>

/* What a fragment asks for.  A zeroed struct asks for nothing. */
struct fragment {
    bool has_time; /* a t dimension was given: start (even 0) is asked */
    double start;  /* seconds from the file's start */
    double end;    /* seconds, above start; 0 when none (to the end) */
    char **tracks; /* track names (an id or a label), percent-decoded, in
                      the order given; owned.  Untrusted bytes, no NUL */
    size_t ntracks;
};

/*
 * Parse s, the text after '#', into *out: name=value pairs joined by
 * '&', names and values percent-encoded ("%20"):
 *   t=START,END  t=START  t=,END   npt times, "npt:" in front or not:
 *                 seconds ("10", "10.5") or [h:]mm:ss[.f] ("1:02:03.5");
 *                 START < END.  A later t replaces an earlier one.
 *   track=NAME   repeatable: the tracks to enable.
 * A pair with another name, or with no '=', is ignored.  Returns 1 when
 * t or track is named, 0 when neither is (out zeroed), or -1 with the
 * pair that is wrong and how to write it in *err (caller frees; it quotes
 * s's bytes: sanitise before showing): a '%' not followed by two hex
 * digits or that decodes to a NUL, a time that is not npt, START not
 * before END, an empty track name.  out is freed with fragment_free.
 */
int fragment_parse(const char *s, struct fragment *out, char **err);

/*
 * Split arg ("path#fragment") into the path to open (*path, caller frees)
 * and *out, when arg holds a '#', the name as it is does not exist
 * (a file really named "a.mkv#t=1" is that file), and the text after
 * its last '#' names t or track (fragment_parse).  Returns 1 then;
 * 0 when arg is a name to open as it is (*path a copy, out zeroed); -1
 * with *err as fragment_parse says (*path NULL).
 */
int fragment_split(const char *arg, char **path, struct fragment *out,
                   char **err);

/*
 * Enable the tracks of list that f names, each name matched against the
 * tracks' ids (bytewise), or their labels when no id is the name,
 * and disable the others.
 * When no name matches a track, list is left as it is.  Returns whether
 * the enabled set was replaced; *missing is the first name that matches
 * no track (a pointer into f), or NULL.
 */
bool fragment_apply_tracks(const struct fragment *f, struct track_list *list,
                           const char **missing);

/* Move *from into *to (to's old content is not freed); *from is zeroed. */
void fragment_move(struct fragment *to, struct fragment *from);

/* Free what f owns; f is zeroed.  Idempotent. */
void fragment_free(struct fragment *f);

#endif
