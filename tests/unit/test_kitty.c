/* test_kitty.c - kitty graphics sequences read back as kitty reads them:
 * split into APC commands, keys checked, each chunk's base64 decoded,
 * joined, inflated and compared byte for byte with the source's RGB. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "kitty.h"
#include "strbuf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

/* One APC command: its keys and payload, pointers into the output. */
struct apc {
    const char *keys;
    size_t keys_len;
    const char *payload;
    size_t payload_len;
};

/* Split s[0..n) into graphics commands (ESC _ G keys ; payload ESC \);
 * anything else in between fails the test.  Returns how many (at most max). */
static size_t split_apc(const char *s, size_t n, struct apc *cmds, size_t max)
{
    size_t count = 0, i = 0;

    while (i < n) {
        const char *end, *semi;
        struct apc *c;

        if (n - i < 3 || memcmp(s + i, "\x1b_G", 3) != 0)
            fail_msg("byte %zu: not the start of a graphics command", i);
        end = memchr(s + i + 3, '\x1b', n - i - 3);
        if (!end || (size_t)(end - s) + 1 >= n || end[1] != '\\')
            fail_msg("byte %zu: command not ended by ESC \\", i);
        if (count == max)
            fail_msg("more than %zu commands", max);
        c = &cmds[count++];
        c->keys = s + i + 3;
        semi = memchr(c->keys, ';', (size_t)(end - c->keys));
        c->keys_len = (size_t)((semi ? semi : end) - c->keys);
        c->payload = semi ? semi + 1 : end;
        c->payload_len = (size_t)(end - c->payload);
        i = (size_t)(end - s) + 2;
    }
    return count;
}

/* The value of key k in c's keys ("k=value,..."), copied to val, or NULL. */
static const char *key_value(const struct apc *c, const char *k, char *val,
                             size_t size)
{
    size_t kl = strlen(k), i = 0;

    while (i < c->keys_len) {
        const char *item = c->keys + i;
        const char *comma = memchr(item, ',', c->keys_len - i);
        size_t len = comma ? (size_t)(comma - item) : c->keys_len - i;

        if (len > kl && memcmp(item, k, kl) == 0 && item[kl] == '=') {
            snprintf(val, size, "%.*s", (int)(len - kl - 1), item + kl + 1);
            return val;
        }
        i += len + 1;
    }
    return NULL;
}

/* How many keys c has. */
static size_t key_count(const struct apc *c)
{
    size_t n = c->keys_len ? 1 : 0;

    for (size_t i = 0; i < c->keys_len; i++)
        n += c->keys[i] == ',';
    return n;
}

static void assert_key(const struct apc *c, const char *k, const char *want)
{
    char val[64];

    if (!key_value(c, k, val, sizeof val))
        fail_msg("key %s missing in \"%.*s\"", k, (int)c->keys_len, c->keys);
    if (strcmp(val, want) != 0)
        fail_msg("key %s=%s, want %s", k, val, want);
}

static int b64_value(char ch)
{
    if (ch >= 'A' && ch <= 'Z')
        return ch - 'A';
    if (ch >= 'a' && ch <= 'z')
        return ch - 'a' + 26;
    if (ch >= '0' && ch <= '9')
        return ch - '0' + 52;
    if (ch == '+')
        return 62;
    if (ch == '/')
        return 63;
    return -1;
}

/* Strict base64 of s[0..n) appended at out; padding only when last.
 * Returns the bytes decoded. */
static size_t b64_decode(const char *s, size_t n, uint8_t *out, int last)
{
    size_t o = 0;

    if (n % 4 != 0)
        fail_msg("base64 chunk of %zu bytes, not a multiple of 4", n);
    for (size_t i = 0; i < n; i += 4) {
        int v[4], pad = 0;

        for (int j = 0; j < 4; j++) {
            v[j] = b64_value(s[i + j]);
            if (v[j] < 0) {
                if (s[i + j] != '=' || j < 2 || !last || i + 4 != n)
                    fail_msg("invalid base64 byte 0x%02x at %zu", (unsigned char)s[i + j], i + j);
                v[j] = 0;
                pad++;
            } else if (pad) {
                fail_msg("base64 data after padding at %zu", i + j);
            }
        }
        out[o++] = (uint8_t)(v[0] << 2 | v[1] >> 4);
        if (pad < 2)
            out[o++] = (uint8_t)(v[1] << 4 | v[2] >> 2);
        if (pad < 1)
            out[o++] = (uint8_t)(v[2] << 6 | v[3]);
    }
    return o;
}

/* Check that s[0..n) is one picture w x h as image id, and that it holds
 * exactly rgb (w * h * 3 bytes). */
static void check_picture(const char *s, size_t n, int w, int h, unsigned id,
                          const uint8_t *rgb)
{
    size_t max = n / 16 + 2, count, zlen = 0, cap = n;
    struct apc *cmds = calloc(max, sizeof *cmds);
    uint8_t *z = malloc(cap), *got;
    uLongf got_len = (uLongf)w * h * 3 + 1;
    uLong z_used;
    char want[32];

    assert_non_null(cmds);
    assert_non_null(z);
    count = split_apc(s, n, cmds, max);
    assert_true(count >= 1);
    /* The first command carries every key, and those alone. */
    assert_key(&cmds[0], "a", "T");
    assert_key(&cmds[0], "f", "24");
    snprintf(want, sizeof want, "%d", w);
    assert_key(&cmds[0], "s", want);
    snprintf(want, sizeof want, "%d", h);
    assert_key(&cmds[0], "v", want);
    assert_key(&cmds[0], "o", "z");
    snprintf(want, sizeof want, "%u", id);
    assert_key(&cmds[0], "i", want);
    assert_key(&cmds[0], "p", "1");
    assert_key(&cmds[0], "z", "-1");
    assert_key(&cmds[0], "C", "1");
    assert_key(&cmds[0], "q", "2");
    assert_key(&cmds[0], "m", count > 1 ? "1" : "0");
    assert_int_equal(key_count(&cmds[0]), 11);
    for (size_t i = 0; i < count; i++) {
        int last = i + 1 == count;

        if (i > 0) {
            assert_key(&cmds[i], "m", last ? "0" : "1");
            assert_key(&cmds[i], "q", "2");
            assert_int_equal(key_count(&cmds[i]), 2);
        }
        if (cmds[i].payload_len > 4096 || cmds[i].payload_len == 0)
            fail_msg("chunk %zu: %zu bytes of payload", i, cmds[i].payload_len);
        zlen += b64_decode(cmds[i].payload, cmds[i].payload_len, z + zlen, last);
    }
    z_used = (uLong)zlen;
    got = malloc(got_len);
    assert_non_null(got);
    /* All of the stream is zlib's, nothing after its end. */
    assert_int_equal(uncompress2(got, &got_len, z, &z_used), Z_OK);
    assert_int_equal(z_used, zlen);
    assert_int_equal(got_len, (uLongf)w * h * 3);
    assert_memory_equal(got, rgb, got_len);
    free(got);
    free(z);
    free(cmds);
}

/* (width, height, extra bytes a row past 4 * width, pattern) */
enum pattern { GRADIENT, NOISE };
static const struct {
    int w, h;
    size_t pad;
    enum pattern pattern;
} frame_cases[] = {
    { 1, 1, 0, GRADIENT },
    { 7, 5, 0, GRADIENT },
    { 7, 5, 13, NOISE },
    { 640, 360, 36, GRADIENT },  /* several chunks */
    { 97, 61, 4, NOISE },        /* incompressible: many chunks */
    { 1, 1024, 0, NOISE },       /* a column: 3072 bytes of noise */
    /* deflated lengths of each remainder mod 3 (1x1: 11, 5x1: 24,
     * 97x61: 17767), so every kind of base64 tail is read */
    { 5, 1, 0, NOISE },
};

static void test_frames(void **state)
{
    (void)state;
    for (size_t k = 0; k < sizeof frame_cases / sizeof frame_cases[0]; k++) {
        int w = frame_cases[k].w, h = frame_cases[k].h;
        size_t stride = (size_t)w * 4 + frame_cases[k].pad;
        uint8_t *px = malloc(stride * (size_t)h);
        uint8_t *rgb = malloc((size_t)w * h * 3);
        uint32_t seed = 12345u + (uint32_t)k;
        struct strbuf out = STRBUF_INIT;
        unsigned id = 1 + (unsigned)k * 1000003u;

        assert_non_null(px);
        assert_non_null(rgb);
        /* The padding bytes and the row tails hold noise, never sent. */
        for (size_t i = 0; i < stride * (size_t)h; i++) {
            seed = seed * 1103515245u + 12345u;
            px[i] = (uint8_t)(seed >> 16);
        }
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                uint8_t *p = px + (size_t)y * stride + (size_t)x * 4;
                uint8_t *q = rgb + ((size_t)y * w + x) * 3;

                if (frame_cases[k].pattern == GRADIENT) {
                    p[0] = (uint8_t)(x * 255 / w);
                    p[1] = (uint8_t)(y * 255 / h);
                    p[2] = (uint8_t)((x + y) & 255);
                }
                memcpy(q, p, 3);
            }
        }
        strbuf_adds(&out, "before");
        kitty_frame(&out, px, stride, w, h, id);
        assert_memory_equal(out.buf, "before", 6);
        assert_int_equal(strlen(strbuf_str(&out)), out.len);
        check_picture(out.buf + 6, out.len - 6, w, h, id, rgb);
        strbuf_free(&out);
        free(rgb);
        free(px);
    }
}

static void test_largest_id(void **state)
{
    uint8_t px[4] = { 1, 2, 3, 4 };
    struct strbuf out = STRBUF_INIT;

    (void)state;
    kitty_frame(&out, px, 4, 1, 1, 4294967295u);
    check_picture(out.buf, out.len, 1, 1, 4294967295u, px);
    strbuf_free(&out);
}

static void test_empty_picture(void **state)
{
    uint8_t px[4] = { 0 };
    struct strbuf out = STRBUF_INIT;

    (void)state;
    kitty_frame(&out, px, 4, 0, 1, 1);
    kitty_frame(&out, px, 4, 1, 0, 1);
    kitty_frame(&out, px, 4, -3, 5, 1);
    assert_int_equal(out.len, 0);
    strbuf_free(&out);
}

static void test_delete(void **state)
{
    struct strbuf out = STRBUF_INIT;

    (void)state;
    kitty_delete(&out, 7);
    assert_string_equal(strbuf_str(&out), "\x1b_Ga=d,d=I,i=7,q=2\x1b\\");
    strbuf_reset(&out);
    kitty_delete(&out, 4294967295u);
    assert_string_equal(strbuf_str(&out), "\x1b_Ga=d,d=I,i=4294967295,q=2\x1b\\");
    strbuf_free(&out);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_frames),
        cmocka_unit_test(test_largest_id),
        cmocka_unit_test(test_empty_picture),
        cmocka_unit_test(test_delete),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
