/* cli.c - command-line parsing (getopt_long) and the --help text, both
 * from one table of options. */
#include "cli.h"

#include "fatal.h"
#include "settings.h"
#include "strbuf.h"
#include "xmem.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CLI_HELP_COLUMN 23 /* where an option's help starts in --help */
#define CLI_WIDTH 79       /* and where it wraps */

enum cli_opt {
    CLI_OPT_LIST = 256, CLI_OPT_LIST_KEYS, CLI_OPT_MPV, CLI_OPT_CONFIG,
    CLI_OPT_NO_CONFIG, CLI_OPT_INPUT_CONF, CLI_OPT_NO_VIDEO, CLI_OPT_START,
    CLI_OPT_SHUFFLE, CLI_OPT_LOOP_PLAYLIST, CLI_OPT_MIC, CLI_OPT_SETTING,
    CLI_OPT_SUB_FILE,
};

/* An option, or (name NULL) the place of the options that set the
 * settings of [section], in the settings table's order. */
struct cli_option {
    const char *name;    /* without "--" */
    int id;              /* enum cli_opt, or the short option's letter */
    const char *arg;     /* the argument's name, NULL: it takes none */
    const char *help;
    const char *section;
};

/* In the order of --help. */
static const struct cli_option cli_options[] = {
    { "list-tracks", CLI_OPT_LIST, NULL, "print each FILE's tracks (audio, "
      "video, text) as one JSON line (HTML's track fields) and exit", NULL },
    { "list-keys", CLI_OPT_LIST_KEYS, NULL, "print the key bindings and exit",
      NULL },
    { NULL, 0, NULL, NULL, "audio" },
    { NULL, 0, NULL, NULL, "subtitles" },
    { "config", CLI_OPT_CONFIG, "FILE", "read FILE instead of the config "
      "files", NULL },
    { "no-config", CLI_OPT_NO_CONFIG, NULL, "read no config file", NULL },
    { "input-conf", CLI_OPT_INPUT_CONF, "FILE", "read the key bindings from "
      "FILE instead of input.conf", NULL },
    { "no-video", CLI_OPT_NO_VIDEO, NULL, "play the sound only (video not "
      "decoded)", NULL },
    { "sub-file", CLI_OPT_SUB_FILE, "FILE", "load the subtitle FILE with "
      "each file, after its own and its sidecars (repeatable)", NULL },
    { NULL, 0, NULL, NULL, "video" },
    { "start", CLI_OPT_START, "TIME", "start at TIME (90, 1:30, 1:02:03, -30 before the end, 50%)",
      NULL },
    { NULL, 0, NULL, NULL, "player" },
    { "shuffle", CLI_OPT_SHUFFLE, NULL, "play the files in random order",
      NULL },
    { "loop-playlist", CLI_OPT_LOOP_PLAYLIST, NULL, "after the last file, "
      "start the list again", NULL },
    { "mpv-opt", CLI_OPT_MPV, "KEY=VALUE", "hand an option to libmpv "
      "(repeatable), e.g. ao=alsa, audio-device=alsa/hw:1", NULL },
    { "mic", CLI_OPT_MIC, NULL, "monitor the microphone through a Web Audio "
      "lowshelf filter (alone without FILE)", NULL },
    { NULL, 0, NULL, NULL, "mic" },
    { "help", 'h', NULL, "show this help and exit", NULL },
    { "version", 'V', NULL, "show the version and exit", NULL },
};

#define CLI_NOPTIONS (sizeof cli_options / sizeof cli_options[0])

/* The next row of the settings table, from *i on, that has an option and
 * is in section; NULL after the last. */
static const struct setting *cli_next_setting(const char *section, size_t *i)
{
    const struct setting *s;

    while ((s = settings_at((*i)++)) != NULL)
        if (s->option && strcmp(s->section, section) == 0)
            return s;
    return NULL;
}

/* "  --name ARG" and then help from CLI_HELP_COLUMN, wrapped there. */
static void cli_usage_entry(struct strbuf *sb, const char *left,
                            const char *help)
{
    char *words = xstrdup(help), *save = NULL;
    size_t col = 2 + strlen(left);

    strbuf_addf(sb, "  %s", left);
    if (col >= CLI_HELP_COLUMN) {
        strbuf_addc(sb, '\n');
        col = 0;
    }
    for (char *w = strtok_r(words, " ", &save); w;
         w = strtok_r(NULL, " ", &save)) {
        if (col > CLI_HELP_COLUMN && col + 1 + strlen(w) > CLI_WIDTH) {
            strbuf_addc(sb, '\n');
            col = 0;
        }
        if (col < CLI_HELP_COLUMN) {
            strbuf_addf(sb, "%*s", (int)(CLI_HELP_COLUMN - col), "");
            col = CLI_HELP_COLUMN;
        } else {
            strbuf_addc(sb, ' ');
            col++;
        }
        strbuf_adds(sb, w);
        col += strlen(w);
    }
    strbuf_addc(sb, '\n');
    free(words);
}

/* A setting's option: its help, then its range and default. */
static void cli_usage_setting(struct strbuf *sb, const struct setting *s)
{
    struct strbuf left = STRBUF_INIT, help = STRBUF_INIT;

    strbuf_adds(&left, s->option);
    if (s->option_arg)
        strbuf_addf(&left, " %s", s->option_arg);
    strbuf_adds(&help, s->option_help ? s->option_help : s->help);
    if (s->option_arg && settings_is_number(s))
        strbuf_addf(&help, " (%g to %g%s%s, default %s)", s->min, s->max,
                    s->unit[0] && s->unit[0] != '%' ? " " : "", s->unit,
                    s->dflt);
    else if (s->option_arg && s->dflt[0])
        strbuf_addf(&help, " (default: %s)", s->dflt);
    cli_usage_entry(sb, strbuf_str(&left), strbuf_str(&help));
    strbuf_free(&left);
    strbuf_free(&help);
}

void cli_usage(struct strbuf *sb)
{
    strbuf_adds(sb, "usage: tplay [OPTION]... FILE...\n"
                    "       tplay --mic [OPTION]... [FILE]...\n"
                    "       tplay --list-tracks FILE...\n"
                    "       tplay --list-keys [--input-conf FILE]\n"
                    "Play each FILE in the terminal, with its audio tracks "
                    "at hand.  An option that\n"
                    "sets a tplay.conf setting overrides the config files.\n"
                    "\n");
    for (size_t i = 0; i < CLI_NOPTIONS; i++) {
        const struct cli_option *o = &cli_options[i];
        const struct setting *s;
        char *left;

        if (!o->name) {
            for (size_t at = 0; (s = cli_next_setting(o->section, &at));)
                cli_usage_setting(sb, s);
            continue;
        }
        left = o->id < CLI_OPT_LIST
                   ? xasprintf("-%c, --%s", o->id, o->name)
                   : xasprintf("--%s%s%s", o->name, o->arg ? " " : "",
                               o->arg ? o->arg : "");
        cli_usage_entry(sb, left, o->help);
        free(left);
    }
    strbuf_adds(sb, "\nKeys while playing: space/p pause, ? help, q quit.  "
                    "See tplay(1).\n");
}

/* getopt_long's table: cli_options' and the settings' options.  The
 * caller frees it. */
static struct option *cli_longopts(void)
{
    const struct setting *s;
    struct option *all = NULL;
    size_t n = 0;

    for (size_t i = 0; i < CLI_NOPTIONS; i++) {
        const struct cli_option *o = &cli_options[i];

        if (!o->name) {
            for (size_t at = 0; (s = cli_next_setting(o->section, &at));) {
                all = xreallocarray(all, n + 1, sizeof *all);
                all[n++] = (struct option){
                    s->option + 2,
                    s->option_arg ? required_argument : no_argument, NULL,
                    CLI_OPT_SETTING };
            }
            continue;
        }
        all = xreallocarray(all, n + 1, sizeof *all);
        all[n++] = (struct option){ o->name, o->arg ? required_argument
                                                    : no_argument, NULL, o->id };
    }
    all = xreallocarray(all, n + 1, sizeof *all);
    all[n] = (struct option){ NULL, 0, NULL, 0 };
    return all;
}

/* Split KEY=VALUE (no '=' means VALUE "yes", as mpv's flags). */
static int cli_add_mpv_opt(struct cli *c, const char *arg, char **err)
{
    char *copy = xstrdup(arg), *eq = strchr(copy, '=');
    const char *why;

    if (eq)
        *eq = '\0';
    if (!copy[0]) {
        free(copy);
        *err = xasprintf("--mpv-opt \"%s\": expected KEY=VALUE", arg);
        return -1;
    }
    why = player_opt_refused(copy);
    if (why) {
        *err = xasprintf("--mpv-opt %s: refused: %s", copy, why);
        free(copy);
        return -1;
    }
    c->mpv_opt_buf = xreallocarray(c->mpv_opt_buf, c->nmpv_opts + 1,
                                   sizeof *c->mpv_opt_buf);
    c->mpv_opts = xreallocarray(c->mpv_opts, c->nmpv_opts + 1,
                                sizeof *c->mpv_opts);
    c->mpv_opt_buf[c->nmpv_opts] = copy;
    c->mpv_opts[c->nmpv_opts] =
        (struct player_opt){ copy, eq ? eq + 1 : "yes", NULL };
    c->nmpv_opts++;
    return 0;
}

/* Keep a setting's option for config_set; a repeated option keeps the
 * last.  The languages are kept apart (cli.h). */
static void cli_add_setting(struct cli *c, const char *name,
                            const char *value)
{
    char option[64];
    const struct setting *s;

    snprintf(option, sizeof option, "--%s", name);
    s = settings_find_option(option);
    if (!s) /* only names from cli_longopts come here */
        fatal("cli: no setting has the option %s", option);
    if (s->type == SETTING_LANGUAGES) {
        if (strcmp(s->section, "subtitles") == 0)
            c->slang = value;
        else
            c->alang = value;
        return;
    }
    if (!s->option_arg)
        value = s->option_value;
    for (size_t i = 0; i < c->nsettings; i++)
        if (c->settings[i].option == s->option) {
            c->settings[i].value = value;
            return;
        }
    if (c->nsettings == CLI_MAX_SETTINGS)
        fatal("cli: more options that set settings than CLI_MAX_SETTINGS");
    c->settings[c->nsettings++] =
        (struct cli_setting){ s->option, s->section, s->key, value };
}

/* Everything after the options: what the action needs. */
static int cli_check_files(struct cli *out, char **err)
{
    if (out->action == CLI_LIST_KEYS) {
        if (out->nfiles > 0) {
            *err = xstrdup("--list-keys takes no FILE");
            return -1;
        }
        return 0;
    }
    if (out->nfiles == 0 && !(out->mic && out->action == CLI_PLAY)) {
        *err = xstrdup("no file given");
        return -1;
    }
    return 0;
}

/* What getopt_long refused in arg, in words: an unknown option, or a
 * long one given a value it does not take (getopt then sets optopt to
 * that option's id). */
static char *cli_unknown(const char *arg)
{
    if (optopt && strncmp(arg, "--", 2) == 0)
        return xasprintf("option %.*s takes no argument",
                         (int)strcspn(arg, "="), arg);
    if (optopt)
        return xasprintf("unknown option -%c", optopt);
    return xasprintf("unknown option %s", arg);
}

int cli_parse(int argc, char **argv, struct cli *out, char **err)
{
    struct option *longopts = cli_longopts();
    int c, at, status = 0;

    memset(out, 0, sizeof *out);
    out->action = CLI_PLAY;
    opterr = 0; /* we word the errors ourselves */
    /* 0, not 1: glibc then also forgets where it was inside a group of
     * short options ("-zh") that an earlier parse stopped in. */
    optind = 0;
    while (status == 0 &&
           (c = getopt_long(argc, argv, ":hV", longopts, &at)) != -1) {
        switch (c) {
        case CLI_OPT_LIST: out->action = CLI_LIST_TRACKS; break;
        case CLI_OPT_LIST_KEYS: out->action = CLI_LIST_KEYS; break;
        case CLI_OPT_MPV:
            status = cli_add_mpv_opt(out, optarg, err);
            break;
        case CLI_OPT_CONFIG: out->config = optarg; out->no_config = false; break;
        case CLI_OPT_NO_CONFIG: out->no_config = true; out->config = NULL; break;
        case CLI_OPT_INPUT_CONF: out->input_conf = optarg; break;
        case CLI_OPT_NO_VIDEO: out->no_video = true; break;
        case CLI_OPT_START: out->start = optarg; break;
        case CLI_OPT_SUB_FILE:
            out->sub_files = xreallocarray(out->sub_files,
                                           out->nsub_files + 1,
                                           sizeof *out->sub_files);
            out->sub_files[out->nsub_files++] = optarg;
            break;
        case CLI_OPT_SHUFFLE: out->shuffle = true; break;
        case CLI_OPT_LOOP_PLAYLIST: out->loop_playlist = true; break;
        case CLI_OPT_MIC: out->mic = true; break;
        case CLI_OPT_SETTING:
            cli_add_setting(out, longopts[at].name, optarg);
            break;
        case 'h': out->action = CLI_HELP; free(longopts); return 0;
        case 'V': out->action = CLI_VERSION; free(longopts); return 0;
        case ':':
            *err = xasprintf("option %s needs an argument", argv[optind - 1]);
            status = -1;
            break;
        default:
            *err = cli_unknown(argv[optind - 1]);
            status = -1;
            break;
        }
    }
    free(longopts);
    if (status < 0)
        return -1;
    out->files = argv + optind;
    out->nfiles = (size_t)(argc - optind);
    return cli_check_files(out, err);
}

void cli_free(struct cli *c)
{
    for (size_t i = 0; i < c->nmpv_opts; i++)
        free(c->mpv_opt_buf[i]);
    free(c->mpv_opt_buf);
    free(c->mpv_opts);
    free(c->sub_files);
    memset(c, 0, sizeof *c);
}
