/* test_bindings.c - mpv's key names, command lines and input.conf. */
#include "bindings.h"
#include "command.h"
#include "keyname.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- key names ---- */

static const struct {
    const char *name;
    int key;         /* -1: not a key */
    const char *as;  /* how it is written back, NULL: as given */
} keyname_rows[] = {
    { "a", 'a', NULL },
    { "A", 'A', NULL },
    { "Shift+a", 'A', "A" },
    { "shift+A", 'A', "A" },
    { "SPACE", ' ', NULL },
    { "space", ' ', "SPACE" },
    { "SHARP", '#', NULL },
    { "#", '#', "SHARP" },
    { "ENTER", KEYNAME_ENTER, NULL },
    { "PGUP", KEYNAME_PGUP, NULL },
    { "PGDWN", KEYNAME_PGDWN, NULL },
    { "pgdown", KEYNAME_PGDWN, "PGDWN" },
    { "Ctrl+x", KEYNAME_CTRL | 'x', NULL },
    { "ctrl+X", KEYNAME_CTRL | 'x', "Ctrl+x" },
    { "Ctrl++", KEYNAME_CTRL | '+', NULL },
    { "Shift+RIGHT", KEYNAME_SHIFT | KEYNAME_RIGHT, NULL },
    { "Alt+Shift+LEFT", KEYNAME_ALT | KEYNAME_SHIFT | KEYNAME_LEFT,
      "Shift+Alt+LEFT" },
    { "MBTN_LEFT", KEYNAME_MBTN_LEFT, NULL },
    { "WHEEL_UP", KEYNAME_WHEEL_UP, NULL },
    { "F1", KEYNAME_F1, NULL },
    { "F12", KEYNAME_F12, NULL },
    { "\xc3\xa9", 0xe9, NULL },            /* é */
    { "F13", -1, NULL },
    { "Ctrl+", -1, NULL },
    { "", -1, NULL },
    { "ab", -1, NULL },
    { "NOSUCHKEY", -1, NULL },
    { "\x1b", -1, NULL },                  /* a control byte */
    { "\xff", -1, NULL },                  /* not UTF-8 */
};

static void test_keyname_table(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof keyname_rows / sizeof keyname_rows[0]; i++) {
        int key = -1, rc = keyname_parse(keyname_rows[i].name, &key);
        char buf[KEYNAME_MAX];

        if (keyname_rows[i].key < 0) {
            if (rc != -1)
                fail_msg("\"%s\" read as a key", keyname_rows[i].name);
            continue;
        }
        if (rc != 0 || key != keyname_rows[i].key)
            fail_msg("\"%s\": rc %d key %#x, want %#x", keyname_rows[i].name,
                     rc, key, keyname_rows[i].key);
        keyname_format(key, buf, sizeof buf);
        assert_string_equal(buf, keyname_rows[i].as ? keyname_rows[i].as
                                                    : keyname_rows[i].name);
    }
}

static void test_keyname_mouse(void **state)
{
    (void)state;
    assert_true(keyname_is_mouse(KEYNAME_MBTN_LEFT));
    assert_true(keyname_is_mouse(KEYNAME_CTRL | KEYNAME_WHEEL_DOWN));
    assert_false(keyname_is_mouse('a'));
    assert_false(keyname_is_mouse(KEYNAME_ENTER));
}

/* ---- commands ---- */

static int ran;

static void test_run(void *ctx, const struct command *cmd)
{
    (void)cmd;
    *(int *)ctx += 1;
}

static const char *const test_flags[] = { "relative", "absolute", "exact", NULL };
static const char *const test_props[] = { "volume", "speed", NULL };

static const struct command_spec test_specs[] = {
    { "quit", { { 0 } }, "quit", 0, test_run },
    { "seek", { { "time", COMMAND_ARG_NUMBER, false, NULL },
                { "flags", COMMAND_ARG_CHOICE, true, test_flags } },
      "seek", 0, test_run },
    { "add", { { "property", COMMAND_ARG_CHOICE, false, test_props },
               { "value", COMMAND_ARG_NUMBER, true, NULL } },
      "add", 0, test_run },
    { "track-toggle", { { "row", COMMAND_ARG_INT, false, NULL } }, "toggle",
      0, test_run },
    { "show", { { "text", COMMAND_ARG_TEXT, false, NULL } }, "show", 0,
      test_run },
};
#define NSPECS (sizeof test_specs / sizeof test_specs[0])

static void test_command_parse(void **state)
{
    struct command_chain c;
    char *err = NULL;

    (void)state;
    assert_int_equal(command_parse("seek 5 absolute+exact", test_specs, NSPECS,
                                   &c, &err), 0);
    assert_int_equal(c.count, 1);
    assert_string_equal(c.cmds[0].spec->name, "seek");
    assert_true(c.cmds[0].args[0].given);
    assert_true(c.cmds[0].args[0].number == 5);
    assert_int_equal(c.cmds[0].args[1].choice, 2 | 4);
    command_chain_free(&c);

    assert_int_equal(command_parse("no-osd add speed 1/1.1 ; quit", test_specs,
                                   NSPECS, &c, &err), 0);
    assert_int_equal(c.count, 2);
    assert_true(c.cmds[0].args[1].number > 0.909 &&
                c.cmds[0].args[1].number < 0.9091);
    assert_string_equal(c.cmds[1].spec->name, "quit");
    ran = 0;
    command_run(&c, &ran);
    assert_int_equal(ran, 2);
    command_chain_free(&c);

    assert_int_equal(command_parse("add volume", test_specs, NSPECS, &c, &err),
                     0);
    assert_false(c.cmds[0].args[1].given);
    command_chain_free(&c);

    assert_int_equal(command_parse("show \"two words; not split\"", test_specs,
                                   NSPECS, &c, &err), 0);
    assert_int_equal(c.count, 1);
    assert_string_equal(c.cmds[0].args[0].text, "two words; not split");
    command_chain_free(&c);
}

static const struct {
    const char *line;
    const char *err;
} command_errors[] = {
    { "frobnicate", "unknown command \"frobnicate\"" },
    { "seek", "seek: the time is missing" },
    { "seek x", "seek: the time must be a number, not \"x\"" },
    { "seek 5 sideways", "seek: the flags must be one of relative, absolute, "
                         "exact, not \"sideways\"" },
    { "seek 5 absolute 3", "seek: too many arguments (it takes 2)" },
    { "track-toggle 1.5", "track-toggle: the row must be a whole number, "
                          "not \"1.5\"" },
    { "add loudness 2", "add: the property must be one of volume, speed, "
                        "not \"loudness\"" },
    { "seek 1/0", "seek: the time must be a number, not \"1/0\"" },
    { "seek nan", "seek: the time must be a number, not \"nan\"" },
    { "show \"open", "a quoted argument is not closed (\" missing)" },
    { "", "no command" },
    { "no-osd", "no command" },
};

static void test_command_errors(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof command_errors / sizeof command_errors[0];
         i++) {
        struct command_chain c;
        char *err = NULL;

        if (command_parse(command_errors[i].line, test_specs, NSPECS, &c,
                          &err) != -1)
            fail_msg("\"%s\" was read", command_errors[i].line);
        assert_string_equal(err, command_errors[i].err);
        free(err);
    }
}

/* ---- input.conf ---- */

static const char test_conf[] =
    "# a comment\n"
    "\n"
    "x quit                 # leave\n"
    "y track-toggle 2\n"
    "z seek 50 absolute   \n"
    "BADKEY quit\n"
    "q frobnicate\n"
    "[ {mic} add volume -1   # the mic's\n"
    "SHARP show \"a # in quotes\"  # help\n"
    "Ctrl+x {unclosed quit\n"
    "x seek 1\r\n";

static void test_bindings_text(void **state)
{
    struct bindings b;
    const struct binding *bd;

    (void)state;
    memset(&b, 0, sizeof b);
    bindings_load_text(&b, test_conf, strlen(test_conf), "input.conf", true,
                       test_specs, NSPECS);
    assert_int_equal(b.nproblems, 3);
    assert_non_null(strstr(b.problems[0], "input.conf:6: unknown key "
                                          "\"BADKEY\""));
    assert_string_equal(b.problems[1], "input.conf:7: unknown command "
                                       "\"frobnicate\"; line skipped");
    assert_non_null(strstr(b.problems[2], "input.conf:10: a {section} is not "
                                          "closed"));
    /* The later x wins; the earlier one is no longer in force. */
    bd = bindings_find(&b, "default", 'x');
    assert_non_null(bd);
    assert_string_equal(bd->text, "seek 1");
    assert_null(bd->help);
    assert_false(bindings_in_force(&b, 0));
    assert_string_equal(b.list[0].help, "leave");
    bd = bindings_find(&b, "default", 'y');
    assert_non_null(bd);
    assert_true(bd->chain.cmds[0].args[0].number == 2);
    assert_true(bd->user);
    bd = bindings_find(&b, "mic", '[');
    assert_non_null(bd);
    assert_string_equal(bd->help, "the mic's");
    assert_null(bindings_find(&b, "default", '['));
    bd = bindings_find(&b, "default", '#');
    assert_non_null(bd);
    assert_string_equal(bd->chain.cmds[0].args[0].text, "a # in quotes");
    assert_string_equal(bd->help, "help");
    bindings_free(&b);
}

static void test_bindings_refused(void **state)
{
    struct bindings b;
    char big[64];

    (void)state;
    memset(&b, 0, sizeof b);
    memcpy(big, "x quit\n\0y quit\n", 15);
    bindings_load_text(&b, big, 15, "nul.conf", true, test_specs, NSPECS);
    assert_int_equal(b.count, 0);
    assert_int_equal(b.nproblems, 1);
    assert_non_null(strstr(b.problems[0], "NUL"));
    bindings_free(&b);

    /* Garbage: the problems are capped, one line counts the rest. */
    {
        size_t n = 200 * 8;
        char *text = malloc(n + 1);

        for (size_t i = 0; i < 200; i++)
            memcpy(text + i * 8, "zz quit\n", 8);
        text[n] = '\0';
        bindings_load_text(&b, text, n, "garbage.conf", true, test_specs,
                           NSPECS);
        assert_true(b.nproblems <= 21);
        assert_non_null(strstr(b.problems[b.nproblems - 1], "more problems"));
        free(text);
        bindings_free(&b);
    }
    /* A missing file is fine unless asked for. */
    bindings_load_file(&b, "/nonexistent/input.conf", false, test_specs,
                       NSPECS);
    assert_int_equal(b.nproblems, 0);
    bindings_load_file(&b, "/nonexistent/input.conf", true, test_specs,
                       NSPECS);
    assert_int_equal(b.nproblems, 1);
    assert_non_null(strstr(b.problems[0], "/nonexistent/input.conf: cannot "
                                          "read"));
    bindings_free(&b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_keyname_table),
        cmocka_unit_test(test_keyname_mouse),
        cmocka_unit_test(test_command_parse),
        cmocka_unit_test(test_command_errors),
        cmocka_unit_test(test_bindings_text),
        cmocka_unit_test(test_bindings_refused),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
