/* test_sample.c - the mic path's sample formats: integer PCM to float and
 * back is exact, out-of-range floats clip to the format's ends, 24-bit
 * samples keep their sign; and the level meter reads a sine's peak and
 * RMS in dBFS. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "meter.h"
#include "sample.h"

#include <math.h>
#include <string.h>

static void test_integers_round_trip_exactly(void **state)
{
    static const int16_t s16[] = { 0, 1, -1, 32767, -32768, 12345, -23456 };
    static const int32_t s32[] = { 0, 1, -1, INT32_MAX, INT32_MIN, 8388607,
                                   -8388608 };
    static const int32_t s24[] = { 0, 1, -1, 8388607, -8388608, 4660, -4660 };
    float f[8];
    int16_t back16[8];
    int32_t back32[8];
    unsigned char packed[8 * 3], back3[8 * 3];

    (void)state;
    sample_to_float(SAMPLE_S16, s16, f, 7);
    assert_true(f[3] == 32767 / 32768.0f && f[4] == -1.0f);
    sample_from_float(SAMPLE_S16, f, back16, 7);
    assert_memory_equal(back16, s16, sizeof s16);

    /* Float holds 24 bits: S32's low bits are rounded, S24's are exact. */
    sample_to_float(SAMPLE_S24, s24, f, 7);
    assert_true(f[4] == -1.0f && f[5] == 4660 / 8388608.0f);
    sample_from_float(SAMPLE_S24, f, back32, 7);
    assert_memory_equal(back32, s24, sizeof s24);
    sample_to_float(SAMPLE_S32, s32, f, 7);
    assert_true(f[4] == -1.0f && f[6] == -1.0f / 256);
    sample_from_float(SAMPLE_S32, f, back32, 7);
    assert_int_equal(back32[3], INT32_MAX); /* 1.0 clips to the top */
    assert_int_equal(back32[5], 8388607);
    assert_int_equal(back32[6], -8388608);

    /* S24_3LE: three bytes, little-endian, sign from the top byte. */
    for (int i = 0; i < 7; i++) {
        packed[3 * i] = (unsigned char)(s24[i] & 0xff);
        packed[3 * i + 1] = (unsigned char)(s24[i] >> 8 & 0xff);
        packed[3 * i + 2] = (unsigned char)(s24[i] >> 16 & 0xff);
    }
    sample_to_float(SAMPLE_S24_3, packed, f, 7);
    assert_true(f[2] == -1 / 8388608.0f && f[4] == -1.0f);
    sample_from_float(SAMPLE_S24_3, f, back3, 7);
    assert_memory_equal(back3, packed, 21);
}

static void test_floats_clip_to_the_format(void **state)
{
    static const float loud[] = { 1.5f, -1.5f, 1.0f, NAN, 0.5f };
    int16_t s16[5];
    int32_t s32[5];
    float f[5];

    (void)state;
    sample_from_float(SAMPLE_S16, loud, s16, 5);
    assert_int_equal(s16[0], 32767);
    assert_int_equal(s16[1], -32768);
    assert_int_equal(s16[2], 32767);
    assert_int_equal(s16[3], -32768); /* NaN is not silence */
    assert_int_equal(s16[4], 16384);
    sample_from_float(SAMPLE_S24, loud, s32, 5);
    assert_int_equal(s32[0], 8388607);
    assert_int_equal(s32[1], -8388608);
    /* A float device takes floats as they are. */
    sample_from_float(SAMPLE_F32, loud, f, 5);
    assert_true(f[0] == 1.5f && f[1] == -1.5f);
    assert_int_equal(sample_bytes(SAMPLE_S24_3), 3);
    assert_string_equal(sample_name(SAMPLE_F32), "FLOAT_LE");
}

static void test_meter_reads_a_sine_in_dbfs(void **state)
{
    enum { RATE = 48000, WINDOW = 2400 };
    static float x[WINDOW * 2];
    struct meter m;

    (void)state;
    /* Stereo, a 1 kHz sine at half scale on both channels. */
    for (int i = 0; i < WINDOW; i++)
        x[2 * i] = x[2 * i + 1] = 0.5f * (float)sin(2 * M_PI * 1000 * i / RATE);
    meter_init(&m, WINDOW);
    assert_int_equal(meter_add(&m, x, WINDOW - 1, 2), 0);
    assert_true(m.peak_db == METER_FLOOR_DB); /* nothing complete yet */
    assert_int_equal(meter_add(&m, x + 2 * (WINDOW - 1), 1, 2), 1);
    assert_true(fabsf(m.peak_db - -6.0206f) < 0.01f);
    assert_true(fabsf(m.rms_db - -9.0309f) < 0.01f); /* peak - 3.01 dB */

    memset(x, 0, sizeof x);
    assert_int_equal(meter_add(&m, x, WINDOW, 2), 1);
    assert_true(m.peak_db == METER_FLOOR_DB && m.rms_db == METER_FLOOR_DB);
    assert_true(meter_db(1.0) == 0.0f);
    assert_true(meter_db(0) == METER_FLOOR_DB);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_integers_round_trip_exactly),
        cmocka_unit_test(test_floats_clip_to_the_format),
        cmocka_unit_test(test_meter_reads_a_sine_in_dbfs),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
