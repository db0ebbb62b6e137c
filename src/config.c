/* config.c - tplay.conf through inih, with every problem line-numbered. */
#include "config.h"

#include "fatal.h"
#include "problems.h"
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

struct config_key {
    const char *section;
    const char *name;
    void (*parse)(struct config *c, const char *where, const char *value);
};

void config_problem(struct config *c, const char *fmt, ...)
{
    va_list ap;
    char *msg;

    va_start(ap, fmt);
    msg = xvasprintf(fmt, ap);
    va_end(ap);
    c->problems = xreallocarray(c->problems, c->nproblems + 1,
                                sizeof *c->problems);
    c->problems[c->nproblems++] = msg;
}

void config_init(struct config *c)
{
    memset(c, 0, sizeof *c);
    select_prefs_default(&c->prefs);
    c->volume = 100;
    c->video = CONFIG_VIDEO_AUTO;
    strcpy(c->mic.capture, "default");
    strcpy(c->mic.playback, "default");
    c->mic.frequency = 350;
    c->mic.gain = 0;
    c->mic.period = 128;
    c->mic.periods = 2;
    c->mic.volume = 100;
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
    struct select_prefs *p;
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
    for (size_t i = 0; i < l->p->nlanguages; i++)
        if (strcmp(l->p->languages[i], tag) == 0)
            return;
    if (l->p->nlanguages == SELECT_MAX_LANGUAGES) {
        config_problem(l->c, "%s: languages: more than %d; \"%s\" and later "
                       "ones are ignored", l->where, SELECT_MAX_LANGUAGES, item);
        return;
    }
    strcpy(l->p->languages[l->p->nlanguages++], tag);
}

/* The "languages" key: inside a file, whose own cap covers it. */
static void config_languages(struct config *c, const char *where,
                             const char *value)
{
    struct config_langs l = { c, where, &c->prefs };

    c->prefs.nlanguages = 0;
    config_each_item(value, config_add_language, &l);
}

void config_set_languages(struct config *c, const char *where,
                          const char *value)
{
    size_t first = c->nproblems;

    config_languages(c, where, value);
    problems_cap(&c->problems, &c->nproblems, first, where, NULL);
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

static void config_parse_kind_list(struct config *c, const char *where,
                                   const char *key, const char *value,
                                   enum track_kind *kinds, size_t *n)
{
    struct config_kinds k = { c, where, key, kinds, n };

    *n = 0;
    config_each_item(value, config_add_kind, &k);
}

static void config_parse_kinds(struct config *c, const char *where,
                               const char *value)
{
    config_parse_kind_list(c, where, "kinds", value, c->prefs.kinds,
                           &c->prefs.nkinds);
}

static void config_parse_avoid(struct config *c, const char *where,
                               const char *value)
{
    config_parse_kind_list(c, where, "avoid-kinds", value, c->prefs.avoid,
                           &c->prefs.navoid);
}

static void config_parse_also(struct config *c, const char *where,
                              const char *value)
{
    config_parse_kind_list(c, where, "also-enable", value, c->prefs.also,
                           &c->prefs.nalso);
}

/* A number in [min, max] (whole when integer); else a problem and dflt. */
static double config_number(struct config *c, const char *where,
                            const char *key, const char *value, double min,
                            double max, double dflt, bool integer)
{
    char *end;
    double v;

    errno = 0;
    v = strtod(value, &end);
    if (errno || end == value || *end || !(v >= min && v <= max) ||
        (integer && v != (double)(long)v)) {
        config_problem(c, "%s: %s: \"%s\" is not a %s from %g to %g; using %g",
                       where, key, value, integer ? "whole number" : "number",
                       min, max, dflt);
        return dflt;
    }
    return v;
}

static void config_parse_volume(struct config *c, const char *where,
                                const char *value)
{
    c->volume = (int)config_number(c, where, "volume", value, 0,
                                   CONFIG_VOLUME_MAX, 100, true);
}

static void config_parse_frequency(struct config *c, const char *where,
                                   const char *value)
{
    /* Web Audio clamps to [0, Nyquist] (24 kHz at 48 kHz); 96 kHz is
     * Nyquist at the highest rate a card commonly runs. */
    c->mic.frequency = config_number(c, where, "frequency", value, 0, 96000,
                                     350, false);
}

static void config_parse_gain(struct config *c, const char *where,
                              const char *value)
{
    c->mic.gain = config_number(c, where, "gain", value, -40, 40, 0, false);
}

static void config_parse_period(struct config *c, const char *where,
                                const char *value)
{
    c->mic.period = (int)config_number(c, where, "period", value, 16, 4096,
                                       128, true);
}

static void config_parse_periods(struct config *c, const char *where,
                                 const char *value)
{
    c->mic.periods = (int)config_number(c, where, "periods", value, 2, 16, 2,
                                        true);
}

static void config_parse_mic_volume(struct config *c, const char *where,
                                    const char *value)
{
    c->mic.volume = (int)config_number(c, where, "volume", value, 0,
                                       CONFIG_MIC_VOLUME_MAX, 100, true);
}

/* An ALSA device name: printable ASCII, no blanks, short. */
static void config_parse_device(struct config *c, const char *where,
                                const char *key, const char *value, char *out,
                                size_t n)
{
    bool ok = value[0] && strlen(value) < n;

    for (const char *p = value; ok && *p; p++)
        ok = *p > ' ' && *p < 0x7f;
    if (!ok) {
        config_problem(c, "%s: %s: \"%s\" is not an ALSA device name (e.g. "
                       "default, hw:1, plughw:CARD=USB); using default",
                       where, key, value);
        value = "default";
    }
    snprintf(out, n, "%s", value);
}

static void config_parse_capture(struct config *c, const char *where,
                                 const char *value)
{
    config_parse_device(c, where, "capture", value, c->mic.capture,
                        sizeof c->mic.capture);
}

static void config_parse_playback(struct config *c, const char *where,
                                  const char *value)
{
    config_parse_device(c, where, "playback", value, c->mic.playback,
                        sizeof c->mic.playback);
}

static void config_parse_video(struct config *c, const char *where,
                               const char *value)
{
    static const char *const names[] = { "auto", "truecolor", "256", "off" };

    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (strcmp(value, names[i]) == 0) {
            c->video = (enum config_video)i;
            return;
        }
    config_problem(c, "%s: mode: \"%s\" is not one of auto, truecolor, 256, "
                   "off; using auto", where, value);
    c->video = CONFIG_VIDEO_AUTO;
}

static const struct config_key config_keys[] = {
    { "audio", "languages", config_languages },
    { "audio", "kinds", config_parse_kinds },
    { "audio", "avoid-kinds", config_parse_avoid },
    { "audio", "also-enable", config_parse_also },
    { "audio", "volume", config_parse_volume },
    { "video", "mode", config_parse_video },
    { "mic", "capture", config_parse_capture },
    { "mic", "playback", config_parse_playback },
    { "mic", "frequency", config_parse_frequency },
    { "mic", "gain", config_parse_gain },
    { "mic", "period", config_parse_period },
    { "mic", "periods", config_parse_periods },
    { "mic", "volume", config_parse_mic_volume },
};

/* The setting [section] name, or NULL. */
static const struct config_key *config_find_key(const char *section,
                                                const char *name)
{
    for (size_t i = 0; i < sizeof config_keys / sizeof config_keys[0]; i++)
        if (strcmp(section, config_keys[i].section) == 0 &&
            strcmp(name, config_keys[i].name) == 0)
            return &config_keys[i];
    return NULL;
}

int config_set(struct config *c, const char *where, const char *section,
               const char *key, const char *value)
{
    size_t before = c->nproblems;
    const struct config_key *k = config_find_key(section, key);

    if (!k) {
        config_problem(c, "%s: no setting [%s] %s", where, section, key);
        return -1;
    }
    k->parse(c, where, value);
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

/* The list of known keys of a section, for messages. */
static void config_known_keys(const char *section, char *out, size_t n)
{
    out[0] = '\0';
    for (size_t i = 0; i < sizeof config_keys / sizeof config_keys[0]; i++)
        if (strcmp(config_keys[i].section, section) == 0)
            snprintf(out + strlen(out), n - strlen(out), "%s%s",
                     out[0] ? ", " : "", config_keys[i].name);
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
    const struct config_key *k;
    char where[4200], known[256], *v = xstrdup(value);

    x->handled = true;
    snprintf(where, sizeof where, "%s:%d", x->path, x->line);
    config_strip_comment(v);
    if (strcmp(section, "mpv") == 0) {
        config_add_mpv(x->c, where, name, v);
        free(v);
        return 1;
    }
    if ((k = config_find_key(section, name)) != NULL)
        k->parse(x->c, where, v);
    free(v);
    if (k)
        return 1;
    config_known_keys(section, known, sizeof known);
    if (known[0]) {
        config_problem(x->c, "%s: unknown key \"%s\" in [%s]; ignored (known: "
                       "%s)", where, name, section, known);
    } else if (strcmp(x->unknown_section, section) != 0) {
        snprintf(x->unknown_section, sizeof x->unknown_section, "%s", section);
        config_problem(x->c, "%s: unknown section [%s]; its keys are ignored "
                       "(known: [audio], [video], [mic], [mpv])", where, section);
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
