/* tracks.h - build the audio-track model from the container's own
 * metadata, with libmpv's track list (to play) or without it (to list). */
#ifndef TPLAY_TRACKS_H
#define TPLAY_TRACKS_H

#include "container.h"
#include "player.h"
#include "track.h"

/*
 * Fill *out with one track per libmpv audio track, in libmpv's order.  Each
 * is matched to its container stream (by container id, then stream index,
 * then audio order) for id, kind, label, language and flags; with no match
 * (ci NULL, or an external file, or ci with no streams) libmpv's own data
 * is used, the kind by ci's container type (CONTAINER_OTHER when ci is
 * NULL).  Nothing is enabled yet.
 */
void tracks_build(const struct container_info *ci,
                  const struct player_track *pt, size_t n,
                  struct track_list *out);

/*
 * Fill *out with one track per audio stream of ci, in stream order, from
 * the container alone, as tracks_build would from libmpv's track list for
 * the same file: each track's mpv_id is the id libmpv 0.35 gives it (the
 * audio streams counted from 1), an id the container does not give is
 * that one too, and codec is NULL.  Nothing is enabled yet.
 */
void tracks_from_streams(const struct container_info *ci,
                         struct track_list *out);

#endif
