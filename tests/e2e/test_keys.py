#!/usr/bin/env python3
"""End to end: keys as data.  A user's input.conf in mpv's syntax rebinds
keys (a bad line is reported with its line number, the rest works); the
help overlay shows every binding in force at any terminal size, never
cut; SGR mouse reports toggle a track row and seek on the progress bar;
[ and ] change the speed, which the status shows; --list-keys prints
the bindings in force; a terminal's late answers are never keys."""
import os
import re
import shlex
import time

from pacer import Pacer
from tmux import Tmux
from tplaytest import (TPLAY, check, eq, ffmpeg, marks, path, run, run_tests,
                       slow, status_time)

ENV = {'TERM': 'tmux-256color', 'LANG': 'C.UTF-8', 'LC_ALL': 'C.UTF-8'}
A, B = 400, 600  # whole cycles in a 10 ms stretch


def clip(name='keys.mkv', duration=60):
    args = ['-f', 'lavfi', '-i',
            'testsrc2=size=160x90:rate=25:duration=%d' % duration]
    for f in (A, B):
        args += ['-f', 'lavfi', '-i',
                 'sine=frequency=%d:sample_rate=48000:duration=%d' % (f, duration)]
    return ffmpeg(name, args + [
        '-map', '0:v', '-map', '1:a', '-map', '2:a', '-c:v', 'libx264',
        '-preset', 'ultrafast', '-g', '25', '-pix_fmt', 'yuv420p',
        '-c:a', 'libopus', '-metadata:s:a:0', 'language=eng',
        '-metadata:s:a:1', 'language=fra', '-disposition:a:0', 'default',
        '-disposition:a:1', '0'])


def start(name, f, extra=(), width=120, height=40, pacer=None):
    t = Tmux(name, width, height)
    args = [TPLAY, '--no-config', '--no-resume'] + list(extra)
    args += pacer.mpv_opts() if pacer else ['--mpv-opt', 'ao=null']
    cmd = ' '.join(shlex.quote(a) for a in args + [f])
    env = dict(ENV, XDG_CONFIG_HOME=path(name + '.xdg'))
    t.start(cmd + '; echo "exit $?"; sleep 60', env=env)
    return t


def test_input_conf_rebinds_and_reports_bad_lines():
    conf = path('rebind.conf')
    with open(conf, 'w') as fp:
        fp.write('# mine\n'
                 'y track-toggle 2\n'
                 'z seek 50 absolute-percent\n'
                 'NOSUCHKEY quit\n'
                 'w frobnicate 3\n'
                 'x quit\n')
    pacer = Pacer(path('rebind.fifo'), [A, B])
    t = start('rebind', clip(), ['--input-conf', conf], pacer=pacer)
    try:
        s = t.wait_for(lambda s: 'playing' in s, 'playing')
        s = t.wait_for(lambda s: 'rebind.conf:4' in s.replace('\n', ''),
                       'the bad key reported with its line')
        t.keys('L')
        s = t.wait_for(lambda s: 'Messages' in s, 'the message history')
        flat = s.replace('\n', ' ')
        check('rebind.conf:4: unknown key "NOSUCHKEY"' in re.sub(r'\s*│\s*', ' ', flat),
              'line 4 reported:\n%s' % s)
        check('rebind.conf:5: unknown command "frobnicate"' in
              re.sub(r'\s*│\s*', ' ', flat), 'line 5 reported:\n%s' % s)
        t.keys('Escape')
        t.wait_for(lambda s: 'Messages' not in s, 'the history closed')
        pacer.wait_heard({A})
        t.keys('y')
        t.wait_for(lambda s: marks(s) == 'xx', 'y enabled track 2')
        pacer.wait_heard({A, B})
        t.keys('z')
        t.wait_for(lambda s: 28 <= status_time(s) <= 34, 'z seeked to 50 %')
        t.keys('x')
        t.wait_for(lambda s: 'exit 0' in s, 'x quit')
    finally:
        t.kill()
        pacer.close()


def box_rows(screen):
    """The rows inside the overlay's frame, less its title row."""
    return [l.split('\u2502')[1].rstrip() for l in screen.splitlines()
            if l.count('\u2502') == 2 and 'tplay keys' not in l]


def settled(t, pred, what):
    """The screen once pred holds and the overlay's rows read the same
    twice in a row: curses' update of them is all in (tmux may show a
    screen half-drawn)."""
    while True:
        s = t.wait_for(pred, what)
        again = t.screen()
        if pred(again) and box_rows(again) == box_rows(s):
            return again


def flat(text):
    return re.sub(r'\s+', ' ', text)


RANGE = re.compile(r'(\d+)\u2013(\d+) of (\d+)')


def help_page(s):
    """The help's rows on screen s by their number in the whole help
    (from 1): its title says which show ("11\u201328 of 90") when it does
    not fit.  Empty when the title and the rows disagree (a screen tmux
    has not taken all of curses' update into)."""
    rows = box_rows(s)
    m = RANGE.search(s)
    if not m:
        return {i + 1: r for i, r in enumerate(rows)}
    first, last, _ = map(int, m.groups())
    if len(rows) != last - first + 1:
        return {}
    return {first + i: r for i, r in enumerate(rows)}


def help_scan(t, got):
    """Read the overlay into got (row number -> text), page by page from
    its top to its end."""
    s = settled(t, lambda s: 'tplay keys' in s, 'the help')
    while RANGE.search(s) and RANGE.search(s).group(1) != '1':
        shown = RANGE.search(s).group(0)
        t.keys('PageUp')
        s = settled(t, lambda x: 'tplay keys' in x and shown not in x,
                    'the help scrolled up')
    while True:
        got.update(help_page(s))
        m = RANGE.search(s)
        if not m or m.group(2) == m.group(3):
            return
        shown = m.group(0)
        t.keys('PageDown')
        s = settled(t, lambda x: 'tplay keys' in x and shown not in x,
                    'the help scrolled')


def help_rows(t, want, timeout=60):
    """Every row of the help overlay in order, once they hold every text
    of want or the deadline passes.  Each row is kept by its number in
    the help, so a row read wrong (a screen captured while tmux had not
    yet read all of curses' update shows rows of the page before) is read
    again, in its place, on the next pass; a wrapped text's rows stay
    together, and two rows alike (two texts wrapped to the same last
    word) are both kept.  The film is paused first, so nothing but the
    help changes."""
    t.keys('Space')
    t.wait_for(lambda s: 'paused' in s, 'paused')
    t.keys('?')
    got = {}
    deadline = time.monotonic() + slow(timeout)
    while True:
        help_scan(t, got)
        rows = [got[i] for i in sorted(got)]
        text = flat(' '.join(rows))
        if all(flat(x) in text for x in want) or \
                time.monotonic() > deadline:
            break
    t.keys('Escape')
    # Closed before the next key: an Esc and a key at once are Alt+key.
    t.wait_for(lambda s: 'tplay keys' not in s, 'the help closed')
    return rows


def test_help_shows_every_binding_at_any_size():
    r = run([TPLAY, '--list-keys', '--no-config'],
            env=dict(os.environ, XDG_CONFIG_HOME=path('nokeys.xdg')))
    eq(r.returncode, 0, '--list-keys status')
    listed = [l for l in r.stdout.decode().splitlines()
              if l and not l.startswith('#')]
    check(len(listed) > 60, '--list-keys lists the bindings:\n%s'
          % r.stdout.decode())
    helps = set()
    for l in listed:
        m = re.search(r'#\s*(.*)$', l)
        if m:
            helps.add(m.group(1).strip())
    f = clip('help.mkv', 20)
    for w, h in ((120, 40), (60, 20)):
        t = start('help%dx%d' % (w, h), f, width=w, height=h)
        try:
            t.wait_for(lambda s: 'playing' in s, 'playing')
            rows = help_rows(t, helps)
            text = ' '.join(rows)
            missing = [x for x in helps if flat(x) not in flat(text)]
            eq(missing, [], 'help texts missing at %dx%d' % (w, h))
            cut = [r for r in rows if '\u2026' in r]
            eq(cut, [], 'help rows cut at %dx%d' % (w, h))
            for key in ('SPACE', 'Shift+RIGHT', 'PGUP', 'MBTN_RIGHT', 'Alt+5'):
                check(key in text, '%s in the help at %dx%d' % (key, w, h))
            t.keys('q')
            t.wait_for(lambda s: 'exit 0' in s, 'quit')
        finally:
            t.kill()


def sgr(t, button, col, row):
    """A mouse press at the 0-based cell, as xterm reports it (SGR)."""
    seq = '\x1b[<%d;%d;%dM' % (button, col + 1, row + 1)
    t.cmd('send-keys', '-H', *['%02x' % b for b in seq.encode()])


# What terminals answer to the queries at start (pixels.md), as they
# would come in late, after the deadline: strings (XTVERSION, kitty's
# graphics answer with "31" in it) and control sequences.
LATE_ANSWERS = ('\x1bP>|XTerm(379)\x1b\\' '\x1b_Gi=31;OK\x1b\\'
                '\x1b[?2026;2$y' '\x1b[?1;0;256S' '\x1b[6;13;6t'
                '\x1b[?63;1;2;4;6;9;15;16;22;28;29c')


def test_late_terminal_answers_are_not_keys():
    """A terminal's answers that come after the probe's deadline reach
    the keyboard: none of their bytes is a key (the "1" and "3" of
    kitty's would toggle tracks, the ">" of XTVERSION move on, "q" in
    none); then Alt+P, typed alone, is still a key (bound here to
    pause)."""
    conf = path('late.conf')
    with open(conf, 'w') as fp:
        fp.write('Alt+P cycle pause\n')
    t = start('late', clip('late.mkv'), ['--input-conf', conf])
    try:
        t.wait_for(lambda s: 'playing' in s and marks(s) == 'x-',
                   'playing, track 1 on')
        t.cmd('send-keys', '-H',
              *['%02x' % b for b in LATE_ANSWERS.encode()])
        # Then a key that shows: the answers were read before it.
        t.keys('2')
        s = t.wait_for(lambda s: marks(s) == 'xx', 'track 2 on by its key')
        check('playing' in s, 'still playing:\n%s' % s)
        check('1/1' not in s or '2/' not in s, s)
        for text in ('XTerm', 'Gi=', '2026', '?63'):
            check(text not in s, 'answer text %r on the screen:\n%s'
                  % (text, s))
        t.cmd('send-keys', 'M-P')
        t.wait_for(lambda s: 'paused' in s, 'Alt+P still a key: paused')
        t.keys('q')
        t.wait_for(lambda s: 'exit 0' in s, 'quit')
    finally:
        t.kill()


def test_mouse_toggles_rows_and_seeks_on_the_bar():
    pacer = Pacer(path('mouse.fifo'), [A, B])
    t = start('mouse', clip('mouse.mkv'), pacer=pacer)
    try:
        s = t.wait_for(lambda s: 'playing' in s and marks(s) == 'x-',
                       'playing')
        lines = s.splitlines()
        row = next(i for i, l in enumerate(lines) if l.startswith('[ ] 2'))
        sgr(t, 0, 5, row)
        t.wait_for(lambda s: marks(s) == 'xx', 'a click enabled row 2')
        pacer.wait_heard({A, B})
        s = t.screen()
        lines = s.splitlines()
        y = next(i for i, l in enumerate(lines) if 'playing' in l)
        bar = lines[y].index('[')
        end = lines[y].index(']', bar)
        # Three quarters along the bar.
        sgr(t, 0, bar + 1 + (end - bar - 1) * 3 // 4, y)
        t.wait_for(lambda s: 40 <= status_time(s) <= 50,
                   'a click on the bar seeked to about 45 s')
        t.keys('q')
        t.wait_for(lambda s: 'exit 0' in s, 'quit')
    finally:
        t.kill()
        pacer.close()


def test_brackets_change_the_speed_shown_in_the_status():
    t = start('speed', clip('speed.mkv'))
    try:
        t.wait_for(lambda s: 'playing' in s, 'playing')
        t.keys(']', ']')
        t.wait_for(lambda s: '1.21\u00d7' in s, 'the speed 1.21x shown')
        t.keys('BSpace')
        t.wait_for(lambda s: '\u00d7' not in s, 'normal speed again')
        t.keys('[')
        t.wait_for(lambda s: '0.91\u00d7' in s, 'the speed 0.91x shown')
        t.keys('q')
        t.wait_for(lambda s: 'exit 0' in s, 'quit')
    finally:
        t.kill()


def chaptered(name='chapters.mkv'):
    """60 s in three chapters: Opening, Middle (20 s), End (40 s)."""
    meta = path('chapters.txt')
    with open(meta, 'w') as fp:
        fp.write(';FFMETADATA1\n')
        for start, title in ((0, 'Opening'), (20, 'Middle'), (40, 'End')):
            fp.write('[CHAPTER]\nTIMEBASE=1/1\nSTART=%d\nEND=%d\ntitle=%s\n'
                     % (start, start + 20, title))
    return ffmpeg(name, [
        '-f', 'lavfi', '-i', 'testsrc2=size=160x90:rate=25:duration=60',
        '-f', 'lavfi', '-i', 'sine=frequency=400:sample_rate=48000:duration=60',
        '-i', meta, '-map', '0:v', '-map', '1:a', '-map_chapters', '2',
        '-c:v', 'libx264', '-preset', 'ultrafast', '-g', '25',
        '-pix_fmt', 'yuv420p', '-c:a', 'libopus'])


def test_chapters_marked_named_and_jumped():
    t = start('chapters', chaptered())
    try:
        s = t.wait_for(lambda s: 'playing' in s and 'Opening' in s,
                       'the first chapter named')
        bar = next(l for l in s.splitlines() if 'playing' in l)
        eq(bar.count('|'), 2, 'two chapter marks on the bar:\n%s' % bar)
        t.keys('PageUp')
        t.wait_for(lambda s: 'Middle' in s and 20 <= status_time(s) <= 23,
                   'PGUP: the next chapter')
        t.keys('@')
        t.wait_for(lambda s: 'End' in s and 40 <= status_time(s) <= 43,
                   '@: the next chapter')
        t.keys('!')
        t.wait_for(lambda s: 'Middle' in s and 20 <= status_time(s) <= 23,
                   '!: the chapter before')
        t.keys('M-5')
        t.wait_for(lambda s: 29 <= status_time(s) <= 33, 'Alt+5: the middle')
        t.keys('q')
        t.wait_for(lambda s: 'exit 0' in s, 'quit')
    finally:
        t.kill()


def test_start_takes_times_and_percentages():
    f = clip('start.mkv')
    for arg, lo, hi in (('0:45', 45, 48), ('50%', 30, 33), ('-10', 50, 53)):
        t = start('start%d' % lo, f, ['--start', arg])
        try:
            t.wait_for(lambda s: 'playing' in s and lo <= status_time(s) <= hi,
                       '--start %s' % arg)
            t.keys('q')
            t.wait_for(lambda s: 'exit 0' in s, 'quit')
        finally:
            t.kill()
    r = run([TPLAY, '--no-config', '--start', '1:75', f])
    eq(r.returncode, 2, '--start 1:75: a usage error')
    check(b'--start' in r.stderr and b'1:75' in r.stderr,
          'the message names it: %r' % r.stderr)


if __name__ == '__main__':
    run_tests(globals())
