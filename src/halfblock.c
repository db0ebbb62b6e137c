/* halfblock.c - pixels to half-block cells, and the nearest palette
 * colour where the terminal has fewer than 24 bits. */
#include "halfblock.h"

/* The levels of the xterm 6x6x6 cube (indexes 16..231). */
static const uint8_t halfblock_cube[6] = { 0, 95, 135, 175, 215, 255 };

/* xterm's default 16 colours: what most themes stay near. */
static const uint32_t halfblock_ansi[16] = {
    0x000000, 0xcd0000, 0x00cd00, 0xcdcd00, 0x0000ee, 0xcd00cd, 0x00cdcd,
    0xe5e5e5, 0x7f7f7f, 0xff0000, 0x00ff00, 0xffff00, 0x5c5cff, 0xff00ff,
    0x00ffff, 0xffffff,
};

/* Squared distance between two 0xRRGGBB colours. */
static int halfblock_dist(uint32_t a, uint32_t b)
{
    int dr = (int)((a >> 16) & 255) - (int)((b >> 16) & 255);
    int dg = (int)((a >> 8) & 255) - (int)((b >> 8) & 255);
    int db = (int)(a & 255) - (int)(b & 255);

    return dr * dr + dg * dg + db * db;
}

/* The cube level nearest to v, 0..5. */
static int halfblock_level(int v)
{
    /* Midpoints between the levels: 47.5, 115, 155, 195, 235. */
    return v < 48 ? 0 : v < 115 ? 1 : (v - 35) / 40;
}

static uint32_t halfblock_256(uint32_t rgb)
{
    int r = (int)(rgb >> 16) & 255, g = (int)(rgb >> 8) & 255,
        b = (int)rgb & 255;
    int lr = halfblock_level(r), lg = halfblock_level(g),
        lb = halfblock_level(b);
    uint32_t cube = (uint32_t)halfblock_cube[lr] << 16 |
                    (uint32_t)halfblock_cube[lg] << 8 | halfblock_cube[lb];
    /* The greys 232..255 are 8, 18, ..., 238. */
    int avg = (r + g + b) / 3;
    int gi = avg < 8 ? 0 : avg > 238 ? 23 : (avg - 3) / 10;
    uint32_t gv = (uint32_t)(8 + 10 * gi);
    uint32_t grey = gv << 16 | gv << 8 | gv;

    if (halfblock_dist(rgb, grey) < halfblock_dist(rgb, cube))
        return 232 + (uint32_t)gi;
    return 16 + (uint32_t)(36 * lr + 6 * lg + lb);
}

static uint32_t halfblock_16(uint32_t rgb)
{
    uint32_t best = 0;
    int bestd = halfblock_dist(rgb, halfblock_ansi[0]);

    for (uint32_t i = 1; i < 16; i++) {
        int d = halfblock_dist(rgb, halfblock_ansi[i]);

        if (d < bestd) {
            bestd = d;
            best = i;
        }
    }
    return best;
}

uint32_t halfblock_color(uint32_t rgb, enum video_colors colors)
{
    rgb &= 0xffffff;
    switch (colors) {
    case VIDEO_COLORS_256:
        return halfblock_256(rgb);
    case VIDEO_COLORS_16:
        return halfblock_16(rgb);
    default:
        return rgb;
    }
}

/* The pixel at p as 0xRRGGBB. */
static inline uint32_t halfblock_pixel(const uint8_t *p)
{
    return (uint32_t)p[0] << 16 | (uint32_t)p[1] << 8 | p[2];
}

void halfblock_convert(const uint8_t *pixels, size_t stride, int cols,
                       int rows, enum video_colors colors,
                       struct video_cell *cells)
{
    for (int y = 0; y < rows; y++) {
        const uint8_t *top = pixels + (size_t)(2 * y) * stride;
        const uint8_t *bottom = top + stride;
        struct video_cell *c = cells + (size_t)y * (size_t)cols;

        for (int x = 0; x < cols; x++) {
            uint32_t fg = halfblock_pixel(top + 4 * x);
            uint32_t bg = halfblock_pixel(bottom + 4 * x);

            c[x].ch = HALFBLOCK_CHAR;
            c[x].fg = colors == VIDEO_COLORS_TRUE
                          ? fg : halfblock_color(fg, colors);
            c[x].bg = colors == VIDEO_COLORS_TRUE
                          ? bg : halfblock_color(bg, colors);
        }
    }
}
