/* cli.c - command-line parsing (getopt_long). */
#include "cli.h"

#include "xmem.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>

enum { CLI_OPT_LIST = 256, CLI_OPT_MPV, CLI_OPT_CONFIG, CLI_OPT_NO_CONFIG,
       CLI_OPT_ALANG, CLI_OPT_NO_VIDEO, CLI_OPT_MIC, CLI_OPT_SETTING };

/* Options that set a config key: option name, [section] key. */
static const struct {
    const char *option, *section, *key;
} cli_setting_opts[] = {
    { "--mic-device", "mic", "capture" },
    { "--mic-output", "mic", "playback" },
    { "--mic-frequency", "mic", "frequency" },
    { "--mic-gain", "mic", "gain" },
    { "--mic-period", "mic", "period" },
    { "--mic-periods", "mic", "periods" },
    { "--mic-volume", "mic", "volume" },
};
#define CLI_NSETTING_OPTS (sizeof cli_setting_opts / sizeof cli_setting_opts[0])

const char *cli_usage(void)
{
    return "usage: tplay [OPTION]... FILE\n"
           "       tplay --mic [OPTION]... [FILE]\n"
           "       tplay --list-tracks FILE...\n"
           "Play FILE in the terminal, with its audio tracks at hand.\n"
           "\n"
           "  --list-tracks        print each FILE's audio tracks as one JSON\n"
           "                       line (HTML AudioTrack fields) and exit\n"
           "  --alang LIST         preferred audio languages, in order, as BCP 47\n"
           "                       tags (e.g. ja,en); overrides the config\n"
           "  --config FILE        read FILE instead of the config files\n"
           "  --no-config          read no config file\n"
           "  --no-video           play the sound only (video not decoded)\n"
           "  --mpv-opt KEY=VALUE  hand an option to libmpv (repeatable),\n"
           "                       e.g. ao=alsa, audio-device=alsa/hw:1\n"
           "  --mic                monitor the microphone through a Web Audio\n"
           "                       lowshelf filter (alone without FILE)\n"
           "  --mic-device PCM     ALSA capture device (default: default)\n"
           "  --mic-output PCM     ALSA playback device (default: default)\n"
           "  --mic-frequency HZ   lowshelf frequency (default 350)\n"
           "  --mic-gain DB        lowshelf gain (default 0)\n"
           "  --mic-period FRAMES  frames per period (default 128)\n"
           "  --mic-periods N      playback periods (default 2)\n"
           "  --mic-volume PERCENT monitor volume (default 100)\n"
           "  -h, --help           show this help and exit\n"
           "  -V, --version        show the version and exit\n"
           "\n"
           "Keys while playing: space/p pause, ? help, q quit.  See tplay(1).\n";
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

/* Keep --OPTION VALUE for config_set; a repeated option keeps the last. */
static void cli_add_setting(struct cli *c, const char *option,
                            const char *value)
{
    _Static_assert(CLI_NSETTING_OPTS <= CLI_MAX_SETTINGS,
                   "one slot per option");
    for (size_t i = 0; i < c->nsettings; i++)
        if (strcmp(c->settings[i].option + 2, option) == 0) {
            c->settings[i].value = value;
            return;
        }
    for (size_t i = 0; i < CLI_NSETTING_OPTS; i++)
        if (strcmp(option, cli_setting_opts[i].option + 2) == 0) {
            c->settings[c->nsettings++] = (struct cli_setting){
                cli_setting_opts[i].option, cli_setting_opts[i].section,
                cli_setting_opts[i].key, value };
            return;
        }
}

int cli_parse(int argc, char **argv, struct cli *out, char **err)
{
    static const struct option longopts[] = {
        { "list-tracks", no_argument, NULL, CLI_OPT_LIST },
        { "mpv-opt", required_argument, NULL, CLI_OPT_MPV },
        { "config", required_argument, NULL, CLI_OPT_CONFIG },
        { "no-config", no_argument, NULL, CLI_OPT_NO_CONFIG },
        { "alang", required_argument, NULL, CLI_OPT_ALANG },
        { "no-video", no_argument, NULL, CLI_OPT_NO_VIDEO },
        { "mic", no_argument, NULL, CLI_OPT_MIC },
        { "mic-device", required_argument, NULL, CLI_OPT_SETTING },
        { "mic-output", required_argument, NULL, CLI_OPT_SETTING },
        { "mic-frequency", required_argument, NULL, CLI_OPT_SETTING },
        { "mic-gain", required_argument, NULL, CLI_OPT_SETTING },
        { "mic-period", required_argument, NULL, CLI_OPT_SETTING },
        { "mic-periods", required_argument, NULL, CLI_OPT_SETTING },
        { "mic-volume", required_argument, NULL, CLI_OPT_SETTING },
        { "help", no_argument, NULL, 'h' },
        { "version", no_argument, NULL, 'V' },
        { NULL, 0, NULL, 0 },
    };
    int c, at;

    memset(out, 0, sizeof *out);
    out->action = CLI_PLAY;
    opterr = 0; /* we word the errors ourselves */
    optind = 1;
    while ((c = getopt_long(argc, argv, ":hV", longopts, &at)) != -1) {
        switch (c) {
        case CLI_OPT_LIST: out->action = CLI_LIST_TRACKS; break;
        case CLI_OPT_MPV:
            if (cli_add_mpv_opt(out, optarg, err) < 0)
                return -1;
            break;
        case CLI_OPT_CONFIG: out->config = optarg; out->no_config = false; break;
        case CLI_OPT_NO_CONFIG: out->no_config = true; out->config = NULL; break;
        case CLI_OPT_ALANG: out->alang = optarg; break;
        case CLI_OPT_NO_VIDEO: out->no_video = true; break;
        case CLI_OPT_MIC: out->mic = true; break;
        case CLI_OPT_SETTING:
            cli_add_setting(out, longopts[at].name, optarg);
            break;
        case 'h': out->action = CLI_HELP; return 0;
        case 'V': out->action = CLI_VERSION; return 0;
        case ':':
            *err = xasprintf("option %s needs an argument", argv[optind - 1]);
            return -1;
        default:
            *err = optopt ? xasprintf("unknown option -%c", optopt)
                          : xasprintf("unknown option %s", argv[optind - 1]);
            return -1;
        }
    }
    out->files = argv + optind;
    out->nfiles = (size_t)(argc - optind);
    if (out->nfiles == 0 && !(out->mic && out->action == CLI_PLAY)) {
        *err = xstrdup("no file given");
        return -1;
    }
    if (out->action == CLI_PLAY && out->nfiles > 1) {
        *err = xstrdup("tplay plays one file at a time");
        return -1;
    }
    return 0;
}

void cli_free(struct cli *c)
{
    for (size_t i = 0; i < c->nmpv_opts; i++)
        free(c->mpv_opt_buf[i]);
    free(c->mpv_opt_buf);
    free(c->mpv_opts);
    memset(c, 0, sizeof *c);
}
