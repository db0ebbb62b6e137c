/* dispatch.c - keys and clicks to commands. */
#include "dispatch.h"

#include "commands.h"
#include "film.h"
#include "input_defaults.h"
#include "keyname.h"
#include "player.h"
#include "xmem.h"

#include <stdlib.h>
#include <string.h>

#define DISPATCH_WHEEL_VOLUME 2.0 /* the wheel over the status: as 9 / 0 */

/* The overlay's section name, or NULL. */
static const char *dispatch_overlay_section(const struct session *s)
{
    switch (s->overlay) {
    case SCREEN_OVERLAY_HELP:
    case SCREEN_OVERLAY_MESSAGES:
        return "help";
    case SCREEN_OVERLAY_PLAYLIST:
        return "playlist";
    default:
        return NULL;
    }
}

static void dispatch_close_overlay(struct session *s)
{
    s->overlay = SCREEN_OVERLAY_NONE;
    s->relayout = true;
}

static void dispatch_run(struct session *s, const struct binding *b)
{
    command_run(&b->chain, s);
    s->dirty = true;
}

static bool dispatch_in(int v, int from, int count)
{
    return count > 0 && v >= from && v < from + count;
}

/* A click or the wheel on the screen's own parts; false when it is not
 * over one (then the bindings decide, as over mpv's picture). */
static bool dispatch_mouse(struct session *s, const struct input_event *ev)
{
    const struct screen_map *m = &s->map;
    int key = ev->key & ~KEYNAME_MODS;

    if (s->overlay != SCREEN_OVERLAY_NONE) {
        bool inside = dispatch_in(ev->row, m->list_y, m->list_rows) &&
                      dispatch_in(ev->col, m->list_x, m->list_cols);

        if (key == KEYNAME_MBTN_LEFT && inside &&
            s->overlay == SCREEN_OVERLAY_PLAYLIST) {
            size_t i = (size_t)(m->scroll + ev->row - m->list_y);

            if (i < s->playlist.count) {
                s->cursor = i;
                s->jump = true;
            }
            dispatch_close_overlay(s);
            return true;
        }
        return false; /* the overlay's section: scroll, or close */
    }
    if (dispatch_in(ev->row, m->tracks_y, (int)m->tracks_shown) &&
        dispatch_in(ev->col, m->tracks_x, m->tracks_cols) && s->loaded) {
        size_t row = m->tracks_first + (size_t)(ev->row - m->tracks_y);

        if (key == KEYNAME_MBTN_LEFT) {
            s->selected = row;
            film_toggle(s, row);
            return true;
        }
        if (key == KEYNAME_WHEEL_UP || key == KEYNAME_WHEEL_DOWN) {
            if (key == KEYNAME_WHEEL_UP && s->selected > 0)
                s->selected--;
            else if (key == KEYNAME_WHEEL_DOWN &&
                     s->selected + 1 < s->tracks.count)
                s->selected++;
            return true;
        }
    }
    if (ev->row == m->status_y && s->loaded && s->player) {
        if (key == KEYNAME_MBTN_LEFT && m->bar_cols > 0 &&
            dispatch_in(ev->col, m->bar_x, m->bar_cols)) {
            double pct = (ev->col - m->bar_x + 0.5) * 100.0 / m->bar_cols;

            player_seek_mode(s->player, pct, PLAYER_SEEK_ABSOLUTE_PERCENT,
                           PLAYER_SEEK_DEFAULT);
            return true;
        }
        if (key == KEYNAME_WHEEL_UP || key == KEYNAME_WHEEL_DOWN) {
            player_add_volume(s->player, key == KEYNAME_WHEEL_UP
                                             ? DISPATCH_WHEEL_VOLUME
                                             : -DISPATCH_WHEEL_VOLUME);
            return true;
        }
    }
    return false;
}

void dispatch_event(struct session *s, const struct input_event *ev)
{
    const char *overlay = dispatch_overlay_section(s);
    const struct binding *b = NULL;

    if (ev->key == KEYNAME_RESIZE) { /* what the terminal shows is unknown */
        s->relayout = s->repaint = true;
        return;
    }
    if (keyname_is_mouse(ev->key) && s->cfg->player.mouse &&
        dispatch_mouse(s, ev)) {
        s->dirty = true;
        return;
    }
    if (overlay) {
        b = bindings_find(&s->bindings, overlay, ev->key);
        /* Any other key closes the overlay, and does nothing else. */
        if (!b) {
            dispatch_close_overlay(s);
            return;
        }
        dispatch_run(s, b);
        return;
    }
    if (monitor_state(s->monitor) != MONITOR_OFF || !s->file)
        b = bindings_find(&s->bindings, "mic", ev->key);
    if (!b)
        b = bindings_find(&s->bindings, "default", ev->key);
    if (b)
        dispatch_run(s, b);
}

bool dispatch_key_for(const struct session *s, const char *name, char *buf,
                      size_t n)
{
    for (size_t i = 0; i < s->bindings.count; i++) {
        const struct binding *b = &s->bindings.list[i];

        if (strcmp(b->section, "default") == 0 && b->chain.count == 1 &&
            strcmp(b->chain.cmds[0].spec->name, name) == 0 &&
            bindings_in_force(&s->bindings, i)) {
            keyname_format(b->key, buf, n);
            return true;
        }
    }
    return false;
}

void dispatch_load(struct bindings *b, const struct cli *cli)
{
    char *path = cli->input_conf ? xstrdup(cli->input_conf)
                                 : bindings_user_path();

    bindings_load_text(b, input_defaults, input_defaults_len,
                       "the default bindings", false, commands_table,
                       commands_count);
    if (path)
        bindings_load_file(b, path, cli->input_conf != NULL, commands_table,
                           commands_count);
    free(path);
}
