/* monitor.h - the mic monitor as the player sees it: on or off, the
 * settings its keys change, and what the engine reports for the screen. */
#ifndef TPLAY_UI_MONITOR_H
#define TPLAY_UI_MONITOR_H

#include "config.h"
#include "mic.h"

#include <stdbool.h>
#include <stdint.h>

struct monitor;

enum monitor_state {
    MONITOR_OFF,
    MONITOR_OPENING, /* devices being opened */
    MONITOR_ON,
};

/* A snapshot for the screen. */
struct monitor_view {
    enum monitor_state state;
    const char *capture, *playback;  /* device names */
    float frequency, gain;           /* the shelf, Hz and dB */
    int volume;                      /* percent */
    bool muted;
    struct mic_granted granted;      /* valid when MONITOR_ON */
    struct mic_levels levels;
    unsigned long xruns;
    uint64_t frames;
};

/* Off, with cfg's devices and settings (cfg must outlive the monitor). */
struct monitor *monitor_create(const struct config_mic *cfg);

/* Stop and free; NULL is fine. */
void monitor_destroy(struct monitor *m);

/* Start (off) or stop (on or opening).  Returns a message for the screen
 * if the start failed at once (caller frees), else NULL. */
char *monitor_toggle(struct monitor *m);

/* Readable when the engine has news; -1 while off. */
int monitor_fd(const struct monitor *m);

/* After monitor_fd was readable: take the news.  Returns the failure
 * message if the run failed (caller frees; the monitor is off again). */
char *monitor_service(struct monitor *m);

/* Handle a key of the monitor's ([ ] { } ( ) n); false if not one. */
bool monitor_key(struct monitor *m, int key);

/* Off, opening or on: what the layout depends on. */
enum monitor_state monitor_state(const struct monitor *m);

void monitor_view(const struct monitor *m, struct monitor_view *v);

#endif
