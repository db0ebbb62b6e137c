/* media.c - open a file: container read, libmpv load (to play only),
 * model built. */
#include "media.h"

#include "container.h"
#include "relay.h"
#include "sidecar.h"
#include "tape.h"
#include "texttracks.h"
#include "tracks.h"
#include "xmem.h"

#include <ctype.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

/* The descriptor path names ("-": 0, "fd://N": N), or -1. */
static int media_fd(const char *path)
{
    char *end;
    long fd;

    if (strcmp(path, "-") == 0)
        return 0;
    if (strncmp(path, "fd://", 5) != 0 || !isdigit((unsigned char)path[5]))
        return -1;
    fd = strtol(path + 5, &end, 10);
    return *end || fd > INT_MAX ? -1 : (int)fd;
}

/* Read the container of what comes on fd, then relay all of it to
 * libmpv: *path becomes the relay's. */
static int media_relay(int fd, const char **path, struct container_info *ci,
                       struct relay **relay, char **cerr, char **err)
{
    struct tape *t = tape_open_fd(fd);
    int rc = container_read_tape(t, "-", ci, cerr);

    *relay = relay_start(t, fd, err);
    if (!*relay) {
        if (rc == 0)
            container_info_free(ci);
        return -1;
    }
    *path = relay_path(*relay);
    return rc;
}

/* libmpv's answer for a file it opens with no track to play. */
#define MEDIA_NO_TRACKS "no audio or video track in it (damaged, truncated " \
                        "or not a media file)"

/* Whether ci has a stream libmpv would play: audio, or a picture. */
static bool media_playable(const struct container_info *ci)
{
    for (size_t i = 0; i < ci->count; i++)
        if (ci->streams[i].audio || ci->streams[i].video)
            return true;
    return false;
}

/* The container of path, read as media_list reads it. */
static int media_read(const char *path, struct container_info *ci, char **err)
{
    int fd = media_fd(path), rc;

    if (fd >= 0) {
        /* Read once, and only as far as the readers go: nobody plays it. */
        struct tape *t = tape_open_fd(fd);

        rc = container_read_tape(t, "-", ci, err);
        tape_close(t);
    } else {
        rc = container_read(path, ci, err);
    }
    if (rc < 0)
        return -1;
    if (!media_playable(ci)) {
        container_info_free(ci);
        *err = xstrdup(MEDIA_NO_TRACKS);
        return -1;
    }
    return 0;
}

/* The sidecars of path, then the sub_files: what libmpv loads with it. */
static void media_sidecars(const char *path, const char *const *sub_files,
                           size_t nsub_files, struct sidecar_list *sc)
{
    *sc = (struct sidecar_list){ NULL, 0 };
    if (media_fd(path) < 0)
        sidecar_find(path, sc);
    for (size_t i = 0; i < nsub_files; i++)
        sidecar_add_file(sc, sub_files[i]);
}

int media_list(const char *path, const struct select_prefs *prefs,
               struct track_list *out, char **err)
{
    struct container_info ci;

    *out = (struct track_list){ NULL, 0 };
    if (media_read(path, &ci, err) < 0)
        return -1;
    tracks_from_streams(&ci, out);
    select_tracks(prefs, out);
    container_info_free(&ci);
    return 0;
}

int media_list_all(const char *path, const struct select_prefs *prefs,
                   const char *const *sub_files, size_t nsub_files,
                   struct media_tracks *out, char **err)
{
    struct container_info ci;
    struct sidecar_list sc;

    memset(out, 0, sizeof *out);
    if (media_read(path, &ci, err) < 0)
        return -1;
    tracks_from_streams(&ci, &out->audio);
    select_tracks(prefs, &out->audio);
    media_sidecars(path, sub_files, nsub_files, &sc);
    texttracks_from_streams(&ci, &sc, &out->text);
    videotrack_from_streams(&ci, &out->video);
    sidecar_list_free(&sc);
    container_info_free(&ci);
    return 0;
}

void media_tracks_free(struct media_tracks *t)
{
    track_list_free(&t->audio);
    text_track_list_free(&t->text);
    videotrack_list_free(&t->video);
}

int media_open(struct player *p, const char *path,
               const struct select_prefs *prefs, struct track_list *out,
               struct relay **relay, char **err)
{
    return media_open_at(p, path, 0, prefs, out, relay, err);
}

int media_open_at(struct player *p, const char *path, double start,
                  const struct select_prefs *prefs, struct track_list *out,
                  struct relay **relay, char **err)
{
    return media_open_range(p, path, start, 0, prefs, out, relay, err);
}

int media_open_range(struct player *p, const char *path, double start,
                     double end, const struct select_prefs *prefs,
                     struct track_list *out, struct relay **relay, char **err)
{
    return media_open_text(p, path, start, end, prefs, NULL, 0, out, NULL,
                           relay, err);
}

/* The chapters track from libmpv's chapters, for a container nobody
 * else read. */
static void media_player_chapters(struct player *p,
                                  struct text_track_list *text)
{
    struct player_chapter *c;
    size_t n = player_chapters(p, &c);

    player_chapters_free(c, n);
    if (n > 0)
        texttracks_add_chapters(text);
}

/* Give libmpv the subtitle files of sc, to load with the next file. */
static int media_give_sidecars(struct player *p,
                               const struct sidecar_list *sc, char **err)
{
    const char **paths = xcalloc(sc->count + 1, sizeof *paths);
    int rc;

    for (size_t i = 0; i < sc->count; i++)
        paths[i] = sc->items[i].path;
    rc = player_set_sub_files(p, paths, sc->count, err);
    free(paths);
    return rc;
}

int media_open_text(struct player *p, const char *path, double start,
                    double end, const struct select_prefs *prefs,
                    const char *const *sub_files, size_t nsub_files,
                    struct track_list *out, struct text_track_list *text,
                    struct relay **relay, char **err)
{
    int fd = media_fd(path);
    struct container_info ci;
    struct sidecar_list sc;
    struct player_track *pt;
    char *cerr = NULL;
    bool have_ci = false;
    int rc;
    size_t n;

    *out = (struct track_list){ NULL, 0 };
    if (text)
        *text = (struct text_track_list){ NULL, 0 };
    *relay = NULL;
    media_sidecars(path, sub_files, nsub_files, &sc);
    /* The container readers go first.  A local file that cannot be read
     * (missing, empty, a directory, a FIFO) fails here; one whose
     * container we cannot parse goes on: libmpv may still play it, with
     * its own data. */
    if (fd >= 0) {
        rc = media_relay(fd, &path, &ci, relay, &cerr, err);
        if (rc == -1) {
            free(cerr);
            return -1;
        }
        have_ci = rc == 0;
    } else {
        rc = container_read(path, &ci, &cerr);
        if (rc == CONTAINER_UNREADABLE) {
            *err = cerr;
            return -1;
        }
        have_ci = rc == 0;
    }
    if (media_give_sidecars(p, &sc, err) < 0 ||
        player_load_range(p, path, start, end, err) < 0 ||
        player_wait_loaded(p, MEDIA_OPEN_TIMEOUT_MS, err) < 0) {
        /* The container's reason is the more precise one when it has one
         * (an empty file, a directory). */
        if (cerr) {
            free(*err);
            *err = cerr;
            cerr = NULL;
        }
        goto fail;
    }
    if (player_stream_count(p) == 0) {
        /* Nothing to play or list (a file cut before its first track):
         * the same answer every time, not whatever libmpv did next. */
        *err = xstrdup(MEDIA_NO_TRACKS);
        goto fail;
    }
    free(cerr);
    if (!have_ci) {
        /* Nothing read (standard input) or nothing parsed: the kinds
         * still follow the container's rules, as libmpv names it. */
        char *format = player_file_format(p);

        ci = (struct container_info){
            .type = format ? container_type_named(format) : CONTAINER_OTHER };
        free(format);
    }
    n = player_audio_tracks(p, &pt);
    tracks_build(&ci, pt, n, out);
    select_tracks(prefs, out);
    player_tracks_free(pt, n);
    if (text) {
        n = player_sub_tracks(p, &pt);
        texttracks_build(&ci, &sc, pt, n, text);
        player_tracks_free(pt, n);
        if (!have_ci)
            media_player_chapters(p, text);
    }
    sidecar_list_free(&sc);
    container_info_free(&ci);
    return 0;
fail:
    sidecar_list_free(&sc);
    free(cerr);
    if (have_ci)
        container_info_free(&ci);
    relay_stop(*relay);
    *relay = NULL;
    return -1;
}
