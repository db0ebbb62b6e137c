/* commands.c - what each command does to the session. */
#include "commands.h"

#include "film.h"
#include "monitor.h"
#include "player.h"
#include "session.h"
#include "strbuf.h"
#include "trace.h"
#include "xmem.h"

#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* The properties add, set, cycle and multiply act on, and their groups. */
enum commands_prop {
    PROP_PAUSE, PROP_MUTE, PROP_VOLUME, PROP_SPEED, PROP_CHAPTER,
    PROP_MIC_FREQUENCY, PROP_MIC_GAIN, PROP_MIC_VOLUME, PROP_MIC_MUTE,
    PROP_DUCK, PROP_SUB, PROP_SUB_VISIBILITY, PROP_SUB_DELAY,
    PROP_SECONDARY_SID,
};

static const char *const commands_props[] = {
    "pause", "mute", "volume", "speed", "chapter", "mic-frequency",
    "mic-gain", "mic-volume", "mic-mute", "duck", "sub", "sub-visibility",
    "sub-delay", "secondary-sid", NULL,
};

static const enum commands_group commands_prop_groups[] = {
    COMMANDS_PLAYBACK, COMMANDS_VOLUME, COMMANDS_VOLUME, COMMANDS_PLAYBACK,
    COMMANDS_PLAYBACK, COMMANDS_MIC, COMMANDS_MIC, COMMANDS_MIC, COMMANDS_MIC,
    COMMANDS_TRACKS, COMMANDS_SUBTITLES, COMMANDS_SUBTITLES,
    COMMANDS_SUBTITLES, COMMANDS_SUBTITLES,
};

static const char *const commands_seek_flags[] = {
    "relative", "absolute", "absolute-percent", "relative-percent", "exact",
    "keyframes", "default-precise", NULL,
};
enum { SEEK_RELATIVE = 1, SEEK_ABSOLUTE = 2, SEEK_ABS_PERCENT = 4,
       SEEK_REL_PERCENT = 8, SEEK_EXACT = 16, SEEK_KEYFRAMES = 32 };

static const char *const commands_directions[] = { "up", "down", NULL };
static const char *const commands_select[] = {
    "next", "prev", "first", "last", NULL,
};
static const char *const commands_playlist_flags[] = { "weak", "force", NULL };

static const char *const commands_group_names[] = {
    [COMMANDS_PLAYBACK] = "Playback",
    [COMMANDS_TRACKS] = "Audio tracks",
    [COMMANDS_SUBTITLES] = "Subtitles",
    [COMMANDS_VOLUME] = "Volume",
    [COMMANDS_MIC] = "Mic monitor",
    [COMMANDS_SCREEN] = "Screen",
};

/* The property a command names in its first argument. */
static enum commands_prop commands_prop(const struct command *cmd)
{
    unsigned mask = cmd->args[0].choice;
    int i = 0;

    while (mask > 1) {
        mask >>= 1;
        i++;
    }
    return (enum commands_prop)i;
}

/* Say a problem with a command the user gave. */
static void commands_refuse(struct session *s, const struct command *cmd,
                            const char *why)
{
    struct strbuf sb = STRBUF_INIT;

    strbuf_addf(&sb, "%s: %s", cmd->spec->name, why);
    session_say(s, strbuf_str(&sb));
    strbuf_free(&sb);
}

/* yes/no as set's value: -1 when it is neither. */
static int commands_yes_no(const char *v)
{
    if (strcasecmp(v, "yes") == 0 || strcmp(v, "1") == 0)
        return 1;
    if (strcasecmp(v, "no") == 0 || strcmp(v, "0") == 0)
        return 0;
    return -1;
}

static bool commands_film(struct session *s, const struct command *cmd)
{
    if (s->player && s->loaded)
        return true;
    commands_refuse(s, cmd, "no file is playing");
    return false;
}

static void commands_ignore(void *ctx, const struct command *cmd)
{
    (void)ctx;
    (void)cmd;
}

static void commands_quit(void *ctx, const struct command *cmd)
{
    struct session *s = ctx;

    (void)cmd;
    s->quit = true;
}

static void commands_quit_watch_later(void *ctx, const struct command *cmd)
{
    struct session *s = ctx;

    (void)cmd;
    s->quit = s->remember = true;
}

static void commands_seek(void *ctx, const struct command *cmd)
{
    struct session *s = ctx;
    unsigned flags = cmd->args[1].choice | cmd->args[2].choice;
    double v = cmd->args[0].number;
    enum player_seek_type mode = PLAYER_SEEK_RELATIVE;

    if (!commands_film(s, cmd))
        return;
    if (flags & SEEK_ABSOLUTE)
        mode = PLAYER_SEEK_ABSOLUTE;
    else if (flags & SEEK_ABS_PERCENT)
        mode = PLAYER_SEEK_ABSOLUTE_PERCENT;
    else if (flags & SEEK_REL_PERCENT)
        mode = PLAYER_SEEK_RELATIVE_PERCENT;
    trace_log("seek %s%.3f pos=%.3f", mode == PLAYER_SEEK_ABSOLUTE ? "to "
              : "", v, player_status(s->player)->position);
    /* Absolute seeks land exactly, as in mpv; relative ones on keyframes
     * unless asked. */
    player_seek_mode(s->player, v, mode,
                   (flags & SEEK_EXACT) ? PLAYER_SEEK_EXACT
                   : (flags & SEEK_KEYFRAMES) ? PLAYER_SEEK_KEYFRAMES
                   : PLAYER_SEEK_DEFAULT);
}

/* Change a mic monitor setting: add (the frequency by sixths of an octave,
 * the table's step), multiply or set; the setting table holds the range. */
static void commands_mic(struct session *s, enum commands_prop prop,
                         enum setting_op op, double v)
{
    const char *name = commands_props[prop];

    if (op == SETTING_OP_ADD && prop == PROP_MIC_FREQUENCY)
        op = SETTING_OP_STEP;
    monitor_change(s->monitor, name, op, v, NULL);
}

/* Mute the monitor, or not. */
static void commands_mic_mute(struct session *s, bool muted)
{
    if (monitor_toggle_mute(s->monitor) != muted)
        monitor_toggle_mute(s->monitor);
}

/* Subtitles shown or not, and said. */
static void commands_sub_visible(struct session *s, bool visible)
{
    player_set_sub_visible(s->player, visible);
    session_say(s, visible ? "subtitles shown" : "subtitles hidden");
}

static void commands_add(void *ctx, const struct command *cmd)
{
    struct session *s = ctx;
    enum commands_prop prop = commands_prop(cmd);
    double v = cmd->args[1].given ? cmd->args[1].number : 1;

    if (prop >= PROP_MIC_FREQUENCY && prop <= PROP_MIC_VOLUME) {
        commands_mic(s, prop, SETTING_OP_ADD, v);
        return;
    }
    if (!commands_film(s, cmd))
        return;
    switch (prop) {
    case PROP_VOLUME:
        player_add_volume(s->player, v);
        break;
    case PROP_SPEED:
        player_add_speed(s->player, v);
        break;
    case PROP_CHAPTER:
        if (s->nchapters == 0)
            commands_refuse(s, cmd, "this file has no chapters");
        else
            player_add_chapter(s->player, (int)lround(v));
        break;
    case PROP_SUB_DELAY:
        player_add_sub_delay(s->player, v);
        break;
    default:
        commands_refuse(s, cmd, "that property is not a number");
        break;
    }
}

static void commands_multiply(void *ctx, const struct command *cmd)
{
    struct session *s = ctx;
    enum commands_prop prop = commands_prop(cmd);
    double f = cmd->args[1].number;

    if (prop >= PROP_MIC_FREQUENCY && prop <= PROP_MIC_VOLUME) {
        commands_mic(s, prop, SETTING_OP_MULTIPLY, f);
        return;
    }
    if (!commands_film(s, cmd))
        return;
    if (prop == PROP_SPEED)
        player_multiply_speed(s->player, f);
    else if (prop == PROP_VOLUME)
        player_add_volume(s->player,
                          player_status(s->player)->volume * (f - 1));
    else
        commands_refuse(s, cmd, "only speed and volume can be multiplied");
}

static void commands_set(void *ctx, const struct command *cmd)
{
    struct session *s = ctx;
    enum commands_prop prop = commands_prop(cmd);
    const char *text = cmd->args[1].text;
    int yes = commands_yes_no(text);
    char *end;
    double v = strtod(text, &end);
    bool number = end != text && *end == '\0' && isfinite(v);

    if (prop == PROP_SUB || prop == PROP_SECONDARY_SID) {
        commands_refuse(s, cmd, "cycle it (cycle sub, cycle secondary-sid)");
        return;
    }
    if (prop == PROP_PAUSE || prop == PROP_MUTE || prop == PROP_MIC_MUTE ||
        prop == PROP_DUCK || prop == PROP_SUB_VISIBILITY) {
        if (yes < 0) {
            commands_refuse(s, cmd, "the value must be yes or no");
            return;
        }
    } else if (!number) {
        commands_refuse(s, cmd, "the value must be a number");
        return;
    }
    if (prop == PROP_MIC_MUTE) {
        commands_mic_mute(s, yes == 1);
        return;
    }
    if (prop >= PROP_MIC_FREQUENCY && prop <= PROP_MIC_VOLUME) {
        commands_mic(s, prop, SETTING_OP_SET, v);
        return;
    }
    if (!commands_film(s, cmd))
        return;
    switch (prop) {
    case PROP_PAUSE:
        if (player_status(s->player)->paused != (yes == 1))
            player_toggle_pause(s->player);
        break;
    case PROP_MUTE:
        if (player_status(s->player)->muted != (yes == 1))
            player_toggle_mute(s->player);
        break;
    case PROP_VOLUME:
        player_add_volume(s->player, v - player_status(s->player)->volume);
        break;
    case PROP_SPEED:
        player_set_speed(s->player, v);
        break;
    case PROP_DUCK:
        film_set_ducking(s, yes == 1);
        break;
    case PROP_SUB_VISIBILITY:
        commands_sub_visible(s, yes == 1);
        break;
    case PROP_SUB_DELAY:
        player_set_sub_delay(s->player, v);
        break;
    default: /* chapter: from 0, as mpv counts */
        if (s->nchapters == 0)
            commands_refuse(s, cmd, "this file has no chapters");
        else
            player_add_chapter(s->player,
                               (int)lround(v) - player_status(s->player)->chapter);
        break;
    }
}

static void commands_cycle(void *ctx, const struct command *cmd)
{
    struct session *s = ctx;
    enum commands_prop prop = commands_prop(cmd);
    double dir = cmd->args[1].given && cmd->args[1].choice == 2 ? -1 : 1;

    switch (prop) {
    case PROP_MIC_MUTE:
        monitor_toggle_mute(s->monitor);
        return;
    case PROP_PAUSE:
        if (commands_film(s, cmd))
            player_play_or_pause(s->player);
        return;
    case PROP_MUTE:
        if (commands_film(s, cmd))
            player_toggle_mute(s->player);
        return;
    case PROP_CHAPTER:
        if (commands_film(s, cmd) && s->nchapters > 0)
            player_add_chapter(s->player, (int)dir);
        return;
    case PROP_DUCK:
        if (commands_film(s, cmd))
            film_set_ducking(s, s->duck_off);
        return;
    case PROP_SUB:
    case PROP_SECONDARY_SID:
        if (commands_film(s, cmd))
            film_cycle_sub(s, (int)dir, prop == PROP_SECONDARY_SID);
        return;
    case PROP_SUB_VISIBILITY:
        if (commands_film(s, cmd))
            commands_sub_visible(s,
                                 !player_status(s->player)->sub_visible);
        return;
    default:
        commands_refuse(s, cmd, "only yes/no properties and chapter cycle");
        return;
    }
}

static void commands_playlist_next(void *ctx, const struct command *cmd)
{
    struct session *s = ctx;

    (void)cmd;
    s->step = 1;
}

static void commands_playlist_prev(void *ctx, const struct command *cmd)
{
    struct session *s = ctx;

    (void)cmd;
    s->step = -1;
}

static void commands_playlist_play_index(void *ctx, const struct command *cmd)
{
    struct session *s = ctx;
    double i = cmd->args[0].number;

    if (i < 0 || i >= (double)s->playlist.count) {
        commands_refuse(s, cmd, "no such entry in the playlist");
        return;
    }
    s->cursor = (size_t)i;
    s->jump = true;
}

static void commands_playlist_play_selected(void *ctx, const struct command *cmd)
{
    struct session *s = ctx;

    (void)cmd;
    s->jump = true;
    s->overlay = SCREEN_OVERLAY_NONE;
    s->relayout = true;
}

/* The track row a command names (from 1), or the cursor's; false when
 * there is no such row. */
static bool commands_row(struct session *s, const struct command *cmd,
                         size_t *row)
{
    double n = cmd->args[0].given ? cmd->args[0].number
                                  : (double)s->selected + 1;

    if (n < 1 || n > (double)s->tracks.count)
        return false;
    *row = (size_t)n - 1;
    return true;
}

static void commands_track_toggle(void *ctx, const struct command *cmd)
{
    struct session *s = ctx;
    size_t row;

    if (s->loaded && commands_row(s, cmd, &row))
        film_toggle(s, row);
}

static void commands_track_solo(void *ctx, const struct command *cmd)
{
    struct session *s = ctx;
    size_t row;

    if (s->loaded && commands_row(s, cmd, &row))
        film_solo(s, row, "solo");
}

/* track-gain and track-gain-set: row N (0: the selected one), by or to
 * DB. */
static void commands_gain(struct session *s, const struct command *cmd,
                          bool relative)
{
    double n = cmd->args[0].number, db = cmd->args[1].number;

    if (!commands_film(s, cmd))
        return;
    if (n < 0 || n > (double)s->tracks.count || (n == 0 && !s->tracks.count)) {
        commands_refuse(s, cmd, "no such track: N counts the rows from 1 "
                                "(0 is the selected one)");
        return;
    }
    if (!isfinite(db)) {
        commands_refuse(s, cmd, "the gain must be a number of dB");
        return;
    }
    film_gain(s, n == 0 ? s->selected : (size_t)n - 1, db, relative);
}

static void commands_track_gain(void *ctx, const struct command *cmd)
{
    commands_gain(ctx, cmd, true);
}

static void commands_track_gain_set(void *ctx, const struct command *cmd)
{
    commands_gain(ctx, cmd, false);
}

static void commands_track_next_alone(void *ctx, const struct command *cmd)
{
    struct session *s = ctx;

    (void)cmd;
    if (s->loaded)
        film_cycle(s);
}

static void commands_track_select(void *ctx, const struct command *cmd)
{
    struct session *s = ctx;
    size_t n = s->tracks.count;

    switch (cmd->args[0].choice) {
    case 1: /* next */
        if (s->selected + 1 < n)
            s->selected++;
        break;
    case 2: /* prev */
        if (s->selected > 0)
            s->selected--;
        break;
    case 4: /* first */
        s->selected = 0;
        break;
    default: /* last */
        s->selected = n > 0 ? n - 1 : 0;
        break;
    }
}

static void commands_mic_toggle(void *ctx, const struct command *cmd)
{
    struct session *s = ctx;
    char *err = monitor_toggle(s->monitor);

    (void)cmd;
    if (err) {
        session_say(s, err);
        free(err);
    }
    s->relayout = true;
}

/* Open overlay o, or close it when it shows. */
static void commands_overlay(struct session *s, enum screen_overlay o)
{
    s->overlay = s->overlay == o ? SCREEN_OVERLAY_NONE : o;
    /* The messages open at the newest, the playlist at the file playing. */
    s->scroll = o == SCREEN_OVERLAY_MESSAGES ? INT_MAX / 2 : 0;
    if (o == SCREEN_OVERLAY_PLAYLIST) {
        s->cursor = s->current;
        s->scroll = (int)s->current - 3;
    }
    /* The picture stops and its area is cleared: curses believes it
     * blank, so the box's own blanks would not hide it otherwise. */
    s->relayout = true;
}

static void commands_show_help(void *ctx, const struct command *cmd)
{
    (void)cmd;
    commands_overlay(ctx, SCREEN_OVERLAY_HELP);
}

static void commands_show_messages(void *ctx, const struct command *cmd)
{
    (void)cmd;
    commands_overlay(ctx, SCREEN_OVERLAY_MESSAGES);
}

static void commands_show_playlist(void *ctx, const struct command *cmd)
{
    (void)cmd;
    commands_overlay(ctx, SCREEN_OVERLAY_PLAYLIST);
}

static void commands_scroll(void *ctx, const struct command *cmd)
{
    struct session *s = ctx;
    int by = (int)cmd->args[0].number;

    if (s->overlay == SCREEN_OVERLAY_PLAYLIST) {
        long c = (long)s->cursor + by;

        s->cursor = c < 0 ? 0 : c >= (long)s->playlist.count
                                 ? s->playlist.count - 1 : (size_t)c;
        /* Keep the cursor in view. */
        if ((int)s->cursor < s->map.scroll)
            s->scroll = (int)s->cursor;
        else if (s->map.list_rows > 0 &&
                 (int)s->cursor >= s->map.scroll + s->map.list_rows)
            s->scroll = (int)s->cursor - s->map.list_rows + 1;
        else
            s->scroll = s->map.scroll;
        return;
    }
    s->scroll = s->map.scroll + by;
}

static void commands_redraw(void *ctx, const struct command *cmd)
{
    struct session *s = ctx;

    (void)cmd;
    s->relayout = s->repaint = true;
}

#define ARG(n, t) { n, t, false, NULL }
#define OPT(n, t) { n, t, true, NULL }
#define CHOICE(n, c) { n, COMMAND_ARG_CHOICE, false, c }
#define OPT_CHOICE(n, c) { n, COMMAND_ARG_CHOICE, true, c }

const struct command_spec commands_table[] = {
    { "ignore", { { 0 } }, "nothing (unbinds a key)", COMMANDS_SCREEN,
      commands_ignore },
    { "quit", { OPT("exit code", COMMAND_ARG_INT) },
      "quit (the position is remembered with [player] resume = yes)",
      COMMANDS_PLAYBACK, commands_quit },
    { "quit-watch-later", { { 0 } }, "quit and remember the position",
      COMMANDS_PLAYBACK, commands_quit_watch_later },
    { "seek", { ARG("time", COMMAND_ARG_NUMBER),
                OPT_CHOICE("flags", commands_seek_flags),
                OPT_CHOICE("precision", commands_seek_flags) },
      "seek (seconds, or percent with absolute-percent)", COMMANDS_PLAYBACK,
      commands_seek },
    { "add", { CHOICE("property", commands_props),
               OPT("value", COMMAND_ARG_NUMBER) },
      "add to a property", COMMANDS_PLAYBACK, commands_add },
    { "multiply", { CHOICE("property", commands_props),
                    ARG("factor", COMMAND_ARG_NUMBER) },
      "multiply a property", COMMANDS_PLAYBACK, commands_multiply },
    { "set", { CHOICE("property", commands_props),
               ARG("value", COMMAND_ARG_TEXT) },
      "set a property", COMMANDS_PLAYBACK, commands_set },
    { "cycle", { CHOICE("property", commands_props),
                 OPT_CHOICE("direction", commands_directions) },
      "flip a yes/no property, or the next track", COMMANDS_PLAYBACK,
      commands_cycle },
    { "playlist-next", { OPT_CHOICE("flags", commands_playlist_flags) },
      "next file", COMMANDS_PLAYBACK, commands_playlist_next },
    { "playlist-prev", { OPT_CHOICE("flags", commands_playlist_flags) },
      "previous file", COMMANDS_PLAYBACK, commands_playlist_prev },
    { "playlist-play-index", { ARG("index", COMMAND_ARG_INT) },
      "play playlist entry N (from 0)", COMMANDS_PLAYBACK,
      commands_playlist_play_index },
    { "playlist-play-selected", { { 0 } }, "play the selected file",
      COMMANDS_SCREEN, commands_playlist_play_selected },
    { "track-toggle", { OPT("row", COMMAND_ARG_INT) },
      "audio track N on / off (the selected one without N)",
      COMMANDS_TRACKS, commands_track_toggle },
    { "track-solo", { OPT("row", COMMAND_ARG_INT) },
      "audio track N alone (the selected one without N)", COMMANDS_TRACKS,
      commands_track_solo },
    { "track-gain", { ARG("row", COMMAND_ARG_INT),
                      ARG("dB", COMMAND_ARG_NUMBER) },
      "audio track N's gain up or down by DB (N = 0: the selected one)",
      COMMANDS_TRACKS, commands_track_gain },
    { "track-gain-set", { ARG("row", COMMAND_ARG_INT),
                          ARG("dB", COMMAND_ARG_NUMBER) },
      "audio track N's gain to DB, -60 to 12 (N = 0: the selected one)",
      COMMANDS_TRACKS, commands_track_gain_set },
    { "track-next-alone", { { 0 } },
      "the track after the last enabled one, alone (after the last: none)",
      COMMANDS_TRACKS, commands_track_next_alone },
    { "track-select", { CHOICE("where", commands_select) },
      "move in the track list", COMMANDS_TRACKS, commands_track_select },
    { "mic-toggle", { { 0 } }, "mic monitoring on / off", COMMANDS_MIC,
      commands_mic_toggle },
    { "show-help", { { 0 } }, "the keys", COMMANDS_SCREEN,
      commands_show_help },
    { "show-messages", { { 0 } }, "the last messages", COMMANDS_SCREEN,
      commands_show_messages },
    { "show-playlist", { { 0 } }, "the playlist", COMMANDS_SCREEN,
      commands_show_playlist },
    { "scroll", { ARG("rows", COMMAND_ARG_INT) },
      "scroll the help, the messages or the playlist", COMMANDS_SCREEN,
      commands_scroll },
    { "redraw", { { 0 } }, "draw the whole screen again", COMMANDS_SCREEN,
      commands_redraw },
};

const size_t commands_count = sizeof commands_table / sizeof commands_table[0];

const char *commands_group_name(enum commands_group g)
{
    return commands_group_names[g];
}

enum commands_group commands_group_of(const struct command *cmd)
{
    const char *n = cmd->spec->name;

    if (strcmp(n, "add") == 0 || strcmp(n, "set") == 0 ||
        strcmp(n, "cycle") == 0 || strcmp(n, "multiply") == 0)
        return commands_prop_groups[commands_prop(cmd)];
    return (enum commands_group)cmd->spec->group;
}
