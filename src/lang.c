/* lang.c - BCP 47 canonicalisation over the generated ISO 639 table. */
#include "lang.h"

#include "lang_table.h"

#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#define LANG_SUBTAG_MAX 8

static int lang_cmp_code(const void *key, const void *elem)
{
    return strcmp(key, ((const struct lang_code *)elem)->a3);
}

static int lang_cmp_bcode(const void *key, const void *elem)
{
    return strcmp(key, ((const struct lang_bcode *)elem)->b);
}

static int lang_cmp_2code(const void *key, const void *elem)
{
    return strcmp(key, ((const struct lang_2code *)elem)->a2);
}

/* The table row for a lower-case 2- or 3-letter code (B, T or 639-3). */
static const struct lang_code *lang_lookup(const char *code)
{
    const struct lang_bcode *b;
    const struct lang_2code *two;

    if (strlen(code) == 2) {
        two = bsearch(code, lang_2codes, lang_2codes_len, sizeof *two,
                      lang_cmp_2code);
        return two ? &lang_codes[two->index] : NULL;
    }
    b = bsearch(code, lang_bcodes, lang_bcodes_len, sizeof *b, lang_cmp_bcode);
    if (b)
        code = b->t;
    return bsearch(code, lang_codes, lang_codes_len, sizeof(struct lang_code),
                   lang_cmp_code);
}

/* ISO 639-2 reserves qaa..qtz for local use: valid, but in no table. */
static bool lang_is_local_use(const char *code)
{
    return strlen(code) == 3 && code[0] == 'q' && code[1] >= 'a' &&
           code[1] <= 't';
}

static bool lang_all(const char *s, size_t n, int (*pred)(int))
{
    for (size_t i = 0; i < n; i++)
        if (!pred((unsigned char)s[i]))
            return false;
    return true;
}

static int lang_isalpha(int c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static int lang_isdigit(int c)
{
    return c >= '0' && c <= '9';
}

static int lang_isalnum(int c)
{
    return lang_isalpha(c) || lang_isdigit(c);
}

static char lang_lower(char c)
{
    return (c >= 'A' && c <= 'Z') ? (char)(c - 'A' + 'a') : c;
}

static char lang_upper(char c)
{
    return (c >= 'a' && c <= 'z') ? (char)(c - 'a' + 'A') : c;
}

/* Output under construction, with overflow tracked instead of checked. */
struct lang_out {
    char *buf;
    size_t len;
    bool overflow;
};

/* Append a subtag (with its '-' unless first), case set by mode:
 * 'l' lower, 'u' upper, 't' title. */
static void lang_put(struct lang_out *o, const char *s, size_t n, char mode)
{
    if (o->len + (o->len ? 1 : 0) + n >= LANG_TAG_MAX) {
        o->overflow = true;
        return;
    }
    if (o->len)
        o->buf[o->len++] = '-';
    for (size_t i = 0; i < n; i++) {
        bool up = mode == 'u' || (mode == 't' && i == 0);
        o->buf[o->len++] = up ? lang_upper(s[i]) : lang_lower(s[i]);
    }
    o->buf[o->len] = '\0';
}

/* Write the canonical primary language for a 2- or 3-letter subtag. */
static bool lang_put_language(struct lang_out *o, const char *s, size_t n)
{
    char code[4];
    const struct lang_code *row;

    for (size_t i = 0; i < n; i++)
        code[i] = lang_lower(s[i]);
    code[n] = '\0';
    row = lang_lookup(code);
    if (row) {
        const char *best = row->a2[0] ? row->a2 : row->a3;
        lang_put(o, best, strlen(best), 'l');
        return true;
    }
    if (!lang_is_local_use(code))
        return false;
    lang_put(o, code, n, 'l');
    return true;
}

/* Splits a tag into subtags; each at most LANG_SUBTAG_MAX alphanumerics. */
struct lang_iter {
    const char *p;
    const char *sub;
    size_t n;
};

/* Advance to the next subtag; false at the end or on a malformed one. */
static bool lang_next(struct lang_iter *it, bool *bad)
{
    size_t n = 0;

    if (!*it->p)
        return false;
    if (it->sub) {
        if (*it->p != '-')
            return *bad = true, false;
        it->p++;
    }
    while (it->p[n] && it->p[n] != '-')
        n++;
    if (n == 0 || n > LANG_SUBTAG_MAX || !lang_all(it->p, n, lang_isalnum))
        return *bad = true, false;
    it->sub = it->p;
    it->n = n;
    it->p += n;
    return true;
}

/* Subtags after a singleton: extension (2-8) or private use (1-8). */
static bool lang_put_singleton_tail(struct lang_out *o, struct lang_iter *it,
                                    bool *bad, bool private_use)
{
    size_t count = 0;

    lang_put(o, it->sub, 1, 'l');
    while (lang_next(it, bad)) {
        if (it->n == 1 && !private_use) {
            if (count == 0) /* "a-b": a singleton needs a subtag */
                return *bad = true, false;
            return true; /* the next singleton: caller continues from it */
        }
        if (!private_use && it->n < 2)
            return *bad = true, false;
        lang_put(o, it->sub, it->n, 'l');
        count++;
    }
    if (count == 0)
        *bad = true;
    it->n = 0;
    return false;
}

bool lang_canonicalize(const char *in, char out[LANG_TAG_MAX])
{
    struct lang_out o = { out, 0, false };
    struct lang_iter it = { in, NULL, 0 };
    bool bad = false, more;
    int stage = 0; /* 0 extlang, 1 script, 2 region, 3 variants, 4 ext */

    out[0] = '\0';
    if (!in || !lang_next(&it, &bad))
        return false;
    if (it.n == 1 && lang_lower(*it.sub) == 'x') {
        lang_put_singleton_tail(&o, &it, &bad, true);
        goto done;
    }
    if (it.n < 2 || it.n > 3 || !lang_all(it.sub, it.n, lang_isalpha))
        goto fail;
    /* Keep the primary language until we know no extlang replaces it. */
    const char *primary = it.sub;
    size_t primary_n = it.n;

    more = lang_next(&it, &bad);
    if (more && it.n == 3 && lang_all(it.sub, 3, lang_isalpha)) {
        primary = it.sub; /* zh-yue -> yue: the extlang's preferred value */
        primary_n = 3;
        more = lang_next(&it, &bad);
    }
    if (!lang_put_language(&o, primary, primary_n))
        goto fail;
    while (more) {
        if (stage <= 1 && it.n == 4 && lang_all(it.sub, 4, lang_isalpha)) {
            lang_put(&o, it.sub, 4, 't');
            stage = 2;
        } else if (stage <= 2 &&
                   ((it.n == 2 && lang_all(it.sub, 2, lang_isalpha)) ||
                    (it.n == 3 && lang_all(it.sub, 3, lang_isdigit)))) {
            lang_put(&o, it.sub, it.n, 'u');
            stage = 3;
        } else if (stage <= 3 &&
                   (it.n >= 5 || (it.n == 4 && lang_isdigit(*it.sub)))) {
            lang_put(&o, it.sub, it.n, 'l');
            stage = 3;
        } else if (it.n == 1) {
            bool private_use = lang_lower(*it.sub) == 'x';
            stage = 4;
            if (lang_put_singleton_tail(&o, &it, &bad, private_use))
                continue; /* 'it' already holds the next singleton */
            break;
        } else {
            goto fail;
        }
        more = lang_next(&it, &bad);
    }
done:
    if (!bad && !o.overflow && o.len > 0)
        return true;
fail:
    out[0] = '\0';
    return false;
}

const char *lang_name(const char *tag)
{
    char code[4];
    size_t n = 0;
    const struct lang_code *row;

    if (!tag)
        return NULL;
    while (n < 4 && tag[n] && tag[n] != '-')
        n++;
    if (n < 2 || n > 3 || (tag[n] && tag[n] != '-'))
        return NULL;
    for (size_t i = 0; i < n; i++)
        code[i] = lang_lower(tag[i]);
    code[n] = '\0';
    row = lang_lookup(code);
    return row ? row->name : NULL;
}

bool lang_truncate(char *tag)
{
    char *dash = strrchr(tag, '-');

    if (!dash)
        return false;
    *dash = '\0';
    /* Singletons (and one-letter private use subtags) now at the end go
     * too: "en-x-a-b" -> "en". */
    while ((dash = strrchr(tag, '-')) != NULL && dash[1] && !dash[2])
        *dash = '\0';
    if (tag[0] && !tag[1]) { /* all that is left: "x-abc" -> "x" */
        tag[0] = '\0';
        return false;
    }
    return true;
}

bool lang_prefix_match(const char *range, const char *tag)
{
    size_t n = strlen(range);

    return n > 0 && strncmp(range, tag, n) == 0 &&
           (tag[n] == '\0' || tag[n] == '-');
}
