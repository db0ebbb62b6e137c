/* test_lowshelf.c - the filter is Web Audio's lowshelf: coefficients as
 * the spec's formulas give them (worked out independently, in Python, from
 * the formulas in the Web Audio API), the response the spec promises, the
 * edge cases, detune, the recursion in double, and a parameter change
 * between two blocks. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "lowshelf.h"

#include <math.h>
#include <string.h>

/* cmocka 1.1 compares floats only: this says both values when it fails. */
#define assert_double_equal(a, b, eps)                                       \
    do {                                                                     \
        double a_ = (a), b_ = (b);                                           \
        if (!(fabs(a_ - b_) <= (eps)))                                       \
            fail_msg("%s = %.17g, want %.17g (within %g)", #a, a_, b_,       \
                     (double)(eps));                                         \
    } while (0)

static const struct {
    double rate, frequency, detune, gain;
    double b0, b1, b2, a1, a2;
} coeff_cases[] = {
    /* The Web Audio example: 3000 Hz, +20 dB. */
    { 48000, 3000, 0, 20, 1.3883622558264515, -1.4946273085972448,
      0.53376645172318848, -1.6870029381258225, 0.72975307802106182 },
    /* The defaults: 350 Hz, 0 dB (a shelf of 0 dB is flat, b == a). */
    { 44100, 350, 0, 0, 1, -1.9295057798352402, 0.9319072927979265,
      -1.9295057798352402, 0.9319072927979265 },
    { 48000, 350, 0, -12, 0.97744182789548317, -1.9100528148306699,
      0.93361628524993345, -1.9085543816498136, 0.91255654632627303 },
    /* Detune: 1000 Hz an octave down is 500 Hz. */
    { 16000, 1000, -1200, 6, 1.0490921876312014, -1.7548786188088559,
      0.75454666204017118, -1.7670397316316082, 0.79147773684861999 },
};

static void test_coefficients_follow_the_spec(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof coeff_cases / sizeof coeff_cases[0]; i++) {
        struct lowshelf_coeffs c;

        lowshelf_coeffs(&c, coeff_cases[i].rate, coeff_cases[i].frequency,
                        coeff_cases[i].detune, coeff_cases[i].gain);
        assert_double_equal(c.b0, coeff_cases[i].b0, 1e-14);
        assert_double_equal(c.b1, coeff_cases[i].b1, 1e-14);
        assert_double_equal(c.b2, coeff_cases[i].b2, 1e-14);
        assert_double_equal(c.a1, coeff_cases[i].a1, 1e-14);
        assert_double_equal(c.a2, coeff_cases[i].a2, 1e-14);
    }
}

static double test_db(double mag)
{
    return 20 * log10(mag);
}

/* |H| is G dB at DC, G/2 dB at f0 and 0 dB at Nyquist. */
static void test_response_at_dc_f0_and_nyquist(void **state)
{
    static const double rates[] = { 44100, 48000, 96000 };
    static const double freqs[] = { 30, 350, 3000, 12000 };
    static const double gains[] = { -40, -6, 0, 3, 20, 40 };

    (void)state;
    for (size_t r = 0; r < 3; r++)
        for (size_t f = 0; f < 4; f++)
            for (size_t g = 0; g < 6; g++) {
                struct lowshelf_coeffs c;
                double rate = rates[r], gain = gains[g];

                lowshelf_coeffs(&c, rate, freqs[f], 0, gain);
                assert_double_equal(test_db(lowshelf_magnitude(&c, rate, 0)),
                                    gain, 1e-6);
                assert_double_equal(
                    test_db(lowshelf_magnitude(&c, rate, freqs[f])),
                    gain / 2, 1e-6);
                assert_double_equal(
                    test_db(lowshelf_magnitude(&c, rate, rate / 2)), 0, 1e-6);
            }
}

/* 0 Hz: the identity; Nyquist and above: a plain gain of A^2; a negative
 * or NaN frequency is clamped to 0. */
static void test_edge_cases(void **state)
{
    struct lowshelf_coeffs c;
    double a2 = pow(10, 20 / 20.0);

    (void)state;
    lowshelf_coeffs(&c, 48000, 0, 0, 20);
    assert_true(c.b0 == 1 && c.b1 == 0 && c.b2 == 0 && c.a1 == 0 && c.a2 == 0);
    lowshelf_coeffs(&c, 48000, -5, 0, 20);
    assert_true(c.b0 == 1 && c.a1 == 0);
    lowshelf_coeffs(&c, 48000, NAN, 0, 20);
    assert_true(c.b0 == 1 && c.a1 == 0);
    lowshelf_coeffs(&c, 48000, 24000, 0, 20);
    assert_double_equal(c.b0, a2, 1e-12);
    assert_true(c.b1 == 0 && c.b2 == 0 && c.a1 == 0 && c.a2 == 0);
    lowshelf_coeffs(&c, 48000, 30000, 0, 20);
    assert_double_equal(c.b0, a2, 1e-12);
    /* detune past Nyquist clamps too */
    lowshelf_coeffs(&c, 48000, 20000, 1200, 20);
    assert_double_equal(c.b0, a2, 1e-12);
}

/* The reference recursion, in long double, over an impulse. */
static void test_reference(const struct lowshelf_coeffs *c, long double *h,
                           size_t n)
{
    long double x1 = 0, x2 = 0, y1 = 0, y2 = 0;

    for (size_t i = 0; i < n; i++) {
        long double x = i == 0, y = c->b0 * x + c->b1 * x1 + c->b2 * x2 -
                                     c->a1 * y1 - c->a2 * y2;

        x2 = x1;
        x1 = x;
        y2 = y1;
        y1 = y;
        h[i] = y;
    }
}

/* The impulse response within what the web-platform-tests allow a
 * double-precision implementation (3.8e-8), on both channels of a stereo
 * buffer, the channels kept apart. */
static void test_impulse_response(void **state)
{
    enum { N = 2048 };
    static float buf[2 * N];
    static long double ref[N];
    struct lowshelf_coeffs c;
    struct lowshelf_state l = { 0 }, r = { 0 };

    (void)state;
    lowshelf_coeffs(&c, 48000, 3000, 0, 20);
    memset(buf, 0, sizeof buf);
    buf[0] = 1;     /* left: an impulse */
    lowshelf_run(&c, &l, buf, buf, N, 0, 2);
    lowshelf_run(&c, &r, buf, buf, N, 1, 2);
    test_reference(&c, ref, N);
    for (size_t i = 0; i < N; i++) {
        assert_true(fabsl(buf[2 * i] - ref[i]) <= 3.8e-8L);
        assert_true(buf[2 * i + 1] == 0); /* right stays silent */
    }
}

/* New coefficients at a block boundary: the state carries over, the new
 * set applies from the first frame of the next block. */
static void test_parameter_change_between_blocks(void **state)
{
    enum { N = 256, Q = 128 };
    static float in[N], out[N];
    struct lowshelf_coeffs c1, c2;
    struct lowshelf_state s = { 0 };
    long double x1 = 0, x2 = 0, y1 = 0, y2 = 0;

    (void)state;
    for (size_t i = 0; i < N; i++)
        in[i] = (float)sin(2 * 3.141592653589793 * 200 * (double)i / 48000);
    lowshelf_coeffs(&c1, 48000, 3000, 0, 20);
    lowshelf_coeffs(&c2, 48000, 500, 0, -10);
    lowshelf_run(&c1, &s, in, out, Q, 0, 1);
    lowshelf_run(&c2, &s, in + Q, out + Q, N - Q, 0, 1);
    for (size_t i = 0; i < N; i++) {
        const struct lowshelf_coeffs *c = i < Q ? &c1 : &c2;
        long double x = in[i], y = c->b0 * x + c->b1 * x1 + c->b2 * x2 -
                                    c->a1 * y1 - c->a2 * y2;

        x2 = x1;
        x1 = x;
        y2 = y1;
        y1 = y;
        assert_true(fabsl(out[i] - y) <= 1e-6L * (1 + fabsl(y)));
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_coefficients_follow_the_spec),
        cmocka_unit_test(test_response_at_dc_f0_and_nyquist),
        cmocka_unit_test(test_edge_cases),
        cmocka_unit_test(test_impulse_response),
        cmocka_unit_test(test_parameter_change_between_blocks),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
