#!/usr/bin/env python3
"""End to end: hostile media, made here, through `--list-tracks` and the
player.  For every case, --list-tracks either answers exactly or fails with
one clear line and status 1; the player shows what it can (or that line)
and quits cleanly; and no byte the file controls reaches the terminal: the
check is on every byte written to the pty, not only on what tmux shows."""
import json
import os
import random
import shlex
import time

from tplaytest import (TPLAY, check, eq, ffmpeg, path, run_tests, sines,
                       slow, tplay)
from tmux import Tmux

ENV = {'TERM': 'tmux-256color', 'LANG': 'C.UTF-8', 'LC_ALL': 'C.UTF-8'}

# Sequences a title may carry.  None may be written to the pty as such: a
# terminal would act on them (DSR answers with input, OSC sets the title,
# BEL rings, the bidi controls reorder the screen).
TITLES = {
    'csi': b'\x1b[6n\x1b[2J\x1b[31mCSI',
    'osc': b'\x1b]2;PWNED\x07\x1b]52;c;cHduZWQ=\x1b\\OSC',
    'bel': b'ring\x07\x07BEL',
    'c1': b'c1\xc2\x9b6n\xc2\x9d0;X\xc2\x9cC1',
    'bidi': '\u202eRLO\u2066LRI\u200fRLM\u061cALM\u2028LS'.encode(),
    'ws': b'tab\there\nnew\rline\x0bVT',
    'utf8': b'bad\xff\xfe\xc0\xafend\xed\xa0\x80\xf8\x88\x80\x80\x80\xc3',
    'dcs': b'\x1bP1$r\x1b\\\x1b_apc\x1b\\\x1b^pm\x1b\\\x1bXsos\x1b\\DCS',
    'long': ('W' * 4999 + '界' * 5001).encode(),
}

# What no byte stream from tplay may hold.  ncurses itself writes CSI and
# ESC ( and the like, but never these.
FORBIDDEN = [b'\x07', b'\x1b]', b'\x1bP', b'\x1b_', b'\x1b^', b'\x1bX',
             b'\x1b[6n', b'\x1b[31mCSI']
FORBIDDEN_CHARS = ([chr(c) for c in range(0x80, 0xa0)] +
                   [chr(c) for c in range(0x202a, 0x202f)] +
                   [chr(c) for c in range(0x2066, 0x206a)] +
                   ['\u200e', '\u200f', '\u061c', '\u2028', '\u2029'])

# Languages that are not tags: each must come out as "" (HTML: not a valid
# BCP 47 tag) and never as raw bytes.
BAD_LANGS = [b'english', b'e', b'12345678', b'en_US', b'\x1b[2J', b'x' * 300,
             b'zz-!!', b'\xff\xfe', b'en--gb']


def clean_bytes(what, data):
    """No terminal-acting byte sequence, and valid UTF-8 throughout."""
    for bad in FORBIDDEN:
        check(bad not in data, '%s: %r written' % (what, bad))
    try:
        text = data.decode('utf-8')
    except UnicodeDecodeError as e:
        raise AssertionError('%s: invalid UTF-8 written: %s (%r)'
                             % (what, e, data[e.start - 20:e.end + 20]))
    for ch in FORBIDDEN_CHARS:
        check(ch not in text, '%s: U+%04X written' % (what, ord(ch)))
    check('Sanitizer' not in text and 'runtime error' not in text,
          '%s: sanitizer report' % what)


def clean_stdout(what, data):
    """--list-tracks output: JSON lines, printable but for the newlines."""
    clean_bytes(what, data)
    for b in data:
        check(b >= 0x20 and b != 0x7f or b == 0x0a,
              '%s: raw byte 0x%02x on stdout' % (what, b))


# The media.  Every maker returns a path; made once per run.

def rng(name):
    return random.Random(name)  # the same bytes every run


def good():
    """Picture, two audio tracks, 4 s: the source of the damaged files."""
    return ffmpeg('good.mkv', sines([440, 660], duration=4, gop=10) + [
        '-c:a', 'libopus', '-metadata:s:a:0', 'language=eng',
        '-metadata:s:a:1', 'language=fra', '-metadata:s:a:1', 'title=French'])


def write(name, data):
    p = path(name)
    with open(p, 'wb') as out:
        out.write(data)
    return p


def damaged(name, edit):
    data = bytearray(open(good(), 'rb').read())
    return write(name, bytes(edit(data)))


def first_cluster(data):
    return data.find(b'\x1f\x43\xb6\x75')


def garbage_middle(data):
    r = rng('middle')
    a, b = len(data) * 2 // 5, len(data) * 3 // 5
    data[a:b] = r.randbytes(b - a)
    return data


def titled(name, titles, video=False):
    args = sines([440 + 110 * i for i in range(len(titles))], duration=30,
                 video=video) + ['-c:a', 'libopus']
    for i, t in enumerate(titles):
        args += [b'-metadata:s:a:%d' % i, b'title=' + t]
    return ffmpeg(name, args)


def many_tracks(n):
    args = ['-f', 'lavfi', '-i',
            'sine=frequency=440:sample_rate=48000:duration=30']
    for i in range(n):
        args += ['-map', '0:a', b'-metadata:s:a:%d' % i,
                 b'title=track %d' % (i + 1),
                 b'-metadata:s:a:%d' % i, b'language=%s' % (b'jpn', b'eng')[i % 2]]
    return ffmpeg('many-%d.mka' % n, args + ['-c:a', 'libopus', '-b:a', '16k'])


def ids_out_of_order():
    """MPEG-TS: the track ids are the PIDs, here falling as streams rise."""
    args = sines([440, 550, 660], duration=30, video=False)
    for i, pid in enumerate((0x300, 0x200, 0x100)):
        args += ['-streamid', '%d:%d' % (i, pid)]
    return ffmpeg('pids.ts', args + ['-c:a', 'mp2'])


def swap_track_numbers(data):
    """Matroska: the audio TrackEntries say 3 then 2 (blocks follow)."""
    two, three = data.find(b'\xd7\x81\x02'), data.find(b'\xd7\x81\x03')
    check(0 < two < three, 'TrackNumber elements found')
    data[two + 2], data[three + 2] = 3, 2
    return data


def ids_and_labels(want):
    def f(tracks):
        eq([(t['id'], t['label']) for t in tracks], want, 'ids and labels')
    return f


def bad_languages():
    args = sines([440] * len(BAD_LANGS), duration=30, video=False)
    for i, lang in enumerate(BAD_LANGS):
        args += [b'-metadata:s:a:%d' % i, b'language=' + lang]
    return ffmpeg('bad-langs.mkv', args + ['-c:a', 'libopus'])


# name: (maker, what --list-tracks gives: an error or a check of the tracks)
def expect_error(what_in_message):
    return ('error', what_in_message)


def expect_tracks(fn):
    return ('tracks', fn)


def tracks_ids(want):
    def f(tracks):
        eq([t['id'] for t in tracks], want, 'ids')
    return f


def titles_exact(tracks):
    eq([t['label'] for t in tracks],
       [v.decode('utf-8', 'replace') for v in TITLES.values()],
       'labels, exact (invalid UTF-8 as U+FFFD)')


def languages_empty(tracks):
    eq([t['language'] for t in tracks], [''] * len(BAD_LANGS),
       'languages that are not tags')


def many(tracks):
    eq(len(tracks), 64, 'track count')
    eq([t['id'] for t in tracks], [str(i) for i in range(1, 65)], 'ids')
    eq([t['label'] for t in tracks[:2]], ['track 1', 'track 2'], 'labels')
    eq(sum(t['enabled'] for t in tracks), 1, 'one track enabled')


CASES = {
    'zero-byte': (lambda: write('zero.mkv', b''),
                  expect_error('empty file')),
    'random': (lambda: write('random.mkv', rng('random').randbytes(200000)),
               expect_error('')),
    'random-mp4': (lambda: write('random.mp4', b'\0\0\0\x18ftypisom' +
                                 rng('mp4').randbytes(50000)),
                   expect_error('')),
    'mp4-no-moov': (lambda: write('no-moov.mp4', open(ffmpeg(
        'moov-at-end.mp4', sines([440], duration=4) + ['-c:a', 'aac']),
        'rb').read()[:20000]), expect_error('')),
    'ebml-only': (lambda: damaged('ebml-only.mkv', lambda d: d[:40]),
                  expect_error('')),
    'header-only': (lambda: damaged('header-only.mkv',
                                    lambda d: d[:first_cluster(d)]),
                    expect_tracks(tracks_ids(['2', '3']))),
    'cut-30': (lambda: damaged('cut-30.mkv', lambda d: d[:len(d) * 3 // 10]),
               expect_tracks(tracks_ids(['2', '3']))),
    'cut-90': (lambda: damaged('cut-90.mkv', lambda d: d[:len(d) * 9 // 10]),
               expect_tracks(tracks_ids(['2', '3']))),
    'cut-mid-element': (lambda: damaged('cut-mid.mkv',
                                        lambda d: d[:first_cluster(d) - 7]),
                        expect_tracks(tracks_ids(['2', '3']))),
    'garbage-middle': (lambda: damaged('garbage.mkv', garbage_middle),
                       expect_tracks(tracks_ids(['2', '3']))),
    'no-audio': (lambda: ffmpeg('no-audio.mkv', sines([], duration=30)),
                 expect_tracks(tracks_ids([]))),
    '64-tracks': (lambda: many_tracks(64), expect_tracks(many)),
    'ids-out-of-order': (ids_out_of_order,
                         expect_tracks(tracks_ids(['768', '512', '256']))),
    'mkv-ids-out-of-order': (lambda: damaged('numbers.mkv',
                                             swap_track_numbers),
                             expect_tracks(ids_and_labels(
                                 [('3', ''), ('2', 'French')]))),
    'hostile-titles': (lambda: titled('titles.mkv', list(TITLES.values())),
                       expect_tracks(titles_exact)),
    'hostile-titles-video': (lambda: titled('titles-video.mkv',
                                            list(TITLES.values())[:4], True),
                             expect_tracks(lambda t: eq(len(t), 4, 'tracks'))),
    'bad-languages': (bad_languages, expect_tracks(languages_empty)),
}


def test_list_tracks_answers_or_fails_clearly():
    for name, (make, (kind, want)) in CASES.items():
        f = make()
        r = tplay('--list-tracks', f, timeout=30)
        clean_stdout(name + ' stdout', r.stdout)
        clean_bytes(name + ' stderr', r.stderr)
        if kind == 'error':
            eq(r.returncode, 1, '%s: status' % name)
            eq(r.stdout, b'', '%s: nothing on stdout' % name)
            err = r.stderr.decode()
            check(err.startswith('tplay: %s: ' % f) and err.count('\n') == 1
                  and want in err, '%s: one clear line: %r' % (name, err))
        else:
            eq(r.returncode, 0, '%s: status (stderr %r)' % (name, r.stderr))
            objs = [json.loads(l) for l in r.stdout.decode().splitlines()]
            eq(len(objs), 1, '%s: one object' % name)
            want(objs[0]['audioTracks'])


def play(name, f, keys, expect, after=None):
    """Run the player on f in tmux, keeping every pty byte; type keys once
    expect(screen) holds, then wait for after(screen) if given; quit; return
    (exit status, the last screen waited for, pty bytes)."""
    raw, status = path(name + '.pty'), path(name + '.status')
    if os.path.exists(status):
        os.unlink(status)
    t = Tmux('hostile-' + name, 100, 30)
    t.start_recorded('%s --mpv-opt ao=null %s; echo $? > %s'
                     % (shlex.quote(TPLAY), shlex.quote(f), status), raw,
                     env=ENV)
    try:
        screen = t.wait_for(expect, '%s: screen' % name, timeout=30)
        for k in keys:
            t.keys(k)
            time.sleep(0.05)
        if after:
            screen = t.wait_for(after, '%s: screen after keys' % name)
        t.keys('q')
        # Whole once the shell has written its mark after tplay: the
        # status is written and tmux has read every byte tplay wrote.
        data = t.recorded(raw, timeout=20)
        eq(t.var('alternate_on'), '0', '%s: alternate screen left' % name)
        return int(open(status).read()), screen, data
    finally:
        t.kill()


def rows_fit(name, screen, cols=100):
    for line in screen.splitlines():
        check(len(line) <= cols, '%s: a row wider than the pane: %r'
              % (name, line))


def test_player_shows_what_it_can_and_quits_cleanly():
    for name, (make, (kind, _)) in CASES.items():
        f = make()
        if kind == 'error':
            status, screen, raw = play(name, f, [], lambda s: 'tplay: ' in s)
            eq(status, 1, '%s: status' % name)
            check('tplay: %s: ' % f in screen.replace('\n', ''),
                  '%s: the message:\n%s' % (name, screen))
        else:
            status, screen, raw = play(
                name, f, ['Tab', '1', '2', 'Tab', 't', '?', 'x'],
                lambda s: 'Audio tracks' in s or 'No audio' in s or
                'no audio' in s)
            eq(status, 0, '%s: status' % name)
            rows_fit(name, screen)
        clean_bytes(name + ' pty', raw)
        check(len(raw) > (20 if kind == 'error' else 200),
              '%s: pty bytes kept (%d)' % (name, len(raw)))


def test_64_tracks_scroll_and_any_can_be_enabled():
    f = many_tracks(64)
    status, screen, _ = play(
        '64', f, ['Tab'] * 40 + ['t'] + ['Tab'] * 23,
        lambda s: 'Audio tracks (64)' in s and 'playing' in s,
        lambda s: '[x] 41 41' in s and '[ ] 64 64' in s and '? help' in s)
    rows = [l for l in screen.splitlines() if l.startswith(('[x]', '[ ]'))]
    eq(len(rows), 27, 'rows shown in 30 lines:\n' + screen)
    eq(status, 0, 'status')


def test_hostile_titles_keep_one_row_each():
    f = titled('titles.mkv', list(TITLES.values()))
    # All of the screen: a slowed tplay (valgrind) is seen mid-draw.
    status, screen, _ = play('rows', f, [], lambda s: '? help' in s and sum(
        l.startswith(('[x]', '[ ]')) for l in s.splitlines()) >= len(TITLES))
    rows = [l for l in screen.splitlines() if l.startswith(('[x]', '[ ]'))]
    eq(len(rows), len(TITLES), 'one row per track:\n' + screen)
    for row, word in zip(rows, ('CSI', 'OSC', 'BEL', 'C1', 'RLO', 'tab',
                                'bad', 'DCS', 'WWW')):
        check(word in row, 'row shows %r: %r' % (word, row))
    ws = rows[5]
    check('here' in ws and 'line' in ws and 'VT' in ws,
          'tabs and newlines stay on the row: %r' % ws)
    check(rows[8].rstrip().endswith('…'), 'the long title is cut: %r' % rows[8])
    eq(status, 0, 'status')


if __name__ == '__main__':
    run_tests(globals())
