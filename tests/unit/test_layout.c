/* test_layout.c - where the picture, the panel and the status go: every
 * size from 1x1 up keeps every rect on the screen and apart; the picture
 * keeps its aspect; the arrangement that shows more picture wins. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "layout.h"
#include "text.h"

#include <locale.h>
#include <stdlib.h>

static int test_inside(const struct layout_rect *r, int lines, int cols)
{
    if (r->rows == 0 || r->cols == 0)
        return 1;
    return r->rows > 0 && r->cols > 0 && r->y >= 0 && r->x >= 0 &&
           r->y + r->rows <= lines && r->x + r->cols <= cols;
}

static int test_apart(const struct layout_rect *a, const struct layout_rect *b)
{
    if (a->rows <= 0 || a->cols <= 0 || b->rows <= 0 || b->cols <= 0)
        return 1;
    return a->y + a->rows <= b->y || b->y + b->rows <= a->y ||
           a->x + a->cols <= b->x || b->x + b->cols <= a->x;
}

static void test_every_size_is_sound(void **state)
{
    static const int pics[][2] = { { 0, 0 }, { 1280, 720 }, { 720, 1280 },
                                   { 1, 1000 }, { 4000, 3 } };
    (void)state;
    for (int lines = 0; lines <= 70; lines++)
        for (int cols = 0; cols <= 260; cols += lines % 7 + 1)
            for (size_t p = 0; p < sizeof pics / sizeof pics[0]; p++)
                for (int msgs = 0; msgs <= 3; msgs += 3) {
                    struct layout l;
                    int mic = (lines + cols) % 3 == 0 ? 4 : 0;

                    layout_compute(&l, lines, cols, (size_t)(lines % 9),
                                   msgs, mic, true, pics[p][0], pics[p][1]);
                    assert_true(test_inside(&l.video, lines, cols));
                    assert_true(test_inside(&l.panel, lines, cols));
                    assert_true(test_inside(&l.mic, lines, cols));
                    assert_true(test_inside(&l.status, lines, cols));
                    assert_true(test_apart(&l.video, &l.panel));
                    assert_true(test_apart(&l.video, &l.status));
                    assert_true(test_apart(&l.panel, &l.status));
                    assert_true(test_apart(&l.mic, &l.video));
                    assert_true(test_apart(&l.mic, &l.panel));
                    assert_true(test_apart(&l.mic, &l.status));
                }
}

/* The subtitle rows: on the screen, apart from the rest, right under
 * the picture and as wide; with no picture, under the panel. */
static void test_cue_rows(void **state)
{
    (void)state;
    for (int lines = 0; lines <= 60; lines++)
        for (int cols = 0; cols <= 240; cols += lines % 5 + 1)
            for (int cue = 0; cue <= 4; cue += 2)
                for (int video = 0; video <= 1; video++) {
                    struct layout l;

                    layout_compute_cues(&l, lines, cols, 3, 1, 0, video,
                                        1280, 720, cue);
                    assert_true(test_inside(&l.cues, lines, cols));
                    assert_true(test_apart(&l.cues, &l.video));
                    assert_true(test_apart(&l.cues, &l.panel));
                    assert_true(test_apart(&l.cues, &l.status));
                    if (cue == 0)
                        assert_int_equal(l.cues.rows, 0);
                    if (l.cues.rows > 0 && video) {
                        assert_int_equal(l.cues.rows, cue);
                        assert_int_equal(l.cues.y, l.video.y + l.video.rows);
                        assert_int_equal(l.cues.x, l.video.x);
                        assert_int_equal(l.cues.cols, l.video.cols);
                    }
                }
    {
        struct layout l;

        layout_compute_cues(&l, 40, 100, 2, 1, 0, true, 1280, 720, 2);
        assert_int_equal(l.cues.rows, 2);
        layout_compute_cues(&l, 30, 80, 2, 1, 0, false, 0, 0, 2);
        assert_int_equal(l.cues.rows, 2);
        assert_int_equal(l.cues.cols, 80);
        assert_int_equal(l.cues.y, l.panel.y + l.panel.rows);
    }
}

/* An audio file's tags: on the screen and apart from everything, a row
 * per tag at most; beside a square cover on a common screen, over the
 * panel with no cover. */
static void test_tags_block(void **state)
{
    static const int pics[][2] = { { 0, 0 }, { 64, 64 }, { 600, 300 },
                                   { 300, 600 } };
    struct layout l;

    (void)state;
    for (int lines = 0; lines <= 60; lines += 1)
        for (int cols = 0; cols <= 240; cols += lines % 5 + 1)
            for (size_t p = 0; p < sizeof pics / sizeof pics[0]; p++)
                for (int tags = 0; tags <= 8; tags += 4) {
                    bool video = pics[p][0] > 0;
                    int cue = cols % 3 == 0 ? 2 : 0;

                    layout_compute_cues(&l, lines, cols, 1, 1, 0, video,
                                        pics[p][0], pics[p][1], cue);
                    layout_tags(&l, tags, 1, pics[p][0], pics[p][1]);
                    assert_true(l.tags.rows <= tags);
                    assert_true(test_inside(&l.tags, lines, cols));
                    assert_true(test_inside(&l.video, lines, cols));
                    assert_true(test_inside(&l.cues, lines, cols));
                    assert_true(test_inside(&l.panel, lines, cols));
                    assert_true(test_apart(&l.tags, &l.video));
                    assert_true(test_apart(&l.tags, &l.cues));
                    assert_true(test_apart(&l.tags, &l.panel));
                    assert_true(test_apart(&l.tags, &l.status));
                    assert_true(test_apart(&l.video, &l.panel));
                    assert_true(test_apart(&l.cues, &l.video));
                    assert_true(test_apart(&l.cues, &l.panel));
                    if (l.cues.rows > 0 && video) {
                        assert_int_equal(l.cues.y, l.video.y + l.video.rows);
                        assert_int_equal(l.cues.x, l.video.x);
                    }
                }
    layout_compute(&l, 30, 120, 1, 1, 0, true, 64, 64);
    layout_tags(&l, 8, 1, 64, 64);
    assert_int_equal(l.tags.rows, 8);
    assert_true(l.tags.x >= l.video.x + l.video.cols);
    /* the square cover keeps its aspect: twice as many columns as rows */
    assert_true(abs(l.video.cols - 2 * l.video.rows) <= 1);
    /* no cover: the panel first, with all its rows, the tags under it */
    layout_compute(&l, 24, 80, 2, 1, 0, false, 0, 0);
    layout_tags(&l, 8, 2, 0, 0);
    assert_int_equal(l.tags.rows, 8);
    assert_int_equal(l.panel.y, 0);
    assert_int_equal(l.panel.rows, 3);
    assert_true(l.tags.y > l.panel.y + l.panel.rows);
    /* no room for both: the tracks keep it */
    layout_compute(&l, 12, 80, 2, 1, 0, false, 0, 0);
    layout_tags(&l, 8, 2, 0, 0);
    assert_int_equal(l.tags.rows, 0);
    assert_int_equal(l.panel.rows, 10);
    layout_compute(&l, 24, 80, 2, 1, 0, false, 0, 0);
    layout_tags(&l, 0, 2, 0, 0);
    assert_int_equal(l.tags.rows, 0);
}

static void test_common_screens(void **state)
{
    struct layout l;

    (void)state;
    /* 120x40, 16:9, four tracks: the panel below, the picture on top,
     * full width, 16:9 in cells that are twice as high as wide. */
    layout_compute(&l, 40, 120, 4, 0, 0, true, 1280, 720);
    assert_false(l.beside);
    assert_int_equal(l.status.y, 38);
    assert_int_equal(l.status.rows, 2);
    assert_int_equal(l.panel.rows, 5); /* header + 4 tracks */
    assert_int_equal(l.panel.y, 33);
    assert_int_equal(l.video.rows, 33);
    assert_int_equal(l.video.cols, 117); /* 2 * 33 * 16 / 9 = 117.3 */
    assert_int_equal(l.video.x, 1);

    /* A wide screen: the panel beside gives the picture more room. */
    layout_compute(&l, 40, 220, 4, 0, 0, true, 1280, 720);
    assert_true(l.beside);
    assert_int_equal(l.video.rows, 38);
    assert_true(l.panel.x >= l.video.x + l.video.cols);

    /* Three messages: the status grows, the picture shrinks. */
    layout_compute(&l, 40, 120, 4, 3, 0, true, 1280, 720);
    assert_int_equal(l.status.rows, 4);
    assert_int_equal(l.status.y, 36);

    /* No picture: the panel takes the room above the status. */
    layout_compute(&l, 40, 120, 4, 0, 0, false, 0, 0);
    assert_int_equal(l.video.rows, 0);
    assert_int_equal(l.panel.y, 0);
    assert_int_equal(l.panel.rows, 38);

    /* 40x10 and smaller: tracks and status first, no picture. */
    layout_compute(&l, 10, 40, 4, 0, 0, true, 1280, 720);
    assert_int_equal(l.video.rows, 0);
    assert_int_equal(l.panel.rows, 8);
    layout_compute(&l, 1, 5, 4, 0, 0, true, 1280, 720);
    assert_int_equal(l.status.rows, 1);
    assert_int_equal(l.panel.rows, 0);

    /* The mic monitor: four rows on the status, across the screen; the
     * picture gives them up. */
    layout_compute(&l, 40, 120, 4, 0, 4, true, 1280, 720);
    assert_int_equal(l.mic.y, 34);
    assert_int_equal(l.mic.rows, 4);
    assert_int_equal(l.mic.cols, 120);
    assert_int_equal(l.status.y, 38);
    assert_int_equal(l.panel.y + l.panel.rows, 34);
    assert_int_equal(l.video.rows, 29);

    /* Mic only: no tracks, no picture; the panel keeps what is left. */
    layout_compute(&l, 24, 80, 0, 0, 4, false, 0, 0);
    assert_int_equal(l.mic.y, 18);
    assert_int_equal(l.status.y, 22);
    assert_int_equal(l.panel.rows, 18);
}

static void test_text_width_in_columns(void **state)
{
    static const struct {
        const char *s;
        int width;
    } cases[] = {
        { "abc", 3 },
        { "日本語", 6 },           /* wide: two columns each */
        { "e\xcc\x81", 1 },        /* e + combining acute */
        { "\x1b[31mred", 7 },      /* ESC dropped: "[31mred" */
        { "\xe2\x80\xaeRLO", 3 },  /* bidi override dropped */
        { "\xc2\x9b" "2J", 2 },    /* C1 CSI dropped */
        { "\xff", 1 },             /* invalid: U+FFFD */
    };
    (void)state;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        assert_int_equal(text_width(cases[i].s), cases[i].width);
}

static void test_text_wraps_at_spaces(void **state)
{
    static const struct {
        const char *s;
        int cols, rows;
        const char *want;
    } cases[] = {
        { "mic: cannot open", 80, 1, "mic: cannot open" },
        { "mic: cannot open", 10, 3, "mic:\ncannot\nopen" },
        { "mic: cannot open", 11, 2, "mic: cannot\nopen" },
        { "abcdefghij klm", 4, 4, "abcd\nefgh\nij\nklm" },
        { "日本語 ok", 4, 3, "日本\n語\nok" },
        /* one column: a wide character stands as an ellipsis (this hung) */
        { "日本", 1, 2, "…\n…" },
        { "a日 b", 1, 3, "a\n…\nb" },
        { "日", 0, 1, "…" },
        { "\x1b[31mred alert", 9, 2, "[31mred\nalert" },
        { "", 5, 1, "" },
    };
    (void)state;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct strbuf sb = STRBUF_INIT;

        assert_int_equal(text_wrap(&sb, cases[i].s, cases[i].cols),
                         cases[i].rows);
        assert_string_equal(strbuf_str(&sb), cases[i].want);
        strbuf_free(&sb);
    }
}

/* LANG=C: what the locale cannot show is one ASCII column, so widths
 * still add up: '?' for text, a stand-in for tplay's own symbols. */
static void test_text_in_a_locale_without_unicode(void **state)
{
    static const struct {
        const char *s;
        int cols;
        const char *want;
        int width;
    } cases[] = {
        { "Fran\xc3\xa7" "ais \xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e", 40,
          "Fran?ais ???", 12 },
        { "\xe2\x96\xb6 playing \xe2\x80\x94 ok", 40, "> playing - ok", 14 },
        { "Fran\xc3\xa7" "ais", 5, "Fran~", 5 },      /* cut: "~" */
        { "e\xcc\x81", 5, "e?", 2 },     /* a combining mark: its own '?' */
        { "\xff", 5, "?", 1 },            /* invalid UTF-8 */
        { "\x1b[31mred", 40, "[31mred", 7 },
    };
    struct strbuf sb = STRBUF_INIT;

    (void)state;
    assert_non_null(setlocale(LC_CTYPE, "C"));
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        int w = text_fit(&sb, cases[i].s, cases[i].cols);

        assert_string_equal(strbuf_str(&sb), cases[i].want);
        assert_int_equal(w, cases[i].width);
        strbuf_reset(&sb);
    }
    assert_int_equal(text_wrap(&sb, "\xe6\x97\xa5\xe6\x9c\xac ok", 2), 2);
    assert_string_equal(strbuf_str(&sb), "??\nok");
    strbuf_free(&sb);
    assert_non_null(setlocale(LC_CTYPE, "C.UTF-8"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_size_is_sound),
        cmocka_unit_test(test_cue_rows),
        cmocka_unit_test(test_tags_block),
        cmocka_unit_test(test_common_screens),
        cmocka_unit_test(test_text_width_in_columns),
        cmocka_unit_test(test_text_wraps_at_spaces),
        cmocka_unit_test(test_text_in_a_locale_without_unicode),
    };

    /* wcwidth needs a UTF-8 locale. */
    if (!setlocale(LC_ALL, "C.UTF-8"))
        return 77;
    return cmocka_run_group_tests(tests, NULL, NULL);
}
