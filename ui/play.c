/* play.c - a playing session: set-up, the loop as a list of handle_*
 * steps, and the one teardown. */
#include "play.h"

#include "commands.h"
#include "dispatch.h"
#include "fatal.h"
#include "film.h"
#include "input.h"
#include "log.h"
#include "mic.h"
#include "mix.h"
#include "now.h"
#include "paint.h"
#include "pane.h"
#include "relay.h"
#include "remote.h"
#include "resume.h"
#include "session.h"
#include "sig.h"
#include "source.h"
#include "term.h"
#include "termprobe.h"
#include "trace.h"
#include "vomode.h"
#include "warn.h"
#include "xmem.h"

#include <curses.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define PLAY_METER_MS 100     /* the mic's meters are redrawn this often */
#define PLAY_KEYS_PER_TURN 64 /* keys handled before the rest of the loop */

/* A cell's size in pixels, again after a resize (the font may have
 * changed), for a picture in pixels. */
static void play_cell_size(struct session *s)
{
    const char *from = termprobe_cell(STDOUT_FILENO, &s->reply, &s->cell_w,
                                      &s->cell_h);

    if (!s->video || s->vo.pixels == VIDEO_PIXELS_NONE)
        return;
    video_set_cell(s->video, s->cell_w, s->cell_h,
                   s->vo.pixels == VIDEO_PIXELS_SIXEL ? s->reply.max_w : 0,
                   s->vo.pixels == VIDEO_PIXELS_SIXEL ? s->reply.max_h : 0);
    trace_log("cell %dx%d px (%s)", s->cell_w, s->cell_h, from);
}

static void play_signal(struct session *s, int signo)
{
    switch (signo) {
    case SIGINT:
    case SIGTERM:
    case SIGHUP:
        s->quit = true;
        break;
    case SIGTSTP:
        if (s->pane)
            pane_settle(s->pane);
        term_suspend();
        sig_suspend();
        term_resume();
        s->repaint = s->dirty = true;
        break;
    case SIGCONT:
        term_resume();
        s->repaint = s->dirty = true;
        break;
    case SIGWINCH:
        term_resize();
        play_cell_size(s);
        s->relayout = s->repaint = true;
        break;
    default:
        break;
    }
}

/* Until the next message on the screen fades or the meters are due, at
 * most a second. */
static int play_timeout(const struct session *s)
{
    int t = 1000;

    if (s->mic_state == MONITOR_ON || paint_track_meters(s)) {
        long long due = s->meters_ms + PLAY_METER_MS - now_ms();

        t = due < 1 ? 1 : due > t ? t : (int)due;
    }
    int cue = paint_cue_due_ms(s);

    if (cue >= 0 && cue < t)
        t = cue;
    return messages_timeout(&s->messages, t);
}

/* The entry after (or before) the current one that opens, from step;
 * each that cannot be played is said and skipped.  At the playlist's
 * ends: around again with --loop-playlist, else stay. */
static void play_move(struct session *s, int step, bool jump)
{
    size_t n = s->playlist.count, i = jump ? s->cursor : s->current;
    bool first = true;

    for (size_t tries = 0; tries < n; tries++, first = false) {
        char *err = NULL, *msg;

        if (!(jump && first)) {
            if (step > 0 && i + 1 >= n && !s->cli->loop_playlist)
                break;
            if (step < 0 && i == 0 && !s->cli->loop_playlist)
                break;
            i = step > 0 ? (i + 1) % n : (i + n - 1) % n;
        }
        if (first)
            film_close(s, false);
        if (film_open(s, i, &err) == 0) {
            film_start(s);
            return;
        }
        msg = xasprintf("%s: %s", s->playlist.entries[i].path, err);
        session_say(s, msg);
        free(msg);
        free(err);
        if (jump && first && step == 0)
            step = 1;
    }
    if (first) {
        session_say(s, step > 0 ? "this is the last file of the playlist"
                                : "this is the first file of the playlist");
    }
}

/* A move in the playlist asked for, or the end of the file reached with
 * another after it. */
static void handle_playlist(struct session *s)
{
    const struct player_status *st = s->player && s->loaded
                                         ? player_status(s->player) : NULL;
    bool at_end = st && st->ended && !s->shown_end &&
                  (s->current + 1 < s->playlist.count || s->cli->loop_playlist);

    if (st && st->ended && !s->shown_end) {
        s->shown_end = true;
        if (s->resume_key && s->resume_dir) {
            char *err = NULL;

            if (resume_forget(s->resume_dir, s->resume_key, &err) < 0) {
                session_say(s, err);
                free(err);
            }
        }
    }
    if (s->jump)
        play_move(s, 0, true);
    else if (s->step != 0)
        play_move(s, s->step, false);
    else if (at_end)
        play_move(s, 1, false);
    else
        return;
    s->step = 0;
    s->jump = false;
    s->shown_end = false;
}

static void handle_keys(struct session *s)
{
    struct input_event ev;
    int keys;

    /* A bounded batch: under a flood of keys (a held key, a paste) the
     * signals, libmpv's events, the mixer and the screen still get their
     * turn, and a quit is not put off until the flood ends.  curses may
     * hold keys of its own that poll cannot see: the next turn does not
     * wait then. */
    for (keys = 0; !s->quit && keys < PLAY_KEYS_PER_TURN; keys++) {
        if (!input_next(&ev))
            break;
        dispatch_event(s, &ev);
    }
    s->keys_waiting = !s->quit && keys == PLAY_KEYS_PER_TURN;
}

/* The engine's news: running (the layout follows), or failed. */
static void handle_mic(struct session *s)
{
    char *why = monitor_service(s->monitor);

    if (why) {
        session_say(s, why);
        free(why);
    }
    s->dirty = true;
}

static void play_loop(struct session *s, int sigfd)
{
    enum { FD_KEYS, FD_PLAYER, FD_SIG, FD_VIDEO, FD_MIX, FD_PANE, FD_MIC,
           FD_BUS, FD_N };
    struct pollfd fds[FD_N];

    s->relayout = true;
    sig_defer_quit(); /* the loop sees quitting signals from here on */
    while (!s->quit) {
        bool flushed;
        int signo, n, timeout;

        paint_layout(s);
        flushed = paint_screen(s);
        fds[FD_KEYS] = (struct pollfd){ 0, POLLIN, 0 };
        fds[FD_PLAYER] = (struct pollfd){ s->player ? player_fd(s->player)
                                                    : -1, POLLIN, 0 };
        fds[FD_SIG] = (struct pollfd){ sigfd, POLLIN, 0 };
        /* A new frame is taken only once the last is out: the terminal
         * sets the pace, and the frames it cannot take are dropped. */
        fds[FD_VIDEO] = (struct pollfd){ flushed && s->video
                                         ? video_fd(s->video) : -1, POLLIN, 0 };
        fds[FD_MIX] = (struct pollfd){ s->mix ? mix_fd(s->mix) : -1, POLLIN,
                                       0 };
        fds[FD_PANE] = (struct pollfd){ flushed ? -1 : pane_fd(s->pane),
                                        POLLOUT, 0 };
        fds[FD_MIC] = (struct pollfd){ monitor_fd(s->monitor), POLLIN, 0 };
        timeout = s->keys_waiting ? 0 : play_timeout(s);
        remote_poll(s, &fds[FD_BUS], &timeout);
        n = poll(fds, FD_N, timeout);
        if (n < 0 && errno != EINTR)
            fatal("poll: %s", strerror(errno));
        while ((signo = sig_next()) != 0)
            play_signal(s, signo);
        handle_keys(s);
        film_events(s);
        if (fds[FD_MIC].revents & POLLIN)
            handle_mic(s);
        film_mix_service(s);
        remote_service(s);
        if (!s->quit)
            handle_playlist(s);
        if (n > 0 && (fds[FD_VIDEO].revents & POLLIN))
            paint_frame(s);
        if (fds[FD_KEYS].revents & (POLLHUP | POLLERR))
            s->quit = true; /* the terminal went away */
    }
}

/* libmpv with the config's options (volume, [video] mode = off, [mpv]),
 * then the command line's (--no-video, --mpv-opt), which have the last
 * word. */
static struct player *play_create_player(const struct session *s, char **err)
{
    const struct config *cfg = s->cfg;
    const struct cli *cli = s->cli;
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

/* The terminal's answers to the queries, when the mode may take pixels
 * and the terminal is worth asking (not in a multiplexer, not the
 * console); on /dev/tty, which standard input may not be. */
static const struct termreply *play_ask_terminal(struct session *s,
                                                 const struct vomode_term *t,
                                                 const char *term)
{
    enum config_video mode = s->cfg->video;
    int fd;

    termreply_init(&s->reply);
    if ((mode != CONFIG_VIDEO_AUTO && mode != CONFIG_VIDEO_SIXEL &&
         mode != CONFIG_VIDEO_KITTY && mode != CONFIG_VIDEO_ITERM2) ||
        t->multiplexer || !termprobe_askable(term))
        return NULL;
    fd = open("/dev/tty", O_RDWR | O_NOCTTY | O_CLOEXEC);
    if (fd < 0)
        return NULL;
    termprobe_ask(fd, TERMPROBE_DEADLINE_MS, &s->reply);
    close(fd);
    return &s->reply;
}

/* How the picture is drawn, from [video] mode (or --vo-mode), the
 * environment and the terminal's answers, found out before curses
 * starts; the reason goes to the help overlay and the trace. */
static void play_video_mode(struct session *s)
{
    const char *term = getenv("TERM"), *env_why = NULL;
    struct vomode_term t = { 0 };
    long long start = now_ms();

    t.colors = term_colors(&t.colors_why);
    t.unicode = term_unicode();
    t.multiplexer = termprobe_multiplexer(term, getenv("TMUX"),
                                          getenv("STY"));
    t.env_pixels = termprobe_env_pixels(term, getenv("TERM_PROGRAM"),
                                        getenv("KITTY_WINDOW_ID"), &env_why);
    t.env_pixels_why = env_why;
    t.reply = play_ask_terminal(s, &t, term);
    vomode_choose(&s->vo, s->cfg->video, &t);
    s->colors = s->vo.colors;
    trace_log("video mode %s", s->vo.text);
    if (t.reply)
        trace_log("terminal answered in %lld ms: da1=%d sixel=%d kitty=%d "
                  "sync=%d registers=%d max=%dx%d",
                  now_ms() - start, s->reply.da1, s->reply.sixel,
                  s->reply.kitty, s->reply.sync, s->reply.registers,
                  s->reply.max_w, s->reply.max_h);
}

/* Before the screen: the problems so far on stderr (no screen will show
 * them). */
static void play_tell_stderr(const struct session *s)
{
    for (size_t i = 0; i < s->messages.count; i++)
        warn_text(s->messages.items[i].text);
}

/* The playlist from the command line's files; its problems said. */
static int play_playlist(struct session *s)
{
    for (size_t i = 0; i < s->cli->nfiles; i++)
        playlist_add(&s->playlist, s->cli->files[i]);
    for (size_t i = 0; i < s->playlist.nproblems; i++)
        session_say(s, s->playlist.problems[i]);
    if (s->cli->shuffle)
        playlist_shuffle(&s->playlist, (unsigned long long)time(NULL) ^
                                       (unsigned long long)getpid());
    return s->playlist.count > 0 ? 0 : -1;
}

/* Standard input, if the playlist reads it: moved aside for libmpv
 * before curses takes the terminal.  Only its first "-" can be read. */
static int play_stdin(struct session *s)
{
    char *err = NULL;
    bool seen = false;

    for (size_t i = 0; i < s->playlist.count; i++) {
        if (strcmp(s->playlist.entries[i].path, "-") != 0)
            continue;
        if (seen) {
            session_say(s, "-: standard input can be played once; its "
                           "second place in the playlist is skipped");
            continue;
        }
        seen = true;
        if (source_open("-", &s->load, &err) < 0) {
            warn_text(err);
            free(err);
            return -1;
        }
    }
    return 0;
}

/* The first entry that opens; each before it that cannot is said.  With
 * a single file, its failure is the one thing said, on stderr. */
static int play_open_first(struct session *s)
{
    for (size_t i = 0; i < s->playlist.count; i++) {
        char *err = NULL;

        if (film_open(s, i, &err) == 0)
            return 0;
        if (s->playlist.count == 1) {
            play_tell_stderr(s);
            warn_file(s->playlist.entries[i].path, err);
        } else {
            char *msg = xasprintf("%s: %s", s->playlist.entries[i].path, err);

            session_say(s, msg);
            free(msg);
        }
        free(err);
    }
    if (s->playlist.count > 1) {
        play_tell_stderr(s);
        warn_text("none of the files could be played");
    }
    return -1;
}

/* Tear down in the order libmpv needs: the renderer before the player,
 * the mixer's socket after the graph that listens on it; stderr last, so
 * that what libmpv says on its way out goes to the log.  Then, on the
 * terminal, why there was no sound, if there was none. */
static void play_close(struct session *s)
{
    char *no_sound = NULL;

    if (s->pane && s->video) {
        struct video_stats st;

        video_stats(s->video, &st);
        trace_log("quit pane_bytes=%llu rendered=%llu converted=%llu "
                  "taken=%llu", pane_bytes(s->pane),
                  (unsigned long long)st.rendered,
                  (unsigned long long)st.converted,
                  (unsigned long long)st.taken);
    }
    if (film_no_sound(s))
        no_sound = s->no_sound_why ? xstrdup(s->no_sound_why)
                                   : xstrdup("no sound: libmpv opened no "
                                             "audio output (the log says "
                                             "why)");
    if (s->player)
        film_close(s, s->remember);
    remote_stop(s);
    monitor_destroy(s->monitor);
    if (s->pane)
        pane_settle(s->pane);
    term_stop();
    pane_destroy(s->pane);
    video_destroy(s->video);
    player_destroy(s->player);
    relay_stop(s->relay); /* libmpv reads it no more */
    mix_destroy(s->mix);
    mix_destroy(s->mix_leaving);
    track_list_free(&s->tracks);
    text_track_list_free(&s->text);
    playlist_free(&s->playlist);
    bindings_free(&s->bindings);
    free(s->load);
    free(s->title);
    free(s->artist);
    free(s->album);
    tags_lines_free(s->tag_lines, s->ntag_lines);
    free(s->resume_dir);
    free(s->resume_key);
    messages_free(&s->messages);
    free(s->no_sound_why);
    trace_close();
    log_release_stderr();
    if (no_sound)
        warn_text(no_sound);
    free(no_sound);
}

/* Everything up to the loop: the film's source, libmpv, a terminal curses
 * can drive, the renderer and the first file that opens.  0, or -1 when
 * nothing will play (said on stderr). */
static int play_setup(struct session *s)
{
    char *err = NULL;

    dispatch_load(&s->bindings, s->cli);
    for (size_t i = 0; i < s->bindings.nproblems; i++)
        session_say(s, s->bindings.problems[i]);
    if (s->cli->nfiles > 0 && play_playlist(s) < 0) {
        play_tell_stderr(s);
        warn_text("nothing to play");
        return -1;
    }
    /* A film on standard input gives its place to /dev/tty first; then
     * libmpv takes the options (one it does not know is the first thing
     * to say); then, before any file is opened, a terminal curses cannot
     * drive is said in one line, with nothing written to it. */
    if (s->playlist.count > 0 && play_stdin(s) < 0)
        return -1;
    if (s->playlist.count > 0) {
        s->player = play_create_player(s, &err);
        if (!s->player) {
            play_tell_stderr(s);
            warn_text(err);
            free(err);
            return -1;
        }
    }
    if (term_check(&err) < 0) {
        warn_text(err);
        free(err);
        return -1;
    }
    if (!s->player)
        return 0;
    play_video_mode(s);
    /* The renderer must exist before the file loads (notes). */
    s->video = video_create(s->player, s->vo.pixels, s->colors,
                            s->vo.symbols, &err);
    if (!s->video) {
        play_tell_stderr(s);
        warn_text(err);
        free(err);
        return -1;
    }
    play_cell_size(s);
    s->resume_dir = resume_dir();
    return play_open_first(s);
}

int play_run(const struct cli *cli, const struct config *cfg)
{
    struct session s;
    char *err = NULL;
    int sigfd, status = 0;

    memset(&s, 0, sizeof s);
    s.cli = cli;
    s.cfg = cfg;
    /* From here on what libraries print goes to the log, never to the
     * terminal: libmpv opens its audio output (and alsa-lib, PipeWire and
     * SDL chatter) before the screen is up. */
    log_capture_stderr();
    mic_route_alsa_errors();
    s.monitor = monitor_create(&cfg->mic);
    trace_open();
    sigfd = sig_init();
    if (sigfd < 0) {
        char *msg = xasprintf("cannot set up signals: %s", strerror(errno));

        play_close(&s);
        warn_text(msg);
        free(msg);
        return 1;
    }
    for (size_t i = 0; i < cfg->nproblems; i++)
        session_say(&s, cfg->problems[i]);
    if (play_setup(&s) < 0) {
        messages_free(&s.messages); /* said on stderr already */
        play_close(&s);
        return 1;
    }
    for (size_t i = 0; s.player && i < player_warning_count(s.player); i++)
        session_say(&s, player_warning(s.player, i));
    if (term_start(&err) < 0) {
        /* No screen showed the messages: stderr does. */
        play_tell_stderr(&s);
        warn_text(err); /* it quotes $TERM */
        free(err);
        status = 1;
    } else {
        if (cli->mic) {
            char *why = monitor_toggle(s.monitor);

            if (why) {
                session_say(&s, why);
                free(why);
            }
        }
        term_mouse(cfg->player.mouse);
        remote_start(&s);
        if (s.player) {
            s.pane = pane_create(s.colors, s.vo.pixels, s.vo.sync);
            film_start(&s);
        }
        play_loop(&s, sigfd);
    }
    play_close(&s);
    return status;
}
