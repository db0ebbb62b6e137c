/* monitor.c - the mic monitor's settings and keys; the sound itself is
 * src/mic.c's, on its own thread.  Nothing here waits on that thread. */
#include "monitor.h"

#include "meter.h"
#include "trace.h"
#include "xmem.h"

#include <stdlib.h>

#define MONITOR_RATE 48000      /* asked for; the device may give another */
#define MONITOR_CHANNELS 2
#define MONITOR_FREQ_STEP 1.122462048309373 /* 2^(1/6): a sixth of an octave */
#define MONITOR_FREQ_MIN 10.0f
#define MONITOR_FREQ_MAX 96000.0f /* the filter clamps to Nyquist itself */
#define MONITOR_GAIN_STEP 1.0f
#define MONITOR_GAIN_MIN -40.0f
#define MONITOR_GAIN_MAX 40.0f
#define MONITOR_VOLUME_STEP 5

struct monitor {
    const struct config_mic *cfg;
    struct mic *mic;
    enum monitor_state state;
    float frequency, gain;
    int volume;
    bool muted;
};

struct monitor *monitor_create(const struct config_mic *cfg)
{
    struct monitor *m = xcalloc(1, sizeof *m);

    m->cfg = cfg;
    m->frequency = (float)cfg->frequency;
    m->gain = (float)cfg->gain;
    m->volume = cfg->volume;
    return m;
}

static float monitor_linear(const struct monitor *m)
{
    return m->muted ? 0.0f : (float)m->volume / 100.0f;
}

static void monitor_off(struct monitor *m)
{
    if (m->mic)
        trace_log("mic off frames=%llu xruns=%lu",
                  (unsigned long long)mic_frames(m->mic), mic_xruns(m->mic));
    mic_stop(m->mic);
    m->mic = NULL;
    m->state = MONITOR_OFF;
}

void monitor_destroy(struct monitor *m)
{
    if (!m)
        return;
    monitor_off(m);
    free(m);
}

char *monitor_toggle(struct monitor *m)
{
    struct mic_config c;
    char *err = NULL;

    if (m->state != MONITOR_OFF) {
        monitor_off(m);
        return NULL;
    }
    c = (struct mic_config){
        m->cfg->capture, m->cfg->playback, MONITOR_RATE, MONITOR_CHANNELS,
        (unsigned)m->cfg->period, (unsigned)m->cfg->periods, m->frequency,
        m->gain, monitor_linear(m),
    };
    m->mic = mic_start(&c, &err);
    if (!m->mic)
        return err;
    m->state = MONITOR_OPENING;
    trace_log("mic start capture=%s playback=%s", c.capture, c.playback);
    return NULL;
}

int monitor_fd(const struct monitor *m)
{
    return m->mic ? mic_fd(m->mic) : -1;
}

char *monitor_service(struct monitor *m)
{
    const struct mic_granted *g;
    char *why;

    if (!m->mic)
        return NULL;
    switch (mic_state(m->mic)) {
    case MIC_RUNNING:
        if (m->state == MONITOR_OPENING) {
            g = mic_granted(m->mic);
            trace_log("mic running rate=%u channels=%u/%u formats=%s/%s "
                      "period=%lu buffer=%lu latency_ms=%.3f linked=%d",
                      g->rate, g->capture_channels, g->playback_channels,
                      g->capture_format, g->playback_format, g->period,
                      g->playback_buffer, g->latency_ms, g->linked);
        }
        m->state = MONITOR_ON;
        return NULL;
    case MIC_FAILED:
        why = xstrdup(mic_failure(m->mic));
        trace_log("mic failed");
        monitor_off(m);
        return why;
    default:
        return NULL;
    }
}

/* Send the filter and the volume to the engine, if it runs. */
static void monitor_apply(struct monitor *m)
{
    if (!m->mic)
        return;
    mic_set_filter(m->mic, m->frequency, m->gain);
    mic_set_volume(m->mic, monitor_linear(m));
    trace_log("mic set frequency=%.9g gain=%.9g volume=%d muted=%d",
              m->frequency, m->gain, m->volume, m->muted);
}

static float monitor_clamp(float v, float lo, float hi)
{
    return v < lo ? lo : v > hi ? hi : v;
}

bool monitor_key(struct monitor *m, int key)
{
    switch (key) {
    case '[':
        m->frequency = monitor_clamp(
            (float)(m->frequency / MONITOR_FREQ_STEP), MONITOR_FREQ_MIN,
            MONITOR_FREQ_MAX);
        break;
    case ']':
        /* From 0 Hz (the identity) a step up starts at the bottom. */
        m->frequency = monitor_clamp(
            (float)(m->frequency * MONITOR_FREQ_STEP), MONITOR_FREQ_MIN,
            MONITOR_FREQ_MAX);
        break;
    case '{':
        m->gain = monitor_clamp(m->gain - MONITOR_GAIN_STEP, MONITOR_GAIN_MIN,
                                MONITOR_GAIN_MAX);
        break;
    case '}':
        m->gain = monitor_clamp(m->gain + MONITOR_GAIN_STEP, MONITOR_GAIN_MIN,
                                MONITOR_GAIN_MAX);
        break;
    case '(':
        m->volume = m->volume > MONITOR_VOLUME_STEP
                        ? m->volume - MONITOR_VOLUME_STEP : 0;
        break;
    case ')':
        m->volume = m->volume + MONITOR_VOLUME_STEP < CONFIG_MIC_VOLUME_MAX
                        ? m->volume + MONITOR_VOLUME_STEP
                        : CONFIG_MIC_VOLUME_MAX;
        break;
    case 'n':
        m->muted = !m->muted;
        break;
    default:
        return false;
    }
    monitor_apply(m);
    return true;
}

enum monitor_state monitor_state(const struct monitor *m)
{
    return m->state;
}

void monitor_view(const struct monitor *m, struct monitor_view *v)
{
    *v = (struct monitor_view){
        .state = m->state, .capture = m->cfg->capture,
        .playback = m->cfg->playback, .frequency = m->frequency,
        .gain = m->gain, .volume = m->volume, .muted = m->muted,
    };
    if (m->state == MONITOR_ON) {
        v->granted = *mic_granted(m->mic);
        mic_levels(m->mic, &v->levels);
        v->xruns = mic_xruns(m->mic);
        v->frames = mic_frames(m->mic);
    } else {
        v->levels = (struct mic_levels){ METER_FLOOR_DB, METER_FLOOR_DB,
                                         METER_FLOOR_DB, METER_FLOOR_DB };
    }
}
