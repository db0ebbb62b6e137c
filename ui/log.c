/* log.c - the log file, and descriptor 2 sent there while a session runs. */
#include "log.h"

#include "strbuf.h"

#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

/* This file's state: one log and one stderr per process. */
static struct {
    bool opened;
    int fd;           /* the log, O_APPEND: whole lines never interleave */
    int real_stderr;  /* descriptor 2 as it was, while captured; else -1 */
    char path[4096];
} log_state = { false, -1, -1, "" };

/* Write all of s to fd; a failure is dropped (there is nowhere left to
 * say it). */
static void log_write(int fd, const char *s, size_t n)
{
    while (n > 0 && fd >= 0) {
        ssize_t w = write(fd, s, n);

        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            return;
        s += w;
        n -= (size_t)w;
    }
}

/* "2026-11-30 16:02:45.371 " */
static void log_stamp(struct strbuf *sb)
{
    struct timespec ts;
    struct tm tm;
    char when[32];

    clock_gettime(CLOCK_REALTIME, &ts);
    if (!localtime_r(&ts.tv_sec, &tm) ||
        strftime(when, sizeof when, "%Y-%m-%d %H:%M:%S", &tm) == 0)
        snprintf(when, sizeof when, "%lld", (long long)ts.tv_sec);
    strbuf_addf(sb, "%s.%03ld ", when, ts.tv_nsec / 1000000);
}

/* The log's folder: $XDG_STATE_HOME/tplay, else ~/.local/state/tplay,
 * made if missing (the last two levels are enough for XDG paths).  False
 * when there is no folder to use. */
static bool log_dir(char *dir, size_t size)
{
    const char *state = getenv("XDG_STATE_HOME"), *home = getenv("HOME");
    char *slash;
    int n;

    if (state && state[0])
        n = snprintf(dir, size, "%s/tplay", state);
    else if (home && home[0])
        n = snprintf(dir, size, "%s/.local/state/tplay", home);
    else
        return false;
    if (n < 0 || (size_t)n >= size)
        return false;
    slash = strrchr(dir, '/');
    *slash = '\0';
    mkdir(dir, 0700);
    *slash = '/';
    mkdir(dir, 0700);
    return true;
}

void log_open(void)
{
    char dir[4000], old[4200];
    struct strbuf head = STRBUF_INIT;
    struct stat st;

    if (log_state.opened)
        return;
    log_state.opened = true;
    if (log_dir(dir, sizeof dir)) {
        snprintf(log_state.path, sizeof log_state.path, "%s/tplay.log", dir);
        /* Appended to by every run; one old generation is kept. */
        if (stat(log_state.path, &st) == 0 && st.st_size > LOG_MAX_BYTES) {
            snprintf(old, sizeof old, "%s.old", log_state.path);
            rename(log_state.path, old);
        }
        log_state.fd = open(log_state.path, O_WRONLY | O_CREAT | O_APPEND |
                            O_CLOEXEC, 0600);
    }
    if (log_state.fd < 0) {
        snprintf(log_state.path, sizeof log_state.path, "/dev/null");
        log_state.fd = open("/dev/null", O_WRONLY | O_CLOEXEC);
    }
    strbuf_addf(&head, "tplay %s, process %ld", TPLAY_VERSION, (long)getpid());
    log_line(strbuf_str(&head));
    strbuf_free(&head);
}

void log_capture_stderr(void)
{
    log_open();
    if (log_state.real_stderr >= 0 || log_state.fd < 0)
        return;
    fflush(stderr);
    log_state.real_stderr = fcntl(STDERR_FILENO, F_DUPFD_CLOEXEC, 3);
    /* Without a copy of the real stderr, tplay could not speak to the
     * user any more: then stderr stays where it is. */
    if (log_state.real_stderr >= 0 &&
        dup2(log_state.fd, STDERR_FILENO) < 0) {
        close(log_state.real_stderr);
        log_state.real_stderr = -1;
    }
}

void log_release_stderr(void)
{
    if (log_state.real_stderr < 0)
        return;
    fflush(stderr);
    dup2(log_state.real_stderr, STDERR_FILENO);
    close(log_state.real_stderr);
    log_state.real_stderr = -1;
}

void log_close(void)
{
    log_release_stderr();
    if (log_state.fd >= 0)
        close(log_state.fd);
    log_state.fd = -1;
    log_state.opened = true; /* never again */
}

void log_line(const char *line)
{
    struct strbuf sb = STRBUF_INIT;

    log_open();
    log_stamp(&sb);
    strbuf_adds(&sb, line);
    strbuf_addc(&sb, '\n');
    log_write(log_state.fd, sb.buf, sb.len);
    strbuf_free(&sb);
}

void log_say(const char *line)
{
    struct strbuf sb = STRBUF_INIT;

    strbuf_adds(&sb, line);
    strbuf_addc(&sb, '\n');
    fflush(stderr); /* after what stdio still holds for descriptor 2 */
    log_write(log_state.real_stderr >= 0 ? log_state.real_stderr
                                         : STDERR_FILENO, sb.buf, sb.len);
    strbuf_free(&sb);
    log_line(line);
}

const char *log_path(void)
{
    return log_state.path;
}
