/* test_video.c - the picture path for real: libmpv plays a red clip made on
 * the spot, the render thread turns it into cells, and the cells are red,
 * letterboxed, resized while paused, in all three colour modes. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "deadline.h"
#include "player.h"
#include "video.h"

#include <locale.h>
#include <poll.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static char clip_dir[] = "/tmp/tplay-test-video-XXXXXX";
static char clip[64];

struct fix {
    struct player *p;
    struct video *v;
    enum video_colors colors;
    enum video_symbols symbols;
};

/* A 320x180 (16:9) all-red clip, 4 s at 25 fps, one keyframe a second. */
static int clip_make(void **state)
{
    char cmd[512];

    (void)state;
    setlocale(LC_NUMERIC, "C");
    if (!mkdtemp(clip_dir))
        return -1;
    snprintf(clip, sizeof clip, "%s/red.mkv", clip_dir);
    snprintf(cmd, sizeof cmd,
             "ffmpeg -nostdin -v error -f lavfi "
             "-i color=c=red:size=320x180:rate=25:duration=4 "
             "-c:v libx264 -preset veryfast -g 25 -pix_fmt yuv420p '%s'",
             clip);
    return system(cmd) == 0 ? 0 : -1;
}

static int clip_remove(void **state)
{
    (void)state;
    unlink(clip);
    rmdir(clip_dir);
    return 0;
}

/* Drain the player's events; a failed load fails the test. */
static void fix_events(struct fix *f)
{
    for (;;) {
        struct player_event ev = player_next_event(f->p);

        if (ev.type == PLAYER_EVENT_NONE)
            return;
        if (ev.type == PLAYER_EVENT_FAILED)
            fail_msg("libmpv: %s", ev.message);
        if (ev.type == PLAYER_EVENT_LOADED) /* no graph to set: go on */
            player_continue(f->p);
        if (ev.type == PLAYER_EVENT_LOG)
            print_message("libmpv: %s\n", ev.message);
    }
}

/* Wait up to ms for either descriptor, then drain the player's events. */
static void fix_poll(struct fix *f, int ms)
{
    struct pollfd fds[2] = {
        { video_fd(f->v), POLLIN, 0 },
        { player_fd(f->p), POLLIN, 0 },
    };

    poll(fds, 2, ms);
    fix_events(f);
}

/* A player and a renderer at cols x rows, the clip loaded and playing:
 * a picture in pixels, or cells. */
static void fix_start_pixels(struct fix *f, enum video_pixels pixels,
                             enum video_colors colors,
                             enum video_symbols symbols, int cols, int rows,
                             int cell_w, int cell_h, int max_w, int max_h)
{
    static const struct player_opt opts[] = { { "ao", "null", NULL } };
    char *err = NULL;

    f->colors = colors;
    f->symbols = symbols;
    f->p = player_create(PLAYER_MODE_PLAY, opts, 1, &err);
    if (!f->p)
        fail_msg("player_create: %s", err);
    f->v = video_create(f->p, pixels, colors, symbols, &err);
    if (!f->v)
        fail_msg("video_create: %s", err);
    if (pixels != VIDEO_PIXELS_NONE)
        video_set_cell(f->v, cell_w, cell_h, max_w, max_h);
    video_set_size(f->v, cols, rows);
    if (player_load(f->p, clip, &err) < 0)
        fail_msg("player_load: %s", err);
    player_toggle_pause(f->p); /* the player starts paused */
}

static void fix_start_with(struct fix *f, enum video_colors colors,
                           enum video_symbols symbols, int cols, int rows)
{
    fix_start_pixels(f, VIDEO_PIXELS_NONE, colors, symbols, cols, rows, 0, 0,
                     0, 0);
}

static void fix_start(struct fix *f, enum video_colors colors, int cols,
                      int rows)
{
    fix_start_with(f, colors, VIDEO_SYMBOLS_BLOCKS, cols, rows);
}

static void fix_stop(struct fix *f)
{
    video_destroy(f->v);
    player_destroy(f->p);
}

/* The newest frame of cols x rows, waiting for it; fails on timeout. */
static const struct video_frame *fix_frame(struct fix *f, int cols, int rows)
{
    int64_t end = deadline_at();

    while (deadline_now_ms() < end) {
        const struct video_frame *fr, *last = NULL;

        while ((fr = video_take(f->v)))
            last = fr;
        if (last && last->cols == cols && last->rows == rows)
            return last;
        fix_poll(f, 50);
    }
    fail_msg("no %d x %d frame within %lld ms", cols, rows,
             (long long)deadline_ms(DEADLINE_MS));
    return NULL;
}

/* Wait until libmpv reports the pause state we asked for. */
static void fix_paused(struct fix *f, bool paused)
{
    int64_t end = deadline_at();

    while (player_status(f->p)->paused != paused) {
        if (deadline_now_ms() >= end)
            fail_msg("pause never became %d", paused);
        fix_poll(f, 50);
    }
}

static bool is_red(enum video_colors colors, uint32_t c)
{
    switch (colors) {
    case VIDEO_COLORS_TRUE: /* BT.601/709 round trips to about 0xFE0000 */
        return (c >> 16) >= 0xE0 && ((c >> 8) & 0xFF) <= 0x20 &&
               (c & 0xFF) <= 0x20 && c <= 0xFFFFFF;
    case VIDEO_COLORS_256:
        return c == 196; /* the cube's (5,0,0) */
    case VIDEO_COLORS_16:
        return c == 9 || c == 1;
    }
    return false;
}

static bool is_black(enum video_colors colors, uint32_t c)
{
    switch (colors) {
    case VIDEO_COLORS_TRUE:
        return (c >> 16) <= 0x20 && ((c >> 8) & 0xFF) <= 0x20 &&
               (c & 0xFF) <= 0x20;
    case VIDEO_COLORS_256:
        return c == 16 || c == 232;
    case VIDEO_COLORS_16:
        return c == 0;
    }
    return false;
}

/* Whether what the cell shows satisfies pred: a blank shows its bg, a
 * full block its fg, anything else both. */
static bool cell_shows(enum video_colors colors, const struct video_cell *c,
                       bool (*pred)(enum video_colors, uint32_t))
{
    if (c->ch == ' ')
        return pred(colors, c->bg);
    if (c->ch == 0x2588)
        return pred(colors, c->fg);
    return pred(colors, c->fg) && pred(colors, c->bg);
}

static const struct video_cell *cell_at(const struct video_frame *fr, int x,
                                        int y)
{
    return &fr->cells[(size_t)y * fr->cols + x];
}

/* Every cell: a space or a block element (one column), or printable ASCII
 * when asked for; colours in range. */
static void check_cells(const struct fix *f, const struct video_frame *fr)
{
    for (int y = 0; y < fr->rows; y++)
        for (int x = 0; x < fr->cols; x++) {
            const struct video_cell *c = cell_at(fr, x, y);
            uint32_t lo = f->colors == VIDEO_COLORS_256 ? 16 : 0;
            uint32_t hi = f->colors == VIDEO_COLORS_TRUE ? 0xFFFFFF
                        : f->colors == VIDEO_COLORS_256 ? 255 : 15;

            if (f->symbols == VIDEO_SYMBOLS_ASCII &&
                (c->ch < 0x20 || c->ch > 0x7E))
                fail_msg("cell %d,%d: U+%04X is not printable ASCII", x, y,
                         (unsigned)c->ch);
            if (f->symbols == VIDEO_SYMBOLS_BLOCKS && c->ch != ' ' &&
                (c->ch < 0x2580 || c->ch > 0x259F))
                fail_msg("cell %d,%d: U+%04X is not a block", x, y,
                         (unsigned)c->ch);
            if (f->symbols == VIDEO_SYMBOLS_HALF && c->ch != 0x2580)
                fail_msg("cell %d,%d: U+%04X is not U+2580", x, y,
                         (unsigned)c->ch);
            if (c->fg < lo || c->fg > hi || c->bg < lo || c->bg > hi)
                fail_msg("cell %d,%d: colours %#x/%#x out of range", x, y,
                         (unsigned)c->fg, (unsigned)c->bg);
        }
}

/* The middle rows (clear of the letterbox) are red all across. */
static void check_red_middle(const struct fix *f, const struct video_frame *fr)
{
    for (int y = fr->rows / 2 - 1; y <= fr->rows / 2; y++)
        for (int x = 0; x < fr->cols; x++) {
            const struct video_cell *c = cell_at(fr, x, y);

            if (!cell_shows(f->colors, c, is_red))
                fail_msg("%d x %d cell %d,%d: U+%04X fg %#08x bg %#08x, "
                         "want red", fr->cols, fr->rows, x, y,
                         (unsigned)c->ch, (unsigned)c->fg, (unsigned)c->bg);
        }
}

static void test_truecolor_resize_while_paused(void **state)
{
    struct fix f;
    const struct video_frame *fr;
    struct video_stats st;
    uint64_t seq;

    (void)state;
    fix_start(&f, VIDEO_COLORS_TRUE, 40, 12);
    fr = fix_frame(&f, 40, 12);
    check_cells(&f, fr);
    check_red_middle(&f, fr);
    assert_true(fr->seq >= 1);
    seq = fr->seq;

    player_toggle_pause(f.p);
    fix_paused(&f, true);
    /* Let frames already on their way arrive: the next ones must come
     * from re-rendering the last frame at the new size. */
    fix_poll(&f, 300);
    while (video_take(f.v)) {
    }

    video_set_size(f.v, 20, 6);
    fr = fix_frame(&f, 20, 6);
    check_cells(&f, fr);
    check_red_middle(&f, fr);
    assert_true(fr->seq > seq);

    /* 160 x 160 pixels: the 16:9 picture is 90 high, the bars 35 each. */
    video_set_size(f.v, 40, 20);
    fr = fix_frame(&f, 40, 20);
    check_cells(&f, fr);
    check_red_middle(&f, fr);
    for (int x = 0; x < 40; x++) {
        assert_true(cell_shows(f.colors, cell_at(fr, x, 0), is_black));
        assert_true(cell_shows(f.colors, cell_at(fr, x, 19), is_black));
    }

    assert_true(player_status(f.p)->paused);
    video_stats(f.v, &st);
    assert_true(st.converted >= fr->seq);
    assert_true(st.taken >= 3);
    fix_stop(&f);
}

/* Frames in an indexed mode: palette indexes, red in the middle.  Many
 * of them: chafa 1.12 below work factor 0.23 inverted an occasional
 * 16-colour frame (red came out cyan). */
static void run_indexed(enum video_colors colors)
{
    struct fix f;

    fix_start(&f, colors, 40, 12);
    for (int i = 0; i < 20; i++) {
        const struct video_frame *fr = fix_frame(&f, 40, 12);

        check_cells(&f, fr);
        check_red_middle(&f, fr);
    }
    fix_stop(&f);
}

static void test_256_colors(void **state)
{
    (void)state;
    run_indexed(VIDEO_COLORS_256);
}

static void test_16_colors(void **state)
{
    (void)state;
    run_indexed(VIDEO_COLORS_16);
}

/* Half blocks, libmpv scaling to 1 x 2 pixels a cell: every cell U+2580,
 * red in the middle, the letterbox black, in truecolor and the palettes;
 * and a resize while paused. */
static void test_half_blocks(void **state)
{
    static const enum video_colors modes[] = {
        VIDEO_COLORS_TRUE, VIDEO_COLORS_256, VIDEO_COLORS_16,
    };

    (void)state;
    for (size_t m = 0; m < sizeof modes / sizeof modes[0]; m++) {
        struct fix f;
        const struct video_frame *fr;

        /* 40 x 40 pixels: the 16:9 picture is 22 high, the bars 9 each. */
        fix_start_with(&f, modes[m], VIDEO_SYMBOLS_HALF, 40, 20);
        fr = fix_frame(&f, 40, 20);
        check_cells(&f, fr);
        check_red_middle(&f, fr);
        for (int x = 0; x < 40; x++) {
            assert_true(cell_shows(f.colors, cell_at(fr, x, 0), is_black));
            assert_true(cell_shows(f.colors, cell_at(fr, x, 19), is_black));
        }
        player_toggle_pause(f.p);
        fix_paused(&f, true);
        video_set_size(f.v, 30, 10); /* 30 x 20 pixels: bars again */
        fr = fix_frame(&f, 30, 10);
        check_cells(&f, fr);
        check_red_middle(&f, fr);
        fix_stop(&f);
    }
}

/* Whether the len bytes at s hold the text t. */
static bool bytes_have(const char *s, size_t len, const char *t)
{
    size_t n = strlen(t);

    for (size_t i = 0; i + n <= len; i++)
        if (memcmp(s + i, t, n) == 0)
            return true;
    return false;
}

/* Sixel: the pane's pixels (20 x 8 cells of 9 x 17), the height cut to
 * whole 6-pixel bands (136 -> 132, then 85 -> 84), within the largest
 * picture the terminal takes; the clip's red drawn, and the black of the
 * bars above and below it (180 x 101 in 180 x 132); no cells. */
static void test_sixel_pictures(void **state)
{
    struct fix f;
    const struct video_frame *fr;

    (void)state;
    fix_start_pixels(&f, VIDEO_PIXELS_SIXEL, VIDEO_COLORS_256,
                     VIDEO_SYMBOLS_BLOCKS, 20, 8, 9, 17, 0, 0);
    fr = fix_frame(&f, 20, 8);
    assert_null(fr->cells);
    assert_int_equal(fr->width, 180);
    assert_int_equal(fr->height, 132);
    assert_true(fr->len > 0);
    assert_memory_equal(fr->bytes, "\033P", 2);
    assert_true(bytes_have(fr->bytes, fr->len, "\"1;1;180;132"));
    assert_memory_equal(fr->bytes + fr->len - 2, "\033\\", 2);
    /* Whole bands of red (register 180: levels 5, 0, 0) and of black
     * (0): a colour's line of 180 sixels all six high, run-length
     * coded. */
    assert_true(bytes_have(fr->bytes, fr->len, "#180!180~"));
    assert_true(bytes_have(fr->bytes, fr->len, "#0!180~"));
    player_toggle_pause(f.p);
    fix_paused(&f, true);
    video_set_size(f.v, 20, 5); /* 85 px high: 84 */
    fr = fix_frame(&f, 20, 5);
    assert_int_equal(fr->height, 84);
    assert_true(bytes_have(fr->bytes, fr->len, "\"1;1;180;84"));
    video_set_cell(f.v, 9, 17, 120, 60); /* the terminal's largest */
    video_set_size(f.v, 20, 6);
    fr = fix_frame(&f, 20, 6);
    assert_int_equal(fr->width, 120);
    assert_int_equal(fr->height, 60);
    fix_stop(&f);
}

/* kitty: the pane's pixels as one image, replacing the last; iTerm2:
 * sized in the pane's cells. */
static void test_kitty_and_iterm2_pictures(void **state)
{
    struct fix f;
    const struct video_frame *fr;
    char head[96];

    (void)state;
    fix_start_pixels(&f, VIDEO_PIXELS_KITTY, VIDEO_COLORS_TRUE,
                     VIDEO_SYMBOLS_BLOCKS, 16, 5, 10, 20, 0, 0);
    fr = fix_frame(&f, 16, 5);
    assert_null(fr->cells);
    assert_int_equal(fr->width, 160);
    assert_int_equal(fr->height, 100);
    snprintf(head, sizeof head, "\033_Ga=T,f=24,s=160,v=100,o=z,i=%d,",
             VIDEO_KITTY_ID);
    assert_true(fr->len > strlen(head));
    assert_memory_equal(fr->bytes, head, strlen(head));
    fix_stop(&f);

    fix_start_pixels(&f, VIDEO_PIXELS_ITERM2, VIDEO_COLORS_TRUE,
                     VIDEO_SYMBOLS_BLOCKS, 16, 5, 10, 20, 0, 0);
    fr = fix_frame(&f, 16, 5);
    assert_null(fr->cells);
    assert_true(fr->len > 40);
    assert_true(bytes_have(fr->bytes, fr->len,
                           "\033]1337;File=inline=1;width=16;height=5;"));
    fix_stop(&f);
}

/* A locale without Unicode: the picture in printable ASCII, still red
 * in the middle. */
static void test_ascii_symbols(void **state)
{
    struct fix f;
    bool some_not_space = false;

    (void)state;
    fix_start_with(&f, VIDEO_COLORS_256, VIDEO_SYMBOLS_ASCII, 40, 12);
    for (int i = 0; i < 5; i++) {
        const struct video_frame *fr = fix_frame(&f, 40, 12);

        check_cells(&f, fr);
        check_red_middle(&f, fr);
        for (int k = 0; k < fr->cols * fr->rows; k++)
            some_not_space = some_not_space || fr->cells[k].ch != ' ';
    }
    /* The letterbox edges cut cells in two: symbols, not only blanks. */
    assert_true(some_not_space);
    fix_stop(&f);
}

/* 0 x 0: libmpv's frames are taken (so it never waits) but none is
 * converted; a size then brings the current frame at once. */
static void test_zero_size_renders_without_converting(void **state)
{
    struct fix f;
    struct video_stats st;
    const struct video_frame *fr;
    int64_t end = deadline_at();

    (void)state;
    fix_start(&f, VIDEO_COLORS_TRUE, 0, 0);
    do {
        if (deadline_now_ms() >= end)
            fail_msg("libmpv handed over no frames");
        fix_poll(&f, 50);
        video_stats(f.v, &st);
    } while (st.rendered < 5);
    assert_null(video_take(f.v));
    assert_int_equal(st.converted, 0);

    video_set_size(f.v, 10, 4);
    fr = fix_frame(&f, 10, 4);
    check_cells(&f, fr);
    check_red_middle(&f, fr);
    fix_stop(&f);
}

/* Created and destroyed with nothing played; NULL is fine to destroy. */
static void test_idle_teardown(void **state)
{
    static const struct player_opt opts[] = { { "ao", "null", NULL } };
    char *err = NULL;
    struct player *p;
    struct video *v;
    struct video_stats st;

    (void)state;
    p = player_create(PLAYER_MODE_PLAY, opts, 1, &err);
    assert_non_null(p);
    v = video_create(p, VIDEO_PIXELS_NONE, VIDEO_COLORS_256,
                     VIDEO_SYMBOLS_BLOCKS, &err);
    assert_non_null(v);
    video_set_size(v, 80, 24);
    assert_null(video_take(v));
    video_stats(v, &st);
    assert_int_equal(st.rendered + st.converted + st.taken, 0);
    video_destroy(v);
    video_destroy(NULL);
    player_destroy(p);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_truecolor_resize_while_paused),
        cmocka_unit_test(test_256_colors),
        cmocka_unit_test(test_16_colors),
        cmocka_unit_test(test_ascii_symbols),
        cmocka_unit_test(test_half_blocks),
        cmocka_unit_test(test_sixel_pictures),
        cmocka_unit_test(test_kitty_and_iterm2_pictures),
        cmocka_unit_test(test_zero_size_renders_without_converting),
        cmocka_unit_test(test_idle_teardown),
    };
    return cmocka_run_group_tests_name("video", tests, clip_make,
                                       clip_remove);
}
