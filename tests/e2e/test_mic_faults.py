#!/usr/bin/env python3
"""End to end: the mic monitor when its devices misbehave.  alsa-lib's
file and null plugins have no clock and never fail, so these tests load a
sound card that does, on cue: tests/alsa/faulty.c, an alsa-lib external
plugin built into BUILD/tests.  A device that is busy, that vanishes
mid-run, whose clock stalls, or that overruns gives its message (or
recovers, for an xrun) and the film plays on."""
import array
import os
import re
import shlex
import time

from pacer import Pacer
from test_mic import ENV, Mic, clip
from tmux import Tmux
from tplaytest import (BUILD, TPLAY, check, eq, goertzel, path, run_tests,
                       slow)

FAULTY = os.path.abspath(os.path.join(BUILD, 'tests',
                                      'libasound_module_pcm_faulty.so'))
RATE = 48000
SINE = 1000            # what the faulty card captures, at -12 dBFS
LEVEL = 10 ** (-12 / 20)
# Large periods: the faults under test are the device's, not the
# scheduler's (128 x 2 on a loaded machine underruns now and then).
PERIODS = ['--mic-period', '1024', '--mic-periods', '4']


def faulty_home(name, devices):
    """A HOME whose .asoundrc loads the faulty card and declares devices,
    {pcm name: its fields}."""
    check(os.path.exists(FAULTY), 'no %s: make unit builds it' % FAULTY)
    home = path(name + '-home')
    os.makedirs(home, exist_ok=True)
    with open(os.path.join(home, '.asoundrc'), 'w') as f:
        f.write('pcm_type.faulty { lib "%s" }\n' % FAULTY)
        for pcm, fields in devices.items():
            f.write('pcm.%s { type faulty %s }\n' % (pcm, fields))
    return home


def flat(s):
    """The screen as one line: a message wrapped over rows reads whole."""
    return re.sub(r'\s+', ' ', s)


def traced_all(m, pattern):
    """Every trace line matching pattern, as matches."""
    if not os.path.exists(m.trace):
        return []
    with open(m.trace) as f:
        return [r for r in (re.search(pattern, line) for line in f) if r]


def wait_traced(m, pattern, count, timeout=15):
    """Wait until pattern has matched count trace lines; return them."""
    deadline = time.monotonic() + slow(timeout)
    while time.monotonic() < deadline:
        got = traced_all(m, pattern)
        if len(got) >= count:
            return got
        time.sleep(0.05)
    raise AssertionError('fewer than %d trace lines /%s/' % (count, pattern))


def film_goes_on(m, pacer):
    """The film is heard, uninterrupted, and the screen says playing."""
    # A second of it on end, heard after the failure (a limit on how
    # long that took measured the machine, not tplay).
    pacer.wait_heard([400], stable=100)
    m.t.wait_for(lambda s: 'playing' in s, 'the film to play on')


def failed_over_film(m, pacer, says):
    """The monitor failed with a message holding each of says; alsa-lib
    printed nothing on the screen, the panel went, the film plays on."""
    s = m.t.wait_for(lambda s: all(w in flat(s) for w in says),
                     'the message: %s' % ' ... '.join(says), timeout=20)
    check('M retries' in flat(s), 'what to do:\n' + s)
    check('ALSA lib' not in s, 'alsa-lib printed on the screen:\n' + s)
    m.traced(r'mic failed')
    m.t.wait_for(lambda s: 'Mic monitor' not in s, 'the panel to go')
    film_goes_on(m, pacer)
    return s


def busy_device(name, args, role, device):
    home = faulty_home(name, {'mic': '', 'out': '', device: 'busy true'})
    pacer = Pacer(path(name + '.fifo'), [400])
    m = Mic(name, home, ['--mic', '--mic-device', 'mic', '--mic-output',
                         'out'] + args + [clip()], pacer=pacer)
    try:
        failed_over_film(m, pacer, [
            'cannot open %s device "%s": Device or resource busy'
            % (role, device),
            'held by another program',          # alsa-lib's words
            'use a device that mixes', 'dmix'])  # the hint for EBUSY
        eq(traced_all(m, r'mic running'), [], 'a busy device ran')
        m.quit()
    finally:
        pacer.close()
        m.t.kill()


def test_a_busy_capture_device_says_so_and_the_film_plays_on():
    busy_device('busycap', ['--mic-device', 'held'], 'capture', 'held')


def test_a_busy_output_device_says_so_and_the_film_plays_on():
    busy_device('busyout', ['--mic-output', 'held'], 'playback', 'held')


def test_a_capture_device_that_vanishes_says_so_and_m_retries():
    """The microphone is pulled out 2 s in: the monitor was running, the
    message names the device, the film plays on.  M while it is still out
    fails again, cleanly; plugged back in, M brings the monitor back."""
    marker = path('vanish-unplugged')
    if os.path.exists(marker):
        os.unlink(marker)
    home = faulty_home('vanish', {
        'usbmic': 'vanish %d unplugged "%s"' % (2 * RATE, marker),
        'out': ''})
    pacer = Pacer(path('vanish.fifo'), [400])
    m = Mic('vanish', home, ['--mic', '--mic-device', 'usbmic',
                             '--mic-output', 'out'] + PERIODS + [clip()],
            pacer=pacer)
    try:
        m.traced(r'mic running')
        m.t.wait_for(lambda s: 'Mic monitor' in s and
                     re.search(r'in +\[\u2588+.*peak +-12\.0', s),
                     'the monitor to run, the input meter at -12 dBFS')
        failed_over_film(m, pacer, [
            'lost the capture device "usbmic": No such device'])
        frames = int(m.traced(r'mic off frames=(\d+)').group(1))
        check(0 < frames <= 2 * RATE, 'frames before the unplug: %d' % frames)
        check(os.path.exists(marker), 'the device did not vanish')

        m.t.keys('M')  # still unplugged
        failed_over_film(m, pacer, [
            'cannot open capture device "usbmic": No such device',
            '"usbmic" is unplugged'])
        eq(len(traced_all(m, r'mic running')), 1, 'runs while unplugged')

        os.unlink(marker)  # plugged back in
        m.t.keys('M')
        wait_traced(m, r'mic running', 2)
        m.t.wait_for(lambda s: 'Mic monitor' in s and
                     re.search(r'in +\[\u2588+.*peak +-12\.0', s),
                     'the monitor to run again')
        m.quit()
    finally:
        pacer.close()
        m.t.kill()


def test_an_output_device_that_vanishes_says_so_and_the_film_plays_on():
    """The headphones are pulled out 1 s in: the message names the
    playback device, the film plays on."""
    home = faulty_home('outgone', {'mic': '', 'phones': 'vanish %d' % RATE})
    pacer = Pacer(path('outgone.fifo'), [400])
    m = Mic('outgone', home, ['--mic', '--mic-device', 'mic',
                              '--mic-output', 'phones'] + PERIODS + [clip()],
            pacer=pacer)
    try:
        m.traced(r'mic running')
        failed_over_film(m, pacer, [
            'lost the playback device "phones": No such device',
            'check --mic-output'])
        m.quit()
    finally:
        pacer.close()
        m.t.kill()


def stalled(name, fields):
    """The card's clock stops 1 s in: no data, no error.  The monitor
    gives up with a message after its 2 s without a period, the film
    plays on, and q quits."""
    home = faulty_home(name, {'stuck': 'stall %d %s' % (RATE, fields),
                              'out': ''})
    pacer = Pacer(path(name + '.fifo'), [400])
    m = Mic(name, home, ['--mic', '--mic-device', 'stuck',
                         '--mic-output', 'out'] + PERIODS + [clip()],
            pacer=pacer)
    try:
        m.traced(r'mic running')
        failed_over_film(m, pacer, [
            'no sound for 2 s from the capture device "stuck"'])
        frames = int(m.traced(r'mic off frames=(\d+)').group(1))
        check(0 < frames <= RATE, 'frames before the stall: %d' % frames)
        m.quit()
    finally:
        pacer.close()
        m.t.kill()


def test_a_capture_device_that_stalls_is_reported_and_the_film_plays_on():
    stalled('stall', '')


def test_a_stalled_device_that_still_wakes_is_reported_too():
    """As above, but the device's poll descriptor goes on waking once a
    period with no data behind it: a wait that restarts its timeout on
    every wakeup would wait for ever (and q with it)."""
    stalled('stallwakes', 'stall_wakes true')


def read_left(f, start_byte=0):
    a = array.array('f')
    with open(f, 'rb') as src:
        src.seek(start_byte)
        a.frombytes(src.read())
    return a[0::2]


def xruns_on_screen(s):
    r = re.search(r'xruns (\d+)', s)
    return int(r.group(1)) if r else -1


def test_xruns_are_counted_and_the_sound_flows_on():
    """The capture device overruns every 0.5 s: each is counted on the
    screen, the monitor keeps running, and the sine keeps reaching the
    output device after the xruns (with the silence each restart primes
    between)."""
    out = path('xrun-out.raw')
    if os.path.exists(out):
        os.unlink(out)
    home = faulty_home('xrun', {'late': 'xrun %d' % (RATE // 2),
                                'card': 'file "%s"' % out})
    m = Mic('xrun', home, ['--mic', '--mic-device', 'late', '--mic-output',
                           'card'] + PERIODS)
    try:
        s = m.t.wait_for(lambda s: xruns_on_screen(s) >= 3,
                         'three xruns counted', timeout=20)
        check('Mic monitor  \u25cf on' in s, 'the monitor stopped:\n' + s)
        check('mic:' not in s, 'a message:\n' + s)
        after = os.path.getsize(out) // 8 * 8
        n = xruns_on_screen(s)
        s = m.t.wait_for(lambda s: xruns_on_screen(s) >= n + 2,
                         'more xruns counted', timeout=20)
        check('Mic monitor  \u25cf on' in s, 'the monitor stopped:\n' + s)
        m.quit()
        x = m.traced(r'mic off frames=(\d+) xruns=(\d+)')
        check(int(x.group(2)) >= n + 2, 'xruns in the trace: %s'
              % x.group(0))
        check(int(x.group(1)) >= 2 * RATE, 'frames: %s' % x.group(0))
    finally:
        m.t.kill()
    # What was played after the first three xruns: the sine, at its level,
    # in most 20 ms stretches (the rest is the silence each restart primes).
    left = read_left(out, after)
    check(len(left) >= RATE, 'only %d frames played after the xruns'
          % len(left))
    win = 960  # 20 whole cycles of 1 kHz
    amps = [goertzel(left[i:i + win], SINE)
            for i in range(0, len(left) - win + 1, win)]
    sine = [a for a in amps if abs(a - LEVEL) < 0.02 * LEVEL]
    silent = [a for a in amps if a < 1e-6]
    check(len(sine) >= 0.6 * len(amps), 'the sine in %d of %d stretches: %s'
          % (len(sine), len(amps), [round(a, 3) for a in amps]))
    # Each restart after an xrun plays the primed buffer: 85 ms of zeros.
    check(len(silent) >= 2, 'no restart heard: %d silent stretches'
          % len(silent))


def test_mic_alone_with_a_device_that_vanishes_quits_cleanly():
    """tplay --mic with no film: the device vanishes, the message shows,
    q quits with status 0 and the terminal is as it was."""
    home = faulty_home('alone', {'usbmic': 'vanish %d' % RATE, 'out': ''})
    trace = path('alone.trace')
    before, after = path('alone.stty-before'), path('alone.stty-after')
    for p in (trace, before, after):
        if os.path.exists(p):
            os.unlink(p)
    argv = [TPLAY, '--no-config', '--mic', '--mic-device', 'usbmic',
            '--mic-output', 'out'] + PERIODS
    t = Tmux('alone', 120, 40)
    t.start('stty -g > %s; %s; echo "exit $?"; stty -g > %s; sleep 60'
            % (before, ' '.join(shlex.quote(a) for a in argv), after),
            env=dict(ENV, HOME=home, TPLAY_TRACE=trace))
    try:
        s = t.wait_for(lambda s: 'lost the capture device "usbmic": No such '
                       'device' in flat(s), 'the message', timeout=20)
        check('M retries' in flat(s), 'what to do:\n' + s)
        check('ALSA lib' not in s, 'alsa-lib printed on the screen:\n' + s)
        check('\u25cb off (M starts)' in s, 'the monitor is off:\n' + s)
        t.keys('q')
        s = t.wait_for(lambda s: re.search(r'^exit \d+', s, re.M),
                       'tplay to quit')
        check(re.search(r'^exit 0$', s, re.M), 'exit status:\n' + s)
        eq(t.var('alternate_on'), '0', 'alternate screen left')
        # The shell creates the file before stty writes its line.
        t.wait_for(lambda _: os.path.exists(after) and
                   open(after).read().endswith('\n'), 'stty after exit')
        eq(open(after).read(), open(before).read(), 'stty settings after exit')
    finally:
        t.kill()


if __name__ == '__main__':
    run_tests(globals())
