/* lowshelf.h - Web Audio's BiquadFilterNode "lowshelf", exactly: the
 * spec's coefficient formulas (Q unused, S = 1), its two edge cases, and
 * the recursion in double precision, one state per channel. */
#ifndef TPLAY_LOWSHELF_H
#define TPLAY_LOWSHELF_H

#include <stddef.h>

/* Normalised by a0: y[n] = b0 x[n] + b1 x[n-1] + b2 x[n-2]
 *                          - a1 y[n-1] - a2 y[n-2] */
struct lowshelf_coeffs {
    double b0, b1, b2, a1, a2;
};

/* One channel's memory. */
struct lowshelf_state {
    double x1, x2, y1, y2;
};

/* The spec's default parameters: 350 Hz, 0 cents, 0 dB. */
#define LOWSHELF_DEFAULT_FREQUENCY 350.0
#define LOWSHELF_DEFAULT_GAIN 0.0

/*
 * Coefficients for sample rate `rate`, `frequency` Hz detuned by `detune`
 * cents (computedFrequency, clamped to [0, rate / 2]) and `gain` dB.  At
 * 0 Hz the filter is the identity, at Nyquist a plain gain of A^2, as the
 * browsers compute it.
 */
void lowshelf_coeffs(struct lowshelf_coeffs *c, double rate,
                     double frequency, double detune, double gain);

/* Filter n frames of interleaved float samples, channel `ch` of
 * `channels`, from in to out (may be the same buffer). */
void lowshelf_run(const struct lowshelf_coeffs *c, struct lowshelf_state *s,
                  const float *in, float *out, size_t n, int ch,
                  int channels);

/* The magnitude response |H| at frequency f Hz (for tests and display). */
double lowshelf_magnitude(const struct lowshelf_coeffs *c, double rate,
                          double f);

#endif
