/* faulty.c - a sound card that fails on cue: an alsa-lib external PCM
 * plugin (ioplug) for tplay's end-to-end tests, never for real use.
 *
 * alsa-lib's own file and null plugins have no clock: a read or write
 * always succeeds at once, so nothing they do can be late, be busy,
 * over- or underrun, or go away.  This device keeps time like a card: its
 * hardware pointer moves with CLOCK_MONOTONIC at the rate granted, its
 * poll descriptor (a timerfd) wakes once a period, and a reader too slow
 * for it overruns.  Capture makes a 1 kHz sine at -12 dBFS; playback
 * takes what it is given and can append it to a file.  FLOAT_LE or
 * S16_LE, 1 or 2 channels, 48000 Hz, interleaved read/write.
 *
 * Loaded by a test .asoundrc:
 *
 *   pcm_type.faulty { lib "/abs/build/tests/libasound_module_pcm_faulty.so" }
 *   pcm.mic { type faulty vanish 48000 unplugged "/tmp/x/unplugged" }
 *
 * Config fields, each a fault a real device has (frames count from the
 * open; 0 or absent: never):
 *   busy true      open fails with EBUSY: a hw device another program holds
 *   vanish N       after N frames the device is gone, as a USB microphone
 *                  pulled out: the state becomes DISCONNECTED, transfers
 *                  fail with ENODEV, poll reports POLLERR | POLLHUP
 *   unplugged P    with vanish: the device leaves the file P behind, and
 *                  no open succeeds (ENODEV) while P exists; removing P
 *                  plugs it back in
 *   stall N        after N frames the clock stops: no more data, no room,
 *                  no error; only the reader's own timeout can tell
 *   stall_wakes true  with stall: the poll descriptor still wakes once a
 *                  period with nothing behind it (a card whose interrupt
 *                  outlives its DMA; a sound server's plugin whose fd is
 *                  signalled while its stream is stuck)
 *   xrun N         N frames after each start the pointer reports an xrun,
 *                  as a card whose reader was too late; alsa-lib returns
 *                  EPIPE and snd_pcm_prepare recovers it
 *   file P         playback appends what it takes to P, raw interleaved
 *   frequency F    the capture sine's frequency, Hz (default 1000)
 *
 * The entry point's name, _snd_pcm_faulty_open, is alsa-lib's rule; every
 * other function here takes the file's prefix.
 */
#include <alsa/asoundlib.h>
#include <alsa/pcm_external.h>
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <poll.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/timerfd.h>
#include <time.h>
#include <unistd.h>

#define FAULTY_RATE 48000
#define FAULTY_LEVEL 0.25118864315095801 /* -12 dBFS */
#define FAULTY_NS 1000000000ULL
#define FAULTY_PI 3.14159265358979323846

/* What the .asoundrc asked for. */
struct faulty_config {
    bool busy, stall_wakes;
    uint64_t vanish, stall, xrun;
    const char *unplugged, *file;
    unsigned frequency;
};

/* One open device. */
struct faulty {
    snd_pcm_ioplug_t io;         /* first: alsa-lib hands this back */
    struct faulty_config cfg;
    char *unplugged;             /* owned copies of the config's paths */
    int timer;                   /* the poll descriptor: a tick a period */
    int out;                     /* playback's file, or -1 */
    bool running, gone, stalled;
    bool marked;                 /* the unplugged marker is down */
    struct timespec t0;          /* when it started */
    snd_pcm_uframes_t base;      /* the hw pointer at the start */
    snd_pcm_uframes_t avail_min;
    uint64_t life;               /* frames run before this start */
    uint64_t made;               /* capture frames made: the sine's phase */
};

/* Frames since the start, by the clock, held at a vanish or a stall;
 * notes either when it comes. */
static uint64_t faulty_run(struct faulty *f)
{
    struct timespec now;
    uint64_t ns, run;

    clock_gettime(CLOCK_MONOTONIC, &now);
    ns = (uint64_t)(now.tv_sec - f->t0.tv_sec) * FAULTY_NS +
         (uint64_t)now.tv_nsec - (uint64_t)f->t0.tv_nsec;
    run = ns * f->io.rate / FAULTY_NS;
    if (f->cfg.vanish && f->life + run >= f->cfg.vanish) {
        run = f->cfg.vanish > f->life ? f->cfg.vanish - f->life : 0;
        f->gone = true;
    }
    if (f->cfg.stall && f->life + run >= f->cfg.stall) {
        run = f->cfg.stall > f->life ? f->cfg.stall - f->life : 0;
        f->stalled = true;
    }
    return run;
}

/* The timer ticks once a period while the clock runs, else never.  The
 * period is rounded up, so that at each tick a whole period is there. */
static void faulty_arm(struct faulty *f, bool on)
{
    struct itimerspec its;
    uint64_t ns = (f->io.period_size * FAULTY_NS + f->io.rate - 1) /
                  f->io.rate;

    memset(&its, 0, sizeof its);
    if (on) {
        its.it_value.tv_sec = (time_t)(ns / FAULTY_NS);
        its.it_value.tv_nsec = (long)(ns % FAULTY_NS);
        its.it_interval = its.it_value;
    }
    timerfd_settime(f->timer, 0, &its, NULL);
}

/* The device has gone: say so to alsa-lib and leave the marker. */
static void faulty_vanish(struct faulty *f)
{
    int fd;

    snd_pcm_ioplug_set_state(&f->io, SND_PCM_STATE_DISCONNECTED);
    faulty_arm(f, f->running); /* the ticks go on: poll must see the error */
    if (f->unplugged && !f->marked) {
        f->marked = true;
        fd = open(f->unplugged, O_WRONLY | O_CREAT | O_CLOEXEC, 0644);
        if (fd >= 0)
            close(fd);
    }
}

/*
 * Where the clock has the hardware now: the frames available to the
 * application in *avail.  0, -EPIPE (an xrun: a late reader or writer,
 * or the xrun fault), or -ENODEV (gone).
 */
static int faulty_position(struct faulty *f, snd_pcm_uframes_t *hw,
                           snd_pcm_uframes_t *avail)
{
    snd_pcm_ioplug_t *io = &f->io;
    uint64_t run = f->running ? faulty_run(f) : 0;
    bool capture = io->stream == SND_PCM_STREAM_CAPTURE;
    snd_pcm_sframes_t queued;

    *hw = f->running ? f->base + (snd_pcm_uframes_t)run : io->hw_ptr;
    if (f->gone) {
        *hw = io->hw_ptr; /* what was in flight is lost */
        *avail = 0;
        return -ENODEV;
    }
    if (f->stalled && !f->cfg.stall_wakes)
        faulty_arm(f, false);
    if (f->running && f->cfg.xrun && run >= f->cfg.xrun)
        return -EPIPE;
    if (capture) {
        *avail = *hw - io->appl_ptr;
        if (f->running && *avail >= io->buffer_size)
            return -EPIPE; /* overrun: the reader was too late */
        return 0;
    }
    queued = (snd_pcm_sframes_t)(io->appl_ptr - *hw);
    if (f->running && queued <= 0)
        return -EPIPE; /* underrun: the writer was too late */
    *avail = io->buffer_size - (snd_pcm_uframes_t)(queued > 0 ? queued : 0);
    return 0;
}

static int faulty_start(snd_pcm_ioplug_t *io)
{
    struct faulty *f = io->private_data;

    if (f->gone)
        return -ENODEV;
    clock_gettime(CLOCK_MONOTONIC, &f->t0);
    f->base = io->hw_ptr;
    f->running = true;
    faulty_arm(f, !f->stalled || f->cfg.stall_wakes);
    return 0;
}

static int faulty_stop(snd_pcm_ioplug_t *io)
{
    struct faulty *f = io->private_data;

    if (f->running)
        f->life += faulty_run(f);
    f->running = false;
    faulty_arm(f, false);
    return 0;
}

/* The hw pointer, within the buffer; negative for an xrun.  Gone, it
 * stays where it was and the state says DISCONNECTED (a negative return
 * would make alsa-lib call it an xrun). */
static snd_pcm_sframes_t faulty_pointer(snd_pcm_ioplug_t *io)
{
    struct faulty *f = io->private_data;
    snd_pcm_uframes_t hw, avail;
    int err = faulty_position(f, &hw, &avail);

    if (err == -ENODEV) {
        faulty_vanish(f);
        return (snd_pcm_sframes_t)(io->hw_ptr % io->buffer_size);
    }
    if (err < 0)
        return err;
    return (snd_pcm_sframes_t)(hw % io->buffer_size);
}

/* Where frame i of channel c lives in areas. */
static void *faulty_at(const snd_pcm_channel_area_t *a, snd_pcm_uframes_t i)
{
    return (char *)a->addr + (a->first + a->step * i) / 8;
}

/* Capture: the sine, into every channel.  Playback: into the file. */
static snd_pcm_sframes_t faulty_transfer(snd_pcm_ioplug_t *io,
                                         const snd_pcm_channel_area_t *areas,
                                         snd_pcm_uframes_t offset,
                                         snd_pcm_uframes_t size)
{
    struct faulty *f = io->private_data;
    size_t frame = io->channels * (size_t)snd_pcm_format_width(io->format) / 8;

    if (f->gone)
        return -ENODEV;
    if (io->stream == SND_PCM_STREAM_PLAYBACK) {
        const char *p = faulty_at(&areas[0], offset);
        size_t left = size * frame;

        while (f->out >= 0 && left > 0) {
            ssize_t w = write(f->out, p, left);

            if (w < 0 && errno == EINTR)
                continue;
            if (w < 0)
                return -errno;
            p += w;
            left -= (size_t)w;
        }
        return (snd_pcm_sframes_t)size;
    }
    for (snd_pcm_uframes_t i = 0; i < size; i++, f->made++) {
        double x = FAULTY_LEVEL *
                   sin(2 * FAULTY_PI * f->cfg.frequency *
                       (double)(f->made % io->rate) / io->rate);

        for (unsigned c = 0; c < io->channels; c++) {
            void *at = faulty_at(&areas[c], offset + i);

            if (io->format == SND_PCM_FORMAT_FLOAT_LE) {
                float v = (float)x;

                memcpy(at, &v, sizeof v);
            } else {
                int16_t v = (int16_t)lrint(x * 32767.0);

                memcpy(at, &v, sizeof v);
            }
        }
    }
    return (snd_pcm_sframes_t)size;
}

static int faulty_prepare(snd_pcm_ioplug_t *io)
{
    struct faulty *f = io->private_data;

    if (f->gone)
        return -ENODEV;
    f->running = false;
    faulty_arm(f, false);
    return 0;
}

static int faulty_sw_params(snd_pcm_ioplug_t *io, snd_pcm_sw_params_t *sw)
{
    struct faulty *f = io->private_data;

    return snd_pcm_sw_params_get_avail_min(sw, &f->avail_min);
}

/* A tick: ready when a period's worth (avail_min) is there; an xrun or a
 * vanished device wakes the poller with POLLERR, as the kernel does. */
static int faulty_poll_revents(snd_pcm_ioplug_t *io, struct pollfd *pfd,
                               unsigned nfds, unsigned short *revents)
{
    struct faulty *f = io->private_data;
    snd_pcm_uframes_t hw, avail, min;
    uint64_t ticks;
    int err;

    if (nfds > 0 && (pfd[0].revents & POLLIN) &&
        read(f->timer, &ticks, sizeof ticks) < 0 && errno != EAGAIN)
        return -errno;
    *revents = 0;
    err = faulty_position(f, &hw, &avail);
    if (err == -ENODEV) {
        faulty_vanish(f);
        *revents = POLLERR | POLLHUP;
        return 0;
    }
    if (err < 0) {
        snd_pcm_ioplug_set_state(io, SND_PCM_STATE_XRUN);
        *revents = POLLERR;
        return 0;
    }
    min = f->avail_min ? f->avail_min : io->period_size;
    if (avail >= min)
        *revents = io->stream == SND_PCM_STREAM_CAPTURE ? POLLIN : POLLOUT;
    return 0;
}

static int faulty_close(snd_pcm_ioplug_t *io)
{
    struct faulty *f = io->private_data;

    if (f->out >= 0)
        close(f->out);
    close(f->timer);
    free(f->unplugged);
    free(f);
    return 0;
}

static const snd_pcm_ioplug_callback_t faulty_callbacks = {
    .start = faulty_start,
    .stop = faulty_stop,
    .pointer = faulty_pointer,
    .transfer = faulty_transfer,
    .close = faulty_close,
    .sw_params = faulty_sw_params,
    .prepare = faulty_prepare,
    .poll_revents = faulty_poll_revents,
};

/* A non-negative integer field into *v. */
static int faulty_frames(snd_config_t *n, const char *id, uint64_t *v)
{
    long x;

    if (snd_config_get_integer(n, &x) < 0 || x < 0) {
        SNDERR("faulty: %s must be a count of frames", id);
        return -EINVAL;
    }
    *v = (uint64_t)x;
    return 0;
}

/* Read the device's fields from conf into *c. */
static int faulty_parse(snd_config_t *conf, struct faulty_config *c)
{
    snd_config_iterator_t i, next;
    long x;

    memset(c, 0, sizeof *c);
    c->frequency = 1000;
    snd_config_for_each(i, next, conf) {
        snd_config_t *n = snd_config_iterator_entry(i);
        const char *id;
        int err = 0;

        if (snd_config_get_id(n, &id) < 0)
            continue;
        if (!strcmp(id, "comment") || !strcmp(id, "type") ||
            !strcmp(id, "hint"))
            continue;
        if (!strcmp(id, "busy")) {
            err = snd_config_get_bool(n);
            c->busy = err > 0;
        } else if (!strcmp(id, "stall_wakes")) {
            err = snd_config_get_bool(n);
            c->stall_wakes = err > 0;
        } else if (!strcmp(id, "vanish")) {
            err = faulty_frames(n, id, &c->vanish);
        } else if (!strcmp(id, "stall")) {
            err = faulty_frames(n, id, &c->stall);
        } else if (!strcmp(id, "xrun")) {
            err = faulty_frames(n, id, &c->xrun);
        } else if (!strcmp(id, "unplugged")) {
            err = snd_config_get_string(n, &c->unplugged);
        } else if (!strcmp(id, "file")) {
            err = snd_config_get_string(n, &c->file);
        } else if (!strcmp(id, "frequency")) {
            err = snd_config_get_integer(n, &x);
            if (err >= 0 && (x <= 0 || x >= FAULTY_RATE / 2))
                err = -EINVAL;
            c->frequency = (unsigned)x;
        } else {
            SNDERR("faulty: unknown field %s", id);
            return -EINVAL;
        }
        if (err < 0) {
            SNDERR("faulty: bad value for %s", id);
            return -EINVAL;
        }
    }
    return 0;
}

/* What this device grants: alsa-lib picks within it. */
static int faulty_constrain(snd_pcm_ioplug_t *io)
{
    static const unsigned access[] = { SND_PCM_ACCESS_RW_INTERLEAVED };
    static const unsigned formats[] = { SND_PCM_FORMAT_FLOAT_LE,
                                        SND_PCM_FORMAT_S16_LE };
    int err;

    err = snd_pcm_ioplug_set_param_list(io, SND_PCM_IOPLUG_HW_ACCESS, 1,
                                        access);
    if (err >= 0)
        err = snd_pcm_ioplug_set_param_list(io, SND_PCM_IOPLUG_HW_FORMAT, 2,
                                            formats);
    if (err >= 0)
        err = snd_pcm_ioplug_set_param_minmax(io, SND_PCM_IOPLUG_HW_CHANNELS,
                                              1, 2);
    if (err >= 0)
        err = snd_pcm_ioplug_set_param_minmax(io, SND_PCM_IOPLUG_HW_RATE,
                                              FAULTY_RATE, FAULTY_RATE);
    if (err >= 0)
        err = snd_pcm_ioplug_set_param_minmax(io, SND_PCM_IOPLUG_HW_PERIOD_BYTES,
                                              64, 256 * 1024);
    if (err >= 0)
        err = snd_pcm_ioplug_set_param_minmax(io, SND_PCM_IOPLUG_HW_PERIODS,
                                              2, 64);
    if (err >= 0)
        err = snd_pcm_ioplug_set_param_minmax(io, SND_PCM_IOPLUG_HW_BUFFER_BYTES,
                                              128, 1024 * 1024);
    return err;
}

int _snd_pcm_faulty_open(snd_pcm_t **pcmp, const char *name,
                         snd_config_t *root, snd_config_t *conf,
                         snd_pcm_stream_t stream, int mode);

SND_PCM_PLUGIN_DEFINE_FUNC(faulty)
{
    struct faulty_config c;
    struct faulty *f;
    int err;

    (void)root;
    err = faulty_parse(conf, &c);
    if (err < 0)
        return err;
    if (c.busy) {
        SNDERR("faulty: \"%s\" is held by another program", name);
        return -EBUSY;
    }
    if (c.unplugged && access(c.unplugged, F_OK) == 0) {
        SNDERR("faulty: \"%s\" is unplugged", name);
        return -ENODEV;
    }
    f = calloc(1, sizeof *f);
    if (!f)
        return -ENOMEM;
    f->cfg = c;
    f->out = -1;
    f->timer = timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK | TFD_CLOEXEC);
    if (f->timer < 0) {
        err = -errno;
        free(f);
        return err;
    }
    if (c.unplugged) {
        f->unplugged = strdup(c.unplugged);
        if (!f->unplugged)
            err = -ENOMEM;
    }
    if (err >= 0 && c.file && stream == SND_PCM_STREAM_PLAYBACK) {
        f->out = open(c.file, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC,
                      0644);
        if (f->out < 0)
            err = -errno;
    }
    f->cfg.unplugged = f->cfg.file = NULL; /* the config's strings go */
    if (err < 0) {
        faulty_close(&f->io);
        return err;
    }
    f->io.version = SND_PCM_IOPLUG_VERSION;
    f->io.name = "tplay test device (faulty)";
    f->io.callback = &faulty_callbacks;
    f->io.private_data = f;
    f->io.poll_fd = f->timer;
    f->io.poll_events = POLLIN;
    f->io.flags = SND_PCM_IOPLUG_FLAG_MONOTONIC;
    err = snd_pcm_ioplug_create(&f->io, name, stream, mode);
    if (err < 0) {
        faulty_close(&f->io);
        return err;
    }
    err = faulty_constrain(&f->io);
    if (err < 0) {
        snd_pcm_ioplug_delete(&f->io); /* calls faulty_close */
        return err;
    }
    *pcmp = f->io.pcm;
    return 0;
}

SND_PCM_PLUGIN_SYMBOL(faulty)
