/* video.c - libmpv's software renderer on a thread of its own; each frame
 * becomes character cells (half blocks straight from the pixels, or
 * libchafa's symbols) or a picture's escape sequences (our own sixel and
 * kitty, libchafa's iTerm2 and 16-colour sixel), and reaches the UI
 * through a lock-free triple buffer. */
#include "video.h"

#include "fatal.h"
#include "halfblock.h"
#include "kitty.h"
#include "sixel.h"
#include "strbuf.h"
#include "wake.h"
#include "xmem.h"

#include <chafa.h>
#include <errno.h>
#include <mpv/client.h>
#include <mpv/render.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Pixels rendered per cell for libchafa: a cell is about twice as tall as
 * wide, so 4 x 8 keeps the pixels square and mpv's keepaspect letterboxes
 * right.  Half blocks are 1 x 2, square too. */
enum { VIDEO_CELL_W = 4, VIDEO_CELL_H = 8 };
/* The surface for a 0 x 0 pane: frames are still taken from libmpv. */
enum { VIDEO_IDLE_PX = 16 };
/* Larger panes are a caller's bug (and would overflow the pixel sizes). */
enum { VIDEO_MAX_CELLS = 4096 };
/* Row alignment mpv's software renderer works fastest with. */
enum { VIDEO_ALIGN = 64 };
/* chafa's effort, 0..1.  Below about 0.23 chafa 1.12 samples pixels by a
 * shortcut that reads uninitialised memory (valgrind), and in the 16-colour
 * mode now and then inverts a whole frame.  At 120 x 34 cells on 2 cores
 * 0.3 takes about 6 ms a frame, 0.5 a sixth more, 1.0 twice as much, for
 * little to see with block symbols. */
#define VIDEO_WORK_FACTOR 0.3f

/* The triple buffer's shared index: a slot number, plus this bit while
 * the slot holds a frame the UI has not taken. */
enum { VIDEO_SLOT_MASK = 3, VIDEO_FRESH = 4 };

struct video {
    mpv_render_context *ctx;
    enum video_pixels protocol; /* pictures in pixels, or cells */
    enum video_colors colors;
    enum video_symbols symbols;
    int pipe[2];            /* [0] polled by the UI, [1] written per frame */
    pthread_t thread;
    bool thread_started;

    /* Guards the fields up to "rows"; see video_update for why libmpv's
     * callback may take it. */
    pthread_mutex_t lock;
    pthread_cond_t wake;
    bool update;            /* libmpv has something new for us */
    bool resized;
    bool stop;
    int cols, rows;         /* the pane, as the UI last set it */
    int cell_w, cell_h;     /* a cell in pixels (pixel modes) */
    int max_w, max_h;       /* the largest picture, 0: any */

    /* The render thread's own. */
    uint8_t *pixels;
    size_t pixels_size;
    ChafaCanvasConfig *config;
    ChafaCanvas *canvas;    /* for canvas_cols x canvas_rows cells of
                               canvas_w x canvas_h pixels */
    int canvas_cols, canvas_rows, canvas_w, canvas_h;
    ChafaTermInfo *term_info; /* the sequences chafa prints pictures with */
    struct sixel *sixel;    /* our encoder: sixel in 256 colours */
    int done_cols, done_rows; /* the size of the last conversion */
    bool have_frame;        /* libmpv has handed over at least one frame */
    double pts;
    uint64_t seq;
    int back;               /* the slot being filled */

    /* The UI thread's own. */
    int front;              /* the slot last returned by video_take */

    /* Each slot belongs to exactly one side at a time: the writer's back,
     * the reader's front, or the one parked in "middle". */
    struct video_frame frames[3];
    size_t capacity[3];     /* cells allocated in each slot */
    struct strbuf bytes[3]; /* each slot's picture bytes (pixel modes) */
    atomic_int middle;

    atomic_uint_fast64_t rendered, converted, taken;
};

/* libmpv's update callback: only signal (client.h forbids API calls here).
 * It may run on any libmpv thread, with libmpv's locks held; taking our
 * lock is safe because the render thread never holds it across an mpv
 * call. */
static void video_update(void *data)
{
    struct video *v = data;

    pthread_mutex_lock(&v->lock);
    v->update = true;
    pthread_cond_signal(&v->wake);
    pthread_mutex_unlock(&v->lock);
}

/* The chafa settings for v->colors and v->symbols. */
static void video_chafa_setup(struct video *v)
{
    static const ChafaCanvasMode modes[] = {
        [VIDEO_COLORS_TRUE] = CHAFA_CANVAS_MODE_TRUECOLOR,
        /* 240 leaves out 0..15, which the terminal's theme may redefine. */
        [VIDEO_COLORS_256] = CHAFA_CANVAS_MODE_INDEXED_240,
        [VIDEO_COLORS_16] = CHAFA_CANVAS_MODE_INDEXED_16,
    };

    ChafaSymbolMap *symbols = chafa_symbol_map_new();

    /* Half blocks, quadrants and eighths (U+2580..259F): one column wide,
     * and drawn by every terminal font that matters.  A locale without
     * them gets ASCII: what it has (chafa's ASCII tag is the printable
     * range, space included). */
    if (v->symbols == VIDEO_SYMBOLS_ASCII)
        chafa_symbol_map_add_by_tags(symbols, CHAFA_SYMBOL_TAG_ASCII |
                                              CHAFA_SYMBOL_TAG_SPACE);
    else
        chafa_symbol_map_add_by_tags(symbols, CHAFA_SYMBOL_TAG_BLOCK |
                                              CHAFA_SYMBOL_TAG_SPACE);
    chafa_symbol_map_remove_by_tags(symbols, CHAFA_SYMBOL_TAG_WIDE);
    v->config = chafa_canvas_config_new();
    chafa_canvas_config_set_canvas_mode(v->config, modes[v->colors]);
    if (v->protocol == VIDEO_PIXELS_SIXEL || v->protocol == VIDEO_PIXELS_ITERM2) {
        /* Sixel here is the 16 standard colours (256 are ours:
         * sixel.h); iTerm2's pictures are 24-bit. */
        chafa_canvas_config_set_canvas_mode(
            v->config, v->colors == VIDEO_COLORS_16
            ? CHAFA_CANVAS_MODE_INDEXED_16 : CHAFA_CANVAS_MODE_TRUECOLOR);
        chafa_canvas_config_set_pixel_mode(
            v->config, v->protocol == VIDEO_PIXELS_SIXEL
            ? CHAFA_PIXEL_MODE_SIXELS : CHAFA_PIXEL_MODE_ITERM2);
        /* The sequences whatever the environment: chafa's database
         * leaves them out for a TERM it does not know (print() then
         * gives nothing at all), and we know better what is there. */
        v->term_info = chafa_term_db_get_fallback_info(
            chafa_term_db_get_default());
    }
    /* The config keeps a copy of the map. */
    chafa_canvas_config_set_symbol_map(v->config, symbols);
    chafa_symbol_map_unref(symbols);
    chafa_canvas_config_set_work_factor(v->config, VIDEO_WORK_FACTOR);
}

/* At least size bytes of 64-byte aligned pixels. */
static void video_pixels_reserve(struct video *v, size_t size)
{
    void *p;

    if (v->pixels_size >= size)
        return;
    free(v->pixels);
    if (posix_memalign(&p, VIDEO_ALIGN, size) != 0)
        fatal("out of memory (%zu bytes of pixels)", size);
    v->pixels = p;
    v->pixels_size = size;
}

/* Render libmpv's frame into the pixels at w x h: the next frame when
 * fresh, else the last one again (libmpv redraws it, also while paused).
 * Sets *stride; returns libmpv's result. */
static int video_render(struct video *v, int w, int h, bool fresh,
                        size_t *stride)
{
    static char format[] = "rgb0";
    int size[2] = { w, h };
    mpv_render_param params[] = {
        { MPV_RENDER_PARAM_SW_SIZE, size },
        { MPV_RENDER_PARAM_SW_FORMAT, format },
        { MPV_RENDER_PARAM_SW_STRIDE, stride },
        { MPV_RENDER_PARAM_SW_POINTER, NULL },
        { MPV_RENDER_PARAM_INVALID, NULL },
    };

    *stride = ((size_t)w * 4 + VIDEO_ALIGN - 1) / VIDEO_ALIGN * VIDEO_ALIGN;
    video_pixels_reserve(v, *stride * (size_t)h);
    params[3].data = v->pixels;
    if (fresh) {
        mpv_render_frame_info info = { 0, 0 };
        mpv_render_param ask = { MPV_RENDER_PARAM_NEXT_FRAME_INFO, &info };

        /* The render API has no frame pts; the time libmpv means the
         * frame to be shown is the nearest thing it gives. */
        if (mpv_render_context_get_info(v->ctx, ask) >= 0 &&
            (info.flags & MPV_RENDER_FRAME_INFO_PRESENT) &&
            !(info.flags & MPV_RENDER_FRAME_INFO_REDRAW))
            v->pts = info.target_time > 0 ? info.target_time / 1e6 : -1;
    }
    /* Blocks until the frame is due (video-timing-offset, 50 ms at most):
     * that wait is what paces the picture against the audio. */
    return mpv_render_context_render(v->ctx, params);
}

/* What a cell colour of -1 (chafa: none) becomes: black. */
static uint32_t video_black(enum video_colors colors)
{
    return colors == VIDEO_COLORS_256 ? 16 : 0;
}

/* The back slot, with room for n cells. */
static struct video_frame *video_back(struct video *v, size_t n)
{
    struct video_frame *f = &v->frames[v->back];

    if (v->capacity[v->back] < n) {
        f->cells = xreallocarray(f->cells, n, sizeof *f->cells);
        v->capacity[v->back] = n;
    }
    return f;
}

/* rgb0's padding byte is 0, and chafa reads it as alpha: transparent
 * pixels come out black or colourless.  Make every pixel opaque. */
static void video_opaque(struct video *v, int w, int h, size_t stride)
{
    for (int y = 0; y < h; y++) {
        uint8_t *a = v->pixels + (size_t)y * stride + 3;

        for (int x = 0; x < w; x++)
            a[4 * x] = 0xff;
    }
}

/* A chafa canvas of cols x rows cells of w/cols x h/rows pixels. */
static void video_canvas(struct video *v, int cols, int rows, int w, int h)
{
    if (v->canvas && v->canvas_cols == cols && v->canvas_rows == rows &&
        v->canvas_w == w && v->canvas_h == h)
        return;
    if (v->canvas)
        chafa_canvas_unref(v->canvas);
    chafa_canvas_config_set_geometry(v->config, cols, rows);
    if (v->protocol != VIDEO_PIXELS_NONE)
        chafa_canvas_config_set_cell_geometry(v->config, w / cols, h / rows);
    v->canvas = chafa_canvas_new(v->config);
    v->canvas_cols = cols;
    v->canvas_rows = rows;
    v->canvas_w = w;
    v->canvas_h = h;
}

/* The w x h pixels as a picture's bytes in the back slot, to be drawn
 * over cols x rows cells. */
static void video_picture(struct video *v, int cols, int rows, int w, int h,
                          size_t stride)
{
    struct video_frame *f = &v->frames[v->back];
    struct strbuf *out = &v->bytes[v->back];

    strbuf_reset(out);
    if (v->protocol == VIDEO_PIXELS_KITTY) {
        kitty_frame(out, v->pixels, stride, w, h, VIDEO_KITTY_ID);
    } else if (v->sixel) {
        sixel_encode(v->sixel, out, v->pixels, stride, w, h);
    } else {
        GString *g;

        video_opaque(v, w, h, stride);
        /* A sixel picture is one cell of w x h: its size is then exactly
         * what libmpv rendered.  iTerm2's names its size in cells. */
        if (v->protocol == VIDEO_PIXELS_SIXEL)
            video_canvas(v, 1, 1, w, h);
        else
            video_canvas(v, cols, rows, w, h);
        chafa_canvas_draw_all_pixels(v->canvas,
                                     CHAFA_PIXEL_RGBA8_UNASSOCIATED,
                                     v->pixels, w, h, (gint)stride);
        g = chafa_canvas_print(v->canvas, v->term_info);
        strbuf_add(out, g->str, g->len);
        g_string_free(g, TRUE);
    }
    f->cells = NULL;
    f->bytes = out->buf;
    f->len = out->len;
    f->width = w;
    f->height = h;
    f->cols = cols;
    f->rows = rows;
    f->seq = ++v->seq;
    f->pts = v->pts;
}

/* Convert the w x h pixels into cols x rows cells in the back slot. */
static void video_convert(struct video *v, int cols, int rows, int w, int h,
                          size_t stride)
{
    struct video_frame *f = video_back(v, (size_t)cols * (size_t)rows);
    uint32_t black = video_black(v->colors);

    if (v->symbols == VIDEO_SYMBOLS_HALF) {
        /* libmpv scaled to exactly cols x 2*rows: a cell per pixel pair. */
        halfblock_convert(v->pixels, stride, cols, rows, v->colors,
                          f->cells);
        f->cols = cols;
        f->rows = rows;
        f->seq = ++v->seq;
        f->pts = v->pts;
        return;
    }

    video_opaque(v, w, h, stride);
    video_canvas(v, cols, rows, w, h);
    chafa_canvas_draw_all_pixels(v->canvas, CHAFA_PIXEL_RGBA8_UNASSOCIATED,
                                 v->pixels, w, h, (gint)stride);
    for (int y = 0; y < rows; y++)
        for (int x = 0; x < cols; x++) {
            struct video_cell *c = &f->cells[(size_t)y * cols + x];
            gint fg, bg;

            c->ch = chafa_canvas_get_char_at(v->canvas, x, y);
            /* Raw: the palette index in the indexed modes, where
             * get_colors_at would give 0xRRGGBB. */
            chafa_canvas_get_raw_colors_at(v->canvas, x, y, &fg, &bg);
            /* The indexed modes give a blank no fg (-1): the UI gets a
             * real colour in both, always. */
            c->fg = (uint32_t)(fg >= 0 ? fg : bg >= 0 ? bg : (gint)black);
            c->bg = (uint32_t)(bg >= 0 ? bg : fg >= 0 ? fg : (gint)black);
        }
    f->cols = cols;
    f->rows = rows;
    f->seq = ++v->seq;
    f->pts = v->pts;
}

/* Hand the back slot to the UI and take the parked one in exchange. */
static void video_publish(struct video *v)
{
    atomic_fetch_add_explicit(&v->converted, 1, memory_order_relaxed);
    v->back = atomic_exchange_explicit(&v->middle, v->back | VIDEO_FRESH,
                                       memory_order_acq_rel) &
              VIDEO_SLOT_MASK;
    wake_signal(v->pipe[1], 1);
}

/* The picture for a pane of cols x rows cells of cell_w x cell_h pixels
 * in a pixel mode: the pane's pixels, within the terminal's largest
 * picture; a sixel picture's height whole bands of 6 (a part band would
 * reach into the row below). */
static void video_picture_size(const struct video *v, int cols, int rows,
                               int cell_w, int cell_h, int max_w, int max_h,
                               int *w, int *h)
{
    *w = cols * cell_w;
    *h = rows * cell_h;
    if (v->protocol == VIDEO_PIXELS_ITERM2)
        return; /* sized in cells by the terminal */
    if (max_w > 0 && *w > max_w)
        *w = max_w;
    if (max_h > 0 && *h > max_h)
        *h = max_h;
    if (v->protocol == VIDEO_PIXELS_SIXEL)
        *h -= *h % 6;
}

/* Render (and, for a pane, convert and publish) one frame. */
static void video_frame(struct video *v, int cols, int rows, int cell_w,
                        int cell_h, int max_w, int max_h, bool fresh)
{
    bool show = cols > 0 && rows > 0;
    bool half = v->symbols == VIDEO_SYMBOLS_HALF;
    bool pixels = v->protocol != VIDEO_PIXELS_NONE;
    int w = show ? cols * (half ? 1 : VIDEO_CELL_W) : VIDEO_IDLE_PX;
    int h = show ? rows * (half ? 2 : VIDEO_CELL_H) : VIDEO_IDLE_PX;
    size_t stride;

    if (show && pixels)
        video_picture_size(v, cols, rows, cell_w, cell_h, max_w, max_h, &w,
                           &h);
    if (w < 1 || h < 1)
        show = false, w = h = VIDEO_IDLE_PX;
    if (video_render(v, w, h, fresh, &stride) < 0)
        return;
    if (fresh) {
        v->have_frame = true;
        atomic_fetch_add_explicit(&v->rendered, 1, memory_order_relaxed);
    }
    v->done_cols = cols;
    v->done_rows = rows;
    if (!show)
        return;
    if (pixels)
        video_picture(v, cols, rows, w, h, stride);
    else
        video_convert(v, cols, rows, w, h, stride);
    video_publish(v);
}

/* The render thread: wait for libmpv or a new size, render, convert.  It
 * never calls a synchronous mpv_handle function: libmpv's core waits for
 * the renderer at times, and such a call from here stalls both. */
static void *video_thread_main(void *arg)
{
    struct video *v = arg;

    for (;;) {
        int cols, rows, cell_w, cell_h, max_w, max_h;
        bool fresh, resized;

        pthread_mutex_lock(&v->lock);
        while (!v->update && !v->resized && !v->stop)
            pthread_cond_wait(&v->wake, &v->lock);
        if (v->stop) {
            pthread_mutex_unlock(&v->lock);
            return NULL;
        }
        resized = v->resized;
        v->update = v->resized = false;
        cols = v->cols;
        rows = v->rows;
        cell_w = v->cell_w;
        cell_h = v->cell_h;
        max_w = v->max_w;
        max_h = v->max_h;
        pthread_mutex_unlock(&v->lock);

        fresh = mpv_render_context_update(v->ctx) & MPV_RENDER_UPDATE_FRAME;
        /* A pixel picture is drawn again on any set_size (its cells may
         * have changed size with the font, or been written over). */
        if (fresh || (v->have_frame &&
                      (cols != v->done_cols || rows != v->done_rows ||
                       (resized && v->protocol != VIDEO_PIXELS_NONE))))
            video_frame(v, cols, rows, cell_w, cell_h, max_w, max_h, fresh);
    }
}

struct video *video_create(struct player *p, enum video_pixels pixels,
                           enum video_colors colors,
                           enum video_symbols symbols, char **err)
{
    static char api[] = MPV_RENDER_API_TYPE_SW;
    mpv_render_param params[] = {
        { MPV_RENDER_PARAM_API_TYPE, api },
        { MPV_RENDER_PARAM_INVALID, NULL },
    };
    struct video *v = xcalloc(1, sizeof *v);
    int rc;

    if ((unsigned)colors > VIDEO_COLORS_16)
        fatal("video_create: colors %d", (int)colors);
    if ((unsigned)symbols > VIDEO_SYMBOLS_HALF)
        fatal("video_create: symbols %d", (int)symbols);
    if ((unsigned)pixels > VIDEO_PIXELS_ITERM2)
        fatal("video_create: pixels %d", (int)pixels);
    v->protocol = pixels;
    if (pixels != VIDEO_PIXELS_NONE)
        symbols = VIDEO_SYMBOLS_BLOCKS; /* not half: 1 x 2 sizes */
    v->colors = colors;
    v->cell_w = 8;
    v->cell_h = 16;
    for (int i = 0; i < 3; i++)
        v->bytes[i] = (struct strbuf)STRBUF_INIT;
    v->symbols = symbols;
    v->pipe[0] = v->pipe[1] = -1;
    v->pts = -1;
    v->back = 0;
    v->front = 1;
    atomic_init(&v->middle, 2);
    atomic_init(&v->rendered, 0);
    atomic_init(&v->converted, 0);
    atomic_init(&v->taken, 0);
    if (pthread_mutex_init(&v->lock, NULL) != 0 ||
        pthread_cond_init(&v->wake, NULL) != 0)
        fatal("video: cannot create a mutex");
    /* Sixel in 256 colours is ours (sixel.h says why); in 16, chafa's. */
    if (pixels == VIDEO_PIXELS_SIXEL && colors != VIDEO_COLORS_16)
        v->sixel = sixel_new();
    else if (symbols != VIDEO_SYMBOLS_HALF && pixels != VIDEO_PIXELS_KITTY)
        video_chafa_setup(v);
    if (wake_open(v->pipe) < 0) {
        *err = xasprintf("cannot create a pipe: %s", strerror(errno));
        goto fail;
    }
    rc = mpv_render_context_create(&v->ctx, player_handle(p), params);
    if (rc < 0) {
        v->ctx = NULL;
        *err = xasprintf("libmpv's software renderer would not start: %s",
                         mpv_error_string(rc));
        goto fail;
    }
    mpv_render_context_set_update_callback(v->ctx, video_update, v);
    rc = pthread_create(&v->thread, NULL, video_thread_main, v);
    if (rc != 0) {
        *err = xasprintf("cannot start the video thread: %s", strerror(rc));
        goto fail;
    }
    v->thread_started = true;
    return v;
fail:
    video_destroy(v);
    return NULL;
}

void video_destroy(struct video *v)
{
    if (!v)
        return;
    if (v->thread_started) {
        pthread_mutex_lock(&v->lock);
        v->stop = true;
        pthread_cond_signal(&v->wake);
        pthread_mutex_unlock(&v->lock);
        pthread_join(v->thread, NULL);
    }
    /* After this libmpv calls video_update no more: only then may the
     * lock go. */
    mpv_render_context_free(v->ctx);
    if (v->canvas)
        chafa_canvas_unref(v->canvas);
    if (v->config)
        chafa_canvas_config_unref(v->config);
    free(v->pixels);
    if (v->term_info)
        chafa_term_info_unref(v->term_info);
    sixel_free(v->sixel);
    for (int i = 0; i < 3; i++) {
        free(v->frames[i].cells);
        strbuf_free(&v->bytes[i]);
    }
    wake_close(v->pipe);
    pthread_cond_destroy(&v->wake);
    pthread_mutex_destroy(&v->lock);
    free(v);
}

int video_fd(const struct video *v)
{
    return v->pipe[0];
}

void video_set_size(struct video *v, int cols, int rows)
{
    if (cols < 0 || rows < 0 || cols > VIDEO_MAX_CELLS ||
        rows > VIDEO_MAX_CELLS)
        fatal("video_set_size: %d x %d cells", cols, rows);
    if (cols == 0 || rows == 0)
        cols = rows = 0;
    pthread_mutex_lock(&v->lock);
    v->cols = cols;
    v->rows = rows;
    v->resized = true;
    pthread_cond_signal(&v->wake);
    pthread_mutex_unlock(&v->lock);
}

void video_set_cell(struct video *v, int cell_w, int cell_h, int max_w,
                    int max_h)
{
    if (cell_w < 1 || cell_h < 1 || cell_w > 256 || cell_h > 256 ||
        max_w < 0 || max_h < 0)
        fatal("video_set_cell: %d x %d, at most %d x %d", cell_w, cell_h,
              max_w, max_h);
    pthread_mutex_lock(&v->lock);
    v->cell_w = cell_w;
    v->cell_h = cell_h;
    v->max_w = max_w;
    v->max_h = max_h;
    pthread_mutex_unlock(&v->lock);
}

const struct video_frame *video_take(struct video *v)
{
    /* Drain first: a byte written after this is for a frame published
     * after it, so no wakeup is lost. */
    wake_drain(v->pipe[0]);
    /* Only this thread clears the bit, so a set bit stays set. */
    if (!(atomic_load_explicit(&v->middle, memory_order_relaxed) &
          VIDEO_FRESH))
        return NULL;
    v->front = atomic_exchange_explicit(&v->middle, v->front,
                                        memory_order_acq_rel) &
               VIDEO_SLOT_MASK;
    atomic_fetch_add_explicit(&v->taken, 1, memory_order_relaxed);
    return &v->frames[v->front];
}

void video_stats(const struct video *v, struct video_stats *out)
{
    out->rendered = atomic_load_explicit(&v->rendered, memory_order_relaxed);
    out->converted = atomic_load_explicit(&v->converted,
                                          memory_order_relaxed);
    out->taken = atomic_load_explicit(&v->taken, memory_order_relaxed);
}
