/* media.h - open a file and learn its tracks (audio; text: subtitles,
 * sidecars, chapters; video to list): container metadata and libmpv's view
 * merged into the HTML model to play it; the container's alone, numbered
 * as libmpv numbers them, to list it. */
#ifndef TPLAY_MEDIA_H
#define TPLAY_MEDIA_H

#include "player.h"
#include "select.h"
#include "texttrack.h"
#include "track.h"
#include "videotrack.h"

/* How long opening a file may take before it counts as a failure. */
#define MEDIA_OPEN_TIMEOUT_MS 15000

struct relay;

/*
 * Load path into p, wait until it is open, and fill *out with its audio
 * tracks, those the preferences pick enabled.  path is a file, a URL, or
 * "-" or "fd://N" for a descriptor (standard input): that one is read
 * once, recorded while the container readers read it, and relayed to
 * libmpv from a thread, *relay, which the caller stops (relay_stop) after
 * player_destroy or before the next media_open; else (and on failure)
 * *relay is NULL.
 * The file then waits in libmpv (player_continue).  Returns 0, or -1 with
 * the reason in *err (caller frees) when the file cannot be played.
 */
int media_open(struct player *p, const char *path,
               const struct select_prefs *prefs, struct track_list *out,
               struct relay **relay, char **err);

/* The same, the file to play from start seconds on (player_load_at). */
int media_open_at(struct player *p, const char *path, double start,
                  const struct select_prefs *prefs, struct track_list *out,
                  struct relay **relay, char **err);

/* The same, the file to end at end seconds (player_load_range; 0: at its
 * own end): a media fragment's time range. */
int media_open_range(struct player *p, const char *path, double start,
                     double end, const struct select_prefs *prefs,
                     struct track_list *out, struct relay **relay, char **err);

/*
 * The same, with the file's text tracks in *text too (texttracks.h): its
 * subtitle tracks, its sidecars (sidecar.h) then the sub_files (n of
 * them, --sub-file), which libmpv loads with it and no other, and its
 * chapters; every mode disabled.  text may be NULL: the subtitle files
 * are still loaded.  *text is left empty on failure.
 */
int media_open_text(struct player *p, const char *path, double start,
                    double end, const struct select_prefs *prefs,
                    const char *const *sub_files, size_t nsub_files,
                    struct track_list *out, struct text_track_list *text,
                    struct relay **relay, char **err);

/* Every track of a file, HTML's whole model: audio, text, video. */
struct media_tracks {
    struct track_list audio;
    struct text_track_list text;
    struct video_track_list video;
};

void media_tracks_free(struct media_tracks *t);

/*
 * Fill *out with the audio tracks of path (a file, a URL, "-" or "fd://N")
 * without libmpv, from the container readers alone, the same list
 * media_open builds for the same file (libmpv's ids in mpv_id; codec
 * NULL), those the preferences pick enabled.  A descriptor is read once,
 * as far as the readers need.  Returns 0, or -1 with the reason in *err
 * (caller frees) when libmpv would not play the file: it cannot be read,
 * libmpv would not open it, or it has no audio or video track.
 */
int media_list(const char *path, const struct select_prefs *prefs,
               struct track_list *out, char **err);

/* The same for every track (media_open_text's text tracks, those libmpv
 * would list numbered as it would; the video tracks, videotrack.h), from
 * the container readers and the sidecars' names alone.  On failure *out
 * is empty. */
int media_list_all(const char *path, const struct select_prefs *prefs,
                   const char *const *sub_files, size_t nsub_files,
                   struct media_tracks *out, char **err);

#endif
