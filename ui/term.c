/* term.c - curses set-up and the one idempotent teardown. */
#include "term.h"

#include "fatal.h"
#include "xmem.h"

#include <curses.h>
#include <term.h>
#include <errno.h>
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
} term = { false, NULL };

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

int term_start(char **err)
{
    if (term.started)
        return 0;
    if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
        *err = xstrdup("standard input and output must be a terminal "
                       "(for a listing, use --list-tracks)");
        return -1;
    }
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
    curs_set(0);
    if (has_colors()) {
        start_color();
        use_default_colors();
    }
    return 0;
}

void term_stop(void)
{
    if (!term.started)
        return;
    term.started = false;
    endwin();
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
}

int term_key(void)
{
    return term.keys ? wgetch(term.keys) : ERR;
}

enum video_colors term_colors(void)
{
    const char *ct = getenv("COLORTERM");
    int err, n = 8;

    if (ct && (strcmp(ct, "truecolor") == 0 || strcmp(ct, "24bit") == 0))
        return VIDEO_COLORS_TRUE;
    if (setupterm(NULL, STDOUT_FILENO, &err) == OK) {
        n = tigetnum("colors");
        del_curterm(cur_term);
    }
    return n >= 256 ? VIDEO_COLORS_256 : VIDEO_COLORS_16;
}
