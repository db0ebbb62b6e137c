#!/usr/bin/env python3
"""End to end: the first screen, driven in a real terminal (tmux).  The
file, position and tracks show; keys work; q, SIGTERM and SIGTSTP leave the
terminal as it was; resizing and hostile labels never garble the screen."""
import os
import re
import shlex
import signal
import time

from tplaytest import (TPLAY, check, eq, ffmpeg, not_under_valgrind, path,
                       run_tests, sines, slow)
from tmux import Tmux, sgr

ENV = {'TERM': 'tmux-256color', 'LANG': 'C.UTF-8', 'LC_ALL': 'C.UTF-8'}


def clip(size='160x90'):
    return ffmpeg('screen-%s.mkv' % size, sines([440, 550, 660, 770],
                                                duration=30, size=size) + [
        '-c:a', 'libopus',
        '-metadata:s:a:0', 'language=eng', '-metadata:s:a:0', 'title=English',
        '-metadata:s:a:1', 'language=ger', '-metadata:s:a:1', 'title=Deutsch',
        '-metadata:s:a:2', 'language=eng', '-metadata:s:a:2', 'title=Commentary',
        '-metadata:s:a:3', 'language=jpn', '-metadata:s:a:3', 'title=日本語',
        '-disposition:v:0', 'default', '-disposition:a:0', 'default',
        '-disposition:a:1', '0', '-disposition:a:2', 'comment',
        '-disposition:a:3', '0'])


def session(name, f, width=120, height=40, extra=''):
    """tplay f in tmux, wrapped so the tty state is saved before and after."""
    t = Tmux(name, width, height)
    before, after = path(name + '.stty-before'), path(name + '.stty-after')
    pidfile = path(name + '.pid')
    for p in (before, after, pidfile, path(name + '.status')):
        if os.path.exists(p):
            os.unlink(p)
    cmd = ('stty -g > %s; echo $$ > %s; exec %s --mpv-opt ao=null %s %s'
           % (before, pidfile, shlex.quote(TPLAY), extra, shlex.quote(f)))
    # The exec keeps the pid; "after" is taken by a second command.
    t.start("sh -c %s; echo $? > %s; stty -g > %s"
            % (shlex.quote(cmd), path(name + '.status'), after), env=ENV)
    return t, before, after, pidfile


def exit_status(name):
    """tplay's exit status, written by the wrapper once it has exited."""
    return int(written(path(name + '.status')))


def written(f, timeout=10):
    """The line a shell writes to f with `> f`, once it is all there: the
    shell creates the file before the command writes its line."""
    deadline = time.monotonic() + slow(timeout)
    while not (os.path.exists(f) and open(f).read().endswith('\n')):
        check(time.monotonic() < deadline, '%s never written' % f)
        time.sleep(0.05)
    return open(f).read()


def tty_restored(before, after):
    eq(written(after), written(before), 'stty settings after exit')


def test_shows_file_position_and_tracks_then_q_quits():
    f = clip()
    t, before, after, _ = session('basic', f)
    def track_rows(s):
        return [l for l in s.splitlines() if l.startswith(('[x]', '[ ]'))]

    try:
        # The whole panel: it is drawn once before the picture's size is
        # known and moved when it is, and a screen read then is half done.
        s = t.wait_for(lambda s: 'Audio tracks (4)' in s and
                       ' / 00:30' in s and len(track_rows(s)) == 4 and
                       'screen-160x90.mkv' in s, 'track list and duration')
        rows = track_rows(s)
        check(rows[0].startswith('[x] 1  2 ') and 'main' in rows[0] and
              'English' in rows[0] and 'en — English' in rows[0] and
              'default' in rows[0], 'row 1: %r' % rows[0])
        check(rows[1].startswith('[ ] 2  3 ') and 'translation' in rows[1] and
              'de — German' in rows[1], 'row 2: %r' % rows[1])
        check('commentary' in rows[2], 'row 3: %r' % rows[2])
        check('日本語' in rows[3] and 'ja — Japanese' in rows[3],
              'row 4: %r' % rows[3])
        t.wait_for(lambda s: 'playing' in s, 'playing state')
        # the position moves while playing
        p1 = t.wait_for(lambda s: 'playing 00:0' in s, 'position').split(
            'playing ')[1][:5]
        t.wait_for(lambda s: 'playing ' in s and
                   s.split('playing ')[1][:5] != p1, 'position advancing')
        t.keys('Space')
        t.wait_for(lambda s: 'paused' in s, 'paused after space')
        t.keys('p')
        t.wait_for(lambda s: 'playing' in s, 'playing after p')
        # Tab moves the highlight to row 2
        def highlighted(s):
            return [l for l in s.splitlines() if l.startswith('\x1b[7m[')]
        t.keys('Tab')
        t.wait_for(lambda s: len(highlighted(s)) == 1 and
                   'Deutsch' in highlighted(s)[0], 'the highlight on row 2',
                   escapes=True)
        t.keys('q')
        eq(exit_status('basic'), 0, 'exit status')
        t.wait_var('pane_dead', '1')
        eq(t.var('alternate_on'), '0', 'alternate screen left')
        tty_restored(before, after)
    finally:
        t.kill()


def test_sigterm_and_sigint_restore_the_terminal():
    f = clip()
    for sig in (signal.SIGTERM, signal.SIGINT):
        t, before, after, pidfile = session('sig%d' % sig, f)
        try:
            t.wait_for(lambda s: 'Audio tracks' in s, 'screen')
            os.kill(int(open(pidfile).read()), sig)
            t.wait_var('pane_dead', '1')
            eq(t.var('alternate_on'), '0', 'alternate screen left')
            tty_restored(before, after)
        finally:
            t.kill()


@not_under_valgrind('valgrind never stops the process it runs on a stop '
                    'signal it has to act on itself: the default action of '
                    'the SIGTSTP tplay raises after restoring the terminal '
                    'is ignored (coregrind/m_signals.c, default_action)')
def test_ctrl_z_gives_the_terminal_back_and_fg_redraws():
    # A real shell with job control, as a user has: C-z stops tplay (a
    # process group without one would ignore SIGTSTP), fg resumes it.
    f = clip()
    t = Tmux('tstp')
    before, after = path('tstp.stty-before'), path('tstp.stty-after')
    t.start('bash --norc --noprofile -i', env=dict(ENV, PS1='$ '))
    try:
        t.wait_for(lambda s: s.rstrip().endswith(('$', '#')), 'shell prompt')
        t.keys('stty -g > %s; %s --mpv-opt ao=null %s; stty -g > %s'
               % (before, shlex.quote(TPLAY), shlex.quote(f), after), 'Enter')
        t.wait_for(lambda s: 'Audio tracks' in s, 'screen')
        t.keys('C-z')
        t.wait_for(lambda s: 'Stopped' in s, 'job stopped')
        eq(t.var('alternate_on'), '0', 'alternate screen left while stopped')
        t.keys('fg', 'Enter')
        t.wait_for(lambda s: 'Audio tracks' in s and '? help' in s,
                   'redrawn after fg')
        eq(t.var('alternate_on'), '1', 'alternate screen back')
        t.keys('q')
        tty_restored(before, after)
    finally:
        t.kill()


def test_resize_and_tiny_terminal_keep_the_screen_intact():
    f = clip()
    t, _, _, _ = session('resize', f)
    try:
        t.wait_for(lambda s: 'Audio tracks' in s, 'screen')
        for w, h in ((40, 10), (20, 5), (10, 3), (100, 30)):
            t.cmd('resize-window', '-x', str(w), '-y', str(h))
            s = t.wait_for(lambda s: 'Audio' in s and
                           max(len(l) for l in s.split('\n')) <= w,
                           'redraw at %dx%d' % (w, h))
            lines = s.split('\n')
            check(len(lines) <= h + 1, 'rows fit at %dx%d' % (w, h))
            check(t.var('pane_dead') == '0', 'alive at %dx%d' % (w, h))
        s = t.wait_for(lambda s: 'Audio tracks (4)' in s and
                       '? help' in s, 'full screen again')
        t.keys('q')
        eq(exit_status('resize'), 0, 'exit status')
    finally:
        t.kill()


def shown(screen):
    """A screen read with its escapes as what one sees: each cell's
    character and attributes (tmux writes SGR changes from cell to cell,
    so where one row's trailing cells were written or cleared changes the
    next row's escapes, not what shows), a blank's foreground, bold, dim,
    italic and blink dropped (they show nothing on it), the blank cells
    that end a row left out (and the picture's cells of one colour
    there), and the picture's half-block cells as the two colours they
    show (▄ is ▀ with its colours swapped, a blank in a bg or █ is one
    colour twice: which one is written depends on the colours set just
    before it)."""
    state, rows = {}, []
    for line in screen.rstrip('\n').split('\n'):
        cells = []
        for m in re.finditer('\x1b\\[([0-9;]*)m|([^\x1b])', line):
            if m.group(2) is None:
                sgr(state, m.group(1))
                continue
            ch, attrs = m.group(2), dict(state)
            halves = {'\u2580': ('fg', 'bg'), '\u2584': ('bg', 'fg'),
                      '\u2588': ('fg', 'fg'), ' ': ('bg', 'bg')}.get(ch)
            if halves and all(k in attrs for k in halves):
                attrs['fg'], attrs['bg'] = (attrs[halves[0]],
                                            attrs[halves[1]])
                ch = '\u2580'
            elif ch == ' ':
                for k in ('fg', 'bold', 'dim', 'italic', 'blink'):
                    attrs.pop(k, None)
            cells.append((ch, tuple(sorted(attrs.items()))))
        # tmux leaves out a row's trailing blanks, coloured or not: a
        # picture cell of one colour there may be a blank or a █.
        while cells and (cells[-1] == (' ', ()) or (
                cells[-1][0] == '\u2580' and
                dict(cells[-1][1]).get('bg') is not None and
                dict(cells[-1][1]).get('fg') == dict(cells[-1][1])['bg'])):
            cells.pop()
        rows.append(cells)
    return rows


def test_messages_and_help_redraw_in_place():
    """Messages coming and going and the help box opening and closing
    rewrite only the rows that change: the whole screen is cleared once,
    at the start (a clear flashes, and a screen read in the middle of one
    is blank).  What is left equals a full repaint of the same state.
    The picture is wide: it fills the width and sits centred in the rows
    left, so a message row coming or going moves it without a resize."""
    f = clip('320x90')
    conf, raw = path('inplace.conf'), path('inplace.pty')
    trace = path('inplace.trace')
    with open(conf, 'w') as out:
        out.write('[audio]\nlanguages = e_n\n')
    t = Tmux('inplace', 120, 40)
    # M fails on a device that is not there: a message that comes later.
    t.start_recorded('exec %s --config %s --mic-device tplay-absent '
                     '--mpv-opt ao=null %s' % (shlex.quote(TPLAY),
                                              shlex.quote(conf),
                                              shlex.quote(f)), raw,
                     env=dict(ENV, TPLAY_TRACE=trace))

    def clears():
        return open(raw, 'rb').read().count(b'\x1b[H\x1b[J')  # tmux's clear

    def frames():
        """Pictures drawn from a new frame (tplay's trace says each)."""
        if not os.path.exists(trace):
            return 0
        return sum(1 for l in open(trace) if l.split()[1:2] == ['frame'])

    def same_as_a_full_repaint(what, want_clears, frames_before=None):
        # What the change set off is all drawn: the picture a frame
        # rendered anew at its new size, when it needs one; then tplay
        # is quiet (paused, no message to fade: it has nothing left to
        # write).  A fixed sleep here read half-drawn screens when slow.
        if frames_before is not None:
            deadline = time.monotonic() + slow(15)
            while frames() <= frames_before:
                check(time.monotonic() < deadline,
                      '%s: no picture drawn' % what)
                time.sleep(0.05)
        t.quiet(raw, what)
        in_place = shown(t.screen(escapes=True))
        eq(clears(), want_clears, '%s: full-screen clears' % what)
        # SIGCONT repaints everything from scratch (the terminal may have
        # been touched while tplay was stopped).
        os.kill(int(t.var('pane_pid')), signal.SIGCONT)
        deadline = time.monotonic() + slow(10)
        while clears() == want_clears:
            check(time.monotonic() < deadline, 'SIGCONT repainted nothing')
            time.sleep(0.05)
        try:
            t.wait_for(lambda s: shown(s) == in_place, 'the full repaint',
                       timeout=15, escapes=True)
        except AssertionError:
            raise AssertionError('%s, drawn in place:\n%s\nrepainted:\n%s'
                                 % (what, in_place,
                                    shown(t.screen(escapes=True))))

    # Each message stays 8 s: the screens are compared once it is gone,
    # never while it may go.
    problem, mic = 'inplace.conf:2: languages', 'tplay-absent'
    try:
        t.wait_for(lambda s: problem in s and 'Audio tracks (4)' in s,
                   'the config problem and the tracks')
        t.keys('Space')  # a still picture: each drawing of it is the same
        t.wait_for(lambda s: 'paused' in s, 'paused')
        t.wait_for(lambda s: problem not in s, 'the problem gone', timeout=30)
        same_as_a_full_repaint('the config problem gone', 1)
        t.keys('M')
        t.wait_for(lambda s: mic in s, 'the mic failure')
        t.wait_for(lambda s: mic not in s, 'the mic failure gone',
                   timeout=30)
        same_as_a_full_repaint('the mic failure come and gone', 2)
        t.keys('?')
        t.wait_for(lambda s: 'tplay keys' in s, 'the help box')
        same_as_a_full_repaint('the help box open', 3)
        shown_before = frames()
        t.keys('x')
        t.wait_for(lambda s: 'tplay keys' not in s, 'the help box closed')
        same_as_a_full_repaint('the help box closed', 4, shown_before)
        t.keys('q')
        t.wait_var('pane_dead', '1')
    finally:
        t.kill()


def test_hostile_labels_never_reach_the_terminal_raw():
    f = ffmpeg('hostile-screen.mkv', sines([440, 550, 660], duration=30) + [
        '-c:a', 'libopus',
        '-metadata:s:a:0', 'title=\x1b]2;PWNED\x07OSC',
        '-metadata:s:a:1', 'title=\x1b[2J\x1b[31mRED',
        '-metadata:s:a:2', 'title=\u202eRLO\u009b2J'])
    raw = path('hostile.pty')
    t = Tmux('hostile')
    # The check is on every byte written to the pty, not only on what
    # tmux shows.
    t.start_recorded('%s --mpv-opt ao=null %s'
                     % (shlex.quote(TPLAY), shlex.quote(f)), raw, env=ENV)
    try:
        # The panel's title comes before its rows: wait for the rows.
        s = t.wait_for(lambda s: 'Audio tracks (3)' in s and 'OSC' in s and
                       'RED' in s and 'RLO' in s, 'the three labels')
        check('^[' not in s, 'ncurses had to escape a raw control:\n' + s)
        esc = t.screen(escapes=True)
        check('\x1b[31m' not in esc, 'label colour reached the terminal')
        t.keys('q')
        out = t.recorded(raw)
        # All of it has reached tmux too: a title a label set is there.
        check('PWNED' not in t.var('pane_title'), 'title set by a label')
        # The recording holds what the screen showed.  Not a byte count:
        # how many bytes there are is how far tplay got before q, and on
        # a slow run (valgrind, a busy machine) the picture never came:
        # "more than 1000" once read 991.
        for seen in (b'Audio tracks (3)', b'OSC', b'RED', b'RLO',
                     b'\x1b[?1049l'):  # the last: the alternate screen left
            check(seen in out, '%r shown but not in the %d bytes recorded'
                  % (seen, len(out)))
        for bad in (b'\x1b]2;PWNED', b'\x07', b'\x1b[31mRED',
                    '\u202e'.encode(), '\u009b'.encode()):
            check(bad not in out, '%r written to the terminal' % bad)
    finally:
        t.kill()


def test_not_a_terminal_is_a_clear_error():
    import subprocess
    r = subprocess.run([TPLAY, '--mpv-opt', 'ao=null', clip()],
                       capture_output=True, stdin=subprocess.DEVNULL,
                       timeout=slow(30))
    eq(r.returncode, 1, 'status')
    check(b'must be a terminal' in r.stderr, 'message: %r' % r.stderr)


@not_under_valgrind('valgrind and the shell it starts from need file '
                    'descriptors below the limit this test sets')
def test_no_file_descriptor_left_is_a_clear_error():
    # A limit of 4 leaves fd 3 alone: no pipe for the signals.  tplay says
    # so, exits 1 and tears down what it had made (the sanitizer build's
    # leak check reads that: any report fails the stderr check).
    import subprocess
    r = subprocess.run(['sh', '-c', 'ulimit -S -n 4 && exec "$0" "$@"', TPLAY,
                        '--no-config', '--mpv-opt', 'ao=null', clip()],
                       capture_output=True, stdin=subprocess.DEVNULL,
                       timeout=30)
    eq(r.returncode, 1, 'status')
    lines = r.stderr.decode(errors='replace').splitlines()
    eq(len(lines), 1, 'stderr lines: %r' % lines)
    check(lines[0].startswith('tplay: cannot set up signals: '),
          'message: %r' % lines[0])


if __name__ == '__main__':
    run_tests(globals())
