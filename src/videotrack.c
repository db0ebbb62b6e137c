/* videotrack.c - the video tracks of a file, from its container. */
#include "videotrack.h"

#include "track.h"
#include "xmem.h"

#include <inttypes.h>
#include <stdlib.h>

void videotrack_from_streams(const struct container_info *ci,
                             struct video_track_list *out)
{
    int64_t n = 0;
    long pick = -1;

    *out = (struct video_track_list){ NULL, 0 };
    for (size_t i = 0; i < ci->count; i++) {
        const struct container_stream *cs = &ci->streams[i];
        struct video_track *t;

        if (!cs->video)
            continue;
        n++;
        if (cs->cover)
            continue;
        out->tracks = xreallocarray(out->tracks, out->count + 1,
                                    sizeof *out->tracks);
        t = &out->tracks[out->count];
        *t = (struct video_track){
            .id = xasprintf("%" PRId64, cs->id >= 0 ? cs->id : n),
            .kind = out->count == 0 ? "main" : "alternative",
            .label = xstrdup(cs->label ? cs->label : ""),
            .mpv_id = n,
        };
        lang_canonicalize(cs->language, t->language);
        if (pick < 0 && (cs->flags & TRACK_FLAG_DEFAULT))
            pick = (long)out->count;
        out->count++;
    }
    if (out->count)
        out->tracks[pick >= 0 ? (size_t)pick : 0].selected = true;
}

void videotrack_list_free(struct video_track_list *list)
{
    for (size_t i = 0; i < list->count; i++) {
        free(list->tracks[i].id);
        free(list->tracks[i].label);
    }
    free(list->tracks);
    list->tracks = NULL;
    list->count = 0;
}
