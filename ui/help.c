/* help.c - the bindings in force as the help's rows. */
#include "help.h"

#include "commands.h"
#include "keyname.h"
#include "strbuf.h"
#include "xmem.h"

#include <stdlib.h>
#include <string.h>

/* The help's sections beyond the command groups: the overlays' keys. */
enum { HELP_IN_HELP = COMMANDS_GROUPS, HELP_IN_PLAYLIST, HELP_SECTIONS };

static const char *help_title(int g)
{
    return g == HELP_IN_HELP ? "In the help and the messages"
         : g == HELP_IN_PLAYLIST ? "In the playlist"
         : commands_group_name((enum commands_group)g);
}

static int help_group(const struct binding *b)
{
    if (strcmp(b->section, "help") == 0)
        return HELP_IN_HELP;
    if (strcmp(b->section, "playlist") == 0)
        return HELP_IN_PLAYLIST;
    if (strcmp(b->section, "mic") == 0)
        return COMMANDS_MIC;
    return (int)commands_group_of(&b->chain.cmds[0]);
}

static const char *help_text(const struct binding *b)
{
    return b->help ? b->help : b->text;
}

static char *help_keep(struct help *h, char *s)
{
    h->owned = xreallocarray(h->owned, h->nowned + 1, sizeof *h->owned);
    h->owned[h->nowned++] = s;
    return s;
}

static void help_row(struct help *h, const char *keys, const char *text)
{
    h->rows = xreallocarray(h->rows, h->count + 1, sizeof *h->rows);
    h->rows[h->count++] = (struct screen_help_row){ keys, text };
}

/* Whether binding j belongs on binding i's row: same section, same
 * command, same words. */
static bool help_same(const struct binding *a, const struct binding *b)
{
    return strcmp(a->section, b->section) == 0 &&
           strcmp(a->text, b->text) == 0 &&
           strcmp(help_text(a), help_text(b)) == 0;
}

void help_build(struct help *h, const struct bindings *b)
{
    bool *done = xcalloc(b->count + 1, sizeof *done);

    memset(h, 0, sizeof *h);
    for (int g = 0; g < HELP_SECTIONS; g++) {
        bool titled = false;

        for (size_t i = 0; i < b->count; i++) {
            struct strbuf keys = STRBUF_INIT;
            char name[KEYNAME_MAX];

            if (done[i] || help_group(&b->list[i]) != g ||
                !bindings_in_force(b, i) ||
                strcmp(b->list[i].chain.cmds[0].spec->name, "ignore") == 0)
                continue;
            for (size_t j = i; j < b->count; j++) {
                if (done[j] || !help_same(&b->list[i], &b->list[j]) ||
                    !bindings_in_force(b, j))
                    continue;
                keyname_format(b->list[j].key, name, sizeof name);
                strbuf_addf(&keys, "%s%s", keys.len ? ", " : "", name);
                done[j] = true;
            }
            if (!titled) {
                help_row(h, NULL, help_title(g));
                titled = true;
            }
            help_row(h, help_keep(h, strbuf_detach(&keys)),
                     help_text(&b->list[i]));
        }
    }
    free(done);
}

void help_free(struct help *h)
{
    for (size_t i = 0; i < h->nowned; i++)
        free(h->owned[i]);
    free(h->owned);
    free(h->rows);
    memset(h, 0, sizeof *h);
}
