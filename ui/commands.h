/* commands.h - tplay's one table of commands: name, arguments, help and
 * handler.  Keys (share/input.conf, a user's input.conf), the mouse and
 * the help all go through it. */
#ifndef TPLAY_UI_COMMANDS_H
#define TPLAY_UI_COMMANDS_H

#include "command.h"

#include <stddef.h>

/* The groups the help shows, in its order. */
enum commands_group {
    COMMANDS_PLAYBACK,
    COMMANDS_TRACKS,
    COMMANDS_SUBTITLES,
    COMMANDS_VOLUME,
    COMMANDS_MIC,
    COMMANDS_SCREEN,
    COMMANDS_GROUPS,
};

/* The table; each handler takes a struct session * (session.h). */
extern const struct command_spec commands_table[];
extern const size_t commands_count;

/* The group's title for the help ("Playback"). */
const char *commands_group_name(enum commands_group g);

/* The group a command belongs to: its table row's, or for add, set,
 * cycle and multiply the property's ("add volume 2" is Volume). */
enum commands_group commands_group_of(const struct command *cmd);

#endif
