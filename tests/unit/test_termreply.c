/* test_termreply.c - termreply_parse on the answers real terminals gave
 * to the burst (xterm 379 as a VT340, kitty 0.26, tmux 3.3a; see
 * shared notes pixels.md), cut anywhere, and on noise. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "termreply.h"

#include <string.h>

/* xterm -ti vt340 with 256 registers and window ops allowed; it ignores
 * kitty's query and DECRQM 2026 gets 0. */
static const char xterm_replies[] =
    "\033P>|XTerm(379)\033\\"
    "\033[?1;0;256S" "\033[?1;0;256S" "\033[?2;0;1280;800S"
    "\033[?2026;0$y" "\033[6;13;6t" "\033[4;520;720t"
    "\033[?63;1;2;4;6;9;15;16;22;28;29c";

static const char kitty_replies[] =
    "\033_Gi=31;OK\033\\" "\033P>|kitty(0.26.5)\033\\"
    "\033[?2026;2$y" "\033[6;18;9t" "\033[4;504;720t" "\033[?62;c";

static const char tmux_replies[] = "\033P>|tmux 3.3a\033\\" "\033[?1;2c";

static void test_xterm_vt340(void **state)
{
    struct termreply r;

    (void)state;
    termreply_init(&r);
    assert_true(termreply_parse(&r, xterm_replies, strlen(xterm_replies)));
    assert_true(r.sixel);
    assert_false(r.kitty);
    assert_int_equal(r.registers, 256);
    assert_int_equal(r.max_w, 1280);
    assert_int_equal(r.max_h, 800);
    assert_int_equal(r.sync, 0);
    assert_int_equal(r.cell_w, 6);
    assert_int_equal(r.cell_h, 13);
    assert_int_equal(r.text_w, 720);
    assert_int_equal(r.text_h, 520);
    assert_string_equal(r.version, "XTerm(379)");
}

static void test_kitty(void **state)
{
    struct termreply r;

    (void)state;
    termreply_init(&r);
    assert_true(termreply_parse(&r, kitty_replies, strlen(kitty_replies)));
    assert_true(r.kitty);
    assert_false(r.sixel);
    assert_int_equal(r.sync, 2);
    assert_int_equal(r.cell_w, 9);
    assert_int_equal(r.cell_h, 18);
    assert_string_equal(r.version, "kitty(0.26.5)");
}

static void test_tmux_and_plain_xterm(void **state)
{
    static const char vt420[] = "\033[?64;1;2;6;9;15;16;17;18;21;22;28c";
    struct termreply r;

    (void)state;
    termreply_init(&r);
    assert_true(termreply_parse(&r, tmux_replies, strlen(tmux_replies)));
    assert_false(r.sixel);
    assert_false(r.kitty);
    assert_int_equal(r.sync, -1);
    assert_int_equal(r.registers, 0);
    assert_string_equal(r.version, "tmux 3.3a");
    /* xterm's default VT420 lists no 4: sixel would be dropped. */
    termreply_init(&r);
    assert_true(termreply_parse(&r, vt420, strlen(vt420)));
    assert_false(r.sixel);
}

/* The bytes come in pieces: cut anywhere, the answers read so far are
 * all that is known, and the whole gives the same as at once. */
static void test_cut_anywhere(void **state)
{
    size_t n = strlen(xterm_replies);

    (void)state;
    for (size_t cut = 0; cut < n; cut++) {
        struct termreply r;

        termreply_init(&r);
        assert_false(termreply_parse(&r, xterm_replies, cut));
        assert_true(termreply_parse(&r, xterm_replies, n));
        assert_true(r.sixel);
        assert_int_equal(r.registers, 256);
        assert_string_equal(r.version, "XTerm(379)");
    }
}

/* A kitty answer for another id, an error, keys typed meanwhile, a
 * version with control bytes: none is taken for what it is not. */
static void test_noise(void **state)
{
    static const char noise[] =
        "q\033[A\033_Gi=7;OK\033\\\033_Gi=31;ENOTSUPPORTED:no\033\\"
        "\033P>|evil\007\033[2Jname\033\\\033[?1;3;0S\033[?62;22c";
    struct termreply r;

    (void)state;
    termreply_init(&r);
    assert_true(termreply_parse(&r, noise, strlen(noise)));
    assert_false(r.kitty);
    assert_false(r.sixel);
    assert_int_equal(r.registers, 0); /* status 3: failed */
    assert_string_equal(r.version, "evil[2Jname");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_xterm_vt340),
        cmocka_unit_test(test_kitty),
        cmocka_unit_test(test_tmux_and_plain_xterm),
        cmocka_unit_test(test_cut_anywhere),
        cmocka_unit_test(test_noise),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
