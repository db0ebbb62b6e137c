/* test_fuzz_replay.c - every fuzz target over every input kept for it:
 * the seeds (tests/fuzz/seeds/TARGET) and the findings turned regression
 * tests (tests/fuzz/regress/TARGET).  Each input runs in a child process,
 * so that a broken property (abort), a crash or a hang fails the test and
 * names the file; under the ASan build a leak fails it too (run.sh sets
 * detect_leaks). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "fuzz.h"

#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#define REPLAY_DIR TPLAY_SOURCE_DIR "/tests/fuzz"
#define REPLAY_TIMEOUT 10 /* seconds an input may take, under ASan too */

typedef int (*replay_fn)(const uint8_t *data, size_t size);

struct replay_target {
    const char *name;
    replay_fn one;
};

static const struct replay_target replay_targets[] = {
    { "config", fuzz_config_one },
    { "cue", fuzz_cue_one },
    { "label", fuzz_label_one },
    { "lang", fuzz_lang_one },
    { "mkv", fuzz_mkv_one },
    { "ogg", fuzz_ogg_one },
    { "m3u", fuzz_m3u_one },
};

/* Run one on data in a child; NULL when it returned, else how it ended
 * (a static string). */
static const char *replay_run(replay_fn one, const uint8_t *data, size_t size)
{
    static char how[64];
    int status;
    pid_t pid;

    fflush(NULL);
    pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        struct rlimit no_core = { 0, 0 };

        setrlimit(RLIMIT_CORE, &no_core);
        alarm(REPLAY_TIMEOUT);
        one(data, size);
        exit(0); /* exit, not _exit: LeakSanitizer checks here */
    }
    while (waitpid(pid, &status, 0) < 0)
        assert_int_equal(errno, EINTR);
    if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
        return NULL;
    if (WIFSIGNALED(status) && WTERMSIG(status) == SIGALRM)
        snprintf(how, sizeof how, "timed out after %d s", REPLAY_TIMEOUT);
    else if (WIFSIGNALED(status))
        snprintf(how, sizeof how, "killed by signal %d (%s)", WTERMSIG(status),
                 strsignal(WTERMSIG(status)));
    else
        snprintf(how, sizeof how, "exit status %d", WEXITSTATUS(status));
    return how;
}

static uint8_t *replay_read(const char *path, size_t *size)
{
    FILE *f = fopen(path, "rb");
    uint8_t *data = NULL;
    size_t cap = 0;

    assert_non_null(f);
    *size = 0;
    for (;;) {
        if (*size == cap) {
            cap = cap ? 2 * cap : 4096;
            data = realloc(data, cap);
            assert_non_null(data);
        }
        size_t n = fread(data + *size, 1, cap - *size, f);
        if (n == 0)
            break;
        *size += n;
    }
    assert_false(ferror(f));
    fclose(f);
    return data;
}

/* Replay every file in REPLAY_DIR/kind/target; the count, or -1 when the
 * folder does not exist. */
static int replay_dir(const struct replay_target *t, const char *kind)
{
    char dir[4096], path[8192];
    struct dirent *e;
    DIR *d;
    int count = 0, failed = 0;

    snprintf(dir, sizeof dir, "%s/%s/%s", REPLAY_DIR, kind, t->name);
    d = opendir(dir);
    if (!d) {
        assert_int_equal(errno, ENOENT);
        return -1;
    }
    while ((e = readdir(d)) != NULL) {
        const char *how;
        uint8_t *data;
        size_t size;

        if (e->d_name[0] == '.')
            continue;
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        data = replay_read(path, &size);
        how = replay_run(t->one, data, size);
        if (how) {
            print_error("%s/%s/%s: %s\n", kind, t->name, e->d_name, how);
            failed++;
        }
        free(data);
        count++;
    }
    closedir(d);
    assert_int_equal(failed, 0);
    return count;
}

static void test_replay_target(void **state)
{
    const struct replay_target *t = *state;
    int seeds = replay_dir(t, "seeds"), regress = replay_dir(t, "regress");

    /* A target without seeds would pass while testing nothing. */
    assert_true(seeds > 0);
    print_message("%s: %d seeds, %d regressions replayed\n", t->name, seeds,
                  regress < 0 ? 0 : regress);
}

/* Every folder of inputs belongs to a target this test knows. */
static void test_every_input_folder_has_a_target(void **state)
{
    static const char *const kinds[] = { "seeds", "regress" };

    (void)state;
    for (size_t k = 0; k < 2; k++) {
        char dir[4096];
        struct dirent *e;
        DIR *d;

        snprintf(dir, sizeof dir, "%s/%s", REPLAY_DIR, kinds[k]);
        d = opendir(dir);
        if (!d && errno == ENOENT && k == 1)
            continue;
        assert_non_null(d);
        while ((e = readdir(d)) != NULL) {
            bool known = e->d_name[0] == '.';

            for (size_t i = 0; !known && i < sizeof replay_targets /
                                                 sizeof replay_targets[0]; i++)
                known = strcmp(e->d_name, replay_targets[i].name) == 0;
            if (!known)
                fail_msg("%s/%s: no fuzz target of that name", kinds[k],
                         e->d_name);
        }
        closedir(d);
    }
}

static int replay_aborts(const uint8_t *data, size_t size)
{
    (void)data;
    (void)size;
    abort();
}

static int replay_hangs(const uint8_t *data, size_t size)
{
    (void)data;
    (void)size;
    alarm(1); /* the harness's limit, shortened for the test */
    pause();  /* SIGALRM's default action ends the process in here */
    return 0;
}

#ifdef __SANITIZE_ADDRESS__
static int replay_leaks(const uint8_t *data, size_t size)
{
    void *(*volatile alloc)(size_t) = malloc; /* not optimised away */
    /* Kept only disguised: nothing points at the block any more. */
    uintptr_t hidden = (uintptr_t)alloc(size + 100) ^ UINTPTR_MAX;

    return hidden == UINTPTR_MAX ? -1 : (int)data[0];
}
#endif

/* The harness itself: an abort and a hang are caught, a return is not;
 * under AddressSanitizer, a leak too. */
static void test_replay_catches_abort_and_hang(void **state)
{
    static const uint8_t byte = 'x';
    const char *how;

    (void)state;
    assert_null(replay_run(fuzz_label_one, &byte, 1));
    how = replay_run(replay_aborts, &byte, 1);
    assert_non_null(how);
    assert_non_null(strstr(how, "signal"));
    how = replay_run(replay_hangs, &byte, 1);
    assert_non_null(how);
    assert_non_null(strstr(how, "timed out"));
#ifdef __SANITIZE_ADDRESS__
    how = replay_run(replay_leaks, &byte, 1);
    assert_non_null(how);
    assert_non_null(strstr(how, "exit status"));
#endif
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_replay_catches_abort_and_hang),
        cmocka_unit_test(test_every_input_folder_has_a_target),
        { "replay config", test_replay_target, NULL, NULL,
          (void *)&replay_targets[0] },
        { "replay label", test_replay_target, NULL, NULL,
          (void *)&replay_targets[1] },
        { "replay lang", test_replay_target, NULL, NULL,
          (void *)&replay_targets[2] },
        { "replay mkv", test_replay_target, NULL, NULL,
          (void *)&replay_targets[3] },
        { "replay ogg", test_replay_target, NULL, NULL,
          (void *)&replay_targets[4] },
        { "replay m3u", test_replay_target, NULL, NULL,
          (void *)&replay_targets[5] },
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
