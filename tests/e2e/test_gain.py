#!/usr/bin/env python3
"""End to end: a gain per track, and ducking under a description.  tplay
runs in tmux; its sound goes to a FIFO read at real-time pace
(tests/e2e/pacer.py), so the level of each track's sine is measured, 10 ms
at a time, in what is heard."""
import math
import os
import shlex
import time

from pacer import Pacer
from tmux import Tmux
from tplaytest import TPLAY, check, eq, ffmpeg, path, run_tests, slow

ENV = {'TERM': 'tmux-256color', 'LANG': 'C.UTF-8', 'LC_ALL': 'C.UTF-8'}
A, B = 400, 900  # whole cycles in a 10 ms stretch, far apart


def db(x):
    return 20 * math.log10(max(x, 1e-9))


def two_sines():
    """Track 1 (default) sine A, track 2 sine B, both at 0.25: their sum
    stays far from the limiter."""
    return ffmpeg('gain.mkv', [
        '-f', 'lavfi', '-i', 'testsrc2=size=160x90:rate=25:duration=60'] + [
        a for f in (A, B) for a in (
            '-f', 'lavfi', '-i',
            'sine=frequency=%d:sample_rate=48000:duration=60,volume=2' % f)] +
        ['-map', '0:v', '-map', '1:a', '-map', '2:a',
         '-c:v', 'libx264', '-preset', 'ultrafast', '-g', '25',
         '-pix_fmt', 'yuv420p', '-c:a', 'libopus', '-b:a', '96k',
         '-disposition:v:0', 'default', '-disposition:a:0', 'default',
         '-disposition:a:1', '0'])


def described():
    """MP4: a main track, steady sine A; a descriptions track (kind box),
    sine B in 1 s bursts, from 1 s to 2 s, 3 s to 4 s..."""
    return ffmpeg('duck.mp4', [
        '-f', 'lavfi', '-i', 'testsrc2=size=160x90:rate=25:duration=40',
        '-f', 'lavfi', '-i',
        'sine=frequency=%d:sample_rate=48000:duration=40,volume=2' % A,
        '-f', 'lavfi', '-i',
        "sine=frequency=%d:sample_rate=48000:duration=40,volume=2,"
        "volume='if(lt(mod(t,2),1),0,1)':eval=frame" % B,
        '-map', '0:v', '-map', '1:a', '-map', '2:a',
        '-c:v', 'libx264', '-preset', 'ultrafast', '-g', '25',
        '-pix_fmt', 'yuv420p', '-c:a', 'aac',
        '-metadata:s:a:0', 'language=eng', '-metadata:s:a:1', 'language=eng',
        '-disposition:v:0', 'default', '-disposition:a:0', 'default',
        '-disposition:a:1', 'visual_impaired+descriptions'])


def write(name, text):
    p = path(name)
    with open(p, 'w') as f:
        f.write(text)
    return p


class Session:
    """tplay on a clip in tmux, heard through a Pacer, traced."""

    def __init__(self, name, f, args=(), state=None):
        self.pacer = Pacer(path(name + '.fifo'), [A, B], threshold=0.01)
        self.trace = path(name + '.trace')
        if os.path.exists(self.trace):
            os.unlink(self.trace)
        self.t = Tmux(name, 120, 30)
        cmd = [TPLAY] + self.pacer.mpv_opts() + list(args) + [f]
        env = dict(ENV, TPLAY_TRACE=self.trace)
        if state:  # shared with another launch (else one of its own)
            env['XDG_STATE_HOME'] = state
        self.t.start(' '.join(shlex.quote(a) for a in cmd) +
                     '; echo "exit $?"; sleep 60', env=env)

    def screen(self, pred, what, timeout=15):
        return self.t.wait_for(pred, what, timeout)

    def traced(self, word):
        if not os.path.exists(self.trace):
            return []
        return [l.split() for l in open(self.trace) if l.split()[1:2] == [word]]

    def wait_traced(self, word, n=1):
        deadline = time.monotonic() + slow(15)
        while len(self.traced(word)) < n:
            check(time.monotonic() < deadline, 'no "%s" in the trace' % word)
            time.sleep(0.02)

    def levels(self, t, seconds):
        """The stretches heard from time t on, `seconds` of them (in sound
        time: 100 a second, however long the pacer took)."""
        self.pacer.wait_stretches(t, int(seconds * 100), timeout=seconds + 20)
        return [a for _, a in self.pacer.levels_since(t)][:int(seconds * 100)]

    def close(self):
        self.t.kill()
        self.pacer.close()


def wait_ratio(s, want_db, what):
    """Wait until a second of sound has B at want_db (+-1) from A, every
    stretch of it; return the time it started."""
    deadline = time.monotonic() + slow(15)
    last = None
    while time.monotonic() < deadline:
        t = time.monotonic()
        got = s.levels(t, 1)
        last = [db(b) - db(a) for a, b in got]
        if all(abs(r - want_db) <= 1 for r in last):
            return t
    raise AssertionError('%s: B - A never %.0f dB (+-1) for a second: %s'
                         % (what, want_db, ['%.1f' % r for r in last[:20]]))


def test_track_gain_lowers_one_track_live_without_a_gap():
    conf = write('gain.input.conf',
                 'x track-gain 2 -12\n'
                 'y track-gain-set 2 0\n'
                 'z track-gain-set 2 -100\n')
    s = Session('gain', two_sines(), ['--no-config', '--input-conf', conf])
    try:
        s.screen(lambda x: 'playing' in x, 'playing')
        s.t.keys('2')
        s.pacer.wait_heard({A, B})
        wait_ratio(s, 0, 'both at their own level')
        restarts = len(s.traced('restart'))
        t0 = time.monotonic()
        s.t.keys('x')
        s.screen(lambda x: '-12 dB' in x, 'the gain on the row')
        s.wait_traced('gain')
        t1 = wait_ratio(s, -12, 'track-gain 2 -12')
        # From the key to the new level, every 10 ms held both sines: no
        # gap, and nothing seeked.
        for i, (a, b) in enumerate(a for _, a in s.pacer.levels_since(t0)):
            check(a > 0.1 and b > 0.03,
                  'a gap %d ms after the key: A %.3f B %.3f' % (i * 10, a, b))
        eq(len(s.traced('restart')), restarts, 'restarts (a seek?)')
        check(t1 - t0 < slow(5), 'the gain took %.1f s' % (t1 - t0))
        # Kept across a seek.
        s.t.keys('Right')
        s.wait_traced('restart', restarts + 1)
        wait_ratio(s, -12, 'after a seek')
        # Absolute, and kept within -60 dB.
        s.t.keys('y')
        s.screen(lambda x: '-12 dB' not in x, 'no gain on the row')
        wait_ratio(s, 0, 'track-gain-set 2 0')
        s.t.keys('z')
        s.screen(lambda x: '-60 dB' in x, 'the gain at its floor')
        s.pacer.wait_heard({A})
    finally:
        s.close()


def test_the_gains_are_kept_in_the_resume_state():
    conf = write('gain-resume.input.conf', 'x track-gain 2 -12\n')
    args = ['--no-config', '--input-conf', conf]
    home = path('gain-resume.state')
    s = Session('gain-resume', two_sines(), args, state=home)
    try:
        s.screen(lambda x: 'playing 00:01' in x, 'a second in')
        s.t.keys('2', 'x')
        s.pacer.wait_heard({A, B})
        wait_ratio(s, -12, 'track-gain 2 -12')
        s.t.keys('q')
        s.screen(lambda x: 'exit 0' in x, 'quit')
    finally:
        s.close()
    state = os.path.join(home, 'tplay', 'resume')
    # By the track's id: Matroska's TrackNumber, 3 (the picture is 1).
    check('\tgain=3:-12.000' in open(state).read(), 'gain not kept: %s'
          % open(state).read())
    s = Session('gain-resume2', two_sines(), args, state=home)
    try:
        s.screen(lambda x: 'resumed' in x and '-12 dB' in x,
                 'resumed with the gain on the row')
        s.pacer.wait_heard({A, B})
        wait_ratio(s, -12, 'resumed')
    finally:
        s.close()


def bursts(levels):
    """Split 10 ms stretches by whether B (the description) sounds: the
    main sine's level in dB during the bursts (from 60 ms into each) and
    between them (from 500 ms after each); and for each burst's end, how
    long A took to come back within 1 dB of its level between bursts."""
    on = [b > 0.05 for _, b in levels]
    a = [db(x) for x, _ in levels]
    during, between, ends = [], [], []
    run = 0
    for i, o in enumerate(on):
        run = run + 1 if i and on[i - 1] == o else 1
        if o and run > 6:
            during.append(a[i])
        if not o and run > 50:
            between.append(a[i])
        if i and on[i - 1] and not o:
            ends.append(i)
    check(during and between and ends, 'no bursts heard: %s' % on[:200])
    level = sorted(between)[len(between) // 2]
    back = []
    for e in ends:
        k = e
        while k < len(a) and a[k] < level - 1 and not on[k]:
            k += 1
        if k < len(a) and not on[k]:
            back.append((k - e) * 0.01)
    return (sorted(during)[len(during) // 2], level, back)


def test_a_description_ducks_the_film_and_the_key_turns_it_off():
    conf = write('duck.conf', '[audio]\nalso-enable = descriptions\n')
    s = Session('duck', described(), ['--config', conf])
    try:
        s.screen(lambda x: 'playing' in x, 'playing')
        s.pacer.wait_heard({A, B})
        during, between, back = bursts(s.levels(time.monotonic(), 6))
        check(between - during >= 9, 'ducked %.1f dB (%.1f under, %.1f '
              'between), want >= 9' % (between - during, during, between))
        check(back and max(back) <= 0.5,
              'back after %s s, want <= 0.5' % back)
        # D: ducking off, live.
        s.t.keys('D')
        s.screen(lambda x: 'ducking off' in x, 'ducking off said')
        s.wait_traced('duck')
        during, between, _ = bursts(s.levels(time.monotonic() + 0.5, 5))
        check(abs(between - during) <= 1, 'ducking off still ducks: %.1f '
              'under, %.1f between' % (during, between))
    finally:
        s.close()


def test_duck_0_leaves_the_film_level():
    conf = write('noduck.conf',
                 '[audio]\nalso-enable = descriptions\nduck = 0\n')
    s = Session('noduck', described(), ['--config', conf])
    try:
        s.screen(lambda x: 'playing' in x, 'playing')
        s.pacer.wait_heard({A, B})
        during, between, _ = bursts(s.levels(time.monotonic(), 6))
        check(abs(between - during) <= 1, 'duck = 0 ducks: %.1f under, '
              '%.1f between' % (during, between))
    finally:
        s.close()


if __name__ == '__main__':
    run_tests(globals())
