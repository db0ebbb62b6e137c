/* lowshelf.c - the Web Audio lowshelf (Audio EQ Cookbook, S = 1). */
#include "lowshelf.h"

#include <math.h>

#define LOWSHELF_PI 3.14159265358979323846

void lowshelf_coeffs(struct lowshelf_coeffs *c, double rate,
                     double frequency, double detune, double gain)
{
    double nyquist = rate / 2;
    double f0 = frequency * pow(2.0, detune / 1200.0);
    double A = pow(10.0, gain / 40.0);
    double w0, cw, k, a0;

    if (!(f0 > 0)) /* also NaN: the spec clamps to [0, Nyquist] */
        f0 = 0;
    if (f0 > nyquist)
        f0 = nyquist;
    if (f0 == 0) { /* the z-transform is 1 */
        *c = (struct lowshelf_coeffs){ 1, 0, 0, 0, 0 };
        return;
    }
    if (f0 == nyquist) { /* a constant gain of A^2 */
        *c = (struct lowshelf_coeffs){ A * A, 0, 0, 0, 0 };
        return;
    }
    w0 = 2 * LOWSHELF_PI * f0 / rate;
    cw = cos(w0);
    /* 2 alpha_S sqrt(A), with alpha_S = sin(w0) / 2 * sqrt(2) at S = 1 */
    k = 2 * (sin(w0) / sqrt(2.0)) * sqrt(A);
    a0 = (A + 1) + (A - 1) * cw + k;
    c->b0 = A * ((A + 1) - (A - 1) * cw + k) / a0;
    c->b1 = 2 * A * ((A - 1) - (A + 1) * cw) / a0;
    c->b2 = A * ((A + 1) - (A - 1) * cw - k) / a0;
    c->a1 = -2 * ((A - 1) + (A + 1) * cw) / a0;
    c->a2 = ((A + 1) + (A - 1) * cw - k) / a0;
}

void lowshelf_run(const struct lowshelf_coeffs *c, struct lowshelf_state *s,
                  const float *in, float *out, size_t n, int ch,
                  int channels)
{
    /* Locals, so the compiler keeps the state in registers. */
    double b0 = c->b0, b1 = c->b1, b2 = c->b2, a1 = c->a1, a2 = c->a2;
    double x1 = s->x1, x2 = s->x2, y1 = s->y1, y2 = s->y2;

    for (size_t i = 0; i < n; i++) {
        size_t at = i * (size_t)channels + (size_t)ch;
        double x = in[at];
        double y = b0 * x + b1 * x1 + b2 * x2 - a1 * y1 - a2 * y2;

        x2 = x1;
        x1 = x;
        y2 = y1;
        y1 = y;
        out[at] = (float)y;
    }
    s->x1 = x1;
    s->x2 = x2;
    s->y1 = y1;
    s->y2 = y2;
}

double lowshelf_magnitude(const struct lowshelf_coeffs *c, double rate,
                          double f)
{
    double w = 2 * LOWSHELF_PI * f / rate;
    /* H(e^jw) = (b0 + b1 z^-1 + b2 z^-2) / (1 + a1 z^-1 + a2 z^-2) */
    double nr = c->b0 + c->b1 * cos(w) + c->b2 * cos(2 * w);
    double ni = -(c->b1 * sin(w) + c->b2 * sin(2 * w));
    double dr = 1 + c->a1 * cos(w) + c->a2 * cos(2 * w);
    double di = -(c->a1 * sin(w) + c->a2 * sin(2 * w));

    return sqrt((nr * nr + ni * ni) / (dr * dr + di * di));
}
