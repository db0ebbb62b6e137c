#!/usr/bin/env python3
"""End to end: the half-block picture ([video] mode = half, the default
where the terminal has Unicode) in a real terminal (tmux).  The picture
area is made of half blocks whose colours are the source frame's (each
cell's top and bottom pixel against ffmpeg's own scaling of the frame);
the track panel stays readable text; the help overlay and a resize leave
no stale cell; and a still picture costs fewer terminal bytes than the
chafa symbols ([video] mode = symbols) in the same test."""
import os
import re
import shlex
import subprocess

from tplaytest import TPLAY, check, eq, ffmpeg, path, run_tests
from tmux import Tmux, sgr

ENV = {'TERM': 'tmux-256color', 'LANG': 'C.UTF-8', 'LC_ALL': 'C.UTF-8',
       'COLORTERM': 'truecolor'}
SRC_W, SRC_H = 320, 180
# The picture's mean error per channel against the source, 0..1: ffmpeg's
# and libmpv's scalers round and filter differently.  A picture of the
# wrong frame or shifted by a cell scores several times this.
MAX_ERROR = 0.06


def still_clip():
    """30 s of testsrc2's first frame (a still: every frame the same) and
    two sine tracks."""
    return ffmpeg('halfblock-still.mkv', [
        '-f', 'lavfi', '-i', 'testsrc2=s=%dx%d:r=25:d=1,trim=end_frame=1,'
        'loop=loop=749:size=1' % (SRC_W, SRC_H),
        '-f', 'lavfi', '-i', 'sine=frequency=440:sample_rate=48000:'
        'duration=30',
        '-f', 'lavfi', '-i', 'sine=frequency=550:sample_rate=48000:'
        'duration=30',
        '-map', '0:v', '-map', '1:a', '-map', '2:a',
        '-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p',
        '-c:a', 'libopus', '-t', '30'])


def cells(screen):
    """A screen read with its escapes: rows of (char, fg, bg), colours as
    SGR tuples ((2, r, g, b) for 24-bit) or None for the default."""
    state, rows = {}, []
    for line in screen.rstrip('\n').split('\n'):
        row = []
        for m in re.finditer('\x1b\\[([0-9;]*)m|([^\x1b])', line):
            if m.group(2) is None:
                sgr(state, m.group(1))
            else:
                row.append((m.group(2), state.get('fg'), state.get('bg')))
        rows.append(row)
    return rows


def rgb(c):
    return c[1:] if c and c[0] == 2 and len(c) == 4 else None


def pixels(cell):
    """The (top, bottom) colours a picture cell shows, or None when it is
    not one: ▀ is fg over bg, ▄ bg over fg, a blank its bg, █ its fg."""
    ch, fg, bg = cell
    fg, bg = rgb(fg), rgb(bg)
    if ch == '\u2580' and fg and bg:
        return fg, bg
    if ch == '\u2584' and fg and bg:
        return bg, fg
    if ch == ' ' and bg:
        return bg, bg
    if ch == '\u2588' and fg:
        return fg, fg
    return None


def picture(rows):
    """The picture's box (top, left, height, width) on the screen: the
    smallest one holding every cell in 24-bit colour."""
    at = [(y, x) for y, row in enumerate(rows) for x, c in enumerate(row)
          if pixels(c)]
    check(at, 'no picture on the screen')
    ys, xs = [y for y, _ in at], [x for _, x in at]
    return min(ys), min(xs), max(ys) - min(ys) + 1, max(xs) - min(xs) + 1


def reference(f, w, h):
    """f's first frame as libmpv draws it at w x h pixels: scaled to fit,
    its aspect kept, centred on black; rows of (r, g, b)."""
    if w * SRC_H > h * SRC_W:
        sh, sw = h, round(h * SRC_W / SRC_H)
    else:
        sw, sh = w, round(w * SRC_H / SRC_W)
    vf = 'scale=%d:%d:flags=bicubic,pad=%d:%d:(ow-iw)/2:(oh-ih)/2:black' % (
        sw, sh, w, h)
    raw = subprocess.run(['ffmpeg', '-nostdin', '-v', 'error', '-i', f,
                          '-frames:v', '1', '-vf', vf, '-f', 'rawvideo',
                          '-pix_fmt', 'rgb24', '-'], capture_output=True,
                         check=True).stdout
    eq(len(raw), w * h * 3, 'reference frame size')
    return [[tuple(raw[(y * w + x) * 3:(y * w + x) * 3 + 3])
             for x in range(w)] for y in range(h)]


def check_picture(rows, f, what):
    """The picture is half blocks in the source frame's colours, and no
    cell outside its box is in 24-bit colour (nothing stale)."""
    top, left, h, w = picture(rows)
    check(w >= 20 and h >= 8, '%s: a picture of %dx%d cells' % (what, w, h))
    ref = reference(f, w, 2 * h)
    err, n, uppers = 0, 0, 0
    for y in range(h):
        for x in range(w):
            cell = rows[top + y][left + x] if left + x < len(
                rows[top + y]) else (' ', None, None)
            px = pixels(cell)
            check(px, '%s: cell %d,%d in the picture is %r' % (
                what, top + y, left + x, cell))
            uppers += cell[0] == '\u2580'
            for got, want in zip(px, (ref[2 * y][x], ref[2 * y + 1][x])):
                err += sum(abs(a - b) for a, b in zip(got, want)) / 765
                n += 1
    check(err / n <= MAX_ERROR, '%s: the picture is off the source frame: '
          'mean error %.3f (at most %.2f)' % (what, err / n, MAX_ERROR))
    # A busy frame: many cells are two colours, drawn as ▀ (▄ where the
    # colours were set the other way round already, a blank or █ where
    # the two pixels are one colour).
    check(uppers >= w * h // 5, '%s: only %d of %d cells are \u2580'
          % (what, uppers, w * h))
    print('%s: %dx%d cells, %d \u2580, mean error %.4f' % (
        what, w, h, uppers, err / n))
    return top, left, h, w


def grab(t):
    """The screen with its escapes and every row's trailing blanks (a
    black picture cell is a blank in a 24-bit bg)."""
    return t.cmd('capture-pane', '-p', '-e', '-N')


def start(name, f, mode, width=120, height=40):
    """tplay --vo-mode mode on f in tmux, every byte it writes recorded,
    its trace in path(name + '.trace')."""
    t = Tmux(name, width, height)
    raw, trace = path(name + '.pty'), path(name + '.trace')
    if os.path.exists(trace):
        os.unlink(trace)
    t.start_recorded('exec %s --no-config --vo-mode %s --mpv-opt ao=null %s'
                     % (shlex.quote(TPLAY), mode, shlex.quote(f)), raw,
                     env=dict(ENV, TPLAY_TRACE=trace))
    return t, raw


def paused_still(t, raw, what):
    """Wait for the panel and the picture, pause, and wait until all is
    drawn; returns the screen's cells."""
    t.wait_for(lambda s: 'Audio tracks (2)' in s and '\u2580' in s,
               '%s: the panel and the picture' % what)
    t.keys('Space')
    t.wait_for(lambda s: 'paused' in s, '%s: paused' % what)
    t.quiet(raw, what)
    return cells(grab(t))


def text(rows):
    return [''.join(c[0] for c in row) for row in rows]


def test_half_picture_panel_help_and_resize():
    f = still_clip()
    t, raw = start('half', f, 'half')
    try:
        rows = paused_still(t, raw, 'half')
        top, left, h, w = check_picture(rows, f, 'first picture')
        lines = text(rows)
        check(any(l.startswith('[x] 1') for l in lines) and
              any(l.startswith('[ ] 2') for l in lines),
              'the track panel is readable:\n%s' % '\n'.join(lines))
        check(all(not pixels(c) for l in rows[top + h:] for c in l),
              'picture cells below the picture')

        # The help overlay says the mode and why; closing it draws the
        # picture again, whole, as it was.
        t.keys('?')
        t.wait_for(lambda s: 'Picture: half blocks, truecolor (mode half; '
                   'COLORTERM=truecolor)' in s, 'the mode in the help')
        t.quiet(raw, 'the help open')
        t.keys('x')
        t.wait_for(lambda s: 'tplay keys' not in s, 'the help closed')
        t.quiet(raw, 'the help closed')
        after = cells(grab(t))
        eq(picture(after), (top, left, h, w), 'the picture box after help')
        for y in range(top, top + h):
            eq([pixels(c) for c in after[y][left:left + w]],
               [pixels(c) for c in rows[y][left:left + w]],
               'picture row %d after the help closed' % y)

        # Smaller and larger: each time the picture fits its new box, in
        # the source's colours, and nothing is left of the old one.
        for wd, ht in ((90, 30), (130, 45)):
            t.cmd('resize-window', '-x', str(wd), '-y', str(ht))
            t.wait_for(lambda s: len(s.rstrip('\n').split('\n')) == ht and
                       'Audio tracks (2)' in s, 'resized to %dx%d' % (wd, ht))
            t.quiet(raw, 'the resize to %dx%d' % (wd, ht))
            rows = cells(grab(t))
            top, left, h, w = check_picture(rows, f, '%dx%d' % (wd, ht))
            check(w <= wd and top + h <= ht, 'the picture fits')
        t.keys('q')
        t.wait_var('pane_dead', '1')
    finally:
        t.kill()


def test_half_writes_fewer_bytes_than_symbols_on_a_still():
    """The same still picture played in each mode: half blocks write
    fewer bytes than chafa's symbols, both in all the terminal got (the
    pipe-pane recording, the same screen around the picture) and in what
    tplay's trace counts as written for pictures.  With a still, each
    frame after the first writes nothing."""
    f = still_clip()
    sizes, totals = {}, {}
    for mode in ('half', 'symbols'):
        name = 'bytes-' + mode
        t, raw = start(name, f, mode)
        try:
            t.wait_for(lambda s: 'Audio tracks (2)' in s and any(
                '\u2580' <= ch <= '\u259f' for ch in s),
                '%s: the panel and the picture' % mode)
            t.keys('Space')
            t.wait_for(lambda s: 'paused' in s, '%s: paused' % mode)
            t.quiet(raw, mode)
            totals[mode] = os.path.getsize(raw)
            t.keys('q')
            t.wait_var('pane_dead', '1')
        finally:
            t.kill()
        quit = [l for l in open(path(name + '.trace'))
                if l.split()[1:2] == ['quit']]
        eq(len(quit), 1, '%s: the quit line in the trace' % mode)
        sizes[mode] = int(re.search(r'pane_bytes=(\d+)', quit[0]).group(1))
        check(sizes[mode] > 0, '%s: no picture written' % mode)
    print('bytes for the still: half %d (picture %d), symbols %d '
          '(picture %d)' % (totals['half'], sizes['half'],
                            totals['symbols'], sizes['symbols']))
    check(totals['half'] < totals['symbols'],
          'half blocks: the terminal got %d bytes, chafa symbols %d'
          % (totals['half'], totals['symbols']))
    check(sizes['half'] < sizes['symbols'],
          'half blocks wrote %d bytes, chafa symbols %d'
          % (sizes['half'], sizes['symbols']))


if __name__ == '__main__':
    run_tests(globals())
