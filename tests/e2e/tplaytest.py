"""tplaytest - the small harness behind tplay's end-to-end tests.

Each test is a function named test_*; run_tests() runs them in order,
prints one line per test and a closing "N passed, M failed" line, and
exits non-zero on any failure.  Media is generated with ffmpeg (and
mkvmerge where only it can write a field) into a fresh folder per run.

With TPLAY_VALGRIND=1, TPLAY is tests/valgrind/memcheck.sh: every run of tplay
is under valgrind memcheck (on TPLAY_BUILD's plain binary), time limits
stretch by SLOW, and each test also fails when a log of a tplay it ran
shows an error or a leak that tests/valgrind.supp does not cover.
"""
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import traceback

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
BUILD = os.environ.get('TPLAY_BUILD', os.path.join(ROOT, 'build'))
TPLAY = os.path.join(BUILD, 'tplay')
WORK = tempfile.mkdtemp(prefix='tplay-e2e-')

VALGRIND = os.environ.get('TPLAY_VALGRIND', '') not in ('', '0')
# How much longer everything takes: the factor every time limit in the
# tests is multiplied by (valgrind runs tplay some 10-50 times slower).
SLOW = float(os.environ.get('TPLAY_SLOW', '8' if VALGRIND else '1'))
VALGRIND_LOGS = os.path.join(WORK, 'valgrind')
if VALGRIND:
    # tmux servers and shells the tests start inherit these.
    os.environ['TPLAY_VALGRIND_BIN'] = os.path.abspath(TPLAY)
    os.environ['TPLAY_VALGRIND_LOGS'] = VALGRIND_LOGS
    TPLAY = os.path.join(ROOT, 'tests', 'valgrind', 'memcheck.sh')

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


def slow(seconds):
    """A time limit, stretched when tplay runs under valgrind."""
    return seconds * SLOW


def tplay(*args, timeout=60):
    return run([TPLAY] + list(args), timeout=slow(timeout))


def not_under_valgrind(why):
    """Mark a test that cannot run under valgrind, and say why: run_tests
    skips it there (and says so) instead of counting it passed."""
    def mark(fn):
        fn.not_under_valgrind = why
        return fn
    return mark


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


def status_time(screen):
    """The position the status line shows, in whole seconds, or -1."""
    m = re.search(r'(?:playing|paused|ended) +(\d+):(\d+)', screen)
    return int(m.group(1)) * 60 + int(m.group(2)) if m else -1


def marks(screen):
    """The track list's enabled marks, a character a row: "x-x"."""
    return ''.join('x' if l.startswith('[x]') else '-'
                   for l in screen.splitlines() if l.startswith(('[x]', '[ ]')))


def check(cond, msg):
    if not cond:
        raise AssertionError(msg)


def eq(got, want, what):
    if got != want:
        raise AssertionError('%s: got %r, want %r' % (what, got, want))


def valgrind_logs():
    if not os.path.isdir(VALGRIND_LOGS):
        return set()
    return {os.path.join(VALGRIND_LOGS, f) for f in os.listdir(VALGRIND_LOGS)}


# Lines of a valgrind log that are neither an error nor part of one.
VALGRIND_INFO = ('Memcheck,', 'Copyright', 'Using Valgrind', 'Parent PID',
                 'HEAP SUMMARY', 'LEAK SUMMARY', 'Reachable blocks',
                 'To see them', 'For lists', 'For counts', 'Rerun with',
                 'Use --track-origins')


def valgrind_rank(record):
    """Errors (bad reads and writes, uninitialised values, a crash) first,
    then definite, indirect and possible leaks, valgrind's warnings last."""
    for n, words in enumerate(('are definitely lost', 'are indirectly lost',
                               'are possibly lost', 'Warning:'), 1):
        if words in record[0]:
            return n
    return 0


def valgrind_excerpt(text, limit=400):
    """A log cut down to what to read: the command, each error or leak
    with the suppression valgrind offers for it (should it turn out to be
    a library's own), the worst first, and the summary."""
    command, summary, records, current = [], [], [], None
    for line in text.splitlines():
        body = re.sub(r'^==\d+== ?', '', line)
        prefixed, starts = body != line, body[:1].strip() != ''
        if prefixed and body.startswith('Command:'):
            command.append(body)
            current = None
        elif prefixed and re.match(r' *(definitely|indirectly|possibly) '
                                   r'lost:|ERROR SUMMARY', body):
            summary.append(body.strip())
            current = None
        elif prefixed and starts:
            current = None if body.startswith(VALGRIND_INFO) else [body]
            if current:
                records.append(current)
        elif current is not None and body:
            current.append(body)      # its stack, then its suppression
    records.sort(key=valgrind_rank)
    lines = [line for r in records for line in r + ['']]
    if len(lines) > limit:
        lines = lines[:limit] + ['... (%d more lines in the log)'
                                 % (len(lines) - limit)]
    return '\n'.join(command + lines + summary)


def valgrind_problems(logs, timeout=60):
    """The valgrind logs among logs that show a problem, each as a text to
    print.  A log is complete once it holds valgrind's ERROR SUMMARY, which
    it writes after the leak check, however tplay ended (q, a signal it
    handles, a crash); wait for that, so that a tplay a test left to be
    killed with its tmux server is checked too."""
    problems = []
    deadline = time.monotonic() + slow(timeout)
    for log in sorted(logs):
        text = ''
        while True:
            with open(log, errors='replace') as f:
                text = f.read()
            if 'ERROR SUMMARY:' in text or time.monotonic() > deadline:
                break
            time.sleep(0.1)
        m = re.search(r'ERROR SUMMARY: (\d+) errors', text)
        crash = re.search(r'Process terminating with default action of '
                          r'signal \d+ \(SIG(SEGV|BUS|ILL|FPE|ABRT)\)', text)
        if m and m.group(1) == '0' and not crash:
            continue
        why = ('incomplete: tplay never finished (still running, or killed '
               'with SIGKILL)' if not m else
               'tplay crashed' if crash else '%s errors' % m.group(1))
        problems.append('valgrind: %s: %s\n%s' % (log, why,
                                                  valgrind_excerpt(text)))
    return problems


def own_state(name):
    """A state folder of the test's own (XDG_STATE_HOME: the log and the
    positions kept, man tplay, Coming back): a clip an earlier test quit
    would otherwise resume where that one left it, and a tplay of an
    earlier test still on its way out (tmux's kill-server sends SIGHUP;
    tplay keeps the position) cannot write into this one's."""
    os.environ['XDG_STATE_HOME'] = os.path.join(WORK, 'state-' + name)
    os.makedirs(os.environ['XDG_STATE_HOME'], exist_ok=True)


def run_tests(module_globals):
    tests = [(n, f) for n, f in module_globals.items()
             if n.startswith('test_') and callable(f)]
    only = os.environ.get('TPLAY_TEST')
    passed = failed = 0
    checked = set()
    for name, fn in tests:
        if only and only not in name:
            continue
        why = getattr(fn, 'not_under_valgrind', None)
        if VALGRIND and why:
            print('skip %s (not under valgrind: %s)' % (name, why), flush=True)
            continue
        before = valgrind_logs()
        start = time.monotonic()
        error = None
        own_state(name)
        try:
            fn()
        except Exception:  # report every failure, go on with the rest
            error = traceback.format_exc()
        # The logs of the tplays this test ran; even one whose test failed
        # (it may have failed because of what valgrind saw).
        logs = valgrind_logs() - before
        checked |= logs
        problems = valgrind_problems(logs)
        # Under valgrind, the time each test took: the pass has a budget.
        took = ' (%.0f s)' % (time.monotonic() - start) if VALGRIND else ''
        if error is None and not problems:
            print('ok   %s%s' % (name, took), flush=True)
            passed += 1
        else:
            print('FAIL %s%s' % (name, took), flush=True)
            print('\n'.join(([error] if error else []) + problems), flush=True)
            failed += 1
    # A log that appeared after its test had ended (a tplay that outlived
    # it) still counts.
    problems = valgrind_problems(valgrind_logs() - checked)
    if problems:
        print('FAIL valgrind logs of no test\n%s' % '\n'.join(problems))
        failed += 1
    if failed == 0 and not os.environ.get('TPLAY_KEEP'):
        shutil.rmtree(WORK, ignore_errors=True)
    else:
        print('media kept in %s' % WORK)
    print('%d passed, %d failed' % (passed, failed))
    sys.exit(1 if failed else 0)
