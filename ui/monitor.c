/* monitor.c - the mic monitor's live settings and keys; their ranges and
 * steps are the settings table's, the sound itself is src/mic.c's, on its
 * own thread.  Nothing here waits on that thread. */
#include "monitor.h"

#include "meter.h"
#include "trace.h"
#include "xmem.h"

#include <stdlib.h>
#include <string.h>

#define MONITOR_RATE 48000      /* asked for; the device may give another */
#define MONITOR_CHANNELS 2

struct monitor {
    const struct config_mic *cfg;
    struct mic *mic;
    enum monitor_state state;
    double frequency, gain;  /* the shelf, Hz and dB */
    double volume;           /* percent, whole */
    bool muted;
};

struct monitor *monitor_create(const struct config_mic *cfg)
{
    struct monitor *m = xcalloc(1, sizeof *m);

    m->cfg = cfg;
    m->frequency = cfg->frequency;
    m->gain = cfg->gain;
    m->volume = cfg->volume;
    return m;
}

static float monitor_linear(const struct monitor *m)
{
    return m->muted ? 0.0f : (float)(m->volume / 100.0);
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
        (unsigned)m->cfg->period, (unsigned)m->cfg->periods,
        (float)m->frequency, (float)m->gain, monitor_linear(m),
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
    mic_set_filter(m->mic, (float)m->frequency, (float)m->gain);
    mic_set_volume(m->mic, monitor_linear(m));
    trace_log("mic set frequency=%.9g gain=%.9g volume=%d muted=%d",
              (float)m->frequency, (float)m->gain, (int)m->volume, m->muted);
}

/* Where the monitor keeps the live setting s; NULL if it is not one. */
static double *monitor_field(struct monitor *m, const struct setting *s)
{
    if (strcmp(s->name, "mic-frequency") == 0)
        return &m->frequency;
    if (strcmp(s->name, "mic-gain") == 0)
        return &m->gain;
    if (strcmp(s->name, "mic-volume") == 0)
        return &m->volume;
    return NULL;
}

bool monitor_change(struct monitor *m, const char *name, enum setting_op op,
                    double arg, struct monitor_change *out)
{
    const struct setting *s = settings_find_name(name);
    double *v = s ? monitor_field(m, s) : NULL;
    double before;

    if (!v)
        return false;
    before = *v;
    *v = settings_apply(s, op, arg, before);
    monitor_apply(m);
    if (out)
        *out = (struct monitor_change){ s, before, *v };
    return true;
}

bool monitor_toggle_mute(struct monitor *m)
{
    m->muted = !m->muted;
    monitor_apply(m);
    return m->muted;
}

enum monitor_state monitor_state(const struct monitor *m)
{
    return m->state;
}

void monitor_view(const struct monitor *m, struct monitor_view *v)
{
    *v = (struct monitor_view){
        .state = m->state, .capture = m->cfg->capture,
        .playback = m->cfg->playback, .frequency = (float)m->frequency,
        .gain = (float)m->gain, .volume = (int)m->volume, .muted = m->muted,
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
