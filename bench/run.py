#!/usr/bin/env python3
"""make bench: tplay against the tools a user would pick instead, on the
same input in the same run, as ratios (this machine is shared and noisy,
so a bare time means little; a ratio taken minutes apart means more).

  1. startup to a track list: tplay --list-tracks, ffprobe -show_streams,
     mpv --frames=0: wall time and peak memory
  2. playing in a 120x40 tmux terminal: CPU seconds a second, terminal
     bytes a second, frames shown, peak memory; tplay's half blocks and
     its chafa symbols, mpv --vo=tct, timg
  3. track toggling: gap, key to heard, position error, stall; tplay's
     toggles and mixes against mpv switching aid
  4. the mic filter: ns and instructions a sample against a bare double
     biquad; the whole mic loop on alsa-lib's file devices

Prints a table and writes bench/results.md.  Never fails on a number.
Usage: python3 bench/run.py [BUILD_DIR [startup]]  (startup: section 1
alone, printed only: `make bench BENCH=startup`)"""
import json
import os
import platform
import re
import shlex
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, os.path.join(ROOT, 'tests', 'e2e'))
sys.path.insert(0, HERE)

import mic as micbench  # noqa: E402
import toggles  # noqa: E402
from pacer import Pacer  # noqa: E402
from tmux import Tmux  # noqa: E402

FREQS = toggles.FREQS
FPS = 25
WORK = tempfile.mkdtemp(prefix='tplay-bench-')
ENV = {'TERM': 'tmux-256color', 'LANG': 'C.UTF-8', 'COLORTERM': 'truecolor'}
STARTUP_RUNS = 11
PLAY_RUNS = 3
PLAY_SECONDS = 12
TOGGLES = 20


def spread(xs, fmt='%.1f'):
    """median (min-max)"""
    xs = [x for x in xs if x is not None]
    if not xs:
        return 'n/a'
    return (fmt + ' (' + fmt + '\u2013' + fmt + ')') % (
        statistics.median(xs), min(xs), max(xs))


def med(xs):
    xs = [x for x in xs if x is not None]
    return statistics.median(xs) if xs else None


def ratio(a, b):
    return 'n/a' if a is None or not b else '%.2f\u00d7' % (a / b)


# --- 1. startup -------------------------------------------------------------

def run_rusage(argv):
    """Wall seconds and peak RSS (MiB) of one run."""
    t0 = time.monotonic()
    p = subprocess.Popen(argv, stdout=subprocess.DEVNULL,
                         stderr=subprocess.DEVNULL)
    _, status, ru = os.wait4(p.pid, 0)
    p.returncode = status
    return time.monotonic() - t0, ru.ru_maxrss / 1024


def startup(build, f):
    """Each tool STARTUP_RUNS times on f, after a warm-up run each, the
    tools taking turns in every round (in reverse order every other
    round, so that none always runs first): per tool, its wall ms and
    peak MiB, round by round."""
    tools = [
        ('tplay --list-tracks', [os.path.join(build, 'tplay'), '--no-config',
                                 '--list-tracks', f]),
        ('ffprobe -show_streams', ['ffprobe', '-v', 'error', '-show_streams',
                                   f]),
        ('mpv --frames=0', ['mpv', '--no-config', '--frames=0', '--vo=null',
                            '--ao=null', '--really-quiet', f]),
    ]
    res = {name: ([], []) for name, _ in tools}
    for _, argv in tools:  # warm the page cache
        run_rusage(argv)
    for i in range(STARTUP_RUNS):  # side by side: noise hits all alike
        for name, argv in (tools if i % 2 == 0 else tools[::-1]):
            w, m = run_rusage(argv)
            res[name][0].append(w * 1000)
            res[name][1].append(m)
    return res


def paired(xs, ys):
    """The median of the round-by-round ratios x / y."""
    return med([x / y for x, y in zip(xs, ys) if x is not None and y])


# --- 2. playing in a terminal ----------------------------------------------

def vm_hwm(pid):
    with open('/proc/%d/status' % pid) as fh:
        m = re.search(r'VmHWM:\s+(\d+) kB', fh.read())
    return int(m.group(1)) / 1024 if m else None


class MpvIpc:
    """mpv's JSON IPC, one request at a time."""

    def __init__(self, path, timeout=15):
        deadline = time.monotonic() + timeout
        while True:
            try:
                self.s = socket.socket(socket.AF_UNIX)
                self.s.connect(path)
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.05)
        self.f = self.s.makefile('rb')
        self.n = 0

    def call(self, *cmd):
        self.n += 1
        self.s.sendall((json.dumps({'command': list(cmd),
                                    'request_id': self.n}) + '\n').encode())
        while True:
            msg = json.loads(self.f.readline())
            if msg.get('request_id') == self.n:
                return msg.get('data')

    def close(self):
        self.s.close()


def play_once(tool, build, f, name):
    """Play f for PLAY_SECONDS after a 3 s warm-up; return the figures."""
    sock = os.path.join(WORK, name + '.ipc')
    trace = os.path.join(WORK, name + '.trace')
    out = os.path.join(WORK, name + '.bytes')
    if tool.startswith('tplay'):
        argv = [os.path.join(build, 'tplay'), '--no-config', '--vo-mode',
                tool.split()[1], '--mpv-opt', 'ao=null', f]
    elif tool == 'mpv --vo=tct':
        argv = ['mpv', '--no-config', '--vo=tct', '--ao=null',
                '--really-quiet', '--input-ipc-server=' + sock, f]
    else:
        argv = ['timg', '-V', f]
    t = Tmux(name, 120, 40)
    t.sock = os.path.join(WORK, name + '.tmux')
    open(out, 'wb').close()
    t.start('sleep 0.5; exec ' + ' '.join(shlex.quote(a) for a in argv),
            env=dict(ENV, TPLAY_TRACE=trace))
    t.cmd('pipe-pane', '-o', 'cat >> ' + shlex.quote(out))
    pid = int(t.var('pane_pid'))
    ipc = None
    try:
        time.sleep(3.5)
        if tool.startswith('mpv'):
            ipc = MpvIpc(sock)
        frames0 = ipc.call('get_property', 'estimated-frame-number') if ipc \
            else None
        drops0 = ipc.call('get_property', 'frame-drop-count') if ipc else None
        c0, b0 = toggles.cpu_seconds(pid), os.path.getsize(out)
        w0 = time.monotonic()
        time.sleep(PLAY_SECONDS)
        c1, b1 = toggles.cpu_seconds(pid), os.path.getsize(out)
        w1 = time.monotonic()
        hwm = vm_hwm(pid)
        shown = None
        if ipc:
            frames1 = ipc.call('get_property', 'estimated-frame-number')
            drops1 = ipc.call('get_property', 'frame-drop-count')
            if None not in (frames0, frames1, drops0, drops1):
                shown = (frames1 - frames0) - (drops1 - drops0)
    finally:
        if ipc:
            ipc.close()
        t.kill()
    if tool.startswith('tplay'):
        with open(trace) as fh:
            shown = sum(1 for line in fh if ' frame ' in line and
                        w0 <= float(line.split()[0]) <= w1)
    span = w1 - w0
    return {'cpu': (c1 - c0) / span, 'bytes': (b1 - b0) / span / 1000,
            'hwm': hwm,
            'shown': None if shown is None else 100 * shown / (FPS * span)}


def playback(build, f, runs, label):
    tools = ['tplay half', 'tplay symbols', 'mpv --vo=tct', 'timg']
    res = {tl: [] for tl in tools}
    for r in range(runs):
        for tl in tools:
            res[tl].append(play_once(tl, build, f, '%s-%s-%d' % (
                label, re.sub(r'[^a-z]+', '-', tl), r)))
    return res


# --- 3. toggles against mpv's aid switch ------------------------------------

def mpv_toggles(f, n):
    """mpv in the same terminal, sound through the same paced FIFO; switch
    aid n times over single tracks (mpv cannot mix them)."""
    pacer = Pacer(os.path.join(WORK, 'mpv-tog.fifo'), FREQS)
    sock = os.path.join(WORK, 'mpv-tog.ipc')
    argv = ['mpv', '--no-config', '--vo=tct', '--really-quiet',
            '--input-ipc-server=' + sock, '--ao=pcm',
            '--ao-pcm-file=' + pacer.fifo, '--ao-pcm-waveheader=no',
            '--audio-format=float', '--audio-channels=stereo',
            '--audio-samplerate=48000', f]
    t = Tmux('mpv-tog', 120, 40)
    t.sock = os.path.join(WORK, 'mpv-tog.tmux')
    t.start('exec ' + ' '.join(shlex.quote(a) for a in argv), env=ENV)
    samples, stop = [], threading.Event()

    def poll():
        p = MpvIpc(sock)
        while not stop.is_set():
            pos = p.call('get_property', 'time-pos')
            samples.append((time.monotonic(), pos))
            time.sleep(0.005)
        p.close()

    ipc = MpvIpc(sock)
    th = threading.Thread(target=poll, daemon=True)
    th.start()
    switches = []
    try:
        pacer.wait_heard({FREQS[0]}, timeout=30)
        seq = [2, 3, 1, 4, 2, 1, 3, 4, 1, 2]
        for i in range(n):
            aid = seq[i % len(seq)]
            tk = time.monotonic()
            ipc.call('set_property', 'aid', aid)
            switches.append((tk, aid))
            time.sleep(0.8)
        time.sleep(0.5)
    finally:
        stop.set()
        th.join(timeout=5)
        ipc.close()
        t.kill()
        pacer.close()

    def pos_at(tw):
        got = [p for w, p in samples if w >= tw and p is not None]
        return got[0] if got else None

    gaps, lats, errs, stalls = [], [], [], []
    for i, (tk, aid) in enumerate(switches):
        want = frozenset([FREQS[aid - 1]])
        after = [h for h in pacer.heard if h[0] >= tk]
        got = next((j for j, h in enumerate(after) if h[1] == want), None)
        lats.append(None if got is None else (after[got][0] - tk) * 1000)
        gaps.append(None if got is None else
                    10.0 * sum(1 for h in after[:got] if not h[1]))
        if i + 1 < len(switches):
            tn = switches[i + 1][0]
            p0, p1 = pos_at(tk), pos_at(tn)
            if p0 is not None and p1 is not None:
                errs.append(abs((p1 - p0) - (tn - tk)) * 1000)
        # stall: the longest time time-pos stood still around the switch
        near = [(w, p) for w, p in samples if tk - 1 <= w <= tk + 1]
        changes = [w for (w, p), (_, q) in zip(near[1:], near) if p != q]
        stalls.append(max((b - a) * 1000 for a, b in zip(changes,
                                                         changes[1:]))
                      if len(changes) > 1 else None)
    return {'gap': gaps, 'latency': lats, 'poserr': errs, 'stall': stalls}


# --- 4. the mic filter ------------------------------------------------------

def filter_ns(build, mode, runs=5):
    xs = []
    for _ in range(runs):
        r = subprocess.run([os.path.join(build, 'bench', 'filter'), mode,
                            '60'], capture_output=True, text=True,
                           check=True)
        xs.append(float(re.search(r'([\d.]+) ns a sample', r.stdout)
                        .group(1)))
    return xs


def filter_instructions(build, mode):
    """Instructions a sample: callgrind over 2 s of audio minus 0 s."""
    def ir(seconds):
        out = os.path.join(WORK, 'cg.%s.%s' % (mode, seconds))
        r = subprocess.run(['valgrind', '--tool=callgrind',
                            '--callgrind-out-file=' + out,
                            os.path.join(build, 'bench', 'filter'), mode,
                            str(seconds)], capture_output=True, text=True)
        return int(re.search(r'Collected : (\d+)', r.stderr).group(1))
    samples = 2 * 48000 * 2 // 256 * 256
    return (ir(2) - ir(0)) / samples


# --- report -----------------------------------------------------------------

def versions(build):
    def first(argv):
        try:
            r = subprocess.run(argv, capture_output=True, text=True)
            return (r.stdout or r.stderr).splitlines()[0].strip()
        except (OSError, IndexError):
            return 'not found'
    cpu = 'unknown'
    with open('/proc/cpuinfo') as fh:
        m = re.search(r'model name\s*:\s*(.*)', fh.read())
        cpu = m.group(1) if m else cpu
    return [
        ('date', time.strftime('%Y-%m-%d %H:%M %Z')),
        ('machine', '%s, %d cores, %s' % (cpu, os.cpu_count(),
                                           platform.platform())),
        ('tplay', first([os.path.join(build, 'tplay'), '--version'])),
        ('mpv', first(['mpv', '--version'])),
        ('ffprobe', first(['ffprobe', '-version'])),
        ('timg', first(['timg', '--version'])),
    ]


def verdict(ok):
    return 'meets' if ok else '**misses**'


def main():
    build = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, 'build')
    # "startup" alone: section 1 only, printed, bench/results.md untouched.
    sections = sys.argv[2:]
    t_start = time.monotonic()
    f720 = toggles.clip(1280, 720)
    f1080 = toggles.clip(1920, 1080)
    md = ['# tplay bench', '']
    md += ['| | |', '| --- | --- |']
    md += ['| %s | %s |' % kv for kv in versions(build)]
    md += ['', 'Inputs: 60 s H.264 (keyframe every 10 s) with four Opus '
           'sine tracks, 1280\u00d7720 and 1920\u00d71080, made by the bench '
           'and cached in build/bench. Figures are medians with min\u2013max; '
           'ratios are tplay over the peer, measured in the same run.', '']

    print('bench: startup ...', file=sys.stderr)
    st = startup(build, f720)
    tplay, probe = st['tplay --list-tracks'], st['ffprobe -show_streams']
    tw, tm = med(tplay[0]), med(tplay[1])
    md += ['## 1. Startup to a track list (720p clip, %d rounds, the tools '
           'taking turns)' % STARTUP_RUNS,
           '', '| tool | wall ms | peak MiB | wall ratio | memory ratio |',
           '| --- | --- | --- | --- | --- |']
    for name, (w, m) in st.items():
        md.append('| %s | %s | %s | %s | %s |' % (
            name, spread(w), spread(m), ratio(tw, med(w)),
            ratio(tm, med(m))))
    wall, mem = tw / med(probe[0]), tm / med(probe[1])
    md += ['', 'tplay against ffprobe -show_streams, medians: wall %.1f vs '
           '%.1f ms, %.2f\u00d7 (median of the %d round-by-round ratios '
           '%.2f\u00d7); peak memory %.1f vs %.1f MiB, %.2f\u00d7 (%.2f\u00d7). '
           'Target \u2264 1.0\u00d7 in both: %s.' % (
               tw, med(probe[0]), wall, STARTUP_RUNS,
               paired(tplay[0], probe[0]), tm, med(probe[1]), mem,
               paired(tplay[1], probe[1]),
               verdict(wall <= 1.0 and mem <= 1.0)), '']
    print('\n'.join(md[-2:]), file=sys.stderr)
    if sections == ['startup']:
        print('\n'.join(md))
        return

    plays = {}
    for label, f, runs in (('720p', f720, PLAY_RUNS), ('1080p', f1080, 1)):
        print('bench: playing %s ...' % label, file=sys.stderr)
        plays[label] = playback(build, f, runs, label)
    md += ['## 2. Playing in a 120\u00d740 terminal (tmux), %d s a run'
           % PLAY_SECONDS, '',
           '| clip | tool | CPU s per s | terminal kB/s | frames shown % | '
           'peak MiB | CPU ratio | bytes ratio | memory ratio |',
           '| --- | --- | --- | --- | --- | --- | --- | --- | --- |']
    for label, res in plays.items():
        # Every row over mpv --vo=tct, the peer the targets name.
        base = {k: med([r[k] for r in res['mpv --vo=tct']])
                for k in ('cpu', 'bytes', 'hwm')}
        for tl, rs in res.items():
            col = {k: [r[k] for r in rs] for k in ('cpu', 'bytes', 'shown',
                                                   'hwm')}
            md.append('| %s | %s | %s | %s | %s | %s | %s | %s | %s |' % (
                label, tl, spread(col['cpu'], '%.3f'),
                spread(col['bytes'], '%.0f'), spread(col['shown'], '%.0f'),
                spread(col['hwm'], '%.0f'),
                ratio(med(col['cpu']), base['cpu']),
                ratio(med(col['bytes']), base['bytes']),
                ratio(med(col['hwm']), base['hwm'])))
    r720 = plays['720p']
    tc = med([r['cpu'] for r in r720['tplay half']])
    mc = med([r['cpu'] for r in r720['mpv --vo=tct']])
    tb = med([r['bytes'] for r in r720['tplay half']])
    mb = med([r['bytes'] for r in r720['mpv --vo=tct']])
    ts = med([r['shown'] for r in r720['tplay half']])
    md += ['', 'Ratios are each row over mpv --vo=tct in the same run. '
           'Targets (720p, tplay half, the default): CPU at most '
           '0.8\u00d7 mpv --vo=tct\'s: %s (%.2f\u00d7); terminal bytes at '
           'most 0.5\u00d7: %s (%.2f\u00d7); frames shown at least 95 %%: '
           '%s (%.0f %%). Both draw 1\u00d72 pixels a cell (\u2580 or '
           '\u2584), libmpv scaling; tplay writes only the cells that '
           'changed, mpv all of them every frame; tplay decodes all four '
           'audio tracks (any may be mixed in at a key), mpv one. tplay '
           'symbols is libchafa on 4\u00d78 pixels a cell ([video] mode = '
           'symbols); timg plays no sound.'
           % (verdict(tc <= 0.8 * mc), tc / mc, verdict(tb <= mb / 2),
              tb / mb, verdict(ts is not None and ts >= 95),
              ts if ts is not None else 0), '']

    print('bench: toggles ...', file=sys.stderr)
    tt = toggles.measure(build, TOGGLES, f720)
    mt = mpv_toggles(f720, TOGGLES)
    md += ['## 3. Track toggling, %d toggles (720p, sound paced in real '
           'time)' % TOGGLES, '',
           '| | tplay (singles, 2- and 3-track mixes) | mpv set aid '
           '(singles) | ratio |', '| --- | --- | --- | --- |']
    for key, what in (('gap', 'audio gap ms'), ('latency', 'key to heard ms'),
                      ('poserr', 'position error ms'),
                      ('stall', 'longest stall ms')):
        md.append('| %s | %s | %s | %s |' % (what, spread(tt[key]),
                                             spread(mt[key]),
                                             ratio(med(tt[key]),
                                                   med(mt[key]))))
    worst = {k: max([x for x in tt[k] if x is not None] or [0])
             for k in ('gap', 'poserr', 'stall')}
    md += ['', 'Stall: for tplay the longest interval between frames drawn '
           'within 1 s of a toggle; for mpv the longest time its time-pos '
           'stood still (polled every 5 ms). Targets (worst case): gap '
           '\u2264 50 ms: %s (%.0f); position error \u2264 one frame (40 ms): '
           '%s (%.0f); stall \u2264 100 ms: %s (%.0f).' % (
               verdict(worst['gap'] <= 50), worst['gap'],
               verdict(worst['poserr'] <= 40), worst['poserr'],
               verdict(worst['stall'] <= 100), worst['stall']), '']

    print('bench: mic ...', file=sys.stderr)
    ls_ns, bare_ns = filter_ns(build, 'lowshelf'), filter_ns(build, 'bare')
    ls_ir = filter_instructions(build, 'lowshelf')
    bare_ir = filter_instructions(build, 'bare')
    fps, granted = micbench.measure(build, 3)
    md += ['## 4. Mic filter and loop', '',
           '| | ns a sample | instructions a sample |', '| --- | --- | --- |',
           '| tplay lowshelf (stereo, 128-frame blocks) | %s | %.1f |'
           % (spread(ls_ns, '%.2f'), ls_ir),
           '| bare double biquad (mono, contiguous) | %s | %.1f |'
           % (spread(bare_ns, '%.2f'), bare_ir),
           '| ratio | %s | %.2f\u00d7 |' % (ratio(med(ls_ns), med(bare_ns)),
                                           ls_ir / bare_ir), '',
           'Target: within 2\u00d7 of the bare biquad: %s. The whole mic '
           'loop (capture, convert, meter, filter, play) on alsa-lib\'s file '
           'devices: %.1f M frames/s, %.0f\u00d7 real time at 48 kHz '
           '(%s).' % (verdict(med(ls_ns) <= 2 * med(bare_ns) and
                              ls_ir <= 2 * bare_ir), fps / 1e6, fps / 48000,
                      granted), '']
    md += ['Bench time: %.0f s.' % (time.monotonic() - t_start), '']
    text = '\n'.join(md)
    print(text)
    # What is kept by hand below the generated part stays.
    out = os.path.join(HERE, 'results.md')
    kept = ''
    if os.path.exists(out):
        old = open(out, encoding='utf-8').read()
        i = old.find('\n## Notes kept by hand')
        kept = old[i:] if i >= 0 else ''
    with open(out, 'w') as fh:
        fh.write(text + kept)


if __name__ == '__main__':
    main()
