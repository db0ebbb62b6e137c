/* sidecar.c - subtitle files found beside a film, and their names read. */
#include "sidecar.h"

#include "xmem.h"

#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

/* libmpv's codec for a subtitle file's extension (without the dot). */
static const char *sidecar_codec(const char *ext)
{
    static const char *const map[][2] = {
        { "srt", "subrip" }, { "vtt", "webvtt" }, { "ass", "ass" },
        { "ssa", "ass" },
    };

    for (size_t i = 0; i < sizeof map / sizeof map[0]; i++)
        if (strcasecmp(ext, map[i][0]) == 0)
            return map[i][1];
    return NULL;
}

/* Read the dot-separated parts of p (n bytes) from the end into out. */
static void sidecar_parts(const char *p, size_t n, struct sidecar *out)
{
    bool have_lang = false;

    while (n > 0) {
        const char *dot = NULL;
        char part[LANG_TAG_MAX], tag[LANG_TAG_MAX];
        size_t len;

        for (size_t i = n; i > 0; i--)
            if (p[i - 1] == '.') {
                dot = p + i - 1;
                break;
            }
        len = dot ? n - (size_t)(dot + 1 - p) : n;
        if (len == 0 || len >= sizeof part)
            return;
        memcpy(part, p + n - len, len);
        part[len] = '\0';
        if (strcasecmp(part, "forced") == 0)
            out->forced = true;
        else if (strcasecmp(part, "sdh") == 0 || strcasecmp(part, "cc") == 0 ||
                 strcasecmp(part, "hi") == 0)
            out->captions = true;
        else if (!have_lang && lang_canonicalize(part, tag)) {
            memcpy(out->language, tag, sizeof tag);
            have_lang = true;
        } else {
            return;
        }
        n = dot ? (size_t)(dot - p) : 0;
    }
}

bool sidecar_parse_name(const char *name, const char *stem,
                        struct sidecar *out)
{
    const char *slash = strrchr(name, '/'), *ext, *parts;
    struct sidecar s = { 0 };

    name = slash ? slash + 1 : name;
    ext = strrchr(name, '.');
    if (!ext || ext == name || !(s.codec = sidecar_codec(ext + 1)))
        return false;
    if (stem) {
        size_t n = strlen(stem);

        if (n == 0 || strncmp(name, stem, n) != 0 ||
            (name + n != ext && name[n] != '.'))
            return false;
        parts = name + n == ext ? ext : name + n + 1;
    } else {
        /* The first part is the film's name, whatever it looks like. */
        parts = strchr(name, '.') + 1;
        if (parts > ext)
            parts = ext;
    }
    if (parts < ext)
        sidecar_parts(parts, (size_t)(ext - parts), &s);
    *out = s;
    return true;
}

static void sidecar_push(struct sidecar_list *list, const struct sidecar *s,
                         const char *path, const char *name)
{
    struct sidecar *c;

    list->items = xreallocarray(list->items, list->count + 1,
                                sizeof *list->items);
    c = &list->items[list->count++];
    *c = *s;
    c->path = xstrdup(path);
    c->name = xstrdup(name);
}

static int sidecar_cmp(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Append the sidecars of stem in folder dir (prefix: how names there are
 * called, "" or "Subs/"), in byte order of their names. */
static void sidecar_scan(struct sidecar_list *list, const char *dir,
                         const char *prefix, const char *stem)
{
    DIR *d = opendir(dir);
    struct dirent *e;
    char **names = NULL;
    size_t n = 0;

    if (!d)
        return;
    while ((e = readdir(d)) != NULL) {
        struct sidecar s;

        if (e->d_name[0] == '.' || !sidecar_parse_name(e->d_name, stem, &s))
            continue;
        names = xreallocarray(names, n + 1, sizeof *names);
        names[n++] = xstrdup(e->d_name);
    }
    closedir(d);
    if (n)
        qsort(names, n, sizeof *names, sidecar_cmp);
    for (size_t i = 0; i < n; i++) {
        char *path = xasprintf("%s/%s", dir, names[i]);
        char *name = xasprintf("%s%s", prefix, names[i]);
        struct stat st;
        struct sidecar s;

        if (stat(path, &st) == 0 && S_ISREG(st.st_mode) &&
            sidecar_parse_name(names[i], stem, &s))
            sidecar_push(list, &s, path, name);
        free(path);
        free(name);
        free(names[i]);
    }
    free(names);
}

void sidecar_find(const char *film, struct sidecar_list *list)
{
    const char *slash = strrchr(film, '/'), *base = slash ? slash + 1 : film;
    char *dir, *stem, *dot, *subs, *lower;
    struct stat a, b;

    if (strstr(film, "://") || strcmp(film, "-") == 0 || !base[0])
        return;
    dir = slash ? xstrndup(film, (size_t)(slash - film)) : xstrdup(".");
    if (slash == film) {
        free(dir);
        dir = xstrdup("/");
    }
    stem = xstrdup(base);
    dot = strrchr(stem, '.');
    if (dot && dot != stem)
        *dot = '\0';
    sidecar_scan(list, dir, "", stem);
    subs = xasprintf("%s/Subs", dir);
    lower = xasprintf("%s/subs", dir);
    sidecar_scan(list, subs, "Subs/", stem);
    /* On a folder that ignores case, subs/ is Subs/ again. */
    if (stat(lower, &b) == 0 &&
        !(stat(subs, &a) == 0 && a.st_dev == b.st_dev && a.st_ino == b.st_ino))
        sidecar_scan(list, lower, "subs/", stem);
    free(subs);
    free(lower);
    free(stem);
    free(dir);
}

void sidecar_add_file(struct sidecar_list *list, const char *path)
{
    struct sidecar s = { 0 };

    if (!sidecar_parse_name(path, NULL, &s))
        s = (struct sidecar){ .codec = NULL };
    sidecar_push(list, &s, path, path);
}

void sidecar_list_free(struct sidecar_list *list)
{
    for (size_t i = 0; i < list->count; i++) {
        free(list->items[i].path);
        free(list->items[i].name);
    }
    free(list->items);
    list->items = NULL;
    list->count = 0;
}
