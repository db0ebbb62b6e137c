/* levels.c - the tracks' levels out of the graph (see levels.h). */
#define _GNU_SOURCE /* pipe2, F_SETPIPE_SZ */
#include "levels.h"

#include "lavfi.h"
#include "meter.h"
#include "strbuf.h"
#include "wake.h"
#include "xmem.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Each pipe holds this much that the thread has not read yet: at about
 * 120 bytes a frame and 50 frames a second, 80 s of one track's
 * readings.  The kernel may give less (pipe-max-size); the default
 * 64 KiB is still 10 s. */
#define LEVELS_PIPE_SIZE (512 * 1024)

static const char levels_peak_key[] = "lavfi.astats.Overall.Peak_level=";
static const char levels_rms_key[] = "lavfi.astats.Overall.RMS_level=";

/* Readings kept per track: 5 s of 20 ms frames, well over how far the
 * graph runs ahead of what is heard. */
#define LEVELS_RING 256
/* A reading this much older than the position is another graph's. */
#define LEVELS_STALE 0.5

struct levels;

struct levels_track {
    int rd, wr;                 /* the pipe: we read, the graph writes */
    struct levels_parser parser; /* the thread's alone */
    struct levels *owner;
    /* Under owner->lock: the newest readings, ring[(head - 1) % RING]
     * the last. */
    struct levels_reading ring[LEVELS_RING];
    size_t head, n;
};

struct levels {
    size_t ntracks;
    struct levels_track *t;
    int stop[2];                /* a byte, or the close: the thread ends */
    pthread_t thread;
    bool running;
    /* Taken by the thread to add a reading and by the UI to look one up:
     * never held across anything that waits. */
    pthread_mutex_t lock;
    atomic_uint_fast64_t count;
};

void levels_parser_init(struct levels_parser *p,
                        void (*emit)(void *ctx,
                                     const struct levels_reading *r),
                        void *ctx)
{
    memset(p, 0, sizeof *p);
    p->last = p->cur = (struct levels_reading){ NAN, METER_FLOOR_DB,
                                                METER_FLOOR_DB };
    p->emit = emit;
    p->ctx = ctx;
}

/* A level as astats prints it ("-21.07", "-inf"), clamped to the floor;
 * false when it is not a number. */
static bool levels_value(const char *s, float *out)
{
    char *end;
    double v = strtod(s, &end);

    if (end == s || *end != '\0' || isnan(v))
        return false;
    *out = v > METER_FLOOR_DB ? (float)fmin(v, 1000) : METER_FLOOR_DB;
    return true;
}

/* One whole line (no '\n'); true when it completed a frame's reading. */
static bool levels_line(struct levels_parser *p, const char *s)
{
    if (strncmp(s, "frame:", 6) == 0) {
        const char *t = strstr(s, "pts_time:");
        char *end;

        p->have_peak = p->have_rms = false;
        p->cur.pts = NAN; /* "NOPTS", or none */
        if (t) {
            double v = strtod(t + 9, &end);

            if (end != t + 9 && (*end == '\0' || *end == ' ') && isfinite(v))
                p->cur.pts = v;
        }
        return false;
    }
    if (strncmp(s, levels_peak_key, sizeof levels_peak_key - 1) == 0 &&
        levels_value(s + sizeof levels_peak_key - 1, &p->cur.peak_db))
        p->have_peak = true;
    else if (strncmp(s, levels_rms_key, sizeof levels_rms_key - 1) == 0 &&
             levels_value(s + sizeof levels_rms_key - 1, &p->cur.rms_db))
        p->have_rms = true;
    else
        return false;
    if (!p->have_peak || !p->have_rms)
        return false;
    p->last = p->cur;
    p->have_peak = p->have_rms = false; /* one reading a frame */
    if (p->emit)
        p->emit(p->ctx, &p->last);
    return true;
}

size_t levels_parse(struct levels_parser *p, const char *buf, size_t n)
{
    size_t done = 0;

    for (size_t i = 0; i < n; i++) {
        char c = buf[i];

        if (c == '\n') {
            if (!p->overlong) {
                p->line[p->len] = '\0';
                done += levels_line(p, p->line);
            }
            p->len = 0;
            p->overlong = false;
        } else if (p->overlong) {
            continue;
        } else if (p->len + 1 < sizeof p->line) {
            p->line[p->len++] = c;
        } else {
            p->overlong = true;
            p->len = 0;
        }
    }
    return done;
}

/* The parser's emit: keep r in its track's ring. */
static void levels_keep(void *ctx, const struct levels_reading *r)
{
    struct levels_track *t = ctx;

    pthread_mutex_lock(&t->owner->lock);
    t->ring[t->head] = *r;
    t->head = (t->head + 1) % LEVELS_RING;
    if (t->n < LEVELS_RING)
        t->n++;
    pthread_mutex_unlock(&t->owner->lock);
}

/* Read all that waits on track t's pipe and keep its readings.  The
 * descriptor is non-blocking: this never waits. */
static void levels_drain(struct levels *l, struct levels_track *t)
{
    char buf[4096];
    ssize_t n;
    size_t got = 0;

    while ((n = read(t->rd, buf, sizeof buf)) > 0 ||
           (n < 0 && errno == EINTR))
        if (n > 0)
            got += levels_parse(&t->parser, buf, (size_t)n);
    if (got > 0)
        atomic_fetch_add(&l->count, got);
}

/* The thread: wait for any pipe (or the stop), drain it, again.  It
 * touches nothing but the pipes and the rings, whose lock the UI holds
 * only to copy a reading, so nothing the UI does can hold it up. */
static void *levels_main(void *arg)
{
    struct levels *l = arg;
    struct pollfd *fds = xcalloc(l->ntracks + 1, sizeof *fds);

    for (size_t i = 0; i < l->ntracks; i++)
        fds[i] = (struct pollfd){ l->t[i].rd, POLLIN, 0 };
    fds[l->ntracks] = (struct pollfd){ l->stop[0], POLLIN, 0 };
    for (;;) {
        if (poll(fds, l->ntracks + 1, -1) < 0) {
            if (errno == EINTR)
                continue;
            break; /* cannot happen with valid descriptors */
        }
        if (fds[l->ntracks].revents)
            break;
        for (size_t i = 0; i < l->ntracks; i++)
            if (fds[i].revents & POLLIN)
                levels_drain(l, &l->t[i]);
    }
    free(fds);
    return NULL;
}

struct levels *levels_create(size_t ntracks, char **err)
{
    struct levels *l = xcalloc(1, sizeof *l);
    sigset_t all, old;
    int rc;

    l->ntracks = ntracks;
    l->t = xcalloc(ntracks + 1, sizeof *l->t);
    l->stop[0] = l->stop[1] = -1;
    pthread_mutex_init(&l->lock, NULL);
    for (size_t i = 0; i < ntracks; i++)
        l->t[i].rd = l->t[i].wr = -1;
    for (size_t i = 0; i < ntracks; i++) {
        struct levels_track *t = &l->t[i];
        int p[2];

        /* Our end non-blocking; the graph's blocking as FFmpeg expects
         * (a non-blocking one would only make it retry every
         * millisecond instead). */
        if (pipe2(p, O_CLOEXEC) < 0) {
            *err = xasprintf("no level meters: cannot create a pipe: %s",
                             strerror(errno));
            levels_destroy(l);
            return NULL;
        }
        t->rd = p[0];
        t->wr = p[1];
        fcntl(t->rd, F_SETFL, fcntl(t->rd, F_GETFL) | O_NONBLOCK);
        fcntl(t->wr, F_SETPIPE_SZ, LEVELS_PIPE_SIZE); /* or the default */
        t->owner = l;
        levels_parser_init(&t->parser, levels_keep, t);
    }
    atomic_init(&l->count, 0);
    if (wake_open(l->stop) < 0) {
        *err = xasprintf("no level meters: cannot create a pipe: %s",
                         strerror(errno));
        levels_destroy(l);
        return NULL;
    }
    /* Signals go to the main thread, whose handlers know the loop. */
    sigfillset(&all);
    pthread_sigmask(SIG_SETMASK, &all, &old);
    rc = pthread_create(&l->thread, NULL, levels_main, l);
    pthread_sigmask(SIG_SETMASK, &old, NULL);
    if (rc != 0) {
        *err = xasprintf("no level meters: cannot start their thread: %s",
                         strerror(rc));
        levels_destroy(l);
        return NULL;
    }
    l->running = true;
    return l;
}

void levels_destroy(struct levels *l)
{
    if (!l)
        return;
    if (l->running) {
        wake_signal(l->stop[1], 'q');
        pthread_join(l->thread, NULL);
    }
    wake_close(l->stop);
    for (size_t i = 0; i < l->ntracks; i++) {
        if (l->t[i].rd >= 0)
            close(l->t[i].rd);
        if (l->t[i].wr >= 0)
            close(l->t[i].wr);
    }
    pthread_mutex_destroy(&l->lock);
    free(l->t);
    free(l);
}

void levels_add_filter(const struct levels *l, size_t i, struct strbuf *g)
{
    char url[32];

    /* reset=1: each frame's own levels; only the two levels measured
     * (astats' cheapest form); direct: one write a line, no buffer
     * holding them back. */
    strbuf_adds(g, "astats=metadata=1:reset=1:measure_perchannel=none:"
                "measure_overall=Peak_level+RMS_level,"
                "ametadata=mode=print:direct=1:file=");
    snprintf(url, sizeof url, "pipe:%d", l->t[i].wr);
    lavfi_add_escaped(g, url, 2);
}

bool levels_get(struct levels *l, size_t i, double at,
                struct levels_reading *r)
{
    struct levels_track *t;
    bool found = false;

    if (i >= l->ntracks)
        return false;
    t = &l->t[i];
    pthread_mutex_lock(&l->lock);
    for (size_t k = 1; k <= t->n && !found; k++) {
        const struct levels_reading *e =
            &t->ring[(t->head + LEVELS_RING - k) % LEVELS_RING];

        /* Newest first: the first one heard by now, and not stale. */
        if (!(at >= 0) || isnan(e->pts) ||
            (e->pts <= at && e->pts > at - LEVELS_STALE)) {
            *r = *e;
            found = true;
        }
    }
    pthread_mutex_unlock(&l->lock);
    return found;
}

uint64_t levels_count(const struct levels *l)
{
    return atomic_load(&l->count);
}

int levels_write_fd(const struct levels *l, size_t i)
{
    return i < l->ntracks ? l->t[i].wr : -1;
}
