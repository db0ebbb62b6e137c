/* media.h - open a file and learn its audio tracks: container metadata and
 * libmpv's view, merged into the HTML model. */
#ifndef TPLAY_MEDIA_H
#define TPLAY_MEDIA_H

#include "player.h"
#include "select.h"
#include "track.h"

/* How long opening a file may take before it counts as a failure. */
#define MEDIA_OPEN_TIMEOUT_MS 15000

/*
 * Load path into p, wait until it is open, and fill *out with its audio
 * tracks, those the preferences pick enabled.  Returns 0, or -1 with the
 * reason in *err (caller frees) when the file cannot be played.
 */
int media_open(struct player *p, const char *path,
               const struct select_prefs *prefs, struct track_list *out,
               char **err);

#endif
