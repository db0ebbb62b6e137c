/* layout.h - where the video pane, the track panel and the status go. */
#ifndef TPLAY_UI_LAYOUT_H
#define TPLAY_UI_LAYOUT_H

#include <stdbool.h>
#include <stddef.h>

struct layout_rect {
    int y, x, rows, cols; /* rows or cols 0: not shown */
};

struct layout {
    struct layout_rect video;  /* the picture, fitted to its aspect */
    struct layout_rect panel;  /* the track list, header row included */
    struct layout_rect mic;    /* the mic monitor, above the status */
    struct layout_rect status; /* status line, then the message lines */
    struct layout_rect cues;   /* subtitle rows right under the picture,
                                  as wide as it (layout_compute_cues) */
    struct layout_rect tags;   /* an audio file's tags (layout_tags) */
    bool beside;               /* the panel is right of the video */
};

/* Smallest screen that still gets a picture; below it the panel and the
 * status take everything. */
#define LAYOUT_VIDEO_MIN_ROWS 6
#define LAYOUT_VIDEO_MIN_COLS 16

/*
 * Lay out a lines x cols screen for ntracks audio tracks, nmessages
 * message lines (at least one is kept), mic_rows for the mic monitor (0:
 * none) and a picture of video_w x video_h (0 x 0 with has_video: its
 * size is not known yet).  Every rect lies inside the screen and none
 * overlap.
 */
void layout_compute(struct layout *l, int lines, int cols, size_t ntracks,
                    int nmessages, int mic_rows, bool has_video, int video_w,
                    int video_h);

/* The same, with cue_rows rows under the picture for subtitles when the
 * picture keeps LAYOUT_VIDEO_MIN_ROWS above them (else none: cues then go
 * over the picture). */
void layout_compute_cues(struct layout *l, int lines, int cols,
                         size_t ntracks, int nmessages, int mic_rows,
                         bool has_video, int video_w, int video_h,
                         int cue_rows);

/* Narrowest tags block: a label and a few characters of its value. */
#define LAYOUT_TAGS_MIN_COLS 24

/*
 * Place a block of tag_rows rows of an audio file's tags into l, computed
 * as above for a cover of video_w x video_h: right of the cover (which
 * shrinks for them if it must and may, and goes with its cues to the left
 * of its area), else under it; with no picture, under the panel when the
 * panel keeps a row for each of its ntracks rows and its header.  Where
 * nothing fits (or tag_rows is 0) l->tags stays empty.
 */
void layout_tags(struct layout *l, int tag_rows, size_t ntracks,
                 int video_w, int video_h);

#endif
