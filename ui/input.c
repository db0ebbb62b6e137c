/* input.c - terminal keys and mouse reports as mpv's keys. */
#include "input.h"

#include "keyname.h"
#include "term.h"

#include <curses.h>
#include <string.h>

#define INPUT_CSI_MAX 32 /* bytes of a control sequence kept to read it */

/* curses' own codes for the keys it knows. */
static const struct {
    int code;
    int key;
} input_codes[] = {
    { KEY_UP, KEYNAME_UP },
    { KEY_DOWN, KEYNAME_DOWN },
    { KEY_LEFT, KEYNAME_LEFT },
    { KEY_RIGHT, KEYNAME_RIGHT },
    { KEY_SR, KEYNAME_SHIFT | KEYNAME_UP },
    { KEY_SF, KEYNAME_SHIFT | KEYNAME_DOWN },
    { KEY_SLEFT, KEYNAME_SHIFT | KEYNAME_LEFT },
    { KEY_SRIGHT, KEYNAME_SHIFT | KEYNAME_RIGHT },
    { KEY_HOME, KEYNAME_HOME },
    { KEY_END, KEYNAME_END },
    { KEY_SHOME, KEYNAME_SHIFT | KEYNAME_HOME },
    { KEY_SEND, KEYNAME_SHIFT | KEYNAME_END },
    { KEY_PPAGE, KEYNAME_PGUP },
    { KEY_NPAGE, KEYNAME_PGDWN },
    { KEY_SPREVIOUS, KEYNAME_SHIFT | KEYNAME_PGUP },
    { KEY_SNEXT, KEYNAME_SHIFT | KEYNAME_PGDWN },
    { KEY_IC, KEYNAME_INS },
    { KEY_DC, KEYNAME_DEL },
    { KEY_SDC, KEYNAME_SHIFT | KEYNAME_DEL },
    { KEY_BACKSPACE, KEYNAME_BS },
    { KEY_ENTER, KEYNAME_KP_ENTER },
    { KEY_BTAB, KEYNAME_SHIFT | KEYNAME_TAB },
    { KEY_RESIZE, KEYNAME_RESIZE },
};

/* terminfo's extended names for modified keys: "kLFT5" is Ctrl+LEFT. */
static const struct {
    const char *name;
    int key;
} input_extended[] = {
    { "kUP", KEYNAME_UP }, { "kDN", KEYNAME_DOWN }, { "kLFT", KEYNAME_LEFT },
    { "kRIT", KEYNAME_RIGHT }, { "kHOM", KEYNAME_HOME }, { "kEND", KEYNAME_END },
    { "kPRV", KEYNAME_PGUP }, { "kNXT", KEYNAME_PGDWN }, { "kDC", KEYNAME_DEL },
    { "kIC", KEYNAME_INS },
};

/* xterm's modifier parameter, less one: bit 0 Shift, 1 Alt, 2 Ctrl. */
static int input_mods(int param)
{
    int m = param - 1, mods = 0;

    if (m & 1)
        mods |= KEYNAME_SHIFT;
    if (m & 2)
        mods |= KEYNAME_ALT;
    if (m & 4)
        mods |= KEYNAME_CTRL;
    return mods;
}

/* A curses key code as a key, or -1. */
static int input_code(int code)
{
    const char *name;

    for (size_t i = 0; i < sizeof input_codes / sizeof input_codes[0]; i++)
        if (input_codes[i].code == code)
            return input_codes[i].key;
    if (code >= KEY_F(1) && code <= KEY_F(12))
        return KEYNAME_F1 + code - KEY_F(1);
    name = keyname(code);
    for (size_t i = 0; name && i < sizeof input_extended / sizeof input_extended[0];
         i++) {
        size_t n = strlen(input_extended[i].name);

        if (strncmp(name, input_extended[i].name, n) == 0 && name[n] >= '2' &&
            name[n] <= '8' && name[n + 1] == '\0')
            return input_extended[i].key | input_mods(name[n] - '0');
    }
    return -1;
}

/* A character as a key: the control characters by their names. */
static int input_char(wint_t c)
{
    switch (c) {
    case '\r': case '\n':
        return KEYNAME_ENTER;
    case '\t':
        return KEYNAME_TAB;
    case 127: case 8:
        return KEYNAME_BS;
    case 0:
        return KEYNAME_CTRL | ' ';
    default:
        break;
    }
    if (c >= 1 && c <= 26)
        return KEYNAME_CTRL | (int)('a' + c - 1);
    if (c >= 28 && c <= 31)
        return KEYNAME_CTRL | (int)("\\]^_"[c - 28]);
    return (int)c;
}

/* An SGR mouse report "<b;x;y" ended by final ('M' press, 'm' release),
 * as *ev; false for what is not a press of a known button. */
static bool input_mouse(const char *params, char final, struct input_event *ev)
{
    static const int buttons[] = {
        KEYNAME_MBTN_LEFT, KEYNAME_MBTN_MID, KEYNAME_MBTN_RIGHT, -1,
    };
    unsigned b, x, y;
    int key, mods = 0;
    char tail;

    if (final != 'M' || sscanf(params, "<%u;%u;%u%c", &b, &x, &y, &tail) != 3 ||
        x == 0 || y == 0 || x > 100000 || y > 100000)
        return false;
    if (b & 32)
        return false; /* motion */
    if (b & 4)
        mods |= KEYNAME_SHIFT;
    if (b & 8)
        mods |= KEYNAME_ALT;
    if (b & 16)
        mods |= KEYNAME_CTRL;
    b &= ~(4u | 8u | 16u);
    if (b < 4)
        key = buttons[b];
    else if (b >= 64 && b <= 67)
        key = KEYNAME_WHEEL_UP + (int)(b - 64);
    else if (b == 128 || b == 129)
        key = b == 128 ? KEYNAME_MBTN_BACK : KEYNAME_MBTN_FORWARD;
    else
        key = -1;
    if (key < 0)
        return false;
    *ev = (struct input_event){ key | mods, (int)y - 1, (int)x - 1 };
    return true;
}

/*
 * After Esc and a string's introducer (DCS P, APC _, OSC ], PM ^, SOS X):
 * when more bytes came with it, a terminal's answer (a late one to the
 * queries at start, XTVERSION or kitty's "Gi=31;OK"), read to its end (ST
 * or BEL) and dropped, so that none of it is taken for keys ("1" would
 * toggle a track).  Nothing after it: the user's Alt+P, Alt+_ ...: false.
 */
static bool input_string(void)
{
    wint_t c;
    bool esc = false;

    if (term_read(&c) == ERR)
        return false;
    do {
        if (c == 7 || (esc && c == '\\'))
            break;
        esc = c == 27;
    } while (term_read(&c) != ERR);
    return true;
}

/* After an Esc: a sequence curses did not know (read whole: a mouse
 * report, or dropped), Alt and a key, or Esc alone. */
static bool input_escape(struct input_event *ev)
{
    char params[INPUT_CSI_MAX];
    size_t n = 0;
    wint_t c;
    int rc = term_read(&c);
    char intro;

    if (rc == ERR) {
        *ev = (struct input_event){ KEYNAME_ESC, -1, -1 };
        return true;
    }
    if (rc == KEY_CODE_YES) {
        int key = input_code((int)c);

        if (key < 0)
            return false;
        *ev = (struct input_event){ key | KEYNAME_ALT, -1, -1 };
        return true;
    }
    if ((c == 'P' || c == '_' || c == ']' || c == '^' || c == 'X') &&
        input_string())
        return false;
    if (c != '[' && c != 'O') {
        int key = input_char(c);

        *ev = (struct input_event){ c == 27 ? KEYNAME_ESC : key | KEYNAME_ALT,
                                    -1, -1 };
        return true;
    }
    /* A control sequence: parameters, then a final byte 0x40-0x7e. */
    intro = (char)c;
    while ((rc = term_read(&c)) == OK) {
        if (c >= 0x40 && c <= 0x7e) {
            params[n] = '\0';
            return input_mouse(params, (char)c, ev);
        }
        if (n + 1 < sizeof params)
            params[n++] = (char)c;
    }
    /* Cut short: "Esc [" was typed, or "Esc O" (Alt+O). */
    if (n == 0) {
        *ev = (struct input_event){ KEYNAME_ALT | intro, -1, -1 };
        return true;
    }
    return false;
}

bool input_next(struct input_event *ev)
{
    wint_t c;
    int rc;

    while ((rc = term_read(&c)) != ERR) {
        if (rc == KEY_CODE_YES) {
            int key = input_code((int)c);

            if (key < 0)
                continue; /* a key with no name in mpv's list */
            *ev = (struct input_event){ key, -1, -1 };
            return true;
        }
        if (c == 27) {
            if (input_escape(ev))
                return true;
            continue;
        }
        *ev = (struct input_event){ input_char(c), -1, -1 };
        return true;
    }
    return false;
}
