/* texttracks.h - build the text-track model of a file: the container's
 * subtitle tracks, the sidecar files, the chapters; with libmpv's track
 * list (to play) or without it (to list). */
#ifndef TPLAY_TEXTTRACKS_H
#define TPLAY_TEXTTRACKS_H

#include "container.h"
#include "player.h"
#include "sidecar.h"
#include "texttrack.h"

/*
 * The kind of a text track (W3C in-band mapping, RFC 9559 flags): WebM's
 * D_WEBVTT/SUBTITLES, /CAPTIONS, /DESCRIPTIONS, /METADATA give that kind
 * (another D_WEBVTT/ suffix: metadata); MP4's mov_text (tx3g) gives
 * captions; anything else subtitles.  A subtitles kind then becomes
 * descriptions with the text-descriptions flag, else captions with the
 * hearing-impaired one (an MPEG-TS DVB subtitling_type 0x20-0x25 comes as
 * that flag).  codec is the container's (container.h), flags enum
 * track_flag.
 */
enum text_kind texttracks_kind(enum container_type type, const char *codec,
                               unsigned flags);

/* libmpv 0.35's codec name for the codec a container stream carries: a
 * Matroska CodecID mapped as its demuxer maps it ("S_TEXT/UTF8" ->
 * "subrip"; one it does not know -> ""), libavformat's name as it is. */
const char *texttracks_codec(const char *codec);

/*
 * Fill *out from the container and the sidecars alone, as texttracks_build
 * would from libmpv's list for the same file: the sub streams in stream
 * order, then the sidecars in list order, then the "chapters" track when
 * ci has chapters.  mpv_id is the id libmpv 0.35 gives (the sub tracks
 * it lists counted from 1, the sidecars after them); -1 for a stream it
 * does not list and for the chapters.  Every mode is disabled.
 */
void texttracks_from_streams(const struct container_info *ci,
                             const struct sidecar_list *sc,
                             struct text_track_list *out);

/*
 * The same, with libmpv's sub tracks pt (n of them, player_sub_tracks):
 * each is matched to its stream (container id, then stream index, then
 * order) or its sidecar (the file it loaded), whose mpv_id becomes
 * libmpv's and whose codec and bitmap-ness libmpv's when it gives them
 * (the codec is libmpv's name, else the container's CodecID);
 * one matching nothing is added from libmpv's data; a stream or sidecar
 * libmpv did not load keeps mpv_id -1.  ci may have no streams.
 */
void texttracks_build(const struct container_info *ci,
                      const struct sidecar_list *sc,
                      const struct player_track *pt, size_t n,
                      struct text_track_list *out);

/* Append the "chapters" track (kind chapters, no label, language or
 * libmpv id): for a file whose chapters only libmpv read. */
void texttracks_add_chapters(struct text_track_list *out);

#endif
