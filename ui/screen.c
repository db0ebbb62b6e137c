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

const struct screen_key screen_keys[] = {
    { "space, p", "pause / play" },
    { "\xe2\x86\x90 / \xe2\x86\x92", "seek -5 s / +5 s" },
    { "PgUp / PgDn", "seek -60 s / +60 s" },
    { "Home", "back to the start" },
    { "\xe2\x86\x91 \xe2\x86\x93, k j", "move in the track list" },
    { "g G", "first / last track in the list" },
    { "Enter, t", "enable / disable the selected track" },
    { "1 \xe2\x80\xa6 8", "enable / disable track N" },
    { "#", "next track alone (after the last: none)" },
    { "s", "the selected track alone" },
    { "9 0, - +", "volume down / up" },
    { "m", "mute" },
    { "M", "mic monitoring on / off" },
    { "[ ]", "mic shelf frequency down / up (1/6 octave)" },
    { "{ }", "mic shelf gain -1 dB / +1 dB" },
    { "( )", "mic monitor volume -5 % / +5 %" },
    { "n", "mute the mic monitor" },
    { "L", "the last messages (any key closes them)" },
    { "?", "this help (any key closes it)" },
    { "q", "quit" },
    { NULL, NULL },
};

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

/* One track row in w columns: mark, number, id, kind, language with its
 * name, label, flags; narrower panels drop from the right. */
static void screen_track_row(struct strbuf *row, const struct track *t,
                             size_t n, int w)
{
    const char *name = lang_name(t->language);
    const char *label = t->label[0] ? t->label : "(no label)";
    char lang[LANG_TAG_MAX + 80];
    struct strbuf flags = STRBUF_INIT;
    bool with_flags;

    strbuf_addf(row, "%s %-2zu ", t->enabled ? "[x]" : "[ ]", n);
    screen_cell(row, t->id, 4);
    strbuf_adds(row, " ");
    screen_cell(row, track_kind_name(t->kind)[0] ? track_kind_name(t->kind)
                                                 : "\"\"", 13);
    /* What is left after "[x] 1  id   kind          ": language, label,
     * flags. */
    w -= 26;
    if (w <= 0)
        return;
    if (w < 40) { /* narrow: the tag and the label */
        screen_cell(row, t->language[0] ? t->language : "\"\"", 8);
        text_fit(row, label, w - 8);
        return;
    }
    if (t->language[0])
        snprintf(lang, sizeof lang, "%s \xe2\x80\x94 %s", t->language,
                 name ? name : "unknown");
    else
        snprintf(lang, sizeof lang, "(no language)");
    screen_cell(row, lang, 22);
    for (int i = 0; i < TRACK_FLAGS_REPORTED; i++) {
        unsigned bit;
        const char *flag = track_flag_name(i, &bit);

        if (t->flags & bit)
            strbuf_addf(&flags, "  %s", flag);
    }
    /* The flags only when the label keeps 16 columns. */
    with_flags = w - 22 - (int)flags.len >= 16;
    screen_cell(row, label, with_flags ? w - 22 - (int)flags.len : w - 22);
    if (with_flags)
        strbuf_adds(row, strbuf_str(&flags));
    strbuf_free(&flags);
}

/* Blanks from the cursor to column x_end on row y (for a highlight that
 * runs the whole width), if the cursor is still on that row. */
static void screen_fill(int y, int x_end)
{
    for (int x = getcurx(stdscr); getcury(stdscr) == y && x < x_end; x++)
        addch(' ');
}

static void screen_panel(const struct screen_view *v,
                         const struct layout_rect *r)
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
    for (size_t i = first; i < n && room > 0; i++, room--) {
        int y = r->y + 1 + (int)(i - first);

        screen_track_row(&line, &v->tracks->tracks[i], i + 1, r->cols);
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

/* The film's status line in cols columns: state, time, a progress bar
 * if there is room, volume, the mix. */
static void screen_status_film(const struct screen_view *v, int cols,
                               struct strbuf *left)
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
    strbuf_addf(&right, " vol %d%%%s  ", (int)(st->volume + 0.5),
                st->muted ? " (muted)" : "");
    strbuf_adds(&right, v->heard ? v->heard : "");
    strbuf_adds(&right, "  ? help");

    /* The bar gets what is left, if that is worth showing. */
    bar = cols - (int)text_width(strbuf_str(left)) -
          (int)text_width(strbuf_str(&right));
    if (bar >= 8) {
        int fill = st->duration > 0 && st->position >= 0
            ? (int)((bar - 2) * (st->position / st->duration) + 0.5) : 0;

        if (fill > bar - 2)
            fill = bar - 2;
        strbuf_addc(left, '[');
        for (int i = 0; i < bar - 2; i++)
            strbuf_adds(left, i < fill ? "=" : "-");
        strbuf_addc(left, ']');
    }
    strbuf_adds(left, strbuf_str(&right));
    strbuf_free(&right);
}

static void screen_status(const struct screen_view *v,
                          const struct layout_rect *r)
{
    struct strbuf left = STRBUF_INIT;

    if (r->rows <= 0 || r->cols <= 0)
        return;
    if (v->status)
        screen_status_film(v, r->cols, &left);
    else /* mic only */
        strbuf_addf(&left, "tplay \xe2\x80\x94 mic monitor%*s? help",
                    r->cols > 27 ? r->cols - 25 : 2, "");
    attron(A_REVERSE);
    screen_put(r->y, r->x, strbuf_str(&left), r->cols);
    screen_fill(r->y, r->x + r->cols);
    attroff(A_REVERSE);
    if (r->rows > 1 && v->nmessages > 0) {
        screen_messages(v, r);
    } else if (r->rows > 1 && v->file) { /* nothing to say: the name */
        attron(A_DIM);
        screen_put(r->y + 1, r->x, v->file, r->cols);
        attroff(A_DIM);
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
        screen_put(r->y + 6, r->x, "[ ] frequency   { } gain   ( ) volume   "
                   "n mute   M on/off   ? help   q quit", r->cols);
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

/* The messages the session kept, one row each, newest last: when they do
 * not all fit, the oldest give way. */
static void screen_history(const struct screen_view *v)
{
    int h = (int)(v->nhistory < 1 ? 1 : v->nhistory > 1000 ? 1000
                                                            : v->nhistory) + 3,
        w = COLS - 4, y0, x0, room;
    size_t first;

    if (w < 60)
        w = COLS;
    screen_box("Messages (newest last; any key closes)", &h, &w, &y0, &x0);
    room = h - 3;
    if (room <= 0)
        return;
    if (v->nhistory == 0) {
        screen_put(y0 + 2, x0 + 2, "(none so far)", w - 4);
        return;
    }
    first = v->nhistory > (size_t)room ? v->nhistory - (size_t)room : 0;
    for (size_t i = first; i < v->nhistory; i++)
        screen_put(y0 + 2 + (int)(i - first), x0 + 2, v->history_messages[i],
                   w - 4);
}

static void screen_help(void)
{
    int n = 0, w = 52, h, y0, x0;

    while (screen_keys[n].keys)
        n++;
    h = n + 4;
    screen_box("tplay keys", &h, &w, &y0, &x0);
    for (int i = 0; i < n && 2 + i < h - 1; i++) {
        struct strbuf row = STRBUF_INIT;

        screen_cell(&row, screen_keys[i].keys, 16);
        strbuf_adds(&row, screen_keys[i].what);
        screen_put(y0 + 2 + i, x0 + 2, strbuf_str(&row), w - 4);
        strbuf_free(&row);
    }
}

void screen_draw(const struct screen_view *v)
{
    const struct layout *l = v->layout;

    erase();
    if (l->video.rows == 0 && l->panel.rows <= 0 && LINES > 0 && COLS > 0) {
        /* Not even a track row fits: say so on what is there. */
        screen_put(0, 0, "tplay: terminal too small", COLS);
    }
    if (v->tracks)
        screen_panel(v, &l->panel);
    if (v->mic)
        screen_mic(v, &l->mic);
    screen_status(v, &l->status);
    if (v->help)
        screen_help();
    else if (v->history)
        screen_history(v);
    wnoutrefresh(stdscr);
    doupdate();
}
