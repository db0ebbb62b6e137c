/* media.c - open a file: container read, libmpv load, model built. */
#include "media.h"

#include "container.h"
#include "tracks.h"
#include "xmem.h"

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
    /* Standard input is libmpv's alone: it can be read only once.  A file
     * or URL is read by the container readers first.  A local file that
     * cannot be read (missing, empty, a directory, a FIFO) fails here;
     * one whose container we cannot parse goes on: libmpv may still play
     * it, with its own data. */
    if (strcmp(path, "-") == 0)
        path = "fd://0";
    if (strncmp(path, "fd://", 5) != 0 && strncmp(path, "fdclose://", 10) != 0) {
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
    if (player_stream_count(p) == 0) {
        /* Nothing to play or list (a file cut before its first track):
         * the same answer every time, not whatever libmpv did next. */
        free(cerr);
        *err = xstrdup("no audio or video track in it (damaged, truncated "
                       "or not a media file)");
        if (have_ci)
            container_info_free(&ci);
        return -1;
    }
    free(cerr);
    if (!have_ci) {
        /* Nothing read (standard input) or nothing parsed: the kinds
         * still follow the container's rules, as libmpv names it. */
        char *format = player_file_format(p);

        ci = (struct container_info){
            format ? container_type_named(format) : CONTAINER_OTHER, NULL, 0 };
        free(format);
    }
    n = player_audio_tracks(p, &pt);
    tracks_build(&ci, pt, n, out);
    select_tracks(prefs, out);
    player_tracks_free(pt, n);
    container_info_free(&ci);
    return 0;
}
