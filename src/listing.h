/* listing.h - the machine-readable track listing of --list-tracks. */
#ifndef TPLAY_LISTING_H
#define TPLAY_LISTING_H

#include "media.h"
#include "strbuf.h"
#include "track.h"

/* Append one JSON object (no newline) describing file's tracks:
 * {"file":...,"audioTracks":[{"id","kind","label","language","enabled",
 * "flags"}...]}, a track with other languages (track.h) also having
 * "otherLanguages":[...] after "language". */
void listing_json(struct strbuf *sb, const char *file,
                  const struct track_list *list);

/* The same for every track: "audioTracks" as above, then
 * "videoTracks":[{"id","kind","label","language","selected"}...] and
 * "textTracks":[{"id","kind","label","language","mode","flags",
 * "codec"}...] ("codec" "" when unknown; the chapters track last). */
void listing_json_all(struct strbuf *sb, const char *file,
                      const struct media_tracks *t);

#endif
