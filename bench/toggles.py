#!/usr/bin/env python3
"""Measure tplay's track toggles as a person would see and hear them.

A 60 s 1280x720 H.264 clip with a keyframe every 10 s and four sine tracks
plays in a 120x40 tmux terminal; the sound goes to a FIFO read at real-time
pace (tests/e2e/pacer.py), so every 10 ms stretch is "heard" when it is
read.  Keys toggle tracks: singles, two- and three-track mixes.  From the
pacer and tplay's trace ($TPLAY_TRACE) this prints, per toggle:

  gap      silent time between the old set and the new one (10 ms grain)
  latency  key press to the new set heard
  pos err  position moved minus wall time elapsed, between toggles
  stall    longest time between two frames drawn, around the toggle

and the CPU share of tplay over the whole run.  Usage:
  bench/toggles.py [BUILD_DIR] [N_TOGGLES]
"""
import os
import shlex
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, os.path.join(ROOT, 'tests', 'e2e'))
os.environ.setdefault('TPLAY_BUILD', os.path.join(ROOT, 'build'))

from pacer import Pacer  # noqa: E402
from tmux import Tmux  # noqa: E402

FREQS = [400, 600, 900, 1300]
CACHE = os.environ.get('TPLAY_BENCH_CACHE',
                       os.path.join(ROOT, 'build', 'bench'))


def clip(width=1280, height=720):
    """60 s at width x height, GOP 10 s, four sines; cached between runs."""
    os.makedirs(CACHE, exist_ok=True)
    out = os.path.join(CACHE, 'gop10-%dp.mkv' % height)
    if os.path.exists(out):
        return out
    args = ['ffmpeg', '-nostdin', '-v', 'error', '-y', '-f', 'lavfi', '-i',
            'testsrc2=size=%dx%d:rate=25:duration=60' % (width, height)]
    for f in FREQS:
        args += ['-f', 'lavfi', '-i',
                 'sine=frequency=%d:sample_rate=48000:duration=60' % f]
    args += ['-map', '0:v'] + sum((['-map', '%d:a' % (i + 1)]
                                   for i in range(len(FREQS))), [])
    args += ['-c:v', 'libx264', '-preset', 'veryfast', '-g', '250',
             '-keyint_min', '250', '-sc_threshold', '0', '-pix_fmt', 'yuv420p',
             '-c:a', 'libopus', '-b:a', '64k', out + '.tmp.mkv']
    subprocess.run(args, check=True)
    os.rename(out + '.tmp.mkv', out)
    return out


def cpu_seconds(pid):
    with open('/proc/%d/stat' % pid) as f:
        fields = f.read().rsplit(')', 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf('SC_CLK_TCK')


def plan(n):
    """Keys and the set each leaves enabled, from track 1 alone: singles,
    two- and three-track mixes, back and forth."""
    seq = ['2', '3', '1', '2', '1', '4', '3', '2', '4', '1',
           '2', '3', '1', '4', '2', '3', '4', '1', '2', '3']
    keys, on, sets = [], {0}, []
    for i in range(n):
        k = seq[i % len(seq)]
        on = on ^ {int(k) - 1}
        keys.append(k)
        sets.append(frozenset(FREQS[t] for t in on))
    return keys, sets


def summary(xs):
    xs = [x for x in xs if x is not None]
    if not xs:
        return 'n/a'
    return 'median %.1f, worst %.1f (n=%d)' % (statistics.median(xs),
                                               max(xs), len(xs))


def measure(build, n, f=None):
    """Run the toggles, print the report, return its figures: lists of
    gaps, latencies, position errors and stalls (ms), and the CPU share."""
    tplay = os.path.join(build, 'tplay')
    f = f or clip()
    work = tempfile.mkdtemp(prefix='tplay-bench-')
    pacer = Pacer(os.path.join(work, 'out.fifo'), FREQS)
    trace = os.path.join(work, 'trace')
    t = Tmux('bench', 120, 40)
    t.sock = os.path.join(work, 'tmux.sock')
    cmd = ' '.join(shlex.quote(a) for a in
                   [tplay, '--no-config'] + pacer.mpv_opts() + [f])
    t.start('exec ' + cmd, env={'TERM': 'tmux-256color', 'LANG': 'C.UTF-8',
                                'COLORTERM': 'truecolor',
                                'TPLAY_TRACE': trace})
    try:
        t.wait_for(lambda s: 'playing 00:02' in s, 'two seconds in', 30)
        pid = int(t.var('pane_pid'))
        c0, w0 = cpu_seconds(pid), time.monotonic()
        pacer.wait_heard({FREQS[0]})
        keys, sets = plan(n)
        for k in keys:
            t.keys(k)
            time.sleep(0.8)
        time.sleep(0.5)
        c1, w1 = cpu_seconds(pid), time.monotonic()
        t.keys('q')
        time.sleep(0.5)
    finally:
        t.kill()
        pacer.close()

    lines = [l.split() for l in open(trace)]
    toggles = [(float(l[0]), float(l[-1].split('=')[1]))
               for l in lines if l[1] == 'toggle']
    frames = [float(l[0]) for l in lines if l[1] == 'frame']
    restarts = [float(l[0]) for l in lines if l[1] == 'restart']
    heard = pacer.heard
    gaps, lats, errs, stalls = [], [], [], []
    for i, (tk, pos) in enumerate(toggles):
        want = sets[i]
        after = [h for h in heard if h[0] >= tk]
        got = next((j for j, h in enumerate(after) if h[1] == want), None)
        if got is None:
            gaps.append(None)
            lats.append(None)
        else:
            lats.append((after[got][0] - tk) * 1000)
            # silent stretches between the key and the new set; from or
            # to silence there is no gap to speak of
            old = sets[i - 1] if i else frozenset([FREQS[0]])
            gaps.append(10.0 * sum(1 for h in after[:got] if not h[1])
                        if old and want else None)
        if i + 1 < len(toggles):
            tn, pn = toggles[i + 1]
            errs.append(abs((pn - pos) - (tn - tk)) * 1000)
        near = [x for x in frames if tk - 1 <= x <= tk + 1]
        stalls.append(max((b - a) * 1000 for a, b in zip(near, near[1:]))
                      if len(near) > 1 else None)
    # steady state: from the first toggle on
    steady = [x for x in frames if x >= toggles[0][0] - 1]
    intervals = [(b - a) * 1000 for a, b in zip(steady, steady[1:])]
    print('toggles: %d on %s (GOP 10 s), 120x40 terminal' % (len(toggles), f))
    print('  audio gap (ms):       ', summary(gaps))
    print('  key to heard (ms):    ', summary(lats))
    print('  position error (ms):  ', summary(errs))
    print('  picture stall (ms):   ', summary(stalls))
    print('  frame interval (ms):  ', summary(intervals))
    print('  playback restarts after start: %d'
          % len([r for r in restarts if r > toggles[0][0]]))
    print('  frames drawn: %d in %.1f s' % (len(frames),
                                             frames[-1] - frames[0]))
    quit = [l for l in lines if l[1] == 'quit']
    if quit:
        kv = dict(x.split('=') for x in quit[0][2:])
        span = float(quit[0][0]) - frames[0]
        print('  terminal bytes for the picture: %.0f kB/s; libmpv frames '
              '%s, converted %s, drawn %d' % (
                  int(kv['pane_bytes']) / span / 1000, kv['rendered'],
                  kv['converted'], len(frames)))
    print('  CPU: %.1f%% of one core over %.1f s' % (
        100 * (c1 - c0) / (w1 - w0), w1 - w0))
    return {'gap': gaps, 'latency': lats, 'poserr': errs, 'stall': stalls,
            'cpu': (c1 - c0) / (w1 - w0), 'toggles': len(toggles)}


def main():
    build = sys.argv[1] if len(sys.argv) > 1 else os.environ['TPLAY_BUILD']
    n = int(sys.argv[2]) if len(sys.argv) > 2 else 24
    measure(build, n)


if __name__ == '__main__':
    main()
