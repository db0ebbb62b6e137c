/* mic.c - the monitoring thread: capture a period, filter it block by
 * block, play it.  Real-time rules hold inside mic_run: no lock, no
 * allocation, no waiting on anything but the two devices. */
#include "mic.h"

#include "lowshelf.h"
#include "fatal.h"
#include "meter.h"
#include "now.h"
#include "sample.h"
#include "wake.h"
#include "xmem.h"

#include <alsa/asoundlib.h>
#include <errno.h>
#include <poll.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define MIC_WAIT_MS 50      /* longest wait before looking at the stop flag */
#define MIC_STALL_MS 2000   /* a device silent this long has gone away */
#define MIC_METER_MS 50     /* one level reading per this much sound */
#define MIC_MAX_CHANNELS 32
#define MIC_CAPTURE_PERIODS 8 /* capture room: it adds no latency */
#define MIC_POLL_FDS 8      /* poll descriptors a device may have */

/* What alsa-lib last said on this thread.  Its error handler keeps the
 * words here instead of printing them over the screen. */
static _Thread_local char mic_alsa_said[256];

/* One device, as opened and granted. */
struct mic_dev {
    snd_pcm_t *pcm;
    const char *role;          /* "capture" or "playback" */
    const char *name;
    enum sample_format format;
    unsigned channels;
    snd_pcm_uframes_t period, buffer;
    void *raw;                 /* one capture period, in this format */
};

struct mic {
    char *capture, *playback;  /* the device names, owned */
    struct mic_config cfg;
    pthread_t thread;
    int wake[2];
    bool thread_started;

    /* Shared with the caller, through atomics only. */
    atomic_int state;
    atomic_bool stop;
    _Atomic uint64_t filter;   /* frequency and gain: two float bit patterns */
    _Atomic uint32_t volume;   /* float bits */
    _Atomic uint32_t levels[4]; /* struct mic_levels, as float bits */
    atomic_ulong xruns;
    _Atomic uint64_t frames;
    struct mic_granted granted; /* written before MIC_RUNNING is stored */
    char failure[768];          /* written before MIC_FAILED is stored */

    /* The audio thread's own. */
    struct mic_dev cap, play;
    float *in, *out;
    uint64_t done;              /* frames filtered */
    uint64_t coeffs_for;        /* the filter word the coefficients are for */
    struct lowshelf_coeffs coeffs;
    struct lowshelf_state state_of[MIC_MAX_CHANNELS];
    float volume_now;
    struct meter meter_in, meter_out;
};

static uint32_t mic_float_bits(float f)
{
    uint32_t u;

    memcpy(&u, &f, sizeof u);
    return u;
}

static float mic_bits_float(uint32_t u)
{
    float f;

    memcpy(&f, &u, sizeof f);
    return f;
}

/* alsa-lib's words, kept for the mic's message, and as one line on
 * stderr ("ALSA lib pcm.c:2666:(snd_pcm_open_noupdate) ..." as its own
 * handler writes) with every byte outside printable ASCII escaped: the
 * line may quote a device name from the command line.  No allocation:
 * the audio thread may be the caller. */
__attribute__((format(printf, 5, 6)))
static void mic_alsa_error(const char *file, int line, const char *function,
                           int err, const char *fmt, ...)
{
    char raw[512], out[sizeof raw * 4 + 2];
    size_t n = 0;
    va_list ap;

    (void)err;
    va_start(ap, fmt);
    vsnprintf(mic_alsa_said, sizeof mic_alsa_said, fmt, ap);
    va_end(ap);
    snprintf(raw, sizeof raw, "ALSA lib %s:%d:(%s) %s", file ? file : "?",
             line, function ? function : "?", mic_alsa_said);
    for (const unsigned char *c = (const unsigned char *)raw; *c; c++) {
        if (*c >= 0x20 && *c < 0x7f && *c != '\\')
            out[n++] = (char)*c;
        else
            n += (size_t)snprintf(out + n, sizeof out - n, "\\x%02x", *c);
    }
    out[n++] = '\n';
    if (write(STDERR_FILENO, out, n) < 0)
        return; /* nowhere left to say it */
}

void mic_route_alsa_errors(void)
{
    snd_lib_error_set_handler(mic_alsa_error);
}

/* Publish a new state and wake the caller. */
static void mic_publish(struct mic *m, enum mic_state s)
{
    atomic_store_explicit(&m->state, s, memory_order_release);
    wake_signal(m->wake[1], 1);
}

/*
 * The run ends: say why, for the screen.  d names the device, err is
 * ALSA's error, what says what was being done.
 */
static void mic_fail(struct mic *m, const struct mic_dev *d, const char *what,
                     int err)
{
    bool capture = d == &m->cap;
    const char *hint;

    if (err == -EBUSY)
        hint = "another program holds it: use a device that mixes, such as "
               "default (PipeWire, PulseAudio) or dmix";
    else if (capture)
        hint = "check --mic-device or [mic] capture (arecord -L lists "
               "devices)";
    else
        hint = "check --mic-output or [mic] playback (aplay -L lists "
               "devices)";
    snprintf(m->failure, sizeof m->failure,
             "mic: %s %s device \"%s\": %s%s%s%s; %s; M retries", what,
             d->role, d->name, err == -ENODATA /* our stall, not ALSA's */
             ? "its clock has stopped (a hung driver or a device going away)"
             : snd_strerror(err),
             mic_alsa_said[0] ? " (ALSA: " : "", mic_alsa_said,
             mic_alsa_said[0] ? ")" : "", hint);
    mic_publish(m, MIC_FAILED);
}

static const snd_pcm_format_t mic_alsa_formats[SAMPLE_FORMATS] = {
    [SAMPLE_F32] = SND_PCM_FORMAT_FLOAT_LE,
    [SAMPLE_S32] = SND_PCM_FORMAT_S32_LE,
    [SAMPLE_S24] = SND_PCM_FORMAT_S24_LE,
    [SAMPLE_S24_3] = SND_PCM_FORMAT_S24_3LE,
    [SAMPLE_S16] = SND_PCM_FORMAT_S16_LE,
};

/*
 * Open d and set it up: interleaved, the first format we convert that it
 * takes (float first: no conversion), channels, rate (exactly *rate when
 * exact, else near it, and *rate says what was granted), period and
 * buffer near the wish.  Never auto-starts: mic_begin starts it.
 */
static int mic_setup(struct mic *m, struct mic_dev *d, snd_pcm_stream_t dir,
                     unsigned *rate, bool exact, unsigned channels,
                     snd_pcm_uframes_t period, snd_pcm_uframes_t buffer)
{
    snd_pcm_hw_params_t *hw = NULL;
    snd_pcm_sw_params_t *sw = NULL;
    snd_pcm_uframes_t boundary;
    const char *what = "cannot open";
    int err, f;

    mic_alsa_said[0] = '\0';
    /* Non-blocking: a busy device fails at once instead of waiting. */
    err = snd_pcm_open(&d->pcm, d->name, dir, SND_PCM_NONBLOCK);
    if (err < 0) {
        d->pcm = NULL;
        goto fail;
    }
    if (snd_pcm_hw_params_malloc(&hw) < 0 || snd_pcm_sw_params_malloc(&sw) < 0)
        fatal("out of memory");
    what = "cannot set up";
    err = snd_pcm_hw_params_any(d->pcm, hw);
    if (err >= 0)
        err = snd_pcm_hw_params_set_access(d->pcm, hw,
                                           SND_PCM_ACCESS_RW_INTERLEAVED);
    for (f = 0; err >= 0 && f < SAMPLE_FORMATS; f++)
        if (snd_pcm_hw_params_test_format(d->pcm, hw, mic_alsa_formats[f]) == 0)
            break;
    if (err >= 0 && f == SAMPLE_FORMATS) {
        what = "no sample format tplay converts (FLOAT_LE, S32_LE, S24_LE, "
               "S24_3LE, S16_LE) on";
        err = -EINVAL;
    }
    if (err >= 0) {
        d->format = (enum sample_format)f;
        err = snd_pcm_hw_params_set_format(d->pcm, hw, mic_alsa_formats[f]);
    }
    d->channels = channels;
    if (err >= 0)
        err = snd_pcm_hw_params_set_channels_near(d->pcm, hw, &d->channels);
    if (err >= 0 && exact) {
        err = snd_pcm_hw_params_set_rate(d->pcm, hw, *rate, 0);
        if (err < 0)
            what = "the capture rate is refused by the";
    } else if (err >= 0) {
        err = snd_pcm_hw_params_set_rate_near(d->pcm, hw, rate, NULL);
    }
    d->period = period;
    d->buffer = buffer;
    if (err >= 0)
        err = snd_pcm_hw_params_set_period_size_near(d->pcm, hw, &d->period,
                                                     NULL);
    if (err >= 0)
        err = snd_pcm_hw_params_set_buffer_size_near(d->pcm, hw, &d->buffer);
    if (err >= 0)
        err = snd_pcm_hw_params(d->pcm, hw);
    if (err >= 0)
        err = snd_pcm_hw_params_get_period_size(hw, &d->period, NULL);
    if (err >= 0)
        err = snd_pcm_hw_params_get_buffer_size(hw, &d->buffer);
    if (err >= 0 && d->channels > MIC_MAX_CHANNELS) {
        what = "too many channels on";
        err = -EINVAL;
    }
    if (err >= 0 && snd_pcm_poll_descriptors_count(d->pcm) > MIC_POLL_FDS) {
        what = "too many poll descriptors on";
        err = -EINVAL;
    }
    if (err >= 0)
        err = snd_pcm_sw_params_current(d->pcm, sw);
    if (err >= 0)
        err = snd_pcm_sw_params_get_boundary(sw, &boundary);
    /* Started by hand, after priming; woken a period at a time. */
    if (err >= 0)
        err = snd_pcm_sw_params_set_start_threshold(d->pcm, sw, boundary);
    if (err >= 0)
        err = snd_pcm_sw_params_set_avail_min(d->pcm, sw, d->period);
    if (err >= 0)
        err = snd_pcm_sw_params(d->pcm, sw);
    snd_pcm_hw_params_free(hw);
    snd_pcm_sw_params_free(sw);
    if (err >= 0)
        return 0;
fail:
    mic_fail(m, d, what, err);
    return -1;
}

/* Open both devices, capture first: playback follows its rate. */
static int mic_open(struct mic *m)
{
    struct mic_granted *g = &m->granted;
    unsigned rate = m->cfg.rate;
    snd_pcm_uframes_t period = m->cfg.period;

    if (mic_setup(m, &m->cap, SND_PCM_STREAM_CAPTURE, &rate, false,
                  m->cfg.channels, period, period * MIC_CAPTURE_PERIODS) < 0)
        return -1;
    if (mic_setup(m, &m->play, SND_PCM_STREAM_PLAYBACK, &rate, true,
                  m->cap.channels, m->cap.period,
                  m->cap.period * m->cfg.periods) < 0)
        return -1;
    /* Linked, they start on the same sample; plugins that cannot link
     * (the file plugin) are started one after the other. */
    g->linked = snd_pcm_link(m->cap.pcm, m->play.pcm) == 0;
    g->rate = rate;
    g->capture_channels = m->cap.channels;
    g->playback_channels = m->play.channels;
    g->capture_format = sample_name(m->cap.format);
    g->playback_format = sample_name(m->play.format);
    g->period = m->cap.period;
    g->playback_period = m->play.period;
    g->playback_buffer = m->play.buffer;
    g->latency_ms = 1000.0 * (double)m->play.buffer / rate;

    size_t n = m->cap.period;
    m->cap.raw = xcalloc(n * m->cap.channels, sample_bytes(m->cap.format));
    m->play.raw = xcalloc(n * m->play.channels,
                          sample_bytes(m->play.format));
    m->in = xcalloc(n * m->cap.channels, sizeof *m->in);
    m->out = xcalloc(n * m->play.channels, sizeof *m->out);
    meter_init(&m->meter_in, rate * MIC_METER_MS / 1000);
    meter_init(&m->meter_out, rate * MIC_METER_MS / 1000);
    return 0;
}

/* The error d's state stands for, once its poll said POLLERR. */
static int mic_state_error(const struct mic_dev *d)
{
    switch (snd_pcm_state(d->pcm)) {
    case SND_PCM_STATE_XRUN:
        return -EPIPE;
    case SND_PCM_STATE_SUSPENDED:
        return -ESTRPIPE;
    case SND_PCM_STATE_DISCONNECTED:
        return -ENODEV;
    default:
        return -EIO;
    }
}

/*
 * Wait up to MIC_WAIT_MS for d, on its own poll descriptors; *since is
 * when d began to wait since it last moved a frame (-1: set here).  0 (go
 * on), -ENODATA when nothing has moved for MIC_STALL_MS, or a negative
 * ALSA error.
 *
 * Not snd_pcm_wait: it starts its timeout again after every wakeup that
 * brings no period, so a device whose descriptor keeps waking with
 * nothing behind it would hold this thread, and mic_stop, for ever.
 */
static int mic_wait(struct mic_dev *d, long long *since)
{
    struct pollfd pfd[MIC_POLL_FDS];
    unsigned short revents;
    int n, r, err;

    if (*since < 0)
        *since = now_ms();
    n = snd_pcm_poll_descriptors(d->pcm, pfd, MIC_POLL_FDS);
    if (n < 0)
        return n;
    r = poll(pfd, (nfds_t)n, MIC_WAIT_MS);
    if (r < 0 && errno != EINTR)
        return -errno;
    if (r > 0) {
        err = snd_pcm_poll_descriptors_revents(d->pcm, pfd, (unsigned)n,
                                               &revents);
        if (err < 0)
            return err;
        if (revents & (POLLERR | POLLNVAL))
            return mic_state_error(d);
    }
    return now_ms() - *since >= MIC_STALL_MS ? -ENODATA : 0;
}

/* Fill the playback buffer with silence and start both devices. */
static int mic_begin(struct mic *m)
{
    snd_pcm_uframes_t left = m->play.buffer, chunk = m->cap.period;
    int err;

    memset(m->play.raw, 0, chunk * m->play.channels *
                               sample_bytes(m->play.format));
    while (left > 0) {
        snd_pcm_sframes_t w = snd_pcm_writei(m->play.pcm, m->play.raw,
                                             left < chunk ? left : chunk);

        if (w < 0) {
            mic_fail(m, &m->play, "cannot prime", (int)w);
            return -1;
        }
        left -= (snd_pcm_uframes_t)w;
    }
    err = snd_pcm_start(m->play.pcm);
    if (err < 0) {
        mic_fail(m, &m->play, "cannot start", err);
        return -1;
    }
    err = m->granted.linked ? 0 : snd_pcm_start(m->cap.pcm);
    if (err < 0) {
        mic_fail(m, &m->cap, "cannot start", err);
        return -1;
    }
    return 0;
}

/*
 * An over- or underrun (or a suspend): count it, stop both, prepare them
 * and start again from silence, as a sound card would after a glitch.
 * Not snd_pcm_recover(): after a suspend it sleeps a second at a time
 * until the device resumes, deaf to a stop, and the drop and prepare
 * here make a resume needless anyway.
 */
static int mic_recover(struct mic *m, struct mic_dev *d)
{
    int err;

    atomic_fetch_add_explicit(&m->xruns, 1, memory_order_relaxed);
    snd_pcm_drop(m->cap.pcm);
    snd_pcm_drop(m->play.pcm);
    err = snd_pcm_prepare(m->cap.pcm);
    if (err < 0)
        d = &m->cap;
    else if ((err = snd_pcm_prepare(m->play.pcm)) < 0)
        d = &m->play;
    if (err < 0) {
        mic_fail(m, d, "cannot recover", err);
        return -1;
    }
    return mic_begin(m);
}

/*
 * Move one capture period through d: read it into cap.raw, or write
 * play.raw out.  1 done, 0 restarted after an xrun, -1 failed or stopped.
 */
static int mic_transfer(struct mic *m, struct mic_dev *d)
{
    bool capture = d == &m->cap;
    size_t frame = d->channels * sample_bytes(d->format);
    snd_pcm_uframes_t done = 0, n = m->cap.period;
    long long since = -1;

    /* Past its end, alsa-lib's file plugin "reads" without writing. */
    if (capture)
        memset(d->raw, 0, n * frame);
    while (done < n) {
        char *at = (char *)d->raw + done * frame;
        snd_pcm_sframes_t r;
        int err;

        if (atomic_load_explicit(&m->stop, memory_order_relaxed))
            return -1;
        r = capture ? snd_pcm_readi(d->pcm, at, n - done)
                    : snd_pcm_writei(d->pcm, at, n - done);
        if (r > 0) {
            done += (snd_pcm_uframes_t)r;
            since = -1;
            continue;
        }
        err = r == -EAGAIN || r == 0 ? mic_wait(d, &since) : (int)r;
        if (err == -EPIPE || err == -ESTRPIPE)
            return mic_recover(m, d) < 0 ? -1 : 0;
        if (err == -ENODATA) {
            mic_fail(m, d, capture ? "no sound for 2 s from the"
                                   : "no room for 2 s on the", err);
            return -1;
        }
        if (err < 0) {
            mic_fail(m, d, "lost the", err);
            return -1;
        }
    }
    return 1;
}

/* At a block boundary: the caller's newest filter and volume.  The
 * coefficients are recomputed only when the filter changed. */
static void mic_take_settings(struct mic *m)
{
    uint64_t w = atomic_load_explicit(&m->filter, memory_order_relaxed);

    if (w != m->coeffs_for) {
        lowshelf_coeffs(&m->coeffs, m->granted.rate,
                        mic_bits_float((uint32_t)(w >> 32)), 0,
                        mic_bits_float((uint32_t)w));
        m->coeffs_for = w;
    }
    m->volume_now = mic_bits_float(
        atomic_load_explicit(&m->volume, memory_order_relaxed));
}

static void mic_store_levels(struct mic *m, int which, const struct meter *mt)
{
    atomic_store_explicit(&m->levels[which], mic_float_bits(mt->peak_db),
                          memory_order_relaxed);
    atomic_store_explicit(&m->levels[which + 1], mic_float_bits(mt->rms_db),
                          memory_order_relaxed);
}

/* Filter m->in (n frames) block by block into m->out, at the volume, each
 * output channel taking input channel k mod the input's count. */
static void mic_process(struct mic *m, size_t n)
{
    unsigned cin = m->cap.channels, cout = m->play.channels;

    if (meter_add(&m->meter_in, m->in, n, (int)cin))
        mic_store_levels(m, 0, &m->meter_in);
    for (size_t i = 0; i < n;) {
        size_t pos = (size_t)(m->done % MIC_BLOCK);
        size_t len = MIC_BLOCK - pos < n - i ? MIC_BLOCK - pos : n - i;
        float *x = m->in + i * cin, *y = m->out + i * cout;

        if (pos == 0)
            mic_take_settings(m);
        for (unsigned c = 0; c < cin; c++)
            lowshelf_run(&m->coeffs, &m->state_of[c], x, x, len, (int)c,
                         (int)cin);
        for (size_t f = 0; f < len; f++)
            for (unsigned k = 0; k < cout; k++)
                y[f * cout + k] = x[f * cin + k % cin] * m->volume_now;
        m->done += len;
        i += len;
    }
    if (meter_add(&m->meter_out, m->out, n, (int)cout))
        mic_store_levels(m, 2, &m->meter_out);
}

/* The loop: until stopped or a device fails. */
static void mic_run(struct mic *m)
{
    size_t n = m->cap.period;
    int r;

    if (mic_begin(m) < 0)
        return;
    while ((r = mic_transfer(m, &m->cap)) >= 0) {
        if (r == 0)
            continue; /* restarted after an xrun */
        sample_to_float(m->cap.format, m->cap.raw, m->in, n * m->cap.channels);
        mic_process(m, n);
        sample_from_float(m->play.format, m->out, m->play.raw,
                          n * m->play.channels);
        atomic_store_explicit(&m->frames, m->done, memory_order_relaxed);
        if (mic_transfer(m, &m->play) < 0)
            break;
    }
}

static void *mic_thread(void *arg)
{
    struct mic *m = arg;

    m->coeffs_for = ~atomic_load(&m->filter); /* compute on the first block */
    if (mic_open(m) == 0) {
        mic_publish(m, MIC_RUNNING);
        mic_run(m);
    }
    /* Dropped, not drained: stopping is immediate. */
    if (m->play.pcm) {
        snd_pcm_drop(m->play.pcm);
        snd_pcm_close(m->play.pcm);
    }
    if (m->cap.pcm) {
        snd_pcm_drop(m->cap.pcm);
        snd_pcm_close(m->cap.pcm);
    }
    m->play.pcm = m->cap.pcm = NULL;
    return NULL;
}

struct mic *mic_start(const struct mic_config *cfg, char **err)
{
    struct mic *m = xcalloc(1, sizeof *m);
    int e;

    /* Process-wide, and harmless to repeat. */
    mic_route_alsa_errors();
    m->cfg = *cfg;
    m->capture = xstrdup(cfg->capture);
    m->playback = xstrdup(cfg->playback);
    m->cfg.capture = m->capture; /* the caller's strings may go */
    m->cfg.playback = m->playback;
    m->cap = (struct mic_dev){ .role = "capture", .name = m->capture };
    m->play = (struct mic_dev){ .role = "playback", .name = m->playback };
    atomic_init(&m->state, MIC_OPENING);
    atomic_init(&m->stop, false);
    atomic_init(&m->xruns, 0);
    atomic_init(&m->frames, 0);
    atomic_init(&m->filter, 0);
    for (int i = 0; i < 4; i++)
        atomic_init(&m->levels[i], mic_float_bits(METER_FLOOR_DB));
    mic_set_filter(m, cfg->frequency, cfg->gain);
    mic_set_volume(m, cfg->volume);
    if (wake_open(m->wake) < 0) {
        *err = xasprintf("mic: cannot make a pipe: %s", strerror(errno));
        mic_stop(m);
        return NULL;
    }
    e = pthread_create(&m->thread, NULL, mic_thread, m);
    if (e != 0) {
        *err = xasprintf("mic: cannot start the audio thread: %s",
                         strerror(e));
        mic_stop(m);
        return NULL;
    }
    m->thread_started = true;
    return m;
}

void mic_stop(struct mic *m)
{
    if (!m)
        return;
    atomic_store(&m->stop, true);
    if (m->thread_started)
        pthread_join(m->thread, NULL);
    wake_close(m->wake);
    free(m->cap.raw);
    free(m->play.raw);
    free(m->in);
    free(m->out);
    free(m->capture);
    free(m->playback);
    free(m);
}

int mic_fd(const struct mic *m)
{
    return m->wake[0];
}

enum mic_state mic_state(struct mic *m)
{
    wake_drain(m->wake[0]);
    return (enum mic_state)atomic_load_explicit(&m->state,
                                                memory_order_acquire);
}

const struct mic_granted *mic_granted(const struct mic *m)
{
    return &m->granted;
}

const char *mic_failure(const struct mic *m)
{
    return m->failure;
}

void mic_set_filter(struct mic *m, float frequency, float gain)
{
    atomic_store_explicit(&m->filter,
                          (uint64_t)mic_float_bits(frequency) << 32 |
                              mic_float_bits(gain),
                          memory_order_relaxed);
}

void mic_set_volume(struct mic *m, float volume)
{
    atomic_store_explicit(&m->volume, mic_float_bits(volume),
                          memory_order_relaxed);
}

void mic_levels(const struct mic *m, struct mic_levels *out)
{
    float v[4];

    for (int i = 0; i < 4; i++)
        v[i] = mic_bits_float(atomic_load_explicit(
            (_Atomic uint32_t *)&m->levels[i], memory_order_relaxed));
    *out = (struct mic_levels){ v[0], v[1], v[2], v[3] };
}

unsigned long mic_xruns(const struct mic *m)
{
    return atomic_load_explicit((atomic_ulong *)&m->xruns,
                                memory_order_relaxed);
}

uint64_t mic_frames(const struct mic *m)
{
    return atomic_load_explicit((_Atomic uint64_t *)&m->frames,
                                memory_order_relaxed);
}
