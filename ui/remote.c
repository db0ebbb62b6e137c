/* remote.c - MPRIS requests as the session's actions, its state as MPRIS
 * properties. */
#include "remote.h"

#include "mpris.h"
#include "player.h"
#include "warn.h"

#include <stdlib.h>

/* The film the bus may act on, or NULL. */
static struct player *remote_film(void *ctx)
{
    struct session *s = ctx;

    return s->player && s->loaded ? s->player : NULL;
}

static void remote_play_pause(void *ctx)
{
    struct player *p = remote_film(ctx);

    if (p)
        player_play_or_pause(p);
}

static void remote_play(void *ctx)
{
    struct player *p = remote_film(ctx);

    if (p && (player_status(p)->paused || player_status(p)->ended))
        player_play_or_pause(p); /* at the end: again from the start */
}

static void remote_pause(void *ctx)
{
    struct player *p = remote_film(ctx);

    if (p)
        player_set_pause(p, true);
}

/* MPRIS's Stop: paused at the start, as a player that keeps its file
 * open can stop; said "Stopped" until it plays again. */
static void remote_stop_playing(void *ctx)
{
    struct player *p = remote_film(ctx);

    if (p) {
        ((struct session *)ctx)->stop_asked = true;
        player_set_pause(p, true);
        player_seek_mode(p, 0, PLAYER_SEEK_ABSOLUTE, PLAYER_SEEK_EXACT);
    }
}

static void remote_next(void *ctx)
{
    ((struct session *)ctx)->step = 1;
}

static void remote_previous(void *ctx)
{
    ((struct session *)ctx)->step = -1;
}

static void remote_seek(void *ctx, int64_t offset_us)
{
    struct player *p = remote_film(ctx);

    if (p)
        player_seek_mode(p, (double)offset_us / 1e6, PLAYER_SEEK_RELATIVE,
                         PLAYER_SEEK_EXACT);
}

static void remote_set_position(void *ctx, int64_t position_us)
{
    struct player *p = remote_film(ctx);

    if (p)
        player_seek_mode(p, (double)position_us / 1e6, PLAYER_SEEK_ABSOLUTE,
                         PLAYER_SEEK_EXACT);
}

static void remote_set_volume(void *ctx, double volume)
{
    struct player *p = remote_film(ctx);

    if (p)
        player_add_volume(p, volume * 100 - player_status(p)->volume);
}

static void remote_set_rate(void *ctx, double rate)
{
    struct player *p = remote_film(ctx);

    if (p)
        player_set_speed(p, rate);
}

static void remote_quit(void *ctx)
{
    ((struct session *)ctx)->quit = true;
}

static void remote_failed(void *ctx, const char *message)
{
    (void)ctx;
    warn_log(message);
}

static const struct mpris_ops remote_ops = {
    remote_play_pause, remote_play, remote_pause, remote_stop_playing,
    remote_next, remote_previous, remote_seek, remote_set_position,
    remote_set_volume, remote_set_rate, remote_quit, remote_failed,
};

void remote_start(struct session *s)
{
    char *err = NULL;

    s->mpris = mpris_create(&remote_ops, s, &err);
    if (err) {
        warn_log(err);
        free(err);
    }
}

void remote_poll(const struct session *s, struct pollfd *pfd, int *timeout)
{
    int t;

    *pfd = (struct pollfd){ -1, 0, 0 };
    if (!s->mpris)
        return;
    *pfd = (struct pollfd){ mpris_fd(s->mpris), mpris_events(s->mpris), 0 };
    t = mpris_timeout_ms(s->mpris);
    if (t >= 0 && (*timeout < 0 || t < *timeout))
        *timeout = t;
}

/* What plays now, for the bus. */
static void remote_state(const struct session *s, struct mpris_state *st)
{
    const struct player_status *ps = s->player ? player_status(s->player)
                                               : NULL;
    size_t n = s->playlist.count;
    bool loop = s->cli->loop_playlist;

    *st = (struct mpris_state){ .status = MPRIS_STOPPED, .entry = -1,
                                .rate = 1, .min_rate = 1, .max_rate = 1 };
    if (!ps || !s->loaded)
        return;
    st->status = ps->ended || (ps->paused && s->stopped) ? MPRIS_STOPPED
                 : ps->paused ? MPRIS_PAUSED : MPRIS_PLAYING;
    st->entry = (long)s->current;
    st->position = ps->position;
    st->duration = ps->duration;
    st->volume = ps->volume / 100;
    st->rate = ps->speed;
    st->min_rate = PLAYER_SPEED_MIN;
    st->max_rate = PLAYER_SPEED_MAX;
    st->title = s->title;
    st->url = s->file;
    st->artist = s->artist;
    st->album = s->album;
    st->can_next = n > 1 && (s->current + 1 < n || loop);
    st->can_prev = n > 1 && (s->current > 0 || loop);
    st->can_seek = ps->seekable;
}

void remote_service(struct session *s)
{
    struct mpris_state st;

    if (!s->mpris)
        return;
    mpris_service(s->mpris);
    if (s->player && s->loaded) { /* Stop's pause seen, then a play */
        bool paused = player_status(s->player)->paused;

        if (s->stop_asked && paused)
            s->stop_asked = false, s->stopped = true;
        else if (s->stopped && !paused)
            s->stopped = false;
    }
    remote_state(s, &st);
    mpris_update(s->mpris, &st);
    if (s->seeked && s->player) {
        mpris_seeked(s->mpris, player_status(s->player)->position);
        s->seeked = false;
    }
}

void remote_stop(struct session *s)
{
    mpris_destroy(s->mpris);
    s->mpris = NULL;
}
