/* bindings.c - read input.conf text into key bindings. */
#include "bindings.h"

#include "keyname.h"
#include "problems.h"
#include "strbuf.h"
#include "xmem.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void bindings_problem(struct bindings *b, const char *where,
                             size_t line, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/* Record "where:line: message".  It may quote the file's bytes: whoever
 * shows it escapes them (ui/text.c, ui/warn.c), as for the config's. */
static void bindings_problem(struct bindings *b, const char *where,
                             size_t line, const char *fmt, ...)
{
    struct strbuf sb = STRBUF_INIT;
    va_list ap;
    char *msg;

    va_start(ap, fmt);
    msg = xvasprintf(fmt, ap);
    va_end(ap);
    if (line > 0)
        strbuf_addf(&sb, "%s:%zu: %s", where, line, msg);
    else
        strbuf_addf(&sb, "%s: %s", where, msg);
    b->problems = xreallocarray(b->problems, b->nproblems + 1,
                                sizeof *b->problems);
    b->problems[b->nproblems++] = strbuf_detach(&sb);
    free(msg);
}

/* Where the comment starts in line (a '#' outside quotes), or NULL. */
static char *bindings_comment(char *line)
{
    bool quoted = false;

    for (char *s = line; *s; s++) {
        if (quoted && *s == '\\' && s[1])
            s++;
        else if (*s == '"')
            quoted = !quoted;
        else if (*s == '#' && !quoted)
            return s;
    }
    return NULL;
}

static char *bindings_trim(char *s)
{
    size_t n;

    while (*s == ' ' || *s == '\t')
        s++;
    n = strlen(s);
    while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r'))
        s[--n] = '\0';
    return s;
}

/* The next blank-separated word of *p, cut off in place. */
static char *bindings_word(char **p)
{
    char *s = *p, *w;

    while (*s == ' ' || *s == '\t')
        s++;
    w = s;
    while (*s && *s != ' ' && *s != '\t')
        s++;
    if (*s)
        *s++ = '\0';
    *p = s;
    return w;
}

/* Read one line (comment still on it). */
static void bindings_line(struct bindings *b, char *line, const char *where,
                          size_t lineno, bool user,
                          const struct command_spec *specs, size_t nspecs)
{
    char *comment = bindings_comment(line), *rest, *keyword, *section = NULL;
    struct binding bd;
    char *err = NULL;
    int key;

    if (comment)
        *comment++ = '\0';
    rest = bindings_trim(line);
    if (*rest == '\0')
        return;
    keyword = bindings_word(&rest);
    if (keyname_parse(keyword, &key) < 0) {
        bindings_problem(b, where, lineno, "unknown key \"%s\" (mpv's key "
                         "names: a, A, SPACE, ENTER, UP, PGUP, Ctrl+x, "
                         "Shift+RIGHT, MBTN_LEFT, WHEEL_UP, ...); line "
                         "skipped", keyword);
        return;
    }
    rest = bindings_trim(rest);
    if (*rest == '{') {
        char *end = strchr(rest, '}');

        if (!end || end == rest + 1) {
            bindings_problem(b, where, lineno, "a {section} is not closed; "
                             "line skipped");
            return;
        }
        *end = '\0';
        section = rest + 1;
        rest = bindings_trim(end + 1);
    }
    memset(&bd, 0, sizeof bd);
    if (command_parse(rest, specs, nspecs, &bd.chain, &err) < 0) {
        bindings_problem(b, where, lineno, "%s; line skipped", err);
        free(err);
        return;
    }
    bd.key = key;
    bd.section = xstrdup(section ? section : "default");
    bd.text = xstrdup(rest);
    if (comment && *bindings_trim(comment))
        bd.help = xstrdup(bindings_trim(comment));
    bd.user = user;
    b->list = xreallocarray(b->list, b->count + 1, sizeof *b->list);
    b->list[b->count++] = bd;
}

void bindings_load_text(struct bindings *b, const char *text, size_t len,
                        const char *where, bool user,
                        const struct command_spec *specs, size_t nspecs)
{
    size_t first = b->nproblems, lineno = 0;
    char *copy, *line, *next;

    if (len > (size_t)BINDINGS_MAX_BYTES || memchr(text, '\0', len)) {
        bindings_problem(b, where, 0, "not a key bindings file (%s); none "
                         "of it is used", len > (size_t)BINDINGS_MAX_BYTES
                         ? "over 1 MiB" : "it holds NUL bytes");
        return;
    }
    copy = xstrndup(text, len);
    for (line = copy; line; line = next) {
        next = strchr(line, '\n');
        if (next)
            *next++ = '\0';
        lineno++;
        if (lineno == 1 && strncmp(line, "\xef\xbb\xbf", 3) == 0)
            line += 3; /* a byte order mark */
        bindings_line(b, line, where, lineno, user, specs, nspecs);
    }
    free(copy);
    if (b->nproblems - first > PROBLEMS_MAX)
        problems_cap(&b->problems, &b->nproblems, first, where, NULL);
}

void bindings_load_file(struct bindings *b, const char *path, bool required,
                        const struct command_spec *specs, size_t nspecs)
{
    FILE *f = fopen(path, "rb");
    struct strbuf sb = STRBUF_INIT;
    char buf[4096];
    size_t n;

    if (!f) {
        if (errno != ENOENT || required)
            bindings_problem(b, path, 0, "cannot read the key bindings: %s",
                             strerror(errno));
        return;
    }
    while ((n = fread(buf, 1, sizeof buf, f)) > 0 &&
           sb.len <= (size_t)BINDINGS_MAX_BYTES)
        strbuf_add(&sb, buf, n);
    if (ferror(f))
        bindings_problem(b, path, 0, "cannot read the key bindings: %s",
                         strerror(errno));
    else
        bindings_load_text(b, sb.buf ? sb.buf : "", sb.len, path, true, specs,
                           nspecs);
    fclose(f);
    strbuf_free(&sb);
}

const struct binding *bindings_find(const struct bindings *b,
                                    const char *section, int key)
{
    for (size_t i = b->count; i > 0; i--)
        if (b->list[i - 1].key == key &&
            strcmp(b->list[i - 1].section, section) == 0)
            return &b->list[i - 1];
    return NULL;
}

bool bindings_in_force(const struct bindings *b, size_t i)
{
    return bindings_find(b, b->list[i].section, b->list[i].key) ==
           &b->list[i];
}

void bindings_free(struct bindings *b)
{
    for (size_t i = 0; i < b->count; i++) {
        free(b->list[i].section);
        free(b->list[i].text);
        free(b->list[i].help);
        command_chain_free(&b->list[i].chain);
    }
    free(b->list);
    for (size_t i = 0; i < b->nproblems; i++)
        free(b->problems[i]);
    free(b->problems);
    memset(b, 0, sizeof *b);
}

char *bindings_user_path(void)
{
    const char *user = getenv("XDG_CONFIG_HOME"), *home = getenv("HOME");

    /* XDG: a relative XDG_CONFIG_HOME is invalid and ignored. */
    if (user && user[0])
        return xasprintf("%s/tplay/input.conf", user);
    if (home && home[0])
        return xasprintf("%s/.config/tplay/input.conf", home);
    return NULL;
}
