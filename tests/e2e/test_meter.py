#!/usr/bin/env python3
"""End to end: a level meter on each enabled track's row, after its gain,
read off the screen while tplay plays into a Pacer (tests/e2e/pacer.py)."""
import re
import shlex

from pacer import Pacer
from tmux import Tmux
from tplaytest import TPLAY, check, ffmpeg, path, run_tests

ENV = {'TERM': 'tmux-256color', 'LANG': 'C.UTF-8', 'LC_ALL': 'C.UTF-8'}
A, B = 400, 900
# A track row's meter: eight cells, then its RMS level in dBFS.
METER = re.compile(r'([\u2588\u2592\u00b7]{8}) +(-inf|<-99|-?\d+\.\d) ')


def clip(name, filters):
    """Audio only: one track a filter, each a sine at 48 kHz."""
    args = []
    for f in filters:
        args += ['-f', 'lavfi', '-i', f]
    for i in range(len(filters)):
        args += ['-map', '%d:a' % i]
    return ffmpeg(name, args + ['-c:a', 'libopus', '-b:a', '96k',
                                '-disposition:a:0', 'default',
                                '-disposition:a:1', '0'])


def meters(screen):
    """Each track row's meter: {row number: (bar, dBFS or None)}, None
    for a row that shows no meter."""
    out = {}
    for line in screen.splitlines():
        m = re.match(r'\[([x ])\] (\d+) ', line)
        if not m:
            continue
        got = METER.search(line)
        if not got:
            out[int(m.group(2))] = None
            continue
        v = got.group(2)
        out[int(m.group(2))] = (got.group(1), float(v)
                                if re.match(r'-?\d', v) else None)
    return out


class Session:
    def __init__(self, name, f, conf=''):
        self.pacer = Pacer(path(name + '.fifo'), [A, B], threshold=0.01)
        conf_path = path(name + '.input.conf')
        with open(conf_path, 'w') as c:
            c.write(conf)
        self.t = Tmux(name, 120, 20)
        cmd = [TPLAY] + self.pacer.mpv_opts() + [
            '--no-config', '--input-conf', conf_path, f]
        self.t.start(' '.join(shlex.quote(a) for a in cmd) +
                     '; echo "exit $?"; sleep 60', env=ENV)

    def wait(self, pred, what):
        """Wait for a screen whose meters satisfy pred; return them."""
        return meters(self.t.wait_for(lambda s: pred(meters(s)), what, 20))

    def quit(self):
        """q, and a clean exit (a sanitizer's report would change it)."""
        self.t.keys('q')
        self.t.wait_for(lambda x: 'exit 0' in x, 'a clean exit', 30)

    def close(self):
        self.t.kill()
        self.pacer.close()


def level(ms, row):
    return ms.get(row)[1] if ms.get(row) and ms.get(row)[1] is not None \
        else None


def test_each_enabled_track_has_its_meter_after_its_gain():
    # Both sines at 0.25: -15 dBFS RMS each.
    f = clip('meter.mkv', [
        'sine=frequency=%d:sample_rate=48000:duration=60,volume=2' % x
        for x in (A, B)])
    s = Session('meter', f, 'x track-gain 2 -12\n')
    try:
        # Track 2 starts disabled: no meter on its row; track 1's reads
        # its sine, -15 dBFS.
        s.wait(lambda m: level(m, 1) is not None and
               abs(level(m, 1) + 15) <= 1.5 and 2 in m and m[2] is None,
               'track 1 metered at -15 dBFS, track 2 not')
        s.t.keys('2')
        s.pacer.wait_heard({A, B})
        s.wait(lambda m: level(m, 1) is not None and
               level(m, 2) is not None and
               abs(level(m, 2) - level(m, 1)) <= 1.5,
               'both metered at their own level')
        # -12 dB on track 2: its meter reads 12 dB under track 1's.
        s.t.keys('x')
        ms = s.wait(lambda m: level(m, 1) is not None and
                    level(m, 2) is not None and
                    abs(level(m, 1) - level(m, 2) - 12) <= 1.5,
                    'track 2 12 dB under track 1')
        check(ms[2][0].count('\u2588') < ms[1][0].count('\u2588'),
              'a shorter bar for track 2: %r' % (ms,))
        # Disabled again: its meter goes.
        s.t.keys('2')
        s.wait(lambda m: 2 in m and m[2] is None and level(m, 1) is not None,
               'no meter on the disabled track 2')
        s.quit()
    finally:
        s.close()


def test_the_meter_follows_the_level():
    # A sine rising from silence to 0.5 over 20 s: -inf, then up.
    f = clip('meter-ramp.mkv', [
        'sine=frequency=%d:sample_rate=48000:duration=30,volume=4,'
        "volume='min(t/20,1)':eval=frame" % A])
    s = Session('meter-ramp', f)
    try:
        seen = []

        def rising(m):
            v = level(m, 1)
            if v is not None and (not seen or v != seen[-1]):
                seen.append(v)
            return len(seen) >= 6 and seen[-1] - seen[0] >= 6
        s.wait(rising, 'the meter rising')
        # More rises than falls: it follows the ramp.
        ups = sum(1 for a, b in zip(seen, seen[1:]) if b > a)
        check(ups * 2 > len(seen) - 1, 'not rising: %r' % seen)
        # Back to the start (libmpv builds a new graph): low again, and
        # rising again.
        top = seen[-1]
        s.t.keys('Home')
        s.wait(lambda m: level(m, 1) is not None and level(m, 1) < top - 6,
               'the meter down after going back to the start')
        del seen[:]
        s.wait(rising, 'the meter rising again')
        s.quit()
    finally:
        s.close()


if __name__ == '__main__':
    run_tests(globals())
