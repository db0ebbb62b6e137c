/* mic.h - microphone monitoring: ALSA capture -> Web Audio lowshelf ->
 * ALSA playback, on a thread of its own.  The browser graph
 * createMediaStreamTrackSource(mic) -> BiquadFilterNode -> destination.
 *
 * The caller never waits on the audio thread and the audio thread never
 * waits on the caller: settings go in and levels come out through atomics.
 */
#ifndef TPLAY_MIC_H
#define TPLAY_MIC_H

#include <stdbool.h>
#include <stdint.h>

struct mic;

/* What to open and how (copied by mic_start). */
struct mic_config {
    const char *capture;   /* ALSA capture device, e.g. "default" */
    const char *playback;  /* ALSA playback device */
    unsigned rate;         /* wanted rate, Hz */
    unsigned channels;     /* wanted channels */
    unsigned period;       /* wanted frames per period */
    unsigned periods;      /* wanted playback periods (its buffer) */
    float frequency;       /* lowshelf frequency, Hz */
    float gain;            /* lowshelf gain, dB */
    float volume;          /* monitor gain after the filter, 1 = unity */
};

/* The filter takes one coefficient set per block of this many frames, as
 * Web Audio takes one per render quantum; blocks count from the first
 * frame captured. */
#define MIC_BLOCK 128

enum mic_state {
    MIC_OPENING, /* the thread is opening the devices */
    MIC_RUNNING, /* mic_granted() is valid */
    MIC_FAILED,  /* mic_failure() says why; the thread has ended */
};

/* What the devices granted. */
struct mic_granted {
    unsigned rate;
    unsigned capture_channels, playback_channels;
    const char *capture_format, *playback_format; /* ALSA's names */
    unsigned long period;         /* capture frames per period (a read) */
    unsigned long playback_period;
    unsigned long playback_buffer; /* frames, all primed: the latency */
    double latency_ms;            /* playback_buffer / rate */
    bool linked;                  /* started together by snd_pcm_link */
};

/* Levels over the last 50 ms, dBFS (METER_FLOOR_DB for silence). */
struct mic_levels {
    float in_peak, in_rms;   /* as captured */
    float out_peak, out_rms; /* as played: filtered, at the volume */
};

/* Route alsa-lib's error lines, process-wide (libmpv's audio outputs use
 * alsa-lib too): each goes to stderr as one line with every byte outside
 * printable ASCII escaped (during a session stderr is the log), and the
 * mic's own failures quote the last one.  Safe to call again. */
void mic_route_alsa_errors(void);

/*
 * Start monitoring with *cfg: a thread opens both devices and runs.  Never
 * blocks; errors arrive later (state MIC_FAILED, mic_fd readable).
 * Returns NULL only if the thread cannot be made (*err says why).
 */
struct mic *mic_start(const struct mic_config *cfg, char **err);

/* Stop the thread, close the devices, free.  NULL is fine. */
void mic_stop(struct mic *m);

/* Readable when the state changed (running, failed); drain with
 * mic_state(). */
int mic_fd(const struct mic *m);

/* The state now; drains mic_fd. */
enum mic_state mic_state(struct mic *m);

/* Valid once the state is MIC_RUNNING. */
const struct mic_granted *mic_granted(const struct mic *m);

/* Why the run failed (device, ALSA's words, what to do); valid in
 * MIC_FAILED. */
const char *mic_failure(const struct mic *m);

/* New lowshelf parameters (Web Audio's AudioParams are floats), used from
 * the next block on. */
void mic_set_filter(struct mic *m, float frequency, float gain);

/* New monitor gain (linear, 0 mutes), used from the next block on. */
void mic_set_volume(struct mic *m, float volume);

void mic_levels(const struct mic *m, struct mic_levels *out);

/* Over- and underruns recovered so far. */
unsigned long mic_xruns(const struct mic *m);

/* Frames taken from the capture device so far. */
uint64_t mic_frames(const struct mic *m);

#endif
