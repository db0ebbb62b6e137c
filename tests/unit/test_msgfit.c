/* test_msgfit.c - which rows of the messages survive a few screen rows:
 * the newest message's start (it says what failed) first, then the older
 * ones' starts above it; a cut message ends in "…". */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "msgfit.h"

#include <locale.h>

static void test_msgfit_keeps_the_newest_start(void **state)
{
    static const char *const older[] = { "old one", "older two" };
    static const char *const one[] = {
        "f.conf:2: languages: aaaa bbbb cccc dddd eeee ffff",
    };
    static const char *const two[] = {
        "old one", "f.conf:2: languages: aaaa bbbb cccc dddd eeee ffff",
    };
    static const char *const tight[] = { "abcdefghij klmnopqrst" };
    static const struct {
        const char *const *msgs;
        size_t n;
        int rows, cols, want_rows;
        const char *want;
    } cases[] = {
        /* Room for all: every row, oldest first. */
        { older, 2, 3, 20, 2, "old one\nolder two" },
        { two, 2, 9, 20, 4, "old one\nf.conf:2: languages:\naaaa bbbb cccc dddd\n"
                            "eeee ffff" },
        /* The newest alone overflows: its first rows, cut with "…". */
        { one, 1, 2, 20, 2, "f.conf:2: languages:\naaaa bbbb cccc dddd…" },
        { two, 2, 2, 20, 2, "f.conf:2: languages:\naaaa bbbb cccc dddd…" },
        /* One row for the older one, from its start. */
        { two, 2, 4, 20, 4, "old one\nf.conf:2: languages:\naaaa bbbb cccc "
                            "dddd\neeee ffff" },
        { older, 2, 1, 20, 1, "older two" },
        /* A full row cut: the ellipsis takes its last column. */
        { tight, 1, 1, 10, 1, "abcdefghi…" },
        { one, 1, 0, 20, 0, "" },
        { one, 0, 3, 20, 0, "" },
    };

    (void)state;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct strbuf sb = STRBUF_INIT;

        assert_int_equal(msgfit_rows(&sb, cases[i].msgs, cases[i].n,
                                     cases[i].rows, cases[i].cols),
                         cases[i].want_rows);
        assert_string_equal(strbuf_str(&sb), cases[i].want);
        strbuf_free(&sb);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_msgfit_keeps_the_newest_start),
    };

    /* wcwidth needs a UTF-8 locale. */
    if (!setlocale(LC_ALL, "C.UTF-8"))
        return 77;
    return cmocka_run_group_tests(tests, NULL, NULL);
}
