/* test_sixel.c - sixel_encode read back by a decoder of its own, as a
 * terminal reads it: the raster size, every pixel a colour of the cube,
 * colours on the cube's levels exact, a gradient's area averages kept
 * by the dithering, odd sizes, and nothing but sixel bytes inside. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "sixel.h"
#include "strbuf.h"

#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A decoded picture: w x h RGB, and the palette it was drawn with. */
struct decoded {
    int w, h;
    uint8_t *rgb;
    bool set[256];
    uint8_t pal[256][3];
};

static int number(const char **p)
{
    int v = 0;

    assert_true(**p >= '0' && **p <= '9');
    while (**p >= '0' && **p <= '9')
        v = v * 10 + (*(*p)++ - '0');
    return v;
}

/* Decode s (len bytes): exactly one DCS sixel sequence.  Every pixel
 * must be drawn. */
static void decode(const char *s, size_t len, struct decoded *d)
{
    const char *p = s, *end = s + len;
    int x = 0, band = 0, colour = -1;
    bool *drawn;

    memset(d, 0, sizeof *d);
    assert_true(len > 12);
    assert_memory_equal(p, "\033P0;1;0q\"1;1;", 13);
    p += 13;
    d->w = number(&p);
    assert_int_equal(*p++, ';');
    d->h = number(&p);
    d->rgb = calloc((size_t)d->w * (size_t)d->h, 3);
    drawn = calloc((size_t)d->w * (size_t)d->h, sizeof *drawn);
    assert_non_null(d->rgb);
    assert_non_null(drawn);
    assert_memory_equal(end - 2, "\033\\", 2);
    end -= 2;
    while (p < end) {
        char c = *p++;
        int n = 1;

        if (c == '#') {
            colour = number(&p);
            assert_in_range(colour, 0, 255);
            if (*p == ';') { /* a definition: ;2;r;g;b in percent */
                p++;
                assert_int_equal(number(&p), 2);
                for (int k = 0; k < 3; k++) {
                    assert_int_equal(*p++, ';');
                    d->pal[colour][k] = (uint8_t)((number(&p) * 255 + 50) / 100);
                }
                d->set[colour] = true;
            }
            continue;
        }
        if (c == '$') {
            x = 0;
            continue;
        }
        if (c == '-') {
            x = 0;
            band++;
            continue;
        }
        if (c == '!') {
            n = number(&p);
            c = *p++;
        }
        assert_true(c >= '?' && c <= '~');
        assert_true(colour >= 0 && d->set[colour]);
        for (int i = 0; i < n; i++, x++) {
            assert_true(x < d->w);
            for (int r = 0; r < 6; r++) {
                int y = band * 6 + r;

                if (!((c - '?') & (1 << r)) || y >= d->h)
                    continue;
                memcpy(d->rgb + ((size_t)y * d->w + x) * 3, d->pal[colour], 3);
                drawn[(size_t)y * d->w + x] = true;
            }
        }
    }
    for (size_t i = 0; i < (size_t)d->w * (size_t)d->h; i++)
        assert_true(drawn[i]);
    free(drawn);
}

/* An rgb0 picture of w x h with stride 4w + 12 (padding bytes noisy). */
static uint8_t *picture(int w, int h, size_t *stride,
                        void (*fill)(int x, int y, int w, int h, uint8_t *px))
{
    uint8_t *px;

    *stride = (size_t)w * 4 + 12;
    px = malloc(*stride * (size_t)h);
    assert_non_null(px);
    for (int y = 0; y < h; y++) {
        memset(px + (size_t)y * *stride, 0xa5, *stride);
        for (int x = 0; x < w; x++)
            fill(x, y, w, h, px + (size_t)y * *stride + (size_t)x * 4);
    }
    return px;
}

static void fill_flags(int x, int y, int w, int h, uint8_t *px)
{
    /* Four colours on the cube's levels, in quarters. */
    static const uint8_t c[4][3] = {
        { 255, 0, 0 }, { 0, 102, 255 }, { 51, 51, 51 }, { 255, 255, 204 },
    };
    int q = (x >= w / 2) + 2 * (y >= h / 2);

    memcpy(px, c[q], 3);
}

static void fill_gradient(int x, int y, int w, int h, uint8_t *px)
{
    px[0] = (uint8_t)(x * 255 / (w - 1));
    px[1] = (uint8_t)(y * 255 / (h - 1));
    px[2] = (uint8_t)((x + y) * 255 / (w + h - 2));
}

static void test_levels_exact(void **state)
{
    struct sixel *s = sixel_new();
    struct strbuf out = STRBUF_INIT;
    struct decoded d;
    size_t stride;
    uint8_t *px = picture(64, 30, &stride, fill_flags);

    (void)state;
    sixel_encode(s, &out, px, stride, 64, 30);
    decode(out.buf, out.len, &d);
    assert_int_equal(d.w, 64);
    assert_int_equal(d.h, 30);
    for (int y = 0; y < 30; y++)
        for (int x = 0; x < 64; x++)
            assert_memory_equal(d.rgb + ((size_t)y * 64 + x) * 3,
                                px + (size_t)y * stride + (size_t)x * 4, 3);
    /* The palette is the cube's 216 colours. */
    for (int c = 0; c < 256; c++)
        assert_int_equal(d.set[c], c < SIXEL_COLOURS);
    free(d.rgb);
    free(px);
    strbuf_free(&out);
    sixel_free(s);
}

/* Dithered, a gradient's 8 x 8 areas keep their average colour (within
 * 6 of 255 a channel), though few pixels are their own colour. */
static void test_gradient_averages_kept(void **state)
{
    struct sixel *s = sixel_new();
    struct strbuf out = STRBUF_INIT;
    struct decoded d;
    size_t stride;
    uint8_t *px = picture(320, 180, &stride, fill_gradient);
    double worst = 0;

    (void)state;
    sixel_encode(s, &out, px, stride, 320, 180);
    decode(out.buf, out.len, &d);
    for (int by = 0; by + 8 <= 180; by += 8)
        for (int bx = 0; bx + 8 <= 320; bx += 8)
            for (int ch = 0; ch < 3; ch++) {
                double a = 0, b = 0;

                for (int y = by; y < by + 8; y++)
                    for (int x = bx; x < bx + 8; x++) {
                        a += d.rgb[((size_t)y * 320 + x) * 3 + ch];
                        b += px[(size_t)y * stride + (size_t)x * 4 + ch];
                    }
                if (fabs(a - b) / 64 > worst)
                    worst = fabs(a - b) / 64;
            }
    print_message("worst 8x8 average error: %.2f of 255\n", worst);
    assert_true(worst <= 6); /* undithered: up to 25 */
    free(d.rgb);
    free(px);
    strbuf_free(&out);
    sixel_free(s);
}

/* Odd sizes, and the encoder used again at another size. */
static void test_odd_sizes(void **state)
{
    static const int sizes[][2] = { { 1, 1 }, { 7, 5 }, { 3, 13 },
                                    { 250, 6 }, { 17, 1 }, { 1, 12 } };
    struct sixel *s = sixel_new();

    (void)state;
    for (size_t i = 0; i < sizeof sizes / sizeof sizes[0]; i++) {
        int w = sizes[i][0], h = sizes[i][1];
        struct strbuf out = STRBUF_INIT;
        struct decoded d;
        size_t stride;
        uint8_t *px = picture(w, h, &stride, fill_flags);

        sixel_encode(s, &out, px, stride, w, h);
        decode(out.buf, out.len, &d);
        assert_int_equal(d.w, w);
        assert_int_equal(d.h, h);
        for (int y = 0; y < h; y++)
            for (int x = 0; x < w; x++)
                assert_memory_equal(d.rgb + ((size_t)y * w + x) * 3,
                                    px + (size_t)y * stride + (size_t)x * 4,
                                    3);
        free(d.rgb);
        free(px);
        strbuf_free(&out);
    }
    sixel_free(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_levels_exact),
        cmocka_unit_test(test_gradient_averages_kept),
        cmocka_unit_test(test_odd_sizes),
    };
    return cmocka_run_group_tests_name("sixel", tests, NULL, NULL);
}
