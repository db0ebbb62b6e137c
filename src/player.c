/* player.c - libmpv embedded safely (see docs/design.md "libmpv, embedded"). */
#include "player.h"

#include "libmpv.h"
#include "now.h"
#include "problems.h"
#include "tags.h"
#include "texttrack.h"
#include "wake.h"
#include "xmem.h"

#include <errno.h>
#include <math.h>
#include <mpv/client.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

enum { PLAYER_OBS_POS = 1, PLAYER_OBS_DURATION, PLAYER_OBS_PAUSE,
       PLAYER_OBS_EOF, PLAYER_OBS_VOLUME, PLAYER_OBS_MUTE,
       PLAYER_OBS_VIDEO, PLAYER_OBS_AO, PLAYER_OBS_AID, PLAYER_OBS_SPEED,
       PLAYER_OBS_SUB_TEXT, PLAYER_OBS_SUB2_TEXT, PLAYER_OBS_SUB_START,
       PLAYER_OBS_SUB_END, PLAYER_OBS_SUB2_START, PLAYER_OBS_SUB2_END,
       PLAYER_OBS_SUB_DELAY, PLAYER_OBS_SUB_ID, PLAYER_OBS_SUB2_ID,
       PLAYER_OBS_SUB_CODEC };

/* A seek waiting for the next wave, as mpv's own seek queue keeps one. */
enum player_move {
    PLAYER_MOVE_NONE,
    PLAYER_MOVE_RELATIVE, /* by: seconds */
    PLAYER_MOVE_ABSOLUTE, /* by: the target in seconds */
    PLAYER_MOVE_FACTOR,   /* by: the target as a fraction of the duration */
};

/* What the keys asked libmpv for while the last wave of commands was
 * still unanswered (see player_flush). */
struct player_pending {
    enum player_move move;
    double by;
    enum player_seek_precision precision;
    int pause_to;         /* -1, or the pause state asked for (0, 1) */
    double volume;        /* percent to add */
    int mute_flips, pause_flips;
    bool speed;
    double speed_to;      /* the speed asked for last */
};

/* reply_userdata of the commands player_flush sends, and of those whose
 * answer nobody waits for. */
enum { PLAYER_REPLY = 1, PLAYER_REPLY_NONE };

/* Below this many frames a second, a frame rate filter makes libmpv show
 * more frames while a text subtitle shows: it updates the cue only when
 * it shows one (docs/subtitles.md). */
#define PLAYER_CUE_FPS 10

struct player {
    mpv_handle *mpv;
    struct player_pending pending;
    int inflight;          /* commands sent, not answered yet */
    int wake[2];           /* the wakeup pipe: [0] polled, [1] written */
    int64_t entry;         /* playlist entry of the file we loaded, or -1 */
    bool entry_started;    /* its START_FILE was seen */
    enum player_mode mode;
    bool rotating;         /* our rotation filter is in the chain */
    int demux_w, demux_h;  /* the picture's display size as its container
                              says (upright, aspect applied), 0 if none:
                              the status's until a frame says better */
    bool graph_set;        /* lavfi-complex holds a graph we set */
    bool start_asked;      /* the file loads with a start position */
    double speed;          /* the speed asked for last (or libmpv's at
                              start): where add and multiply start from */
    bool file_loaded;      /* FILE_LOADED seen: libmpv takes seeks */
    bool moving;           /* a seek was sent, its restart not seen yet */
    double moved_to;       /* its target in seconds, or NAN if unknown */
    double *chapter_times; /* the current file's chapter starts */
    size_t nchapters;
    double chapter_threshold; /* mpv's chapter-seek-threshold (seconds) */
    uint64_t hook_id;      /* the on_preloaded hook holding the file, or 0 */
    char *last_error;      /* last error-level log line */
    char *message;         /* storage behind player_event.message */
    char **warnings;       /* config options libmpv rejected */
    size_t nwarnings;
    char *sub_ass, *sub_text, *sub2_text; /* behind status.sub, sub2 */
    int64_t position_ms;   /* when status.position was reported */
    double demux_fps;      /* the picture's frame rate, 0 if unknown */
    bool fps_filter;       /* our frame rate filter is in the chain */
    bool bitmap_said;      /* this file's bitmap subtitles were told */
    struct player_status status;
};

/* Options that tplay owns: changing them breaks the terminal or the
 * embedding.  Matched as a prefix when they end in '-'. */
static const struct {
    const char *key;
    const char *why;
} player_refused[] = {
    { "vo", "tplay draws the video itself; use --no-video to turn it off" },
    { "terminal", "tplay owns the terminal" },
    { "input-", "tplay reads the keyboard itself" },
    { "config", "tplay does not read mpv's config files" },
    { "config-dir", "tplay does not read mpv's config files" },
    { "include", "tplay does not read mpv's config files" },
    { "script", "scripts are not loaded in tplay" },
    { "scripts", "scripts are not loaded in tplay" },
    { "script-opts", "scripts are not loaded in tplay" },
    { "load-scripts", "scripts are not loaded in tplay" },
    { "osc", "scripts are not loaded in tplay" },
    { "ytdl", "scripts are not loaded in tplay" },
    { "idle", "tplay manages the player's life" },
    { "keep-open", "tplay manages the player's life" },
    { "wid", "tplay draws the video itself" },
    { "video-rotate", "tplay turns rotated pictures upright itself (libmpv "
                      "0.35's software renderer aborts on a rotation); use "
                      "vf=lavfi=[transpose=clock] to turn one further" },
    { "player-operation-mode", "tplay manages the player's life" },
    { "log-file", "tplay routes libmpv's log itself" },
    { "msg-level", "tplay routes libmpv's log itself" },
    { "really-quiet", "tplay routes libmpv's log itself" },
    { "quiet", "tplay routes libmpv's log itself" },
    { "sid", "tplay chooses the subtitles itself; use [subtitles] "
             "languages, --slang or --no-sub" },
    { "sub", "tplay chooses the subtitles itself; use [subtitles] "
             "languages, --slang or --no-sub" },
    { "secondary-sid", "tplay chooses the subtitles itself; use "
                       "[subtitles] secondary" },
    { "slang", "tplay chooses the subtitles itself; use [subtitles] "
               "languages or --slang" },
};

const char *player_opt_refused(const char *key)
{
    const char *k = key;

    if (strncmp(k, "no-", 3) == 0) /* --no-osc is --osc=no */
        k += 3;
    for (size_t i = 0; i < sizeof player_refused / sizeof player_refused[0];
         i++) {
        const char *r = player_refused[i].key;
        size_t n = strlen(r);

        if (r[n - 1] == '-' ? strncmp(k, r, n) == 0 : strcmp(k, r) == 0)
            return player_refused[i].why;
    }
    return NULL;
}

/* Called by libmpv from any thread: it may only signal (client.h). */
static void player_wakeup(void *data)
{
    struct player *p = data;

    wake_signal(p->wake[1], 1);
}

static int player_set(struct player *p, const char *key, const char *value,
                      char **err)
{
    int rc = mpv_set_option_string(p->mpv, key, value);

    if (rc < 0) {
        *err = xasprintf("libmpv option %s=%s: %s", key, value,
                         mpv_error_string(rc));
        return -1;
    }
    return 0;
}

static int player_apply(struct player *p, enum player_mode mode,
                        const struct player_opt *opts, size_t nopts,
                        char **err)
{
    static const char *const embed[][2] = {
        /* The libmpv profile sets config=no, terminal=no, osc=no and
         * input-default-bindings=no; the built-in scripts still load. */
        { "config", "no" }, { "terminal", "no" }, { "osc", "no" },
        { "input-default-bindings", "no" }, { "input-vo-keyboard", "no" },
        { "ytdl", "no" }, { "load-scripts", "no" },
        { "load-stats-overlay", "no" }, { "load-osd-console", "no" },
        { "load-auto-profiles", "no" }, { "resume-playback", "no" },
        { "save-position-on-quit", "no" }, { "idle", "yes" },
        { "audio-display", "no" },
        /* The sidecars are tplay's to find (sidecar.h), given to libmpv
         * by player_set_sub_files: its own search would load others. */
        { "sub-auto", "no" },
    };
    static const char *const list[][2] = {
        /* Deselecting every stream ("aid=no", "vid=no") makes libmpv end
         * the file before FILE_LOADED: keep the selection, output nothing. */
        { "vo", "null" }, { "ao", "null" }, { "sid", "no" },
        { "pause", "yes" }, { "cache", "no" },
    };
    static const char *const play[][2] = {
        /* Frames come to src/video.c through the render API. */
        { "vo", "libmpv" }, { "keep-open", "yes" }, { "pause", "yes" },
        /* Upright by our filter: see player_picture. */
        { "video-rotate", "no" },
        /* zimg's default random dither moves colours by 1 in 255, unseen
         * in a terminal, yet it makes neighbouring cells and successive
         * frames differ: a still picture's half blocks cost half again
         * the bytes, and every frame changes cells. */
        { "zimg-dither", "no" },
        /* Text subtitles are drawn as terminal text (the UI reads
         * sub-text); burned into a picture of a few dozen cells they
         * could not be read.  Bitmap ones: player_sub_apply. */
        { "sub-visibility", "no" }, { "secondary-sub-visibility", "no" },
    };

    for (size_t i = 0; i < sizeof embed / sizeof embed[0]; i++)
        if (player_set(p, embed[i][0], embed[i][1], err) < 0)
            return -1;
    if (mode == PLAYER_MODE_LIST) {
        for (size_t i = 0; i < sizeof list / sizeof list[0]; i++)
            if (player_set(p, list[i][0], list[i][1], err) < 0)
                return -1;
        return 0; /* the user's options concern playback only */
    }
    for (size_t i = 0; i < sizeof play / sizeof play[0]; i++)
        if (player_set(p, play[i][0], play[i][1], err) < 0)
            return -1;
    for (size_t i = 0; i < nopts; i++) {
        const char *why = player_opt_refused(opts[i].key);

        if (why) {
            *err = xasprintf("--mpv-opt %s: refused: %s", opts[i].key, why);
            return -1;
        }
        if (player_set(p, opts[i].key, opts[i].value, err) < 0) {
            if (!opts[i].origin)
                return -1;
            /* From the config: warn, skip it, keep going. */
            p->warnings = xreallocarray(p->warnings, p->nwarnings + 1,
                                        sizeof *p->warnings);
            p->warnings[p->nwarnings++] =
                xasprintf("%s: [mpv] %s; ignored", opts[i].origin, *err);
            free(*err);
            *err = NULL;
        }
    }
    problems_cap(&p->warnings, &p->nwarnings, 0, "[mpv]", NULL);
    return 0;
}

size_t player_warning_count(const struct player *p)
{
    return p->nwarnings;
}

const char *player_warning(const struct player *p, size_t i)
{
    return i < p->nwarnings ? p->warnings[i] : NULL;
}

static size_t player_tracks_of(struct player *p, const char *kind,
                               struct player_track **out);

/* No cue, primary nor secondary (a new file, or a track turned off). */
static void player_cue_clear(struct player *p)
{
    free(p->sub_ass);
    free(p->sub_text);
    free(p->sub2_text);
    p->sub_ass = p->sub_text = p->sub2_text = NULL;
    p->status.sub = p->status.sub2 =
        (struct player_cue){ "", "", -1, -1 };
    p->status.sub_seq++;
}

/* The subtitle properties the UI draws from.  sub-text-ass is not among
 * them: libmpv 0.35 never says it changed; it is read when sub-text
 * changes (player_cue_text). */
static void player_observe_subs(struct player *p)
{
    static const struct {
        uint64_t id;
        const char *name;
        mpv_format format;
    } subs[] = {
        { PLAYER_OBS_SUB_TEXT, "sub-text", MPV_FORMAT_STRING },
        { PLAYER_OBS_SUB2_TEXT, "secondary-sub-text", MPV_FORMAT_STRING },
        { PLAYER_OBS_SUB_START, "sub-start", MPV_FORMAT_DOUBLE },
        { PLAYER_OBS_SUB_END, "sub-end", MPV_FORMAT_DOUBLE },
        { PLAYER_OBS_SUB2_START, "secondary-sub-start", MPV_FORMAT_DOUBLE },
        { PLAYER_OBS_SUB2_END, "secondary-sub-end", MPV_FORMAT_DOUBLE },
        { PLAYER_OBS_SUB_DELAY, "sub-delay", MPV_FORMAT_DOUBLE },
        { PLAYER_OBS_SUB_ID, "current-tracks/sub/id", MPV_FORMAT_INT64 },
        { PLAYER_OBS_SUB2_ID, "current-tracks/sub2/id", MPV_FORMAT_INT64 },
        /* Not "image": libmpv says no there for PGS (that flag is for
         * pictures shown as video).  The codec tells (measured). */
        { PLAYER_OBS_SUB_CODEC, "current-tracks/sub/codec",
          MPV_FORMAT_STRING },
    };

    if (p->mode != PLAYER_MODE_PLAY)
        return;
    for (size_t i = 0; i < sizeof subs / sizeof subs[0]; i++)
        mpv_observe_property(p->mpv, subs[i].id, subs[i].name,
                             subs[i].format);
}

/* Put libmpv's drawing and the frame rate filter in line with the track
 * and the visibility: libmpv draws only a bitmap track (its cues have no
 * text); a text track on a picture of under PLAYER_CUE_FPS frames a
 * second gets a filter that repeats frames, so that the cue changes on
 * time (libmpv updates it only when it shows a frame). */
static void player_sub_apply(struct player *p)
{
    const struct player_status *st = &p->status;
    bool burn = st->sub_visible && st->sub_bitmap && st->sub_id >= 0;
    bool fps = st->sub_visible && !st->sub_bitmap && st->sub_id >= 0 &&
               p->demux_fps > 0 && p->demux_fps < PLAYER_CUE_FPS;
    const char *vis[] = { "set", "sub-visibility", burn ? "yes" : "no",
                          NULL };
    char filter[64];
    const char *add[] = { "vf", "add", filter, NULL };
    const char *remove[] = { "vf", "remove", "@tplay-fps", NULL };

    mpv_command_async(p->mpv, PLAYER_REPLY_NONE, vis);
    if (fps == p->fps_filter)
        return;
    snprintf(filter, sizeof filter, "@tplay-fps:lavfi=[fps=%d]",
             PLAYER_CUE_FPS);
    mpv_command_async(p->mpv, PLAYER_REPLY_NONE, fps ? add : remove);
    p->fps_filter = fps;
}

/* A new primary cue: its text, its ASS text (which libmpv never reports
 * by itself) and its times, read together. */
static void player_cue_text(struct player *p, const char *text)
{
    char *ass = text && text[0] ? mpv_get_property_string(p->mpv,
                                                          "sub-text-ass")
                                : NULL;

    free(p->sub_text);
    free(p->sub_ass);
    p->sub_text = xstrdup(text ? text : "");
    /* An empty sub-text-ass with text: keep the plain text (it has no
     * tags to lose). */
    p->sub_ass = xstrdup(ass && ass[0] ? ass : p->sub_text);
    mpv_free(ass);
    p->status.sub.text = p->sub_text;
    p->status.sub.ass = p->sub_ass;
    if (mpv_get_property(p->mpv, "sub-start", MPV_FORMAT_DOUBLE,
                         &p->status.sub.start) < 0 || !p->sub_text[0])
        p->status.sub.start = -1;
    if (mpv_get_property(p->mpv, "sub-end", MPV_FORMAT_DOUBLE,
                         &p->status.sub.end) < 0 || !p->sub_text[0])
        p->status.sub.end = -1;
}

/* A subtitle property changed: true when it was one. */
static bool player_sub_property(struct player *p,
                                const mpv_event_property *prop,
                                uint64_t which)
{
    struct player_status *st = &p->status;
    bool have = prop->format != MPV_FORMAT_NONE && prop->data;
    const char *str = have && prop->format == MPV_FORMAT_STRING
        ? *(char **)prop->data : "";
    double num = have && prop->format == MPV_FORMAT_DOUBLE
        ? *(double *)prop->data : -1;
    int64_t id = have && prop->format == MPV_FORMAT_INT64
        ? *(int64_t *)prop->data : -1;

    switch (which) {
    case PLAYER_OBS_SUB_TEXT:
        player_cue_text(p, str);
        break;
    case PLAYER_OBS_SUB2_TEXT:
        free(p->sub2_text);
        p->sub2_text = xstrdup(str);
        st->sub2.text = st->sub2.ass = p->sub2_text;
        break;
    case PLAYER_OBS_SUB_START:
        st->sub.start = st->sub.text[0] ? num : -1;
        break;
    case PLAYER_OBS_SUB_END:
        st->sub.end = st->sub.text[0] ? num : -1;
        break;
    case PLAYER_OBS_SUB2_START:
        st->sub2.start = st->sub2.text[0] ? num : -1;
        break;
    case PLAYER_OBS_SUB2_END:
        st->sub2.end = st->sub2.text[0] ? num : -1;
        break;
    case PLAYER_OBS_SUB_DELAY:
        st->sub_delay = have ? num : 0;
        break;
    case PLAYER_OBS_SUB_ID:
        st->sub_id = id;
        player_sub_apply(p);
        break;
    case PLAYER_OBS_SUB2_ID:
        st->sub2_id = id;
        break;
    case PLAYER_OBS_SUB_CODEC:
        st->sub_bitmap = text_codec_is_bitmap(have ? str : NULL);
        player_sub_apply(p);
        break;
    default:
        return false;
    }
    st->sub_seq++;
    return true;
}

struct player *player_create(enum player_mode mode,
                             const struct player_opt *opts, size_t nopts,
                             char **err)
{
    struct player *p = xcalloc(1, sizeof *p);
    int rc;

    p->wake[0] = p->wake[1] = -1;
    p->mode = mode;
    p->entry = -1;
    p->status = (struct player_status){ .position = -1, .duration = -1,
                                        .volume = 100, .paused = true,
                                        .audio_id = -1, .speed = 1,
                                        .chapter = -1, .sub_id = -1,
                                        .sub2_id = -1, .sub_visible = true };
    player_cue_clear(p);
    p->pending.pause_to = -1;
    if (wake_open(p->wake) < 0) {
        *err = xasprintf("cannot create a pipe: %s", strerror(errno));
        goto fail;
    }
    if (libmpv_load(err) < 0)
        goto fail;
    p->mpv = mpv_create();
    if (!p->mpv) {
        *err = xstrdup("libmpv could not be created (is LC_NUMERIC \"C\"?)");
        goto fail;
    }
    if (player_apply(p, mode, opts, nopts, err) < 0)
        goto fail;
    rc = mpv_initialize(p->mpv);
    if (rc < 0) {
        *err = xasprintf("libmpv failed to start: %s", mpv_error_string(rc));
        goto fail;
    }
    /* Everything libmpv says goes through our event loop, never to the
     * terminal: "terminal=no" keeps its own printing off. */
    mpv_request_log_messages(p->mpv, "warn");
    mpv_observe_property(p->mpv, PLAYER_OBS_POS, "time-pos", MPV_FORMAT_DOUBLE);
    mpv_observe_property(p->mpv, PLAYER_OBS_DURATION, "duration",
                         MPV_FORMAT_DOUBLE);
    mpv_observe_property(p->mpv, PLAYER_OBS_PAUSE, "pause", MPV_FORMAT_FLAG);
    mpv_observe_property(p->mpv, PLAYER_OBS_EOF, "eof-reached", MPV_FORMAT_FLAG);
    mpv_observe_property(p->mpv, PLAYER_OBS_VOLUME, "volume", MPV_FORMAT_DOUBLE);
    mpv_observe_property(p->mpv, PLAYER_OBS_MUTE, "mute", MPV_FORMAT_FLAG);
    mpv_observe_property(p->mpv, PLAYER_OBS_VIDEO, "video-out-params",
                         MPV_FORMAT_NODE);
    /* Unavailable until an audio output opens, and for good when none
     * would (no sound card). */
    mpv_observe_property(p->mpv, PLAYER_OBS_AO, "current-ao",
                         MPV_FORMAT_STRING);
    mpv_observe_property(p->mpv, PLAYER_OBS_AID, "current-tracks/audio/id",
                         MPV_FORMAT_INT64);
    mpv_observe_property(p->mpv, PLAYER_OBS_SPEED, "speed", MPV_FORMAT_DOUBLE);
    player_observe_subs(p);
    /* The user's speed option, if any: where add and multiply start. */
    if (mpv_get_property(p->mpv, "speed", MPV_FORMAT_DOUBLE, &p->speed) < 0)
        p->speed = 1;
    if (mpv_get_property(p->mpv, "chapter-seek-threshold", MPV_FORMAT_DOUBLE,
                         &p->chapter_threshold) < 0)
        p->chapter_threshold = 5;
    p->status.speed = p->speed;
    /* Every file stops in on_preloaded: its tracks are known, nothing is
     * decoded yet.  The audio graph set there is in place from the first
     * frame (no refresh seek, which a stream that cannot seek would never
     * finish), and a listing reads the tracks before the file can end. */
    mpv_hook_add(p->mpv, 0, "on_preloaded", 0);
    mpv_set_wakeup_callback(p->mpv, player_wakeup, p);
    return p;
fail:
    player_destroy(p);
    return NULL;
}

void player_destroy(struct player *p)
{
    if (!p)
        return;
    if (p->mpv) {
        player_continue(p);
        mpv_set_wakeup_callback(p->mpv, NULL, NULL);
        mpv_terminate_destroy(p->mpv);
    }
    wake_close(p->wake);
    for (size_t i = 0; i < p->nwarnings; i++)
        free(p->warnings[i]);
    free(p->warnings);
    free(p->last_error);
    free(p->message);
    free(p->chapter_times);
    free(p->sub_ass);
    free(p->sub_text);
    free(p->sub2_text);
    free(p);
}

int player_fd(const struct player *p)
{
    return p->wake[0];
}

int player_load(struct player *p, const char *path, char **err)
{
    return player_load_at(p, path, 0, err);
}

int player_load_at(struct player *p, const char *path, double start,
                   char **err)
{
    return player_load_range(p, path, start, 0, err);
}

int player_load_range(struct player *p, const char *path, double start,
                      double end, char **err)
{
    /* Per-file options: libmpv restores "start" and "end" after this
     * file, so the next one plays whole.  No subtitle track either: the
     * one player_set_subtitles chose for the last file stays in libmpv's
     * options, and libmpv would select that id in this file by itself. */
    const char *cmd[] = { "loadfile", path, "replace", NULL, NULL };
    char opt[160];
    mpv_node res;
    int rc, n;

    n = snprintf(opt, sizeof opt, "sid=no,secondary-sid=no");
    if (isfinite(start) && start > 0)
        n += snprintf(opt + n, sizeof opt - (size_t)n, ",start=%.3f", start);
    if (isfinite(end) && end > 0 && end > start)
        snprintf(opt + n, sizeof opt - (size_t)n, ",end=%.3f", end);
    cmd[3] = opt;
    player_continue(p); /* a file held in the hook would block the next */
    free(p->last_error);
    p->last_error = NULL;
    p->entry = -1;
    p->entry_started = false;
    p->start_asked = isfinite(start) && start > 0;
    p->status.position = p->status.duration = -1;
    p->status.ended = false;
    p->status.seekable = false;
    p->status.chapter = -1;
    p->status.video_w = p->status.video_h = 0;
    p->demux_w = p->demux_h = 0;
    p->demux_fps = 0;
    p->bitmap_said = false;
    player_cue_clear(p);
    /* Moves within the last file mean nothing in this one. */
    p->pending.move = PLAYER_MOVE_NONE;
    p->pending.precision = PLAYER_SEEK_DEFAULT;
    p->moving = false;
    p->file_loaded = false;
    free(p->chapter_times);
    p->chapter_times = NULL;
    p->nchapters = 0;
    rc = mpv_command_ret(p->mpv, cmd, &res);
    if (rc < 0) {
        *err = xasprintf("libmpv cannot load it: %s", mpv_error_string(rc));
        return -1;
    }
    if (res.format == MPV_FORMAT_NODE_MAP)
        for (int i = 0; i < res.u.list->num; i++)
            if (strcmp(res.u.list->keys[i], "playlist_entry_id") == 0 &&
                res.u.list->values[i].format == MPV_FORMAT_INT64)
                p->entry = res.u.list->values[i].u.int64;
    mpv_free_node_contents(&res);
    return 0;
}

/* libmpv's log line as "prefix: text".  Its line for an audio output
 * that would not open names neither the device nor a way out, so that one
 * is ours: what, which output, and what to do. */
static char *player_log_line(struct player *p, const mpv_event_log_message *m)
{
    static const char no_ao[] = "Could not open/initialize audio device";
    size_t n = strlen(m->text);

    while (n > 0 && (m->text[n - 1] == '\n' || m->text[n - 1] == '\r'))
        n--;
    if (strcmp(m->prefix, "cplayer") == 0 &&
        strncmp(m->text, no_ao, sizeof no_ao - 1) == 0) {
        char *ao = mpv_get_property_string(p->mpv, "options/ao");
        char *dev = mpv_get_property_string(p->mpv, "options/audio-device");
        char *line = xasprintf(
            "no sound: the audio output (ao=%s, audio-device=%s) would not "
            "open; the film plays on silent. Set another with --mpv-opt "
            "audio-device=... or in tplay.conf [mpv]; `mpv "
            "--audio-device=help` lists them",
            ao && ao[0] ? ao : "auto", dev && dev[0] ? dev : "auto");
        mpv_free(ao);
        mpv_free(dev);
        return line;
    }
    return xasprintf("%s: %.*s", m->prefix, (int)n, m->text);
}

static bool player_is_ours(const struct player *p, int64_t entry)
{
    return p->entry < 0 || entry == p->entry;
}

static struct player_event player_end_file(struct player *p,
                                           const mpv_event_end_file *ef)
{
    struct player_event ev = { .type = PLAYER_EVENT_NONE };

    if (!player_is_ours(p, ef->playlist_entry_id) || !p->entry_started)
        return ev;
    if (ef->reason == MPV_END_FILE_REASON_ERROR) {
        free(p->message);
        /* libmpv's own words, after ours: its error strings alone can be
         * as vague as "something happened". */
        p->message = p->last_error
            ? xasprintf("cannot play it: %s (libmpv: %s)", p->last_error,
                        mpv_error_string(ef->error))
            : xasprintf("cannot play it (libmpv: %s)",
                        mpv_error_string(ef->error));
        ev.type = PLAYER_EVENT_FAILED;
        ev.message = p->message;
    } else if (ef->reason == MPV_END_FILE_REASON_REDIRECT) {
        /* A playlist: tplay opens media files, never what a text file
         * names (a listing must not wander off to other paths). */
        p->entry_started = false;
        ev.type = PLAYER_EVENT_FAILED;
        ev.message = "a playlist, not a media file";
    } else if (ef->reason == MPV_END_FILE_REASON_EOF && !p->status.ended) {
        /* PLAYER_MODE_LIST (no keep-open): the file is gone.  With
         * keep-open, eof-reached said it first (player_property). */
        p->status.ended = true;
        ev.type = PLAYER_EVENT_ENDED;
    }
    return ev;
}

static int64_t player_node_int(const mpv_node *map, const char *key);
static void player_picture(struct player *p);
static void player_flush(struct player *p);

/* The index of the chapter playing at t seconds, or -1 before the first
 * (or with none).  Counted here, not read from libmpv's "chapter": an
 * exact seek to a chapter's start may land a sample before it (1.99998
 * for 2), which libmpv counts as the chapter before (its own chapter
 * jumps remember their target; ours are seeks, see player_add_chapter).
 * A hundredth of a second of slack. */
static int player_chapter_at(const struct player *p, double t)
{
    int c = -1;

    while ((size_t)(c + 1) < p->nchapters &&
           p->chapter_times[c + 1] <= t + 0.01)
        c++;
    return c;
}

/* Keep the chapter starts of the file just opened: chapter moves are
 * computed from them (see player_add_chapter). */
static void player_read_chapter_times(struct player *p)
{
    struct player_chapter *c;
    size_t n = player_chapters(p, &c);

    free(p->chapter_times);
    p->chapter_times = n ? xcalloc(n, sizeof *p->chapter_times) : NULL;
    for (size_t i = 0; i < n; i++)
        p->chapter_times[i] = c[i].time;
    p->nchapters = n;
    player_chapters_free(c, n);
}

/* The file waits in on_preloaded (demuxer open, nothing decoded, no
 * graph built yet): settle what depends on it before the UI sees it. */
static void player_preloaded(struct player *p)
{
    int flag = 0;

    p->status.seekable =
        mpv_get_property(p->mpv, "seekable", MPV_FORMAT_FLAG, &flag) >= 0 &&
        flag;
    /* libmpv would try the start seek anyway and say "Cannot seek in this
     * stream" at error level: a pipe simply plays from its start. */
    if (p->start_asked && !p->status.seekable)
        mpv_set_property_string(p->mpv, "start", "none");
    /* The last file's graph names its tracks: built for this one, it
     * would play the wrong ones or none.  libmpv builds it right after
     * this hook; the UI sets this file's own here, if any. */
    if (p->graph_set) {
        mpv_set_property_string(p->mpv, "lavfi-complex", "");
        p->graph_set = false;
    }
    player_read_chapter_times(p);
    if (p->mode == PLAYER_MODE_PLAY)
        player_picture(p);
}

static struct player_event player_property(struct player *p,
                                           const mpv_event_property *prop,
                                           uint64_t which)
{
    struct player_event ev = { .type = PLAYER_EVENT_CHANGED };
    bool have = prop->format != MPV_FORMAT_NONE && prop->data;

    switch (which) {
    case PLAYER_OBS_POS:
        p->status.position = have ? *(double *)prop->data : -1;
        p->position_ms = now_ms();
        p->status.chapter = have ? player_chapter_at(p, p->status.position)
                                 : -1;
        break;
    case PLAYER_OBS_DURATION:
        p->status.duration = have ? *(double *)prop->data : -1;
        break;
    case PLAYER_OBS_PAUSE:
        p->status.paused = have && *(int *)prop->data;
        break;
    case PLAYER_OBS_EOF: {
        bool was = p->status.ended;

        /* keep-open holds the file at its end: this is the only sign
         * of it (no END_FILE comes).  A value for the file player_load
         * replaced (its START_FILE not seen yet) is no end of ours. */
        p->status.ended = have && *(int *)prop->data;
        if (p->status.ended && !was && p->entry_started)
            ev.type = PLAYER_EVENT_ENDED;
        break;
    }
    case PLAYER_OBS_VOLUME:
        if (have)
            p->status.volume = *(double *)prop->data;
        break;
    case PLAYER_OBS_MUTE:
        p->status.muted = have && *(int *)prop->data;
        break;
    case PLAYER_OBS_VIDEO: {
        const mpv_node *n = have && prop->format == MPV_FORMAT_NODE
            ? prop->data : NULL;
        int64_t w = n ? player_node_int(n, "dw") : -1;
        int64_t h = n ? player_node_int(n, "dh") : -1;
        bool ok = w > 0 && h > 0 && w < 65536 && h < 65536;

        /* Unavailable until the first frame: what the container said
         * meanwhile, so the screen is laid out once, not twice. */
        p->status.video_w = ok ? (int)w : p->demux_w;
        p->status.video_h = ok ? (int)h : p->demux_h;
        break;
    }
    case PLAYER_OBS_AO:
        p->status.has_ao = have && prop->format == MPV_FORMAT_STRING &&
                           (*(char **)prop->data)[0] != '\0';
        break;
    case PLAYER_OBS_AID:
        p->status.audio_id = have && prop->format == MPV_FORMAT_INT64
            ? *(int64_t *)prop->data : -1;
        break;
    case PLAYER_OBS_SPEED:
        if (have)
            p->status.speed = *(double *)prop->data;
        break;
    default:
        if (!player_sub_property(p, prop, which)) {
            ev.type = PLAYER_EVENT_NONE;
        } else if (which == PLAYER_OBS_SUB_CODEC && p->status.sub_bitmap &&
                   !p->bitmap_said) {
            p->bitmap_said = true;
            free(p->message);
            p->message = xstrdup(
                "subtitles: this track is pictures (PGS, DVB or VobSub), "
                "drawn into the picture by libmpv, not as text");
            ev.type = PLAYER_EVENT_NOTE;
            ev.message = p->message;
        }
    }
    return ev;
}

struct player_event player_next_event(struct player *p)
{
    struct player_event ev = { .type = PLAYER_EVENT_NONE };

    /* Drain first: a wakeup after this point is for an event we have not
     * read yet, so nothing is lost. */
    wake_drain(p->wake[0]);
    for (;;) {
        mpv_event *e = mpv_wait_event(p->mpv, 0);

        switch (e->event_id) {
        case MPV_EVENT_NONE:
            return ev;
        case MPV_EVENT_SHUTDOWN:
            ev.type = PLAYER_EVENT_SHUTDOWN;
            return ev;
        case MPV_EVENT_START_FILE: {
            const mpv_event_start_file *sf = e->data;

            /* A hook event carries no entry id: it is ours only while
             * the last START_FILE was. */
            p->entry_started = player_is_ours(p, sf->playlist_entry_id);
            break;
        }
        case MPV_EVENT_HOOK: {
            const mpv_event_hook *h = e->data;

            /* Not ours (an entry we replaced): let it go on at once. */
            if (!p->entry_started || strcmp(h->name, "on_preloaded") != 0) {
                mpv_hook_continue(p->mpv, h->id);
                break;
            }
            player_continue(p);
            p->hook_id = h->id;
            player_preloaded(p);
            ev.type = PLAYER_EVENT_LOADED;
            return ev;
        }
        case MPV_EVENT_END_FILE:
            ev = player_end_file(p, e->data);
            if (ev.type != PLAYER_EVENT_NONE)
                return ev;
            break;
        case MPV_EVENT_COMMAND_REPLY:
            if (e->reply_userdata == PLAYER_REPLY && p->inflight > 0 &&
                --p->inflight == 0)
                player_flush(p);
            break;
        case MPV_EVENT_FILE_LOADED:
            /* libmpv refuses seeks before this: the ones asked for
             * meanwhile go now. */
            if (p->entry_started) {
                p->file_loaded = true;
                player_flush(p);
            }
            break;
        case MPV_EVENT_PLAYBACK_RESTART:
            p->moving = false; /* time-pos tells from here on */
            ev.type = PLAYER_EVENT_RESTART;
            return ev;
        case MPV_EVENT_PROPERTY_CHANGE:
            ev = player_property(p, e->data, e->reply_userdata);
            if (ev.type != PLAYER_EVENT_NONE)
                return ev;
            break;
        case MPV_EVENT_LOG_MESSAGE: {
            const mpv_event_log_message *m = e->data;

            free(p->message);
            p->message = player_log_line(p, m);
            if (m->log_level <= MPV_LOG_LEVEL_ERROR) {
                free(p->last_error);
                p->last_error = xstrdup(p->message);
            }
            ev.type = PLAYER_EVENT_LOG;
            ev.message = p->message;
            ev.error = m->log_level <= MPV_LOG_LEVEL_ERROR;
            return ev;
        }
        default:
            break;
        }
    }
}

int player_wait_loaded(struct player *p, int timeout_ms, char **err)
{
    int64_t deadline = now_ms() + timeout_ms;

    for (;;) {
        struct player_event ev = player_next_event(p);
        struct pollfd pfd = { p->wake[0], POLLIN, 0 };
        int64_t left;

        switch (ev.type) {
        case PLAYER_EVENT_LOADED:
            return 0;
        case PLAYER_EVENT_FAILED:
            *err = xstrdup(ev.message);
            return -1;
        case PLAYER_EVENT_SHUTDOWN:
            *err = xstrdup("libmpv shut down while loading");
            return -1;
        case PLAYER_EVENT_NONE:
            left = deadline - now_ms();
            if (left <= 0) {
                *err = xasprintf("timed out after %d s while opening it",
                                 timeout_ms / 1000);
                return -1;
            }
            if (poll(&pfd, 1, (int)left) < 0 && errno != EINTR) {
                *err = xasprintf("poll: %s", strerror(errno));
                return -1;
            }
            break;
        default:
            break;
        }
    }
}

static const mpv_node *player_node_get(const mpv_node *map, const char *key)
{
    if (map->format != MPV_FORMAT_NODE_MAP)
        return NULL;
    for (int i = 0; i < map->u.list->num; i++)
        if (strcmp(map->u.list->keys[i], key) == 0)
            return &map->u.list->values[i];
    return NULL;
}

static int64_t player_node_int(const mpv_node *map, const char *key)
{
    const mpv_node *n = player_node_get(map, key);

    return n && n->format == MPV_FORMAT_INT64 ? n->u.int64 : -1;
}

static char *player_node_str(const mpv_node *map, const char *key)
{
    const mpv_node *n = player_node_get(map, key);

    return n && n->format == MPV_FORMAT_STRING ? xstrdup(n->u.string) : NULL;
}

static bool player_node_flag(const mpv_node *map, const char *key)
{
    const mpv_node *n = player_node_get(map, key);

    return n && n->format == MPV_FORMAT_FLAG && n->u.flag;
}

/* The current file's tracks of a type ("audio", "sub"), in libmpv's
 * order. */
static size_t player_tracks_of(struct player *p, const char *kind,
                               struct player_track **out)
{
    mpv_node list;
    size_t count = 0;

    *out = NULL;
    if (mpv_get_property(p->mpv, "track-list", MPV_FORMAT_NODE, &list) < 0)
        return 0;
    if (list.format == MPV_FORMAT_NODE_ARRAY) {
        *out = xcalloc((size_t)list.u.list->num, sizeof **out);
        for (int i = 0; i < list.u.list->num; i++) {
            const mpv_node *t = &list.u.list->values[i];
            const mpv_node *type = player_node_get(t, "type");
            struct player_track *pt = &(*out)[count];

            if (!type || type->format != MPV_FORMAT_STRING ||
                strcmp(type->u.string, kind) != 0)
                continue;
            pt->id = player_node_int(t, "id");
            pt->src_id = player_node_int(t, "src-id");
            pt->ff_index = player_node_int(t, "ff-index");
            pt->title = player_node_str(t, "title");
            pt->lang = player_node_str(t, "lang");
            pt->codec = player_node_str(t, "codec");
            pt->is_default = player_node_flag(t, "default");
            pt->forced = player_node_flag(t, "forced");
            pt->hearing_impaired = player_node_flag(t, "hearing-impaired");
            pt->image = player_node_flag(t, "image");
            pt->external = player_node_flag(t, "external");
            pt->external_filename = player_node_str(t, "external-filename");
            count++;
        }
    }
    mpv_free_node_contents(&list);
    return count;
}

size_t player_audio_tracks(struct player *p, struct player_track **out)
{
    return player_tracks_of(p, "audio", out);
}

size_t player_sub_tracks(struct player *p, struct player_track **out)
{
    return player_tracks_of(p, "sub", out);
}

int player_set_sub_files(struct player *p, const char *const *paths,
                         size_t n, char **err)
{
    /* change-list, not a node: "append" takes a path whole, ':' and
     * ',' included. */
    const char *clear[] = { "change-list", "sub-files", "clr", "", NULL };
    int rc = mpv_command(p->mpv, clear);

    for (size_t i = 0; rc >= 0 && i < n; i++) {
        const char *add[] = { "change-list", "sub-files", "append", paths[i],
                              NULL };

        rc = mpv_command(p->mpv, add);
    }
    if (rc < 0) {
        *err = xasprintf("cannot give libmpv the subtitle files: %s",
                         mpv_error_string(rc));
        return -1;
    }
    return 0;
}

void player_tracks_free(struct player_track *tracks, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        free(tracks[i].title);
        free(tracks[i].lang);
        free(tracks[i].codec);
        free(tracks[i].external_filename);
    }
    free(tracks);
}

/* Whether video track t is one the picture may come from: a real video
 * track, not a cover image (audio-display=no never shows those). */
static bool player_is_picture(const mpv_node *t)
{
    const mpv_node *type = player_node_get(t, "type");

    return type && type->format == MPV_FORMAT_STRING &&
           strcmp(type->u.string, "video") == 0 &&
           !player_node_flag(t, "albumart");
}

/* Whether video track t is the file's own cover (an attached picture,
 * not a cover.jpg beside it that libmpv's cover-art-auto adds). */
static bool player_is_cover(const mpv_node *t)
{
    const mpv_node *type = player_node_get(t, "type");

    return type && type->format == MPV_FORMAT_STRING &&
           strcmp(type->u.string, "video") == 0 &&
           player_node_flag(t, "albumart") &&
           !player_node_flag(t, "external");
}

/* The entry of track-list for the picture, or NULL: the track "vid"
 * names, else (vid=auto) as mpv picks one: the first with the default
 * flag, else the first; with no video track but a cover, the cover (the
 * graph routes it, so audio-display=no does not hide it).  Read while the file waits in on_preloaded, when
 * nothing is selected yet. */
static const mpv_node *player_picture_track(struct player *p,
                                            const mpv_node *list)
{
    char *vid = mpv_get_property_string(p->mpv, "options/vid");
    const mpv_node *first = NULL, *def = NULL, *named = NULL, *cover = NULL;
    char *end = NULL;
    long long want = -1;
    bool off = vid && strcmp(vid, "no") == 0;

    if (vid && !off && strcmp(vid, "auto") != 0) {
        want = strtoll(vid, &end, 10);
        if (*end)
            want = -1;
    }
    mpv_free(vid);
    if (off || list->format != MPV_FORMAT_NODE_ARRAY)
        return NULL;
    for (int i = 0; i < list->u.list->num; i++) {
        const mpv_node *t = &list->u.list->values[i];

        if (!player_is_picture(t)) {
            if (!cover && player_is_cover(t))
                cover = t;
            continue;
        }
        if (!first)
            first = t;
        if (!def && player_node_flag(t, "default"))
            def = t;
        if (player_node_int(t, "id") == want)
            named = t;
    }
    /* No picture of its own: the file's cover, shown once. */
    if (want < 0 && !first)
        return cover;
    return want >= 0 ? named : def ? def : first;
}

size_t player_stream_count(struct player *p)
{
    mpv_node list;
    size_t n = 0;

    if (mpv_get_property(p->mpv, "track-list", MPV_FORMAT_NODE, &list) < 0)
        return 0;
    if (list.format == MPV_FORMAT_NODE_ARRAY)
        for (int i = 0; i < list.u.list->num; i++) {
            const mpv_node *type = player_node_get(&list.u.list->values[i],
                                                   "type");

            n += type && type->format == MPV_FORMAT_STRING &&
                 (strcmp(type->u.string, "audio") == 0 ||
                  strcmp(type->u.string, "video") == 0);
        }
    mpv_free_node_contents(&list);
    return n;
}

char *player_file_format(struct player *p)
{
    char *s = mpv_get_property_string(p->mpv, "file-format");
    char *copy = s ? xstrdup(s) : NULL;

    mpv_free(s);
    return copy;
}

char *player_tag(struct player *p, const char *key)
{
    char prop[64];
    char *s;

    snprintf(prop, sizeof prop, "metadata/by-key/%s", key);
    s = mpv_get_property_string(p->mpv, prop);
    char *copy = s && s[0] ? xstrdup(s) : NULL;

    mpv_free(s);
    return copy;
}

bool player_tags(struct player *p, int64_t aid, struct tags *t)
{
    static const char *const dates[] = { "date", "year", "original_date" };
    const mpv_node *audio = NULL;
    mpv_node list;
    double size = 0, length = 0;

    memset(t, 0, sizeof *t);
    if (mpv_get_property(p->mpv, "track-list", MPV_FORMAT_NODE, &list) < 0)
        return false;
    if (list.format == MPV_FORMAT_NODE_ARRAY)
        for (int i = 0; i < list.u.list->num; i++) {
            const mpv_node *n = &list.u.list->values[i];
            const mpv_node *type = player_node_get(n, "type");

            if (player_is_picture(n)) {
                mpv_free_node_contents(&list);
                return false;
            }
            if (type && type->format == MPV_FORMAT_STRING &&
                strcmp(type->u.string, "audio") == 0 &&
                (!audio || player_node_int(n, "id") == aid))
                audio = n;
        }
    t->title = player_tag(p, "title");
    t->artist = player_tag(p, "artist");
    t->album = player_tag(p, "album");
    for (size_t i = 0; !t->date && i < sizeof dates / sizeof dates[0]; i++)
        t->date = player_tag(p, dates[i]);
    if (audio) {
        const mpv_node *codec = player_node_get(audio, "codec");

        if (codec && codec->format == MPV_FORMAT_STRING && codec->u.string[0])
            t->codec = xstrdup(codec->u.string);
        t->samplerate = player_node_int(audio, "demux-samplerate");
        t->channels = player_node_int(audio, "demux-channel-count");
        t->bitrate = player_node_int(audio, "demux-bitrate");
    }
    mpv_free_node_contents(&list);
    /* The container does not say: the file's average (a cover's bytes
     * with it, a small part of a song's). */
    if (t->bitrate <= 0 &&
        mpv_get_property(p->mpv, "file-size", MPV_FORMAT_DOUBLE, &size) >= 0 &&
        mpv_get_property(p->mpv, "duration", MPV_FORMAT_DOUBLE, &length) >= 0 &&
        isfinite(size) && isfinite(length) && length >= 1 && size > 0)
        t->bitrate = (int64_t)(size * 8 / length);
    if (t->samplerate < 0)
        t->samplerate = 0;
    if (t->channels < 0)
        t->channels = 0;
    if (t->bitrate < 0)
        t->bitrate = 0;
    return true;
}

int64_t player_video_id(struct player *p)
{
    mpv_node list;
    const mpv_node *t;
    int64_t id = -1;

    if (mpv_get_property(p->mpv, "track-list", MPV_FORMAT_NODE, &list) < 0)
        return -1;
    t = player_picture_track(p, &list);
    if (t)
        id = player_node_int(t, "id");
    mpv_free_node_contents(&list);
    return id;
}

/* The filter that turns a picture stored rotated by deg (clockwise, as
 * mpv counts) upright, or NULL for none. */
static const char *player_rotation_filter(int64_t deg)
{
    switch (deg) {
    case 90:
        return "@tplay-rotate:lavfi=[transpose=clock]";
    case 180:
        return "@tplay-rotate:lavfi=[hflip,vflip]";
    case 270:
        return "@tplay-rotate:lavfi=[transpose=cclock]";
    default:
        return NULL;
    }
}

/* The display size track t promises (rotation and pixel aspect
 * applied), into *w and *h; 0 when the container does not say. */
static void player_demux_size(const mpv_node *t, int64_t rotation, int *w,
                              int *h)
{
    int64_t dw = player_node_int(t, "demux-w");
    int64_t dh = player_node_int(t, "demux-h");
    const mpv_node *par = player_node_get(t, "demux-par");
    double aspect = par && par->format == MPV_FORMAT_DOUBLE &&
                    par->u.double_ > 0.01 && par->u.double_ < 100
                        ? par->u.double_ : 1.0;
    double x = (double)dw * aspect;

    *w = *h = 0;
    if (dw <= 0 || dh <= 0 || dw >= 65536 || dh >= 65536 || x >= 65536)
        return;
    *w = x < 1 ? 1 : (int)(x + 0.5);
    *h = (int)dh;
    if (rotation == 90 || rotation == 270) {
        int tmp = *w;

        *w = *h;
        *h = tmp;
    }
}

/* Sets up the picture of the file waiting in on_preloaded, before the
 * filter chain exists (so it costs no reinit):
 * - libmpv 0.35's software renderer asserts (mp_image_crop) on a picture
 *   it has to rotate itself, which every portrait phone video asks of it:
 *   mpv's own rotation is off (video-rotate=no) and a filter in front of
 *   the user's turns the frames upright instead, transpose swapping the
 *   pixel aspect too;
 * - the size the container gives stands for the picture's until the
 *   first frame, so the UI lays the screen out for it at once. */
static void player_picture(struct player *p)
{
    const char *remove[] = { "vf", "remove", "@tplay-rotate", NULL };
    const char *add[] = { "vf", "pre", NULL, NULL };
    mpv_node list;
    const mpv_node *t;
    int64_t rotation;

    const char *unfps[] = { "vf", "remove", "@tplay-fps", NULL };
    const mpv_node *fps;

    if (p->rotating) /* the last file's */
        mpv_command(p->mpv, remove);
    p->rotating = false;
    if (p->fps_filter) /* the last file's: player_sub_apply decides */
        mpv_command(p->mpv, unfps);
    p->fps_filter = false;
    if (mpv_get_property(p->mpv, "track-list", MPV_FORMAT_NODE, &list) < 0)
        return;
    t = player_picture_track(p, &list);
    rotation = t ? player_node_int(t, "demux-rotation") : 0;
    add[2] = player_rotation_filter(rotation);
    if (add[2])
        p->rotating = mpv_command(p->mpv, add) >= 0;
    /* A cover's size waits for its frame: it shows only when the graph
     * routes it (no graph, no cover: audio-display=no), and no empty
     * picture area should stand for it before. */
    if (t && !player_node_flag(t, "albumart"))
        player_demux_size(t, rotation, &p->demux_w, &p->demux_h);
    fps = t ? player_node_get(t, "demux-fps") : NULL;
    p->demux_fps = fps && fps->format == MPV_FORMAT_DOUBLE &&
                   isfinite(fps->u.double_) ? fps->u.double_ : 0;
    player_sub_apply(p);
    if (p->status.video_w == 0) {
        p->status.video_w = p->demux_w;
        p->status.video_h = p->demux_h;
    }
    mpv_free_node_contents(&list);
}

/* Whether libmpv's track list has a sub track of this id. */
static bool player_has_sub(struct player *p, int64_t id)
{
    mpv_node list;
    bool found = false;

    if (mpv_get_property(p->mpv, "track-list", MPV_FORMAT_NODE, &list) < 0)
        return false;
    if (list.format == MPV_FORMAT_NODE_ARRAY)
        for (int i = 0; i < list.u.list->num && !found; i++) {
            const mpv_node *t = &list.u.list->values[i];
            const mpv_node *type = player_node_get(t, "type");

            found = type && type->format == MPV_FORMAT_STRING &&
                    strcmp(type->u.string, "sub") == 0 &&
                    player_node_int(t, "id") == id;
        }
    mpv_free_node_contents(&list);
    return found;
}

/* Set a track property to id, or "no" for none. */
static int player_set_track(struct player *p, const char *prop, int64_t id,
                            char **err)
{
    char value[24] = "no";
    int rc;

    if (id > 0)
        snprintf(value, sizeof value, "%lld", (long long)id);
    rc = mpv_set_property_string(p->mpv, prop, value);
    if (rc < 0) {
        *err = xasprintf("libmpv refused %s=%s: %s", prop, value,
                         mpv_error_string(rc));
        return -1;
    }
    return 0;
}

int player_set_subtitles(struct player *p, int64_t sid, int64_t secondary_sid,
                         char **err)
{
    const int64_t ids[2] = { sid, secondary_sid };

    if (sid > 0 && sid == secondary_sid) {
        *err = xasprintf("subtitle track %lld cannot be both the first and "
                         "the second", (long long)sid);
        return -1;
    }
    for (int i = 0; i < 2; i++)
        if (ids[i] > 0 && !player_has_sub(p, ids[i])) {
            *err = xasprintf("the file has no subtitle track %lld",
                             (long long)ids[i]);
            return -1;
        }
    /* While playing, libmpv refuses a track the other slot holds ("Track
     * N is already selected"): free the second slot first, so that the
     * two may swap. */
    if (player_set_track(p, "secondary-sid", -1, err) < 0 ||
        player_set_track(p, "sid", sid, err) < 0 ||
        player_set_track(p, "secondary-sid", secondary_sid, err) < 0)
        return -1;
    return 0;
}

int player_set_graph(struct player *p, const char *graph, char **err)
{
    int rc = mpv_set_property_string(p->mpv, "lavfi-complex", graph);

    if (rc >= 0)
        p->graph_set = graph[0] != '\0';
    if (rc < 0) {
        *err = xasprintf("libmpv refused the audio graph: %s (the log has "
                         "the details)", mpv_error_string(rc));
        return -1;
    }
    return 0;
}

/* Send one async command whose reply counts toward p->inflight. */
static void player_send(struct player *p, const char **cmd)
{
    if (mpv_command_async(p->mpv, PLAYER_REPLY, cmd) >= 0)
        p->inflight++;
}

/* mpv's seek flags for a move of type t at precision pr. */
static const char *player_seek_flags(enum player_move t,
                                     enum player_seek_precision pr)
{
    static const char *const flags[][3] = {
        [PLAYER_MOVE_RELATIVE] = { "relative", "relative+keyframes",
                                   "relative+exact" },
        [PLAYER_MOVE_ABSOLUTE] = { "absolute", "absolute+keyframes",
                                   "absolute+exact" },
        [PLAYER_MOVE_FACTOR] = { "absolute-percent",
                                 "absolute-percent+keyframes",
                                 "absolute-percent+exact" },
    };

    return flags[t][pr];
}

/* Where playback is, or will be once the seek sent last is done (libmpv
 * runs a seek some time after it answered the command, and time-pos lags
 * until then); NAN when unknown. */
static double player_where(const struct player *p)
{
    if (p->moving)
        return p->moved_to;
    return p->status.position >= 0 ? p->status.position : NAN;
}

/* Where the pending move leads, in seconds, or NAN when unknown. */
static double player_pending_target(const struct player *p)
{
    const struct player_pending *q = &p->pending;
    double dur = p->status.duration;

    switch (q->move) {
    case PLAYER_MOVE_RELATIVE:
        return player_where(p) + q->by;
    case PLAYER_MOVE_ABSOLUTE:
        return q->by;
    case PLAYER_MOVE_FACTOR:
        return dur > 0 ? q->by * dur : NAN;
    default:
        return player_where(p);
    }
}

/* Send the pending seek. */
static void player_flush_seek(struct player *p)
{
    const struct player_pending *q = &p->pending;
    double dur = p->status.duration, to = player_pending_target(p);
    char arg[32];
    const char *cmd[] = { "seek", arg, player_seek_flags(q->move,
                                                         q->precision),
                          NULL };
    /* A keyframe seek past the end decodes nothing: the picture would
     * stay on the frame before the seek.  An exact seek to the end (mpv:
     * 100 % exact) decodes up to the last frame. */
    const char *end[] = { "seek", "100", "absolute-percent+exact", NULL };
    bool at_end = dur > 0 && p->status.position >= 0 && to >= dur;

    snprintf(arg, sizeof arg, "%.3f",
             q->move == PLAYER_MOVE_FACTOR ? q->by * 100 : q->by);
    player_send(p, at_end ? end : cmd);
    p->moving = true;
    p->moved_to = at_end ? dur : to < 0 ? 0 : to;
}

/* Send what the keys asked for since the last wave, once the last wave
 * has been answered.  libmpv reserves a slot in its event queue (1000
 * long) for the reply of every async command: a paste or a test of a
 * thousand seek keys overflowed it, and libmpv then dropped events,
 * PLAYBACK_RESTART among them, so the mixer never heard that the graph
 * was rebuilt and the wrong tracks played on.  Waves keep a handful in
 * flight, and keys pressed meanwhile add up (seeks, chapters, volume,
 * speed) or cancel out (pause, mute flips) as they would have. */
static void player_flush(struct player *p)
{
    struct player_pending *q = &p->pending;
    char arg[32];

    if (p->inflight > 0)
        return;
    if (q->move != PLAYER_MOVE_NONE && p->file_loaded) {
        player_flush_seek(p);
        q->move = PLAYER_MOVE_NONE;
    }
    if (q->pause_to >= 0) {
        const char *cmd[] = { "set", "pause", q->pause_to ? "yes" : "no",
                              NULL };

        player_send(p, cmd);
    }
    if (q->volume != 0) {
        const char *cmd[] = { "add", "volume", arg, NULL };

        snprintf(arg, sizeof arg, "%.1f", q->volume);
        player_send(p, cmd);
    }
    if (q->speed && q->speed_to != p->speed) {
        const char *cmd[] = { "set", "speed", arg, NULL };

        snprintf(arg, sizeof arg, "%.6f", q->speed_to);
        player_send(p, cmd);
        p->speed = q->speed_to;
    }
    if (q->mute_flips % 2) {
        const char *cmd[] = { "cycle", "mute", NULL };

        player_send(p, cmd);
    }
    if (q->pause_flips % 2) {
        const char *cmd[] = { "cycle", "pause", NULL };

        player_send(p, cmd);
    }
    /* A move waits for the file to load; the rest is sent. */
    *q = (struct player_pending){ .move = q->move, .by = q->by,
                                  .precision = q->precision,
                                  .pause_to = -1 };
}

void player_seek(struct player *p, double secs, bool absolute)
{
    player_seek_mode(p, secs, absolute ? PLAYER_SEEK_ABSOLUTE
                                       : PLAYER_SEEK_RELATIVE,
                     PLAYER_SEEK_DEFAULT);
}

void player_seek_mode(struct player *p, double value,
                      enum player_seek_type type,
                      enum player_seek_precision precision)
{
    struct player_pending *q = &p->pending;
    double dur = p->status.duration;

    if (!isfinite(value) || precision < PLAYER_SEEK_DEFAULT ||
        precision > PLAYER_SEEK_EXACT)
        return;
    switch (type) {
    case PLAYER_SEEK_RELATIVE:
        /* Adds to the pending target, whatever its kind (mpv's queue
         * drops it after a percentage one: a key would be lost). */
        if (q->move == PLAYER_MOVE_FACTOR) {
            if (dur <= 0)
                return;
            q->move = PLAYER_MOVE_ABSOLUTE;
            q->by *= dur;
        }
        if (q->move == PLAYER_MOVE_NONE) {
            q->move = PLAYER_MOVE_RELATIVE;
            q->by = 0;
            q->precision = precision;
        }
        q->by += value;
        if (precision > q->precision)
            q->precision = precision;
        break;
    case PLAYER_SEEK_ABSOLUTE:
        if (value < 0 && dur > 0) /* from the end */
            value = dur + value > 0 ? dur + value : 0;
        q->move = PLAYER_MOVE_ABSOLUTE;
        q->by = value;
        q->precision = precision;
        break;
    case PLAYER_SEEK_RELATIVE_PERCENT: {
        /* mpv: to the current fraction plus value %. */
        double at = player_pending_target(p);

        if (!(dur > 0) || !isfinite(at))
            return;
        value += at / dur * 100;
    }
        /* fall through */
    case PLAYER_SEEK_ABSOLUTE_PERCENT:
        q->move = PLAYER_MOVE_FACTOR;
        q->by = value < 0 ? 0 : value / 100;
        q->precision = precision;
        break;
    default:
        return;
    }
    player_flush(p);
}

/* mpv's "add chapter" computed here, from where the moves asked for
 * before lead: libmpv counts from the position before a seek it has
 * queued but not run yet, so two quick moves made one (measured: -1 then
 * +2 from chapter 1 ended on chapter 0).  The rule is mpv's
 * (player/command.c, mp_property_chapter): the current chapter is the
 * last that starts at or before the position; a move back from further
 * than chapter-seek-threshold into a chapter counts its own start as one
 * step; before the first is the file's start, past the last its end. */
void player_add_chapter(struct player *p, int delta)
{
    struct player_pending *q = &p->pending;
    double at = player_pending_target(p), dur = p->status.duration;
    long cur, to;

    if (delta == 0 || p->nchapters == 0 || !isfinite(at))
        return;
    cur = player_chapter_at(p, at);
    to = cur + delta;
    if (delta < 0 && cur >= 0 && p->chapter_threshold >= 0 &&
        at - p->chapter_times[cur] > p->chapter_threshold)
        to++;
    if (to >= (long)p->nchapters) {
        if (!(dur > 0))
            return;
        q->by = dur; /* the end (player_flush_seek goes there exactly) */
    } else {
        q->by = to < 0 ? 0 : p->chapter_times[to];
    }
    /* As mpv's: an absolute seek of default precision (exact). */
    q->move = PLAYER_MOVE_ABSOLUTE;
    q->precision = PLAYER_SEEK_DEFAULT;
    player_flush(p);
}

/* Ask for speed x (clamped, rounded to a millionth so that steps of 0.1
 * add up to round numbers). */
static void player_speed_to(struct player *p, double x)
{
    if (!isfinite(x))
        return;
    if (x < PLAYER_SPEED_MIN)
        x = PLAYER_SPEED_MIN;
    if (x > PLAYER_SPEED_MAX)
        x = PLAYER_SPEED_MAX;
    p->pending.speed = true;
    p->pending.speed_to = round(x * 1e6) / 1e6;
    player_flush(p);
}

/* The speed the next change starts from: the one asked for last. */
static double player_speed_base(const struct player *p)
{
    return p->pending.speed ? p->pending.speed_to : p->speed;
}

void player_set_speed(struct player *p, double x)
{
    player_speed_to(p, x);
}

void player_add_speed(struct player *p, double delta)
{
    if (isfinite(delta))
        player_speed_to(p, player_speed_base(p) + delta);
}

void player_multiply_speed(struct player *p, double factor)
{
    if (isfinite(factor) && factor > 0)
        player_speed_to(p, player_speed_base(p) * factor);
}

void player_play_or_pause(struct player *p)
{
    if (!p->status.ended) {
        player_toggle_pause(p);
        return;
    }
    /* At the end (keep-open holds the last frame, paused): play again
     * from the start, as every player's play button does. */
    p->pending.pause_flips = 0;
    p->pending.pause_to = 0;
    player_seek(p, 0, true);
}

void player_add_volume(struct player *p, double delta)
{
    p->pending.volume += delta;
    player_flush(p);
}

void player_toggle_mute(struct player *p)
{
    p->pending.mute_flips++;
    player_flush(p);
}

void player_continue(struct player *p)
{
    if (p->hook_id == 0)
        return;
    mpv_hook_continue(p->mpv, p->hook_id);
    p->hook_id = 0;
}

struct mpv_handle *player_handle(struct player *p)
{
    return p->mpv;
}

void player_toggle_pause(struct player *p)
{
    p->pending.pause_flips++;
    player_flush(p);
}

void player_set_pause(struct player *p, bool paused)
{
    p->pending.pause_flips = 0;
    p->pending.pause_to = paused;
    player_flush(p);
}

size_t player_chapters(struct player *p, struct player_chapter **out)
{
    mpv_node list;
    size_t count = 0;

    *out = NULL;
    if (mpv_get_property(p->mpv, "chapter-list", MPV_FORMAT_NODE, &list) < 0)
        return 0;
    if (list.format == MPV_FORMAT_NODE_ARRAY && list.u.list->num > 0) {
        *out = xcalloc((size_t)list.u.list->num, sizeof **out);
        for (int i = 0; i < list.u.list->num; i++) {
            const mpv_node *c = &list.u.list->values[i];
            const mpv_node *t = player_node_get(c, "time");

            (*out)[count].time = t && t->format == MPV_FORMAT_DOUBLE
                ? t->u.double_ : 0;
            (*out)[count].title = player_node_str(c, "title");
            count++;
        }
    }
    mpv_free_node_contents(&list);
    return count;
}

void player_chapters_free(struct player_chapter *chapters, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(chapters[i].title);
    free(chapters);
}

const struct player_status *player_status(const struct player *p)
{
    return &p->status;
}

void player_set_sub_visible(struct player *p, bool visible)
{
    p->status.sub_visible = visible;
    p->status.sub_seq++;
    player_sub_apply(p);
}

void player_add_sub_delay(struct player *p, double secs)
{
    char arg[32];
    const char *cmd[] = { "add", "sub-delay", arg, NULL };

    if (!isfinite(secs))
        return;
    snprintf(arg, sizeof arg, "%.3f", secs);
    player_send(p, cmd);
}

void player_set_sub_delay(struct player *p, double secs)
{
    char arg[32];
    const char *cmd[] = { "set", "sub-delay", arg, NULL };

    if (!isfinite(secs))
        return;
    snprintf(arg, sizeof arg, "%.3f", secs);
    player_send(p, cmd);
}

void player_cycle_sub(struct player *p, int delta, bool secondary)
{
    const char *cmd[] = { "cycle", secondary ? "secondary-sid" : "sub",
                          delta < 0 ? "down" : "up", NULL };

    player_send(p, cmd);
}

double player_clock(const struct player *p)
{
    const struct player_status *st = &p->status;
    double t = st->position;

    if (t < 0 || st->paused || st->ended || p->moving)
        return t;
    return t + (double)(now_ms() - p->position_ms) / 1000 * st->speed;
}
