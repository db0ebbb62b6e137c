/* mpris.c - the MPRIS 2 objects on the session bus, with sd-bus: the
 * player's state kept as last reported, answered from, and signalled when
 * it changes; clients' requests checked against it and handed to the ops. */
#include "mpris.h"

#include "fatal.h"
#include "uri.h"
#include "utf8.h"
#include "xmem.h"

#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <systemd/sd-bus.h>

#define MPRIS_PATH "/org/mpris/MediaPlayer2"
#define MPRIS_ROOT "org.mpris.MediaPlayer2"
#define MPRIS_PLAYER "org.mpris.MediaPlayer2.Player"
#define MPRIS_NAME "org.mpris.MediaPlayer2.tplay"
/* Where the entries' trackids live: an object path of tplay's own (the
 * specification keeps /org/mpris for itself). */
#define MPRIS_TRACK_PREFIX "/org/tplay/track/"
#define MPRIS_NO_TRACK "/org/mpris/MediaPlayer2/TrackList/NoTrack"

/* RequestName's answers (the D-Bus specification). */
enum {
    MPRIS_NAME_PRIMARY_OWNER = 1,
    MPRIS_NAME_IN_QUEUE = 2,
    MPRIS_NAME_EXISTS = 3,
    MPRIS_NAME_ALREADY_OWNER = 4,
};

/* How many messages one mpris_service handles at most. */
enum { MPRIS_SERVICE_BATCH = 64 };

/* An untrusted string as given (to tell a change) and as sent. */
struct mpris_text {
    char *raw;  /* NULL: not known */
    char *sent; /* made safe for the bus; NULL when raw is */
};

struct mpris {
    sd_bus *bus;                /* NULL once inert */
    const struct mpris_ops *ops;
    void *ctx;
    char *wanted;               /* the name asked for, until answered */
    char *name;                 /* the name owned */
    char *failure;              /* why mpris stopped, until reported */
    /* The state as last reported, numbers made sane. */
    enum mpris_status status;
    long entry;
    double position, duration, volume, rate, min_rate, max_rate;
    bool can_next, can_prev, can_seek;
    struct mpris_text title, url, artist, album;
    int64_t position_at;        /* CLOCK_MONOTONIC µs when position was */
    char trackid[64];           /* the entry's object path */
};

/* Now in µs of CLOCK_MONOTONIC. */
static int64_t mpris_now_us(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

/* Seconds to µs, kept within int64_t (NaN: 0). */
static int64_t mpris_us(double seconds)
{
    const double limit = 9e18; /* INT64_MAX is about 9.22e18 */
    double us = seconds * 1e6;

    if (isnan(us))
        return 0;
    return (int64_t)llround(fmin(fmax(us, -limit), limit));
}

/* Note why mpris stops working; the connection is closed and the failure
 * reported at the end of mpris_service, never inside sd-bus's callbacks.
 * The first failure is the one told. */
static void mpris_fail(struct mpris *m, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
static void mpris_fail(struct mpris *m, const char *fmt, ...)
{
    va_list ap;

    if (m->failure || !m->bus)
        return;
    va_start(ap, fmt);
    m->failure = xvasprintf(fmt, ap);
    va_end(ap);
}

/* sd-bus's error code r as words; out of memory is fatal, as everywhere
 * in tplay. */
static const char *mpris_strerror(int r)
{
    if (r == -ENOMEM)
        fatal("out of memory (D-Bus)");
    return strerror(-r);
}

/* The current entry's object path (mpris:trackid). */
static void mpris_set_trackid(struct mpris *m)
{
    if (m->entry < 0)
        snprintf(m->trackid, sizeof(m->trackid), "%s", MPRIS_NO_TRACK);
    else
        snprintf(m->trackid, sizeof(m->trackid), MPRIS_TRACK_PREFIX "%ld",
                 m->entry);
}

/* The position now: the last one reported, run on at rate while playing,
 * never past the end. */
static double mpris_position(const struct mpris *m)
{
    double pos = m->position;

    if (m->status == MPRIS_PLAYING)
        pos += (double)(mpris_now_us() - m->position_at) / 1e6 * m->rate;
    if (m->duration > 0 && pos > m->duration)
        pos = m->duration;
    return pos < 0 ? 0 : pos;
}

/* ---- org.mpris.MediaPlayer2 ---- */

/* Quit: the player is asked to end (the UI quits after mpris_service). */
static int mpris_quit(sd_bus_message *msg, void *userdata, sd_bus_error *e)
{
    struct mpris *m = userdata;

    (void)e;
    m->ops->quit(m->ctx);
    return sd_bus_reply_method_return(msg, "");
}

/* Raise: tplay is a terminal program; there is no window of its own. */
static int mpris_raise(sd_bus_message *msg, void *userdata, sd_bus_error *e)
{
    (void)userdata, (void)e;
    return sd_bus_reply_method_return(msg, "");
}

/* The Can* properties and HasTrackList; nothing to play or pause without
 * an entry. */
static int mpris_get_bool(sd_bus *bus, const char *path, const char *iface,
                          const char *property, sd_bus_message *reply,
                          void *userdata, sd_bus_error *e)
{
    const struct mpris *m = userdata;
    bool has_entry = m->entry >= 0;
    int v = 0;

    (void)bus, (void)path, (void)iface, (void)e;
    if (!strcmp(property, "CanQuit") || !strcmp(property, "CanControl"))
        v = 1;
    else if (!strcmp(property, "CanGoNext"))
        v = m->can_next;
    else if (!strcmp(property, "CanGoPrevious"))
        v = m->can_prev;
    else if (!strcmp(property, "CanPlay") || !strcmp(property, "CanPause"))
        v = has_entry;
    else if (!strcmp(property, "CanSeek"))
        v = has_entry && m->can_seek;
    return sd_bus_message_append(reply, "b", v);
}

/* PlaybackStatus, Identity and DesktopEntry. */
static int mpris_get_string(sd_bus *bus, const char *path, const char *iface,
                            const char *property, sd_bus_message *reply,
                            void *userdata, sd_bus_error *e)
{
    static const char *const status[] = {
        [MPRIS_STOPPED] = "Stopped",
        [MPRIS_PLAYING] = "Playing",
        [MPRIS_PAUSED] = "Paused",
    };
    const struct mpris *m = userdata;
    const char *v = "tplay"; /* Identity, DesktopEntry */

    (void)bus, (void)path, (void)iface, (void)e;
    if (!strcmp(property, "PlaybackStatus"))
        v = status[m->status];
    return sd_bus_message_append(reply, "s", v);
}

/* SupportedUriSchemes and SupportedMimeTypes. */
static int mpris_get_strings(sd_bus *bus, const char *path, const char *iface,
                             const char *property, sd_bus_message *reply,
                             void *userdata, sd_bus_error *e)
{
    /* What libmpv opens (through FFmpeg), and share/tplay.desktop's types:
     * tests/e2e/test_mpris.py checks the two lists agree. */
    static const char *const schemes[] = { "file", "http", "https", NULL };
    static const char *const types[] = {
        "video/x-matroska", "audio/x-matroska", "video/webm", "audio/webm",
        "video/mp4", "audio/mp4", "audio/x-m4a", "video/quicktime",
        "video/3gpp", "video/mp2t", "video/mpeg", "video/ogg", "audio/ogg",
        "audio/x-vorbis+ogg", "audio/x-opus+ogg", "audio/x-flac+ogg",
        "video/x-theora+ogg", "audio/flac", "audio/x-flac", "audio/mpeg",
        "audio/wav", "audio/x-wav", "audio/aac", "audio/ac3",
        "video/x-msvideo", "video/x-flv", "audio/x-mpegurl", "audio/mpegurl",
        "application/vnd.apple.mpegurl", NULL,
    };

    (void)bus, (void)path, (void)iface, (void)userdata, (void)e;
    /* sd-bus takes a char ** but only reads it. */
    return sd_bus_message_append_strv(
        reply, (char **)(!strcmp(property, "SupportedUriSchemes") ? schemes
                                                                   : types));
}

/* ---- org.mpris.MediaPlayer2.Player: properties ---- */

/* Volume, Rate, MinimumRate and MaximumRate. */
static int mpris_get_double(sd_bus *bus, const char *path, const char *iface,
                            const char *property, sd_bus_message *reply,
                            void *userdata, sd_bus_error *e)
{
    const struct mpris *m = userdata;
    double v = m->volume;

    (void)bus, (void)path, (void)iface, (void)e;
    if (!strcmp(property, "Rate"))
        v = m->rate;
    else if (!strcmp(property, "MinimumRate"))
        v = m->min_rate;
    else if (!strcmp(property, "MaximumRate"))
        v = m->max_rate;
    return sd_bus_message_append(reply, "d", v);
}

/* Position in µs, as it runs on since the last report. */
static int mpris_get_position(sd_bus *bus, const char *path,
                              const char *iface, const char *property,
                              sd_bus_message *reply, void *userdata,
                              sd_bus_error *e)
{
    (void)bus, (void)path, (void)iface, (void)property, (void)e;
    return sd_bus_message_append(reply, "x",
                                 mpris_us(mpris_position(userdata)));
}

/* Metadata: empty with no entry; else the trackid and what is known. */
static int mpris_get_metadata(sd_bus *bus, const char *path,
                              const char *iface, const char *property,
                              sd_bus_message *reply, void *userdata,
                              sd_bus_error *e)
{
    const struct mpris *m = userdata;
    int r;

    (void)bus, (void)path, (void)iface, (void)property, (void)e;
    r = sd_bus_message_open_container(reply, 'a', "{sv}");
    if (r < 0 || m->entry < 0)
        return r < 0 ? r : sd_bus_message_close_container(reply);
    r = sd_bus_message_append(reply, "{sv}", "mpris:trackid", "o",
                              m->trackid);
    if (r >= 0 && m->duration > 0)
        r = sd_bus_message_append(reply, "{sv}", "mpris:length", "x",
                                  mpris_us(m->duration));
    if (r >= 0 && m->title.sent)
        r = sd_bus_message_append(reply, "{sv}", "xesam:title", "s",
                                  m->title.sent);
    if (r >= 0 && m->url.sent)
        r = sd_bus_message_append(reply, "{sv}", "xesam:url", "s",
                                  m->url.sent);
    if (r >= 0 && m->artist.sent)
        r = sd_bus_message_append(reply, "{sv}", "xesam:artist", "as", 1,
                                  m->artist.sent);
    if (r >= 0 && m->album.sent)
        r = sd_bus_message_append(reply, "{sv}", "xesam:album", "s",
                                  m->album.sent);
    return r < 0 ? r : sd_bus_message_close_container(reply);
}

/* Volume: a negative one is 0 (the specification's rule). */
static int mpris_set_volume(sd_bus *bus, const char *path, const char *iface,
                            const char *property, sd_bus_message *value,
                            void *userdata, sd_bus_error *e)
{
    struct mpris *m = userdata;
    double v;
    int r;

    (void)bus, (void)path, (void)iface, (void)property;
    r = sd_bus_message_read(value, "d", &v);
    if (r < 0)
        return r;
    if (isnan(v))
        return sd_bus_error_set(e, SD_BUS_ERROR_INVALID_ARGS,
                                "Volume must be a number");
    m->ops->set_volume(m->ctx, v < 0 ? 0 : v);
    return 0;
}

/* Rate: 0 (or less) pauses, as the specification has it; anything else is
 * kept within MinimumRate and MaximumRate. */
static int mpris_set_rate(sd_bus *bus, const char *path, const char *iface,
                          const char *property, sd_bus_message *value,
                          void *userdata, sd_bus_error *e)
{
    struct mpris *m = userdata;
    double v;
    int r;

    (void)bus, (void)path, (void)iface, (void)property;
    r = sd_bus_message_read(value, "d", &v);
    if (r < 0)
        return r;
    if (isnan(v))
        return sd_bus_error_set(e, SD_BUS_ERROR_INVALID_ARGS,
                                "Rate must be a number");
    if (v <= 0) {
        if (m->entry >= 0)
            m->ops->pause(m->ctx);
        return 0;
    }
    m->ops->set_rate(m->ctx, fmin(fmax(v, m->min_rate), m->max_rate));
    return 0;
}

/* ---- org.mpris.MediaPlayer2.Player: methods ---- */

/* PlayPause: an error with nothing to pause (the specification). */
static int mpris_play_pause(sd_bus_message *msg, void *userdata,
                            sd_bus_error *e)
{
    struct mpris *m = userdata;

    if (m->entry < 0)
        return sd_bus_error_set(e, SD_BUS_ERROR_FAILED,
                                "nothing to play or pause (CanPause is "
                                "false)");
    m->ops->play_pause(m->ctx);
    return sd_bus_reply_method_return(msg, "");
}

/* Play: nothing without an entry. */
static int mpris_play(sd_bus_message *msg, void *userdata, sd_bus_error *e)
{
    struct mpris *m = userdata;

    (void)e;
    if (m->entry >= 0)
        m->ops->play(m->ctx);
    return sd_bus_reply_method_return(msg, "");
}

/* Pause: nothing without an entry. */
static int mpris_pause(sd_bus_message *msg, void *userdata, sd_bus_error *e)
{
    struct mpris *m = userdata;

    (void)e;
    if (m->entry >= 0)
        m->ops->pause(m->ctx);
    return sd_bus_reply_method_return(msg, "");
}

/* Stop: always handed on (a stop with nothing playing does nothing). */
static int mpris_stop(sd_bus_message *msg, void *userdata, sd_bus_error *e)
{
    struct mpris *m = userdata;

    (void)e;
    m->ops->stop(m->ctx);
    return sd_bus_reply_method_return(msg, "");
}

/* Next: nothing when there is nowhere to go. */
static int mpris_next(sd_bus_message *msg, void *userdata, sd_bus_error *e)
{
    struct mpris *m = userdata;

    (void)e;
    if (m->can_next)
        m->ops->next(m->ctx);
    return sd_bus_reply_method_return(msg, "");
}

/* Previous: nothing when there is nowhere to go. */
static int mpris_previous(sd_bus_message *msg, void *userdata,
                          sd_bus_error *e)
{
    struct mpris *m = userdata;

    (void)e;
    if (m->can_prev)
        m->ops->previous(m->ctx);
    return sd_bus_reply_method_return(msg, "");
}

/* Seek: before the start is the start; past the end is Next (the
 * specification's rules). */
static int mpris_seek(sd_bus_message *msg, void *userdata, sd_bus_error *e)
{
    struct mpris *m = userdata;
    int64_t offset, pos, len;
    int r;

    (void)e;
    r = sd_bus_message_read(msg, "x", &offset);
    if (r < 0)
        return r;
    if (m->entry >= 0 && m->can_seek) {
        pos = mpris_us(mpris_position(m));
        len = m->duration > 0 ? mpris_us(m->duration) : INT64_MAX;
        if (offset >= 0 && offset >= len - pos) {
            if (m->can_next)
                m->ops->next(m->ctx);
        } else if (offset < 0 && offset <= -pos) {
            m->ops->set_position(m->ctx, 0);
        } else {
            m->ops->seek(m->ctx, offset);
        }
    }
    return sd_bus_reply_method_return(msg, "");
}

/* SetPosition: ignored for another entry than the current one (a client
 * that is behind), before the start or past the end. */
static int mpris_set_position(sd_bus_message *msg, void *userdata,
                              sd_bus_error *e)
{
    struct mpris *m = userdata;
    const char *trackid;
    int64_t pos;
    int r;

    (void)e;
    r = sd_bus_message_read(msg, "ox", &trackid, &pos);
    if (r < 0)
        return r;
    if (m->entry >= 0 && m->can_seek && !strcmp(trackid, m->trackid) &&
        pos >= 0 && (m->duration <= 0 || pos <= mpris_us(m->duration)))
        m->ops->set_position(m->ctx, pos);
    return sd_bus_reply_method_return(msg, "");
}

/* OpenUri: not offered (tplay plays what it was started with). */
static int mpris_open_uri(sd_bus_message *msg, void *userdata,
                          sd_bus_error *e)
{
    (void)msg, (void)userdata;
    return sd_bus_error_set(e, SD_BUS_ERROR_NOT_SUPPORTED,
                            "tplay does not open URIs over MPRIS: start "
                            "tplay with the file instead");
}

#define MPRIS_CONST SD_BUS_VTABLE_PROPERTY_CONST
#define MPRIS_EMITS SD_BUS_VTABLE_PROPERTY_EMITS_CHANGE

static const sd_bus_vtable mpris_root_vtable[] = {
    SD_BUS_VTABLE_START(0),
    SD_BUS_METHOD("Raise", "", "", mpris_raise, 0),
    SD_BUS_METHOD("Quit", "", "", mpris_quit, 0),
    SD_BUS_PROPERTY("CanQuit", "b", mpris_get_bool, 0, MPRIS_CONST),
    SD_BUS_PROPERTY("CanRaise", "b", mpris_get_bool, 0, MPRIS_CONST),
    SD_BUS_PROPERTY("HasTrackList", "b", mpris_get_bool, 0, MPRIS_CONST),
    SD_BUS_PROPERTY("Identity", "s", mpris_get_string, 0, MPRIS_CONST),
    SD_BUS_PROPERTY("DesktopEntry", "s", mpris_get_string, 0, MPRIS_CONST),
    SD_BUS_PROPERTY("SupportedUriSchemes", "as", mpris_get_strings, 0,
                    MPRIS_CONST),
    SD_BUS_PROPERTY("SupportedMimeTypes", "as", mpris_get_strings, 0,
                    MPRIS_CONST),
    SD_BUS_VTABLE_END,
};

static const sd_bus_vtable mpris_player_vtable[] = {
    SD_BUS_VTABLE_START(0),
    SD_BUS_METHOD("Next", "", "", mpris_next, 0),
    SD_BUS_METHOD("Previous", "", "", mpris_previous, 0),
    SD_BUS_METHOD("Pause", "", "", mpris_pause, 0),
    SD_BUS_METHOD("PlayPause", "", "", mpris_play_pause, 0),
    SD_BUS_METHOD("Stop", "", "", mpris_stop, 0),
    SD_BUS_METHOD("Play", "", "", mpris_play, 0),
    SD_BUS_METHOD_WITH_ARGS("Seek", SD_BUS_ARGS("x", Offset),
                            SD_BUS_NO_RESULT, mpris_seek, 0),
    SD_BUS_METHOD_WITH_ARGS("SetPosition",
                            SD_BUS_ARGS("o", TrackId, "x", Position),
                            SD_BUS_NO_RESULT, mpris_set_position, 0),
    SD_BUS_METHOD_WITH_ARGS("OpenUri", SD_BUS_ARGS("s", Uri),
                            SD_BUS_NO_RESULT, mpris_open_uri, 0),
    SD_BUS_SIGNAL_WITH_ARGS("Seeked", SD_BUS_ARGS("x", Position), 0),
    SD_BUS_PROPERTY("PlaybackStatus", "s", mpris_get_string, 0, MPRIS_EMITS),
    SD_BUS_WRITABLE_PROPERTY("Rate", "d", mpris_get_double, mpris_set_rate,
                             0, MPRIS_EMITS),
    SD_BUS_PROPERTY("Metadata", "a{sv}", mpris_get_metadata, 0, MPRIS_EMITS),
    SD_BUS_WRITABLE_PROPERTY("Volume", "d", mpris_get_double,
                             mpris_set_volume, 0, MPRIS_EMITS),
    /* Not signalled (the specification): clients ask for it. */
    SD_BUS_PROPERTY("Position", "x", mpris_get_position, 0, 0),
    SD_BUS_PROPERTY("MinimumRate", "d", mpris_get_double, 0, MPRIS_EMITS),
    SD_BUS_PROPERTY("MaximumRate", "d", mpris_get_double, 0, MPRIS_EMITS),
    SD_BUS_PROPERTY("CanGoNext", "b", mpris_get_bool, 0, MPRIS_EMITS),
    SD_BUS_PROPERTY("CanGoPrevious", "b", mpris_get_bool, 0, MPRIS_EMITS),
    SD_BUS_PROPERTY("CanPlay", "b", mpris_get_bool, 0, MPRIS_EMITS),
    SD_BUS_PROPERTY("CanPause", "b", mpris_get_bool, 0, MPRIS_EMITS),
    SD_BUS_PROPERTY("CanSeek", "b", mpris_get_bool, 0, MPRIS_EMITS),
    SD_BUS_PROPERTY("CanControl", "b", mpris_get_bool, 0, MPRIS_CONST),
    SD_BUS_VTABLE_END,
};

/* ---- the name ---- */

static int mpris_name_reply(sd_bus_message *reply, void *userdata,
                            sd_bus_error *e);

/* Ask for name without waiting: the answer comes to mpris_name_reply. */
static void mpris_request_name(struct mpris *m, char *name)
{
    int r;

    free(m->wanted);
    m->wanted = name;
    r = sd_bus_request_name_async(m->bus, NULL, name, 0, mpris_name_reply, m);
    if (r < 0)
        mpris_fail(m, "MPRIS is off: cannot ask the session bus for the "
                   "name %s: %s", name, mpris_strerror(r));
}

/* The bus's answer to RequestName: the name is ours, or taken (then the
 * instance name is asked for), or refused. */
static int mpris_name_reply(sd_bus_message *reply, void *userdata,
                            sd_bus_error *e)
{
    struct mpris *m = userdata;
    const sd_bus_error *error = sd_bus_message_get_error(reply);
    uint32_t answer = 0;

    (void)e;
    if (error && sd_bus_is_open(m->bus) <= 0) {
        mpris_fail(m, "MPRIS is off: the session bus connection ended "
                   "before it gave the name %s", m->wanted);
        return 0;
    }
    if (error) {
        /* The bus's own words, made printable. */
        char *why = utf8_clean(error->message ? error->message
                                              : error->name);

        mpris_fail(m, "MPRIS is off: the session bus refused the name %s: "
                   "%s", m->wanted, why);
        free(why);
        return 0;
    }
    if (sd_bus_message_read(reply, "u", &answer) < 0)
        answer = 0;
    switch (answer) {
    case MPRIS_NAME_PRIMARY_OWNER:
    case MPRIS_NAME_ALREADY_OWNER:
        m->name = m->wanted;
        m->wanted = NULL;
        break;
    case MPRIS_NAME_EXISTS:
    case MPRIS_NAME_IN_QUEUE:
        /* Another player is tplay on the bus: this one takes the
         * specification's per-instance name. */
        if (!strcmp(m->wanted, MPRIS_NAME))
            mpris_request_name(m, xasprintf(MPRIS_NAME ".instance%ld",
                                            (long)getpid()));
        else
            mpris_fail(m, "MPRIS is off: the name %s is taken", m->wanted);
        break;
    default:
        mpris_fail(m, "MPRIS is off: the session bus answered %" PRIu32
                   " to the request for %s", answer, m->wanted);
        break;
    }
    return 0;
}

/* ---- the public face ---- */

/* Whether sd_bus_open_user's r means there is no session bus at all, as
 * on a console login or in a container (no $XDG_RUNTIME_DIR, no socket
 * there, nobody listening on it). */
static bool mpris_no_bus(int r)
{
    return r == -ENOMEDIUM || r == -ENOENT || r == -ECONNREFUSED ||
           r == -ENOTDIR;
}

struct mpris *mpris_create(const struct mpris_ops *ops, void *ctx, char **err)
{
    struct mpris *m;
    sd_bus *bus = NULL;
    int r;

    *err = NULL;
    r = sd_bus_open_user(&bus);
    if (r < 0) {
        if (!mpris_no_bus(r)) {
            const char *addr = getenv("DBUS_SESSION_BUS_ADDRESS");
            char *where = addr ? utf8_clean(addr) : NULL;

            *err = xasprintf("MPRIS is off: cannot connect to the session "
                             "bus%s%s%s: %s", where ? " at " : "",
                             where ? where : "",
                             where ? " (DBUS_SESSION_BUS_ADDRESS)" : "",
                             mpris_strerror(r));
            free(where);
        }
        return NULL;
    }
    m = xcalloc(1, sizeof(*m));
    m->bus = bus;
    m->ops = ops;
    m->ctx = ctx;
    m->entry = -1;
    mpris_set_trackid(m);
    m->rate = m->min_rate = m->max_rate = 1.0;
    m->position_at = mpris_now_us();
    r = sd_bus_add_object_vtable(bus, NULL, MPRIS_PATH, MPRIS_ROOT,
                                 mpris_root_vtable, m);
    if (r >= 0)
        r = sd_bus_add_object_vtable(bus, NULL, MPRIS_PATH, MPRIS_PLAYER,
                                     mpris_player_vtable, m);
    if (r < 0) {
        *err = xasprintf("MPRIS is off: cannot put %s on the session bus: "
                         "%s", MPRIS_PATH, mpris_strerror(r));
        mpris_destroy(m);
        return NULL;
    }
    mpris_request_name(m, xstrdup(MPRIS_NAME));
    if (m->failure) {
        *err = m->failure;
        m->failure = NULL;
        mpris_destroy(m);
        return NULL;
    }
    return m;
}

/* Free t's strings; it reads "not known" after. */
static void mpris_text_free(struct mpris_text *t)
{
    free(t->raw);
    free(t->sent);
    t->raw = t->sent = NULL;
}

void mpris_destroy(struct mpris *m)
{
    if (!m)
        return;
    /* No flush: a bus that does not read must not hold tplay's exit up.
     * Closing the connection gives the name up. */
    sd_bus_close_unref(m->bus);
    free(m->wanted);
    free(m->name);
    free(m->failure);
    mpris_text_free(&m->title);
    mpris_text_free(&m->url);
    mpris_text_free(&m->artist);
    mpris_text_free(&m->album);
    free(m);
}

int mpris_fd(const struct mpris *m)
{
    return m->bus && !m->failure ? sd_bus_get_fd(m->bus) : -1;
}

short mpris_events(const struct mpris *m)
{
    int r = m->bus && !m->failure ? sd_bus_get_events(m->bus) : 0;

    return r > 0 ? (short)r : 0;
}

int mpris_timeout_ms(const struct mpris *m)
{
    uint64_t at, now;

    if (m->failure)
        return 0;
    if (!m->bus || sd_bus_get_timeout(m->bus, &at) <= 0 || at == UINT64_MAX)
        return -1;
    now = (uint64_t)mpris_now_us();
    if (at <= now)
        return 0;
    /* Rounded up: waking a little early would only spin. */
    return (at - now + 999) / 1000 > INT_MAX ? INT_MAX
                                              : (int)((at - now + 999) / 1000);
}

void mpris_service(struct mpris *m)
{
    for (int i = 0; m->bus && !m->failure && i < MPRIS_SERVICE_BATCH; i++) {
        int r = sd_bus_process(m->bus, NULL);

        if (r < 0)
            mpris_fail(m, "MPRIS is off: the session bus connection ended: "
                       "%s", mpris_strerror(r));
        if (r <= 0)
            break;
    }
    if (m->failure) {
        char *why = m->failure;

        m->bus = sd_bus_close_unref(m->bus);
        free(m->name);
        m->name = NULL;
        m->failure = NULL;
        if (m->ops->failed)
            m->ops->failed(m->ctx, why);
        free(why);
    }
}

/* Take s (untrusted, NULL or "": not known) into t; true when it changed.
 * url: s is a path or URI, sent as a URI. */
static bool mpris_text_set(struct mpris_text *t, const char *s, bool url)
{
    if (s && !*s)
        s = NULL;
    if (!s ? !t->raw : t->raw && !strcmp(s, t->raw))
        return false;
    mpris_text_free(t);
    if (s) {
        t->raw = xstrdup(s);
        t->sent = url ? uri_from_name(s, NULL) : utf8_clean(s);
        if (!*t->sent) { /* nothing left once cleaned */
            free(t->sent);
            t->sent = NULL;
        }
    }
    return true;
}

/* A number as the bus gets it: NaN and below min become fallback. */
static double mpris_sane(double v, double min, double fallback)
{
    return isnan(v) || v < min ? fallback : v;
}

void mpris_update(struct mpris *m, const struct mpris_state *st)
{
    const char *changed[16];
    size_t n = 0;
    bool meta = false;
    double min_rate, max_rate, rate, duration, position;
    long entry = st->entry < 0 ? -1 : st->entry;
    int r;

    if (!m->bus || m->failure)
        return;
    /* Reported speeds that make no sense become "1.0 only". */
    min_rate = mpris_sane(st->min_rate, 1e-9, 1.0);
    max_rate = mpris_sane(st->max_rate, min_rate, min_rate);
    rate = fmin(fmax(mpris_sane(st->rate, 1e-9, 1.0), min_rate), max_rate);
    duration = mpris_sane(st->duration, 1e-9, -1);
    position = mpris_sane(st->position, 0, 0);

#define MPRIS_CHANGE(field, value, property)                                 \
    do {                                                                     \
        if (m->field != (value)) {                                           \
            m->field = (value);                                              \
            changed[n++] = (property);                                       \
        }                                                                    \
    } while (0)
    MPRIS_CHANGE(status, st->status == MPRIS_PLAYING ? MPRIS_PLAYING
                         : st->status == MPRIS_PAUSED ? MPRIS_PAUSED
                                                      : MPRIS_STOPPED,
                 "PlaybackStatus");
    MPRIS_CHANGE(volume, mpris_sane(st->volume, 0, 0), "Volume");
    MPRIS_CHANGE(rate, rate, "Rate");
    MPRIS_CHANGE(min_rate, min_rate, "MinimumRate");
    MPRIS_CHANGE(max_rate, max_rate, "MaximumRate");
    MPRIS_CHANGE(can_next, st->can_next, "CanGoNext");
    MPRIS_CHANGE(can_prev, st->can_prev, "CanGoPrevious");
#undef MPRIS_CHANGE
    if ((m->entry >= 0) != (entry >= 0)) {
        changed[n++] = "CanPlay";
        changed[n++] = "CanPause";
    }
    if ((m->entry >= 0 && m->can_seek) != (entry >= 0 && st->can_seek))
        changed[n++] = "CanSeek";
    m->can_seek = st->can_seek;
    if (m->entry != entry) {
        m->entry = entry;
        mpris_set_trackid(m);
        meta = true;
    }
    if (mpris_us(m->duration) != mpris_us(duration))
        meta = true;
    m->duration = duration;
    meta |= mpris_text_set(&m->title, st->title, false);
    meta |= mpris_text_set(&m->url, st->url, true);
    meta |= mpris_text_set(&m->artist, st->artist, false);
    meta |= mpris_text_set(&m->album, st->album, false);
    if (meta)
        changed[n++] = "Metadata";
    m->position = position;
    m->position_at = mpris_now_us();
    if (!n)
        return;
    changed[n] = NULL;
    /* sd-bus takes a char ** but only reads it. */
    r = sd_bus_emit_properties_changed_strv(m->bus, MPRIS_PATH, MPRIS_PLAYER,
                                            (char **)changed);
    if (r < 0)
        mpris_fail(m, "MPRIS is off: cannot signal a change on the session "
                   "bus: %s", mpris_strerror(r));
}

void mpris_seeked(struct mpris *m, double position)
{
    int r;

    if (!m->bus || m->failure)
        return;
    m->position = mpris_sane(position, 0, 0);
    m->position_at = mpris_now_us();
    r = sd_bus_emit_signal(m->bus, MPRIS_PATH, MPRIS_PLAYER, "Seeked", "x",
                           mpris_us(m->position));
    if (r < 0)
        mpris_fail(m, "MPRIS is off: cannot signal a seek on the session "
                   "bus: %s", mpris_strerror(r));
}

const char *mpris_bus_name(const struct mpris *m)
{
    return m->bus && !m->failure ? m->name : NULL;
}
