/* config.c - tplay.conf through inih, with every problem line-numbered;
 * each value read as the settings table says. */
#include "config.h"

#include "fatal.h"
#include "problems.h"
#include "settings.h"
#include "xmem.h"

#include <errno.h>
#include <fcntl.h>
#include <ini.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define CONFIG_MAX_LINES 10000 /* a longer file is not a config */

/* Parsing state: the file, the physical line inih is on, and whether that
 * line produced a key (a line that did not, and is no section or comment,
 * is a syntax error inih only counts). */
struct config_ctx {
    struct config *c;
    const char *path;
    FILE *f;
    int line;
    bool candidate;   /* the current line should produce a key */
    bool handled;     /* and it did */
    char *raw;        /* getline buffer */
    size_t rawcap;
    char unknown_section[64];
};

void config_problem(struct config *c, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    problems_addv(&c->problems, &c->nproblems, fmt, ap);
    va_end(ap);
}

/* Where c keeps the value of s. */
static void *config_field(struct config *c, const struct setting *s)
{
    return (char *)c + s->offset;
}

static size_t *config_count(struct config *c, const struct setting *s)
{
    return (size_t *)(void *)((char *)c + s->count_offset);
}

/* Split a comma-separated value; call fn on each trimmed item. */
static void config_each_item(const char *value,
                             void (*fn)(void *data, const char *item),
                             void *data)
{
    char *copy = xstrdup(value), *save = NULL;

    for (char *it = strtok_r(copy, ",", &save); it;
         it = strtok_r(NULL, ",", &save)) {
        char *end;

        while (*it == ' ' || *it == '\t')
            it++;
        end = it + strlen(it);
        while (end > it && (end[-1] == ' ' || end[-1] == '\t'))
            *--end = '\0';
        if (*it)
            fn(data, it);
    }
    free(copy);
}

struct config_langs {
    struct config *c;
    const char *where;
    char (*tags)[LANG_TAG_MAX];
    size_t *n;
};

static void config_add_language(void *data, const char *item)
{
    struct config_langs *l = data;
    char tag[LANG_TAG_MAX];

    if (!lang_canonicalize(item, tag)) {
        config_problem(l->c, "%s: languages: \"%s\" is not a BCP 47 language "
                       "tag (examples: en, pt-BR, zh-Hant)", l->where, item);
        return;
    }
    for (size_t i = 0; i < *l->n; i++)
        if (strcmp(l->tags[i], tag) == 0)
            return;
    if (*l->n == SELECT_MAX_LANGUAGES) {
        config_problem(l->c, "%s: languages: more than %d; \"%s\" and later "
                       "ones are ignored", l->where, SELECT_MAX_LANGUAGES, item);
        return;
    }
    strcpy(l->tags[(*l->n)++], tag);
}

/* A list of languages: inside a file, whose own cap covers it. */
static void config_parse_languages(struct config *c, const char *where,
                                   const struct setting *s, const char *value)
{
    struct config_langs l = { c, where, config_field(c, s), config_count(c, s) };

    *l.n = 0;
    config_each_item(value, config_add_language, &l);
}

/* A list of languages from the command line: capped on its own. */
static void config_set_language_list(struct config *c, const char *where,
                                     const char *section, const char *value)
{
    size_t first = c->nproblems;

    config_parse_languages(c, where, settings_find(section, "languages"),
                           value);
    problems_cap(&c->problems, &c->nproblems, first, where, NULL);
}

void config_set_languages(struct config *c, const char *where,
                          const char *value)
{
    config_set_language_list(c, where, "audio", value);
}

void config_set_sub_languages(struct config *c, const char *where,
                              const char *value)
{
    config_set_language_list(c, where, "subtitles", value);
}

/* One language, or none (""). */
static void config_parse_language(struct config *c, const char *where,
                                  const struct setting *s, const char *value)
{
    char *field = config_field(c, s), tag[LANG_TAG_MAX];

    if (!value[0]) {
        field[0] = '\0';
        return;
    }
    if (!lang_canonicalize(value, tag)) {
        config_problem(c, "%s: %s: \"%s\" is not one BCP 47 language tag "
                       "(examples: ja, pt-BR, zh-Hant); using %s", where,
                       s->key, value, s->dflt[0] ? s->dflt : "none");
        snprintf(field, s->size, "%s", s->dflt);
        return;
    }
    snprintf(field, s->size, "%s", tag);
}

struct config_kinds {
    struct config *c;
    const char *where;
    const char *key;
    enum track_kind *kinds;
    size_t *n;
};

static void config_add_kind(void *data, const char *item)
{
    static const enum track_kind all[] = {
        TRACK_KIND_MAIN, TRACK_KIND_TRANSLATION, TRACK_KIND_COMMENTARY,
        TRACK_KIND_DESCRIPTIONS, TRACK_KIND_MAIN_DESC, TRACK_KIND_ALTERNATIVE,
    };
    struct config_kinds *k = data;
    enum track_kind kind = TRACK_KIND_NONE;
    bool found = strcmp(item, "\"\"") == 0;

    for (size_t i = 0; !found && i < sizeof all / sizeof all[0]; i++)
        if (strcmp(item, track_kind_name(all[i])) == 0) {
            kind = all[i];
            found = true;
        }
    if (!found) {
        config_problem(k->c, "%s: %s: \"%s\" is not an audio kind (allowed: "
                       "main, translation, commentary, descriptions, "
                       "main-desc, alternative, \"\")", k->where, k->key, item);
        return;
    }
    for (size_t i = 0; i < *k->n; i++)
        if (k->kinds[i] == kind)
            return;
    k->kinds[(*k->n)++] = kind; /* at most 7 distinct kinds exist */
}

/* A list of audio kinds. */
static void config_parse_kinds(struct config *c, const char *where,
                               const struct setting *s, const char *value)
{
    struct config_kinds k = { c, where, s->key, config_field(c, s),
                              config_count(c, s) };

    *k.n = 0;
    config_each_item(value, config_add_kind, &k);
}

struct config_text_kinds {
    struct config *c;
    const char *where;
    const char *key;
    enum text_kind *kinds;
    size_t *n;
};

static void config_add_text_kind(void *data, const char *item)
{
    struct config_text_kinds *k = data;
    int kind = text_kind_named(item);

    /* Chapters and metadata are never shown as subtitles. */
    if (kind != TEXT_KIND_SUBTITLES && kind != TEXT_KIND_CAPTIONS &&
        kind != TEXT_KIND_DESCRIPTIONS) {
        config_problem(k->c, "%s: %s: \"%s\" is not a subtitle kind "
                       "(allowed: subtitles, captions, descriptions)",
                       k->where, k->key, item);
        return;
    }
    for (size_t i = 0; i < *k->n; i++)
        if (k->kinds[i] == (enum text_kind)kind)
            return;
    k->kinds[(*k->n)++] = (enum text_kind)kind; /* three kinds at most */
}

/* A list of text track kinds. */
static void config_parse_text_kinds(struct config *c, const char *where,
                                    const struct setting *s,
                                    const char *value)
{
    struct config_text_kinds k = { c, where, s->key, config_field(c, s),
                                   config_count(c, s) };

    *k.n = 0;
    config_each_item(value, config_add_text_kind, &k);
}

/* A number in the row's range (whole when SETTING_INT); else a problem and
 * the default. */
static void config_parse_number(struct config *c, const char *where,
                                const struct setting *s, const char *value)
{
    double v;

    if (!settings_parse_number(s, value, &v)) {
        v = settings_default_number(s);
        config_problem(c, "%s: %s: \"%s\" is not a %s from %g to %g; using %g",
                       where, s->key, value, s->type == SETTING_INT
                       ? "whole number" : "number", s->min, s->max, v);
    }
    if (s->type == SETTING_INT)
        *(int *)config_field(c, s) = (int)v;
    else
        *(double *)config_field(c, s) = v;
}

/* yes or no (and the words mpv and tmux take for them). */
static void config_parse_bool(struct config *c, const char *where,
                              const struct setting *s, const char *value)
{
    static const char *const yes[] = { "yes", "on", "true", "1" },
                             *const no[] = { "no", "off", "false", "0" };
    bool *field = config_field(c, s);

    for (size_t i = 0; i < sizeof yes / sizeof yes[0]; i++) {
        if (strcmp(value, yes[i]) == 0) {
            *field = true;
            return;
        }
        if (strcmp(value, no[i]) == 0) {
            *field = false;
            return;
        }
    }
    config_problem(c, "%s: %s: \"%s\" is not yes or no; using %s", where,
                   s->key, value, s->dflt);
    *field = strcmp(s->dflt, "yes") == 0;
}

/* One of the row's names. */
static void config_parse_choice(struct config *c, const char *where,
                                const struct setting *s, const char *value)
{
    char names[256] = "";
    int dflt = 0;

    for (int i = 0; s->choices[i]; i++) {
        if (strcmp(value, s->choices[i]) == 0) {
            *(int *)config_field(c, s) = i;
            return;
        }
        if (strcmp(s->dflt, s->choices[i]) == 0)
            dflt = i;
        snprintf(names + strlen(names), sizeof names - strlen(names), "%s%s",
                 i == 0 ? "" : ", ", s->choices[i]);
    }
    config_problem(c, "%s: %s: \"%s\" is not one of %s; using %s", where,
                   s->key, value, names, s->dflt);
    *(int *)config_field(c, s) = dflt;
}

/* An ALSA device name: printable ASCII, no blanks, short. */
static void config_parse_device(struct config *c, const char *where,
                                const struct setting *s, const char *value)
{
    bool ok = value[0] && strlen(value) < s->size;

    for (const char *p = value; ok && *p; p++)
        ok = *p > ' ' && *p < 0x7f;
    if (!ok) {
        config_problem(c, "%s: %s: \"%s\" is not an ALSA device name (e.g. "
                       "default, hw:1, plughw:CARD=USB); using %s",
                       where, s->key, value, s->dflt);
        value = s->dflt;
    }
    snprintf(config_field(c, s), s->size, "%s", value);
}

/* Set s from value, as the table says to read it. */
static void config_apply(struct config *c, const char *where,
                         const struct setting *s, const char *value)
{
    switch (s->type) {
    case SETTING_BOOL: config_parse_bool(c, where, s, value); break;
    case SETTING_INT:
    case SETTING_DOUBLE: config_parse_number(c, where, s, value); break;
    case SETTING_CHOICE: config_parse_choice(c, where, s, value); break;
    case SETTING_DEVICE: config_parse_device(c, where, s, value); break;
    case SETTING_LANGUAGES: config_parse_languages(c, where, s, value); break;
    case SETTING_KINDS: config_parse_kinds(c, where, s, value); break;
    case SETTING_LANGUAGE: config_parse_language(c, where, s, value); break;
    case SETTING_TEXT_KINDS:
        config_parse_text_kinds(c, where, s, value);
        break;
    }
}

void config_init(struct config *c)
{
    const struct setting *s;

    memset(c, 0, sizeof *c);
    for (size_t i = 0; (s = settings_at(i)) != NULL; i++)
        config_apply(c, "default", s, s->dflt);
}

int config_set(struct config *c, const char *where, const char *section,
               const char *key, const char *value)
{
    size_t before = c->nproblems;
    const struct setting *s = settings_find(section, key);

    if (!s) {
        config_problem(c, "%s: no setting [%s] %s", where, section, key);
        return -1;
    }
    config_apply(c, where, s, value);
    return c->nproblems == before ? 0 : -1;
}

static void config_add_mpv(struct config *c, const char *where,
                           const char *key, const char *value)
{
    const char *why = player_opt_refused(key);

    if (why) {
        config_problem(c, "%s: [mpv] %s: refused: %s", where, key, why);
        return;
    }
    c->mpv = xreallocarray(c->mpv, c->nmpv + 1, sizeof *c->mpv);
    c->mpv[c->nmpv++] = (struct player_opt){ xstrdup(key), xstrdup(value),
                                             xstrdup(where) };
}

/* The keys of a section, or with section NULL every section ("[audio],
 * ..., [mpv]"), for messages. */
static void config_known(const char *section, char *out, size_t n)
{
    const struct setting *s;

    out[0] = '\0';
    for (size_t i = 0; (s = settings_at(i)) != NULL; i++) {
        if (section && strcmp(s->section, section) != 0)
            continue;
        if (!section && i > 0 && strcmp(settings_at(i - 1)->section,
                                        s->section) == 0)
            continue;
        snprintf(out + strlen(out), n - strlen(out), section ? "%s%s"
                 : "%s[%s]", out[0] ? ", " : "", section ? s->key : s->section);
    }
    if (!section)
        snprintf(out + strlen(out), n - strlen(out), ", [mpv]");
}

/* Cut an inline " # comment" (inih only knows ';' inline). */
static void config_strip_comment(char *v)
{
    for (char *p = v; *p; p++)
        if (*p == '#' && (p == v || p[-1] == ' ' || p[-1] == '\t')) {
            *p = '\0';
            break;
        }
    for (size_t n = strlen(v); n > 0 && (v[n - 1] == ' ' || v[n - 1] == '\t');)
        v[--n] = '\0';
}

static int config_handler(void *user, const char *section, const char *name,
                          const char *value)
{
    struct config_ctx *x = user;
    const struct setting *s;
    char where[4200], known[256], *v = xstrdup(value);

    x->handled = true;
    snprintf(where, sizeof where, "%s:%d", x->path, x->line);
    config_strip_comment(v);
    if (strcmp(section, "mpv") == 0) {
        config_add_mpv(x->c, where, name, v);
        free(v);
        return 1;
    }
    if ((s = settings_find(section, name)) != NULL)
        config_apply(x->c, where, s, v);
    free(v);
    if (s)
        return 1;
    config_known(section, known, sizeof known);
    if (known[0]) {
        config_problem(x->c, "%s: unknown key \"%s\" in [%s]; ignored (known: "
                       "%s)", where, name, section, known);
    } else if (strcmp(x->unknown_section, section) != 0) {
        snprintf(x->unknown_section, sizeof x->unknown_section, "%s", section);
        config_known(NULL, known, sizeof known);
        config_problem(x->c, "%s: unknown section [%s]; its keys are ignored "
                       "(known: %s)", where, section, known);
    }
    return 1;
}

/* Report the line just finished if it should have been a key and was not. */
static void config_check_line(struct config_ctx *x)
{
    if (x->candidate && !x->handled)
        config_problem(x->c, "%s:%d: expected \"key = value\", a [section] or "
                       "a # comment", x->path, x->line);
    x->candidate = x->handled = false;
}

/* inih's line reader: one physical line at a time, counted, with leading
 * blanks removed (inih would take an indented line as the continuation of
 * the previous value) and over-long lines refused whole. */
static char *config_reader(char *str, int num, void *stream)
{
    struct config_ctx *x = stream;
    ssize_t len;
    char *s;

    config_check_line(x);
    if (x->line >= CONFIG_MAX_LINES) {
        if (getline(&x->raw, &x->rawcap, x->f) > 0)
            config_problem(x->c, "%s:%d: more than %d lines; the rest is "
                           "ignored", x->path, x->line + 1, CONFIG_MAX_LINES);
        return NULL;
    }
    len = getline(&x->raw, &x->rawcap, x->f);
    if (len < 0)
        return NULL;
    x->line++;
    s = x->raw;
    if (x->line == 1 && strncmp(s, "\xef\xbb\xbf", 3) == 0)
        s += 3; /* a UTF-8 byte order mark */
    while (*s == ' ' || *s == '\t')
        s++;
    if (strlen(s) >= (size_t)num) { /* with its newline, inih takes num-1 */
        config_problem(x->c, "%s:%d: line longer than %d characters; ignored",
                       x->path, x->line, num - 2);
        strcpy(str, "\n");
        return str;
    }
    strcpy(str, s);
    x->candidate = *s && *s != '\n' && *s != '\r' && *s != '#' && *s != ';' &&
                   !(*s == '[' && strchr(s, ']'));
    return str;
}

/* Read the file at fd whole, up to one byte over CONFIG_MAX_BYTES (so
 * that config_load_text tells a file that is too big); NULL with the
 * problem recorded on a read error. */
static char *config_slurp(struct config *c, const char *path, int fd,
                          size_t *len)
{
    char *buf = xmalloc(CONFIG_MAX_BYTES + 1);
    size_t n = 0;
    ssize_t got;

    while (n <= CONFIG_MAX_BYTES &&
           (got = read(fd, buf + n, CONFIG_MAX_BYTES + 1 - n)) != 0) {
        if (got < 0 && errno == EINTR)
            continue;
        if (got < 0) {
            config_problem(c, "%s: cannot read: %s; ignored", path,
                           strerror(errno));
            free(buf);
            return NULL;
        }
        n += (size_t)got;
    }
    *len = n;
    return buf;
}

void config_load_text(struct config *c, const char *text, size_t len,
                      const char *path)
{
    struct config_ctx x = { .c = c, .path = path };
    size_t first = c->nproblems;
    const char *nul;

    if (len > CONFIG_MAX_BYTES) {
        config_problem(c, "%s: more than %ld bytes, too big for a tplay "
                       "config; ignored", path, CONFIG_MAX_BYTES);
        return;
    }
    nul = memchr(text, '\0', len);
    if (nul) { /* binary: refused whole, not a problem a line */
        int line = 1;
        for (const char *q = text; q < nul; q++)
            line += *q == '\n';
        config_problem(c, "%s:%d: a NUL byte: a binary file, not a tplay "
                       "config; ignored", path, line);
        return;
    }
    if (len == 0)
        return;
    x.f = fmemopen((void *)(uintptr_t)text, len, "r");
    if (!x.f) /* only out of memory, with a buffer of this size */
        fatal("config: fmemopen: %s", strerror(errno));
    ini_parse_stream(config_reader, &x, config_handler, &x);
    config_check_line(&x);
    free(x.raw);
    fclose(x.f);
    problems_cap(&c->problems, &c->nproblems, first, path,
                 "is it a tplay config?");
}

void config_load(struct config *c, const char *path, bool required)
{
    size_t len = 0;
    struct stat sb;
    char *text;
    int fd;

    /* O_NONBLOCK: a FIFO given as a config must not hang tplay. */
    fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
    if (fd < 0) {
        if (required || errno != ENOENT)
            config_problem(c, "%s: cannot read: %s", path, strerror(errno));
        return;
    }
    if (fstat(fd, &sb) != 0) {
        config_problem(c, "%s: cannot read: %s", path, strerror(errno));
        close(fd);
        return;
    }
    if (!S_ISREG(sb.st_mode)) {
        config_problem(c, "%s: %s; ignored", path, S_ISDIR(sb.st_mode)
                       ? "a directory, not a file" : "not a regular file");
        close(fd);
        return;
    }
    text = config_slurp(c, path, fd, &len);
    close(fd);
    if (text)
        config_load_text(c, text, len, path);
    free(text);
}

void config_load_default_files(struct config *c)
{
    const char *dirs = getenv("XDG_CONFIG_DIRS"), *home = getenv("HOME"),
               *user = getenv("XDG_CONFIG_HOME");
    char *list = xstrdup(dirs && dirs[0] ? dirs : "/etc/xdg"), *save = NULL;
    char path[4096];

    /* XDG: the first folder in the list that has the file wins. */
    for (char *d = strtok_r(list, ":", &save); d; d = strtok_r(NULL, ":", &save)) {
        snprintf(path, sizeof path, "%s/tplay/tplay.conf", d);
        if (access(path, F_OK) == 0) {
            config_load(c, path, false);
            break;
        }
    }
    free(list);
    if (user && user[0])
        snprintf(path, sizeof path, "%s/tplay/tplay.conf", user);
    else if (home && home[0])
        snprintf(path, sizeof path, "%s/.config/tplay/tplay.conf", home);
    else
        return;
    config_load(c, path, false);
}

void config_free(struct config *c)
{
    for (size_t i = 0; i < c->nmpv; i++) {
        free((char *)c->mpv[i].key);
        free((char *)c->mpv[i].value);
        free((char *)c->mpv[i].origin);
    }
    free(c->mpv);
    for (size_t i = 0; i < c->nproblems; i++)
        free(c->problems[i]);
    free(c->problems);
    memset(c, 0, sizeof *c);
}
