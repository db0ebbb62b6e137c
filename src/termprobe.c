/* termprobe.c - the environment's word on the terminal, and the one
 * burst of queries with its deadline. */
#include "termprobe.h"

#include "fdwrite.h"
#include "now.h"

#include <errno.h>
#include <poll.h>
#include <string.h>
#include <sys/ioctl.h>
#include <termios.h>
#include <unistd.h>

/* Answers are a few hundred bytes; more is someone typing. */
enum { TERMPROBE_MAX_REPLY = 4096 };

static bool termprobe_starts(const char *s, const char *prefix)
{
    return s && strncmp(s, prefix, strlen(prefix)) == 0;
}

const char *termprobe_multiplexer(const char *term, const char *tmux,
                                  const char *sty)
{
    if ((tmux && tmux[0]) || termprobe_starts(term, "tmux"))
        return "tmux";
    if ((sty && sty[0]) || termprobe_starts(term, "screen"))
        return "screen";
    return NULL;
}

bool termprobe_askable(const char *term)
{
    return term && term[0] && !termprobe_starts(term, "linux") &&
           !termprobe_starts(term, "dumb") && !termprobe_starts(term, "vt1") &&
           !termprobe_starts(term, "vt2");
}

enum video_pixels termprobe_env_pixels(const char *term,
                                       const char *term_program,
                                       const char *kitty_window_id,
                                       const char **why)
{
    if (term && strcmp(term, "xterm-kitty") == 0) {
        *why = "TERM=xterm-kitty";
        return VIDEO_PIXELS_KITTY;
    }
    if (kitty_window_id && kitty_window_id[0]) {
        *why = "KITTY_WINDOW_ID is set";
        return VIDEO_PIXELS_KITTY;
    }
    if (term_program && strcmp(term_program, "iTerm.app") == 0) {
        *why = "TERM_PROGRAM=iTerm.app";
        return VIDEO_PIXELS_ITERM2;
    }
    if (term_program && strcmp(term_program, "WezTerm") == 0) {
        *why = "TERM_PROGRAM=WezTerm";
        return VIDEO_PIXELS_ITERM2;
    }
    *why = NULL;
    return VIDEO_PIXELS_NONE;
}

int termprobe_ask(int fd, int deadline_ms, struct termreply *r)
{
    const char *q = termreply_queries();
    char buf[TERMPROBE_MAX_REPLY];
    size_t len = 0;
    struct termios saved, raw;
    long long end = now_ms() + deadline_ms;
    bool done = false;

    termreply_init(r);
    if (tcgetattr(fd, &saved) < 0)
        return -1;
    raw = saved;
    raw.c_lflag &= ~(tcflag_t)(ECHO | ICANON);
    raw.c_cc[VMIN] = 0;
    raw.c_cc[VTIME] = 0;
    if (tcsetattr(fd, TCSANOW, &raw) < 0)
        return -1;
    if (fdwrite_all(fd, q, strlen(q)) == 0) {
        while (!done && len < sizeof buf) {
            long long left = end - now_ms();
            struct pollfd p = { fd, POLLIN, 0 };
            ssize_t k;
            int n;

            if (left <= 0)
                break;
            n = poll(&p, 1, (int)left);
            if (n < 0 && errno == EINTR)
                continue;
            if (n <= 0 || !(p.revents & POLLIN))
                break;
            k = read(fd, buf + len, sizeof buf - len);
            if (k < 0 && errno == EINTR)
                continue;
            if (k <= 0)
                break;
            len += (size_t)k;
            done = termreply_parse(r, buf, len);
        }
    }
    /* An answer cut off by the deadline must not reach curses as keys. */
    tcsetattr(fd, done ? TCSANOW : TCSAFLUSH, &saved);
    return done ? 0 : -1;
}

/* A cell size worth believing (an odd answer is not). */
static bool termprobe_sane(int w, int h)
{
    return w >= 1 && h >= 1 && w <= TERMPROBE_MAX_CELL &&
           h <= TERMPROBE_MAX_CELL;
}

const char *termprobe_cell(int fd, const struct termreply *r, int *w,
                           int *h)
{
    struct winsize ws;
    bool size = ioctl(fd, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0 &&
                ws.ws_row > 0;

    /* xterm counts its 2-pixel border in: the whole part is the cell. */
    if (size && termprobe_sane(ws.ws_xpixel / ws.ws_col,
                               ws.ws_ypixel / ws.ws_row)) {
        *w = ws.ws_xpixel / ws.ws_col;
        *h = ws.ws_ypixel / ws.ws_row;
        return "the window's size in pixels";
    }
    if (r && termprobe_sane(r->cell_w, r->cell_h)) {
        *w = r->cell_w;
        *h = r->cell_h;
        return "the terminal's answer to CSI 16 t";
    }
    if (r && size && termprobe_sane(r->text_w / ws.ws_col,
                                    r->text_h / ws.ws_row)) {
        *w = r->text_w / ws.ws_col;
        *h = r->text_h / ws.ws_row;
        return "the terminal's answer to CSI 14 t";
    }
    *w = TERMPROBE_CELL_W;
    *h = TERMPROBE_CELL_H;
    return "nothing said it: 8 x 16 pixels";
}
