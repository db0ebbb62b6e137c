/* levels.h - the level of each audio track as the mixing graph sees it.
 * libmpv 0.35 reports no metadata from inside lavfi-complex, so each
 * track's chain in the graph ends in astats (peak and RMS of every
 * frame, about 20 ms) and ametadata printing them to "pipe:FD": a pipe
 * of ours whose write end stays open as long as this object, so that
 * libmpv's filter thread writes into our process directly (FFmpeg's pipe
 * protocol never closes it, and never opens anything that could block).
 * A thread of ours reads every pipe as soon as anything comes, so a
 * pipe never fills and the filter's writes never wait; it keeps the last
 * few seconds of readings under a lock that only it and the UI take, for
 * a few copies.  The graph runs ahead of what is heard (libmpv's audio
 * buffer, ~0.4 s), so the UI asks for the reading at the playback
 * position.  See docs/design.md "Level meters". */
#ifndef TPLAY_LEVELS_H
#define TPLAY_LEVELS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct strbuf;

/* One frame's levels in dBFS, METER_FLOOR_DB (meter.h) for silence, and
 * its time in the graph (libmpv's timeline, as its time-pos; NAN when
 * the frame had none). */
struct levels_reading {
    double pts;
    float peak_db, rms_db;
};

/*
 * Reads ametadata's print format, a chunk at a time:
 *   frame:12   pts:12288   pts_time:0.256
 *   lavfi.astats.Overall.Peak_level=-18.061800
 *   lavfi.astats.Overall.RMS_level=-21.072315
 * A frame's reading is complete once both levels followed its "frame:"
 * line.  Lines longer than the buffer, other keys and values that are
 * not numbers are skipped.  Each reading goes to emit(ctx, reading) as
 * it completes.
 */
struct levels_parser {
    char line[128];
    size_t len;
    bool overlong;   /* the line in progress is too long: skip to '\n' */
    bool have_peak, have_rms;
    struct levels_reading cur, last;
    void (*emit)(void *ctx, const struct levels_reading *r);
    void *ctx;
};

/* An empty parser; emit may be NULL. */
void levels_parser_init(struct levels_parser *p,
                        void (*emit)(void *ctx,
                                     const struct levels_reading *r),
                        void *ctx);

/* Take n bytes; returns how many frames' readings they completed, the
 * newest one in p->last. */
size_t levels_parse(struct levels_parser *p, const char *buf, size_t n);

struct levels;

/* Pipes for ntracks tracks and the thread that reads them.  NULL with a
 * message in *err (caller frees) when a pipe or the thread cannot be
 * had. */
struct levels *levels_create(size_t ntracks, char **err);

/* Stop the thread, close the pipes.  Only once no graph that
 * levels_add_filter went into runs any more: the graph writes to the
 * pipes by descriptor number.  NULL is fine. */
void levels_destroy(struct levels *l);

/* Append the filters that meter track i, for a graph (escaped for its
 * two levels of parsing): "astats=...,ametadata=...". */
void levels_add_filter(const struct levels *l, size_t i, struct strbuf *g);

/* Track i's reading heard at playback position `at` (seconds) into *r:
 * the last one stamped at or before it, and less than half a second
 * before (older ones are another graph's, before a seek).  With `at`
 * unknown (negative or NAN), or readings with no time, the newest.
 * False when there is none. */
bool levels_get(struct levels *l, size_t i, double at,
                struct levels_reading *r);

/* A count of the readings taken so far, all tracks: a changed count
 * means something new to show. */
uint64_t levels_count(const struct levels *l);

/* The write end of track i's pipe, for tests: what the graph writes to. */
int levels_write_fd(const struct levels *l, size_t i);

#endif
