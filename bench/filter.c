/* filter.c - what the mic path's lowshelf costs per sample: stereo noise
 * through lowshelf_run in 128-frame blocks, as src/mic.c runs it, timed
 * with the monotonic clock.  Usage: filter [SECONDS_OF_AUDIO]  (48 kHz). */
#include "lowshelf.h"

#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#define FILTER_RATE 48000
#define FILTER_BLOCK 128
#define FILTER_CHANNELS 2

static double filter_now(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
    double seconds = argc > 1 ? atof(argv[1]) : 60;
    size_t frames = (size_t)(seconds * FILTER_RATE), blocks;
    float in[FILTER_BLOCK * FILTER_CHANNELS], out[FILTER_BLOCK * FILTER_CHANNELS];
    struct lowshelf_coeffs c;
    struct lowshelf_state st[FILTER_CHANNELS] = { { 0, 0, 0, 0 } };
    double t0, t1, sum = 0;
    unsigned seed = 1;

    lowshelf_coeffs(&c, FILTER_RATE, 3000, 0, 20);
    for (size_t i = 0; i < FILTER_BLOCK * FILTER_CHANNELS; i++) {
        seed = seed * 1103515245u + 12345u;
        in[i] = (float)((seed >> 8) & 0xffff) / 65536.0f - 0.5f;
    }
    blocks = frames / FILTER_BLOCK;
    t0 = filter_now();
    for (size_t b = 0; b < blocks; b++) {
        for (int ch = 0; ch < FILTER_CHANNELS; ch++)
            lowshelf_run(&c, &st[ch], in, out, FILTER_BLOCK, ch,
                         FILTER_CHANNELS);
        sum += out[b % (FILTER_BLOCK * FILTER_CHANNELS)];
    }
    t1 = filter_now();
    printf("lowshelf: %zu frames x %d channels in %.3f s: %.2f ns a sample, "
           "%.0fx real time (checksum %g)\n", blocks * FILTER_BLOCK,
           FILTER_CHANNELS, t1 - t0,
           (t1 - t0) * 1e9 / ((double)blocks * FILTER_BLOCK * FILTER_CHANNELS),
           (double)blocks * FILTER_BLOCK / FILTER_RATE / (t1 - t0), sum);
    return 0;
}
