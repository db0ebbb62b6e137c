/* test_vomode.c - vomode_choose: which protocol, symbols and colours the
 * picture takes for each setting on each kind of terminal, and the
 * words that say why; termprobe's reading of the environment. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "termprobe.h"
#include "vomode.h"

#include <string.h>

enum term_kind { T_NONE, T_XTERM, T_VT340, T_KITTY, T_VT340_16, T_LATE };

/* The answers each kind gave (see test_termreply.c for the bytes). */
static const struct termreply *reply_for(enum term_kind k,
                                         struct termreply *r)
{
    termreply_init(r);
    switch (k) {
    case T_NONE:
        return NULL;
    case T_XTERM:
        r->da1 = true;
        r->sync = 0;
        return r;
    case T_VT340:
    case T_VT340_16:
        r->da1 = r->sixel = true;
        r->registers = k == T_VT340 ? 256 : 16;
        r->sync = 0;
        return r;
    case T_KITTY:
        r->da1 = r->kitty = true;
        r->sync = 2;
        return r;
    case T_LATE:
        return r; /* asked; DA1 never came in time */
    }
    return NULL;
}

static const struct {
    enum config_video mode;
    enum term_kind kind;
    const char *multiplexer;
    enum video_pixels env;
    const char *env_why;
    enum video_colors term;
    int unicode;
    enum video_pixels pixels;
    enum video_colors colors;
    enum video_symbols symbols;
    int sync;
    const char *text;
} cases[] = {
    { CONFIG_VIDEO_AUTO, T_XTERM, NULL, VIDEO_PIXELS_NONE, NULL,
      VIDEO_COLORS_TRUE, 1, VIDEO_PIXELS_NONE, VIDEO_COLORS_TRUE,
      VIDEO_SYMBOLS_HALF, 0, "half blocks, truecolor (auto: the terminal "
      "has no picture protocol; WHY)" },
    { CONFIG_VIDEO_AUTO, T_NONE, NULL, VIDEO_PIXELS_NONE, NULL,
      VIDEO_COLORS_256, 0, VIDEO_PIXELS_NONE, VIDEO_COLORS_256,
      VIDEO_SYMBOLS_ASCII, 0, "ASCII symbols, 256 colours (auto: the "
      "terminal was not asked; WHY; no UTF-8 locale)" },
    { CONFIG_VIDEO_AUTO, T_LATE, NULL, VIDEO_PIXELS_NONE, NULL,
      VIDEO_COLORS_16, 1, VIDEO_PIXELS_NONE, VIDEO_COLORS_16,
      VIDEO_SYMBOLS_HALF, 0, "half blocks, 16 colours (auto: the terminal "
      "did not answer in time; WHY)" },
    { CONFIG_VIDEO_AUTO, T_VT340, NULL, VIDEO_PIXELS_NONE, NULL,
      VIDEO_COLORS_256, 1, VIDEO_PIXELS_SIXEL, VIDEO_COLORS_256,
      VIDEO_SYMBOLS_BLOCKS, 0, "sixel, 216 colours dithered (auto: the "
      "terminal lists sixel in its attributes)" },
    { CONFIG_VIDEO_AUTO, T_VT340_16, NULL, VIDEO_PIXELS_NONE, NULL,
      VIDEO_COLORS_256, 1, VIDEO_PIXELS_SIXEL, VIDEO_COLORS_16,
      VIDEO_SYMBOLS_BLOCKS, 0, "sixel, 16 colours (auto: the terminal "
      "lists sixel in its attributes)" },
    { CONFIG_VIDEO_AUTO, T_KITTY, NULL, VIDEO_PIXELS_NONE, NULL,
      VIDEO_COLORS_TRUE, 1, VIDEO_PIXELS_KITTY, VIDEO_COLORS_TRUE,
      VIDEO_SYMBOLS_BLOCKS, 1, "kitty pictures (auto: the terminal "
      "answered kitty's graphics query)" },
    /* The environment before the answers, a multiplexer before both. */
    { CONFIG_VIDEO_AUTO, T_VT340, NULL, VIDEO_PIXELS_ITERM2,
      "TERM_PROGRAM=WezTerm", VIDEO_COLORS_TRUE, 1, VIDEO_PIXELS_ITERM2,
      VIDEO_COLORS_TRUE, VIDEO_SYMBOLS_BLOCKS, 0, "iterm2 pictures (auto: "
      "TERM_PROGRAM=WezTerm)" },
    { CONFIG_VIDEO_AUTO, T_NONE, "tmux", VIDEO_PIXELS_KITTY,
      "TERM=xterm-kitty", VIDEO_COLORS_256, 1, VIDEO_PIXELS_NONE,
      VIDEO_COLORS_256, VIDEO_SYMBOLS_HALF, 0, "half blocks, 256 colours "
      "(auto: inside tmux, which passes no pictures)" },
    /* Asked for: as asked, whatever the terminal said. */
    { CONFIG_VIDEO_SIXEL, T_XTERM, NULL, VIDEO_PIXELS_NONE, NULL,
      VIDEO_COLORS_16, 1, VIDEO_PIXELS_SIXEL, VIDEO_COLORS_256,
      VIDEO_SYMBOLS_BLOCKS, 0, "sixel, 216 colours dithered (mode sixel)" },
    { CONFIG_VIDEO_KITTY, T_NONE, "tmux", VIDEO_PIXELS_NONE, NULL,
      VIDEO_COLORS_16, 1, VIDEO_PIXELS_KITTY, VIDEO_COLORS_TRUE,
      VIDEO_SYMBOLS_BLOCKS, 0, "kitty pictures (mode kitty)" },
    { CONFIG_VIDEO_HALF, T_KITTY, NULL, VIDEO_PIXELS_NONE, NULL,
      VIDEO_COLORS_16, 1, VIDEO_PIXELS_NONE, VIDEO_COLORS_16,
      VIDEO_SYMBOLS_HALF, 1, "half blocks, 16 colours (mode half; WHY)" },
    { CONFIG_VIDEO_SYMBOLS, T_VT340, NULL, VIDEO_PIXELS_NONE, NULL,
      VIDEO_COLORS_TRUE, 1, VIDEO_PIXELS_NONE, VIDEO_COLORS_TRUE,
      VIDEO_SYMBOLS_BLOCKS, 0, "symbols, truecolor (mode symbols; WHY)" },
    { CONFIG_VIDEO_TRUECOLOR, T_NONE, NULL, VIDEO_PIXELS_NONE, NULL,
      VIDEO_COLORS_16, 1, VIDEO_PIXELS_NONE, VIDEO_COLORS_TRUE,
      VIDEO_SYMBOLS_HALF, 0, "half blocks, truecolor (mode truecolor)" },
    { CONFIG_VIDEO_256, T_NONE, NULL, VIDEO_PIXELS_NONE, NULL,
      VIDEO_COLORS_TRUE, 1, VIDEO_PIXELS_NONE, VIDEO_COLORS_256,
      VIDEO_SYMBOLS_HALF, 0, "half blocks, 256 colours (mode 256)" },
    { CONFIG_VIDEO_16, T_NONE, NULL, VIDEO_PIXELS_NONE, NULL,
      VIDEO_COLORS_TRUE, 1, VIDEO_PIXELS_NONE, VIDEO_COLORS_16,
      VIDEO_SYMBOLS_HALF, 0, "half blocks, 16 colours (mode 16)" },
    { CONFIG_VIDEO_OFF, T_VT340, NULL, VIDEO_PIXELS_NONE, NULL,
      VIDEO_COLORS_TRUE, 1, VIDEO_PIXELS_NONE, VIDEO_COLORS_TRUE,
      VIDEO_SYMBOLS_HALF, 0, "off" },
};

static void test_mode_and_why(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct termreply r;
        struct vomode_term t = {
            .colors = cases[i].term, .colors_why = "WHY",
            .unicode = cases[i].unicode,
            .multiplexer = cases[i].multiplexer,
            .env_pixels = cases[i].env, .env_pixels_why = cases[i].env_why,
            .reply = reply_for(cases[i].kind, &r),
        };
        struct vomode m;

        vomode_choose(&m, cases[i].mode, &t);
        assert_string_equal(m.text, cases[i].text);
        if (cases[i].mode == CONFIG_VIDEO_OFF)
            continue;
        assert_int_equal(m.pixels, cases[i].pixels);
        assert_int_equal(m.colors, cases[i].colors);
        if (m.pixels == VIDEO_PIXELS_NONE)
            assert_int_equal(m.symbols, cases[i].symbols);
        assert_int_equal(m.sync, cases[i].sync);
    }
}

static void test_environment(void **state)
{
    const char *why = "unset";

    (void)state;
    assert_string_equal(termprobe_multiplexer("xterm", "/tmp/tmux-0/x", NULL),
                        "tmux");
    assert_string_equal(termprobe_multiplexer("tmux-256color", NULL, NULL),
                        "tmux");
    assert_string_equal(termprobe_multiplexer("xterm", "", "123.pts"),
                        "screen");
    assert_string_equal(termprobe_multiplexer("screen.xterm", NULL, NULL),
                        "screen");
    assert_null(termprobe_multiplexer("xterm-256color", "", ""));
    assert_null(termprobe_multiplexer(NULL, NULL, NULL));
    assert_true(termprobe_askable("xterm"));
    assert_false(termprobe_askable("linux"));
    assert_false(termprobe_askable("dumb"));
    assert_false(termprobe_askable(""));
    assert_int_equal(termprobe_env_pixels("xterm-kitty", NULL, NULL, &why),
                     VIDEO_PIXELS_KITTY);
    assert_string_equal(why, "TERM=xterm-kitty");
    assert_int_equal(termprobe_env_pixels("xterm-256color", NULL, "3", &why),
                     VIDEO_PIXELS_KITTY);
    assert_int_equal(termprobe_env_pixels("xterm", "iTerm.app", NULL, &why),
                     VIDEO_PIXELS_ITERM2);
    assert_int_equal(termprobe_env_pixels("xterm", "WezTerm", "", &why),
                     VIDEO_PIXELS_ITERM2);
    assert_int_equal(termprobe_env_pixels("xterm", "vscode", "", &why),
                     VIDEO_PIXELS_NONE);
    assert_null(why);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_mode_and_why),
        cmocka_unit_test(test_environment),
    };
    return cmocka_run_group_tests_name("vomode", tests, NULL, NULL);
}
