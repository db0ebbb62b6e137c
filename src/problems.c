/* problems.c - the one cap on lists of problems. */
#include "problems.h"

#include "xmem.h"

#include <stdlib.h>

void problems_cap(char ***list, size_t *n, size_t first, const char *source,
                  const char *hint)
{
    size_t more;

    if (*n < first || *n - first <= PROBLEMS_MAX)
        return;
    more = *n - first - PROBLEMS_MAX;
    for (size_t i = first + PROBLEMS_MAX; i < *n; i++)
        free((*list)[i]);
    *n = first + PROBLEMS_MAX;
    *list = xreallocarray(*list, *n + 1, sizeof **list);
    (*list)[(*n)++] = xasprintf("%s: %zu more problems not shown%s%s", source,
                                more, hint ? "; " : "", hint ? hint : "");
}

void problems_addv(char ***list, size_t *n, const char *fmt, va_list ap)
{
    *list = xreallocarray(*list, *n + 1, sizeof **list);
    (*list)[(*n)++] = xvasprintf(fmt, ap);
}
