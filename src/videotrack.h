/* videotrack.h - the video-track model: HTML's VideoTrack (id, kind,
 * label, language, selected), from the container alone. */
#ifndef TPLAY_VIDEOTRACK_H
#define TPLAY_VIDEOTRACK_H

#include "container.h"
#include "lang.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct video_track {
    char *id;                     /* the container's track id */
    const char *kind;             /* "main" or "alternative" */
    char *label;                  /* exact bytes from the file: untrusted */
    char language[LANG_TAG_MAX];  /* canonical BCP 47, or "" */
    bool selected;
    int64_t mpv_id;               /* libmpv's id ("vid") */
};

struct video_track_list {
    struct video_track *tracks;
    size_t count;
};

/*
 * Fill *out with the video streams of ci in stream order, cover art
 * (attached pictures) left out: HTML has no video track for a still.
 * The first is "main", the others "alternative"; the one selected is the
 * one libmpv 0.35 picks with vid=auto (the first flagged default, else
 * the first); mpv_id counts the cover art too, as libmpv does.
 */
void videotrack_from_streams(const struct container_info *ci,
                             struct video_track_list *out);

void videotrack_list_free(struct video_track_list *list);

#endif
