/* resume.c - the watch-later file: read, updated under a lock, replaced
 * whole by rename. */
#include "resume.h"

#include "fdwrite.h"
#include "strbuf.h"
#include "url.h"
#include "xmem.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define RESUME_HEADER "tplay resume "
#define RESUME_MAX_NUMBER 1e12   /* a position or volume past this is no one's */
#define RESUME_HASH_SLOTS 4096   /* a power of two above 2 * RESUME_MAX_ENTRIES */

/* Every line the bounds allow, with its '\n', fits under the size cap. */
_Static_assert(RESUME_MAX_ENTRIES * (RESUME_MAX_LINE + 1L) + 64 <=
               RESUME_MAX_BYTES, "the resume file's bounds disagree");
_Static_assert(RESUME_HASH_SLOTS >= 2 * RESUME_MAX_ENTRIES,
               "the seen-keys table must stay half empty");

/* The state file read whole: its lines, without their '\n'. */
struct resume_file {
    char *text;
    size_t len;
    struct resume_line {
        const char *s;
        size_t len;
    } *lines;
    size_t nlines;
};

char *resume_dir(void)
{
    const char *state = getenv("XDG_STATE_HOME"), *home = getenv("HOME");
    const char *base, *sub;
    size_t n;

    /* XDG: a relative path in the variable is invalid and ignored. */
    if (state && state[0] == '/') {
        base = state;
        sub = "tplay";
    } else if (home && home[0] == '/') {
        base = home;
        sub = ".local/state/tplay";
    } else {
        return NULL;
    }
    n = strlen(base);
    return xasprintf("%s%s%s", base, base[n - 1] == '/' ? "" : "/", sub);
}

char *resume_key(const char *path)
{
    char *local, *real;

    if (strcmp(path, "-") == 0 || url_is(path, "fd"))
        return NULL;
    local = url_file_path(path);
    if (!local && url_scheme_len(path))
        return strlen(path) <= RESUME_MAX_KEY ? xstrdup(path) : NULL;
    real = realpath(local ? local : path, NULL);
    free(local);
    if (real && strlen(real) > RESUME_MAX_KEY) {
        free(real);
        return NULL;
    }
    return real;
}

void resume_entry_free(struct resume_entry *e)
{
    for (size_t i = 0; i < e->ntracks; i++)
        free(e->tracks[i]);
    free(e->tracks);
    for (size_t i = 0; i < e->ngains; i++)
        free(e->gains[i].id);
    free(e->gains);
    memset(e, 0, sizeof *e);
    e->volume = -1;
}

/* s with the bytes that would break a line or a field as %XX. */
static void resume_escape(struct strbuf *sb, const char *s)
{
    static const char hex[] = "0123456789ABCDEF";

    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (*p < 0x20 || *p == 0x7F || *p == '%' || *p == ',' || *p == '=') {
            strbuf_addc(sb, '%');
            strbuf_addc(sb, hex[*p >> 4]);
            strbuf_addc(sb, hex[*p & 15]);
        } else {
            strbuf_addc(sb, (char)*p);
        }
    }
}

static int resume_hex(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    return -1;
}

/* The len bytes at s unescaped: a new string, or NULL when a '%' is not
 * followed by two hex digits, or it would hold a NUL byte, or is empty. */
static char *resume_unescape(const char *s, size_t len)
{
    struct strbuf out = STRBUF_INIT;

    for (size_t i = 0; i < len; i++) {
        int hi, lo;

        if (s[i] != '%') {
            strbuf_addc(&out, s[i]);
            continue;
        }
        if (i + 2 >= len || (hi = resume_hex(s[i + 1])) < 0 ||
            (lo = resume_hex(s[i + 2])) < 0 || (hi | lo) == 0) {
            strbuf_free(&out);
            return NULL;
        }
        strbuf_addc(&out, (char)(hi * 16 + lo));
        i += 2;
    }
    if (out.len == 0)
        return NULL;
    return strbuf_detach(&out);
}

/* v (0 to RESUME_MAX_NUMBER) with three decimals and a '.', whatever the
 * locale says. */
static void resume_add_number(struct strbuf *sb, double v)
{
    long long ms = llround(v * 1000);

    strbuf_addf(sb, "%lld.%03lld", ms / 1000, ms % 1000);
}

/* The len bytes at s as digits, '.', digits: 0 with *out, or -1. */
static int resume_number(const char *s, size_t len, double *out)
{
    double v = 0, den = 1;
    size_t i = 0;

    for (; i < len && s[i] >= '0' && s[i] <= '9'; i++) {
        v = v * 10 + (s[i] - '0');
        if (v > RESUME_MAX_NUMBER)
            return -1;
    }
    if (i == 0)
        return -1;
    if (i < len && s[i] == '.')
        for (i++; i < len && s[i] >= '0' && s[i] <= '9'; i++)
            if (den < 1e15) {
                den *= 10;
                v += (s[i] - '0') / den;
            }
    if (i != len)
        return -1;
    *out = v;
    return 0;
}

/* The track ids of an "audio" value, into e. */
static int resume_parse_tracks(const char *s, size_t len,
                               struct resume_entry *e)
{
    const char *end = s + len;

    while (s < end) {
        const char *comma = memchr(s, ',', (size_t)(end - s));
        const char *stop = comma ? comma : end;
        char *id;

        if (stop > s && e->ntracks < RESUME_MAX_TRACKS) {
            id = resume_unescape(s, (size_t)(stop - s));
            if (!id)
                return -1;
            e->tracks = xreallocarray(e->tracks, e->ntracks + 1,
                                      sizeof *e->tracks);
            e->tracks[e->ntracks++] = id;
        }
        s = comma ? comma + 1 : end;
    }
    return 0;
}

/* The ID:DB items of a "gain" value, into e: the ID ends at an item's
 * last ':', the dB may have a sign. */
static int resume_parse_gains(const char *s, size_t len,
                              struct resume_entry *e)
{
    const char *end = s + len;

    while (s < end) {
        const char *comma = memchr(s, ',', (size_t)(end - s));
        const char *stop = comma ? comma : end, *colon = NULL;
        double db;
        char *id;

        for (const char *p = s; p < stop; p++)
            if (*p == ':')
                colon = p;
        const char *num;
        bool minus;

        if (!colon)
            return -1;
        minus = colon + 1 < stop && colon[1] == '-';
        num = colon + 1 + (minus || (colon + 1 < stop && colon[1] == '+'));
        if (resume_number(num, (size_t)(stop - num), &db) < 0)
            return -1;
        if (e->ngains < RESUME_MAX_TRACKS) {
            id = resume_unescape(s, (size_t)(colon - s));
            if (!id)
                return -1;
            e->gains = xreallocarray(e->gains, e->ngains + 1,
                                     sizeof *e->gains);
            e->gains[e->ngains].id = id;
            e->gains[e->ngains++].db = minus ? -db : db;
        }
        s = comma ? comma + 1 : end;
    }
    return 0;
}

/* One NAME=VALUE field (len bytes at f) into e; *position set when it
 * is a valid position.  0, or -1 when a known field's value is bad;
 * unknown fields and text with no '=' are 0. */
static int resume_parse_field(const char *f, size_t len,
                              struct resume_entry *e, bool *position)
{
    const char *eq = memchr(f, '=', len);
    const char *v;
    size_t n, vlen;

    if (!eq)
        return 0;
    v = eq + 1;
    n = (size_t)(eq - f);
    vlen = len - n - 1;
    if (n == strlen("position") && memcmp(f, "position", n) == 0) {
        *position = resume_number(v, vlen, &e->position) == 0;
        return *position ? 0 : -1;
    }
    if (n == strlen("volume") && memcmp(f, "volume", n) == 0)
        return resume_number(v, vlen, &e->volume);
    if (n == strlen("audio") && memcmp(f, "audio", n) == 0)
        return resume_parse_tracks(v, vlen, e);
    if (n == strlen("gain") && memcmp(f, "gain", n) == 0)
        return resume_parse_gains(v, vlen, e);
    return 0;
}

/*
 * Read one line: its key (a new string in *key) and, when e is not NULL,
 * its fields.  0, or -1 for a line that cannot be read (nothing is left
 * to free then).
 */
static int resume_parse_line(const char *s, size_t len, char **key,
                             struct resume_entry *e)
{
    struct resume_entry tmp = { 0, -1, NULL, 0, NULL, 0 };
    const char *end = s + len, *f, *tab = memchr(s, '\t', len);
    bool position = false;
    int bad = 0;

    *key = NULL;
    if (len > RESUME_MAX_LINE || memchr(s, '\0', len) || !tab)
        return -1;
    *key = resume_unescape(s, (size_t)(tab - s));
    if (!*key)
        return -1;
    for (f = tab + 1; !bad;) {
        const char *next = memchr(f, '\t', (size_t)(end - f));
        const char *stop = next ? next : end;

        bad = resume_parse_field(f, (size_t)(stop - f), &tmp, &position);
        if (!next)
            break;
        f = next + 1;
    }
    if (bad || !position) {
        resume_entry_free(&tmp);
        free(*key);
        *key = NULL;
        return -1;
    }
    if (e)
        *e = tmp;
    else
        resume_entry_free(&tmp);
    return 0;
}

static char *resume_path(const char *dir, const char *name)
{
    size_t n = strlen(dir);

    return xasprintf("%s%s%s", dir, n && dir[n - 1] == '/' ? "" : "/", name);
}

static void resume_file_free(struct resume_file *f)
{
    free(f->text);
    free(f->lines);
    memset(f, 0, sizeof *f);
}

/* Split f's text into lines and check the header.  0, or -1 with *err. */
static int resume_split(struct resume_file *f, const char *path, char **err)
{
    const char *p = f->text, *end = f->text + f->len;
    size_t cap = 0;

    while (p < end) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        const char *stop = nl ? nl : end;

        if (f->nlines == cap) {
            cap = cap ? cap * 2 : 64;
            f->lines = xreallocarray(f->lines, cap, sizeof *f->lines);
        }
        f->lines[f->nlines].s = p;
        f->lines[f->nlines].len = (size_t)(stop - p);
        f->nlines++;
        p = nl ? nl + 1 : end;
    }
    if (f->nlines && f->lines[0].len > strlen(RESUME_HEADER) &&
        memcmp(f->lines[0].s, RESUME_HEADER, strlen(RESUME_HEADER)) == 0) {
        const char *v = f->lines[0].s + strlen(RESUME_HEADER);
        size_t n = f->lines[0].len - strlen(RESUME_HEADER);
        double format;

        /* A header that does not parse is a bad line like any other. */
        if (resume_number(v, n, &format) == 0 && format > RESUME_FORMAT) {
            *err = xasprintf("%s: written by a later tplay (format %.0f, "
                             "this one reads %d); update tplay or remove "
                             "the file", path, format, RESUME_FORMAT);
            return -1;
        }
    }
    return 0;
}

/* Read the state file at path whole into *f (empty when there is none).
 * 0, or -1 with *err. */
static int resume_read(const char *path, struct resume_file *f, char **err)
{
    struct stat st;
    size_t cap = 4096;
    int fd;

    memset(f, 0, sizeof *f);
    /* O_NONBLOCK: a FIFO put there must not hang tplay's quit. */
    fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
    if (fd < 0 && (errno == ENOENT || errno == ENOTDIR))
        return 0;
    if (fd < 0 || fstat(fd, &st) != 0) {
        *err = xasprintf("%s: cannot read: %s; check its permissions, or "
                         "remove it to start afresh", path, strerror(errno));
        if (fd >= 0)
            close(fd);
        return -1;
    }
    if (!S_ISREG(st.st_mode)) {
        *err = xasprintf("%s: not a regular file; remove it", path);
        close(fd);
        return -1;
    }
    f->text = xmalloc(cap);
    for (;;) {
        ssize_t got;

        if (f->len > (size_t)RESUME_MAX_BYTES) {
            *err = xasprintf("%s: more than %ld MiB, not a file tplay wrote; "
                             "remove it", path, RESUME_MAX_BYTES >> 20);
            break;
        }
        if (f->len == cap) {
            /* Up to one byte past the cap: enough to tell a bigger file. */
            cap = cap * 2 > (size_t)RESUME_MAX_BYTES + 1
                  ? (size_t)RESUME_MAX_BYTES + 1 : cap * 2;
            f->text = xreallocarray(f->text, cap, 1);
        }
        got = read(fd, f->text + f->len, cap - f->len);
        if (got < 0 && errno == EINTR)
            continue;
        if (got < 0) {
            *err = xasprintf("%s: cannot read: %s; check the disk, or remove "
                             "it to start afresh", path, strerror(errno));
            break;
        }
        if (got == 0) {
            close(fd);
            if (resume_split(f, path, err) == 0)
                return 0;
            resume_file_free(f);
            return -1;
        }
        f->len += (size_t)got;
    }
    close(fd);
    resume_file_free(f);
    return -1;
}

int resume_load(const char *dir, const char *key, struct resume_entry *out,
                char **err)
{
    char *path = resume_path(dir, RESUME_FILE);
    struct resume_file f;
    int found = 0;

    memset(out, 0, sizeof *out);
    out->volume = -1;
    if (resume_read(path, &f, err) < 0) {
        free(path);
        return -1;
    }
    for (size_t i = 0; i < f.nlines && !found; i++) {
        char *k;
        struct resume_entry e;

        if (resume_parse_line(f.lines[i].s, f.lines[i].len, &k, &e) < 0)
            continue;
        if (strcmp(k, key) == 0) {
            *out = e;
            found = 1;
        } else {
            resume_entry_free(&e);
        }
        free(k);
    }
    resume_file_free(&f);
    free(path);
    return found;
}

/* Create dir and its missing parents (0700).  0, or -1 with *err
 * naming the folder that could not be made. */
static int resume_mkdirs(const char *dir, char **err)
{
    char *p = xstrdup(dir);
    struct stat st;
    char *s = p;

    if (!*p) {
        free(p);
        *err = xstrdup("the folder for resume positions has no name; set "
                       "$XDG_STATE_HOME or $HOME");
        return -1;
    }
    for (;;) {
        bool last;

        s = strchr(s + 1, '/');
        while (s && s[1] == '/')
            s++; /* "a//b": one folder */
        last = !s || s[1] == '\0';
        if (s)
            *s = '\0';
        if (mkdir(p, 0700) != 0 && errno != EEXIST)
            break;
        if (last) {
            if (stat(p, &st) != 0)
                break;
            if (S_ISDIR(st.st_mode)) {
                free(p);
                return 0;
            }
            errno = ENOTDIR;
            break;
        }
        *s = '/';
    }
    *err = xasprintf("%s: cannot create the folder: %s; check the "
                     "permissions above it, or set $XDG_STATE_HOME", p,
                     strerror(errno));
    free(p);
    return -1;
}

/* Take the writers' lock on dir's lock file, waiting up to RESUME_LOCK_MS
 * for another tplay.  The lock's descriptor (close it to unlock), or -1
 * with *err. */
static int resume_lock(const char *dir, char **err)
{
    char *path = resume_path(dir, RESUME_FILE ".lock");
    struct timespec nap = { 0, 10 * 1000 * 1000 };
    int fd, waited = 0;

    fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
    if (fd < 0) {
        *err = xasprintf("%s: cannot open: %s; check the folder's "
                         "permissions", path, strerror(errno));
        free(path);
        return -1;
    }
    while (flock(fd, LOCK_EX | LOCK_NB) != 0) {
        if (errno == EINTR)
            continue;
        if (errno != EWOULDBLOCK || waited >= RESUME_LOCK_MS) {
            if (errno == EWOULDBLOCK)
                *err = xasprintf("%s: another tplay kept it locked for %d s; "
                                 "not updated, try again", path,
                                 RESUME_LOCK_MS / 1000);
            else
                *err = xasprintf("%s: cannot lock: %s; not updated", path,
                                 strerror(errno));
            close(fd);
            free(path);
            return -1;
        }
        nanosleep(&nap, NULL);
        waited += 10;
    }
    free(path);
    return fd;
}

/* Replace dir's state file with text: a new file, synced, renamed over
 * the old one.  0, or -1 with *err (the old file is untouched). */
static int resume_replace(const char *dir, const struct strbuf *text,
                          char **err)
{
    char *tmp = resume_path(dir, RESUME_FILE ".new");
    char *path = resume_path(dir, RESUME_FILE);
    int fd, rc = -1;

    fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW,
              0600);
    if (fd < 0) {
        *err = xasprintf("%s: cannot write: %s; check the folder's "
                         "permissions", tmp, strerror(errno));
        goto out;
    }
    if (fdwrite_all(fd, text->buf, text->len) != 0 || fsync(fd) != 0) {
        *err = xasprintf("%s: cannot write: %s; check the space left on "
                         "its disk", tmp, strerror(errno));
        close(fd);
        unlink(tmp);
        goto out;
    }
    if (close(fd) != 0 || rename(tmp, path) != 0) {
        *err = xasprintf("%s: cannot replace it: %s; check the folder's "
                         "permissions and the space left on its disk", path,
                         strerror(errno));
        unlink(tmp);
        goto out;
    }
    /* The rename itself lasts once the folder is synced; a folder that
     * cannot be synced still has the whole new file or the whole old. */
    fd = open(dir, O_RDONLY | O_CLOEXEC | O_DIRECTORY);
    if (fd >= 0) {
        fsync(fd);
        close(fd);
    }
    rc = 0;
out:
    free(tmp);
    free(path);
    return rc;
}

/* FNV-1a: which slot of the seen-keys table a key starts from. */
static size_t resume_hash(const char *s)
{
    uint64_t h = UINT64_C(0xcbf29ce484222325);

    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * UINT64_C(0x100000001b3);
    return (size_t)(h & (RESUME_HASH_SLOTS - 1));
}

/* Whether key was seen; else remember it (the table owns key then). */
static bool resume_seen(char **table, char *key)
{
    size_t i = resume_hash(key);

    /* Never full: at most RESUME_MAX_ENTRIES keys, half the slots. */
    while (table[i]) {
        if (strcmp(table[i], key) == 0)
            return true;
        i = (i + 1) & (RESUME_HASH_SLOTS - 1);
    }
    table[i] = key;
    return false;
}

/*
 * The writers' update: under the lock, the file becomes line (NULL: none)
 * as the most recent entry, then the readable lines of other keys than
 * key, each once, in their order, to RESUME_MAX_ENTRIES.  When forgetting
 * (line NULL) and key is not there, nothing is written.  0, or -1 with
 * *err.
 */
static int resume_update(const char *dir, const char *key, const char *line,
                         char **err)
{
    char *path = resume_path(dir, RESUME_FILE);
    char **seen = xcalloc(RESUME_HASH_SLOTS, sizeof *seen);
    struct strbuf out = STRBUF_INIT;
    struct resume_file f;
    size_t kept = 0;
    bool found = false;
    int lock, rc = -1;

    lock = resume_lock(dir, err);
    if (lock < 0)
        goto out;
    if (resume_read(path, &f, err) < 0)
        goto unlock;
    strbuf_addf(&out, "%s%d\n", RESUME_HEADER, RESUME_FORMAT);
    if (line) {
        strbuf_adds(&out, line);
        strbuf_addc(&out, '\n');
        kept++;
    }
    for (size_t i = 0; i < f.nlines && kept < RESUME_MAX_ENTRIES; i++) {
        char *k;

        if (resume_parse_line(f.lines[i].s, f.lines[i].len, &k, NULL) < 0)
            continue;
        if (strcmp(k, key) == 0) {
            found = true;
            free(k);
        } else if (resume_seen(seen, k)) {
            free(k);
        } else {
            strbuf_add(&out, f.lines[i].s, f.lines[i].len);
            strbuf_addc(&out, '\n');
            kept++;
        }
    }
    rc = line || found ? resume_replace(dir, &out, err) : 0;
    resume_file_free(&f);
unlock:
    close(lock);
out:
    for (size_t i = 0; i < RESUME_HASH_SLOTS; i++)
        free(seen[i]);
    free(seen);
    strbuf_free(&out);
    free(path);
    return rc;
}

int resume_save(const char *dir, const char *key, const struct resume_entry *e,
                char **err)
{
    struct strbuf line = STRBUF_INIT;
    int rc;

    if (strlen(key) > RESUME_MAX_KEY || !key[0]) {
        *err = xasprintf("a name of %zu bytes is not remembered (1 to %d)",
                         strlen(key), RESUME_MAX_KEY);
        return -1;
    }
    if (!(e->position >= 0 && e->position <= RESUME_MAX_NUMBER) ||
        !(e->volume <= RESUME_MAX_NUMBER)) {
        *err = xasprintf("position %g s, volume %g: not remembered", e->position,
                         e->volume);
        return -1;
    }
    for (size_t i = 0; i < e->ngains; i++)
        if (!(fabs(e->gains[i].db) <= RESUME_MAX_NUMBER)) {
            *err = xasprintf("a gain of %g dB: not remembered",
                             e->gains[i].db);
            return -1;
        }
    resume_escape(&line, key);
    strbuf_adds(&line, "\tposition=");
    resume_add_number(&line, e->position);
    if (e->volume >= 0) {
        strbuf_adds(&line, "\tvolume=");
        resume_add_number(&line, e->volume);
    }
    for (size_t i = 0; i < e->ntracks && i < RESUME_MAX_TRACKS; i++) {
        strbuf_adds(&line, i ? "," : "\taudio=");
        resume_escape(&line, e->tracks[i]);
    }
    for (size_t i = 0; i < e->ngains && i < RESUME_MAX_TRACKS; i++) {
        strbuf_adds(&line, i ? "," : "\tgain=");
        resume_escape(&line, e->gains[i].id);
        strbuf_adds(&line, e->gains[i].db < 0 ? ":-" : ":");
        resume_add_number(&line, fabs(e->gains[i].db));
    }
    if (line.len > RESUME_MAX_LINE) {
        *err = xasprintf("%zu bytes of audio track ids and name: more than "
                         "the %d a file's position may take; not remembered",
                         line.len, RESUME_MAX_LINE);
        strbuf_free(&line);
        return -1;
    }
    rc = resume_mkdirs(dir, err);
    if (rc == 0)
        rc = resume_update(dir, key, line.buf, err);
    strbuf_free(&line);
    return rc;
}

int resume_forget(const char *dir, const char *key, char **err)
{
    struct stat st;

    /* Nothing was remembered where there is no folder: create none. */
    if (stat(dir, &st) != 0 && errno == ENOENT)
        return 0;
    return resume_update(dir, key, NULL, err);
}
