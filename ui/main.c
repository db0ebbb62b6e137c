/* main.c - tplay's entry: --list-tracks, or the player on the terminal. */
#include "cli.h"
#include "config.h"
#include "crash.h"
#include "fatal.h"
#include "fragment.h"
#include "strbuf.h"
#include "keylist.h"
#include "listing.h"
#include "timepos.h"
#include "log.h"
#include "media.h"
#include "textselect.h"
#include "play.h"
#include "screen.h"
#include "term.h"
#include "warn.h"
#include "xmem.h"

#include <errno.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* What the command line and the config files asked for. */
struct app {
    struct cli cli;
    struct config cfg;
};

/* Read the config files the command line asks for, then the options that
 * override them (--alang, --slang, --mic-gain, ...).  0, or -1 after
 * saying which option's value is refused: that is a usage error, not a
 * default. */
static int main_load_config(struct app *a)
{
    config_init(&a->cfg);
    if (a->cli.config)
        config_load(&a->cfg, a->cli.config, true);
    else if (!a->cli.no_config)
        config_load_default_files(&a->cfg);
    if (a->cli.alang)
        config_set_languages(&a->cfg, "--alang", a->cli.alang);
    if (a->cli.slang)
        config_set_sub_languages(&a->cfg, "--slang", a->cli.slang);
    for (size_t i = 0; i < a->cli.nsettings; i++) {
        const struct cli_setting *s = &a->cli.settings[i];

        if (config_set(&a->cfg, s->option, s->section, s->key, s->value) < 0) {
            char *msg = a->cfg.problems[a->cfg.nproblems - 1];
            char *using = strstr(msg, "; using ");

            if (using) /* the option is refused, not replaced */
                *using = '\0';
            warn_text(msg);
            return -1;
        }
    }
    return 0;
}

/* "cannot write WHAT to standard output: reason" when stdout has failed
 * (a full disk, a closed pipe, /dev/full), as coreutils' close_stdout
 * does: flushed, checked, closed.  failed is the errno of a flush that
 * already failed, or 0.  0, or 1 after saying so. */
static int main_close_stdout(const char *what, int failed)
{
    struct strbuf sb = STRBUF_INIT;
    int bad = failed != 0, e = failed;

    if (fflush(stdout) != 0 && !bad) {
        bad = 1;
        e = errno;
    }
    if (ferror(stdout))
        bad = 1;
    if (fclose(stdout) != 0 && !bad) {
        bad = 1;
        e = errno;
    }
    if (!bad)
        return 0;
    strbuf_addf(&sb, "cannot write %s to standard output", what);
    if (e)
        strbuf_addf(&sb, ": %s", strerror(e));
    warn_text(strbuf_str(&sb));
    strbuf_free(&sb);
    return 1;
}

/* --list-tracks: one JSON line per file on stdout; errors on stderr.  A
 * listing that cannot be written stops there, its errno in *failed.
 * libmpv is never loaded: the container readers answer alone. */
static int main_list_tracks(const struct cli *cli, const struct config *cfg,
                            int *failed)
{
    int status = 0;

    for (size_t i = 0; i < cli->nfiles; i++) {
        struct media_tracks all;
        struct strbuf sb = STRBUF_INIT;
        struct fragment frag;
        const char *missing = NULL;
        char *err = NULL, *path = NULL;

        /* Checked by main_check_fragments: no error here. */
        fragment_split(cli->files[i], &path, &frag, &err);
        if (media_list_all(path, &cfg->prefs, cli->sub_files,
                           cli->nsub_files, &all, &err) < 0) {
            warn_file(cli->files[i], err);
            free(err);
            free(path);
            fragment_free(&frag);
            status = 1;
            continue;
        }
        fragment_apply_tracks(&frag, &all.audio, &missing);
        if (missing) {
            char *msg = xasprintf("its fragment's track=%s names none of its "
                                  "tracks", missing);

            warn_file(cli->files[i], msg);
            free(msg);
        }
        /* The modes playing would give: chosen after the audio. */
        textselect_choose(&cfg->subs, &cfg->prefs, &all.audio, &all.text);
        listing_json_all(&sb, cli->files[i], &all);
        free(path);
        fragment_free(&frag);
        puts(strbuf_str(&sb));
        strbuf_free(&sb);
        media_tracks_free(&all);
        /* Each line out as it is made; checked for good at the end. */
        if (fflush(stdout) != 0) {
            *failed = errno;
            break;
        }
    }
    return status;
}

/* The media fragments of the files named ("f.mkv#t=10,20"): 0, or -1
 * after saying which one is wrong (a usage error). */
static int main_check_fragments(const struct cli *cli)
{
    for (size_t i = 0; i < cli->nfiles; i++) {
        struct fragment frag;
        char *path = NULL, *err = NULL;

        if (fragment_split(cli->files[i], &path, &frag, &err) < 0) {
            char *msg = xasprintf("%s: %s", cli->files[i], err);

            warn_text(msg); /* it quotes the argument */
            free(msg);
            free(err);
            return -1;
        }
        free(path);
        fragment_free(&frag);
    }
    return 0;
}

/* Each --sub-file a file that can be read: 0, or -1 after saying which
 * cannot (a usage error: libmpv would skip it without a word). */
static int main_check_sub_files(const struct cli *cli)
{
    for (size_t i = 0; i < cli->nsub_files; i++) {
        struct stat st;
        const char *why = NULL;

        if (stat(cli->sub_files[i], &st) != 0)
            why = strerror(errno);
        else if (!S_ISREG(st.st_mode))
            why = "not a regular file";
        else if (access(cli->sub_files[i], R_OK) != 0)
            why = strerror(errno);
        if (why) {
            char *msg = xasprintf("--sub-file %s: %s", cli->sub_files[i], why);

            warn_text(msg);
            free(msg);
            return -1;
        }
    }
    return 0;
}

/* The usage text on out. */
static void main_usage(FILE *out)
{
    struct strbuf sb = STRBUF_INIT;

    cli_usage(&sb);
    fputs(strbuf_str(&sb), out);
    strbuf_free(&sb);
}

/* The teardown fatal() runs: the terminal first, always, then stderr,
 * so that the fatal line reaches the user; then the files the mixer's
 * teardown would have removed. */
static void main_fatal_hook(void)
{
    term_stop();
    log_release_stderr();
    crash_remove_paths();
}

int main(int argc, char **argv)
{
    struct app a;
    char *err = NULL;
    int status, failed = 0;
    struct timepos start;

    memset(&a, 0, sizeof a);
    setlocale(LC_ALL, "");
    setlocale(LC_NUMERIC, "C"); /* libmpv refuses to start otherwise */
    fatal_set_hook(main_fatal_hook);
    /* Before any thread starts, so libmpv's threads inherit no mask that
     * hides a crash.  Without it (no memory for a signal stack) tplay
     * still plays; a crash then leaves the terminal as the kernel does. */
    crash_init();
    if (cli_parse(argc, argv, &a.cli, &err) < 0) {
        warn_text(err); /* it may quote the argument */
        main_usage(stderr);
        free(err);
        cli_free(&a.cli);
        log_close();
        return 2;
    }
    if (a.cli.start && timepos_parse(a.cli.start, &start) < 0) {
        char *msg = xasprintf("--start: \"%s\" is not a time; write it as "
                              "%s", a.cli.start, TIMEPOS_EXAMPLES);

        warn_text(msg); /* it quotes the argument */
        free(msg);
        cli_free(&a.cli);
        log_close();
        return 2;
    }
    if ((a.cli.action == CLI_PLAY || a.cli.action == CLI_LIST_TRACKS) &&
        (main_check_fragments(&a.cli) < 0 ||
         main_check_sub_files(&a.cli) < 0)) {
        cli_free(&a.cli);
        log_close();
        return 2;
    }
    if ((a.cli.action == CLI_PLAY || a.cli.action == CLI_LIST_TRACKS) &&
        main_load_config(&a) < 0) {
        config_free(&a.cfg);
        cli_free(&a.cli);
        log_close();
        return 2;
    }
    switch (a.cli.action) {
    case CLI_HELP:
        main_usage(stdout);
        status = main_close_stdout("the help", 0);
        break;
    case CLI_LIST_KEYS:
        status = keylist_print(&a.cli);
        if (main_close_stdout("the keys", 0))
            status = 1;
        break;
    case CLI_VERSION:
        printf("tplay %s\n", TPLAY_VERSION);
        status = main_close_stdout("the version", 0);
        break;
    case CLI_LIST_TRACKS:
        for (size_t i = 0; i < a.cfg.nproblems; i++)
            warn_text(a.cfg.problems[i]);
        status = main_list_tracks(&a.cli, &a.cfg, &failed);
        if (main_close_stdout("the listing", failed))
            status = 1;
        break;
    default:
        status = play_run(&a.cli, &a.cfg);
        break;
    }
    config_free(&a.cfg);
    cli_free(&a.cli);
    log_close();
    return status;
}
