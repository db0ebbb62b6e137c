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
  5. pixels in a real terminal: tplay --vo-mode sixel against mpv
     --vo=sixel in xterm on Xvfb (tests/e2e/xterm.py): CPU of the player
     and of xterm, bytes, frames shown, and the picture's error on stills

Prints a table and writes bench/results.md.  Never fails on a number.
Usage: python3 bench/run.py [BUILD_DIR [startup|pixels]]  (startup:
section 1 alone, printed only: `make bench BENCH=startup`; pixels:
section 5 alone, printed and put in bench/results.md in place of the old
section 5: `make bench BENCH=pixels`)"""
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
import xterm  # noqa: E402
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


# --- 5. pixels in a real terminal ------------------------------------------

PIXEL_RUNS = 3
STILL_SECONDS = 20
MP_START_TIME = 10.0  # mpv's clock reads 10 s at its start (osdep/timer.h)


STILLS = ('testsrc2', 'mandelbrot')


def still_clip(source):
    """One colourful picture of ffmpeg's lavfi source (PNG, the reference)
    and the same picture looped as 1280x720 25 fps H.264, tagged BT.709
    as it is converted (untagged, players read HD as BT.709 while ffmpeg
    wrote BT.601: an error of 0.035 before any terminal); cached like the
    other clips."""
    png = os.path.join(toggles.CACHE, 'still-%s.png' % source)
    mkv = os.path.join(toggles.CACHE, 'still-%s.mkv' % source)
    if not os.path.exists(mkv):
        os.makedirs(toggles.CACHE, exist_ok=True)
        subprocess.run(['ffmpeg', '-nostdin', '-v', 'error', '-y', '-f',
                        'lavfi', '-i', source + '=size=1280x720:rate=1',
                        '-frames:v', '1', png], check=True)
        subprocess.run(['ffmpeg', '-nostdin', '-v', 'error', '-y', '-loop',
                        '1', '-framerate', str(FPS), '-i', png, '-t',
                        str(STILL_SECONDS), '-vf',
                        'scale=out_color_matrix=bt709:out_range=tv,'
                        'format=yuv420p', '-colorspace', 'bt709',
                        '-color_primaries', 'bt709', '-color_trc', 'bt709',
                        '-color_range', 'tv', '-c:v', 'libx264', '-preset',
                        'veryfast', mkv + '.tmp.mkv'], check=True)
        os.rename(mkv + '.tmp.mkv', mkv)
    return png, mkv


def pixel_player(tool, build, f, name):
    """argv, environment and side file (tplay's trace, mpv's --dump-stats)
    of one sixel player; the side file is the only other thing either
    writes, and its growth is taken off the bytes."""
    side = os.path.join(WORK, name + ('.trace' if tool == 'tplay' else
                                      '.stats'))
    if tool == 'tplay':
        return ([os.path.join(build, 'tplay'), '--no-config', '--no-resume',
                 '--vo-mode', 'sixel', '--mpv-opt', 'ao=null', f],
                {'TPLAY_TRACE': side}, side)
    return (['mpv', '--no-config', '--vo=sixel', '--ao=null', '--really-quiet',
             '--dump-stats=' + side, f], {}, side)


def wchar(pid):
    with open('/proc/%d/io' % pid) as fh:
        return int(re.search(r'wchar: (\d+)', fh.read()).group(1))


def started(pid):
    """When the process pid started, on the monotonic clock (10 ms)."""
    with open('/proc/%d/stat' % pid) as fh:
        return int(fh.read().rsplit(')', 1)[1].split()[19]) / \
            os.sysconf('SC_CLK_TCK')


def mpv_flips(stats, start, w0, w1):
    """Sixel pictures mpv wrote between the monotonic times w0 and w1:
    vo.c times every flip_page (vo_sixel's encode and write) as
    `start video-flip` in --dump-stats, on mpv's clock, which reads
    MP_START_TIME at its start; the process's start anchors it to the
    monotonic clock.  Read once mpv has quit: the file is buffered."""
    n = 0
    with open(stats) as fh:
        for line in fh:
            if line.endswith(' start video-flip\n'):
                t = start + int(line.split()[0]) / 1e6 - MP_START_TIME
                n += w0 <= t <= w1
    return n


def pixel_run(tool, build, f, name):
    """Play f in a fresh xterm for PLAY_SECONDS after a 3.5 s warm-up: CPU
    seconds a second of the player and of xterm, kB a second the player
    wrote to the terminal, frames shown %."""
    argv, env, side = pixel_player(tool, build, f, name)
    x = xterm.Xterm(name)
    try:
        x.start('exec ' + ' '.join(shlex.quote(a) for a in argv), env)
        time.sleep(3.5)

        def sample():
            return (toggles.cpu_seconds(x.child),
                    toggles.cpu_seconds(x.xterm.pid),
                    wchar(x.child) - os.path.getsize(side), time.monotonic())
        c0, t0, b0, w0 = sample()
        time.sleep(PLAY_SECONDS)
        c1, t1, b1, w1 = sample()
        if x.xterm.poll() is not None:
            raise RuntimeError('%s: xterm exited while measuring' % name)
        start = started(x.child)
    finally:
        x.stop()  # SIGTERM: both players quit and flush their side file
    if tool == 'tplay':
        with open(side) as fh:
            shown = sum(1 for line in fh if ' frame ' in line and
                        w0 <= float(line.split()[0]) <= w1)
    else:
        shown = mpv_flips(side, start, w0, w1)
    span = w1 - w0
    return {'cpu': (c1 - c0) / span, 'term': (t1 - t0) / span,
            'bytes': (b1 - b0) / span / 1000,
            'shown': 100 * shown / (FPS * span)}


def tplay_box(trace):
    """The last picture's box (x, y, w, h) on the screen from the trace."""
    box = None
    with open(trace) as fh:
        for line in fh:
            m = re.search(r' pixels sixel x=(\d+) y=(\d+) w=(\d+) h=(\d+)',
                          line)
            if m:
                box = tuple(int(v) for v in m.groups())
    return box and (box[0] + xterm.BORDER, box[1] + xterm.BORDER) + box[2:]


def pixel_error(tool, build, png, f, name):
    """The MAE of the player's picture of the still clip against the
    source letterboxed the same way, the picture's box and the film's box
    in it.  The picture is taken once it is up: for tplay a trace line,
    then for both until the box is not blank and two shots 0.5 s apart
    show the same pixels."""
    argv, env, side = pixel_player(tool, build, f, name)
    x = xterm.Xterm(name)
    text = x.cells_box(0, 0, x.cols, x.rows)
    shots = ['%s-%d.png' % (name, i) for i in (0, 1)]
    try:
        x.start('exec ' + ' '.join(shlex.quote(a) for a in argv), env)
        if tool == 'tplay':
            x.wait_for(lambda: os.path.exists(side) and tplay_box(side),
                       'a picture in the trace')

        def settled():
            a = x.shot(shots[0])
            if xterm.blank(a, text):
                return False
            time.sleep(0.5)
            b = x.shot(shots[1])
            # mpv writes no text: its picture is what is not background.
            box = tplay_box(side) if tool == 'tplay' else trimmed(b, text)
            a, b = (xterm.crop(p, box, p + '.box.png') for p in (a, b))
            return not xterm.blank(b) and xterm.identical(a, b) and (box, b)
        box, pic = x.wait_for(settled, 'a steady picture',
                              timeout=STILL_SECONDS)
    finally:
        x.stop()
    # The film in the picture, inside the player's black bars: the
    # reference is the source scaled to the film's own size and place
    # (ImageMagick's letterbox rounds otherwise than libmpv's: 715 px at
    # +2 for tplay's 714 at +3 weighs 0.003 of error).
    film = trimmed(pic, (0, 0, box[2], box[3]), 'black')
    ref = os.path.join(WORK, name + '-ref.png')
    xterm.magick('convert', '-size', '%dx%d' % box[2:], 'xc:black', '(',
                 png, '-resize', '%dx%d!' % film[2:], ')', '-geometry',
                 '+%d+%d' % film[:2], '-composite', ref)
    return xterm.mae(pic, ref), box, film


def trimmed(png, box, border=None):
    """The bounding box (x, y, w, h) in png of what is not background
    inside the box of png (ImageMagick's trim): the background is the
    corner's colour, or border's (near it: 8 %) when given."""
    x, y, w, h = box
    args = ['convert', png, '-crop', '%dx%d+%d+%d' % (w, h, x, y), '+repage']
    if border:
        args += ['-bordercolor', border, '-border', '1', '-fuzz', '8%']
    r = xterm.magick(*args + ['-trim', '-format', '%w %h %X %Y', 'info:'])
    tw, th, tx, ty = (int(v) for v in r.stdout.split())
    edge = 1 if border else 0
    return (x + tx - edge, y + ty - edge, tw, th)


def pixels(build, f720, f1080):
    """Section 5's markdown: tplay --vo-mode sixel against mpv --vo=sixel
    in the same xterm, taking turns."""
    tools = ['tplay', 'mpv']
    clips = [('720p', f720, PIXEL_RUNS), ('1080p', f1080, 1)]
    res = {(label, tl): [] for label, _, _ in clips for tl in tools}
    for label, f, runs in clips:
        for r in range(runs):
            for tl in (tools if r % 2 == 0 else tools[::-1]):
                print('bench: pixels %s %s run %d ...' % (label, tl, r + 1),
                      file=sys.stderr)
                res[label, tl].append(pixel_run(
                    tl, build, f, 'px-%s-%s-%d' % (label, tl, r)))
    err = {}
    for source in STILLS:
        png, still = still_clip(source)
        for tl in tools:
            print('bench: pixels %s %s ...' % (source, tl), file=sys.stderr)
            err[source, tl] = pixel_error(tl, build, png, still,
                                          'px-%s-%s' % (source, tl))
    md = ['## 5. Pixels in a real terminal: sixel in xterm, %d s a run'
          % PLAY_SECONDS, '',
          '| clip | tool | player CPU s per s | xterm CPU s per s | '
          'terminal kB/s | frames shown % | CPU ratio | CPU+xterm ratio | '
          'bytes ratio |', '| --- | --- | --- | --- | --- | --- | --- | '
          '--- | --- |']
    meds = {}
    for label, _, _ in clips:
        meds[label] = {tl: {k: med([r[k] for r in res[label, tl]])
                            for k in ('cpu', 'term', 'bytes', 'shown')}
                       for tl in tools}
        m = meds[label]['mpv']
        for tl in tools:
            rs, t = res[label, tl], meds[label][tl]
            md.append('| %s | %s | %s | %s | %s | %s | %s | %s | %s |' % (
                label, 'tplay --vo-mode sixel' if tl == 'tplay' else
                'mpv --vo=sixel', spread([r['cpu'] for r in rs], '%.3f'),
                spread([r['term'] for r in rs], '%.3f'),
                spread([r['bytes'] for r in rs], '%.0f'),
                spread([r['shown'] for r in rs], '%.0f'),
                ratio(t['cpu'], m['cpu']),
                ratio(t['cpu'] + t['term'], m['cpu'] + m['term']),
                ratio(t['bytes'], m['bytes'])))
    t, m = meds['720p']['tplay'], meds['720p']['mpv']
    md += ['', '| still picture | tool | picture on the screen (x, y, '
           'w\u00d7h) | film in it | MAE against the source | ratio |',
           '| --- | --- | --- | --- | --- | --- |']
    for source in STILLS:
        for tl in tools:
            e, box, film = err[source, tl]
            md.append('| %s | %s | %d, %d, %d\u00d7%d | %d, %d, %d\u00d7%d '
                      '| %.4f | %s |' % (
                          (source, 'tplay --vo-mode sixel' if tl == 'tplay'
                           else 'mpv --vo=sixel') + box + film +
                          (e, ratio(e, err[source, 'mpv'][0]))))
    errs_ok = all(err[sc, 'tplay'][0] <= err[sc, 'mpv'][0] for sc in STILLS)
    md += ['',
           'Ratios are tplay over mpv --vo=sixel in the same run; the two '
           'took turns (rounds at 720p: %d, at 1080p: 1), each in a fresh '
           '120\u00d740 %s (tests/e2e/xterm.py: VT340, 256 colour '
           'registers, window-size queries answered) on Xvfb '
           '1280\u00d7800, measured %s. CPU: utime+stime of all the '
           'player\'s threads (/proc/PID/stat), and of the xterm process; '
           'bytes: the player\'s wchar (/proc/PID/io) less its trace or '
           'stats file. Frames shown: tplay\'s trace `frame` lines; mpv\'s '
           '`start video-flip` events in --dump-stats (one a flip_page, '
           'where vo_sixel encodes and writes a picture), both over %d fps '
           'times the window. tplay decodes the clip\'s four Opus tracks, '
           'mpv one. Error: a still picture (lavfi testsrc2, flat colours '
           'that are in xterm\'s 256-colour palette; mandelbrot, '
           'gradients) looped as 720p H.264 tagged BT.709, '
           'the screen shot with `import` once the picture is up, the '
           'player\'s box (tplay: its trace; mpv: trimmed of the '
           'background, where vo_sixel\'s rows-1 height and cell-rounded '
           'top put it) against the source letterboxed the same way (scaled '
           'to the film found inside the player\'s black bars), both '
           'brought to %d px wide, `compare -metric MAE`. Targets (720p): '
           'player CPU at most 0.8\u00d7 mpv --vo=sixel\'s: %s (%.2f\u00d7, '
           'the median of the round-by-round ratios %.2f\u00d7; with xterm '
           '%.2f\u00d7); frames shown at least 95 %%: %s '
           '(%.0f %%); error at most mpv\'s on both pictures: %s.' % (
               PIXEL_RUNS, xterm_version(), time.strftime('%Y-%m-%d %H:%M %Z'),
               FPS, xterm.COMPARE_WIDTH,
               verdict(t['cpu'] <= 0.8 * m['cpu']), t['cpu'] / m['cpu'],
               paired([r['cpu'] for r in res['720p', 'tplay']],
                      [r['cpu'] for r in res['720p', 'mpv']]),
               (t['cpu'] + t['term']) / (m['cpu'] + m['term']),
               verdict(t['shown'] >= 95), t['shown'], verdict(errs_ok)),
           '']
    return md


def xterm_version():
    try:
        return subprocess.run(['xterm', '-version'], capture_output=True,
                              text=True).stdout.strip() or 'xterm'
    except OSError:
        return 'xterm'


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
    # "startup" alone: section 1 only, printed, bench/results.md untouched;
    # "pixels" alone: section 5 only, printed and put in place of its old
    # text in bench/results.md.
    sections = sys.argv[2:]
    t_start = time.monotonic()
    f720 = toggles.clip(1280, 720)
    f1080 = toggles.clip(1920, 1080)
    if sections == ['pixels']:
        px = pixels(build, f720, f1080)
        print('\n'.join(px))
        replace_section(os.path.join(HERE, 'results.md'), px)
        return
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
    print('bench: pixels ...', file=sys.stderr)
    md += pixels(build, f720, f1080)
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


def replace_section(out, section):
    """Put the markdown lines section (a `## 5.` heading and its text) in
    the file out in place of its old text, or before `Bench time:`."""
    text = open(out, encoding='utf-8').read()
    new = '\n'.join(section) + '\n'
    i = text.find('\n## 5. ')
    if i >= 0:
        j = text.find('\nBench time:', i)
        j = j if j >= 0 else text.find('\n## ', i + 1)
        text = text[:i + 1] + new + text[j + 1:]
    else:
        i = text.find('\nBench time:')
        text = text[:i + 1] + new + text[i + 1:] if i >= 0 else \
            text + '\n' + new
    with open(out, 'w') as fh:
        fh.write(text)


if __name__ == '__main__':
    main()
