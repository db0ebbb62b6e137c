#!/usr/bin/env python3
"""End to end: a signal that kills tplay (SIGABRT from an assert in
libmpv, SIGSEGV, SIGQUIT, SIGUSR1, ...) still leaves the terminal as the
shell had it (normal screen, cursor shown, cooked modes) and removes the
mixer's private folder, and tplay dies by that very signal (status
128+N).  A private folder a dead tplay left behind is removed at the next
start; a live one's is kept."""
import ctypes
import os
import shlex
import signal
import subprocess
import time

from tmux import Tmux
from tplaytest import (TPLAY, check, eq, ffmpeg, path, run_tests, sines,
                       slow)

ENV = {'TERM': 'tmux-256color', 'LANG': 'C.UTF-8', 'LC_ALL': 'C.UTF-8'}

# Every signal whose default action ends the process and that tplay does
# not turn into a clean quit (SIGINT, SIGTERM, SIGHUP) or ignore (SIGPIPE).
CRASH_SIGNALS = ['SIGQUIT', 'SIGABRT', 'SIGSEGV', 'SIGBUS', 'SIGFPE',
                 'SIGILL', 'SIGUSR1', 'SIGUSR2', 'SIGALRM', 'SIGXCPU',
                 'SIGXFSZ', 'SIGSYS', 'SIGTRAP', 'SIGVTALRM', 'SIGPROF',
                 'SIGIO', 'SIGSTKFLT']


def clip():
    return ffmpeg('crash.mkv', sines([440, 660], duration=30) +
                  ['-c:a', 'libopus'])


def private_folders(runtime):
    return sorted(n for n in os.listdir(runtime) if n.startswith('tplay-'))


class Crash:
    """tplay on clip() in tmux under sh; after it: its status, and the
    tty's modes (`stty -a`) read by the same shell."""

    def __init__(self, name, runtime=None, env=None):
        self.name = name
        self.runtime = runtime
        if runtime is None:
            self.runtime = path(name + '.run')
            os.makedirs(self.runtime, exist_ok=True)
        self.files = {k: path('%s.%s' % (name, k))
                      for k in ('pid', 'status', 'stty')}
        for p in self.files.values():
            if os.path.exists(p):
                os.unlink(p)
        self.t = Tmux(name, 100, 30)
        inner = 'echo $$ > %s; exec %s --no-config --mpv-opt ao=null %s' % (
            self.files['pid'], shlex.quote(TPLAY), shlex.quote(clip()))
        # No core files: the status says how tplay died.  The status is
        # written last, so the modes are complete once it is.
        self.t.start('ulimit -c 0; sh -c %s; s=$?; stty -a > %s; '
                     'echo $s > %s; sleep 60'
                     % (shlex.quote(inner), self.files['stty'],
                        self.files['status']),
                     env=dict(ENV, XDG_RUNTIME_DIR=self.runtime,
                              **(env or {})))

    def up(self):
        """Wait for the screen and the private folder; return the pid."""
        self.t.wait_for(lambda s: 'Audio tracks (2)' in s and '? help' in s,
                        'the screen')
        eq(self.t.var('alternate_on'), '1', 'alternate screen while up')
        deadline = time.monotonic() + slow(15)
        while not private_folders(self.runtime):
            check(time.monotonic() < deadline, 'no private folder in %s'
                  % self.runtime)
            time.sleep(0.05)
        return int(open(self.files['pid']).read())

    def wait_file(self, what):
        f = self.files[what]
        deadline = time.monotonic() + slow(20)
        while not (os.path.exists(f) and open(f).read().endswith('\n')):
            check(time.monotonic() < deadline, '%s never written; screen:\n%s'
                  % (what, self.t.screen()))
            time.sleep(0.05)
        return open(f).read()

    def check_restored(self, signo):
        eq(self.wait_file('status').strip(), str(128 + signo), 'exit status')
        modes = open(self.files['stty']).read().split()
        for mode in ('icanon', 'echo', 'icrnl', 'opost', 'isig'):
            check(mode in modes, '%s off after the crash (modes off: %s)'
                  % (mode, ' '.join(m for m in modes if m[0] == '-')))
        eq(self.t.var('alternate_on'), '0', 'alternate screen left')
        eq(self.t.var('cursor_flag'), '1', 'cursor shown')
        eq(private_folders(self.runtime), [], 'private folders left')

    def close(self):
        self.t.kill()


def test_each_fatal_signal_restores_the_terminal_and_dies_by_it():
    failures = []
    for name in CRASH_SIGNALS:
        signo = getattr(signal, name, None)
        if signo is None:
            continue
        c = Crash('crash-' + name)
        try:
            pid = c.up()
            os.kill(pid, signo)
            c.check_restored(signo)
        except AssertionError as e:
            failures.append('%s: %s' % (name, e))
        finally:
            c.close()
    check(not failures, '\n'.join(failures))


# tgkill's system call number (Python can signal only its own threads).
SYS_TGKILL = {'x86_64': 234, 'aarch64': 131, 'i686': 270, 'armv7l': 268}


def tgkill(pid, tid, signo):
    """Send signo to thread tid of process pid, and to no other thread."""
    libc = ctypes.CDLL(None, use_errno=True)
    if libc.syscall(SYS_TGKILL[os.uname().machine], pid, tid, signo) != 0:
        raise OSError(ctypes.get_errno(), 'tgkill')


def test_an_abort_on_a_libmpv_thread_takes_the_same_path():
    # What an assert in libmpv's renderer does: SIGABRT raised on one of
    # libmpv's threads, not on tplay's main thread (which then has no
    # say: the handler runs on that thread, on that thread's stack).
    c = Crash('crash-thread')
    try:
        pid = c.up()
        # libmpv's video output thread: there from load to quit.
        threads = {}
        for tid in os.listdir('/proc/%d/task' % pid):
            try:
                with open('/proc/%d/task/%s/comm' % (pid, tid)) as f:
                    threads[f.read().strip()] = int(tid)
            except OSError:
                pass  # a worker that just ended
        check('mpv/vo' in threads, 'no libmpv vo thread: %r' % threads)
        tgkill(pid, threads['mpv/vo'], signal.SIGABRT)
        c.check_restored(signal.SIGABRT)
    finally:
        c.close()


def dead_pid():
    """The pid of a process that has exited (and been reaped)."""
    p = subprocess.Popen(['true'])
    p.wait()
    return p.pid


def test_stale_private_folders_of_dead_tplays_are_removed():
    runtime = path('stale.run')
    os.makedirs(runtime, exist_ok=True)
    uid, dead, live = os.getuid(), dead_pid(), os.getpid()

    def folder(name, files=('weights', 'mix.sock'), owner=None):
        d = os.path.join(runtime, name)
        os.makedirs(d, mode=0o700, exist_ok=True)
        for f in files:
            open(os.path.join(d, f), 'w').close()
        if owner is not None:
            os.chown(d, owner, owner)
        return name

    stale = folder('tplay-%d-%d-aB3xYz' % (uid, dead))
    kept = [
        folder('tplay-%d-%d-Qw12er' % (uid, live)),          # alive
        folder('tplay-%d-%d-Qw12e' % (uid, dead)),           # not our name
        folder('tplay-%d-%d-zzzzzz' % (uid + 1, dead)),      # not our uid
        folder('tplay-%d-%d-owner1' % (uid, dead), owner=uid + 4242),
        folder('tplay-%d-%d-extra1' % (uid, dead),           # not only ours
               files=('weights', 'notes.txt')),
    ]
    c = Crash('crash-stale', runtime)
    try:
        c.t.wait_for(lambda s: 'Audio tracks (2)' in s, 'the screen')
        deadline = time.monotonic() + slow(15)
        while stale in os.listdir(runtime):
            check(time.monotonic() < deadline, 'the stale folder stayed')
            time.sleep(0.05)
        names = os.listdir(runtime)
        for k in kept:
            check(k in names, '%s was removed' % k)
        pid = open(c.files['pid']).read().strip()
        mine = [n for n in names if n.startswith('tplay-%d-%s-' % (uid, pid))]
        eq(len(mine), 1, 'the running tplay\'s own folder: %r' % names)
        c.t.keys('q')
        eq(c.wait_file('status').strip(), '0', 'exit status')
    finally:
        c.close()


def test_mix_folder_falls_back_to_tmpdir():
    # Runtime folders that cannot take the private folder, even for root
    # (who ignores modes): a path under a regular file, and /proc, a
    # folder where nobody can create one.  The mix goes to $TMPDIR and
    # works: a toggle is confirmed by the graph over the socket there.
    blocker = path('fallback.file')
    open(blocker, 'w').close()
    failures = []
    for n, runtime in enumerate((os.path.join(blocker, 'run'), '/proc')):
        tmpdir = path('fallback%d.tmp' % n)
        os.makedirs(tmpdir, exist_ok=True)
        trace = path('fallback%d.trace' % n)
        c = Crash('crash-fallback%d' % n, runtime,
                  {'TMPDIR': tmpdir, 'TPLAY_TRACE': trace,
                   'XDG_STATE_HOME': path('fallback%d.state' % n)})
        c.runtime = tmpdir  # where up() and the checks look
        try:
            c.up()
            c.t.keys('2')
            deadline = time.monotonic() + slow(15)
            while not (os.path.exists(trace) and
                       'applied weights=1 1' in open(trace).read()):
                check(time.monotonic() < deadline, 'the toggle was never '
                      'applied; screen:\n' + c.t.screen())
                time.sleep(0.05)
            check('cannot' not in c.t.screen(), 'a "cannot" message:\n'
                  + c.t.screen())
            c.t.keys('q')
            eq(c.wait_file('status').strip(), '0', 'exit status')
            eq(private_folders(tmpdir), [], 'private folders left')
        except AssertionError as e:
            failures.append('XDG_RUNTIME_DIR=%s: %s' % (runtime, e))
        finally:
            c.close()
    check(not failures, '\n'.join(failures))


if __name__ == '__main__':
    run_tests(globals())
