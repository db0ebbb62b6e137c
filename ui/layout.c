/* layout.c - pick the arrangement that gives the picture the most room. */
#include "layout.h"

#define LAYOUT_BESIDE_COLS 46  /* panel width when beside the picture */
#define LAYOUT_TAGS_COLS 36    /* a tags block's width beside a cover */

/* Fit a w x h picture into an area of rows x cols cells, centred.  A cell
 * is about twice as high as wide, so a row holds two pixel rows' worth. */
static struct layout_rect layout_fit(int y, int x, int rows, int cols,
                                     int w, int h)
{
    struct layout_rect r = { y, x, rows, cols };

    if (rows < LAYOUT_VIDEO_MIN_ROWS || cols < LAYOUT_VIDEO_MIN_COLS)
        return (struct layout_rect){ 0, 0, 0, 0 };
    if (w <= 0 || h <= 0) /* size not known yet: take the area */
        return r;
    /* cols / (2 rows) = w / h */
    if ((long long)2 * w * rows <= (long long)cols * h) {
        r.cols = (int)(((long long)2 * w * rows + h / 2) / h);
        if (r.cols < 1)
            r.cols = 1;
    } else {
        r.rows = (int)(((long long)cols * h + w) / (2LL * w));
        if (r.rows < 1)
            r.rows = 1;
    }
    r.y = y + (rows - r.rows) / 2;
    r.x = x + (cols - r.cols) / 2;
    return r;
}

static long layout_area(const struct layout_rect *r)
{
    return (long)r->rows * r->cols;
}

/* The picture fitted into an area with cue_rows rows under it for the
 * cues (when the picture keeps its smallest size above them), the two
 * together centred; the cues' rect into *cues. */
static struct layout_rect layout_fit_cues(int y, int x, int rows, int cols,
                                          int w, int h, int cue_rows,
                                          struct layout_rect *cues)
{
    struct layout_rect r;

    *cues = (struct layout_rect){ 0, 0, 0, 0 };
    if (cue_rows <= 0 || rows - cue_rows < LAYOUT_VIDEO_MIN_ROWS)
        return layout_fit(y, x, rows, cols, w, h);
    r = layout_fit(y, x, rows - cue_rows, cols, w, h);
    if (r.rows == 0)
        return r;
    r.y = y + (rows - r.rows - cue_rows) / 2;
    *cues = (struct layout_rect){ r.y + r.rows, r.x, cue_rows, r.cols };
    return r;
}

void layout_compute(struct layout *l, int lines, int cols, size_t ntracks,
                    int nmessages, int mic_rows, bool has_video, int video_w,
                    int video_h)
{
    layout_compute_cues(l, lines, cols, ntracks, nmessages, mic_rows,
                        has_video, video_w, video_h, 0);
}

void layout_compute_cues(struct layout *l, int lines, int cols,
                         size_t ntracks, int nmessages, int mic_rows,
                         bool has_video, int video_w, int video_h,
                         int cue_rows)
{
    int want_status = 1 + (nmessages < 1 ? 1 : nmessages);
    int status_rows;

    if (want_status > 1 + lines / 4) /* messages never crowd out the rest */
        want_status = 1 + lines / 4 > 2 ? 1 + lines / 4 : 2;
    status_rows = lines < want_status ? lines : want_status;
    if (lines < 0)
        lines = status_rows = 0;
    int body = lines - status_rows; /* rows above the status */
    struct layout_rect mic;
    int want = (int)(ntracks < 1 ? 1 : ntracks > 1000 ? 1000 : ntracks) + 1;
    struct layout below, beside;

    if (cols < 0)
        cols = 0;
    if (body < 0)
        body = 0;
    /* The mic monitor sits on the status, across the screen. */
    if (mic_rows < 0)
        mic_rows = 0;
    if (mic_rows > body)
        mic_rows = body;
    body -= mic_rows;
    mic = (struct layout_rect){ body, 0, mic_rows, cols };
    *l = (struct layout){ .status = { body + mic_rows, 0, status_rows, cols },
                          .mic = mic };
    if (!has_video) {
        /* Sound only: the cues on the panel's last rows. */
        if (cue_rows > 0 && body - cue_rows >= 2) {
            body -= cue_rows;
            l->cues = (struct layout_rect){ body, 0, cue_rows, cols };
        }
        l->panel = (struct layout_rect){ 0, 0, body, cols };
        return;
    }

    /* Below: the panel takes what its rows need, up to a third of the
     * room, but never fewer than four rows (or all it needs) for the
     * picture's sake: tracks come first on a small screen. */
    below = *l;
    int prows = want < body / 3 ? want : body / 3;
    int keep = want < 4 ? want : 4;
    if (prows < keep)
        prows = keep;
    if (prows > body)
        prows = body;
    below.video = layout_fit_cues(0, 0, body - prows, cols, video_w, video_h,
                                  cue_rows, &below.cues);
    below.panel = (struct layout_rect){ body - prows, 0, prows, cols };
    if (below.video.rows == 0) { /* no room for a picture: all for tracks */
        below.panel = (struct layout_rect){ 0, 0, body, cols };
        below.cues = below.video;
    }

    /* Beside: the panel is a column on the right, full height. */
    beside = *l;
    beside.beside = true;
    int vcols = cols - LAYOUT_BESIDE_COLS - 1;
    beside.video = layout_fit_cues(0, 0, body, vcols, video_w, video_h,
                                   cue_rows, &beside.cues);
    beside.panel = (struct layout_rect){ 0, cols - LAYOUT_BESIDE_COLS, body,
                                         LAYOUT_BESIDE_COLS };

    *l = beside.video.rows > 0 &&
         layout_area(&beside.video) > layout_area(&below.video) ? beside
                                                                 : below;
}

void layout_tags(struct layout *l, int tag_rows, size_t ntracks,
                 int video_w, int video_h)
{
    int want = (int)(ntracks < 1 ? 1 : ntracks > 1000 ? 1000 : ntracks) + 1;
    struct layout_rect *v = &l->video, *c = &l->cues, *t = &l->tags;
    int rows, cols, shift, under;

    *t = (struct layout_rect){ 0, 0, 0, 0 };
    if (tag_rows <= 0)
        return;
    if (v->rows == 0) {
        /* Sound only: under the panel's rows, when it keeps them all. */
        if (l->panel.rows < want + 1 + tag_rows ||
            l->panel.cols < LAYOUT_TAGS_MIN_COLS)
            return;
        *t = (struct layout_rect){ l->panel.y + want + 1, 1, tag_rows,
                                   l->panel.cols - 1 };
        l->panel.rows = want;
        return;
    }
    /* The area the cover was fitted into. */
    rows = l->beside ? l->panel.rows : l->panel.y;
    cols = l->beside ? l->panel.x - 1 : l->panel.cols;
    if (cols - v->cols - 2 < LAYOUT_TAGS_COLS &&
        cols - LAYOUT_TAGS_COLS - 2 >= LAYOUT_VIDEO_MIN_COLS) {
        /* The cover gives up columns for the tags beside it. */
        struct layout_rect cues, fit = layout_fit_cues(
            0, 0, rows, cols - LAYOUT_TAGS_COLS - 2, video_w, video_h,
            c->rows, &cues);

        if (fit.rows > 0) {
            *v = fit;
            *c = cues;
        }
    }
    if (cols - v->cols - 2 >= LAYOUT_TAGS_MIN_COLS) {
        shift = v->x - 1 > 0 ? v->x - 1 : 0;
        v->x -= shift;
        if (c->rows > 0)
            c->x -= shift;
        *t = (struct layout_rect){ v->y, v->x + v->cols + 2,
                                   tag_rows < rows - v->y ? tag_rows
                                                          : rows - v->y,
                                   cols - (v->x + v->cols + 2) };
        return;
    }
    under = v->rows + c->rows;
    if (rows - under - 1 >= tag_rows && cols >= LAYOUT_TAGS_MIN_COLS) {
        /* Under the cover: the cover and its cues go up to make room. */
        shift = v->y;
        v->y -= shift;
        if (c->rows > 0)
            c->y -= shift;
        *t = (struct layout_rect){ under + 1, 1, tag_rows, cols - 1 };
    }
}
