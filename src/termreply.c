/* termreply.c - the answers to the terminal queries, one escape sequence
 * at a time. */
#include "termreply.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* At most this many numbers in a CSI answer (DA1 lists a dozen). */
enum { TERMREPLY_MAX_PARAMS = 32 };

const char *termreply_queries(void)
{
    return "\033_Gi=31,s=1,v=1,a=q,t=d,f=24;AAAA\033\\" /* kitty */
           "\033[>0q"                                   /* XTVERSION */
           "\033[?1;3;256S"  /* sixel registers: ask for 256 */
           "\033[?1;1;0S"    /* ... and read how many */
           "\033[?2;4;0S"    /* the largest sixel picture */
           "\033[?2026$p"    /* synchronized output */
           "\033[16t"        /* a cell in pixels */
           "\033[14t"        /* the text area in pixels */
           "\033[c";         /* DA1: the fence */
}

void termreply_init(struct termreply *r)
{
    memset(r, 0, sizeof *r);
    r->sync = -1;
}

/* The numbers of a CSI answer's parameters "a;b;c" in s[0..n); returns
 * how many. */
static int termreply_params(const char *s, size_t n, int *out)
{
    int count = 0;
    long v = 0;
    bool any = false;

    for (size_t i = 0; i <= n; i++) {
        if (i == n || s[i] == ';') {
            if (count < TERMREPLY_MAX_PARAMS)
                out[count++] = any ? (int)v : 0;
            v = 0;
            any = false;
        } else if (s[i] >= '0' && s[i] <= '9') {
            if (v < 100000)
                v = v * 10 + (s[i] - '0');
            any = true;
        }
    }
    return count;
}

/* A CSI answer: private marker (or 0), the parameter bytes, the
 * intermediate (or 0) and the final byte. */
static void termreply_csi(struct termreply *r, char marker, const char *p,
                          size_t n, char inter, char final)
{
    int v[TERMREPLY_MAX_PARAMS];
    int count = termreply_params(p, n, v);

    if (marker == '?' && final == 'c' && !inter) {
        r->da1 = true;
        for (int i = 1; i < count; i++)
            if (v[i] == 4)
                r->sixel = true;
    } else if (marker == '?' && final == 'y' && inter == '$' && count >= 2 &&
               v[0] == 2026) {
        r->sync = v[1];
    } else if (marker == '?' && final == 'S' && !inter && count >= 3 &&
               v[1] == 0) { /* status 0: done */
        if (v[0] == 1)
            r->registers = v[2];
        else if (v[0] == 2 && count >= 4) {
            r->max_w = v[2];
            r->max_h = v[3];
        }
    } else if (!marker && final == 't' && !inter && count >= 3) {
        if (v[0] == 6) {
            r->cell_h = v[1];
            r->cell_w = v[2];
        } else if (v[0] == 4) {
            r->text_h = v[1];
            r->text_w = v[2];
        }
    }
}

/* Whether kitty's "k=v,k=v" keys in s[0..n) hold key=value. */
static bool termreply_has_key(const char *s, size_t n, char key, int value)
{
    size_t i = 0;

    while (i < n) {
        size_t end = i;

        while (end < n && s[end] != ',')
            end++;
        if (end - i >= 3 && s[i] == key && s[i + 1] == '=') {
            int v[1];

            if (termreply_params(s + i + 2, end - i - 2, v) == 1 &&
                v[0] == value)
                return true;
        }
        i = end + 1;
    }
    return false;
}

/* A string answer (DCS or APC) whose body is s[0..n). */
static void termreply_string(struct termreply *r, char kind, const char *s,
                             size_t n)
{
    if (kind == 'P' && n >= 2 && s[0] == '>' && s[1] == '|') {
        size_t k = 0;

        for (size_t i = 2; i < n && k + 1 < sizeof r->version; i++)
            if (s[i] >= 0x20 && s[i] < 0x7f)
                r->version[k++] = s[i];
        r->version[k] = '\0';
    } else if (kind == '_' && n >= 1 && s[0] == 'G') {
        /* "Gi=31;OK" (kitty), or an error text after the ';'. */
        const char *semi = memchr(s, ';', n);

        if (semi && (size_t)(s + n - semi) >= 3 &&
            memcmp(semi, ";OK", 3) == 0 &&
            termreply_has_key(s + 1, (size_t)(semi - s - 1), 'i',
                              TERMREPLY_KITTY_ID))
            r->kitty = true;
    }
}

bool termreply_parse(struct termreply *r, const char *buf, size_t len)
{
    size_t i = 0;

    while (i < len) {
        if (buf[i] != '\033' || i + 1 >= len) {
            i++;
            continue;
        }
        if (buf[i + 1] == '[') {
            size_t j = i + 2, start;
            char marker = 0, inter = 0;

            if (j < len && (buf[j] == '?' || buf[j] == '>' || buf[j] == '='))
                marker = buf[j++];
            start = j;
            while (j < len && ((buf[j] >= '0' && buf[j] <= '9') ||
                               buf[j] == ';'))
                j++;
            if (j < len && buf[j] >= 0x20 && buf[j] <= 0x2f)
                inter = buf[j++];
            if (j >= len)
                break; /* cut off: the rest comes later */
            if (buf[j] >= 0x40 && buf[j] <= 0x7e)
                termreply_csi(r, marker, buf + start, j - start, inter,
                              buf[j]);
            i = j + 1;
        } else if (buf[i + 1] == 'P' || buf[i + 1] == '_') {
            size_t j = i + 2;

            while (j + 1 < len && !(buf[j] == '\033' && buf[j + 1] == '\\'))
                j++;
            if (j + 1 >= len)
                break;
            termreply_string(r, buf[i + 1], buf + i + 2, j - (i + 2));
            i = j + 2;
        } else {
            i += 2;
        }
    }
    return r->da1;
}
