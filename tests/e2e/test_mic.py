#!/usr/bin/env python3
"""End to end: mic monitoring through real alsa-lib.  A test HOME holds an
.asoundrc whose file-plugin devices capture from a raw file and play into
another, paced by tests/e2e/alsa_sink.py.  The output must be Web Audio's
lowshelf of the input, sample for sample, after the delay the path adds
(the primed playback buffer); a live change lands on a 128-frame block
boundary; channels stay apart; a missing device says so and the film plays
on."""
import array
import math
import os
import random
import re
import shlex
import struct
import time

from pacer import Pacer
from tmux import Tmux
from tplaytest import TPLAY, check, eq, ffmpeg, path, run_tests, slow

ENV = {'TERM': 'tmux-256color', 'LANG': 'C.UTF-8', 'LC_ALL': 'C.UTF-8'}
RATE = 48000
BLOCK = 128
SINK = os.path.join(os.path.dirname(os.path.abspath(__file__)),
                    'alsa_sink.py')


# --- the reference: Web Audio's lowshelf, from the spec's formulas ---------

def f32(x):
    return struct.unpack('<f', struct.pack('<f', x))[0]


def coeffs(f0, gain, rate=RATE):
    """b0, b1, b2, a1, a2 normalised by a0 (Web Audio, "lowshelf")."""
    A = 10 ** (gain / 40)
    f0 = min(max(f0, 0.0), rate / 2)
    if f0 == 0:
        return (1.0, 0.0, 0.0, 0.0, 0.0)
    if f0 == rate / 2:
        return (A * A, 0.0, 0.0, 0.0, 0.0)
    w0 = 2 * math.pi * f0 / rate
    cw = math.cos(w0)
    k = 2 * (math.sin(w0) / math.sqrt(2)) * math.sqrt(A)
    a0 = (A + 1) + (A - 1) * cw + k
    return (A * ((A + 1) - (A - 1) * cw + k) / a0,
            2 * A * ((A - 1) - (A + 1) * cw) / a0,
            A * ((A + 1) - (A - 1) * cw - k) / a0,
            -2 * ((A - 1) + (A + 1) * cw) / a0,
            ((A + 1) + (A - 1) * cw - k) / a0)


def lowshelf(x, params, switch_at=None):
    """Filter x in double; params[0] until frame switch_at, then params[1]
    (the state carries on).  Returns float32-rounded outputs."""
    c = coeffs(*params[0])
    x1 = x2 = y1 = y2 = 0.0
    out = []
    for i, v in enumerate(x):
        if switch_at is not None and i == switch_at:
            c = coeffs(*params[1])
        y = c[0] * v + c[1] * x1 + c[2] * x2 - c[3] * y1 - c[4] * y2
        x2, x1, y2, y1 = x1, v, y1, y
        out.append(f32(y))
    return out


# --- devices and media -----------------------------------------------------

def write_input(name, seconds):
    """Stereo float32: left a 200 Hz sine with noise, right a 5 kHz sine;
    so a channel that leaked into the other would show."""
    rnd = random.Random(7)
    n = int(seconds * RATE)
    a = array.array('f')
    for i in range(n):
        a.append(0.25 * math.sin(2 * math.pi * 200 * i / RATE)
                 + 0.05 * (rnd.random() - 0.5))
        a.append(0.2 * math.sin(2 * math.pi * 5000 * i / RATE))
    with open(path(name), 'wb') as f:
        a.tofile(f)
    return [a[0::2].tolist(), a[1::2].tolist()]


def make_home(name, infile, speed=1.0):
    """A HOME whose .asoundrc has mic_in (capture from infile), mon_out
    (playback into OUT, paced at speed x real time) and a default made of
    the two."""
    home = path(name + '-home')
    os.makedirs(home, exist_ok=True)
    out = path(name + '-out.raw')
    sink = '| python3 %s %s %d' % (SINK, out, int(RATE * 8 * speed))
    with open(os.path.join(home, '.asoundrc'), 'w') as f:
        f.write('pcm.mic_in { type file slave.pcm "null" infile "%s" '
                'file "/dev/null" format "raw" }\n' % path(infile))
        f.write('pcm.mon_out { type file slave.pcm "null" file "%s" '
                'format "raw" }\n' % sink)
        f.write('pcm.!default { type asym playback.pcm "mon_out" '
                'capture.pcm "mic_in" }\n')
    return home, out


def read_out(out):
    a = array.array('f')
    with open(out, 'rb') as f:
        a.frombytes(f.read())
    return [a[0::2].tolist(), a[1::2].tolist()]


def clip():
    return ffmpeg('mic-film.mkv', [
        '-f', 'lavfi', '-i', 'testsrc2=size=160x90:rate=25:duration=60',
        '-f', 'lavfi', '-i', 'sine=frequency=400:sample_rate=48000:duration=60',
        '-map', '0:v', '-map', '1:a', '-c:v', 'libx264', '-preset',
        'ultrafast', '-g', '25', '-pix_fmt', 'yuv420p', '-c:a', 'libopus',
        '-disposition:v:0', 'default', '-disposition:a:0', 'default'])


class Mic:
    """tplay with the monitor, in tmux, with a test HOME and a trace."""

    def __init__(self, name, home, args, pacer=None, width=120, height=40):
        self.trace = path(name + '.trace')
        self.t = Tmux(name, width, height)
        argv = [TPLAY, '--no-config'] + (pacer.mpv_opts() if pacer else [])
        cmd = ' '.join(shlex.quote(a) for a in argv + list(args))
        env = dict(ENV, HOME=home, TPLAY_TRACE=self.trace)
        self.t.start(cmd + '; echo "exit $?"; sleep 60', env=env)

    def traced(self, pattern, timeout=15):
        """Wait for a trace line matching pattern; return the match."""
        deadline = time.monotonic() + slow(timeout)
        while time.monotonic() < deadline:
            if os.path.exists(self.trace):
                with open(self.trace) as f:
                    for line in f:
                        m = re.search(pattern, line)
                        if m:
                            return m
            time.sleep(0.05)
        raise AssertionError('no trace line /%s/' % pattern)

    def quit(self):
        try:
            self.t.keys('q')
            s = self.t.wait_for(lambda s: re.search(r'exit \d+', s),
                                'tplay to quit')
            eq(re.search(r'exit (\d+)', s).group(1), '0', 'exit status')
        finally:
            self.t.kill()


def wait_frames(out, frames, timeout=30):
    deadline = time.monotonic() + slow(timeout)
    while time.monotonic() < deadline:
        if os.path.exists(out) and os.path.getsize(out) >= frames * 8:
            return
        time.sleep(0.05)
    raise AssertionError('%s: fewer than %d frames played' % (out, frames))


def delay_of(m):
    """The delay the path adds: the primed playback buffer, as granted."""
    r = m.traced(r'mic running rate=(\d+) .*period=(\d+) buffer=(\d+)')
    eq(int(r.group(1)), RATE, 'granted rate')
    return int(r.group(3))


def worst(got, want):
    return max(abs(g - w) for g, w in zip(got, want))


# --- tests -----------------------------------------------------------------

def test_output_is_the_web_audio_lowshelf_of_the_input():
    """The browser's example graph, 3000 Hz +20 dB, on "default": each
    channel out is the lowshelf of the same channel in, after a silence
    as long as the primed buffer."""
    x = write_input('in1.raw', 1.0)
    home, out = make_home('exact', 'in1.raw', speed=8)
    m = Mic('exact', home, ['--mic', '--mic-frequency', '3000',
                            '--mic-gain', '20'])
    try:
        d = delay_of(m)
        wait_frames(out, len(x[0]) + d)
        m.quit()
    finally:
        m.t.kill()
    y = read_out(out)
    for ch in (0, 1):
        eq(y[ch][:d], [0.0] * d, 'channel %d: the primed silence' % ch)
        want = lowshelf(x[ch], [(3000.0, 20.0)])
        got = y[ch][d:d + len(want)]
        err = worst(got, want)
        # Double coefficients and state, one rounding to float at the end:
        # nothing but that rounding may differ.
        check(err <= 2 ** -24, 'channel %d: off by %g' % (ch, err))
    # Apart: the right channel's 5 kHz never reached the left, nor back.
    eq(len(y[0]), len(y[1]), 'channel lengths')


def test_a_change_lands_on_a_block_boundary():
    """] raises the shelf a sixth of an octave while the mic plays in real
    time: the output follows the old coefficients up to a multiple of 128
    frames from the first captured frame, the new ones from there on, with
    the filter's memory carried across.  The input lasts 8 s: the key,
    sent 0.5 s in, is heard well before its end even on a loaded machine
    (it had 2.5 s with a 3 s input)."""
    x = write_input('in2.raw', 8.0)
    home, out = make_home('change', 'in2.raw', speed=1)
    m = Mic('change', home, ['--mic', '--mic-device', 'mic_in',
                             '--mic-output', 'mon_out', '--mic-frequency',
                             '1000', '--mic-gain', '12'])
    try:
        d = delay_of(m)
        wait_frames(out, RATE // 2)
        m.t.keys(']')
        new = f32(float(m.traced(r'mic set frequency=(\S+) gain=12 ')
                        .group(1)))
        eq(round(new, 1), 1122.5, 'frequency a sixth of an octave up')
        wait_frames(out, len(x[0]) + d)
        m.quit()
    finally:
        m.t.kill()
    y = read_out(out)
    before = lowshelf(x[0], [(1000.0, 12.0)])
    got = y[0][d:d + len(before)]
    k = next((i for i, (g, w) in enumerate(zip(got, before))
              if abs(g - w) > 2 ** -24), None)
    check(k is not None, 'the change was never heard')
    eq(k % BLOCK, 0, 'the first changed frame %d on a block boundary' % k)
    check(RATE // 4 < k < len(before), 'changed at frame %d' % k)
    for ch in (0, 1):
        want = lowshelf(x[ch], [(1000.0, 12.0), (new, 12.0)], switch_at=k)
        err = worst(y[ch][d:d + len(want)], want)
        check(err <= 2 ** -24, 'channel %d after the change: off by %g'
              % (ch, err))


def test_keys_tune_and_mute_the_monitor_over_a_film():
    """M starts the monitor over a playing film: the panel shows the
    devices, the shelf, what was granted and the meters; [ ] { } ( ) n
    change what it shows; M again stops it and the panel goes."""
    x = write_input('in3.raw', 30.0)
    home, out = make_home('keys', 'in3.raw', speed=1)
    pacer = Pacer(path('keys.fifo'), [400])
    m = Mic('keys', home, [clip()], pacer=pacer)
    try:
        m.t.wait_for(lambda s: 'playing' in s, 'the film to play')
        m.t.keys('M')
        s = m.t.wait_for(lambda s: 'Mic monitor' in s and 'xruns 0' in s,
                         'the monitor to run')
        check('lowshelf 350 Hz +0.0 dB' in s, 'Web Audio defaults:\n' + s)
        check('latency 5.3 ms' in s and 'period 128 \u00d7 2' in s,
              'granted 128 x 2:\n' + s)
        m.t.wait_for(lambda s: re.search(r'in +\[\u2588+.*peak +-\d', s),
                     'the input meter to move')
        m.t.keys(']', ']', '}', '}', '}', '(', 'n')
        s = m.t.wait_for(lambda s: 'lowshelf 441 Hz +3.0 dB   volume 95% '
                         '(muted)' in s, 'the new settings')
        m.t.wait_for(lambda s: re.search(r'out +\[\u00b7+\] +peak +-inf', s),
                     'the output meter to fall silent')
        pacer.wait_heard([400])  # the film plays on
        m.t.keys('M')
        m.t.wait_for(lambda s: 'Mic monitor' not in s, 'the panel to go')
        m.traced(r'mic off frames=\d+ xruns=0')
        m.quit()
    finally:
        pacer.close()
        m.t.kill()
    eq(len(x), 2, 'input made')


def missing_device(name, args, role, device):
    """tplay --mic over a film with one device missing: the message names
    the device and ALSA's words, no alsa-lib line reaches the screen, and
    the film is heard on."""
    write_input(name + '.raw', 0.5)
    home, _ = make_home(name, name + '.raw')
    pacer = Pacer(path(name + '.fifo'), [400])
    m = Mic(name, home, ['--mic'] + args + [clip()], pacer=pacer)
    try:
        # The whole message, to its last words: tmux may show it half drawn.
        s = m.t.wait_for(lambda s: '%s device "%s"' % (role, device) in s and
                         'M retries' in s, 'the message about %s' % device)
        check('Unknown PCM %s' % device in s, 'ALSA\'s words:\n' + s)
        check('ALSA lib' not in s, 'alsa-lib printed on the screen:\n' + s)
        check('Mic monitor' not in s, 'a failed monitor stays up:\n' + s)
        # A second of the film on end, heard after the message (a limit
        # on how long that took measured the machine, not tplay).
        pacer.wait_heard([400], stable=100)
        m.t.wait_for(lambda s: 'playing' in s, 'the film to play on')
        m.quit()
    finally:
        pacer.close()
        m.t.kill()


def test_a_missing_capture_device_leaves_the_film_playing():
    missing_device('nocap', ['--mic-device', 'nosuchmic'], 'capture',
                   'nosuchmic')


def test_a_missing_output_device_leaves_the_film_playing():
    missing_device('noout', ['--mic-output', 'nosuchout'], 'playback',
                   'nosuchout')


def test_bad_mic_options_are_usage_errors():
    from tplaytest import tplay
    r = tplay('--mic', '--mic-gain', 'loud')
    eq(r.returncode, 2, 'exit status')
    check(b'--mic-gain: gain: "loud" is not a number from -40 to 40'
          in r.stderr, r.stderr.decode())
    r = tplay('--mic', '--mic-periods', '1')
    eq(r.returncode, 2, 'exit status')


if __name__ == '__main__':
    run_tests(globals())
