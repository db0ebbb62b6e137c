/* command.c - read input.conf command lines against a command table. */
#include "command.h"

#include "strbuf.h"
#include "xmem.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#define COMMAND_MAX_WORDS 16

/* mpv's prefixes: they change what its OSD shows, which tplay has not. */
static const char *const command_prefixes[] = {
    "no-osd", "osd-auto", "osd-bar", "osd-msg", "osd-msg-bar",
    "raw", "expand-properties", "repeatable", "nonrepeatable", "async",
    "sync", NULL,
};

struct command_words {
    char *word[COMMAND_MAX_WORDS];
    size_t count;
};

static void command_words_free(struct command_words *w)
{
    for (size_t i = 0; i < w->count; i++)
        free(w->word[i]);
    w->count = 0;
}

/* One word at *p: a quoted string ("..." with C escapes) or a run of
 * non-blank bytes up to a ';'.  -1 with *err on a quote left open. */
static int command_word(const char **p, struct strbuf *sb, char **err)
{
    const char *s = *p;

    if (*s == '"') {
        for (s++; *s && *s != '"'; s++) {
            if (*s == '\\' && s[1]) {
                s++;
                strbuf_addc(sb, *s == 'n' ? '\n' : *s == 't' ? '\t' : *s);
            } else {
                strbuf_addc(sb, *s);
            }
        }
        if (*s != '"') {
            *err = xstrdup("a quoted argument is not closed (\" missing)");
            return -1;
        }
        *p = s + 1;
        return 0;
    }
    while (*s && *s != ' ' && *s != '\t' && *s != ';')
        strbuf_addc(sb, *s++);
    *p = s;
    return 0;
}

/* Split one command (up to ';' or the end) into words; *p moves past it. */
static int command_split(const char **p, struct command_words *w, char **err)
{
    const char *s = *p;

    w->count = 0;
    for (;;) {
        struct strbuf sb = STRBUF_INIT;

        while (*s == ' ' || *s == '\t')
            s++;
        if (*s == '\0' || *s == ';')
            break;
        if (w->count == COMMAND_MAX_WORDS) {
            *err = xstrdup("too many arguments");
            command_words_free(w);
            return -1;
        }
        if (command_word(&s, &sb, err) < 0) {
            strbuf_free(&sb);
            command_words_free(w);
            return -1;
        }
        w->word[w->count++] = strbuf_detach(&sb);
    }
    *p = *s == ';' ? s + 1 : s;
    return 0;
}

/* A number, mpv style: a decimal, or a ratio "a/b". */
static int command_number(const char *s, double *out)
{
    char *end;
    double v;

    errno = 0;
    v = strtod(s, &end);
    if (end == s || errno == ERANGE)
        return -1;
    if (*end == '/') {
        const char *d = end + 1;
        double den = strtod(d, &end);

        if (end == d || den == 0)
            return -1;
        v /= den;
    }
    if (*end != '\0' || !isfinite(v))
        return -1;
    *out = v;
    return 0;
}

/* A '+'-joined set of choices as a bit mask, or -1. */
static long command_choices(const char *s, const char *const *choices)
{
    unsigned mask = 0;
    const char *part = s;

    for (;;) {
        size_t len = strcspn(part, "+");
        bool found = false;

        for (unsigned i = 0; choices[i]; i++)
            if (strlen(choices[i]) == len &&
                strncmp(part, choices[i], len) == 0) {
                mask |= 1u << i;
                found = true;
            }
        if (!found)
            return -1;
        if (part[len] == '\0')
            return mask;
        part += len + 1;
    }
}

static void command_choice_list(struct strbuf *sb, const char *const *choices)
{
    for (size_t i = 0; choices[i]; i++)
        strbuf_addf(sb, "%s%s", i ? ", " : "", choices[i]);
}

/* Read argument word s into a as spec says; -1 with *err. */
static int command_arg(const struct command_spec *cmd,
                       const struct command_arg_spec *spec, const char *s,
                       struct command_arg *a, char **err)
{
    struct strbuf sb = STRBUF_INIT;
    long mask;

    a->given = true;
    a->text = xstrdup(s);
    switch (spec->type) {
    case COMMAND_ARG_NUMBER:
    case COMMAND_ARG_INT:
        if (command_number(s, &a->number) == 0 &&
            (spec->type == COMMAND_ARG_NUMBER ||
             (a->number == floor(a->number) && fabs(a->number) < 1e9)))
            return 0;
        strbuf_addf(&sb, "%s: the %s must be %s, not \"%s\"", cmd->name,
                    spec->name, spec->type == COMMAND_ARG_INT
                    ? "a whole number" : "a number", s);
        break;
    case COMMAND_ARG_CHOICE:
        mask = command_choices(s, spec->choices);
        if (mask >= 0) {
            a->choice = (unsigned)mask;
            return 0;
        }
        strbuf_addf(&sb, "%s: the %s must be one of ", cmd->name, spec->name);
        command_choice_list(&sb, spec->choices);
        strbuf_addf(&sb, ", not \"%s\"", s);
        break;
    default:
        return 0;
    }
    *err = strbuf_detach(&sb);
    return -1;
}

const struct command_spec *command_find(const struct command_spec *specs,
                                        size_t nspecs, const char *name)
{
    for (size_t i = 0; i < nspecs; i++)
        if (strcmp(specs[i].name, name) == 0)
            return &specs[i];
    return NULL;
}

static bool command_is_prefix(const char *word)
{
    for (size_t i = 0; command_prefixes[i]; i++)
        if (strcmp(word, command_prefixes[i]) == 0)
            return true;
    return false;
}

static void command_clear(struct command *c)
{
    for (size_t i = 0; i < COMMAND_MAX_ARGS; i++)
        free(c->args[i].text);
    memset(c, 0, sizeof *c);
}

/* Read words w into *c. */
static int command_read(const struct command_words *w,
                        const struct command_spec *specs, size_t nspecs,
                        struct command *c, char **err)
{
    size_t first = 0, nargs = 0;
    const struct command_spec *spec;

    memset(c, 0, sizeof *c);
    while (first < w->count && command_is_prefix(w->word[first]))
        first++;
    if (first == w->count) {
        *err = xstrdup("no command");
        return -1;
    }
    spec = command_find(specs, nspecs, w->word[first]);
    if (!spec) {
        *err = xasprintf("unknown command \"%s\"", w->word[first]);
        return -1;
    }
    c->spec = spec;
    while (nargs < COMMAND_MAX_ARGS && spec->args[nargs].type != COMMAND_ARG_NONE)
        nargs++;
    if (w->count - first - 1 > nargs) {
        *err = xasprintf("%s: too many arguments (it takes %zu)", spec->name,
                         nargs);
        return -1;
    }
    for (size_t i = 0; i < nargs; i++) {
        size_t k = first + 1 + i;
        bool absent = k >= w->count || strcmp(w->word[k], "-") == 0;

        if (absent && spec->args[i].optional)
            continue;
        if (absent) {
            *err = xasprintf("%s: the %s is missing", spec->name,
                             spec->args[i].name);
            command_clear(c);
            return -1;
        }
        if (command_arg(spec, &spec->args[i], w->word[k], &c->args[i], err) <
            0) {
            command_clear(c);
            return -1;
        }
    }
    return 0;
}

int command_parse(const char *text, const struct command_spec *specs,
                  size_t nspecs, struct command_chain *out, char **err)
{
    const char *p = text;

    memset(out, 0, sizeof *out);
    while (*p) {
        struct command_words w;
        int rc;

        if (command_split(&p, &w, err) < 0) {
            command_chain_free(out);
            return -1;
        }
        if (w.count == 0)
            continue; /* "a; ; b", or a trailing ';' */
        if (out->count == COMMAND_MAX_CHAIN) {
            command_words_free(&w);
            command_chain_free(out);
            *err = xasprintf("more than %d commands on one line",
                             COMMAND_MAX_CHAIN);
            return -1;
        }
        rc = command_read(&w, specs, nspecs, &out->cmds[out->count], err);
        command_words_free(&w);
        if (rc < 0) {
            command_chain_free(out);
            return -1;
        }
        out->count++;
    }
    if (out->count == 0) {
        *err = xstrdup("no command");
        return -1;
    }
    return 0;
}

void command_run(const struct command_chain *chain, void *ctx)
{
    for (size_t i = 0; i < chain->count; i++)
        chain->cmds[i].spec->run(ctx, &chain->cmds[i]);
}

void command_chain_free(struct command_chain *chain)
{
    for (size_t i = 0; i < chain->count; i++)
        command_clear(&chain->cmds[i]);
    chain->count = 0;
}
