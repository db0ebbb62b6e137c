/* meter.h - peak and RMS levels of a stream, in dBFS, over windows of a
 * fixed number of frames (so an unpaced device meters as a paced one). */
#ifndef TPLAY_METER_H
#define TPLAY_METER_H

#include <stddef.h>

/* Below this a level reads as silence. */
#define METER_FLOOR_DB -120.0f

struct meter {
    size_t window;   /* frames per reading */
    size_t frames;   /* frames so far in this window */
    double sum;      /* of squares, all channels */
    float peak;      /* largest |x| so far in this window */
    float peak_db, rms_db; /* the last complete window's levels */
};

/* A meter reading every `window` frames (at least 1). */
void meter_init(struct meter *m, size_t window);

/*
 * Take n frames of `channels` interleaved samples.  Returns 1 when a
 * window completed (peak_db and rms_db are new), else 0.  RMS is over
 * every sample of the window, all channels together.
 */
int meter_add(struct meter *m, const float *x, size_t n, int channels);

/* 20 log10(level), or METER_FLOOR_DB for anything quieter. */
float meter_db(double level);

#endif
