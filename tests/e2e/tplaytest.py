"""tplaytest - the small harness behind tplay's end-to-end tests.

Each test is a function named test_*; run_tests() runs them in order,
prints one line per test and a closing "N passed, M failed" line, and
exits non-zero on any failure.  Media is generated with ffmpeg (and
mkvmerge where only it can write a field) into a fresh folder per run.
"""
import os
import shutil
import subprocess
import sys
import tempfile
import traceback

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
BUILD = os.environ.get('TPLAY_BUILD', os.path.join(ROOT, 'build'))
TPLAY = os.path.join(BUILD, 'tplay')
WORK = tempfile.mkdtemp(prefix='tplay-e2e-')

# Never the developer's own config or log: every test starts from empty
# XDG folders (a test that wants a config writes one there).
for var in ('XDG_CONFIG_HOME', 'XDG_CONFIG_DIRS', 'XDG_STATE_HOME'):
    os.environ[var] = os.path.join(WORK, var.lower())
    os.makedirs(os.environ[var], exist_ok=True)


def run(args, **kw):
    """Run a command; return CompletedProcess with bytes output."""
    kw.setdefault('capture_output', True)
    kw.setdefault('timeout', 60)
    return subprocess.run(args, **kw)


def tplay(*args, timeout=60):
    return run([TPLAY] + list(args), timeout=timeout)


def path(name):
    return os.path.join(WORK, name)


def ffmpeg(out, args):
    """Generate out (in WORK) with ffmpeg, unless it exists."""
    target = path(out)
    if not os.path.exists(target):
        r = run(['ffmpeg', '-nostdin', '-v', 'error', '-y'] + args + [target])
        if r.returncode != 0:
            raise RuntimeError('ffmpeg failed for %s: %s' % (out, r.stderr.decode()))
    return target


def sines(freqs, duration=2, video=True, size='160x90', gop=25):
    """ffmpeg input args: an optional testsrc2 video and one sine per track;
    and the -map args that put them in that order."""
    args, maps = [], []
    if video:
        args += ['-f', 'lavfi', '-i',
                 'testsrc2=size=%s:rate=25:duration=%s' % (size, duration)]
        maps += ['-map', '0:v']
    base = 1 if video else 0
    for i, f in enumerate(freqs):
        args += ['-f', 'lavfi', '-i',
                 'sine=frequency=%d:sample_rate=48000:duration=%s' % (f, duration)]
        maps += ['-map', '%d:a' % (base + i)]
    if video:
        maps += ['-c:v', 'libx264', '-preset', 'ultrafast', '-g', str(gop),
                 '-pix_fmt', 'yuv420p']
    return args + maps


def goertzel(samples, freq, rate=48000):
    """Amplitude of freq in samples (a sine of amplitude A reads A)."""
    import math
    w = 2 * math.pi * freq / rate
    c = 2 * math.cos(w)
    s1 = s2 = 0.0
    for v in samples:
        s1, s2 = v + c * s1 - s2, s1
    return 2 * math.sqrt(max(0.0, s1 * s1 + s2 * s2 - c * s1 * s2)) / len(samples)


def pcm_left(f, start=0.5, seconds=0.5, rate=48000):
    """The left channel of a raw float32 stereo file, from start for seconds."""
    import array
    a = array.array('f')
    with open(f, 'rb') as src:
        a.frombytes(src.read())
    left = a[0::2]
    return left[int(start * rate):int((start + seconds) * rate)]


def heard(f, freqs, start=0.5, seconds=0.5, threshold=0.02):
    """Which of freqs are audible in the PCM output file f."""
    x = pcm_left(f, start, seconds)
    if len(x) < seconds * 48000 * 0.9:
        raise AssertionError('only %d samples of output in %s' % (len(x), f))
    return [fr for fr in freqs if goertzel(x, fr) > threshold]


# libmpv options that make "what would be heard" a file: float32 stereo
# 48 kHz, no header (testing notes: not paced, so use it for what, not when).
def pcm_opts(out):
    return ['--mpv-opt', 'ao=pcm', '--mpv-opt', 'ao-pcm-file=%s' % out,
            '--mpv-opt', 'ao-pcm-waveheader=no',
            '--mpv-opt', 'audio-format=float',
            '--mpv-opt', 'audio-channels=stereo',
            '--mpv-opt', 'audio-samplerate=48000']


def check(cond, msg):
    if not cond:
        raise AssertionError(msg)


def eq(got, want, what):
    if got != want:
        raise AssertionError('%s: got %r, want %r' % (what, got, want))


def run_tests(module_globals):
    tests = [(n, f) for n, f in module_globals.items()
             if n.startswith('test_') and callable(f)]
    only = os.environ.get('TPLAY_TEST')
    passed = failed = 0
    for name, fn in tests:
        if only and only not in name:
            continue
        try:
            fn()
            print('ok   %s' % name, flush=True)
            passed += 1
        except Exception:  # report every failure, go on with the rest
            print('FAIL %s' % name, flush=True)
            traceback.print_exc(file=sys.stdout)
            failed += 1
    if failed == 0 and not os.environ.get('TPLAY_KEEP'):
        shutil.rmtree(WORK, ignore_errors=True)
    else:
        print('media kept in %s' % WORK)
    print('%d passed, %d failed' % (passed, failed))
    sys.exit(1 if failed else 0)
