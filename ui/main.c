/* main.c - tplay's entry: --list-tracks, or the player on the terminal. */
#include "cli.h"
#include "fatal.h"
#include "json.h"
#include "listing.h"
#include "media.h"
#include "player.h"
#include "screen.h"
#include "sig.h"
#include "strbuf.h"
#include "term.h"
#include "xmem.h"

#include <curses.h>
#include <errno.h>
#include <locale.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The whole state of a playing session. */
struct app {
    struct cli cli;
    struct player *player;
    struct track_list tracks;
    const char *file;
    size_t selected;
    char *message;
    bool quit;
    bool dirty;
};

/* --list-tracks: one JSON line per file on stdout; errors on stderr. */
static int main_list_tracks(const struct cli *cli)
{
    struct player *p;
    char *err = NULL;
    int status = 0;

    p = player_create(PLAYER_MODE_LIST, NULL, 0, &err);
    if (!p) {
        fprintf(stderr, "tplay: %s\n", err);
        free(err);
        return 1;
    }
    for (size_t i = 0; i < cli->nfiles; i++) {
        struct track_list list;
        struct strbuf sb = STRBUF_INIT;

        if (media_open(p, cli->files[i], &list, &err) < 0) {
            /* The name is untrusted too: escape it as the JSON does. */
            json_add_escaped(&sb, cli->files[i]);
            fprintf(stderr, "tplay: %s: %s\n", strbuf_str(&sb), err);
            free(err);
            err = NULL;
            strbuf_free(&sb);
            status = 1;
            continue;
        }
        listing_json(&sb, cli->files[i], &list);
        puts(strbuf_str(&sb));
        fflush(stdout);
        strbuf_free(&sb);
        track_list_free(&list);
    }
    player_destroy(p);
    return status;
}

/* The teardown fatal() runs: the terminal first, always. */
static void main_fatal_hook(void)
{
    term_stop();
}

static void main_set_message(struct app *a, const char *msg)
{
    free(a->message);
    a->message = msg ? xstrdup(msg) : NULL;
    a->dirty = true;
}

static void main_key(struct app *a, int key)
{
    switch (key) {
    case 'q':
    case 'Q':
        a->quit = true;
        break;
    case ' ':
    case 'p':
        player_toggle_pause(a->player);
        break;
    case 'j':
    case KEY_DOWN:
        if (a->selected + 1 < a->tracks.count)
            a->selected++;
        break;
    case 'k':
    case KEY_UP:
        if (a->selected > 0)
            a->selected--;
        break;
    case KEY_RESIZE:
        break;
    default:
        return;
    }
    a->dirty = true;
}

static void main_player_events(struct app *a)
{
    struct player_event ev;

    while ((ev = player_next_event(a->player)).type != PLAYER_EVENT_NONE) {
        switch (ev.type) {
        case PLAYER_EVENT_LOG:
            fprintf(stderr, "%s\n", ev.message); /* the log file */
            main_set_message(a, ev.message);
            break;
        case PLAYER_EVENT_FAILED:
            main_set_message(a, ev.message);
            break;
        case PLAYER_EVENT_SHUTDOWN:
            a->quit = true;
            break;
        default:
            a->dirty = true;
            break;
        }
    }
}

static void main_signal(struct app *a, int signo)
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
        a->dirty = true;
        break;
    case SIGCONT:
        term_resume();
        a->dirty = true;
        break;
    case SIGWINCH:
        term_resize();
        a->dirty = true;
        break;
    default:
        break;
    }
}

static void main_loop(struct app *a, int sigfd)
{
    struct pollfd fds[3] = {
        { 0, POLLIN, 0 },
        { player_fd(a->player), POLLIN, 0 },
        { sigfd, POLLIN, 0 },
    };

    a->dirty = true;
    while (!a->quit) {
        int key, signo;

        if (a->dirty) {
            struct screen_view v = { a->file, player_status(a->player),
                                     &a->tracks, a->selected, a->message };
            screen_draw(&v);
            a->dirty = false;
        }
        if (poll(fds, 3, 1000) < 0 && errno != EINTR)
            fatal("poll: %s", strerror(errno));
        while ((signo = sig_next()) != 0)
            main_signal(a, signo);
        while ((key = getch()) != ERR)
            main_key(a, key);
        main_player_events(a);
        if (fds[0].revents & (POLLHUP | POLLERR))
            a->quit = true; /* the terminal went away */
    }
}

/* Play one file on the terminal. */
static int main_play(struct app *a)
{
    char *err = NULL;
    int sigfd, status = 0;
    int64_t aid = -1;

    a->file = a->cli.files[0];
    sigfd = sig_init();
    if (sigfd < 0) {
        fprintf(stderr, "tplay: cannot set up signals: %s\n", strerror(errno));
        return 1;
    }
    a->player = player_create(PLAYER_MODE_PLAY, a->cli.mpv_opts,
                              a->cli.nmpv_opts, &err);
    if (!a->player || media_open(a->player, a->file, &a->tracks, &err) < 0) {
        struct strbuf sb = STRBUF_INIT;

        json_add_escaped(&sb, a->file);
        fprintf(stderr, "tplay: %s: %s\n", strbuf_str(&sb), err);
        strbuf_free(&sb);
        free(err);
        player_destroy(a->player);
        a->player = NULL;
        return 1;
    }
    for (size_t i = 0; i < a->tracks.count; i++)
        if (a->tracks.tracks[i].enabled)
            aid = a->tracks.tracks[i].mpv_id;
    if (player_set_audio(a->player, aid, &err) < 0) {
        main_set_message(a, err);
        free(err);
        err = NULL;
    }
    if (term_start(&err) < 0) {
        fprintf(stderr, "tplay: %s\n", err);
        free(err);
        status = 1;
    } else {
        player_toggle_pause(a->player); /* loaded paused: start now */
        main_loop(a, sigfd);
    }
    term_stop();
    player_destroy(a->player);
    a->player = NULL;
    return status;
}

int main(int argc, char **argv)
{
    struct app a;
    char *err = NULL;
    int status;

    memset(&a, 0, sizeof a);
    setlocale(LC_ALL, "");
    setlocale(LC_NUMERIC, "C"); /* libmpv refuses to start otherwise */
    fatal_set_hook(main_fatal_hook);
    if (cli_parse(argc, argv, &a.cli, &err) < 0) {
        fprintf(stderr, "tplay: %s\n%s", err, cli_usage());
        free(err);
        cli_free(&a.cli);
        return 2;
    }
    switch (a.cli.action) {
    case CLI_HELP:
        fputs(cli_usage(), stdout);
        status = 0;
        break;
    case CLI_VERSION:
        printf("tplay %s\n", TPLAY_VERSION);
        status = 0;
        break;
    case CLI_LIST_TRACKS:
        status = main_list_tracks(&a.cli);
        break;
    default:
        status = main_play(&a);
        break;
    }
    track_list_free(&a.tracks);
    free(a.message);
    cli_free(&a.cli);
    return status;
}
