/* term.c - curses set-up and the one idempotent teardown. */
#include "term.h"

#include "crash.h"
#include "fatal.h"
#include "strbuf.h"
#include "xmem.h"

#include <curses.h>
#include <term.h>
#include <errno.h>
#include <langinfo.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <termios.h>
#include <unistd.h>

/* This file's state: the terminal is one per process. */
static struct {
    bool started;
    WINDOW *keys;  /* keys are read here, never through stdscr */
    bool have_shell_modes;
    bool mouse;    /* the terminal reports the mouse */
    struct termios shell_modes; /* the tty's modes before curses */
    struct strbuf crash_bytes;  /* filled by term_crash_putc */
} term = { .crash_bytes = STRBUF_INIT };

/* Ctrl-S (XOFF) would stop the terminal's output, and tplay with it:
 * every curses write would block, so no key, not even q, and no SIGTERM
 * would be acted on until Ctrl-Q.  A player has no use for flow control:
 * turn it off in tplay's modes (curses' cbreak leaves it on); endwin
 * gives the shell's modes back as they were. */
static void term_no_flow_control(void)
{
    struct termios t;

    if (tcgetattr(STDIN_FILENO, &t) < 0)
        return;
    t.c_iflag &= ~(tcflag_t)IXON;
    if (tcsetattr(STDIN_FILENO, TCSANOW, &t) == 0)
        def_prog_mode(); /* what refresh restores after a suspend */
}

int term_check(char **err)
{
    const char *t = getenv("TERM"), *cup;
    int e;

    if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
        *err = xstrdup("standard input and output must be a terminal "
                       "(for a listing, use --list-tracks)");
        return -1;
    }
    if (!t || !t[0]) {
        *err = xstrdup("TERM is not set, so tplay cannot tell how to place "
                       "the cursor; set it to your terminal's type (e.g. "
                       "xterm-256color), or use --list-tracks");
        return -1;
    }
    /* setupterm only reads terminfo: nothing reaches the terminal. */
    if (setupterm(NULL, STDOUT_FILENO, &e) != OK) {
        *err = xasprintf("the terminal type \"%s\" is not in terminfo; set "
                         "TERM to one it knows (e.g. xterm-256color), or use "
                         "--list-tracks", t);
        return -1;
    }
    cup = tigetstr("cup");
    if (!cup || cup == (const char *)-1) {
        *err = xasprintf("the terminal \"%s\" cannot place the cursor; run "
                         "tplay in a terminal such as xterm, or use "
                         "--list-tracks", t);
        del_curterm(cur_term);
        return -1;
    }
    del_curterm(cur_term);
    return 0;
}

/* tputs' output function for term_crash_record: into a buffer. */
static int term_crash_putc(int c)
{
    strbuf_addc(&term.crash_bytes, (char)c);
    return c;
}

static void term_crash_put(const char *cap)
{
    const char *s = tigetstr(cap);

    if (s && s != (const char *)-1)
        tputs(s, 1, term_crash_putc);
}

/* What a crash (a signal that kills us, see crash.h) writes and sets to
 * give the terminal back, worked out now because the handler can only
 * write() and tcsetattr(): what endwin would send at this size, and the
 * shell's modes from before curses started. */
static void term_crash_record(void)
{
    const char *cup = tigetstr("cup");

    if (!term.have_shell_modes)
        return;
    strbuf_reset(&term.crash_bytes);
    /* CAN ends an escape sequence the pane may have been cut off in. */
    strbuf_addc(&term.crash_bytes, '\030');
    term_crash_put("sgr0");
    if (cup && cup != (const char *)-1)
        tputs(tiparm(cup, LINES > 0 ? LINES - 1 : 0, 0), 1, term_crash_putc);
    term_crash_put("cnorm");
    if (term.mouse)
        strbuf_adds(&term.crash_bytes, "\033[?1006l\033[?1000l");
    term_crash_put("rmkx");
    term_crash_put("rmcup");
    crash_set_terminal(STDOUT_FILENO, term.crash_bytes.buf,
                       term.crash_bytes.len, STDIN_FILENO, &term.shell_modes);
}

int term_start(char **err)
{
    if (term.started)
        return 0;
    if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
        *err = xstrdup("standard input and output must be a terminal "
                       "(for a listing, use --list-tracks)");
        return -1;
    }
    term.have_shell_modes = tcgetattr(STDIN_FILENO, &term.shell_modes) == 0;
    if (!newterm(NULL, stdout, stdin)) {
        const char *t = getenv("TERM");

        *err = xasprintf("cannot use the terminal type \"%s\"; set TERM to "
                         "one your terminfo knows (e.g. xterm-256color)",
                         t ? t : "");
        return -1;
    }
    term.started = true;
    cbreak();
    noecho();
    nonl();
    term_no_flow_control();
    /* getch() on stdscr refreshes it first when it was touched: curses
     * output outside the one update that waits for the pane's bytes to be
     * out.  A pad is never refreshed by a read. */
    term.keys = newpad(1, 1);
    if (!term.keys)
        fatal("curses: out of memory for the key pad");
    keypad(term.keys, TRUE);
    nodelay(term.keys, TRUE);
    /* An Esc alone, or the start of a sequence?  What a terminal sends
     * arrives at once; a second is curses' default wait for a key. */
    set_escdelay(50);
    curs_set(0);
    if (has_colors()) {
        start_color();
        use_default_colors();
    }
    term_crash_record();
    return 0;
}

void term_stop(void)
{
    if (!term.started)
        return;
    term_mouse(false);
    term.started = false;
    endwin();
    crash_clear_terminal();
    strbuf_free(&term.crash_bytes);
    delwin(term.keys);
    term.keys = NULL;
    fflush(stdout);
}

void term_suspend(void)
{
    if (term.started)
        endwin();
}

void term_resume(void)
{
    if (!term.started)
        return;
    refresh();
    clearok(curscr, TRUE);
}

void term_resize(void)
{
    struct winsize ws;

    if (!term.started)
        return;
    if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_row > 0 &&
        ws.ws_col > 0)
        resize_term(ws.ws_row, ws.ws_col);
    clearok(curscr, TRUE);
    term_crash_record(); /* the bottom row moved */
}

int term_read(wint_t *ch)
{
    return term.keys ? wget_wch(term.keys, ch) : ERR;
}

/* Mouse reports: press and release (1000) in SGR form (1006), which has
 * no column limit.  tplay reads them itself (ui/input.c), so curses must
 * not take their introducers for its own mouse key. */
void term_mouse(bool on)
{
    if (!term.started || on == term.mouse)
        return;
    if (on) {
        define_key("\033[<", 0);
        define_key("\033[M", 0);
    }
    fputs(on ? "\033[?1000h\033[?1006h" : "\033[?1006l\033[?1000l", stdout);
    fflush(stdout);
    term.mouse = on;
    term_crash_record();
}

enum video_colors term_colors(const char **why)
{
    const char *ct = getenv("COLORTERM");
    int err, n = -1;

    if (ct && strcmp(ct, "truecolor") == 0) {
        *why = "COLORTERM=truecolor";
        return VIDEO_COLORS_TRUE;
    }
    if (ct && strcmp(ct, "24bit") == 0) {
        *why = "COLORTERM=24bit";
        return VIDEO_COLORS_TRUE;
    }
    if (setupterm(NULL, STDOUT_FILENO, &err) == OK) {
        n = tigetnum("colors");
        del_curterm(cur_term);
    }
    *why = n >= 256 ? "terminfo: 256 colours"
           : n >= 0 ? "terminfo: fewer than 256 colours"
                    : "no terminfo entry: 16 colours";
    return n >= 256 ? VIDEO_COLORS_256 : VIDEO_COLORS_16;
}

bool term_unicode(void)
{
    return strcmp(nl_langinfo(CODESET), "UTF-8") == 0;
}
