"""A real xterm on a private X server (Xvfb), for tests that look at the
pixels a program draws in a terminal (sixel pictures): start a command in
it, shoot the screen, crop and compare pictures with ImageMagick.

The xterm is a VT340 (DA1 says 4: sixel), with 256 colour registers and
pictures up to the screen's size allowed, and answers the window size
queries (CSI 14t/16t/18t); its font is xterm's default, 6x13 pixels a
cell.  With no window manager the window sits at the screen's top-left:
its text area starts BORDER pixels in (the window's 1 pixel border and
xterm's 2 pixel internal one; test_pixels.py checks it).

Every process is killed by its id: the command (its own session, which
xterm gives it), xterm, then Xvfb; nothing is left behind.
"""
import os
import re
import shlex
import signal
import subprocess
import time

from tplaytest import WORK, check, slow

CELL_W, CELL_H = 6, 13
BORDER = 3
SCREEN = (1280, 800)
# Width every picture is brought to before two are compared: small
# differences of scaling and dithering average out, a wrong picture does
# not.
COMPARE_WIDTH = 160
# Variables that would tell a program it runs in another terminal (or a
# multiplexer): the tests may run inside tmux, kitty, a VTE terminal...
OTHER_TERMINAL = ('TMUX', 'TMUX_PANE', 'STY', 'TERM_PROGRAM',
                  'TERM_PROGRAM_VERSION', 'KITTY_WINDOW_ID', 'KITTY_PID',
                  'KITTY_LISTEN_ON', 'WEZTERM_EXECUTABLE', 'WEZTERM_PANE',
                  'VTE_VERSION', 'KONSOLE_VERSION', 'LC_TERMINAL',
                  'LC_TERMINAL_VERSION', 'COLORTERM', 'WINDOWID')


def clean_env(env=None):
    """The test's environment with no variable of OTHER_TERMINAL, plus
    env."""
    full = {k: v for k, v in os.environ.items() if k not in OTHER_TERMINAL}
    full.update(env or {})
    return full


def _group_gone(pgid):
    """Whether no process of the group pgid is left but zombies."""
    for d in os.listdir('/proc'):
        if d.isdigit():
            try:
                with open('/proc/%s/stat' % d) as f:
                    fields = f.read().rsplit(')', 1)[1].split()
            except OSError:
                continue
            if int(fields[2]) == pgid and fields[0] != 'Z':
                return False
    return True


def _kill_group(pgid, timeout=5):
    """SIGTERM the process group pgid, then SIGKILL what is left; wait
    until only zombies (reaped by their parents) are left of it."""
    for sig in (signal.SIGTERM, signal.SIGKILL):
        try:
            os.killpg(pgid, sig)
        except ProcessLookupError:
            return
        deadline = time.monotonic() + slow(timeout)
        while time.monotonic() < deadline:
            if _group_gone(pgid):
                return
            time.sleep(0.05)


class Xterm:
    """One Xvfb, one xterm of cols x rows cells in it, one command."""

    def __init__(self, name, cols=120, rows=40):
        self.name, self.cols, self.rows = name, cols, rows
        self.xvfb = self.xterm = None
        self.child = None
        self.display = None
        self.shots = 0

    def start(self, shell_cmd, env=None, timeout=20):
        """Start Xvfb on a free display, then xterm running `sh -c
        shell_cmd` with clean_env(env) (xterm sets TERM); return once the
        command runs (self.child is its pid)."""
        r, w = os.pipe()
        self.xvfb = subprocess.Popen(
            ['Xvfb', '-displayfd', str(w), '-nolisten', 'tcp', '-screen',
             '0', '%dx%dx24' % SCREEN],
            pass_fds=(w,), start_new_session=True,
            stdout=subprocess.DEVNULL,
            stderr=open(os.path.join(WORK, self.name + '.xvfb.log'), 'w'))
        os.close(w)
        # Xvfb writes the display number once it accepts clients.
        number = b''
        deadline = time.monotonic() + slow(timeout)
        os.set_blocking(r, False)
        while not number.endswith(b'\n'):
            check(time.monotonic() < deadline and self.xvfb.poll() is None,
                  'Xvfb never said its display (see %s.xvfb.log)' % self.name)
            try:
                chunk = os.read(r, 16)
            except BlockingIOError:
                time.sleep(0.05)
                continue
            check(chunk, 'Xvfb closed its display pipe')
            number += chunk
        os.close(r)
        self.display = ':' + number.decode().strip()
        pidfile = os.path.join(WORK, self.name + '.child')
        if os.path.exists(pidfile):
            os.unlink(pidfile)
        full = clean_env(dict(env or {}, DISPLAY=self.display))
        script = 'echo $$ > %s; %s' % (shlex.quote(pidfile), shell_cmd)
        self.xterm = subprocess.Popen(
            ['xterm', '-ti', 'vt340',
             '-xrm', '*numColorRegisters: 256',
             '-xrm', '*maxGraphicSize: %dx%d' % SCREEN,
             '-xrm', '*disallowedWindowOps: 20,21,SetXprop',
             '-geometry', '%dx%d+0+0' % (self.cols, self.rows),
             '-e', 'sh', '-c', script],
            env=full, start_new_session=True, stdout=subprocess.DEVNULL,
            stderr=open(os.path.join(WORK, self.name + '.xterm.log'), 'w'))
        self.wait_for(lambda: os.path.exists(pidfile) and
                      open(pidfile).read().endswith('\n'),
                      'the command started in xterm', timeout)
        self.child = int(open(pidfile).read())

    def wait_for(self, pred, what, timeout=20, interval=0.1):
        """Call pred() until it returns something true (returned) or the
        deadline passes (an AssertionError naming what; fails at once
        when xterm has died)."""
        deadline = time.monotonic() + slow(timeout)
        while True:
            got = pred()
            if got:
                return got
            check(self.xterm is None or self.xterm.poll() is None,
                  'xterm died (status %s) waiting for %s (see %s.xterm.log)'
                  % (self.xterm and self.xterm.returncode, what, self.name))
            check(time.monotonic() < deadline, 'timed out waiting for %s'
                  % what)
            time.sleep(interval)

    def shot(self, name=None):
        """The whole screen as a PNG file; returns its path."""
        self.shots += 1
        out = os.path.join(WORK, name or '%s-shot%d.png'
                           % (self.name, self.shots))
        r = subprocess.run(['import', '-display', self.display, '-window',
                            'root', out], capture_output=True,
                           timeout=slow(30))
        check(r.returncode == 0 and os.path.exists(out),
              'import failed: %s' % r.stderr.decode(errors='replace'))
        return out

    def xdotool(self, *args):
        """xdotool on this display; returns its output."""
        r = subprocess.run(['xdotool'] + list(args), capture_output=True,
                           env=dict(os.environ, DISPLAY=self.display),
                           timeout=slow(20))
        check(r.returncode == 0, 'xdotool %s: %s' % (
            ' '.join(args), r.stderr.decode(errors='replace')))
        return r.stdout.decode()

    def window(self):
        """xterm's X window id."""
        ids = self.wait_for(lambda: self.xdotool(
            'search', '--onlyvisible', '--class', 'xterm').split(),
            'xterm\'s window')
        return ids[0]

    def keys(self, *names):
        """Type keys (X keysym names: q, question, Escape) into xterm as a
        user would: through XTEST, which xterm takes (it ignores sent
        events), to the window given the focus."""
        self.xdotool('windowfocus', '--sync', self.window())
        self.xdotool('key', *names)

    def resize(self, cols, rows):
        """Make the window cols x rows cells: xterm tells its command
        (SIGWINCH) as it would a user's drag."""
        self.xdotool('windowsize', '--sync', self.window(),
                     str(2 * BORDER - 2 + cols * CELL_W),
                     str(2 * BORDER - 2 + rows * CELL_H))
        self.cols, self.rows = cols, rows

    def cells_box(self, col, row, cols, rows):
        """The pixel box (x, y, w, h) on the screen of a block of cells."""
        return (BORDER + col * CELL_W, BORDER + row * CELL_H,
                cols * CELL_W, rows * CELL_H)

    def stop(self):
        """Kill the command's session, xterm and Xvfb, each by its id, and
        wait for each to be gone."""
        if self.child:
            _kill_group(self.child)   # xterm made it a session leader
        for p in (self.xterm, self.xvfb):
            if p:
                _kill_group(p.pid)
                try:
                    p.wait(timeout=slow(10))
                except subprocess.TimeoutExpired:
                    pass
        self.xterm = self.xvfb = None


def magick(*args):
    """Run an ImageMagick command; fail with its message."""
    r = subprocess.run(list(args), capture_output=True, timeout=slow(60))
    check(r.returncode == 0, '%s failed: %s' % (
        ' '.join(args), r.stderr.decode(errors='replace')))
    return r


def crop(png, box, out):
    """The box (x, y, w, h) of png, as the PNG out; returns out."""
    x, y, w, h = box
    magick('convert', png, '-crop', '%dx%d+%d+%d' % (w, h, x, y),
           '+repage', out)
    return out


def letterbox(src, w, h, out):
    """src scaled to fit w x h, its aspect kept, centred on black: what
    libmpv draws in a w x h picture."""
    magick('convert', src, '-resize', '%dx%d' % (w, h), '-background',
           'black', '-gravity', 'center', '-extent', '%dx%d' % (w, h),
           out)
    return out


def mae(a, b):
    """The mean absolute error between the pictures a and b, 0..1, both
    brought to COMPARE_WIDTH pixels wide (and to the same height) first."""
    w, h = size(a)
    small = []
    for p in (a, b):
        s = p + '.small.png'
        magick('convert', p, '-resize', '%dx%d!' % (
            COMPARE_WIDTH, max(1, round(COMPARE_WIDTH * h / w))), s)
        small.append(s)
    # compare exits 1 when the pictures differ: only 2 is an error.
    r = subprocess.run(['compare', '-metric', 'MAE'] + small + ['null:'],
                       capture_output=True, timeout=slow(60))
    text = r.stderr.decode(errors='replace')
    m = re.search(r'\(([0-9.e+-]+)\)', text)
    check(r.returncode in (0, 1) and m, 'compare %s %s: %s' % (a, b, text))
    return float(m.group(1))


def size(p):
    """(width, height) of the picture file p."""
    r = magick('identify', '-format', '%w %h', p)
    return tuple(int(v) for v in r.stdout.split())


def blank(png, box=None):
    """Whether png (or its box) is one colour."""
    args = ['convert', png] + (['-crop', '%dx%d+%d+%d' % (box[2], box[3],
                                                          box[0], box[1]),
                                '+repage'] if box else [])
    r = magick(*args + ['-format', '%k', 'info:'])
    return r.stdout.strip() == b'1'


def colours(png, box):
    """The colours in the box (x, y, w, h) of png, as sorted '#rrggbb'."""
    x, y, w, h = box
    r = magick('convert', png, '-crop', '%dx%d+%d+%d' % (w, h, x, y),
               '+repage', '-depth', '8', '-format', '%c', 'histogram:info:')
    return sorted(set(m.lower() for m in re.findall(
        r'#[0-9A-Fa-f]{6}\b', r.stdout.decode())))


def identical(a, b):
    """Whether the pictures a and b are the same pixels."""
    r = subprocess.run(['compare', '-metric', 'AE', a, b, 'null:'],
                       capture_output=True, timeout=slow(60))
    text = r.stderr.decode(errors='replace').strip()
    check(r.returncode in (0, 1), 'compare %s %s: %s' % (a, b, text))
    return r.returncode == 0 and float(text.split()[0]) == 0
