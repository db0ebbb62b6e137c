/* play.h - play one file on the terminal: picture, tracks, keys. */
#ifndef TPLAY_UI_PLAY_H
#define TPLAY_UI_PLAY_H

#include "cli.h"
#include "config.h"

/* Play cli->files[0] with cfg's preferences until the user quits.
 * Returns the exit status. */
int play_run(const struct cli *cli, const struct config *cfg);

#endif
