/* uri.c - local paths as file:// URIs, URIs made plain ASCII. */
#include "uri.h"

#include "strbuf.h"
#include "xmem.h"

#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* True when name starts with a URI scheme and "://" (RFC 3986 3.1). */
static bool uri_has_scheme(const char *name)
{
    size_t i = 0;

    if (!((name[0] >= 'A' && name[0] <= 'Z') ||
          (name[0] >= 'a' && name[0] <= 'z')))
        return false;
    while (name[i] && (strchr("+-.", name[i]) ||
                       (name[i] >= 'A' && name[i] <= 'Z') ||
                       (name[i] >= 'a' && name[i] <= 'z') ||
                       (name[i] >= '0' && name[i] <= '9')))
        i++;
    return strncmp(name + i, "://", 3) == 0;
}

/* Append s with every byte that is not in keep (nor alphanumeric ASCII)
 * percent-encoded. */
static void uri_add_encoded(struct strbuf *sb, const char *s, const char *keep)
{
    for (const unsigned char *u = (const unsigned char *)s; *u; u++) {
        if ((*u >= 'A' && *u <= 'Z') || (*u >= 'a' && *u <= 'z') ||
            (*u >= '0' && *u <= '9') || strchr(keep, *u))
            strbuf_addc(sb, (char)*u);
        else
            strbuf_addf(sb, "%%%02X", *u);
    }
}

/* The current directory (caller frees), or NULL when it cannot be read
 * (removed, or a parent is not searchable). */
static char *uri_getcwd(void)
{
    for (size_t size = 256;; size *= 2) {
        char *buf = xmalloc(size);

        if (getcwd(buf, size))
            return buf;
        free(buf);
        if (errno != ERANGE || size > 1 << 20)
            return NULL;
    }
}

char *uri_from_name(const char *name, const char *cwd)
{
    /* What may stay raw: a URI's own characters (RFC 3986 2.2, 2.3, and
     * '%' that already encodes one), or a path's unreserved ones. */
    static const char uri_keep[] = "-._~:/?#[]@!$&'()*+,;=%";
    static const char path_keep[] = "-._~/";
    struct strbuf sb = STRBUF_INIT;

    if (uri_has_scheme(name)) {
        uri_add_encoded(&sb, name, uri_keep);
        return strbuf_detach(&sb);
    }
    strbuf_adds(&sb, "file://");
    if (name[0] != '/') {
        char *here = cwd ? NULL : uri_getcwd();
        const char *dir = cwd ? cwd : here;

        if (!dir || dir[0] != '/')
            dir = "/";
        uri_add_encoded(&sb, dir, path_keep);
        if (dir[strlen(dir) - 1] != '/')
            strbuf_addc(&sb, '/');
        free(here);
    }
    uri_add_encoded(&sb, name, path_keep);
    return strbuf_detach(&sb);
}
