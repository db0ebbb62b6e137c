/* playlist.c - arguments to entries: folders walked, playlists read,
 * natural order and the shuffle. */
#include "playlist.h"

#include "m3u.h"
#include "problems.h"
#include "strbuf.h"
#include "url.h"
#include "xmem.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>

/* What a folder's media files end in, lower case. */
static const char *const playlist_media_ext[] = {
    /* video */
    "3g2", "3gp", "asf", "avi", "divx", "f4v", "flv", "m2ts", "m2v", "m4v",
    "mk3d", "mkv", "mov", "mp4", "mpeg", "mpg", "mts", "mxf", "nut", "ogv",
    "rm", "rmvb", "ts", "vob", "webm", "wmv",
    /* audio */
    "aac", "ac3", "aif", "aifc", "aiff", "alac", "amr", "ape", "au", "caf",
    "dff", "dsf", "dts", "eac3", "flac", "m4a", "m4b", "mka", "mp2", "mp3",
    "mpc", "oga", "ogg", "ogx", "opus", "spx", "tta", "wav", "wave", "weba",
    "wma", "wv",
};

/* The URL schemes a playlist file may name: network streams, which open
 * nothing on this machine but a connection. */
static const char *const playlist_safe_schemes[] = {
    "http", "https", "ftp", "ftps", "rtmp", "rtmps", "rtmpe", "rtmpt",
    "rtmpte", "rtmpts", "rtsp", "rtsps", "mms", "mmsh", "mmst", "srt", "rtp",
};

/* A folder or playlist being read: how loops are seen. */
struct playlist_id {
    dev_t dev;
    ino_t ino;
};

/* One playlist_add: the entries go to pl, loops are checked against the
 * folders and playlists open above the current one. */
struct playlist_walk {
    struct playlist *pl;
    struct playlist_id open[PLAYLIST_MAX_DIR_DEPTH + PLAYLIST_MAX_NESTING + 2];
    size_t nopen;
    int dir_depth;   /* folders below the one given */
    int nesting;     /* playlists open */
    bool full;       /* PLAYLIST_MAX_ENTRIES reached */
};

/* Reading one playlist: the walk, and its name and folder for entries. */
struct playlist_m3u_ctx {
    struct playlist_walk *w;
    const char *path;
    const char *dir;  /* "" or the folder with its trailing '/' */
    size_t added;     /* entries and refusals, for "nothing to play" */
};

static void playlist_item(struct playlist_walk *w, const char *path,
                          const char *title, const char *where, bool trusted);

static void playlist_problem(struct playlist *pl, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void playlist_problem(struct playlist *pl, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    problems_addv(&pl->problems, &pl->nproblems, fmt, ap);
    va_end(ap);
}

/* What a user can do about errno e when reading a file or folder. */
static const char *playlist_hint(int e)
{
    switch (e) {
    case EACCES:
    case EPERM:
        return "check its permissions";
    case ENOENT:
    case ENOTDIR:
        return "check the name";
    case ELOOP:
        return "its symbolic links go round in a loop";
    case EMFILE:
    case ENFILE:
        return "too many files open; close other programs";
    default:
        return "skipped";
    }
}

/* Add an entry; *frag (or NULL: none) is moved into it. */
static void playlist_push(struct playlist_walk *w, const char *path,
                          const char *title, struct fragment *frag)
{
    struct playlist *pl = w->pl;

    if (w->full)
        return;
    if (pl->count == PLAYLIST_MAX_ENTRIES) {
        w->full = true;
        playlist_problem(pl, "%s: more than %d entries to play; the rest "
                         "are left out", path, PLAYLIST_MAX_ENTRIES);
        return;
    }
    if (pl->count == pl->cap) {
        pl->cap = pl->cap ? pl->cap * 2 : 16;
        pl->entries = xreallocarray(pl->entries, pl->cap, sizeof *pl->entries);
    }
    pl->entries[pl->count].path = xstrdup(path);
    pl->entries[pl->count].title = title ? xstrdup(title) : NULL;
    memset(&pl->entries[pl->count].frag, 0, sizeof pl->entries[pl->count].frag);
    if (frag)
        fragment_move(&pl->entries[pl->count].frag, frag);
    pl->count++;
}

/* Whether id is a folder or playlist being read above; else note it as
 * one (playlist_leave drops it). */
static bool playlist_enter(struct playlist_walk *w, const struct stat *st)
{
    for (size_t i = 0; i < w->nopen; i++)
        if (w->open[i].dev == st->st_dev && w->open[i].ino == st->st_ino)
            return false;
    /* The depth limits keep nopen below the array's size. */
    w->open[w->nopen].dev = st->st_dev;
    w->open[w->nopen].ino = st->st_ino;
    w->nopen++;
    return true;
}

static void playlist_leave(struct playlist_walk *w)
{
    w->nopen--;
}

/* The extension of name, after its last '.', or NULL. */
static const char *playlist_ext(const char *name)
{
    const char *slash = strrchr(name, '/'), *dot = strrchr(name, '.');

    if (!dot || (slash && dot < slash) || dot == (slash ? slash + 1 : name))
        return NULL;
    return dot + 1;
}

static bool playlist_ext_is(const char *ext, const char *want)
{
    for (; *want; ext++, want++) {
        char c = *ext >= 'A' && *ext <= 'Z' ? (char)(*ext - 'A' + 'a') : *ext;

        if (c != *want)
            return false;
    }
    return *ext == '\0';
}

static bool playlist_is_media(const char *name)
{
    const char *ext = playlist_ext(name);

    if (!ext)
        return false;
    for (size_t i = 0;
         i < sizeof playlist_media_ext / sizeof playlist_media_ext[0]; i++)
        if (playlist_ext_is(ext, playlist_media_ext[i]))
            return true;
    return false;
}

/* M3U_UTF8 for .m3u8, M3U_GUESS for .m3u; -1 for anything else. */
static int playlist_m3u_kind(const char *path)
{
    const char *ext = playlist_ext(path);

    if (ext && playlist_ext_is(ext, "m3u8"))
        return M3U_UTF8;
    if (ext && playlist_ext_is(ext, "m3u"))
        return M3U_GUESS;
    return -1;
}

static int playlist_qsort_cmp(const void *a, const void *b)
{
    return playlist_natural_cmp(*(char *const *)a, *(char *const *)b);
}

static char *playlist_join(const char *dir, const char *name)
{
    size_t n = strlen(dir);

    return xasprintf("%s%s%s", dir, n && dir[n - 1] == '/' ? "" : "/", name);
}

/* A growing list of names. */
struct playlist_names {
    char **v;
    size_t n, cap;
};

static void playlist_names_add(struct playlist_names *l, char *name)
{
    if (l->n == l->cap) {
        l->cap = l->cap ? l->cap * 2 : 16;
        l->v = xreallocarray(l->v, l->cap, sizeof *l->v);
    }
    l->v[l->n++] = name;
}

static void playlist_free_names(char **names, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(names[i]);
    free(names);
}

static void playlist_dir(struct playlist_walk *w, const char *dir,
                         const struct stat *st, bool given);

/* Walk each of a folder's subfolders, one level down. */
static void playlist_subdirs(struct playlist_walk *w, char **dirs, size_t n)
{
    w->dir_depth++;
    for (size_t i = 0; i < n && !w->full; i++) {
        struct stat st;

        /* Stat again: the folder may have changed since it was listed. */
        if (stat(dirs[i], &st) == 0 && S_ISDIR(st.st_mode))
            playlist_dir(w, dirs[i], &st, false);
    }
    w->dir_depth--;
}

/* Add the media files of the folder dir (st: its stat), then each
 * subfolder's; given: named by an argument or a playlist, not found by
 * the walk, so that finding nothing in it is a problem. */
static void playlist_dir(struct playlist_walk *w, const char *dir,
                         const struct stat *st, bool given)
{
    struct playlist_names files = { 0 }, dirs = { 0 };
    size_t before = w->pl->count;
    struct dirent *e;
    DIR *d;

    if (!playlist_enter(w, st)) {
        playlist_problem(w->pl, "%s: a folder already being read, reached "
                         "again through a symbolic link (a loop); skipped",
                         dir);
        return;
    }
    d = opendir(dir);
    if (!d) {
        int err = errno;

        playlist_problem(w->pl, "%s: cannot read the folder: %s; %s", dir,
                         strerror(err), playlist_hint(err));
        playlist_leave(w);
        return;
    }
    while ((e = readdir(d)) != NULL) {
        struct stat sub;
        char *path;

        if (e->d_name[0] == '.')
            continue;
        path = playlist_join(dir, e->d_name);
        /* stat, not lstat: links to files and folders are followed (a
         * dangling one is no media). */
        if (stat(path, &sub) != 0) {
            free(path);
        } else if (S_ISDIR(sub.st_mode)) {
            playlist_names_add(&dirs, path);
        } else if (S_ISREG(sub.st_mode) && playlist_is_media(e->d_name)) {
            playlist_names_add(&files, path);
        } else {
            free(path);
        }
    }
    closedir(d);
    if (files.n)
        qsort(files.v, files.n, sizeof *files.v, playlist_qsort_cmp);
    if (dirs.n)
        qsort(dirs.v, dirs.n, sizeof *dirs.v, playlist_qsort_cmp);
    for (size_t i = 0; i < files.n; i++)
        playlist_push(w, files.v[i], NULL, NULL);
    if (dirs.n && w->dir_depth == PLAYLIST_MAX_DIR_DEPTH)
        playlist_problem(w->pl, "%s: folders more than %d deep below the one "
                         "given; what they hold is left out", dir,
                         PLAYLIST_MAX_DIR_DEPTH);
    else
        playlist_subdirs(w, dirs.v, dirs.n);
    playlist_free_names(files.v, files.n);
    playlist_free_names(dirs.v, dirs.n);
    playlist_leave(w);
    if (given && w->pl->count == before && !w->full)
        playlist_problem(w->pl, "%s: no audio or video files in this folder "
                         "or below it; nothing to play", dir);
}

static bool playlist_safe_scheme(const char *url)
{
    for (size_t i = 0;
         i < sizeof playlist_safe_schemes / sizeof playlist_safe_schemes[0];
         i++)
        if (url_is(url, playlist_safe_schemes[i]))
            return true;
    return false;
}

/* One entry of a playlist being read: resolved against its folder. */
static bool playlist_m3u_entry(void *data, const struct m3u_entry *e)
{
    struct playlist_m3u_ctx *c = data;
    char *where = xasprintf("%s:%zu", c->path, e->line);
    size_t before = c->w->pl->count, problems = c->w->pl->nproblems;

    if (url_scheme_len(e->location) || e->location[0] == '/') {
        playlist_item(c->w, e->location, e->title, where, false);
    } else {
        /* "./-": a file named "-" beside a playlist is no standard input. */
        char *path = xasprintf("%s%s", c->dir[0] || strcmp(e->location, "-")
                               ? c->dir : "./", e->location);

        playlist_item(c->w, path, e->title, where, false);
        free(path);
    }
    free(where);
    c->added += (c->w->pl->count - before) + (c->w->pl->nproblems - problems);
    return !c->w->full;
}

/* Read the whole regular file fd (at most M3U_MAX_BYTES, one more to tell
 * a bigger file): the bytes and *len, or NULL with errno. */
static char *playlist_slurp(int fd, size_t *len)
{
    size_t cap = 4096, n = 0;
    char *buf = xmalloc(cap);

    for (;;) {
        ssize_t got;

        if (n > (size_t)M3U_MAX_BYTES)
            break; /* m3u_parse refuses it */
        if (n == cap) {
            cap = cap * 2 > (size_t)M3U_MAX_BYTES + 1
                  ? (size_t)M3U_MAX_BYTES + 1 : cap * 2;
            buf = xreallocarray(buf, cap, 1);
        }
        got = read(fd, buf + n, cap - n);
        if (got < 0 && errno == EINTR)
            continue;
        if (got < 0) {
            int e = errno;

            free(buf);
            errno = e;
            return NULL;
        }
        if (got == 0)
            break;
        n += (size_t)got;
    }
    *len = n;
    return buf;
}

/* Add the entries of the playlist file path (named at where). */
static void playlist_m3u(struct playlist_walk *w, const char *path,
                         enum m3u_charset cs, const char *where)
{
    struct playlist_m3u_ctx c = { w, path, NULL, 0 };
    const char *slash = strrchr(path, '/');
    char *text, *err = NULL;
    struct stat st;
    size_t len = 0;
    int fd;

    if (w->nesting == PLAYLIST_MAX_NESTING) {
        playlist_problem(w->pl, "%s: playlists nested more than %d deep; %s "
                         "is left out", where, PLAYLIST_MAX_NESTING, path);
        return;
    }
    /* O_NONBLOCK: a FIFO named like a playlist must not hang tplay. */
    fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
    if (fd < 0 || fstat(fd, &st) != 0) {
        int e = errno;

        playlist_problem(w->pl, "%s: cannot read the playlist: %s; %s", path,
                         strerror(e), playlist_hint(e));
        if (fd >= 0)
            close(fd);
        return;
    }
    if (!S_ISREG(st.st_mode)) {
        playlist_problem(w->pl, "%s: not a regular file, so not read as a "
                         "playlist; give a file", path);
        close(fd);
        return;
    }
    if (!playlist_enter(w, &st)) {
        playlist_problem(w->pl, "%s: %s is already being read (a playlist "
                         "that includes itself); skipped", where, path);
        close(fd);
        return;
    }
    text = playlist_slurp(fd, &len);
    close(fd);
    if (!text) {
        int e = errno;

        playlist_problem(w->pl, "%s: cannot read the playlist: %s; %s", path,
                         strerror(e), playlist_hint(e));
        playlist_leave(w);
        return;
    }
    c.dir = slash ? xstrndup(path, (size_t)(slash - path) + 1) : xstrdup("");
    w->nesting++;
    if (m3u_parse(text, len, cs, playlist_m3u_entry, &c, &err) < 0) {
        playlist_problem(w->pl, "%s: %s; not read", path, err);
        free(err);
    } else if (c.added == 0) {
        playlist_problem(w->pl, "%s: no entries in this playlist; nothing "
                         "to play", path);
    }
    w->nesting--;
    free((char *)c.dir);
    free(text);
    playlist_leave(w);
}

/* Add what path names (where: how to name it in a problem); trusted:
 * from the command line, so any URL is taken; frag: the fragment that
 * followed it, or NULL. */
static void playlist_place(struct playlist_walk *w, const char *path,
                           const char *title, const char *where, bool trusted,
                           struct fragment *frag)
{
    struct stat st;
    int kind;

    if (w->full)
        return;
    if (trusted && strcmp(path, "-") == 0) {
        playlist_push(w, path, title, frag);
        return;
    }
    if (url_scheme_len(path)) {
        char *local = url_file_path(path);

        if (local) {
            playlist_place(w, local, title, where, trusted, frag);
            free(local);
        } else if (trusted || playlist_safe_scheme(path)) {
            playlist_push(w, path, title, frag);
        } else {
            playlist_problem(w->pl, "%s: %.*s:// is taken from the command "
                             "line only, not from a playlist; skipped", where,
                             (int)url_scheme_len(path), path);
        }
        return;
    }
    if (stat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
        if (frag)
            playlist_problem(w->pl, "%s: a media fragment names a part of "
                             "one file, and %s is a folder; skipped", where,
                             path);
        else
            playlist_dir(w, path, &st, true);
        return;
    }
    kind = playlist_m3u_kind(path);
    if (kind >= 0 && frag)
        playlist_problem(w->pl, "%s: a media fragment names a part of one "
                         "file, and %s is a playlist; skipped", where, path);
    else if (kind >= 0)
        playlist_m3u(w, path, (enum m3u_charset)kind, where);
    else
        playlist_push(w, path, title, frag);
}

/* playlist_place for path, its media fragment split off first. */
static void playlist_item(struct playlist_walk *w, const char *path,
                          const char *title, const char *where, bool trusted)
{
    struct fragment frag;
    char *base = NULL, *err = NULL;
    int rc;

    if (w->full)
        return;
    rc = fragment_split(path, &base, &frag, &err);
    if (rc < 0) {
        playlist_problem(w->pl, "%s: %s; skipped", where, err);
        free(err);
        return;
    }
    playlist_place(w, base, title, where, trusted, rc ? &frag : NULL);
    fragment_free(&frag);
    free(base);
}

void playlist_add(struct playlist *pl, const char *arg)
{
    struct playlist_walk w = { .pl = pl };
    size_t first = pl->nproblems;

    playlist_item(&w, arg, NULL, arg, true);
    problems_cap(&pl->problems, &pl->nproblems, first, arg, NULL);
}

/* The length of the digit run at s. */
static size_t playlist_digits(const unsigned char *s)
{
    size_t n = 0;

    while (s[n] >= '0' && s[n] <= '9')
        n++;
    return n;
}

static unsigned char playlist_fold(unsigned char c)
{
    return c >= 'A' && c <= 'Z' ? (unsigned char)(c - 'A' + 'a') : c;
}

int playlist_natural_cmp(const char *a, const char *b)
{
    const unsigned char *p = (const unsigned char *)a;
    const unsigned char *q = (const unsigned char *)b;

    while (*p && *q) {
        size_t np = playlist_digits(p), nq = playlist_digits(q);

        if (np && nq) {
            /* Two numbers: by value, however long the runs. */
            size_t zp = 0, zq = 0;

            while (zp + 1 < np && p[zp] == '0')
                zp++;
            while (zq + 1 < nq && q[zq] == '0')
                zq++;
            if (np - zp != nq - zq)
                return np - zp < nq - zq ? -1 : 1;
            for (size_t i = 0; i < np - zp; i++)
                if (p[zp + i] != q[zq + i])
                    return p[zp + i] < q[zq + i] ? -1 : 1;
            p += np;
            q += nq;
            continue;
        }
        /* A number against any other byte compares as its first digit
         * does: all digits lie between the same two bytes, so the order
         * stays consistent. */
        if (playlist_fold(*p) != playlist_fold(*q))
            return playlist_fold(*p) < playlist_fold(*q) ? -1 : 1;
        p++;
        q++;
    }
    if (*p || *q)
        return *p ? 1 : -1;
    return strcmp(a, b);
}

/* splitmix64: a small generator with a 64-bit state, good enough for
 * shuffling (Steele, Lea and Flood 2014). */
static uint64_t playlist_random(uint64_t *state)
{
    uint64_t z = (*state += UINT64_C(0x9e3779b97f4a7c15));

    z = (z ^ (z >> 30)) * UINT64_C(0xbf58476d1ce4e5b9);
    z = (z ^ (z >> 27)) * UINT64_C(0x94d049bb133111eb);
    return z ^ (z >> 31);
}

/* A number in [0, n), n > 0, every one equally likely: draws below
 * 2^64 mod n are redrawn, so the rest divide evenly. */
static uint64_t playlist_below(uint64_t *state, uint64_t n)
{
    uint64_t floor = (0 - n) % n, r;

    do
        r = playlist_random(state);
    while (r < floor);
    return r % n;
}

void playlist_shuffle(struct playlist *pl, unsigned long long seed)
{
    uint64_t state = seed;

    for (size_t i = pl->count; i > 1; i--) {
        size_t j = (size_t)playlist_below(&state, i);
        struct playlist_entry t = pl->entries[i - 1];

        pl->entries[i - 1] = pl->entries[j];
        pl->entries[j] = t;
    }
}

void playlist_free(struct playlist *pl)
{
    for (size_t i = 0; i < pl->count; i++) {
        free(pl->entries[i].path);
        free(pl->entries[i].title);
        fragment_free(&pl->entries[i].frag);
    }
    free(pl->entries);
    for (size_t i = 0; i < pl->nproblems; i++)
        free(pl->problems[i]);
    free(pl->problems);
    pl->entries = NULL;
    pl->problems = NULL;
    pl->count = pl->cap = pl->nproblems = 0;
}
