/* lang_table.h - ISO 639 data generated at build time (see lang_gen.py).
 * Private to lang.c and its tests. */
#ifndef TPLAY_LANG_TABLE_H
#define TPLAY_LANG_TABLE_H

#include <stddef.h>

struct lang_code {
    char a3[4];       /* ISO 639-2/T or 639-3 code, sorted */
    char a2[3];       /* ISO 639-1 code, or "" */
    const char *name; /* English name */
};

struct lang_bcode {
    char b[4]; /* ISO 639-2/B code, sorted */
    char t[4]; /* the /T code it stands for */
};

struct lang_2code {
    char a2[3];   /* ISO 639-1 code, sorted */
    size_t index; /* row in lang_codes */
};

extern const struct lang_code lang_codes[];
extern const size_t lang_codes_len;
extern const struct lang_bcode lang_bcodes[];
extern const size_t lang_bcodes_len;
extern const struct lang_2code lang_2codes[];
extern const size_t lang_2codes_len;

#endif
