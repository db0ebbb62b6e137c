/* screen.c - draw the screen; every string from the file goes through
 * text_fit, so no control byte from it reaches the terminal. */
#include "screen.h"

#include "lang.h"
#include "strbuf.h"
#include "text.h"

#include <curses.h>
#include <stdio.h>

/* Put s at row y, column x, at most cols wide, then clear to the end. */
static void screen_put(int y, int x, const char *s, int cols)
{
    struct strbuf sb = STRBUF_INIT;

    if (y < 0 || y >= LINES || cols <= 0)
        return;
    text_fit(&sb, s, cols);
    mvaddstr(y, x, strbuf_str(&sb));
    strbuf_free(&sb);
}

static void screen_time(char *buf, size_t n, double t)
{
    if (t < 0) {
        snprintf(buf, n, "--:--");
        return;
    }
    long s = (long)t;
    if (s >= 3600)
        snprintf(buf, n, "%ld:%02ld:%02ld", s / 3600, s / 60 % 60, s % 60);
    else
        snprintf(buf, n, "%02ld:%02ld", s / 60, s % 60);
}

/* One track row: mark, id, kind, label, "de — German", flags. */
static void screen_track_row(struct strbuf *row, const struct track *t)
{
    const char *name = lang_name(t->language);
    char lang[LANG_TAG_MAX + 80];
    int w;

    strbuf_addf(row, " [%s] ", t->enabled ? "x" : " ");
    w = text_fit(row, t->id, 6);
    strbuf_addf(row, "%*s", 7 - w, "");
    strbuf_addf(row, "%-13s", track_kind_name(t->kind)[0]
                                  ? track_kind_name(t->kind) : "\"\"");
    w = text_fit(row, t->label[0] ? t->label : "(no label)", 24);
    strbuf_addf(row, "%*s", 26 - w, "");
    if (t->language[0])
        snprintf(lang, sizeof lang, "%s \xe2\x80\x94 %s", t->language,
                 name ? name : "unknown");
    else
        snprintf(lang, sizeof lang, "(no language)");
    strbuf_adds(row, lang);
    for (int i = 0; i < TRACK_FLAGS_REPORTED; i++) {
        unsigned bit;
        const char *flag = track_flag_name(i, &bit);

        if (t->flags & bit)
            strbuf_addf(row, "  %s", flag);
    }
}

void screen_draw(const struct screen_view *v)
{
    const struct player_status *st = v->status;
    char pos[32], dur[32];
    struct strbuf line = STRBUF_INIT;
    int y = 0;

    erase();
    strbuf_adds(&line, "tplay  ");
    strbuf_adds(&line, v->file);
    attron(A_BOLD);
    screen_put(y++, 0, strbuf_str(&line), COLS);
    attroff(A_BOLD);
    strbuf_free(&line);

    screen_time(pos, sizeof pos, st->position);
    screen_time(dur, sizeof dur, st->duration);
    strbuf_addf(&line, "%s  %s / %s",
                st->ended ? "ended " : st->paused ? "paused" : "playing",
                pos, dur);
    screen_put(y++, 0, strbuf_str(&line), COLS);
    strbuf_free(&line);
    y++;

    strbuf_addf(&line, "Audio tracks (%zu)", v->tracks->count);
    attron(A_UNDERLINE);
    screen_put(y++, 0, strbuf_str(&line), COLS);
    attroff(A_UNDERLINE);
    strbuf_free(&line);
    if (v->tracks->count == 0)
        screen_put(y++, 1, "(this file has no audio)", COLS - 1);

    /* Messages take up to a third of the screen above the key line, the
     * newest at the bottom; the tracks get the rest. */
    int nmsg = (int)v->nmessages, msg_room = (LINES - y - 1) / 3;
    if (nmsg > msg_room)
        nmsg = msg_room > 0 ? msg_room : 0;
    for (int i = 0; i < nmsg; i++)
        screen_put(LINES - 1 - nmsg + i, 0,
                   v->messages[v->nmessages - (size_t)nmsg + (size_t)i], COLS);

    /* Rows that fit between the header and the messages; scroll so the
     * selected row stays visible. */
    int room = LINES - y - 1 - nmsg;
    size_t first = 0;
    if (room > 0 && v->selected >= (size_t)room)
        first = v->selected - (size_t)room + 1;
    for (size_t i = first; i < v->tracks->count && room > 0; i++, room--) {
        strbuf_free(&line);
        screen_track_row(&line, &v->tracks->tracks[i]);
        if (i == v->selected)
            attron(A_REVERSE);
        screen_put(y++, 0, strbuf_str(&line), COLS);
        if (i == v->selected)
            attroff(A_REVERSE);
    }
    strbuf_free(&line);

    screen_put(LINES - 1, 0, "space pause   j/k move   q quit", COLS);
    refresh();
}
