/* fragment.c - "path#t=10,20&track=3": media fragments read. */
#include "fragment.h"

#include "timepos.h"
#include "xmem.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* How a time range is written, for the messages. */
#define FRAGMENT_T_EXAMPLES "t=10,20, t=,20, t=10 or t=npt:0:01:30.5,0:02:00"

static int fragment_hex(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

/* The n bytes at s percent-decoded: a new string, or NULL for a '%' not
 * followed by two hex digits or one that decodes to a NUL. */
static char *fragment_decode(const char *s, size_t n)
{
    char *out = xmalloc(n + 1), *o = out;

    for (size_t i = 0; i < n; i++) {
        if (s[i] != '%') {
            *o++ = s[i];
            continue;
        }
        int hi = i + 2 < n ? fragment_hex(s[i + 1]) : -1;
        int lo = i + 2 < n ? fragment_hex(s[i + 2]) : -1;

        if (hi < 0 || lo < 0 || (hi == 0 && lo == 0)) {
            free(out);
            return NULL;
        }
        *o++ = (char)(hi * 16 + lo);
        i += 2;
    }
    *o = '\0';
    return out;
}

/* One npt time, the whole of s: seconds or [h:]mm:ss[.f], no sign, no
 * percent.  0 and *secs, or -1. */
static int fragment_npt(const char *s, double *secs)
{
    struct timepos t;

    if (s[0] < '0' || s[0] > '9' || strspn(s, "0123456789:.") != strlen(s))
        return -1;
    if (timepos_parse(s, &t) < 0 || t.kind != TIMEPOS_ABSOLUTE)
        return -1;
    *secs = t.value;
    return 0;
}

/* The value of a t pair (decoded) into *out.  0, or -1. */
static int fragment_time(const char *v, struct fragment *out)
{
    char *comma, *first;
    double start = 0, end = 0;
    int rc = 0;

    if (strncmp(v, "npt:", 4) == 0)
        v += 4;
    first = xstrdup(v);
    comma = strchr(first, ',');
    if (comma)
        *comma = '\0';
    if (first[0] == '\0' && !comma)
        rc = -1; /* "t=" */
    else if (first[0] != '\0' && fragment_npt(first, &start) < 0)
        rc = -1;
    else if (comma && fragment_npt(comma + 1, &end) < 0)
        rc = -1; /* "t=10," or a second comma too */
    else if (comma && end <= start)
        rc = -1;
    free(first);
    if (rc == 0) {
        out->has_time = true;
        out->start = start;
        out->end = comma ? end : 0;
    }
    return rc;
}

/* One name=value pair (n bytes at p) into *out.  1 when it is t or
 * track, 0 when it is ignored, -1 with *err. */
static int fragment_pair(const char *p, size_t n, struct fragment *out,
                         char **err)
{
    const char *eq = memchr(p, '=', n);
    char *name, *value;
    int rc = 1;

    if (!eq)
        return 0;
    name = fragment_decode(p, (size_t)(eq - p));
    if (!name) {
        *err = xasprintf("\"%.*s\": a '%%' in a fragment is followed by two "
                         "hex digits, not 00 (write '%%' as %%25)", (int)n, p);
        return -1;
    }
    if (strcmp(name, "t") != 0 && strcmp(name, "track") != 0) {
        free(name);
        return 0;
    }
    value = fragment_decode(eq + 1, n - (size_t)(eq + 1 - p));
    if (!value) {
        *err = xasprintf("\"%.*s\": a '%%' in a fragment is followed by two "
                         "hex digits, not 00 (write '%%' as %%25)", (int)n, p);
        rc = -1;
    } else if (strcmp(name, "t") == 0) {
        if (fragment_time(value, out) < 0) {
            *err = xasprintf("\"%.*s\" is not a time range; write it as %s "
                             "(npt: seconds or h:mm:ss, the start before the "
                             "end)", (int)n, p, FRAGMENT_T_EXAMPLES);
            rc = -1;
        }
    } else if (value[0] == '\0') {
        *err = xasprintf("\"%.*s\" names no track; write track=ID with an id "
                         "or a label as --list-tracks prints them", (int)n, p);
        rc = -1;
    } else {
        out->tracks = xreallocarray(out->tracks, out->ntracks + 1,
                                    sizeof *out->tracks);
        out->tracks[out->ntracks++] = value;
        value = NULL;
    }
    free(name);
    free(value);
    return rc;
}

int fragment_parse(const char *s, struct fragment *out, char **err)
{
    int named = 0;

    memset(out, 0, sizeof *out);
    for (const char *p = s;; ) {
        size_t n = strcspn(p, "&");
        int rc = fragment_pair(p, n, out, err);

        if (rc < 0) {
            fragment_free(out);
            return -1;
        }
        named |= rc;
        if (p[n] == '\0')
            break;
        p += n + 1;
    }
    if (!named)
        fragment_free(out);
    return named;
}

int fragment_split(const char *arg, char **path, struct fragment *out,
                   char **err)
{
    const char *hash = strrchr(arg, '#');
    int rc;

    memset(out, 0, sizeof *out);
    *path = NULL;
    /* access: a name that is there, whatever it is, is never split. */
    if (!hash || access(arg, F_OK) == 0) {
        *path = xstrdup(arg);
        return 0;
    }
    rc = fragment_parse(hash + 1, out, err);
    if (rc < 0)
        return -1;
    *path = rc ? xasprintf("%.*s", (int)(hash - arg), arg) : xstrdup(arg);
    return rc;
}

/* Whether name names track i of list: its id, or, when no track has
 * that id, its label. */
static bool fragment_names(const char *name, const struct track_list *list,
                           size_t i)
{
    const struct track *t = &list->tracks[i];

    if (t->id && strcmp(t->id, name) == 0)
        return true;
    for (size_t k = 0; k < list->count; k++)
        if (list->tracks[k].id && strcmp(list->tracks[k].id, name) == 0)
            return false;
    return t->label && strcmp(t->label, name) == 0;
}

bool fragment_apply_tracks(const struct fragment *f, struct track_list *list,
                           const char **missing)
{
    bool any = false;

    *missing = NULL;
    for (size_t k = 0; k < f->ntracks; k++) {
        bool found = false;

        for (size_t i = 0; i < list->count; i++)
            found |= fragment_names(f->tracks[k], list, i);
        if (!found && !*missing)
            *missing = f->tracks[k];
        any |= found;
    }
    if (!any)
        return false;
    for (size_t i = 0; i < list->count; i++) {
        list->tracks[i].enabled = false;
        for (size_t k = 0; k < f->ntracks; k++)
            if (fragment_names(f->tracks[k], list, i))
                list->tracks[i].enabled = true;
    }
    return true;
}

void fragment_move(struct fragment *to, struct fragment *from)
{
    *to = *from;
    memset(from, 0, sizeof *from);
}

void fragment_free(struct fragment *f)
{
    for (size_t i = 0; i < f->ntracks; i++)
        free(f->tracks[i]);
    free(f->tracks);
    memset(f, 0, sizeof *f);
}
