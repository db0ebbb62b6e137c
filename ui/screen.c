/* screen.c - draw the screen; every string from the file goes through
 * text_fit, so no control byte from it reaches the terminal. */
#include "screen.h"

#include "duration.h"
#include "lang.h"
#include "meter.h"
#include "msgfit.h"
#include "strbuf.h"
#include "text.h"
#include "utf8.h"
#include "xmem.h"

#include <curses.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>

/* Put s at row y, column x, at most cols wide.  text_fit's UTF-8 holds
 * only characters the locale can show; they go to curses as wide
 * characters, which curses writes in the locale's own encoding (addstr
 * would read the UTF-8 bytes as that encoding: a multi-column mess in
 * LANG=C). */
static void screen_put(int y, int x, const char *s, int cols)
{
    struct strbuf sb = STRBUF_INIT;
    wchar_t *wide;
    size_t n = 0, used;

    if (y < 0 || y >= LINES || x < 0 || x >= COLS || cols <= 0)
        return;
    if (cols > COLS - x)
        cols = COLS - x;
    text_fit(&sb, s, cols);
    wide = xcalloc(sb.len + 1, sizeof *wide);
    for (size_t i = 0; i < sb.len; i += used)
        wide[n++] = (wchar_t)utf8_decode(sb.buf + i, sb.len - i, &used);
    mvaddnwstr(y, x, wide, (int)n);
    free(wide);
    strbuf_free(&sb);
}

/* Append s fitted into exactly w columns (padded). */
static void screen_cell(struct strbuf *row, const char *s, int w)
{
    int used;

    if (w <= 0)
        return;
    used = text_fit(row, s, w);
    strbuf_addf(row, "%*s", w - used, "");
}

#define SCREEN_TRACK_BAR 8     /* a track meter's cells, -60 to 0 dBFS */
#define SCREEN_TRACK_METER 15  /* its columns: bar, level, a blank */

/* A track's meter: "█████▒·· -18.1 ", RMS solid, up to the peak shaded;
 * blanks when it has none (a disabled track). */
static void screen_track_meter(struct strbuf *row, const struct screen_level *l)
{
    char num[16];

    if (!l->shown) {
        strbuf_addf(row, "%*s", SCREEN_TRACK_METER, "");
        return;
    }
    for (int i = 0; i < SCREEN_TRACK_BAR; i++) {
        float at = -60.0f + 60.0f * (float)(i + 1) / SCREEN_TRACK_BAR;

        /* A cell is lit when the level reaches its middle. */
        at -= 30.0f / SCREEN_TRACK_BAR;
        strbuf_adds(row, l->rms_db >= at ? "\xe2\x96\x88" : l->peak_db >= at
                             ? "\xe2\x96\x92" : "\xc2\xb7");
    }
    if (l->rms_db <= METER_FLOOR_DB)
        snprintf(num, sizeof num, " -inf ");
    else if (l->rms_db < -99.9f)
        snprintf(num, sizeof num, " <-99 ");
    else
        snprintf(num, sizeof num, "%6.1f ", l->rms_db);
    strbuf_adds(row, num);
}

/* "  name" for each of the n reported flags (named by name_of) set in
 * flags, appended to out. */
static void screen_flags(struct strbuf *out, unsigned flags,
                         const char *(*name_of)(int, unsigned *), int n)
{
    for (int i = 0; i < n; i++) {
        unsigned bit;
        const char *name = name_of(i, &bit);

        if (flags & bit)
            strbuf_addf(out, "  %s", name);
    }
}

/* The rest of a track row in w columns: the language (tag and name),
 * the label, then tail (the flags) when the label keeps 16 columns;
 * narrow (under 40), the tag and the label only. */
static void screen_row_rest(struct strbuf *row, const char *language,
                            const char *label, const struct strbuf *tail,
                            int w)
{
    const char *name = lang_name(language);
    char lang[LANG_TAG_MAX + 80];
    bool with_tail;

    if (w <= 0)
        return;
    if (w < 40) {
        screen_cell(row, language[0] ? language : "\"\"", 8);
        text_fit(row, label, w - 8);
        return;
    }
    if (language[0])
        snprintf(lang, sizeof lang, "%s \xe2\x80\x94 %s", language,
                 name ? name : "unknown");
    else
        snprintf(lang, sizeof lang, "(no language)");
    screen_cell(row, lang, 22);
    with_tail = w - 22 - (int)tail->len >= 16;
    screen_cell(row, label, with_tail ? w - 22 - (int)tail->len : w - 22);
    if (with_tail)
        strbuf_adds(row, strbuf_str(tail));
}

/* One track row in w columns: mark, number, id, kind, language with its
 * name, label, flags; narrower panels drop from the right. */
static void screen_track_row(struct strbuf *row, const struct track *t,
                             const struct screen_level *level, size_t n, int w)
{
    const char *label = t->label[0] ? t->label : "(no label)";
    struct strbuf flags = STRBUF_INIT;

    strbuf_addf(row, "%s %-2zu ", t->enabled ? "[x]" : "[ ]", n);
    screen_cell(row, t->id, 4);
    strbuf_adds(row, " ");
    screen_cell(row, track_kind_name(t->kind)[0] ? track_kind_name(t->kind)
                                                 : "\"\"", 13);
    /* What is left after "[x] 1  id   kind          ": language, label,
     * flags. */
    w -= 26;
    /* The meter, where the label keeps some room. */
    if (level && w >= SCREEN_TRACK_METER + 12) {
        screen_track_meter(row, level);
        w -= SCREEN_TRACK_METER;
    }
    if (t->gain != 0 && w > 9) { /* a gain the user set, before the rest */
        char gain[16];

        snprintf(gain, sizeof gain, "%+.3g dB", t->gain);
        screen_cell(row, gain, 9);
        w -= 9;
    }
    screen_flags(&flags, t->flags, track_flag_name, TRACK_FLAGS_REPORTED);
    screen_row_rest(row, t->language, label, &flags, w);
    strbuf_free(&flags);
}

/* Blanks from the cursor to column x_end on row y (for a highlight that
 * runs the whole width), if the cursor is still on that row. */
static void screen_fill(int y, int x_end)
{
    for (int x = getcurx(stdscr); getcury(stdscr) == y && x < x_end; x++)
        addch(' ');
}

static void screen_audio_panel(const struct screen_view *v,
                               const struct layout_rect *r,
                               struct screen_map *map)
{
    struct strbuf line = STRBUF_INIT;
    int room = r->rows - 1;
    size_t first = 0, n = v->tracks->count;

    if (r->rows <= 0 || r->cols <= 0)
        return;
    /* Scroll so the selected row stays in view; the header says which
     * rows show when not all do. */
    if (room > 0 && v->selected >= (size_t)room)
        first = v->selected - (size_t)room + 1;
    strbuf_addf(&line, "Audio tracks (%zu)", n);
    if (n > 0 && room > 0 && (first > 0 || first + (size_t)room < n))
        strbuf_addf(&line, "  %zu\xe2\x80\x93%zu shown", first + 1,
                    first + (size_t)room < n ? first + (size_t)room : n);
    attron(A_BOLD);
    screen_put(r->y, r->x, strbuf_str(&line), r->cols);
    attroff(A_BOLD);
    strbuf_free(&line);
    if (n == 0) {
        screen_put(r->y + 1, r->x + 1, "(this file has no audio)", r->cols - 1);
        return;
    }
    map->tracks_y = r->y + 1;
    map->tracks_x = r->x;
    map->tracks_cols = r->cols;
    map->tracks_first = first;
    map->tracks_shown = room > 0 ? (size_t)room : 0;
    if (first + map->tracks_shown > n)
        map->tracks_shown = n - first;
    for (size_t i = first; i < n && room > 0; i++, room--) {
        int y = r->y + 1 + (int)(i - first);

        screen_track_row(&line, &v->tracks->tracks[i],
                         v->levels ? &v->levels[i] : NULL, i + 1, r->cols);
        if (i == v->selected)
            attron(A_REVERSE);
        screen_put(y, r->x, strbuf_str(&line), r->cols);
        if (i == v->selected) {
            screen_fill(y, r->x + r->cols);
            attroff(A_REVERSE);
        }
        strbuf_free(&line);
    }
}

/* What a text track does now: "[x]" showing, "[2]" the secondary,
 * "[ ]" not shown (libmpv's sid and secondary-sid are the truth: the
 * keys change them). */
static const char *screen_text_mark(const struct screen_view *v,
                                    const struct text_track *t)
{
    const struct player_status *st = v->status;

    if (!st || t->mpv_id < 0 || !st->sub_visible)
        return "[ ]";
    if (t->mpv_id == st->sub_id)
        return "[x]";
    if (t->mpv_id == st->sub2_id)
        return "[2]";
    return "[ ]";
}

/* One text track: its mark, id, kind, language, label, flags, codec. */
static void screen_text_row(struct strbuf *row, const struct screen_view *v,
                            const struct text_track *t, int w)
{
    const char *label = t->label && t->label[0] ? t->label : "(no label)";
    struct strbuf tail = STRBUF_INIT;

    strbuf_addf(row, "%s    ", screen_text_mark(v, t));
    screen_cell(row, t->id, 4);
    strbuf_adds(row, " ");
    screen_cell(row, text_kind_name(t->kind), 13);
    screen_flags(&tail, t->flags, text_flag_name, TEXT_FLAGS_REPORTED);
    if (t->bitmap)
        strbuf_adds(&tail, "  picture");
    else if (t->mpv_id < 0 && t->kind != TEXT_KIND_CHAPTERS)
        strbuf_adds(&tail, "  (cannot be shown)");
    screen_row_rest(row, t->language, label, &tail, w - 26);
    strbuf_free(&tail);
}

/* The "Subtitles (N)" part of the panel, from row y, rows rows. */
static void screen_text_section(const struct screen_view *v, int y, int x,
                                int rows, int cols)
{
    struct strbuf line = STRBUF_INIT;
    size_t n = v->text->count;

    strbuf_addf(&line, "Subtitles (%zu)", n);
    if ((size_t)(rows - 1) < n)
        strbuf_addf(&line, "  1\xe2\x80\x93%d shown", rows - 1);
    attron(A_BOLD);
    screen_put(y, x, strbuf_str(&line), cols);
    attroff(A_BOLD);
    strbuf_free(&line);
    for (size_t i = 0; i < n && (int)i + 1 < rows; i++) {
        screen_text_row(&line, v, &v->text->tracks[i], cols);
        screen_put(y + 1 + (int)i, x, strbuf_str(&line), cols);
        strbuf_free(&line);
    }
}

/* The audio tracks, then the text tracks when the panel has room for
 * their header and a row: the audio ones never lose a row to them below
 * the audio's own need. */
static void screen_panel(const struct screen_view *v,
                         const struct layout_rect *r, struct screen_map *map)
{
    size_t ntext = v->text ? v->text->count : 0;
    int audio_want = 1 + (int)(v->tracks->count > 0 ? v->tracks->count : 1);
    int text_rows = ntext > 0 ? (int)ntext + 1 : 0;
    struct layout_rect audio = *r;

    if (text_rows > 0 && r->rows - audio_want >= 2) {
        audio.rows = audio_want;
        if (text_rows > r->rows - audio_want)
            text_rows = r->rows - audio_want;
        screen_text_section(v, r->y + audio_want, r->x, text_rows, r->cols);
    }
    screen_audio_panel(v, &audio, map);
}

/* The messages under the status line, wrapped; when they take more rows
 * than there are, the newest message's start is kept (msgfit.h). */
static void screen_messages(const struct screen_view *v,
                            const struct layout_rect *r)
{
    struct strbuf all = STRBUF_INIT;
    int y = r->y + 1;

    msgfit_rows(&all, v->messages, v->nmessages, r->rows - 1, r->cols);
    for (char *line = all.buf, *end; line && y < r->y + r->rows; line = end) {
        end = strchr(line, '\n');
        if (end)
            *end++ = '\0';
        screen_put(y++, r->x, line, r->cols);
    }
    strbuf_free(&all);
}

/* Whether a chapter starts in cell i of a bar of n cells (not the
 * first chapter, at 0, which marks nothing). */
static bool screen_chapter_at(const struct screen_view *v, int i, int n)
{
    double d = v->status->duration;

    for (size_t k = 0; d > 0 && k < v->nchapters; k++) {
        int at = (int)(v->chapters[k] / d * n);

        if (v->chapters[k] > 0 && at == i)
            return true;
    }
    return false;
}

/* "sub +0.3 s ": the subtitle delay, to the millisecond with no
 * trailing zeros. */
static void screen_sub_delay(struct strbuf *sb, double delay)
{
    char num[32];
    size_t n = (size_t)snprintf(num, sizeof num, "%+.3f", delay);

    while (n > 0 && num[n - 1] == '0')
        num[--n] = '\0';
    if (n > 0 && num[n - 1] == '.')
        num[--n] = '\0';
    strbuf_addf(sb, "sub %s s ", num);
}

/* The film's status line in cols columns: state, time, a progress bar
 * if there is room, volume, the mix. */
static void screen_status_film(const struct screen_view *v, int cols,
                               struct strbuf *left, struct screen_map *map)
{
    const struct player_status *st = v->status;
    struct strbuf right = STRBUF_INIT;
    char pos[32], dur[32];
    int bar;
    bool hours = duration_has_hours(st->position > st->duration
                                    ? st->position : st->duration);

    duration_format(pos, sizeof pos, st->position, hours);
    duration_format(dur, sizeof dur, st->duration, hours);
    strbuf_addf(left, "%s %s / %s ",
                v->cannot_play ? "\xe2\x96\xa0 cannot play"
                : st->ended ? "\xe2\x96\xa0 ended " : st->paused
                    ? "\xe2\x80\x96 paused" : "\xe2\x96\xb6 playing",
                pos, dur);
    if (v->speed > 0 && (v->speed < 0.995 || v->speed > 1.005))
        strbuf_addf(left, "%.2f\xc3\x97 ", v->speed);
    if (st->sub_delay <= -0.0005 || st->sub_delay >= 0.0005)
        screen_sub_delay(left, st->sub_delay);
    strbuf_addf(&right, " vol %d%%%s  ", (int)(st->volume + 0.5),
                st->muted ? " (muted)" : "");
    strbuf_adds(&right, v->heard ? v->heard : "");
    if (v->nentries > 1)
        strbuf_addf(&right, "  %zu/%zu", v->entry + 1, v->nentries);
    if (v->help_key)
        strbuf_addf(&right, "  %s help", v->help_key);

    /* The bar gets what is left, if that is worth showing. */
    bar = cols - (int)text_width(strbuf_str(left)) -
          (int)text_width(strbuf_str(&right));
    if (bar >= 8) {
        int fill = st->duration > 0 && st->position >= 0
            ? (int)((bar - 2) * (st->position / st->duration) + 0.5) : 0;

        if (fill > bar - 2)
            fill = bar - 2;
        map->bar_x = text_width(strbuf_str(left)) + 1;
        map->bar_cols = bar - 2;
        strbuf_addc(left, '[');
        for (int i = 0; i < bar - 2; i++)
            strbuf_adds(left, screen_chapter_at(v, i, bar - 2) ? "|"
                              : i < fill ? "=" : "-");
        strbuf_addc(left, ']');
    }
    strbuf_adds(left, strbuf_str(&right));
    strbuf_free(&right);
}

static void screen_status(const struct screen_view *v,
                          const struct layout_rect *r, struct screen_map *map)
{
    struct strbuf left = STRBUF_INIT;

    if (r->rows <= 0 || r->cols <= 0)
        return;
    map->status_y = r->y;
    map->status_cols = r->cols;
    if (v->status) {
        screen_status_film(v, r->cols, &left, map);
        map->bar_y = r->y;
        map->bar_x += r->x;
    } else { /* mic only */
        strbuf_adds(&left, "tplay \xe2\x80\x94 mic monitor");
        if (v->help_key)
            strbuf_addf(&left, "%*s%s help", r->cols > 40 ? r->cols - 40 : 2,
                        "", v->help_key);
    }
    attron(A_REVERSE);
    screen_put(r->y, r->x, strbuf_str(&left), r->cols);
    screen_fill(r->y, r->x + r->cols);
    attroff(A_REVERSE);
    if (r->rows > 1 && v->nmessages > 0) {
        screen_messages(v, r);
    } else if (r->rows > 1 && v->file) { /* nothing to say: the name */
        struct strbuf line = STRBUF_INIT;

        strbuf_adds(&line, v->title ? v->title : v->file);
        if (v->chapter)
            strbuf_addf(&line, "  \xe2\x80\x94  %s", v->chapter);
        attron(A_DIM);
        screen_put(r->y + 1, r->x, strbuf_str(&line), r->cols);
        attroff(A_DIM);
        strbuf_free(&line);
    }
    strbuf_free(&left);
}

#define SCREEN_METER_FLOOR -60.0f /* the bar's left end, dBFS */

/* "in   [█████▒▒···]  peak  -6.0  rms -12.0 dBFS": RMS solid, up to the
 * peak shaded. */
static void screen_meter(int y, int x, int cols, const char *name, float peak,
                         float rms)
{
    struct strbuf row = STRBUF_INIT;
    char nums[64];
    int bar, at_rms, at_peak;

    if (peak <= METER_FLOOR_DB)
        snprintf(nums, sizeof nums, "  peak    -inf  rms    -inf dBFS");
    else
        snprintf(nums, sizeof nums, "  peak %6.1f  rms %6.1f dBFS", peak, rms);
    bar = cols - 5 - 2 - (int)strlen(nums);
    if (bar > 60)
        bar = 60;
    strbuf_addf(&row, "%-5s", name);
    if (bar >= 4) {
        at_rms = (int)((rms - SCREEN_METER_FLOOR) / -SCREEN_METER_FLOOR * bar);
        at_peak = (int)((peak - SCREEN_METER_FLOOR) / -SCREEN_METER_FLOOR * bar);
        strbuf_addc(&row, '[');
        for (int i = 0; i < bar; i++)
            strbuf_adds(&row, i < at_rms ? "\xe2\x96\x88" : i < at_peak
                                ? "\xe2\x96\x92" : "\xc2\xb7");
        strbuf_addc(&row, ']');
    }
    strbuf_adds(&row, nums);
    screen_put(y, x, strbuf_str(&row), cols);
    strbuf_free(&row);
}

/* The mic monitor: state and devices, the shelf and what was granted,
 * the two meters; alone on the screen, a word on what it is. */
static void screen_mic(const struct screen_view *v, const struct layout_rect *r)
{
    const struct monitor_view *m = v->mic;
    const struct mic_granted *g = &m->granted;
    struct strbuf row = STRBUF_INIT;
    static const char *const states[] = {
        [MONITOR_OFF] = "\xe2\x97\x8b off (M starts)",
        [MONITOR_OPENING] = "\xe2\x80\xa6 opening",
        [MONITOR_ON] = "\xe2\x97\x8f on",
    };

    if (r->rows <= 0 || r->cols <= 0)
        return;
    strbuf_addf(&row, "Mic monitor  %s   capture \"%s\" \xe2\x86\x92 "
                "playback \"%s\"", states[m->state], m->capture, m->playback);
    attron(A_BOLD);
    screen_put(r->y, r->x, strbuf_str(&row), r->cols);
    attroff(A_BOLD);
    strbuf_free(&row);
    if (r->rows < 2)
        return;
    strbuf_addf(&row, "lowshelf %.0f Hz %+.1f dB   volume %d%%%s", m->frequency,
                m->gain, m->volume, m->muted ? " (muted)" : "");
    /* What matters while tuning first: a narrow screen cuts the rest. */
    if (m->state == MONITOR_ON)
        strbuf_addf(&row, "   latency %.1f ms   xruns %lu   %u Hz "
                    "%u\xe2\x86\x92%u ch %s   period %lu \xc3\x97 %lu",
                    g->latency_ms, m->xruns, g->rate, g->capture_channels,
                    g->playback_channels, g->capture_format, g->period,
                    g->playback_buffer / (g->period ? g->period : 1));
    screen_put(r->y + 1, r->x, strbuf_str(&row), r->cols);
    strbuf_free(&row);
    if (r->rows > 2)
        screen_meter(r->y + 2, r->x, r->cols, "in", m->levels.in_peak,
                     m->levels.in_rms);
    if (r->rows > 3)
        screen_meter(r->y + 3, r->x, r->cols, "out", m->levels.out_peak,
                     m->levels.out_rms);
    if (!v->status && r->rows > 6) {
        attron(A_DIM);
        screen_put(r->y + 5, r->x, "The microphone through Web Audio's "
                   "lowshelf, as createMediaStreamTrackSource(mic) \xe2\x86\x92 "
                   "BiquadFilterNode \xe2\x86\x92 destination.", r->cols);
        if (v->help_key) {
            strbuf_addf(&row, "%s lists the keys", v->help_key);
            screen_put(r->y + 6, r->x, strbuf_str(&row), r->cols);
            strbuf_free(&row);
        }
        attroff(A_DIM);
    }
}

/* A blank box of h x w cells (cut to the screen) in the middle of the
 * screen, framed when there is room, with its title; its corner in *y0,
 * *x0 and its size in *h, *w. */
static void screen_box(const char *title, int *h, int *w, int *y0, int *x0)
{
    if (*h > LINES)
        *h = LINES;
    if (*w > COLS)
        *w = COLS;
    *y0 = (LINES - *h) / 2;
    *x0 = (COLS - *w) / 2;
    for (int y = 0; y < *h; y++) {
        move(*y0 + y, *x0);
        for (int x = 0; x < *w; x++)
            addch(' ');
    }
    if (*w >= 4 && *h >= 3) {
        mvhline(*y0, *x0, ACS_HLINE, *w);
        mvhline(*y0 + *h - 1, *x0, ACS_HLINE, *w);
        mvvline(*y0, *x0, ACS_VLINE, *h);
        mvvline(*y0, *x0 + *w - 1, ACS_VLINE, *h);
        mvaddch(*y0, *x0, ACS_ULCORNER);
        mvaddch(*y0, *x0 + *w - 1, ACS_URCORNER);
        mvaddch(*y0 + *h - 1, *x0, ACS_LLCORNER);
        mvaddch(*y0 + *h - 1, *x0 + *w - 1, ACS_LRCORNER);
    }
    attron(A_BOLD);
    screen_put(*y0 + 1, *x0 + 2, title, *w - 4);
    attroff(A_BOLD);
}

/* Rows rows (strings, '\n'-separated in all) in the box's inside, from
 * the row the view asks for, clamped so the last page stays full; the
 * box's list rows and the clamped first row go to map.  highlight: the
 * row drawn reversed, or -1. */
static void screen_rows(const char *all, int nrows, int y, int x, int rows,
                        int cols, int scroll, int highlight,
                        struct screen_map *map)
{
    const char *line = all;
    int i = 0;

    if (scroll > nrows - rows)
        scroll = nrows - rows;
    if (scroll < 0)
        scroll = 0;
    *map = (struct screen_map){ .list_y = y, .list_x = x, .list_rows = rows,
                                .list_cols = cols, .scroll = scroll };
    for (; line && i < scroll + rows; i++) {
        const char *end = strchr(line, '\n');
        char *one = end ? xstrndup(line, (size_t)(end - line)) : xstrdup(line);

        if (i >= scroll) {
            if (i == highlight)
                attron(A_REVERSE);
            screen_put(y + i - scroll, x, one, cols);
            if (i == highlight) {
                screen_fill(y + i - scroll, x + cols);
                attroff(A_REVERSE);
            }
        }
        free(one);
        line = end ? end + 1 : NULL;
    }
}

/* A box of most of the screen with a title, where in the list it is (when
 * not all of it fits), a hint (cut first when the title row is short)
 * and a scrolling list. */
static void screen_list_box(const char *title, const char *hint,
                            struct strbuf *rows, int nrows, int want_w,
                            int scroll, int highlight, struct screen_map *map)
{
    int h = nrows + 3, w = want_w, y0, x0;
    struct strbuf head = STRBUF_INIT;

    if (w > COLS - 4 || w < 40)
        w = COLS - 4 < 40 ? COLS : COLS - 4;
    screen_box("", &h, &w, &y0, &x0);
    strbuf_adds(&head, title);
    if (h - 3 < nrows && h > 3) { /* say where in the list this is */
        int first = scroll > nrows - (h - 3) ? nrows - (h - 3) : scroll;

        if (first < 0)
            first = 0;
        strbuf_addf(&head, " %d\xe2\x80\x93%d of %d", first + 1,
                    first + h - 3, nrows);
    }
    strbuf_addf(&head, " (%s)", hint);
    attron(A_BOLD);
    screen_put(y0 + 1, x0 + 2, strbuf_str(&head), w - 4);
    attroff(A_BOLD);
    strbuf_free(&head);
    if (h - 3 > 0)
        screen_rows(strbuf_str(rows), nrows, y0 + 2, x0 + 2, h - 3, w - 4,
                    scroll, highlight, map);
}

/* The messages the session kept, newest last, each wrapped. */
static void screen_history(const struct screen_view *v, struct screen_map *map)
{
    struct strbuf rows = STRBUF_INIT;
    int n = 0, cols = (COLS - 4 < 40 ? COLS : COLS - 4) - 4;

    for (size_t i = 0; i < v->nhistory; i++) {
        if (n > 0)
            strbuf_addc(&rows, '\n');
        n += text_wrap(&rows, v->history_messages[i], cols > 1 ? cols : 1);
    }
    if (n == 0) {
        strbuf_adds(&rows, "(none so far)");
        n = 1;
    }
    /* Opened at the newest. */
    screen_list_box("Messages", "newest last; any key closes", &rows,
                    n, COLS, v->scroll, -1, map);
    strbuf_free(&rows);
}

/* The bindings in force, by group: each entry's keys in a column, what
 * it does wrapped beside them, never cut. */
static void screen_help(const struct screen_view *v, struct screen_map *map)
{
    struct strbuf rows = STRBUF_INIT;
    int w = COLS - 4 < 40 ? COLS : COLS - 4, keyw = 4, n = 0, textw;

    if (w > 100)
        w = 100;
    for (size_t i = 0; i < v->nhelp; i++)
        if (v->help[i].keys && text_width(v->help[i].keys) > keyw)
            keyw = text_width(v->help[i].keys);
    if (keyw > (w - 4) / 3)
        keyw = (w - 4) / 3;
    textw = w - 4 - keyw - 2;
    if (v->video_mode) {
        struct strbuf mode = STRBUF_INIT;

        n = text_wrap(&mode, v->video_mode, w > 14 ? w - 4 - 9 : 1);
        strbuf_addf(&rows, "Picture: %s", strbuf_str(&mode));
        strbuf_free(&mode);
    }
    for (size_t i = 0; i < v->nhelp; i++) {
        struct strbuf keys = STRBUF_INIT, text = STRBUF_INIT;
        const char *kl, *tl;
        int kn, tn;

        if (!v->help[i].keys) { /* a group's title */
            strbuf_addf(&rows, "%s%s", n ? "\n\n" : "", v->help[i].text);
            n += n ? 2 : 1;
            continue;
        }
        kn = text_wrap(&keys, v->help[i].keys, keyw);
        tn = text_wrap(&text, v->help[i].text, textw > 1 ? textw : 1);
        kl = strbuf_str(&keys);
        tl = strbuf_str(&text);
        for (int r = 0; r < (kn > tn ? kn : tn); r++) {
            size_t klen = strcspn(kl, "\n"), tlen = strcspn(tl, "\n");
            char *k = xstrndup(kl, klen);

            strbuf_addc(&rows, '\n');
            strbuf_adds(&rows, k);
            strbuf_addf(&rows, "%*s", keyw + 2 - text_width(k), "");
            strbuf_add(&rows, tl, tlen);
            free(k);
            kl += klen + (kl[klen] ? 1 : 0);
            tl += tlen + (tl[tlen] ? 1 : 0);
            n++;
        }
        strbuf_free(&keys);
        strbuf_free(&text);
    }
    screen_list_box("tplay keys", "\xe2\x86\x91 \xe2\x86\x93 PgDn scroll, "
                    "other keys close", &rows, n, w, v->scroll, -1, map);
    strbuf_free(&rows);
}

/* The playlist, the entry playing marked, the cursor's highlighted. */
static void screen_playlist(const struct screen_view *v, struct screen_map *map)
{
    struct strbuf rows = STRBUF_INIT;

    for (size_t i = 0; i < v->nplaylist; i++) {
        struct strbuf name = STRBUF_INIT;

        text_fit(&name, v->playlist[i], 1000);
        strbuf_addf(&rows, "%s%s %3zu  %s", i ? "\n" : "",
                    i == v->entry ? "\xe2\x96\xb6" : " ", i + 1,
                    strbuf_str(&name));
        strbuf_free(&name);
    }
    screen_list_box("Playlist", "Enter plays; any other key closes", &rows,
                    (int)v->nplaylist, COLS, v->scroll,
                    (int)v->playlist_cursor, map);
    strbuf_free(&rows);
}

/* An audio file's tags, a row each: the label dim, the value (from the
 * file) fitted by screen_put. */
static void screen_tags(const struct screen_view *v, const struct layout_rect *r)
{
    int w = 0;

    for (size_t i = 0; i < v->ntags; i++) {
        int n = (int)strlen(v->tags[i].label);

        w = n > w ? n : w;
    }
    for (int i = 0; i < r->rows && (size_t)i < v->ntags; i++) {
        attron(A_DIM);
        screen_put(r->y + i, r->x, v->tags[i].label, r->cols);
        attroff(A_DIM);
        if (r->cols > w + 2)
            screen_put(r->y + i, r->x + w + 2, v->tags[i].value,
                       r->cols - w - 2);
    }
}

void screen_draw(const struct screen_view *v, struct screen_map *map)
{
    const struct layout *l = v->layout;
    struct screen_map list;

    erase();
    if (l->video.rows == 0 && l->panel.rows <= 0 && LINES > 0 && COLS > 0) {
        /* Not even a track row fits: say so on what is there. */
        screen_put(0, 0, "tplay: terminal too small", COLS);
    }
    memset(map, 0, sizeof *map);
    memset(&list, 0, sizeof list);
    if (v->tracks)
        screen_panel(v, &l->panel, map);
    if (v->mic)
        screen_mic(v, &l->mic);
    if (v->tags && l->tags.rows > 0)
        screen_tags(v, &l->tags);
    if (v->cues && v->overlay == SCREEN_OVERLAY_NONE)
        subtitle_draw(v->cues, l, &map->cues_over);
    screen_status(v, &l->status, map);
    if (v->overlay == SCREEN_OVERLAY_HELP)
        screen_help(v, &list);
    else if (v->overlay == SCREEN_OVERLAY_MESSAGES)
        screen_history(v, &list);
    else if (v->overlay == SCREEN_OVERLAY_PLAYLIST)
        screen_playlist(v, &list);
    map->list_y = list.list_y;
    map->list_x = list.list_x;
    map->list_rows = list.list_rows;
    map->list_cols = list.list_cols;
    map->scroll = list.scroll;
    wnoutrefresh(stdscr);
    doupdate();
}
