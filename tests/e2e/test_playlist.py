#!/usr/bin/env python3
"""End to end: several files and coming back to them.  tplay a b plays a's
sound then b's; playlist-next bound in an input.conf moves on at once; a
file that cannot be played is said and skipped; a folder plays in natural
order; a file quit at about 4 s starts there again, with the same tracks,
and --no-resume starts at 0."""
import os
import re
import shlex
import shutil

from pacer import Pacer
from tmux import Tmux
from tplaytest import (TPLAY, check, ffmpeg, marks, path, run_tests,
                       status_time)

ENV = {'TERM': 'tmux-256color', 'LANG': 'C.UTF-8', 'LC_ALL': 'C.UTF-8'}
A, B, C = 400, 600, 900  # whole cycles in a 10 ms stretch


def tone(name, freqs, duration):
    """A clip with one sine track per frequency, the first the default."""
    args = ['-f', 'lavfi', '-i',
            'testsrc2=size=160x90:rate=25:duration=%d' % duration]
    maps = ['-map', '0:v']
    for i, f in enumerate(freqs):
        args += ['-f', 'lavfi', '-i',
                 'sine=frequency=%d:sample_rate=48000:duration=%d'
                 % (f, duration)]
        maps += ['-map', '%d:a' % (i + 1)]
    disp = []
    for i in range(len(freqs)):
        disp += ['-disposition:a:%d' % i, 'default' if i == 0 else '0']
    return ffmpeg(name, args + maps + [
        '-c:v', 'libx264', '-preset', 'ultrafast', '-g', '25',
        '-pix_fmt', 'yuv420p', '-c:a', 'libopus'] + disp)


class Run:
    def __init__(self, name, files, freqs, extra=(), state=None):
        self.pacer = Pacer(path(name + '.fifo'), freqs)
        self.t = Tmux(name, 120, 40)
        args = [TPLAY, '--no-config'] + self.pacer.mpv_opts() + list(extra)
        cmd = ' '.join(shlex.quote(a) for a in args + list(files))
        env = dict(ENV, XDG_CONFIG_HOME=path(name + '.config'),
                   XDG_STATE_HOME=state or path(name + '.state'))
        self.t.start(cmd + '; echo "exit $?"; sleep 60', env=env)

    def close(self):
        self.t.kill()
        self.pacer.close()


def test_two_files_play_one_after_the_other():
    a = tone('pl-a.mkv', [A], 3)
    b = tone('pl-b.mkv', [B], 3)
    r = Run('two', [a, b], [A, B], ['--no-resume'])
    try:
        r.t.wait_for(lambda s: 'playing' in s and '1/2' in s, 'a playing')
        r.pacer.wait_heard({A})
        r.pacer.wait_heard({B}, timeout=15)
        r.t.wait_for(lambda s: '2/2' in s, 'the status says 2/2')
        r.t.keys('q')
        r.t.wait_for(lambda s: 'exit 0' in s, 'quit')
    finally:
        r.close()


def test_loop_playlist_starts_the_list_again():
    a = tone('loop-a.mkv', [A], 2)
    b = tone('loop-b.mkv', [B], 2)
    r = Run('loop', [a, b], [A, B], ['--no-resume', '--loop-playlist'])
    try:
        r.pacer.wait_heard({A})
        r.pacer.wait_heard({B}, timeout=15)
        r.pacer.wait_heard({A}, timeout=15)  # the first file again
        r.t.wait_for(lambda s: '1/2' in s, 'the first file again')
        r.t.keys('q')
        r.t.wait_for(lambda s: 'exit 0' in s, 'quit')
    finally:
        r.close()


def test_playlist_next_bound_in_input_conf_moves_at_once():
    a = tone('next-a.mkv', [A], 60)
    b = tone('next-b.mkv', [B], 60)
    conf = path('next.config')
    os.makedirs(os.path.join(conf, 'tplay'), exist_ok=True)
    with open(os.path.join(conf, 'tplay', 'input.conf'), 'w') as fp:
        fp.write('N playlist-next\nP playlist-prev\n')
    r = Run('next', [a, b], [A, B], ['--no-resume'])
    try:
        r.pacer.wait_heard({A})
        r.t.keys('N')
        r.pacer.wait_heard({B})
        r.t.wait_for(lambda s: '2/2' in s, '2/2')
        r.t.keys('P')
        r.pacer.wait_heard({A})
        r.t.keys('q')
        r.t.wait_for(lambda s: 'exit 0' in s, 'quit')
    finally:
        r.close()


def test_a_file_that_cannot_be_played_is_said_and_skipped():
    a = tone('skip-a.mkv', [A], 2)
    bad = path('skip-bad.mkv')
    with open(bad, 'wb') as fp:
        fp.write(b'\x1aE\xdf\xa3 this is no film' * 10)
    b = tone('skip-b.mkv', [B], 30)
    r = Run('skip', [a, bad, b], [A, B], ['--no-resume'])
    try:
        r.pacer.wait_heard({A})
        r.pacer.wait_heard({B}, timeout=20)
        r.t.wait_for(lambda s: '3/3' in s, 'the third file')
        r.t.keys('L')
        s = r.t.wait_for(lambda s: 'Messages' in s, 'the history')
        check('skip-bad.mkv' in s, 'the bad file is named:\n%s' % s)
        r.t.keys('q', 'q')
        r.t.wait_for(lambda s: 'exit 0' in s, 'quit')
    finally:
        r.close()


def test_a_folder_plays_in_natural_order():
    d = path('folder')
    shutil.rmtree(d, ignore_errors=True)
    os.makedirs(d)
    shutil.copy(tone('f-ep10.mkv', [B], 30), os.path.join(d, 'ep10.mkv'))
    shutil.copy(tone('f-ep2.mkv', [A], 30), os.path.join(d, 'ep2.mkv'))
    with open(os.path.join(d, 'notes.txt'), 'w') as fp:
        fp.write('not a film\n')
    r = Run('folder', [d], [A, B], ['--no-resume'])
    try:
        r.t.wait_for(lambda s: '1/2' in s, 'two files found')
        r.pacer.wait_heard({A})  # ep2 first
        r.t.keys('F8')
        s = r.t.wait_for(lambda s: 'Playlist' in s, 'the playlist')
        check(s.index('ep2.mkv') < s.index('ep10.mkv'),
              'ep2 before ep10:\n%s' % s)
        r.t.keys('Down', 'Enter')
        r.pacer.wait_heard({B})
        r.t.keys('q')
        r.t.wait_for(lambda s: 'exit 0' in s, 'quit')
    finally:
        r.close()


def test_quit_at_4s_resumes_there_with_the_same_tracks():
    f = tone('resume.mkv', [A, B], 60)
    state = path('resume.state')
    shutil.rmtree(state, ignore_errors=True)
    r = Run('resume1', [f], [A, B], state=state)
    try:
        r.pacer.wait_heard({A})
        r.t.keys('2', '1')  # track 2 alone
        r.t.wait_for(lambda s: marks(s) == '-x', 'track 2 alone')
        r.pacer.wait_heard({B})
        r.t.wait_for(lambda s: status_time(s) >= 4, '4 s played', timeout=30)
        r.t.keys('q')
        r.t.wait_for(lambda s: 'exit 0' in s, 'quit')
    finally:
        r.close()
    check(os.listdir(os.path.join(state, 'tplay')), 'a resume state kept')
    r = Run('resume2', [f], [A, B], state=state)
    try:
        s = r.t.wait_for(lambda s: 'resumed at' in s, 'said it resumed')
        # Where it resumed, as it says (the clock has run on since).
        m = re.search(r'resumed at (\d+):(\d+)', s)
        at = int(m.group(1)) * 60 + int(m.group(2))
        check(4 <= at <= 8, 'resumed near 4 s:\n%s' % s)
        check(marks(s) == '-x', 'the same tracks:\n%s' % s)
        r.pacer.wait_heard({B})
        r.t.keys('q')
        r.t.wait_for(lambda s: 'exit 0' in s, 'quit')
    finally:
        r.close()
    r = Run('resume3', [f], [A, B], ['--no-resume'], state=state)
    try:
        s = r.t.wait_for(lambda s: 'playing' in s, 'playing')
        check(status_time(s) <= 2 and 'resumed' not in s,
              '--no-resume starts at 0:\n%s' % s)
        r.pacer.wait_heard({A})
        r.t.keys('q')
        r.t.wait_for(lambda s: 'exit 0' in s, 'quit')
    finally:
        r.close()


if __name__ == '__main__':
    run_tests(globals())
