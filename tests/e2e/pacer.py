"""A sound card for tests: libmpv's ao=pcm writes into a FIFO that this
reads at 48 kHz real-time pace, so what tplay plays is heard "live", each
10 ms stretch with the time it was heard and the sines present in it."""
import array
import fcntl
import math
import os
import threading
import time

from tplaytest import slow

RATE = 48000
CHUNK = 480                  # frames per stretch: 10 ms
F_SETPIPE_SZ = 1031          # Linux: a small pipe is a small device buffer


HANN = [0.5 - 0.5 * math.cos(2 * math.pi * i / CHUNK) for i in range(CHUNK)]


def amplitudes(samples, freqs):
    """Goertzel amplitude of each frequency (a sine of amplitude A reads A),
    over a Hann window so a loud track does not leak into its neighbours'
    bins (use frequencies a few multiples of 100 Hz apart)."""
    out = []
    x = [v * w for v, w in zip(samples, HANN)]
    for f in freqs:
        c = 2 * math.cos(2 * math.pi * f / RATE)
        s1 = s2 = 0.0
        for v in x:
            s1, s2 = v + c * s1 - s2, s1
        out.append(2 * math.sqrt(max(0.0, s1 * s1 + s2 * s2 - c * s1 * s2))
                   / (len(x) / 2))
    return out


class Pacer:
    """Read float32 stereo from a FIFO at real-time pace in a thread."""

    def __init__(self, fifo, freqs, threshold=0.02):
        self.fifo, self.freqs, self.threshold = fifo, list(freqs), threshold
        if os.path.exists(fifo):
            os.unlink(fifo)
        os.mkfifo(fifo)
        self.heard = []          # (monotonic time, frozenset of freqs, peak)
        self.levels = []         # (monotonic time, amplitude of each freq)
        self.lock = threading.Lock()
        self.closed = False
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def mpv_opts(self):
        return ['--mpv-opt', 'ao=pcm', '--mpv-opt', 'ao-pcm-file=%s' % self.fifo,
                '--mpv-opt', 'ao-pcm-waveheader=no',
                '--mpv-opt', 'audio-format=float',
                '--mpv-opt', 'audio-channels=stereo',
                '--mpv-opt', 'audio-samplerate=48000']

    def _run(self):
        size = CHUNK * 8
        while True:
            try:
                fd = os.open(self.fifo, os.O_RDONLY)  # waits for the writer
            except OSError:
                return                            # the test's files are gone
            try:
                fcntl.fcntl(fd, F_SETPIPE_SZ, 4096)
            except OSError:
                pass
            t0, got, buf = None, 0, b''
            while True:
                d = os.read(fd, size)
                # Heard when read: the time the analysis below takes (more
                # on a busy machine) is not the sound's.
                now = time.monotonic()
                if not d:
                    break                         # the writer closed
                if self.closed:
                    continue                      # drained, not heard
                if t0 is None:
                    t0 = now
                buf += d
                while len(buf) >= size:
                    c, buf = buf[:size], buf[size:]
                    a = array.array('f')
                    a.frombytes(c)
                    left = a[0::2]
                    amp = amplitudes(left, self.freqs)
                    present = frozenset(f for f, x in zip(self.freqs, amp)
                                        if x > self.threshold)
                    peak = max(abs(x) for x in a)
                    got += CHUNK
                    with self.lock:
                        self.heard.append((now, present, peak))
                        self.levels.append((now, amp))
                    lag = t0 + got / RATE - time.monotonic()
                    if lag > 0:
                        time.sleep(lag)
            os.close(fd)

    def since(self, t):
        with self.lock:
            return [h for h in self.heard if h[0] >= t]

    def levels_since(self, t):
        """(time, amplitude of each freq) of the stretches heard from t."""
        with self.lock:
            return [h for h in self.levels if h[0] >= t]

    def wait_stretches(self, t, n, timeout=10):
        """Wait until n stretches have been heard from time t on; return
        them (however long the pacer took to hear them)."""
        deadline = time.monotonic() + slow(timeout)
        while True:
            got = self.since(t)
            if len(got) >= n:
                return got[:n]
            if time.monotonic() > deadline:
                raise AssertionError('only %d stretches heard in %.0f s, '
                                     'want %d' % (len(got), slow(timeout), n))
            time.sleep(0.02)

    def wait_heard(self, want, timeout=10, stable=5):
        """Wait until `stable` stretches in a row hold exactly the freqs in
        want; return the time the first of them was heard."""
        want = frozenset(want)
        deadline = time.monotonic() + slow(timeout)
        start = time.monotonic()
        while time.monotonic() < deadline:
            run = 0
            for t, present, _ in self.since(start):
                run = run + 1 if present == want else 0
                if run >= stable:
                    return t
            time.sleep(0.02)
        last = [sorted(p) for _, p, _ in self.since(start)[-10:]]
        raise AssertionError('never heard %s alone; last stretches: %s'
                             % (sorted(want), last))

    def close(self):
        """Stop listening.  The FIFO is still read, as fast as it comes,
        for as long as this process lives: a tplay that is still on its
        way out (slowly, under valgrind) would otherwise block for ever
        in libmpv's audio output, writing to it or opening it again."""
        self.closed = True
