/* keyname.c - mpv's key names, both ways. */
#include "keyname.h"

#include "utf8.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

/* mpv's names for the keys a terminal can send.  The first name of a key
 * is the one it is written with; the others are read too. */
static const struct {
    const char *name;
    int key;
} keyname_names[] = {
    { "SPACE", ' ' },
    { "SHARP", '#' },
    { "ENTER", KEYNAME_ENTER },
    { "TAB", KEYNAME_TAB },
    { "BS", KEYNAME_BS },
    { "ESC", KEYNAME_ESC },
    { "DEL", KEYNAME_DEL },
    { "INS", KEYNAME_INS },
    { "HOME", KEYNAME_HOME },
    { "END", KEYNAME_END },
    { "PGUP", KEYNAME_PGUP },
    { "PGDWN", KEYNAME_PGDWN },
    { "PGDOWN", KEYNAME_PGDWN },
    { "UP", KEYNAME_UP },
    { "DOWN", KEYNAME_DOWN },
    { "LEFT", KEYNAME_LEFT },
    { "RIGHT", KEYNAME_RIGHT },
    { "KP_ENTER", KEYNAME_KP_ENTER },
    { "MBTN_LEFT", KEYNAME_MBTN_LEFT },
    { "MBTN_MID", KEYNAME_MBTN_MID },
    { "MBTN_RIGHT", KEYNAME_MBTN_RIGHT },
    { "MBTN_BACK", KEYNAME_MBTN_BACK },
    { "MBTN_FORWARD", KEYNAME_MBTN_FORWARD },
    { "MOUSE_BTN0", KEYNAME_MBTN_LEFT },
    { "MOUSE_BTN1", KEYNAME_MBTN_MID },
    { "MOUSE_BTN2", KEYNAME_MBTN_RIGHT },
    { "WHEEL_UP", KEYNAME_WHEEL_UP },
    { "WHEEL_DOWN", KEYNAME_WHEEL_DOWN },
    { "WHEEL_LEFT", KEYNAME_WHEEL_LEFT },
    { "WHEEL_RIGHT", KEYNAME_WHEEL_RIGHT },
    { "MOUSE_BTN3", KEYNAME_WHEEL_UP },
    { "MOUSE_BTN4", KEYNAME_WHEEL_DOWN },
};

static const struct {
    const char *name;
    int bit;
} keyname_mods[] = {
    { "Shift+", KEYNAME_SHIFT },
    { "Ctrl+", KEYNAME_CTRL },
    { "Alt+", KEYNAME_ALT },
    { "Meta+", KEYNAME_META },
};

#define KEYNAME_COUNT(a) (sizeof(a) / sizeof((a)[0]))

/* The key of a name without modifiers, or -1. */
static int keyname_base(const char *s)
{
    size_t len = strlen(s), used;
    uint32_t cp;

    if (len == 0)
        return -1;
    for (size_t i = 0; i < KEYNAME_COUNT(keyname_names); i++)
        if (strcasecmp(s, keyname_names[i].name) == 0)
            return keyname_names[i].key;
    if ((s[0] == 'F' || s[0] == 'f') && len <= 3 && s[1] >= '1' &&
        s[1] <= '9' && (len == 2 || (s[2] >= '0' && s[2] <= '9'))) {
        int n = s[1] - '0';

        if (len == 3)
            n = n * 10 + s[2] - '0';
        if (n <= 12)
            return KEYNAME_F1 + n - 1;
    }
    cp = utf8_decode(s, len, &used);
    /* One character: a printable one (control characters are keys only
     * by their names, as Ctrl+x). */
    if (used != len || cp == 0xFFFD || utf8_is_unsafe(cp) || cp <= ' ')
        return -1;
    return (int)cp;
}

int keyname_parse(const char *name, int *key)
{
    int mods = 0, base;
    bool again = true;

    while (again) {
        again = false;
        for (size_t i = 0; i < KEYNAME_COUNT(keyname_mods); i++) {
            size_t n = strlen(keyname_mods[i].name);

            /* "Ctrl++" is Ctrl and '+': a modifier needs a key after it. */
            if (strncasecmp(name, keyname_mods[i].name, n) == 0 &&
                name[n] != '\0') {
                mods |= keyname_mods[i].bit;
                name += n;
                again = true;
            }
        }
    }
    base = keyname_base(name);
    if (base < 0)
        return -1;
    /* As a terminal delivers them: Shift+a is "A", Ctrl+A is Ctrl+a. */
    if ((mods & KEYNAME_SHIFT) && base >= 'a' && base <= 'z') {
        base -= 'a' - 'A';
        mods &= ~KEYNAME_SHIFT;
    } else if ((mods & KEYNAME_SHIFT) && base >= 'A' && base <= 'Z') {
        mods &= ~KEYNAME_SHIFT;
    }
    if ((mods & KEYNAME_CTRL) && base >= 'A' && base <= 'Z')
        base += 'a' - 'A';
    *key = base | mods;
    return 0;
}

void keyname_format(int key, char *buf, size_t n)
{
    int base = key & ~KEYNAME_MODS;
    size_t used = 0;
    const char *name = NULL;
    char ch[5];

    if (n == 0)
        return;
    buf[0] = '\0';
    for (size_t i = 0; i < KEYNAME_COUNT(keyname_mods); i++)
        if (key & keyname_mods[i].bit) {
            snprintf(buf + used, n - used, "%s", keyname_mods[i].name);
            used = strlen(buf);
        }
    for (size_t i = 0; !name && i < KEYNAME_COUNT(keyname_names); i++)
        if (keyname_names[i].key == base)
            name = keyname_names[i].name;
    if (!name && base >= KEYNAME_F1 && base <= KEYNAME_F12) {
        snprintf(buf + used, n - used, "F%d", base - KEYNAME_F1 + 1);
        return;
    }
    if (!name && base > ' ' && base < KEYNAME_SPECIAL &&
        !utf8_is_unsafe((uint32_t)base)) {
        ch[utf8_encode((uint32_t)base, ch)] = '\0';
        name = ch;
    }
    snprintf(buf + used, n - used, "%s", name ? name : "UNKNOWN");
}

bool keyname_is_mouse(int key)
{
    int base = key & ~KEYNAME_MODS;

    return base >= KEYNAME_MBTN_LEFT && base <= KEYNAME_WHEEL_RIGHT;
}
