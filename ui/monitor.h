/* monitor.h - the mic monitor as the player sees it: on or off, the
 * settings its keys change (by their names in the settings table, within
 * its ranges), and what the engine reports for the screen. */
#ifndef TPLAY_UI_MONITOR_H
#define TPLAY_UI_MONITOR_H

#include "config.h"
#include "mic.h"
#include "settings.h"

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

/* What monitor_change did. */
struct monitor_change {
    const struct setting *setting; /* the row changed */
    double before, after;          /* equal when it was at its limit */
};

/*
 * Change the monitor's setting name by op with arg (settings_apply: held
 * within the table's range, SETTING_OP_STEP by the table's step); the
 * engine takes it at its next block, on or off it is kept for the next
 * start.  The names are the settings table's for what the monitor changes
 * live: "mic-frequency", "mic-gain", "mic-volume".  False if name is none
 * of them (nothing changes); else true and, unless out is NULL, what
 * changed in *out.
 */
bool monitor_change(struct monitor *m, const char *name, enum setting_op op,
                    double arg, struct monitor_change *out);

/* Mute or unmute what the monitor plays (the meters go on); true if it is
 * muted now. */
bool monitor_toggle_mute(struct monitor *m);

/* Off, opening or on: what the layout depends on. */
enum monitor_state monitor_state(const struct monitor *m);

void monitor_view(const struct monitor *m, struct monitor_view *v);

#endif
