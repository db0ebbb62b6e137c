#!/usr/bin/env python3
"""End to end: pictures in pixels.  In a real xterm (a VT340 on a private
X server, tests/e2e/xterm.py) the default config picks sixel by asking the
terminal, the picture on the screen is the source frame where tplay's
trace says it drew it, and the track panel under it is the same pixels as
with half blocks; inside tmux tplay asks the terminal nothing and falls
back to half blocks, sending none of the probe's bytes; the help overlay,
a resize and q work over a sixel picture, keys typed into the xterm; and
the kitty pictures tplay writes to a pty decode (tests/e2e/kittyimg.py)
to the source frame; a terminal answering the burst as kitty does gets
kitty pictures, each inside synchronized output, its answers not
echoed."""
import errno
import fcntl
import os
import re
import select
import shlex
import signal
import struct
import subprocess
import termios
import time

import xterm
from tmux import Tmux
from tplaytest import (TPLAY, check, eq, ffmpeg, path, run_tests, slow,
                       not_under_valgrind)
from xterm import CELL_H, CELL_W, Xterm, crop, letterbox, mae

SRC_W, SRC_H = 640, 360
COLS, ROWS = 120, 40
# Mean absolute error (0..1) of the picture on the screen against the
# source frame, both 160 pixels wide: a 256-colour sixel of this frame
# scores about 0.01 (mpv's --vo=sixel 0.008), a blank box 0.26, the
# frame one cell row off far more than the limit.
SIXEL_MAX = 0.05
# The kitty picture is 24-bit: only libmpv's scaler differs from
# ImageMagick's.
KITTY_MAX = 0.02
ENV = {'LANG': 'C.UTF-8', 'LC_ALL': 'C.UTF-8'}


def still_clip():
    """30 s of testsrc2's first frame, 640x360 (every frame the same, so
    any shot shows it), with two silent Opus tracks: a panel of three
    rows whose level meters stay still (a sine's level reads -21.1 and
    -21.2 in turn)."""
    return ffmpeg('pixels-still.mkv', [
        '-f', 'lavfi', '-i', 'testsrc2=s=%dx%d:r=25:d=1,trim=end_frame=1,'
        'loop=loop=749:size=1' % (SRC_W, SRC_H),
        '-f', 'lavfi', '-i', 'anullsrc=r=48000:cl=stereo',
        '-f', 'lavfi', '-i', 'anullsrc=r=48000:cl=mono',
        '-map', '0:v', '-map', '1:a', '-map', '2:a',
        '-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p',
        '-c:a', 'libopus', '-t', '30'])


def source_frame(f):
    """The clip's frame as a decoder gives it (H.264 in yuv420p), as PNG."""
    out = path('pixels-source.png')
    if not os.path.exists(out):
        subprocess.run(['ffmpeg', '-nostdin', '-v', 'error', '-y', '-i', f,
                        '-frames:v', '1', out], check=True, timeout=slow(60))
    return out


def trace_lines(trace):
    if not os.path.exists(trace):
        return []
    with open(trace, errors='replace') as t:
        return [l.split(' ', 1)[1].rstrip('\n') for l in t if ' ' in l]


def trace_line(trace, prefix):
    """The first line of the trace (its time left off) starting with
    prefix, or None."""
    return next((l for l in trace_lines(trace) if l.startswith(prefix)),
                None)


def pixels_box(line):
    """(x, y, w, h) of a `pixels PROTO x=X y=Y w=W h=H` trace line."""
    m = re.match(r'pixels \w+ x=(\d+) y=(\d+) w=(\d+) h=(\d+)', line)
    check(m, 'a pixels line of the trace: %r' % line)
    return tuple(int(v) for v in m.groups())


def xterm_tplay(name, args):
    """tplay args on the still clip in a 120x40 xterm, its trace in
    path(name + '.trace'); returns the Xterm and the trace's path."""
    f = still_clip()
    trace = path(name + '.trace')
    if os.path.exists(trace):
        os.unlink(trace)
    x = Xterm(name, COLS, ROWS)
    x.start('exec %s --mpv-opt ao=null --no-resume %s %s'
            % (shlex.quote(TPLAY), args, shlex.quote(f)),
            env=dict(ENV, TPLAY_TRACE=trace))
    return x, trace


def panel_box(x, top_row, rows):
    return x.cells_box(0, top_row, COLS, rows)


def test_xterm_cell_geometry():
    """What the sixel test's boxes rest on: in the shot, cell (col, row)
    of the xterm's text area is at BORDER + col*6, BORDER + row*13."""
    x = Xterm('geometry', COLS, ROWS)
    try:
        # Reverse video (black on xterm's white) in the first cell and
        # the last but one of the last row; then wait (no cursor).
        x.start("printf '\\033[?25l\\033[7m \\033[%d;%dH \\033[0m'; "
                "exec sleep 600" % (ROWS, COLS - 1), env=ENV)
        want = [x.cells_box(0, 0, 1, 1), x.cells_box(COLS - 2, ROWS - 1, 1, 1)]

        def drawn():
            shot = x.shot()
            return shot if all(xterm.colours(shot, b) == ['#000000']
                               for b in want) else None
        shot = x.wait_for(drawn, 'the two cells all black at %r' % (want,))
        for b in want:
            bx, by, bw, bh = b
            # Nothing black around it: the cell is exactly there.
            for edge in ((bx - 1, by, 1, bh), (bx + bw, by, 1, bh),
                         (bx, by - 1, bw, 1), (bx, by + bh, bw, 1)):
                check('#000000' not in xterm.colours(shot, edge),
                      'black beside the cell %r at %r (%s)'
                      % (b, edge, shot))
    finally:
        x.stop()


def sixel_shot(x, trace, src, what):
    """Wait for the trace's `pixels sixel` line, then shoot until the box
    it names shows the source frame letterboxed in it (the first shots
    may come before the picture is drawn); return (shot, box, MAE)."""
    line = x.wait_for(lambda: trace_line(trace, 'pixels '),
                      '%s: a pixels line in the trace; trace:\n%s'
                      % (what, '\n'.join(trace_lines(trace)[:20])), 30)
    check(line.startswith('pixels sixel '), '%s: %r' % (what, line))
    px, py, pw, ph = pixels_box(line)
    eq((px % CELL_W, py % CELL_H), (0, 0),
       '%s: the picture starts on a cell (%r)' % (what, line))
    check(pw > 0 and ph > 0 and px + pw <= COLS * CELL_W and
          py + ph < ROWS * CELL_H,
          '%s: the picture fits, off the last row: %r' % (what, line))
    box = (xterm.BORDER + px, xterm.BORDER + py, pw, ph)
    ref = letterbox(src, pw, ph, path('%s-ref.png' % what))
    seen = []

    def matches():
        shot = x.shot()
        m = mae(crop(shot, box, shot + '.box.png'), ref)
        seen.append((m, shot))
        return (shot, m) if m <= SIXEL_MAX else None
    try:
        shot, m = x.wait_for(matches, 'the sixel picture', 30, 0.3)
    except AssertionError as e:
        raise AssertionError('%s: %s; box %r, MAE of the %d shots (at '
                             'most %.2f), the last ones: %s' % (
                                 what, e, box, len(seen), SIXEL_MAX,
                                 seen[-3:]))
    print('%s: %s, box %r, MAE %.4f after %d shot(s)'
          % (what, line, box, m, len(seen)))
    return shot, box, m


@not_under_valgrind('an X server and xterm drawing sixel: the picture, '
                    'not tplay\'s memory, is what is checked')
def test_sixel_in_xterm():
    f = still_clip()
    src = source_frame(f)

    # The default config in a VT340 xterm: auto asks and gets sixel.
    x, trace = xterm_tplay('sixel', '')
    try:
        mode = x.wait_for(lambda: trace_line(trace, 'video mode '),
                          'the video mode in the trace')
        check('sixel' in mode and 'auto' in mode,
              'auto in a VT340 xterm: %r' % mode)
        print('%s; %s' % (mode, trace_line(trace, 'terminal answered')))
        shot, box, _ = sixel_shot(x, trace, src, 'sixel')
        # The panel: a header and a row per audio track, at the bottom
        # above the status line and the one message line (the file's
        # name); under the picture.
        top = ROWS - 2 - 3
        bx, by, bw, bh = box
        check(xterm.BORDER + top * CELL_H >= by + bh,
              'the panel (rows %d-%d) under the picture %r'
              % (top, top + 2, box))
        panel = steady_panel(x, top, 'sixel')
    finally:
        x.stop()

    # The same layout with half blocks: the panel must be the same pixels.
    h, htrace = xterm_tplay('half', '--vo-mode half')
    try:
        hmode = h.wait_for(lambda: trace_line(htrace, 'video mode '),
                           'the half run\'s video mode')
        check(hmode.startswith('video mode half blocks'), hmode)
        half = steady_panel(h, top, 'half')
    finally:
        h.stop()
    check(not xterm.blank(half), 'the half run drew no panel at rows '
          '%d-%d: %s' % (top, top + 2, half))
    check(xterm.identical(panel, half), 'the sixel run\'s panel rows '
          '%d-%d (%s) are not the half run\'s (%s): MAE %.4f'
          % (top, top + 2, panel, half, mae(panel, half)))
    # The check can fail: a picture one sixel band (6 pixels) taller,
    # over the panel's first row, is seen.
    over = path('sixel-panel-under-picture.png')
    xterm.magick('convert', panel, '(', shot, '-crop', '%dx6+%d+%d' % (
        bw, bx, by + bh - 6), '+repage', ')', '-geometry', '+%d+0' % (
        bx - xterm.BORDER), '-composite', over)
    check(not xterm.identical(over, half), 'a picture over the panel '
          'passes for the panel (%s)' % over)
    print('panel rows %d-%d: the same pixels as with half blocks (6 '
          'picture rows over it: MAE %.4f)' % (top, top + 2, mae(over, half)))


def pixels_lines(trace):
    return [l for l in trace_lines(trace) if l.startswith('pixels ')]


def shows_source(x, trace, src, what, since=0, timeout=30):
    """Wait until a `pixels sixel` line after the first `since` of them
    names a box that, in a shot, shows the source frame letterboxed;
    return (box, number of pixels lines then)."""
    seen = []

    def matches():
        lines = pixels_lines(trace)
        if len(lines) <= since:
            return None
        px, py, pw, ph = pixels_box(lines[-1])
        box = (xterm.BORDER + px, xterm.BORDER + py, pw, ph)
        ref = letterbox(src, pw, ph, path('%s-%dx%d-ref.png'
                                          % (what, pw, ph)))
        shot = x.shot()
        m = mae(crop(shot, box, shot + '.box.png'), ref)
        seen.append((round(m, 4), shot))
        return (box, len(lines)) if m <= SIXEL_MAX else None
    try:
        return x.wait_for(matches, what, timeout, 0.3)
    except AssertionError as e:
        raise AssertionError('%s; MAE of the last shots: %s'
                             % (e, seen[-3:]))


@not_under_valgrind('an X server and xterm drawing sixel: the picture, '
                    'not tplay\'s memory, is what is checked')
def test_sixel_under_overlays_and_resizes():
    """The help overlay over a sixel picture, then the picture again once
    it closes; a smaller window, a smaller picture in its new place; q
    quits with 0: keys typed into the real xterm."""
    f = still_clip()
    src = source_frame(f)
    status = path('overlay.status')
    if os.path.exists(status):
        os.unlink(status)
    trace = path('overlay.trace')
    if os.path.exists(trace):
        os.unlink(trace)
    x = Xterm('overlay', COLS, ROWS)
    try:
        x.start('%s --mpv-opt ao=null --no-resume %s; echo $? > %s; '
                'exec sleep 600' % (shlex.quote(TPLAY), shlex.quote(f),
                                    shlex.quote(status)),
                env=dict(ENV, TPLAY_TRACE=trace))
        box, n = shows_source(x, trace, src, 'the first picture')
        ref = letterbox(src, box[2], box[3], path('overlay-ref.png'))
        x.keys('question')

        def covered():
            shot = x.shot()
            m = mae(crop(shot, box, shot + '.box.png'), ref)
            return m if m > 4 * SIXEL_MAX else None
        m = x.wait_for(covered, 'the help over the picture')
        print('help open: the picture\'s box at MAE %.3f' % m)
        x.keys('Escape')
        _, n = shows_source(x, trace, src, 'the picture after the help',
                            since=n)
        x.resize(100, 30)
        small, n = shows_source(x, trace, src, 'the picture at 100x30',
                                since=n)
        check(small[2] < box[2] and small[3] < box[3],
              'a smaller window, a smaller picture: %r then %r'
              % (box, small))
        check(small[1] + small[3] <= xterm.BORDER + 29 * CELL_H,
              'the picture off the last row at 100x30: %r' % (small,))
        print('picture %r, after the help again, then %r at 100x30'
              % (box, small))
        x.keys('q')
        x.wait_for(lambda: os.path.exists(status) and
                   open(status).read().endswith('\n'), 'tplay quit')
        eq(open(status).read().strip(), '0', 'tplay\'s exit status')
    finally:
        x.stop()


def steady_panel(x, top, what):
    """The panel's rows (top and the two under it) of x's screen, once two
    shots in a row agree (the first may come before the level meters'
    first reading)."""
    got = {}

    def steady():
        s = x.shot()
        p = crop(s, panel_box(x, top, 3), s + '.panel.png')
        old, got['panel'] = got.get('panel'), p
        return old and xterm.identical(old, p)
    x.wait_for(steady, '%s: the panel, steady' % what, 30, 0.3)
    return got['panel']


# The probe's queries: none may reach a terminal inside tmux.
QUERIES = [(b'\x1bP', 'a DCS'), (b'\x1b_', 'an APC (kitty)'),
           (re.compile(rb'\x1b\[[>=]?[0-9;]*c'), 'a DA query'),
           (b'\x1b[>q', 'XTVERSION'), (b'\x1b[>0q', 'XTVERSION'),
           (re.compile(rb'\x1b\[\?[0-9;]*\$p'), 'DECRQM'),
           (re.compile(rb'\x1b\[\?[0-9;]*S'), 'XTSMGRAPHICS'),
           (re.compile(rb'\x1b\[1[468]t'), 'a window size query')]
# What a terminal's answers look like when they land on the screen.
REPLIES = ['?1;2c', '?62;', '?63;', '$y', 'tmux 3', 'XTerm(', ';OK',
           'Gi=', '4;', '6;', '8;']


@not_under_valgrind('a picture mode chosen at start-up, checked on the '
                    'bytes; the valgrind pass has test_screen for the '
                    'screen code')
def test_tmux_falls_back_with_no_stray_bytes():
    f = still_clip()
    t = Tmux('pixels-tmux', COLS, ROWS)
    raw, trace = path('pixels-tmux.pty'), path('pixels-tmux.trace')
    if os.path.exists(trace):
        os.unlink(trace)
    try:
        t.start_recorded('%s --mpv-opt ao=null --no-resume %s'
                         % (shlex.quote(TPLAY), shlex.quote(f)), raw,
                         env=dict(ENV, TERM='tmux-256color',
                                  TPLAY_TRACE=trace))
        screen = t.wait_for(lambda s: 'Audio tracks (2)' in s and
                            '\u2580' in s, 'the panel and a half-block '
                            'picture')
        mode = trace_line(trace, 'video mode ')
        check(mode and mode.startswith('video mode half blocks') and
              'tmux' in mode.lower(),
              'in tmux, half blocks and why: %r' % mode)
        t.keys('q')
        data = Tmux.recorded(raw)
    finally:
        t.kill()
    for q, what in QUERIES:
        at = (q.search(data) if hasattr(q, 'search') else
              re.search(re.escape(q), data))
        if at:
            raise AssertionError(
                'tplay in tmux sent %s: %r at byte %d of %d (around it: %r)'
                % (what, at.group(0), at.start(), len(data),
                   data[max(0, at.start() - 60):at.end() + 60]))
    # The screen under the picture holds no answer a terminal gave.
    text = '\n'.join(l for l in screen.splitlines() if '\u2580' not in l)
    for r in REPLIES:
        check(r not in text, 'reply text %r on the screen:\n%s'
              % (r, screen))
    print('%s; %d bytes recorded, no query among them' % (mode, len(data)))


def pty_run(args, env, cols, rows, cell_w, cell_h, done, timeout=30,
            answer=None):
    """Run args on a pty of cols x rows cells of cell_w x cell_h pixels;
    read all it writes.  answer(data), when given, returns bytes to type
    back as the terminal's answers (or b''); else nothing is answered.
    done(data) says when to send 'q'; returns every byte once the program
    has exited, and its exit status (os.waitstatus_to_exitcode: -N for a
    signal)."""
    master, slave = os.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack(
        'HHHH', rows, cols, cols * cell_w, rows * cell_h))
    pid = os.fork()
    if pid == 0:
        try:
            os.close(master)
            os.setsid()
            fcntl.ioctl(slave, termios.TIOCSCTTY, 0)
            for fd in (0, 1, 2):
                os.dup2(slave, fd)
            os.execve(args[0], args, env)
        finally:
            os._exit(127)
    os.close(slave)
    chunks, quit_sent, status = [], False, None
    deadline = time.monotonic() + slow(timeout)
    try:
        while True:
            check(time.monotonic() < deadline,
                  '%s: still running after %d s (%d bytes read; tail %r)'
                  % (args[0], slow(timeout), sum(map(len, chunks)),
                     b''.join(chunks)[-300:]))
            if answer:
                reply = answer(chunks)
                if reply:
                    os.write(master, reply)
            if not quit_sent and done(chunks):
                os.write(master, b'q')
                quit_sent = True
            r, _, _ = select.select([master], [], [], 0.2)
            if not r:
                continue
            try:
                b = os.read(master, 1 << 16)
            except OSError as e:
                if e.errno != errno.EIO:   # EIO: the pty's slave is closed
                    raise
                b = b''
            if not b:
                break
            chunks.append(b)
        while True:    # the pty is closed: the program is on its way out
            done_pid, st = os.waitpid(pid, os.WNOHANG)
            if done_pid:
                status = os.waitstatus_to_exitcode(st)
                break
            check(time.monotonic() < deadline, '%s: closed its terminal '
                  'but never exited' % args[0])
            time.sleep(0.05)
    finally:
        os.close(master)
        if status is None:
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
    return b''.join(chunks), status


def ppm(rgb, w, h, out):
    with open(out, 'wb') as f:
        f.write(b'P6\n%d %d\n255\n' % (w, h) + rgb)
    return out


@not_under_valgrind('megabytes of kitty pictures a frame; the valgrind '
                    'pass has test_screen for the screen code')
def test_kitty_pixels_decode_to_the_source():
    import kittyimg
    f = still_clip()
    src = source_frame(f)
    trace = path('pixels-kitty.trace')
    if os.path.exists(trace):
        os.unlink(trace)
    env = xterm.clean_env(dict(ENV, TERM='xterm-kitty', TPLAY_TRACE=trace))
    state = {}

    def pictured(chunks):
        # Quit once the trace says a picture was written and a whole
        # image (up to its last chunk's ST) has been read: decoding is
        # not cheap, so at most twice a second.
        now = time.monotonic()
        if now < state.get('next', 0):
            return False
        state['next'] = now + 0.5
        state['line'] = state.get('line') or trace_line(trace, 'pixels ')
        if not state['line']:
            return False
        data = b''.join(chunks)
        try:
            return bool(kittyimg.images(data[:data.rfind(b'\x1b\\') + 2]))
        except ValueError:
            return False
    data, status = pty_run([TPLAY, '--vo-mode', 'kitty', '--mpv-opt',
                            'ao=null', '--no-resume', f], env, COLS, ROWS,
                           9, 18, pictured)
    # q quits with 0 (and a sanitizer's report makes it fail).
    eq(status, 0, 'tplay\'s exit status after q; its last bytes: %r'
       % data[-2000:])
    line = state.get('line')
    check(line and line.startswith('pixels kitty '),
          'a pixels kitty line in the trace: %r; trace:\n%s'
          % (line, '\n'.join(trace_lines(trace)[:20])))
    mode = trace_line(trace, 'video mode ')
    check(mode and 'kitty' in mode, 'the video mode: %r' % mode)
    imgs = kittyimg.images(data)
    check(imgs, 'no kitty image in the %d bytes tplay wrote' % len(data))
    img = imgs[-1]
    _, _, pw, ph = pixels_box(line)
    eq((img['w'], img['h']), (pw, ph), 'the image\'s size against %r'
       % line)
    rgb = img['rgb']
    if len(rgb) == pw * ph * 4:     # f=32: drop the alpha
        rgb = b''.join(rgb[i:i + 3] for i in range(0, len(rgb), 4))
    eq(len(rgb), pw * ph * 3, 'the image\'s RGB bytes')
    got = ppm(rgb, pw, ph, path('pixels-kitty.ppm'))
    m = mae(got, letterbox(src, pw, ph, path('pixels-kitty-ref.png')))
    check(m <= KITTY_MAX, 'the kitty picture %s against the source: MAE '
          '%.4f (at most %.2f)' % (got, m, KITTY_MAX))
    print('%s; %d image(s), the last %dx%d f=%s: MAE %.4f'
          % (mode, len(imgs), pw, ph, img.get('f'), m))


# What kitty 0.26.5 answered to the burst (pixels.md): its graphics
# query OK, XTVERSION, synchronized output (2: reset, so supported), its
# cell and text area, DA1 last.
KITTY_ANSWERS = (b'\x1b_Gi=31;OK\x1b\\\x1bP>|kitty(0.26.5)\x1b\\'
                 b'\x1b[?2026;2$y\x1b[6;18;9t\x1b[4;720;1080t\x1b[?62;c')
BSU, ESU = b'\x1b[?2026h', b'\x1b[?2026l'


@not_under_valgrind('megabytes of kitty pictures a frame; the valgrind '
                    'pass has test_screen for the screen code')
def test_kitty_chosen_from_the_answers_with_synchronized_output():
    """A terminal the environment says nothing of (TERM=xterm-256color)
    answers the burst as kitty does: auto takes kitty's protocol for the
    answer, and each picture goes out inside DEC 2026's begin and end, so
    the terminal shows it whole."""
    import kittyimg
    f = still_clip()
    trace = path('pixels-answers.trace')
    if os.path.exists(trace):
        os.unlink(trace)
    env = xterm.clean_env(dict(ENV, TERM='xterm-256color',
                               TPLAY_TRACE=trace))
    state = {'answered': False}

    def answer(chunks):
        # The burst ends with DA1's query: answer all of it, once.
        if state['answered'] or b'\x1b[c' not in b''.join(chunks):
            return b''
        state['answered'] = True
        return KITTY_ANSWERS

    def pictured(chunks):
        data = b''.join(chunks)
        return data.count(ESU) >= 2 and trace_line(trace, 'pixels ')
    data, status = pty_run([TPLAY, '--mpv-opt', 'ao=null', '--no-resume',
                            f], env, COLS, ROWS, 9, 18, pictured,
                           answer=answer)
    eq(status, 0, 'tplay\'s exit status after q; its last bytes: %r'
       % data[-2000:])
    mode = trace_line(trace, 'video mode ')
    eq(mode, 'video mode kitty pictures (auto: the terminal answered '
       'kitty\'s graphics query)', 'the mode and why')
    check('sync=2' in (trace_line(trace, 'terminal answered') or ''),
          'the answers read: %r' % trace_line(trace, 'terminal answered'))
    # The burst came before anything else, and once.
    first = data.find(b'\x1b[c')
    check(first > 0 and data.count(b'\x1b_Gi=31,') == 1 and
          data.find(b'\x1b[?1049h') > first,
          'one burst, before the screen: %r' % data[:300])
    # Echo was off: no answer came back out onto the screen.
    for echoed in (b'kitty(0.26.5)', b'?62;c', b'2026;2$y', b'Gi=31;OK'):
        check(echoed not in data, 'the answer %r echoed to the screen'
              % echoed)
    # Every picture is inside a BSU ... ESU pair.
    pictures = [m.start() for m in re.finditer(rb'\x1b_Ga=T,', data)]
    check(pictures, 'no kitty picture in %d bytes' % len(data))
    for at in pictures:
        begin, end = data.rfind(BSU, 0, at), data.find(ESU, at)
        check(begin >= 0 and end > at and
              data.rfind(ESU, 0, at) < begin,
              'the picture at byte %d not inside synchronized output '
              '(begin %d, end %d)' % (at, begin, end))
    imgs = kittyimg.images(data)
    check(imgs, 'kitty images decode')
    print('%s; %d picture(s), each inside 2026' % (mode, len(pictures)))


if __name__ == '__main__':
    run_tests(globals())
