#!/usr/bin/env python3
"""End to end: odd environments.  A terminal curses cannot drive (TERM
dumb, unknown, empty, unset) is one clear line on stderr and status 1,
with not a byte written to the terminal.  A locale that is not UTF-8
(LANG=C) keeps every row at its width: text the locale cannot show
becomes '?', the symbols get ASCII stand-ins, the picture is drawn in
ASCII."""
import os
import re
import shlex
import time

from tmux import Tmux
from tplaytest import (TPLAY, check, eq, ffmpeg, path, run_tests, sines,
                       slow)


def clip():
    return ffmpeg('environment.mkv', sines([440, 660], duration=30) + [
        '-c:a', 'libopus',
        '-metadata:s:a:0', 'language=fre',
        '-metadata:s:a:0', 'title=Français 日本語 … end',
        '-metadata:s:a:1', 'language=jpn', '-metadata:s:a:1', 'title=日本語',
        '-disposition:v:0', 'default', '-disposition:a:0', 'default',
        '-disposition:a:1', '0'])


def wait_file(f, what, t):
    deadline = time.monotonic() + slow(20)
    while not (os.path.exists(f) and open(f).read().endswith('\n')):
        check(time.monotonic() < deadline, '%s never written; screen:\n%s'
              % (what, t.screen()))
        time.sleep(0.05)
    return open(f).read()


# (TERM, or None for unset; what the message must say)
TERMS = [
    ('dumb', 'the terminal "dumb" cannot place the cursor'),
    ('unknown-xyz', 'the terminal type "unknown-xyz" is not in terminfo'),
    ('', 'TERM is not set'),
    (None, 'TERM is not set'),
]


def test_a_terminal_without_cursor_addressing_is_one_line_and_no_bytes():
    failures = []
    for n, (term, want) in enumerate(TERMS):
        name = 'term%d' % n
        raw, err, status = (path(name + x) for x in ('.pty', '.err',
                                                     '.status'))
        for f in (err, status):
            if os.path.exists(f):
                os.unlink(f)
        env = 'env -u TERM' if term is None else 'env TERM=%s' % (
            shlex.quote(term))
        t = Tmux(name, 80, 24)
        t.start_recorded('%s %s --no-config --mpv-opt ao=null %s 2> %s; '
                         'echo $? > %s'
                         % (env, shlex.quote(TPLAY), shlex.quote(clip()),
                            err, status), raw,
                         env={'LANG': 'C.UTF-8', 'LC_ALL': 'C.UTF-8'})
        try:
            eq(wait_file(status, 'status', t).strip(), '1', 'exit status')
            lines = open(err).read().splitlines()
            eq(len(lines), 1, 'stderr lines: %r' % lines)
            check(lines[0].startswith('tplay: ' + want) and
                  '--list-tracks' in lines[0], 'message: %r' % lines[0])
            # All of it: read once the pane's mark says tplay is done.
            out = t.recorded(raw)
            eq(out, b'', 'bytes written to the terminal')
        except AssertionError as e:
            failures.append('TERM=%r: %s' % (term, e))
        finally:
            t.kill()
    check(not failures, '\n'.join(failures))


# Locales without Unicode (locale -a has C and POSIX everywhere).
LOCALES = [{'LANG': 'C', 'LC_ALL': 'C'}, {'LANG': 'C.UTF-8', 'LC_ALL': 'POSIX'}]


def picture_drawn(screen):
    """Something drawn above the track panel."""
    rows = screen.split('\n')
    top = next((i for i, r in enumerate(rows)
                if r.startswith('Audio tracks')), 0)
    return any(r.strip() for r in rows[:top])


def test_a_locale_without_unicode_keeps_every_row_at_its_width():
    width, height = 100, 30
    failures = []
    for n, loc in enumerate(LOCALES):
        name = 'locale%d' % n
        raw = path(name + '.pty')
        t = Tmux(name, width, height)
        t.start_recorded('env TERM=tmux-256color %s --no-config '
                         '--mpv-opt ao=null %s'
                         % (shlex.quote(TPLAY), shlex.quote(clip())), raw,
                         env=loc)
        try:
            # The picture too: under load its first frame may come after
            # the status has counted a second.
            s = t.wait_for(lambda s: 'Audio tracks (2)' in s and
                           '? help' in s and re.search('00:0[1-9] /', s) and
                           picture_drawn(s), 'the screen, playing, a picture')
            rows = s.split('\n')[:height]
            for r in rows:
                check(len(r) <= width, 'a row of %d columns: %r'
                      % (len(r), r))
            status = [r for r in rows if 'playing' in r]
            eq(len(status), 1, 'status rows')
            check(re.match(r'> playing 00:0\d / 00:30 \[[=-]+\] vol 100%  '
                           r'track 1  \? help *$', status[0]),
                  'status row: %r' % status[0])
            check(any(re.search(r'fr - French +Fran\?ais \?\?\? ~ end', r)
                      for r in rows), 'the first track\'s row:\n' + s)
            check(any(re.search(r'ja - Japanese +\?\?\?( |$)', r)
                      for r in rows), 'the second track\'s row:\n' + s)
            top = rows[:rows.index(next(r for r in rows
                                        if r.startswith('Audio tracks')))]
            check(any(r.strip() for r in top), 'no picture:\n' + s)
            for r in top:
                check(all(' ' <= c <= '~' for c in r),
                      'a picture row that is not ASCII: %r' % r)
            t.keys('q')
            # All of it: the pane's mark comes after tplay's last byte
            # (a dead pane can leave the tail still on its way).
            out = t.recorded(raw)
            high = sorted({b for b in out if b >= 0x80})
            eq(high, [], 'bytes above ASCII written to the terminal')
        except AssertionError as e:
            failures.append('%s: %s' % (loc, e))
        finally:
            t.kill()
    check(not failures, '\n'.join(failures))


if __name__ == '__main__':
    run_tests(globals())
