/* main.c - tplay's entry: --list-tracks, or the player on the terminal. */
#include "cli.h"
#include "config.h"
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

#define MAIN_MAX_MESSAGES 64 /* the oldest go first */

/* The whole state of a playing session. */
struct app {
    struct cli cli;
    struct config cfg;
    struct player *player;
    struct track_list tracks;
    const char *file;
    size_t selected;
    char *messages[MAIN_MAX_MESSAGES]; /* config problems, warnings, errors */
    size_t nmessages;
    bool quit;
    bool dirty;
};

/* Print a message on stderr with every control byte escaped. */
static void main_warn(const char *msg)
{
    struct strbuf sb = STRBUF_INIT;

    json_add_text(&sb, msg);
    fprintf(stderr, "tplay: %s\n", strbuf_str(&sb));
    strbuf_free(&sb);
}

/* "tplay: FILE: reason" on stderr, the name escaped: it is untrusted. */
static void main_file_error(const char *file, const char *reason)
{
    struct strbuf sb = STRBUF_INIT;

    json_add_escaped(&sb, file);
    fprintf(stderr, "tplay: %s: %s\n", strbuf_str(&sb), reason);
    strbuf_free(&sb);
}

/* Read the config files the command line asks for, then --alang. */
static void main_load_config(struct app *a)
{
    config_init(&a->cfg);
    if (a->cli.config)
        config_load(&a->cfg, a->cli.config, true);
    else if (!a->cli.no_config)
        config_load_default_files(&a->cfg);
    if (a->cli.alang)
        config_set_languages(&a->cfg, "--alang", a->cli.alang);
}

/* --list-tracks: one JSON line per file on stdout; errors on stderr. */
static int main_list_tracks(const struct cli *cli, const struct config *cfg)
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

        if (media_open(p, cli->files[i], &cfg->prefs, &list, &err) < 0) {
            main_file_error(cli->files[i], err);
            free(err);
            err = NULL;
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

static void main_add_message(struct app *a, const char *msg)
{
    if (a->nmessages == MAIN_MAX_MESSAGES) {
        free(a->messages[0]);
        memmove(a->messages, a->messages + 1,
                (MAIN_MAX_MESSAGES - 1) * sizeof a->messages[0]);
        a->nmessages--;
    }
    a->messages[a->nmessages++] = xstrdup(msg);
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
            main_add_message(a, ev.message);
            break;
        case PLAYER_EVENT_FAILED:
            main_add_message(a, ev.message);
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
                                     &a->tracks, a->selected,
                                     (const char *const *)a->messages,
                                     a->nmessages };
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

/* libmpv with the config's options (volume, [video] mode = off, [mpv]),
 * then the command line's (--no-video, --mpv-opt), which have the last
 * word. */
static struct player *main_create_player(struct app *a, char **err)
{
    size_t n = 1 + 1 + a->cfg.nmpv + 1 + a->cli.nmpv_opts, k = 0;
    struct player_opt *opts = xcalloc(n, sizeof *opts);
    char volume[16];
    struct player *p;

    snprintf(volume, sizeof volume, "%d", a->cfg.volume);
    opts[k++] = (struct player_opt){ "volume", volume, "[audio] volume" };
    if (a->cfg.video == CONFIG_VIDEO_OFF) /* not even decoded */
        opts[k++] = (struct player_opt){ "vid", "no", "[video] mode" };
    for (size_t i = 0; i < a->cfg.nmpv; i++)
        opts[k++] = a->cfg.mpv[i];
    if (a->cli.no_video)
        opts[k++] = (struct player_opt){ "vid", "no", NULL };
    for (size_t i = 0; i < a->cli.nmpv_opts; i++)
        opts[k++] = a->cli.mpv_opts[i];
    p = player_create(PLAYER_MODE_PLAY, opts, k, err);
    free(opts);
    return p;
}

/* Play one file on the terminal. */
static int main_play(struct app *a)
{
    char *err = NULL;
    int sigfd, status = 0;
    int64_t *ids;
    size_t nids = 0;

    a->file = a->cli.files[0];
    sigfd = sig_init();
    if (sigfd < 0) {
        fprintf(stderr, "tplay: cannot set up signals: %s\n", strerror(errno));
        return 1;
    }
    a->player = main_create_player(a, &err);
    if (!a->player ||
        media_open(a->player, a->file, &a->cfg.prefs, &a->tracks, &err) < 0) {
        /* No screen came up: the config's problems go to stderr too. */
        for (size_t i = 0; i < a->cfg.nproblems; i++)
            main_warn(a->cfg.problems[i]);
        main_file_error(a->file, err);
        free(err);
        player_destroy(a->player);
        a->player = NULL;
        return 1;
    }
    ids = xcalloc(a->tracks.count, sizeof *ids);
    for (size_t i = 0; i < a->tracks.count; i++)
        if (a->tracks.tracks[i].enabled)
            ids[nids++] = a->tracks.tracks[i].mpv_id;
    for (size_t i = 0; i < a->cfg.nproblems; i++)
        main_add_message(a, a->cfg.problems[i]);
    for (size_t i = 0; i < player_warning_count(a->player); i++)
        main_add_message(a, player_warning(a->player, i));
    if (player_set_audio(a->player, ids, nids, &err) < 0) {
        main_add_message(a, err);
        free(err);
        err = NULL;
    }
    free(ids);
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
    if (a.cli.action == CLI_PLAY || a.cli.action == CLI_LIST_TRACKS)
        main_load_config(&a);
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
        for (size_t i = 0; i < a.cfg.nproblems; i++)
            main_warn(a.cfg.problems[i]);
        status = main_list_tracks(&a.cli, &a.cfg);
        break;
    default:
        status = main_play(&a);
        break;
    }
    track_list_free(&a.tracks);
    for (size_t i = 0; i < a.nmessages; i++)
        free(a.messages[i]);
    config_free(&a.cfg);
    cli_free(&a.cli);
    return status;
}
