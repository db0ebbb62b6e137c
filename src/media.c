/* media.c - open a file: container read, libmpv load, model built. */
#include "media.h"

#include "container.h"
#include "tracks.h"

#include <stdlib.h>
#include <string.h>

int media_open(struct player *p, const char *path,
               const struct select_prefs *prefs, struct track_list *out,
               char **err)
{
    struct container_info ci;
    struct player_track *pt;
    char *cerr = NULL;
    bool have_ci = false;
    int rc;
    size_t n;

    *out = (struct track_list){ NULL, 0 };
    /* URLs are libmpv's business alone.  A local file that cannot be read
     * (missing, empty, a directory, a FIFO) fails here; one whose container
     * we cannot parse goes on: libmpv may still play it, with its own data. */
    if (!strstr(path, "://")) {
        rc = container_read(path, &ci, &cerr);
        if (rc == CONTAINER_UNREADABLE) {
            *err = cerr;
            return -1;
        }
        have_ci = rc == 0;
    }
    if (player_load(p, path, err) < 0 ||
        player_wait_loaded(p, MEDIA_OPEN_TIMEOUT_MS, err) < 0) {
        /* The container's reason is the more precise one when it has one
         * (an empty file, a directory). */
        if (cerr) {
            free(*err);
            *err = cerr;
            cerr = NULL;
        }
        if (have_ci)
            container_info_free(&ci);
        return -1;
    }
    free(cerr);
    n = player_audio_tracks(p, &pt);
    tracks_build(have_ci ? &ci : NULL, pt, n, out);
    select_tracks(prefs, out);
    player_tracks_free(pt, n);
    if (have_ci)
        container_info_free(&ci);
    return 0;
}
