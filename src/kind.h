/* kind.h - HTML audio kind from container metadata, per the W3C "Sourcing
 * In-band Media Resource Tracks" rules plus the RFC 9559 flags. */
#ifndef TPLAY_KIND_H
#define TPLAY_KIND_H

#include "container.h"
#include "track.h"

#include <stddef.h>

/*
 * The kind of an audio track, given its container, its flags (enum
 * track_flag) and its position among the file's audio tracks (0 = first).
 */
enum track_kind kind_from_container(enum container_type type, unsigned flags,
                                    size_t audio_index);

#endif
