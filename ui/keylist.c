/* keylist.c - the bindings in force, printed as input.conf lines. */
#include "keylist.h"

#include "bindings.h"
#include "dispatch.h"
#include "keyname.h"
#include "warn.h"

#include <stdio.h>
#include <string.h>

/* A file's text with its control bytes shown as '?': the user's own
 * file, but never a raw escape to the terminal. */
static void keylist_put(const char *s)
{
    for (; *s; s++)
        putchar((unsigned char)*s < 0x20 || *s == 0x7f ? '?' : *s);
}

int keylist_print(const struct cli *cli)
{
    struct bindings b;
    int status;

    memset(&b, 0, sizeof b);
    dispatch_load(&b, cli);
    printf("# tplay's key bindings in force (man tplay, KEYS); a line of\n"
           "# ~/.config/tplay/input.conf replaces the binding of its key.\n");
    for (size_t i = 0; i < b.count; i++) {
        const struct binding *bd = &b.list[i];
        char key[KEYNAME_MAX + 16];
        size_t n;

        if (!bindings_in_force(&b, i))
            continue;
        keyname_format(bd->key, key, sizeof key);
        n = strlen(key);
        if (strcmp(bd->section, "default") != 0)
            snprintf(key + n, sizeof key - n, " {%s}", bd->section);
        printf("%-20s ", key);
        keylist_put(bd->text);
        if (bd->help) {
            fputs("   # ", stdout);
            keylist_put(bd->help);
        }
        putchar('\n');
    }
    for (size_t i = 0; i < b.nproblems; i++)
        warn_text(b.problems[i]);
    status = b.nproblems ? 1 : 0;
    bindings_free(&b);
    return status;
}
