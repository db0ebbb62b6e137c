#!/usr/bin/env python3
"""End to end: an audio-only file's screen (issue 15).  Its own cover
shows in the picture area, in the cover's colours, rendered once; its
tags show as text beside it (mp3, m4a, mka); a file with no cover shows
no picture (not even a cover.png beside it) but its tags; tags that hold
escape sequences and C1 controls never reach the terminal raw;
--no-video and --vo-mode off show no cover."""
import re
import shlex

from tplaytest import TPLAY, check, ffmpeg, path, run_tests
from tmux import Tmux

ENV = {'TERM': 'tmux-256color', 'LANG': 'C.UTF-8', 'LC_ALL': 'C.UTF-8'}

TAGS = ['-metadata', 'title=Cover Song', '-metadata', 'artist=Some Artist',
        '-metadata', 'album=Some Album', '-metadata', 'date=2001']

# A cell in the cover's colours: pure red (its ground) or pure blue (the
# square on it), as a 256-colour index or as RGB.
RED = re.compile(r'\x1b\[[^m]*[34]8;(5;196|2;2[0-9][0-9];[0-9]{1,2};'
                 r'[0-9]{1,2})[;m]')
BLUE = re.compile(r'\x1b\[[^m]*[34]8;(5;21|2;[0-9]{1,2};[0-9]{1,2};'
                  r'2[0-9][0-9])[;m]')


def cover():
    # The name libmpv's cover-art-auto looks for beside the files: a file
    # without a cover of its own still shows no picture.
    return ffmpeg('cover.png', [
        '-f', 'lavfi', '-i', 'color=red:size=64x64',
        '-f', 'lavfi', '-i', 'color=blue:size=24x24',
        '-filter_complex', 'overlay=20:20', '-frames:v', '1'])


def sine():
    return ['-f', 'lavfi', '-i', 'sine=frequency=440:duration=30']


def with_cover_mp3():
    return ffmpeg('covered.mp3', sine() + ['-i', cover(), '-map', '0:a',
                  '-map', '1', '-c:a', 'libmp3lame', '-c:v', 'mjpeg',
                  '-disposition:v', 'attached_pic'] + TAGS)


def with_cover_m4a():
    return ffmpeg('covered.m4a', sine() + ['-i', cover(), '-map', '0:a',
                  '-map', '1', '-c:a', 'aac', '-c:v', 'png',
                  '-disposition:v:0', 'attached_pic'] + TAGS)


def with_cover_mka():
    # Matroska keeps a cover as an attachment named cover.*.
    return ffmpeg('covered.mka', sine() + [
        '-attach', cover(), '-metadata:s:t', 'mimetype=image/png',
        '-metadata:s:t', 'filename=cover.png', '-c:a', 'libopus'] + TAGS)


def without_cover():
    cover()
    return ffmpeg('bare.mp3', sine() + ['-c:a', 'libmp3lame'] + TAGS)


def start(name, f, extra='', raw=None, env=None):
    t = Tmux('audio-' + name, 120, 30)
    cmd = '%s --mpv-opt ao=null %s %s' % (shlex.quote(TPLAY), extra,
                                          shlex.quote(f))
    if raw:
        t.start_recorded(cmd, raw, env=dict(ENV, **(env or {})))
    else:
        t.start('exec ' + cmd, env=dict(ENV, **(env or {})))
    return t


def tags_shown(s):
    rows = s.splitlines()
    return all(any(re.search(r'\b%s\s+%s' % (label, value), r) for r in rows)
               for label, value in [('Title', 'Cover Song'),
                                    ('Artist', 'Some Artist'),
                                    ('Album', 'Some Album'), ('Date', '2001'),
                                    ('Sample rate', r'\d+(\.\d+)? kHz'),
                                    ('Channels', 'mono')])


def cover_cells(escaped):
    """The cover's red and blue cells, per row, left of the tags' column."""
    red = blue = 0
    for row in escaped.splitlines():
        cut = row.find('Title')  # the tags start right of the cover
        for part in (row if cut < 0 else row[:cut]).split('\n'):
            red += len(RED.findall(part))
            blue += len(BLUE.findall(part))
    return red, blue


def quit_clean(t, name):
    """Quit; nothing on the pane after (a sanitizer's report)."""
    t.keys('q')
    t.wait_var('pane_dead', '1', timeout=30)
    s = t.screen()
    check('Sanitizer' not in s and 'runtime error' not in s,
          '%s: a report at exit:\n%s' % (name, s))


def check_cover(name, f):
    t = start(name, f)
    try:
        s = t.wait_for(lambda s: tags_shown(s) and
                       all(n > 0 for n in cover_cells(t.screen(True))),
                       '%s: the cover in its colours and the tags' % name,
                       timeout=30)
        # the tags are right of the cover, the same rows
        plain = t.screen()
        title_row = next(r for r in plain.splitlines() if 'Cover Song' in r)
        check(title_row.index('Title') > 10,
              '%s: the tags beside the cover:\n%s' % (name, s))
        quit_clean(t, name)
    finally:
        t.kill()


def test_mp3_cover_and_tags():
    check_cover('mp3', with_cover_mp3())


def test_m4a_cover_and_tags():
    check_cover('m4a', with_cover_m4a())


def test_mka_cover_and_tags():
    check_cover('mka', with_cover_mka())


def test_the_cover_is_rendered_once_not_per_tick():
    """libmpv decodes an attached picture once: over seconds of play
    the picture is rendered a few times (the first layout, the size the
    frame tells), never once per tick or per audio frame."""
    trace = path('once.trace')
    t = start('once', with_cover_mp3(), env={'TPLAY_TRACE': trace})
    try:
        t.wait_for(lambda s: re.search(r'playing 00:0[6-9]', s),
                   'six seconds played', timeout=40)
        quit_clean(t, 'once')
    finally:
        t.kill()
    log = open(trace).read()
    m = re.search(r'quit .*rendered=(\d+)', log)
    check(m is not None, 'the trace\'s quit line:\n%s' % log)
    check(1 <= int(m.group(1)) <= 4,
          'the cover rendered %s times in six seconds' % m.group(1))


def test_no_cover_no_picture_but_the_tags():
    t = start('bare', without_cover())
    try:
        t.wait_for(lambda s: tags_shown(s) and 'Codec' in s and
                   'mp3' in s and 'Audio tracks' in s, 'the tags', timeout=30)
        t.wait_for(lambda s: re.search(r'playing 00:0[2-9]', s),
                   'two seconds played', timeout=30)
        red, blue = cover_cells(t.screen(True))
        check(red == 0 and blue == 0,
              'no picture (not the folder\'s cover.png): %d red, %d blue '
              'cells' % (red, blue))
        quit_clean(t, 'bare')
    finally:
        t.kill()


def test_no_video_shows_no_cover():
    for i, opt in enumerate(['--no-video', '--vo-mode off']):
        t = start('novideo%d' % i, with_cover_mp3(), opt)
        try:
            t.wait_for(lambda s: tags_shown(s) and 'Audio tracks' in s,
                       '%s: the tags' % opt, timeout=30)
            t.wait_for(lambda s: re.search(r'playing 00:0[2-9]', s),
                       '%s: two seconds played' % opt, timeout=30)
            red, blue = cover_cells(t.screen(True))
            check(red == 0 and blue == 0, '%s: no cover: %d red, %d blue '
                  'cells' % (opt, red, blue))
        finally:
            t.kill()


HOSTILE = (b'Evil\x1b]0;pwned\x07 \x1b[6n \xc2\x9b31m \x9b\x1b[2J '
           b'\x1bPq\x1b\\ \xe2\x80\xaeend')


def test_hostile_tags_never_reach_the_terminal_raw():
    f = path('hostile.mka')
    ffmpeg('hostile.mka', sine() + [
        '-t', '4', '-c:a', 'libopus', '-metadata', b'title=' + HOSTILE,
        '-metadata', b'artist=' + HOSTILE, '-metadata', b'album=\x1b[6n'])
    raw = path('hostile.pty')
    t = start('hostile', f, raw=raw)
    try:
        t.wait_for(lambda s: 'Title' in s and 'Artist' in s and 'Evil' in s,
                   'the hostile tags, drawn clean', timeout=30)
        t.keys('q')
        data = t.recorded(raw, timeout=20)
        for bad in (b'\x1b]0;pwned', b'pwned\x07', b'\x1b[6n', b'\xc2\x9b',
                    b'\x1bP', b'\xe2\x80\xae'):
            check(bad not in data, 'written raw: %r' % bad)
        try:
            data.decode('utf-8')
        except UnicodeDecodeError as e:
            raise AssertionError('invalid UTF-8 written: %s' % e)
        check(b'Sanitizer' not in data and b'runtime error' not in data,
              'a sanitizer report')
    finally:
        t.kill()


run_tests(globals())
