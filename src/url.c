/* url.c - URL or path: the scheme test and file:// decoding. */
#include "url.h"

#include "strbuf.h"

#include <string.h>

static bool url_is_alpha(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static char url_lower(char c)
{
    return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

size_t url_scheme_len(const char *s)
{
    size_t n = 0;

    if (!url_is_alpha(s[0]))
        return 0;
    while (url_is_alpha(s[n]) || (s[n] >= '0' && s[n] <= '9') ||
           s[n] == '+' || s[n] == '-' || s[n] == '.')
        n++;
    return strncmp(s + n, "://", 3) == 0 ? n : 0;
}

bool url_is(const char *s, const char *scheme)
{
    size_t n = url_scheme_len(s);

    if (n == 0 || n != strlen(scheme))
        return false;
    for (size_t i = 0; i < n; i++)
        if (url_lower(s[i]) != url_lower(scheme[i]))
            return false;
    return true;
}

static int url_hex(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    c = url_lower(c);
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    return -1;
}

char *url_file_path(const char *s)
{
    struct strbuf out = STRBUF_INIT;
    const char *p;

    if (!url_is(s, "file"))
        return NULL;
    p = s + strlen("file://");
    /* The host: empty or "localhost"; a path on another machine is not
     * a local path. */
    if (strncmp(p, "localhost", 9) == 0 && (p[9] == '/' || p[9] == '\0'))
        p += 9;
    if (*p != '/')
        return NULL;
    for (; *p && *p != '?' && *p != '#'; p++) {
        int hi, lo;

        if (*p == '%' && (hi = url_hex(p[1])) >= 0 && (lo = url_hex(p[2])) >= 0) {
            if (hi == 0 && lo == 0) {
                strbuf_free(&out);
                return NULL;
            }
            strbuf_addc(&out, (char)(hi * 16 + lo));
            p += 2;
        } else {
            strbuf_addc(&out, *p);
        }
    }
    return strbuf_detach(&out);
}
