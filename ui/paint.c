/* paint.c - curses and the picture, in order. */
#include "paint.h"

#include "dispatch.h"
#include "film.h"
#include "help.h"
#include "keyname.h"
#include "levels.h"
#include "meter.h"
#include "mix.h"
#include "now.h"
#include "pane.h"
#include "subtitle.h"
#include "trace.h"
#include "xmem.h"

#include <curses.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#define PAINT_METER_MS 100 /* the mic's and the tracks' meters are redrawn
                              this often */

bool paint_track_meters(const struct session *s)
{
    const struct player_status *st;

    if (!s->mix || !mix_levels(s->mix) || !s->loaded || !s->player)
        return false;
    st = player_status(s->player);
    if (st->paused || st->ended)
        return false; /* the graph stands still: so do the meters */
    for (size_t i = 0; i < s->tracks.count; i++)
        if (s->tracks.tracks[i].enabled)
            return true;
    return false;
}

/* The tracks' meters for the screen: each enabled track's level at the
 * playback position plus its gain (the mix applies the gain after the
 * meter); NULL when the graph has none. */
static struct screen_level *paint_levels(struct session *s)
{
    struct levels *l = s->mix ? mix_levels(s->mix) : NULL;
    struct screen_level *out;
    double at;

    if (!l || !s->loaded || !s->player)
        return NULL;
    at = player_status(s->player)->position;
    out = xcalloc(s->tracks.count + 1, sizeof *out);
    for (size_t i = 0; i < s->tracks.count; i++) {
        const struct track *t = &s->tracks.tracks[i];
        struct levels_reading r;

        if (!t->enabled || !levels_get(l, i, at, &r))
            continue;
        out[i] = (struct screen_level){ true, r.peak_db + (float)t->gain,
                                        r.rms_db + (float)t->gain };
        if (r.rms_db <= METER_FLOOR_DB)
            out[i].rms_db = METER_FLOOR_DB;
        if (r.peak_db <= METER_FLOOR_DB)
            out[i].peak_db = METER_FLOOR_DB;
    }
    s->levels_drawn = levels_count(l);
    return out;
}

/* Put the pane at r.  curses believes the cells the pane leaves blank,
 * so it would never overwrite the picture left there: its rows are
 * rewritten in place at the next update (never the whole screen cleared,
 * which flashes), and the picture is drawn again over what curses wrote. */
static void paint_place_pane(struct session *s, struct layout_rect r)
{
    struct layout_rect was = s->pane_at;

    if (!s->pane || (was.y == r.y && was.x == r.x && was.rows == r.rows &&
                     was.cols == r.cols))
        return;
    if (was.rows > 0 && was.cols > 0)
        wredrawln(stdscr, was.y, was.rows);
    pane_place(s->pane, r.y, r.x, r.rows, r.cols);
    s->pane_at = r;
    s->pane_moved = true;
}

/* Which cues to draw now (bit 0 the primary, bit 1 the secondary): a
 * text track shows, the cue has text and its end (sub-delay added) has
 * not come on the player's clock (libmpv takes it away only with the
 * next frame it shows). */
static unsigned paint_cues(const struct session *s)
{
    const struct player_status *st = s->player && s->loaded
        ? player_status(s->player) : NULL;
    double now;
    unsigned on = 0;

    if (!st || !st->sub_visible || st->sub_bitmap)
        return 0;
    now = player_clock(s->player);
    if (st->sub_id >= 0 && st->sub.ass[0] &&
        !(st->sub.end >= 0 && now >= st->sub.end + st->sub_delay))
        on |= 1;
    if (st->sub2_id >= 0 && st->sub2.text[0] &&
        !(st->sub2.end >= 0 && now >= st->sub2.end + st->sub_delay))
        on |= 2;
    return on;
}

/* Whether the cues go over the picture's last rows: as set, with a
 * picture of cells (one in pixels is not cut for them: they go below). */
static bool paint_cues_over(const struct session *s)
{
    return s->cfg->sub_position == CONFIG_SUB_OVER &&
           s->vo.pixels == VIDEO_PIXELS_NONE;
}

/* The rows the layout gives the cues: SUBTITLE_ROWS for each text track
 * showing, below the picture (none when they go over it, unless there
 * is no picture). */
static int paint_cue_rows(const struct session *s)
{
    const struct player_status *st = s->player && s->loaded
        ? player_status(s->player) : NULL;
    int rows = 0;

    if (!st || !st->sub_visible || st->sub_bitmap ||
        (paint_cues_over(s) && s->video_w > 0))
        return 0;
    if (st->sub_id >= 0)
        rows += SUBTITLE_ROWS;
    if (st->sub2_id >= 0)
        rows += SUBTITLE_ROWS;
    return rows;
}

int paint_cue_due_ms(const struct session *s)
{
    const struct player_status *st = s->player && s->loaded
        ? player_status(s->player) : NULL;
    double left = INFINITY, now;
    unsigned on = paint_cues(s);

    if (!on || st->paused || st->ended || st->speed <= 0)
        return -1;
    now = player_clock(s->player);
    if ((on & 1) && st->sub.end >= 0)
        left = st->sub.end + st->sub_delay - now;
    if ((on & 2) && st->sub2.end >= 0 &&
        st->sub2.end + st->sub_delay - now < left)
        left = st->sub2.end + st->sub_delay - now;
    if (!isfinite(left))
        return -1;
    left = left / st->speed * 1000;
    return left < 1 ? 1 : left > 1000 ? 1000 : (int)ceil(left);
}

static void paint_relayout(struct session *s)
{
    /* With --no-video or [video] mode = off libmpv reports no picture. */
    bool has_video = s->video_w > 0;
    const struct layout_rect *v = &s->layout.video;
    /* The layout takes a cell as twice as tall as wide; a picture in
     * pixels is fitted to the cells' real shape. */
    bool px = s->vo.pixels != VIDEO_PIXELS_NONE && s->cell_w > 0;
    int video_w = px ? s->video_w * s->cell_h : s->video_w;
    int video_h = px ? s->video_h * 2 * s->cell_w : s->video_h;
    bool overlay = s->overlay != SCREEN_OVERLAY_NONE;
    /* The panel: the audio rows, then "Subtitles (N)" and a row each. */
    size_t rows = s->tracks.count + (s->text.count ? s->text.count + 1 : 0);

    s->lines = LINES;
    s->cols = COLS;
    s->showing = messages_showing(&s->messages, NULL);
    s->mic_state = monitor_state(s->monitor);
    /* Alone, the monitor takes the screen; under a film, its rows while
     * it runs. */
    s->cue_rows = paint_cue_rows(s);
    layout_compute_cues(&s->layout, LINES, COLS, rows,
                        messages_rows(&s->messages, COLS), !s->file ? LINES
                        : s->mic_state != MONITOR_OFF ? SCREEN_MIC_ROWS : 0,
                        has_video, video_w, video_h, s->cue_rows);
    layout_tags(&s->layout, s->file ? (int)s->ntag_lines : 0, rows, video_w,
                video_h);
    /* Under an overlay nothing is converted or drawn. */
    if (s->video)
        video_set_size(s->video, overlay ? 0 : v->cols, overlay ? 0 : v->rows);
    paint_place_pane(s, overlay ? (struct layout_rect){ v->y, v->x, 0, 0 }
                                : *v);
    s->relayout = false;
    s->dirty = true;
}

void paint_layout(struct session *s)
{
    if (s->relayout || LINES != s->lines || COLS != s->cols ||
        messages_showing(&s->messages, NULL) != s->showing ||
        monitor_state(s->monitor) != s->mic_state ||
        paint_cue_rows(s) != s->cue_rows)
        paint_relayout(s);
    if (s->player && (player_status(s->player)->sub_seq != s->cue_seq ||
                      paint_cues(s) != s->cue_drawn))
        s->dirty = true;
    if (s->mic_state == MONITOR_ON &&
        now_ms() >= s->meters_ms + PAINT_METER_MS)
        s->dirty = true;
    if (paint_track_meters(s) && now_ms() >= s->meters_ms + PAINT_METER_MS) {
        if (levels_count(mix_levels(s->mix)) != s->levels_drawn)
            s->dirty = true;
        else if (!s->dirty) /* nothing new (no sound yet, or any more):
                               look again in 100 ms, not at once */
            s->meters_ms = now_ms();
    }
}

/* The pane leaves the cells of the cues over the picture to curses. */
static void paint_hold(struct session *s)
{
    const struct subtitle_spans *o = &s->map.cues_over;
    int y[SUBTITLE_MAX_SPANS], x[SUBTITLE_MAX_SPANS], cols[SUBTITLE_MAX_SPANS];

    if (!s->pane)
        return;
    for (int i = 0; i < o->n; i++) {
        y[i] = o->span[i].y;
        x[i] = o->span[i].x;
        cols[i] = o->span[i].cols;
    }
    pane_hold(s->pane, y, x, cols, o->n);
}

static void paint_draw(struct session *s)
{
    const char *msgs[MESSAGES_ROWS];
    const char **history = xcalloc(MESSAGES_MAX, sizeof *history);
    /* The playlist's names only for its overlay: a playlist may hold a
     * million entries, and the screen is drawn every second. */
    bool listing = s->overlay == SCREEN_OVERLAY_PLAYLIST;
    const char **names = listing ? xcalloc(s->playlist.count + 1,
                                           sizeof *names) : NULL;
    double *chapters = xcalloc(s->nchapters + 1, sizeof *chapters);
    struct strbuf heard = STRBUF_INIT;
    struct monitor_view mic;
    struct help help;
    char help_key[KEYNAME_MAX];
    char *chapter = NULL;
    struct screen_level *levels = NULL;
    const struct player_status *st = s->player && s->loaded
        ? player_status(s->player) : NULL;
    unsigned cues = paint_cues(s);
    struct subtitle_view cue_view = {
        .ass = cues & 1 ? st->sub.ass : NULL,
        .secondary = cues & 2 ? st->sub2.text : NULL,
        .over = paint_cues_over(s),
    };
    struct screen_view v = {
        .file = s->file,
        .status = s->player && s->loaded ? player_status(s->player) : NULL,
        .tracks = s->file ? &s->tracks : NULL,
        .text = s->file ? &s->text : NULL,
        .selected = s->selected,
        .levels = NULL,
        .messages = msgs,
        .nmessages = messages_showing(&s->messages, msgs),
        .cannot_play = film_cannot_play(s),
        .speed = s->player ? player_status(s->player)->speed : 1,
        .title = s->title,
        .entry = s->current,
        .nentries = s->playlist.count,
        .chapters = chapters,
        .nchapters = s->nchapters,
        .overlay = s->overlay,
        .scroll = s->scroll,
        .history_messages = history,
        .nhistory = s->messages.count,
        .playlist = names,
        .nplaylist = listing ? s->playlist.count : 0,
        .playlist_cursor = s->cursor,
        .layout = &s->layout,
        .mic = s->layout.mic.rows > 0 ? &mic : NULL,
        .cues = cues ? &cue_view : NULL,
        .tags = s->file ? s->tag_lines : NULL,
        .ntags = s->file ? s->ntag_lines : 0,
    };

    memset(&help, 0, sizeof help);
    if (s->file)
        v.levels = levels = paint_levels(s);
    for (size_t i = 0; i < s->messages.count; i++)
        history[i] = s->messages.items[i].text;
    for (size_t i = 0; listing && i < s->playlist.count; i++)
        names[i] = s->playlist.entries[i].title ? s->playlist.entries[i].title
                                                : s->playlist.entries[i].path;
    for (size_t i = 0; i < s->nchapters; i++)
        chapters[i] = s->chapters[i].time;
    if (v.status && v.status->chapter >= 0 &&
        (size_t)v.status->chapter < s->nchapters) {
        const struct player_chapter *c = &s->chapters[v.status->chapter];

        if (c->title)
            v.chapter = c->title;
        else
            v.chapter = chapter = xasprintf("chapter %d", v.status->chapter + 1);
    }
    if (s->overlay == SCREEN_OVERLAY_HELP) {
        help_build(&help, &s->bindings);
        v.help = help.rows;
        v.nhelp = help.count;
        v.video_mode = s->video ? s->vo.text : NULL;
    }
    if (dispatch_key_for(s, "show-help", help_key, sizeof help_key))
        v.help_key = help_key;
    film_heard(s, &heard);
    v.heard = strbuf_str(&heard);
    monitor_view(s->monitor, &mic);
    if (s->repaint) /* curses clears the whole screen, the pane too */
        clearok(curscr, TRUE);
    screen_draw(&v, &s->map);
    s->scroll = s->map.scroll;
    if ((cues & 1) != (s->cue_drawn & 1))
        trace_log("cue %s clock=%.3f start=%.3f end=%.3f delay=%.3f",
                  cues & 1 ? "on" : "off", player_clock(s->player),
                  st->sub.start, st->sub.end, st->sub_delay);
    s->cue_drawn = cues;
    s->cue_seq = s->player ? player_status(s->player)->sub_seq : 0;
    paint_hold(s);
    strbuf_free(&heard);
    help_free(&help);
    free(history);
    free(names);
    free(chapters);
    free(chapter);
    free(levels);
    messages_drawn(&s->messages, v.nmessages);
    s->meters_ms = now_ms();
    if ((s->repaint || s->pane_moved) && s->pane)
        pane_invalidate(s->pane);
    s->repaint = s->pane_moved = s->dirty = false;
}

bool paint_screen(struct session *s)
{
    bool flushed = !s->pane || pane_flush(s->pane);

    /* curses must not write into the middle of a frame's bytes. */
    if (flushed && s->dirty) {
        paint_draw(s);
        flushed = !s->pane || pane_flush(s->pane);
    }
    return flushed;
}

void paint_frame(struct session *s)
{
    const struct video_frame *f = s->video ? video_take(s->video) : NULL;

    if (!f || s->overlay != SCREEN_OVERLAY_NONE)
        return;
    if (!s->pane || !pane_draw(s->pane, f))
        return;
    trace_log("frame seq=%llu pts=%.3f", (unsigned long long)f->seq, f->pts);
    if (!f->cells)
        trace_log("pixels %s x=%d y=%d w=%d h=%d",
                  vomode_pixels_name(s->vo.pixels), s->pane_at.x * s->cell_w,
                  s->pane_at.y * s->cell_h, f->width, f->height);
}
