#!/usr/bin/env python3
"""End to end: endurance.  Thousands of track toggles and hundreds of seeks
in a row, sent in batches through a real terminal (tmux), with the sound
heard through a FIFO read at real-time pace (tests/e2e/pacer.py).  After the
storm: tplay's memory stopped growing, the position never slipped against
the sound, and what is heard is exactly the tracks the screen shows enabled.

The picture is on, small (a 160x90 clip in an 80x24 terminal): libmpv's
graph routes the video too and every seek restarts its decoder, so that
path is part of what must not grow; a small picture keeps the run light on
a shared machine.
"""
import os
import shlex
import time

from pacer import Pacer
from tmux import Tmux
from tplaytest import TPLAY, check, eq, ffmpeg, path, run_tests

ENV = {'TERM': 'tmux-256color', 'LANG': 'C.UTF-8', 'LC_ALL': 'C.UTF-8',
       'COLORTERM': 'truecolor'}
FREQS = [400, 600, 900, 1300]   # whole cycles in a 10 ms stretch
BATCHES = 12                    # measured batches, after one warm-up batch
TOGGLES = 260                   # toggles per batch
SEEKS = 64                      # seeks per batch
WARM_SEEKS = 1024               # seeks in the warm-up batch (see no_growth)
KiB = 1024


def clip():
    """120 s, four sines at half scale, a 1 s GOP so seeks land nearby."""
    args = ['-f', 'lavfi', '-i', 'testsrc2=size=160x90:rate=25:duration=120']
    for f in FREQS:
        args += ['-f', 'lavfi', '-i',
                 'sine=frequency=%d:sample_rate=48000:duration=120' % f]
    return ffmpeg('endurance.mkv', args + [
        '-map', '0:v', '-map', '1:a', '-map', '2:a', '-map', '3:a',
        '-map', '4:a', '-c:v', 'libx264', '-preset', 'ultrafast', '-g', '25',
        '-pix_fmt', 'yuv420p', '-c:a', 'libopus', '-b:a', '64k',
        '-disposition:v:0', 'default', '-disposition:a:0', 'default',
        '-disposition:a:1', '0', '-disposition:a:2', '0',
        '-disposition:a:3', '0'])


class Run:
    """tplay under sh in tmux: its pid, exit status, stderr and tty modes
    are kept in files; its sound goes through a Pacer; it is traced."""

    def __init__(self, name, f, width=80, height=24):
        self.name = name
        self.pacer = Pacer(path(name + '.fifo'), FREQS)
        self.files = {k: path('%s.%s' % (name, k)) for k in
                      ('trace', 'pid', 'status', 'stderr', 'before',
                       'after')}
        for p in self.files.values():
            if os.path.exists(p):
                os.unlink(p)
        self.t = Tmux(name, width, height)
        env = dict(ENV, TPLAY_TRACE=self.files['trace'])
        # ASan's quarantine holds freed memory back on purpose: keep it
        # small, so the resident size shows what tplay really holds.
        env['ASAN_OPTIONS'] = (os.environ.get('ASAN_OPTIONS', '') +
                               ':quarantine_size_mb=1')
        args = [TPLAY, '--no-config'] + self.pacer.mpv_opts() + [f]
        inner = ('stty -g > %s; echo $$ > %s; exec %s 2> %s' % (
            self.files['before'], self.files['pid'],
            ' '.join(shlex.quote(a) for a in args), self.files['stderr']))
        self.t.start('sh -c %s; echo $? > %s; stty -g > %s; sleep 60' % (
            shlex.quote(inner), self.files['status'], self.files['after']),
            env=env)

    def pid(self):
        self.t.wait_for(lambda _: os.path.exists(self.files['pid']) and
                        open(self.files['pid']).read().endswith('\n'), 'pid')
        return int(open(self.files['pid']).read())

    def trace(self, word):
        if not os.path.exists(self.files['trace']):
            return []
        out = []
        for line in open(self.files['trace']):
            w = line.split()
            if w[1:2] == [word]:
                out.append(w)
        return out

    def wait_traced(self, word, n, timeout=60):
        """Until the trace holds n lines of word (every key handled)."""
        deadline = time.monotonic() + timeout
        got = []
        while time.monotonic() < deadline:
            got = self.trace(word)
            if len(got) >= n:
                return got
            time.sleep(0.05)
        raise AssertionError('%d %s lines traced, want %d' % (len(got), word,
                                                              n))

    def marks(self):
        return ''.join('x' if l.startswith('[x]') else '-'
                       for l in self.t.screen().splitlines()
                       if l.startswith(('[x]', '[ ]')))

    def close(self):
        """Stop; keep what was heard next to the trace (NAME.heard, one
        stretch a line) for a failure's post-mortem."""
        self.t.kill()
        self.pacer.close()
        with open(path(self.name + '.heard'), 'w') as f:
            for when, present, peak in self.pacer.heard:
                f.write('%.6f %s %.3f\n' % (when, ','.join(
                    str(x) for x in sorted(present)) or '-', peak))


def memory(pid):
    """kB figures of pid from /proc: RssAnon (its heap, arenas and thread
    stacks touched: what a leak grows) and VmRSS."""
    got = {}
    for line in open('/proc/%d/status' % pid):
        k, _, v = line.partition(':')
        if k in ('RssAnon', 'VmRSS'):
            got[k] = int(v.split()[0])
    return got


def sanitized(pid):
    """Whether pid runs with AddressSanitizer."""
    return 'libasan' in open('/proc/%d/maps' % pid).read()


def batch_keys(i, nseeks=SEEKS):
    """One batch: TOGGLES digit keys and nseeks seek keys, interleaved so
    toggles land before, during and after libmpv's graph rebuilds.  Every
    track is toggled an even number of times: a batch leaves the mix as it
    found it."""
    half = [str(1 + (k * 3 + i) % 4) for k in range(TOGGLES // 2)]
    toggles = half + half[::-1]  # each key twice: an even count per track
    # Seeks that stay inside the clip on the whole: forward, back, home.
    seek_cycle = ['Right', 'Right', 'Left', 'Up', 'Down', 'Left',
                  'Right', 'Home']
    seeks = [seek_cycle[k % len(seek_cycle)] for k in range(nseeks)]
    keys, si = [], 0
    step = max(1, TOGGLES // nseeks)
    for k, t in enumerate(toggles):
        keys.append(t)
        if k % step == step - 1 and si < len(seeks):
            keys.append(seeks[si])
            si += 1
    keys += seeks[si:]
    return keys


def send(t, keys, chunk=64):
    for i in range(0, len(keys), chunk):
        t.keys(*keys[i:i + chunk])


def heard_reads(pacer, when):
    """Stretches the pacer had read by monotonic time `when`."""
    with pacer.lock:
        return sum(1 for h in pacer.heard if h[0] <= when)


def no_growth(samples):
    """The rule for "no growth in memory", on RssAnon after each batch
    (never on time: the same keys make the same batch on any machine).
    What libmpv keeps fills up and then stays, a plateau: measured on this
    clip, seeks alone add ~42 kB per 64 seeks over the first ~1000 (inside
    libmpv and FFmpeg: the same with libmpv's cache off, and LeakSanitizer
    finds nothing at exit) and nothing over the next 1900; glibc's heap
    grows in one-off steps of up to ~800 kB as that fills.  Hence the
    warm-up batch of WARM_SEEKS seeks.  A leak grows with every batch, a
    slope.  So the second half of the run may not rise more than the slack
    above the highest sample of the first half: 1 MiB, which catches a leak
    of ~170 kB a batch (~500 bytes a key) over 12 batches.  Smaller leaks
    of unreachable memory are LeakSanitizer's (the build/san run).
    Returns a message, or None."""
    half = len(samples) // 2
    first, second = samples[:half + 1], samples[half:]
    slack = 1024  # kB
    if max(second) > max(first) + slack:
        return ('RssAnon grew %d kB over the second half (max %d kB, first '
                'half max %d kB): %s' % (second[-1] - first[-1], max(second),
                                         max(first), samples))
    return None


def test_thousands_of_toggles_and_seeks():
    started = time.monotonic()
    r = Run('endure', clip())
    try:
        r.t.wait_for(lambda s: 'playing' in s, 'playing')
        r.pacer.wait_heard({FREQS[0]})
        pid = r.pid()
        samples, toggles, seeks = [], 0, 0
        for b in range(BATCHES + 1):
            keys = batch_keys(b, WARM_SEEKS if b == 0 else SEEKS)
            send(r.t, keys)
            toggles += sum(k.isdigit() for k in keys)
            seeks += sum(not k.isdigit() for k in keys)
            r.wait_traced('toggle', toggles)
            r.wait_traced('seek', seeks)
            # The mix is back to track 1 alone after every batch (even
            # toggles per track), and it is heard so: the seeks' rebuilt
            # graphs and the toggles in flight all settled on it.  (The
            # last key is traced before its row is drawn: wait for that.)
            r.t.wait_for(lambda _: r.marks() == 'x---',
                         'marks x--- after batch %d' % b)
            r.pacer.wait_heard({FREQS[0]})
            m = memory(pid)
            print('   batch %d: %d toggles, %d seeks: RssAnon %d kB, VmRSS '
                  '%d kB' % (b, toggles, seeks, m['RssAnon'], m['VmRSS']),
                  flush=True)
            if b > 0:  # batch 0 is the warm-up
                samples.append(m['RssAnon'])
        check(toggles >= 2000 and seeks >= 500, 'the storm is big enough')
        # Under ASan the allocator's own caches and quarantine swing by
        # megabytes: there LeakSanitizer's report at exit is the check.
        if not sanitized(pid):
            problem = no_growth(samples)
            check(problem is None, problem)

        # No desync, after the storm: toggles alone, with no seek among
        # them, never restart playback, and the position moves exactly as
        # much as the sound that was heard: the audio is the clock, so
        # any dropped, doubled or jumped stretch shows as a difference.
        # After a seek libmpv's ao=pcm stops writing for about 1.2 s while
        # it resyncs with the picture (mpv itself does the same with
        # vo=null into a paced FIFO): measure once two seconds of pictures
        # have been drawn after the last restart and a second of sound has
        # been heard without a break.
        last = float(r.trace('restart')[-1][0])
        deadline = time.monotonic() + 30
        while (len([f for f in r.trace('frame') if float(f[0]) > last]) < 50
               and time.monotonic() < deadline):
            time.sleep(0.1)
        r.pacer.wait_heard({FREQS[0]}, stable=100)
        restarts = len(r.trace('restart'))
        base = len(r.trace('toggle'))
        for k in range(4):
            r.t.keys(*[str(1 + (j + k) % 4) for j in range(40)])
            r.wait_traced('toggle', base + 40 * (k + 1))
            time.sleep(0.5)  # let the sound play on between the bursts
        calm = r.trace('toggle')[base:]
        eq(len(r.trace('restart')), restarts, 'restarts during toggles')
        pos = [float(l[-1].split('=')[1]) for l in calm]
        check(all(b >= a for a, b in zip(pos, pos[1:])),
              'position went back during toggles: %s' % pos)
        t0, t1 = float(calm[0][0]), float(calm[-1][0])
        heard = (heard_reads(r.pacer, t1) - heard_reads(r.pacer, t0)) * 0.01
        moved = pos[-1] - pos[0]
        print('   calm toggles: position moved %.3f s, sound heard %.3f s'
              % (moved, heard), flush=True)
        # The position is the last frame's (40 ms apart) and the sound is
        # counted in 10 ms stretches: a frame and a stretch at each end.
        check(abs(moved - heard) <= 2 * (0.04 + 0.01),
              'position moved %.3f s while %.3f s of sound was heard'
              % (moved, heard))

        # The final state: tracks 2 and 4, and nothing else, is heard.
        r.t.keys('1', '2', '4')
        r.t.wait_for(lambda _: r.marks() == '-x-x', 'marks -x-x')
        want = frozenset({FREQS[1], FREQS[3]})
        since = r.pacer.wait_heard(want)
        deadline = time.monotonic() + 30
        while len(r.pacer.since(since)) < 150 and time.monotonic() < deadline:
            time.sleep(0.05)
        after = [sorted(p) for _, p, _ in r.pacer.since(since)]
        check(len(after) >= 150, 'a second and a half heard')
        wrong = [p for p in after if frozenset(p) != want]
        check(not wrong, 'heard other than tracks 2 and 4: %s' % wrong[:10])

        r.t.keys('q')
        # stty writes its one line after the file is created: wait for it
        r.t.wait_for(lambda _: os.path.exists(r.files['after']) and
                     open(r.files['after']).read().endswith('\n'), 'exit')
        eq(open(r.files['status']).read().strip(), '0',
           'exit status (stderr: %s)' % open(r.files['stderr']).read())
        eq(open(r.files['after']).read(), open(r.files['before']).read(),
           'tty modes after exit')
        # libmpv never dropped an event: a thousand seek keys once filled
        # its event queue with reserved replies, it dropped the
        # PLAYBACK_RESTART of the last seek, and the mixer, never told
        # the graph was rebuilt, left the wrong tracks playing.
        log = os.path.join(r.t.state, 'tplay',
                           'tplay.log')
        text = open(log, errors='replace').read() if os.path.exists(log) \
            else ''
        check('Too many events queued' not in text,
              "libmpv's event queue overflowed:\n" + text[-2000:])
        print('   %d toggles, %d seeks in %.1f s' % (
            len(r.trace('toggle')), len(r.trace('seek')),
            time.monotonic() - started), flush=True)
    finally:
        r.close()


if __name__ == '__main__':
    run_tests(globals())
