/* play.c - one file on the terminal: the loop that ties libmpv's events,
 * the picture, the mixer, the keyboard and the signals together.  Nothing
 * here waits on libmpv: every command is asynchronous. */
#include "play.h"

#include "fatal.h"
#include "heard.h"
#include "layout.h"
#include "log.h"
#include "media.h"
#include "mic.h"
#include "mix.h"
#include "monitor.h"
#include "pane.h"
#include "player.h"
#include "relay.h"
#include "screen.h"
#include "sig.h"
#include "source.h"
#include "strbuf.h"
#include "term.h"
#include "text.h"
#include "trace.h"
#include "video.h"
#include "warn.h"
#include "xmem.h"

#include <curses.h>
#include <errno.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define PLAY_MAX_MESSAGES 64  /* kept for the screen; the log has all */
#define PLAY_MESSAGE_MS 8000  /* how long a message stays on the screen */
#define PLAY_UNSHOWN LLONG_MAX /* a message's until_ms before it is drawn */
#define PLAY_MESSAGE_ROWS 3   /* at most so many messages at once */
#define PLAY_SEEK_SHORT 5.0
#define PLAY_SEEK_LONG 60.0
#define PLAY_VOLUME_STEP 2.0  /* as mpv's 9 and 0 */
#define PLAY_DIGIT_TRACKS 8   /* 1-8 toggle tracks; 9 and 0 are volume */
#define PLAY_METER_MS 100     /* the mic's meters are redrawn this often */
#define PLAY_KEYS_PER_TURN 64 /* keys handled before the rest of the loop */

struct play_message {
    char *text;
    long long until_ms;
};

/* What of the player's status the screen shows: time-pos changes with
 * every frame, the screen only with every second. */
struct play_shown {
    long position, duration;
    int volume;
    bool muted, paused, ended, has_ao;
    int64_t audio_id;
};

/* The whole state of a playing session. */
struct play {
    const struct cli *cli;
    const struct config *cfg;
    const char *file;          /* NULL: the mic monitor alone */
    char *load;                /* what libmpv loads for file */
    struct relay *relay;       /* standard input's, on its way to libmpv */
    struct player *player;
    struct video *video;
    struct mix *mix;
    struct pane *pane;
    struct monitor *monitor;
    enum monitor_state mic_state; /* as laid out */
    long long meters_ms;          /* when the meters were last drawn */
    enum video_colors colors;
    struct track_list tracks;
    size_t selected;
    struct play_message messages[PLAY_MAX_MESSAGES];
    size_t nmessages;
    struct layout layout;
    int lines, cols, video_w, video_h;
    size_t showing;            /* messages on the screen */
    struct play_shown shown;   /* the status the screen shows */
    struct layout_rect pane_at;  /* where the pane was last placed */
    bool quit, dirty, help, relayout, repaint;
    bool history;              /* the message history overlay is up */
    bool started;              /* playback started once: the audio output
                                  was tried */
    bool mix_unavailable;      /* the mix could not start */
    char *no_sound_why;        /* libmpv's word on the audio output, if any */
    bool pane_moved;           /* placed anew: its picture drawn again */
    bool keys_waiting;         /* the last turn left keys unread */
};

static long long play_now_ms(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Show msg on the status line for a while, keep it for the history (L),
 * and write it to the log. */
static void play_message(struct play *a, const char *msg)
{
    if (a->nmessages == PLAY_MAX_MESSAGES) {
        free(a->messages[0].text);
        memmove(a->messages, a->messages + 1,
                (PLAY_MAX_MESSAGES - 1) * sizeof a->messages[0]);
        a->nmessages--;
    }
    a->messages[a->nmessages++] = (struct play_message){ xstrdup(msg),
                                                         PLAY_UNSHOWN };
    warn_log(msg);
    a->relayout = true; /* it may take more rows than the one it replaces */
}

/* The messages still showing (at most PLAY_MESSAGE_ROWS, oldest first)
 * into out, if not NULL; returns how many. */
static size_t play_showing(const struct play *a, const char **out)
{
    long long now = play_now_ms();
    size_t n = 0, first = a->nmessages;

    while (first > 0 && n < PLAY_MESSAGE_ROWS &&
           a->messages[first - 1].until_ms > now) {
        first--;
        n++;
    }
    for (size_t i = 0; out && i < n; i++)
        out[i] = a->messages[first + i].text;
    return n;
}

/* The n newest messages are on the screen now: their time there starts
 * with the first drawing, so those that came before the screen was up
 * (the config's problems, under a slow start) still get all of it. */
static void play_messages_drawn(struct play *a, size_t n)
{
    long long until = play_now_ms() + PLAY_MESSAGE_MS;

    for (size_t i = a->nmessages - n; i < a->nmessages; i++)
        if (a->messages[i].until_ms == PLAY_UNSHOWN)
            a->messages[i].until_ms = until;
}

/* The screen rows the messages still showing take, wrapped at cols. */
static int play_message_rows(const struct play *a, int cols)
{
    const char *msgs[PLAY_MESSAGE_ROWS];
    size_t n = play_showing(a, msgs);
    int rows = 0;

    for (size_t i = 0; i < n; i++) {
        struct strbuf sb = STRBUF_INIT;

        rows += text_wrap(&sb, msgs[i], cols);
        strbuf_free(&sb);
    }
    return rows;
}

/* Send the enabled set to the mixer. */
static void play_apply_mix(struct play *a, const char *why)
{
    bool *on;
    char *err = NULL;

    if (!a->mix || a->tracks.count == 0)
        return;
    on = xcalloc(a->tracks.count, sizeof *on);
    for (size_t i = 0; i < a->tracks.count; i++)
        on[i] = a->tracks.tracks[i].enabled;
    if (mix_set(a->mix, on, &err) < 0) {
        play_message(a, err);
        free(err);
    }
    free(on);
    trace_log("toggle %s weights=%s pos=%.3f", why, mix_weights(a->mix),
              player_status(a->player)->position);
    a->dirty = true;
}

static void play_toggle(struct play *a, size_t i)
{
    if (i >= a->tracks.count)
        return;
    a->tracks.tracks[i].enabled = !a->tracks.tracks[i].enabled;
    play_apply_mix(a, "toggle");
}

/* Only track i enabled (i past the end: none). */
static void play_solo(struct play *a, size_t i, const char *why)
{
    for (size_t k = 0; k < a->tracks.count; k++)
        a->tracks.tracks[k].enabled = k == i;
    play_apply_mix(a, why);
}

/* mpv's "#": the track after the last enabled one, alone; after the last
 * track, none; after none, the first. */
static void play_cycle(struct play *a)
{
    size_t next = 0;

    for (size_t k = 0; k < a->tracks.count; k++)
        if (a->tracks.tracks[k].enabled)
            next = k + 1;
    play_solo(a, next, "cycle");
}

static void play_seek(struct play *a, double secs, bool absolute)
{
    trace_log("seek %s%.3f pos=%.3f", absolute ? "to " : "", secs,
              player_status(a->player)->position);
    player_seek(a->player, secs, absolute);
}

/* M, and the monitor's own keys while it shows. */
static bool play_mic_key(struct play *a, int key)
{
    char *err;

    if (key == 'M') {
        err = monitor_toggle(a->monitor);
        if (err) {
            play_message(a, err);
            free(err);
        }
        a->relayout = true;
        return true;
    }
    if (!a->file || a->mic_state != MONITOR_OFF)
        return monitor_key(a->monitor, key);
    return false;
}

/* The keys that work without a film: quit, help, messages, resize. */
static bool play_film_key(int key)
{
    return key != 'q' && key != 'Q' && key != '?' && key != 'L' &&
           key != KEY_RESIZE;
}

static void play_key(struct play *a, int key)
{
    /* Any key closes the help or the history. */
    if ((a->help || a->history) && key != KEY_RESIZE) {
        a->help = a->history = false;
        a->relayout = true;
        if (key != 'q' && key != 'Q')
            return;
    }
    if (play_mic_key(a, key)) {
        a->dirty = true;
        return;
    }
    if (!a->player && play_film_key(key))
        return;
    switch (key) {
    case 'q': case 'Q':
        a->quit = true;
        break;
    case ' ': case 'p':
        player_play_or_pause(a->player);
        break;
    case KEY_LEFT:
        play_seek(a, -PLAY_SEEK_SHORT, false);
        break;
    case KEY_RIGHT:
        play_seek(a, PLAY_SEEK_SHORT, false);
        break;
    case KEY_PPAGE:
        play_seek(a, -PLAY_SEEK_LONG, false);
        break;
    case KEY_NPAGE:
        play_seek(a, PLAY_SEEK_LONG, false);
        break;
    case KEY_HOME:
        play_seek(a, 0, true);
        break;
    case 'j': case KEY_DOWN:
        if (a->selected + 1 < a->tracks.count)
            a->selected++;
        break;
    case 'k': case KEY_UP:
        if (a->selected > 0)
            a->selected--;
        break;
    case 'g':
        a->selected = 0;
        break;
    case 'G':
        if (a->tracks.count > 0)
            a->selected = a->tracks.count - 1;
        break;
    case '\r': case '\n': case KEY_ENTER: case 't':
        play_toggle(a, a->selected);
        break;
    case '#':
        play_cycle(a);
        break;
    case 's':
        if (a->selected < a->tracks.count)
            play_solo(a, a->selected, "solo");
        break;
    case '9': case '-': case '/':
        player_add_volume(a->player, -PLAY_VOLUME_STEP);
        break;
    case '0': case '+': case '=': case '*':
        player_add_volume(a->player, PLAY_VOLUME_STEP);
        break;
    case 'm':
        player_toggle_mute(a->player);
        break;
    case '?':
        /* The picture stops and its area is cleared: curses believes it
         * blank, so the box's own blanks would not hide it otherwise. */
        a->help = true;
        a->relayout = true;
        break;
    case 'L': /* as the help: the picture stops under it */
        a->history = true;
        a->relayout = true;
        break;
    case KEY_RESIZE: /* what the terminal shows is unknown: all again */
        a->relayout = a->repaint = true;
        break;
    default:
        if (key >= '1' && key < '1' + PLAY_DIGIT_TRACKS) {
            play_toggle(a, (size_t)(key - '1'));
            break;
        }
        return;
    }
    a->dirty = true;
}

/* Mark the screen dirty when what it shows of st changed. */
static void play_status_changed(struct play *a, const struct player_status *st)
{
    struct play_shown now = {
        (long)st->position, (long)st->duration, (int)(st->volume + 0.5),
        st->muted, st->paused, st->ended, st->has_ao, st->audio_id,
    };

    /* Field by field: padding bytes are not compared. */
    if (now.position != a->shown.position ||
        now.duration != a->shown.duration || now.volume != a->shown.volume ||
        now.muted != a->shown.muted || now.paused != a->shown.paused ||
        now.ended != a->shown.ended || now.has_ao != a->shown.has_ao ||
        now.audio_id != a->shown.audio_id) {
        a->shown = now;
        a->dirty = true;
    }
}

static void play_player_events(struct play *a)
{
    struct player_event ev;

    while (a->player &&
           (ev = player_next_event(a->player)).type != PLAYER_EVENT_NONE) {
        const struct player_status *st = player_status(a->player);

        switch (ev.type) {
        case PLAYER_EVENT_LOG:
            /* libmpv's warnings are mostly about the file's health ("A/V
             * desync", "broken index"): the log keeps them, the screen
             * shows errors. */
            if (ev.error)
                play_message(a, ev.message);
            else
                warn_log(ev.message);
            /* The audio output's failure, in player.c's words: said again
             * on exit while there is no sound. */
            if (strncmp(ev.message, "no sound:", 9) == 0) {
                free(a->no_sound_why);
                a->no_sound_why = xstrdup(ev.message);
            }
            break;
        case PLAYER_EVENT_FAILED:
            play_message(a, ev.message);
            break;
        case PLAYER_EVENT_SHUTDOWN:
            a->quit = true;
            break;
        case PLAYER_EVENT_RESTART:
            trace_log("restart pos=%.3f", st->position);
            a->started = true;
            if (a->mix)
                mix_reset(a->mix);
            a->dirty = true;
            break;
        default:
            if (st->video_w != a->video_w || st->video_h != a->video_h) {
                a->video_w = st->video_w;
                a->video_h = st->video_h;
                a->relayout = true;
            }
            play_status_changed(a, st);
            break;
        }
    }
}

static void play_signal(struct play *a, int signo)
{
    switch (signo) {
    case SIGINT:
    case SIGTERM:
    case SIGHUP:
        a->quit = true;
        break;
    case SIGTSTP:
        term_suspend();
        sig_suspend();
        term_resume();
        a->repaint = a->dirty = true;
        break;
    case SIGCONT:
        term_resume();
        a->repaint = a->dirty = true;
        break;
    case SIGWINCH:
        term_resize();
        a->relayout = a->repaint = true;
        break;
    default:
        break;
    }
}

/* Put the pane at r.  curses believes the cells the pane leaves blank,
 * so it would never overwrite the picture left there: its rows are
 * rewritten in place at the next update (never the whole screen cleared,
 * which flashes), and the picture is drawn again over what curses wrote. */
static void play_place_pane(struct play *a, struct layout_rect r)
{
    struct layout_rect was = a->pane_at;

    if (!a->pane || (was.y == r.y && was.x == r.x && was.rows == r.rows &&
                     was.cols == r.cols))
        return;
    if (was.rows > 0 && was.cols > 0)
        wredrawln(stdscr, was.y, was.rows);
    pane_place(a->pane, r.y, r.x, r.rows, r.cols);
    a->pane_at = r;
    a->pane_moved = true;
}

/* Recompute where everything goes after a resize, a new picture size, or
 * a message that came or went. */
static void play_relayout(struct play *a)
{
    /* With --no-video or [video] mode = off libmpv reports no picture. */
    bool has_video = a->video_w > 0;
    const struct layout_rect *v = &a->layout.video;

    a->lines = LINES;
    a->cols = COLS;
    a->showing = play_showing(a, NULL);
    a->mic_state = monitor_state(a->monitor);
    /* Alone, the monitor takes the screen; under a film, its rows while
     * it runs. */
    layout_compute(&a->layout, LINES, COLS, a->tracks.count,
                   play_message_rows(a, COLS), !a->file ? LINES
                   : a->mic_state != MONITOR_OFF ? SCREEN_MIC_ROWS : 0,
                   has_video, a->video_w, a->video_h);
    bool overlay = a->help || a->history;

    /* Under an overlay nothing is converted or drawn. */
    if (a->video)
        video_set_size(a->video, overlay ? 0 : v->cols, overlay ? 0 : v->rows);
    play_place_pane(a, overlay ? (struct layout_rect){ v->y, v->x, 0, 0 }
                               : *v);
    a->relayout = false;
    a->dirty = true;
}

/* No audio output while a file with audio plays: libmpv tried one (the
 * playback started) and none is open. */
static bool play_no_sound(const struct play *a)
{
    return a->player && a->started && a->tracks.count > 0 &&
           !player_status(a->player)->has_ao;
}

/* Nothing of the film reaches the user: no picture (an audio-only file,
 * or cover art, which is not shown) and no audio output.  libmpv then
 * runs through the file at once, which is not an "ended". */
static bool play_cannot_play(const struct play *a)
{
    return play_no_sound(a) && a->video_w == 0;
}

/* What is heard, for the status line: the graph's confirmed set, else
 * libmpv's own track (heard.h). */
static void play_heard(const struct play *a, struct strbuf *sb)
{
    bool *confirmed = NULL;
    struct heard_view h = {
        &a->tracks, NULL,
        a->player ? player_status(a->player)->audio_id : -1,
        a->mix_unavailable, play_no_sound(a),
    };

    if (a->mix && a->tracks.count > 0) {
        confirmed = xcalloc(a->tracks.count, sizeof *confirmed);
        mix_heard(a->mix, confirmed);
        h.confirmed = confirmed;
    }
    heard_describe(sb, &h);
    free(confirmed);
}

static void play_draw(struct play *a)
{
    const char *msgs[PLAY_MESSAGE_ROWS];
    const char *history[PLAY_MAX_MESSAGES];
    struct strbuf heard = STRBUF_INIT;
    struct monitor_view mic;
    struct screen_view v = {
        .file = a->file,
        .status = a->player ? player_status(a->player) : NULL,
        .tracks = a->file ? &a->tracks : NULL,
        .selected = a->selected,
        .messages = msgs,
        .nmessages = play_showing(a, msgs),
        .cannot_play = play_cannot_play(a),
        .help = a->help,
        .history = a->history,
        .history_messages = history,
        .nhistory = a->nmessages,
        .layout = &a->layout,
        .mic = a->layout.mic.rows > 0 ? &mic : NULL,
    };

    for (size_t i = 0; i < a->nmessages; i++)
        history[i] = a->messages[i].text;
    play_heard(a, &heard);
    v.heard = strbuf_str(&heard);
    monitor_view(a->monitor, &mic);
    if (a->repaint) /* curses clears the whole screen, the pane too */
        clearok(curscr, TRUE);
    screen_draw(&v);
    strbuf_free(&heard);
    play_messages_drawn(a, v.nmessages);
    a->meters_ms = play_now_ms();
    if ((a->repaint || a->pane_moved) && a->pane)
        pane_invalidate(a->pane);
    a->repaint = a->pane_moved = a->dirty = false;
}

/* Draw the newest frame if the terminal has taken the last one. */
static void play_video(struct play *a)
{
    const struct video_frame *f = a->video ? video_take(a->video) : NULL;

    if (!f || a->help || a->history)
        return;
    if (a->pane && pane_draw(a->pane, f))
        trace_log("frame seq=%llu pts=%.3f", (unsigned long long)f->seq,
                  f->pts);
}

/* Until the next message on the screen fades or the meters are due, at
 * most a second. */
static int play_timeout(const struct play *a)
{
    long long now = play_now_ms(), t = 1000;

    if (a->mic_state == MONITOR_ON)
        t = a->meters_ms + PLAY_METER_MS - now;

    for (size_t i = a->nmessages; i > 0 && i + PLAY_MESSAGE_ROWS > a->nmessages;
         i--)
        if (a->messages[i - 1].until_ms > now &&
            a->messages[i - 1].until_ms - now < t)
            t = a->messages[i - 1].until_ms - now;
    return (int)(t < 1 ? 1 : t);
}

/* The engine's news: running (the layout follows), or failed. */
static void play_mic_news(struct play *a)
{
    char *why = monitor_service(a->monitor);

    if (why) {
        play_message(a, why);
        free(why);
    }
    a->dirty = true;
}

/* The running graph would not take the new set of tracks (an FFmpeg
 * whose amix cannot change weights live): say so; a seek applies it. */
static void play_refused(struct play *a, const char *answer)
{
    struct strbuf sb = STRBUF_INIT;

    trace_log("refused weights=%s answer=%s", mix_weights(a->mix), answer);
    strbuf_addf(&sb, "the mixer refused the new set of tracks (\"%s\"); "
                "it is heard from the next seek (Home, or an arrow key)",
                answer);
    play_message(a, strbuf_str(&sb));
    strbuf_free(&sb);
}

static void play_loop(struct play *a, int sigfd)
{
    enum { FD_KEYS, FD_PLAYER, FD_SIG, FD_VIDEO, FD_MIX, FD_PANE, FD_MIC,
           FD_N };
    struct pollfd fds[FD_N];

    a->relayout = true;
    sig_defer_quit(); /* the loop sees quitting signals from here on */
    while (!a->quit) {
        bool flushed;
        int key, signo, n, keys;

        if (a->relayout || LINES != a->lines || COLS != a->cols ||
            play_showing(a, NULL) != a->showing ||
            monitor_state(a->monitor) != a->mic_state)
            play_relayout(a);
        if (a->mic_state == MONITOR_ON &&
            play_now_ms() >= a->meters_ms + PLAY_METER_MS)
            a->dirty = true;
        flushed = !a->pane || pane_flush(a->pane);
        /* curses must not write into the middle of a frame's bytes. */
        if (flushed && a->dirty) {
            play_draw(a);
            flushed = !a->pane || pane_flush(a->pane);
        }
        fds[FD_KEYS] = (struct pollfd){ 0, POLLIN, 0 };
        fds[FD_PLAYER] = (struct pollfd){ a->player ? player_fd(a->player)
                                                    : -1, POLLIN, 0 };
        fds[FD_SIG] = (struct pollfd){ sigfd, POLLIN, 0 };
        /* A new frame is taken only once the last is out: the terminal
         * sets the pace, and the frames it cannot take are dropped. */
        fds[FD_VIDEO] = (struct pollfd){ flushed && a->video
                                         ? video_fd(a->video) : -1, POLLIN, 0 };
        fds[FD_MIX] = (struct pollfd){ a->mix ? mix_fd(a->mix) : -1, POLLIN,
                                       0 };
        fds[FD_PANE] = (struct pollfd){ flushed ? -1 : pane_fd(a->pane),
                                        POLLOUT, 0 };
        fds[FD_MIC] = (struct pollfd){ monitor_fd(a->monitor), POLLIN, 0 };
        n = poll(fds, FD_N, a->keys_waiting ? 0 : play_timeout(a));
        if (n < 0 && errno != EINTR)
            fatal("poll: %s", strerror(errno));
        while ((signo = sig_next()) != 0)
            play_signal(a, signo);
        /* A bounded batch: under a flood of keys (a held key, a paste)
         * the signals, libmpv's events, the mixer and the screen still
         * get their turn, and a quit is not put off until the flood
         * ends.  curses may hold keys of its own that poll cannot see:
         * the next turn does not wait then. */
        for (keys = 0; !a->quit && keys < PLAY_KEYS_PER_TURN; keys++) {
            if ((key = term_key()) == ERR)
                break;
            play_key(a, key);
        }
        a->keys_waiting = !a->quit && keys == PLAY_KEYS_PER_TURN;
        play_player_events(a);
        if (fds[FD_MIC].revents & POLLIN)
            play_mic_news(a);
        if (a->mix) {
            bool was = mix_applied(a->mix);
            const char *refused = mix_service(a->mix);

            if (!was && mix_applied(a->mix)) {
                trace_log("applied weights=%s", mix_weights(a->mix));
                a->dirty = true; /* the status shows the confirmed set */
            }
            if (refused)
                play_refused(a, refused);
        }
        if (n > 0 && (fds[FD_VIDEO].revents & POLLIN))
            play_video(a);
        if (fds[FD_KEYS].revents & (POLLHUP | POLLERR))
            a->quit = true; /* the terminal went away */
    }
}

/* libmpv with the config's options (volume, [video] mode = off, [mpv]),
 * then the command line's (--no-video, --mpv-opt), which have the last
 * word. */
static struct player *play_create_player(const struct play *a, char **err)
{
    const struct config *cfg = a->cfg;
    const struct cli *cli = a->cli;
    size_t n = 1 + 1 + cfg->nmpv + 1 + cli->nmpv_opts, k = 0;
    struct player_opt *opts = xcalloc(n, sizeof *opts);
    char volume[16];
    struct player *p;

    snprintf(volume, sizeof volume, "%d", cfg->volume);
    opts[k++] = (struct player_opt){ "volume", volume, "[audio] volume" };
    if (cfg->video == CONFIG_VIDEO_OFF) /* not even decoded */
        opts[k++] = (struct player_opt){ "vid", "no", "[video] mode" };
    for (size_t i = 0; i < cfg->nmpv; i++)
        opts[k++] = cfg->mpv[i];
    if (cli->no_video)
        opts[k++] = (struct player_opt){ "vid", "no", NULL };
    for (size_t i = 0; i < cli->nmpv_opts; i++)
        opts[k++] = cli->mpv_opts[i];
    p = player_create(PLAYER_MODE_PLAY, opts, k, err);
    free(opts);
    return p;
}

static enum video_colors play_colors(const struct config *cfg)
{
    switch (cfg->video) {
    case CONFIG_VIDEO_TRUECOLOR:
        return VIDEO_COLORS_TRUE;
    case CONFIG_VIDEO_256:
        return VIDEO_COLORS_256;
    default:
        return term_colors();
    }
}

/* The mixer and its graph: every audio track in, the enabled ones heard.
 * A failure leaves libmpv's own single-track playback and says why. */
static void play_start_mix(struct play *a)
{
    size_t n = a->tracks.count;
    bool *on;
    int64_t *aids;
    char *err = NULL, *graph;

    if (n == 0)
        return;
    on = xcalloc(n, sizeof *on);
    aids = xcalloc(n, sizeof *aids);
    for (size_t i = 0; i < n; i++) {
        on[i] = a->tracks.tracks[i].enabled;
        aids[i] = a->tracks.tracks[i].mpv_id;
    }
    a->mix = mix_create(n, on, &err);
    if (a->mix) {
        graph = mix_graph(a->mix, player_video_id(a->player), aids);
        trace_log("graph %s", graph);
        if (player_set_graph(a->player, graph, &err) < 0) {
            mix_destroy(a->mix);
            a->mix = NULL;
        }
        free(graph);
    }
    if (!a->mix) {
        a->mix_unavailable = true;
        play_message(a, err);
        free(err);
    }
    free(on);
    free(aids);
}

/* Before the screen: why nothing will play, on stderr (the config's
 * problems too, since no screen will show them). */
static void play_open_failed(const struct play *a, char *err)
{
    for (size_t i = 0; i < a->cfg->nproblems; i++)
        warn_text(a->cfg->problems[i]);
    warn_file(a->file, err);
    free(err);
}

/* libmpv with the user's options, no file yet.  0 or -1 (said). */
static int play_create(struct play *a)
{
    char *err = NULL;

    a->player = play_create_player(a, &err);
    if (!a->player) {
        play_open_failed(a, err);
        return -1;
    }
    return 0;
}

/* The renderer, then the file, up to its tracks; errors go to stderr.
 * 0 or -1. */
static int play_open(struct play *a)
{
    char *err = NULL;

    a->colors = play_colors(a->cfg);
    /* The renderer must exist before the file loads (notes). */
    a->video = video_create(a->player, a->colors,
                            term_unicode() ? VIDEO_SYMBOLS_BLOCKS
                                           : VIDEO_SYMBOLS_ASCII, &err);
    if (!a->video || media_open(a->player, a->load, &a->cfg->prefs,
                                &a->tracks, &a->relay, &err) < 0) {
        play_open_failed(a, err);
        return -1;
    }
    return 0;
}

/* Tear down in the order libmpv needs: the renderer before the player,
 * the mixer's socket after the graph that listens on it; stderr last, so
 * that what libmpv says on its way out goes to the log.  Then, on the
 * terminal, why there was no sound, if there was none. */
static void play_close(struct play *a)
{
    char *no_sound = NULL;

    if (a->pane && a->video) {
        struct video_stats st;

        video_stats(a->video, &st);
        trace_log("quit pane_bytes=%llu rendered=%llu converted=%llu "
                  "taken=%llu", pane_bytes(a->pane),
                  (unsigned long long)st.rendered,
                  (unsigned long long)st.converted,
                  (unsigned long long)st.taken);
    }
    if (play_no_sound(a))
        no_sound = a->no_sound_why ? xstrdup(a->no_sound_why)
                                   : xstrdup("no sound: libmpv opened no "
                                             "audio output (the log says "
                                             "why)");
    monitor_destroy(a->monitor);
    term_stop();
    pane_destroy(a->pane);
    video_destroy(a->video);
    player_destroy(a->player);
    relay_stop(a->relay); /* libmpv reads it no more */
    mix_destroy(a->mix);
    track_list_free(&a->tracks);
    free(a->load);
    for (size_t i = 0; i < a->nmessages; i++)
        free(a->messages[i].text);
    free(a->no_sound_why);
    trace_close();
    log_release_stderr();
    if (no_sound)
        warn_text(no_sound);
    free(no_sound);
}

int play_run(const struct cli *cli, const struct config *cfg)
{
    struct play a;
    char *err = NULL;
    int sigfd, status = 0;

    memset(&a, 0, sizeof a);
    a.cli = cli;
    a.cfg = cfg;
    a.file = cli->nfiles > 0 ? cli->files[0] : NULL;
    /* From here on what libraries print goes to the log, never to the
     * terminal: libmpv opens its audio output (and alsa-lib, PipeWire and
     * SDL chatter) before the screen is up. */
    log_capture_stderr();
    mic_route_alsa_errors();
    a.monitor = monitor_create(&cfg->mic);
    trace_open();
    sigfd = sig_init();
    if (sigfd < 0) {
        struct strbuf sb = STRBUF_INIT;

        strbuf_addf(&sb, "cannot set up signals: %s", strerror(errno));
        play_close(&a);
        warn_text(strbuf_str(&sb));
        strbuf_free(&sb);
        return 1;
    }
    /* A film on standard input gives its place to /dev/tty first; then
     * libmpv takes the options (one it does not know is the first thing
     * to say); then, before any file is opened, a terminal curses cannot
     * drive is said in one line, with nothing written to it. */
    if (a.file && source_open(a.file, &a.load, &err) < 0) {
        warn_text(err);
        free(err);
        play_close(&a);
        return 1;
    }
    if (a.file && play_create(&a) < 0) {
        play_close(&a);
        return 1;
    }
    if (term_check(&err) < 0) {
        warn_text(err);
        free(err);
        play_close(&a);
        return 1;
    }
    if (a.file && play_open(&a) < 0) {
        play_close(&a);
        return 1;
    }
    if (a.file) {
        play_start_mix(&a);
        player_continue(a.player); /* the graph is in place: decode now */
    }
    for (size_t i = 0; i < cfg->nproblems; i++)
        play_message(&a, cfg->problems[i]);
    for (size_t i = 0; a.player && i < player_warning_count(a.player); i++)
        play_message(&a, player_warning(a.player, i));
    if (term_start(&err) < 0) {
        /* No screen showed the messages: stderr does. */
        for (size_t i = 0; i < a.nmessages; i++)
            warn_text(a.messages[i].text);
        warn_text(err); /* it quotes $TERM */
        free(err);
        status = 1;
    } else {
        if (cli->mic)
            play_mic_key(&a, 'M');
        if (a.player) {
            a.pane = pane_create(a.colors);
            player_toggle_pause(a.player); /* loaded paused: start now */
        }
        play_loop(&a, sigfd);
    }
    play_close(&a);
    return status;
}
