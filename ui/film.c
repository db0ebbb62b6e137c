/* film.c - the current file of the playlist: open, play, leave. */
#include "film.h"

#include "heard.h"
#include "levels.h"
#include "lang.h"
#include "media.h"
#include "mix.h"
#include "relay.h"
#include "resume.h"
#include "textselect.h"
#include "timepos.h"
#include "trace.h"
#include "warn.h"
#include "xmem.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define FILM_END_SLACK 1.0 /* seconds: quit this near the end is an end */

/* The ducking chain and the gains, for the graph to come: the tracks
 * that duck the others are the descriptions (and the commentaries when
 * the config says so).  0, or -1 with *err. */
static int film_start_duck(struct session *s, char **err)
{
    size_t n = s->tracks.count;
    bool *key = xcalloc(n, sizeof *key);
    double *db = xcalloc(n, sizeof *db);
    int rc;

    for (size_t i = 0; i < n; i++) {
        enum track_kind k = s->tracks.tracks[i].kind;

        key[i] = k == TRACK_KIND_DESCRIPTIONS ||
                 (k == TRACK_KIND_COMMENTARY && s->cfg->duck_commentary);
        db[i] = s->tracks.tracks[i].gain;
    }
    rc = mix_prepare(s->mix, key, s->cfg->duck, !s->duck_off, db, err);
    free(key);
    free(db);
    return rc;
}

/* The mixer and its graph: every audio track in, the enabled ones heard.
 * A failure leaves libmpv's own single-track playback and says why. */
static void film_start_mix(struct session *s)
{
    size_t n = s->tracks.count;
    bool *on;
    int64_t *aids;
    char *err = NULL, *graph;

    s->mix_unavailable = false;
    if (n == 0)
        return;
    on = xcalloc(n, sizeof *on);
    aids = xcalloc(n, sizeof *aids);
    for (size_t i = 0; i < n; i++) {
        on[i] = s->tracks.tracks[i].enabled;
        aids[i] = s->tracks.tracks[i].mpv_id;
    }
    s->mix = mix_create(n, on, &err);
    if (s->mix && film_start_duck(s, &err) < 0) {
        mix_destroy(s->mix);
        s->mix = NULL;
    }
    if (s->mix) {
        char *why = NULL;
        struct levels *l = levels_create(n, &why);

        /* Without meters the mix still plays: say why they are missing. */
        if (l)
            mix_meter(s->mix, l);
        else
            session_say(s, why);
        free(why);
        graph = mix_graph(s->mix, player_video_id(s->player), aids);
        trace_log("graph %s", graph);
        if (player_set_graph(s->player, graph, &err) < 0) {
            mix_destroy(s->mix);
            s->mix = NULL;
        }
        free(graph);
    }
    if (!s->mix) {
        s->mix_unavailable = true;
        session_say(s, err);
        free(err);
    }
    free(on);
    free(aids);
}

/* The kept enabled set, by the tracks' ids: applied when every id is
 * still there (the file may have changed since). */
static bool film_resume_tracks(struct session *s, const struct resume_entry *e)
{
    size_t found = 0;

    for (size_t k = 0; k < e->ntracks; k++)
        for (size_t i = 0; i < s->tracks.count; i++)
            if (strcmp(s->tracks.tracks[i].id, e->tracks[k]) == 0)
                found++;
    if (found != e->ntracks)
        return false;
    for (size_t i = 0; i < s->tracks.count; i++) {
        s->tracks.tracks[i].enabled = false;
        for (size_t k = 0; k < e->ntracks; k++)
            if (strcmp(s->tracks.tracks[i].id, e->tracks[k]) == 0)
                s->tracks.tracks[i].enabled = true;
    }
    s->tracks_chosen = true; /* kept again, as they were */
    return true;
}

/* The kept gains, by the tracks' ids: each one whose track is still
 * there. */
static void film_resume_gains(struct session *s, const struct resume_entry *e)
{
    for (size_t k = 0; k < e->ngains; k++)
        for (size_t i = 0; i < s->tracks.count; i++)
            if (strcmp(s->tracks.tracks[i].id, e->gains[k].id) == 0)
                s->tracks.tracks[i].gain =
                    fmax(TRACK_GAIN_MIN, fmin(TRACK_GAIN_MAX, e->gains[k].db));
}

/* Where the file starts: --start (a time from the start in *start; from
 * the end or a share of the duration in *late, for a seek once the file
 * is open, before anything is decoded), else the kept position (*start,
 * its entry in *e: returns 1), else the beginning. */
static int film_start_at(struct session *s, double *start, struct timepos *late,
                         struct resume_entry *e)
{
    struct timepos t;
    char *err = NULL;
    int found = 0;

    *start = 0;
    *late = (struct timepos){ TIMEPOS_ABSOLUTE, 0 };
    if (s->cli->start && timepos_parse(s->cli->start, &t) == 0) {
        if (t.kind == TIMEPOS_ABSOLUTE)
            *start = t.value;
        else
            *late = t;
        return 0;
    }
    if (s->resume_key && s->resume_dir && s->cfg->player.resume)
        found = resume_load(s->resume_dir, s->resume_key, e, &err);
    if (found < 0) {
        session_say(s, err);
        free(err);
        return 0;
    }
    if (found)
        *start = e->position;
    return found;
}

/* The tracks the entry's fragment names ("#track=3"), enabled instead of
 * the preferences' choice; a name that matches no track is said. */
static void film_fragment_tracks(struct session *s,
                                 const struct playlist_entry *pe)
{
    const char *missing;
    char *msg;
    bool replaced;

    if (pe->frag.ntracks == 0)
        return;
    replaced = fragment_apply_tracks(&pe->frag, &s->tracks, &missing);
    if (!missing)
        return;
    msg = xasprintf("%s: its fragment's track=%s names none of its tracks "
                    "(tplay --list-tracks shows their ids and labels)%s",
                    pe->path, missing,
                    replaced ? "" : "; the preferences chose");
    session_say(s, msg);
    free(msg);
}

/* The text tracks the preferences show (textselect.h), given to libmpv:
 * after the audio is chosen, since the rules read its language. */
static void film_choose_subtitles(struct session *s)
{
    struct textselect_choice c =
        textselect_choose(&s->cfg->subs, &s->cfg->prefs, &s->tracks,
                          &s->text);
    char *err = NULL;

    if (player_set_subtitles(s->player, textselect_mpv_id(&s->text, c.primary),
                             textselect_mpv_id(&s->text, c.secondary),
                             &err) < 0) {
        session_say(s, err);
        free(err);
    }
}

/* An audio-only file's tags and figures, for the screen. */
static void film_tags(struct session *s)
{
    struct tags t;

    tags_lines_free(s->tag_lines, s->ntag_lines);
    s->ntag_lines = 0;
    if (player_tags(s->player, s->tracks.count ? s->tracks.tracks[0].mpv_id
                                               : 0, &t))
        s->ntag_lines = tags_lines(&t, s->tag_lines);
    tags_free(&t);
}

int film_open(struct session *s, size_t i, char **err)
{
    const struct playlist_entry *pe = &s->playlist.entries[i];
    struct resume_entry e;
    struct timepos late;
    double start;
    int resumed;

    memset(&e, 0, sizeof e);
    tags_lines_free(s->tag_lines, s->ntag_lines); /* the last file's */
    s->ntag_lines = 0;
    s->current = i;
    s->file = pe->path;
    free(s->title);
    s->title = pe->title ? xstrdup(pe->title) : NULL;
    free(s->resume_key);
    /* A time range is a part of the file, not where it was left: what
     * resume kept of the whole file is neither used nor replaced. */
    s->resume_key = pe->frag.has_time ? NULL : resume_key(pe->path);
    /* Standard input was moved aside before the screen (play.c). */
    if (!s->load)
        s->load = xstrdup(pe->path);
    relay_stop(s->relay); /* the last file's, if it came on a pipe */
    s->relay = NULL;
    /* A fragment's range is this file's own: before --start and resume. */
    if (pe->frag.has_time) {
        start = pe->frag.start;
        late = (struct timepos){ TIMEPOS_ABSOLUTE, 0 };
        resumed = 0;
    } else {
        resumed = film_start_at(s, &start, &late, &e);
    }
    if (media_open_text(s->player, s->load, start, pe->frag.end,
                        &s->cfg->prefs, s->cli->sub_files, s->cli->nsub_files,
                        &s->tracks, &s->text, &s->relay, err) < 0) {
        free(s->load);
        s->load = NULL;
        resume_entry_free(&e);
        return -1;
    }
    free(s->load);
    s->load = NULL;
    s->nchapters = player_chapters(s->player, &s->chapters);
    if (!s->title)
        s->title = player_tag(s->player, "title");
    free(s->artist);
    free(s->album);
    s->artist = player_tag(s->player, "artist");
    s->album = player_tag(s->player, "album");
    film_tags(s);
    if (late.kind == TIMEPOS_PERCENT)
        player_seek_mode(s->player, late.value, PLAYER_SEEK_ABSOLUTE_PERCENT,
                         PLAYER_SEEK_EXACT);
    else if (late.kind == TIMEPOS_FROM_END)
        player_seek_mode(s->player, -late.value, PLAYER_SEEK_ABSOLUTE,
                         PLAYER_SEEK_EXACT);
    s->tracks_chosen = false;
    film_fragment_tracks(s, pe);
    if (resumed && player_status(s->player)->seekable) {
        char at[TIMEPOS_FORMAT_MAX], *msg;

        timepos_format(at, sizeof at, e.position);
        film_resume_gains(s, &e);
        if (e.ntracks > 0 && pe->frag.ntracks == 0 &&
            !film_resume_tracks(s, &e))
            msg = xasprintf("resumed at %s \xe2\x80\x94 Home starts over (the "
                            "tracks kept for it are gone: the preferences "
                            "chose)", at);
        else
            msg = xasprintf("resumed at %s \xe2\x80\x94 Home starts over", at);
        if (e.volume >= 0)
            player_add_volume(s->player,
                              e.volume - player_status(s->player)->volume);
        session_say(s, msg);
        free(msg);
    }
    resume_entry_free(&e);
    film_choose_subtitles(s);
    film_start_mix(s);
    mix_destroy(s->mix_leaving); /* the last file's graph is gone */
    s->mix_leaving = NULL;
    s->loaded = true;
    s->started = false;
    s->selected = 0;
    /* The container's size until a frame tells (0 with no picture). */
    s->video_w = player_status(s->player)->video_w;
    s->video_h = player_status(s->player)->video_h;
    s->relayout = s->dirty = true;
    return 0;
}

void film_start(struct session *s)
{
    player_continue(s->player); /* the graph is in place: decode now */
    /* Loaded paused (the first file), or paused at the last one's end. */
    player_set_pause(s->player, false);
}

/* Keep (or forget, at the end) what the next start of this file picks
 * up. */
static void film_remember(struct session *s, bool remember)
{
    const struct player_status *st = player_status(s->player);
    struct resume_entry e;
    char *err = NULL;
    int rc;

    if (!s->resume_key || !s->resume_dir ||
        !(remember || s->cfg->player.resume))
        return;
    if (st->ended || (st->duration > 0 &&
                      st->position >= st->duration - FILM_END_SLACK)) {
        rc = resume_forget(s->resume_dir, s->resume_key, &err);
    } else if (st->position <= 0) {
        return; /* nothing played: nothing to come back to */
    } else {
        memset(&e, 0, sizeof e);
        e.position = st->position;
        /* The volume and the tracks only when they are the user's own:
         * else a change of the config's preferences would be hidden by
         * what they chose last time. */
        e.volume = lround(st->volume) != s->cfg->volume ? st->volume : -1;
        e.tracks = xcalloc(s->tracks.count + 1, sizeof *e.tracks);
        for (size_t i = 0; s->tracks_chosen && i < s->tracks.count; i++)
            if (s->tracks.tracks[i].enabled)
                e.tracks[e.ntracks++] = xstrdup(s->tracks.tracks[i].id);
        e.gains = xcalloc(s->tracks.count + 1, sizeof *e.gains);
        for (size_t i = 0; i < s->tracks.count; i++)
            if (s->tracks.tracks[i].gain != 0) {
                e.gains[e.ngains].id = xstrdup(s->tracks.tracks[i].id);
                e.gains[e.ngains++].db = s->tracks.tracks[i].gain;
            }
        rc = resume_save(s->resume_dir, s->resume_key, &e, &err);
        resume_entry_free(&e);
    }
    if (rc < 0) {
        session_say(s, err);
        free(err);
    }
}

void film_close(struct session *s, bool remember)
{
    if (!s->loaded)
        return;
    film_remember(s, remember);
    /* Its graph still runs until the next file's replaces it. */
    mix_destroy(s->mix_leaving);
    s->mix_leaving = s->mix;
    s->mix = NULL;
    track_list_free(&s->tracks);
    text_track_list_free(&s->text);
    player_chapters_free(s->chapters, s->nchapters);
    s->chapters = NULL;
    s->nchapters = 0;
    s->loaded = false;
}

void film_cycle_sub(struct session *s, int dir, bool secondary)
{
    const struct player_status *st = player_status(s->player);
    struct player_track *t;
    size_t n = player_sub_tracks(s->player, &t);

    player_tracks_free(t, n);
    if (n == 0) {
        session_say(s, "this file has no subtitles");
        return;
    }
    s->sub_cycled = secondary ? 2 : 1;
    s->sub_cycled_from = secondary ? st->sub2_id : st->sub_id;
    player_cycle_sub(s->player, dir, secondary);
}

/* Say which subtitle track a cycle led to, once libmpv has switched. */
static void film_sub_said(struct session *s, const struct player_status *st)
{
    int64_t id = s->sub_cycled == 2 ? st->sub2_id : st->sub_id;
    const char *what = s->sub_cycled == 2 ? "secondary subtitles"
                                          : "subtitles";
    struct strbuf sb = STRBUF_INIT;
    struct player_track *t;
    size_t n, i;

    bool secondary = s->sub_cycled == 2;

    if (!s->sub_cycled || id == s->sub_cycled_from)
        return;
    s->sub_cycled = 0;
    n = player_sub_tracks(s->player, &t);
    for (i = 0; i < n && t[i].id != id; i++)
        ;
    if (id < 0 || i == n) {
        strbuf_addf(&sb, "%s off", what);
    } else {
        char tag[LANG_TAG_MAX];
        const char *name = t[i].lang && lang_canonicalize(t[i].lang, tag)
            ? lang_name(tag) : NULL;

        strbuf_addf(&sb, "%s: %zu/%zu %s", what, i + 1, n,
                    name ? name : t[i].lang ? t[i].lang : "(no language)");
        if (t[i].title)
            strbuf_addf(&sb, " \"%s\"", t[i].title);
        if (st->sub_bitmap && !secondary)
            strbuf_adds(&sb, " (pictures, in the picture)");
    }
    /* session_say makes the file's words safe for the screen. */
    session_say(s, strbuf_str(&sb));
    strbuf_free(&sb);
    player_tracks_free(t, n);
}

/* Mark the screen dirty when what it shows of st changed. */
static void film_status_changed(struct session *s,
                                const struct player_status *st)
{
    struct session_shown now = {
        (long)st->position, (long)st->duration, (int)(st->volume + 0.5),
        (int)lround(st->speed * 1000), st->chapter, st->muted, st->paused,
        st->ended, st->has_ao, st->audio_id,
    };

    /* Field by field: padding bytes are not compared. */
    if (now.position != s->shown.position ||
        now.duration != s->shown.duration || now.volume != s->shown.volume ||
        now.speed_permille != s->shown.speed_permille ||
        now.chapter != s->shown.chapter || now.muted != s->shown.muted ||
        now.paused != s->shown.paused || now.ended != s->shown.ended ||
        now.has_ao != s->shown.has_ao || now.audio_id != s->shown.audio_id) {
        s->shown = now;
        s->dirty = true;
    }
}

void film_events(struct session *s)
{
    struct player_event ev;

    while (s->player &&
           (ev = player_next_event(s->player)).type != PLAYER_EVENT_NONE) {
        const struct player_status *st = player_status(s->player);

        switch (ev.type) {
        case PLAYER_EVENT_LOG:
            /* libmpv's warnings are mostly about the file's health ("A/V
             * desync", "broken index"): the log keeps them, the screen
             * shows errors. */
            if (ev.error)
                session_say(s, ev.message);
            else
                warn_log(ev.message);
            /* The audio output's failure, in player.c's words: said again
             * on exit while there is no sound. */
            if (strncmp(ev.message, "no sound:", 9) == 0) {
                free(s->no_sound_why);
                s->no_sound_why = xstrdup(ev.message);
            }
            break;
        case PLAYER_EVENT_FAILED:
        case PLAYER_EVENT_NOTE:
            session_say(s, ev.message);
            break;
        case PLAYER_EVENT_SHUTDOWN:
            s->quit = true;
            break;
        case PLAYER_EVENT_RESTART:
            trace_log("restart pos=%.3f", st->position);
            s->started = true;
            s->seeked = true;
            if (s->mix)
                mix_reset(s->mix);
            s->dirty = true;
            break;
        default:
            if (st->video_w != s->video_w || st->video_h != s->video_h) {
                s->video_w = st->video_w;
                s->video_h = st->video_h;
                s->relayout = true;
            }
            film_status_changed(s, st);
            film_sub_said(s, st);
            break;
        }
    }
}

/* The running graph would not take the new set of tracks (an FFmpeg
 * whose amix cannot change weights live): say so; a seek applies it. */
static void film_refused(struct session *s, const char *answer)
{
    struct strbuf sb = STRBUF_INIT;

    trace_log("refused weights=%s answer=%s", mix_weights(s->mix), answer);
    strbuf_addf(&sb, "the mixer refused the new set of tracks (\"%s\"); "
                "it is heard from the next seek (Home, or an arrow key)",
                answer);
    session_say(s, strbuf_str(&sb));
    strbuf_free(&sb);
}

void film_mix_service(struct session *s)
{
    bool was;
    const char *refused;

    if (!s->mix)
        return;
    was = mix_applied(s->mix);
    refused = mix_service(s->mix);
    if (!was && mix_applied(s->mix)) {
        trace_log("applied weights=%s", mix_weights(s->mix));
        s->dirty = true; /* the status shows the confirmed set */
    }
    if (refused)
        film_refused(s, refused);
}

/* Send the enabled set to the mixer. */
static void film_apply_mix(struct session *s, const char *why)
{
    bool *on;
    char *err = NULL;

    if (!s->mix || s->tracks.count == 0)
        return;
    on = xcalloc(s->tracks.count, sizeof *on);
    for (size_t i = 0; i < s->tracks.count; i++)
        on[i] = s->tracks.tracks[i].enabled;
    if (mix_set(s->mix, on, &err) < 0) {
        session_say(s, err);
        free(err);
    }
    free(on);
    trace_log("toggle %s weights=%s pos=%.3f", why, mix_weights(s->mix),
              player_status(s->player)->position);
    s->dirty = true;
}

void film_toggle(struct session *s, size_t i)
{
    if (i >= s->tracks.count)
        return;
    s->tracks_chosen = true;
    s->tracks.tracks[i].enabled = !s->tracks.tracks[i].enabled;
    film_apply_mix(s, "toggle");
}

void film_gain(struct session *s, size_t i, double db, bool relative)
{
    double *gains;
    char *err = NULL;
    struct track *t;

    if (i >= s->tracks.count)
        return;
    if (!s->mix) {
        session_say(s, "the mixer is off (see the messages): no gain per "
                       "track without it");
        return;
    }
    t = &s->tracks.tracks[i];
    db += relative ? t->gain : 0;
    t->gain = db < TRACK_GAIN_MIN ? TRACK_GAIN_MIN
              : db > TRACK_GAIN_MAX ? TRACK_GAIN_MAX : db;
    s->dirty = true;
    gains = xcalloc(s->tracks.count, sizeof *gains);
    for (size_t k = 0; k < s->tracks.count; k++)
        gains[k] = s->tracks.tracks[k].gain;
    if (mix_set_gains(s->mix, gains, &err) < 0) {
        session_say(s, err);
        free(err);
    }
    free(gains);
    trace_log("gain %zu %.1f weights=%s pos=%.3f", i + 1, t->gain,
              mix_weights(s->mix), player_status(s->player)->position);
}

void film_set_ducking(struct session *s, bool on)
{
    char *err = NULL;

    if (!s->mix) {
        session_say(s, "the mixer is off (see the messages): no ducking");
        return;
    }
    if (!mix_can_duck(s->mix)) {
        session_say(s, s->cfg->duck == 0
                       ? "ducking is off: [audio] duck = 0 in tplay.conf"
                       : "nothing to duck with: this file has no "
                         "descriptions track (or commentary, with [audio] "
                         "duck-commentary = yes) beside another");
        return;
    }
    s->duck_off = !on;
    if (mix_set_ducking(s->mix, on, &err) < 0) {
        session_say(s, err);
        free(err);
        return;
    }
    trace_log("duck %s weights=%s", on ? "on" : "off", mix_weights(s->mix));
    session_say(s, on ? "ducking on" : "ducking off");
}

void film_solo(struct session *s, size_t i, const char *why)
{
    s->tracks_chosen = true;
    for (size_t k = 0; k < s->tracks.count; k++)
        s->tracks.tracks[k].enabled = k == i;
    film_apply_mix(s, why);
}

void film_cycle(struct session *s)
{
    size_t next = 0;

    for (size_t k = 0; k < s->tracks.count; k++)
        if (s->tracks.tracks[k].enabled)
            next = k + 1;
    film_solo(s, next, "cycle");
}

bool film_no_sound(const struct session *s)
{
    return s->player && s->loaded && s->started && s->tracks.count > 0 &&
           !player_status(s->player)->has_ao;
}

bool film_cannot_play(const struct session *s)
{
    return film_no_sound(s) && s->video_w == 0;
}

void film_heard(const struct session *s, struct strbuf *sb)
{
    bool *confirmed = NULL;
    struct heard_view h = {
        &s->tracks, NULL,
        s->player ? player_status(s->player)->audio_id : -1,
        s->mix_unavailable, film_no_sound(s),
    };

    if (s->mix && s->tracks.count > 0) {
        confirmed = xcalloc(s->tracks.count, sizeof *confirmed);
        mix_heard(s->mix, confirmed);
        h.confirmed = confirmed;
    }
    heard_describe(sb, &h);
    free(confirmed);
}
