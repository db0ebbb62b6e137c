/* levels.h - the level of each audio track as the mixing graph sees it.
 * libmpv 0.35 reports no metadata from inside lavfi-complex, so each
 * track's chain in the graph ends in astats (peak and RMS of every
 * frame, about 20 ms) and ametadata printing them to "pipe:FD": a pipe
 * of ours whose write end stays open as long as this object, so that
 * libmpv's filter thread writes into our process directly (FFmpeg's pipe
 * protocol never closes it, and never opens anything that could block).
 * A thread of ours reads every pipe as soon as anything comes, so a
 * pipe never fills and the filter's writes never wait: the UI only
 * reads the newest reading per track, from atomics.  See docs/design.md
 * "Level meters". */
#ifndef TPLAY_LEVELS_H
#define TPLAY_LEVELS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct strbuf;

/* One frame's levels in dBFS, METER_FLOOR_DB (meter.h) for silence. */
struct levels_reading {
    float peak_db, rms_db;
};

/*
 * Reads ametadata's print format, a chunk at a time:
 *   frame:12   pts:12288   pts_time:0.256
 *   lavfi.astats.Overall.Peak_level=-18.061800
 *   lavfi.astats.Overall.RMS_level=-21.072315
 * A frame's reading is complete once both levels followed its "frame:"
 * line.  Lines longer than the buffer, other keys and values that are
 * not numbers are skipped.
 */
struct levels_parser {
    char line[128];
    size_t len;
    bool overlong;   /* the line in progress is too long: skip to '\n' */
    bool have_peak, have_rms;
    struct levels_reading cur, last;
};

/* An empty parser. */
void levels_parser_init(struct levels_parser *p);

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

/* Track i's newest reading into *r; false when none came yet. */
bool levels_get(const struct levels *l, size_t i, struct levels_reading *r);

/* A count of the readings taken so far, all tracks: a changed count
 * means something new to show. */
uint64_t levels_count(const struct levels *l);

/* The write end of track i's pipe, for tests: what the graph writes to. */
int levels_write_fd(const struct levels *l, size_t i);

#endif
