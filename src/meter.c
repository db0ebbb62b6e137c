/* meter.c - level meters; cheap enough for the audio thread. */
#include "meter.h"

#include <math.h>

void meter_init(struct meter *m, size_t window)
{
    *m = (struct meter){ window ? window : 1, 0, 0, 0, METER_FLOOR_DB,
                         METER_FLOOR_DB };
}

float meter_db(double level)
{
    double db = level > 0 ? 20 * log10(level) : METER_FLOOR_DB;

    return db > METER_FLOOR_DB ? (float)db : METER_FLOOR_DB;
}

int meter_add(struct meter *m, const float *x, size_t n, int channels)
{
    int done = 0;

    for (size_t i = 0; i < n; i++) {
        for (int c = 0; c < channels; c++) {
            float v = fabsf(x[i * (size_t)channels + (size_t)c]);

            if (v > m->peak)
                m->peak = v;
            m->sum += (double)v * v;
        }
        if (++m->frames == m->window) {
            m->peak_db = meter_db(m->peak);
            m->rms_db = meter_db(sqrt(m->sum / ((double)m->window *
                                                (double)channels)));
            m->frames = 0;
            m->sum = 0;
            m->peak = 0;
            done = 1;
        }
    }
    return done;
}
