/* driver.c - a stand-in player around src/mpris.c for
 * tests/e2e/test_mpris.py: the poll() loop a UI runs, a fake player that
 * answers the ops as tplay would, and a line protocol.
 *
 * stdin, one command a line (in values, \xNN is the byte NN, \\ a
 * backslash):
 *   set FIELD VALUE   a field of the state: status (playing, paused,
 *                     stopped), entry, position, duration, volume, rate,
 *                     min_rate, max_rate, title, url, artist, album ("-"
 *                     clears a string), can_next, can_prev, can_seek (0/1)
 *   update            mpris_update with the state; says "updated"
 *   seeked SECONDS    mpris_seeked; says "seeked"
 *   ping              says "pong" (all that came before is handled)
 *   quit              says "bye" and exits
 * End of input is quit.
 *
 * stdout, a line each: "name NAME" once a name is owned; "no session bus";
 * each op called, with its argument ("play_pause", "seek -5000000",
 * "volume 0.5", "failed MESSAGE", ...); the answers above.  The fake
 * player then does what was asked and reports it (mpris_update, or
 * mpris_seeked for a seek), as the UI does.
 *
 * stderr: mpris_create's message, when it fails for real (exit status 1).
 */
#include "mpris.h"

#include <errno.h>
#include <poll.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct driver {
    struct mpris *mpris;
    struct mpris_state st;
    char *text[4]; /* title, url, artist, album */
    bool quit;
    bool named;
};

static void driver_say(const char *fmt, ...)
    __attribute__((format(printf, 1, 2)));
static void driver_say(const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    vprintf(fmt, ap);
    va_end(ap);
    putchar('\n');
    fflush(stdout);
}

static void driver_report(struct driver *d)
{
    d->st.title = d->text[0];
    d->st.url = d->text[1];
    d->st.artist = d->text[2];
    d->st.album = d->text[3];
    if (d->mpris)
        mpris_update(d->mpris, &d->st);
}

static void driver_seeked(struct driver *d, double position)
{
    d->st.position = position;
    if (d->mpris)
        mpris_seeked(d->mpris, position);
    driver_report(d);
}

static void driver_play_pause(void *ctx)
{
    struct driver *d = ctx;

    driver_say("play_pause");
    d->st.status =
        d->st.status == MPRIS_PLAYING ? MPRIS_PAUSED : MPRIS_PLAYING;
    driver_report(d);
}

static void driver_play(void *ctx)
{
    struct driver *d = ctx;

    driver_say("play");
    d->st.status = MPRIS_PLAYING;
    driver_report(d);
}

static void driver_pause(void *ctx)
{
    struct driver *d = ctx;

    driver_say("pause");
    if (d->st.status == MPRIS_PLAYING)
        d->st.status = MPRIS_PAUSED;
    driver_report(d);
}

static void driver_stop(void *ctx)
{
    struct driver *d = ctx;

    driver_say("stop");
    d->st.status = MPRIS_STOPPED;
    d->st.position = 0;
    driver_report(d);
}

static void driver_next(void *ctx)
{
    struct driver *d = ctx;

    driver_say("next");
    d->st.entry++;
    d->st.position = 0;
    driver_report(d);
}

static void driver_previous(void *ctx)
{
    struct driver *d = ctx;

    driver_say("previous");
    if (d->st.entry > 0)
        d->st.entry--;
    d->st.position = 0;
    driver_report(d);
}

static void driver_seek(void *ctx, int64_t offset_us)
{
    struct driver *d = ctx;

    driver_say("seek %lld", (long long)offset_us);
    driver_seeked(d, d->st.position + (double)offset_us / 1e6);
}

static void driver_set_position(void *ctx, int64_t position_us)
{
    struct driver *d = ctx;

    driver_say("set_position %lld", (long long)position_us);
    driver_seeked(d, (double)position_us / 1e6);
}

static void driver_set_volume(void *ctx, double volume)
{
    struct driver *d = ctx;

    driver_say("volume %g", volume);
    d->st.volume = volume;
    driver_report(d);
}

static void driver_set_rate(void *ctx, double rate)
{
    struct driver *d = ctx;

    driver_say("rate %g", rate);
    d->st.rate = rate;
    driver_report(d);
}

static void driver_quit(void *ctx)
{
    struct driver *d = ctx;

    driver_say("quit");
    d->quit = true;
}

static void driver_failed(void *ctx, const char *message)
{
    (void)ctx;
    driver_say("failed %s", message);
}

static const struct mpris_ops driver_ops = {
    .play_pause = driver_play_pause,
    .play = driver_play,
    .pause = driver_pause,
    .stop = driver_stop,
    .next = driver_next,
    .previous = driver_previous,
    .seek = driver_seek,
    .set_position = driver_set_position,
    .set_volume = driver_set_volume,
    .set_rate = driver_set_rate,
    .quit = driver_quit,
    .failed = driver_failed,
};

/* s with its \xNN and \\ escapes undone, in place. */
static char *driver_unescape(char *s)
{
    char *out = s;

    for (const char *in = s; *in; in++) {
        unsigned byte;

        if (in[0] == '\\' && in[1] == 'x' &&
            sscanf(in + 2, "%2x", &byte) == 1) {
            *out++ = (char)byte;
            in += 3;
        } else if (in[0] == '\\' && in[1] == '\\') {
            *out++ = '\\';
            in++;
        } else {
            *out++ = *in;
        }
    }
    *out = '\0';
    return s;
}

static void driver_set(struct driver *d, const char *field, char *value)
{
    static const char *const texts[] = { "title", "url", "artist", "album" };
    static const char *const status[] = { "stopped", "playing", "paused" };

    for (size_t i = 0; i < 4; i++) {
        if (!strcmp(field, texts[i])) {
            free(d->text[i]);
            d->text[i] = strcmp(value, "-") ? strdup(driver_unescape(value))
                                            : NULL;
            return;
        }
    }
    for (int i = 0; i < 3; i++)
        if (!strcmp(field, "status") && !strcmp(value, status[i]))
            d->st.status = (enum mpris_status)i;
    if (!strcmp(field, "entry"))
        d->st.entry = strtol(value, NULL, 10);
    else if (!strcmp(field, "position"))
        d->st.position = strtod(value, NULL);
    else if (!strcmp(field, "duration"))
        d->st.duration = strtod(value, NULL);
    else if (!strcmp(field, "volume"))
        d->st.volume = strtod(value, NULL);
    else if (!strcmp(field, "rate"))
        d->st.rate = strtod(value, NULL);
    else if (!strcmp(field, "min_rate"))
        d->st.min_rate = strtod(value, NULL);
    else if (!strcmp(field, "max_rate"))
        d->st.max_rate = strtod(value, NULL);
    else if (!strcmp(field, "can_next"))
        d->st.can_next = atoi(value);
    else if (!strcmp(field, "can_prev"))
        d->st.can_prev = atoi(value);
    else if (!strcmp(field, "can_seek"))
        d->st.can_seek = atoi(value);
}

static void driver_command(struct driver *d, char *line)
{
    char *sp = strchr(line, ' ');
    char *arg = sp ? sp + 1 : NULL;

    if (sp)
        *sp = '\0';
    if (!strcmp(line, "set") && arg && (sp = strchr(arg, ' '))) {
        *sp = '\0';
        driver_set(d, arg, sp + 1);
    } else if (!strcmp(line, "update")) {
        driver_report(d);
        driver_say("updated");
    } else if (!strcmp(line, "seeked") && arg) {
        driver_seeked(d, strtod(arg, NULL));
        driver_say("seeked");
    } else if (!strcmp(line, "ping")) {
        driver_say("pong");
    } else if (!strcmp(line, "quit")) {
        d->quit = true;
    } else {
        fprintf(stderr, "driver: unknown command \"%s\"\n", line);
        exit(2);
    }
}

/* Read what stdin has; handle each whole line.  End of input is quit. */
static void driver_read(struct driver *d, char *buf, size_t *len, size_t cap)
{
    ssize_t n = read(0, buf + *len, cap - 1 - *len);
    char *nl;

    if (n < 0 && (errno == EINTR || errno == EAGAIN))
        return;
    if (n <= 0) {
        d->quit = true;
        return;
    }
    *len += (size_t)n;
    buf[*len] = '\0';
    while (!d->quit && (nl = memchr(buf, '\n', *len))) {
        size_t used = (size_t)(nl - buf) + 1;

        *nl = '\0';
        driver_command(d, buf);
        memmove(buf, buf + used, *len - used);
        *len -= used;
        buf[*len] = '\0';
    }
    if (*len == cap - 1) {
        fprintf(stderr, "driver: a command longer than %zu bytes\n", cap);
        exit(2);
    }
}

int main(void)
{
    struct driver d = { .st = { .entry = -1, .duration = -1, .volume = 1,
                                .rate = 1, .min_rate = 1, .max_rate = 1 } };
    char buf[8192];
    size_t len = 0;
    char *err = NULL;

    d.mpris = mpris_create(&driver_ops, &d, &err);
    if (!d.mpris && err) {
        fprintf(stderr, "%s\n", err);
        free(err);
        return 1;
    }
    if (!d.mpris)
        driver_say("no session bus");
    while (!d.quit) {
        struct pollfd pfd[2] = {
            { 0, POLLIN, 0 },
            { d.mpris ? mpris_fd(d.mpris) : -1,
              d.mpris ? mpris_events(d.mpris) : 0, 0 },
        };
        int timeout = d.mpris ? mpris_timeout_ms(d.mpris) : -1;

        if (poll(pfd, 2, timeout) < 0 && errno != EINTR) {
            perror("driver: poll");
            return 1;
        }
        if (pfd[0].revents)
            driver_read(&d, buf, &len, sizeof(buf));
        if (d.mpris) {
            mpris_service(d.mpris);
            if (!d.named && mpris_bus_name(d.mpris)) {
                d.named = true;
                driver_say("name %s", mpris_bus_name(d.mpris));
            }
        }
    }
    driver_say("bye");
    mpris_destroy(d.mpris);
    for (size_t i = 0; i < 4; i++)
        free(d.text[i]);
    return 0;
}
