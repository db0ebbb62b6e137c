/* termreply.h - the terminal's answers to tplay's one burst of queries,
 * read from whatever bytes came back: which picture protocols it has
 * (sixel, kitty's), its sixel colour registers and largest picture, the
 * size of a cell in pixels, synchronized output, and its name. */
#ifndef TPLAY_TERMREPLY_H
#define TPLAY_TERMREPLY_H

#include <stdbool.h>
#include <stddef.h>

/* The image id the kitty query uses (its answer carries it back). */
enum { TERMREPLY_KITTY_ID = 31 };

/* What the answers said; 0 (or false, or "") where none did. */
struct termreply {
    bool da1;           /* the primary device attributes came back: sent
                           last, they say every other answer is in */
    bool sixel;         /* DA1 lists 4: sixel graphics */
    bool kitty;         /* kitty's graphics query answered OK */
    int sync;           /* DECRQM ?2026: 1 set, 2 reset (both: the
                           terminal has synchronized output), 0 not
                           recognised, 3 or 4 fixed; -1 no answer */
    int registers;      /* XTSMGRAPHICS: sixel colour registers */
    int max_w, max_h;   /* XTSMGRAPHICS: the largest sixel picture, px */
    int cell_w, cell_h; /* CSI 16 t: a cell, px */
    int text_w, text_h; /* CSI 14 t: the text area, px */
    char version[64];   /* XTVERSION's name, printable ASCII only */
};

/*
 * The burst, in this order: kitty's graphics query (a 1x1 picture with
 * a=q: a kitty-protocol terminal answers, stores nothing), XTVERSION,
 * XTSMGRAPHICS (ask for 256 sixel colour registers, then read their
 * number and the largest picture), DECRQM 2026, CSI 16 t and 14 t, and
 * DA1 last: every terminal answers DA1, in order, so its answer fences
 * the rest.
 */
const char *termreply_queries(void);

/* A reply record with nothing known (sync -1). */
void termreply_init(struct termreply *r);

/*
 * Read the answers in buf[0..len) (all the bytes so far: call again with
 * more) into *r.  Bytes that are no answer are skipped.  Returns true
 * once DA1's answer is in.
 */
bool termreply_parse(struct termreply *r, const char *buf, size_t len);

#endif
