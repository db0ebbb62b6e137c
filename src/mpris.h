/* mpris.h - tplay on the D-Bus session bus as an MPRIS 2 media player
 * (org.mpris.MediaPlayer2 and org.mpris.MediaPlayer2.Player, through
 * sd-bus), so that media keys, desktop widgets and playerctl can see and
 * drive it.  It runs inside the caller's poll() loop: no thread, and no
 * callback but from mpris_service.
 *
 * The loop, once per turn:
 *
 *     struct pollfd pfd = { mpris_fd(m), mpris_events(m), 0 };
 *     int t = min(other timeouts, mpris_timeout_ms(m));  (-1: none)
 *     poll(..., &pfd, ..., t);
 *     mpris_service(m);          (whether or not pfd.revents is set)
 *     mpris_update(m, &state);   (what the player reports now)
 *
 * mpris_fd, mpris_events and mpris_timeout_ms must be read again before
 * every poll(): what mpris_update and mpris_service queue changes them.
 * Not thread-safe: every call from the one thread that runs the loop. */
#ifndef TPLAY_MPRIS_H
#define TPLAY_MPRIS_H

#include <stdbool.h>
#include <stdint.h>

struct mpris;

enum mpris_status {
    MPRIS_STOPPED,
    MPRIS_PLAYING,
    MPRIS_PAUSED,
};

/* What the player reports.  The strings are untrusted (any bytes: they come
 * from media files) and are copied: mpris makes them valid UTF-8 with no
 * control characters before they leave over D-Bus. */
struct mpris_state {
    enum mpris_status status;
    long entry;           /* the playlist entry that is current: a number
                             unique among the playlist's entries (its index
                             will do while the list keeps its order), which
                             names it on the bus (mpris:trackid); -1: none
                             (no metadata; Play, Pause and seeks refused) */
    double position;      /* seconds into the entry; < 0 or NaN: 0 */
    double duration;      /* seconds; <= 0 or NaN: unknown (a stream) */
    double volume;        /* 1.0 = 100 %; < 0 or NaN: 0 */
    double rate;          /* playback speed, 1.0 = normal, kept within: */
    double min_rate;      /* the slowest and fastest speeds the player */
    double max_rate;      /* takes (<= 0 or NaN: 1.0, no other speed) */
    const char *title;    /* NULL or "": not known (the same for all four) */
    const char *url;      /* a local path (made a file:// URI against the
                             current directory) or a URI */
    const char *artist;
    const char *album;
    bool can_next;        /* a Next or Previous would move */
    bool can_prev;
    bool can_seek;        /* the entry can seek (not a pipe, not live) */
};

/* What a client asks for, handed to the player.  Every callback but failed
 * must be set; each is called only from within mpris_service, and none may
 * call mpris_destroy (note the request, act on it after mpris_service
 * returns).  They may call mpris_update and mpris_seeked.  A request the
 * state rules out (Next without can_next, a seek without can_seek or with
 * no entry, SetPosition for another entry or past the end) never reaches
 * them, as the MPRIS specification wants. */
struct mpris_ops {
    void (*play_pause)(void *ctx); /* pause when playing, else play (from a
                                      stop: from the start) */
    void (*play)(void *ctx);       /* play; from a stop: from the start */
    void (*pause)(void *ctx);
    void (*stop)(void *ctx);
    void (*next)(void *ctx);
    void (*previous)(void *ctx);
    void (*seek)(void *ctx, int64_t offset_us);  /* relative, either way;
                                                    never before the start */
    void (*set_position)(void *ctx, int64_t position_us); /* absolute, within
                                                             the entry */
    void (*set_volume)(void *ctx, double volume);  /* >= 0, 1.0 = 100 %: the
                                                      player clamps it to
                                                      its own maximum */
    void (*set_rate)(void *ctx, double rate);      /* within min_rate and
                                                      max_rate */
    void (*quit)(void *ctx);
    /* MPRIS stopped working after mpris_create succeeded (the bus went
     * away, neither name could be owned): message (printable as it is)
     * is for a quiet log line, not an alarm.  From then on mpris is inert
     * (fd -1, updates ignored) until mpris_destroy.  NULL: not told. */
    void (*failed)(void *ctx, const char *message);
};

/*
 * Connect to the session bus, put the MPRIS objects on it and ask for the
 * name org.mpris.MediaPlayer2.tplay (or org.mpris.MediaPlayer2.tplay.
 * instance<PID> when another player holds it: the answer comes in
 * mpris_service, see mpris_bus_name).  ops must outlive the mpris; ctx is
 * handed to every callback.  Never blocks on the bus.
 *
 * Returns NULL with *err left NULL when there is no session bus (neither
 * DBUS_SESSION_BUS_ADDRESS nor $XDG_RUNTIME_DIR/bus leads to one: a console
 * login, a container), which is normal and worth no message; NULL with a
 * message in *err (caller frees; printable as it is) when a bus is there
 * but cannot be used: a line for the log, not for the screen.
 */
struct mpris *mpris_create(const struct mpris_ops *ops, void *ctx, char **err);

/* Close the connection (which gives the name up) and free everything.
 * NULL is fine.  Not from within a callback. */
void mpris_destroy(struct mpris *m);

/* The descriptor to poll, or -1 once mpris is inert (poll() skips a
 * negative descriptor). */
int mpris_fd(const struct mpris *m);

/* The poll() events to wait for on mpris_fd now: POLLIN, and POLLOUT
 * while messages wait to be written. */
short mpris_events(const struct mpris *m);

/* The longest poll() may sleep for mpris, in milliseconds: -1 (no limit),
 * 0 (call mpris_service now: messages were read and wait, or a failure
 * waits to be reported), or until a deadline of sd-bus's. */
int mpris_timeout_ms(const struct mpris *m);

/* Read, answer and write what is pending on the bus, calling the ops for
 * clients' requests.  Never blocks; does a bounded amount of work (then
 * mpris_timeout_ms is 0 if more waits), so a flood of requests cannot
 * starve the rest of the loop. */
void mpris_service(struct mpris *m);

/* Tell the bus what the player reports now.  Cheap when nothing changed:
 * call it every loop turn or on every player event.  Clients are sent
 * PropertiesChanged for exactly the properties that changed (the position
 * is not one: clients read Position, which runs on from the last position
 * reported at rate while playing). */
void mpris_update(struct mpris *m, const struct mpris_state *st);

/* The position jumped to position seconds (a seek, a restart of the entry;
 * not a change of entry): clients are sent Seeked.  Call it once the seek
 * is done, whoever asked for it. */
void mpris_seeked(struct mpris *m, double position);

/* The name owned on the bus ("org.mpris.MediaPlayer2.tplay" or its
 * ".instance<PID>" form), or NULL while the answer is awaited, or when
 * inert. */
const char *mpris_bus_name(const struct mpris *m);

#endif
