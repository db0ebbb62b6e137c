/* heard.h - what the status line says is heard: the set of tracks the
 * mixer's graph has confirmed (never the set merely asked for), or, when
 * no mix runs, the one track libmpv plays by itself; and whether there is
 * sound at all. */
#ifndef TPLAY_UI_HEARD_H
#define TPLAY_UI_HEARD_H

#include "strbuf.h"
#include "track.h"

#include <stdbool.h>
#include <stdint.h>

struct heard_view {
    const struct track_list *tracks;
    const bool *confirmed;  /* per track, the graph's answer; NULL: no mix */
    int64_t audio_id;       /* no mix: libmpv's own track (mpv id), or -1 */
    bool mix_unavailable;   /* the mix could not start (the log says why) */
    bool no_sound;          /* no audio output is open */
};

/*
 * Append what is heard: "mix 1+3", "track 2", "audio off" (tracks by their
 * number in the list), "no sound" when there is no audio output, and
 * ", mix unavailable" after it when the mix could not start.  Nothing for
 * a file without audio.
 */
void heard_describe(struct strbuf *sb, const struct heard_view *v);

#endif
