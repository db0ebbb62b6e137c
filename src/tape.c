/* tape.c - a read-once source recorded as it is read. */
#define _GNU_SOURCE /* fopencookie */
#include "tape.h"

#include "fatal.h"
#include "xmem.h"

#include <errno.h>
#include <libavformat/avio.h>
#include <libavutil/error.h>
#include <libavutil/log.h>
#include <libavutil/mem.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>
#include <sys/types.h>
#include <time.h>
#include <unistd.h>

/* libavformat's read size through the custom I/O. */
enum { TAPE_IO_BUFFER = 1 << 16 };

struct tape {
    AVIOContext *url;      /* the source, for a URL */
    int fd;                /* the source, else */
    unsigned char *bytes;  /* the recording */
    size_t len, cap;
    bool ended;            /* the source ended (or failed) */
    off_t fpos;            /* the FILE's position */
    int64_t apos;          /* the AVIOContext's position */
    FILE *file;
    AVIOContext *avio;
    struct timespec deadline;
};

int tape_interrupt(void *data)
{
    const struct tape *t = data;
    struct timespec now;

    if (!t->url)
        return 0;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return now.tv_sec > t->deadline.tv_sec ||
           (now.tv_sec == t->deadline.tv_sec &&
            now.tv_nsec > t->deadline.tv_nsec);
}

/* Record until want bytes are there, the source ends, or TAPE_MAX. */
static void tape_fill(struct tape *t, size_t want)
{
    if (want > TAPE_MAX)
        want = TAPE_MAX;
    while (!t->ended && t->len < want) {
        size_t room;
        ssize_t n;

        if (t->cap - t->len < TAPE_IO_BUFFER && t->cap < TAPE_MAX) {
            t->cap = t->cap ? t->cap * 2 : 4 * TAPE_IO_BUFFER;
            if (t->cap > TAPE_MAX)
                t->cap = TAPE_MAX;
            t->bytes = xreallocarray(t->bytes, t->cap, 1);
        }
        room = t->cap - t->len;
        if (room > TAPE_IO_BUFFER)
            room = TAPE_IO_BUFFER;
        if (t->url)
            n = avio_read_partial(t->url, t->bytes + t->len, (int)room);
        else
            do
                n = read(t->fd, t->bytes + t->len, room);
            while (n < 0 && errno == EINTR);
        if (n <= 0)
            t->ended = true;
        else
            t->len += (size_t)n;
    }
}

/* Copy up to size recorded bytes at pos into buf (recording as needed);
 * returns how many (0 at the end). */
static size_t tape_copy(struct tape *t, uint64_t pos, void *buf, size_t size)
{
    size_t n;

    if (pos >= TAPE_MAX)
        return 0;
    tape_fill(t, (size_t)pos + size);
    if (pos >= t->len)
        return 0;
    n = t->len - (size_t)pos < size ? t->len - (size_t)pos : size;
    memcpy(buf, t->bytes + pos, n);
    return n;
}

/* Where a seek lands, or -1 outside the recordable range. */
static int64_t tape_seek_to(int64_t cur, int64_t offset, int whence)
{
    int64_t to = whence == SEEK_SET ? offset
               : whence == SEEK_CUR ? cur + offset : -1;

    return to >= 0 && to <= (int64_t)TAPE_MAX ? to : -1;
}

static ssize_t tape_file_read(void *data, char *buf, size_t size)
{
    struct tape *t = data;
    size_t n = tape_copy(t, (uint64_t)t->fpos, buf, size);

    t->fpos += (off_t)n;
    return (ssize_t)n;
}

static int tape_file_seek(void *data, off64_t *offset, int whence)
{
    struct tape *t = data;
    int64_t to = tape_seek_to(t->fpos, *offset, whence);

    if (to < 0)
        return -1;
    t->fpos = (off_t)to;
    *offset = to;
    return 0;
}

static int tape_avio_read(void *data, uint8_t *buf, int size)
{
    struct tape *t = data;
    size_t n = tape_copy(t, (uint64_t)t->apos, buf, (size_t)size);

    t->apos += (int64_t)n;
    return n > 0 ? (int)n : AVERROR_EOF;
}

/* The size is unknown (AVSEEK_SIZE, SEEK_END: -1). */
static int64_t tape_avio_seek(void *data, int64_t offset, int whence)
{
    struct tape *t = data;
    int64_t to = tape_seek_to(t->apos, offset, whence & ~AVSEEK_FORCE);

    if (to < 0)
        return -1;
    t->apos = to;
    return to;
}

static struct tape *tape_new(void)
{
    static const cookie_io_functions_t io = {
        tape_file_read, NULL, tape_file_seek, NULL,
    };
    struct tape *t = xcalloc(1, sizeof *t);
    unsigned char *buf = av_malloc(TAPE_IO_BUFFER);

    t->fd = -1;
    t->file = fopencookie(t, "rb", io);
    if (!t->file)
        fatal("fopencookie: %s", strerror(errno));
    if (!buf || !(t->avio = avio_alloc_context(buf, TAPE_IO_BUFFER, 0, t,
                                               tape_avio_read, NULL,
                                               tape_avio_seek)))
        fatal("out of memory (libavformat's I/O)");
    return t;
}

struct tape *tape_open_url(const char *url, char **err)
{
    struct tape *t = tape_new();
    AVIOInterruptCB cb = { tape_interrupt, t };
    int rc;

    clock_gettime(CLOCK_MONOTONIC, &t->deadline);
    t->deadline.tv_sec += TAPE_URL_SECONDS;
    av_log_set_level(AV_LOG_QUIET);
    rc = avio_open2(&t->url, url, AVIO_FLAG_READ, &cb, NULL);
    if (rc < 0) {
        char msg[AV_ERROR_MAX_STRING_SIZE] = "";

        av_strerror(rc, msg, sizeof msg);
        *err = xstrdup(msg);
        t->url = NULL;
        tape_close(t);
        return NULL;
    }
    t->avio->seekable = t->url->seekable; /* as libmpv finds the URL */
    return t;
}

struct tape *tape_open_fd(int fd)
{
    struct tape *t = tape_new();

    t->fd = fd;
    /* libmpv reads a descriptor's film from the relay's pipe: libavformat
     * takes the paths it takes on a stream that cannot seek there, and
     * must take the same ones here. */
    t->avio->seekable = 0;
    return t;
}

FILE *tape_file(struct tape *t)
{
    return t->file;
}

struct AVIOContext *tape_avio(struct tape *t)
{
    return t->avio;
}

const unsigned char *tape_bytes(const struct tape *t, size_t *n)
{
    *n = t->len;
    return t->bytes;
}

void tape_close(struct tape *t)
{
    if (!t)
        return;
    fclose(t->file);
    if (t->avio) {
        av_freep(&t->avio->buffer);
        avio_context_free(&t->avio);
    }
    avio_closep(&t->url);
    free(t->bytes);
    free(t);
}
