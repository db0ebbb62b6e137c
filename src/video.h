/* video.h - the picture for the terminal: libmpv's software renderer on a
 * thread of its own, each frame turned into character cells (half blocks
 * straight from the pixels, or libchafa's finer symbols) or into the
 * escape sequences of a picture in pixels (sixel, kitty's protocol,
 * iTerm2's inline images). */
#ifndef TPLAY_VIDEO_H
#define TPLAY_VIDEO_H

#include "player.h"

#include <stdbool.h>
#include <stdint.h>

struct video;

/* How many colours the terminal shows. */
enum video_colors {
    VIDEO_COLORS_TRUE, /* 24-bit: fg/bg are 0xRRGGBB */
    VIDEO_COLORS_256,  /* fg/bg are xterm palette indexes 16..255 */
    VIDEO_COLORS_16,   /* fg/bg are indexes 0..15 */
};

/* Which characters the picture is drawn with. */
enum video_symbols {
    VIDEO_SYMBOLS_BLOCKS, /* space and block elements U+2580..259F */
    VIDEO_SYMBOLS_ASCII,  /* printable ASCII only: for a terminal whose
                             locale has no Unicode (LANG=C) */
    VIDEO_SYMBOLS_HALF,   /* U+2580 alone, one pixel above another: libmpv
                             scales to cols x 2*rows and no libchafa runs */
};

/* Pictures in pixels, or none: cells. */
enum video_pixels {
    VIDEO_PIXELS_NONE,
    VIDEO_PIXELS_SIXEL,  /* DEC sixel: 216 colours dithered, or 16 */
    VIDEO_PIXELS_KITTY,  /* kitty's graphics protocol: RGB, deflated */
    VIDEO_PIXELS_ITERM2, /* iTerm2's inline images, by libchafa */
};

/* The image id of kitty pictures: each frame replaces the last. */
enum { VIDEO_KITTY_ID = 7470 };

/* One character cell: a symbol (Unicode scalar, always one column wide,
 * ASCII with VIDEO_SYMBOLS_ASCII)
 * drawn in fg over bg. */
struct video_cell {
    uint32_t ch;
    uint32_t fg;
    uint32_t bg;
};

/* A converted frame: rows x cols cells, row-major; or, in a pixel mode,
 * the bytes that draw a width x height pixel picture at the cursor over
 * those cells (cells is NULL). */
struct video_frame {
    int cols, rows;
    uint64_t seq;    /* counts frames converted since video_create */
    double pts;      /* when libmpv meant it shown, in seconds on the
                        clock of mpv_get_time_us() (the render API gives
                        no stream pts), or -1 */
    struct video_cell *cells;
    const char *bytes;
    size_t len;
    int width, height;
};

/* Frame counters, for the status line and the bench. */
struct video_stats {
    uint64_t rendered;  /* frames libmpv handed to us */
    uint64_t converted; /* frames turned into cells */
    uint64_t taken;     /* frames the UI took with video_take */
};

/*
 * Attach the software renderer to p (whose vo must be "libmpv") and start
 * the render thread; frames are drawn as pixels pictures, or when pixels
 * is VIDEO_PIXELS_NONE as cells with symbols; in colors (sixel: 256 or
 * 16).  Must be called before the file is loaded.  Returns NULL with a
 * message in *err (caller frees) on failure.
 */
struct video *video_create(struct player *p, enum video_pixels pixels,
                           enum video_colors colors,
                           enum video_symbols symbols, char **err);

/* A pixel mode's geometry: a cell is cell_w x cell_h pixels, and the
 * terminal takes pictures of at most max_w x max_h (0: no limit).  Takes
 * effect with the next video_set_size. */
void video_set_cell(struct video *v, int cell_w, int cell_h, int max_w,
                    int max_h);

/* Stop the thread and free the render context; call before
 * player_destroy.  NULL is fine. */
void video_destroy(struct video *v);

/* A descriptor that becomes readable when a new frame is ready. */
int video_fd(const struct video *v);

/* The pane size in cells; 0 x 0 converts nothing (the frames are still
 * rendered, so libmpv never waits).  Re-converts the current frame at the
 * new size at once, also while paused. */
void video_set_size(struct video *v, int cols, int rows);

/* The newest frame not taken yet, or NULL.  Frames the UI was too slow
 * for are dropped: only the newest is kept.  The frame stays valid until
 * the next call. */
const struct video_frame *video_take(struct video *v);

void video_stats(const struct video *v, struct video_stats *out);

#endif
