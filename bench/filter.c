/* filter.c - what the mic path's lowshelf costs per sample, against the
 * bare cost of a double-precision biquad.  "lowshelf": stereo noise
 * through lowshelf_run in 128-frame blocks, as src/mic.c runs it.
 * "bare": the same recursion written as plainly as it goes, on one
 * contiguous channel.  Timed with the monotonic clock; run under
 * callgrind for instruction counts.
 * Usage: filter lowshelf|bare [SECONDS_OF_AUDIO]   (48 kHz) */
#include "lowshelf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
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

/* The textbook direct form I in double: the floor to compare with. */
static void filter_bare(const struct lowshelf_coeffs *c, double st[4],
                        const float *in, float *out, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        double x = in[i];
        double y = c->b0 * x + c->b1 * st[0] + c->b2 * st[1] - c->a1 * st[2] -
                   c->a2 * st[3];

        st[1] = st[0];
        st[0] = x;
        st[3] = st[2];
        st[2] = y;
        out[i] = (float)y;
    }
}

int main(int argc, char **argv)
{
    int bare = argc > 1 && strcmp(argv[1], "bare") == 0;
    double seconds = argc > 2 ? atof(argv[2]) : 60;
    size_t samples = (size_t)(seconds * FILTER_RATE) * FILTER_CHANNELS;
    size_t blocks = samples / (FILTER_BLOCK * FILTER_CHANNELS);
    float in[FILTER_BLOCK * FILTER_CHANNELS], out[FILTER_BLOCK * FILTER_CHANNELS];
    struct lowshelf_coeffs c;
    struct lowshelf_state st[FILTER_CHANNELS] = { { 0, 0, 0, 0 } };
    double bst[4] = { 0, 0, 0, 0 }, t0, t1, sum = 0;
    unsigned seed = 1;

    if (argc < 2 || (!bare && strcmp(argv[1], "lowshelf") != 0)) {
        fprintf(stderr, "usage: filter lowshelf|bare [SECONDS]\n");
        return 2;
    }
    lowshelf_coeffs(&c, FILTER_RATE, 3000, 0, 20);
    for (size_t i = 0; i < FILTER_BLOCK * FILTER_CHANNELS; i++) {
        seed = seed * 1103515245u + 12345u;
        in[i] = (float)((seed >> 8) & 0xffff) / 65536.0f - 0.5f;
    }
    t0 = filter_now();
    for (size_t b = 0; b < blocks; b++) {
        if (bare)
            filter_bare(&c, bst, in, out, FILTER_BLOCK * FILTER_CHANNELS);
        else
            for (int ch = 0; ch < FILTER_CHANNELS; ch++)
                lowshelf_run(&c, &st[ch], in, out, FILTER_BLOCK, ch,
                             FILTER_CHANNELS);
        sum += out[b % (FILTER_BLOCK * FILTER_CHANNELS)];
    }
    t1 = filter_now();
    /* The last line is for bench/run.py: mode, samples, seconds. */
    printf("%s: %zu samples in %.4f s: %.2f ns a sample (checksum %g)\n",
           argv[1], blocks * FILTER_BLOCK * FILTER_CHANNELS, t1 - t0,
           (t1 - t0) * 1e9 / ((double)blocks * FILTER_BLOCK * FILTER_CHANNELS),
           sum);
    return 0;
}
