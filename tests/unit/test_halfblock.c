/* test_halfblock.c - the half-block picture path without a terminal: pixels
 * to cells (colours exact, palettes mapped to their nearest entry), cells
 * to bytes (only what changed, colours set only when they change), and
 * which mode [video] mode and the terminal give, with its reason. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "cellwrite.h"
#include "halfblock.h"
#include "strbuf.h"
#include "vomode.h"

#include <stdlib.h>
#include <string.h>

#define UPPER "\xe2\x96\x80" /* ▀ */
#define LOWER "\xe2\x96\x84" /* ▄ */
#define FULL "\xe2\x96\x88"  /* █ */

/* (0xRRGGBB, colours, the cell colour) */
static const struct {
    uint32_t rgb;
    enum video_colors colors;
    uint32_t want;
} color_cases[] = {
    { 0x123456, VIDEO_COLORS_TRUE, 0x123456 },
    { 0xff123456, VIDEO_COLORS_TRUE, 0x123456 }, /* padding byte dropped */
    /* 256: the cube (16 + 36r + 6g + b) or the greys 232..255 */
    { 0x000000, VIDEO_COLORS_256, 16 },
    { 0xffffff, VIDEO_COLORS_256, 231 },
    { 0xff0000, VIDEO_COLORS_256, 196 },
    { 0x5f87af, VIDEO_COLORS_256, 67 },
    { 0x5a8cb4, VIDEO_COLORS_256, 67 },  /* near it */
    { 0x808080, VIDEO_COLORS_256, 244 }, /* grey 128 */
    { 0x080808, VIDEO_COLORS_256, 232 },
    { 0xeeeeee, VIDEO_COLORS_256, 255 },
    { 0x2f2f2f, VIDEO_COLORS_256, 236 }, /* grey 48 is nearer than cube 0 */
    /* 16: xterm's defaults */
    { 0x000000, VIDEO_COLORS_16, 0 },
    { 0xcd0000, VIDEO_COLORS_16, 1 },
    { 0xff0000, VIDEO_COLORS_16, 9 },
    { 0x00c000, VIDEO_COLORS_16, 2 },
    { 0x00ee00, VIDEO_COLORS_16, 10 },
    { 0x7f7f7f, VIDEO_COLORS_16, 8 },
    { 0xe0e0e0, VIDEO_COLORS_16, 7 },
    { 0xffffff, VIDEO_COLORS_16, 15 },
    { 0x1010f0, VIDEO_COLORS_16, 4 },
};

static void test_palette_mapping(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof color_cases / sizeof color_cases[0]; i++) {
        uint32_t got = halfblock_color(color_cases[i].rgb,
                                       color_cases[i].colors);

        if (got != color_cases[i].want)
            fail_msg("case %zu: 0x%06x in mode %d: got %u, want %u", i,
                     (unsigned)color_cases[i].rgb,
                     (int)color_cases[i].colors, (unsigned)got,
                     (unsigned)color_cases[i].want);
    }
}

/* 3 x 2 cells from 3 x 4 rgb0 pixels in rows of 16 bytes (padded). */
static void test_convert_takes_top_and_bottom_exactly(void **state)
{
    uint8_t px[4 * 16];
    struct video_cell cells[6];

    (void)state;
    memset(px, 0xee, sizeof px); /* the padding must not be read */
    for (int y = 0; y < 4; y++)
        for (int x = 0; x < 3; x++) {
            uint8_t *p = px + y * 16 + 4 * x;

            p[0] = (uint8_t)(10 * y + x);
            p[1] = (uint8_t)(100 + y);
            p[2] = (uint8_t)(200 + x);
            p[3] = 0;
        }
    halfblock_convert(px, 16, 3, 2, VIDEO_COLORS_TRUE, cells);
    for (int r = 0; r < 2; r++)
        for (int c = 0; c < 3; c++) {
            const struct video_cell *cell = &cells[r * 3 + c];
            uint32_t top = (uint32_t)(20 * r + c) << 16 |
                           (uint32_t)(100 + 2 * r) << 8 | (uint32_t)(200 + c);
            uint32_t bottom = (uint32_t)(20 * r + 10 + c) << 16 |
                              (uint32_t)(101 + 2 * r) << 8 |
                              (uint32_t)(200 + c);

            assert_int_equal(cell->ch, HALFBLOCK_CHAR);
            assert_int_equal(cell->fg, top);
            assert_int_equal(cell->bg, bottom);
        }
    halfblock_convert(px, 16, 3, 2, VIDEO_COLORS_256, cells);
    assert_int_equal(cells[0].fg, halfblock_color(0x0064c8,
                                                  VIDEO_COLORS_256));
    assert_int_equal(cells[5].bg, halfblock_color(0x2067ca,
                                                  VIDEO_COLORS_256));
}

/* A frame of cols x rows half-block cells, all top t over bottom b. */
static struct video_frame frame_new(int cols, int rows, uint32_t t,
                                    uint32_t b)
{
    struct video_frame f = { .cols = cols, .rows = rows, .seq = 1,
                             .pts = -1 };

    f.cells = calloc((size_t)cols * (size_t)rows, sizeof *f.cells);
    assert_non_null(f.cells);
    for (int i = 0; i < cols * rows; i++)
        f.cells[i] = (struct video_cell){ HALFBLOCK_CHAR, t, b };
    return f;
}

/* What cellwrite_frame appends, as a string (caller frees). */
static char *write_frame(const struct video_frame *f,
                         struct video_cell *shown, int valid, int y, int x,
                         enum video_colors colors, size_t *cells)
{
    struct strbuf sb = STRBUF_INIT;
    size_t n = cellwrite_frame(&sb, f, shown, valid, y, x, colors, NULL);

    if (cells)
        *cells = n;
    return strbuf_detach(&sb);
}

static size_t count(const char *s, const char *what)
{
    size_t n = 0;

    for (const char *p = s; (p = strstr(p, what)); p += strlen(what))
        n++;
    return n;
}

static void test_first_frame_is_all_cells_then_nothing(void **state)
{
    struct video_frame f = frame_new(2, 1, 0x010203, 0x040506);
    struct video_cell shown[2];
    size_t n;
    char *s;

    (void)state;
    memset(shown, 0, sizeof shown);
    s = write_frame(&f, shown, 0, 4, 9, VIDEO_COLORS_TRUE, &n);
    /* one cursor move, one SGR for both colours, the second cell bare */
    assert_string_equal(s, "\033[5;10H\033[38;2;1;2;3;48;2;4;5;6m"
                           UPPER UPPER);
    assert_int_equal(n, 2);
    assert_memory_equal(shown, f.cells, sizeof shown);
    free(s);
    /* the same frame again: not a byte */
    s = write_frame(&f, shown, 1, 4, 9, VIDEO_COLORS_TRUE, &n);
    assert_string_equal(s, "");
    assert_int_equal(n, 0);
    free(s);
    /* not valid (after an overlay, a move): all again */
    s = write_frame(&f, shown, 0, 0, 0, VIDEO_COLORS_TRUE, &n);
    assert_int_equal(n, 2);
    assert_int_equal(count(s, UPPER), 2);
    free(s);
    free(f.cells);
}

static void test_one_changed_pixel_writes_one_cell(void **state)
{
    struct video_frame f = frame_new(40, 10, 0x336699, 0x996633);
    struct video_cell *shown = calloc(400, sizeof *shown);
    size_t n;
    char *s;

    (void)state;
    free(write_frame(&f, shown, 0, 2, 3, VIDEO_COLORS_TRUE, NULL));
    f.cells[5 * 40 + 17].bg = 0x996634; /* row 5, column 17: the bottom */
    s = write_frame(&f, shown, 1, 2, 3, VIDEO_COLORS_TRUE, &n);
    assert_int_equal(n, 1);
    /* 1-based: row 2 + 5 + 1, column 3 + 17 + 1 */
    assert_string_equal(s, "\033[8;21H\033[38;2;51;102;153;48;2;153;102;52m"
                           UPPER);
    assert_memory_equal(shown, f.cells, 400 * sizeof *shown);
    free(s);
    free(shown);
    free(f.cells);
}

static void test_runs_skip_with_cursor_forward(void **state)
{
    struct video_frame f = frame_new(10, 2, 0x000001, 0x000002);
    struct video_cell shown[20];
    char *s;

    (void)state;
    free(write_frame(&f, shown, 0, 0, 0, VIDEO_COLORS_TRUE, NULL));
    f.cells[1].fg = f.cells[2].fg = f.cells[7].fg = 0x000003;
    f.cells[10 + 9].fg = 0x000003;
    s = write_frame(&f, shown, 1, 0, 0, VIDEO_COLORS_TRUE, NULL);
    assert_string_equal(s, "\033[1;2H\033[38;2;0;0;3;48;2;0;0;2m" UPPER UPPER
                           "\033[4C" UPPER "\033[2;10H" UPPER);
    free(s);
    free(f.cells);
}

/* The glyph that needs the fewest colour changes: swapped colours are a
 * lower half block, one colour a space (bg) or a full block (fg). */
static void test_glyph_saves_colour_changes(void **state)
{
    struct video_frame f = frame_new(5, 1, 0, 0);
    struct video_cell shown[5];
    char *s;

    (void)state;
    f.cells[0] = (struct video_cell){ HALFBLOCK_CHAR, 0xaa, 0xbb };
    f.cells[1] = (struct video_cell){ HALFBLOCK_CHAR, 0xbb, 0xaa };
    f.cells[2] = (struct video_cell){ HALFBLOCK_CHAR, 0xaa, 0xaa };
    f.cells[3] = (struct video_cell){ HALFBLOCK_CHAR, 0xcc, 0xcc };
    f.cells[4] = (struct video_cell){ HALFBLOCK_CHAR, 0xdd, 0xcc };
    s = write_frame(&f, shown, 0, 0, 0, VIDEO_COLORS_TRUE, NULL);
    assert_string_equal(s, "\033[1;1H\033[38;2;0;0;170;48;2;0;0;187m" UPPER
                           LOWER FULL "\033[48;2;0;0;204m "
                           "\033[38;2;0;0;221m" UPPER);
    free(s);
    free(f.cells);
}

static void test_palette_modes_and_unsafe_symbols(void **state)
{
    struct video_frame f = frame_new(2, 1, 196, 16);
    struct video_cell shown[2];
    char *s;

    (void)state;
    s = write_frame(&f, shown, 0, 0, 0, VIDEO_COLORS_256, NULL);
    assert_string_equal(s, "\033[1;1H\033[38;5;196;48;5;16m" UPPER UPPER);
    free(s);
    f.cells[0] = (struct video_cell){ HALFBLOCK_CHAR, 9, 1 };
    f.cells[1] = (struct video_cell){ HALFBLOCK_CHAR, 7, 8 };
    s = write_frame(&f, shown, 0, 0, 0, VIDEO_COLORS_16, NULL);
    assert_string_equal(s, "\033[1;1H\033[91;41m" UPPER "\033[37;100m" UPPER);
    free(s);
    /* chafa's symbols go out as they are; a control byte never */
    f.cells[0] = (struct video_cell){ 0x2596, 9, 1 };
    f.cells[1] = (struct video_cell){ 0x1b, 9, 1 };
    s = write_frame(&f, shown, 0, 0, 0, VIDEO_COLORS_16, NULL);
    assert_string_equal(s, "\033[1;1H\033[91;41m\xe2\x96\x96 ");
    free(s);
    free(f.cells);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_palette_mapping),
        cmocka_unit_test(test_convert_takes_top_and_bottom_exactly),
        cmocka_unit_test(test_first_frame_is_all_cells_then_nothing),
        cmocka_unit_test(test_one_changed_pixel_writes_one_cell),
        cmocka_unit_test(test_runs_skip_with_cursor_forward),
        cmocka_unit_test(test_glyph_saves_colour_changes),
        cmocka_unit_test(test_palette_modes_and_unsafe_symbols),
    };
    return cmocka_run_group_tests_name("halfblock", tests, NULL, NULL);
}
