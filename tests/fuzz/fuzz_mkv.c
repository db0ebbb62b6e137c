/* fuzz_mkv.c - the bytes as the start of a Matroska file: mkv_sniff and
 * mkv_read_tracks over a memory stream, then, when it sniffs as Matroska,
 * the whole path a file takes to the track list: container_read on the
 * bytes (a memfd), tracks_build with libmpv's view of the audio tracks
 * (and tracks_from_streams, without it, to the same list), select_tracks,
 * the text and video tracks, and the --list-tracks JSON. */
#define _GNU_SOURCE /* memfd_create */
#include "fuzz.h"

#include "container.h"
#include "listing.h"
#include "mkv.h"
#include "player.h"
#include "property.h"
#include "select.h"
#include "strbuf.h"
#include "texttracks.h"
#include "track.h"
#include "tracks.h"
#include "videotrack.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

/* mkv_read_tracks's promises, on a stream. */
static void fuzz_mkv_reader(const uint8_t *data, size_t size, bool *sniffed)
{
    /* fmemopen in "r" mode only reads the buffer. */
    FILE *f = fmemopen((void *)(uintptr_t)data, size, "r");
    struct mkv_tracks t;
    char *err = NULL;
    int rc;

    if (!f)
        abort();
    *sniffed = mkv_sniff(f);
    PROPERTY(ftell(f) == 0);
    rc = mkv_read_tracks(f, &t, &err);
    if (rc < 0) {
        PROPERTY(rc == -1 && err && err[0]);
        PROPERTY(t.count == 0 && t.tracks == NULL);
        free(err);
        fclose(f);
        return;
    }
    PROPERTY(rc == 0 && !err && *sniffed);
    PROPERTY(strcmp(t.doctype, "matroska") == 0 ||
             strcmp(t.doctype, "webm") == 0);
    PROPERTY(t.count <= 1024 && (t.count == 0 || t.tracks));
    for (size_t i = 0; i < t.count; i++)
        PROPERTY(t.tracks[i].language != NULL);
    mkv_tracks_free(&t);
    fclose(f);
}

/* The streams as libmpv lists them: its audio tracks, numbered from 1,
 * with the container's id and the stream index. */
static size_t fuzz_mkv_player_tracks(const struct container_info *ci,
                                     struct player_track *pt)
{
    size_t n = 0;

    for (size_t i = 0; i < ci->count; i++) {
        if (!ci->streams[i].audio)
            continue;
        memset(&pt[n], 0, sizeof pt[n]);
        pt[n].id = (int64_t)n + 1;
        pt[n].src_id = ci->streams[i].id;
        pt[n].ff_index = ci->streams[i].index;
        n++;
    }
    return n;
}

/* Whether two track lists say the same, libmpv's ids included. */
static bool fuzz_mkv_same(const struct track_list *a,
                          const struct track_list *b)
{
    if (a->count != b->count)
        return false;
    for (size_t i = 0; i < a->count; i++) {
        const struct track *x = &a->tracks[i], *y = &b->tracks[i];

        if (strcmp(x->id, y->id) || x->kind != y->kind ||
            strcmp(x->label, y->label) || strcmp(x->language, y->language) ||
            x->flags != y->flags || x->mpv_id != y->mpv_id)
            return false;
    }
    return true;
}

/* The text tracks (a sub stream each, then the chapters) and the video
 * tracks, and the whole --list-tracks line. */
static void fuzz_mkv_all(const struct container_info *ci, const char *path,
                         const struct track_list *audio)
{
    struct media_tracks all = { .audio = *audio };
    struct sidecar_list none = { NULL, 0 };
    struct strbuf json = STRBUF_INIT;
    size_t subs = 0, videos = 0;

    for (size_t i = 0; i < ci->count; i++) {
        subs += ci->streams[i].sub;
        videos += ci->streams[i].video && !ci->streams[i].cover;
    }
    texttracks_from_streams(ci, &none, &all.text);
    videotrack_from_streams(ci, &all.video);
    PROPERTY(all.text.count == subs + (ci->nchapters > 0));
    PROPERTY(all.video.count == videos);
    listing_json_all(&json, path, &all);
    property_safe_text(strbuf_str(&json), json.len);
    strbuf_free(&json);
    text_track_list_free(&all.text);
    videotrack_list_free(&all.video);
}

/* container_read on the bytes as a file, and all that follows it. */
static void fuzz_mkv_pipeline(const uint8_t *data, size_t size)
{
    int fd = memfd_create("fuzz.mkv", MFD_CLOEXEC);
    struct container_info ci;
    struct player_track *pt;
    struct track_list list, alone;
    struct select_prefs prefs;
    struct strbuf json = STRBUF_INIT;
    char path[64], *err = NULL;
    size_t n, enabled = 0;
    int rc;

    if (fd < 0 || write(fd, data, size) != (ssize_t)size)
        abort();
    snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
    rc = container_read(path, &ci, &err);
    close(fd);
    if (rc < 0) {
        PROPERTY(rc == CONTAINER_UNPARSED && err && err[0]);
        PROPERTY(ci.count == 0 && ci.streams == NULL);
        free(err);
        return;
    }
    PROPERTY(!err && (ci.type == CONTAINER_MATROSKA ||
                      ci.type == CONTAINER_WEBM));
    pt = calloc(ci.count ? ci.count : 1, sizeof *pt);
    if (!pt)
        abort();
    n = fuzz_mkv_player_tracks(&ci, pt);
    tracks_build(&ci, pt, n, &list);
    /* The listing's list, built without libmpv, is the same. */
    tracks_from_streams(&ci, &alone);
    PROPERTY(fuzz_mkv_same(&list, &alone));
    track_list_free(&alone);
    select_prefs_default(&prefs);
    select_tracks(&prefs, &list);
    for (size_t i = 0; i < list.count; i++)
        enabled += list.tracks[i].enabled;
    PROPERTY(list.count == n && (n == 0 || enabled >= 1));
    listing_json(&json, path, &list);
    property_safe_text(strbuf_str(&json), json.len);
    strbuf_free(&json);
    fuzz_mkv_all(&ci, path, &list);
    track_list_free(&list);
    free(pt);
    container_info_free(&ci);
}

int fuzz_mkv_one(const uint8_t *data, size_t size)
{
    bool sniffed;

    fuzz_mkv_reader(data, size, &sniffed);
    /* Anything else goes to libavformat, which is not ours to fuzz. */
    if (sniffed)
        fuzz_mkv_pipeline(data, size);
    return 0;
}

FUZZ_ENTRY(fuzz_mkv_one)
