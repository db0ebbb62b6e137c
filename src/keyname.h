/* keyname.h - keys as mpv's input.conf names them: "a", "SPACE", "ENTER",
 * "PGUP", "Ctrl+x", "Shift+RIGHT", "MBTN_LEFT", "WHEEL_UP".
 *
 * A key is an int: a Unicode code point for a character key, or one of
 * enum keyname_special, with modifier bits on top.  Only what a terminal
 * can deliver is ever produced by the UI, but every name mpv documents for
 * those keys is understood, so an mpv input.conf reads without surprises.
 */
#ifndef TPLAY_KEYNAME_H
#define TPLAY_KEYNAME_H

#include <stdbool.h>
#include <stddef.h>

enum keyname_special {
    KEYNAME_SPECIAL = 0x110000, /* above every Unicode code point */
    KEYNAME_ENTER = KEYNAME_SPECIAL,
    KEYNAME_TAB,
    KEYNAME_BS,
    KEYNAME_ESC,
    KEYNAME_DEL,
    KEYNAME_INS,
    KEYNAME_HOME,
    KEYNAME_END,
    KEYNAME_PGUP,
    KEYNAME_PGDWN,
    KEYNAME_UP,
    KEYNAME_DOWN,
    KEYNAME_LEFT,
    KEYNAME_RIGHT,
    KEYNAME_F1, /* F1 to F12 follow */
    KEYNAME_F12 = KEYNAME_F1 + 11,
    KEYNAME_KP_ENTER,
    KEYNAME_MBTN_LEFT,
    KEYNAME_MBTN_MID,
    KEYNAME_MBTN_RIGHT,
    KEYNAME_MBTN_BACK,
    KEYNAME_MBTN_FORWARD,
    KEYNAME_WHEEL_UP,
    KEYNAME_WHEEL_DOWN,
    KEYNAME_WHEEL_LEFT,
    KEYNAME_WHEEL_RIGHT,
    KEYNAME_RESIZE,     /* the terminal changed size: never bound */
    KEYNAME_SPECIAL_END,
};

/* Modifier bits, above every key. */
#define KEYNAME_SHIFT (1 << 22)
#define KEYNAME_CTRL (1 << 23)
#define KEYNAME_ALT (1 << 24)
#define KEYNAME_META (1 << 25)
#define KEYNAME_MODS (KEYNAME_SHIFT | KEYNAME_CTRL | KEYNAME_ALT | KEYNAME_META)

/* Longest name keyname_format writes, NUL included. */
#define KEYNAME_MAX 48

/*
 * Read one key name as input.conf writes it: modifiers ("Shift+", "Ctrl+",
 * "Alt+", "Meta+", any case, any order), then one character (UTF-8) or a
 * special name (any case).  Normalised as a terminal delivers keys: Shift
 * on a letter gives the capital letter, Ctrl on a capital the small one.
 * 0 and *key, or -1 for a name that is not a key.
 */
int keyname_parse(const char *name, int *key);

/* The name of key as input.conf writes it ("SPACE", "Ctrl+x", "#" is
 * "SHARP"), into buf (KEYNAME_MAX is enough); always terminated. */
void keyname_format(int key, char *buf, size_t n);

/* A mouse button or wheel, with any modifiers. */
bool keyname_is_mouse(int key);

#endif
