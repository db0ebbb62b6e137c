/* test_crash.c - every handled signal ends a child the way the signal
 * would (WTERMSIG), after the registered bytes were written and the
 * registered paths removed; forgotten paths stay. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "crash.h"

#include <limits.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

static const char crash_bytes[] = "\033[?1049l restored";

/* In a child: register a folder with a file, a second file then
 * forgotten, and bytes for a pipe; raise signo.  Returns the child's wait
 * status; the pipe's bytes in got. */
static int crash_child(int signo, const char *dir, char *got, size_t n)
{
    int fds[2], status = 0;
    pid_t pid;
    ssize_t len;

    assert_int_equal(pipe(fds), 0);
    pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        struct termios modes;
        char f[320], kept[320];

        memset(&modes, 0, sizeof modes);
        snprintf(f, sizeof f, "%s/weights", dir);
        snprintf(kept, sizeof kept, "%s/kept", dir);
        if (mkdir(dir, 0700) < 0 || crash_init() < 0)
            _exit(90);
        fclose(fopen(f, "w"));
        fclose(fopen(kept, "w"));
        crash_add_path(dir, true); /* folders go after the files */
        crash_add_path(f, false);
        crash_remove_path(crash_add_path(kept, false));
        /* in_fd is a pipe: tcsetattr fails, the rest goes on */
        crash_set_terminal(fds[1], crash_bytes, sizeof crash_bytes - 1,
                           fds[1], &modes);
        raise(signo);
        _exit(91);
    }
    close(fds[1]);
    len = read(fds[0], got, n - 1);
    got[len > 0 ? len : 0] = '\0';
    close(fds[0]);
    assert_int_equal(waitpid(pid, &status, 0), pid);
    return status;
}

/* Whether status is the end signo brings.  Under valgrind (its preload
 * library is in LD_PRELOAD), raise(SIGSTKFLT) returns instead of ending
 * the process, and crash_die's fallback exits 128 + N, the status a shell
 * reports for the signal. */
static bool crash_ended_by(int status, int signo)
{
    const char *preload = getenv("LD_PRELOAD");

    if (WIFSIGNALED(status))
        return WTERMSIG(status) == signo;
    return preload && strstr(preload, "vgpreload") && WIFEXITED(status) &&
           WEXITSTATUS(status) == 128 + signo;
}

static void test_crash_every_signal(void **state)
{
    size_t n;
    const int *sigs = crash_signals(&n);

    (void)state;
    assert_true(n >= 16);
    for (size_t i = 0; i < n; i++) {
        char dir[] = "/tmp/tplay-test-crash-XXXXXX", got[64], sub[300],
             kept[320], weights[320];
        int status;

        assert_non_null(mkdtemp(dir));
        snprintf(sub, sizeof sub, "%s/priv", dir);
        snprintf(kept, sizeof kept, "%s/kept", sub);
        snprintf(weights, sizeof weights, "%s/weights", sub);
        status = crash_child(sigs[i], sub, got, sizeof got);
        if (!crash_ended_by(status, sigs[i]))
            fail_msg("signal %d: child ended with status 0x%x", sigs[i],
                     status);
        assert_string_equal(got, crash_bytes);
        /* The forgotten file stays, so the folder does too. */
        assert_int_equal(access(kept, F_OK), 0);
        assert_int_not_equal(access(weights, F_OK), 0);
        assert_int_equal(unlink(kept), 0);
        assert_int_equal(rmdir(sub), 0);
        assert_int_equal(rmdir(dir), 0);
    }
}

/* Without the forgotten file the folder goes too. */
static void test_crash_removes_the_folder(void **state)
{
    char dir[] = "/tmp/tplay-test-crash-XXXXXX", sub[300], f[320];
    int status = 0;
    pid_t pid;

    (void)state;
    assert_non_null(mkdtemp(dir));
    snprintf(sub, sizeof sub, "%s/priv", dir);
    snprintf(f, sizeof f, "%s/mix.sock", sub);
    pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        if (mkdir(sub, 0700) < 0 || crash_init() < 0)
            _exit(90);
        fclose(fopen(f, "w"));
        crash_add_path(sub, true);
        crash_add_path(f, false);
        raise(SIGABRT);
        _exit(91);
    }
    assert_int_equal(waitpid(pid, &status, 0), pid);
    assert_true(WIFSIGNALED(status) && WTERMSIG(status) == SIGABRT);
    assert_int_not_equal(access(sub, F_OK), 0);
    assert_int_equal(rmdir(dir), 0);
}

/* fatal()'s way out: the registered paths go at once, the forgotten one
 * stays. */
static void test_crash_remove_paths_now(void **state)
{
    char dir[] = "/tmp/tplay-test-crash-XXXXXX", f[320], kept[320];
    int h;

    (void)state;
    assert_non_null(mkdtemp(dir));
    snprintf(f, sizeof f, "%s/weights", dir);
    snprintf(kept, sizeof kept, "%s/kept", dir);
    fclose(fopen(f, "w"));
    fclose(fopen(kept, "w"));
    h = crash_add_path(f, false);
    assert_true(h >= 0);
    crash_remove_path(crash_add_path(kept, false));
    crash_remove_paths();
    assert_int_not_equal(access(f, F_OK), 0);
    assert_int_equal(access(kept, F_OK), 0);
    crash_remove_path(h);
    assert_int_equal(unlink(kept), 0);
    assert_int_equal(rmdir(dir), 0);
}

/* depth frames of 512 bytes: with LONG_MAX, deeper than any stack.  The
 * array and the sum keep it from becoming a loop. */
static int crash_recurse(volatile char *up, long depth)
{
    volatile char frame[512];

    frame[0] = up ? up[0] : 1;
    if (depth <= 0)
        return frame[0];
    return crash_recurse(frame, depth - 1) + frame[1];
}

/* A real fault, and the worst kind: the stack is gone, so the handler
 * can only run on the alternate stack. */
static void test_crash_stack_overflow(void **state)
{
    char got[64];
    int fds[2], status = 0;
    pid_t pid;
    ssize_t len;

    (void)state;
    assert_int_equal(pipe(fds), 0);
    pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        struct termios modes;

        memset(&modes, 0, sizeof modes);
        if (crash_init() < 0)
            _exit(90);
        crash_set_terminal(fds[1], crash_bytes, sizeof crash_bytes - 1,
                           fds[1], &modes);
        _exit(crash_recurse(NULL, LONG_MAX));
    }
    close(fds[1]);
    len = read(fds[0], got, sizeof got - 1);
    got[len > 0 ? len : 0] = '\0';
    close(fds[0]);
    assert_int_equal(waitpid(pid, &status, 0), pid);
    if (!WIFSIGNALED(status) || WTERMSIG(status) != SIGSEGV)
        fail_msg("child ended with status 0x%x", status);
    assert_string_equal(got, crash_bytes);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_crash_every_signal),
        cmocka_unit_test(test_crash_removes_the_folder),
        cmocka_unit_test(test_crash_stack_overflow),
        cmocka_unit_test(test_crash_remove_paths_now),
    };
    return cmocka_run_group_tests_name("crash", tests, NULL, NULL);
}
